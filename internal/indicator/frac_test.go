package indicator

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigFrac is what the exact arithmetic makes of r: the reference the int64
// fast paths (reduce, Add, Sub, Quo, Round) must match bit for bit.
func bigFrac(r *big.Rat) Frac { return fromRat(r) }

func bigRound(f Frac, scale int64) int64 {
	num := new(big.Int).Mul(big.NewInt(f.Num), big.NewInt(scale))
	return saturate(roundQuo(num, big.NewInt(f.den())))
}

// The int64 fast paths of Frac give exactly what big.Rat gives, on random
// values of every size and on the edges of the int64 range.
func TestFracFastPathsMatchBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	edges := []int64{0, 1, -1, 2, -2, 3, 7, 10, 1000, -1000, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1,
		math.MaxInt32, math.MinInt32, 1 << 40, -(1 << 40), 999_999_999_999}
	pick := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return edges[rng.IntN(len(edges))]
		case 1:
			return rng.Int64N(2001) - 1000
		case 2:
			return rng.Int64N(1<<40) - 1<<39
		}
		return int64(rng.Uint64())
	}
	frac := func() Frac {
		d := pick()
		if d == 0 || rng.IntN(3) == 0 {
			d = 1
		}
		return bigFrac(new(big.Rat).SetFrac(big.NewInt(pick()), big.NewInt(d)))
	}
	for i := 0; i < 60_000; i++ {
		n, d := pick(), pick()
		if d != 0 {
			got, _ := NewFrac(n, d)
			if want := bigFrac(new(big.Rat).SetFrac(big.NewInt(n), big.NewInt(d))); got != want {
				t.Fatalf("NewFrac(%d, %d) = %v, want %v", n, d, got, want)
			}
		}
		f, g := frac(), frac()
		if got, want := f.Add(g), bigFrac(new(big.Rat).Add(f.rat(), g.rat())); got != want {
			t.Fatalf("%v + %v = %v, want %v", f, g, got, want)
		}
		if got, want := f.Sub(g), bigFrac(new(big.Rat).Sub(f.rat(), g.rat())); got != want {
			t.Fatalf("%v - %v = %v, want %v", f, g, got, want)
		}
		if g.Num != 0 {
			if got, _ := f.Quo(g); got != bigFrac(new(big.Rat).Quo(f.rat(), g.rat())) {
				t.Fatalf("%v / %v = %v, want %v", f, g, got, bigFrac(new(big.Rat).Quo(f.rat(), g.rat())))
			}
		}
		for _, scale := range []int64{1, 100, 1000, 10_000, 1_000_000} {
			if got, want := f.Round(scale), bigRound(f, scale); got != want {
				t.Fatalf("%v.Round(%d) = %d, want %d", f, scale, got, want)
			}
		}
	}
}
