package gen

import (
	"math"
	"math/rand/v2"
	"sort"
)

// weighted is a value with its relative weight.
type weighted[T any] struct {
	v T
	w int
}

// picker draws values by weight in O(log n).
type picker[T any] struct {
	vals []T
	cum  []int
}

func newPicker[T any](ws []weighted[T]) picker[T] {
	p := picker[T]{}
	total := 0
	for _, x := range ws {
		total += x.w
		p.vals = append(p.vals, x.v)
		p.cum = append(p.cum, total)
	}
	return p
}

func (p picker[T]) pick(r *rand.Rand) T {
	n := r.IntN(p.cum[len(p.cum)-1])
	return p.vals[sort.SearchInts(p.cum, n+1)]
}

// stream is a random source of its own for one part of the data set, so
// that the parts do not shift each other when one of them changes size.
func stream(seed uint64, part uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, part*0x9e3779b97f4a7c15+1))
}

// logNormal draws exp(N(ln median, sigma)).
func logNormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// apportion splits total into len(weights) whole parts proportional to the
// weights, each at least minEach (largest remainders get the rest).
func apportion(total int, weights []float64, minEach int) []int {
	out := make([]int, len(weights))
	if len(weights) == 0 {
		return out
	}
	rest := total - minEach*len(weights)
	if rest < 0 {
		rest, minEach = 0, total/len(weights)
	}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(rest) * w / sum
		out[i] = minEach + int(exact)
		given += out[i]
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for k := 0; given < total; k = (k + 1) % len(rems) {
		out[rems[k].i]++
		given++
	}
	return out
}
