package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/indicator"
)

// AddSpans adds stock changes over ranges of months to the rollups within
// tx (indicator.Span). For each span the rows at its edge months are made
// first, each holding the stock carried forward to it, then the delta is
// added to every row the span covers; so the rows always hold the absolute
// stock at each month that has one, as indicator.SpanRows computes it from
// scratch. Spans are applied in key order, like AddRollups, so concurrent
// writers lock rows in the same order.
func (tx *Tx) AddSpans(ctx context.Context, spans []indicator.Span) error {
	spans = slices.DeleteFunc(slices.Clone(spans), indicator.Span.Empty)
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b indicator.Span) int {
		return cmp.Or(cmp.Compare(a.ZoneID, b.ZoneID), cmp.Compare(a.Indicator, b.Indicator),
			cmp.Compare(a.Dim, b.Dim), cmp.Compare(a.From, b.From), cmp.Compare(a.Until, b.Until))
	})
	for _, s := range spans {
		tx.markZone(s.ZoneID, s.From.Year())
	}
	for _, s := range spans {
		for _, m := range s.Edges() {
			if _, err := tx.Exec(ctx, `INSERT INTO rollups (zone_id, indicator, dim, ym, value)
				VALUES (?, ?, ?, ?, COALESCE((SELECT r.value FROM rollups r
					WHERE r.zone_id = ? AND r.indicator = ? AND r.dim = ? AND r.ym < ? ORDER BY r.ym DESC LIMIT 1), 0))
				ON CONFLICT (zone_id, indicator, dim, ym) DO NOTHING`,
				s.ZoneID, s.Indicator, string(s.Dim), int(m), s.ZoneID, s.Indicator, string(s.Dim), int(m)); err != nil {
				return fmt.Errorf("add span %s %d: edge: %w", s.Indicator, m, err)
			}
		}
		q := "UPDATE rollups SET value = value + ? WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym >= ?"
		args := []any{s.Delta, s.ZoneID, s.Indicator, string(s.Dim), int(s.From)}
		if s.Until != 0 {
			q += " AND ym < ?"
			args = append(args, int(s.Until))
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("add span %s %d: %w", s.Indicator, s.From, err)
		}
	}
	return nil
}
