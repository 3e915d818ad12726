package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
	"github.com/innopark/innopark/internal/talent"
)

// A write to a record a zone's newspaper items read (package bulletin) —
// not only to its rollups — moves that zone's data version for every year
// and leaves another zone's alone, module by module; an enterprise renamed
// (other zones' items name their builders) moves everything.
func TestModuleWritesMarkTheirZone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		as := actors(ids)
		now := time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC)
		zibo, yulin := ids.Zones["zibo"], ids.Zones["yulin"]
		inv := investService(db, now, invest.DefaultSettings())
		tal := &talent.Service{Store: store.Talents{DB: db}, Policy: access.DefaultPolicy(talent.Policy()), Now: func() time.Time { return now }}
		lead, err := inv.CreateProject(ctx, as["zibo-staff"], newLead("淄博项目"), civil.MustParse("2023-11-01"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []struct {
			name string
			zone int64 // moved; 0: every zone
			fn   func() error
		}{
			{"invest project", zibo, func() error {
				_, err := inv.CreateProject(ctx, as["zibo-staff"], newLead("淄博项目二"), civil.Date{})
				return err
			}},
			// A trip and a fund of 2023: their rollups alone would move
			// zibo's versions from 2023 on, not the one for 2000 read here.
			{"invest trip", zibo, func() error {
				_, err := inv.CreateTrip(ctx, as["zibo-staff"], invest.Trip{StartOn: civil.MustParse("2023-05-01"), Province: "北京", Leader: "主任", People: 2,
					ProjectIDs: []int64{lead.ID}})
				return err
			}},
			{"invest fund", zibo, func() error {
				_, err := inv.CreateFund(ctx, as["zibo-admin"], invest.Fund{Name: "引导基金", Manager: "管理人", Kind: invest.FundGuiding, TargetFen: 2_000_000_000_00,
					SetUpOn: civil.MustParse("2023-06-01")})
				return err
			}},
			{"talent programme", zibo, func() error {
				_, err := tal.CreateProgramme(ctx, as["zibo-admin"], talent.Programme{Code: "jinyuan", Name: "金鸢领航", Category: "顶尖人才",
					Tiers: []talent.Tier{{Code: "a", Name: "A类", MaxSupportFen: 100_000_000, PeriodYears: 3}}})
				return err
			}},
			{"enterprise renamed", 0, func() error {
				es := store.Enterprises{DB: db}
				e, err := es.Get(ctx, access.System, ids.Enterprises["山东亚华电子股份有限公司"])
				if err != nil {
					return err
				}
				e.Name += "（更名）"
				return es.Update(ctx, as["zibo-admin"], e)
			}},
		} {
			settle(t, db)
			z0, _ := db.ZoneVersion(zibo, 2000)
			y0, _ := db.ZoneVersion(yulin, 2030)
			if err := w.fn(); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			settle(t, db)
			z1, _ := db.ZoneVersion(zibo, 2000)
			y1, _ := db.ZoneVersion(yulin, 2030)
			if z1 == z0 {
				t.Errorf("%s: zibo's version (every year) did not move", w.name)
			}
			if moved := y1 != y0; moved != (w.zone == 0) {
				t.Errorf("%s: yulin's version moved %v", w.name, moved)
			}
		}
	})
}
