package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// tableColWidth is the width, in characters, of every column of
// WriteTables.
const tableColWidth = 18

// Table is one sheet of WriteTables: the numbers behind a chart, or a
// table on its own.
type Table struct {
	Title   string   // the first row (bold), and the sheet's name made valid and unique
	Note    string   // a row of its own under the title, when not ""
	Columns []string // the header row (bold)
	// Rows are the data rows, one value a cell as a Text column of Writer
	// takes them: strings as text, numbers as numbers (no number format),
	// nil an empty cell.
	Rows [][]any
}

// WriteTables writes tables as an .xlsx workbook into w, one sheet each,
// in order: the title, the note, the header and the rows, every column
// 18 characters wide. Unlike Writer's files it has no frozen header and
// no column kinds — it is a page's figures to take away, not a file to
// import again. No tables is a workbook of one empty sheet.
func WriteTables(w io.Writer, tables []Table) error {
	used := map[string]bool{}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = uniqueSheetName(t.Title, used)
	}
	first := "Sheet1"
	if len(names) > 0 {
		first = names[0]
	}
	f, err := newBook(first)
	if err != nil {
		return err
	}
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: style: %w", err)
	}
	for i, t := range tables {
		if i > 0 {
			if _, err := f.NewSheet(names[i]); err != nil {
				return fmt.Errorf("xlsx: sheet %q: %w", names[i], err)
			}
		}
		if err := writeTable(f, names[i], t, bold); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", names[i], err)
		}
	}
	return writeBook(f, w, nil)
}

// writeTable streams one table into the sheet.
func writeTable(f *excelize.File, sheet string, t Table, bold int) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Column widths must precede the rows in a stream.
	if err := sw.SetColWidth(1, max(1, len(t.Columns)), tableColWidth); err != nil {
		return err
	}
	row := 0
	put := func(vals []any) error {
		row++
		return sw.SetRow("A"+strconv.Itoa(row), vals)
	}
	if err := put([]any{excelize.Cell{Value: t.Title, StyleID: bold}}); err != nil {
		return err
	}
	if t.Note != "" {
		if err := put([]any{t.Note}); err != nil {
			return err
		}
	}
	head := make([]any, len(t.Columns))
	for j, c := range t.Columns {
		head[j] = excelize.Cell{Value: c, StyleID: bold}
	}
	if err := put(head); err != nil {
		return err
	}
	for _, r := range t.Rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = plain(v)
		}
		if err := put(vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// uniqueSheetName makes a valid sheet name of title — at most 31
// characters, none of []:*?/\ — that used does not hold yet, and adds it
// to used.
func uniqueSheetName(title string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, title)
	// 28 leaves room for a " 2" … " 99" that makes it unique.
	if utf8.RuneCountInString(name) > 28 {
		name = string([]rune(name)[:28])
	}
	base := name
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s %d", base, i)
	}
	used[name] = true
	return name
}
