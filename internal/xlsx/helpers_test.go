package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// testSpec is shaped like a contract import: Chinese headers, aliases,
// every kind.
func testSpec() Spec {
	return Spec{
		Sheet: "技术合同",
		Columns: []Column{
			{Key: "name", Header: "合同名称", Aliases: []string{"项目名称"}, Required: true, Help: "合同上的名称"},
			{Key: "type", Header: "合同类型", Required: true, Kind: Code, Codes: []CodeName{
				{"DEV_ENTRUSTED", "技术开发（委托）"}, {"TRANSFER_PATENT", "专利权转让"}, {"SERVICE", "技术服务"}}},
			{Key: "signed_on", Header: "签订日期", Required: true, Kind: Date},
			{Key: "amount", Header: "合同金额（元）", Aliases: []string{"合同总金额"}, Required: true, Kind: Money},
			{Key: "field", Header: "技术领域", Kind: Code, Codes: []CodeName{{"01", "电子信息"}, {"02", "软件"}, {"11", "其他"}}},
			{Key: "copies", Header: "份数", Kind: Int},
			{Key: "note", Header: "备注"},
		},
	}
}

var testHeader = []string{"合同名称", "合同类型", "签订日期", "合同金额（元）", "技术领域", "份数", "备注"}

// writeBook saves rows (row 1 first) to an xlsx with the normal excelize API;
// a string starting with "=" becomes a formula, a float64 a number.
func writeTestXLSX(t testing.TB, dir, sheet string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for i, row := range rows {
		for j, v := range row {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
				if err := f.SetCellFormula(sheet, ref, s[1:]); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(dir, fmt.Sprintf("t%d.xlsx", len(rows)))
	for i := 0; ; i++ {
		if _, err := os.Stat(path); err != nil {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("t%d-%d.xlsx", len(rows), i))
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeSheets saves a workbook with the given sheets, each holding the test
// header and a good row.
func writeSheets(t testing.TB, dir string, sheets ...string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range [][]any{anys(testHeader), goodRow} {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(dir, strings.Join(sheets, "+")+".xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// zipOf builds a zip of the given entries (name → content), deflated.
func zipOf(t testing.TB, entries map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(entries[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// minimalXLSX is a hand-made package around one worksheet's XML, for sheets
// excelize would not write (huge, broken, odd namespaces).
func minimalXLSX(t testing.TB, sheetXML []byte) []byte {
	t.Helper()
	e := map[string][]byte{
		"[Content_Types].xml":        []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
		"_rels/.rels":                []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		"xl/workbook.xml":            []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="技术合同" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml":   sheetXML,
	}
	return zipOf(t, e, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml")
}

// sheetXML wraps rows of inline-string cells ("" cells are left out) in a
// worksheet.
func sheetXML(rows ...[]string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, i+1)
		for j, v := range row {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, v)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return []byte(b.String())
}

// problemOf returns the Problem in err's chain, or "".
func problemOf(err error) Problem {
	for _, p := range AllProblems() {
		if errors.Is(err, p) {
			return p
		}
	}
	return ""
}

// msgOf is the user message of err.
func msgOf(err error) errs.Msg {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return errs.Msg{}
}

func zh() Translator { return In(i18n.MustLoad(), i18n.ZH) }

// readAll opens path and returns every data row's number and cells.
func readAll(t testing.TB, path string, spec Spec, opt Options) (*Reader, []int, [][]string, error) {
	t.Helper()
	rd, err := Open(path, spec, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	t.Cleanup(func() { _ = rd.Close() })
	var nums []int
	var rows [][]string
	for rd.Next() {
		row := rd.Row()
		nums = append(nums, row.Num)
		rows = append(rows, append([]string(nil), row.Cells...))
	}
	return rd, nums, rows, rd.Err()
}
