package web_test

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// TestBrowserNamesUnits (issue 14, point 9): people are named, not logged
// in as; zones by name; an enterprise user's enterprise picked by its name;
// capital typed and read in 万元 with thousands separators; months named in
// Chinese; the national heading says its year once.
func TestBrowserNamesUnits(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)

	// The certificate names the registrar, not the login.
	b.Login("yulin-registrar", apptest.Password)
	if got := b.Text(".who"); !strings.HasPrefix(got, "马骏") {
		t.Errorf("header names %q, want the display name 马骏", got)
	}
	if st := b.Open("/contracts?status=registered"); st != 200 {
		t.Fatalf("contracts: HTTP %d", st)
	}
	amount := b.Text(`(//table[@id="contract-list"]/tbody/tr)[1]/td[7]`)
	if !regexp.MustCompile(`^\d{1,3}(,\d{3})*\.\d\d$`).MatchString(amount) {
		t.Errorf("contract amount in 万元 = %q, want thousands separators", amount)
	}
	b.Click(`(//table[@id="contract-list"]/tbody/tr)[1]//a`)
	b.Click("#open-certificate")
	if got := b.Text(".certificate-sign"); !strings.Contains(got, "登记员：马骏") || strings.Contains(got, "yulin-registrar") {
		t.Errorf("certificate signature = %q, want 登记员：马骏", got)
	}
	b.Screenshot("certificate")

	// Users list by zone name; add an enterprise user by the enterprise's name.
	a := browsertest.Start(t, env.Server.URL)
	a.Login("zibo-admin", apptest.Password)
	a.Open("/users")
	if rows := a.Text("#user-list tbody"); !strings.Contains(rows, "淄博高新区") || strings.Contains(rows, "\tzibo\t") {
		t.Errorf("user list shows %q, want zone names", rows)
	}
	a.Fill(`#user-form input[name="username"]`, "jinjing-clerk")
	a.Fill(`#user-form input[name="display_name"]`, "赵小兰")
	a.Fill(`#user-form input[name="password"]`, "a-long-password-9")
	a.Do("role", setValue(`#user-form select[name="role"]`, "enterprise"))
	a.Fill(`#user-form input[name="enterprise"]`, "不存在的公司")
	if st := a.Click(`#user-form button[type="submit"]`); st != 422 {
		t.Fatalf("unknown enterprise: HTTP %d, want 422", st)
	}
	if got := a.Text("#err-enterprise"); !strings.Contains(got, "找不到企业“不存在的公司”") {
		t.Errorf("enterprise error = %q", got)
	}
	if got := a.Value(`#user-form input[name="enterprise"]`); got != "不存在的公司" {
		t.Errorf("typed enterprise lost: %q", got)
	}
	a.Fill(`#user-form input[name="password"]`, "a-long-password-9")
	a.Fill(`#user-form input[name="enterprise"]`, "山东金晶科技股份有限公司")
	if st := a.Click(`#user-form button[type="submit"]`); st != 200 {
		t.Fatalf("add enterprise user: HTTP %d", st)
	}
	a.WaitText(".flash", "已保存")

	// Capital: the form and the page speak 万元, the page with separators.
	id := env.IDs.Enterprises["山东金晶科技股份有限公司"]
	a.Open(fmt.Sprintf("/enterprises/%d/edit", id))
	if got := a.Value(`#enterprise-form input[name="reg_capital_fen"]`); got != "142874.00" {
		t.Errorf("registered capital in the form = %q, want 142874.00 (万元)", got)
	}
	if !a.Has(`//label[contains(., "注册资本（万元）")]/input[@name="reg_capital_fen"]`) {
		t.Errorf("capital field not labelled in 万元")
	}
	a.Fill(`#enterprise-form input[name="reg_capital_fen"]`, "150,000.5")
	if st := a.Click("#save"); st != 200 {
		t.Fatalf("save: HTTP %d", st)
	}
	if got := a.Text(`//dl[@id="enterprise-facts"]/dt[.="注册资本（万元）"]/following-sibling::dd[1]`); got != "150,000.50" {
		t.Errorf("registered capital shown = %q, want 150,000.50", got)
	}

	// Months named in Chinese.
	a.Open("/zones/zibo/statistics?year=2023")
	if got := a.Value(`#stat-form select[name="from"]`); got != "2023-01" {
		t.Errorf("month field's value = %q, want 2023-01", got)
	}
	if !a.Has(`//form[@id="stat-form"]//select[@name="from"]/option[@value="2023-01" and .="2023年1月"]`) {
		t.Errorf("month 2023-01 is not offered as 2023年1月")
	}

	// In English: months in English, the capital labelled in 10k yuan, the to-dos.
	a.Click("#lang-en")
	a.Open("/zones/zibo/statistics?year=2023")
	if !a.Has(`//form[@id="stat-form"]//select[@name="from"]/option[@value="2023-01" and .="Jan 2023"]`) {
		t.Errorf("in English month 2023-01 is not offered as Jan 2023")
	}
	a.Open("/")
	if got := a.Text("#todo h2"); !strings.HasPrefix(got, "To do") {
		t.Errorf("English to-do heading = %q", got)
	}
	a.Click("#lang-zh")

	// The national heading: one year, once.
	n := browsertest.Start(t, env.Server.URL)
	n.Login("national", apptest.Password)
	n.Open("/dashboard/national?year=2024")
	h := n.Text("#national-title")
	if years := regexp.MustCompile(`\d{4}`).FindAllString(h, -1); len(years) != 1 {
		t.Errorf("national heading %q says %d years, want one", h, len(years))
	}
	if got := n.Text("#evaluation-note"); !strings.Contains(got, "2024年度评价") {
		t.Errorf("evaluation note = %q", got)
	}
	n.Screenshot("national")
	for _, br := range []*browsertest.Browser{b, a, n} {
		for _, m := range br.ConsoleErrors() {
			t.Errorf("page error: %s", m)
		}
	}
}

// TestBrowserFormsSayWhere (issue 14, point 8): a refused target stands
// beside its field with what was typed; removing a target or a statistic
// and disabling a user ask first, on a page of their own.
func TestBrowserFormsSayWhere(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	const form = "#target-form-tech_contract-contract_amount"

	b.Login("yulin-city", apptest.Password)
	b.Open("/zones/yulin/targets?year=2023")
	b.Fill(form+` input[name="value"]`, "12x")
	if st := b.Click(form + ` button[value="set"]`); st != 422 {
		t.Fatalf("bad target: HTTP %d, want 422", st)
	}
	if got := b.Text("#err-tech_contract-contract_amount"); !strings.Contains(got, "12x") {
		t.Errorf("error beside the field = %q, want it to quote 12x", got)
	}
	if got := b.Value(form + ` input[name="value"]`); got != "12x" {
		t.Errorf("typed value lost: %q", got)
	}
	if n := b.Count("p.err"); n != 0 {
		t.Errorf("%d errors under the table, want them beside the field", n)
	}
	b.Screenshot("target-error")

	// Remove asks first; cancel keeps the target.
	before := b.Text("#target-tech_contract-contract_amount .target-value")
	if st := b.Click(form + ` button[value="delete"]`); st != 200 {
		t.Fatalf("remove: HTTP %d", st)
	}
	if got := b.Text("#confirm-question"); !strings.Contains(got, "删除") || !strings.Contains(got, before) {
		t.Errorf("question = %q, want it to name the target %s", got, before)
	}
	b.Screenshot("target-confirm")
	b.Click("#confirm-no")
	if got := b.Text("#target-tech_contract-contract_amount .target-value"); got != before {
		t.Errorf("after cancelling the target reads %q, want %q", got, before)
	}
	b.Click(form + ` button[value="delete"]`)
	b.Click("#confirm-yes")
	b.WaitText("#done", "已保存")
	if got := b.Text("#target-tech_contract-contract_amount .target-value"); got == before {
		t.Errorf("target still %q after confirming", got)
	}

	// A statistic, as the zone's admin.
	a := browsertest.Start(t, env.Server.URL)
	a.Login("yulin-admin", apptest.Password)
	a.Open("/zones/yulin/statistics?year=2023")
	rows := a.Count("#stat-list tbody tr")
	first := a.Text("(//table[@id='stat-list']/tbody/tr)[1]/td[1]")
	a.Click("(//table[@id='stat-list']/tbody/tr)[1]//button")
	if got := a.Text("#confirm-question"); !strings.Contains(got, first) {
		t.Errorf("question = %q, want it to name %s", got, first)
	}
	if n := a.Count("#stat-list tbody tr"); n != rows {
		t.Errorf("asking removed a row: %d rows, want %d", n, rows)
	}
	a.Click("#confirm-yes")
	a.WaitText("#done", "已保存")

	// Disabling a user.
	a.Open("/users")
	a.Click(`//table[@id="user-list"]//tr[td[1]="yulin-staff"]//button`)
	if got := a.Text("#confirm-question"); !strings.Contains(got, "林芳") || !strings.Contains(got, "yulin-staff") {
		t.Errorf("question = %q", got)
	}
	a.Screenshot("user-confirm")
	if got := a.Text(`//table[@id="user-list"]//tr[td[1]="yulin-staff"]/td[5]`); got != "正常" {
		t.Errorf("asking changed the status to %q", got)
	}
	a.Click("#confirm-yes")
	if got := a.Text(`//table[@id="user-list"]//tr[td[1]="yulin-staff"]/td[5]`); got != "已停用" {
		t.Errorf("after confirming the status is %q", got)
	}
	for _, br := range []*browsertest.Browser{b, a} {
		for _, m := range br.ConsoleErrors() {
			t.Errorf("page error: %s", m)
		}
	}
}

// TestBrowserEveryRoleFindsItsWork (issue 14, point 4): a city reaches its
// zones' dashboards, targets and bulletins from its home page, which counts
// its to-dos; the zone page links to the dashboard; the national ranking's
// names link to the zones; an enterprise's page lists its contracts.
func TestBrowserEveryRoleFindsItsWork(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")

	c := browsertest.Start(t, env.Server.URL)
	c.Login("yulin-city", apptest.Password)
	c.Open("/")
	if !c.Has("#todo-targets") || !strings.Contains(c.Text("#todo-targets"), "未下达目标") {
		t.Errorf("the city's to-dos do not count targets not set: %q", c.Text("#todo"))
	}
	card := "#zone-yulin"
	if got := c.Text(card + " dl.headlines"); !strings.Contains(got, "技术合同成交额") || !strings.Contains(got, "亿元") {
		t.Errorf("headline figures = %q", got)
	}
	c.Screenshot("home-city")
	for _, sel := range []string{card + " a.dashboard-link", card + " a.bulletin-link"} {
		if !c.Has(sel) {
			t.Errorf("home page lacks %s", sel)
		}
	}
	if st := c.Click(card + " a.targets-link"); st != 200 || c.Location() != "/zones/yulin/targets" {
		t.Fatalf("targets link: HTTP %d at %s", st, c.Location())
	}
	c.Open("/zones/yulin")
	if st := c.Click("#zone-dashboard"); st != 200 || !strings.HasPrefix(c.Location(), "/zones/yulin/dashboard") {
		t.Errorf("zone page's dashboard link: HTTP %d at %s", st, c.Location())
	}

	// The registrar's home page counts the contracts waiting.
	reg := browsertest.Start(t, env.Server.URL)
	reg.Login("yulin-registrar", apptest.Password)
	reg.Open("/")
	if !reg.Has("#todo-pending") {
		t.Errorf("registrar's to-dos: %q", reg.Text("#todo"))
	}
	if !reg.Has("#zone-yulin a.queue-link") {
		t.Errorf("registrar's home page has no link to the queue")
	}

	// National: a ranked zone's name opens the zone.
	n := browsertest.Start(t, env.Server.URL)
	n.Login("national", apptest.Password)
	n.Open("/dashboard/national?year=2024")
	if st := n.Click(`//section[@id="composite"]//td/a[.="榆林高新区"]`); st != 200 || n.Location() != "/zones/yulin" {
		t.Errorf("ranking link: HTTP %d at %s", st, n.Location())
	}

	// The enterprise's own page lists its contracts.
	e := browsertest.Start(t, env.Server.URL)
	e.Login("yulin-ent", apptest.Password)
	if !regexp.MustCompile(`^/enterprises/\d+$`).MatchString(e.Location()) {
		t.Fatalf("enterprise user lands at %s", e.Location())
	}
	if n := e.Count("#enterprise-contracts tbody tr a"); n == 0 {
		t.Errorf("the enterprise page lists no contracts: %q", e.Text("#enterprise-contracts"))
	}
	e.Screenshot("enterprise")
	for _, br := range []*browsertest.Browser{c, reg, n, e} {
		for _, m := range br.ConsoleErrors() {
			t.Errorf("page error: %s", m)
		}
	}

	// On a phone.
	p := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	p.Login("yulin-city", apptest.Password)
	p.Open("/")
	p.Screenshot("home-city-phone")
}

// TestBrowserPhoneAndPrint (issue 14, point 11): the dashboard's charts fit
// a 390 px screen; printed, it leaves out the navigation and its panels
// flow from sheet to sheet, so the PDF has no more pages than its content
// fills (a panel moved whole to the next sheet would leave half-empty ones).
func TestBrowserPhoneAndPrint(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	const dashboard = "/zones/yulin/dashboard?from=2023-01&to=2023-11"

	p := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	// Chromium's window is at least 500 px wide; the phone's 390 px is
	// emulated on the page.
	p.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)))
	p.Login("yulin-city", apptest.Password)
	p.Open(dashboard)
	ctx, cancel := p.Step()
	widest, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.max(document.documentElement.scrollWidth,
		...Array.from(document.querySelectorAll("svg.chart, .panel")).map(e => e.getBoundingClientRect().right))`))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if widest > 390.5 {
		ctx, cancel := p.Step()
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > 391).slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right))`))
		cancel()
		t.Errorf("on a 390 px phone the dashboard is %.0f px wide: %v", widest, wide)
	}
	if n := p.Count("svg.chart"); n == 0 {
		t.Fatal("no charts on the dashboard")
	}
	p.Screenshot("dashboard-phone")

	b := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 680, Height: 1000})
	b.Login("yulin-city", apptest.Password)
	b.Open(dashboard)
	ctx, cancel = b.Step()
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[getComputedStyle(document.querySelector("header.top")).display === "none" ? 1 : 0,
		getComputedStyle(document.querySelector("form.period")).display === "none" ? 1 : 0,
		document.querySelector("main").getBoundingClientRect().height]`))
	if err != nil {
		t.Fatal(err)
	}
	if state[0] != 1 || state[1] != 1 {
		t.Errorf("printed, the navigation (%v) or the period form (%v) still shows", state[0] == 0, state[1] == 0)
	}
	// A4 with 15 mm margins: 180 × 267 mm, at 96 px per inch.
	const sheet = 267 / 25.4 * 96
	want := int(math.Ceil(state[2] / sheet))
	margin := 15 / 25.4
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 210 / 25.4, PaperHeight: 297 / 25.4,
		MarginTop: &margin, MarginBottom: &margin, MarginLeft: &margin, MarginRight: &margin})
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(res.Data, -1))
	t.Logf("printed dashboard: %d pages for %.0f px of content (%d sheets' worth)", pages, state[2], want)
	if pages == 0 || pages > want+1 {
		t.Errorf("the printed dashboard takes %d pages for %d sheets of content", pages, want)
	}
}

// TestBrowserRegistryRules (issue 14, point 10): an applicant's online
// submission needs its written contract and then reads 待受理 until the
// registrar accepts it, which starts the deadline; the tax block of a
// contract that does not qualify shows one result with its reason.
func TestBrowserRegistryRules(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	tok := env.Login("yulin-ent")
	resp := env.Do(tok, "POST", "/api/v1/contracts", map[string]any{
		"name": "兰炭尾气综合利用技术开发合同", "type": "DEV_ENTRUSTED", "signed_on": "2023-11-01", "valid_from": "2023-11-01", "valid_to": "2024-10-31",
		"field": "06", "buyer": map[string]any{"name": "陕西煤业化工集团有限责任公司", "nature": "110", "region": "610103"},
		"contract_amount_fen": 80_000_000})
	var created struct{ ID int64 }
	resp.JSON(t, &created)
	if resp.Status != 201 {
		t.Fatalf("create: %d %s", resp.Status, resp.Body)
	}
	page := fmt.Sprintf("/contracts/%d", created.ID)

	e := browsertest.Start(t, env.Server.URL)
	e.Login("yulin-ent", apptest.Password)
	e.Open(page)
	if st := e.Click("#do-submit"); st != 422 {
		t.Fatalf("submitting without the written contract: HTTP %d, want 422", st)
	}
	if got := e.Text("#err-attachments"); !strings.Contains(got, "书面合同") || !strings.Contains(got, "口头合同") {
		t.Errorf("the refusal says %q", got)
	}
	e.Screenshot("submit-refused")
	if r := env.Do(tok, "POST", "/api/v1"+page+"/attachments", apptest.Upload{Name: "合同.pdf", Data: []byte("%PDF-1.4 signed")}); r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	e.Open(page)
	e.Click("#do-submit")
	if got := e.Text("#contract-status"); got != "待受理" {
		t.Errorf("after submitting online the status reads %q, want 待受理", got)
	}
	if e.Has(`//dt[.="办结期限"]`) {
		t.Errorf("a submission not yet accepted shows a deadline")
	}

	r := browsertest.Start(t, env.Server.URL)
	r.Login("yulin-registrar", apptest.Password)
	r.Open(page)
	if r.Has("#form-register") {
		t.Error("the registrar may register before accepting")
	}
	r.Screenshot("awaiting")
	r.Click("#do-accept")
	if got := r.Text("#contract-status"); got != "已受理" {
		t.Errorf("after accepting the status reads %q, want 已受理", got)
	}
	if got := r.Text(`//dl[1]/dt[.="受理日期"]/following-sibling::dd[1]`); got != "2023-12-18" {
		t.Errorf("acceptance date %q, want today 2023-12-18", got)
	}
	if !r.Has("#form-register") {
		t.Error("no register form once accepted")
	}

	// A consulting contract does not qualify for the income-tax benefit:
	// the block says so, with the reason, and shows no exemption beneath.
	r.Open("/contracts?q=" + url.QueryEscape("烟气脱硫脱硝示范应用技术咨询合同"))
	r.Click(`(//table[@id="contract-list"]/tbody/tr)[1]//a`)
	eit := r.Text("#benefit-eit")
	if !strings.HasPrefix(eit, "不符合条件") {
		t.Fatalf("income-tax line = %q", eit)
	}
	if r.Has("#benefit-tax-year") {
		if got := r.Text("#benefit-tax-year"); strings.Contains(got, "免征") || !strings.Contains(got, "不计入") {
			t.Errorf("under 不符合条件 the tax year reads %q", got)
		}
	}
	r.Screenshot("benefits")
	for _, br := range []*browsertest.Browser{e, r} {
		for _, m := range br.ConsoleErrors() {
			t.Errorf("page error: %s", m)
		}
	}
}

// TestBrowserListsToWorkThrough (issue 14, point 7): the enterprise list
// counts its total, numbers its pages, lists the newest first or by name,
// exports; the header's search finds an enterprise by credit code and a
// contract by its registration number.
func TestBrowserListsToWorkThrough(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	b.Login("national", apptest.Password)
	b.Open("/enterprises")
	total := regexp.MustCompile(`共(\d+)条`).FindStringSubmatch(b.Text("#list-total"))
	if total == nil {
		t.Fatalf("no total: %q", b.Text("#list-total"))
	}
	if got := b.Text("#page-no"); !strings.HasPrefix(got, "第1页，共") {
		t.Errorf("page number = %q", got)
	}
	first := b.Text(`(//table[@id="enterprise-list"]/tbody/tr)[1]/td[1]`)
	if b.Has("#next-page") {
		b.Click("#next-page")
		if got := b.Text("#page-no"); !strings.HasPrefix(got, "第2页") {
			t.Errorf("second page numbered %q", got)
		}
		b.Click("#first-page")
	}
	b.Click("#sort-name")
	byName := b.Text(`(//table[@id="enterprise-list"]/tbody/tr)[1]/td[1]`)
	if byName == first {
		t.Errorf("ordering by name lists %q first, as newest-first did", byName)
	}
	if !b.Has(`//a[@id="export-xlsx" and contains(@href, "format=xlsx")]`) {
		t.Error("no xlsx export of the list")
	}
	resp := env.Do(env.Login("national"), "GET", "/enterprises?format=csv&sort=name", nil)
	lines := strings.Split(strings.TrimSpace(string(resp.Body)), "\n")
	if resp.Status != 200 || len(lines)-1 != atoi(t, total[1]) || !strings.Contains(lines[1], byName) {
		t.Errorf("CSV export: %d, %d rows for a total of %s; first %q", resp.Status, len(lines)-1, total[1], lines[min(1, len(lines)-1)])
	}
	b.Screenshot("enterprises")

	// The header's search: a credit code, then a registration number.
	code := env.Do(env.Login("national"), "GET", "/api/v1/enterprises?q="+url.QueryEscape("山东金晶"), nil)
	uscc := regexp.MustCompile(`"uscc":"([0-9A-Z]{18})"`).FindStringSubmatch(string(code.Body))
	if uscc == nil {
		t.Fatalf("no credit code: %s", code.Body)
	}
	b.Fill(`#global-search input[name="q"]`, uscc[1])
	b.Do("search", chromedp.Submit(chromedp.CSS(`#global-search input[name="q"]`)))
	b.WaitText("#search-enterprises", "山东金晶科技股份有限公司")
	b.Fill(`#global-search input[name="q"]`, "23610801000394")
	b.Do("search", chromedp.Submit(chromedp.CSS(`#global-search input[name="q"]`)))
	b.WaitText("#search-contracts", "23610801000394")
	b.Screenshot("search")
	for _, m := range b.ConsoleErrors() {
		t.Errorf("page error: %s", m)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
