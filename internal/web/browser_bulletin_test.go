package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// TestBrowserBulletinForm: Yulin's clerk writes the period's work note, edits
// the wording as sentences with chips (no template code in sight), removes
// a figure and picks other words, saves the bulletin; then the city moves
// the target and the published item shows the revision on the dashboard
// while its text stays as published. Zibo's item (1% of its target) is held
// off the newspaper page with the reason.
func TestBrowserBulletinForm(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	b.Login("yulin-staff", apptest.Password)
	const period = "from=2023-01&to=2023-11"

	if st := b.Open("/zones/yulin/bulletin?" + period); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	b.Do("open the facts", chromedp.SetAttributeValue(chromedp.CSS("#item-tech_contract details.facts"), "open", ""))
	facts := b.Text("#item-tech_contract details.facts")
	if !strings.Contains(facts, "技术合同成交额") || !strings.Contains(facts, "3.8016亿元") || strings.Contains(facts, "amount") {
		t.Errorf("所依据的数据 %q", facts)
	}
	const work = "今年以来，榆林高新区组织工作人员赴企业宣讲技术合同登记优惠政策，开展“一对一”认定登记指导。"
	b.Do("work", setValue(`#work-tech_contract textarea[name="text"]`, work))
	if st := b.Click(`#work-tech_contract button[type="submit"]`); st != 200 {
		t.Fatalf("work note: HTTP %d", st)
	}
	if got := b.Text("#item-tech_contract"); !strings.Contains(got, work) {
		t.Errorf("the item does not print the work note:\n%s", got)
	}
	b.Screenshot("bulletin-with-work")

	// The template editor: sentences and chips, no code for a clerk.
	if st := b.Open("/zones/yulin/bulletin-templates/tech_contract/yoy?" + period); st != 200 {
		t.Fatalf("editor: HTTP %d", st)
	}
	if b.Has("#code-view") {
		t.Error("a clerk sees the code view")
	}
	if n := b.Count("#form-body-chips .chip"); n < 6 {
		t.Fatalf("%d chips in the body editor", n)
	}
	if page := b.Text("#sentence-form"); strings.Contains(page, "{{") {
		t.Errorf("the form shows code: %q", page)
	}
	b.Screenshot("editor")
	// Remove the year-on-year figure from the body, pick 增加 for the headline.
	b.Do("remove a chip", chromedp.Click(chromedp.CSS(`#form-body-chips .chip[data-chip="同比"] .chip-x`)))
	if v := b.Value("#form-body"); strings.Contains(v, "「同比」") || !strings.Contains(v, "「登记金额」") {
		t.Errorf("the field after removing a chip: %q", v)
	}
	b.Do("up", setValue(`#sentence-form select[name="up"]`, "增加"))
	if st := b.Click("#form-preview"); st != 200 {
		t.Fatalf("preview: HTTP %d", st)
	}
	if h := b.Text("#preview .item-headline"); h != "榆林高新区技术合同登记额同比增加15%" {
		t.Errorf("preview headline %q", h)
	}
	if p := b.Text("#preview .item-para"); strings.Contains(p, "同比") || !strings.Contains(p, "登记金额3.8亿元，完成榆林市下达目标任务的105%") {
		t.Errorf("preview body %q", p)
	}
	if st := b.Click("#form-save"); st != 200 || !b.Has("#done") {
		t.Fatalf("save: HTTP %d", st)
	}
	if v := b.Value(`#sentence-form select[name="up"]`); v != "增加" {
		t.Errorf("saved wording %q", v)
	}

	// Save the bulletin for the period, then the city corrects the target.
	if st := b.Open("/zones/yulin/bulletin?" + period); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	if st := b.Click("#save-bulletin"); st != 200 {
		t.Fatalf("save bulletin: HTTP %d", st)
	}
	resp := env.Do(env.Login("yulin-city"), "PUT", "/api/v1/targets/yulin/tech_contract.contract_amount/2023", map[string]int64{"value": 40_000_000_000})
	if resp.Status != 200 {
		t.Fatalf("target: %d %s", resp.Status, resp.Body)
	}
	if st := b.Open("/zones/yulin/dashboard?" + period); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	rev := b.Text("#revisions")
	for _, want := range []string{"年度目标（成交额）", "3.62亿元", "4亿元", "榆林市科技局", "目标任务"} { // who: yulin-city, by name
		if !strings.Contains(rev, want) {
			t.Errorf("dashboard revisions lack %q:\n%s", want, rev)
		}
	}
	b.Screenshot("dashboard-revision")
	if st := b.Click("#revisions h3 a"); st != 200 {
		t.Fatalf("saved item: HTTP %d", st)
	}
	if got := b.Text("#saved-item"); !strings.Contains(got, "完成榆林市下达目标任务的105%") {
		t.Errorf("the published text moved: %q", got)
	}
	b.Screenshot("saved-with-revision")
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console: %v", errs)
	}

	// The newspaper page holds back Zibo's item, saying why.
	nat := browsertest.Start(t, env.Server.URL)
	nat.Login("national", apptest.Password)
	if st := nat.Open("/bulletins/page?" + period); st != 200 {
		t.Fatalf("page: HTTP %d", st)
	}
	if held := nat.Text("#held"); !strings.Contains(held, "淄博高新区") || !strings.Contains(held, "只完成年度目标的0.6%") {
		t.Errorf("held items %q", held)
	}
	if news := nat.Text("#newspaper"); strings.Contains(news, "目标任务的1%") || !strings.Contains(news, "榆林高新区") {
		t.Errorf("the page prints %q", news)
	}
	nat.Screenshot("page-held")

	// On a phone the editor keeps its chips usable.
	phone := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	phone.Login("yulin-staff", apptest.Password)
	if st := phone.Open("/zones/yulin/bulletin-templates/tech_contract/yoy?" + period); st != 200 {
		t.Fatalf("phone editor: HTTP %d", st)
	}
	phone.Screenshot("editor-phone")
	// A figure added from the list lands in the sentence field.
	phone.Do("add a chip", chromedp.Click(chromedp.CSS(`#chip-palette .chip[data-chip="城市"]`)))
	if v := phone.Value("#form-body"); !strings.HasSuffix(v, "「城市」") {
		t.Errorf("after adding a chip the body ends %q", v[max(0, len(v)-40):])
	}
	if st := phone.Open("/zones/yulin/bulletin?" + period); st != 200 {
		t.Fatalf("phone bulletin: HTTP %d", st)
	}
	phone.Screenshot("bulletin-phone")

	// English: the same page, its names and reasons in English.
	en := browsertest.Start(t, env.Server.URL, browsertest.Options{Lang: "en"})
	en.Login("zibo-staff", apptest.Password)
	if st := en.Open("/zones/zibo/bulletin?" + period); st != 200 {
		t.Fatalf("English bulletin: HTTP %d", st)
	}
	if f := en.Text("#item-tech_contract .alert.flag"); !strings.Contains(f, "Contract turnover reaches only 0.6% of the annual target (CNY 4.5 billion)") {
		t.Errorf("English flag %q", f)
	}
	en.Do("open the facts", chromedp.SetAttributeValue(chromedp.CSS("#item-tech_contract details.facts"), "open", ""))
	if f := en.Text("#item-tech_contract details.facts"); !strings.Contains(f, "Annual target (turnover)") {
		t.Errorf("English facts %q", f)
	}
	en.Screenshot("bulletin-en-flagged")
}
