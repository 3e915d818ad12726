package indicator

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Frac is an exact rational value Num/Den kept in lowest terms with Den > 0.
// Sums of fen and counts are whole (Den 1); ratios, shares and rates are
// fractions. Zero is always the zero Frac (Den 0 reads as 1), so values made
// by this package compare correctly with ==, and zero-valued structs holding
// a Frac are usable.
type Frac struct {
	Num int64 `json:"num"`
	Den int64 `json:"den,omitempty"`
}

// approxDen is the denominator a result falls back to when its exact reduced
// form does not fit in int64 (only for extreme cross-products, e.g. a ratio of
// national totals compared year on year): 1e-12 is far below any precision a
// report presents.
const approxDen = 1_000_000_000_000

// Whole returns n as a Frac.
func Whole(n int64) Frac {
	if n == 0 {
		return Frac{}
	}
	return Frac{Num: n, Den: 1}
}

// NewFrac returns num/den in lowest terms; ok is false when den is 0.
func NewFrac(num, den int64) (f Frac, ok bool) {
	if den == 0 {
		return Frac{}, false
	}
	if f, ok := reduce(num, den); ok {
		return f, true
	}
	return fromRat(new(big.Rat).SetFrac(big.NewInt(num), big.NewInt(den))), true
}

// reduce is num/den (den ≠ 0) in lowest terms in int64 arithmetic — what
// big.Rat makes of it, without its allocations; ok is false for
// math.MinInt64, whose magnitude int64 cannot hold.
func reduce(num, den int64) (Frac, bool) {
	if num == math.MinInt64 || den == math.MinInt64 {
		return Frac{}, false
	}
	if num == 0 {
		return Frac{}, true
	}
	if den < 0 {
		num, den = -num, -den
	}
	a, b := num, den
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	return Frac{Num: num / a, Den: den / a}, true
}

func (f Frac) den() int64 {
	if f.Den == 0 {
		return 1
	}
	return f.Den
}

func (f Frac) rat() *big.Rat { return new(big.Rat).SetFrac(big.NewInt(f.Num), big.NewInt(f.den())) }

// fromRat converts back to int64 terms. big.Rat is always normalised, so the
// exact form is used whenever it fits; otherwise the value is rounded to a
// 1e-12 grid, and beyond that to a whole number, saturating at the int64 range.
func fromRat(r *big.Rat) Frac {
	if r.Sign() == 0 {
		return Frac{}
	}
	if r.Num().IsInt64() && r.Denom().IsInt64() {
		return Frac{Num: r.Num().Int64(), Den: r.Denom().Int64()}
	}
	if n := roundQuo(new(big.Int).Mul(r.Num(), big.NewInt(approxDen)), r.Denom()); n.IsInt64() {
		g, _ := NewFrac(n.Int64(), approxDen)
		return g
	}
	return Whole(saturate(roundQuo(r.Num(), r.Denom())))
}

// roundQuo returns num/den rounded half away from zero. den must not be 0.
func roundQuo(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int)) // truncates toward zero
	if r.Sign() == 0 {
		return q
	}
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.Cmp(new(big.Int).Abs(den)) >= 0 {
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func saturate(n *big.Int) int64 {
	switch {
	case n.IsInt64():
		return n.Int64()
	case n.Sign() > 0:
		return math.MaxInt64
	default:
		return math.MinInt64
	}
}

// Round returns f × scale rounded half away from zero: Round(100) of 0.155 is
// 16, of −0.155 is −16. This is the one rounding step between an exact value
// and its presentation; scale is a power of ten chosen by the presenter
// (e.g. 1000 for a percentage with one decimal). It saturates at the int64 range.
func (f Frac) Round(scale int64) int64 {
	if n, ok := mulFits(f.Num, scale); ok {
		d := f.den()
		if d == 1 {
			return n
		}
		if d > 0 {
			q, r := n/d, n%d // truncated toward zero
			if r < 0 {
				r = -r
			}
			if r >= d-r { // half or more: away from zero
				if n < 0 {
					q--
				} else {
					q++
				}
			}
			return q
		}
	}
	num := new(big.Int).Mul(big.NewInt(f.Num), big.NewInt(scale))
	return saturate(roundQuo(num, big.NewInt(f.den())))
}

// Sign returns −1, 0 or +1.
func (f Frac) Sign() int {
	switch {
	case f.Num < 0:
		return -1
	case f.Num > 0:
		return 1
	}
	return 0
}

// Cmp compares f and g exactly: −1 if f < g, 0 if equal, +1 if f > g.
// Rankings sort with it, so it compares the cross-products in 128 bits
// rather than through big.Rat.
func (f Frac) Cmp(g Frac) int {
	fd, gd := f.den(), g.den()
	if fd == gd {
		return cmp.Compare(f.Num, g.Num)
	}
	if fd < 0 || gd < 0 { // not made by this package
		return f.rat().Cmp(g.rat())
	}
	h1, l1 := mulWide(f.Num, gd)
	h2, l2 := mulWide(g.Num, fd)
	if h1 != h2 {
		return cmp.Compare(h1, h2)
	}
	return cmp.Compare(l1, l2)
}

// mulWide returns a × b (b > 0) as a two's-complement 128-bit number.
func mulWide(a, b int64) (hi int64, lo uint64) {
	ua := uint64(a)
	if a < 0 {
		ua = uint64(-a) // also right for math.MinInt64: 1<<63
	}
	h, l := bits.Mul64(ua, uint64(b))
	if a < 0 {
		l = ^l + 1
		h = ^h
		if l == 0 {
			h++
		}
	}
	return int64(h), l
}

// CmpPercent compares f with p percent (f is a fraction: 1.05 is 105%).
func (f Frac) CmpPercent(p int64) int { return f.rat().Cmp(big.NewRat(p, 100)) }

// Sub returns f − g.
func (f Frac) Sub(g Frac) Frac {
	if f.den() == 1 && g.den() == 1 {
		if d, ok := addFits(f.Num, -g.Num); ok && g.Num != math.MinInt64 {
			return Whole(d)
		}
	}
	return fromRat(new(big.Rat).Sub(f.rat(), g.rat()))
}

// Add returns f + g.
func (f Frac) Add(g Frac) Frac {
	if f.den() == 1 && g.den() == 1 {
		if s, ok := addFits(f.Num, g.Num); ok {
			return Whole(s)
		}
	}
	return fromRat(new(big.Rat).Add(f.rat(), g.rat()))
}

// addFits is a + b, and whether it fits in int64.
func addFits(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0)
}

// mulFits is a × b, and whether it fits in int64.
func mulFits(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if a == math.MinInt64 || b == math.MinInt64 || p/b != a {
		return 0, false
	}
	return p, true
}

// Mul returns f × g.
func (f Frac) Mul(g Frac) Frac { return fromRat(new(big.Rat).Mul(f.rat(), g.rat())) }

// Quo returns f ÷ g; ok is false when g is 0.
func (f Frac) Quo(g Frac) (q Frac, ok bool) {
	if g.Num == 0 {
		return Frac{}, false
	}
	// (a/b) ÷ (c/d) = a·d / b·c, when both products fit.
	if n, ok := mulFits(f.Num, g.den()); ok {
		if d, ok := mulFits(f.den(), g.Num); ok {
			if q, ok := reduce(n, d); ok {
				return q, true
			}
		}
	}
	return fromRat(new(big.Rat).Quo(f.rat(), g.rat())), true
}

// Abs returns |f|.
func (f Frac) Abs() Frac {
	if f.Num < 0 {
		return f.Neg()
	}
	return f
}

// Neg returns −f.
func (f Frac) Neg() Frac { return fromRat(new(big.Rat).Neg(f.rat())) }

// IsWhole reports whether f is an integer.
func (f Frac) IsWhole() bool { return f.den() == 1 }

// Float64 is for charts and sorting in the UI only, never for figures in text.
func (f Frac) Float64() float64 { x, _ := f.rat().Float64(); return x }

// String is "num/den", or "num" when whole; for logs and tests.
func (f Frac) String() string {
	if f.IsWhole() {
		return strconv.FormatInt(f.Num, 10)
	}
	return strconv.FormatInt(f.Num, 10) + "/" + strconv.FormatInt(f.den(), 10)
}
