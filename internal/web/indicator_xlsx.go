package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/errs"
)

// figTable is the numbers behind one chart (or a table on its own): shown
// under the chart on the page and written as a sheet of the page's .xlsx.
type figTable struct {
	ID      string // stable, URL-safe: the sheet a ?chart= download selects
	Title   string
	Columns []string
	Rows    [][]figCell
	Chart   template.HTML // "" for a table without a chart
	Note    string        // unit or scope, shown under the title
	Wide    bool          // spans the page's width (many columns)
}

// figCell is one table figCell: Text as shown, Value as written to the sheet (a
// number where the figCell is one, so the spreadsheet can sum it).
type figCell struct {
	Text  string
	Value any  // int64, float64 or string; nil writes Text
	Num   bool // right-aligned on the page
	Em    bool // the row of the zone the page is about
}

func txtCell(s string) figCell { return figCell{Text: s} }

// figSheetName makes a valid, unique sheet name (≤ 31 characters, none of
// []:*?/\).
func figSheetName(title string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, title)
	for utf8.RuneCountInString(name) > 28 {
		r := []rune(name)
		name = string(r[:28])
	}
	base := name
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s %d", base, i)
	}
	used[name] = true
	return name
}

// writeFigXLSX sends tables as a workbook, one sheet each (only the one whose
// ID is chart, when chart is not "").
func writeFigXLSX(rw http.ResponseWriter, filename, chart string, tables []figTable) error {
	if chart != "" {
		var only []figTable
		for _, t := range tables {
			if t.ID == chart {
				only = append(only, t)
			}
		}
		if len(only) == 0 {
			return errs.NotFoundf("entity.page")
		}
		tables = only
		filename = strings.TrimSuffix(filename, ".xlsx") + "-" + chart + ".xlsx"
	}
	f := excelize.NewFile()
	defer f.Close()
	used := map[string]bool{}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx style: %w", err)
	}
	for i, t := range tables {
		name := figSheetName(t.Title, used)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("xlsx sheet: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx sheet: %w", err)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return fmt.Errorf("xlsx stream: %w", err)
		}
		// Column widths must precede the rows in a stream.
		if err := sw.SetColWidth(1, max(1, len(t.Columns)), 18); err != nil {
			return fmt.Errorf("xlsx width: %w", err)
		}
		row := 1
		put := func(vals []any) error {
			ref, _ := excelize.CoordinatesToCellName(1, row)
			row++
			return sw.SetRow(ref, vals)
		}
		if err := put([]any{excelize.Cell{Value: t.Title, StyleID: bold}}); err != nil {
			return fmt.Errorf("xlsx row: %w", err)
		}
		if t.Note != "" {
			if err := put([]any{t.Note}); err != nil {
				return fmt.Errorf("xlsx row: %w", err)
			}
		}
		head := make([]any, len(t.Columns))
		for j, c := range t.Columns {
			head[j] = excelize.Cell{Value: c, StyleID: bold}
		}
		if err := put(head); err != nil {
			return fmt.Errorf("xlsx row: %w", err)
		}
		for _, r := range t.Rows {
			vals := make([]any, len(r))
			for j, c := range r {
				if c.Value != nil {
					vals[j] = c.Value
				} else {
					vals[j] = c.Text
				}
			}
			if err := put(vals); err != nil {
				return fmt.Errorf("xlsx row: %w", err)
			}
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("xlsx flush: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("xlsx write: %w", err)
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(filename))
	rw.Header().Set("Cache-Control", "no-store")
	_, err = rw.Write(buf.Bytes())
	return err
}
