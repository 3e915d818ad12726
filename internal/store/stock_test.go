package store_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestAddSpans writes random stock spans one transaction at a time, in
// random order, and checks the stored rows equal indicator.SpanRows of all
// of them: the incremental writer and the rebuild agree row for row.
func TestAddSpans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		zones := []int64{ids.Zones["zibo"], ids.Zones["weifang"]}
		const id = "honour.held"
		r := rand.New(rand.NewPCG(7, 11))
		var all []indicator.Span
		for i := 0; i < 60; i++ {
			from := indicator.MonthOf(2015+r.IntN(8), 1+r.IntN(12))
			s := indicator.Span{ZoneID: zones[r.IntN(2)], Indicator: id, From: from, Delta: int64(1 + r.IntN(3))}
			if r.IntN(5) > 0 {
				s.Until = from.Add(r.IntN(48))
			}
			if r.IntN(2) == 0 {
				s.Dim = indicator.Dim("programme", []string{"a", "b"}[r.IntN(2)])
			}
			batch := []indicator.Span{s}
			if r.IntN(3) == 0 { // an early end written with the start
				end := s
				end.From, end.Delta = from.Add(r.IntN(24)), -s.Delta
				batch = append(batch, end)
			}
			all = append(all, batch...)
			if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.AddSpans(ctx, batch) }); err != nil {
				t.Fatal(err)
			}
		}
		var got []indicator.Row
		rows, err := db.Read().Query(ctx, `SELECT zone_id, indicator, dim, ym, value FROM rollups WHERE indicator = ?
			ORDER BY zone_id, indicator, dim, ym`, id)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var row indicator.Row
			var dim string
			var ym int
			if err := rows.Scan(&row.ZoneID, &row.Indicator, &dim, &ym, &row.Value); err != nil {
				t.Fatal(err)
			}
			row.Dim, row.Month = indicator.DimKey(dim), indicator.YM(ym)
			got = append(got, row)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(indicator.SpanRows(all), got); diff != "" {
			t.Errorf("rows (-rebuilt +incremental):\n%s", diff)
		}
	})
}
