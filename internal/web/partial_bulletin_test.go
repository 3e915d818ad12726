package web_test

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
)

// TestBulletinPartialPeriod (issue 14): read on 2026-12-05, the bulletin and
// the 稿件版面 open on the year up to the last whole month (2026年1-11月)
// with a year-on-year change; a period chosen to run into December prints
// no year-on-year sentence, says 数据截至2026年12月5日, links the whole
// months and flags the item for the writer (held off the page) — the rule
// is the dashboard's (indicator.PartialOn).
func TestBulletinPartialPeriod(t *testing.T) {
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	tok := env.Login("yulin-admin")
	yoyWords := []string{"同比增长", "同比下降", "与上年持平", "上年同期无登记"}
	item := func(body, id string) string {
		i := strings.Index(body, `id="`+id+`"`)
		if i < 0 {
			return ""
		}
		rest := body[i:]
		if j := strings.Index(rest, "</article>"); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	cases := []struct {
		name, path, itemID string
		partial            bool
	}{
		{"bulletin, default period", "/zones/yulin/bulletin", "item-tech_contract", false},
		{"bulletin, whole months", "/zones/yulin/bulletin?from=2026-01&to=2026-11", "item-tech_contract", false},
		{"bulletin, into December", "/zones/yulin/bulletin?from=2026-01&to=2026-12", "item-tech_contract", true},
		{"page, default period", "/bulletins/page", "lead-item", false},
		{"page, into December", "/bulletins/page?from=2026-01&to=2026-12", "held", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.Do(tok, "GET", c.path, nil)
			if r.Status != 200 {
				t.Fatalf("GET %s: %d", c.path, r.Status)
			}
			body := string(r.Body)
			if !strings.Contains(c.path, "from=") && !strings.Contains(body, "2026年1-11月") {
				t.Errorf("the default period is not 2026年1-11月")
			}
			it := item(body, c.itemID)
			if it == "" {
				t.Fatalf("no #%s on %s", c.itemID, c.path)
			}
			hasYoY := false
			for _, w := range yoyWords {
				hasYoY = hasYoY || strings.Contains(it, w)
			}
			if c.partial {
				if hasYoY {
					t.Errorf("a partial period prints a year-on-year change: %s", it)
				}
				if !strings.Contains(body, `id="partial-note"`) || !strings.Contains(body, `id="partial-whole"`) {
					t.Error("no note on the partial period with a link to the whole months")
				}
				if !strings.Contains(it, "数据截至2026年12月5日") {
					t.Errorf("the flag or the item does not say 数据截至2026年12月5日: %s", it)
				}
				if !strings.Contains(it, "不计同比") {
					t.Errorf("the writer is not told why: %s", it)
				}
				if strings.Contains(c.path, "/zones/") && !strings.Contains(body, `item card flagged" id="item-tech_contract"`) {
					t.Error("the item is not flagged for the writer")
				}
				if strings.Contains(body, "暂无数据") {
					t.Error("a partial period's held items read as 暂无数据")
				}
				if lead := item(body, "lead-item"); strings.Contains(lead, "数据截至") {
					t.Errorf("a partial item printed on the page: %s", lead)
				}
			} else {
				if !hasYoY {
					t.Errorf("whole months print no year-on-year change: %s", it)
				}
				if strings.Contains(body, `id="partial-note"`) {
					t.Error("a note on a period of whole months")
				}
			}
		})
	}
}
