package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestDemoLiving: loaded on 2026-12-05 the demo's zones have registrations
// through that day and statistics through December (its days so far), all marked 示例; the
// page's 2023 figures are what they were; loaded on the tests' date
// (2023-12-18) the living part adds nothing.
func TestDemoLiving(t *testing.T) {
	seeders := []demo.Seeder{demo.Contracts, demo.Indicators, demo.LivingContracts, demo.LivingIndicators, demo.Invest, demo.LivingInvest}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		today := civil.MustParse("2026-12-05")
		res, err := demo.LoadOn(ctx, db, testHash, today, seeders...)
		if err != nil {
			t.Fatal(err)
		}
		q := db.Read()
		one := func(query string, args ...any) int64 {
			t.Helper()
			var v int64
			if err := q.QueryRow(ctx, query, args...).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		yulin := res.IDs.Zones["yulin"]
		if n := one(`SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND status = 'registered' AND certified_on >= ? AND certified_on <= ?`,
			yulin, civil.MustParse("2023-01-01"), civil.MustParse("2023-11-30")); n != demo.YulinRegistered2023 {
			t.Errorf("Yulin 2023 1-11月 = %d, want %d", n, demo.YulinRegistered2023)
		}
		if v := one(`SELECT COALESCE(SUM(value), 0) FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = '' AND ym BETWEEN 202301 AND 202311`,
			yulin, indicator.TechContractAmount); v != demo.YulinAmount2023Fen {
			t.Errorf("Yulin 2023 amount = %d", v)
		}
		for _, slug := range []string{"yulin", "zibo", "weifang", "foshan", "qiqihar"} {
			z := res.IDs.Zones[slug]
			if n := one(`SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND status = 'registered' AND certified_on >= ?`, z, civil.MustParse("2026-12-01")); n == 0 && slug != "qiqihar" {
				t.Errorf("%s: no registration in 2026-12", slug)
			}
			if n := one(`SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND certified_on > ?`, z, today); n != 0 {
				t.Errorf("%s: %d registrations after today", slug, n)
			}
			if n := one(`SELECT COUNT(*) FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = '' AND ym BETWEEN 202601 AND 202612`, z, indicator.TechContractCount); n < 10 {
				t.Errorf("%s: contracts in %d months of 2026", slug, n)
			}
			if n := one(`SELECT COUNT(*) FROM stat_entries WHERE zone_id = ? AND indicator = ? AND to_ym = 202612 AND note = ?`, z, indicator.StatGrossOutput, demo.IllustrativeMark); n != 1 {
				t.Errorf("%s: gross output of 2026-12 entered %d times", slug, n)
			}
			if n := one(`SELECT MAX(to_ym) FROM stat_entries WHERE zone_id = ? AND indicator = ?`, z, indicator.StatBusinessEnv); n != 202512 {
				t.Errorf("%s: business environment last entered %d, want 202512", slug, n)
			}
		}
		for _, slug := range []string{"yulin", "qiqihar"} {
			if n := one(`SELECT COUNT(*) FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = '' AND ym = 202611`, res.IDs.Zones[slug], indicator.InvestTrips); n != 1 {
				t.Errorf("%s: trips of 2026-11 rolled up %d times", slug, n)
			}
		}
		if n := one(`SELECT COUNT(*) FROM invest_trips WHERE zone_id = ? AND start_on >= ? AND start_on < ?`, res.IDs.Zones["qiqihar"], civil.MustParse("2024-04-01"), civil.MustParse("2024-05-01")); n != 1 {
			t.Errorf("qiqihar has %d trips in 2024-04, want the invest seeder's one", n)
		}
		if n := one(`SELECT COUNT(*) FROM invest_trips WHERE start_on > ?`, today); n != 0 {
			t.Errorf("%d trips after today", n)
		}
		if n := one(`SELECT COUNT(*) FROM stat_entries WHERE to_ym = 202612 AND indicator IN (?, ?)`, indicator.StatEmployees, indicator.StatBusinessEnv); n != 0 {
			t.Errorf("%d annual stocks entered for the unfinished year", n)
		}
		if n := one(`SELECT COUNT(*) FROM stat_entries WHERE to_ym > 202612`); n != 0 {
			t.Errorf("%d statistics after today's month", n)
		}
		if n := one(`SELECT COUNT(*) FROM contracts WHERE certified_on >= ? AND name NOT LIKE ?`, civil.MustParse("2024-01-01"), "%"+demo.IllustrativeMark); n != 0 {
			t.Errorf("%d living contracts not marked 示例", n)
		}
		var name string
		if err := q.QueryRow(ctx, `SELECT name FROM contracts WHERE certified_on >= ? ORDER BY id LIMIT 1`, civil.MustParse("2024-01-01")).Scan(&name); err != nil || !strings.HasSuffix(name, "（示例）") {
			t.Errorf("living contract name %q, %v", name, err)
		}
	})
	t.Run("on the tests' date", func(t *testing.T) {
		db := storetest.Open(t, "sqlite")
		if _, err := demo.LoadOn(context.Background(), db, testHash, civil.MustParse("2023-12-18"), seeders...); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM rollups WHERE ym >= 202401 AND (indicator LIKE 'tech_contract.%' OR indicator LIKE 'stat.%')`).Scan(&n); err != nil || n != 0 {
			t.Errorf("rows after 2023: %d, %v", n, err)
		}
		if err := db.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM invest_trips WHERE leader = ?`, "高新区招商局"+demo.IllustrativeMark).Scan(&n); err != nil || n != 0 {
			t.Errorf("living trips on the tests' date: %d, %v", n, err)
		}
	})
}

// TestDemoLivingProjects: loaded on 2026-12-05 the Foshan projects the
// seed leaves unfinished in November 2023 report every month, marked 示例,
// add up to their totals and are finished (so they read an exact lag, not
// "滞后至少"); loaded on the tests' date nothing is added and 2023's
// reports are what they were.
func TestDemoLivingProjects(t *testing.T) {
	seeders := []demo.Seeder{demo.Contracts, demo.Projects, demo.LivingProjects}
	type row struct {
		name             string
		reports, living  int64
		sum, total       int64
		finished, maxRep string
	}
	read := func(t *testing.T, db *store.DB) map[string]row {
		t.Helper()
		out := map[string]row{}
		rows, err := db.Read().Query(context.Background(), `SELECT p.name, COUNT(r.id), SUM(CASE WHEN r.note = ? THEN 1 ELSE 0 END),
			COALESCE(SUM(r.completed_fen), 0), p.total_fen, p.finished_on IS NOT NULL, p.finished_on, COALESCE(MAX(r.period), '')
			FROM projects p LEFT JOIN project_reports r ON r.project_id = p.id GROUP BY p.id, p.name, p.total_fen, p.finished_on`, demo.IllustrativeMark)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var r row
			var living *int64
			var finished bool
			var on civil.Date
			dest := []any{&r.name, &r.reports, &living, &r.sum, &r.total, &finished, &on, &r.maxRep}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			if living != nil {
				r.living = *living
			}
			if finished {
				r.finished = on.String()
			}
			out[r.name] = r
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	factory, south := "佛山人才创新灯塔产业园二期标准厂房"+demo.IllustrativeMark, "创新灯塔社区市政配套工程（南区）"+demo.IllustrativeMark
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.LoadOn(context.Background(), db, testHash, civil.MustParse("2026-12-05"), seeders...); err != nil {
			t.Fatal(err)
		}
		got := read(t, db)
		for name, want := range map[string]struct {
			living           int64
			finished, maxRep string
		}{factory: {9, "2024-08-28", "2024-08"}, south: {18, "2025-05-26", "2025-05"}} {
			r := got[name]
			if r.living != want.living || r.finished != want.finished || r.maxRep != want.maxRep || r.sum != r.total {
				t.Errorf("%s: %+v, want %d living reports up to %s summing to the total, finished %s", name, r, want.living, want.maxRep, want.finished)
			}
		}
		if r := got[demo.LighthouseProject]; r.living != 0 || r.sum != 26_000_000_000 {
			t.Errorf("lighthouse project changed: %+v", r)
		}
	})
	t.Run("on the tests' date", func(t *testing.T) {
		db := storetest.Open(t, "sqlite")
		if _, err := demo.LoadOn(context.Background(), db, testHash, civil.MustParse("2023-12-18"), seeders...); err != nil {
			t.Fatal(err)
		}
		got := read(t, db)
		for _, name := range []string{factory, south} {
			if r := got[name]; r.living != 0 || r.finished != "" || r.maxRep != "2023-11" {
				t.Errorf("%s on the tests' date: %+v", name, r)
			}
		}
	})
}
