package indicator

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/civil"
)

func TestRound(t *testing.T) {
	tests := []struct {
		f     Frac
		scale int64
		want  int64
	}{
		{Frac{155, 1000}, 100, 16},   // 15.5 → 16
		{Frac{-155, 1000}, 100, -16}, // away from zero, not to even
		{Frac{145, 1000}, 100, 15},   // 14.5 → 15 (banker's would give 14)
		{Frac{1549, 10000}, 100, 15},
		{Frac{1, 3}, 100, 33},
		{Frac{2, 3}, 100, 67},
		{Frac{-2, 3}, 100, -67},
		{Frac{5, 1}, 1, 5},
		{Frac{}, 100, 0}, // zero Frac is 0
		{Frac{1, 2}, 1, 1},
		{Frac{-1, 2}, 1, -1},
		{Whole(math.MaxInt64), 100, math.MaxInt64}, // saturates
	}
	for _, tt := range tests {
		if got := tt.f.Round(tt.scale); got != tt.want {
			t.Errorf("%v.Round(%d) = %d, want %d", tt.f, tt.scale, got, tt.want)
		}
	}
}

func TestFracOverflowFallsBack(t *testing.T) {
	// (a/b)/(c/d) with coprime large terms does not fit int64 exactly.
	a := Frac{Num: 6_147_600_000_000_000, Den: 99_999_989}
	b := Frac{Num: 5_123_400_000_000_001, Den: 99_999_971}
	q, ok := a.Quo(b)
	if !ok {
		t.Fatal("Quo failed")
	}
	want := a.Float64() / b.Float64()
	if got := q.Float64(); math.Abs(got-want) > 1e-9 {
		t.Errorf("fallback = %v, want ≈ %v", got, want)
	}
	if q.Round(10000) != int64(math.Round(want*10000)) {
		t.Errorf("rounded fallback %d, want %d", q.Round(10000), int64(math.Round(want*10000)))
	}
}

func TestYoY(t *testing.T) {
	tests := []struct {
		name       string
		cur, prev  int64
		status     Status
		pct0, pct1 int64
	}{
		{"yulin +15%", 38_016_000_000, 33_056_000_000, Up, 15, 150},
		{"decline", 97, 100, Down, -3, -30},
		{"flat", 100, 100, Flat, 0, 0},
		{"both zero", 0, 0, Flat, 0, 0},
		{"zero base", 385, 0, NoBase, 0, 0},
		{"to zero", 0, 50, Down, -100, -1000},
		{"negative base", 10, -5, NoBase, 0, 0},
		{"half up", 1155, 1000, Up, 16, 155},      // 15.5% → 16
		{"half down", 845, 1000, Down, -16, -155}, // −15.5% → −16
		{"just under half", 11549, 10000, Up, 15, 155},
		{"tiny", 1001, 1000, Up, 0, 1},
		{"doubled", 200, 100, Up, 100, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := YoY(tt.cur, tt.prev)
			if c.Status != tt.status {
				t.Errorf("status = %v, want %v", c.Status, tt.status)
			}
			if got := c.Percent(0); got != tt.pct0 {
				t.Errorf("Percent(0) = %d, want %d", got, tt.pct0)
			}
			if got := c.Percent(1); got != tt.pct1 {
				t.Errorf("Percent(1) = %d, want %d", got, tt.pct1)
			}
			if c.Delta != Whole(tt.cur-tt.prev) {
				t.Errorf("delta = %v", c.Delta)
			}
			methods := map[Status]bool{Up: c.Up(), Down: c.Down(), Flat: c.Flat(), NoBase: c.NoBase()}
			for s, v := range methods {
				if v != (s == tt.status) {
					t.Errorf("method for %v = %v", s, v)
				}
			}
		})
	}
}

func TestYoYFrac(t *testing.T) {
	// amount per person: 3000/20 this year vs 2000/16 last year = 150 vs 125: +20%.
	c := YoYFrac(Frac{3000, 20}.reduced(), Frac{2000, 16}.reduced())
	if c.Status != Up || c.Percent(0) != 20 || c.Rate != (Frac{1, 5}) {
		t.Errorf("got %+v", c)
	}
}

func TestShareAverageCompletion(t *testing.T) {
	type res struct {
		F  Frac
		OK bool
	}
	tests := []struct {
		name string
		got  func() (Frac, bool)
		want res
	}{
		{"share", func() (Frac, bool) { return Share(25, 100) }, res{Frac{1, 4}, true}},
		{"share of zero", func() (Frac, bool) { return Share(0, 0) }, res{Frac{}, false}},
		{"average", func() (Frac, bool) { return Average(38_016_000_000, 385) }, res{Frac{38_016_000_000, 385}.reduced(), true}},
		{"average of none", func() (Frac, bool) { return Average(0, 0) }, res{Frac{}, false}},
		{"completion 105%", func() (Frac, bool) { return Completion(38_016_000_000, 36_200_000_000) }, res{Frac{38_016, 36_200}.reduced(), true}},
		{"no target", func() (Frac, bool) { return Completion(100, 0) }, res{Frac{}, false}},
		{"negative target", func() (Frac, bool) { return Completion(100, -1) }, res{Frac{}, false}},
	}
	for _, tt := range tests {
		f, ok := tt.got()
		if diff := cmp.Diff(tt.want, res{f, ok}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	if c, _ := Completion(38_016_000_000, 36_200_000_000); c.Round(100) != 105 {
		t.Errorf("Yulin completion = %d%%, want 105%%", c.Round(100))
	}
}

func TestProgress(t *testing.T) {
	p := Must(YTD(2023, 11))
	dec := civil.MustParse("2023-12-18")
	pr, ok := ProgressOf(38_016_000_000, 36_200_000_000, p, dec)
	if !ok || !pr.Ahead() || pr.Elapsed != (Frac{334, 365}) {
		t.Errorf("got %+v %v", pr, ok)
	}
	pr, _ = ProgressOf(80, 100, p, dec) // 80% done with 334 of 365 days gone
	if pr.Ahead() {
		t.Errorf("80%% at November should be behind")
	}
	pr, ok = ProgressOf(50, 100, Must(Year(2024)), civil.MustParse("2024-07-01")) // day 183 of 366: exactly half
	if !ok || !pr.Ahead() || pr.Elapsed != (Frac{1, 2}) {
		t.Errorf("ProgressOf mid-year = %+v %v", pr, ok)
	}
	if _, ok := ProgressOf(1, 0, p, dec); ok {
		t.Error("no target should give no progress")
	}
}

func TestRoundedTo(t *testing.T) {
	// Issue 14, d: a ratio that moved less than 0.05% reads flat.
	tests := []struct {
		cur, prev Frac
		decimals  int
		want      Status
	}{
		{Frac{1379, 1000}, Frac{1380, 1000}, 1, Down}, // −0.0725% is −0.1%
		{Frac{13799, 10000}, Frac{1380, 1000}, 1, Flat},
		{Frac{1001, 1}, Frac{1000, 1}, 0, Flat},
		{Frac{1001, 1}, Frac{1000, 1}, 1, Up},
		{Frac{997, 1}, Frac{1000, 1}, 1, Down},
		{Frac{5, 1}, Frac{}, 1, NoBase},
	}
	for _, tt := range tests {
		if got := YoYFrac(tt.cur, tt.prev).RoundedTo(tt.decimals); got.Status != tt.want {
			t.Errorf("YoY(%v, %v) at %d decimals = %v, want %v", tt.cur, tt.prev, tt.decimals, got.Status, tt.want)
		}
	}
}

func TestPow10(t *testing.T) {
	for n, want := range map[int]int64{-1: 1, 0: 1, 1: 10, 3: 1000, 18: 1e18, 30: 1e18} {
		if got := Pow10(n); got != want {
			t.Errorf("Pow10(%d) = %d, want %d", n, got, want)
		}
	}
}

// Cmp compares in 128 bits; big.Rat is the reference, including at the
// int64 extremes where the cross-products overflow 64 bits.
func TestFracCmpMatchesBigRat(t *testing.T) {
	edge := []int64{0, 1, -1, 2, -2, 3, 7, 1 << 31, -(1 << 31), 1<<62 + 1, -(1 << 62), math.MaxInt64, math.MinInt64 + 1, math.MinInt64}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() int64 {
		if r.IntN(3) == 0 {
			return edge[r.IntN(len(edge))]
		}
		return r.Int64() >> r.IntN(63)
	}
	for i := 0; i < 200000; i++ {
		num, den := pick(), pick()
		if den <= 0 {
			den = 1 + (den & 0x7fff)
		}
		f := Frac{Num: num, Den: den}
		g := Frac{Num: pick(), Den: 1 + int64(r.IntN(1_000_000))}
		if i%5 == 0 {
			g.Den = f.Den
		}
		if got, want := f.Cmp(g), f.rat().Cmp(g.rat()); got != want {
			t.Fatalf("(%d/%d).Cmp(%d/%d) = %d, big.Rat says %d", f.Num, f.Den, g.Num, g.Den, got, want)
		}
		if got, want := g.Cmp(f), g.rat().Cmp(f.rat()); got != want {
			t.Fatalf("(%d/%d).Cmp(%d/%d) = %d, big.Rat says %d", g.Num, g.Den, f.Num, f.Den, got, want)
		}
	}
}

func TestPartialOn(t *testing.T) {
	dec5 := civil.MustParse("2026-12-05")
	tests := []struct {
		p    Period
		want bool
	}{
		{Must(Month(2026, 12)), true},
		{Must(YTD(2026, 12)), true},
		{Must(Year(2026)), true},
		{Must(YTD(2026, 11)), false}, // 1-11月 read in December: whole months
		{Must(Month(2025, 12)), false},
		{Must(Year(2027)), false}, // not begun: no figures at all
	}
	for _, tt := range tests {
		if got := PartialOn(tt.p, dec5); got != tt.want {
			t.Errorf("PartialOn(%v, %s) = %v, want %v", tt.p, dec5, got, tt.want)
		}
	}
	if PartialOn(Must(Month(2026, 12)), civil.Date{}) {
		t.Error("no date, no partial month")
	}
}
