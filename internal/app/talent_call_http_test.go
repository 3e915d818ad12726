package app_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/talent"
)

// A call closed on 2023-05-31 (the demo's; the clock reads 2023-12-18)
// takes no new application from the zone's staff, however the application
// is dated, and its closing day moves only for the zone's admin, who may
// also enter a late application dated within the window. A call's quota
// bounds the applicants granted, and cannot drop below them.
func TestTalentCallWindowAndQuota(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			staff, admin := env.Login("weifang-staff"), env.Login("weifang-admin")
			var progs struct{ Items []struct{ ID int64 } }
			env.Do(staff, "GET", "/api/v1/zones/weifang/talent-programmes", nil).JSON(t, &progs)
			type callOut struct {
				ID       int64
				ClosesOn string `json:"closes_on"`
				Quota    int
				Version  int
			}
			var calls struct{ Items []callOut }
			env.Do(staff, "GET", fmt.Sprintf("/api/v1/talent-programmes/%d/calls", progs.Items[0].ID), nil).JSON(t, &calls)
			var closed callOut
			for _, c := range calls.Items {
				if c.ClosesOn == "2023-05-31" {
					closed = c
				}
			}
			if closed.ID == 0 || closed.Version != 1 {
				t.Fatalf("no closed demo call: %+v", calls.Items)
			}
			emp := env.IDs.USCC["潍坊示例设计有限公司（示例）"]
			n := 0
			body := func(applied string) map[string]any {
				n++
				return map[string]any{"name": "补录申报人（示例）", "id_number": talent.MakeID(fmt.Sprintf("37070519900101%03d", n)), "tier": "a",
					"enterprise": emp, "applied_on": applied}
			}
			path := fmt.Sprintf("/api/v1/talent-calls/%d/applicants", closed.ID)
			wantFields(t, env.Do(staff, "POST", path, body("2023-05-20")), "applied_on")
			var e apiError
			env.Do(staff, "POST", path, body("2023-05-20")).JSON(t, &e)
			if want := "本批次申报已于2023-05-31截止"; len(e.Error.Fields["applied_on"]) < len(want) || e.Error.Fields["applied_on"][:len(want)] != want {
				t.Errorf("message %q", e.Error.Fields["applied_on"])
			}
			if r := env.Do(admin, "POST", path, body("2023-05-20")); r.Status != http.StatusCreated {
				t.Fatalf("admin's late entry: %d %s", r.Status, r.Body)
			}
			wantFields(t, env.Do(admin, "POST", path, body("2023-12-18")), "applied_on") // still within the window only

			callPath := fmt.Sprintf("/api/v1/talent-calls/%d", closed.ID)
			wantFields(t, env.Do(staff, "PATCH", callPath, map[string]any{"version": 1, "closes_on": "2023-12-31"}), "closes_on")
			var c callOut
			if r := env.Do(staff, "PATCH", callPath, map[string]any{"version": 1, "title": "改名（示例）"}); r.Status != http.StatusOK {
				t.Fatalf("staff's change: %d %s", r.Status, r.Body)
			} else {
				r.JSON(t, &c)
			}
			if r := env.Do(admin, "PATCH", callPath, map[string]any{"version": 1, "closes_on": "2023-12-31"}); r.Status != http.StatusConflict {
				t.Fatalf("stale version: %d %s", r.Status, r.Body)
			}
			var granted int
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM talent_applicants WHERE call_id = ? AND status = 'granted'", closed.ID).Scan(&granted); err != nil {
				t.Fatal(err)
			}
			r := env.Do(admin, "PATCH", callPath, map[string]any{"version": c.Version, "closes_on": "2023-12-31", "quota": granted + 1})
			if r.Status != http.StatusOK {
				t.Fatalf("admin extends: %d %s", r.Status, r.Body)
			}
			r.JSON(t, &c)
			if c.ClosesOn != "2023-12-31" || c.Quota != granted+1 || c.Version != 3 {
				t.Fatalf("extended call %+v", c)
			}
			// Open again: the staff apply with today's date.
			var x1, x2 struct {
				ID      int64
				Version int
			}
			env.Do(staff, "POST", path, body("2023-12-18")).JSON(t, &x1)
			env.Do(staff, "POST", path, body("2023-12-18")).JSON(t, &x2)
			if x1.ID == 0 || x2.ID == 0 {
				t.Fatal("applications to the extended call refused")
			}
			grant := func(id int64, v int) apptest.Response {
				return env.Do(staff, "PATCH", fmt.Sprintf("/api/v1/talent-applicants/%d", id),
					map[string]any{"version": v, "status": "granted", "result": "通过", "support_fen": 100_000_00})
			}
			if r := grant(x1.ID, x1.Version); r.Status != http.StatusOK {
				t.Fatalf("grant: %d %s", r.Status, r.Body)
			}
			wantFields(t, grant(x2.ID, x2.Version), "status")
			wantFields(t, env.Do(admin, "PATCH", callPath, map[string]any{"version": c.Version, "quota": 0, "title": ""}), "title")
			if r := env.Do(admin, "PATCH", callPath, map[string]any{"version": c.Version, "quota": granted + 2}); r.Status != http.StatusOK {
				t.Fatalf("raise quota: %d %s", r.Status, r.Body)
			}
			if r := grant(x2.ID, x2.Version); r.Status != http.StatusOK {
				t.Fatalf("grant within the raised quota: %d %s", r.Status, r.Body)
			}
			wantFields(t, env.Do(admin, "PATCH", callPath, map[string]any{"version": c.Version + 1, "quota": granted + 1}), "quota")
			// Every change is in the audit trail.
			var audited int
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE entity = 'talent_call' AND action = 'update' AND entity_id = ?", closed.ID).Scan(&audited); err != nil {
				t.Fatal(err)
			}
			if audited != 3 {
				t.Errorf("%d audit records of the call's changes, want 3", audited)
			}
		})
	}
}
