package app_test

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

// The lists a clerk works through (issue 14, point 7): each counts its
// total, numbers its pages over its keyset, lists the newest first, sorts
// by its columns either way, and exports what it lists, every page.

var (
	listTotal = func(id string) *regexp.Regexp {
		return regexp.MustCompile(`id="` + id + `list-total">共(\d+)条 · 第(\d+)页，共(\d+)页`)
	}
	pageNo = func(id string) *regexp.Regexp {
		return regexp.MustCompile(`id="` + id + `page-no">第(\d+)页，共(\d+)页<`)
	}
	nextHref = func(id string) *regexp.Regexp {
		return regexp.MustCompile(`<a id="` + id + `next-page" href="([^"]+)"`)
	}
	sortHref = func(id, col string) *regexp.Regexp {
		return regexp.MustCompile(`<a href="([^"]+)" id="` + id + `sort-` + regexp.QuoteMeta(col) + `" class="sort[^"]*">`)
	}
	firstRow = regexp.MustCompile(`(?s)<tbody>\s*<tr[^>]*>(.*?)</tr>`)
)

// listCase is one list: who reads it, where, a column it sorts by, and the
// query that counts what the reader sees.
type listCase struct {
	name, user, path, col string
	id                    string // the prefix of the list's ids, on a page of two lists
	count                 string // SQL, ? for the zone id
	zone                  string // slug the count's ? stands for
}

func TestListsCountSortPageExport(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { checkLists(t, apptest.Start(t, engine)) })
	}
}

func checkLists(t *testing.T, env *apptest.Env) {
	// The call with the most applicants, and its zone's administrator.
	call := count(t, env, "SELECT call_id FROM talent_applicants GROUP BY call_id ORDER BY COUNT(*) DESC, call_id LIMIT 1")
	var callZone string
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT a.slug FROM talent_calls c JOIN areas a ON a.id = c.zone_id WHERE c.id = ?", call).Scan(&callZone); err != nil {
		t.Fatal(err)
	}
	inv, fund, party := busiest(t, env, "invest_projects"), busiest(t, env, "invest_funds"), busiest(t, env, "org_organisations")
	trip, notices := busiest(t, env, "invest_trips"), busiest(t, env, "honour_batches")
	cases := []listCase{
		{name: "enterprises", user: "national", path: "/enterprises", col: "name", count: "SELECT COUNT(*) FROM enterprises"},
		{name: "contracts", user: "national", path: "/contracts", col: "amount", count: "SELECT COUNT(*) FROM contracts"},
		{name: "users", user: "national", path: "/users", col: "username", count: "SELECT COUNT(*) FROM users"},
		{name: "zone users", user: "zibo-admin", path: "/users", col: "username", count: "SELECT COUNT(*) FROM users WHERE zone_id = ?", zone: "zibo"},
		{name: "projects", user: "national", path: "/projects", col: "total", count: "SELECT COUNT(*) FROM projects"},
		{name: "investment projects", user: inv + "-admin", path: "/zones/" + inv + "/investment/projects", col: "planned",
			count: "SELECT COUNT(*) FROM invest_projects WHERE zone_id = ?", zone: inv},
		{name: "investment funds", user: fund + "-admin", path: "/zones/" + fund + "/investment/funds", col: "name",
			count: "SELECT COUNT(*) FROM invest_funds WHERE zone_id = ?", zone: fund},
		{name: "investment trips", user: trip + "-admin", path: "/zones/" + trip + "/investment/activities", col: "start_on", id: "trips-",
			count: "SELECT COUNT(*) FROM invest_trips WHERE zone_id = ?", zone: trip},
		{name: "honour notices", user: notices + "-admin", path: "/zones/" + notices + "/honours/batches", col: "published_on",
			count: "SELECT COUNT(*) FROM honour_batches WHERE zone_id = ?", zone: notices},
		{name: "party organisations", user: party + "-admin", path: "/zones/" + party + "/party/organisations", col: "name",
			count: "SELECT COUNT(*) FROM org_organisations WHERE zone_id = ?", zone: party},
		{name: "talent applicants", user: callZone + "-admin", path: "/talent/calls/" + strconv.Itoa(call), col: "applied_on",
			count: "SELECT COUNT(*) FROM talent_applicants WHERE call_id = " + strconv.Itoa(call)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := env.Login(c.user)
			var args []any
			if c.zone != "" {
				args = append(args, env.IDs.Zones[c.zone])
			}
			want := count(t, env, c.count, args...)
			if want < 2 {
				t.Fatalf("%s: %d items; the test needs two at least", c.path, want)
			}
			get := func(path string) string {
				t.Helper()
				resp := env.Do(tok, "GET", path, nil)
				if resp.Status != 200 {
					t.Fatalf("GET %s: %d %.300s", path, resp.Status, resp.Body)
				}
				return string(resp.Body)
			}
			body := get(c.path)
			m := listTotal(c.id).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no total", c.path)
			}
			if got := atoiT(t, m[1]); got != want {
				t.Errorf("%s: total %d, want %d", c.path, got, want)
			}
			if m[2] != "1" {
				t.Errorf("%s: first page numbered %s", c.path, m[2])
			}
			if !strings.Contains(body, "<strong>最新录入在前</strong>") {
				t.Errorf("%s: not the newest first by default", c.path)
			}
			// A sortable heading; its link sorts one way, then, followed,
			// offers the other.
			s := sortHref(c.id, c.col).FindStringSubmatch(body)
			if s == nil {
				t.Fatalf("%s: no sortable heading %s", c.path, c.col)
			}
			one := get(html.UnescapeString(s[1]))
			other := sortHref(c.id, c.col).FindStringSubmatch(one)
			if other == nil || !strings.Contains(one, `aria-sort=`) {
				t.Fatalf("%s: sorted page shows no order", c.path)
			}
			// The order line says the list is in the column's order (not
			// "newest first") and offers the way back.
			if !strings.Contains(one, "<strong>按所选列（见表头 ▲▼）</strong>") || !strings.Contains(one, "恢复为最新录入在前</a>") {
				t.Errorf("%s: sorted page's order line does not say it is sorted by the column", c.path)
			}
			two := get(html.UnescapeString(other[1]))
			r1, r2 := firstRow.FindStringSubmatch(one), firstRow.FindStringSubmatch(two)
			if r1 == nil || r2 == nil || r1[1] == r2[1] {
				t.Errorf("%s: sorting by %s either way lists the same first row", c.path, c.col)
			}
			// Page 2 over the keyset, in the order chosen.
			if n := nextHref(c.id).FindStringSubmatch(one); n != nil {
				p2 := get(html.UnescapeString(n[1]))
				if pn := pageNo(c.id).FindStringSubmatch(p2); pn == nil || pn[1] != "2" {
					t.Errorf("%s: second page numbered %v", c.path, pn)
				}
				if r := firstRow.FindStringSubmatch(p2); r == nil || r[1] == r1[1] {
					t.Errorf("%s: page 2 starts as page 1 does", c.path)
				}
			} else if want > 25 {
				t.Errorf("%s: %d items and no second page", c.path, want)
			}
			// The export: every item, in one workbook.
			x := regexp.MustCompile(`href="([^"]*format=xlsx[^"]*)"`).FindStringSubmatch(body)
			if x == nil {
				t.Fatalf("%s: no xlsx export", c.path)
			}
			resp := env.Do(tok, "GET", html.UnescapeString(x[1]), nil)
			if resp.Status != 200 {
				t.Fatalf("export %s: %d %.200s", x[1], resp.Status, resp.Body)
			}
			if got := dataRows(t, resp.Body); got != want {
				t.Errorf("export %s: %d rows, want %d", x[1], got, want)
			}
		})
	}
}

// busiest is the slug of the zone with the most rows in table.
func busiest(t *testing.T, env *apptest.Env, table string) string {
	t.Helper()
	var slug string
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT a.slug FROM "+table+" x JOIN areas a ON a.id = x.zone_id GROUP BY a.slug ORDER BY COUNT(*) DESC, a.slug LIMIT 1").Scan(&slug); err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	return slug
}

// dataRows counts a workbook's first sheet's rows below its header (the
// first row of more than two cells: a title and a note come before it).
func dataRows(t *testing.T, b []byte) int {
	t.Helper()
	book, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 2 {
			return len(rows) - i - 1
		}
	}
	return 0
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The account page's API tokens: counted, numbered, the newest first.
func TestTokenListCounted(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("zibo-admin")
	for _, name := range []string{"报表脚本", "同步脚本"} {
		if r := env.Do(tok, "POST", "/api/v1/tokens", map[string]any{"name": name, "days": 30}); r.Status/100 != 2 {
			t.Fatalf("create token: %d %s", r.Status, r.Body)
		}
	}
	want := count(t, env, "SELECT COUNT(*) FROM api_tokens WHERE user_id = (SELECT id FROM users WHERE username = 'zibo-admin')")
	resp := env.Do(tok, "GET", "/account", nil)
	m := listTotal("").FindStringSubmatch(string(resp.Body))
	if resp.Status != 200 || m == nil || atoiT(t, m[1]) != want || want < 2 {
		t.Fatalf("account page: %d, total %v, want %d", resp.Status, m, want)
	}
	if i, j := strings.Index(string(resp.Body), "同步脚本"), strings.Index(string(resp.Body), "报表脚本"); i < 0 || j < 0 || i > j {
		t.Errorf("tokens not the newest first (%d, %d)", i, j)
	}
}
