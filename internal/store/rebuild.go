package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/indicator"
)

// RollupSource recomputes from raw records the rollup rows one kind of
// record contributes to an area. Each module that writes rollups registers
// one, so "innopark rollup rebuild" covers it; rows of indicators no source
// owns are left alone, never wiped.
type RollupSource struct {
	// Source is the indicator.Definition.Source whose rows this produces:
	// the rebuild owns every indicator of the catalog with that source.
	Source string
	// Each calls add with every row the area's records contribute (rows
	// with the same key add up).
	Each func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error
}

// DefaultRollupSources are the sources of the registry, the entered
// statistics, the honours, organisation coverage and talent programmes, and
// investment attraction.
func DefaultRollupSources() []RollupSource {
	return []RollupSource{ContractRollups(), StatRollups(), HonourRollups(), OrgRollups(), TalentRollups(), InvestRollups(), ProjectRollups()}
}

// ContractRollups recomputes the technology-contract rows: every registered
// contract of the area through contract.RollupRows, as the registry writes
// them when it registers, amends and cancels.
func ContractRollups() RollupSource {
	return RollupSource{Source: "tech_contract", Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		err := queryEach(ctx, q, func(sc scanner) error {
			c := contract.Contract{ZoneID: zoneID, Status: contract.Registered}
			if err := sc.Scan(&c.Type, &c.Field, &c.Seller.Nature, &c.Buyer.Nature, &c.IPType, &c.ProgrammeLevel,
				&c.ContractAmountFen, &c.TechAmountFen, &c.CertifiedOn); err != nil {
				return err
			}
			for _, r := range contract.RollupRows(c, 1) {
				add(r)
			}
			return nil
		}, `SELECT type, field, seller_nature, buyer_nature, ip_type, programme_level,
			contract_amount_fen, tech_amount_fen, certified_on FROM contracts WHERE zone_id = ? AND status = ?`,
			zoneID, string(contract.Registered))
		if err != nil {
			return fmt.Errorf("contract rollups: %w", err)
		}
		return nil
	}}
}

// StatRollups recomputes the rows of entered statistics: each entry's value
// at its period's last month.
func StatRollups() RollupSource {
	return RollupSource{Source: indicator.SourceStat, Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		err := queryEach(ctx, q, func(sc scanner) error {
			st, err := scanStat(sc)
			if err != nil {
				return err
			}
			add(statRow(st))
			return nil
		}, "SELECT "+statCols+" FROM stat_entries s WHERE s.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("statistic rollups: %w", err)
		}
		return nil
	}}
}

// RollupDiff is one rollup row that did not match its records.
type RollupDiff struct {
	Row    indicator.Row `json:"row"`    // the key, and the value recomputed (0 when no row should exist)
	Stored int64         `json:"stored"` // the value that was stored
	Had    bool          `json:"had"`    // a row was stored
	Want   bool          `json:"want"`   // a row should exist
}

// MaxReportedDiffs bounds the differences a report lists (all are counted).
const MaxReportedDiffs = 50

// RebuildReport says what a rebuild found and did.
type RebuildReport struct {
	Areas     int          `json:"areas"`
	Checked   int          `json:"checked"`    // keys compared (stored or recomputed)
	DiffCount int          `json:"diff_count"` // rows whose value was wrong, missing or extra
	Diffs     []RollupDiff `json:"diffs"`      // the first MaxReportedDiffs
	Empty     int          `json:"empty"`      // rows of a flow at 0 with no record behind them (left by cancellations)
	Kept      int          `json:"kept"`       // rows of indicators no source owns, left alone
	Written   int          `json:"written"`    // rows changed (0 on a dry run)
	// YearDiffs counts the year rows (rollups_year, step 0030) that did
	// not equal the rollups' sums before the rebuild: wrong, missing or
	// extra. A rebuild makes each area's again from its rollups.
	YearDiffs int `json:"year_diffs"`
}

// RebuildOptions tune RebuildRollups.
type RebuildOptions struct {
	DryRun   bool                  // compare only; change nothing
	Progress func(done, total int) // called after each area; may be nil
}

// RebuildRollups recomputes every owned rollup row of every area from the
// raw records and, unless opts.DryRun, corrects the rows that differ, one
// transaction per area. On PostgreSQL each area's transaction first locks
// the rollups table against writers, so a contract registered meanwhile is
// either already counted in both the records and the rollups, or waits and
// adds its increment after the rebuild. SQLite has one writer already.
func (db *DB) RebuildRollups(ctx context.Context, cat *indicator.Catalog, sources []RollupSource, opts RebuildOptions) (RebuildReport, error) {
	var rep RebuildReport
	owned := map[string]bool{}
	stock := map[string]bool{}
	sourceOf := map[string]bool{}
	for _, s := range sources {
		sourceOf[s.Source] = true
	}
	for _, d := range cat.Definitions() {
		if d.Stored() && sourceOf[d.Source] {
			owned[d.ID] = true
			stock[d.ID] = stock[d.ID] || d.Agg == indicator.AggHeldOn
		}
	}
	areas, err := queryAll(ctx, db.Read(), scanInt64, "SELECT id FROM areas ORDER BY id")
	if err != nil {
		return rep, fmt.Errorf("rebuild rollups: %w", err)
	}
	for _, zoneID := range areas {
		err := db.Transact(ctx, func(tx *Tx) error {
			if tx.Engine() == Postgres {
				if _, err := tx.Exec(ctx, "LOCK TABLE rollups IN EXCLUSIVE MODE"); err != nil {
					return fmt.Errorf("lock rollups: %w", err)
				}
			}
			return tx.rebuildArea(ctx, zoneID, sources, owned, stock, opts.DryRun, &rep)
		})
		if err != nil {
			return rep, fmt.Errorf("rebuild rollups of area %d: %w", zoneID, err)
		}
		rep.Areas++
		if opts.Progress != nil {
			opts.Progress(rep.Areas, len(areas))
		}
	}
	return rep, nil
}

func (tx *Tx) rebuildArea(ctx context.Context, zoneID int64, sources []RollupSource, owned, stock map[string]bool, dryRun bool, rep *RebuildReport) error {
	want := map[rollupKey]int64{}
	for _, s := range sources {
		err := s.Each(ctx, tx.Q, zoneID, func(r indicator.Row) {
			want[rollupKey{r.ZoneID, r.Indicator, r.Dim, r.Month}] += r.Value
		})
		if err != nil {
			return err
		}
	}
	// A flow's zero row is what AddRollups leaves out (and cancellations
	// leave behind): it reads as "no data", so it is not wanted. A stock's
	// zero is a real value (held none since that month).
	for k, v := range want {
		if v == 0 && !stock[k.indicator] {
			delete(want, k)
		}
	}
	have := map[rollupKey]int64{}
	err := queryEach(ctx, tx.Q, func(sc scanner) error {
		var id, dim string
		var ym int
		var v int64
		if err := sc.Scan(&id, &dim, &ym, &v); err != nil {
			return err
		}
		if !owned[id] {
			rep.Kept++
			return nil
		}
		have[rollupKey{zoneID, id, indicator.DimKey(dim), indicator.YM(ym)}] = v
		return nil
	}, "SELECT indicator, dim, ym, value FROM rollups WHERE zone_id = ?", zoneID)
	if err != nil {
		return fmt.Errorf("read rollups: %w", err)
	}
	var diffs []RollupDiff
	var empty []rollupKey
	// A stock's row that holds the value carried forward to its month says
	// nothing: spans that moved (a stay that ended earlier, a survey dated
	// anew) leave such rows at their old edges, and a rebuild has none.
	wantAt, haveAt := carriedStock(want, stock), carriedStock(have, stock)
	for k, v := range have {
		w, ok := want[k]
		switch {
		case !ok && v == 0 && !stock[k.indicator]:
			empty = append(empty, k)
		case !ok && stock[k.indicator] && wantAt(k) == v:
			empty = append(empty, k)
		case !ok || w != v:
			diffs = append(diffs, RollupDiff{Row: k.row(w), Stored: v, Had: true, Want: ok})
		}
	}
	rep.Checked += len(have)
	for k, w := range want {
		if _, ok := have[k]; !ok && !(stock[k.indicator] && haveAt(k) == w) {
			diffs = append(diffs, RollupDiff{Row: k.row(w), Want: true})
			rep.Checked++
		}
	}
	slices.SortFunc(diffs, func(a, b RollupDiff) int { return cmpKey(a.Row, b.Row) })
	rep.DiffCount += len(diffs)
	rep.Empty += len(empty)
	for _, d := range diffs {
		if len(rep.Diffs) < MaxReportedDiffs {
			rep.Diffs = append(rep.Diffs, d)
		}
	}
	years, err := tx.yearDiffs(ctx, zoneID)
	if err != nil {
		return err
	}
	rep.YearDiffs += years
	if dryRun {
		return nil
	}
	for _, d := range diffs {
		if d.Want {
			err = tx.setRollup(ctx, d.Row)
		} else {
			err = tx.deleteRollup(ctx, zoneID, d.Row.Indicator, d.Row.Dim, d.Row.Month)
		}
		if err != nil {
			return err
		}
		rep.Written++
	}
	for _, k := range empty {
		if err := tx.deleteRollup(ctx, zoneID, k.indicator, k.dim, k.month); err != nil {
			return err
		}
		rep.Written++
	}
	if years > 0 {
		// The triggers kept the year rows for the corrections above; the
		// rows that were wrong before are made again from the rollups.
		for _, q := range []string{"DELETE FROM rollups_year WHERE zone_id = ?", "INSERT INTO rollups_year (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym) " +
			yearSums + " WHERE zone_id = ? AND dim <> '' GROUP BY zone_id, indicator, dim, ym / 100"} {
			if _, err := tx.Exec(ctx, q, zoneID); err != nil {
				return fmt.Errorf("year sums: %w", err)
			}
		}
	}
	return nil
}

// yearSums selects rollups_year's rows from the rollups (GROUP BY zone_id,
// indicator, dim, ym / 100).
const yearSums = "SELECT zone_id, indicator, ym / 100, dim, SUM(value / 4294967296), SUM(value % 4294967296), COUNT(*), MIN(ym), MAX(ym) FROM rollups"

// yearDiffs counts an area's rows of rollups_year that differ from what
// its rollups sum to: wrong, missing or extra.
func (tx *Tx) yearDiffs(ctx context.Context, zoneID int64) (int, error) {
	want := yearSums + " WHERE zone_id = ? AND dim <> '' GROUP BY zone_id, indicator, dim, ym / 100"
	have := "SELECT zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym FROM rollups_year WHERE zone_id = ?"
	var missing, extra int
	err := tx.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM ("+want+" EXCEPT "+have+") m), (SELECT COUNT(*) FROM ("+have+" EXCEPT "+want+") x)",
		zoneID, zoneID, zoneID, zoneID).Scan(&missing, &extra)
	if err != nil {
		return 0, fmt.Errorf("compare year sums: %w", err)
	}
	return missing + extra, nil
}

func (k rollupKey) row(v int64) indicator.Row {
	return indicator.Row{ZoneID: k.zone, Month: k.month, Indicator: k.indicator, Dim: k.dim, Value: v}
}

func cmpKey(a, b indicator.Row) int {
	return cmp.Or(cmp.Compare(a.ZoneID, b.ZoneID), cmp.Compare(a.Indicator, b.Indicator),
		cmp.Compare(a.Dim, b.Dim), cmp.Compare(a.Month, b.Month))
}

// carriedStock returns, for the stock rows of rows, the value a reader sees
// at a key's month without the key's own row: the latest earlier row's of
// the same indicator and dimension, or 0.
func carriedStock(rows map[rollupKey]int64, stock map[string]bool) func(k rollupKey) int64 {
	type series struct {
		id  string
		dim indicator.DimKey
	}
	months := map[series][]indicator.YM{}
	for k := range rows {
		if stock[k.indicator] {
			s := series{k.indicator, k.dim}
			months[s] = append(months[s], k.month)
		}
	}
	for _, ms := range months {
		slices.Sort(ms)
	}
	return func(k rollupKey) int64 {
		ms := months[series{k.indicator, k.dim}]
		i, _ := slices.BinarySearch(ms, k.month)
		if i == 0 {
			return 0
		}
		k.month = ms[i-1]
		return rows[k]
	}
}
