package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// A city, province or national user following 党建人才 or 招商引资 reads the
// zones of its scope side by side, each linking to the zone's page of the
// module, and no zone outside its scope; no person's name is on it.
func TestRegionSummaries(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	for _, c := range []struct {
		user      string
		see, hide []string
	}{
		{"weifang-city", []string{"/zones/weifang/"}, []string{"/zones/zibo/", "/zones/yulin/"}},
		{"national", []string{"/zones/weifang/", "/zones/zibo/", "/zones/yulin/"}, nil},
	} {
		tok := env.Login(c.user)
		for _, page := range []struct{ path, module, title string }{
			{"/party", "party", "党建人才概览"},
			{"/investment", "investment", "招商引资概览"},
		} {
			resp := env.Do(tok, "GET", page.path+"?from=2023-01&to=2023-12", nil)
			body := string(resp.Body)
			if resp.Status != 200 || !strings.Contains(body, page.title) {
				t.Fatalf("%s %s: %d", c.user, page.path, resp.Status)
			}
			for _, s := range c.see {
				if !strings.Contains(body, `href="`+s+page.module+`"`) {
					t.Errorf("%s %s: no link to %s%s", c.user, page.path, s, page.module)
				}
			}
			for _, s := range c.hide {
				if strings.Contains(body, s) {
					t.Errorf("%s %s: shows %s outside its scope", c.user, page.path, s)
				}
			}
			for _, name := range []string{"370705", "王某", "陈某"} {
				if strings.Contains(body, name) {
					t.Errorf("%s %s: person-level data %q", c.user, page.path, name)
				}
			}
			x := env.Do(tok, "GET", page.path+"?from=2023-01&to=2023-12&format=xlsx", nil)
			if x.Status != 200 || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
				t.Errorf("%s %s workbook: %d", c.user, page.path, x.Status)
			}
		}
	}
	// Weifang's coverage is figured for the city: 18 of 19 at the end of 2023.
	body := string(env.Do(env.Login("weifang-city"), "GET", "/party?from=2023-01&to=2023-12", nil).Body)
	if !strings.Contains(body, "94.74%") {
		t.Errorf("the city's page lacks Weifang's coverage rate")
	}
	// A zone's own users still go to their zone's pages.
	if r := env.Do(env.Login("weifang-staff"), "GET", "/party", nil); r.Status != 303 || r.Header.Get("Location") != "/zones/weifang/party" {
		t.Errorf("zone staff: %d %s", r.Status, r.Header.Get("Location"))
	}
}

// The city's overviews set "—" beside a zone that has no data for the
// period (its rank says 暂无数据), a summed figure too, and a zero only where
// the zone has data that sums to zero.
func TestCityOverviewsDashWhereNoData(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	// A real zero: Zibo's high-tech revenue entered as 0 for January 2016.
	if r := env.Do(env.Login("zibo-admin"), "POST", "/api/v1/zones/zibo/statistics",
		map[string]any{"indicator": "stat.hightech_revenue", "from": "2016-01", "to": "2016-01", "value": 0}); r.Status != 201 {
		t.Fatalf("statistic: %d %s", r.Status, r.Body)
	}
	city := env.Login("zibo-city")
	cells := func(path, area string) []string {
		t.Helper()
		r := env.Do(city, "GET", path, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d", path, r.Status)
		}
		row := regexp.MustCompile(`(?s)<tr[^>]*>\s*<td[^>]*>(?:<a[^>]*>)?` + area + `(?:</a>)?</td>(.*?)</tr>`).FindSubmatch(r.Body)
		if row == nil {
			t.Fatalf("%s: no row of %s", path, area)
		}
		var out []string
		for _, c := range regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllSubmatch(row[1], -1) {
			out = append(out, strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(c[1]), "")))
		}
		return out
	}
	for _, path := range []string{"/party?from=2023-01&to=2023-12", "/investment?from=2016-01&to=2016-12"} {
		for i, c := range cells(path, "淄博高新区") {
			if c != "—" {
				t.Errorf("%s: column %d reads %q where Zibo has no data", path, i+1, c)
			}
		}
	}
	// Columns: 技术合同成交额, 名次, 认定登记技术合同数, 名次, 工业总产值, 名次, 高新技术产业营业收入, 名次, …
	got := cells("/cities/370300/dashboard?from=2016-01&to=2016-01", "淄博高新区")
	if len(got) < 8 || got[0] != "—" || got[1] != "暂无数据" || got[2] != "—" || got[6] != "0元" {
		t.Errorf("city dashboard, Zibo in January 2016: %q; want — for the contracts (no data) and 0元 for the revenue entered as 0", got)
	}
	if got := cells("/cities/370300/dashboard?from=2016-01&to=2016-01", "淄川区"); len(got) < 1 || got[0] != "—" {
		t.Errorf("city dashboard, a county without data: %q", got)
	}
}
