package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The board reads each stage's count and its most recent projects; the
// flags count projects past their agreed start and past their next
// contact; an import finds projects by name in any zone and stores
// projects with their steps in one go.
func TestInvestBoardFlagsAndImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		admin := actors(ids)["zibo-admin"]
		svc := investService(db, time.Date(2023, 12, 18, 0, 0, 0, 0, time.UTC), invest.Settings{AllowSkip: true})
		st := store.Invest{DB: db}
		d := civil.MustParse
		// Five leads, three of them moved to 洽谈 on successive days; one
		// signed with an agreed start in the past; a follow-up overdue.
		var leads []int64
		for i := range 5 {
			p, err := svc.CreateProject(ctx, admin, newLead(fmt.Sprintf("看板项目%d", i)), d("2023-01-02").AddDays(i))
			if err != nil {
				t.Fatal(err)
			}
			leads = append(leads, p.ID)
		}
		for i, id := range leads[:3] {
			if _, _, err := svc.Advance(ctx, admin, id, invest.StageTalks, d("2023-02-01").AddDays(i), ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := svc.Advance(ctx, admin, leads[3], invest.StageSigned, d("2023-03-01"), "同意"); err != nil {
			t.Fatal(err)
		}
		due := d("2023-06-01")
		if _, err := st.ChangeProject(ctx, admin, leads[3], func(s invest.State) (invest.Change, error) {
			p := s.Project
			p.StartDue = due
			return invest.Change{Project: p}, nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddFollowUp(ctx, admin, leads[4], invest.FollowUp{On: d("2023-10-01"), Notes: "电话", NextOn: d("2023-11-01")}); err != nil {
			t.Fatal(err)
		}
		cols, colFlags, err := svc.Columns(ctx, admin, ids.Zones["zibo"], 2)
		if err != nil {
			t.Fatal(err)
		}
		if colFlags.LateCount != 1 || colFlags.OverdueCount != 1 || colFlags.Late != nil {
			t.Errorf("board flags: %+v", colFlags)
		}
		byStage := map[invest.Stage]invest.Column{}
		for _, c := range cols {
			byStage[c.Stage] = c
		}
		if c := byStage[invest.StageTalks]; c.Count != 3 || len(c.Items) != 2 || c.Items[0].ID != leads[2] || c.Items[1].ID != leads[1] {
			t.Errorf("talks column: %d, %+v", c.Count, c.Items)
		}
		if c := byStage[invest.StageLead]; c.Count != 1 || len(c.Items) != 1 || c.Items[0].ID != leads[4] {
			t.Errorf("lead column: %+v", c)
		}
		if len(cols) != len(invest.Stages()) {
			t.Errorf("%d columns", len(cols))
		}
		f, err := svc.Flagged(ctx, admin, ids.Zones["zibo"], 5)
		if err != nil {
			t.Fatal(err)
		}
		if f.LateCount != 1 || len(f.Late) != 1 || f.Late[0].ID != leads[3] || f.OverdueCount != 1 || f.Overdue[0].ID != leads[4] {
			t.Errorf("flags: %+v", f)
		}
		// The dashboard's read: the same counts and flags at once, and a
		// terminated project counted at the stage it left.
		if _, _, err := svc.Advance(ctx, admin, leads[0], invest.StageTerminated, d("2023-04-01"), "投资方撤回"); err != nil {
			t.Fatal(err)
		}
		pl, err := svc.Pipeline(ctx, admin, ids.Zones["zibo"], 5)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := svc.StageCounts(ctx, admin, ids.Zones["zibo"])
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(pl.Counts) != fmt.Sprint(counts) || pl.Counts[invest.StageTerminated] != 1 || pl.Counts[invest.StageTalks] != 2 {
			t.Errorf("pipeline counts %v, stage counts %v", pl.Counts, counts)
		}
		if len(pl.TerminatedFrom) != 1 || pl.TerminatedFrom[invest.StageTalks] != 1 {
			t.Errorf("terminated from: %v", pl.TerminatedFrom)
		}
		if pl.LateCount != 1 || len(pl.Late) != 1 || pl.Late[0].ID != leads[3] || pl.Late[0].Name != "看板项目3" ||
			pl.OverdueCount != 1 || len(pl.Overdue) != 1 || pl.Overdue[0].ID != leads[4] {
			t.Errorf("pipeline flags: %+v", pl.Flags)
		}
		if f := pl.Funnel(); f[0].Reached != 5 || f[1].Reached != 4 || f[4].Reached != 1 {
			t.Errorf("funnel: %+v", f)
		}
		if pl, err := svc.Pipeline(ctx, admin, ids.Zones["zibo"], 0); err != nil || pl.LateCount != 1 || pl.Late != nil {
			t.Errorf("pipeline without lists: %+v, %v", pl, err)
		}
		// By name, in any zone.
		found, err := st.ProjectsByName(ctx, []string{"看板项目0", "没有的项目"})
		if err != nil {
			t.Fatal(err)
		}
		if len(found["看板项目0"]) != 1 || found["看板项目0"][0].ZoneID != ids.Zones["zibo"] || len(found["没有的项目"]) != 0 {
			t.Errorf("by name: %+v", found)
		}
		// An imported project with its history: steps and rollups.
		p := newLead("导入项目")
		p.ZoneID, p.Stage, p.StageOn, p.Version = ids.Zones["zibo"], invest.StageSigned, d("2023-05-10"), 1
		n, err := st.ImportProjects(ctx, admin, []invest.Imported{{State: invest.State{Project: p,
			Steps: []invest.Step{{To: invest.StageLead, On: d("2023-03-01")}, {From: invest.StageLead, To: invest.StageSigned, On: d("2023-05-10")}}}}})
		if err != nil || n != 1 {
			t.Fatal(n, err)
		}
		counts, err = svc.StageCounts(ctx, admin, ids.Zones["zibo"])
		if err != nil {
			t.Fatal(err)
		}
		if counts[invest.StageSigned] != 2 {
			t.Errorf("signed after the import: %d", counts[invest.StageSigned])
		}
	})
}
