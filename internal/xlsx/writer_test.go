package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

type record struct {
	Name, Type   string
	SignedOn     civil.Date
	Fen          int64
	Field        string
	Copies       int64
	Note         string
	HasFieldCell bool
}

func testRecords() []record {
	return []record{
		{"智能传感器开发", "DEV_ENTRUSTED", civil.MustParse("2023-05-06"), 12_000_050, "01", 2, "首批", true},
		{"专利转让：一种电池", "TRANSFER_PATENT", civil.MustParse("2022-12-31"), 1, "11", 0, "=1+1", true},
		{"技术服务（运维）", "SERVICE", civil.MustParse("2000-02-29"), 98_765_432_101, "", 1, "-cmd|' /c calc'!A0", false},
		{"多行\n名称", "SERVICE", civil.MustParse("2026-03-01"), 0, "02", 7, "+86 138 0000 0000", true},
		{`带"引号",逗号`, "SERVICE", civil.MustParse("1999-01-01"), 99, "02", 1, "-5", true},
	}
}

func writeRecords(t testing.TB, path string, format Format, recs []record) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, format, testSpec())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		var field any
		if r.Field != "" {
			field = r.Field
		}
		if err := w.Write(r.Name, r.Type, r.SignedOn, r.Fen, field, r.Copies, r.Note); err != nil {
			t.Fatal(err)
		}
	}
	if w.Rows() != len(recs) {
		t.Errorf("Rows = %d", w.Rows())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func readRecords(t testing.TB, path string) []record {
	t.Helper()
	rd, err := Open(path, testSpec(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var out []record
	for rd.Next() {
		row := rd.Row()
		var r record
		r.Name = row.Text("name")
		r.Type, _ = row.Code("type")
		r.SignedOn, _ = row.Date("signed_on")
		r.Fen, _ = row.Money("amount")
		r.Field, r.HasFieldCell = row.Code("field")
		r.Copies, _ = row.Int("copies")
		r.Note = row.Text("note")
		out = append(out, r)
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	if err := rd.Problems().Err(); err != nil {
		t.Fatalf("%v: %v", err, rd.Problems().Errors())
	}
	return out
}

// What is written reads back the same, in both formats: codes shown by
// name, money as yuan, dates as dates, risky text neutralised in CSV and
// restored on import.
func TestRoundTrip(t *testing.T) {
	for _, format := range []Format{XLSX, CSV} {
		t.Run(format.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out"+format.Ext())
			writeRecords(t, path, format, testRecords())
			if diff := cmp.Diff(testRecords(), readRecords(t, path)); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// The xlsx export: bold frozen header, widths, numbers as numbers with a
// money format, dates as dates, codes as names.
func TestWriteXLSXLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.xlsx")
	writeRecords(t, path, XLSX, testRecords()[:1])
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := "技术合同"
	if got := f.GetSheetList(); !cmp.Equal(got, []string{sheet}) {
		t.Fatalf("sheets %q", got)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth(sheet, "D"); w != 16 {
		t.Errorf("money width %v", w)
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold {
		t.Error("header not bold")
	}
	if s := style("D2"); s.CustomNumFmt == nil || *s.CustomNumFmt != moneyFormat {
		t.Errorf("money format %+v", s.CustomNumFmt)
	}
	if s := style("C2"); s.CustomNumFmt == nil || *s.CustomNumFmt != dateFormat {
		t.Errorf("date format %+v", s.CustomNumFmt)
	}
	for cell, want := range map[string]string{"D2": "120000.5", "C2": "45052", "F2": "2", "B2": "技术开发（委托）"} {
		got, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue(sheet, "D2"); got != "120,000.50" {
		t.Errorf("D2 shown as %q", got)
	}
	if typ, _ := f.GetCellType(sheet, "D2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("D2 type %v", typ)
	}
}

// The CSV export opens in Excel: BOM, CRLF, yuan with two decimals, formula
// text neutralised.
func TestWriteCSVBytes(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, CSV, testSpec())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("甲", "SERVICE", civil.MustParse("2023-01-02"), int64(-150), nil, 3, "=SUM(A1)"); err != nil {
		t.Fatal(err)
	}
	if err := w.Write("乙", "SERVICE", time.Date(2023, 1, 3, 23, 0, 0, 0, time.UTC), 5, "11", nil, "@x"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\xEF\xBB\xBF合同名称,合同类型,签订日期,合同金额（元）,技术领域,份数,备注\r\n" +
		"甲,技术服务,2023-01-02,-1.50,,3,'=SUM(A1)\r\n" +
		"乙,技术服务,2023-01-03,0.05,其他,,'@x\r\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("csv (-want +got):\n%s", diff)
	}
	if err := w.Write("x"); err == nil {
		t.Error("write after close")
	}
}

func TestTemplate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "template.xlsx")
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, XLSX, testSpec(), In(i18n.MustLoad(), i18n.ZH)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !cmp.Equal(got, []string{"技术合同", HelpSheet}) {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("技术合同")
	if err != nil || !cmp.Equal(rows, [][]string{testHeader}) {
		t.Errorf("data sheet %q %v", rows, err)
	}
	help, err := f.GetRows(HelpSheet)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(help[0], []string{"列名", "必填", "格式", "说明", "代码", "名称"}) {
		t.Errorf("help header %q", help[0])
	}
	if !cmp.Equal(help[1], []string{"合同名称", "是", "文本", "合同上的名称"}) {
		t.Errorf("help row %q", help[1])
	}
	if !cmp.Equal(help[2], []string{"合同类型", "是", "代码（见右侧可选值，也可填写名称）", "", "DEV_ENTRUSTED", "技术开发（委托）"}) ||
		!cmp.Equal(help[4], []string{"", "", "", "", "SERVICE", "技术服务"}) {
		t.Errorf("code rows %q", help[2:5])
	}
	dvs, err := f.GetDataValidations("技术合同")
	if err != nil || len(dvs) != 2 || dvs[0].Formula1 != "'说明'!$F$3:$F$5" {
		t.Errorf("drop-downs %+v %v", dvs, err)
	}
	// The template passes every check and has no rows; the CSV template is
	// the header line.
	if _, _, _, err := readAll(t, path, testSpec(), Options{}); problemOf(err) != ErrNoRows {
		t.Errorf("reading the template: %v", err)
	}
	buf.Reset()
	if err := WriteTemplate(&buf, CSV, testSpec(), zh()); err != nil {
		t.Fatal(err)
	}
	if want := utf8BOM + strings.Join(testHeader, ",") + "\r\n"; buf.String() != want {
		t.Errorf("csv template %q", buf.String())
	}
}

// The error report is the upload with 错误说明 in front: same rows at the
// same numbers, each bad row's problems in the user's language, and it can
// be uploaded again as it is.
func TestReport(t *testing.T) {
	dir := t.TempDir()
	xlsxPath := writeTestXLSX(t, dir, "技术合同", [][]any{
		{"技术合同登记表"},
		{"合同名称", "合同类型", "签订日期", "合同金额（元）", "联系人"},
		{"甲", "技术服务", 45278, 1.5, "张三"},
		nil,
		{"乙", "技术咨询", "2023-02-30", "abc"},
		{"丙", "技术服务", "2023-01-02", 2},
	})
	csvPath := writeFile(t, dir, "up.csv", []byte(
		"合同名称,合同类型,签订日期,合同金额（元）,联系人\r\n甲,技术服务,2023-12-18,1.5,张三\r\n\r\n乙,技术咨询,2023-02-30,abc\r\n丙,技术服务,2023-01-02,2,=cmd\r\n"))
	for _, tt := range []struct {
		name, path string
		lang       i18n.Lang
		want       [][]string
	}{
		{"xlsx", xlsxPath, i18n.ZH, [][]string{
			{"", "技术合同登记表"},
			{"错误说明", "合同名称", "合同类型", "签订日期", "合同金额（元）", "联系人"},
			{"", "甲", "技术服务", "2023-12-18", "1.5", "张三"},
			nil,
			{"合同类型：“技术咨询”不是可选的代码或名称；签订日期：“2023-02-30”不是正确的日期（如 2023-12-18）；合同金额（元）：“abc”不是正确的金额（本列以元为单位，精确到分）", "乙", "技术咨询", "2023-02-30", "abc"},
			{"本行还有错误，因错误过多未能列出，请先修正已列出的错误后重新导入", "丙", "技术服务", "2023-01-02", "2"},
		}},
		{"csv", csvPath, i18n.EN, [][]string{
			{"错误说明", "合同名称", "合同类型", "签订日期", "合同金额（元）", "联系人"},
			{"", "甲", "技术服务", "2023-12-18", "1.5", "张三"},
			nil,
			{`合同类型: "技术咨询" is not one of the allowed codes or names; 签订日期: "2023-02-30" is not a valid date (such as 2023-12-18); 合同金额（元）: "abc" is not a valid amount (this column is in 元, to the fen)`, "乙", "技术咨询", "2023-02-30", "abc"},
			{"This row has more errors not listed because there are too many; fix the listed ones and import again", "丙", "技术服务", "2023-01-02", "2", "'=cmd"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The import: validate every row, keeping at most 3 problems.
			rd, err := Open(tt.path, testSpec(), Options{MaxErrors: 3})
			if err != nil {
				t.Fatal(err)
			}
			for rd.Next() {
				row := rd.Row()
				row.Code("type")
				row.Date("signed_on")
				row.Money("amount")
				if row.Text("name") == "丙" {
					row.Fail("", "contract.err.duplicate", "2023-001") // over the cap
				}
			}
			if err := rd.Err(); err != nil {
				t.Fatal(err)
			}
			rd.Close()
			if rd.Problems().BadRows() != 2 {
				t.Fatalf("bad rows %v", rd.Problems().Errors())
			}

			out := filepath.Join(dir, "report-"+tt.name)
			f, err := os.Create(out)
			if err != nil {
				t.Fatal(err)
			}
			format, err := WriteReport(f, tt.path, testSpec(), Options{MaxErrors: 3}, rd.Problems(), In(i18n.MustLoad(), tt.lang))
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
			if format != rd.Format() {
				t.Errorf("format %v", format)
			}
			if diff := cmp.Diff(tt.want, reportRows(t, out, format)); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			// Uploaded again, the report reads like the original.
			again, err := Open(out, testSpec(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			n := 0
			for again.Next() {
				n++
			}
			if again.Err() != nil || n != 3 || !cmp.Equal(again.Extra(), []string{"联系人"}) {
				t.Errorf("re-import: %v, %d rows, extra %q", again.Err(), n, again.Extra())
			}
		})
	}
}

func reportRows(t *testing.T, path string, format Format) [][]string {
	t.Helper()
	if format == CSV {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(utf8BOM)) {
			t.Error("no BOM")
		}
		var rows [][]string
		for _, line := range strings.Split(strings.TrimSuffix(string(b[3:]), "\r\n"), "\r\n") {
			if line == "" {
				rows = append(rows, nil)
				continue
			}
			rows = append(rows, splitCSVLine(line))
		}
		return rows
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("技术合同", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if len(rows[i]) == 0 {
			rows[i] = nil
		}
	}
	return rows
}

// splitCSVLine handles the quoting the report's lines use.
func splitCSVLine(line string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"' && quoted && i+1 < len(line) && line[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

// Every message key the package uses exists, non-empty, in both catalogs.
func TestCatalogKeys(t *testing.T) {
	cat := i18n.MustLoad()
	var keys []string
	for _, p := range AllProblems() {
		keys = append(keys, p.Key())
	}
	for k := Text; k <= Ident; k++ {
		keys = append(keys, k.key())
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range strings.Split(string(b), `"xlsx.`)[1:] {
			if end := strings.IndexByte(part, '"'); end > 0 && !strings.HasSuffix(part[:end], ".") {
				keys = append(keys, "xlsx."+part[:end])
			}
		}
	}
	if len(keys) < 40 {
		t.Fatalf("only %d keys found", len(keys))
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) || strings.TrimSpace(cat.T(l, k)) == "" {
				t.Errorf("key %q missing in %s", k, l)
			}
		}
	}
	if got := cat.Msg(i18n.EN, errs.M("xlsx.err.formula", "C5", 1)); !strings.Contains(got, "C5") {
		t.Errorf("formula message %q", got)
	}
}
