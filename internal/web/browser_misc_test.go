package web_test

import (
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
