package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

var goodRow = []any{"智能传感器开发", "技术开发（委托）", "2023-05-06", 120000.5, "01", 2, "首批"}

// Every refusal of a whole file, each from a crafted file, with the
// problem, the errs kind (and so the HTTP status) and the message's
// arguments that name what is wrong.
func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	csvOf := func(lines ...string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }
	header := strings.Join(testHeader, ",")
	good := "智能传感器开发,技术开发（委托）,2023-05-06,120000.50,01,2,首批"
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(s string) []byte {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	full := func(rows ...[]any) [][]any { return append([][]any{anys(testHeader)}, rows...) }

	tests := []struct {
		name string
		file func() string
		opt  Options
		want Problem
		kind errs.Kind
		args []any // expected message args, when they matter
		key  string
	}{
		{name: "oversized csv", file: func() string { return writeFile(t, dir, "big.csv", csvOf(header, good, good)) },
			opt: Options{MaxFileSize: 100}, want: ErrTooLarge, kind: errs.TooLarge, args: []any{int64(1)}},
		{name: "oversized xlsx", file: func() string { return writeTestXLSX(t, dir, "技术合同", full(goodRow)) },
			opt: Options{MaxFileSize: 1000}, want: ErrTooLarge, kind: errs.TooLarge},
		{name: "pdf named .xlsx", file: func() string { return writeFile(t, dir, "x.xlsx", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj")) },
			want: ErrNotSpreadsheet, kind: errs.Invalid, args: []any{errs.M("xlsx.type.pdf")}},
		{name: "xls (OLE2)", file: func() string {
			return writeFile(t, dir, "x.xls", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...))
		}, want: ErrNotSpreadsheet, args: []any{errs.M("xlsx.type.xls")}},
		{name: "png named .csv", file: func() string { return writeFile(t, dir, "x.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00")) },
			want: ErrNotSpreadsheet, args: []any{errs.M("xlsx.type.image")}},
		{name: "binary named .csv", file: func() string { return writeFile(t, dir, "bin.csv", []byte("abc\x00\x01\x02def,ghi\n\x03")) },
			want: ErrNotSpreadsheet, args: []any{errs.M("xlsx.type.binary")}},
		{name: "zip without a workbook (docx)", file: func() string {
			return writeFile(t, dir, "d.xlsx", zipOf(t, map[string][]byte{"word/document.xml": []byte("<w/>")}, "word/document.xml"))
		}, want: ErrNotSpreadsheet, args: []any{errs.M("xlsx.type.zip")}},
		{name: "zip bomb by ratio", file: func() string {
			return writeFile(t, dir, "bomb.xlsx", minimalXLSX(t, bytes.Repeat([]byte(" "), 8<<20)))
		}, want: ErrZipBomb, key: "xlsx.err.zip_ratio"},
		{name: "zip bomb by total size", file: func() string {
			return writeFile(t, dir, "bomb2.xlsx", minimalXLSX(t, bytes.Repeat([]byte(" "), 20<<20)))
		}, opt: Options{MaxRatio: 1 << 30, MaxUnzipSize: 1}, want: ErrZipBomb, key: "xlsx.err.zip_bomb", args: []any{int64(16)}},
		{name: "zip bomb in a part held in memory", file: func() string {
			e := map[string][]byte{"xl/media/image1.png": bytes.Repeat([]byte{0}, 70<<20)}
			return writeFile(t, dir, "bomb3.xlsx", zipOf(t, e, "xl/media/image1.png"))
		}, opt: Options{MaxRatio: 1 << 30}, want: ErrZipBomb, key: "xlsx.err.zip_part", args: []any{"xl/media/image1.png", 64}},
		{name: "zip bomb by entry count", file: func() string {
			e := map[string][]byte{}
			var order []string
			for i := range 50 {
				n := fmt.Sprintf("x/%d.xml", i)
				e[n], order = []byte("<a/>"), append(order, n)
			}
			return writeFile(t, dir, "many.xlsx", zipOf(t, e, order...))
		}, opt: Options{MaxZipEntries: 20}, want: ErrZipBomb, key: "xlsx.err.zip_entries", args: []any{50, 20}},
		{name: "truncated xlsx", file: func() string {
			b, _ := os.ReadFile(writeTestXLSX(t, dir, "技术合同", full(goodRow)))
			return writeFile(t, dir, "cut.xlsx", b[:len(b)/2])
		}, want: ErrCorrupt},
		{name: "sheet XML broken off mid-way", file: func() string {
			x := sheetXML(testHeader, cells(goodRow), cells(goodRow), cells(goodRow))
			x = bytes.Replace(x, []byte(`<row r="3">`), []byte(`<row r="3"><c r="A3" t="inlineStr"><is><t>x</b></t></is></c>`), 1)
			return writeFile(t, dir, "broken.xlsx", minimalXLSX(t, x))
		}, want: ErrCorrupt},
		{name: "formula", file: func() string {
			return writeTestXLSX(t, dir, "技术合同", full(goodRow, []any{"b", "专利权转让", "2023-05-06", "=D2*2"}, []any{"c", "=A2"}))
		}, want: ErrFormula, args: []any{"D3、B4", 2}},
		{name: "formula with a namespace prefix", file: func() string {
			x := bytes.Replace(sheetXML(testHeader, cells(goodRow)), []byte(`<c r="D2" t="inlineStr">`),
				[]byte(`<c r="D2"><longprefix_abcdefghijklmnopqrstuvwxyz:f xmlns:longprefix_abcdefghijklmnopqrstuvwxyz="http://schemas.openxmlformats.org/spreadsheetml/2006/main">1+1</longprefix_abcdefghijklmnopqrstuvwxyz:f></c><c r="E2" t="inlineStr">`), 1)
			return writeFile(t, dir, "nsf.xlsx", minimalXLSX(t, x))
		}, want: ErrFormula, args: []any{"D2", 1}},
		{name: "several sheets, none expected", file: func() string { return writeSheets(t, dir, "Sheet1", "Sheet2", "说明") },
			want: ErrNoSheet, key: "xlsx.err.choose_sheet", args: []any{"技术合同", "“Sheet1”、“Sheet2”、“说明”"}},
		{name: "the chosen sheet is missing", file: func() string { return writeSheets(t, dir, "技术合同", "Sheet2") },
			opt: Options{Sheet: "Sheet3"}, want: ErrNoSheet, args: []any{"Sheet3", "“技术合同”、“Sheet2”"}},
		{name: "empty file", file: func() string { return writeFile(t, dir, "empty.csv", nil) }, want: ErrEmpty},
		{name: "csv with only a BOM and blank lines", file: func() string { return writeFile(t, dir, "bom.csv", []byte("\xEF\xBB\xBF\r\n\r\n")) },
			want: ErrEmpty},
		{name: "xlsx with an empty sheet", file: func() string { return writeTestXLSX(t, dir, "技术合同", nil) }, want: ErrEmpty},
		{name: "header only (csv)", file: func() string { return writeFile(t, dir, "h.csv", csvOf(header)) }, want: ErrNoRows},
		{name: "header only (xlsx)", file: func() string { return writeTestXLSX(t, dir, "技术合同", full()) }, want: ErrNoRows},
		{name: "missing columns, all listed", file: func() string {
			return writeFile(t, dir, "m.csv", csvOf("合同类型,合同金额（元）,备注", "技术服务,1,x"))
		}, want: ErrMissingColumns, args: []any{"合同名称、签订日期"}},
		{name: "no known header at all lists every column", file: func() string {
			return writeFile(t, dir, "nh.csv", csvOf("a,b", "1,2"))
		}, want: ErrMissingColumns, args: []any{"合同名称、合同类型、签订日期、合同金额（元）、技术领域、份数、备注"}},
		{name: "duplicate column via alias", file: func() string {
			return writeFile(t, dir, "dup.csv", csvOf(header+",项目名称", good+",x"))
		}, want: ErrDuplicateColumn, args: []any{"项目名称"}},
		{name: "extra columns refused", file: func() string {
			return writeFile(t, dir, "extra.csv", csvOf(header+",联系人,电话", good+",张三,123"))
		}, opt: Options{Extra: RefuseExtra}, want: ErrExtraColumns, args: []any{"联系人、电话"}},
		{name: "latin-1 csv", file: func() string {
			return writeFile(t, dir, "l1.csv", []byte("Nom,Soci\xe9t\xe9\nJos\xe9,Cr\xe8me br\xfbl\xe9e\n"))
		},
			want: ErrEncoding, args: []any{errs.M("xlsx.enc.unknown")}},
		{name: "latin-1 that happens to decode as GB18030", file: func() string {
			return writeFile(t, dir, "l2.csv", []byte("Caf\xe9s,Cr\xe8me\nx,y\n"))
		}, want: ErrEncoding, args: []any{errs.M("xlsx.enc.unknown")}},
		{name: "utf-16 csv", file: func() string { return writeFile(t, dir, "u16.csv", utf16(header+"\r\n"+good+"\r\n")) },
			want: ErrEncoding, args: []any{errs.M("xlsx.enc.utf16")}},
		{name: "invalid utf-8 after a valid sample", file: func() string {
			var b bytes.Buffer
			b.WriteString(header + "\r\n")
			for b.Len() < sampleSize+100 {
				b.WriteString(good + "\r\n")
			}
			b.WriteString("坏\xff行,技术服务,2023-01-01,1,,,\r\n")
			return writeFile(t, dir, "late.csv", b.Bytes())
		}, want: ErrEncoding, key: "xlsx.err.encoding_row"},
		{name: "gbk csv without a matching header", file: func() string { return writeFile(t, dir, "g.csv", gbk("名称,金额\n甲,1\n")) },
			want: ErrEncoding},
		{name: "unbalanced quotes", file: func() string { return writeFile(t, dir, "q.csv", csvOf(header, good, `"abc,技术服务`)) },
			want: ErrCorrupt, key: "xlsx.err.csv_quotes", args: []any{3}},
		{name: "too many rows (csv)", file: func() string { return writeFile(t, dir, "n.csv", csvOf(header, good, good, good, good)) },
			opt: Options{MaxRows: 3}, want: ErrTooManyRows, kind: errs.TooLarge, args: []any{3}},
		{name: "too many rows (xlsx)", file: func() string {
			return writeTestXLSX(t, dir, "技术合同", full(goodRow, goodRow, goodRow, goodRow))
		}, opt: Options{MaxRows: 3}, want: ErrTooManyRows, kind: errs.TooLarge, args: []any{3}},
		{name: "too many rows known before reading", file: func() string {
			rows := [][]string{testHeader}
			for range 30 {
				rows = append(rows, cells(goodRow))
			}
			return writeFile(t, dir, "early.xlsx", minimalXLSX(t, sheetXML(rows...)))
		}, opt: Options{MaxRows: 5}, want: ErrTooManyRows, kind: errs.TooLarge},
		{name: "a csv record over the byte limit", file: func() string {
			return writeFile(t, dir, "long.csv", csvOf(header, good, `"`+strings.Repeat("长", 2000)+`",技术服务,2023-01-01,1,,,`))
		}, opt: Options{MaxRowBytes: 1024}, want: ErrRowTooBig, kind: errs.TooLarge, args: []any{3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := readAll(t, tt.file(), testSpec(), tt.opt)
			if got := problemOf(err); got != tt.want {
				t.Fatalf("problem = %q (%v), want %q", got, err, tt.want)
			}
			kind := tt.kind
			if kind == 0 {
				kind = errs.Invalid
			}
			if errs.KindOf(err) != kind {
				t.Errorf("kind = %v, want %v", errs.KindOf(err), kind)
			}
			m := msgOf(err)
			key := tt.key
			if key == "" {
				key = tt.want.Key()
			}
			if m.Key != key {
				t.Errorf("message key = %q, want %q", m.Key, key)
			}
			if tt.args != nil {
				if diff := cmp.Diff(tt.args, m.Args); diff != "" {
					t.Errorf("message args (-want +got):\n%s", diff)
				}
			}
			// The message reads in both languages without a gap.
			cat := i18n.MustLoad()
			for _, l := range i18n.Langs {
				if s := cat.Msg(l, m); s == m.Key || strings.Contains(s, "{") {
					t.Errorf("%s message %q", l, s)
				}
			}
		})
	}
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func cells(row []any) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if v != nil {
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

// A GBK CSV (what Excel on Chinese Windows saves), a UTF-8 CSV with BOM and
// one without, tab- and semicolon-separated ones all read the same.
func TestCSVEncodingsAndDelimiters(t *testing.T) {
	dir := t.TempDir()
	join := func(sep string) string {
		return strings.Join([]string{"合同名称", "合同类型", "签订日期", "合同金额（元）"}, sep) + "\r\n" +
			strings.Join([]string{"智能传感器开发", "技术开发（委托）", "2023-05-06", `"1,200.50"`}, sep) + "\r\n" +
			strings.Join([]string{"软件许可", "技术服务", "2023/6/1", "88"}, sep) + "\r\n"
	}
	text := join(",")
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.Replace(text, "软件许可", "软件许可𠀋", 1)))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"智能传感器开发", "技术开发（委托）", "2023-05-06", "1,200.50", "", "", ""},
		{"软件许可", "技术服务", "2023/6/1", "88", "", "", ""},
	}
	wantGB18030 := [][]string{want[0], {"软件许可𠀋", "技术服务", "2023/6/1", "88", "", "", ""}}
	for _, tt := range []struct {
		name string
		data []byte
		want [][]string
	}{
		{"utf-8", []byte(text), want},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), text...), want},
		{"gbk", gbk, want},
		{"gb18030 four-byte", gb18030, wantGB18030},
		{"tabs", []byte(join("\t")), want},
		{"semicolons", []byte(join(";")), want},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, dir, tt.name+".csv", tt.data)
			rd, nums, rows, err := readAll(t, path, testSpec(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{2, 3}, nums); diff != "" {
				t.Errorf("row numbers (-want +got):\n%s", diff)
			}
			if rd.Format() != CSV || rd.Problems().Len() != 0 {
				t.Errorf("format %v, problems %v", rd.Format(), rd.Problems().Errors())
			}
		})
	}
}

// The header is found below title rows, in any column order, through
// aliases and retyped widths; extra columns are listed and ignored; row
// numbers are the spreadsheet's, across blank rows and multi-line cells.
func TestHeaderAndRowNumbers(t *testing.T) {
	dir := t.TempDir()
	t.Run("xlsx", func(t *testing.T) {
		path := writeTestXLSX(t, dir, "技术合同", [][]any{
			{"技术合同登记表（2023 年）"},
			nil,
			{"联系人", " 合同金额(元) ", "*项目名称", "签订日期", "合同类型", "", "错误说明"},
			{"张三", 1500.25, "甲", "2023-01-02", "技术服务"},
			nil,
			{nil, 45278, "乙", 45278, "专利权转让"}, // a date serial in a date column
			{"李四"}, // only an ignored column: skipped
			{nil, 0.1 + 0.2, "丙", "2023-12-18", "技术服务"},
		})
		rd, nums, rows, err := readAll(t, path, testSpec(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"甲", "技术服务", "2023-01-02", "1500.25", "", "", ""},
			{"乙", "专利权转让", "2023-12-18", "45278", "", "", ""},
			{"丙", "技术服务", "2023-12-18", "0.3", "", "", ""},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int{4, 6, 8}, nums); diff != "" {
			t.Errorf("row numbers (-want +got):\n%s", diff)
		}
		if rd.HeaderRow() != 3 || rd.Sheet() != "技术合同" || !cmp.Equal(rd.Extra(), []string{"联系人"}) {
			t.Errorf("header row %d, sheet %q, extra %q", rd.HeaderRow(), rd.Sheet(), rd.Extra())
		}
		if !rd.Has("amount") || rd.Has("field") {
			t.Error("Has")
		}
	})
	t.Run("csv", func(t *testing.T) {
		data := "技术合同登记表\r\n\r\n合同名称,合同类型,签订日期,合同金额（元）\r\n甲,技术服务,2023-01-02,1\r\n\r\n\r\n\"乙\n第二行\",技术服务,2023-01-02,2\r\n丙,技术服务,2023-01-02,3\r\n,,,\r\n丁,技术服务,2023-01-02,4\r\n"
		_, nums, rows, err := readAll(t, writeFile(t, dir, "rows.csv", []byte(data)), testSpec(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int{4, 7, 8, 10}, nums); diff != "" {
			t.Errorf("row numbers (-want +got):\n%s", diff)
		}
		if rows[1][0] != "乙\n第二行" {
			t.Errorf("multi-line cell = %q", rows[1][0])
		}
	})
}

// Problems found by the Reader and by the Row getters, each with its row
// and the column's header as written in the file.
func TestRowProblems(t *testing.T) {
	dir := t.TempDir()
	data := strings.Join([]string{
		"项目名称,合同类型,签订日期,合同总金额,技术领域,份数,备注",
		"甲,技术服务,2023-01-02,100,02,1,ok",
		`,技术开发,2023-02-30,12.345,99,x,"=HYPERLINK(""http://evil"")"`,
		"丙,service,2023年5月6日,\"¥1,000.5\",1,3,-5,多余",
		"丁,技术服务,2023-01-02,100,,,@SUM(A1)",
	}, "\r\n")
	rd, err := Open(writeFile(t, dir, "p.csv", []byte(data)), testSpec(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	type parsed struct {
		Name, Type, Field string
		Date              string
		Fen, Copies       int64
	}
	var got []parsed
	for rd.Next() {
		row := rd.Row()
		var p parsed
		p.Name = row.Text("name")
		p.Type, _ = row.Code("type")
		p.Field, _ = row.Code("field")
		d, _ := row.Date("signed_on")
		p.Date = d.String()
		p.Fen, _ = row.Money("amount")
		p.Copies, _ = row.Int("copies")
		got = append(got, p)
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	want := []parsed{
		{"甲", "SERVICE", "02", "2023-01-02", 10000, 1},
		{"", "", "", "", 0, 0},
		{"丙", "SERVICE", "01", "2023-05-06", 100050, 3},
		{"丁", "SERVICE", "", "2023-01-02", 10000, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	type pe struct {
		Row         int
		Column, Key string
	}
	var problems []pe
	for _, e := range rd.Problems().Errors() {
		problems = append(problems, pe{e.Row, e.Column, e.Key})
	}
	// Text beginning with = + - @ is text: it is stored, and exports
	// neutralise it (see TestWriteCSVBytes).
	wantProblems := []pe{
		{3, "项目名称", KeyRequired},
		{3, "合同类型", KeyBadCode},
		{3, "技术领域", KeyBadCode},
		{3, "签订日期", KeyBadDate},
		{3, "合同总金额", KeyBadMoney},
		{3, "份数", KeyBadInt},
		{4, "", KeyRowTooLong},
	}
	if diff := cmp.Diff(wantProblems, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if n := rd.Problems().BadRows(); n != 2 {
		t.Errorf("bad rows = %d", n)
	}
	err = rd.Problems().Err()
	if !errors.Is(err, ErrBadRows) || !cmp.Equal(msgOf(err).Args, []any{2, 7}) {
		t.Errorf("summary = %v", err)
	}
	if s := rd.Problems().Errors()[3].Text(zh()); s != "签订日期：“2023-02-30”不是正确的日期（如 2023-12-18）" {
		t.Errorf("text = %q", s)
	}
}

// Row.Reject maps a domain validation error onto columns by field name.
func TestReject(t *testing.T) {
	dir := t.TempDir()
	rd, err := Open(writeFile(t, dir, "r.csv", []byte("合同名称,合同类型,签订日期,合同金额（元）\n甲,技术服务,2023-01-02,1\n乙,技术服务,2023-01-02,1\n")), testSpec(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	rd.Next()
	var f errs.Fields
	f.Add("amount", "contract.err.amount_too_large")
	f.Add("buyer.uscc", "enterprise.err.uscc_check", "X", "Y")
	f.Add("name", "error.required")
	if err := rd.Row().Reject(f.Err()); err != nil {
		t.Fatal(err)
	}
	rd.Next()
	if err := rd.Row().Reject(errs.E(errs.Conflict, "contract.err.duplicate", "2023-001")); err != nil {
		t.Fatal(err)
	}
	internal := errors.New("db down")
	if err := rd.Row().Reject(internal); err != internal {
		t.Errorf("internal error = %v, want it back", err)
	}
	want := []RowError{
		{Row: 2, Column: "合同名称", Key: "error.required"},
		{Row: 2, Column: "合同金额（元）", Key: "contract.err.amount_too_large"},
		{Row: 2, Column: "buyer.uscc", Key: "enterprise.err.uscc_check", Args: []any{"X", "Y"}},
		{Row: 3, Key: "contract.err.duplicate", Args: []any{"2023-001"}},
	}
	if diff := cmp.Diff(want, rd.Problems().Errors()); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// The collector keeps up to its cap and still knows every bad row.
func TestCollectorCap(t *testing.T) {
	c := NewCollector(3)
	for row := 10; row > 0; row-- {
		c.Add(RowError{Row: row * 2, Key: KeyRequired})
	}
	if c.Len() != 10 || c.Dropped() != 7 || c.BadRows() != 10 || len(c.Errors()) != 3 {
		t.Fatalf("len %d dropped %d bad %d kept %d", c.Len(), c.Dropped(), c.BadRows(), len(c.Errors()))
	}
	if e := c.Errors(); e[0].Row != 16 || e[2].Row != 20 {
		t.Errorf("kept not sorted: %v", e)
	}
	if !c.IsBad(2) || c.IsBad(3) || c.IsBad(1000) {
		t.Error("IsBad")
	}
	if NewCollector(0).Err() != nil {
		t.Error("empty collector has an error")
	}
}

// Extra columns are ignored by default, and an upload streamed in (not a
// file) reads the same, for both formats.
func TestNewReaderStreams(t *testing.T) {
	dir := t.TempDir()
	xlsxPath := writeTestXLSX(t, dir, "技术合同", [][]any{
		{"合同名称", "合同类型", "签订日期", "合同金额（元）", "联系人"},
		{"甲", "技术服务", "2023-01-02", 1, "张三"},
	})
	xb, _ := os.ReadFile(xlsxPath)
	cb := []byte("合同名称,合同类型,签订日期,合同金额（元）,联系人\n甲,技术服务,2023-01-02,1,张三\n")
	for _, tt := range []struct {
		name string
		data []byte
		f    Format
	}{{"xlsx", xb, XLSX}, {"csv", cb, CSV}} {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(bytes.NewReader(tt.data), testSpec(), Options{TmpDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			var rows [][]string
			for rd.Next() {
				rows = append(rows, append([]string(nil), rd.Row().Cells...))
			}
			if err := rd.Err(); err != nil {
				t.Fatal(err)
			}
			if err := rd.Close(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([][]string{{"甲", "技术服务", "2023-01-02", "1", "", "", ""}}, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if rd.Format() != tt.f || !cmp.Equal(rd.Extra(), []string{"联系人"}) || rd.Progress() != 1 {
				t.Errorf("format %v extra %q progress %v", rd.Format(), rd.Extra(), rd.Progress())
			}
		})
	}
	// Oversized streams are refused while copying / reading.
	for _, data := range [][]byte{xb, append(cb, bytes.Repeat([]byte("乙,技术服务,2023-01-02,1,x\n"), 10000)...)} {
		// Within the first 64 KiB both are refused at once: the xlsx
		// while being copied, the CSV while its sample is read.
		if _, err := NewReader(bytes.NewReader(data), testSpec(), Options{MaxFileSize: 2000, TmpDir: dir}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v", err)
		}
	}
	rd, err := NewReader(bytes.NewReader(append(cb, bytes.Repeat([]byte("乙,技术服务,2023-01-02,1,x\n"), 10000)...)), testSpec(), Options{MaxFileSize: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for rd.Next() {
	}
	if !errors.Is(rd.Err(), ErrTooLarge) {
		t.Errorf("streamed CSV over the limit: %v", rd.Err())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 { // only the test's own xlsx
		t.Errorf("temporary files left: %v", entries)
	}
}

// A Spec with mistakes is a programming error, not a user error.
func TestSpecCheck(t *testing.T) {
	for _, s := range []Spec{
		{},
		{Columns: []Column{{Key: "a", Header: "甲"}, {Key: "a", Header: "乙"}}},
		{Columns: []Column{{Key: "a", Header: "甲"}, {Key: "b", Header: "乙", Aliases: []string{" 甲 "}}}},
		{Columns: []Column{{Key: "a", Header: "甲", Kind: Code}}},
	} {
		if _, err := Open("nowhere", s, Options{}); err == nil || errs.KindOf(err) != errs.Internal {
			t.Errorf("spec %+v: err = %v", s, err)
		}
	}
}

// An xlsx is read a few chunks ahead in a goroutine of its own: rows come
// in order with their numbers across chunk boundaries and gaps, and closing
// a reader before the end stops the goroutine.
func TestXLSXReadAhead(t *testing.T) {
	dir := t.TempDir()
	rows := [][]any{anys(testHeader)}
	var want []int
	for i := 0; len(want) < 2*xlsxChunkRows+50; i++ {
		if i%100 == 99 {
			rows = append(rows, nil) // a row absent from the XML
			continue
		}
		r := append([]any(nil), goodRow...)
		r[0] = fmt.Sprintf("合同%d", i)
		rows = append(rows, r)
		want = append(want, len(rows))
	}
	path := writeTestXLSX(t, dir, "技术合同", rows)
	rd, nums, got, err := readAll(t, path, testSpec(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, nums); d != "" {
		t.Errorf("row numbers (-want +got):\n%s", d)
	}
	for i, n := range nums {
		if name := rows[n-1][0]; got[i][0] != name {
			t.Fatalf("row %d: %q, want %q", n, got[i][0], name)
		}
	}
	if rd.Progress() != 1 {
		t.Errorf("progress %v at the end", rd.Progress())
	}

	before := runtime.NumGoroutine()
	rd, err = Open(path, testSpec(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if !rd.Next() {
			t.Fatalf("row %d: %v", i, rd.Err())
		}
	}
	if err := rd.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after closing a reader mid-file, %d before", n, before)
	}
}
