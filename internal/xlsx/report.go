package xlsx

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/errs"
)

// WriteReport writes to dst a copy of the file at name — the one whose rows
// produced problems — with an error column (ErrorColumn, 错误说明) added in
// front: on the header row its heading, on each bad row that row's problems
// in the user's language. Every other row, title rows and blank rows
// included, keeps its row number, so "第 12 行" in a message is row 12 in the
// report too. An xlsx gives an xlsx (the data sheet only, values without
// their original styling; dates as YYYY-MM-DD), a CSV a UTF-8 CSV. The user
// can fix the report and upload it again: imports ignore the error column.
//
// spec and opt must be those of the import, so that the file is read the
// same way. The format written is returned for the file name and media type.
func WriteReport(dst io.Writer, name string, spec Spec, opt Options, problems *Collector, tr Translator) (Format, error) {
	format, err := fileFormat(name)
	if err != nil {
		return 0, err
	}
	var sink reportSink
	if format == XLSX {
		sink = &xlsxReport{out: dst}
	} else {
		sink = newCSVReport(dst)
	}
	list := problems.Errors()
	k := 0
	sep := tr(errs.M("xlsx.report.sep"))
	var parts []string
	tap := func(r *Reader, num int, cells []string, header bool) {
		text := ErrorColumn
		if !header {
			for k < len(list) && list[k].Row < num {
				k++
			}
			parts = parts[:0]
			for ; k < len(list) && list[k].Row == num; k++ {
				parts = append(parts, list[k].Text(tr))
			}
			if len(parts) == 0 && problems.IsBad(num) {
				parts = append(parts, tr(errs.M("xlsx.report.more")))
			}
			text = strings.Join(parts, sep)
		}
		sink.row(r, num, text, cells, header)
	}
	rd, err := open(name, spec, opt, tap)
	if err != nil {
		sink.abort()
		return 0, err
	}
	defer rd.Close()
	for rd.Next() {
	}
	if err := rd.Err(); err != nil {
		sink.abort()
		return 0, err
	}
	return format, sink.close()
}

// fileFormat sniffs the format of a file on disk.
func fileFormat(name string) (Format, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	defer f.Close()
	head := make([]byte, 8)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	if n == 0 {
		return 0, fail(ErrEmpty)
	}
	return sniff(head[:n])
}

type reportSink interface {
	row(r *Reader, num int, text string, cells []string, header bool)
	close() error
	abort()
}

// xlsxReport streams the copy with excelize's StreamWriter. The workbook is
// created on the first row, once the Reader knows the sheet's name.
type xlsxReport struct {
	out     io.Writer
	f       *excelize.File
	sw      *excelize.StreamWriter
	st      xlsxStyles
	errSt   int
	vals    []any
	name    []byte
	toSpec  []int // file column → spec column, -1 for others
	err     error
	started bool
	lastRow int
	width   int
}

func (x *xlsxReport) start(sheet string) error {
	x.started = true
	f, err := newBook(sheet)
	if err != nil {
		return err
	}
	x.f = f
	if x.st, err = newStyles(f); err != nil {
		return err
	}
	if x.errSt, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Color: "C00000"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	}); err != nil {
		return err
	}
	if x.sw, err = f.NewStreamWriter(sheet); err != nil {
		return err
	}
	return x.sw.SetColWidth(1, 1, 48)
}

func (x *xlsxReport) row(r *Reader, num int, text string, cells []string, header bool) {
	if x.err != nil {
		return
	}
	if !x.started {
		if x.err = x.start(sheetName(Spec{Sheet: r.sheet})); x.err != nil {
			return
		}
	}
	if x.toSpec == nil && r.cols != nil {
		x.toSpec = inverse(r.cols)
	}
	x.vals = x.vals[:0]
	if header {
		x.vals = append(x.vals, excelize.Cell{StyleID: x.st.header, Value: text})
	} else if text != "" {
		x.vals = append(x.vals, excelize.Cell{StyleID: x.errSt, Value: text})
	} else {
		x.vals = append(x.vals, nil)
	}
	for j, c := range cells {
		if len(x.vals) == excelize.MaxColumns {
			break // the added column pushes the last one out of the sheet
		}
		switch {
		case c == "":
			x.vals = append(x.vals, nil)
		case header:
			x.vals = append(x.vals, excelize.Cell{StyleID: x.st.header, Value: c})
		default:
			x.vals = append(x.vals, x.value(r, j, c))
		}
	}
	x.name = strconv.AppendInt(append(x.name[:0], 'A'), int64(num), 10)
	x.lastRow, x.width = num, max(x.width, len(x.vals))
	x.err = x.sw.SetRow(string(x.name), x.vals)
}

// value gives a copied cell its meaning back where the Spec knows it: a
// date as a date string rather than a serial, an amount as a number.
func (x *xlsxReport) value(r *Reader, j int, c string) any {
	if j >= len(x.toSpec) || x.toSpec[j] < 0 {
		return c
	}
	i := x.toSpec[j]
	switch r.spec.Columns[i].Kind {
	case Date:
		return r.fromExcel(i, trimCell(c))
	case Money, Int:
		if f, err := strconv.ParseFloat(r.fromExcel(i, trimCell(c)), 64); err == nil {
			if r.spec.Columns[i].Kind == Money && r.units[i] == Yuan {
				return excelize.Cell{StyleID: x.st.money, Value: f}
			}
			return f
		}
	}
	return c
}

func inverse(cols []int) []int {
	n := 0
	for _, j := range cols {
		n = max(n, j+1)
	}
	inv := make([]int, n)
	for j := range inv {
		inv[j] = -1
	}
	for i, j := range cols {
		if j >= 0 {
			inv[j] = i
		}
	}
	return inv
}

func (x *xlsxReport) close() error {
	if x.f == nil {
		return x.err
	}
	defer x.f.Close()
	if x.err != nil {
		return x.err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return writeBook(x.f, x.out, map[string]string{streamSheetPart: usedRange(x.width, x.lastRow)})
}

func (x *xlsxReport) abort() {
	if x.f != nil {
		_ = x.f.Close()
	}
}

// csvReport writes the copy as UTF-8 CSV with BOM and CRLF, whatever the
// upload's encoding was.
type csvReport struct {
	bw   *bufio.Writer
	cw   *csv.Writer
	rec  []string
	last int
	err  error
}

func newCSVReport(out io.Writer) *csvReport {
	bw := bufio.NewWriterSize(out, 64<<10)
	_, _ = bw.WriteString(utf8BOM)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return &csvReport{bw: bw, cw: cw}
}

func (c *csvReport) row(_ *Reader, num int, text string, cells []string, _ bool) {
	if c.err != nil {
		return
	}
	if num > c.last+1 {
		// Blank lines the CSV reader skipped: keep the numbering.
		c.cw.Flush()
		for ; c.last+1 < num; c.last++ {
			_, _ = c.bw.WriteString("\r\n")
		}
	}
	c.last = num
	c.rec = append(c.rec[:0], text)
	for _, v := range cells {
		c.rec = append(c.rec, Neutralise(v))
	}
	c.err = c.cw.Write(c.rec)
}

func (c *csvReport) close() error {
	if c.err != nil {
		return c.err
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func (c *csvReport) abort() {}
