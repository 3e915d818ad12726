package bulk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/bulk"
	"github.com/innopark/innopark/internal/store/storetest"
	"github.com/innopark/innopark/internal/zone"
)

// TestLoader loads a tiny data set both ways (indexes set aside and kept)
// and checks that it reads back through the ordinary store, that ids and
// counters continue after it, and that a database with data is refused.
func TestLoader(t *testing.T) {
	for _, keep := range []bool{false, true} {
		name := "indexes-set-aside"
		if keep {
			name = "indexes-kept"
		}
		// Named subtests: a repeated name gets "#01", and store.Open reads a
		// '#' in a SQLite path as the start of a URI fragment.
		t.Run(name, func(t *testing.T) { testLoader(t, keep) })
	}
}

func testLoader(t *testing.T, keep bool) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
		ld, err := bulk.NewLoader(ctx, db, bulk.Options{KeepIndexes: keep})
		if err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(ld.Regions(ctx, []zone.Region{{Code: "610000", Name: "陕西省", NameEN: "Shaanxi", Level: "province"},
			{Code: "610800", Name: "榆林市", NameEN: "Yulin", Level: "city", ParentCode: "610000"}}))
		must(ld.Areas(ctx, []zone.Area{{ID: 1, Slug: "yulin", Name: "榆林高新区", NameEN: "Yulin", Kind: zone.KindZone,
			Level: zone.LevelNational, CityCode: "610800", ProvinceCode: "610000"}}, at))
		seller := enterprise.Enterprise{ID: 1, USCC: enterprise.MakeUSCC("91610800MA0000001"), Name: "榆林兰炭新材料有限公司", ZoneID: 1,
			Nature: "150", Industry: "C", Listing: "none", CreatedAt: at, UpdatedAt: at}
		must(ld.Enterprises(ctx, []enterprise.Enterprise{seller}))
		must(ld.Points(ctx, []contract.Point{{ID: 1, ZoneID: 1, Code: "01", Name: "登记点", RegionCode: "610800"}}, at))
		c := contract.Contract{ID: 1, ZoneID: 1, SellerID: 1, Version: 1, PointID: 1,
			Seller: contract.Party{Name: seller.Name, USCC: seller.USCC, Nature: "150", Region: "610800", Country: "CN"},
			Terms: contract.Terms{Name: "兰炭尾气制氢技术开发合同", Type: contract.DevEntrusted, Field: "06", SignedOn: civil.MustParse("2023-03-01"),
				ValidFrom: civil.MustParse("2023-03-01"), ValidTo: civil.MustParse("2024-02-29"),
				Buyer:             contract.Party{Name: "西北大学", Nature: "022", Region: "610100", Country: "CN"},
				ContractAmountFen: 100_000_00, Deductions: []contract.Deduction{{Kind: contract.DedEquipment, AmountFen: 10_000_00}},
				Payments: []contract.Payment{{On: civil.MustParse("2023-03-10"), AmountFen: 50_000_00}, {On: civil.MustParse("2023-06-10"), AmountFen: 50_000_00}}},
			Status: contract.Registered, RuleSet: contract.Legacy2000, AcceptedOn: civil.MustParse("2023-03-20"),
			Deadline: civil.MustParse("2023-04-19"), CertifiedOn: civil.MustParse("2023-03-25"), RegNo: "23610801000001"}
		contract.Normalize(&c)
		d := c
		d.ID, d.Name, d.RegNo, d.Deductions, d.Payments = 2, "第二份技术服务合同", "23610801000002", nil, nil
		hist := []contract.HistoryItem{
			{Step: contract.Step{Event: contract.EvCreate, From: contract.New, To: contract.Draft, At: at, Role: access.Enterprise}, ActorName: seller.Name},
			{Step: contract.Step{Event: contract.EvRegister, From: contract.Submitted, To: contract.Registered, At: at, Role: access.Registrar,
				RegNo: c.RegNo}, ActorName: "yulin-registrar"},
		}
		must(ld.Contracts(ctx, []store.ContractImport{{Contract: c, History: hist, CreatedAt: at}, {Contract: d, CreatedAt: at}}))
		must(ld.Rollups(ctx, contract.RollupRows(c, 1)))
		must(ld.Serials(ctx, map[string]int{"legacy2000:23610801": 2}))
		progs := honour.DefaultProgrammes()
		byID := map[int64]honour.Programme{}
		for i := range progs {
			progs[i].ID = int64(i + 1)
			byID[progs[i].ID] = progs[i]
		}
		must(ld.HonourProgrammes(ctx, progs, at))
		adv := progs[1] // cnipa_ip_advantage
		b := honour.Batch{ID: 1, ZoneID: 1, Title: "关于确定2020年度国家知识产权优势企业的通知", Issuer: "国家知识产权局",
			PublishedOn: civil.MustParse("2020-12-01"), EffectiveOn: civil.MustParse("2020-12-01"),
			Entries: []honour.Entry{{ID: 1, Row: 1, ProgrammeID: adv.ID, EnterpriseID: 1, USCC: seller.USCC, EnterpriseName: seller.Name, Result: honour.New}}}
		plan, err := honour.Apply(b, byID, nil)
		must(err)
		title := plan.Start[0]
		title.ID = 1
		must(ld.HonourBatches(ctx, []bulk.HonourBatch{{Batch: b, CreatedByName: "system", CreatedAt: at}}))
		must(ld.HonourTitles(ctx, []honour.Title{title}))
		if _, err := ld.Finish(ctx, func(ctx context.Context, tx *store.Tx) error {
			return tx.Audit(ctx, access.System, store.Change{Action: "gen", Entity: "dataset"})
		}); err != nil {
			t.Fatal(err)
		}

		cs := store.Contracts{DB: db}
		rec, err := cs.Get(ctx, access.System, 1)
		if err != nil {
			t.Fatal(err)
		}
		if rec.RegNo != c.RegNo || len(rec.Deductions) != 1 || len(rec.Payments) != 2 || rec.TechAmountFen != 90_000_00 {
			t.Errorf("read back %+v", rec.Contract)
		}
		hp, err := cs.History(ctx, access.System, 1, paging.Request{Limit: 10})
		h := hp.Items // newest first
		if err != nil || len(h) != 2 || h[0].RegNo != c.RegNo {
			t.Errorf("history %+v, %v", h, err)
		}
		// The next contract gets the next id (PostgreSQL's sequence moved on).
		e := d
		e.ID, e.Name, e.RegNo, e.Status, e.CertifiedOn = 0, "第三份合同", "", contract.Draft, civil.Date{}
		id, err := cs.Create(ctx, access.System, contract.NewChange(contract.Contract{}, e, contract.Step{Event: contract.EvCreate, From: contract.New, To: contract.Draft, At: at}))
		if err != nil || id != 3 {
			t.Errorf("next contract id %d, %v; want 3", id, err)
		}
		var n int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM contract_events").Scan(&n); err != nil || n != 3 {
			t.Errorf("%d events (%v), want 3", n, err)
		}

		// Honours: held as loaded; the programmes are those a start ensures;
		// a recheck recorded afterwards renews the loaded title, and the
		// new rows get the next ids.
		hs := store.Honours{DB: db}
		must(hs.EnsureProgrammes(ctx, honour.DefaultProgrammes()))
		if list, err := hs.Programmes(ctx); err != nil || len(list) != len(progs) {
			t.Errorf("programmes after the load: %d, %v", len(list), err)
		}
		held, err := hs.Holdings(ctx, access.System, 1, civil.MustParse("2021-06-01"))
		if err != nil || held[adv.ID] != 1 {
			t.Errorf("held on 2021-06-01: %v, %v", held, err)
		}
		next := honour.Batch{ZoneID: 1, Title: "关于确定2023年度通过复核的国家知识产权优势企业的通知", Issuer: "国家知识产权局",
			PublishedOn: civil.MustParse("2023-11-24"), EffectiveOn: civil.MustParse("2023-11-24"),
			Entries: []honour.Entry{{Row: 1, ProgrammeID: adv.ID, EnterpriseID: 1, USCC: seller.USCC, EnterpriseName: seller.Name, Result: honour.RecheckPass}}}
		rec2, p2, err := hs.RecordBatch(ctx, access.System, next, func(held []honour.Title) (honour.Plan, error) {
			return honour.Apply(next, byID, held)
		})
		if err != nil || rec2.ID != 2 || rec2.Entries[0].ID != 2 || len(p2.Start) != 1 || len(p2.End) != 1 || p2.End[0].TitleID != 1 {
			t.Errorf("recheck after the load: batch %d, entry ids %+v, plan %+v, %v", rec2.ID, rec2.Entries, p2, err)
		}
		var lastTitle int64
		if err := db.Read().QueryRow(ctx, "SELECT MAX(id) FROM honour_titles").Scan(&lastTitle); err != nil || lastTitle != 2 {
			t.Errorf("last title id %d (%v), want 2", lastTitle, err)
		}
		if _, err := bulk.NewLoader(ctx, db, bulk.Options{}); !errors.Is(err, bulk.ErrNotEmpty) {
			t.Errorf("loader on a database with data: %v, want ErrNotEmpty", err)
		}
	})
}
