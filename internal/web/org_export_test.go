package web_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The coverage workbook gives each quantity a column of its own with its
// unit in the header: employees and party members apart, the rate a number
// of per cent.
func TestCoverageWorkbookHeaders(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	resp := env.Do(env.Login("weifang-admin"), "GET", "/zones/weifang/party/coverage?format=xlsx&on=2023-12-18", nil)
	if resp.Status != 200 {
		t.Fatalf("%d", resp.Status)
	}
	sheets := sheetRows(t, resp.Body)
	header := func(sheet int) []string {
		for _, row := range sheets[sheet] {
			if len(row) > 2 {
				return row
			}
		}
		t.Fatalf("sheet %d has no header", sheet)
		return nil
	}
	gaps := header(3)
	for _, want := range []string{"从业人员数（人）", "党员人数（人）"} {
		if !slices.Contains(gaps, want) {
			t.Errorf("gaps header %q lacks %q", gaps, want)
		}
	}
	for _, h := range gaps {
		if strings.Contains(h, "/") {
			t.Errorf("a gaps column holds two quantities: %q", h)
		}
	}
	chains := header(1)
	if !slices.Equal(chains[1:], []string{"应覆盖（家）", "已覆盖（家）", "覆盖率（%）"}) {
		t.Fatalf("chains header %q", chains)
	}
	rates := 0
	for _, row := range sheets[1][3:] {
		if len(row) < 4 || row[3] == "" {
			continue
		}
		v, err := strconv.ParseFloat(row[3], 64)
		if err != nil || v < 0 || v > 100 {
			t.Errorf("rate %q is not a per-cent number", row[3])
		}
		rates++
	}
	if rates == 0 {
		t.Error("no chain has a rate")
	}
}
