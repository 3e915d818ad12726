package app_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

// The contract list's export lists the contracts in the list's order —
// a column's either way, by certificate date, the newest first — and the
// list's order line names the order shown.
func TestContractExportInListOrder(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			tok := env.Login("national")
			get := func(path string) []byte {
				t.Helper()
				resp := env.Do(tok, "GET", path, nil)
				if resp.Status != 200 {
					t.Fatalf("GET %s: %d %.300s", path, resp.Status, resp.Body)
				}
				return resp.Body
			}
			rowID := regexp.MustCompile(`<td data-label="合同名称" class="name-cell"><a href="/contracts/(\d+)">`)
			for _, c := range []struct{ query, order string }{
				{"sort=name", "按所选列（见表头 ▲▼）"},
				{"sort=-name", "按所选列（见表头 ▲▼）"},
				{"sort=amount", "按所选列（见表头 ▲▼）"},
				{"sort=-amount", "按所选列（见表头 ▲▼）"},
				{"", "最新录入在前"},
				{"from=2000-01-01&to=2023-12-31", "按登记日期，最新在前"},
				{"from=2000-01-01&sort=certified", "按登记日期，最新在前"},
				{"from=2000-01-01&sort=newest", "最新录入在前"},
				{"from=2000-01-01&sort=-amount", "按所选列（见表头 ▲▼）"},
			} {
				page := get("/contracts?limit=200&" + c.query)
				var listed []string
				for _, m := range rowID.FindAllSubmatch(page, -1) {
					listed = append(listed, string(m[1]))
				}
				if len(listed) < 2 {
					t.Fatalf("%s: %d contracts listed; the test needs two", c.query, len(listed))
				}
				if !bytes.Contains(page, []byte("<strong>"+c.order+"</strong>")) {
					t.Errorf("%s: the order line does not say %q", c.query, c.order)
				}
				exported := exportIDs(t, get("/contracts/export?format=xlsx&"+c.query))
				// Every contract once, past the export's pages of 1,000.
				total := regexp.MustCompile(`id="list-total">共(\d+)条`).FindSubmatch(page)
				seen := map[string]bool{}
				for _, id := range exported {
					seen[id] = true
				}
				if total == nil || fmt.Sprint(len(exported)) != string(total[1]) || len(seen) != len(exported) {
					t.Errorf("%s: the export has %d rows (%d distinct), the list %s", c.query, len(exported), len(seen), total)
				}
				if n := min(len(listed), len(exported)); !slices.Equal(listed[:n], exported[:n]) || len(exported) < len(listed) {
					t.Errorf("%s: the export's order %v is not the list's %v", c.query, head(exported), head(listed))
				}
			}
			// Sorted by a column within dates, the way back is to the
			// certificate date's order.
			if page := get("/contracts?from=2000-01-01&sort=-amount"); !bytes.Contains(page, []byte("恢复为按登记日期，最新在前</a>")) {
				t.Error("sorted by a column within dates, the link back does not name the certificate date's order")
			}
		})
	}
}

// exportIDs are the 系统编号 of an exported workbook's rows, in order.
func exportIDs(t *testing.T, b []byte) []string {
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
	col := -1
	var out []string
	for _, r := range rows {
		if col < 0 {
			col = slices.IndexFunc(r, func(s string) bool { return strings.HasPrefix(s, "系统编号") })
			continue
		}
		if col < len(r) {
			out = append(out, r[col])
		}
	}
	if col < 0 {
		t.Fatal("the export has no 系统编号 column")
	}
	return out
}

func head(xs []string) string {
	if len(xs) > 8 {
		return fmt.Sprint(xs[:8]) + "…"
	}
	return fmt.Sprint(xs)
}
