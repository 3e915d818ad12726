package indicator

import (
	"context"
	"math"
	"testing"
)

func TestCheckedSums(t *testing.T) {
	if _, ok := AddChecked(math.MaxInt64, 1); ok {
		t.Error("MaxInt64 + 1 fit")
	}
	if _, ok := AddChecked(math.MinInt64, -1); ok {
		t.Error("MinInt64 - 1 fit")
	}
	if s, ok := AddChecked(-5, 7); !ok || s != 2 {
		t.Errorf("-5 + 7 = %d %v", s, ok)
	}
	// hi/lo parts as SQL sums them (truncating division, remainder with
	// the dividend's sign) join back to the exact total when it fits.
	for _, vals := range [][]int64{{1, 2, 3}, {-7, 1 << 40, -(1 << 33) - 5}, {math.MaxInt64}, {math.MinInt64}, {math.MaxInt64, math.MaxInt64}} {
		var hi, lo int64
		var want int64
		fits := true
		for _, v := range vals {
			hi += v / (1 << 32)
			lo += v % (1 << 32)
			if want, fits = AddChecked(want, v); !fits {
				break
			}
		}
		got, ok := JoinSum(hi, lo)
		if ok != fits || (ok && got != want) {
			t.Errorf("%v: %d %v, want %d %v", vals, got, ok, want, fits)
		}
	}
	src := NewMemSource(Row{Indicator: StatGrossOutput, Month: YM(202301), Value: math.MaxInt64}, Row{Indicator: StatGrossOutput, Month: YM(202302), Value: math.MaxInt64})
	p := Must(Custom(YM(202301), YM(202302)))
	if _, _, err := src.Sum(context.Background(), StatGrossOutput, Total, p); !IsOutOfRange(err) {
		t.Errorf("memory sum past int64 = %v, want OutOfRange", err)
	}
}
