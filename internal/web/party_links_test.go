package web_test

import (
	"html"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The party-work and talent pages offer their import tab only to a user who
// keeps the zone's records, and every link they show opens for the reader
// (a city or national user is never sent to a 403). The zone's admin is the
// positive control.
func TestPartyPagesOfferOnlyAllowedActions(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	for _, c := range []struct {
		user   string
		writes bool
	}{
		{"weifang-city", false},
		{"national", false},
		{"weifang-admin", true},
	} {
		t.Run(c.user, func(t *testing.T) {
			tok := env.Login(c.user)
			links := map[string]string{}
			for _, p := range []string{"/zones/weifang/party", "/zones/weifang/party/coverage", "/zones/weifang/party/organisations",
				"/zones/weifang/party/chains", "/zones/weifang/party/online-branches", "/zones/weifang/talent"} {
				r := env.Do(tok, "GET", p, nil)
				if r.Status != 200 {
					t.Fatalf("%s: %d", p, r.Status)
				}
				body := string(r.Body)
				if has := strings.Contains(body, `href="/zones/weifang/party/import"`); has != c.writes {
					t.Errorf("%s: import tab shown %v, want %v", p, has, c.writes)
				}
				for _, h := range hrefRe.FindAllStringSubmatch(body, -1) {
					l := html.UnescapeString(h[1])
					if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "/static/") && l != "/logout" {
						links[l] = p
					}
				}
			}
			for l, p := range links {
				if r := env.Do(tok, "GET", l, nil); r.Status >= 400 {
					t.Errorf("%s links to %s: %d", p, l, r.Status)
				}
			}
			if len(links) < 10 {
				t.Errorf("only %d links found", len(links))
			}
		})
	}
}

// A page whose filters are refused (a start month after the end month)
// says what is wrong without internal field names and offers the page's
// default view and the page the reader came from, not only the start page.
func TestErrorPageOffersAWayOn(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("yulin-admin")
	r := env.Do(tok, "GET", "/bulletins/page?from=2026-10&to=2026-03", nil)
	if r.Status != 422 && r.Status != 400 {
		t.Fatalf("status %d", r.Status)
	}
	body := string(r.Body)
	for _, want := range []string{`id="error-back" href="/bulletins/page"`, "2026-10"} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<code>to</code>") || strings.Contains(body, "<code>") {
		t.Errorf("error page shows an internal field name:\n%s", body)
	}
}
