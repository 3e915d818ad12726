package gen_test

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestGenOrgTalent: the organisations and applicants the benchmark adds
// are what the rules allow (one organisation an enterprise, the modes'
// member counts), their rollups are what a rebuild computes, and the
// coverage counted from records on the last day covers about nine in ten
// surveyed enterprises.
func TestGenOrgTalent(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		opt := small(13)
		// Organisations are written through the store's transactions, one
		// per record: a few hundred enterprises keep the test quick on
		// PostgreSQL while every rule and figure is still exercised.
		opt.Contracts, opt.HonourYears, opt.Enterprises, opt.Areas = 0, 0, 400, 20
		if _, err := gen.Run(ctx, db, opt); err != nil {
			t.Fatal(err)
		}
		res, err := gen.OrgTalent(ctx, db, gen.OrgTalentOptions{Applicants: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.Applicants != 100 || res.Organisations == 0 || res.Chains != 6*res.Zones || res.Enterprises == 0 {
			t.Fatalf("generated %+v", res)
		}
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.DiffCount != 0 {
			t.Errorf("rebuild: %d differences: %+v", rep.DiffCount, rep.Diffs[:min(len(rep.Diffs), 5)])
		}
		zones, err := store.Indicators{DB: db}.ListAreas(ctx, access.System, "zone")
		if err != nil {
			t.Fatal(err)
		}
		covered, should := 0, 0
		for _, z := range zones {
			f, err := store.Orgs{DB: db}.Figures(ctx, access.System, z.ID, gen.DefaultUntil(), gen.DefaultUntil().AddDays(90))
			if err != nil {
				t.Fatal(err)
			}
			covered, should = covered+f.Covered, should+f.ShouldCover
		}
		if should != res.Enterprises || covered*100 < should*80 || covered*100 > should*97 {
			t.Errorf("covered %d of %d (%d surveyed)", covered, should, res.Enterprises)
		}
	})
}
