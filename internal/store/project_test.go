package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

func projectService(db *store.DB, now time.Time) *project.Service {
	return &project.Service{Store: store.Projects{DB: db}, Policy: access.DefaultPolicy(project.Policy()),
		Settings: project.DefaultSettings(), Now: func() time.Time { return now }}
}

func foshanActors(ids *demo.IDs) (admin, builder access.Actor) {
	return access.Actor{UserID: 11, Username: "foshan-admin", Role: access.ZoneAdmin, ZoneID: ids.Zones["foshan"]},
		access.Actor{UserID: 12, Username: "foshan-ent", Role: access.Enterprise, ZoneID: ids.Zones["foshan"], EnterpriseID: ids.Enterprises["广东佛高控股公司"]}
}

func lighthouseCard(ids *demo.IDs) project.Project {
	d := civil.MustParse
	return project.Project{Name: "创新灯塔社区市政配套工程（北区）", BuilderUSCC: ids.USCC["广东佛高控股公司"], ParkID: ids.Parks["佛山人才创新灯塔产业园"],
		Category: project.CategoryMunicipal, Level: project.LevelCity, TotalFen: 26_000_000_000, RecordedOn: d("2020-12-01"),
		Plan:  project.Plan{StartOn: d("2021-01-06"), FinishOn: d("2023-01-06")},
		Items: []project.Item{{Name: "灯塔路", Kind: project.ItemRoad}, {Name: "火炬路", Kind: project.ItemRoad}, {Name: "人才公园", Kind: project.ItemPark}}}
}

func invalidFields(t *testing.T, err error) errs.Fields {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("err %v, want invalid", err)
	}
	return e.Fields
}

// The page's project end to end in the store: created, started, reported
// month by month to its total, finished 101 days ahead, with its ledgers,
// award and a photo; scoped reads; bad input stores nothing; the rollups
// carry the figures and a rebuild finds nothing to change.
func TestProjectLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		admin, builder := foshanActors(ids)
		d := civil.MustParse
		svc := projectService(db, time.Date(2021, 1, 5, 2, 0, 0, 0, time.UTC))

		bad := lighthouseCard(ids)
		bad.Plan.FinishOn = d("2020-06-01")
		bad.BuilderUSCC = ids.USCC["榆林能源化工技术研究院有限公司"]
		f := invalidFields(t, func() error { _, err := svc.Create(ctx, admin, bad); return err }())
		if !f.Has("planned_finish") || !f.Has("builder") {
			t.Errorf("fields %v", f)
		}
		var n int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM projects").Scan(&n); err != nil || n != 0 {
			t.Fatalf("a refused project left %d rows (%v)", n, err)
		}

		p, err := svc.Create(ctx, admin, lighthouseCard(ids))
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != project.StatusPrep || p.Plan.Version != 1 || len(p.Items) != 3 || p.ParkName != "佛山人才创新灯塔产业园" {
			t.Fatalf("created %+v", p)
		}
		// Months go by: the project starts on plan and reports monthly.
		month := indicator.MonthOf(2021, 1)
		var total int64
		for i := 0; month <= indicator.MonthOf(2022, 9); i++ {
			svc.Now = func() time.Time { return month.Last().AddDays(3).Time().Add(2 * time.Hour) }
			if i == 0 {
				v := p.Version
				if p, err = svc.Update(ctx, admin, p.ID, project.Patch{Version: v, StartedOn: ptr(d("2021-01-06"))}); err != nil {
					t.Fatal(err)
				}
			}
			amount := int64(1_200_000_000)
			if month == indicator.MonthOf(2022, 9) {
				amount = 26_000_000_000 - total
			}
			total += amount
			if _, err := svc.PutReport(ctx, builder, p.ID, project.Report{Period: period(t, month.String()), PlannedFen: amount, CompletedFen: amount}); err != nil {
				t.Fatalf("%s: %v", month, err)
			}
			month = month.Add(1)
		}
		// Twice, outside the span, above the total, a 旬: each refused by field.
		for _, c := range []struct {
			r     project.Report
			field string
		}{
			{project.Report{Period: period(t, "2022-03"), CompletedFen: 1}, "period"},
			{project.Report{Period: period(t, "2020-12"), CompletedFen: 1}, "period"},
			{project.Report{Period: period(t, "2022-10-1"), CompletedFen: 1}, "period"},
		} {
			if _, err := svc.PutReport(ctx, builder, p.ID, c.r); !invalidFields(t, err).Has(c.field) {
				t.Errorf("%s: %v", c.r.Period, err)
			}
		}
		svc.Now = func() time.Time { return time.Date(2022, 9, 30, 2, 0, 0, 0, time.UTC) }
		p, err = svc.Update(ctx, admin, p.ID, project.Patch{Version: p.Version, FinishedOn: ptr(d("2022-09-27")), OpenedOn: ptr(d("2022-09-27"))})
		if err != nil {
			t.Fatal(err)
		}
		if tm := project.TimingOf(p, d("2023-12-18")); p.Status != project.StatusOpened || tm.Days != 101 || p.CompletedFen != 26_000_000_000 {
			t.Fatalf("finished %+v timing %+v", p, tm)
		}
		svc.Now = func() time.Time { return time.Date(2023, 12, 18, 2, 0, 0, 0, time.UTC) }
		// Ledgers, the award, a photo.
		if _, err := svc.AddMilestone(ctx, admin, p.ID, project.Milestone{Name: "灯塔路通车", DueOn: d("2022-12-31"), DoneOn: d("2022-09-27")}); err != nil {
			t.Fatal(err)
		}
		late, err := svc.AddMilestone(ctx, admin, p.ID, project.Milestone{Name: "人才公园绿化", DueOn: d("2022-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := svc.AddProblem(ctx, admin, p.ID, project.Problem{Issue: "管线迁改滞后", RaisedOn: d("2021-04-02"), Owner: "佛高控股", DueOn: d("2021-05-31")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateProblem(ctx, admin, p.ID, pr.ID, project.ProblemPatch{Version: 1, Resolution: ptr("协调供电部门完成迁改"), ResolvedOn: ptr(d("2021-05-20"))}); err != nil {
			t.Fatal(err)
		}
		in, err := svc.AddInspection(ctx, admin, p.ID, project.Inspection{Kind: project.InspectSafety, On: d("2022-03-01"), Inspector: "区住建局",
			Findings: []project.Finding{{Text: "临边防护缺失", DueOn: d("2022-03-05")}}})
		if err != nil {
			t.Fatal(err)
		}
		if in, err = svc.CloseFinding(ctx, admin, p.ID, in.ID, 1, d("2022-03-04"), "已补设防护栏"); err != nil || in.Findings[0].Closure == "" {
			t.Fatalf("close finding: %+v %v", in, err)
		}
		if _, err := svc.AddAward(ctx, admin, p.ID, project.Award{Name: "2021年度优良工程", Level: project.AwardCity, Issuer: "x", Year: 2021}); !invalidFields(t, err).Has("year") {
			t.Errorf("an award before completion: %v", err)
		}
		if _, err := svc.AddAward(ctx, admin, p.ID, project.Award{Name: "2023年度广东省市政优良样板工程", Level: project.AwardProvince, Issuer: "广东省市政行业协会", Year: 2023}); err != nil {
			t.Fatal(err)
		}
		photo := []byte{0xFF, 0xD8, 0xFF, 0xE0, 'j', 'f', 'i', 'f'}
		file, err := svc.Attach(ctx, builder, p.ID, "灯塔路.jpg", photo)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Attach(ctx, builder, p.ID, "x.exe", []byte("MZ")); !invalidFields(t, err).Has("file") {
			t.Errorf("an executable: %v", err)
		}
		if got, data, err := svc.File(ctx, admin, p.ID, file.ID); err != nil || string(data) != string(photo) || !got.IsImage() {
			t.Errorf("file %+v %v", got, err)
		}
		if _, _, err := svc.File(ctx, admin, p.ID+1000, file.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("a file under another project: %v", err)
		}

		// Scope: the builder and Foshan see it; Yulin and Zibo's city do not.
		as := actors(ids)
		for name, a := range map[string]access.Actor{"builder": builder, "national": as["national"]} {
			if _, err := svc.Get(ctx, a, p.ID); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		for _, name := range []string{"yulin-admin", "zibo-city", "yahua"} {
			if _, err := svc.Get(ctx, as[name], p.ID); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s sees the project: %v", name, err)
			}
			if _, err := svc.Reports(ctx, as[name], p.ID); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s sees the reports: %v", name, err)
			}
		}
		if _, err := svc.AddMilestone(ctx, builder, p.ID, project.Milestone{Name: "x", DueOn: d("2023-01-01")}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the builder wrote a milestone: %v", err)
		}
		if page, err := svc.List(ctx, as["national"], project.Filter{Timing: project.Ahead}); err != nil || len(page.Items) != 1 {
			t.Errorf("ahead: %+v %v", page, err)
		}
		if page, err := svc.List(ctx, as["national"], project.Filter{Timing: project.Behind}); err != nil || len(page.Items) != 0 {
			t.Errorf("behind: %+v %v", page, err)
		}

		// The figures, from the rollups.
		r := store.Indicators{DB: db}.Reader(ids.Zones["foshan"])
		invested, _, err := r.Sum(ctx, project.IndicatorInvestment, indicator.Total, indicator.Must(indicator.Custom(indicator.MonthOf(2021, 1), indicator.MonthOf(2022, 12))))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			id   string
			dim  indicator.DimKey
			m    indicator.YM
			want int64
		}{
			{project.IndicatorDaysAhead, indicator.Total, indicator.MonthOf(2022, 9), 101},
			{project.IndicatorCompleted, indicator.Dim(project.DimTiming, project.Ahead), indicator.MonthOf(2022, 9), 1},
			{project.IndicatorCount, indicator.Dim(project.DimStatus, string(project.StatusOpened)), indicator.MonthOf(2023, 11), 1},
			{project.IndicatorCount, indicator.Dim(project.DimStatus, string(project.StatusBuilding)), indicator.MonthOf(2022, 8), 1},
			{project.IndicatorProblems, indicator.Total, indicator.MonthOf(2021, 4), 1},
			{project.IndicatorProblems, indicator.Total, indicator.MonthOf(2021, 5), 0},
			{project.IndicatorOverdue, indicator.Total, indicator.MonthOf(2023, 11), 1},
			{project.IndicatorAwards, indicator.Dim(project.DimAwardLevel, string(project.AwardProvince)), indicator.MonthOf(2023, 12), 1},
		} {
			v, _, err := r.At(ctx, c.id, c.dim, c.m)
			if err != nil || v != c.want {
				t.Errorf("%s %s at %s = %d, want %d (%v)", c.id, c.dim, c.m, v, c.want, err)
			}
		}
		if invested != 26_000_000_000 {
			t.Errorf("invested %d", invested)
		}
		_ = late
		checkRebuild(t, db)
	})
}

func checkRebuild(t *testing.T, db *store.DB) {
	t.Helper()
	rep, err := db.RebuildRollups(context.Background(), indicator.DefaultCatalog(), []store.RollupSource{store.ProjectRollups()}, store.RebuildOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.DiffCount != 0 {
		t.Errorf("rebuild finds %d differences: %+v", rep.DiffCount, rep.Diffs)
	}
}

// Random changes of projects' dates, levels, plans, reports, milestones and
// problems leave rollups a rebuild agrees with.
func TestProjectRollupsProperty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		admin, builder := foshanActors(ids)
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		rng := rand.New(rand.NewPCG(seed, 12))
		svc := projectService(db, time.Date(2024, 6, 1, 2, 0, 0, 0, time.UTC))
		d := civil.MustParse("2021-01-01")
		var list []project.Project
		for i := range 6 {
			c := lighthouseCard(ids)
			c.Name = fmt.Sprintf("项目%d", i)
			c.Level = project.Levels()[rng.IntN(3)]
			p, err := svc.Create(ctx, admin, c)
			if err != nil {
				t.Fatal(err)
			}
			list = append(list, p)
		}
		for range 120 {
			i := rng.IntN(len(list))
			p, err := svc.Get(ctx, admin, list[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			day := d.AddDays(rng.IntN(1000))
			switch rng.IntN(6) {
			case 0:
				_, err = svc.Update(ctx, admin, p.ID, project.Patch{Version: p.Version, StartedOn: &day})
			case 1:
				_, err = svc.Update(ctx, admin, p.ID, project.Patch{Version: p.Version, FinishedOn: &day})
			case 2:
				lv := project.Levels()[rng.IntN(3)]
				cat := project.Categories()[rng.IntN(4)]
				_, err = svc.Update(ctx, admin, p.ID, project.Patch{Version: p.Version, Level: &lv, Category: &cat})
			case 3:
				_, err = svc.Update(ctx, admin, p.ID, project.Patch{Version: p.Version, PlannedFinish: ptr(day.AddDays(400)), PlanReason: "调整"})
			case 4:
				_, err = svc.PutReport(ctx, builder, p.ID, project.Report{Period: project.PeriodOf(day, project.Monthly), CompletedFen: int64(rng.IntN(1000)), PlannedFen: 5})
			case 5:
				if rng.IntN(2) == 0 {
					_, err = svc.AddProblem(ctx, admin, p.ID, project.Problem{Issue: "x", RaisedOn: day, Owner: "y", DueOn: day.AddDays(30), Resolution: "z", ResolvedOn: day.AddDays(rng.IntN(60))})
				} else {
					_, err = svc.AddMilestone(ctx, admin, p.ID, project.Milestone{Name: "m", DueOn: day, DoneOn: day.AddDays(rng.IntN(60) - 20)})
				}
			}
			if err != nil && !errs.Is(err, errs.Invalid) {
				t.Fatal(err)
			}
		}
		checkRebuild(t, db)
		page, err := svc.List(ctx, admin, project.Filter{Request: paging.Request{Limit: 2}})
		if err != nil || len(page.Items) != 2 || page.Next == "" {
			t.Errorf("page %+v %v", page, err)
		}
	})
}

func period(t *testing.T, s string) project.Period {
	t.Helper()
	p, err := project.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ptr[T any](v T) *T { return &v }
