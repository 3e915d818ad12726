package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The page's Qiqihar figures come out of the demo's records: 4 trips
// (Beijing, Shanghai, Shandong), 4 visits, 5 projects signed and 2 in
// intent in 2023; 7000万元 registered by 国豆优福, 3000万元 (1000万元 paid in)
// by 信果创投; the guiding fund of 20亿元.
func TestDemoQiqiharInvest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, testHash, demo.Invest)
		if err != nil {
			t.Fatal(err)
		}
		ids := res.IDs
		zone := ids.Zones["qiqihar"]
		ind := store.Indicators{DB: db}.Reader(zone)
		ytd := indicator.Must(indicator.YTD(2023, 11))
		for id, want := range map[string]int64{invest.IndicatorTrips: 4, invest.IndicatorVisits: 4, invest.IndicatorSigned: 5} {
			got, _, err := ind.Sum(ctx, id, indicator.Total, ytd)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s in 2023-01..11: %d, want %d", id, got, want)
			}
		}
		intent, _, err := ind.At(ctx, invest.IndicatorPipeline, indicator.Dim(invest.DimStage, string(invest.StageIntent)), ytd.To)
		if err != nil || intent != 2 {
			t.Errorf("in intent at the end of 2023-11: %d (%v), want 2", intent, err)
		}
		prev, _, err := ind.Sum(ctx, invest.IndicatorSigned, indicator.Total, indicator.Must(indicator.YTD(2022, 11)))
		if err != nil || prev == 0 {
			t.Errorf("signed a year earlier: %d (%v), want some, for YoY", prev, err)
		}

		pageDay := time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC)
		svc := &invest.Service{Store: store.Invest{DB: db}, Policy: access.DefaultPolicy(invest.Policy()), Settings: invest.DefaultSettings(),
			Now: func() time.Time { return pageDay }}
		staff := access.Actor{UserID: 1, Username: "s", Role: access.ZoneStaff, ZoneID: zone}
		page, err := svc.Projects(ctx, staff, invest.Filter{ZoneID: zone, Limit: paging.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		capital := map[string][2]int64{}
		for _, p := range page.Items {
			if p.EnterpriseID != 0 {
				capital[p.EnterpriseName] = [2]int64{p.RegisteredFen, p.PaidInFen}
			}
		}
		const wan = 1_000_000
		if got := capital["国豆优福（黑龙江）药膳食品有限公司"]; got != [2]int64{7000 * wan, 0} {
			t.Errorf("国豆优福: %v, want 7000万元 registered", got)
		}
		if got := capital["黑龙江信果创业投资有限公司"]; got != [2]int64{3000 * wan, 1000 * wan} {
			t.Errorf("信果创投: %v, want 3000万元 registered, 1000万元 paid in", got)
		}
		funds, err := svc.Funds(ctx, staff, zone, paging.Request{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var guiding []invest.Fund
		for _, f := range funds.Items {
			if f.Kind == invest.FundGuiding {
				guiding = append(guiding, f)
			}
		}
		if len(guiding) != 1 || guiding[0].TargetFen != 200_000*wan || guiding[0].Manager != "山东舜恒私募基金管理有限公司" {
			t.Errorf("guiding funds: %+v, want one of 20亿元 with 山东舜恒", guiding)
		}
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), []store.RollupSource{store.InvestRollups()}, store.RebuildOptions{DryRun: true})
		if err != nil || rep.DiffCount != 0 {
			t.Errorf("rebuild of the demo's investment rollups: %d differences %+v (%v)", rep.DiffCount, rep.Diffs, err)
		}
	})
}
