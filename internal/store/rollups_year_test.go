package store_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// checkRollupsYear: rollups_year holds exactly each zone's rollups of a
// dimension value summed by year (step 0030), as a recomputation from
// rollups makes them.
func checkRollupsYear(t *testing.T, db *store.DB) int {
	t.Helper()
	want := `SELECT zone_id, indicator, ym / 100, dim, SUM(value / 4294967296), SUM(value % 4294967296), COUNT(*), MIN(ym), MAX(ym)
		FROM rollups WHERE dim <> '' GROUP BY zone_id, indicator, dim, ym / 100`
	have := `SELECT zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym FROM rollups_year`
	var n, missing, extra int
	q := fmt.Sprintf(`SELECT (SELECT COUNT(*) FROM rollups_year), (SELECT COUNT(*) FROM (%[1]s EXCEPT %[2]s) m),
		(SELECT COUNT(*) FROM (%[2]s EXCEPT %[1]s) x)`, want, have)
	if err := db.Read().QueryRow(context.Background(), q).Scan(&n, &missing, &extra); err != nil {
		t.Fatalf("rollups_year: %v", err)
	}
	if missing != 0 || extra != 0 {
		t.Errorf("rollups_year: %d rows, %d missing or different, %d not of the rollups", n, missing, extra)
		for _, d := range []struct{ what, q string }{{"want", want + " EXCEPT " + have}, {"have", have + " EXCEPT " + want}} {
			rows, err := db.Read().Query(context.Background(), d.q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var z, y, n, f, l int64
				var id, dim string
				var hi, lo int64
				if err := rows.Scan(&z, &id, &y, &dim, &hi, &lo, &n, &f, &l); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: zone %d %s %d %s hi %d lo %d n %d months %d–%d", d.what, z, id, y, dim, hi, lo, n, f, l)
			}
			rows.Close()
		}
	}
	return n
}

// Whatever is written to rollups — rows added, values changed, rows moved
// to another key or deleted, one statement at a time or many rows in one —
// rollups_year equals the recomputation, and a dashboard's prefetched
// breakdowns equal the sums over the rollups' months for any period, within
// a year (read from rollups_year) or across years.
func TestRollupsYearKeptAndRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed := seedFrom(t, "ROLLUP_SEED")
		rng := rand.New(rand.NewPCG(seed, 11))
		r := newRegistry(t, db, legacyNow())
		zones := []int64{r.ids.Zones["zibo"], r.ids.Zones["yulin"]}
		ids := []string{indicator.TechContractAmount, indicator.TechContractCount}
		dims := []indicator.DimKey{indicator.Total, "type=1", "type=2", "type=3", "field=01", "field=02", "typeset=x"}
		month := func() indicator.YM { return indicator.YM((2024+rng.IntN(3))*100 + 1 + rng.IntN(12)) }
		value := func() int64 {
			switch rng.IntN(6) {
			case 0:
				return 0
			case 1:
				return -(1 + rng.Int64N(1<<40))
			case 2:
				return 1<<45 - rng.Int64N(1<<33) // past 2^32: both parts of the sum
			default:
				return 1 + rng.Int64N(1<<34)
			}
		}
		key := func() (int64, string, string, int) {
			return zones[rng.IntN(2)], ids[rng.IntN(2)], string(dims[rng.IntN(len(dims))]), int(month())
		}
		for step := range 120 {
			var err error
			switch op := rng.IntN(6); op {
			case 0, 1: // the registry's way: increments, many keys in one statement
				var add []indicator.Row
				for range 1 + rng.IntN(12) {
					z, id, dim, m := key()
					add = append(add, indicator.Row{ZoneID: z, Indicator: id, Dim: indicator.DimKey(dim), Month: indicator.YM(m), Value: value()})
				}
				err = db.Transact(ctx, func(tx *store.Tx) error { return tx.AddRollups(ctx, add) })
			case 2: // a value set outright
				z, id, dim, m := key()
				err = execOne(t, db, `INSERT INTO rollups (zone_id, indicator, dim, ym, value) VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (zone_id, indicator, dim, ym) DO UPDATE SET value = excluded.value`, z, id, dim, m, value())
			case 3: // a stock's span: many rows' values in one statement
				z, id, dim, m := key()
				err = execOne(t, db, "UPDATE rollups SET value = value / 2 + ? WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym >= ?",
					rng.Int64N(1000), z, id, dim, m)
			case 4: // rows gone: one, or a zone's whole year of a value
				z, id, dim, m := key()
				if rng.IntN(2) == 0 {
					err = execOne(t, db, "DELETE FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym = ?", z, id, dim, m)
				} else {
					err = execOne(t, db, "DELETE FROM rollups WHERE zone_id = ? AND indicator = ? AND ym BETWEEN ? AND ?", z, id, m/100*100, m/100*100+99)
				}
			case 5: // rows moved to another key (a month, a value of the dimension)
				z, id, dim, m := key()
				_, _, dim2, m2 := key()
				err = execOne(t, db, `UPDATE rollups SET dim = ?, ym = ? WHERE zone_id = ? AND indicator = ? AND dim = ? AND ym = ?
					AND NOT EXISTS (SELECT 1 FROM rollups r WHERE r.zone_id = ? AND r.indicator = ? AND r.dim = ? AND r.ym = ?)`,
					dim2, m2, z, id, dim, m, z, id, dim2, m2)
			}
			if err != nil {
				t.Fatalf("step %d (seed %d): %v", step, seed, err)
			}
			if step%10 == 9 {
				checkRollupsYear(t, db)
				checkPrefetchedBreakdowns(t, db, zones, ids, rng, seed)
			}
		}
		if n := checkRollupsYear(t, db); n == 0 {
			t.Fatal("rollups_year is empty: nothing was checked")
		}
	})
}

// checkPrefetchedBreakdowns compares, for random periods, the breakdowns
// Prefetch reads with those the plain reader sums from rollups.
func checkPrefetchedBreakdowns(t *testing.T, db *store.DB, zones []int64, ids []string, rng *rand.Rand, seed uint64) {
	t.Helper()
	ctx := context.Background()
	st := store.Indicators{DB: db}
	for range 8 {
		y := 2024 + rng.IntN(3)
		from := indicator.YM(y*100 + 1 + rng.IntN(12))
		to := indicator.YM(y*100 + 1 + rng.IntN(12))
		if rng.IntN(4) == 0 {
			to = indicator.YM((y+1)*100 + 1 + rng.IntN(12)) // across years
		}
		if to < from {
			from, to = to, from
		}
		p := indicator.Period{From: from, To: to}
		splits := []indicator.BreakdownSpec{{Indicator: ids[0], Dim: "type"}, {Indicator: ids[1], Dim: "field"}, {Indicator: ids[0], Dim: "typeset"}}
		for _, z := range zones {
			src, err := st.Prefetch(ctx, z, indicator.PrefetchQuery{Sums: ids, Floor: from, To: to, From: from, Splits: splits})
			if err != nil {
				t.Fatalf("prefetch %v (seed %d): %v", p, seed, err)
			}
			for _, sp := range splits {
				got, err := src.Breakdown(ctx, sp.Indicator, sp.Dim, p)
				if err != nil {
					t.Fatal(err)
				}
				want, err := st.Reader(z).Breakdown(ctx, sp.Indicator, sp.Dim, p)
				if err != nil {
					t.Fatal(err)
				}
				if !maps.Equal(got, want) {
					t.Fatalf("zone %d %s by %s over %v (seed %d): prefetched %v, summed %v", z, sp.Indicator, sp.Dim, p, seed, got, want)
				}
			}
		}
	}
}

// A bulk load (gen) sets rollups' triggers aside and fills rollups_year
// once: it equals the recomputation, the triggers are back in force, and a
// registration after the load moves the year row it touches.
func TestRollupsYearAfterGen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		runGen(t, db, gen.Options{Contracts: 2000, Enterprises: 300, Areas: 20, Years: 2, Seed: 5})
		if n := checkRollupsYear(t, db); n == 0 {
			t.Fatal("rollups_year empty after a load")
		}
		if n := triggersInForce(t, db, "rollups"); n < 3 {
			t.Errorf("%d triggers on rollups in force after a load", n)
		}
		var zone int64
		var id, dim string
		var ym int
		if err := db.Read().QueryRow(ctx, "SELECT zone_id, indicator, dim, ym FROM rollups WHERE dim <> '' ORDER BY zone_id, indicator, dim, ym LIMIT 1").
			Scan(&zone, &id, &dim, &ym); err != nil {
			t.Fatal(err)
		}
		var before int64
		if err := db.Read().QueryRow(ctx, "SELECT lo FROM rollups_year WHERE zone_id = ? AND indicator = ? AND year = ? AND dim = ?",
			zone, id, ym/100, dim).Scan(&before); err != nil {
			t.Fatal(err)
		}
		row := indicator.Row{ZoneID: zone, Indicator: id, Dim: indicator.DimKey(dim), Month: indicator.YM(ym), Value: 7}
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.AddRollups(ctx, []indicator.Row{row}) }); err != nil {
			t.Fatal(err)
		}
		var after int64
		if err := db.Read().QueryRow(ctx, "SELECT lo FROM rollups_year WHERE zone_id = ? AND indicator = ? AND year = ? AND dim = ?",
			zone, id, ym/100, dim).Scan(&after); err != nil || after != before+7 {
			t.Errorf("year row after adding 7: lo %d (%v), want %d", after, err, before+7)
		}
		checkRollupsYear(t, db)
	})
}

// Writers adding to one zone's rollups at once — different months of a
// year, so that no rollup row orders them, the same year rows — all
// commit, and the year rows add up all they wrote.
func TestRollupsYearConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		zone := r.ids.Zones["zibo"]
		const writers, each = 4, 40
		errc := make(chan error, writers)
		for w := range writers {
			go func() {
				rng := rand.New(rand.NewPCG(uint64(w), 3))
				for range each {
					var add []indicator.Row
					m := indicator.YM(202500 + 1 + rng.IntN(12))
					for _, id := range []string{indicator.TechContractAmount, indicator.TechContractCount} {
						for _, d := range []indicator.DimKey{indicator.Total, "type=1", "type=2", "field=01", "size=other"} {
							add = append(add, indicator.Row{ZoneID: zone, Indicator: id, Dim: d, Month: m, Value: 1 + rng.Int64N(100)})
						}
					}
					if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.AddRollups(ctx, add) }); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		for range writers {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		checkRollupsYear(t, db)
	})
}

// Every dimension key column orders by bytes on PostgreSQL, as SQLite
// does (step 0007): a breakdown reads "type=" ≤ dim < "type>" as one
// range, which a linguistic collation (the database's default may be
// one) would order and bound otherwise.
func TestDimColumnsByteOrder(t *testing.T) {
	db := storetest.Open(t, "postgres")
	rows, err := db.Read().Query(context.Background(), `SELECT table_name, COALESCE(collation_name, '')
		FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'dim' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int
	for rows.Next() {
		var table, coll string
		if err := rows.Scan(&table, &coll); err != nil {
			t.Fatal(err)
		}
		n++
		if coll != "C" {
			t.Errorf("%s.dim has collation %q, want \"C\"", table, coll)
		}
	}
	if n < 2 {
		t.Errorf("%d dim columns found, want rollups' and rollups_year's at least", n)
	}
}
