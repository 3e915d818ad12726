package xlsx

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Unit is a unit of money, as the fen one of it is worth.
type Unit int64

// The units an amount may be stated in, in a heading or in a cell.
const (
	Yuan Unit = 100            // 元
	Wan  Unit = 1_000_000      // 万元
	Yi   Unit = 10_000_000_000 // 亿元
)

// Name is the unit as Chinese writes it (元, 万元, 亿元).
func (u Unit) Name() string {
	switch u {
	case Wan:
		return "万元"
	case Yi:
		return "亿元"
	}
	return "元"
}

// decimals is how many decimals of the unit still name whole fen.
func (u Unit) decimals() int {
	switch u {
	case Wan:
		return 6
	case Yi:
		return 10
	}
	return 2
}

// unitNames are the spellings of each unit, normalised as headings are
// (normHeader: NFKC, lower case, no spaces), longest first where one ends
// another.
var unitNames = []struct {
	name string
	unit Unit
}{
	{"人民币亿元", Yi}, {"亿元人民币", Yi}, {"亿元", Yi}, {"亿", Yi},
	{"人民币万元", Wan}, {"万元人民币", Wan}, {"万元", Wan}, {"万", Wan},
	{"人民币元", Yuan}, {"元人民币", Yuan}, {"人民币", Yuan}, {"元", Yuan},
	{"rmb", Yuan}, {"cny", Yuan}, {"yuan", Yuan},
}

// parseUnit reads a unit as a heading or a cell names it ("万元", "单位：元").
func parseUnit(s string) (Unit, bool) {
	s = strings.TrimPrefix(s, "单位")
	s = strings.TrimLeft(s, ":：")
	for _, n := range unitNames {
		if s == n.name {
			return n.unit, true
		}
	}
	return 0, false
}

// splitUnit splits a normalised heading into what it names and the unit it
// states: "成交额(万元)" → "成交额", "万元"; "成交额/元" → "成交额", "元";
// "技术交易额万元" → "技术交易额", "万元". Any bracketed tail counts as a
// stated unit, so "成交额(千元)" gives "千元" for the caller to refuse; a
// heading without one gives ok false.
func splitUnit(n string) (base, unit string, ok bool) {
	if strings.HasSuffix(n, ")") {
		if i := strings.LastIndexByte(n, '('); i > 0 {
			return n[:i], n[i+1 : len(n)-1], true
		}
	}
	if i := strings.LastIndexAny(n, "/:："); i > 0 {
		if _, known := parseUnit(n[i+1:]); known {
			_, size := utf8.DecodeRuneInString(n[i:])
			return n[:i], n[i+size:], true
		}
	}
	for _, u := range unitNames {
		if u.unit == Yuan && len(u.name) < 4 {
			continue // "元" alone ends too many words (单元, 公元)
		}
		if b, found := strings.CutSuffix(n, u.name); found && b != "" {
			return b, u.name, true
		}
	}
	return n, "", false
}

// foldWidth folds full-width letters, digits and punctuation to ASCII
// (ＵＳＣＣ１２ → USCC12, １２，３４５．６ → 12,345.6) and the ideographic space
// to a space, as people type them with a Chinese input method on.
func foldWidth(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return width.Fold.String(s)
		}
	}
	return s
}

// foldIdent is an identifier as stored: width folded, spaces dropped.
func foldIdent(s string) string {
	s = foldWidth(s)
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// ParseYuan reads an amount in yuan ("1234.5", "1,234.50", "¥1234", "12元",
// and also "12.35万元") as integer fen, exactly: see ParseAmount.
func ParseYuan(s string) (fen int64, ok bool) {
	fen, _, ok = ParseAmount(s, Yuan)
	return fen, ok
}

// ParseAmount reads an amount as integer fen, exactly: decimal digits are
// never passed through a float. Plain numbers are in unit; a cell may name
// its own unit after the number (元, 万元, 亿元, 万, 亿) and a currency sign
// before it (¥, ￥, RMB). Full-width digits and punctuation are read as
// their ASCII forms, thousands separators are skipped. Digits beyond the
// fen (a third decimal of yuan, a seventh of 万元) that are not zero, and
// anything that is not an amount, are refused; badUnit is set when what
// follows the number looks like a unit but is none of these (千元, 美元),
// so the message can name it.
func ParseAmount(s string, unit Unit) (fen int64, badUnit string, ok bool) {
	s = strings.TrimSpace(foldWidth(s))
	for _, p := range []string{"¥", "￥", "RMB", "rmb", "CNY"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimSpace(s)
	// The unit: whatever follows the last digit.
	end := len(s)
	for end > 0 && !(s[end-1] >= '0' && s[end-1] <= '9' || s[end-1] == '.') {
		_, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
	}
	if tail := strings.TrimSpace(s[end:]); tail != "" {
		u, known := parseUnit(strings.ToLower(tail))
		if !known {
			if end > 0 {
				return 0, tail, false
			}
			return 0, "", false
		}
		unit, s = u, strings.TrimSpace(s[:end])
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, "", false
	}
	// fen = whole·unit + frac·unit/10^decimals, with frac the first
	// unit.decimals() decimals.
	maxDec := unit.decimals()
	var whole, frac int64
	digits, fracDigits, seenDot := 0, 0, false
	limit := math.MaxInt64 / int64(unit)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			d := int64(c - '0')
			if seenDot {
				if fracDigits == maxDec {
					if d != 0 {
						return 0, "", false // a decimal beyond the fen that matters
					}
					continue
				}
				frac = frac*10 + d
				fracDigits++
			} else {
				if whole > (limit-9)/10 {
					return 0, "", false
				}
				whole = whole*10 + d
				digits++
			}
		case c == ',' && !seenDot && digits > 0:
			// thousands separator
		case c == '.' && !seenDot:
			seenDot = true
		default:
			return 0, "", false
		}
	}
	if digits == 0 && fracDigits == 0 {
		return 0, "", false
	}
	for ; fracDigits < maxDec; fracDigits++ {
		frac *= 10
	}
	// frac is in units of 10^-maxDec of the unit, which is unit/10^maxDec
	// = 1 fen for every unit here.
	fen = whole*int64(unit) + frac
	if neg {
		fen = -fen
	}
	return fen, "", true
}

// FormatYuan writes fen as yuan with two decimals ("1234.50"), for CSV.
func FormatYuan(fen int64) string {
	sign := ""
	u := uint64(fen)
	if fen < 0 {
		sign, u = "-", uint64(-fen)
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + string([]byte{byte('0' + u%100/10), byte('0' + u%10)})
}

// FormatAmount writes fen in unit, exactly, with at least two decimals
// ("12.3456" 万元 for 123,456 yuan).
func FormatAmount(fen int64, unit Unit) string {
	if unit == 0 || unit == Yuan {
		return FormatYuan(fen)
	}
	sign := ""
	u := uint64(fen)
	if fen < 0 {
		sign, u = "-", uint64(-fen)
	}
	frac := strconv.FormatUint(u%uint64(unit)+uint64(unit), 10)[1:]
	frac = strings.TrimRight(frac, "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return sign + strconv.FormatUint(u/uint64(unit), 10) + "." + frac
}
