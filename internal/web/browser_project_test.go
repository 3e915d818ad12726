package web_test

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// TestBrowserProject: Foshan's staff creates a project through the form
// (first with its finish before its start: refused beside the field, what
// was typed kept), its builder enters three months of investment, the staff
// record it finished early, the page shows the days ahead, an award makes
// it the bulletin's project item; the list and the dashboard show it.
func TestBrowserProject(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	b.Login("foshan-staff", apptest.Password)

	if st := b.Open("/projects"); st != 200 {
		t.Fatalf("list: HTTP %d", st)
	}
	if got := b.Count("#projects tbody tr[data-id]"); got != 4 {
		t.Errorf("the list shows %d projects", got)
	}
	b.Screenshot("list")
	if st := b.Click("#new-project"); st != 200 {
		t.Fatalf("form: HTTP %d", st)
	}
	b.Fill(`#project-form input[name="name"]`, "灯塔社区东区道路（测试）")
	b.Fill(`#project-form input[name="builder"]`, env.IDs.USCC["广东佛高控股公司"])
	b.Do("category", setValue(`#project-form select[name="category"]`, "municipal"))
	b.Fill(`#project-form input[name="total"]`, "3000")
	b.Do("start", setValue(`#project-form input[name="planned_start"]`, "2023-08-01"))
	b.Do("finish", setValue(`#project-form input[name="planned_finish"]`, "2023-07-01"))
	b.Do("started", setValue(`#project-form input[name="started_on"]`, "2023-08-01"))
	b.Fill(`#project-form input[name="item_name1"]`, "东区一路")
	b.Fill(`#project-form input[name="item_length1"]`, "800")
	b.Do("methods", setValue(`#project-form textarea[name="methods"]`, "沥青路面井盖刚性加固安装工法"))
	if st := b.Click("#project-save"); st != 422 {
		t.Fatalf("finish before start: HTTP %d", st)
	}
	if got := b.Text(`label.bad .err`); !strings.Contains(got, "不能早于开工日期") {
		t.Errorf("the finish says %q", got)
	}
	if got := b.Value(`#project-form input[name="item_name1"]`); got != "东区一路" {
		t.Errorf("the form lost the scope row: %q", got)
	}
	b.Screenshot("form-refused")
	b.Do("finish", setValue(`#project-form input[name="planned_finish"]`, "2024-06-30"))
	if st := b.Click("#project-save"); st != 200 {
		t.Fatalf("create: HTTP %d", st)
	}
	page := b.Location()

	// The builder reports three months.
	e := browsertest.Start(t, env.Server.URL)
	e.Login("foshan-ent", apptest.Password)
	if st := e.Open(strings.Split(page, "?")[0]); st != 200 {
		t.Fatalf("builder's view: HTTP %d", st)
	}
	for _, m := range []struct{ period, planned, completed string }{{"2023-08", "300", "400"}, {"2023-09", "300", "500"}, {"2023-10", "300", "600"}} {
		if st := e.Click("#report-progress"); st != 200 {
			t.Fatalf("report form: HTTP %d", st)
		}
		e.Fill(`#progress-form input[name="period"]`, m.period)
		e.Fill(`#progress-form input[name="planned"]`, m.planned)
		e.Fill(`#progress-form input[name="completed"]`, m.completed)
		if st := e.Click("#progress-save"); st != 200 {
			t.Fatalf("report %s: HTTP %d", m.period, st)
		}
	}
	if got := e.Count("#report-rows tbody tr[data-period]"); got != 3 {
		t.Errorf("%d reports listed", got)
	}
	if got := e.Text(`#report-rows tr[data-period="2023-10"] td:nth-child(4)`); got != "1500.00" {
		t.Errorf("cumulative %q", got)
	}
	// A month twice is refused beside the period.
	e.Click("#report-progress")
	e.Fill(`#progress-form input[name="period"]`, "2023-09")
	e.Fill(`#progress-form input[name="completed"]`, "1")
	if st := e.Click("#progress-save"); st != 422 {
		t.Fatalf("twice: HTTP %d", st)
	}
	if got := e.Text(`#progress-form label.bad .err`); !strings.Contains(got, "已于") {
		t.Errorf("twice says %q", got)
	}
	e.Screenshot("report-refused")

	// Finished early.
	b.Open(strings.Split(page, "?")[0])
	b.Do("finished", setValue(`#dates input[name="finished_on"]`, "2023-12-10"))
	b.Do("opened", setValue(`#dates input[name="opened_on"]`, "2023-12-10"))
	if st := b.Click("#dates-save"); st != 200 {
		t.Fatalf("finish: HTTP %d", st)
	}
	if got := b.Text("#timing .big"); got != "提前203天" {
		t.Errorf("timing %q", got)
	}
	if got := b.Text("#status"); got != "通车/投用" {
		t.Errorf("status %q", got)
	}
	b.Fill(`#award input[name="a_name"]`, "2023年度佛山市市政优良工程（测试）")
	b.Do("level", setValue(`#award select[name="a_level"]`, "city"))
	b.Fill(`#award input[name="a_issuer"]`, "佛山市市政行业协会")
	b.Fill(`#award input[name="a_year"]`, "2023")
	if st := b.Click(`#award button[type="submit"]`); st != 200 {
		t.Fatalf("award: HTTP %d", st)
	}
	b.Screenshot("project")

	if st := b.Open("/zones/foshan/bulletin?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	text := b.Text("main")
	for _, want := range []string{"灯塔社区东区道路（测试）项目获评“2023年度佛山市市政优良工程（测试）”",
		"总投资3000万元，于2023年8月1日开工建设、2023年12月10日提前203天完工通车", "项目包含“东区一路”一条市政路"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	b.Screenshot("bulletin")

	if st := b.Open("/projects?timing=ahead"); st != 200 {
		t.Fatalf("ahead: HTTP %d", st)
	}
	if got := b.Text("#projects"); !strings.Contains(got, "灯塔社区东区道路（测试）") || strings.Contains(got, "南区") {
		t.Errorf("ahead lists %q", got)
	}
	if st := b.Open("/zones/foshan/projects?from=2023-01&to=2023-12"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	b.Screenshot("dashboard")
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserProjectPhone: the page's project on a phone — the card, the
// timing and the tables as cards.
func TestBrowserProjectPhone(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	b.Login("foshan-admin", apptest.Password)
	if st := b.Open("/projects"); st != 200 {
		t.Fatalf("list: HTTP %d", st)
	}
	b.Screenshot("list-phone")
	if st := b.Click(`#projects tbody tr:last-child a`); st != 200 {
		t.Fatalf("project: HTTP %d", st)
	}
	if got := b.Text("#timing .big"); got != "提前101天" {
		t.Errorf("timing %q", got)
	}
	b.Screenshot("project-phone")
	if st := b.Open("/zones/foshan/projects?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	b.Screenshot("dashboard-phone")
}
