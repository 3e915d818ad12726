package app_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/store"
)

// walkAPI follows next through an API list two items a page and returns
// the items served. Every page but the last holds two; next is absent on
// the last; key (an item's id) never comes twice.
func walkAPI(t *testing.T, env *apptest.Env, tok, path, key string) []map[string]any {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var out []map[string]any
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 500 {
			t.Fatalf("%s: no last page", path)
		}
		u := path + sep + "limit=2"
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		resp := env.Do(tok, "GET", u, nil)
		var page struct {
			Items []map[string]any `json:"items"`
			Next  *string          `json:"next"`
		}
		resp.JSON(t, &page)
		if resp.Status != 200 || page.Items == nil {
			t.Fatalf("GET %s: %d %s", u, resp.Status, resp.Body)
		}
		if len(page.Items) > 2 || (page.Next != nil && len(page.Items) != 2) || (page.Next != nil && *page.Next == "") {
			t.Fatalf("GET %s: %d items, next %v", u, len(page.Items), page.Next)
		}
		for _, it := range page.Items {
			k := fmt.Sprint(it[key])
			if key != "" && seen[k] {
				t.Fatalf("%s: %s %s on two pages", path, key, k)
			}
			seen[k] = true
			out = append(out, it)
		}
		if page.Next == nil {
			if pages == 0 {
				t.Fatalf("%s: one page only; the test needs more than two items", path)
			}
			return out
		}
		cursor = *page.Next
	}
}

// count is how many rows a query counts.
func count(t *testing.T, env *apptest.Env, query string, args ...any) int {
	t.Helper()
	var n int
	if err := env.DB.Read().QueryRow(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var nextLink = regexp.MustCompile(`<a (?:id="[^"]*" )?href="([^"]+)" class="next-page">`)

// walkPage follows a page's next-page links and returns the pages' bodies.
func walkPage(t *testing.T, env *apptest.Env, tok, path string) []string {
	t.Helper()
	var out []string
	for len(out) < 50 {
		resp := env.Do(tok, "GET", path, nil)
		if resp.Status != 200 {
			t.Fatalf("GET %s: %d", path, resp.Status)
		}
		out = append(out, string(resp.Body))
		m := nextLink.FindStringSubmatch(string(resp.Body))
		if m == nil {
			return out
		}
		path = html.UnescapeString(m[1])
	}
	t.Fatalf("%s: no last page", path)
	return nil
}

// occurrences counts s over a list's pages.
func occurrences(pages []string, s string) int {
	n := 0
	for _, p := range pages {
		n += strings.Count(p, s)
	}
	return n
}

// shownOnce checks that each label is a cell's or link's text on exactly one
// of a list's pages.
func shownOnce(t *testing.T, pages []string, labels ...string) {
	t.Helper()
	for _, l := range labels {
		if n := occurrences(pages, ">"+l+"<"); n != 1 {
			t.Errorf("%s shown %d times over %d pages", l, n, len(pages))
		}
	}
}

// numbered is the labels format makes of 0 to n-1.
func numbered(format string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}

func TestUserAndTokenListsPage(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	nat := env.Login("national")
	users := walkAPI(t, env, nat, "/api/v1/users", "id")
	if n := count(t, env, "SELECT COUNT(*) FROM users"); len(users) != n {
		t.Errorf("users: pages served %d, want %d", len(users), n)
	}
	for i := 1; i < len(users); i++ {
		if users[i]["username"].(string) < users[i-1]["username"].(string) {
			t.Errorf("users out of order: %v after %v", users[i]["username"], users[i-1]["username"])
		}
	}
	for i := 0; i < 5; i++ {
		if r := env.Do(nat, "POST", "/api/v1/tokens", map[string]string{"name": fmt.Sprint("脚本", i)}); r.Status != 201 {
			t.Fatalf("token: %d %s", r.Status, r.Body)
		}
	}
	toks := walkAPI(t, env, nat, "/api/v1/tokens", "id")
	if len(toks) < 5 || toks[0]["id"].(float64) < toks[len(toks)-1]["id"].(float64) {
		t.Errorf("tokens: %v, want the newest first", toks)
	}
	if r := env.Do(nat, "GET", "/api/v1/users?limit=201", nil); r.Status != 422 {
		t.Errorf("limit 201: %d %s", r.Status, r.Body)
	}
	if r := env.Do(nat, "GET", "/api/v1/users?cursor=nonsense", nil); r.Status != 400 {
		t.Errorf("bad cursor: %d %s", r.Status, r.Body)
	}

	// The users page shows a page at a time with a link to the next.
	pages := walkPage(t, env, nat, "/users")
	if len(pages) < 2 {
		t.Fatalf("users page: %d pages, want a next page for %d users", len(pages), len(users))
	}
	for _, u := range users {
		shownOnce(t, pages, u["username"].(string))
	}
}

func TestJobListPages(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	at := env.Now
	js := store.Jobs{DB: env.DB}
	for i := 0; i < 12; i++ {
		if _, err := js.Create(t.Context(), jobs.Job{Kind: contractio.Kind, ZoneID: env.IDs.Zones["zibo"], CreatedByName: "zibo-admin",
			Status: jobs.Queued, FileName: fmt.Sprintf("导入%02d.xlsx", i), CreatedAt: at, HeartbeatAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	admin := env.Login("zibo-admin")
	list := walkAPI(t, env, admin, "/api/v1/jobs?kind="+contractio.Kind, "id")
	if len(list) != 12 || list[0]["id"].(float64) < list[11]["id"].(float64) {
		t.Errorf("jobs: %d served, want 12 newest first", len(list))
	}
	// The import page lists ten recent imports, then links to older ones.
	shownOnce(t, walkPage(t, env, admin, "/contracts/import"), numbered("导入%02d.xlsx", 12)...)
}

func TestSavedBulletinListPages(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin := env.Login("zibo-admin")
	if r := env.Do(admin, "POST", "/api/v1/zones/zibo/bulletins", map[string]string{"from": "2023-01", "to": "2023-11"}); r.Status != 201 {
		t.Fatalf("save: %d %s", r.Status, r.Body)
	}
	// More than a page of the web list, saved at once.
	period, err := indicator.Custom(indicator.MonthOf(2023, 1), indicator.MonthOf(2023, 10))
	if err != nil {
		t.Fatal(err)
	}
	var more []bulletin.Item
	for i := 0; i < 30; i++ {
		more = append(more, bulletin.Item{Module: "contract", Key: "tech", Version: 1, Zone: "淄博高新区", Date: civil.MustParse("2023-12-18"),
			Headline: fmt.Sprintf("第%02d条", i), Body: "正文",
			Facts: bulletin.Facts{Zone: "淄博高新区", Period: period, Date: civil.MustParse("2023-12-18")}})
	}
	if _, err := (store.Bulletins{DB: env.DB}).SaveItems(t.Context(), access.Actor{UserID: 1, Username: "zibo-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["zibo"]},
		env.IDs.Zones["zibo"], period, more); err != nil {
		t.Fatal(err)
	}
	list := walkAPI(t, env, admin, "/api/v1/zones/zibo/bulletins", "id")
	if n := count(t, env, "SELECT COUNT(*) FROM bulletins WHERE zone_id = ?", env.IDs.Zones["zibo"]); len(list) != n || n < 31 {
		t.Errorf("saved bulletins: %d served of %d", len(list), n)
	}
	if list[0]["headline"] != "第29条" {
		t.Errorf("first served %v, want the newest", list[0]["headline"])
	}
	shownOnce(t, walkPage(t, env, admin, "/zones/zibo/bulletin"), numbered("第%02d条", 30)...)
}

func TestStatisticListPages(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin := env.Login("zibo-admin")
	defs := env.App.Indicators.EnterableIDs(2023)
	st := store.Indicators{DB: env.DB}
	who := access.Actor{UserID: 1, Username: "zibo-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["zibo"]}
	entered := 0
	for m := 1; m <= 11 && entered <= 30; m++ {
		for _, def := range defs {
			p, err := indicator.Custom(indicator.MonthOf(2023, m), indicator.MonthOf(2023, m))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = st.PutStatistic(t.Context(), who, indicator.Statistic{ZoneID: env.IDs.Zones["zibo"], Indicator: def.ID, Period: p, Value: int64(m)})
			if errs.Is(err, errs.Conflict) {
				continue // the demo entered a longer period of it
			}
			if err != nil {
				t.Fatal(err)
			}
			entered++
		}
	}
	list := walkAPI(t, env, admin, "/api/v1/zones/zibo/statistics?year=2023", "id")
	if n := count(t, env, "SELECT COUNT(*) FROM stat_entries WHERE zone_id = ? AND to_ym BETWEEN 202301 AND 202312", env.IDs.Zones["zibo"]); len(list) != n || n < entered {
		t.Errorf("statistics: %d served of %d", len(list), n)
	}
	pages := walkPage(t, env, admin, "/zones/zibo/statistics?year=2023")
	rows := occurrences(pages, `/delete"`)
	if len(pages) < 2 || rows != len(list) {
		t.Errorf("statistics page: %d pages, %d rows, want %d", len(pages), rows, len(list))
	}
}

func TestHistoryListsPage(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	ent := env.Login("zibo-ent")
	resp := env.Do(ent, "POST", "/api/v1/contracts", newContractBody("技术开发合同"))
	var created struct{ ID int64 }
	resp.JSON(t, &created)
	if resp.Status != 201 {
		t.Fatalf("create: %d %s", resp.Status, resp.Body)
	}
	path := fmt.Sprintf("/api/v1/contracts/%d", created.ID)
	for v := 1; v <= 30; v++ {
		if r := env.Do(ent, "PATCH", path, map[string]any{"name": fmt.Sprintf("技术开发合同第%d版", v), "version": v}); r.Status != 200 {
			t.Fatalf("edit %d: %d %s", v, r.Status, r.Body)
		}
	}
	steps := walkAPI(t, env, ent, path+"/history", "id")
	if len(steps) != 31 || steps[0]["event"] != "edit" || steps[30]["event"] != "create" {
		t.Errorf("contract history: %d steps, first %v, last %v; want 31, newest first", len(steps), steps[0]["event"], steps[30]["event"])
	}
	shown := occurrences(walkPage(t, env, ent, fmt.Sprintf("/contracts/%d", created.ID)), `<div class="meta"><strong>`)
	if shown != 31 {
		t.Errorf("contract page showed %d steps over its pages, want 31", shown)
	}

	admin := env.Login("zibo-admin")
	entID := env.IDs.Enterprises["山东亚华电子股份有限公司"]
	epath := fmt.Sprintf("/api/v1/enterprises/%d", entID)
	var cur struct{ Version int }
	env.Do(admin, "GET", epath, nil).JSON(t, &cur)
	for i := 0; i < 28; i++ {
		if r := env.Do(admin, "PATCH", epath, map[string]any{"contact_name": fmt.Sprintf("联系人%d", i), "version": cur.Version + i}); r.Status != 200 {
			t.Fatalf("patch %d: %d %s", i, r.Status, r.Body)
		}
	}
	recs := walkAPI(t, env, admin, epath+"/history", "seq")
	if n := count(t, env, "SELECT COUNT(*) FROM audit_log WHERE entity = 'enterprise' AND entity_id = ?", entID); len(recs) != n || n < 28 {
		t.Errorf("enterprise history: %d served of %d", len(recs), n)
	}
	shown = occurrences(walkPage(t, env, admin, epath[len("/api/v1"):]+"/history"), `<div class="meta"><strong>`)
	if shown != len(recs) {
		t.Errorf("history page showed %d records over its pages, want %d", shown, len(recs))
	}
}
