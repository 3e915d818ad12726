package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// sstBomb writes an xlsx whose shared-strings part holds n items made by
// item(i), streamed into the zip so the test never holds it whole.
func sstBomb(t *testing.T, name string, n int, item func(w io.Writer, i int)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	base := minimalXLSX(t, sheetXML([]string{"合同编号"}, []string{"a"}))
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range zr.File {
		if err := zw.Copy(e); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		t.Fatal(err)
	}
	bw := bufioWriter(w)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">`)
	for i := range n {
		item(bw, i)
	}
	io.WriteString(bw, `</sst>`)
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUploadMemoryBudget: a small upload whose shared strings would unpack
// to hundreds of MB, or hold millions of strings, is refused before excelize
// indexes them, with a message naming the limit, and the refusal itself
// costs next to no memory.
func TestUploadMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("writes ~300 MB through deflate")
	}
	spec := testSpec()
	cases := []struct {
		name  string
		file  func() string
		key   string
		args  []any
		alloc uint64 // bytes the refusal may allocate
	}{
		{name: "shared strings over the size budget", file: func() string {
			// 300 MB of one repeated string: a few hundred KB as a file.
			return sstBomb(t, "size.xlsx", 300<<20/20, func(w io.Writer, _ int) { io.WriteString(w, "<si><t>abcd</t></si>") })
		}, key: "xlsx.err.shared_strings_size", args: []any{int64(301), int64(256)}, alloc: 8 << 20},
		{name: "more strings than the budget, under its size", file: func() string {
			return sstBomb(t, "count.xlsx", DefaultMaxSharedStrings+1, func(w io.Writer, i int) { fmt.Fprintf(w, "<si><t>%d</t></si>", i) })
		}, key: "xlsx.err.shared_strings_count", args: []any{DefaultMaxSharedStrings}, alloc: 8 << 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := c.file()
			fi, _ := os.Stat(path)
			t.Logf("file %.1f MB", float64(fi.Size())/(1<<20))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rd, err := Open(path, spec, Options{})
			runtime.ReadMemStats(&after)
			if err == nil {
				rd.Close()
				t.Fatal("opened")
			}
			if p := problemOf(err); p != ErrTooLarge {
				t.Fatalf("problem %v (%v)", p, err)
			}
			m := msgOf(err)
			if m.Key != c.key || fmt.Sprint(m.Args) != fmt.Sprint(c.args) {
				t.Errorf("message %s %v, want %s %v", m.Key, m.Args, c.key, c.args)
			}
			if got := zh()(m); !strings.Contains(got, "上限") {
				t.Errorf("zh message %q", got)
			}
			if a := after.TotalAlloc - before.TotalAlloc; a > c.alloc {
				t.Errorf("the refusal allocated %d MB", a>>20)
			}
		})
	}
}

// TestSharedStringsLimitEdge: a workbook with exactly the allowed number of
// shared strings opens; one more is refused.
func TestSharedStringsLimitEdge(t *testing.T) {
	dir := t.TempDir()
	path := writeTestXLSX(t, dir, "技术合同", [][]any{anys(testHeader), goodRow, {"智能传感器二期", "技术开发（委托）", "2023-05-07", 1.0, "01", 1, "次批"}})
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	n := -1
	for _, f := range zr.File {
		if sharedStrings(f.Name) {
			rc, _ := f.Open()
			n, err = countItems(rc, 1000)
			rc.Close()
		}
	}
	zr.Close()
	if n < 4 || err != nil {
		t.Fatalf("%d shared strings, %v", n, err)
	}
	rd, err := Open(path, testSpec(), Options{MaxSharedStrings: n})
	if err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	rd.Close()
	if _, err := Open(path, testSpec(), Options{MaxSharedStrings: n - 1}); problemOf(err) != ErrTooLarge {
		t.Fatalf("over the limit: %v", err)
	}
}

// TestCountItems counts <si> tags however reads cut them, with prefixes and
// self-closing items, and nothing else.
func TestCountItems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<sst><si><t>a</t></si><x:si><x:t>si</x:t></x:si><si/><si ><t>b</t></si><sis/><ssi/>`)
	for range 30000 {
		b.WriteString(`<si><t>siblings</t></si>`)
	}
	want := 4 + 30000
	for _, r := range []func() io.Reader{
		func() io.Reader { return strings.NewReader(b.String()) },
		func() io.Reader { return iotest.OneByteReader(strings.NewReader(b.String())) },
		func() io.Reader { return iotest.HalfReader(strings.NewReader(b.String())) },
	} {
		if n, err := countItems(r(), 1<<30); n != want || err != nil {
			t.Errorf("%d items, %v; want %d", n, err, want)
		}
	}
	if n, _ := countItems(strings.NewReader(b.String()), 10); n != 11 {
		t.Errorf("stops at limit+1: %d", n)
	}
}

func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<20) }
