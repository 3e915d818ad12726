package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/civil"
)

// utf8BOM makes Excel read a CSV as UTF-8; without it Excel on Chinese
// Windows assumes GBK and shows mojibake.
const utf8BOM = "\xEF\xBB\xBF"

// Number formats of exported cells.
const (
	moneyFormat = "#,##0.00"
	dateFormat  = "yyyy-mm-dd"
	textFormat  = 49 // "@": what is typed stays text
)

// moneyFormats show an amount in 万元 or 亿元 to the fen.
var moneyFormats = map[Unit]string{Yuan: moneyFormat, Wan: "#,##0.00####", Yi: "#,##0.00########"}

// Writer streams rows to an .xlsx or .csv file. Rows are never all in
// memory: excelize's stream writer keeps at most 16 MB of sheet XML and
// spills the rest to a temporary file, and the finished package is zipped
// straight into the io.Writer.
type Writer struct {
	format Format
	spec   Spec
	out    io.Writer
	row    int
	closed bool
	// xlsx
	f        *excelize.File
	sw       *excelize.StreamWriter
	cells    []any
	sMoney   map[Unit]int
	sDate    int
	cellName []byte
	// csv
	bw  *bufio.Writer
	cw  *csv.Writer
	rec []string
}

// NewWriter starts a file of spec's columns and writes the header row.
// Close finishes it; nothing usable reaches w before Close for xlsx.
func NewWriter(w io.Writer, format Format, spec Spec) (*Writer, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	wr := &Writer{format: format, spec: spec, out: w}
	switch format {
	case XLSX:
		return wr, wr.startXLSX()
	case CSV:
		wr.startCSV()
		return wr, wr.cw.Error()
	}
	return nil, fmt.Errorf("xlsx: unknown format %d", format)
}

func (w *Writer) startCSV() {
	w.bw = bufio.NewWriterSize(w.out, 64<<10)
	_, _ = w.bw.WriteString(utf8BOM)
	w.cw = csv.NewWriter(w.bw)
	w.cw.UseCRLF = true // what Excel writes and expects
	w.rec = make([]string, len(w.spec.Columns))
	for i, c := range w.spec.Columns {
		w.rec[i] = c.Header
	}
	_ = w.cw.Write(w.rec)
	w.row = 1
}

func sheetName(spec Spec) string {
	if spec.Sheet != "" {
		return spec.Sheet
	}
	return "Sheet1"
}

// xlsxStyles are the styles every generated workbook shares.
type xlsxStyles struct{ header, money, date, wrap, text int }

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	mf, df := moneyFormat, dateFormat
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}); err != nil {
		return s, err
	}
	if s.money, err = f.NewStyle(&excelize.Style{CustomNumFmt: &mf}); err != nil {
		return s, err
	}
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df}); err != nil {
		return s, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: textFormat}); err != nil {
		return s, err
	}
	s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return s, err
}

// moneyStyle is the style of amounts in unit: st.money for yuan.
func moneyStyle(f *excelize.File, st xlsxStyles, unit Unit) (int, error) {
	if unit == Yuan {
		return st.money, nil
	}
	nf := moneyFormats[unit]
	return f.NewStyle(&excelize.Style{CustomNumFmt: &nf})
}

// newBook creates a workbook whose first sheet is called name.
func newBook(name string) (*excelize.File, error) {
	f := excelize.NewFile()
	if name != "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("xlsx: sheet name %q: %w", name, err)
		}
	}
	return f, nil
}

func (w *Writer) startXLSX() error {
	f, err := newBook(sheetName(w.spec))
	if err != nil {
		return err
	}
	w.f = f
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	w.sMoney, w.sDate = map[Unit]int{}, st.date
	if w.sw, err = f.NewStreamWriter(sheetName(w.spec)); err != nil {
		return err
	}
	for i, c := range w.spec.Columns {
		if err := w.sw.SetColWidth(i+1, i+1, colWidth(c)); err != nil {
			return err
		}
		switch c.Kind {
		case Ident:
			// Numbers typed into the column later stay text too.
			if err := w.sw.SetColStyle(i+1, i+1, st.text); err != nil {
				return err
			}
		case Money:
			if _, ok := w.sMoney[c.unit()]; !ok {
				if w.sMoney[c.unit()], err = moneyStyle(f, st, c.unit()); err != nil {
					return err
				}
			}
		}
	}
	if err := freezeHeader(w.sw); err != nil {
		return err
	}
	w.cells = make([]any, len(w.spec.Columns))
	for i, c := range w.spec.Columns {
		w.cells[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	w.row = 1
	return w.sw.SetRow("A1", w.cells, excelize.RowOpts{Height: 20})
}

// freezeHeader keeps the header row in view while scrolling.
func freezeHeader(sw *excelize.StreamWriter) error {
	return sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// colWidth is the column width in characters: the header or the widest
// code name, and room for the kind's values.
func colWidth(c Column) float64 {
	if c.Width > 0 {
		return c.Width
	}
	w := displayWidth(c.Header) + 2
	switch c.Kind {
	case Money:
		w = max(w, 16)
	case Date:
		w = max(w, 12)
	case Code:
		for _, cn := range c.Codes {
			w = max(w, displayWidth(cn.Name)+2)
		}
	default:
		w = max(w, 10)
	}
	return float64(min(w, 50))
}

// displayWidth counts a Chinese character as two columns, as Excel does.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Write adds one row, one value per Spec column:
//   - Money: int64 (or int) fen, written in the column's unit (yuan with
//     two decimals by default)
//   - Date: civil.Date or time.Time; the zero value is an empty cell
//   - Int: any integer
//   - Code: the code; the file shows its name, which imports accept
//   - Text: string (time.Time as "2006-01-02 15:04:05", others fmt.Sprint)
//
// nil is an empty cell everywhere; a string is written as it is in any
// column. CSV text that a spreadsheet would run as a formula is prefixed
// with an apostrophe (Neutralise).
func (w *Writer) Write(values ...any) error {
	if w.closed {
		return fmt.Errorf("xlsx: write after close")
	}
	if len(values) != len(w.spec.Columns) {
		return fmt.Errorf("xlsx: %d values for %d columns", len(values), len(w.spec.Columns))
	}
	w.row++
	if w.format == CSV {
		for i, v := range values {
			w.rec[i] = Neutralise(w.csvValue(i, v))
		}
		return w.cw.Write(w.rec)
	}
	for i, v := range values {
		w.cells[i] = w.xlsxValue(i, v)
	}
	w.cellName = strconv.AppendInt(append(w.cellName[:0], 'A'), int64(w.row), 10)
	return w.sw.SetRow(string(w.cellName), w.cells)
}

func (w *Writer) xlsxValue(i int, v any) any {
	c := w.spec.Columns[i]
	switch c.Kind {
	case Money:
		if fen, ok := asInt(v); ok {
			// fen/100 is the double nearest the exact yuan amount, so
			// the shortest representation excelize writes is exact (and
			// the same holds in 万元 and 亿元 below 15 digits).
			return excelize.Cell{StyleID: w.sMoney[c.unit()], Value: float64(fen) / float64(c.unit())}
		}
	case Date:
		if d, ok := asDate(v); ok {
			if d.IsZero() {
				return nil
			}
			return excelize.Cell{StyleID: w.sDate, Value: dateSerial(d)}
		}
	case Int:
		if n, ok := asInt(v); ok {
			return n
		}
	case Code:
		if s, ok := v.(string); ok {
			return codeName(c.Codes, s)
		}
	}
	return plain(v)
}

func (w *Writer) csvValue(i int, v any) string {
	c := w.spec.Columns[i]
	switch c.Kind {
	case Money:
		if fen, ok := asInt(v); ok {
			return FormatAmount(fen, c.unit())
		}
	case Date:
		if d, ok := asDate(v); ok {
			return d.String()
		}
	case Code:
		if s, ok := v.(string); ok {
			return codeName(c.Codes, s)
		}
	}
	switch v := plain(v).(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		return fmt.Sprint(v)
	}
}

// plain converts a value for a Text cell: strings and numbers as they are.
func plain(v any) any {
	switch v := v.(type) {
	case nil, string, bool, float64:
		return v
	case float32:
		return float64(v)
	case time.Time:
		if v.IsZero() {
			return nil
		}
		return v.Format("2006-01-02 15:04:05")
	case civil.Date:
		return v.String()
	case fmt.Stringer:
		return v.String()
	}
	if n, ok := asInt(v); ok {
		return n
	}
	return fmt.Sprint(v)
}

func asInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int:
		return int64(v), true
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case int16:
		return int64(v), true
	case int8:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint8:
		return int64(v), true
	}
	return 0, false
}

func asDate(v any) (civil.Date, bool) {
	switch v := v.(type) {
	case civil.Date:
		return v, true
	case time.Time:
		if v.IsZero() {
			return civil.Date{}, true
		}
		return civil.Of(v), true
	}
	return civil.Date{}, false
}

// codeName shows a code by its name; an unknown code is written as is.
func codeName(codes []CodeName, code string) string {
	for _, c := range codes {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// Rows is the number of data rows written.
func (w *Writer) Rows() int { return max(0, w.row-1) }

// Close finishes the file: for xlsx it assembles the package and zips it
// into the io.Writer. The Writer cannot be used afterwards.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if w.format == CSV {
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
		return w.bw.Flush()
	}
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return err
	}
	return writeBook(w.f, w.out, map[string]string{streamSheetPart: usedRange(len(w.spec.Columns), w.row)})
}

// streamSheetPart is the part of the first (and only) sheet of a workbook
// made by newBook, which the stream writers write.
const streamSheetPart = "xl/worksheets/sheet1.xml"

// usedRange is A1 to the last column and row.
func usedRange(cols, rows int) string {
	ref, err := excelize.CoordinatesToCellName(max(cols, 1), max(rows, 1))
	if err != nil {
		return "A1"
	}
	return "A1:" + ref
}

// writeBook zips f straight into out. excelize's own Write builds the whole
// package in a bytes.Buffer first — for a million rows that is the entire
// compressed file in memory — so its zip writer hook is pointed at out
// instead and the buffer stays empty. (That buffer is also where excelize
// patches zip64 headers of parts over 4 GB; no sheet here comes near.)
//
// dims gives streamed worksheet parts their used range ("A1:AH1001"):
// excelize's stream writer writes <dimension ref="A1"/> before it knows
// the rows, and readers that trust the element (openpyxl's read-only mode,
// some import tools) would see one row.
func writeBook(f *excelize.File, out io.Writer, dims map[string]string) error {
	zw := &dimZip{Writer: zip.NewWriter(out), dims: dims}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	return zw.err
}

// dimZip is a zip writer that rewrites the <dimension> of the parts in dims.
type dimZip struct {
	*zip.Writer
	dims map[string]string
	cur  *dimFix
	err  error
}

func (z *dimZip) Create(name string) (io.Writer, error) {
	if err := z.end(); err != nil {
		return nil, err
	}
	w, err := z.Writer.Create(name)
	if ref, ok := z.dims[name]; ok && err == nil {
		z.cur = &dimFix{w: w, ref: ref}
		return z.cur, nil
	}
	return w, err
}

func (z *dimZip) Close() error {
	if err := z.end(); err != nil {
		return err
	}
	return z.Writer.Close()
}

// end writes what the current part still holds back.
func (z *dimZip) end() error {
	if z.cur != nil {
		if err := z.cur.flush(); err != nil && z.err == nil {
			z.err = err
		}
		z.cur = nil
	}
	return z.err
}

// dimFix holds back the start of a worksheet part until its <dimension>
// element has passed, and writes that element with the real range.
type dimFix struct {
	w    io.Writer
	ref  string
	buf  []byte
	done bool
}

// dimScan is how far into a part the element is looked for; excelize
// writes it right after the <worksheet> tag and the sheet properties.
const dimScan = 64 << 10

func (d *dimFix) Write(p []byte) (int, error) {
	if d.done {
		return d.w.Write(p)
	}
	d.buf = append(d.buf, p...)
	i := bytes.Index(d.buf, []byte("<dimension "))
	if i >= 0 {
		if j := bytes.IndexByte(d.buf[i:], '>'); j >= 0 {
			end := i + j + 1
			tag := `<dimension ref="` + d.ref + `">`
			if bytes.HasSuffix(d.buf[:end], []byte("/>")) {
				tag = `<dimension ref="` + d.ref + `"/>`
			}
			d.buf = append(append([]byte(d.buf[:i:i]), tag...), d.buf[end:]...)
			return len(p), d.flush()
		}
	}
	if len(d.buf) >= dimScan {
		return len(p), d.flush()
	}
	return len(p), nil
}

func (d *dimFix) flush() error {
	if d.done {
		return nil
	}
	d.done = true
	_, err := d.w.Write(d.buf)
	d.buf = nil
	return err
}
