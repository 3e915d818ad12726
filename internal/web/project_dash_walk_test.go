package web_test

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// The projects dashboard says its timing figures count only the projects
// that started or finished in the period, and counts the projects behind
// schedule now by the list's rule, linking to the list filtered to them:
// the count is the list's.
func TestProjectDashboardBehindNow(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("foshan-staff")
	r := env.Do(tok, "GET", "/zones/foshan/projects", nil)
	if r.Status != 200 {
		t.Fatalf("dashboard: %d", r.Status)
	}
	body := string(r.Body)
	if !strings.Contains(body, `id="timing-scope"`) || !strings.Contains(body, "只统计本期内开工或完工的项目") {
		t.Error("no note on what the timing figures count")
	}
	m := regexp.MustCompile(`<p class="small" id="behind-now"><a href="([^"]*)">目前滞后于计划的项目 (\d+) 个`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no count of the projects behind schedule")
	}
	link := html.UnescapeString(m[1])
	if !strings.Contains(link, "timing=behind") || !strings.Contains(link, "zone=foshan") {
		t.Errorf("link %q", link)
	}
	list := env.Do(tok, "GET", link, nil)
	rows := regexp.MustCompile(`<tr data-id="\d+"`).FindAllString(string(list.Body), -1)
	if list.Status != 200 || strconv.Itoa(len(rows)) != m[2] {
		t.Errorf("dashboard counts %s behind, the list %s shows %d (HTTP %d)", m[2], link, len(rows), list.Status)
	}
	if len(rows) == 0 {
		t.Error("the demo data has no project behind schedule; the test checks nothing")
	}
	// The list filtered by timing shows its total like the other lists.
	if !strings.Contains(string(list.Body), `id="list-total">共`+m[2]+`条`) {
		t.Errorf("the list filtered by timing shows no total of %s", m[2])
	}
	for _, timing := range []string{"ahead", "on_time"} {
		l := env.Do(tok, "GET", "/projects?timing="+timing, nil)
		n := len(regexp.MustCompile(`<tr data-id="\d+"`).FindAllString(string(l.Body), -1))
		if !strings.Contains(string(l.Body), `id="list-total">共`+strconv.Itoa(n)+`条`) {
			t.Errorf("/projects?timing=%s lists %d projects but does not say 共%d条", timing, n, n)
		}
	}
}

// On a 390 px phone the projects dashboard's charts keep a readable size
// and scroll sideways inside their box; the page itself does not widen.
func TestBrowserProjectDashboardChartsPhone(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	p := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	p.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)))
	p.Login("foshan-staff", apptest.Password)
	if st := p.Open("/zones/foshan/projects?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	ctx, cancel := p.Step()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth,
		...Array.from(document.querySelectorAll(".chart-wrap svg.chart")).map(e => e.getBoundingClientRect().width)]`))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 {
		t.Fatalf("no charts: %v", got)
	}
	if got[0] > 390.5 {
		t.Errorf("the page is %.0f px wide on a 390 px phone", got[0])
	}
	for i, w := range got[1:] {
		if w < 480 {
			t.Errorf("chart %d shrunk to %.0f px", i, w)
		}
	}
	p.Screenshot("project-dashboard-phone")
}

// The projects list says which finish each row shows (实际, 预计 or 计划)
// and writes the total investment grouped in thousands.
func TestProjectListFinishKindAndTotal(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	r := env.Do(env.Login("foshan-staff"), "GET", "/projects", nil)
	if r.Status != 200 {
		t.Fatalf("list: %d", r.Status)
	}
	body := string(r.Body)
	rows := regexp.MustCompile(`<tr data-id="\d+"`).FindAllString(body, -1)
	kinds := map[string]int{}
	for _, m := range regexp.MustCompile(`class="finish"><span class="finish-kind">([^<]*)</span> \d{4}-\d{2}-\d{2}</td>`).FindAllStringSubmatch(body, -1) {
		kinds[m[1]]++
	}
	n := 0
	for k, c := range kinds {
		if k != "实际" && k != "预计" && k != "计划" {
			t.Errorf("finish kind %q", k)
		}
		n += c
	}
	if len(rows) == 0 || n != len(rows) || len(kinds) < 2 {
		t.Errorf("%d rows, finish kinds %v", len(rows), kinds)
	}
	totals := regexp.MustCompile(`data-label="总投资（万元）" class="num">([^<]*)</td>`).FindAllStringSubmatch(body, -1)
	if len(totals) != len(rows) {
		t.Fatalf("%d totals for %d rows", len(totals), len(rows))
	}
	for _, m := range totals {
		if regexp.MustCompile(`\d{4}`).MatchString(m[1]) {
			t.Errorf("total %q not grouped in thousands", m[1])
		}
	}
}
