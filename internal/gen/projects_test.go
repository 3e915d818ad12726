package gen_test

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestGenProjects checks the generated projects on both engines: the
// rollups are what "rollup rebuild" computes from the records; every
// project's completed investment is its reports' sum and within its total;
// no report lies outside its project's span; some projects finished ahead
// and some behind.
func TestGenProjects(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		opt := small(12)
		opt.HonourYears, opt.Projects = 0, 400
		res, err := gen.Run(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Projects < 350 || res.ProjectReports < res.Projects || res.ProjectsFinished == 0 {
			t.Fatalf("generated %+v", res)
		}
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.DiffCount != 0 || rep.Checked != res.Rollups {
			t.Errorf("rebuild: %d differences in %d rows (gen wrote %d): %+v", rep.DiffCount, rep.Checked, res.Rollups, rep.Diffs)
		}
		one := func(q string) int64 {
			t.Helper()
			var n int64
			if err := db.Read().QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		if n := one("SELECT COUNT(*) FROM projects"); n != int64(res.Projects) {
			t.Errorf("%d projects stored, gen wrote %d", n, res.Projects)
		}
		if n := one(`SELECT COUNT(*) FROM projects p WHERE p.completed_fen <> (SELECT COALESCE(SUM(completed_fen), 0) FROM project_reports r
			WHERE r.project_id = p.id) OR p.completed_fen > p.total_fen`); n != 0 {
			t.Errorf("%d projects whose completed investment is not their reports' sum or is above the total", n)
		}
		if n := one(`SELECT COUNT(*) FROM project_reports r JOIN projects p ON p.id = r.project_id
			WHERE r.period < SUBSTR(CAST(p.started_on AS TEXT), 1, 7) OR (p.finished_on IS NOT NULL AND r.period > SUBSTR(CAST(p.finished_on AS TEXT), 1, 7))`); n != 0 {
			t.Errorf("%d reports outside their project's span", n)
		}
		ahead := one("SELECT COUNT(*) FROM projects WHERE finished_on < planned_finish")
		behind := one("SELECT COUNT(*) FROM projects WHERE finished_on > planned_finish")
		if ahead == 0 || behind == 0 {
			t.Errorf("finished ahead %d, behind %d: want both", ahead, behind)
		}
	})
}
