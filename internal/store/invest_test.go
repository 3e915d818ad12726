package store_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

func investService(db *store.DB, now time.Time, s invest.Settings) *invest.Service {
	return &invest.Service{Store: store.Invest{DB: db}, Policy: access.DefaultPolicy(invest.Policy()), Settings: s,
		Now: func() time.Time { return now }}
}

func newLead(name string) invest.Project {
	return invest.Project{Name: name, Investor: "示例投资方", Origin: invest.OriginOutProvince, Mode: invest.ModeIndustry,
		Industry: "food", PlannedFen: 5 * 100_000_000 * 100}
}

// TestInvestRollupsProperty drives random pipelines through the service
// (steps with approvals, skips and backward moves allowed, registrations,
// arrivals, trips, visits, funds), then checks that the pipeline stock in
// the rollups at every month end is the stages the steps say, that the
// signed count is the projects' signings, and that a rebuild of the rollups
// from the records finds nothing to change.
func TestInvestRollupsProperty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		admin := actors(ids)["zibo-admin"]
		settings := invest.Settings{Approvals: map[invest.Stage]invest.Level{invest.StageSigned: invest.LevelZone}, AllowSkip: true, AllowBack: true}
		svc := investService(db, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), settings)
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		r := rand.New(rand.NewPCG(seed, 3))
		codes := zoneEnterprises(t, db, ids, "zibo")
		var projects []int64
		day := civil.MustParse("2021-01-04")
		for i := 0; i < 8; i++ {
			p, err := svc.CreateProject(ctx, admin, newLead("项目"), day.AddDays(r.IntN(60)))
			if err != nil {
				t.Fatal(err)
			}
			projects = append(projects, p.ID)
		}
		steps := 0
		// At most 160 × 12 days from 2021-01-04: the walk ends before the
		// service's today (2026-12-01) whatever the seed, so no step or
		// fund is refused as in the future.
		for i := 0; i < 160; i++ {
			day = day.AddDays(r.IntN(13))
			id := projects[r.IntN(len(projects))]
			var err error
			switch r.IntN(6) {
			case 0, 1, 2:
				to := invest.AllStages()[r.IntN(len(invest.AllStages()))]
				_, _, err = svc.Advance(ctx, admin, id, to, day, "同意")
				if err == nil {
					steps++
				}
			case 3:
				reg := int64(r.IntN(5000)+1) * 1_000_000
				_, err = svc.Register(ctx, admin, id, invest.Registration{USCC: codes[r.IntN(len(codes))], On: day, RegisteredFen: reg, PaidInFen: reg / 2})
			case 4:
				_, err = svc.AddArrival(ctx, admin, id, invest.Arrival{On: day, AmountFen: int64(r.IntN(100)+1) * 1_000_000, Note: "分期到位"})
			case 5:
				_, err = svc.CreateTrip(ctx, admin, invest.Trip{StartOn: day, Province: "北京", Leader: "主任", People: 3, ProjectIDs: []int64{id}})
			}
			if err != nil && !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
				t.Fatal(err)
			}
		}
		if steps < 15 {
			t.Fatalf("only %d steps taken; the test drives too little", steps)
		}
		if _, err := svc.CreateFund(ctx, admin, invest.Fund{Name: "引导基金", Manager: "管理人", Kind: invest.FundGuiding, TargetFen: 2_000_000_000_00,
			SetUpOn: day, ProjectIDs: projects[:2]}); err != nil {
			t.Fatal(err)
		}
		ind := store.Indicators{DB: db}.Reader(ids.Zones["zibo"])
		var details []invest.Detail
		for _, id := range projects {
			d, err := svc.Project(ctx, admin, id)
			if err != nil {
				t.Fatal(err)
			}
			details = append(details, d)
		}
		for m := indicator.MonthOfDate(civil.MustParse("2021-01-01")); m <= indicator.MonthOfDate(day); m = m.Add(1) {
			want := map[invest.Stage]int64{}
			var signed int64
			for _, d := range details {
				var at invest.Stage
				for _, s := range d.Steps {
					if indicator.MonthOfDate(s.On) <= m {
						at = s.To
					}
				}
				if at != "" {
					want[at]++
				}
				if on := invest.Reached(d.Project, d.Steps, invest.StageSigned); !on.IsZero() && indicator.MonthOfDate(on) == m {
					signed++
				}
			}
			for _, s := range invest.AllStages() {
				got, _, err := ind.At(ctx, invest.IndicatorPipeline, indicator.Dim(invest.DimStage, string(s)), m)
				if err != nil {
					t.Fatal(err)
				}
				if got != want[s] {
					t.Fatalf("seed %d: %s at the end of %s: rollups %d, steps %d", seed, s, m, got, want[s])
				}
			}
			got, _, err := ind.Sum(ctx, invest.IndicatorSigned, indicator.Total, indicator.Must(indicator.Custom(m, m)))
			if err != nil {
				t.Fatal(err)
			}
			if got != signed {
				t.Fatalf("seed %d: signed in %s: rollups %d, projects %d", seed, m, got, signed)
			}
		}
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), []store.RollupSource{store.InvestRollups()}, store.RebuildOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.DiffCount != 0 {
			t.Errorf("seed %d: rebuild finds %d differences: %+v", seed, rep.DiffCount, rep.Diffs)
		}
	})
}

// TestInvestScopeAndLinks: another zone's project is not found, an
// enterprise user may not read the pipeline, and a trip naming another
// zone's project is refused naming it, with nothing stored.
func TestInvestScopeAndLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		as := actors(ids)
		svc := investService(db, time.Date(2023, 12, 18, 0, 0, 0, 0, time.UTC), invest.DefaultSettings())
		zibo, err := svc.CreateProject(ctx, as["zibo-staff"], newLead("淄博项目"), civil.MustParse("2023-11-01"))
		if err != nil {
			t.Fatal(err)
		}
		yulin, err := svc.CreateProject(ctx, as["yulin-admin"], newLead("榆林项目"), civil.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Project(ctx, as["yulin-admin"], zibo.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("other zone's project: %v", err)
		}
		if _, err := svc.Project(ctx, as["shandong"], zibo.ID); err != nil {
			t.Errorf("province reads its zone's project: %v", err)
		}
		if _, err := svc.Projects(ctx, as["yahua"], invest.Filter{}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("enterprise user lists the pipeline: %v", err)
		}
		_, err = svc.CreateTrip(ctx, as["zibo-staff"], invest.Trip{StartOn: civil.MustParse("2023-05-01"), Province: "北京", Leader: "主任", People: 2,
			ProjectIDs: []int64{zibo.ID, yulin.ID}})
		var e *errs.Error
		if !errsAs(err, &e) || len(e.Fields) != 1 || e.Fields[invest.ProjectField(1)].Key != "invest.err.project_of_zone" {
			t.Fatalf("trip with another zone's project: %v", err)
		}
		page, err := svc.Trips(ctx, as["zibo-staff"], ids.Zones["zibo"], paging.Request{})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("a refused trip was stored: %+v %v", page.Items, err)
		}
		// Registration creates the company in the register, in the zone.
		if _, _, err := svc.Advance(ctx, as["zibo-staff"], zibo.ID, invest.StageTalks, civil.MustParse("2023-12-01"), ""); err != nil {
			t.Fatal(err)
		}
		code := demo.USCCFor("370300", 990)
		for _, to := range []invest.Stage{invest.StageInspection, invest.StageIntent, invest.StageSigned} {
			if _, _, err := svc.Advance(ctx, as["zibo-admin"], zibo.ID, to, civil.MustParse("2023-12-10"), "同意"); err != nil {
				t.Fatal(err)
			}
		}
		p, err := svc.Register(ctx, as["zibo-staff"], zibo.ID, invest.Registration{USCC: code, Name: "淄博示例新公司（示例）", Nature: "150", Industry: "C",
			On: civil.MustParse("2023-12-12"), RegisteredFen: 7000_0000_00, PaidInFen: 1000_0000_00})
		if err != nil {
			t.Fatal(err)
		}
		if p.EnterpriseID == 0 || p.RegisteredFen != 7000_0000_00 {
			t.Fatalf("registration: %+v", p)
		}
		ref, found, err := store.Invest{DB: db}.EnterpriseByUSCC(ctx, code)
		if err != nil || !found || ref.ZoneID != ids.Zones["zibo"] || ref.ID != p.EnterpriseID {
			t.Fatalf("the registered company: %+v %v %v", ref, found, err)
		}
	})
}
