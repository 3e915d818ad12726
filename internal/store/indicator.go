package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// Indicators is the indicator.Store: figures read from rollups only (never
// from raw records, so dashboards stay fast at any size), targets and
// entered statistics.
type Indicators struct{ DB *DB }

// AreaBySlug returns an area the actor may see.
func (s Indicators) AreaBySlug(ctx context.Context, a access.Actor, slug string) (zone.Area, error) {
	return Zones(s).AreaBySlug(ctx, a, slug)
}

// ListAreas lists areas the actor may see.
func (s Indicators) ListAreas(ctx context.Context, a access.Actor, kind string) ([]zone.Area, error) {
	return Zones(s).ListAreas(ctx, a, kind)
}

// Peers lists the areas of a ranking scope. Every area of the scope is
// listed, visible or not, because a rank needs them all; whether the actor
// may see an area's figures is decided here by the same scope condition as
// every other read, and the service shows only visible areas' values.
func (s Indicators) Peers(ctx context.Context, a access.Actor, sc indicator.Scope, area zone.Area) ([]indicator.Peer, error) {
	cond, args := scope(a, "a.id", "")
	q := strings.Replace(areaSelect, "SELECT ", "SELECT CASE WHEN "+cond+" THEN 1 ELSE 0 END, ", 1)
	switch sc {
	case indicator.ScopeCity:
		q += " WHERE a.city_code = ?"
		args = append(args, area.CityCode)
	case indicator.ScopeProvince:
		q += " WHERE a.province_code = ?"
		args = append(args, area.ProvinceCode)
	case indicator.ScopeNational:
		q += " WHERE a.kind = ? AND a.level = ?"
		args = append(args, zone.KindZone, zone.LevelNational)
	default:
		return nil, fmt.Errorf("peers: unknown scope %q", sc)
	}
	q += " ORDER BY a.kind DESC, a.id"
	out, err := queryAll(ctx, s.DB.Read(), func(r scanner) (indicator.Peer, error) {
		var visible int
		var ar zone.Area
		err := r.Scan(&visible, &ar.ID, &ar.Slug, &ar.Name, &ar.NameEN, &ar.Kind, &ar.Level, &ar.GBCode,
			&ar.CityCode, &ar.CityName, &ar.CityNameEN, &ar.ProvinceCode, &ar.ProvinceName, &ar.ProvinceEN)
		return indicator.Peer{Area: ar, Visible: visible == 1}, err
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("peers: %w", err)
	}
	return out, nil
}

// Reader returns the rollups of one area. The caller has checked the actor
// may see the area (the service gets it from AreaBySlug first).
func (s Indicators) Reader(areaID int64) indicator.Reader {
	return rollupReader{q: s.DB.Read(), zone: areaID}
}

// Prefetch reads, in one statement, what q names of the area: the Total
// rows of q.Sums from q.Floor to q.To and of q.Stocks up to q.To, the
// sums of the splits (an indicator's values of one dimension) from q.From
// to q.To, and the targets of year q.Targets, for a dashboard's many
// questions: each part is a range of a primary key (rollups: zone_id,
// indicator, dim, ym; rollups_year: zone_id, indicator, year, dim;
// targets: zone_id, indicator, year). Split sums are taken in two parts
// (sumCols), each of which fits. The first column says which part a row
// is of (prefetchRow, prefetchSplit, prefetchTarget).
func (s Indicators) Prefetch(ctx context.Context, areaID int64, pq indicator.PrefetchQuery) (indicator.Reader, error) {
	fallback := s.Reader(areaID)
	if len(pq.Sums) == 0 && len(pq.Stocks) == 0 && len(pq.Splits) == 0 && pq.Targets == 0 {
		return fallback, nil
	}
	sh := prefetchShape{sums: len(pq.Sums), stocks: len(pq.Stocks), splits: len(pq.Splits),
		targets: pq.Targets != 0, oneYear: pq.From.Year() == pq.To.Year()}
	text, ok := s.DB.prefetchTexts.Load(sh)
	if !ok {
		text, _ = s.DB.prefetchTexts.LoadOrStore(sh, sh.text())
	}
	args := make([]any, 0, 4+len(pq.Sums)+4+len(pq.Stocks)+13*len(pq.Splits)+2)
	totals := func(ids []string, floor indicator.YM) {
		if len(ids) == 0 {
			return
		}
		args = append(args, areaID, string(indicator.Total), int(floor), int(pq.To))
		for _, id := range ids {
			args = append(args, id)
		}
	}
	totals(pq.Sums, pq.Floor)
	totals(pq.Stocks, 0)
	from, to := int(pq.From), int(pq.To)
	for _, sp := range pq.Splits {
		if sh.oneYear {
			args = append(args, from, to, from, to, from, to, from, to, areaID, sp.Indicator, pq.To.Year(), sp.Dim+"=", sp.Dim+">")
		} else {
			args = append(args, areaID, sp.Indicator, sp.Dim+"=", sp.Dim+">", from, to)
		}
	}
	if sh.targets {
		args = append(args, areaID, pq.Targets)
	}
	ids := append(slices.Clone(pq.Sums), pq.Stocks...)
	// Room for a row per month of each flow, and a few per stock, so
	// that the slice is not grown row by row.
	rows := make([]indicator.Row, 0, min(4096, len(pq.Sums)*max(0, (pq.To.Year()-pq.Floor.Year())*12+pq.To.Month()-pq.Floor.Month()+1)+12*len(pq.Stocks)))
	var sums []indicator.SplitSum
	var targets []indicator.Target
	// One set of destinations for every row (not six variables and a
	// slice of them made per row).
	var kind, ym int
	var id, dim string
	var v, lo int64
	dest := []any{&kind, &id, &dim, &ym, &v, &lo}
	err := queryEachNative(ctx, s.DB.Read(), func(sc scanner) error {
		if err := sc.Scan(dest...); err != nil {
			return err
		}
		switch kind {
		case prefetchRow:
			rows = append(rows, indicator.Row{ZoneID: areaID, Indicator: id, Month: indicator.YM(ym), Value: v})
		case prefetchSplit:
			sums = append(sums, indicator.SplitSum{Indicator: id, Dim: indicator.DimKey(dim), Hi: v, Lo: lo})
		case prefetchTarget:
			targets = append(targets, indicator.Target{ZoneID: areaID, Indicator: id, Year: ym, Value: v, SetByName: dim, SetBy: lo})
		}
		return nil
	}, text.(string), args...)
	if err != nil {
		return nil, fmt.Errorf("prefetch rollups: %w", err)
	}
	snap := indicator.NewSplitSnapshot(ids, rows, pq.Splits, pq.From, pq.To, sums, fallback).From(pq.Floor, pq.Sums...)
	if pq.Targets != 0 {
		slices.SortFunc(targets, func(a, b indicator.Target) int { return strings.Compare(a.Indicator, b.Indicator) })
		snap.WithTargets(pq.Targets, targets)
	}
	return snap, nil
}

// prefetchShape is what a Prefetch statement's text depends on: how many
// flows, stocks and splits it reads, whether it reads targets, and
// whether its period lies within one year. The text of each shape is
// made once (DB.prefetchTexts); a dashboard's arguments fill it.
type prefetchShape struct {
	sums, stocks, splits int
	targets, oneYear     bool
}

func (sh prefetchShape) text() string {
	var q strings.Builder
	part := func(sql string) {
		if q.Len() > 0 {
			q.WriteString(" UNION ALL ")
		}
		q.WriteString(sql)
	}
	// The Total rows' dim is known: '' instead of reading it (a string
	// fewer to make per row).
	totals := func(n int) {
		if n > 0 {
			part(`SELECT 0, indicator, '', ym, value, 0 FROM rollups WHERE zone_id = ? AND dim = ? AND ym BETWEEN ? AND ?
			AND indicator IN (?` + strings.Repeat(", ?", n-1) + ")")
		}
	}
	totals(sh.sums)
	totals(sh.stocks)
	for range sh.splits {
		if !sh.oneYear {
			part(`SELECT 1, indicator, dim, 0, CAST(SUM(value / 4294967296) AS BIGINT), CAST(SUM(value % 4294967296) AS BIGINT)
				FROM rollups WHERE zone_id = ? AND indicator = ? AND dim >= ? AND dim < ? AND ym BETWEEN ? AND ? GROUP BY indicator, dim`)
			continue
		}
		// Within one year: the year's values of the dimension, one range
		// of rollups_year in dimension order (step 0030). A value whose
		// months all lie in [From, To] is its year's sum; another is
		// summed from its months in the period, and left out when it
		// has none there, as the GROUP BY over rollups does.
		part(`SELECT 1, indicator, dim, 0, hi, lo FROM (SELECT y.indicator, y.dim,
				CASE WHEN y.first_ym >= ? AND y.last_ym <= ? THEN y.hi ELSE CAST((SELECT SUM(r.value / 4294967296) FROM rollups r
					WHERE r.zone_id = y.zone_id AND r.indicator = y.indicator AND r.dim = y.dim AND r.ym BETWEEN ? AND ?) AS BIGINT) END AS hi,
				CASE WHEN y.first_ym >= ? AND y.last_ym <= ? THEN y.lo ELSE CAST((SELECT SUM(r.value % 4294967296) FROM rollups r
					WHERE r.zone_id = y.zone_id AND r.indicator = y.indicator AND r.dim = y.dim AND r.ym BETWEEN ? AND ?) AS BIGINT) END AS lo
				FROM rollups_year y WHERE y.zone_id = ? AND y.indicator = ? AND y.year = ? AND y.dim >= ? AND y.dim < ? AND y.n > 0) s
			WHERE hi IS NOT NULL`)
	}
	if sh.targets {
		part(`SELECT 2, indicator, set_by_name, year, value, COALESCE(set_by, 0) FROM targets WHERE zone_id = ? AND year = ?`)
	}
	return q.String()
}

// The parts of a Prefetch statement's rows.
const (
	prefetchRow    = 0 // a Total row of a month
	prefetchSplit  = 1 // a split's sum over the period
	prefetchTarget = 2 // a target of the year
)

// rollupReader reads one area's rollups; each method is one indexed query
// on the primary key (zone_id, indicator, dim, ym).
type rollupReader struct {
	q    Q
	zone int64
}

// sumCols adds up value in two parts, value / 2^32 and value % 2^32
// (both engines truncate toward zero), which no number of int64 rows can
// overflow: SQLite's SUM fails on overflow and PostgreSQL's numeric sum
// does not fit the int64 it is read into. indicator.JoinSum joins them
// and says whether the total fits.
const sumCols = "COALESCE(SUM(value / 4294967296), 0), COALESCE(SUM(value % 4294967296), 0)"

func (r rollupReader) Sum(ctx context.Context, id string, dim indicator.DimKey, p indicator.Period) (int64, bool, error) {
	var hi, lo int64
	var n int
	err := r.q.QueryRow(ctx, `SELECT `+sumCols+`, COUNT(*) FROM rollups
		WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym BETWEEN ? AND ?`,
		r.zone, id, string(dim), int(p.From), int(p.To)).Scan(&hi, &lo, &n)
	if err != nil {
		return 0, false, fmt.Errorf("rollup sum %s: %w", id, err)
	}
	sum, ok := indicator.JoinSum(hi, lo)
	if !ok {
		return 0, false, indicator.OutOfRange(id)
	}
	return sum, n > 0, nil
}

func (r rollupReader) At(ctx context.Context, id string, dim indicator.DimKey, m indicator.YM) (int64, bool, error) {
	var v int64
	err := r.q.QueryRow(ctx, `SELECT value FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym <= ?
		ORDER BY ym DESC LIMIT 1`, r.zone, id, string(dim), int(m)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("rollup at %s: %w", id, err)
	}
	return v, true, nil
}

func (r rollupReader) Months(ctx context.Context, id string, dim indicator.DimKey, from, to indicator.YM) (map[indicator.YM]int64, error) {
	out := map[indicator.YM]int64{}
	err := queryEach(ctx, r.q, func(sc scanner) error {
		var ym int
		var v int64
		if err := sc.Scan(&ym, &v); err != nil {
			return err
		}
		out[indicator.YM(ym)] = v
		return nil
	}, `SELECT ym, value FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym BETWEEN ? AND ?`,
		r.zone, id, string(dim), int(from), int(to))
	if err != nil {
		return nil, fmt.Errorf("rollup months %s: %w", id, err)
	}
	return out, nil
}

// Breakdown reads the dimension's keys as one range of the primary key:
// "name=" ≤ dim < "name>" ('>' follows '=' in byte order, which both
// engines use for dim — see migration 0007).
func (r rollupReader) Breakdown(ctx context.Context, id, name string, p indicator.Period) (map[string]int64, error) {
	out := map[string]int64{}
	err := queryEach(ctx, r.q, func(sc scanner) error {
		var dim string
		var hi, lo int64
		if err := sc.Scan(&dim, &hi, &lo); err != nil {
			return err
		}
		// A key whose sum does not fit is left out, as without data.
		if v, ok := indicator.JoinSum(hi, lo); ok {
			_, value := indicator.DimKey(dim).Split()
			out[value] = v
		}
		return nil
	}, `SELECT dim, `+sumCols+` FROM rollups
		WHERE zone_id = ? AND indicator = ? AND dim >= ? AND dim < ? AND ym BETWEEN ? AND ? GROUP BY dim`,
		r.zone, id, name+"=", name+">", int(p.From), int(p.To))
	if err != nil {
		return nil, fmt.Errorf("rollup breakdown %s by %s: %w", id, name, err)
	}
	return out, nil
}

// LatestMonth is the latest month up to to in which any of the areas has
// an unsplit row of any of the indicators ids; ok is false when none has.
// One query per indicator, served by the rollups_ranking index.
func (s Indicators) LatestMonth(ctx context.Context, areaIDs []int64, ids []string, to indicator.YM) (indicator.YM, bool, error) {
	return s.monthBound(ctx, areaIDs, ids, "MAX", to)
}

// FirstMonth is the earliest month in which any of the areas has an
// unsplit row of any of the indicators ids (indicator.Store), read as
// LatestMonth reads the latest.
func (s Indicators) FirstMonth(ctx context.Context, areaIDs []int64, ids []string) (indicator.YM, bool, error) {
	return s.monthBound(ctx, areaIDs, ids, "MIN", 0)
}

// monthBound is LatestMonth (agg MAX, months up to to) and FirstMonth
// (agg MIN, to 0: every month). A long list of areas is not sent: each
// zone's month is read and the areas asked for kept here.
func (s Indicators) monthBound(ctx context.Context, areaIDs []int64, ids []string, agg string, to indicator.YM) (indicator.YM, bool, error) {
	if len(areaIDs) == 0 || len(ids) == 0 {
		return 0, false, nil
	}
	want := make(map[int64]bool, len(areaIDs))
	for _, a := range areaIDs {
		want[a] = true
	}
	in, inArgs := rollupMulti{areas: areaIDs}.inList("zone_id")
	upTo, args := "", []any{nil, string(indicator.Total)}
	if to != 0 {
		upTo, args = " AND ym <= ?", append(args, int(to))
	}
	args = append(args, inArgs...)
	best := 0
	for _, id := range ids {
		args[0] = id
		err := queryEach(ctx, s.DB.Read(), func(sc scanner) error {
			var z, m int64
			if err := sc.Scan(&z, &m); err != nil {
				return err
			}
			if want[z] && (best == 0 || (agg == "MAX") == (int(m) > best)) {
				best = int(m)
			}
			return nil
		}, `SELECT zone_id, `+agg+`(ym) FROM rollups WHERE indicator = ? AND dim = ?`+upTo+in+` GROUP BY zone_id`, args...)
		if err != nil {
			return 0, false, fmt.Errorf("%s month %s: %w", strings.ToLower(agg), id, err)
		}
	}
	return indicator.YM(best), best != 0, nil
}

// Multi reads one indicator for the given areas at once, for rankings.
func (s Indicators) Multi(areaIDs []int64) indicator.MultiSource {
	return rollupMulti{q: s.DB.Read(), areas: areaIDs}
}

type rollupMulti struct {
	q     Q
	areas []int64
}

// maxInList bounds the ids sent as parameters; a larger scope (every
// national zone, or a dashboard's three scopes at once) reads the
// indicator's rows for all zones, which the rollups_ranking index serves
// just as well and more cheaply than a long list, and drops the others
// here.
const maxInList = 64

// inList returns " AND col IN (?, …)" and its args, or "" when the list is
// too long to be worth sending.
func (m rollupMulti) inList(col string) (string, []any) {
	if len(m.areas) == 0 || len(m.areas) > maxInList {
		return "", nil
	}
	args := make([]any, len(m.areas))
	for i, id := range m.areas {
		args[i] = id
	}
	return " AND " + col + " IN (?" + strings.Repeat(", ?", len(m.areas)-1) + ")", args
}

// collect runs query and keeps its (zone, value) rows of m's areas; with
// split, rows are (zone, hi, lo) sums (sumCols), and a zone whose total
// does not fit is left out of the ranking, as without data.
func (m rollupMulti) collect(ctx context.Context, split bool, query string, args []any) (map[int64]int64, error) {
	want := make(map[int64]bool, len(m.areas))
	for _, id := range m.areas {
		want[id] = true
	}
	out := map[int64]int64{}
	err := queryEach(ctx, m.q, func(sc scanner) error {
		var zoneID, v, lo int64
		dst := []any{&zoneID, &v}
		if split {
			dst = append(dst, &lo)
		}
		if err := sc.Scan(dst...); err != nil {
			return err
		}
		ok := true
		if split {
			v, ok = indicator.JoinSum(v, lo)
		}
		if ok && want[zoneID] {
			out[zoneID] = v
		}
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (m rollupMulti) SumAll(ctx context.Context, id string, dim indicator.DimKey, p indicator.Period) (map[int64]int64, error) {
	if len(m.areas) == 0 {
		return map[int64]int64{}, nil
	}
	in, inArgs := m.inList("zone_id")
	out, err := m.collect(ctx, true, `SELECT zone_id, `+sumCols+` FROM rollups
		WHERE indicator = ? AND dim = ? AND ym BETWEEN ? AND ?`+in+` GROUP BY zone_id`,
		append([]any{id, string(dim), int(p.From), int(p.To)}, inArgs...))
	if err != nil {
		return nil, fmt.Errorf("ranking sum %s: %w", id, err)
	}
	return out, nil
}

func (m rollupMulti) AtAll(ctx context.Context, id string, dim indicator.DimKey, ym indicator.YM) (map[int64]int64, error) {
	if len(m.areas) == 0 {
		return map[int64]int64{}, nil
	}
	// Each area's latest row, one backward step on the primary key an
	// area: the plan cannot go wrong for a prepared statement's generic
	// parameters (PostgreSQL then chose rollups_ranking and read every
	// zone's history of the indicator up to the month).
	in, inArgs := m.inList("a.id")
	args := append([]any{id, string(dim), int(ym)}, inArgs...)
	out, err := m.collect(ctx, false, `SELECT x.zone_id, x.value FROM (SELECT a.id AS zone_id,
			(SELECT r.value FROM rollups r WHERE r.zone_id = a.id AND r.indicator = ? AND r.dim = ? AND r.ym <= ? ORDER BY r.ym DESC LIMIT 1) AS value
		FROM areas a WHERE 1=1`+in+`) x WHERE x.value IS NOT NULL`, args)
	if err != nil {
		return nil, fmt.Errorf("ranking at %s: %w", id, err)
	}
	return out, nil
}

// setRollup writes one rollup row's value outright, for rows that have one
// record behind them (an entered statistic): the row then equals what a
// rebuild computes, whether the indicator is a flow or a stock.
func (tx *Tx) setRollup(ctx context.Context, r indicator.Row) error {
	tx.markZone(r.ZoneID, r.Month.Year())
	_, err := tx.Exec(ctx, `INSERT INTO rollups (zone_id, indicator, dim, ym, value) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (zone_id, indicator, dim, ym) DO UPDATE SET value = excluded.value`,
		r.ZoneID, r.Indicator, string(r.Dim), int(r.Month), r.Value)
	if err != nil {
		return fmt.Errorf("set rollup %s %d: %w", r.Indicator, r.Month, err)
	}
	return nil
}

// deleteRollup removes one rollup row.
func (tx *Tx) deleteRollup(ctx context.Context, zoneID int64, id string, dim indicator.DimKey, m indicator.YM) error {
	tx.markZone(zoneID, m.Year())
	_, err := tx.Exec(ctx, `DELETE FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym = ?`,
		zoneID, id, string(dim), int(m))
	if err != nil {
		return fmt.Errorf("delete rollup %s %d: %w", id, m, err)
	}
	return nil
}
