package enterprise

import (
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// The unified social credit code (统一社会信用代码, GB 32100-2015) has 18
// characters: registration authority (1), organisation type (1), the
// registering body's GB/T 2260 division (6), the organisation code (9) and a
// check character (1), from a 31-character set without I, O, S, V and Z.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^i mod 31 for the first 17 positions.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

func usccValue(c byte) int { return strings.IndexByte(usccCharset, c) }

// USCCCheckChar returns the check character for the first 17 characters.
func USCCCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := usccValue(first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return usccCharset[c], true
}

// NormalizeUSCC trims spaces and upper-cases a code as people type it.
func NormalizeUSCC(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// CheckUSCC validates a (normalised) code and says what is wrong with it.
// The error is an errs.Invalid on field "uscc".
func CheckUSCC(code string) error {
	msg := usccProblem(code)
	if msg == nil {
		return nil
	}
	var f errs.Fields
	f.Add("uscc", msg.Key, msg.Args...)
	return f.Err()
}

// USCCProblem returns the message describing what is wrong with code, or nil.
func USCCProblem(code string) *errs.Msg { return usccProblem(code) }

func usccProblem(code string) *errs.Msg {
	m := func(key string, args ...any) *errs.Msg { x := errs.M(key, args...); return &x }
	if code == "" {
		return m("error.required")
	}
	if n := len([]rune(code)); n != 18 || len(code) != 18 {
		return m("enterprise.err.uscc_length", n)
	}
	for i := 0; i < 18; i++ {
		if usccValue(code[i]) < 0 {
			return m("enterprise.err.uscc_char", i+1, string(code[i]))
		}
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return m("enterprise.err.uscc_region", code[2:8])
		}
	}
	want, _ := USCCCheckChar(code[:17])
	if code[17] != want {
		return m("enterprise.err.uscc_check", string(code[17]), string(want))
	}
	return nil
}

// MakeUSCC completes 17 characters with their check character; it is used
// for demo and generated data, whose real codes are unknown.
func MakeUSCC(first17 string) string {
	c, ok := USCCCheckChar(first17)
	if !ok {
		panic("enterprise: MakeUSCC: bad prefix " + first17)
	}
	return first17 + string(c)
}
