package xlsx

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/civil"
)

func TestUniqueSheetName(t *testing.T) {
	used := map[string]bool{}
	long := strings.Repeat("长", 40)
	for _, tc := range []struct{ title, want string }{
		{"指标", "指标"},
		{"指标", "指标 2"},
		{"指标", "指标 3"},
		{`a/b\c[d]e:f*g?h`, "a_b_c_d_e_f_g_h"},
		{long, strings.Repeat("长", 28)},
		{long, strings.Repeat("长", 28) + " 2"},
	} {
		if got := uniqueSheetName(tc.title, used); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.title, got, tc.want)
		}
	}
}

// WriteTables: a sheet per table in order, title, note, header, rows;
// values as Text cells take them.
func TestWriteTables(t *testing.T) {
	var buf bytes.Buffer
	err := WriteTables(&buf, []Table{
		{Title: "甲", Note: "单位：元", Columns: []string{"名称", "数"}, Rows: [][]any{{"a", int64(3)}, {civil.MustParse("2023-12-18"), nil}, {"b", 2.5}}},
		{Title: "甲", Columns: []string{"x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"甲", "甲 2"}) {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("甲")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"甲"}, {"单位：元"}, {"名称", "数"}, {"a", "3"}, {"2023-12-18"}, {"b", "2.5"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	if typ, _ := f.GetCellType("甲", "B4"); typ != excelize.CellTypeUnset {
		t.Errorf("a number is written as %v", typ)
	}
	if rows, _ := f.GetRows("甲 2"); !slices.EqualFunc(rows, [][]string{{"甲"}, {"x"}}, slices.Equal) {
		t.Errorf("second sheet %q", rows)
	}
}

// No tables is a workbook of one empty sheet.
func TestWriteTablesNone(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTables(&buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Sheet1"}) {
		t.Errorf("sheets %q", got)
	}
}
