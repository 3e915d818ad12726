package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// funnelChart draws the pipeline funnel: a band per stage, as wide as the
// share of the first stage's projects that reached it, each narrowing to
// the next, with the conversion from the stage above between them. Drawn
// 360 units wide, so that on a 390 px phone its text stays at its size.
type funnelChart struct {
	ID, Title, Desc string
	Steps           []funnelRow
}

func (c funnelChart) SVG() template.HTML {
	if len(c.Steps) == 0 {
		return ""
	}
	const w, labelW, countW, rowH, gap, top = 360.0, 64.0, 52.0, 26.0, 16.0, 4.0
	plotW := w - labelW - countW
	cx := labelW + plotW/2
	first := float64(c.Steps[0].Reached)
	width := func(n int) float64 {
		if first <= 0 || n <= 0 {
			return 0
		}
		return math.Max(2, float64(n)/first*plotW)
	}
	h := top*2 + rowH*float64(len(c.Steps)) + gap*float64(len(c.Steps)-1)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart funnel" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, svgText(c.Title), c.ID, svgText(c.Desc))
	for i, s := range c.Steps {
		y := top + float64(i)*(rowH+gap)
		if i > 0 && s.Rate != "" {
			fmt.Fprintf(&b, `<text class="rate" x="%.1f" y="%.1f" text-anchor="middle" font-size="11" fill="#5a6472">↓ %s</text>`, cx, y-4, svgText(s.Rate))
		}
		tw := width(s.Reached)
		bw := tw
		if i+1 < len(c.Steps) {
			bw = width(c.Steps[i+1].Reached)
		}
		if tw > 0 {
			fill := "#8a9bb0"
			if i == 0 {
				fill = "#1a5fb4"
			} else if s.Signed {
				fill = "#b3261e"
			}
			fmt.Fprintf(&b, `<polygon class="stage" points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s"><title>%s %d</title></polygon>`,
				cx-tw/2, y, cx+tw/2, y, cx+bw/2, y+rowH, cx-bw/2, y+rowH, fill, svgText(s.Stage), s.Reached)
		}
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="end" font-size="13" fill="#1d2430">%s</text>`, labelW-6, y+rowH/2+4, svgText(fitLabel(s.Stage, 8)))
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" font-size="13" font-weight="700" fill="#1d2430">%d</text>`, w-countW+6, y+rowH/2+4, s.Reached)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
