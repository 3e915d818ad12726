package app_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
)

// investFigure reads one investment indicator of Qiqihar for 2023-12.
func investFigure(t *testing.T, env *apptest.Env, token, id string) int64 {
	t.Helper()
	r := env.Do(token, "GET", "/api/v1/indicators/"+id+"?zone=qiqihar&from=2023-12&to=2023-12", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", id, r.Status, r.Body)
	}
	var out struct{ Value int64 }
	r.JSON(t, &out)
	return out.Value
}

// A lead walks to 签约 through the API with the zone leadership's approval,
// registers its company with capital and gets funds; the indicators move.
// Bad input is refused whole, every bad field named, and nothing is stored.
func TestInvestAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			staff, admin := env.Login("qiqihar-staff"), env.Login("qiqihar-admin")
			count := func(table string) int {
				var n int
				if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			must := func(r apptest.Response, status int) apptest.Response {
				t.Helper()
				if r.Status != status {
					t.Fatalf("%d, want %d: %s", r.Status, status, r.Body)
				}
				return r
			}
			type errOut struct {
				Error struct {
					Code   string
					Fields map[string]string
				}
			}
			refused := func(r apptest.Response, status int, fields ...string) {
				t.Helper()
				must(r, status)
				var e errOut
				r.JSON(t, &e)
				for _, f := range fields {
					if e.Error.Fields[f] == "" {
						t.Errorf("no message for %s: %s", f, r.Body)
					}
				}
				if len(fields) > 0 && len(e.Error.Fields) != len(fields) {
					t.Errorf("fields %v, want exactly %v", e.Error.Fields, fields)
				}
			}

			// Every bad field of a new project at once; nothing stored.
			before := count("invest_projects")
			refused(env.Do(staff, "POST", "/api/v1/investment-projects", map[string]any{"name": "", "investor": "投资方", "origin": "abroad",
				"industry": "food", "mode": "industry", "planned_fen": 5_000_000_000_000_000, "investor_uscc": "12345"}),
				http.StatusUnprocessableEntity, "name", "origin", "planned_fen", "investor_uscc")
			if count("invest_projects") != before {
				t.Fatal("a refused project was stored")
			}

			r := must(env.Do(staff, "POST", "/api/v1/investment-projects", map[string]any{"name": "测试药膳项目", "investor": "北京测试投资有限公司",
				"origin": "out_province", "industry": "biomedicine", "mode": "industry", "planned_fen": 10_000_000_000, "on": "2023-10-09",
				"start_due": "2024-03-01"}), http.StatusCreated)
			var p struct {
				ID      int64
				Stage   string
				Version int
			}
			r.JSON(t, &p)
			path := fmt.Sprintf("/api/v1/investment-projects/%d", p.ID)
			advance := func(token, to, on, note string) apptest.Response {
				return env.Do(token, "POST", path+"/advance", map[string]any{"to": to, "on": on, "note": note})
			}
			// A skip, a date before the stage, registering before signing.
			refused(advance(staff, "intent", "2023-10-10", ""), http.StatusConflict)
			refused(advance(staff, "talks", "2023-10-01", ""), http.StatusUnprocessableEntity, "on")
			refused(env.Do(staff, "POST", path+"/registration", map[string]any{"uscc": demo.USCCFor("230200", 901), "on": "2023-10-10",
				"registered_fen": 100}), http.StatusConflict)
			for _, s := range []string{"talks", "inspection", "intent"} {
				must(advance(staff, s, "2023-11-01", ""), http.StatusOK)
			}
			signedBefore := investFigure(t, env, admin, "invest.signed")
			// Signing needs the zone leadership: staff may not, the admin approves with an opinion.
			refused(advance(staff, "signed", "2023-12-01", "同意"), http.StatusForbidden)
			refused(advance(admin, "signed", "2023-12-01", ""), http.StatusUnprocessableEntity, "note")
			var step struct {
				Step struct{ To, Approval, Note string }
			}
			must(advance(admin, "signed", "2023-12-01", "同意签约"), http.StatusOK).JSON(t, &step)
			if step.Step.Approval != "zone" || step.Step.Note != "同意签约" {
				t.Errorf("the approval: %+v", step.Step)
			}
			if got := investFigure(t, env, admin, "invest.signed"); got != signedBefore+1 {
				t.Errorf("signed in 2023-12: %d, want %d", got, signedBefore+1)
			}
			// Paid-in above registered; then a new company registered with its capital.
			code := demo.USCCFor("230200", 902)
			refused(env.Do(staff, "POST", path+"/registration", map[string]any{"uscc": code, "name": "测试药膳（齐齐哈尔）有限公司", "nature": "150",
				"industry": "C", "on": "2023-12-05", "registered_fen": 1_000_000_000, "paid_in_fen": 2_000_000_000}),
				http.StatusUnprocessableEntity, "paid_in_fen")
			ents := count("enterprises")
			regBefore := investFigure(t, env, admin, "invest.registered_capital")
			must(env.Do(staff, "POST", path+"/registration", map[string]any{"uscc": code, "name": "测试药膳（齐齐哈尔）有限公司", "nature": "150",
				"industry": "C", "on": "2023-12-05", "registered_fen": 3_000_000_000, "paid_in_fen": 1_000_000_000}), http.StatusOK)
			if count("enterprises") != ents+1 {
				t.Error("the registered company is not in the register")
			}
			if got := investFigure(t, env, admin, "invest.registered_capital"); got != regBefore+3_000_000_000 {
				t.Errorf("registered capital in 2023-12: %d, want %d", got, regBefore+3_000_000_000)
			}
			must(advance(staff, "registered", "2023-12-05", ""), http.StatusOK)
			// Funds above planned need a note.
			refused(env.Do(staff, "POST", path+"/arrivals", map[string]any{"on": "2023-12-10", "amount_fen": 20_000_000_000}),
				http.StatusUnprocessableEntity, "note")
			must(env.Do(staff, "POST", path+"/arrivals", map[string]any{"on": "2023-12-10", "amount_fen": 2_000_000_000}), http.StatusCreated)
			must(env.Do(staff, "POST", path+"/follow-ups", map[string]any{"on": "2023-12-11", "notes": "回访", "next_on": "2023-12-15"}), http.StatusCreated)
			var detail struct {
				Stage      string
				ArrivedFen int64 `json:"arrived_fen"`
				Overdue    bool
				Steps      []struct{ To string }
			}
			must(env.Do(admin, "GET", path, nil), http.StatusOK).JSON(t, &detail)
			if detail.Stage != "registered" || detail.ArrivedFen != 2_000_000_000 || len(detail.Steps) != 6 || !detail.Overdue {
				t.Errorf("the project: %+v", detail)
			}
			// A stale version; then a change.
			refused(env.Do(staff, "PATCH", path, map[string]any{"version": 1, "owner": "王"}), http.StatusConflict)
			refused(env.Do(staff, "PATCH", path, map[string]any{"owner": "王"}), http.StatusUnprocessableEntity, "version")

			// A trip ending before it starts, naming another zone's project: every problem at once, nothing stored.
			trips := count("invest_trips")
			refused(env.Do(staff, "POST", "/api/v1/zones/qiqihar/trips", map[string]any{"start_on": "2023-12-05", "end_on": "2023-12-01",
				"province": "", "leader": "主任", "people": 2}), http.StatusUnprocessableEntity, "end_on", "province")
			zp := must(env.Do(env.Login("zibo-staff"), "POST", "/api/v1/investment-projects", map[string]any{"name": "淄博项目", "investor": "某公司",
				"origin": "local", "industry": "ict", "mode": "industry", "planned_fen": 1}), http.StatusCreated)
			var other struct{ ID int64 }
			zp.JSON(t, &other)
			refused(env.Do(staff, "POST", "/api/v1/zones/qiqihar/trips", map[string]any{"start_on": "2023-12-05", "province": "北京", "leader": "主任",
				"people": 2, "project_ids": []int64{p.ID, other.ID}}), http.StatusUnprocessableEntity, "project_ids.1")
			if count("invest_trips") != trips {
				t.Fatal("a refused trip was stored")
			}
			tripsBefore := investFigure(t, env, admin, "invest.trips")
			must(env.Do(staff, "POST", "/api/v1/zones/qiqihar/trips", map[string]any{"start_on": "2023-12-05", "end_on": "2023-12-07",
				"province": "北京", "leader": "主任", "people": 2, "project_ids": []int64{p.ID}}), http.StatusCreated)
			must(env.Do(staff, "POST", "/api/v1/zones/qiqihar/visits", map[string]any{"firm": "来访企业", "start_on": "2023-12-06"}), http.StatusCreated)
			if got := investFigure(t, env, admin, "invest.trips"); got != tripsBefore+1 {
				t.Errorf("trips in 2023-12: %d, want %d", got, tripsBefore+1)
			}
			refused(env.Do(staff, "POST", "/api/v1/funds", map[string]any{"name": "基金", "manager": "管理人", "kind": "venture", "target_fen": 100,
				"committed_fen": 200, "set_up_on": "2023-12-01"}), http.StatusUnprocessableEntity, "committed_fen")
			// Lists: a page of projects by stage.
			var page struct {
				Items []struct{ ID int64 }
			}
			must(env.Do(admin, "GET", "/api/v1/investment-projects?zone=qiqihar&stage=registered&limit=200", nil), http.StatusOK).JSON(t, &page)
			found := false
			for _, it := range page.Items {
				found = found || it.ID == p.ID
			}
			if !found {
				t.Errorf("the registered project is not listed: %+v", page.Items)
			}
			refused(env.Do(admin, "GET", "/api/v1/investment-projects?zone=qiqihar&stage=done", nil), http.StatusUnprocessableEntity, "stage")
		})
	}
}
