package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/innopark/innopark/internal/indicator"
)

type rollupKey struct {
	zone      int64
	indicator string
	dim       indicator.DimKey
	month     indicator.YM
}

// AddRollups adds rows' values to the stored rollups within tx (a negative
// value takes away). Rows with the same key are merged first and applied in
// key order, so concurrent transactions lock rows in the same order.
func (tx *Tx) AddRollups(ctx context.Context, rows []indicator.Row) error {
	if len(rows) == 0 {
		return nil
	}
	sum := make(map[rollupKey]int64, len(rows))
	for _, r := range rows {
		sum[rollupKey{r.ZoneID, r.Indicator, r.Dim, r.Month}] += r.Value
	}
	keys := make([]rollupKey, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.zone != b.zone {
			return a.zone < b.zone
		}
		if a.indicator != b.indicator {
			return a.indicator < b.indicator
		}
		if a.dim != b.dim {
			return a.dim < b.dim
		}
		return a.month < b.month
	})
	values := make([][]any, 0, len(keys))
	for _, k := range keys {
		if v := sum[k]; v != 0 {
			values = append(values, []any{k.zone, k.indicator, string(k.dim), int(k.month), v})
		}
	}
	// Multi-row statements: one contract touches ~30 keys, and a round trip
	// per key would lengthen every writer's hold on these hot rows.
	for _, k := range keys {
		tx.markZone(k.zone, k.month.Year())
	}
	if err := tx.insertRowsThen(ctx, "INSERT INTO rollups (zone_id, indicator, dim, ym, value) VALUES ", values,
		" ON CONFLICT (zone_id, indicator, dim, ym) DO UPDATE SET value = rollups.value + excluded.value"); err != nil {
		return fmt.Errorf("add rollups: %w", err)
	}
	return nil
}

// RollupYearFill are the statements that make rollups_year (step 0030)
// from the rollups, for a writer that set rollups' triggers aside while it
// wrote them (the bulk loader): the year rows as the triggers keep them.
func RollupYearFill() []string {
	return []string{
		"DELETE FROM rollups_year",
		"INSERT INTO rollups_year (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym) " + yearSums +
			" WHERE dim <> '' GROUP BY zone_id, indicator, dim, ym / 100",
	}
}
