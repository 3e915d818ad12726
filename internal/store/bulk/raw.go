package bulk

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/store"
)

// RawFigures are a zone dashboard's technology-contract figures computed
// the slow way: GROUP BY over the contract records themselves instead of
// the rollups. It exists for the benchmark that shows what the rollups
// save (bench/indicators.sh), and doubles as a cross-check of their values.
type RawFigures struct {
	Count, AmountFen, TechFen             int64            // the period
	PrevCount, PrevAmountFen, PrevTechFen int64            // the same months a year earlier
	Trend, PrevTrend                      map[string]int64 // amount by month (YYYY-MM)
	ByType, ByField, BySellerNature       map[string]int64 // amount by dimension value
	ZoneAmount, ZoneCount                 map[int64]int64  // every zone's figures, for its ranks
}

// RawContractFigures computes RawFigures for the zone over [from, to] and
// [prevFrom, prevTo] from the registered contracts, in the queries a
// dashboard would need without rollups.
func RawContractFigures(ctx context.Context, db *store.DB, zoneID int64, from, to, prevFrom, prevTo civil.Date) (RawFigures, error) {
	q := db.Read()
	reg := string(contract.Registered)
	f := RawFigures{Trend: map[string]int64{}, PrevTrend: map[string]int64{}, ByType: map[string]int64{}, ByField: map[string]int64{},
		BySellerNature: map[string]int64{}, ZoneAmount: map[int64]int64{}, ZoneCount: map[int64]int64{}}
	totals := `SELECT COUNT(*), COALESCE(SUM(contract_amount_fen), 0), COALESCE(SUM(tech_amount_fen), 0) FROM contracts
		WHERE zone_id = ? AND status = ? AND certified_on BETWEEN ? AND ?`
	if err := q.QueryRow(ctx, totals, zoneID, reg, from, to).Scan(&f.Count, &f.AmountFen, &f.TechFen); err != nil {
		return f, fmt.Errorf("raw totals: %w", err)
	}
	if err := q.QueryRow(ctx, totals, zoneID, reg, prevFrom, prevTo).Scan(&f.PrevCount, &f.PrevAmountFen, &f.PrevTechFen); err != nil {
		return f, fmt.Errorf("raw totals: %w", err)
	}
	month := "substr(certified_on, 1, 7)"
	if db.Engine() == store.Postgres {
		month = "to_char(certified_on, 'YYYY-MM')"
	}
	group := func(dst map[string]int64, expr string, a, b civil.Date) error {
		rows, err := q.Query(ctx, `SELECT `+expr+`, SUM(contract_amount_fen) FROM contracts
			WHERE zone_id = ? AND status = ? AND certified_on BETWEEN ? AND ? GROUP BY `+expr, zoneID, reg, a, b)
		if err != nil {
			return fmt.Errorf("raw group by %s: %w", expr, err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var v int64
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			dst[k] = v
		}
		return rows.Err()
	}
	for _, g := range []struct {
		dst  map[string]int64
		expr string
		a, b civil.Date
	}{
		{f.Trend, month, from, to}, {f.PrevTrend, month, prevFrom, prevTo},
		{f.ByType, "type", from, to}, {f.ByField, "field", from, to}, {f.BySellerNature, "seller_nature", from, to},
	} {
		if err := group(g.dst, g.expr, g.a, g.b); err != nil {
			return f, err
		}
	}
	rows, err := q.Query(ctx, `SELECT zone_id, SUM(contract_amount_fen), COUNT(*) FROM contracts
		WHERE status = ? AND certified_on BETWEEN ? AND ? GROUP BY zone_id`, reg, from, to)
	if err != nil {
		return f, fmt.Errorf("raw ranks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var z, amount, n int64
		if err := rows.Scan(&z, &amount, &n); err != nil {
			return f, err
		}
		f.ZoneAmount[z], f.ZoneCount[z] = amount, n
	}
	return f, rows.Err()
}
