package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// A file of applicants to a call whose window has closed (the demo's call
// closed on 2023-05-31; the clock reads 2023-12-18) is refused up front,
// once, naming the call and its closing day, with no job started, from the
// API and the page alike; the zone's admin, who may extend the window
// (talent.extend), still imports into it.
func TestTalentImportIntoClosedCall(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			staff, admin := env.Login("weifang-staff"), env.Login("weifang-admin")
			data, err := os.ReadFile(filepath.Join("testdata", "orgimport", "applicants.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			count := func(q string, args ...any) int {
				t.Helper()
				var n int
				if err := env.DB.Read().QueryRow(t.Context(), q, args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			call := count("SELECT c.id FROM talent_calls c JOIN talent_programmes p ON p.id = c.programme_id WHERE p.name = ? AND c.closes_on = ?", "金鸢领航", "2023-05-31")
			var title string
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT title FROM talent_calls WHERE id = ?", call).Scan(&title); err != nil {
				t.Fatal(err)
			}
			jobsOf := func() int { return count("SELECT COUNT(*) FROM jobs WHERE kind = 'talent_applicants'") }
			applicants := func() int { return count("SELECT COUNT(*) FROM talent_applicants WHERE call_id = ?", call) }
			jobs, was := jobsOf(), applicants()
			upload := apptest.Upload{Name: "applicants.xlsx", Data: data, Fields: map[string]string{"kind": "talent_applicants", "call": fmt.Sprint(call)}}

			resp := env.Do(staff, "POST", "/api/v1/zones/weifang/party-imports", upload)
			wantFields(t, resp, "call")
			var e apiError
			resp.JSON(t, &e)
			want := title + "已于2023-05-31截止，不能再导入申报人"
			if msg := e.Error.Fields["call"]; !strings.HasPrefix(msg, want) || len(e.Error.Fields) != 1 {
				t.Errorf("message %q (fields %v), want it to start %q", msg, e.Error.Fields, want)
			}

			page := env.Do(staff, "POST", "/zones/weifang/party/import", upload)
			body := string(page.Body)
			if page.Status != 422 || strings.Count(body, want) != 1 {
				t.Fatalf("page upload: %d, message %d times", page.Status, strings.Count(body, want))
			}
			if i := strings.Index(body, want); !strings.Contains(body[strings.LastIndex(body[:i], "<label"):i], `name="call"`) {
				t.Error("the refusal is not beside the call field")
			}
			if jobsOf() != jobs || applicants() != was {
				t.Fatalf("a refused import started a job or stored applicants")
			}

			resp = env.Do(admin, "POST", "/api/v1/zones/weifang/party-imports", upload)
			if resp.Status != 202 {
				t.Fatalf("admin's late import: %d %s", resp.Status, resp.Body)
			}
			var acc struct {
				JobID int64 `json:"job_id"`
			}
			resp.JSON(t, &acc)
			j := waitJob(t, env, admin, acc.JobID)
			if _, text := problemRows(t, j); strings.Contains(text, "talent.err.call_closed") || strings.Contains(text, "截止") {
				t.Errorf("the admin's rows are refused for the window:\n%s", text)
			}
		})
	}
}
