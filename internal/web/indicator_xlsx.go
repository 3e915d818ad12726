package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/xlsx"
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
	Value any    // int64, float64 or string; nil writes Text
	Num   bool   // right-aligned on the page
	Em    bool   // the row of the zone the page is about
	Href  string // on the page, the cell links here (an area's page)
}

func txtCell(s string) figCell { return figCell{Text: s} }

// writeFigXLSX sends tables as a workbook, one sheet each (only the one whose
// ID is chart, when chart is not ""), laid out by xlsx.WriteTables.
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
	sheets := make([]xlsx.Table, len(tables))
	for i, t := range tables {
		rows := make([][]any, len(t.Rows))
		for j, r := range t.Rows {
			rows[j] = make([]any, len(r))
			for k, c := range r {
				if c.Value != nil {
					rows[j][k] = c.Value
				} else {
					rows[j][k] = c.Text
				}
			}
		}
		sheets[i] = xlsx.Table{Title: t.Title, Note: t.Note, Columns: t.Columns, Rows: rows}
	}
	return writeWorkbook(rw, filename, sheets)
}

// writeWorkbook sends sheets as an .xlsx download. The workbook is built
// whole before anything is sent, so a failure is an error page.
func writeWorkbook(rw http.ResponseWriter, filename string, sheets []xlsx.Table) error {
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, sheets); err != nil {
		return fmt.Errorf("workbook %s: %w", filename, err)
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(filename))
	rw.Header().Set("Cache-Control", "no-store")
	_, err := rw.Write(buf.Bytes())
	return err
}
