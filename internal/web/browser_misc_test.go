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
