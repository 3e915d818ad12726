package xlsx

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Row is one data row: its 1-based spreadsheet row number and one cell per
// Spec column, in Spec order ("" when empty or when the file lacks the
// column). Cells is reused by the Reader's next call to Next; the strings in
// it may be kept.
//
// The typed getters record a problem in the Reader's Collector when a value
// is bad or a required value is missing, so a caller can read every field
// and let all of a row's problems be reported together.
type Row struct {
	Num   int
	Cells []string
	r     *Reader
}

func (w Row) index(key string) int {
	i, ok := w.r.columnIndex(key)
	if !ok {
		// A key the Spec does not have is a bug in the caller, not input.
		panic(fmt.Sprintf("xlsx: no column %q in the spec", key))
	}
	return i
}

// Get returns the cell of the column with key, trimmed.
func (w Row) Get(key string) string { return w.Cells[w.index(key)] }

// Fail records a problem with the column key ("" for the row as a whole).
func (w Row) Fail(key, msgKey string, args ...any) {
	col := ""
	if key != "" {
		col = w.r.names[w.index(key)]
	}
	w.r.problems.Add(RowError{Row: w.Num, Column: col, Key: msgKey, Args: args})
}

// value returns the cell and whether there is one, recording a missing
// required value. A cell the Reader refused (an identifier stored as a
// number) is none, and not reported again.
func (w Row) value(key string) (int, string, bool) {
	i := w.index(key)
	v := w.Cells[i]
	if w.r.refused[i] {
		return i, "", false
	}
	if v == "" {
		if w.r.spec.Columns[i].Required {
			w.r.problems.Add(RowError{Row: w.Num, Column: w.r.names[i], Key: KeyRequired})
		}
		return i, "", false
	}
	return i, v, true
}

func (w Row) bad(i int, key, v string) {
	w.r.problems.Add(RowError{Row: w.Num, Column: w.r.names[i], Key: key, Args: []any{v}})
}

// Text returns the cell, recording a problem if it is required and empty.
func (w Row) Text(key string) string {
	_, v, _ := w.value(key)
	return v
}

// Ident reads an identifier (see the Ident kind): width folded, without
// spaces. ok is false when the cell is empty or was refused (stored as a
// number of 16 or more digits, already recorded).
func (w Row) Ident(key string) (string, bool) {
	_, v, ok := w.value(key)
	return v, ok
}

// Money reads an amount as fen: plain numbers in the unit the file's
// heading states (else the column's), or in a unit the cell names
// ("12.35万元"); see ParseAmount. ok is false when the cell is empty or bad;
// a bad value, or an empty required one, is recorded.
func (w Row) Money(key string) (fen int64, ok bool) {
	i, v, ok := w.value(key)
	if !ok {
		return 0, false
	}
	fen, badUnit, ok := ParseAmount(v, w.r.units[i])
	switch {
	case ok:
	case badUnit != "":
		w.r.problems.Add(RowError{Row: w.Num, Column: w.r.names[i], Key: KeyBadUnit, Args: []any{v, badUnit}})
	default:
		w.r.problems.Add(RowError{Row: w.Num, Column: w.r.names[i], Key: KeyBadMoney, Args: []any{v, w.r.units[i].Name()}})
	}
	return fen, ok
}

// Date reads a date (see ParseDate; xlsx date cells arrive as YYYY-MM-DD).
func (w Row) Date(key string) (civil.Date, bool) {
	i, v, ok := w.value(key)
	if !ok {
		return civil.Date{}, false
	}
	d, ok := ParseDate(foldWidth(v))
	if !ok {
		w.bad(i, KeyBadDate, v)
	}
	return d, ok
}

// Int reads a whole number ("12", "1,200", "12.0").
func (w Row) Int(key string) (int64, bool) {
	i, v, ok := w.value(key)
	if !ok {
		return 0, false
	}
	s := strings.ReplaceAll(foldWidth(v), ",", "")
	s = strings.TrimSuffix(s, ".0")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		w.bad(i, KeyBadInt, v)
		return 0, false
	}
	return n, true
}

// Code reads a Code column: the code itself, its name as on the form, or
// both ("01 农业", "01-农业"), in any case and width; a number that lost its
// leading zeros in Excel (1 for "01") is accepted too.
func (w Row) Code(key string) (string, bool) {
	i, v, ok := w.value(key)
	if !ok {
		return "", false
	}
	if c, ok := w.r.codes[i].match(v); ok {
		return c, true
	}
	w.bad(i, KeyBadCode, v)
	return "", false
}

// codeIndex finds a code by any accepted spelling; built once per Reader
// so the per-row cost is a map lookup or two.
type codeIndex struct {
	codes []CodeName
	by    map[string]string // raw and normalised code, name, code+name
}

func newCodeIndex(codes []CodeName) codeIndex {
	ix := codeIndex{codes: codes, by: make(map[string]string, 5*len(codes))}
	for _, c := range codes {
		nc, nn := normHeader(c.Code), normHeader(c.Name)
		for _, k := range []string{c.Code, c.Name, nc, nn, nc + nn} {
			if _, dup := ix.by[k]; !dup {
				ix.by[k] = c.Code
			}
		}
		if isDigits(nc) {
			if t := strings.TrimLeft(nc, "0"); t != "" {
				if _, dup := ix.by["#"+t]; !dup {
					ix.by["#"+t] = c.Code
				}
			}
		}
	}
	return ix
}

func (ix codeIndex) match(v string) (string, bool) {
	if c, ok := ix.by[v]; ok {
		return c, true
	}
	n := normHeader(v)
	if c, ok := ix.by[n]; ok {
		return c, true
	}
	if isDigits(n) {
		c, ok := ix.by["#"+strings.TrimLeft(n, "0")]
		return c, ok
	}
	// "01-农业", "01：农业", "01.农业"
	for _, c := range ix.codes {
		rest, ok := strings.CutPrefix(n, normHeader(c.Code))
		if !ok || rest == "" {
			continue
		}
		sep, size := utf8.DecodeRuneInString(rest)
		if strings.ContainsRune("-:：.、_", sep) && rest[size:] == normHeader(c.Name) {
			return c.Code, true
		}
	}
	return "", false
}

// Skip passes over the row with a note (msgKey and args: why), for a row
// the module does not take and that is no problem either — a record in a
// state imports leave alone, say. Record nothing else against the row.
func (w Row) Skip(msgKey string, args ...any) {
	w.r.passed++
	w.r.notes.Add(RowError{Row: w.Num, Key: msgKey, Args: args})
}

// Bad reports whether a problem has been recorded against this row.
func (w Row) Bad() bool { return w.r.problems.IsBad(w.Num) }

// Problems is the Collector the row's problems go to: every row's.
func (w Row) Problems() *Collector { return w.r.problems }

// Refused reports whether the Reader refused the cell of key (an
// identifier stored as a number), already recording why.
func (w Row) Refused(key string) bool { return w.r.refused[w.index(key)] }

// Reject records a domain validation error against this row: each field of
// an Invalid error goes to the column whose Key is the field name (any other
// field is named as it is), any other user-facing error to the row as a
// whole. An internal error is not the user's fault and is returned, so the
// caller can stop the import.
func (w Row) Reject(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind == errs.Internal {
		return err
	}
	if len(e.Fields) == 0 {
		w.r.problems.Add(RowError{Row: w.Num, Key: e.Msg.Key, Args: e.Msg.Args})
		return nil
	}
	// Report in column order, then unknown fields by name, so the report
	// reads left to right and the same input gives the same text.
	fields := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		fields = append(fields, f)
	}
	pos := func(f string) int {
		if i, ok := w.r.byKey[f]; ok {
			return i
		}
		return len(w.r.spec.Columns)
	}
	sort.Slice(fields, func(a, b int) bool {
		pa, pb := pos(fields[a]), pos(fields[b])
		if pa != pb {
			return pa < pb
		}
		return fields[a] < fields[b]
	})
	for _, f := range fields {
		col := f
		if i, ok := w.r.byKey[f]; ok {
			col = w.r.names[i]
		}
		m := e.Fields[f]
		w.r.problems.Add(RowError{Row: w.Num, Column: col, Key: m.Key, Args: m.Args})
	}
	return nil
}
