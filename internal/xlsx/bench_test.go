package xlsx

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/civil"
)

// The read benchmarks compare this package's Reader with excelize's bare
// streaming iterator (OpenFile, Rows, Columns — nothing else) on the same
// generated file, in the same run:
//
//	go test -run XXX -bench . -benchtime 1x ./internal/xlsx/
//	XLSX_BENCH_ROWS=1000000 go test -run XXX -bench ReadVsBare -benchtime 1x ./internal/xlsx/
//
// Two files: "inline" as this package's exports write it (inline strings),
// "shared" as Excel saves it (a shared-string table).

// benchSpec is shaped like a full contract registration row.
func benchSpec() Spec {
	return Spec{Sheet: "技术合同", Columns: []Column{
		{Key: "reg_no", Header: "登记号", Required: true},
		{Key: "name", Header: "合同名称", Required: true},
		{Key: "type", Header: "合同类型", Required: true, Kind: Code, Codes: []CodeName{
			{"DEV_ENTRUSTED", "技术开发（委托）"}, {"DEV_COOPERATIVE", "技术开发（合作）"}, {"TRANSFER_PATENT", "专利权转让"},
			{"LICENSE_PATENT", "专利实施许可"}, {"CONSULTING", "技术咨询"}, {"SERVICE", "技术服务"}}},
		{Key: "signed_on", Header: "签订日期", Required: true, Kind: Date},
		{Key: "valid_from", Header: "有效期起", Kind: Date},
		{Key: "valid_to", Header: "有效期止", Kind: Date},
		{Key: "seller", Header: "卖方名称", Required: true},
		{Key: "seller_uscc", Header: "卖方统一社会信用代码", Required: true},
		{Key: "buyer", Header: "买方名称", Required: true},
		{Key: "buyer_uscc", Header: "买方统一社会信用代码"},
		{Key: "region", Header: "买方所在地区代码", Kind: Int},
		{Key: "field", Header: "技术领域", Kind: Code, Codes: []CodeName{{"01", "电子信息"}, {"02", "软件"}, {"03", "航空航天"}, {"11", "其他"}}},
		{Key: "amount", Header: "合同金额（元）", Required: true, Kind: Money},
		{Key: "tech_amount", Header: "技术交易额（元）", Required: true, Kind: Money},
		{Key: "registrar", Header: "登记员"},
	}}
}

// benchRow returns the values of row i, deterministic and varied: unique
// names and numbers, repeated codes and people, as in a real registry.
func benchRow(i int) []any {
	types := []string{"DEV_ENTRUSTED", "DEV_COOPERATIVE", "TRANSFER_PATENT", "LICENSE_PATENT", "CONSULTING", "SERVICE"}
	fields := []string{"01", "02", "03", "11"}
	d := civil.Date{Year: 2019 + i%5, Month: time.Month(1 + i%12), Day: 1 + i%28}
	amount := int64(100_000 + (i*7919)%50_000_000)
	return []any{
		fmt.Sprintf("61080%02d01%07d", i%5+19, i),
		fmt.Sprintf("第%d号智能制造关键技术开发合同", i),
		types[i%len(types)],
		d, d, d.AddDays(365),
		fmt.Sprintf("榆林市科技企业%d有限公司", i%2000),
		fmt.Sprintf("91610800MA%08d", i%2000),
		fmt.Sprintf("陕西省买方单位%d有限公司", i%50000),
		fmt.Sprintf("91610000MB%08d", i%50000),
		610800 + i%12,
		fields[i%len(fields)],
		amount, amount - amount/10,
		fmt.Sprintf("登记员%d", i%20),
	}
}

// genInline writes n rows with this package's Writer.
func genInline(tb testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f, XLSX, benchSpec())
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		if err := w.Write(benchRow(i)...); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
}

// genShared writes n rows the way Excel saves them: text in a shared-string
// table, numbers and date serials in <v>.
func genShared(tb testing.TB, path string, n int) {
	spec := benchSpec()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	put := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			tb.Fatal(err)
		}
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="技术合同" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)

	sst := map[string]int{}
	var order []string
	idx := func(s string) int {
		i, ok := sst[s]
		if !ok {
			i = len(order)
			sst[s] = i
			order = append(order, s)
		}
		return i
	}
	zs, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(zs, 1<<20)
	w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := func(r int, vals []any) {
		fmt.Fprintf(w, `<row r="%d">`, r)
		for j, v := range vals {
			col, _ := excelize.ColumnNumberToName(j + 1)
			switch v := v.(type) {
			case string:
				if c := spec.Columns[j]; c.Kind == Code && r > 1 {
					v = codeName(c.Codes, v)
				}
				fmt.Fprintf(w, `<c r="%s%d" t="s"><v>%d</v></c>`, col, r, idx(v))
			case civil.Date:
				fmt.Fprintf(w, `<c r="%s%d"><v>%d</v></c>`, col, r, dateSerial(v))
			case int64:
				fmt.Fprintf(w, `<c r="%s%d"><v>%s</v></c>`, col, r, strconv.FormatFloat(float64(v)/100, 'f', -1, 64))
			case int:
				fmt.Fprintf(w, `<c r="%s%d"><v>%d</v></c>`, col, r, v)
			}
		}
		w.WriteString(`</row>`)
	}
	head := make([]any, len(spec.Columns))
	for i, c := range spec.Columns {
		head[i] = c.Header
	}
	row(1, head)
	for i := range n {
		row(i+2, benchRow(i))
	}
	w.WriteString(`</sheetData></worksheet>`)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	zs2, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		tb.Fatal(err)
	}
	w = bufio.NewWriterSize(zs2, 1<<20)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(order), len(order))
	for _, s := range order {
		w.WriteString(`<si><t>`)
		w.WriteString(s) // generated text has nothing to escape
		w.WriteString(`</t></si>`)
	}
	w.WriteString(`</sst>`)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
}

func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("XLSX_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchFiles generates each file once per test binary run; the benchmark
// functions are called several times while b.N is calibrated.
var benchFiles struct {
	once  [2]sync.Once
	paths [2]string
	dir   string
}

func benchFile(b *testing.B, kind int) string {
	benchFiles.once[kind].Do(func() {
		if benchFiles.dir == "" {
			dir, err := os.MkdirTemp("", "xlsx-bench-")
			if err != nil {
				b.Fatal(err)
			}
			benchFiles.dir = dir
		}
		path := filepath.Join(benchFiles.dir, fmt.Sprintf("%s-%d.xlsx", benchKinds[kind], benchRows()))
		if kind == 0 {
			genInline(b, path, benchRows())
		} else {
			genShared(b, path, benchRows())
		}
		benchFiles.paths[kind] = path
	})
	return benchFiles.paths[kind]
}

var benchKinds = [2]string{"inline", "shared"}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchFiles.dir != "" {
		_ = os.RemoveAll(benchFiles.dir)
	}
	os.Exit(code)
}

// readOurs reads every row with the Reader; typed also parses each value.
func readOurs(tb testing.TB, path string, typed bool) int {
	rd, err := Open(path, benchSpec(), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	n := 0
	for rd.Next() {
		row := rd.Row()
		if typed {
			row.Text("reg_no")
			row.Code("type")
			row.Date("signed_on")
			row.Money("amount")
			row.Money("tech_amount")
			row.Int("region")
		}
		n++
	}
	if err := rd.Err(); err != nil {
		tb.Fatal(err)
	}
	if typed && rd.Problems().Len() > 0 {
		tb.Fatal(rd.Problems().Errors()[0])
	}
	return n
}

// readBare is excelize's bare streaming read of the same sheet.
func readBare(tb testing.TB, path string, raw bool) int {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: raw})
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows("技术合同")
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for rows.Next() {
		if _, err := rows.Columns(); err != nil {
			tb.Fatal(err)
		}
		n++
	}
	if err := rows.Close(); err != nil {
		tb.Fatal(err)
	}
	return n - 1 // the header
}

func reportRate(b *testing.B, rows int) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkReadXLSX(b *testing.B) {
	for kind, name := range benchKinds {
		for _, typed := range []bool{false, true} {
			sub := name
			if typed {
				sub += "/typed"
			}
			b.Run(sub, func(b *testing.B) {
				path := benchFile(b, kind)
				b.ResetTimer()
				n := 0
				for range b.N {
					n = readOurs(b, path, typed)
				}
				reportRate(b, n)
			})
		}
	}
}

func BenchmarkBareExcelizeRows(b *testing.B) {
	for kind, name := range benchKinds {
		for _, raw := range []bool{true, false} {
			sub := name + "/raw"
			if !raw {
				sub = name + "/formatted"
			}
			b.Run(sub, func(b *testing.B) {
				path := benchFile(b, kind)
				b.ResetTimer()
				n := 0
				for range b.N {
					n = readBare(b, path, raw)
				}
				reportRate(b, n)
			})
		}
	}
}

// BenchmarkReadVsBare times both reads of one file in one run, alternating,
// and reports the ratio of the Reader's speed to excelize's bare raw read
// (the target is ≥ 0.5).
func BenchmarkReadVsBare(b *testing.B) {
	for kind, name := range benchKinds {
		b.Run(name, func(b *testing.B) {
			path := benchFile(b, kind)
			b.ResetTimer()
			var ours, bare time.Duration
			n := 0
			for range b.N {
				t0 := time.Now()
				readBare(b, path, true)
				t1 := time.Now()
				n = readOurs(b, path, false)
				ours += time.Since(t1)
				bare += t1.Sub(t0)
			}
			rows := float64(n) * float64(b.N)
			b.ReportMetric(rows/ours.Seconds(), "ours-rows/s")
			b.ReportMetric(rows/bare.Seconds(), "bare-rows/s")
			b.ReportMetric(bare.Seconds()/ours.Seconds(), "ratio")
		})
	}
}

// BenchmarkReadCSV reads the rows BenchmarkWriteCSV writes.
func BenchmarkReadCSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "r.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewWriter(f, CSV, benchSpec())
	if err != nil {
		b.Fatal(err)
	}
	for i := range benchRows() {
		if err := w.Write(benchRow(i)...); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	n := 0
	for range b.N {
		n = readOurs(b, path, false)
	}
	reportRate(b, n)
}

func BenchmarkWriteXLSX(b *testing.B) {
	n := benchRows()
	rows := make([][]any, 1000)
	for i := range rows {
		rows[i] = benchRow(i)
	}
	dir := b.TempDir()
	b.ResetTimer()
	for range b.N {
		f, err := os.Create(filepath.Join(dir, "w.xlsx"))
		if err != nil {
			b.Fatal(err)
		}
		w, err := NewWriter(f, XLSX, benchSpec())
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := w.Write(rows[i%len(rows)]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	reportRate(b, n)
}

func BenchmarkWriteCSV(b *testing.B) {
	n := benchRows()
	rows := make([][]any, 1000)
	for i := range rows {
		rows[i] = benchRow(i)
	}
	b.ResetTimer()
	for range b.N {
		w, err := NewWriter(io.Discard, CSV, benchSpec())
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := w.Write(rows[i%len(rows)]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, n)
}

// TestBigFile is for measuring a full-size import's peak memory in a process
// of its own (not run by default):
//
//	XLSX_BIG=/tmp/c1m.xlsx XLSX_BIG_ROWS=1000000 XLSX_BIG_KIND=shared go test -run TestBigFile ./internal/xlsx/   # generate
//	go test -c -o /tmp/xlsx.test ./internal/xlsx/
//	XLSX_BIG=/tmp/c1m.xlsx /usr/bin/time -v /tmp/xlsx.test -test.run TestBigFile            # read, ours
//	XLSX_BIG=/tmp/c1m.xlsx XLSX_BIG_BARE=1 /usr/bin/time -v /tmp/xlsx.test -test.run TestBigFile
func TestBigFile(t *testing.T) {
	path := os.Getenv("XLSX_BIG")
	if path == "" {
		t.Skip("set XLSX_BIG to a file to generate or read")
	}
	if _, err := os.Stat(path); err != nil {
		n, _ := strconv.Atoi(os.Getenv("XLSX_BIG_ROWS"))
		if n <= 0 {
			n = 1_000_000
		}
		if os.Getenv("XLSX_BIG_KIND") == "shared" {
			genShared(t, path, n)
		} else {
			genInline(t, path, n)
		}
		t.Logf("generated %s with %d rows", path, n)
		return
	}
	start := time.Now()
	var n int
	if os.Getenv("XLSX_BIG_BARE") != "" {
		n = readBare(t, path, true)
	} else {
		n = readOurs(t, path, os.Getenv("XLSX_BIG_TYPED") != "")
	}
	d := time.Since(start)
	t.Logf("%d rows in %v: %.0f rows/s", n, d, float64(n)/d.Seconds())
}
