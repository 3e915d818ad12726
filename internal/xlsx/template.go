package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/errs"
)

// HelpSheet names the template's second sheet, which explains the columns.
const HelpSheet = "说明"

// WriteTemplate writes an empty file to fill in: the header row only. As
// xlsx it also has money and date columns pre-formatted, a drop-down of the
// names on code columns and a sheet 说明 explaining every column — required
// or not, the format, the help text and the allowed codes — in the user's
// language. The workbook is small, so it is built in memory.
func WriteTemplate(w io.Writer, format Format, spec Spec, tr Translator) error {
	if format == CSV {
		wr, err := NewWriter(w, CSV, spec.Written())
		if err != nil {
			return err
		}
		return wr.Close()
	}
	if err := spec.check(); err != nil {
		return err
	}
	spec = spec.Written()
	sheet := sheetName(spec)
	f, err := newBook(sheet)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if _, err := f.NewSheet(HelpSheet); err != nil {
		return err
	}

	// The help sheet: one row per column, codes one per row below it.
	helpHead := []string{"xlsx.tpl.column", "xlsx.tpl.required", "xlsx.tpl.format", "xlsx.tpl.help", "xlsx.tpl.code", "xlsx.tpl.code_name"}
	for j, k := range helpHead {
		ref, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := f.SetCellValue(HelpSheet, ref, tr(errs.M(k))); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(HelpSheet, "A1", "F1", st.header); err != nil {
		return err
	}
	for j, width := range []float64{24, 8, 24, 50, 10, 30} {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(HelpSheet, col, col, width); err != nil {
			return err
		}
	}
	row := 2
	var idents []string
	for i, c := range spec.Columns {
		req := "xlsx.tpl.no"
		if c.Required {
			req = "xlsx.tpl.yes"
		}
		vals := []any{c.Header, tr(errs.M(req)), tr(errs.M(c.Kind.key(), c.unit().Name())), c.Help}
		if err := f.SetSheetRow(HelpSheet, fmt.Sprintf("A%d", row), &vals); err != nil {
			return err
		}
		if err := f.SetCellStyle(HelpSheet, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), st.wrap); err != nil {
			return err
		}
		first := row
		for _, cn := range c.Codes {
			code := []any{cn.Code, cn.Name}
			if err := f.SetSheetRow(HelpSheet, fmt.Sprintf("E%d", row), &code); err != nil {
				return err
			}
			row++
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		switch {
		case len(c.Codes) > 0:
			// A drop-down of the names (what exports write); imports
			// accept the names as well as the codes.
			dv := excelize.NewDataValidation(true)
			dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, excelize.TotalRows)
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$F$%d:$F$%d", HelpSheet, first, row-1))
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		case c.Kind == Money:
			ms, err := moneyStyle(f, st, c.unit())
			if err != nil {
				return err
			}
			if err := f.SetColStyle(sheet, col, ms); err != nil {
				return err
			}
		case c.Kind == Ident:
			// Text, so a long number typed in keeps every digit.
			if err := f.SetColStyle(sheet, col, st.text); err != nil {
				return err
			}
			idents = append(idents, c.Header)
		case c.Kind == Date:
			if err := f.SetColStyle(sheet, col, st.date); err != nil {
				return err
			}
		}
		if len(c.Codes) == 0 {
			row++
		}
	}

	if len(idents) > 0 {
		// Below the columns: why the number columns are text.
		ref := fmt.Sprintf("A%d", row+1)
		if err := f.SetCellValue(HelpSheet, ref, tr(errs.M("xlsx.tpl.ident_note", joinList(idents)))); err != nil {
			return err
		}
		if err := f.MergeCell(HelpSheet, ref, fmt.Sprintf("F%d", row+1)); err != nil {
			return err
		}
		if err := f.SetCellStyle(HelpSheet, ref, ref, st.wrap); err != nil {
			return err
		}
		if err := f.SetRowHeight(HelpSheet, row+1, 48); err != nil {
			return err
		}
	}

	// The data sheet: the header, bold and frozen, with widths.
	for i, c := range spec.Columns {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue(sheet, ref, c.Header); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, colWidth(c)); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(spec.Columns), 1)
	if err := f.SetCellStyle(sheet, "A1", last, st.header); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return writeBook(f, w, nil)
}
