package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

// investUpload uploads a file of internal/invest/testdata as kind into zone
// and returns the finished job.
func investUpload(t *testing.T, env *apptest.Env, token, zone, kind, file string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "invest", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	resp := env.Do(token, "POST", "/api/v1/zones/"+zone+"/investment-imports", apptest.Upload{Name: file, Data: data,
		Fields: map[string]string{"kind": kind}})
	var acc struct {
		JobID int64 `json:"job_id"`
		URL   string
	}
	resp.JSON(t, &acc)
	if resp.Status != 202 || acc.JobID == 0 || resp.Header.Get("Location") != acc.URL {
		t.Fatalf("upload %s: %d %s", file, resp.Status, resp.Body)
	}
	return waitJob(t, env, token, acc.JobID)
}

// problems lists a job's problems as "row column: message".
func problems(j map[string]any) []string {
	res, _ := j["result"].(map[string]any)
	list, _ := res["problem_list"].([]any)
	var out []string
	for _, p := range list {
		m := p.(map[string]any)
		msg := m["message"].(map[string]any)
		b, _ := json.Marshal(msg["args"])
		out = append(out, fmt.Sprintf("%v %v: %v %s", m["row"], m["column"], msg["key"], b))
	}
	return out
}

// The investment bureau's sheets import through the job machinery: a
// workbook openpyxl wrote (亿元 and 元 headings, a title row, date cells)
// and a GBK CSV of trips are stored with their stage histories, capital and
// links, and move the indicators; a file with bad rows stores nothing and
// names every row and column at fault; a heading in 千元 is refused naming
// the column; the template downloads; the page uploads.
func TestInvestImport(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin := env.Login("qiqihar-admin")
			count := func(query string, args ...any) int {
				t.Helper()
				var n int
				if err := env.DB.Read().QueryRow(t.Context(), query, args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			// Another zone's project, for the visits that name it.
			zibo := env.Login("zibo-admin")
			if r := env.Do(zibo, "POST", "/api/v1/investment-projects", map[string]any{"name": "淄博新材料测试项目", "investor": "测试投资方",
				"origin": "local", "industry": "materials", "mode": "industry", "planned_fen": 100_000_000, "on": "2023-12-01"}); r.Status != 201 {
				t.Fatalf("zibo project: %d %s", r.Status, r.Body)
			}
			projects := count("SELECT COUNT(*) FROM invest_projects")
			capital := func() int64 {
				t.Helper()
				r := env.Do(admin, "GET", "/api/v1/indicators/invest.registered_capital?zone=qiqihar&from=2023-06&to=2023-06", nil)
				var fig struct{ Value int64 }
				r.JSON(t, &fig)
				if r.Status != 200 {
					t.Fatalf("figure: %d %s", r.Status, r.Body)
				}
				return fig.Value
			}
			capital0 := capital()

			// The template, as xlsx with its 说明 sheet.
			r := env.Do(admin, "GET", "/api/v1/investment-imports/template?kind=projects&format=xlsx", nil)
			if r.Status != 200 {
				t.Fatalf("template: %d %s", r.Status, r.Body)
			}
			book, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			if got := book.GetSheetList(); len(got) != 2 || got[0] != "招商项目" || got[1] != "说明" {
				t.Errorf("template sheets %v", got)
			}
			head, _ := book.GetRows("招商项目")
			book.Close()
			if len(head) == 0 || !strings.Contains(strings.Join(head[0], ","), "计划投资额（万元）") {
				t.Errorf("template headings %v", head)
			}
			if r := env.Do(admin, "GET", "/api/v1/investment-imports/template?kind=loans", nil); r.Status != 422 {
				t.Errorf("unknown kind: %d", r.Status)
			}

			// A bad file: every row's problem, at once, nothing stored.
			j := investUpload(t, env, admin, "qiqihar", "projects", "pipeline-bad-openpyxl.xlsx")
			got := strings.Join(problems(j), "\n")
			if j["status"] != "failed" || j["report_url"] == nil {
				t.Fatalf("bad file: %v", j)
			}
			for _, want := range []string{
				"2 计划投资额（万元）: invest.err.negative",
				"3 计划投资额（万元）: invest.err.absurd",
				"4 实缴资本（万元）: invest.err.paid_above",
				`5 注册企业统一社会信用代码: invest.err.other_zone_company ["91370300MA3C00001U"]`,
				"6 签约日期: invest.err.import_stage_date",
				"7 签约日期: invest.err.import_not_reached",
				"8 开工日期: invest.err.import_order",
				"9 所属园区: invest.err.import_other_zone",
				"10 项目名称: invest.err.import_duplicate_stored",
				"11 阶段: xlsx.row.bad_code",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("no problem %q in\n%s", want, got)
				}
			}
			if res := j["result"].(map[string]any); res["bad_rows"] != float64(10) {
				t.Errorf("bad rows %v, want 10:\n%s", res["bad_rows"], got)
			}
			if n := count("SELECT COUNT(*) FROM invest_projects"); n != projects {
				t.Errorf("a refused file stored %d projects", n-projects)
			}
			r = env.Do(admin, "GET", fmt.Sprint(j["report_url"]), nil)
			if r.Status != 200 {
				t.Errorf("report: %d", r.Status)
			}

			// A heading in a unit the import does not know: the file is refused naming it.
			j = investUpload(t, env, admin, "qiqihar", "projects", "pipeline-thousand-yuan-openpyxl.xlsx")
			if j["status"] != "failed" || !strings.Contains(fmt.Sprint(j["message"]), "计划投资额（千元）") {
				t.Errorf("千元 heading: %v", j)
			}

			// The good workbook: four projects with their histories and capital.
			j = investUpload(t, env, admin, "qiqihar", "projects", "pipeline-openpyxl.xlsx")
			if res, _ := j["result"].(map[string]any); j["status"] != "done" || res["imported"] != float64(4) {
				t.Fatalf("good file: %v\n%s", j, strings.Join(problems(j), "\n"))
			}
			var stage, stageOn string
			var planned, reg, paid int64
			if err := env.DB.Read().QueryRow(t.Context(), `SELECT p.stage, p.stage_on, p.planned_fen, p.registered_fen, p.paid_in_fen
				FROM invest_projects p JOIN enterprises e ON e.id = p.enterprise_id WHERE p.name = ? AND e.uscc = ?`,
				"齐齐哈尔导入创投项目（导入）", "91230200MA3C91001C").Scan(&stage, &stageOn, &planned, &reg, &paid); err != nil {
				t.Fatal(err)
			}
			if stage != "registered" || !strings.HasPrefix(stageOn, "2023-06-15") || planned != 3000*1_000_000 || reg != 3000*1_000_000 || paid != 1000*1_000_000 {
				t.Errorf("registered project: %s %s %d %d %d", stage, stageOn, planned, reg, paid)
			}
			if n := count(`SELECT COUNT(*) FROM invest_steps s JOIN invest_projects p ON p.id = s.project_id WHERE p.name = ?`, "光伏组件项目（导入）"); n != 3 {
				t.Errorf("terminated project: %d steps, want 线索, 签约, 终止", n)
			}
			// The capital registered in June 2023 is in that month's figure.
			if got := capital(); got != capital0+3000*1_000_000 {
				t.Errorf("registered capital of 2023-06: %d, want %d more than %d", got, 3000*1_000_000, capital0)
			}
			// The same file again: every project is already there.
			j = investUpload(t, env, admin, "qiqihar", "projects", "pipeline-openpyxl.xlsx")
			if j["status"] != "failed" || !strings.Contains(strings.Join(problems(j), "\n"), "invest.err.import_duplicate_stored") {
				t.Errorf("second import: %v", j)
			}

			// Trips from a GBK CSV, linked to the zone's projects by name.
			trips := count("SELECT COUNT(*) FROM invest_trips")
			j = investUpload(t, env, admin, "qiqihar", "trips", "trips-gbk.csv")
			if res, _ := j["result"].(map[string]any); j["status"] != "done" || res["imported"] != float64(2) {
				t.Fatalf("trips: %v\n%s", j, strings.Join(problems(j), "\n"))
			}
			if n := count("SELECT COUNT(*) FROM invest_trips"); n != trips+2 {
				t.Errorf("trips stored %d, want 2", n-trips)
			}
			if n := count(`SELECT COUNT(*) FROM invest_activity_projects ap JOIN invest_trips t ON ap.kind = 'trip' AND t.id = ap.activity_id
				WHERE t.start_on = ?`, "2023-11-06"); n != 2 {
				t.Errorf("trip of 2023-11-06 touches %d projects, want 2", n)
			}

			// Bad visits from a GBK CSV: nothing stored, each row named.
			visits := count("SELECT COUNT(*) FROM invest_visits")
			j = investUpload(t, env, admin, "qiqihar", "visits", "visits-bad-gbk.csv")
			got = strings.Join(problems(j), "\n")
			for _, want := range []string{
				"2 结束日期: invest.err.end_before_start",
				"3 涉及项目: invest.err.import_project_other_zone",
				"4 涉及项目: invest.err.import_project_unknown",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("no problem %q in\n%s", want, got)
				}
			}
			if j["status"] != "failed" || count("SELECT COUNT(*) FROM invest_visits") != visits {
				t.Errorf("bad visits: %v", j)
			}

			// Another zone's admin may not import into Qiqihar; the city may not import at all.
			if r := env.Do(zibo, "POST", "/api/v1/zones/qiqihar/investment-imports", apptest.Upload{Name: "x.csv", Data: []byte("a\r\n"),
				Fields: map[string]string{"kind": "trips"}}); r.Status != 404 {
				t.Errorf("other zone's admin: %d", r.Status)
			}

			// The page: the form, and an upload that goes to its job.
			r = env.Do(admin, "GET", "/zones/qiqihar/investment/import", nil)
			if r.Status != 200 || !strings.Contains(string(r.Body), `enctype="multipart/form-data"`) || !strings.Contains(string(r.Body), "trips-gbk.csv") {
				t.Errorf("import page: %d", r.Status)
			}
			data, _ := os.ReadFile(filepath.Join("..", "invest", "testdata", "visits-bad-gbk.csv"))
			r = env.Do(admin, "POST", "/zones/qiqihar/investment/import", apptest.Upload{Name: "来访.csv", Data: data, Fields: map[string]string{"kind": "visits"}})
			if loc := r.Header.Get("Location"); r.Status != 303 || !strings.HasPrefix(loc, "/jobs/") {
				t.Fatalf("page upload: %d %s", r.Status, r.Body)
			} else {
				var id int64
				fmt.Sscanf(loc, "/jobs/%d", &id)
				waitJob(t, env, admin, id)
				page := string(env.Do(admin, "GET", loc, nil).Body)
				if !strings.Contains(page, "不存在的项目") || !strings.Contains(page, `href="/investment"`) {
					t.Errorf("job page does not show the problems: %.600s", page)
				}
			}
		})
	}
}
