package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The 稿件版面 has a heading and links to the zones' 本报讯稿件 pages, where
// its items are written and edited; the zone's own users are told they
// write them there.
func TestNewspaperPageHeadingAndZoneLinks(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	const period = "from=2023-01&to=2023-11"
	for _, c := range []struct {
		user, lead string
		links      []string
	}{
		{"national", "各园区的本报讯稿件：", []string{"yulin", "zibo", "weifang", "foshan", "qiqihar"}},
		{"yulin-staff", "各园区的本报讯稿件（在此撰写、修改）：", []string{"yulin"}},
		{"yulin-admin", "各园区的本报讯稿件（在此撰写、修改）：", []string{"yulin"}},
		{"zibo-city", "各园区的本报讯稿件：", []string{"zibo"}},
	} {
		r := env.Do(env.Login(c.user), "GET", "/bulletins/page?"+period, nil)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, `<h1 id="page-title">稿件版面 <small class="muted">2023年1-11月</small></h1>`) {
			t.Errorf("%s: no heading (HTTP %d)", c.user, r.Status)
		}
		m := regexp.MustCompile(`(?s)<p class="actions links" id="zone-items">(.*?)</p>`).FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s: no links to the zones' items", c.user)
			continue
		}
		if !strings.Contains(m[1], c.lead) {
			t.Errorf("%s: the links do not say %q: %s", c.user, c.lead, m[1])
		}
		got := regexp.MustCompile(`href="/zones/([a-z]+)/bulletin\?from=2023-01&amp;to=2023-11"`).FindAllStringSubmatch(m[1], -1)
		var slugs []string
		for _, g := range got {
			slugs = append(slugs, g[1])
		}
		for _, s := range c.links {
			if !strings.Contains(strings.Join(slugs, " "), s) {
				t.Errorf("%s: no link to %s's items (links %v)", c.user, s, slugs)
			}
		}
		if len(slugs) != len(c.links) {
			t.Errorf("%s: links %v, want %v", c.user, slugs, c.links)
		}
	}
}

// The month selects offer the months that can have data: from January of
// the year of the reader's zones' first data (the demo's: 2019; Yulin's
// 2022, Foshan's 2021) to this
// month (the test clock's December 2023) — not ten years back, nor the
// months after this one.
func TestMonthSelectsOfferMonthsWithData(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	option := regexp.MustCompile(`<option value="(\d{4}-\d{2})"`)
	for _, c := range []struct{ user, path, first, last string }{
		{"national", "/bulletins/page?from=2023-01&to=2023-11", "2019-01", "2023-12"},
		{"national", "/dashboard/national", "2019-01", "2023-12"},
		{"yulin-staff", "/zones/yulin/bulletin?from=2023-01&to=2023-11", "2022-01", "2023-12"},
		{"yulin-staff", "/zones/yulin/dashboard", "2022-01", "2023-12"},
		{"zibo-city", "/cities/370300/dashboard", "2019-01", "2023-12"},
		{"zibo-city", "/party", "2019-01", "2023-12"},
		{"foshan-staff", "/zones/foshan/projects", "2021-01", "2023-12"},
		{"yulin-admin", "/zones/yulin/bulletin-templates/tech_contract/yoy?from=2023-01&to=2023-11", "2022-01", "2023-12"},
		{"yulin-admin", "/zones/yulin/statistics", "2022-01", "2023-12"},
	} {
		r := env.Do(env.Login(c.user), "GET", c.path, nil)
		if r.Status != 200 {
			t.Errorf("%s %s: HTTP %d", c.user, c.path, r.Status)
			continue
		}
		sel := regexp.MustCompile(`(?s)<select name="from">(.*?)</select>`).FindSubmatch(r.Body)
		if sel == nil {
			t.Errorf("%s %s: no month select", c.user, c.path)
			continue
		}
		opts := option.FindAllStringSubmatch(string(sel[1]), -1)
		if len(opts) == 0 || opts[0][1] != c.last || opts[len(opts)-1][1] != c.first {
			t.Errorf("%s %s: months %s … %s, want %s … %s", c.user, c.path, opts[0][1], opts[len(opts)-1][1], c.last, c.first)
		}
	}
}
