package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
)

// trimCell drops the spaces people leave around values, including the
// ideographic space (U+3000) and no-break space that Chinese input and web
// copies bring along.
func trimCell(s string) string {
	if s == "" {
		return s
	}
	if c0, cn := s[0], s[len(s)-1]; c0 > ' ' && c0 < utf8.RuneSelf && cn > ' ' && cn < utf8.RuneSelf {
		return s // the common case, without the rune decoding
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '\ufeff' })
}

// ParseDate reads a date as people type it: 2023-12-18, 2023/12/18,
// 2023.12.18, 2023年12月18日, with or without leading zeros. A time of day
// after the date (an Excel export) is ignored.
func ParseDate(s string) (civil.Date, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "日")
	if len(s) == 8 && isDigits(s) { // 20231218
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	var parts [3]int
	n, cur, digits := 0, 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if digits >= 4 {
				return civil.Date{}, false
			}
			cur = cur*10 + int(r-'0')
			digits++
		case r == '-' || r == '/' || r == '.' || r == '年' || r == '月':
			if digits == 0 || n >= 2 {
				return civil.Date{}, false
			}
			parts[n], cur, digits = cur, 0, 0
			n++
		default:
			return civil.Date{}, false
		}
	}
	if n != 2 || digits == 0 {
		return civil.Date{}, false
	}
	parts[2] = cur
	y, m, d := parts[0], parts[1], parts[2]
	if y < 1000 || m < 1 || m > 12 || d < 1 || d > 31 {
		return civil.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2023-02-30
		return civil.Date{}, false
	}
	return civil.Of(t), true
}

// excelEpoch is day 0 of Excel's 1900 date system (1899-12-30, which absorbs
// Excel's phantom 1900-02-29 for every date after February 1900), or of the
// 1904 system some Mac workbooks use.
func excelEpoch(date1904 bool) time.Time {
	if date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
}

// serialDate turns an Excel date serial ("45278" or "45278.5") into
// YYYY-MM-DD. Only plausible dates (1900-03-01 … 9999-12-31) convert; other
// numbers are left for the caller to refuse.
func serialDate(s string, date1904 bool) (string, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 61 || f >= 2958466 {
		return "", false
	}
	return excelEpoch(date1904).AddDate(0, 0, int(f)).Format("2006-01-02"), true
}

// dateSerial is the inverse for writing: the Excel serial of d.
func dateSerial(d civil.Date) int64 {
	return (d.Time().Unix() - excelEpoch(false).Unix()) / 86400
}

// excelNumber normalises a number as stored in the XML the way Excel shows
// it: at most 15 significant digits, so 0.30000000000000004 reads 0.3 and a
// yuan amount keeps its two decimals. Only Money and Int columns get this;
// text such as an 18-digit ID number must stay as written.
func excelNumber(s string) string {
	if len(s) <= 15 || strings.ContainsAny(s, "\"',¥￥元 ") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return s
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Injection reports whether a text would be run as a formula by a
// spreadsheet that opens it from CSV: it starts with = + - @ (or a tab or
// carriage return, which some programs skip) and is not simply a number or
// a phone-like sequence of digits. "-5", "+86 138 0000 0000", "-" and
// "2023-12-18" are fine; "=1+1", "@SUM(A1)", "-cmd|' /c calc'!A0" are not.
func Injection(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
	default:
		return false
	}
	for _, r := range s[1:] {
		if r >= '0' && r <= '9' || r == ' ' || r == '.' || r == ',' || r == '(' || r == ')' || r == '/' || r == '%' || r == '-' {
			continue
		}
		return true
	}
	return s[0] == '\t' || s[0] == '\r' || s[0] == '=' && len(s) > 1 && !isNumber(s[1:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Neutralise prefixes a text that Injection flags with an apostrophe, which
// spreadsheets show as text and never evaluate. Exports to CSV use it.
func Neutralise(s string) string {
	if Injection(s) {
		return "'" + s
	}
	return s
}
