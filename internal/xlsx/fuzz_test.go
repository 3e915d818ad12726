package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/innopark/innopark/internal/errs"
)

// checkRead reads everything and checks what must hold for any input: no
// panic, a failure is always a user-facing error (never Internal: a user's
// file must not look like a server fault), rows come in increasing order
// after the header with one cell per column, problems name read rows.
func checkRead(t *testing.T, data []byte, opt Options) {
	t.Helper()
	opt.TmpDir = t.TempDir()
	rd, err := NewReader(bytes.NewReader(data), testSpec(), opt)
	if err != nil {
		if errs.KindOf(err) == errs.Internal {
			t.Fatalf("open: internal error %v", err)
		}
		return
	}
	defer rd.Close()
	last := rd.HeaderRow()
	for rd.Next() {
		row := rd.Row()
		if row.Num <= last {
			t.Fatalf("row %d after %d", row.Num, last)
		}
		last = row.Num
		if len(row.Cells) != len(testSpec().Columns) {
			t.Fatalf("%d cells", len(row.Cells))
		}
		// The typed getters must not panic on anything.
		row.Text("name")
		row.Code("type")
		row.Date("signed_on")
		row.Money("amount")
		row.Code("field")
		row.Int("copies")
	}
	if err := rd.Err(); err != nil && errs.KindOf(err) == errs.Internal {
		t.Fatalf("read: internal error %v", err)
	}
	for _, e := range rd.Problems().Errors() {
		if e.Row <= rd.HeaderRow() || e.Row > last {
			t.Fatalf("problem on row %d outside %d…%d", e.Row, rd.HeaderRow(), last)
		}
	}
}

// FuzzReadCSV feeds arbitrary bytes through header detection, encoding
// sniffing, row numbering and the typed getters.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"合同名称,合同类型,签订日期,合同金额（元）\n甲,技术服务,2023-01-02,1\n",
		"标题\n\n合同名称,合同类型,签订日期,合同金额（元）,x\r\n\"a\nb\",SERVICE,2023/1/2,\"1,000.5\",y,z\r\n\r\n,,,\r\n",
		"\xEF\xBB\xBF项目名称\t合同类型\t签订日期\t合同总金额\n=1+1\t1\t45278\t-0.01\n",
		"\xBA\xCF\xCD\xAC\xC3\xFB\xB3\xC6,\xBA\xCF\xCD\xAC\xC0\xE0\xD0\xCD\n\xBC\xD7,1\n", // GBK
		"\"unterminated\n",
		"a\x00b",
		"\xFF\xFEa\x00",
		"PK\x03\x04",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{MaxRows: 50, MaxRowBytes: 4096})
	})
}

// FuzzReadXLSXSheet puts arbitrary worksheet XML in a valid package and
// checks, besides checkRead's invariants, that the formula scan never
// misses an <f> element encoding/xml would decode (which is what excelize
// sees) before </sheetData> or the first decode error.
func FuzzReadXLSXSheet(f *testing.F) {
	for _, s := range []string{
		string(sheetXML(testHeader, cells(goodRow))),
		`<worksheet><sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>`,
		`<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>合同名称</x:t></x:is></x:c></x:row><x:row><x:c><x:f t="shared" si="0"/></x:c></x:row></x:sheetData></x:worksheet>`,
		`<?xml version="1.0" encoding="UTF-16"?><worksheet/>`,
		`<worksheet><sheetData><row><c><v><![CDATA[<f>]]></v></c></row><!-- <f> --></sheetData><f/></worksheet>`,
		`<worksheet><sheetData><row r="9"><c r="B9" t="s"><v>0</v></c></row>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, sheet []byte) {
		if len(sheet) > 1<<20 {
			return
		}
		st, scanErr := scanSheet(bytes.NewReader(sheet))
		if scanErr == nil && st.formulas == 0 {
			if where := decodedFormula(sheet); where != "" {
				t.Fatalf("scan missed the formula %s", where)
			}
		}
		checkRead(t, minimalXLSX(t, sheet), Options{MaxRows: 50})
	})
}

// decodedFormula returns where encoding/xml, set up as excelize sets it up,
// yields an element named f before </sheetData> or its first error.
func decodedFormula(sheet []byte) string {
	d := xml.NewDecoder(bytes.NewReader(sheet))
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		e, err := htmlindex.Get(label)
		if err != nil {
			return nil, err
		}
		return e.NewDecoder().Reader(r), nil
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "f" {
				line, col := d.InputPos()
				return fmt.Sprintf("at %d:%d", line, col)
			}
		case xml.EndElement:
			if el.Name.Local == "sheetData" {
				return ""
			}
		}
	}
}

// FuzzValues checks the value parsers: money round-trips exactly through
// its CSV form in every unit, a parsed date prints as what it parsed.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"1234.5", "¥1,234.50", "-0.01", "2023年5月6日", "20231218", "2023-02-30", "1e3", "=1+1", "0000A\u02dc",
		"12.35万元", "１２，３４５．６", "0.0000000001亿", "12千元", "２０２３年５月６日"} {
		f.Add(s, int64(12345))
	}
	f.Fuzz(func(t *testing.T, s string, fen int64) {
		for _, u := range []Unit{Yuan, Wan, Yi} {
			if fen > -1e15 && fen < 1e15 {
				if got, _, ok := ParseAmount(FormatAmount(fen, u), u); !ok || got != fen {
					t.Fatalf("ParseAmount(FormatAmount(%d, %s)) = %d, %v", fen, u.Name(), got, ok)
				}
			}
			v, badUnit, ok := ParseAmount(s, u)
			if ok {
				if w, _, ok := ParseAmount(FormatAmount(v, u), u); !ok || w != v {
					t.Fatalf("%q → %d does not round-trip in %s", s, v, u.Name())
				}
			} else if badUnit != "" && !strings.Contains(foldWidth(s), badUnit) && !strings.Contains(s, badUnit) {
				t.Fatalf("%q: bad unit %q is not in the cell", s, badUnit)
			}
		}
		if d, ok := ParseDate(foldWidth(s)); ok {
			if e, ok := ParseDate(d.String()); !ok || e != d {
				t.Fatalf("%q → %v does not round-trip", s, d)
			}
		}
		if Injection(Neutralise(s)) {
			t.Fatalf("Neutralise(%q) still looks like a formula", s)
		}
		if n := normHeader(s); normHeader(n) != n {
			t.Fatalf("normHeader not idempotent on %q", s)
		}
	})
}

// FuzzIdent reads arbitrary text as an identifier cell of a CSV: it is
// either refused as a number form or comes out without spaces or
// full-width characters, and reading it again gives the same.
func FuzzIdent(f *testing.F) {
	for _, s := range []string{"91610800MA70A0B01U", "９１６１ ０８００", "2.36108E+15", "13800000000.0", "1E5", "0.5", " 138 0000 0000 ", "Ａ\u3000Ｂ"} {
		f.Add(s)
	}
	spec := Spec{Columns: []Column{{Key: "name", Header: "名称"}, {Key: "id", Header: "号码", Kind: Ident}}}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\"\r\n,\x00") {
			return
		}
		rd, err := NewReader(strings.NewReader("名称,号码\n甲,"+s+"\n"), spec, Options{TmpDir: t.TempDir()})
		if err != nil {
			return
		}
		defer rd.Close()
		for rd.Next() {
			row := rd.Row()
			v, ok := row.Ident("id")
			if !ok {
				continue
			}
			if strings.IndexFunc(v, unicode.IsSpace) >= 0 || foldIdent(v) != v {
				t.Fatalf("%q read as %q", s, v)
			}
			if n, isNum := numberForm(v); isNum && n != v && (n == "" || strings.ContainsAny(v, "Ee")) {
				t.Fatalf("%q read as %q, a number form", s, v)
			}
		}
		if err := rd.Err(); err != nil && errs.KindOf(err) == errs.Internal {
			t.Fatal(err)
		}
	})
}
