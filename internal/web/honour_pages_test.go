package web_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

// The holdings and the cultivation board download as workbooks with the
// figures the pages show.
func TestHonourWorkbooks(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("zibo-admin")
	resp := env.Do(tok, "GET", "/zones/zibo/honours?on=2023-12-18&format=xlsx", nil)
	if resp.Status != 200 {
		t.Fatalf("holdings workbook: %d %s", resp.Status, resp.Body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatal(err)
	}
	sheets := wb.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := wb.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[3:] {
		got[r[0]] = r[1]
	}
	if got["国家知识产权示范企业"] != "7" || got["国家知识产权优势企业"] != "5" {
		t.Errorf("holdings sheet %v", rows)
	}
	titles, _ := wb.GetRows(sheets[1])
	if len(titles) != 3+16 {
		t.Errorf("titles sheet has %d rows, want 16 titles under its heading", len(titles))
	}

	resp = env.Do(tok, "GET", "/zones/zibo/cultivation?format=xlsx", nil)
	if resp.Status != 200 {
		t.Fatalf("board workbook: %d", resp.Status)
	}
	if wb, err = excelize.OpenReader(bytes.NewReader(resp.Body)); err != nil {
		t.Fatal(err)
	}
	board, _ := wb.GetRows(wb.GetSheetList()[0])
	overdue := 0
	for _, r := range board[3:] {
		if len(r) == 8 && r[7] == "已逾期" {
			overdue++
		}
	}
	if len(board) != 3+3 || overdue != 1 {
		t.Errorf("board sheet %v", board)
	}
}
