package bulletin

import (
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/indicator"
)

// Rounding: every figure is rounded once, from its exact value, half away
// from zero (四舍五入; 3.85亿 → 3.9亿, −15.5% → −16%), at the number of decimals
// the caller asks for. Trailing zeros after the point are dropped ("20亿元",
// not "20.0亿元", and "15%" for 15.0%) as the newspaper prints them, unless a
// MoneyFormat says KeepZeros.

// MoneyUnit is the unit an amount is shown in.
type MoneyUnit int

const (
	Auto  MoneyUnit = iota // 亿元 from 1亿元 up, 万元 from 1万元 up, else 元
	Yuan                   // 元
	Wan                    // 万元
	Yi                     // 亿元
	WanYi                  // 万亿元, for national totals; never chosen by Auto
)

// fen per unit.
func (u MoneyUnit) fen() int64 {
	switch u {
	case Wan:
		return 1_000_000
	case Yi:
		return 10_000_000_000
	case WanYi:
		return 100_000_000_000_000
	}
	return 100
}

// ZH is the unit as written after a Chinese figure.
func (u MoneyUnit) ZH() string {
	switch u {
	case Wan:
		return "万元"
	case Yi:
		return "亿元"
	case WanYi:
		return "万亿元"
	}
	return "元"
}

// ParseMoneyUnit reads a unit as a template names it: "元", "万元", "亿元",
// "万亿元" (or "万", "亿", "万亿"); "" and "auto" are Auto.
func ParseMoneyUnit(s string) (MoneyUnit, bool) {
	switch strings.TrimSpace(s) {
	case "", "auto":
		return Auto, true
	case "元":
		return Yuan, true
	case "万", "万元":
		return Wan, true
	case "亿", "亿元":
		return Yi, true
	case "万亿", "万亿元":
		return WanYi, true
	}
	return Auto, false
}

// MoneyFormat says how to show an amount. The zero value is Auto with whole
// numbers; NewsMoney is what the newspaper uses.
type MoneyFormat struct {
	Unit      MoneyUnit
	Decimals  int  // places after the point in 万元 and above (Auto shows 元 whole)
	KeepZeros bool // "20.0亿元" rather than "20亿元"
}

// NewsMoney is the newspaper's format: Auto unit, one decimal (3.8亿元, 7000万元).
func NewsMoney() MoneyFormat { return MoneyFormat{Decimals: 1} }

// FormatMoney writes fen in Chinese: 38,016,000,000 fen → "3.8亿元".
//
// Auto picks the unit by the rounded figure, not the raw one, so that an
// amount that rounds up to a boundary moves to the larger unit: 99,999,999元
// is "1亿元", never "10000万元"; 9,999.6元 is "1万元", not "10000元".
func FormatMoney(fen int64, f MoneyFormat) string {
	return FormatMoneyFrac(indicator.Whole(fen), f)
}

// FormatMoneyFrac is FormatMoney for an exact amount in fen that need not be
// whole (an average, an amount per person).
func FormatMoneyFrac(fen indicator.Frac, f MoneyFormat) string {
	d := max(0, min(f.Decimals, 6))
	unit, dp := f.Unit, d
	if unit == Auto {
		unit = autoUnit(fen, d)
		if unit == Yuan {
			dp = 0 // the page never prints fractions of a yuan
		}
	}
	return scaled(roundIn(fen, unit, dp), dp, !f.KeepZeros) + unit.ZH()
}

// Money is FormatMoney with NewsMoney.
func Money(fen int64) string { return FormatMoney(fen, NewsMoney()) }

// roundIn returns fen expressed in unit, rounded to dp places, as an integer
// count of 10^−dp units (3.8亿 at dp 1 is 38).
func roundIn(fen indicator.Frac, unit MoneyUnit, dp int) int64 {
	v, _ := fen.Quo(indicator.Whole(unit.fen()))
	return v.Round(indicator.Pow10(dp))
}

func autoUnit(fen indicator.Frac, d int) MoneyUnit {
	abs := fen.Abs()
	unit := Yuan
	switch {
	case abs.Cmp(indicator.Whole(Yi.fen())) >= 0:
		unit = Yi
	case abs.Cmp(indicator.Whole(Wan.fen())) >= 0:
		unit = Wan
	}
	// 10000 of 元 or 万元, once rounded, is 1 of the next unit.
	for unit == Yuan || unit == Wan {
		dp := d
		if unit == Yuan {
			dp = 0
		}
		r := roundIn(fen, unit, dp)
		if r < 0 {
			r = -r
		}
		if r < 10_000*indicator.Pow10(dp) {
			break
		}
		unit++
	}
	return unit
}

// scaled writes v × 10^−dp: scaled(38, 1, _) = "3.8"; with trim, trailing
// zeros of the fraction and a bare point are dropped (scaled(200, 1, true) = "20").
func scaled(v int64, dp int, trim bool) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u, 10)
	if dp > 0 {
		if len(s) <= dp {
			s = strings.Repeat("0", dp-len(s)+1) + s
		}
		s = s[:len(s)-dp] + "." + s[len(s)-dp:]
		if trim {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// groupThousands inserts commas into the integer part of a decimal string
// (English figures: "1,234.5").
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// FormatCount writes a count with its measure word: "385项", "7家".
func FormatCount(n int64, unit string) string { return strconv.FormatInt(n, 10) + unit }

// ChineseNumber writes 0–99 in Chinese numerals, as counts read in news
// text ("五大工程", "十二个"); other numbers stay in digits.
func ChineseNumber(n int64) string {
	const digits = "零一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n < 0 || n > 99:
		return strconv.FormatInt(n, 10)
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n-10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}

// FormatPercent writes a fraction as a percentage rounded to decimals:
// 0.15 → "15%", 0.1549 at 1 decimal → "15.5%".
func FormatPercent(f indicator.Frac, decimals int) string {
	d := max(0, min(decimals, 6))
	return scaled(f.Round(100*indicator.Pow10(d)), d, true) + "%"
}

// English equivalents, for the English UI (news text is always Chinese).

// FormatMoneyEN writes fen for the English UI: "CNY 380.2 million",
// "CNY 1.2 billion", "CNY 5,000" — millions and billions with one decimal,
// with the same promote-on-rounding rule as FormatMoney.
func FormatMoneyEN(fen int64) string { return FormatMoneyENFrac(indicator.Whole(fen)) }

// FormatMoneyENFrac is FormatMoneyEN for an exact amount in fen.
func FormatMoneyENFrac(fen indicator.Frac) string {
	units := []struct {
		fen  int64
		name string
		dp   int
		next int64 // rounded figure (in 10^−dp units) from which the next unit takes over
	}{
		{100, "", 0, 1_000_000},
		{100_000_000, " million", 1, 10_000},
		{100_000_000_000, " billion", 1, 0},
	}
	abs := fen.Abs()
	i := 0
	for i < len(units)-1 && abs.Cmp(indicator.Whole(units[i+1].fen)) >= 0 {
		i++
	}
	round := func(i int) int64 {
		v, _ := fen.Quo(indicator.Whole(units[i].fen))
		return v.Round(indicator.Pow10(units[i].dp))
	}
	for i < len(units)-1 && max(round(i), -round(i)) >= units[i].next {
		i++
	}
	return "CNY " + groupThousands(scaled(round(i), units[i].dp, true)) + units[i].name
}

// FormatCountEN writes a count with an English noun for a Chinese measure
// word: "385 items", "1 enterprise", "6" (个 has no noun of its own).
func FormatCountEN(n int64, unit string) string {
	num := groupThousands(strconv.FormatInt(n, 10))
	one, many := "", ""
	switch unit {
	case "项":
		one, many = "item", "items"
	case "家":
		one, many = "enterprise", "enterprises"
	case "次":
		one, many = "time", "times"
	case "人":
		one, many = "person", "people"
	case "个":
		return num
	default:
		one, many = unit, unit
	}
	if n == 1 {
		return num + " " + one
	}
	return num + " " + many
}

// FormatPercentEN is FormatPercent; percentages read the same in English.
func FormatPercentEN(f indicator.Frac, decimals int) string { return FormatPercent(f, decimals) }
