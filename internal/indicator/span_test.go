package indicator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpanRows(t *testing.T) {
	const id = "honour.held"
	spans := []Span{
		{ZoneID: 1, Indicator: id, From: 202312, Until: 202612, Delta: 1},
		{ZoneID: 1, Indicator: id, From: 202101, Until: 202401, Delta: 1},
		{ZoneID: 1, Indicator: id, From: 202311, Until: 202401, Delta: -1}, // ended early
		{ZoneID: 1, Indicator: id, From: 202405, Delta: 1},                 // no term
		{ZoneID: 1, Indicator: id, From: 202501, Until: 202501, Delta: 5},  // empty
	}
	want := []Row{
		{ZoneID: 1, Indicator: id, Month: 202101, Value: 1},
		{ZoneID: 1, Indicator: id, Month: 202311, Value: 0},
		{ZoneID: 1, Indicator: id, Month: 202312, Value: 1},
		{ZoneID: 1, Indicator: id, Month: 202401, Value: 1},
		{ZoneID: 1, Indicator: id, Month: 202405, Value: 2},
		{ZoneID: 1, Indicator: id, Month: 202612, Value: 1},
	}
	if diff := cmp.Diff(want, SpanRows(spans)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// Carried forward, the rows give every month's stock.
	src := NewMemSource(SpanRows(spans)...)
	for _, c := range []struct {
		m    YM
		want int64
	}{{202012, 0}, {202101, 1}, {202310, 1}, {202311, 0}, {202312, 1}, {202404, 1}, {202405, 2}, {202611, 2}, {202612, 1}} {
		got := int64(0)
		for _, s := range spans {
			if !s.Empty() && s.Covers(c.m) {
				got += s.Delta
			}
		}
		v, _, err := src.At(t.Context(), id, Total, c.m)
		if err != nil || v != c.want || got != c.want {
			t.Errorf("%d: rows say %d, spans %d, want %d (%v)", c.m, v, got, c.want, err)
		}
	}
}
