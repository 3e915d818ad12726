package app_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// wantFieldsNamed checks a 422 names exactly the fields given.
func wantFieldsNamed(t *testing.T, what string, r apptest.Response, fields ...string) {
	t.Helper()
	var e apiError
	if r.Status != 422 {
		t.Fatalf("%s: %d %s, want 422", what, r.Status, r.Body)
	}
	r.JSON(t, &e)
	for _, f := range fields {
		if e.Error.Fields[f] == "" {
			t.Errorf("%s: %s not named in %v", what, f, e.Error.Fields)
		}
	}
	if len(e.Error.Fields) != len(fields) {
		t.Errorf("%s: fields %v, want %v", what, e.Error.Fields, fields)
	}
}

// A zone's clerk runs a project through the API: every bad field of a card
// named at once and nothing stored; three months reported by the builder,
// with a 旬 for a monthly project, a month reported twice, a month outside
// the span and investment above the total refused by field; finished early,
// the days ahead computed; an award before completion refused; files of the
// wrong type or too large refused.
func TestProjectAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin, builder := env.Login("foshan-admin"), env.Login("foshan-ent")
			count := func(table string) int {
				var n int
				if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count("projects")
			bad := map[string]any{"name": " ", "builder_uscc": env.IDs.USCC["榆林能源化工技术研究院有限公司"], "category": "roads", "level": "city",
				"total_fen": 0, "planned_start": "2023-03-01", "planned_finish": "2023-01-01", "started_on": "2023-02-01", "finished_on": "2023-01-15",
				"items": []map[string]any{{"name": "A路", "kind": "road"}, {"name": "", "kind": "road"}}}
			wantFieldsNamed(t, "bad card", env.Do(admin, "POST", "/api/v1/projects", bad),
				"name", "builder", "category", "total_fen", "planned_finish", "finished_on", "items.2.name")
			if n := count("projects"); n != before {
				t.Fatalf("a refused card left %d projects", n-before)
			}

			card := map[string]any{"name": "灯塔社区东区道路（测试）", "builder_uscc": env.IDs.USCC["广东佛高控股公司"], "category": "municipal", "level": "district",
				"total_fen": 3_000_000_000, "planned_start": "2023-08-01", "planned_finish": "2024-06-30", "started_on": "2023-08-01",
				"items": []map[string]any{{"name": "东区一路", "kind": "road", "length_m": 800}}}
			r := env.Do(admin, "POST", "/api/v1/projects", card)
			if r.Status != 201 {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			var p struct {
				ID      int64
				Version int
				Status  string
				Timing  struct {
					Known, Projected bool
					Days             int
					Class            string
				}
			}
			r.JSON(t, &p)
			base := fmt.Sprintf("/api/v1/projects/%d", p.ID)
			for i, m := range []string{"2023-08", "2023-09", "2023-10"} {
				r := env.Do(builder, "PUT", base+"/progress/"+m, map[string]any{"planned_fen": 300_000_000, "completed_fen": 400_000_000 + int64(i)*100_000_000})
				if r.Status != 200 {
					t.Fatalf("report %s: %d %s", m, r.Status, r.Body)
				}
			}
			wantFieldsNamed(t, "a 旬 of a monthly project", env.Do(builder, "PUT", base+"/progress/2023-11-1", map[string]any{"completed_fen": 1}), "period")
			wantFieldsNamed(t, "twice", env.Do(builder, "PUT", base+"/progress/2023-09", map[string]any{"completed_fen": 1}), "period")
			wantFieldsNamed(t, "before the start", env.Do(builder, "PUT", base+"/progress/2023-07", map[string]any{"completed_fen": 1}), "period")
			wantFieldsNamed(t, "not a period", env.Do(builder, "PUT", base+"/progress/2023-13", map[string]any{"completed_fen": 1}), "period")
			wantFieldsNamed(t, "above the total", env.Do(builder, "PUT", base+"/progress/2023-11", map[string]any{"completed_fen": 2_000_000_000}), "completed_fen")
			var reports struct {
				Items []struct {
					Period        string
					CumulativeFen int64 `json:"cumulative_fen"`
					Version       int
				}
			}
			env.Do(admin, "GET", base+"/progress", nil).JSON(t, &reports)
			if len(reports.Items) != 3 || reports.Items[2].CumulativeFen != 1_500_000_000 {
				t.Fatalf("reports %+v", reports)
			}
			// A correction names the stored version.
			if r := env.Do(builder, "PUT", base+"/progress/2023-09", map[string]any{"completed_fen": 500_000_000, "version": 1}); r.Status != 200 {
				t.Fatalf("correction: %d %s", r.Status, r.Body)
			}
			if r := env.Do(builder, "PUT", base+"/progress/2023-09", map[string]any{"completed_fen": 500_000_000, "version": 1}); r.Status != 409 {
				t.Fatalf("stale correction: %d %s", r.Status, r.Body)
			}
			env.Do(admin, "GET", base, nil).JSON(t, &p)
			if p.Status != "building" || !p.Timing.Known || !p.Timing.Projected {
				t.Fatalf("under way: %+v", p)
			}
			wantFieldsNamed(t, "award before completion", env.Do(admin, "POST", base+"/awards", map[string]any{"name": "优良工程", "level": "city", "issuer": "市住建局", "year": 2023}), "year")
			wantFieldsNamed(t, "finish before start", env.Do(admin, "PATCH", base, map[string]any{"version": p.Version, "finished_on": "2023-07-01"}), "finished_on")
			r = env.Do(admin, "PATCH", base, map[string]any{"version": p.Version, "finished_on": "2023-12-10", "opened_on": "2023-12-10"})
			if r.Status != 200 {
				t.Fatalf("finish: %d %s", r.Status, r.Body)
			}
			r.JSON(t, &p)
			if p.Status != "opened" || p.Timing.Days != 203 || p.Timing.Projected || p.Timing.Class != "ahead" {
				t.Fatalf("finished: %+v", p)
			}
			if r := env.Do(admin, "POST", base+"/awards", map[string]any{"name": "优良工程", "level": "city", "issuer": "市住建局", "year": 2023}); r.Status != 201 {
				t.Fatalf("award: %d %s", r.Status, r.Body)
			}
			// Files: the wrong type named on its field; too large refused whole.
			wantFieldsNamed(t, "an executable", env.Do(builder, "POST", base+"/files", apptest.Upload{Name: "a.exe", Data: []byte("MZ\x90")}), "file")
			big := append([]byte("%PDF-"), bytes.Repeat([]byte{' '}, 11<<20)...)
			if r := env.Do(builder, "POST", base+"/files", apptest.Upload{Name: "big.pdf", Data: big}); r.Status != 413 {
				t.Errorf("too large: %d %.200s", r.Status, r.Body)
			}
			if n := count("attachments WHERE owner = 'project'"); n != 0 {
				t.Errorf("refused files left %d rows", n)
			}
			// The list filters by timing; a bad filter is named.
			var list struct{ Items []struct{ Name string } }
			env.Do(admin, "GET", "/api/v1/projects?zone=foshan&timing=behind", nil).JSON(t, &list)
			if len(list.Items) != 1 || list.Items[0].Name != "创新灯塔社区市政配套工程（南区）（示例）" {
				t.Errorf("behind: %+v", list)
			}
			if r := env.Do(admin, "GET", "/api/v1/projects?status=nope", nil); r.Status != 400 && r.Status != 422 {
				t.Errorf("bad status filter: %d %s", r.Status, r.Body)
			}
		})
	}
}
