package bulk_test

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
)

// benchDataSet opens the data set INNOPARK_BENCH_DB names (one
// bench/orgtalent.sh made and kept: BENCH_KEEP=1), migrated, with its zones
// in id order and their enterprise counts; the benchmark is skipped without
// one.
func benchDataSet(b *testing.B) (*store.DB, []int64, map[int64]int) {
	b.Helper()
	url := os.Getenv("INNOPARK_BENCH_DB")
	if url == "" {
		b.Skip("INNOPARK_BENCH_DB names no data set (see bench/orgtalent.sh)")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	rows, err := db.Read().Query(ctx, "SELECT zone_id, COUNT(*) FROM org_profiles GROUP BY zone_id ORDER BY zone_id")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var zones []int64
	size := map[int64]int{}
	for rows.Next() {
		var z int64
		var n int
		if err := rows.Scan(&z, &n); err != nil {
			b.Fatal(err)
		}
		zones, size[z] = append(zones, z), n
	}
	if len(zones) == 0 {
		b.Fatal("the data set has no surveyed enterprises")
	}
	return db, zones, size
}

// BenchmarkOrgCoverage times a zone's coverage on a day counted from the
// records (store.Orgs.Figures, behind GET /api/v1/zones/{zone}/coverage),
// for random zones and days as bench/orgtalent.sh asks, and for the
// biggest zone:
//
//	INNOPARK_BENCH_DB=sqlite:/tmp/…/ipk_org_200000_100000_300.db go test -run '^$' -bench OrgCoverage ./internal/store/bulk/
func BenchmarkOrgCoverage(b *testing.B) {
	db, zones, size := benchDataSet(b)
	ctx := context.Background()
	orgs := store.Orgs{DB: db}
	until := civil.Date{Year: 2026, Month: time.October, Day: 31}
	from := until.AddDays(-3 * 365)
	biggest := zones[0]
	for _, z := range zones {
		if size[z] > size[biggest] {
			biggest = z
		}
	}
	b.Run("random-zone", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 11))
		for b.Loop() {
			z, d := zones[r.IntN(len(zones))], from.AddDays(r.IntN(from.DaysUntil(until)+1))
			if _, err := orgs.Figures(ctx, access.System, z, d, d.AddDays(90)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("biggest-zone", func(b *testing.B) {
		b.ReportMetric(float64(size[biggest]), "enterprises")
		for b.Loop() {
			if _, err := orgs.Figures(ctx, access.System, biggest, until, until.AddDays(90)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOrgCoverageFigure times the zone coverage figure from the
// rollups (indicator.Service.Figure without its cache, behind GET
// /api/v1/indicators/org.coverage_rate?zone=…, with the zone's rank in its
// city, the API's default scope): the target.
func BenchmarkOrgCoverageFigure(b *testing.B) {
	db, _, _ := benchDataSet(b)
	ctx := context.Background()
	svc := &indicator.Service{Store: store.Indicators{DB: db}, Catalog: indicator.DefaultCatalog(),
		Policy: access.DefaultPolicy(indicator.Policy()), Now: time.Now}
	areas, err := store.Indicators{DB: db}.ListAreas(ctx, access.System, "zone")
	if err != nil {
		b.Fatal(err)
	}
	until := indicator.MonthOfDate(civil.Date{Year: 2026, Month: time.October, Day: 31})
	r := rand.New(rand.NewPCG(1, 11))
	for b.Loop() {
		m := until.Add(-r.IntN(36))
		p := indicator.Period{From: indicator.MonthOf(m.Year(), 1), To: m}
		if _, err := svc.Figure(ctx, access.System, areas[r.IntN(len(areas))].Slug, indicator.Query{Indicator: indicator.OrgCoverageRate,
			Dim: indicator.Total, Period: p, Scope: indicator.ScopeCity}); err != nil {
			b.Fatal(err)
		}
	}
}
