package indicator

import (
	"cmp"
	"slices"
)

// Span is a change of a stock (AggHeldOn) over a range of months: Delta is
// added to the stock held at the end of every month from From up to, not
// including, Until (0: every later month). Stocks that change by events
// (honours held: a title counts from its start until it ends) are written
// as spans; the store keeps absolute rows at each span's edge months, so
// readers see a stock carried forward as for any other AggHeldOn rows.
type Span struct {
	ZoneID    int64  `json:"zone_id"`
	Indicator string `json:"indicator"`
	Dim       DimKey `json:"dim"`
	From      YM     `json:"from"`
	Until     YM     `json:"until"` // exclusive; 0 for open-ended
	Delta     int64  `json:"delta"`
}

// Empty reports whether the span covers no month.
func (s Span) Empty() bool { return s.Delta == 0 || (s.Until != 0 && s.Until <= s.From) }

// Covers reports whether month m is in the span.
func (s Span) Covers(m YM) bool { return m >= s.From && (s.Until == 0 || m < s.Until) }

// Edges returns the months at which the span changes the stock.
func (s Span) Edges() []YM {
	if s.Until == 0 {
		return []YM{s.From}
	}
	return []YM{s.From, s.Until}
}

// SpanRows returns the absolute rows that spans leave behind when written
// one by one onto no rows: one row per key at each edge month of that key's
// non-empty spans, holding the sum of the spans covering it. The rollup
// rebuild uses it, so a rebuilt stock has the same rows as one written
// incrementally.
func SpanRows(spans []Span) []Row {
	type key struct {
		zone int64
		id   string
		dim  DimKey
	}
	byKey := map[key][]Span{}
	for _, s := range spans {
		if !s.Empty() {
			k := key{s.ZoneID, s.Indicator, s.Dim}
			byKey[k] = append(byKey[k], s)
		}
	}
	var out []Row
	for k, list := range byKey {
		var edges []YM
		for _, s := range list {
			edges = append(edges, s.Edges()...)
		}
		slices.Sort(edges)
		for _, m := range slices.Compact(edges) {
			var v int64
			for _, s := range list {
				if s.Covers(m) {
					v += s.Delta
				}
			}
			out = append(out, Row{ZoneID: k.zone, Indicator: k.id, Dim: k.dim, Month: m, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.ZoneID, b.ZoneID), cmp.Compare(a.Indicator, b.Indicator),
			cmp.Compare(a.Dim, b.Dim), cmp.Compare(a.Month, b.Month))
	})
	return out
}
