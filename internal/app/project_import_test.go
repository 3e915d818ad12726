package app_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

// The project imports read files other programs wrote (see
// internal/projectio/testdata/README.md): a ledger from openpyxl with its
// total in 亿元, dates as date cells and a title row; reports with months
// written as 2023-01, 2023年2月, a date cell and 旬; a GBK CSV in 元. Bad
// files name every bad row and column at once and store nothing.
func TestProjectImport(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin := env.Login("foshan-admin")
			file := func(name string) []byte {
				b, err := os.ReadFile(filepath.Join("..", "projectio", "testdata", name))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			upload := func(route, name string) map[string]any {
				t.Helper()
				resp := env.Do(admin, "POST", route, apptest.Upload{Name: name, Data: file(name)})
				var acc struct {
					JobID int64 `json:"job_id"`
				}
				resp.JSON(t, &acc)
				if resp.Status != 202 || resp.Header.Get("Location") == "" {
					t.Fatalf("%s: %d %s", name, resp.Status, resp.Body)
				}
				return waitJob(t, env, admin, acc.JobID)
			}
			problems := func(j map[string]any) []string {
				res, _ := j["result"].(map[string]any)
				list, _ := res["problem_list"].([]any)
				var out []string
				for _, x := range list {
					p := x.(map[string]any)
					out = append(out, fmt.Sprintf("%v:%v", p["row"], p["column"]))
				}
				return out
			}
			one := func(q string, args ...any) int64 {
				t.Helper()
				var n int64
				if err := env.DB.Read().QueryRow(t.Context(), q, args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return n
			}
			count := func(table string) int64 { return one("SELECT COUNT(*) FROM " + table) }

			// The templates.
			for _, route := range []string{"/api/v1/projects/import/template", "/api/v1/projects/progress/import/template"} {
				resp := env.Do(admin, "GET", route+"?format=xlsx", nil)
				if resp.Status != 200 {
					t.Fatalf("%s: %d", route, resp.Status)
				}
				book, err := excelize.OpenReader(bytes.NewReader(resp.Body))
				if err != nil {
					t.Fatal(err)
				}
				if got := book.GetSheetList(); len(got) != 2 || got[1] != "说明" {
					t.Errorf("%s: sheets %v", route, got)
				}
				book.Close()
			}

			// The ledger: four projects, the total read in 亿元.
			j := upload("/api/v1/projects/import", "openpyxl-projects.xlsx")
			if res, _ := j["result"].(map[string]any); j["status"] != "done" || res["imported"] != float64(4) {
				t.Fatalf("projects: %v", j)
			}
			if n := one("SELECT total_fen FROM projects WHERE name = ?", "灯塔北路延伸段工程（导入测试）"); n != 12_500_000_000 {
				t.Errorf("1.25亿元 stored as %d fen", n)
			}
			var cadence, status string
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT cadence FROM projects WHERE name = ?", "灯塔河涌整治工程（导入测试）").Scan(&cadence); err != nil || cadence != "xun" {
				t.Errorf("旬报 project: cadence %q %v", cadence, err)
			}
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT status FROM projects WHERE name = ?", "灯塔社区卫生服务站（导入测试）").Scan(&status); err != nil || status != "completed" {
				t.Errorf("finished project: status %q %v", status, err)
			}

			// A bad ledger: every bad row named, nothing stored.
			before := count("projects")
			j = upload("/api/v1/projects/import", "openpyxl-projects-bad.xlsx")
			want := []string{"2:实际竣工", "3:建设单位", "4:项目名称", "5:项目名称", "6:计划竣工"}
			if got := problems(j); j["status"] != "failed" || !slices.Equal(got, want) {
				t.Errorf("bad projects: %v, problems %v, want %v", j["status"], got, want)
			}
			if n := count("projects"); n != before {
				t.Errorf("a refused ledger stored %d projects", n-before)
			}

			// Reports from openpyxl: months in three spellings, a derived
			// month, two 旬.
			j = upload("/api/v1/projects/progress/import", "openpyxl-reports.xlsx")
			if res, _ := j["result"].(map[string]any); j["status"] != "done" || res["imported"] != float64(7) {
				t.Fatalf("reports: %v", j)
			}
			if n := one("SELECT completed_fen FROM projects WHERE name = ?", "灯塔北路延伸段工程（导入测试）"); n != 3_500_500_000 {
				t.Errorf("北路 completed %d fen, want 3500.5万元", n)
			}
			if n := one("SELECT r.completed_fen FROM project_reports r JOIN projects p ON p.id = r.project_id WHERE p.name = ? AND r.period = ?",
				"灯塔社区卫生服务站（导入测试）", "2023-04"); n != 500_000_000 {
				t.Errorf("April derived from the cumulative: %d fen, want 500万元", n)
			}
			if n := one("SELECT COUNT(*) FROM project_reports r JOIN projects p ON p.id = r.project_id WHERE p.name = ? AND r.period IN ('2023-04-1', '2023-04-2')",
				"灯塔河涌整治工程（导入测试）"); n != 2 {
				t.Errorf("旬 reports stored: %d, want 2", n)
			}

			// A GBK CSV in 元.
			j = upload("/api/v1/projects/progress/import", "gbk-reports.csv")
			if res, _ := j["result"].(map[string]any); j["status"] != "done" || res["imported"] != float64(2) {
				t.Fatalf("GBK reports: %v", j)
			}
			if n := one("SELECT completed_fen FROM projects WHERE name = ?", "灯塔科创中心（导入测试）"); n != 1_090_000_050 {
				t.Errorf("科创中心 completed %d fen, want 10,900,000.50元", n)
			}

			// Bad reports: a 旬 for a monthly project, a month before the
			// start, a month stored already, a cumulative that does not add
			// up, a month twice in the file, investment above the total
			// without a note, an unknown project — all at once, nothing
			// stored.
			before = count("project_reports")
			j = upload("/api/v1/projects/progress/import", "gbk-reports-bad.csv")
			want = []string{"2:填报月份", "3:填报月份", "4:填报月份", "5:累计完成投资（万元）", "7:填报月份", "8:本月完成投资（万元）", "9:项目名称"}
			if got := problems(j); j["status"] != "failed" || !slices.Equal(got, want) {
				t.Errorf("bad reports: %v, problems %v, want %v", j["status"], got, want)
			}
			if n := count("project_reports"); n != before {
				t.Errorf("a refused file stored %d reports", n-before)
			}
			// An amount in 千元: the file is refused, naming the unit.
			j = upload("/api/v1/projects/progress/import", "thousand-yuan.csv")
			if j["status"] != "failed" || !strings.Contains(fmt.Sprint(j["message"]), "千元") {
				t.Errorf("千元: %v %v", j["status"], j["message"])
			}
			// The jobs list by kind; the job page leads back to the import.
			var jl struct{ Items []struct{ Kind string } }
			env.Do(admin, "GET", "/api/v1/jobs?kind=project_report_import", nil).JSON(t, &jl)
			if len(jl.Items) != 4 || jl.Items[0].Kind != "project_report_import" {
				t.Errorf("report import jobs: %+v", jl.Items)
			}
			page := env.Do(admin, "GET", fmt.Sprintf("/jobs/%v", j["id"]), nil)
			if page.Status != 200 || !strings.Contains(string(page.Body), `href="/projects/import"`) || !strings.Contains(string(page.Body), "千元") {
				t.Errorf("job page: %d", page.Status)
			}
			// Back-filled reports keep the day they were sent: a report sent
			// on time then is not late; a day before its month is refused.
			backfill := func(csv string) map[string]any {
				t.Helper()
				resp := env.Do(admin, "POST", "/api/v1/projects/progress/import", apptest.Upload{Name: "补录.csv", Data: []byte(csv)})
				var acc struct {
					JobID int64 `json:"job_id"`
				}
				resp.JSON(t, &acc)
				if resp.Status != 202 {
					t.Fatalf("backfill: %d %s", resp.Status, resp.Body)
				}
				return waitJob(t, env, admin, acc.JobID)
			}
			const head = "项目名称,填报月份,本月完成投资（万元）,填报日期\n"
			if j := backfill(head + "灯塔科创中心（导入测试）,2023年6月,10,2023-05-20\n"); j["status"] != "failed" || !slices.Equal(problems(j), []string{"2:填报日期"}) {
				t.Errorf("reported before its month: %v %v", j["status"], problems(j))
			}
			if j := backfill(head + "灯塔科创中心（导入测试）,2023年4月,10,2023-05-03\n"); j["status"] != "done" {
				t.Fatalf("backfill: %v", j)
			}
			var on string
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT r.reported_on FROM project_reports r JOIN projects p ON p.id = r.project_id WHERE p.name = ? AND r.period = '2023-04'",
				"灯塔科创中心（导入测试）").Scan(&on); err != nil || !strings.HasPrefix(on, "2023-05-03") {
				t.Errorf("back-filled report: reported_on %q %v, want 2023-05-03", on, err)
			}
			page = env.Do(admin, "GET", "/projects/import", nil)
			if page.Status != 200 || !strings.Contains(string(page.Body), "gbk-reports-bad.csv") || !strings.Contains(string(page.Body), "form-project_import") {
				t.Errorf("import page: %d", page.Status)
			}
		})
	}
}
