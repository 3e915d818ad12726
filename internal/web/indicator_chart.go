package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts are drawn here as inline SVG, on the server: no script, no library,
// nothing fetched, so a chart shows offline, prints, and passes the CSP.
// Colours are presentation attributes (what a printer or an SVG viewer sees)
// and classes (what dashboard.css restyles, e.g. on the big screen). Every
// chart has a <title> and <desc> for screen readers, and the page shows its
// numbers as a table beside it; charts say what matters at a glance (value
// labels on the bars, the target line, the year before as dots).

// svgText escapes text for an SVG text node or attribute.
func svgText(s string) string { return template.HTMLEscapeString(s) }

// niceStep returns a round step (1, 2, 2.5 or 5 × 10^k) splitting 0..max
// into at most n intervals.
func niceStep(max float64, n int) float64 {
	if max <= 0 {
		return 1
	}
	raw := max / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// axisNumber writes a tick value without needless decimals.
func axisNumber(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	s := strings.TrimRight(fmt.Sprintf("%.2f", v), "0")
	return strings.TrimSuffix(s, ".")
}

// trendChart is a column chart of one series by month, with the same months
// a year earlier as dots joined by a line.
type trendChart struct {
	ID     string
	Title  string
	Desc   string
	Unit   string // of the axis, e.g. 万元, 项
	Labels []string
	Cur    []float64
	HasCur []bool
	Prev   []float64
	// HasPrev marks months with a value a year earlier; without any, no line.
	HasPrev  []bool
	CurName  string
	PrevName string
}

func (c trendChart) SVG() template.HTML {
	const w, h = 640.0, 260.0
	const left, right, top, bottom = 56.0, 12.0, 28.0, 30.0
	n := len(c.Labels)
	if n == 0 {
		return ""
	}
	maxV := 0.0
	for i := range n {
		if c.HasCur[i] {
			maxV = math.Max(maxV, c.Cur[i])
		}
		if c.HasPrev[i] {
			maxV = math.Max(maxV, c.Prev[i])
		}
	}
	step := niceStep(maxV, 4)
	top4 := step * math.Ceil(maxV/step)
	if top4 == 0 {
		top4 = step * 4
	}
	plotH := h - top - bottom
	plotW := w - left - right
	y := func(v float64) float64 { return top + plotH - v/top4*plotH }
	slot := plotW / float64(n)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, svgText(c.Title), c.ID, svgText(c.Desc))
	for v := 0.0; v <= top4+step/2; v += step {
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#d9dee6" stroke-width="1"/>`, left, w-right, y(v), y(v))
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end" font-size="11" fill="#5d6878">%s</text>`, left-6, y(v)+4, axisNumber(v))
	}
	fmt.Fprintf(&b, `<text class="axis" x="4" y="14" font-size="11" fill="#5d6878">%s</text>`, svgText(c.Unit))
	barW := math.Min(slot*0.62, 40)
	for i := range n {
		cx := left + slot*(float64(i)+0.5)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#5d6878">%s</text>`, cx, h-10, svgText(c.Labels[i]))
		if !c.HasCur[i] {
			continue
		}
		fmt.Fprintf(&b, `<rect class="bar cur" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#b3261e"><title>%s %s</title></rect>`,
			cx-barW/2, y(c.Cur[i]), barW, y(0)-y(c.Cur[i]), svgText(c.Labels[i]), axisNumber(chartRound(c.Cur[i])))
		if n <= 12 {
			fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" text-anchor="middle" font-size="10" fill="#1d2430">%s</text>`, cx, y(c.Cur[i])-4, axisNumber(chartRound(c.Cur[i])))
		}
	}
	var pts []string
	for i := range n {
		if !c.HasPrev[i] {
			continue
		}
		cx := left + slot*(float64(i)+0.5)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", cx, y(c.Prev[i])))
		fmt.Fprintf(&b, `<circle class="dot prev" cx="%.1f" cy="%.1f" r="3.5" fill="#1a5fb4"><title>%s %s</title></circle>`, cx, y(c.Prev[i]), svgText(c.PrevName+" "+c.Labels[i]), axisNumber(chartRound(c.Prev[i])))
	}
	if len(pts) > 1 {
		fmt.Fprintf(&b, `<polyline class="line prev" points="%s" fill="none" stroke="#1a5fb4" stroke-width="1.5" stroke-dasharray="4 3"/>`, strings.Join(pts, " "))
	}
	// Legend, top right.
	lx := w - right - 190
	fmt.Fprintf(&b, `<rect class="bar cur" x="%.1f" y="6" width="12" height="10" fill="#b3261e"/><text class="axis" x="%.1f" y="15" font-size="11" fill="#1d2430">%s</text>`, lx, lx+16, svgText(c.CurName))
	if len(pts) > 0 {
		fmt.Fprintf(&b, `<circle class="dot prev" cx="%.1f" cy="11" r="4" fill="#1a5fb4"/><text class="axis" x="%.1f" y="15" font-size="11" fill="#1d2430">%s</text>`, lx+100, lx+108, svgText(c.PrevName))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartRound rounds a value for a label on the chart: the table beside it
// has the exact figures, the label only has to be read at a glance.
func chartRound(v float64) float64 {
	switch a := math.Abs(v); {
	case a >= 100:
		return math.Round(v)
	case a >= 10:
		return math.Round(v*10) / 10
	}
	return math.Round(v*100) / 100
}

// fitLabel shortens a label to about width units (a Chinese character is
// two, other characters one), ending it with "…" when cut.
func fitLabel(s string, width float64) string {
	used := 0.0
	r := []rune(s)
	for i, c := range r {
		w := 1.0
		if c >= 0x2E80 {
			w = 2
		}
		if used+w > width {
			return string(r[:max(i-1, 0)]) + "…"
		}
		used += w
	}
	return s
}

// barItem is one bar of a horizontal bar chart.
type barItem struct {
	Label     string
	Value     float64
	Text      string // the value as shown beside the bar
	Highlight bool   // the zone the page is about
	Hidden    bool   // a value the reader may not see: no bar, a dash
}

// barChart is a horizontal bar chart: breakdowns and rankings.
type barChart struct {
	ID    string
	Title string
	Desc  string
	Items []barItem
}

func (c barChart) SVG() template.HTML {
	if len(c.Items) == 0 {
		return ""
	}
	const w, rowH, labelW, textW = 640.0, 24.0, 170.0, 120.0
	h := rowH*float64(len(c.Items)) + 8
	maxV := 0.0
	for _, it := range c.Items {
		if !it.Hidden {
			maxV = math.Max(maxV, it.Value)
		}
	}
	plotW := w - labelW - textW
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart bars" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, svgText(c.Title), c.ID, svgText(c.Desc))
	for i, it := range c.Items {
		yy := 4 + rowH*float64(i)
		label := fitLabel(it.Label, 26)
		weight := "400"
		if it.Highlight {
			weight = "700"
		}
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end" font-size="12" font-weight="%s" fill="#1d2430">%s</text>`, labelW-8, yy+15, weight, svgText(label))
		bw := 0.0
		if maxV > 0 && !it.Hidden && it.Value > 0 {
			bw = math.Max(1, it.Value/maxV*plotW)
		}
		cls, fill := "bar", "#8a9bb0"
		if it.Highlight {
			cls, fill = "bar cur", "#b3261e"
		}
		if bw > 0 {
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s</title></rect>`, cls, labelW, yy+3, bw, rowH-8, fill, svgText(it.Label), svgText(it.Text))
		}
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" font-size="11" fill="#1d2430">%s</text>`, labelW+bw+6, yy+15, svgText(it.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// progressBar draws completion of a target against time elapsed: the bar
// is the completion (capped at 150% for the drawing), the tick the share of
// the year gone, so "ahead of time" reads as the bar passing the tick.
func progressBar(id, title string, completion, elapsed float64, ahead bool) template.HTML {
	const w, h = 240.0, 30.0
	scale := func(v float64) float64 { return math.Min(math.Max(v, 0), 1.5) / 1.5 * w }
	fill, cls := "#b7791f", "bar behind"
	if ahead {
		fill, cls = "#1e7d32", "bar ahead"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="progress" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`, w, h, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, id, svgText(title))
	fmt.Fprintf(&b, `<rect class="track" x="0" y="8" width="%.1f" height="12" fill="#eef1f5"/>`, w)
	fmt.Fprintf(&b, `<rect class="%s" x="0" y="8" width="%.1f" height="12" fill="%s"/>`, cls, scale(completion), fill)
	fmt.Fprintf(&b, `<line class="full" x1="%.1f" x2="%.1f" y1="4" y2="24" stroke="#1d2430" stroke-width="1"/>`, scale(1), scale(1))
	fmt.Fprintf(&b, `<line class="elapsed" x1="%.1f" x2="%.1f" y1="2" y2="26" stroke="#1a5fb4" stroke-width="2" stroke-dasharray="3 2"/>`, scale(elapsed), scale(elapsed))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
