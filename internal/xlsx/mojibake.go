package xlsx

import (
	"strings"
	"unicode"
	"unicode/utf8"

	xenc "golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// misreadings are the ways text gets mis-decoded on its way into a file:
// UTF-8 bytes read as Windows-1252 or Latin-1 (合同 → åˆåŒ) or as GBK
// (合同 → 鍚堝悓), then saved again. Encoding the text back gives the bytes
// it was read from.
var misreadings = []struct {
	enc xenc.Encoding
	// strict: the repaired text must name a known heading, not merely
	// be Chinese (GBK text of real Chinese can also be valid UTF-8).
	strict bool
}{
	{charmap.Windows1252, false},
	{charmap.ISO8859_1, false},
	{simplifiedchinese.GB18030, true},
}

// misdecoded finds, among the cells of rows (the rows a header was looked
// for in), one that reads as mojibake: it holds U+FFFD, or it becomes
// Chinese or a known heading once taken back to the bytes it was mis-read
// from. It returns that cell, shortened, for the message.
func misdecoded(rows [][]string, byHeader map[string]int) (string, bool) {
	for _, cells := range rows {
		for _, c := range cells {
			c = trimCell(c)
			if c == "" || isASCII(c) {
				continue
			}
			if strings.ContainsRune(c, utf8.RuneError) {
				return sample(c), true
			}
			for _, m := range misreadings {
				b, err := m.enc.NewEncoder().String(c)
				if err != nil || b == c || isASCII(b) || !utf8.ValidString(b) {
					continue
				}
				if _, known := byHeader[normHeader(b)]; known || !m.strict && hasHan(b) {
					return sample(c), true
				}
			}
		}
	}
	return "", false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// sample is s cut to a length a message can quote.
func sample(s string) string {
	if utf8.RuneCountInString(s) <= 16 {
		return s
	}
	r := []rune(s)
	return string(r[:16]) + "…"
}
