package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The page's Zibo figures come out of the demo's batches and titles: 7
// selected by CNIPA's 2023 notice (3 demonstration, 4 advantage), holdings
// moving from 4/1 to 7/5, and the most IP titles of any area of Zibo city.
func TestDemoZiboHonours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, testHash, demo.Honours)
		if err != nil {
			t.Fatal(err)
		}
		ids := res.IDs
		pageDay := time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC)
		pol := access.DefaultPolicy(honour.Policy(), indicator.Policy())
		svc := &honour.Service{Store: store.Honours{DB: db}, Policy: pol, Now: func() time.Time { return pageDay }}
		admin := access.Actor{UserID: 1, Username: "a", Role: access.ZoneAdmin, ZoneID: ids.Zones["zibo"]}

		held := func(on string) (demoN, adv int) {
			t.Helper()
			list, err := svc.Holdings(ctx, admin, ids.Zones["zibo"], civil.MustParse(on))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range list {
				switch h.Programme {
				case honour.CodeIPDemo:
					demoN = h.Held
				case honour.CodeIPAdvantage:
					adv = h.Held
				}
			}
			return demoN, adv
		}
		if d, a := held("2023-11-23"); d != 4 || a != 1 {
			t.Errorf("before the 2023 notice: %d demonstration, %d advantage; want 4 and 1", d, a)
		}
		if d, a := held("2023-12-18"); d != 7 || a != 5 {
			t.Errorf("on the page's day: %d demonstration, %d advantage; want 7 and 5", d, a)
		}
		// The illustrative rechecks after the page keep them in force.
		if d, a := held("2026-12-04"); d != 7 || a != 5 {
			t.Errorf("on 2026-12-04: %d demonstration, %d advantage; want 7 and 5", d, a)
		}

		page, err := svc.Batches(ctx, admin, ids.Zones["zibo"], pagingFirst())
		if err != nil || len(page.Items) == 0 {
			t.Fatalf("batches: %v %v", page, err)
		}
		var latest honour.Batch
		for _, b := range page.Items {
			if b.Title == demo.CNIPA2023Notice {
				if latest, err = svc.Batch(ctx, admin, b.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if latest.Title != demo.CNIPA2023Notice || len(latest.Entries) != 7 {
			t.Fatalf("latest batch %q with %d entries", latest.Title, len(latest.Entries))
		}
		var names []string
		for _, e := range latest.Entries {
			names = append(names, e.EnterpriseName)
		}
		if names[0] != "山东亚华电子股份有限公司" || names[6] != "鲁泰纺织股份有限公司" {
			t.Errorf("entries not in the page's order: %v", names)
		}

		// Held is not "ever awarded": a failed recheck and lapsed terms.
		titles, err := svc.Titles(ctx, admin, ids.Zones["zibo"], 0, civil.MustParse("2023-12-18"))
		if err != nil {
			t.Fatal(err)
		}
		var failed, lapsed int
		for _, tt := range titles {
			if tt.EndReason == honour.EndFailed {
				failed++
			}
			if tt.EndReason == "" && !tt.TermEnd.IsZero() && !civil.MustParse("2023-12-18").Before(tt.TermEnd) {
				lapsed++
			}
		}
		if failed != 1 || lapsed != 3 {
			t.Errorf("failed rechecks %d, lapsed terms %d; want 1 and 3", failed, lapsed)
		}

		// The rollups rank Zibo first among the areas of Zibo city by IP titles held.
		ind := &indicator.Service{Store: store.Indicators{DB: db}, Catalog: indicator.DefaultCatalog(), Policy: pol,
			Now: func() time.Time { return pageDay }}
		p, _ := indicator.Custom(indicator.MonthOf(2023, 11), indicator.MonthOf(2023, 11))
		r, err := ind.Ranking(ctx, access.System, honour.IndicatorHeld, indicator.Dim(honour.DimKind, honour.KindIP), indicator.ScopeCity, "zibo", p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Placing == nil || r.Placing.Rank.Position != 1 || r.Placing.Rank.Tied {
			t.Errorf("Zibo's place in Zibo city: %+v", r.Placing)
		}
		for _, e := range r.Entries {
			if e.Area.Slug == "zibo" && e.Value != indicator.Whole(12) {
				t.Errorf("Zibo's IP titles at the end of 2023-11: %v, want 12", e.Value)
			}
		}
	})
}

func pagingFirst() paging.Request { return paging.Request{Limit: 50} }
