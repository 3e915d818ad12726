package web

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/errs"
)

func xlsxTestTables() []figTable {
	return []figTable{
		{ID: "headline", Title: "主要指标", Note: "单位：万元", Columns: []string{"指标", "本期", "同比"},
			Rows: [][]figCell{
				{txtCell("技术合同成交额"), {Text: "3.8亿元", Value: int64(380_000_000)}, {Text: "12.5%", Value: 0.125}},
				{txtCell("技术合同数"), {Text: "105", Value: int64(105)}, txtCell("—")},
			}},
		// Characters a sheet name may not hold, a title too long for one,
		// and the same title twice.
		{ID: "trend", Title: "趋势/月度:[技术合同]*?\\成交额与登记数量的逐月变化及其同比", Columns: []string{"月份", "成交额"},
			Rows: [][]figCell{{txtCell("2023-01"), {Text: "1", Value: 1.5}}}},
		{ID: "rank", Title: "排名", Columns: []string{"区"}},
		{ID: "rank2", Title: "排名", Columns: nil},
	}
}

// figWorkbook downloads the test tables' workbook (chart "" for all of
// them) and checks the response's headers name it file.
func figWorkbook(t *testing.T, chart, file string) *excelize.File {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := writeFigXLSX(rec, "yulin-2023.xlsx", chart, xlsxTestTables()); err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]string{
		"Content-Type":        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"Content-Disposition": "attachment; filename*=UTF-8''" + file,
		"Cache-Control":       "no-store",
	} {
		if got := rec.Header().Get(h); got != want {
			t.Errorf("%s %q, want %q", h, got, want)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The figure workbook: one sheet per table, named after its title (made
// valid and unique), a bold title, its note, a bold header and the rows,
// numbers as numbers; every column 18 wide.
func TestXlsxFigureWorkbook(t *testing.T) {
	f := figWorkbook(t, "", "yulin-2023.xlsx")
	wantSheets := []string{"主要指标", "趋势_月度__技术合同____成交额与登记数量的逐月变化", "排名", "排名 2"}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets %q, want %q", got, wantSheets)
	}
	for sheet, want := range map[string][][]string{
		"主要指标":        {{"主要指标"}, {"单位：万元"}, {"指标", "本期", "同比"}, {"技术合同成交额", "380000000", "0.125"}, {"技术合同数", "105", "—"}},
		wantSheets[1]: {{"趋势/月度:[技术合同]*?\\成交额与登记数量的逐月变化及其同比"}, {"月份", "成交额"}, {"2023-01", "1.5"}},
		"排名":          {{"排名"}, {"区"}},
		"排名 2":        {{"排名"}},
	} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(rows, want, slices.Equal) {
			t.Errorf("sheet %s: rows %q, want %q", sheet, rows, want)
		}
	}
	// Numbers are numbers, text is text.
	for cell, want := range map[string]excelize.CellType{"A4": excelize.CellTypeInlineString, "B4": excelize.CellTypeUnset, "C4": excelize.CellTypeUnset, "C5": excelize.CellTypeInlineString} {
		typ, err := f.GetCellType("主要指标", cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != want {
			t.Errorf("%s type %v, want %v", cell, typ, want)
		}
	}
	// Title and header bold, data plain, no number format.
	for cell, bold := range map[string]bool{"A1": true, "A2": false, "A3": true, "C3": true, "A4": false, "B4": false} {
		id, err := f.GetCellStyle("主要指标", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Font != nil && st.Font.Bold; got != bold {
			t.Errorf("%s bold %v, want %v", cell, got, bold)
		}
		if st.NumFmt != 0 || st.CustomNumFmt != nil {
			t.Errorf("%s has a number format %d %v", cell, st.NumFmt, st.CustomNumFmt)
		}
	}
	for _, col := range []string{"A", "C"} {
		if w, err := f.GetColWidth("主要指标", col); err != nil || w != 18 {
			t.Errorf("column %s width %v %v", col, w, err)
		}
	}
	if w, err := f.GetColWidth("排名 2", "A"); err != nil || w != 18 {
		t.Errorf("column A of a table without columns: width %v %v", w, err)
	}
	if panes, err := f.GetPanes("主要指标"); err != nil || panes.Freeze {
		t.Errorf("panes %+v %v", panes, err)
	}
}

// ?chart= selects one table, named in the file name; an unknown one is not
// found.
func TestXlsxFigureChart(t *testing.T) {
	f := figWorkbook(t, "rank2", "yulin-2023-rank2.xlsx")
	if got := f.GetSheetList(); !slices.Equal(got, []string{"排名"}) {
		t.Errorf("sheets %q", got)
	}

	rec := httptest.NewRecorder()
	err := writeFigXLSX(rec, "yulin-2023.xlsx", "nope", xlsxTestTables())
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.NotFound {
		t.Errorf("unknown chart: %v", err)
	}
	if rec.Body.Len() != 0 || strings.Contains(rec.Header().Get("Content-Type"), "sheet") {
		t.Error("an unknown chart wrote a response")
	}
}
