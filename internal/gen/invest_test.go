package gen_test

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestGenInvest checks the generated investment pipeline on both engines:
// its rollups (the pipeline stock included) are what "rollup rebuild"
// computes from the records, every stage is there, and the activities
// touch projects of their own zone.
func TestGenInvest(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		opt := small(13)
		opt.Contracts, opt.HonourYears, opt.InvestProjects = 200, 0, 1500
		res, err := gen.Run(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		if iv := res.Invest; iv.Projects != 1500 || iv.Steps <= iv.Projects || iv.Trips == 0 || iv.Visits == 0 || iv.FollowUps == 0 || iv.Arrivals == 0 {
			t.Errorf("invest: %+v", iv)
		}
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.DiffCount != 0 || rep.Checked != res.Rollups {
			t.Errorf("rebuild: %d differences in %d rows (gen wrote %d): %+v", rep.DiffCount, rep.Checked, res.Rollups, rep.Diffs)
		}
		q := db.Read()
		var stages, wrong int
		if err := q.QueryRow(ctx, "SELECT COUNT(DISTINCT stage) FROM invest_projects").Scan(&stages); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM invest_activity_projects ap JOIN invest_projects p ON p.id = ap.project_id
			LEFT JOIN invest_trips t ON ap.kind = 'trip' AND t.id = ap.activity_id LEFT JOIN invest_visits v ON ap.kind = 'visit' AND v.id = ap.activity_id
			WHERE p.zone_id <> COALESCE(t.zone_id, v.zone_id)`).Scan(&wrong); err != nil {
			t.Fatal(err)
		}
		if stages != 9 || wrong != 0 {
			t.Errorf("%d stages, %d links across zones", stages, wrong)
		}
	})
}
