package web_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// TestBrowserProjectImport: from the project list the clerk reaches the
// import page (both uploads, their templates, the columns); a refused
// report file's job page lists every bad row and leads back to the import.
// On a desktop and a phone.
func TestBrowserProjectImport(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	admin := env.Login("foshan-admin")
	var jobID int64
	// The ledger and its reports from openpyxl, then a bad GBK file.
	for _, f := range []struct{ route, file, name string }{
		{"/api/v1/projects/import", "openpyxl-projects.xlsx", "重点项目台账.xlsx"},
		{"/api/v1/projects/progress/import", "openpyxl-reports.xlsx", "投资进度.xlsx"},
		{"/api/v1/projects/progress/import", "gbk-reports-bad.csv", "进度月报.csv"},
	} {
		data, err := os.ReadFile("../projectio/testdata/" + f.file)
		if err != nil {
			t.Fatal(err)
		}
		resp := env.Do(admin, "POST", f.route, apptest.Upload{Name: f.name, Data: data})
		var acc struct {
			JobID int64 `json:"job_id"`
		}
		resp.JSON(t, &acc)
		jobID = acc.JobID
		for end := time.Now().Add(20 * time.Second); ; {
			var j struct{ Status string }
			env.Do(admin, "GET", fmt.Sprintf("/api/v1/jobs/%d", acc.JobID), nil).JSON(t, &j)
			if j.Status == "failed" || j.Status == "done" {
				break
			}
			if time.Now().After(end) {
				t.Fatalf("job %d: %s", acc.JobID, j.Status)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	for _, o := range []browsertest.Options{{}, {Width: 390, Height: 844}} {
		b := browsertest.Start(t, env.Server.URL, o)
		b.Login("foshan-admin", apptest.Password)
		if st := b.Open("/projects"); st != 200 {
			t.Fatalf("list: HTTP %d", st)
		}
		if st := b.Click("#import-projects"); st != 200 {
			t.Fatalf("import page: HTTP %d", st)
		}
		if !b.Has("#form-project_import") || !b.Has("#form-project_report_import") || !b.Has("#template-project_report_import-xlsx") {
			t.Error("the import page lacks a form or a template")
		}
		if got := b.Text("#jobs-project_report_import"); !strings.Contains(got, "进度月报.csv") {
			t.Errorf("recent imports: %q", got)
		}
		b.Screenshot(fmt.Sprintf("import-%d", o.Width))
		if st := b.Open(fmt.Sprintf("/jobs/%d", jobID)); st != 200 {
			t.Fatalf("job: HTTP %d", st)
		}
		page := b.Text("main")
		for _, want := range []string{"填报月份", "累计完成投资", "不存在的项目（导入测试）", "与第6行重复"} {
			if !strings.Contains(page, want) {
				t.Errorf("job page lacks %q", want)
			}
		}
		b.Screenshot(fmt.Sprintf("job-%d", o.Width))
		if st := b.Open("/zones/foshan/projects?from=2022-01&to=2022-12"); st != 200 {
			t.Fatalf("dashboard: HTTP %d", st)
		}
		b.Screenshot(fmt.Sprintf("dashboard-%d", o.Width))
		b.Close()
	}
}
