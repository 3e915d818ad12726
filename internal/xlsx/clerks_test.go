package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// batchSpec is shaped like an honours batch list (名单): the kind of spec a
// new module's import is.
func batchSpec() Spec {
	return Spec{Sheet: "名单", Columns: []Column{
		{Key: "seq", Header: "序号", Kind: Int},
		{Key: "name", Header: "企业名称", Required: true},
		{Key: "uscc", Header: "统一社会信用代码", Aliases: []string{"信用代码"}, Required: true, Kind: Ident},
		{Key: "region", Header: "所在地区"},
		{Key: "category", Header: "类别", Required: true, Kind: Code, Codes: []CodeName{{"N", "国家级"}, {"P", "省级"}, {"C", "市级"}}},
		{Key: "on", Header: "认定日期", Kind: Date},
		{Key: "award", Header: "奖补金额（万元）", Kind: Money, Unit: Wan},
		{Key: "phone", Header: "联系电话", Kind: Ident},
	}}
}

// entry is one batchSpec row as a module reads it.
type entry struct {
	Seq      int64
	Name     string
	USCC     string
	Category string
	On       string
	Award    int64
	Phone    string
}

func readEntries(t *testing.T, path string, opt Options) (*Reader, []entry, error) {
	t.Helper()
	rd, err := Open(path, batchSpec(), opt)
	if err != nil {
		return nil, nil, err
	}
	t.Cleanup(func() { _ = rd.Close() })
	var out []entry
	for rd.Next() {
		row := rd.Row()
		var e entry
		e.Seq, _ = row.Int("seq")
		e.Name = row.Text("name")
		e.USCC, _ = row.Ident("uscc")
		e.Category, _ = row.Code("category")
		d, _ := row.Date("on")
		if !d.IsZero() {
			e.On = d.String()
		}
		e.Award, _ = row.Money("award")
		e.Phone, _ = row.Ident("phone")
		out = append(out, e)
	}
	return rd, out, rd.Err()
}

type problem struct {
	Row         int
	Column, Key string
}

func problemList(c *Collector) []problem {
	var out []problem
	for _, e := range c.Errors() {
		out = append(out, problem{e.Row, e.Column, e.Key})
	}
	return out
}

func noteKeys(rd *Reader) []string {
	var out []string
	for _, n := range rd.Notes() {
		out = append(out, n.Key)
	}
	return out
}

// Amounts in 万元 and 亿元 — in the heading or in the cell — come out as
// exact fen; a heading without its unit is matched and says how it was read;
// a unit that is none of these is refused naming it.
func TestUnits(t *testing.T) {
	dir := t.TempDir()
	csv := func(name, text string) string { return writeFile(t, dir, name, []byte(text)) }
	header := "序号,企业名称,统一社会信用代码,类别,"
	uscc := "91610800MA70A0B01U"
	t.Run("heading states another unit", func(t *testing.T) {
		rd, got, err := readEntries(t, csv("wan.csv", header+"奖补金额（元）\n1,甲,"+uscc+",国家级,1234.56\n2,乙,"+uscc+",省级,12.35万元\n3,丙,"+uscc+",省级,0.000123亿元\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{123456, 12_350_000, 1_230_000}
		for i, e := range got {
			if e.Award != want[i] {
				t.Errorf("row %d: %d fen, want %d", i+2, e.Award, want[i])
			}
		}
		if diff := cmp.Diff([]ColumnUse{{"序号", "seq", "序号", ""}, {"企业名称", "name", "企业名称", ""}, {"统一社会信用代码", "uscc", "统一社会信用代码", ""},
			{"类别", "category", "类别", ""}, {"奖补金额（元）", "award", "奖补金额（万元）", "元"}}, rd.Columns()); diff != "" {
			t.Errorf("columns (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{NoteUnit}, noteKeys(rd)); diff != "" {
			t.Errorf("notes (-want +got):\n%s", diff)
		}
	})
	t.Run("heading without a unit", func(t *testing.T) {
		rd, got, err := readEntries(t, csv("bare.csv", header+"奖补金额\n1,甲,"+uscc+",国家级,12.3456\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got[0].Award != 12_345_600 {
			t.Errorf("award %d fen", got[0].Award)
		}
		if n := rd.Notes(); len(n) != 1 || n[0].Key != NoteNoUnit || !cmp.Equal(n[0].Args, []any{"奖补金额", "万元"}) {
			t.Errorf("notes %v", n)
		}
	})
	t.Run("units in cells, and their limits", func(t *testing.T) {
		rd, _, err := readEntries(t, csv("cells.csv", header+"奖补金额/万元\n"+
			"1,甲,"+uscc+",国家级,12.3456789\n"+ // a seventh decimal of 万元 is below the fen
			"2,乙,"+uscc+",国家级,12千元\n"+
			"3,丙,"+uscc+",国家级,１２．５\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []problem{{2, "奖补金额/万元", KeyBadMoney}, {3, "奖补金额/万元", KeyBadUnit}}
		if diff := cmp.Diff(want, problemList(rd.Problems())); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if args := rd.Problems().Errors()[1].Args; !cmp.Equal(args, []any{"12千元", "千元"}) {
			t.Errorf("bad unit args %v", args)
		}
	})
	t.Run("heading in a unit money is not read in", func(t *testing.T) {
		_, _, err := readEntries(t, csv("k.csv", header+"奖补金额（千元）\n1,甲,"+uscc+",国家级,1\n"), Options{})
		if !errors.Is(err, ErrColumnUnit) || !cmp.Equal(msgOf(err).Args, []any{"奖补金额（千元）", "千元"}) {
			t.Errorf("err = %v", err)
		}
	})
	for _, tt := range []struct {
		in   string
		unit Unit
		fen  int64
		ok   bool
	}{
		{"1,234.56", Yuan, 123456, true}, {"¥1234", Yuan, 123400, true}, {"12.35万元", Yuan, 12_350_000, true},
		{"12.35万", Yuan, 12_350_000, true}, {"1.5亿元", Yuan, 15_000_000_000, true}, {"0.01", Yuan, 1, true},
		{"0.000001", Wan, 1, true}, {"0.0000001", Wan, 0, false}, {"0.0000000001", Yi, 1, true}, {"-3.5万元", Yuan, -3_500_000, true},
		{"１２３．４", Yuan, 12340, true}, {"RMB 12", Yuan, 1200, true}, {"12元", Wan, 1200, true}, {"12.345", Yuan, 0, false},
		{"12.340", Yuan, 1234, true}, {"92233720368547758.07", Yuan, 0, false}, {"万元", Yuan, 0, false}, {"", Yuan, 0, false},
	} {
		fen, _, ok := ParseAmount(tt.in, tt.unit)
		if fen != tt.fen || ok != tt.ok {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d, %v", tt.in, tt.unit.Name(), fen, ok, tt.fen, tt.ok)
		}
	}
	for _, tt := range []struct {
		fen  int64
		unit Unit
		want string
	}{{123456, Yuan, "1234.56"}, {12_345_600, Wan, "12.3456"}, {1, Wan, "0.000001"}, {-1_500_000_000, Yi, "-0.15"}, {0, Wan, "0.00"}} {
		if got := FormatAmount(tt.fen, tt.unit); got != tt.want {
			t.Errorf("FormatAmount(%d, %s) = %q, want %q", tt.fen, tt.unit.Name(), got, tt.want)
		}
	}
}

// A number cell holding an identifier of 16 or more digits has lost digits:
// refused, saying the column must be text. Shorter numbers, text cells and
// full-width characters read as typed.
func TestIdentifiers(t *testing.T) {
	dir := t.TempDir()
	uscc := "91610800MA70A0B01U"
	path := writeTestXLSX(t, dir, "名单", [][]any{
		{"序号", "企业名称", "统一社会信用代码", "类别", "联系电话"},
		{1, "甲", uscc, "国家级", 2361080100015870.0},                 // a 16-digit number cell
		{2, "乙", uscc, "国家级", int64(13800000000)},                 // 11 digits: kept exactly
		{3, "丙", "９１６１０８００ＭＡ７０Ａ０Ｂ０１Ｕ", "国家级", "2361080100015871"}, // full width; 16 digits as text
		{4, "丁", uscc, "国家级", 1.2e17},
	})
	rd, got, err := readEntries(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []problem{{2, "联系电话", KeyIdentNumber}, {5, "联系电话", KeyIdentNumber}}
	if diff := cmp.Diff(want, problemList(rd.Problems())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got[1].Phone != "13800000000" || got[2].USCC != uscc || got[2].Phone != "2361080100015871" || got[0].Phone != "" {
		t.Errorf("values %+v", got)
	}
	if a := rd.Problems().Errors()[0].Args; !cmp.Equal(a, []any{"2361080100015870"}) {
		t.Errorf("args %v", a)
	}
	if s := rd.Problems().Errors()[0].Text(zh()); !strings.Contains(s, "文本格式") {
		t.Errorf("message %q does not say to format the column as text", s)
	}

	// A CSV shows what the spreadsheet displayed: scientific notation has
	// lost digits whatever its size; a zero decimal is only a number form.
	rd, got, err = readEntries(t, writeFile(t, dir, "ids.csv", []byte("企业名称,统一社会信用代码,类别,联系电话\n"+
		"甲,"+uscc+",国家级,2.36108E+15\n乙,"+uscc+",国家级,1.38E+10\n丙,"+uscc+",国家级,13800000000.0\n丁,"+uscc+",国家级, 138 0000 0000 \n")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want = []problem{{2, "联系电话", KeyIdentNumber}, {3, "联系电话", KeyIdentNumber}}
	if diff := cmp.Diff(want, problemList(rd.Problems())); diff != "" {
		t.Errorf("csv problems (-want +got):\n%s", diff)
	}
	if got[2].Phone != "13800000000" || got[3].Phone != "13800000000" {
		t.Errorf("csv values %+v", got)
	}
}

// A totals row is passed over with a note, not reported as a row missing
// every required value; formulas with a saved value are read as that value.
func TestTotalsAndFormulas(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetName("Sheet1", "名单")
	rows := [][]any{
		{"序号", "企业名称", "统一社会信用代码", "类别", "奖补金额（万元）"},
		{1, "甲", "91610800MA70A0B01U", "国家级", 10},
		{2, "乙", "91610800MA70A0B01U", "省级", 2.5},
		{"合 计", nil, nil, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("名单", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	// A formula with its saved result, as Excel writes it.
	if err := f.SetCellFormula("名单", "E4", "SUM(E2:E3)"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "totals.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	withValue := rewriteEntry(t, path, "xl/worksheets/sheet1.xml", func(x string) string {
		return strings.Replace(x, "<f>SUM(E2:E3)</f>", "<f>SUM(E2:E3)</f><v>12.5</v>", 1)
	})
	rd, got, err := readEntries(t, withValue, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || rd.Problems().Len() != 0 || rd.Rows() != 3 || rd.PassedOver() != 1 {
		t.Fatalf("entries %+v, problems %v, rows %d, passed over %d", got, rd.Problems().Errors(), rd.Rows(), rd.PassedOver())
	}
	if diff := cmp.Diff([]string{NoteFormulas, NoteTotalsRow}, noteKeys(rd)); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if n := rd.Notes()[1]; n.Row != 4 || n.Args[0] != "合 计" {
		t.Errorf("totals note %+v", n)
	}
	// Without the saved value (openpyxl writes formulas so) it is refused.
	if _, _, err := readEntries(t, path, Options{}); !errors.Is(err, ErrFormula) || !cmp.Equal(msgOf(err).Args, []any{"E4", 1}) {
		t.Errorf("formula without a value: %v", err)
	}
}

// rewriteEntry copies the zip at path with one entry changed by fn.
func rewriteEntry(t *testing.T, path, name string, fn func(string) string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			b = []byte(fn(string(b)))
		}
		w, _ := zw.Create(f.Name)
		_, _ = w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(path, ".xlsx") + "-v.xlsx"
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// One sheet is read whatever its name; several need the expected name or
// the user's choice; a template's help sheet does not count.
func TestSheetChoice(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name   string
		sheets []string
		chosen string
		read   string
	}{
		{"only sheet, named after the CSV", []string{"名单-2023"}, "", "名单-2023"},
		{"data sheet beside the help sheet", []string{"Sheet1", HelpSheet}, "", "Sheet1"},
		{"expected name among several", []string{"Sheet1", "名单"}, "", "名单"},
		{"chosen", []string{"名单", "第二批"}, "第二批", "第二批"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			spec := testSpec()
			spec.Sheet = "名单"
			rd, err := Open(writeSheets(t, dir, tt.sheets...), spec, Options{Sheet: tt.chosen})
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			if rd.Sheet() != tt.read {
				t.Errorf("read %q, want %q", rd.Sheet(), tt.read)
			}
			if want := tt.read != spec.Sheet; want != (len(rd.Notes()) == 1 && rd.Notes()[0].Key == NoteSheet) {
				t.Errorf("notes %v", rd.Notes())
			}
		})
	}
}

// Files that are not what they seem say what to do: an OpenDocument file
// to be saved as .xlsx, mis-decoded headings to check the encoding.
func TestWhatTheFileIs(t *testing.T) {
	dir := t.TempDir()
	ods := zipOf(t, map[string][]byte{"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": []byte("<x/>")},
		"mimetype", "content.xml")
	_, _, _, err := readAll(t, writeFile(t, dir, "a.ods", ods), testSpec(), Options{})
	if !errors.Is(err, ErrNotSpreadsheet) || !cmp.Equal(msgOf(err).Args, []any{errs.M("xlsx.type.ods")}) {
		t.Errorf("ods: %v", err)
	}
	if s := i18n.MustLoad().Msg(i18n.ZH, msgOf(err)); !strings.Contains(s, ".xlsx") {
		t.Errorf("ods message %q", s)
	}

	// UTF-8 headings read as Latin-1 and saved again (in an xlsx), and
	// UTF-8 read as GBK (in a UTF-8 CSV): "check the encoding", not 7
	// missing columns.
	latin1 := func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			b.WriteRune(rune(c))
		}
		return b.String()
	}
	var mojibake []any
	for _, h := range testHeader {
		mojibake = append(mojibake, latin1(h))
	}
	gbk, err := simplifiedchinese.GBK.NewDecoder().String(strings.Join(testHeader[:4], ","))
	if err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"latin-1": writeTestXLSX(t, dir, "技术合同", [][]any{mojibake, goodRow}),
		"gbk":     writeFile(t, dir, "gbk-mojibake.csv", []byte(gbk+"\n甲,技术服务,2023-01-02,1\n")),
	} {
		_, _, _, err := readAll(t, path, testSpec(), Options{})
		if !errors.Is(err, ErrEncoding) || msgOf(err).Key != "xlsx.err.mojibake" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Every column is mapped or listed: one without a heading that holds
// values is listed as ignored too.
func TestEveryColumnAccounted(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "cols.csv", []byte("合同名称,,合同类型,签订日期,合同金额（元）,合同编号\n甲,备注,技术服务,2023-01-02,1,HT-1\n"))
	rd, _, _, err := readAll(t, path, testSpec(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"合同编号", "（B列，无列名）"}, rd.Extra()); diff != "" {
		t.Errorf("extra (-want +got):\n%s", diff)
	}
	if len(rd.Columns()) != 4 {
		t.Errorf("columns %v", rd.Columns())
	}
}

// An exported workbook declares the range it fills, so readers that trust
// <dimension> (openpyxl's read-only mode) see every row; the template keeps
// identifier columns as text and says why.
func TestWrittenRangeAndTextColumns(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX, batchSpec())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := w.Write(i+1, "甲", "91610800MA70A0B01U", nil, "N", civil.Date{Year: 2023, Month: 5, Day: 6}, int64(12_345_600), "2361080100015870"); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	sheet := entry1(t, buf.Bytes(), streamSheetPart)
	if !strings.Contains(sheet, `<dimension ref="A1:H4"`) {
		t.Errorf("dimension: %s", regexp.MustCompile(`<dimension[^>]*>`).FindString(sheet))
	}
	// The amount in 万元 reads back exactly, the long number as text.
	path := writeFile(t, t.TempDir(), "out.xlsx", buf.Bytes())
	rd, got, err := readEntries(t, path, Options{})
	if err != nil || rd.Problems().Len() > 0 {
		t.Fatalf("%v %v", err, rd.Problems().Errors())
	}
	if got[0].Award != 12_345_600 || got[0].Phone != "2361080100015870" || got[2].Seq != 3 || got[0].On != "2023-05-06" {
		t.Errorf("read back %+v", got[0])
	}

	buf.Reset()
	if err := WriteTemplate(&buf, XLSX, batchSpec(), zh()); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	for _, col := range []string{"C", "H"} {
		st, err := book.GetColStyle("名单", col)
		if err != nil {
			t.Fatal(err)
		}
		s, err := book.GetStyle(st)
		if err != nil || s.NumFmt != textFormat {
			t.Errorf("column %s: style %+v %v, want text", col, s, err)
		}
	}
	help, _ := book.GetRows(HelpSheet)
	last := help[len(help)-1]
	if len(last) == 0 || !strings.Contains(last[0], "统一社会信用代码、联系电话") || !strings.Contains(last[0], "15 位") {
		t.Errorf("help sheet ends with %q", last)
	}
}

// entry1 is one entry of a zip in memory.
func entry1(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			data, _ := io.ReadAll(rc)
			return string(data)
		}
	}
	t.Fatalf("no %s", name)
	return ""
}

// openpyxl finds a Python 3 with openpyxl (Debian's python3-openpyxl). It
// skips the test without one, except under CI=true, where .ci/run installs
// it and its absence fails.
func openpyxl(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(py); err == nil && exec.Command(path, "-c", "import openpyxl").Run() == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("python3 with openpyxl not found (Debian package python3-openpyxl); CI needs it")
	}
	t.Skip("python3 with openpyxl not found (Debian package python3-openpyxl): skipped")
	return ""
}

// openpyxl's read-only mode trusts <dimension>: it sees every row of an
// export, not one, and reads the values back.
func TestOpenpyxlReadsExports(t *testing.T) {
	py := openpyxl(t)
	path := filepath.Join(t.TempDir(), "export.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(f, XLSX, batchSpec())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 250 {
		if err := w.Write(i+1, "企业", "91610800MA70A0B01U", "榆林市", "P", civil.Date{Year: 2023, Month: 5, Day: 6}, int64(12_345_600), "2361080100015870"); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	script := `import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).active
rows = list(ws.iter_rows(values_only=True))
print(ws.max_row, ws.max_column, len(rows), rows[250][6], rows[250][7])`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "251 8 251 12.3456 2361080100015870" {
		t.Errorf("openpyxl read-only sees %q", got)
	}
}
