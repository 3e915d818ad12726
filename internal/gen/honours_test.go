package gen_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestGenHonours checks the generated honours on both engines: the rollups
// are what "rollup rebuild" computes from the records; on random days the
// SQL count of titles held equals honour.Held over the stored titles, and
// at month ends the honour.held rollups say the same; every kind of result
// and ending is there; and without honours nothing of them is written.
func TestGenHonours(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		opt := small(11)
		opt.Contracts = 300
		res, err := gen.Run(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.DiffCount != 0 || rep.Checked != res.Rollups {
			t.Errorf("rebuild: %d differences in %d rows (gen wrote %d): %+v", rep.DiffCount, rep.Checked, res.Rollups, rep.Diffs)
		}

		hs := store.Honours{DB: db}
		progs, err := hs.Programmes(ctx)
		if err != nil || len(progs) != 10 {
			t.Fatalf("%d programmes, %v", len(progs), err)
		}
		zones, err := store.Indicators{DB: db}.ListAreas(ctx, access.System, "zone")
		if err != nil {
			t.Fatal(err)
		}
		first := civil.MustParse(res.Until).AddDays(-10 * 365)
		last := civil.MustParse(res.Until)
		r := rand.New(rand.NewPCG(11, 1))
		reasons := map[honour.EndReason]int{}
		titles := 0
		for _, z := range zones {
			views, err := hs.Titles(ctx, access.System, z.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			var list []honour.Title
			for _, v := range views {
				list = append(list, v.Title)
				reasons[v.EndReason]++
			}
			titles += len(list)
			for range 6 {
				day := first.AddDays(r.IntN(first.DaysUntil(last) + 1))
				want := honour.Held(list, day)
				got, err := hs.Holdings(ctx, access.System, z.ID, day)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range progs {
					if got[p.ID] != want[p.ID] {
						t.Fatalf("%s, %s held on %s: SQL %d, titles %d", z.Slug, p.Code, day, got[p.ID], want[p.ID])
					}
				}
				m := indicator.MonthOfDate(day)
				total := 0
				for _, n := range honour.Held(list, m.Last()) {
					total += n
				}
				v, ok, err := store.Indicators{DB: db}.Reader(z.ID).At(ctx, honour.IndicatorHeld, indicator.Total, m)
				if err != nil {
					t.Fatal(err)
				}
				if v != int64(total) || (!ok && total != 0) {
					t.Fatalf("%s: honour.held at the end of %s is %d (%v), titles say %d", z.Slug, m, v, ok, total)
				}
			}
		}
		if titles != res.HonourTitles {
			t.Errorf("read %d titles, gen wrote %d", titles, res.HonourTitles)
		}
		for _, why := range []honour.EndReason{"", honour.EndRenewed, honour.EndFailed, honour.EndRevoked, honour.EndSuperseded} {
			if reasons[why] == 0 {
				t.Errorf("no title ended %q: %v", why, reasons)
			}
		}
		var results int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(DISTINCT result) FROM honour_entries").Scan(&results); err != nil || results != len(honour.Results()) {
			t.Errorf("%d kinds of result (%v), want %d", results, err, len(honour.Results()))
		}

		// Without honours: none written, and the programmes are left to
		// the first start (the defaults).
		none := small(11)
		none.Contracts, none.HonourYears = 300, 0
		db2 := storetest.Open(t, db.Engine().String())
		res2, err := gen.Run(ctx, db2, none)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db2.Read().QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM honour_programmes) + (SELECT COUNT(*) FROM honour_titles)").Scan(&n); err != nil || n != 0 {
			t.Errorf("without honours: %d rows (%v)", n, err)
		}
		if res2.Digest == res.Digest || res2.HonourTitles != 0 {
			t.Errorf("without honours: digest %s (with: %s), %d titles", res2.Digest, res.Digest, res2.HonourTitles)
		}
	})
}
