package xlsx

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// Kind says how a column's values are read and written.
type Kind int

const (
	Text  Kind = iota // as written
	Money             // an amount in Column.Unit (yuan by default) in the file; integer fen in Go
	Date              // YYYY-MM-DD; Excel date serials are converted when read
	Int               // a whole number
	Code              // an enumeration: one of Column.Codes; the code's name is accepted too
	// Ident is an identifier made of digits and letters — a registration
	// number, a USCC, an ID card or phone number: full-width characters
	// and spaces are folded away, and a number cell of 16 or more digits
	// is refused (a spreadsheet keeps 15 significant digits of a number,
	// so the last ones are already lost). Templates format it as text.
	Ident
)

func (k Kind) key() string {
	switch k {
	case Ident:
		return "xlsx.kind.ident"
	case Money:
		return "xlsx.kind.money"
	case Date:
		return "xlsx.kind.date"
	case Int:
		return "xlsx.kind.int"
	case Code:
		return "xlsx.kind.code"
	}
	return "xlsx.kind.text"
}

// CodeName is one allowed value of a Code column: the stable code stored and
// sent over the API, and the Chinese name a form shows.
type CodeName struct {
	Code string
	Name string
}

// Column describes one column of an import or export.
type Column struct {
	// Key names the value for the domain. Use the field name the domain's
	// validation reports in errs.Fields, so Row.Reject can point its
	// problems at this column.
	Key string
	// Header is the heading as printed on the paper form (合同名称).
	Header string
	// Aliases are other headings accepted on import (older forms, other
	// systems). Matching ignores spaces, full-/half-width and letter case.
	Aliases  []string
	Required bool
	Kind     Kind
	// Unit is what a Money column's plain numbers are in when the file's
	// heading names no unit, and what exports write; zero is Yuan. A
	// heading that names another unit (成交额（万元）) is read in that unit,
	// and a cell may name its own ("12.35万元").
	Unit Unit
	// Codes are the allowed values of a Code column.
	Codes []CodeName
	// Help explains the column on the template's 说明 sheet.
	Help string
	// Width is the export column width in characters; 0 chooses one from
	// the header and the kind.
	Width float64
	// Ignore marks a column the import knows and leaves out — one kept
	// for checking, such as a registry's name for itself: it is listed
	// as ignored with a note quoting Help, never read.
	Ignore bool
}

// Spec is the shape of one kind of file: the sheet the data is on and its
// columns, in the order exports write them.
type Spec struct {
	// Sheet is the worksheet holding the data. An xlsx without it is refused,
	// naming the sheets it has; "" reads the first sheet.
	Sheet   string
	Columns []Column
}

// Written is the Spec of a file to fill in or of an export: without its
// Ignore columns.
func (s Spec) Written() Spec {
	cols := make([]Column, 0, len(s.Columns))
	for _, c := range s.Columns {
		if !c.Ignore {
			cols = append(cols, c)
		}
	}
	s.Columns = cols
	return s
}

// ErrorColumn heads the column the error report adds. Imports ignore a column
// with this heading, so a corrected report can be uploaded as it is.
const ErrorColumn = "错误说明"

// check catches programming mistakes in a Spec: they are bugs, not user input.
func (s Spec) check() error {
	if len(s.Columns) == 0 {
		return fmt.Errorf("xlsx: spec has no columns")
	}
	keys := map[string]bool{}
	heads := map[string]string{}
	for _, c := range s.Columns {
		if c.Key == "" || c.Header == "" {
			return fmt.Errorf("xlsx: column %q/%q needs a key and a header", c.Key, c.Header)
		}
		if keys[c.Key] {
			return fmt.Errorf("xlsx: column key %q used twice", c.Key)
		}
		keys[c.Key] = true
		for _, h := range append([]string{c.Header}, c.Aliases...) {
			n := normHeader(h)
			if other, dup := heads[n]; dup {
				return fmt.Errorf("xlsx: header %q of %q also names %q", h, c.Key, other)
			}
			heads[n] = c.Key
		}
		if c.Ignore && c.Required {
			return fmt.Errorf("xlsx: column %q is ignored and required", c.Key)
		}
		if c.Kind == Code && len(c.Codes) == 0 {
			return fmt.Errorf("xlsx: code column %q has no codes", c.Key)
		}
		if c.Kind == Money {
			for _, h := range append([]string{c.Header}, c.Aliases...) {
				if _, u, ok := splitUnit(normHeader(h)); ok {
					if unit, known := parseUnit(u); !known || unit != c.unit() {
						return fmt.Errorf("xlsx: header %q of %q names a unit other than the column's %s", h, c.Key, c.unit().Name())
					}
				}
			}
		} else if c.Unit != 0 {
			return fmt.Errorf("xlsx: column %q has a unit but is not money", c.Key)
		}
	}
	return nil
}

// unit is the column's unit, Yuan when unset.
func (c Column) unit() Unit {
	if c.Unit == 0 {
		return Yuan
	}
	return c.Unit
}

// index returns the column position of each key, of each normalised header
// and alias, and of each money column's headings without their unit
// (成交额 for 成交额（元）), so that a file naming the amount without a unit or
// in another one is matched.
func (s Spec) index() (byKey, byHeader, byBase map[string]int) {
	byKey = make(map[string]int, len(s.Columns))
	byHeader = make(map[string]int, 2*len(s.Columns))
	byBase = map[string]int{}
	for i, c := range s.Columns {
		byKey[c.Key] = i
		for _, h := range append([]string{c.Header}, c.Aliases...) {
			n := normHeader(h)
			byHeader[n] = i
			if c.Kind == Money {
				if base, _, ok := splitUnit(n); ok {
					n = base
				}
				if _, dup := byBase[n]; !dup {
					byBase[n] = i
				}
			}
		}
	}
	return byKey, byHeader, byBase
}

// normHeader folds the ways people retype a heading: full-width letters and
// brackets (NFKC: （元） → (元)), spaces anywhere, zero-width characters, a
// "*" marking a required column, and letter case.
func normHeader(s string) string {
	// Dropping a space can leave a combining mark that NFKC composes on
	// the next pass (" ̃" after "A"), so repeat until nothing changes.
	for range 3 {
		n := foldHeader(s)
		if n == s {
			break
		}
		s = n
	}
	return s
}

func foldHeader(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '*' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// SameName reports whether two names are the same but for how they were
// typed: full- or half-width letters, digits and brackets (（） and ()),
// spaces and letter case — as a party's name is matched across files.
func SameName(a, b string) bool { return normHeader(a) == normHeader(b) }

// Translator renders a message in the user's language.
type Translator func(errs.Msg) string

// In returns the translator for one language of a catalog.
func In(cat *i18n.Catalog, lang i18n.Lang) Translator {
	return func(m errs.Msg) string { return cat.Msg(lang, m) }
}

// joinList joins names for a message. Headers are Chinese, so the Chinese
// enumeration comma reads right in both languages.
func joinList(names []string) string { return strings.Join(names, "、") }
