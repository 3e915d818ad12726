package web_test

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
	"github.com/innopark/innopark/internal/demo"
)

// TestBrowserInvestPipeline: Qiqihar's clerk enters a lead (a bad amount is
// refused beside the field, the typed values kept), walks it to 意向 and
// may not sign it; the zone's leader signs it with an opinion, records the
// company registered with its capital, and the dashboard and the bulletin
// move from the page's 5 signed projects to 6.
func TestBrowserInvestPipeline(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	staff := browsertest.Start(t, env.Server.URL)
	staff.Login("qiqihar-staff", apptest.Password)

	if st := staff.Open("/investment"); st != 200 || !strings.HasSuffix(strings.Split(staff.Location(), "?")[0], "/zones/qiqihar/investment") {
		t.Fatalf("investment: HTTP %d at %s", st, staff.Location())
	}
	if got := staff.Text("#signed-value"); got != "5个" {
		t.Errorf("signed this year: %q, want 5", got)
	}
	if got := staff.Text("#overdue"); !strings.Contains(got, "大豆蛋白精深加工项目") {
		t.Errorf("the overdue follow-up is not flagged: %q", got)
	}
	staff.Screenshot("dashboard-before")

	if st := staff.Open("/zones/qiqihar/investment/projects"); st != 200 {
		t.Fatalf("projects: HTTP %d", st)
	}
	staff.Fill(`#project-form input[name="name"]`, "寒地中药材精深加工项目（示例）")
	staff.Fill(`#project-form input[name="investor"]`, "北京示例药业有限公司（示例）")
	staff.Do("industry", setValue(`#project-form select[name="industry"]`, "biomedicine"))
	staff.Fill(`#project-form input[name="planned_wan"]`, "8000万")
	staff.Do("lead date", setValue(`#project-form input[name="on"]`, "2023-11-01"))
	if st := staff.Click("#project-save"); st != 422 {
		t.Fatalf("a lead with a bad amount: HTTP %d", st)
	}
	if got := staff.Text(`#project-form label.bad .err`); !strings.Contains(got, "万元") {
		t.Errorf("the amount says %q", got)
	}
	if got := staff.Value(`#project-form input[name="name"]`); got != "寒地中药材精深加工项目（示例）" {
		t.Errorf("the form lost the name: %q", got)
	}
	staff.Screenshot("lead-refused")
	staff.Fill(`#project-form input[name="planned_wan"]`, "8000")
	staff.Do("lead date", setValue(`#project-form input[name="on"]`, "2023-11-01"))
	if st := staff.Click("#project-save"); st != 200 {
		t.Fatalf("lead: HTTP %d", st)
	}
	project := strings.Split(staff.Location(), "?")[0]
	for _, stage := range []string{"talks", "inspection", "intent"} {
		staff.Do("stage", setValue(`#advance-form select[name="to"]`, stage))
		staff.Do("date", setValue(`#advance-form input[name="on"]`, "2023-11-20"))
		if st := staff.Click("#advance-save"); st != 200 {
			t.Fatalf("to %s: HTTP %d", stage, st)
		}
	}
	// A skip is refused, and signing needs the zone leadership.
	staff.Do("stage", setValue(`#advance-form select[name="to"]`, "started"))
	if st := staff.Click("#advance-save"); st != 409 {
		t.Fatalf("a skip: HTTP %d", st)
	}
	staff.Do("stage", setValue(`#advance-form select[name="to"]`, "signed"))
	staff.Do("date", setValue(`#advance-form input[name="on"]`, "2023-12-01"))
	if st := staff.Click("#advance-save"); st != 403 {
		t.Fatalf("staff signing: HTTP %d", st)
	}
	if got := staff.Text("#advance-error"); !strings.Contains(got, "园区领导") {
		t.Errorf("staff signing says %q", got)
	}
	staff.Screenshot("signing-needs-approval")

	admin := browsertest.Start(t, env.Server.URL)
	admin.Login("qiqihar-admin", apptest.Password)
	if st := admin.Open(strings.TrimPrefix(project, env.Server.URL)); st != 200 {
		t.Fatalf("project: HTTP %d", st)
	}
	admin.Do("stage", setValue(`#advance-form select[name="to"]`, "signed"))
	admin.Do("date", setValue(`#advance-form input[name="on"]`, "2023-12-01"))
	admin.Fill(`#advance-form input[name="note"]`, "同意签约，按程序推进")
	if st := admin.Click("#advance-save"); st != 200 {
		t.Fatalf("signing: HTTP %d", st)
	}
	if got := admin.Text("#steps tbody tr:first-child"); !strings.Contains(got, "园区领导") || !strings.Contains(got, "同意签约") {
		t.Errorf("the signing step: %q", got)
	}
	admin.Fill(`#registration-form input[name="uscc"]`, demo.USCCFor("230200", 777))
	admin.Fill(`#registration-form input[name="company"]`, "齐齐哈尔示例中药材有限公司（示例）")
	admin.Do("date", setValue(`#registration-form input[name="reg_on"]`, "2023-12-08"))
	admin.Fill(`#registration-form input[name="registered_wan"]`, "5000")
	admin.Fill(`#registration-form input[name="paid_in_wan"]`, "6000")
	if st := admin.Click("#registration-save"); st != 422 {
		t.Fatalf("paid-in above registered: HTTP %d", st)
	}
	if got := admin.Text(`#registration-form label.bad .err`); !strings.Contains(got, "实缴") {
		t.Errorf("paid-in says %q", got)
	}
	admin.Fill(`#registration-form input[name="paid_in_wan"]`, "1000")
	if st := admin.Click("#registration-save"); st != 200 {
		t.Fatalf("registration: HTTP %d", st)
	}
	if got := admin.Text("#capital"); !strings.Contains(got, "5,000.00") || !strings.Contains(got, "1,000.00") {
		t.Errorf("capital %q", got)
	}
	admin.Screenshot("project")

	if st := admin.Open("/zones/qiqihar/investment"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if got := admin.Text("#signed-value"); got != "6个" {
		t.Errorf("signed after: %q, want 6", got)
	}
	admin.Screenshot("dashboard-after")
	if st := admin.Open("/zones/qiqihar/bulletin?from=2023-01&to=2023-12"); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	text := admin.Text("main")
	for _, want := range []string{"先后赴北京、上海、山东等地开展项目洽谈4次", "达成签约项目6个", "齐齐哈尔示例中药材有限公司（示例），注册资本5000万元、实缴1000万元"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	admin.Screenshot("bulletin")
	for _, b := range []*browsertest.Browser{staff, admin} {
		if errs := b.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	}
}

// TestBrowserInvestPhone: the board and the dashboard at phone width.
func TestBrowserInvestPhone(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	b.Login("qiqihar-admin", apptest.Password)
	for _, page := range []string{"board", "", "activities", "funds"} {
		path := "/zones/qiqihar/investment"
		if page != "" {
			path += "/" + page
		}
		if st := b.Open(path); st != 200 {
			t.Fatalf("%s: HTTP %d", path, st)
		}
		b.Screenshot("phone-" + map[string]string{"": "dashboard"}[page] + page)
	}
	if st := b.Open("/zones/qiqihar/investment/board"); st != 200 || b.Count("#board section.stage") != 8 {
		t.Errorf("the board: HTTP %d, %d stage columns, want 8", st, b.Count("#board section.stage"))
	}
}
