package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// TestBrowserListsSortPageExport (issue 14, point 7): the contracts, users
// and investment projects lists, as a clerk meets them in zh-CN — the total
// above the table, the newest first, a column heading that sorts (and sorts
// the other way when clicked again), page 2 in that order, and the export
// of what the list shows.
func TestBrowserListsSortPageExport(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	var inv string
	if err := env.DB.Read().QueryRow(t.Context(), `SELECT a.slug FROM invest_projects p JOIN areas a ON a.id = p.zone_id
		GROUP BY a.slug ORDER BY COUNT(*) DESC, a.slug LIMIT 1`).Scan(&inv); err != nil {
		t.Fatal(err)
	}
	total := regexp.MustCompile(`^共(\d+)条 · 第1页，共(\d+)页 · 排序：最新录入在前$`)
	for _, c := range []struct {
		user, path, table, col string
		want                   string // the order's arrow after the first click
	}{
		{"national", "/contracts", "contract-list", "amount", "descending"},
		{"national", "/users", "user-list", "username", "ascending"},
		{inv + "-admin", "/zones/" + inv + "/investment/projects", "project-list", "name", "ascending"},
	} {
		t.Run(c.path, func(t *testing.T) {
			b := browsertest.Start(t, env.Server.URL)
			b.Login(c.user, apptest.Password)
			b.Open(c.path)
			if m := total.FindStringSubmatch(b.Text("#list-total")); m == nil {
				t.Errorf("%s: list-total reads %q", c.path, b.Text("#list-total"))
			}
			firstRow := `(//table[@id="` + c.table + `"]/tbody/tr)[1]`
			newest := b.Text(firstRow)
			b.Click("#sort-" + c.col)
			if !b.Has(`//th[@aria-sort="` + c.want + `"]/a[@id="sort-` + c.col + `"]`) {
				t.Errorf("%s: after sorting by %s no %s heading", c.path, c.col, c.want)
			}
			if !strings.Contains(b.Location(), "sort=") {
				t.Errorf("%s: sorted at %s", c.path, b.Location())
			}
			one := b.Text(firstRow)
			b.Click("#sort-" + c.col) // the other way
			other := b.Text(firstRow)
			if one == other {
				t.Errorf("%s: sorting by %s either way lists %q first", c.path, c.col, one)
			}
			if b.Has("#next-page") {
				b.Click("#next-page")
				if got := b.Text("#page-no"); !strings.HasPrefix(got, "第2页") {
					t.Errorf("%s: second page numbered %q", c.path, got)
				}
				if got := b.Text(firstRow); got == other {
					t.Errorf("%s: page 2 starts with page 1's %q", c.path, got)
				}
				b.Click("#first-page")
			}
			b.Click("#sort-newest")
			if got := b.Text(firstRow); got != newest {
				t.Errorf("%s: back to the newest first lists %q, want %q", c.path, got, newest)
			}
			b.Screenshot(strings.ReplaceAll(strings.Trim(c.path, "/"), "/", "-"))

			// The export link carries the list's filters and order; it
			// downloads a workbook.
			b.Click("#sort-" + c.col)
			if !b.Has(`//a[contains(@href, "format=xlsx") and contains(@href, "sort=")]`) {
				t.Fatalf("%s: no export of the sorted list", c.path)
			}
			q := strings.SplitN(b.Location(), "?", 2)
			xq, _ := url.ParseQuery(q[len(q)-1])
			xq.Set("format", "xlsx")
			export := c.path + "?" + xq.Encode()
			if c.path == "/contracts" {
				export = "/contracts/export?" + xq.Encode()
			}
			resp := env.Do(env.Login(c.user), "GET", export, nil)
			if resp.Status != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") || len(resp.Body) < 100 {
				t.Errorf("%s: export %d %s", c.path, resp.Status, resp.Header.Get("Content-Type"))
			}
			for _, m := range b.ConsoleErrors() {
				t.Errorf("page error: %s", m)
			}
		})
	}
}
