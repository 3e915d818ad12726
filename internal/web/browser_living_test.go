package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// livingNow is a clock three years past the page: the demo is loaded as on
// that day, so its living part runs through December 2026.
var livingNow = time.Date(2026, 12, 5, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// TestBrowserNothingOpensEmpty (issue 14, point 1): on a 2026 clock the
// dashboard, 大屏, targets, bulletin and 稿件版面 open on a living current
// period; a period without data says 暂无数据 and links to the latest one
// with data, never a row of zeros — in Chinese and in English.
func TestBrowserNothingOpensEmpty(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("yulin-admin", apptest.Password)

	// The current period is alive.
	if st := b.Open("/zones/yulin/dashboard"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if b.Has("#no-data") {
		t.Fatalf("the current period is empty: %q", b.Text("#no-data"))
	}
	if got := b.Text("#tile-tech_contract-count .tile-value"); got == "0项" || !strings.HasSuffix(got, "项") {
		t.Errorf("2026 count = %q", got)
	}
	if got := b.Text("#dashboard-title"); !strings.Contains(got, "2026年1-12月") {
		t.Errorf("title %q", got)
	}
	b.Screenshot("dashboard-2026")
	for _, page := range []string{"/zones/yulin/screen", "/zones/yulin/targets", "/zones/yulin/bulletin", "/bulletins/page"} {
		if st := b.Open(page); st != 200 {
			t.Fatalf("%s: HTTP %d", page, st)
		}
		if b.Has("#no-data") || b.Has("#no-items") {
			t.Errorf("%s opens empty", page)
		}
	}
	b.Open("/zones/yulin/targets")
	if got := b.Text("#target-tech_contract-contract_amount .target-value"); got == "" || strings.Contains(got, "未") {
		t.Errorf("2026 target = %q", got)
	}
	// A module with nothing recorded for Yulin in 2026 reads 暂无数据, not 0;
	// the employees, last entered for 2025, carry their date.
	// (They have no target, so they are folded under 未下达目标的指标.)
	b.Do("open the indicators without a target", chromedp.Click("#target-unset-summary"))
	if got := b.Text("#target-unset"); !strings.Contains(got, "暂无数据") || !strings.Contains(got, "截至2025年") {
		t.Errorf("targets %q", got)
	}

	// An empty period: 暂无数据 and the way to the latest period with data.
	empty := "?from=2019-01&to=2019-12"
	for _, tc := range []struct{ page, latest string }{
		{"/zones/yulin/dashboard" + empty, "/zones/yulin/dashboard?from=2026-01&to=2026-12"},
		{"/zones/yulin/screen" + empty, "/zones/yulin/screen?from=2026-01&to=2026-12"},
		// News is offered up to the last whole month (a period into December has no YoY).
		{"/zones/yulin/bulletin" + empty, "/zones/yulin/bulletin?from=2026-01&to=2026-11"},
		{"/bulletins/page" + empty, "/bulletins/page?from=2026-01&to=2026-11"},
		{"/zones/yulin/targets?year=2019", "/zones/yulin/targets?year=2026"},
	} {
		if st := b.Open(tc.page); st != 200 {
			t.Fatalf("%s: HTTP %d", tc.page, st)
		}
		if got := b.Text("#no-data"); !strings.Contains(got, "2019年") || !strings.Contains(got, "暂无数据") || !strings.Contains(got, "查看有数据的最近一期：2026年") {
			t.Errorf("%s: no-data %q", tc.page, got)
		}
		if b.Has("#tiles") {
			t.Errorf("%s: tiles of zeros shown", tc.page)
		}
		if strings.HasPrefix(tc.page, "/zones/yulin/dashboard") {
			b.Screenshot("dashboard-empty")
		}
		if st := b.Click("#latest-link"); st != 200 {
			t.Fatalf("%s: latest link HTTP %d", tc.page, st)
		}
		if loc := b.Location(); loc != tc.latest {
			t.Errorf("latest link of %s went to %s, want %s", tc.page, loc, tc.latest)
		}
		if b.Has("#no-data") {
			t.Errorf("%s: the latest period is empty too", tc.latest)
		}
	}

	// English.
	b.Click("#lang-en")
	if st := b.Open("/zones/yulin/dashboard" + empty); st != 200 {
		t.Fatalf("dashboard (en): HTTP %d", st)
	}
	if got := b.Text("#no-data"); !strings.Contains(got, "No data for Jan–Dec 2019.") || !strings.Contains(got, "See the latest period with data: 2026") {
		t.Errorf("no-data (en) %q", got)
	}
	b.Click("#lang-zh")
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %s", strings.Join(errs, "; "))
	}
}

// TestBrowserNoDataIsNoRank (issue 14, point 2): on the city view the
// counties without registrations are listed as 暂无数据, unranked, and the
// ranks count only the areas with data; on the national page a composite
// is built only from complete inputs, naming what is missing.
func TestBrowserNoDataIsNoRank(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("yulin-city", apptest.Password)
	if st := b.Open("/cities/610800/dashboard?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("city view: HTTP %d", st)
	}
	rows := "#rank-tech_contract-contract_amount tbody tr"
	n := b.Count(rows)
	if n < 3 {
		t.Fatalf("%d rows in the amount ranking", n)
	}
	if got := b.Text(rows + ":first-child td:first-child"); got != "1" {
		t.Errorf("first position %q", got)
	}
	if got := b.Text(rows + ":last-child td:first-child"); got != "暂无数据" {
		t.Errorf("a county without registrations shows %q, want 暂无数据", got)
	}
	if got := b.Text(rows + ":last-child td:nth-child(3)"); got != "—" {
		t.Errorf("its value %q, want — (not 0)", got)
	}
	b.Screenshot("city-unranked")

	// The zone's own dashboard: alone with data in its city, no "第1位 / 共7个".
	if st := b.Open("/zones/yulin/dashboard?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if got := b.Text("#ranks-summary"); strings.Contains(got, "共7个") || !strings.Contains(got, "榆林市 唯一有数据的地区，不排名") || !strings.Contains(got, "全国 第1位 / 共5个") {
		t.Errorf("ranks %q", got)
	}

	// National, 2026: the business-environment scores were last entered for
	// 2025, so no zone's inputs are complete and none is ranked overall.
	b = browsertest.Start(t, env.Server.URL)
	b.Login("national", apptest.Password)
	if st := b.Open("/dashboard/national?from=2026-01&to=2026-11"); st != 200 {
		t.Fatalf("national: HTTP %d", st)
	}
	if got := b.Text("#composite"); !strings.Contains(got, "没有数据齐全的高新区") || !strings.Contains(got, "未排名：缺少") || !strings.Contains(got, "营商环境榜") {
		t.Errorf("composite %q", got)
	}
	if got := b.Text("#list-business-env"); strings.Contains(got, "并列") || !strings.Contains(got, "暂无数据") {
		t.Errorf("business-environment list %q", got)
	}
	// 2025: only Zibo has honours data (the demo's honours are Zibo's), so
	// Zibo alone is ranked and the others say what they lack.
	if st := b.Open("/dashboard/national?from=2025-01&to=2025-12"); st != 200 {
		t.Fatalf("national 2025: HTTP %d", st)
	}
	if got := b.Text("#composite tbody tr:first-child"); !strings.Contains(got, "1") || !strings.Contains(got, "淄博高新区") {
		t.Errorf("composite 2025 first row %q", got)
	}
	if got := b.Text("#composite"); strings.Contains(got, "没有数据齐全") || strings.Count(got, "未排名：缺少高质量企业数量榜") != 4 {
		t.Errorf("composite 2025 %q", got)
	}
	b.Screenshot("national-2025")
	b.Click("#lang-en")
	if st := b.Open("/dashboard/national?from=2026-01&to=2026-11"); st != 200 {
		t.Fatalf("national (en): HTTP %d", st)
	}
	if got := b.Text("#composite"); !strings.Contains(got, "Not ranked: no data on") {
		t.Errorf("composite (en) %q", got)
	}
	b.Click("#lang-zh")
}

// TestBrowserStocksCarryTheirDate (issue 14, point 3): employees last
// entered for 2025 are shown under 2026 with 截至2025年 and no YoY; a score
// of 980000分 is refused naming the field and range, the typed value kept;
// an outlier needs a reason, which is stored and shown.
func TestBrowserStocksCarryTheirDate(t *testing.T) {
	browsertest.Require(t)
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("yulin-admin", apptest.Password)
	if st := b.Open("/zones/yulin/dashboard"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	tile := "#tile-stat-employees"
	if got := b.Text(tile + " .tile-asof"); got != "截至2025年" {
		t.Errorf("as-of = %q", got)
	}
	if got := b.Text(tile + " .tile-yoy"); got != "" {
		t.Errorf("a held-on stock has a YoY: %q", got)
	}
	if got := b.Text(tile + " .tile-prev"); !strings.HasSuffix(got, "—") {
		t.Errorf("a held-on stock compared with itself: %q", got)
	}
	if got := b.Text("#tile-tech_contract-amount_per_person .tile-asof"); got != "截至2025年" {
		t.Errorf("per person, on the dated stock: %q", got)
	}
	if b.Has("#tile-stat-gross_output .tile-asof") {
		t.Error("a flow entered in 2026 is dated")
	}
	b.Screenshot("dashboard-asof")

	if st := b.Open("/zones/yulin/statistics?year=2026"); st != 200 {
		t.Fatalf("statistics: HTTP %d", st)
	}
	form := "#stat-form"
	b.Do("choose the score", setValue(form+` select[name="indicator"]`, "stat.business_env"))
	b.Do("from", setValue(form+` select[name="from"]`, "2026-11"))
	b.Do("to", setValue(form+` select[name="to"]`, "2026-11"))
	b.Fill(form+` input[name="value"]`, "980000")
	if st := b.Click("#stat-save"); st != 422 {
		t.Fatalf("980000分: HTTP %d, want 422", st)
	}
	if got := b.Text(form + " .err"); !strings.Contains(got, "营商环境评价") || !strings.Contains(got, "980,000.00分") || !strings.Contains(got, "0.00至100.00分") {
		t.Errorf("range message %q", got)
	}
	if got := b.Value(form + ` input[name="value"]`); got != "980000" {
		t.Errorf("typed value not kept: %q", got)
	}
	b.Fill(form+` input[name="value"]`, "30")
	if st := b.Click("#stat-save"); st != 422 {
		t.Fatalf("30分 without a reason: HTTP %d, want 422", st)
	}
	if got := b.Text("#err-note"); !strings.Contains(got, "超出常见范围") {
		t.Errorf("outlier message %q", got)
	}
	b.Fill("#stat-note", "评价口径调整")
	if st := b.Click("#stat-save"); st != 200 {
		t.Fatalf("with a reason: HTTP %d", st)
	}
	if got := b.Text("#stat-list"); !strings.Contains(got, "评价口径调整") {
		t.Errorf("the reason is not listed: %q", got)
	}
	// Employees entered for 2026: current, no date.
	b.Do("choose employees", setValue(form+` select[name="indicator"]`, "stat.employees"))
	b.Do("from", setValue(form+` select[name="from"]`, "2026-11"))
	b.Do("to", setValue(form+` select[name="to"]`, "2026-11"))
	b.Fill(form+` input[name="value"]`, "54000")
	if st := b.Click("#stat-save"); st != 200 {
		t.Fatalf("employees: HTTP %d", st)
	}
	b.Open("/zones/yulin/dashboard")
	if b.Has(tile + " .tile-asof") {
		t.Error("a 2026 entry is still dated")
	}

	b.Click("#lang-en")
	b.Open("/zones/yulin/statistics?year=2026")
	b.Do("choose the score", setValue(form+` select[name="indicator"]`, "stat.business_env"))
	b.Do("from", setValue(form+` select[name="from"]`, "2026-10"))
	b.Do("to", setValue(form+` select[name="to"]`, "2026-10"))
	b.Fill(form+` input[name="value"]`, "980000")
	b.Click("#stat-save")
	if got := b.Text(form + " .err"); !strings.Contains(got, "outside the plausible range (0.00 to 100.00 points)") {
		t.Errorf("range message (en) %q", got)
	}
	b.Click("#lang-zh")
}
