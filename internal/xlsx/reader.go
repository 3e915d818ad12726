package xlsx

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/errs"
)

// Limits a read applies unless Options says otherwise.
const (
	DefaultMaxFileSize   = 200 << 20 // bytes of the upload; 1,000,000 contract rows is ≈ 60–90 MB as xlsx
	DefaultMaxUnzipSize  = 4 << 30   // bytes an xlsx may expand to; 1,000,000 rows ≈ 1–1.5 GB of XML
	DefaultMaxRatio      = 200       // expansion of an entry over 1 MiB; real sheets stay well under 50
	DefaultMaxZipEntries = 10_000
	DefaultMaxRows       = 1_000_000 // data rows, header not counted
	DefaultMaxRowBytes   = 1 << 20   // one CSV record
	// The shared strings are the one part of a workbook whose cost grows
	// with what is in it rather than with the row being read: excelize
	// keeps an index entry (≈ 90 bytes at its peak) per string for the
	// whole read. These two bound that to ≈ 180 MB per upload whatever
	// the file's compression ratio; 1,000,000 contract rows need ≈ 1.2
	// million distinct strings.
	DefaultMaxSharedBytes   = 256 << 20 // uncompressed xl/sharedStrings.xml
	DefaultMaxSharedStrings = 2_000_000 // <si> items in it
)

// headerScan is how many non-empty rows may come before the header: a form
// title, a date line, a blank-looking merged banner.
const headerScan = 10

// xmlMemLimit is excelize's UnzipXMLSizeLimit: a worksheet or shared-string
// part larger than this is inflated to a temporary file and streamed from
// there instead of being held in memory.
const xmlMemLimit = 16 << 20

// ExtraPolicy says what to do with columns the Spec does not know.
type ExtraPolicy int

const (
	IgnoreExtra ExtraPolicy = iota // skip them; Reader.Extra lists them
	RefuseExtra                    // refuse the file, naming them
)

// Options are the limits and choices of a read. Zero fields take the
// defaults above.
type Options struct {
	MaxFileSize   int64
	MaxUnzipSize  int64
	MaxRatio      int64
	MaxZipEntries int
	MaxRows       int
	MaxRowBytes   int
	// MaxSharedBytes and MaxSharedStrings bound the shared-strings part:
	// its uncompressed size and its number of strings.
	MaxSharedBytes   int64
	MaxSharedStrings int
	MaxErrors        int // row problems kept; DefaultMaxErrors
	Extra            ExtraPolicy
	TmpDir           string // for uploads spooled to disk and excelize's temporary files
	// Sheet is the worksheet the user chose; "" reads the Spec's, or the
	// only sheet of a workbook that has one (see Spec.Sheet).
	Sheet string
}

func (o Options) withDefaults() Options {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxFileSize, DefaultMaxFileSize)
	def(&o.MaxUnzipSize, DefaultMaxUnzipSize)
	def(&o.MaxRatio, DefaultMaxRatio)
	defInt(&o.MaxZipEntries, DefaultMaxZipEntries)
	defInt(&o.MaxRows, DefaultMaxRows)
	defInt(&o.MaxRowBytes, DefaultMaxRowBytes)
	def(&o.MaxSharedBytes, DefaultMaxSharedBytes)
	defInt(&o.MaxSharedStrings, DefaultMaxSharedStrings)
	defInt(&o.MaxErrors, DefaultMaxErrors)
	// excelize requires its in-memory part limit not to exceed the total.
	o.MaxUnzipSize = max(o.MaxUnzipSize, xmlMemLimit)
	return o
}

// source yields the raw rows of one sheet: the 1-based row number and the
// cells in file order. The cells slice may be reused by the next call.
type source interface {
	next() (num int, cells []string, err error) // io.EOF at the end
	fraction() float64                          // progress 0…1, or -1 if unknown
	close() error
}

// Reader reads the data rows of a spreadsheet in constant memory, after
// checking the file and its header against a Spec.
type Reader struct {
	spec     Spec
	opt      Options
	format   Format
	sheet    string
	src      source
	byKey    map[string]int
	cols     []int    // file column of each spec column, -1 when absent
	names    []string // each spec column's header as written in the file
	units    []Unit   // each money column's unit in the file
	uses     []ColumnUse
	header   []string // the header row as written, file order
	hdrRow   int
	width    int   // header width: last non-empty header cell + 1
	blank    []int // file columns inside the header without a heading, until one holds a value
	extra    []string
	date1904 bool
	problems *Collector
	notes    *Collector
	passed   int
	codes    []codeIndex // per spec column; empty for non-code columns
	cells    []string
	refused  []bool // per spec column: the Reader refused the current row's cell
	longNums []uint64
	longAt   int
	row      Row
	rows     int
	err      error
	done     bool
	cleanup  []func() error
	// tap sees every raw row the source yields (title rows, the header,
	// data and blank rows); the error report copies the file through it.
	tap func(r *Reader, num int, cells []string, header bool)
}

// Open reads the spreadsheet in file name: .xlsx or .csv, told apart by
// content. File-level problems come back as *errs.Error with a Problem in
// the chain; I/O failures as they are.
func Open(name string, spec Spec, opt Options) (*Reader, error) {
	return open(name, spec, opt, nil)
}

func open(name string, spec Spec, opt Options, tap func(*Reader, int, []string, bool)) (*Reader, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	r := newReader(spec, opt, tap)
	r.cleanup = append(r.cleanup, f.Close)
	if err := r.openFile(f); err != nil {
		_ = r.Close()
		return nil, err
	}
	return r, nil
}

// NewReader reads a spreadsheet from a stream such as an upload body. A CSV
// is read as it arrives; an xlsx (a zip, which needs random access) is first
// copied to a temporary file in Options.TmpDir, removed by Close. Keep the
// upload yourself if you may want an error report (WriteReport reads the
// file again).
func NewReader(in io.Reader, spec Spec, opt Options) (*Reader, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	r := newReader(spec, opt, nil)
	if err := r.openStream(in); err != nil {
		_ = r.Close()
		return nil, err
	}
	return r, nil
}

func newReader(spec Spec, opt Options, tap func(*Reader, int, []string, bool)) *Reader {
	byKey, _, _ := spec.index()
	codes := make([]codeIndex, len(spec.Columns))
	for i, c := range spec.Columns {
		if len(c.Codes) > 0 {
			codes[i] = newCodeIndex(c.Codes)
		}
	}
	return &Reader{spec: spec, opt: opt, byKey: byKey, problems: NewCollector(opt.MaxErrors), notes: NewCollector(opt.MaxErrors),
		codes: codes, cells: make([]string, len(spec.Columns)), refused: make([]bool, len(spec.Columns)), tap: tap}
}

func (r *Reader) openFile(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	size := fi.Size()
	if size > r.opt.MaxFileSize {
		return fail(ErrTooLarge, mb(r.opt.MaxFileSize))
	}
	if size == 0 {
		return fail(ErrEmpty)
	}
	head := make([]byte, 8)
	n, err := f.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("xlsx: %w", err)
	}
	format, err := sniff(head[:n])
	if err != nil {
		return err
	}
	if format == XLSX {
		return r.openXLSX(f, size)
	}
	return r.openCSV(f, size)
}

func (r *Reader) openStream(in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	head, err := br.Peek(8)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("xlsx: %w", err)
	}
	if len(head) == 0 {
		return fail(ErrEmpty)
	}
	format, err := sniff(head)
	if err != nil {
		return err
	}
	if format == CSV {
		return r.openCSV(br, -1)
	}
	tmp, err := os.CreateTemp(r.opt.TmpDir, "innopark-upload-*.xlsx")
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	r.cleanup = append(r.cleanup, func() error { return os.Remove(tmp.Name()) }, tmp.Close)
	n, err := io.Copy(tmp, io.LimitReader(br, r.opt.MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("xlsx: spooling the upload: %w", err)
	}
	if n > r.opt.MaxFileSize {
		return fail(ErrTooLarge, mb(r.opt.MaxFileSize))
	}
	return r.openXLSX(tmp, n)
}

// openXLSX checks the package and the sheet before excelize sees them: zip
// limits from the central directory, the sheet by name, then one pass over
// the sheet's XML for formulas and the row count.
func (r *Reader) openXLSX(f *os.File, size int64) error {
	r.format = XLSX
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return corrupt(err)
	}
	if err := checkZip(zr, r.opt); err != nil {
		return err
	}
	// Counted before excelize sees the file: it indexes every shared
	// string when the rows are read, in memory.
	if err := checkSharedStrings(zr, r.opt); err != nil {
		return err
	}
	wb, err := readWorkbook(zr)
	if err != nil {
		if errs.KindOf(err) != errs.Internal {
			return err
		}
		return corrupt(err)
	}
	r.date1904 = wb.date1904
	if r.sheet, err = wb.pickSheet(r.spec.Sheet, r.opt.Sheet); err != nil {
		return err
	}
	if r.sheet != r.spec.Sheet && r.spec.Sheet != "" {
		r.notes.Add(RowError{Key: NoteSheet, Args: []any{r.sheet}})
	}
	// excelize opens the package (inflating a large sheet to a temporary
	// file) on another core meanwhile; the scan's verdict comes first.
	type opened struct {
		f   *excelize.File
		err error
	}
	och := make(chan opened, 1)
	go func() {
		ef, err := excelize.OpenFile(f.Name(), excelize.Options{
			// Raw values: "1234.5" not "1,234.50", a date serial not a
			// locale-formatted date (Date columns convert it themselves).
			RawCellValue:      true,
			UnzipSizeLimit:    r.opt.MaxUnzipSize,
			UnzipXMLSizeLimit: xmlMemLimit,
			TmpDir:            r.opt.TmpDir,
		})
		och <- opened{ef, err}
	}()
	st, err := scanEntry(zr, wb.paths[r.sheet])
	o := <-och
	if o.err == nil {
		r.cleanup = append(r.cleanup, o.f.Close)
	}
	if err != nil {
		return err
	}
	if st.bare > 0 {
		return fail(ErrFormula, refList(st.bareRefs, st.bare), st.bare)
	}
	if st.formulas > 0 {
		// Excel, LibreOffice and WPS save each formula's result with it:
		// that is what the clerk saw, and what is read.
		r.notes.Add(RowError{Key: NoteFormulas, Args: []any{refList(st.refs, st.formulas), st.formulas}})
	}
	r.longNums = st.longNums
	if st.valueRows == 0 {
		return fail(ErrEmpty)
	}
	if st.valueRows > r.opt.MaxRows+headerScan {
		// Certainly too many whatever the header position: say so now
		// rather than after reading a million rows.
		return fail(ErrTooManyRows, r.opt.MaxRows)
	}
	if o.err != nil {
		return corrupt(o.err)
	}
	rows, err := o.f.Rows(r.sheet)
	if err != nil {
		return corrupt(err)
	}
	r.cleanup = append(r.cleanup, rows.Close)
	r.src = newXLSXSource(rows, st)
	return r.locate()
}

// refList names the first cells of n for a message.
func refList(refs []string, n int) string {
	s := joinList(refs)
	if n > len(refs) {
		s += "…"
	}
	return s
}

func scanEntry(zr *zip.Reader, name string) (sheetStats, error) {
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return sheetStats{}, corrupt(err)
		}
		defer rc.Close()
		return scanSheet(rc)
	}
	return sheetStats{}, corrupt(fmt.Errorf("worksheet part %q missing", name))
}

// xlsxSource reads one sheet through excelize's streaming iterator. The
// iterator runs in a goroutine of its own, a few chunks of rows ahead: XML
// decoding is most of a read, and this way it overlaps whatever the caller
// does with each row (checking it, waiting for the database) on another
// core, in bounded memory.
type xlsxSource struct {
	ch   chan xlsxChunk
	stop chan struct{}
	done chan struct{}
	cur  xlsxChunk
	i    int
	num  int // the row last returned
	last int // the sheet's last row number, from the scan
}

// xlsxChunk is a run of non-empty rows, or the end (err set, io.EOF when
// the sheet ended as it should).
type xlsxChunk struct {
	nums  []int
	cells [][]string
	err   error
}

// Prefetch sizes: rows per chunk, chunks waiting.
const (
	xlsxChunkRows = 256
	xlsxChunks    = 4
)

func newXLSXSource(rows *excelize.Rows, stats sheetStats) *xlsxSource {
	s := &xlsxSource{ch: make(chan xlsxChunk, xlsxChunks), stop: make(chan struct{}), done: make(chan struct{}), last: stats.lastRow}
	go s.produce(rows, stats)
	return s
}

// produce reads the sheet into chunks until it ends, fails or is stopped.
func (s *xlsxSource) produce(rows *excelize.Rows, stats sheetStats) {
	defer close(s.done)
	send := func(c xlsxChunk) bool {
		select {
		case s.ch <- c:
			return true
		case <-s.stop:
			return false
		}
	}
	var c xlsxChunk
	num := 0
	// Rows.Next steps one row number at a time, also over rows absent from
	// the XML (Columns is empty for those), so counting calls gives the
	// spreadsheet row number.
	for rows.Next() {
		num++
		cells, err := rows.Columns()
		if err != nil {
			c.err = corrupt(err)
			send(c)
			return
		}
		if len(cells) == 0 {
			continue
		}
		c.nums = append(c.nums, num)
		c.cells = append(c.cells, cells)
		if len(c.cells) == xlsxChunkRows {
			if !send(c) {
				return
			}
			c = xlsxChunk{nums: make([]int, 0, xlsxChunkRows), cells: make([][]string, 0, xlsxChunkRows)}
		}
	}
	switch {
	case rows.Error() != nil:
		c.err = corrupt(rows.Error())
	case num < stats.lastRow:
		// The iterator ignores XML decode errors and just stops.
		c.err = corrupt(fmt.Errorf("sheet ends at row %d of %d", num, stats.lastRow))
	default:
		c.err = io.EOF
	}
	send(c)
}

func (s *xlsxSource) next() (int, []string, error) {
	for s.i == len(s.cur.cells) {
		if s.cur.err != nil {
			return s.num, nil, s.cur.err
		}
		c, ok := <-s.ch
		if !ok {
			return s.num, nil, io.EOF
		}
		s.cur, s.i = c, 0
	}
	s.num = s.cur.nums[s.i]
	cells := s.cur.cells[s.i]
	s.cur.cells[s.i] = nil
	s.i++
	return s.num, cells, nil
}

func (s *xlsxSource) fraction() float64 {
	if s.last == 0 {
		return -1
	}
	return min(1, float64(s.num)/float64(s.last))
}

// close stops the reading goroutine; the iterator and the file close after
// it, via Reader.cleanup.
func (s *xlsxSource) close() error {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	<-s.done
	return nil
}

// locate finds the header among the first non-empty rows (the first row
// naming at least one known column), maps the Spec's columns onto it and
// refuses missing, duplicate or — if asked — unknown columns, and headings
// naming a unit money cannot be read in. A file whose headings look
// mis-decoded is refused as such rather than as missing every column.
func (r *Reader) locate() error {
	_, byHeader, byBase := r.spec.index()
	var scanned [][]string
	matched := false
	for tries := 0; tries < headerScan && !matched; {
		num, cells, err := r.src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if !blank(cells) {
			tries++
			scanned = append(scanned, append([]string(nil), cells...))
			for _, c := range cells {
				if m := r.match(c, byHeader, byBase); m.col >= 0 {
					matched = true
					r.header, r.hdrRow = scanned[len(scanned)-1], num
					break
				}
			}
		}
		if r.tap != nil {
			r.tap(r, num, cells, matched)
		}
	}
	if len(scanned) == 0 {
		return fail(ErrEmpty)
	}
	if !matched {
		if sample, ok := misdecoded(scanned, byHeader); ok {
			return failKey(ErrEncoding, "xlsx.err.mojibake", sample)
		}
		if cs, ok := r.src.(*csvSource); ok && cs.enc == encGB18030 {
			// Not UTF-8, and read as GB18030 it names no column either:
			// some other encoding.
			return fail(ErrEncoding, errs.M("xlsx.enc.unknown"))
		}
		r.header = scanned[0]
	}
	r.cols = make([]int, len(r.spec.Columns))
	r.names = make([]string, len(r.spec.Columns))
	r.units = make([]Unit, len(r.spec.Columns))
	for i := range r.cols {
		r.cols[i] = -1
		r.names[i] = r.spec.Columns[i].Header
		r.units[i] = r.spec.Columns[i].unit()
	}
	errCol := normHeader(ErrorColumn)
	var blanks []int
	for j, h := range r.header {
		n := normHeader(h)
		if n == "" {
			blanks = append(blanks, j) // listed as ignored once a row has a value there
			continue
		}
		r.width = j + 1
		if n == errCol {
			continue
		}
		m := r.match(h, byHeader, byBase)
		if m.col < 0 {
			r.extra = append(r.extra, trimCell(h))
			continue
		}
		if m.badUnit != "" {
			return fail(ErrColumnUnit, trimCell(h), m.badUnit)
		}
		i := m.col
		if r.cols[i] >= 0 {
			return fail(ErrDuplicateColumn, trimCell(h))
		}
		c := r.spec.Columns[i]
		if c.Ignore {
			r.extra = append(r.extra, trimCell(h))
			r.notes.Add(RowError{Column: trimCell(h), Key: NoteIgnored, Args: []any{trimCell(h), c.Help}})
			continue
		}
		r.cols[i] = j
		r.names[i] = trimCell(h)
		use := ColumnUse{Column: trimCell(h), Key: c.Key, Field: c.Header}
		if c.Kind == Money {
			r.units[i], use.Unit = m.unit, m.unit.Name()
			switch {
			case !m.stated:
				r.notes.Add(RowError{Column: r.names[i], Key: NoteNoUnit, Args: []any{r.names[i], m.unit.Name()}})
			case m.unit != c.unit():
				r.notes.Add(RowError{Column: r.names[i], Key: NoteUnit, Args: []any{r.names[i], m.unit.Name()}})
			}
		}
		r.uses = append(r.uses, use)
	}
	for _, j := range blanks {
		if j < r.width {
			r.blank = append(r.blank, j)
		}
	}
	var missing []string
	for i, c := range r.spec.Columns {
		if r.cols[i] < 0 && !c.Ignore && (c.Required || !matched) {
			missing = append(missing, c.Header)
		}
	}
	if len(missing) > 0 {
		if sample, ok := misdecoded([][]string{r.header}, byHeader); ok {
			return failKey(ErrEncoding, "xlsx.err.mojibake", sample)
		}
		return fail(ErrMissingColumns, joinList(missing))
	}
	if len(r.extra) > 0 && r.opt.Extra == RefuseExtra {
		return fail(ErrExtraColumns, joinList(r.extra))
	}
	return nil
}

// headerMatch is what a heading of the file names: the Spec column (-1:
// none), and for money the unit it states (stated) or the column's own.
type headerMatch struct {
	col     int
	unit    Unit
	stated  bool
	badUnit string // a unit the heading states that money cannot be read in
}

// match finds the column a heading names: exactly (a heading or an alias,
// as retyped), or for money by the heading without its unit in whatever
// unit it states — 成交金额, 技术交易额（万元） — so that an amount column is
// never left out for want of the exact wording.
func (r *Reader) match(h string, byHeader, byBase map[string]int) headerMatch {
	n := normHeader(h)
	if n == "" {
		return headerMatch{col: -1}
	}
	if i, ok := byHeader[n]; ok {
		c := r.spec.Columns[i]
		if c.Kind != Money {
			return headerMatch{col: i}
		}
		if _, u, ok := splitUnit(n); ok {
			unit, _ := parseUnit(u) // the Spec's headings name known units (check)
			return headerMatch{col: i, unit: unit, stated: true}
		}
		return headerMatch{col: i, unit: c.unit()}
	}
	base, u, hasUnit := splitUnit(n)
	i, ok := byBase[base]
	switch {
	case !ok:
		return headerMatch{col: -1}
	case !hasUnit:
		return headerMatch{col: i, unit: r.spec.Columns[i].unit()}
	}
	unit, known := parseUnit(u)
	if !known {
		return headerMatch{col: i, stated: true, badUnit: u}
	}
	return headerMatch{col: i, unit: unit, stated: true}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if trimCell(c) != "" {
			return false
		}
	}
	return true
}

// Next advances to the next data row, skipping blank rows and totals rows
// (合计, 总计, 小计; noted). It returns false at the end or on a file-level
// problem; check Err.
func (r *Reader) Next() bool {
	if r.err != nil || r.done || r.src == nil {
		return false
	}
	for {
		num, cells, err := r.src.next()
		if errors.Is(err, io.EOF) {
			r.done = true
			if r.rows == 0 {
				r.err = fail(ErrNoRows)
			}
			return false
		}
		if err != nil {
			r.err = err
			return false
		}
		if r.tap != nil {
			r.tap(r, num, cells, false)
		}
		empty := true
		for i, j := range r.cols {
			v := ""
			if j >= 0 && j < len(cells) {
				v = trimCell(cells[j])
			}
			r.cells[i] = v
			empty = empty && v == ""
		}
		long := 0
		for j := len(cells) - 1; j >= r.width; j-- {
			if trimCell(cells[j]) != "" {
				long = j + 1
				break
			}
		}
		if len(r.blank) > 0 {
			r.noteBlankColumns(cells)
		}
		if empty && long == 0 {
			continue
		}
		r.rows++
		if r.rows > r.opt.MaxRows {
			r.err = fail(ErrTooManyRows, r.opt.MaxRows)
			return false
		}
		if word, ok := totalsRow(cells); ok {
			r.passed++
			r.notes.Add(RowError{Row: num, Key: NoteTotalsRow, Args: []any{word}})
			continue
		}
		for i, v := range r.cells {
			r.refused[i] = false
			if v != "" {
				r.cells[i] = r.value(num, i, r.cols[i], v)
			}
		}
		r.row = Row{Num: num, Cells: r.cells, r: r}
		if long > 0 {
			r.problems.Add(RowError{Row: num, Key: KeyRowTooLong, Args: []any{r.width, long}})
		}
		return true
	}
}

// value turns a cell of spec column i, file column j, into what the column
// means, refusing an identifier a spreadsheet has stored as a number too
// long for it.
func (r *Reader) value(num, i, j int, v string) string {
	kind := r.spec.Columns[i].Kind
	if r.format == CSV {
		if len(v) > 1 && v[0] == '\'' && Injection(v[1:]) {
			// Neutralised by an export (ours or Excel's habit): take
			// the text back. Exports neutralise it again.
			v = v[1:]
		}
	} else {
		v = r.fromExcel(i, v)
	}
	if kind != Ident {
		return v
	}
	if r.format == XLSX && r.longNumber(num, j) {
		r.refuse(num, i, v)
		return v
	}
	v = foldIdent(v)
	if n, ok := numberForm(v); ok {
		// "2.36108E+15", "610802.0": a number, not the text typed. An
		// xlsx number cell holds the exact value below 10^15; a CSV holds
		// what the spreadsheet showed, whose digits may be cut.
		if r.format == XLSX && n != "" {
			return n
		}
		if n == "" || strings.ContainsAny(v, "Ee") {
			r.refuse(num, i, v)
			return v
		}
		return n
	}
	return v
}

// refuse records that a spreadsheet stored the identifier in column i as
// a number, and marks the cell so the Row getters do not report it again.
func (r *Reader) refuse(num, i int, v string) {
	r.refused[i] = true
	if f, err := strconv.ParseFloat(v, 64); err == nil && (f >= 1e15 || f <= -1e15) && f < 1e21 && f > -1e21 {
		v = strconv.FormatFloat(f, 'f', 0, 64) // as the spreadsheet shows it
	}
	r.problems.Add(RowError{Row: num, Column: r.names[i], Key: KeyIdentNumber, Args: []any{v}})
}

// longNumber reports whether the scan found a number cell of 16 or more
// digits at row num, file column j.
func (r *Reader) longNumber(num, j int) bool {
	for r.longAt < len(r.longNums) && r.longNums[r.longAt]>>20 < uint64(num) {
		r.longAt++
	}
	for k := r.longAt; k < len(r.longNums) && r.longNums[k]>>20 == uint64(num); k++ {
		if r.longNums[k]&(1<<20-1) == uint64(j+1) {
			return true
		}
	}
	return false
}

// numberForm reads an identifier written the way a number cell shows it:
// in scientific notation or with a zero decimal. n is the integer it is,
// "" when it has more than 15 significant digits' worth (so it cannot be
// exact) or is not an integer.
func numberForm(v string) (n string, ok bool) {
	if whole, zeros, cut := strings.Cut(v, "."); cut && isDigits(whole) && zeros != "" && strings.Trim(zeros, "0") == "" {
		return whole, true
	}
	if !sciNumber(v) {
		return "", false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f >= 1e15 || f != math.Trunc(f) {
		return "", true
	}
	return strconv.FormatInt(int64(f), 10), true
}

// sciNumber matches 2.36108E+15 and 1E5: a digit, optional decimals, an
// exponent.
func sciNumber(v string) bool {
	mant, exp, ok := strings.Cut(strings.ToUpper(v), "E")
	if !ok || exp == "" || mant == "" {
		return false
	}
	exp = strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
	whole, frac, _ := strings.Cut(mant, ".")
	return len(whole) == 1 && isDigits(whole) && (frac == "" || isDigits(frac)) && isDigits(exp)
}

// noteBlankColumns lists a column without a heading as ignored once a row
// has a value in it, so no value is left out unsaid.
func (r *Reader) noteBlankColumns(cells []string) {
	keep := r.blank[:0]
	for _, j := range r.blank {
		if j < len(cells) && trimCell(cells[j]) != "" {
			name, _ := excelize.ColumnNumberToName(j + 1)
			r.extra = append(r.extra, "（"+name+"列，无列名）")
			continue
		}
		keep = append(keep, j)
	}
	r.blank = keep
}

// totalWords are the labels of a totals row, normalised as headings are.
var totalWords = map[string]bool{"合计": true, "总计": true, "小计": true, "共计": true, "总合计": true, "合计金额": true,
	"total": true, "subtotal": true, "grandtotal": true, "sum": true}

// totalsRow reports whether a row is a totals row: one of its cells says
// 合计 (总计, 小计, 共计, Total) and nothing else.
func totalsRow(cells []string) (string, bool) {
	for _, c := range cells {
		if c == "" || len(c) > 24 || !totalStart(c) {
			continue
		}
		c = trimCell(c)
		if totalWords[strings.TrimRight(normHeader(c), ":")] {
			return c, true
		}
	}
	return "", false
}

// totalStart is a cheap look at a cell's first bytes: can it be one of the
// totalWords (or one after spaces, or in full width)? Most cells are not,
// and are not normalised.
func totalStart(c string) bool {
	switch c[0] {
	case 'T', 't', 'S', 's', 'G', 'g', ' ', '\t', 0xC2 /* no-break space */, 0xE3 /* ideographic space */, 0xEF /* full width, BOM */ :
		return true
	}
	return strings.HasPrefix(c, "合") || strings.HasPrefix(c, "总") || strings.HasPrefix(c, "小") || strings.HasPrefix(c, "共")
}

// fromExcel turns a raw xlsx value into what the column means: a date serial
// into YYYY-MM-DD, a binary-float artefact into the number Excel shows.
func (r *Reader) fromExcel(i int, v string) string {
	switch r.spec.Columns[i].Kind {
	case Date:
		if d, ok := serialDate(v, r.date1904); ok {
			return d
		}
	case Money, Int:
		return excelNumber(v)
	}
	return v
}

// Notes are what the Reader did that the user should know of but that is
// no problem: formulas read as their saved values, a unit assumed or
// converted, a sheet read under another name, totals rows passed over; and
// rows a caller passed over (Row.Skip). Row is 0 for the file as a whole.
func (r *Reader) Notes() []RowError { return r.notes.Errors() }

// PassedOver is the number of data rows left out with a note: totals rows
// and rows passed to Row.Skip.
func (r *Reader) PassedOver() int { return r.passed }

// ColumnUse says how one column of the file is read: the heading as
// written, the Spec column it fills (its key and heading) and, for money,
// the unit its plain numbers are in. Columns read in no way are Extra.
type ColumnUse struct {
	Column string `json:"column"`
	Key    string `json:"key"`
	Field  string `json:"field"`
	Unit   string `json:"unit,omitempty"`
}

// Columns lists how the file's columns are read, in file order.
func (r *Reader) Columns() []ColumnUse { return r.uses }

// Row is the current data row. Its Cells slice is reused by Next.
func (r *Reader) Row() Row { return r.row }

// Err is the file-level problem that stopped reading, if any. Row problems
// are in Problems.
func (r *Reader) Err() error { return r.err }

// Problems collects the row problems: those the Reader finds (rows longer
// than the header, identifiers stored as numbers) and those the caller
// records through the Row getters, Row.Fail and Row.Reject.
func (r *Reader) Problems() *Collector { return r.problems }

// Format is the format found by content.
func (r *Reader) Format() Format { return r.format }

// Sheet is the worksheet read ("" for CSV).
func (r *Reader) Sheet() string { return r.sheet }

// HeaderRow is the 1-based row number of the header.
func (r *Reader) HeaderRow() int { return r.hdrRow }

// Header is the header row as written in the file.
func (r *Reader) Header() []string { return r.header }

// Extra lists the headers of columns the Spec does not know (ignored under
// IgnoreExtra), and columns without a heading that hold values, so the UI
// can say they were not imported. The list is complete once the rows are
// read.
func (r *Reader) Extra() []string { return r.extra }

// Has reports whether the file has the column with this key.
func (r *Reader) Has(key string) bool {
	i, ok := r.byKey[key]
	return ok && r.cols[i] >= 0
}

// Rows is the number of data rows read so far.
func (r *Reader) Rows() int { return r.rows }

// Progress is the share of the file read so far (0…1), or -1 when unknown
// (a CSV stream of unknown length).
func (r *Reader) Progress() float64 {
	if r.src == nil {
		return -1
	}
	if r.done {
		return 1
	}
	return r.src.fraction()
}

// Close releases the file, excelize's temporary files and any spooled
// upload.
func (r *Reader) Close() error {
	var first error
	if r.src != nil {
		first = r.src.close()
	}
	for i := len(r.cleanup) - 1; i >= 0; i-- {
		if err := r.cleanup[i](); err != nil && first == nil && !errors.Is(err, os.ErrClosed) {
			first = err
		}
	}
	r.cleanup = nil
	return first
}

// columnIndex returns the position of key in the spec; unknown keys are a
// programming error reported as the row's own problem.
func (r *Reader) columnIndex(key string) (int, bool) {
	i, ok := r.byKey[key]
	return i, ok
}
