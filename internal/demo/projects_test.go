package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The page's Foshan figures come out of the demo's records: 2.6亿元 is the
// sum of the monthly reports, 101 days ahead is the plan's finish less the
// actual one, and the award, builder, scope and methods are the page's.
// The dashboard has more than one row, one project behind plan.
func TestDemoFoshanProjects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, testHash, demo.Projects)
		if err != nil {
			t.Fatal(err)
		}
		ids := res.IDs
		pageDay := time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC)
		svc := &project.Service{Store: store.Projects{DB: db}, Policy: access.DefaultPolicy(project.Policy()),
			Settings: project.DefaultSettings(), Now: func() time.Time { return pageDay }}
		admin := access.Actor{UserID: 1, Username: "a", Role: access.ZoneAdmin, ZoneID: ids.Zones["foshan"]}
		page, err := svc.List(ctx, admin, project.Filter{ZoneID: ids.Zones["foshan"]})
		if err != nil {
			t.Fatal(err)
		}
		var lh project.Project
		timing := map[string]int{}
		for _, p := range page.Items {
			if p.Name == demo.LighthouseProject {
				lh = p
			}
			if !p.StartedOn.After(civil.Today(pageDay)) {
				timing[project.TimingOf(p, civil.Today(pageDay)).Class()]++
			}
		}
		if lh.ID == 0 || len(page.Items) < 3 {
			t.Fatalf("projects %+v", page.Items)
		}
		if timing[project.Behind] < 1 || timing[project.Ahead] < 1 {
			t.Errorf("timing classes %v: want one ahead and one behind at least", timing)
		}
		lh, err = svc.Get(ctx, admin, lh.ID)
		if err != nil {
			t.Fatal(err)
		}
		reports, err := svc.Reports(ctx, admin, lh.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, r := range reports {
			sum += r.CompletedFen
			if r.Late {
				t.Errorf("report %s late", r.Period)
			}
		}
		tm := project.TimingOf(lh, civil.Today(pageDay))
		if sum != 26_000_000_000 || lh.CompletedFen != sum || lh.TotalFen != sum || tm.Days != 101 || tm.Projected ||
			lh.StartedOn != civil.MustParse("2021-01-06") || lh.FinishedOn != civil.MustParse("2022-09-27") || lh.Status != project.StatusOpened {
			t.Errorf("lighthouse: reported %d, card %+v, timing %+v", sum, lh, tm)
		}
		if lh.BuilderName != "广东佛高控股公司" || lh.ParkName != "佛山人才创新灯塔产业园" || len(lh.Items) != 3 || len(lh.Methods) != 3 {
			t.Errorf("card %+v", lh)
		}
		awards, err := svc.Awards(ctx, admin, lh.ID)
		if err != nil || len(awards) != 1 || awards[0].Name != "2023年度广东省市政优良样板工程" || awards[0].Issuer != "广东省市政行业协会" {
			t.Errorf("awards %+v %v", awards, err)
		}
		// The same figures from the rollups the dashboards read.
		r := store.Indicators{DB: db}.Reader(ids.Zones["foshan"])
		days, _, err := r.Sum(ctx, indicator.ProjectDaysAhead, indicator.Total, indicator.Must(indicator.Year(2022)))
		if err != nil || days != 101 {
			t.Errorf("days ahead in 2022: %d %v", days, err)
		}
		inv, _, err := r.Sum(ctx, indicator.ProjectInvestment, indicator.Dim(indicator.DimProjectCategory, string(project.CategoryMunicipal)),
			indicator.Must(indicator.Custom(indicator.MonthOf(2021, 1), indicator.MonthOf(2022, 9))))
		if err != nil || inv < 26_000_000_000 {
			t.Errorf("municipal investment to 2022-09: %d %v", inv, err)
		}
	})
}
