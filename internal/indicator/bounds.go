package indicator

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// Plausible bounds of an entered value, by unit: whatever a clerk types,
// no figure of a zone comes near them, and sums of them over every month
// and every national zone stay far inside int64. A value past its bound is
// refused (not stored with a warning): a typing slip of a few zeros is far
// likelier than a zone's output of a trillion yuan.
const (
	// MaxAmountFen bounds money entries: one trillion yuan, the bound of
	// the enterprise module's capital figures.
	MaxAmountFen = 100_000_000_000_000
	// MaxCount bounds counts (contracts, enterprises, people): 100 million.
	MaxCount = 100_000_000
	// MaxScore is 100.00 points, in hundredths.
	MaxScore = 10_000
)

// MaxValue is the largest plausible entered value of unit u.
func (u Unit) MaxValue() int64 {
	switch u {
	case UnitFen, UnitFenPerPerson:
		return MaxAmountFen
	case UnitScore:
		return MaxScore
	case UnitRatio:
		return 0 // ratios are computed, never entered
	}
	return MaxCount
}

// Range is the plausible range of one entered indicator, in its unit. A
// value outside [Min, Max] is refused, naming the field and the range; a
// value inside it but outside [SoftMin, SoftMax] is an outlier, taken only
// with a reason (stored with the entry). The zero Range leaves the unit's
// bound (MaxValue) as the only check.
type Range struct {
	Min     int64 `json:"min"`
	Max     int64 `json:"max"`
	SoftMin int64 `json:"soft_min"`
	SoftMax int64 `json:"soft_max"`
}

// IsZero reports whether r sets no range.
func (r Range) IsZero() bool { return r == Range{} }

// PlausibleRange is d's range, its unit's bounds when d sets none.
func (d Definition) PlausibleRange() Range {
	if !d.Range.IsZero() {
		return d.Range
	}
	m := d.Unit.MaxValue()
	return Range{Max: m, SoftMax: m}
}

// Check classifies v against r: hard is true when v is outside [Min, Max]
// (refused), soft when it is inside that but outside [SoftMin, SoftMax]
// (an outlier that needs a reason).
func (r Range) Check(v int64) (hard, soft bool) {
	switch {
	case v < r.Min || v > r.Max:
		return true, false
	case v < r.SoftMin || v > r.SoftMax:
		return false, true
	}
	return false, false
}

// ValueLabel writes v of unit u as a person enters it, in messages: yuan
// for money, points with two decimals for a score, the number for counts,
// with thousands separators.
func (u Unit) ValueLabel(v int64) string {
	switch u {
	case UnitFen, UnitFenPerPerson:
		return grouped(v / 100)
	case UnitScore:
		return grouped(v/100) + "." + fmt.Sprintf("%02d", v%100)
	}
	return grouped(v)
}

// grouped writes n with a comma every three digits.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// sumOutOfRange is the key of the error a sum too large for int64 gives:
// the stored rows behind one figure are beyond any plausible value (written
// around the service). That figure is reported as out of range; the page
// or ranking it is part of still answers.
const sumOutOfRange = "indicator.error.sum_out_of_range"

// OutOfRange is the error of indicator id's sum that does not fit.
func OutOfRange(id string) error { return errs.E(errs.Invalid, sumOutOfRange, id) }

// IsOutOfRange reports whether err is OutOfRange's.
func IsOutOfRange(err error) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Msg.Key == sumOutOfRange
}

// AddChecked returns a + b, or ok false when it does not fit in int64.
func AddChecked(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// JoinSum joins a sum taken in two parts — of value / 2^32 (hi) and of
// value % 2^32 (lo), each of which SQL can add up without overflow — into
// hi × 2^32 + lo; ok is false when the total does not fit in int64.
func JoinSum(hi, lo int64) (int64, bool) {
	if hi >= math.MinInt32 && hi <= math.MaxInt32 {
		// hi × 2^32 fits: the common case, without allocating.
		return AddChecked(hi<<32, lo)
	}
	t := new(big.Int).Lsh(big.NewInt(hi), 32)
	t.Add(t, big.NewInt(lo))
	if !t.IsInt64() {
		return 0, false
	}
	return t.Int64(), true
}

// errMsg is the message of err (an *errs.Error).
func errMsg(err error) *errs.Msg {
	var e *errs.Error
	if errors.As(err, &e) {
		return &e.Msg
	}
	return nil
}
