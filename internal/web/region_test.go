package web_test

import (
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
