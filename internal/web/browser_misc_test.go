package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// phone opens a browser emulating a 390 px screen (Chromium's window is at
// least 500 px wide, so the width is emulated on the page).
func phone(t *testing.T, env *apptest.Env, user, lang string) *browsertest.Browser {
	p := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844, Lang: lang})
	p.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)))
	p.Login(user, apptest.Password)
	return p
}

// overflowing lists the elements of main that reach past the right edge of
// a 390 px screen, except those inside a box that scrolls sideways.
func overflowing(t *testing.T, p *browsertest.Browser) []string {
	t.Helper()
	ctx, cancel := p.Step()
	defer cancel()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const scrolls = e => { for (let a = e.parentElement; a; a = a.parentElement) {
			const o = getComputedStyle(a).overflowX; if (o === "auto" || o === "scroll") return true } return false };
		const out = Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > 390.5 && !scrolls(e))
			.slice(0, 8).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right));
		if (document.documentElement.scrollWidth > 391) out.push("page " + document.documentElement.scrollWidth);
		return out })()`))
	if err != nil {
		t.Fatal(err)
	}
	return wide
}

// TestBrowserWeifangPhone (issue 14, h): every panel of the Weifang
// dashboard, monthly ones included, fits a 390 px screen; wide tables
// scroll inside their box.
func TestBrowserWeifangPhone(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	for _, lang := range []string{"zh-CN", "en"} {
		p := phone(t, env, "weifang-admin", lang)
		for _, path := range []string{"/zones/weifang/dashboard", "/zones/weifang/dashboard?from=2023-01&to=2023-11", "/zones/weifang/dashboard?from=2026-12&to=2026-12", "/zones/weifang/screen",
			"/zones/weifang", "/zones/weifang/honours", "/zones/weifang/investment", "/zones/weifang/projects", "/zones/weifang/party", "/zones/weifang/talent",
			"/zones/weifang/statistics", "/zones/weifang/targets", "/zones/weifang/bulletin", "/zones/weifang/cultivation", "/bulletins/page"} {
			if st := p.Open(path); st != 200 {
				t.Fatalf("%s: HTTP %d", path, st)
			}
			if wide := overflowing(t, p); len(wide) > 0 {
				t.Errorf("%s %s overflows a 390 px screen: %s", lang, path, strings.Join(wide, "; "))
			}
		}
	}

}

// TestBrowserMonthSelects (issue 14, e): no page asks for a month with the
// browser's own picker (which speaks the browser's language): the bulletin
// editor, the bulletin, the 稿件版面 and the projects dashboard name their
// months in the page's language.
func TestBrowserMonthSelects(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	for _, c := range []struct{ lang, user, want string }{{"zh-CN", "yulin-admin", "2023年11月"}, {"en", "yulin-admin", "Nov 2023"}, {"zh-CN", "foshan-staff", "2023年11月"}} {
		b := browsertest.Start(t, env.Server.URL, browsertest.Options{Lang: c.lang})
		b.Login(c.user, apptest.Password)
		pages := []string{"/zones/yulin/bulletin-templates/tech_contract/yoy?from=2023-01&to=2023-11", "/zones/yulin/bulletin?from=2023-01&to=2023-11",
			"/bulletins/page?from=2023-01&to=2023-11"}
		if c.user == "foshan-staff" {
			pages = []string{"/zones/foshan/projects?from=2023-01&to=2023-11"}
		}
		for _, path := range pages {
			if st := b.Open(path); st != 200 {
				t.Fatalf("%s: HTTP %d", path, st)
			}
			if n := b.Count(`input[type="month"]`); n != 0 {
				t.Errorf("%s %s: %d browser month pickers", c.lang, path, n)
			}
			if got := evalString(t, b, `document.querySelector('select[name="to"]').selectedOptions[0].textContent`); got != c.want {
				t.Errorf("%s %s: the chosen month reads %q, want %q", c.lang, path, got, c.want)
			}
		}
		if c.user == "yulin-admin" && c.lang == "zh-CN" {
			b.Open("/zones/yulin/bulletin-templates/tech_contract/yoy?from=2023-01&to=2023-11")
			b.Screenshot("bulletin-editor-months")
		}
	}
}

// evalString evaluates a script returning a string on b's page.
func evalString(t *testing.T, b *browsertest.Browser, js string) string {
	t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return s
}

// TestBrowserPartialMonthAndTimeProgress (issue 14, b, c, d): on December
// 5th the current month is shown to date without a year-on-year change (the
// rollups keep months, so there is no like-for-like base), with a link to
// the whole months that have one; the dashboard and the targets page give
// one time progress, by days; a change that rounds to 0.0% reads 持平.
func TestBrowserPartialMonthAndTimeProgress(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("yulin-admin", apptest.Password)

	if st := b.Open("/zones/yulin/dashboard"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if got := b.Text("#partial-note"); !strings.Contains(got, "数据截至2026年12月5日") || !strings.Contains(got, "不计同比") {
		t.Errorf("partial note = %q", got)
	}
	if got := b.Text("#tile-tech_contract-count .tile-yoy"); got != "本月未满，不计同比" {
		t.Errorf("count YoY on a partial month = %q", got)
	}
	dec := `//section[@id="trend-tech_contract-count"]//tr[td[1]="2026-12（截至5日）"]`
	if !b.Has(dec) {
		t.Fatalf("no December row marked to date: %q", b.Text("#trend-tech_contract-count"))
	}
	if got := b.Text(dec + "/td[4]"); got != "—" {
		t.Errorf("December's YoY = %q, want — (5 days against a whole month)", got)
	}
	if got := b.Text(`//section[@id="trend-tech_contract-count"]//tr[td[1]="2026-11"]/td[4]`); !strings.HasSuffix(got, "%") {
		t.Errorf("November keeps its YoY: %q", got)
	}
	// One time progress, by days: 339 of 365 days on December 5th.
	elapsed := b.Text("#tile-tech_contract-contract_amount .elapsed-note")
	if elapsed != "时间进度92.9%（按天）" {
		t.Errorf("dashboard time progress = %q", elapsed)
	}
	b.Screenshot("dashboard-partial")

	b.Click("#partial-whole")
	if loc := b.Location(); !strings.Contains(loc, "from=2026-01") || !strings.Contains(loc, "to=2026-11") {
		t.Errorf("the whole months are %s", loc)
	}
	if b.Has("#partial-note") {
		t.Error("1-11月 read in December is whole months")
	}
	if got := b.Text("#tile-tech_contract-count .tile-yoy"); !strings.HasPrefix(got, "同比") && got != "与上年持平" {
		t.Errorf("1-11月 YoY = %q", got)
	}
	// 1.38% against 1.38%: flat, not 同比下降0.0%.
	if got := b.Text("#tile-stat-rd_intensity .tile-yoy"); got != "与上年持平" {
		t.Errorf("R&D intensity YoY = %q, want 与上年持平", got)
	}
	if got := b.Text("#tiles"); strings.Contains(got, "0.0%") && (strings.Contains(got, "增长0.0%") || strings.Contains(got, "下降0.0%")) {
		t.Errorf("a change of 0.0%% is worded as a rise or fall: %q", got)
	}

	b.Open("/zones/yulin/targets")
	if got := b.Text("#target-tech_contract-contract_amount .elapsed-note"); got != elapsed {
		t.Errorf("targets page time progress = %q, dashboard %q", got, elapsed)
	}

	en := browsertest.Start(t, env.Server.URL, browsertest.Options{Lang: "en"})
	en.Login("yulin-admin", apptest.Password)
	en.Open("/zones/yulin/dashboard?from=2026-01&to=2026-11")
	if got := en.Text("#tile-stat-rd_intensity .tile-yoy"); got != "flat YoY" {
		t.Errorf("English R&D intensity YoY = %q, want flat YoY", got)
	}
	en.Open("/zones/yulin/dashboard")
	if got := en.Text("#partial-note"); !strings.Contains(got, "Figures to Dec 5, 2026") {
		t.Errorf("English partial note = %q", got)
	}
	if got := en.Text("#tile-tech_contract-contract_amount .elapsed-note"); got != "time elapsed 92.9% (by days)" {
		t.Errorf("English time progress = %q", got)
	}
}

// TestBrowserTargetsSetFirst (issue 14, g): the targets page lists the
// targets that are set first and folds the others under 未下达目标的指标
// (N), which opens without script; no indicator is listed twice; a refused
// value for an indicator without a target keeps the fold open beside its
// error.
func TestBrowserTargetsSetFirst(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("yulin-city", apptest.Password)
	if st := b.Open("/zones/yulin/targets"); st != 200 {
		t.Fatalf("targets: HTTP %d", st)
	}
	set := b.Count("#target-list tbody tr")
	if set < 1 || b.Has("#target-list #no-targets") {
		t.Fatalf("no targets listed first: %q", b.Text("#target-list"))
	}
	if got := b.Text("#target-list"); strings.Contains(got, "未下达") {
		t.Errorf("an indicator without a target among the set ones: %q", got)
	}
	if open := evalString(t, b, `String(document.querySelector("#target-unset").open)`); open != "false" {
		t.Errorf("the fold is open: %s", open)
	}
	unset := b.Count("#target-unset tbody tr")
	if want := fmt.Sprintf("未下达目标的指标（%d）", unset); b.Text("#target-unset-summary") != want || unset < 10 {
		t.Errorf("fold reads %q with %d rows", b.Text("#target-unset-summary"), unset)
	}
	names := map[string]int{}
	for _, n := range strings.Split(evalString(t, b, `Array.from(document.querySelectorAll("#target-list tbody tr td:first-child, #target-unset tbody tr td:first-child")).map(e => e.textContent.trim()).join("\n")`), "\n") {
		names[n]++
	}
	for n, c := range names {
		if c > 1 {
			t.Errorf("%s listed %d times", n, c)
		}
	}
	if names["招商项目开工数"] != 1 || names["重点项目开工数"] != 1 {
		t.Errorf("the two started-project counts are not told apart: %v", names)
	}
	b.Screenshot("targets-folded")

	// A refused value in the fold: the fold stays open, the error beside it.
	b.Do("open the fold", chromedp.Click("#target-unset-summary"))
	const form = "#target-form-tech_contract-count"
	b.Fill(form+` input[name="value"]`, "12x")
	if st := b.Click(form + ` button[value="set"]`); st != 422 {
		t.Fatalf("bad target: HTTP %d, want 422", st)
	}
	if open := evalString(t, b, `String(document.querySelector("#target-unset").open)`); open != "true" {
		t.Errorf("the fold hides the refused value's error")
	}
	if got := b.Text("#err-tech_contract-count"); !strings.Contains(got, "12x") {
		t.Errorf("error beside the field = %q", got)
	}
	// Setting it moves it to the list of targets set.
	b.Fill(form+` input[name="value"]`, "500")
	b.Click(form + ` button[value="set"]`)
	b.WaitText("#done", "已保存")
	if got := b.Text("#target-list #target-tech_contract-count .target-value"); got != "500项" {
		t.Errorf("the new target reads %q among the set ones", got)
	}
	if n := b.Count("#target-unset tbody tr"); n != unset-1 {
		t.Errorf("%d indicators left without a target, want %d", n, unset-1)
	}
}

// TestBrowserProjectsTiming (issue 14, f): the projects list links the
// projects dashboard; a project's 滞后…天 says what it compares. The
// southern works, behind plan in 2023, report on in the living demo and
// finish on 2025-05-26: late by the days from the planned finish to the
// actual one. (A project with an old last report is late by the days since
// its planned finish, at least: project.TimingOf's tests.)
func TestBrowserProjectsTiming(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("foshan-staff", apptest.Password)
	if st := b.Open("/projects"); st != 200 {
		t.Fatalf("projects: HTTP %d", st)
	}
	south := `//table[@id="projects"]//tr[td[1]/a[contains(., "南区")]]/td[8]`
	// Due 2023-10-31, finished 2025-05-26: 573 days late.
	if got := b.Text(south); got != "滞后573天" {
		t.Errorf("southern works timing = %q, want 滞后573天", got)
	}
	help := evalString(t, b, `document.evaluate('`+south+`', document, null, 9, null).singleNodeValue.title`)
	for _, want := range []string{"2025-05-26", "2023-10-31"} {
		if !strings.Contains(help, want) {
			t.Errorf("timing tooltip %q does not say %s", help, want)
		}
	}
	if got := b.Text("#timing-note"); !strings.Contains(got, "计划完工日") || !strings.Contains(got, "预计") {
		t.Errorf("footnote = %q", got)
	}
	b.Screenshot("projects-list")
	if st := b.Click("#projects-dashboard"); st != 200 {
		t.Fatalf("projects dashboard: HTTP %d", st)
	}
	if loc := b.Location(); !strings.HasPrefix(loc, "/zones/foshan/projects") {
		t.Errorf("the dashboard link leads to %s", loc)
	}

	n := browsertest.Start(t, env.Server.URL)
	n.Login("national", apptest.Password)
	n.Open("/projects")
	if c := n.Count("#projects-dashboards a"); c < 5 {
		t.Errorf("national sees %d zones' project dashboards linked, want the 5 zones", c)
	}
	n.Click(`//p[@id="projects-dashboards"]/a[.="佛山高新区"]`)
	if loc := n.Location(); !strings.HasPrefix(loc, "/zones/foshan/projects") {
		t.Errorf("national's Foshan link leads to %s", loc)
	}
}

// TestBrowserDisplayNames (issue 14, a): an administrator edits a user's
// display name on the users page, a user their own on 我的账号; records
// name people by display name with the username in a tooltip.
func TestBrowserDisplayNames(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	a := browsertest.Start(t, env.Server.URL)
	a.Login("yulin-admin", apptest.Password)
	a.Open("/users")
	row := `//table[@id="user-list"]//tr[td[1]="yulin-registrar"]`
	if st := a.Click(row + `//a[contains(@class, "edit-name")]`); st != 200 {
		t.Fatalf("edit name: HTTP %d", st)
	}
	if got := a.Value(`#name-form input[name="display_name"]`); got != "马骏" {
		t.Errorf("the form holds %q, want the current name 马骏", got)
	}
	a.Fill(`#name-form input[name="display_name"]`, "  ")
	if st := a.Click("#name-save"); st != 422 {
		t.Fatalf("empty name: HTTP %d, want 422", st)
	}
	if !a.Has("#err-display_name") {
		t.Error("no error beside the name field")
	}
	a.Fill(`#name-form input[name="display_name"]`, "马骏驰")
	if st := a.Click("#name-save"); st != 200 {
		t.Fatalf("save name: HTTP %d", st)
	}
	if got := a.Text(row + "/td[2]"); got != "马骏驰" {
		t.Errorf("the list names yulin-registrar %q", got)
	}
	a.Screenshot("users-name-edited")

	// The registrar renames themself on 我的账号; the header follows.
	r := browsertest.Start(t, env.Server.URL)
	r.Login("yulin-registrar", apptest.Password)
	r.Open("/account")
	if got := r.Value(`#account-name-form input[name="display_name"]`); got != "马骏驰" {
		t.Errorf("account form holds %q", got)
	}
	r.Fill(`#account-name-form input[name="display_name"]`, "马骏")
	if st := r.Click("#account-name-save"); st != 200 {
		t.Fatalf("save own name: HTTP %d", st)
	}
	if got := r.Text(".who"); !strings.HasPrefix(got, "马骏 ") {
		t.Errorf("header names %q after the change", got)
	}
	r.Screenshot("account-name")

	// A registrar's steps on a contract are signed with the name.
	r.Open("/contracts?status=registered")
	r.Click(`(//table[@id="contract-list"]/tbody/tr)[1]//a`)
	if n := r.Count(`.person[title]`); n == 0 {
		t.Errorf("the contract's history names nobody by display name: %q", r.Text("body"))
	}
	if got := evalString(t, r, `Array.from(document.querySelectorAll(".person")).map(e => e.textContent).join(",")`); strings.Contains(got, "yulin-registrar") {
		t.Errorf("a contract step is signed with a login: %q", got)
	}
}

// TestBrowserEnterpriseSections (issue 14, i): an enterprise's page lists
// its construction projects and its party organisation beside its
// contracts and honours, each with an empty state, scoped like the rest.
func TestBrowserEnterpriseSections(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	b.Login("foshan-staff", apptest.Password)
	builder := env.IDs.Enterprises["广东佛高控股公司"]
	if st := b.Open(fmt.Sprintf("/enterprises/%d", builder)); st != 200 {
		t.Fatalf("enterprise: HTTP %d", st)
	}
	if n := b.Count("#enterprise-projects tbody tr a"); n < 2 {
		t.Errorf("the builder's page lists %d projects: %q", n, b.Text("#enterprise-projects"))
	}
	if !b.Has("#enterprise-party") || b.Text("#party-org") == "" {
		t.Errorf("no party section")
	}
	b.Screenshot("enterprise-sections")

	// An enterprise without projects or an organisation says so.
	z := browsertest.Start(t, env.Server.URL)
	z.Login("zibo-ent", apptest.Password)
	z.Open("/")
	if got := z.Text("#enterprise-projects"); !strings.Contains(got, "暂无由本企业建设的重点项目") {
		t.Errorf("empty projects read %q", got)
	}
	if got := z.Text("#party-org"); got == "" {
		t.Errorf("party organisation empty state is blank")
	}
	// Scoped: another zone's builder is not found.
	if st := z.Open(fmt.Sprintf("/enterprises/%d", builder)); st != 404 {
		t.Errorf("zibo's enterprise user opens Foshan's builder: HTTP %d", st)
	}
}
