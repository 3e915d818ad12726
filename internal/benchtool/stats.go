// Package benchtool is the load tool behind bench/*.sh: it signs in to a
// running innopark on the loopback interface, fires a bounded number of
// requests (or for a bounded time) and summarises their latencies as
// percentiles. It refuses any address but the local machine's: it is for
// benchmarking one's own server, never someone else's.
package benchtool

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Percentile is the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest value with at least p% of the values at
// or below it. It is always one of the measured values, never an
// interpolation; 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	// The epsilon keeps float error from pushing an exact rank up (99.9% of
	// 1000 is rank 999, not 1000).
	rank := int(math.Ceil(p*float64(n)/100 - 1e-9))
	return sorted[min(max(rank, 1), n)-1]
}

// Summary is what one scenario measured.
type Summary struct {
	Name    string
	Count   int // requests timed
	Errors  int // requests that failed (not timed)
	P50     time.Duration
	P95     time.Duration
	P99     time.Duration
	Mean    time.Duration
	Max     time.Duration
	Elapsed time.Duration // wall time of the timed requests
}

// Summarize computes a Summary of the durations (in any order; the slice
// is sorted in place).
func Summarize(name string, d []time.Duration, errors int, elapsed time.Duration) Summary {
	slices.Sort(d)
	s := Summary{Name: name, Count: len(d), Errors: errors, Elapsed: elapsed}
	if len(d) == 0 {
		return s
	}
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	s.P50, s.P95, s.P99 = Percentile(d, 50), Percentile(d, 95), Percentile(d, 99)
	s.Mean, s.Max = sum/time.Duration(len(d)), d[len(d)-1]
	return s
}

// RPS is requests per second over the elapsed wall time.
func (s Summary) RPS() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Count) / s.Elapsed.Seconds()
}

// Header is the column line of Line.
func Header() string {
	return strings.Join([]string{"scenario", "n", "errors", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "max_ms", "req_s"}, "\t")
}

// Line is the summary as one tab-separated line, times in milliseconds.
func (s Summary) Line() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
	return strings.Join([]string{s.Name, fmt.Sprint(s.Count), fmt.Sprint(s.Errors), ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Mean), ms(s.Max),
		fmt.Sprintf("%.0f", s.RPS())}, "\t")
}
