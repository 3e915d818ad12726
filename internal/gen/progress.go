package gen

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a bar on a terminal line (carriage returns), at most a few
// times a second so that drawing never costs the load anything.
type progress struct {
	w     io.Writer
	what  string
	total int
	n     int
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, what string, total int) *progress {
	return &progress{w: w, what: what, total: total, start: time.Now()}
}

func (p *progress) add(n int) {
	p.n += n
	if p.w == nil || time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	p.draw()
}

func (p *progress) draw() {
	const width = 30
	frac := 1.0
	if p.total > 0 {
		frac = float64(p.n) / float64(p.total)
	}
	el := time.Since(p.start)
	rate := float64(p.n) / max(el.Seconds(), 1e-9)
	eta := "–"
	if rate > 0 && p.n < p.total {
		eta = time.Duration(float64(p.total-p.n) / rate * float64(time.Second)).Round(time.Second).String()
	}
	fill := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %3.0f%%  %.0f/s  ETA %s   ", p.what, strings.Repeat("#", fill), strings.Repeat(".", width-fill),
		p.n, p.total, 100*frac, rate, eta)
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	p.draw()
	fmt.Fprintf(p.w, "\n%s: %d in %s\n", p.what, p.n, time.Since(p.start).Round(time.Millisecond))
}
