package xlsx

import (
	"fmt"
	"sort"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// Problem is what is wrong with an uploaded file as a whole. It is an error
// value so callers can ask errors.Is(err, xlsx.ErrFormula); the error the
// package returns is an *errs.Error whose message (catalog key and args) says
// the same thing to the user and whose cause chain contains the Problem.
type Problem string

// The file-level problems. Each has its own message, xlsx.err.<problem>.
const (
	ErrTooLarge        Problem = "too_large"        // over Options.MaxFileSize
	ErrNotSpreadsheet  Problem = "not_spreadsheet"  // by content: neither xlsx nor csv
	ErrCorrupt         Problem = "corrupt"          // damaged zip or XML, unbalanced CSV quotes
	ErrZipBomb         Problem = "zip_bomb"         // expands too far, or too many entries
	ErrFormula         Problem = "formula"          // a formula cell of the data sheet has no saved value
	ErrNoSheet         Problem = "no_sheet"         // the expected (or chosen) sheet is missing
	ErrEncoding        Problem = "encoding"         // CSV neither UTF-8 nor GB18030
	ErrEmpty           Problem = "empty"            // nothing at all in the file
	ErrNoRows          Problem = "no_rows"          // a header but no data rows
	ErrTooManyRows     Problem = "too_many_rows"    // over Options.MaxRows
	ErrRowTooBig       Problem = "row_too_big"      // one CSV record over Options.MaxRowBytes
	ErrMissingColumns  Problem = "missing_columns"  // required columns absent (all listed)
	ErrDuplicateColumn Problem = "duplicate_column" // two columns of the file mean the same
	ErrExtraColumns    Problem = "extra_columns"    // unknown columns, under RefuseExtra
	ErrColumnUnit      Problem = "column_unit"      // a money heading names a unit other than 元, 万元, 亿元
	ErrBadRows         Problem = "bad_rows"         // summary of a Collector's row errors
)

func (p Problem) Error() string { return "xlsx: " + strings.ReplaceAll(string(p), "_", " ") }

// Key is the catalog key of the problem's default message.
func (p Problem) Key() string { return "xlsx.err." + string(p) }

// Kind is the errs kind the edge maps to a status: a limit is 413, the rest
// are problems with the content (422).
func (p Problem) Kind() errs.Kind {
	switch p {
	case ErrTooLarge, ErrTooManyRows, ErrRowTooBig:
		return errs.TooLarge
	}
	return errs.Invalid
}

// AllProblems lists every Problem, for the catalog test and for documentation.
func AllProblems() []Problem {
	return []Problem{ErrTooLarge, ErrNotSpreadsheet, ErrCorrupt, ErrZipBomb, ErrFormula, ErrNoSheet,
		ErrEncoding, ErrEmpty, ErrNoRows, ErrTooManyRows, ErrRowTooBig, ErrMissingColumns,
		ErrDuplicateColumn, ErrExtraColumns, ErrColumnUnit, ErrBadRows}
}

// fail builds the user-facing error for p with its default message.
func fail(p Problem, args ...any) *errs.Error { return failKey(p, p.Key(), args...) }

// failKey is fail with a more specific message (a corrupt CSV says which
// line has the stray quote, a corrupt zip just that it is damaged).
func failKey(p Problem, key string, args ...any) *errs.Error {
	m := errs.M(key, args...)
	e := &errs.Error{Kind: p.Kind(), Msg: m, Err: p}
	if e.Kind == errs.Invalid {
		// Forms show per-field messages; the upload field is "file".
		e.Fields = map[string]errs.Msg{"file": m}
	}
	return e
}

// cause attaches the underlying error for the log, keeping p in the chain.
func cause(e *errs.Error, err error) *errs.Error {
	if err != nil {
		e.Err = fmt.Errorf("%w: %w", e.Err, err)
	}
	return e
}

// Message keys of the problems the Reader and the Row helpers record against
// single rows. Domain code adds its own keys through Row.Fail and Row.Reject.
const (
	KeyRowTooLong  = "xlsx.row.too_long" // {0} header width, {1} row width
	KeyRequired    = "xlsx.row.required"
	KeyBadMoney    = "xlsx.row.bad_money"    // {0} the cell, {1} the column's unit
	KeyBadUnit     = "xlsx.row.bad_unit"     // {0} the cell, {1} the unit it names
	KeyBadDate     = "xlsx.row.bad_date"     // {0} the cell
	KeyBadInt      = "xlsx.row.bad_int"      // {0} the cell
	KeyBadCode     = "xlsx.row.bad_code"     // {0} the cell
	KeyIdentNumber = "xlsx.row.ident_number" // {0} the number as the spreadsheet keeps it
)

// Message keys of the notes the Reader records (Reader.Notes). Domain code
// adds its own through Row.Skip.
const (
	NoteFormulas  = "xlsx.note.formulas"   // {0} the first cells, {1} how many
	NoteSheet     = "xlsx.note.sheet"      // {0} the sheet read
	NoteNoUnit    = "xlsx.note.no_unit"    // {0} the heading, {1} the unit assumed
	NoteUnit      = "xlsx.note.unit"       // {0} the heading, {1} the unit it states
	NoteTotalsRow = "xlsx.note.totals_row" // {0} the cell saying 合计
	NoteIgnored   = "xlsx.note.ignored"    // {0} the heading, {1} why (the column's Help)
)

// RowError is one problem with one row: its 1-based spreadsheet row number,
// the column's header as written in the file ("" for the row as a whole),
// and a message to translate.
type RowError struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Key    string `json:"key"`
	Args   []any  `json:"args,omitempty"`
}

// Msg is the problem as a message, without the row and column.
func (e RowError) Msg() errs.Msg { return errs.M(e.Key, e.Args...) }

// Text renders the problem in the user's language with its column, as the
// error report shows it: "合同金额：……".
func (e RowError) Text(tr Translator) string {
	if e.Column == "" {
		return tr(e.Msg())
	}
	return tr(errs.M("xlsx.report.cell", e.Column, e.Msg()))
}

func (e RowError) Error() string {
	return fmt.Sprintf("row %d %s: %s%v", e.Row, e.Column, e.Key, e.Args)
}

// DefaultMaxErrors is how many row problems a Collector keeps by default:
// enough for anyone to work through, bounded so a file where every row is
// wrong cannot fill memory.
const DefaultMaxErrors = 10_000

// Collector keeps the problems of bad rows, up to a cap, and remembers which
// rows had problems beyond the cap so the error report can still mark them.
// Rows are expected in increasing order (as a Reader yields them), but any
// order works. The zero value is not ready; use NewCollector.
type Collector struct {
	max     int
	kept    []RowError
	dropped int
	bad     []uint64 // bit set of row numbers with any problem
	badRows int
	sorted  bool
}

// NewCollector keeps at most max problems (DefaultMaxErrors if max ≤ 0).
func NewCollector(max int) *Collector {
	if max <= 0 {
		max = DefaultMaxErrors
	}
	return &Collector{max: max, sorted: true}
}

// Add records a problem.
func (c *Collector) Add(e RowError) {
	c.markBad(e.Row)
	if len(c.kept) >= c.max {
		c.dropped++
		return
	}
	if n := len(c.kept); n > 0 && c.kept[n-1].Row > e.Row {
		c.sorted = false
	}
	c.kept = append(c.kept, e)
}

func (c *Collector) markBad(row int) {
	if row < 0 {
		row = 0
	}
	w := row / 64
	if w >= len(c.bad) {
		c.bad = append(c.bad, make([]uint64, w+1-len(c.bad))...)
	}
	if c.bad[w]&(1<<(row%64)) == 0 {
		c.bad[w] |= 1 << (row % 64)
		c.badRows++
	}
}

// Len is the number of problems recorded, kept or not.
func (c *Collector) Len() int { return len(c.kept) + c.dropped }

// Dropped is how many problems were recorded beyond the cap and not kept.
func (c *Collector) Dropped() int { return c.dropped }

// BadRows is the number of distinct rows with at least one problem.
func (c *Collector) BadRows() int { return c.badRows }

// IsBad reports whether row has any problem, kept or not.
func (c *Collector) IsBad(row int) bool {
	w := row / 64
	return row >= 0 && w < len(c.bad) && c.bad[w]&(1<<(row%64)) != 0
}

// Errors returns the kept problems ordered by row (stable within a row).
func (c *Collector) Errors() []RowError {
	if !c.sorted {
		sort.SliceStable(c.kept, func(i, j int) bool { return c.kept[i].Row < c.kept[j].Row })
		c.sorted = true
	}
	return c.kept
}

// Err is nil when no problem was recorded, else an Invalid error saying how
// many rows are bad and how many problems there are (ErrBadRows in its chain).
func (c *Collector) Err() error {
	if c.Len() == 0 {
		return nil
	}
	return fail(ErrBadRows, c.badRows, c.Len())
}
