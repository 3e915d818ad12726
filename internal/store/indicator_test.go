package store_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
	"github.com/innopark/innopark/internal/zone"
)

// indNow is the tests' clock: the newspaper's date.
var indNow = time.Date(2023, 12, 18, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

func indService(db *store.DB) *indicator.Service {
	return &indicator.Service{Store: store.Indicators{DB: db}, Catalog: indicator.DefaultCatalog(),
		Policy: access.DefaultPolicy(indicator.Policy()), Now: func() time.Time { return indNow }}
}

// indActors adds the Yulin roles to the foundation tests' actors.
func indActors(ids *demo.IDs) map[string]access.Actor {
	m := actors(ids)
	m["yulin-city"] = access.Actor{UserID: 10, Username: "yc", Role: access.City, RegionCode: "610800"}
	m["yulin-reg"] = access.Actor{UserID: 11, Username: "yr", Role: access.Registrar, ZoneID: ids.Zones["yulin"]}
	m["shaanxi"] = access.Actor{UserID: 12, Username: "sx", Role: access.Province, RegionCode: "610000"}
	return m
}

func addRollups(t *testing.T, db *store.DB, rows ...indicator.Row) {
	t.Helper()
	err := db.Transact(context.Background(), func(tx *store.Tx) error { return tx.AddRollups(context.Background(), rows) })
	if err != nil {
		t.Fatal(err)
	}
}

func row(zone int64, ym int, id string, dim indicator.DimKey, v int64) indicator.Row {
	return indicator.Row{ZoneID: zone, Month: indicator.YM(ym), Indicator: id, Dim: dim, Value: v}
}

func ytd(y, m int) indicator.Period { return indicator.Must(indicator.YTD(y, m)) }

func wantKind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if errs.KindOf(err) != k {
		t.Fatalf("err = %v, want kind %s", err, k)
	}
}

// The store's readers answer exactly what the in-memory source answers for
// the same rows, on random data: sums, stocks carried forward, months,
// breakdowns, and every area at once.
func TestRollupReadersMatchMemory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		areas := []int64{ids.Zones["yulin"], ids.Zones["yulin-yuyang"], ids.Zones["zibo"]}
		rng := rand.New(rand.NewPCG(1, 2))
		var all []indicator.Row
		for range 6 {
			var batch []indicator.Row
			for range 40 {
				ym := indicator.MonthOf(2022+rng.IntN(2), 1+rng.IntN(12))
				area := areas[rng.IntN(len(areas))]
				v := rng.Int64N(1000) - 100
				id := indicator.TechContractAmount
				dim := indicator.Total
				switch rng.IntN(3) {
				case 1:
					dim = indicator.Dim(indicator.DimField, []string{"01", "02", "05"}[rng.IntN(3)])
				case 2:
					id, v = indicator.StatEmployees, rng.Int64N(5000)
				}
				batch = append(batch, row(area, int(ym), id, dim, v))
			}
			addRollups(t, db, batch...)
			all = append(all, batch...)
		}
		// AddRollups leaves no row for a key whose increments were all zero;
		// neither may the memory source, so merge and drop those first.
		merged := map[[4]any]int64{}
		for _, r := range all {
			merged[[4]any{r.ZoneID, r.Indicator, r.Dim, r.Month}] += r.Value
		}
		var kept []indicator.Row
		for _, r := range all {
			k := [4]any{r.ZoneID, r.Indicator, r.Dim, r.Month}
			if v, ok := merged[k]; ok {
				kept = append(kept, row(r.ZoneID, int(r.Month), r.Indicator, r.Dim, v))
				delete(merged, k)
			}
		}
		memMulti := indicator.NewMemMulti(kept...)
		s := store.Indicators{DB: db}
		for range 60 {
			from := indicator.MonthOf(2021+rng.IntN(3), 1+rng.IntN(12))
			p := indicator.Period{From: from, To: from.Add(rng.IntN(14)), Kind: indicator.KindCustom}
			area := areas[rng.IntN(len(areas))]
			var mine []indicator.Row
			for _, r := range kept {
				if r.ZoneID == area {
					mine = append(mine, r)
				}
			}
			mem := indicator.NewMemSource(mine...)
			rd := s.Reader(area)
			for _, dim := range []indicator.DimKey{indicator.Total, indicator.Dim(indicator.DimField, "02")} {
				gs, gok, err := rd.Sum(ctx, indicator.TechContractAmount, dim, p)
				ws, wok, _ := mem.Sum(ctx, indicator.TechContractAmount, dim, p)
				if err != nil || gs != ws || gok != wok {
					t.Fatalf("Sum %v %s: got %d %v %v, want %d %v", p, dim, gs, gok, err, ws, wok)
				}
			}
			ga, gok, err := rd.At(ctx, indicator.StatEmployees, indicator.Total, p.To)
			wa, wok, _ := mem.At(ctx, indicator.StatEmployees, indicator.Total, p.To)
			if err != nil || ga != wa || gok != wok {
				t.Fatalf("At %v: got %d %v %v, want %d %v", p.To, ga, gok, err, wa, wok)
			}
			gm, err := rd.Months(ctx, indicator.TechContractAmount, indicator.Total, p.From, p.To)
			wm, _ := mem.Months(ctx, indicator.TechContractAmount, indicator.Total, p.From, p.To)
			if err != nil || !cmp.Equal(gm, wm) {
				t.Fatalf("Months %v: %v", p, cmp.Diff(wm, gm))
			}
			gb, err := rd.Breakdown(ctx, indicator.TechContractAmount, indicator.DimField, p)
			wb, _ := mem.Breakdown(ctx, indicator.TechContractAmount, indicator.DimField, p)
			if err != nil || !cmp.Equal(gb, wb) {
				t.Fatalf("Breakdown %v: %v", p, cmp.Diff(wb, gb))
			}
			multi := s.Multi(areas)
			gsa, err := multi.SumAll(ctx, indicator.TechContractAmount, indicator.Total, p)
			wsa, _ := memMulti.SumAll(ctx, indicator.TechContractAmount, indicator.Total, p)
			if err != nil || !cmp.Equal(gsa, wsa) {
				t.Fatalf("SumAll %v: %v", p, cmp.Diff(wsa, gsa))
			}
			gaa, err := multi.AtAll(ctx, indicator.StatEmployees, indicator.Total, p.To)
			waa, _ := memMulti.AtAll(ctx, indicator.StatEmployees, indicator.Total, p.To)
			if err != nil || !cmp.Equal(gaa, waa) {
				t.Fatalf("AtAll %v: %v", p.To, cmp.Diff(waa, gaa))
			}
		}
	})
}

// Yulin's figures as the page states them, from rollups: value, the same
// months of 2022, +15%, the target Yulin city set and 105% of it, the share
// of the year elapsed (334 of 365 days to November 30), and the rank in the city with counties beside it.
func TestFigureYoYTargetAndRank(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		yulin := ids.Zones["yulin"]
		amount := indicator.TechContractAmount
		addRollups(t, db,
			row(yulin, 202203, amount, "", 13_056_000_000), row(yulin, 202211, amount, "", 20_000_000_000),
			row(yulin, 202212, amount, "", 9_999_000_000), // outside 1-11: not in the base
			row(yulin, 202302, amount, "", 18_016_000_000), row(yulin, 202311, amount, "", 20_000_000_000),
			// Two counties tie; the others have no rows at all: unranked.
			row(ids.Zones["yulin-shenmu"], 202305, amount, "", 5_000_000_000),
			row(ids.Zones["yulin-fugu"], 202306, amount, "", 5_000_000_000),
		)
		if _, err := svc.SetTarget(ctx, who["yulin-city"], "yulin", amount, 2023, 36_200_000_000); err != nil {
			t.Fatal(err)
		}
		p := ytd(2023, 11)
		f, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: amount, Period: p, Scope: indicator.ScopeCity})
		if err != nil {
			t.Fatal(err)
		}
		if f.Value != indicator.Whole(38_016_000_000) || f.Prev != indicator.Whole(33_056_000_000) || !f.Has || !f.HasPrev {
			t.Errorf("value %v prev %v", f.Value, f.Prev)
		}
		if f.Change.Status != indicator.Up || f.Change.Percent(1) != 150 {
			t.Errorf("yoy %v %d", f.Change.Status, f.Change.Percent(1))
		}
		if f.Target == nil || f.Target.Value != 36_200_000_000 || f.Target.SetByName != "yc" {
			t.Fatalf("target %+v", f.Target)
		}
		if f.Completion.Round(1000) != 1050 || f.Progress.Elapsed != (indicator.Frac{Num: 334, Den: 365}) || !f.Progress.Ahead() {
			t.Errorf("completion %v progress %+v", f.Completion, f.Progress)
		}
		if diff := cmp.Diff(&indicator.Placing{Scope: indicator.ScopeCity, Region: "榆林市", RegionEN: "Yulin",
			Rank: indicator.Rank{Position: 1, Of: 3}, WithData: 3}, f.Rank); diff != "" {
			t.Errorf("rank (-want +got):\n%s", diff)
		}

		// The ranking with ties: 1, 2=, 2= of the three with data; the four
		// without are listed after them, unranked — not tied at 0.
		r, err := svc.Ranking(ctx, who["yulin-city"], amount, indicator.Total, indicator.ScopeCity, "yulin", p)
		if err != nil {
			t.Fatal(err)
		}
		var got []indicator.Rank
		for _, e := range r.Entries {
			got = append(got, e.Rank)
			if !e.Visible || (e.Has && e.Value.Sign() == 0) {
				t.Errorf("city user should see %s's value: %+v", e.Area.Slug, e)
			}
		}
		want := []indicator.Rank{{Position: 1, Of: 3, Tied: false}, {Position: 2, Of: 3, Tied: true}, {Position: 2, Of: 3, Tied: true}, {}, {}, {}, {}}
		for _, e := range r.Entries[3:] {
			if e.Has || e.Rank.Valid() {
				t.Errorf("%s has no data but %+v", e.Area.Slug, e)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ranks (-want +got):\n%s", diff)
		}

		// A zone sees every position and its own value, not the others'.
		r, err = svc.Ranking(ctx, who["yulin-admin"], amount, indicator.Total, indicator.ScopeCity, "yulin", p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Entries {
			own := e.Area.ID == yulin
			if e.Visible != own || (!own && e.Value.Sign() != 0) {
				t.Errorf("zone user sees %s: %+v", e.Area.Slug, e)
			}
		}
		if r.Placing == nil || r.Placing.Rank.Position != 1 {
			t.Errorf("placing %+v", r.Placing)
		}
		// …and asks about no other zone's ranking.
		_, err = svc.Ranking(ctx, who["yulin-admin"], amount, indicator.Total, indicator.ScopeCity, "zibo", p)
		wantKind(t, err, errs.NotFound)
		_, err = svc.Figure(ctx, who["zibo-city"], "yulin", indicator.Query{Indicator: amount, Period: p})
		wantKind(t, err, errs.NotFound)
		_, err = svc.Figure(ctx, who["yahua"], "zibo", indicator.Query{Indicator: amount, Period: p})
		wantKind(t, err, errs.Forbidden)

		// National: the five national zones; a zone user sees its own value only.
		r, err = svc.Ranking(ctx, who["yulin-admin"], amount, indicator.Total, indicator.ScopeNational, "", p)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Entries) != 5 || r.Entries[0].Area.ID != yulin || r.Entries[0].Rank != (indicator.Rank{Position: 1, Of: 1}) || r.Placing != nil || r.Entries[1].Rank.Valid() {
			t.Errorf("national ranking %+v", r)
		}
	})
}

// Periods and YoY through the store: a zone's first year has no base and no
// rate (no division by zero); nothing in either year is flat; February of a
// leap year is one month like any other.
func TestFigurePeriods(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		zibo := ids.Zones["zibo"]
		count := indicator.TechContractCount
		addRollups(t, db, row(zibo, 202302, count, "", 4), row(zibo, 202402, count, "", 6), row(zibo, 202403, count, "", 1))
		tests := []struct {
			name   string
			p      indicator.Period
			value  int64
			status indicator.Status
			pct    int64
		}{
			{"first year", indicator.Must(indicator.Month(2023, 2)), 4, indicator.NoBase, 0},
			{"leap February", indicator.Must(indicator.Month(2024, 2)), 6, indicator.Up, 50},
			{"quarter", indicator.Must(indicator.Quarter(2024, 1)), 7, indicator.Up, 75},
			{"nothing either year", indicator.Must(indicator.Year(2021)), 0, indicator.Flat, 0},
			{"fell to nothing", indicator.Must(indicator.Month(2025, 3)), 0, indicator.Down, -100},
		}
		for _, tt := range tests {
			f, err := svc.Figure(ctx, who["zibo-staff"], "zibo", indicator.Query{Indicator: count, Period: tt.p})
			if err != nil {
				t.Fatal(err)
			}
			if f.Value.Num != tt.value || f.Change.Status != tt.status || f.Change.Percent(0) != tt.pct || f.Target != nil || f.Completion != nil {
				t.Errorf("%s: value %v status %v pct %d", tt.name, f.Value, f.Change.Status, f.Change.Percent(0))
			}
		}
	})
}

// Only city and province users set targets, only for zones of their region,
// and every change is in the audit log.
func TestTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		amount := indicator.TechContractAmount
		for _, name := range []string{"yulin-admin", "yulin-reg", "national", "yahua"} {
			_, err := svc.SetTarget(ctx, who[name], "yulin", amount, 2023, 100)
			wantKind(t, err, errs.Forbidden)
		}
		_, err := svc.SetTarget(ctx, who["zibo-city"], "yulin", amount, 2023, 100_00)
		wantKind(t, err, errs.NotFound)
		_, err = svc.SetTarget(ctx, who["yulin-city"], "yulin-shenmu", amount, 2023, 100_00)
		wantKind(t, err, errs.Invalid)
		_, err = svc.SetTarget(ctx, who["yulin-city"], "yulin", indicator.StatRDIntensity, 2023, 3)
		wantKind(t, err, errs.Invalid)
		_, err = svc.SetTarget(ctx, who["yulin-city"], "yulin", amount, 2023, 0)
		wantKind(t, err, errs.Invalid)
		_, err = svc.SetTarget(ctx, who["yulin-city"], "yulin", "no.such", 2023, 100)
		wantKind(t, err, errs.NotFound)

		if _, err := svc.SetTarget(ctx, who["shaanxi"], "yulin", amount, 2023, 30_000_000_000); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetTarget(ctx, who["yulin-city"], "yulin", amount, 2023, 36_200_000_000); err != nil {
			t.Fatal(err)
		}
		area, lines, err := svc.TargetLines(ctx, who["yulin-admin"], "yulin", 2023)
		if err != nil || area.Slug != "yulin" {
			t.Fatal(err)
		}
		found := false
		for _, l := range lines {
			if l.Def.Agg == indicator.AggRatio {
				t.Errorf("ratio %s offered for a target", l.Def.ID)
			}
			if l.Def.ID == amount {
				found = l.Target != nil && l.Target.Value == 36_200_000_000 && l.Period == ytd(2023, 12)
			}
		}
		if !found {
			t.Errorf("target lines %+v", lines)
		}
		// Another zone's staff do not see Yulin's targets.
		_, _, err = svc.TargetLines(ctx, who["zibo-staff"], "yulin", 2023)
		wantKind(t, err, errs.NotFound)

		var n, updates int
		err = db.Read().QueryRow(ctx, "SELECT COUNT(*), SUM(CASE WHEN action = 'update' THEN 1 ELSE 0 END) FROM audit_log WHERE entity = 'target'").Scan(&n, &updates)
		if err != nil || n != 2 || updates != 1 {
			t.Errorf("audit: %d records, %d updates, %v", n, updates, err)
		}
		if err := svc.DeleteTarget(ctx, who["yulin-city"], "yulin", amount, 2023); err != nil {
			t.Fatal(err)
		}
		wantKind(t, svc.DeleteTarget(ctx, who["yulin-city"], "yulin", amount, 2023), errs.NotFound)
	})
}

// Entered statistics go into the rollups in the same transaction: flows at
// their period's last month, stocks for the month they are held at; one
// period's entry replaces itself, overlaps are refused, and a ratio of an
// entered stock and a derived flow works.
func TestStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		p := ytd(2023, 11)
		out := indicator.StatGrossOutput
		st, replaced, err := svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", out, p, 100_000_000)
		if err != nil || replaced {
			t.Fatal(err, replaced)
		}
		if _, replaced, err = svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", out, p, 120_000_000); err != nil || !replaced {
			t.Fatal(err, replaced)
		}
		_, _, err = svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", out, indicator.Must(indicator.Quarter(2023, 4)), 5)
		wantKind(t, err, errs.Conflict)
		if _, _, err = svc.EnterStatistic(ctx, who["yulin-city"], "yulin-shenmu", out, p, 7); err != nil {
			t.Fatal(err) // the city enters its counties' figures
		}
		_, _, err = svc.EnterStatistic(ctx, who["yulin-reg"], "yulin", out, p, 5)
		wantKind(t, err, errs.Forbidden)
		_, _, err = svc.EnterStatistic(ctx, who["zibo-admin"], "yulin", out, p, 5)
		wantKind(t, err, errs.NotFound)
		_, _, err = svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", indicator.TechContractAmount, p, 5)
		wantKind(t, err, errs.Invalid)
		_, _, err = svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", out, ytd(2024, 2), 5)
		wantKind(t, err, errs.Invalid)

		emp, _, err := svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", indicator.StatEmployees, p, 1_000)
		if err != nil || emp.Period != indicator.Must(indicator.Month(2023, 11)) {
			t.Fatalf("stock entered for %v: %v", emp.Period, err)
		}
		addRollups(t, db, row(ids.Zones["yulin"], 202305, indicator.TechContractAmount, "", 38_016_000_000))
		f, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: out, Period: indicator.Must(indicator.Year(2023))})
		if err != nil || f.Value.Num != 120_000_000 {
			t.Fatalf("gross output %v %v", f.Value, err)
		}
		pp, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: indicator.TechContractAmountPerPerson, Period: p})
		if err != nil || pp.Value != indicator.Whole(38_016_000) {
			t.Fatalf("amount per person %v %v", pp.Value, err)
		}
		_, page, err := svc.Statistics(ctx, who["yulin-admin"], "yulin", 2023, paging.Request{})
		list := page.Items
		if err != nil || len(list) != 2 || list[1].Indicator != out || list[1].Value != 120_000_000 || list[1].EnteredByName != "y" {
			t.Fatalf("list %+v %v", list, err)
		}
		_, err = svc.DeleteStatistic(ctx, who["zibo-admin"], st.ID)
		wantKind(t, err, errs.NotFound)
		if _, err := svc.DeleteStatistic(ctx, who["yulin-admin"], st.ID); err != nil {
			t.Fatal(err)
		}
		f, err = svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: out, Period: p})
		if err != nil || f.Has {
			t.Fatalf("deleted entry still counts: %+v %v", f.Value, err)
		}
		var n int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'statistic'").Scan(&n); err != nil || n != 5 {
			t.Errorf("audit records %d %v", n, err)
		}
	})
}

// A stock last entered before the period is shown with its date and
// without YoY, and ratios built on it carry the date too; an entry within
// the period is current. The latest month with data is found per area.
func TestStaleStockAndLatestMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		svc.Now = func() time.Time { return time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC) }
		yulin := ids.Zones["yulin"]
		emp := indicator.StatEmployees
		if _, _, err := svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", emp, indicator.Must(indicator.Month(2023, 12)), 52_000); err != nil {
			t.Fatal(err)
		}
		addRollups(t, db, row(yulin, 202603, indicator.TechContractAmount, "", 5_200_000_000))
		p := ytd(2026, 12)
		f, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: emp, Period: p})
		if err != nil {
			t.Fatal(err)
		}
		if !f.Has || f.Value != indicator.Whole(52_000) || f.AsOf == nil || *f.AsOf != indicator.MonthOf(2023, 12) || f.Change != (indicator.Change{}) {
			t.Errorf("stale stock: %+v", f)
		}
		if got := indicator.AsOfLabel(i18n.ZH, *f.AsOf); got != "截至2023年" {
			t.Errorf("label %q", got)
		}
		pp, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: indicator.TechContractAmountPerPerson, Period: p})
		if err != nil || pp.AsOf == nil || *pp.AsOf != indicator.MonthOf(2023, 12) {
			t.Errorf("ratio on a stale stock: %+v %v", pp, err)
		}
		cur, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: emp, Period: ytd(2023, 12)})
		if err != nil || cur.AsOf != nil {
			t.Errorf("current stock dated: %+v %v", cur, err)
		}
		_, lines, err := svc.TargetLines(ctx, who["yulin-admin"], "yulin", 2026)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if l.Def.ID == emp && (l.AsOf == nil || *l.AsOf != indicator.MonthOf(2023, 12)) {
				t.Errorf("target line %+v", l)
			}
		}

		st := store.Indicators{DB: db}
		m, ok, err := st.LatestMonth(ctx, []int64{yulin}, []string{indicator.TechContractAmount, emp}, indicator.MonthOf(2026, 12))
		if err != nil || !ok || m != indicator.MonthOf(2026, 3) {
			t.Errorf("latest = %v %v %v", m, ok, err)
		}
		m, ok, err = st.LatestMonth(ctx, []int64{yulin}, []string{indicator.TechContractAmount, emp}, indicator.MonthOf(2026, 2))
		if err != nil || !ok || m != indicator.MonthOf(2023, 12) {
			t.Errorf("latest up to 2026-02 = %v %v %v", m, ok, err)
		}
		if _, ok, err := st.LatestMonth(ctx, []int64{ids.Zones["zibo"]}, []string{indicator.TechContractAmount}, indicator.MonthOf(2026, 12)); ok || err != nil {
			t.Errorf("zibo has no rows: %v %v", ok, err)
		}
		a := []zone.Area{{ID: yulin}}
		if m, ok, err := svc.LatestWithData(ctx, who["yulin-admin"], a, []string{indicator.TechContractAmountPerPerson}, indicator.MonthOf(2026, 12)); err != nil || !ok || m != indicator.MonthOf(2026, 3) {
			t.Errorf("latest with data via a ratio = %v %v %v", m, ok, err)
		}
		// The first month with data, for the month pickers: the stock
		// entered for 2023-12 comes before the contracts of 2026-03.
		if m, ok, err := st.FirstMonth(ctx, []int64{yulin}, []string{indicator.TechContractAmount, emp}); err != nil || !ok || m != indicator.MonthOf(2023, 12) {
			t.Errorf("first = %v %v %v", m, ok, err)
		}
		if m, ok, err := st.FirstMonth(ctx, []int64{yulin}, []string{indicator.TechContractAmount}); err != nil || !ok || m != indicator.MonthOf(2026, 3) {
			t.Errorf("first contracts month = %v %v %v", m, ok, err)
		}
		if _, ok, err := st.FirstMonth(ctx, []int64{ids.Zones["zibo"]}, []string{indicator.TechContractAmount}); ok || err != nil {
			t.Errorf("zibo has no rows: %v %v", ok, err)
		}
		if m, ok, err := svc.FirstWithData(ctx, who["yulin-admin"], a, []string{indicator.TechContractAmountPerPerson}); err != nil || !ok || m != indicator.MonthOf(2023, 12) {
			t.Errorf("first with data via a ratio = %v %v %v", m, ok, err)
		}
	})
}

// Per-indicator ranges: a score of 980000.00分 is refused naming the field
// and the range, an outlier inside the hard range needs a reason, which is
// stored with the entry and read back.
func TestStatisticRanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		nov := indicator.Must(indicator.Month(2023, 11))
		env := indicator.StatBusinessEnv
		_, _, err := svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", env, nov, 98_000_000)
		var e *errs.Error
		if !errors.As(err, &e) || e.Fields["value"].Key != "indicator.error.stat_out_of_range" {
			t.Fatalf("980000.00分: %v", err)
		}
		if args := e.Fields["value"].Args; len(args) != 5 || args[1] != "980,000.00" || args[2] != "0.00" || args[3] != "100.00" {
			t.Errorf("message args %v", args)
		}
		_, _, err = svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", env, nov, 3_000)
		if !errors.As(err, &e) || e.Fields["note"].Key != "indicator.error.stat_outlier" {
			t.Fatalf("30分 without a reason: %v", err)
		}
		st, _, err := svc.EnterStatisticNoted(ctx, who["yulin-admin"], "yulin", env, nov, 3_000, "  评价口径调整，全省统一下调  ")
		if err != nil || st.Note != "评价口径调整，全省统一下调" {
			t.Fatalf("with a reason: %+v %v", st, err)
		}
		_, page, err := svc.Statistics(ctx, who["yulin-admin"], "yulin", 2023, paging.Request{})
		if err != nil || len(page.Items) != 1 || page.Items[0].Note != "评价口径调整，全省统一下调" {
			t.Errorf("stored note: %+v %v", page.Items, err)
		}
		if _, _, err := svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", env, nov, 8_420); err != nil {
			t.Errorf("84.20分: %v", err)
		}
		_, _, err = svc.EnterStatistic(ctx, who["yulin-admin"], "yulin", indicator.StatGrossOutput, ytd(2023, 11), 6*100_000_000_000_000)
		wantKind(t, err, errs.Invalid)
	})
}

// A prefetch asked for a year's targets holds exactly the zone's targets
// of that year (none: held as none), read in the same statement as the
// rollups, alone or beside them; the figure's target and completion come
// from them.
func TestPrefetchReadsTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		amount := indicator.TechContractAmount
		for _, tg := range []struct {
			zone, by string
			year     int
			v        int64
		}{{"yulin", "yulin-city", 2023, 36_200_000_000}, {"yulin", "yulin-city", 2022, 1_000}, {"zibo", "zibo-city", 2023, 5_000}} {
			if _, err := svc.SetTarget(ctx, who[tg.by], tg.zone, amount, tg.year, tg.v); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.SetTarget(ctx, who["yulin-city"], "yulin", indicator.TechContractCount, 2023, 700); err != nil {
			t.Fatal(err)
		}
		addRollups(t, db, row(ids.Zones["yulin"], 202311, amount, indicator.Total, 38_000_000_000))
		s := store.Indicators{DB: db}
		for _, c := range []struct {
			zone string
			q    indicator.PrefetchQuery
			want map[string]int64
		}{
			{"yulin", indicator.PrefetchQuery{Targets: 2023}, map[string]int64{amount: 36_200_000_000, indicator.TechContractCount: 700}},
			{"yulin", indicator.PrefetchQuery{Sums: []string{amount}, Floor: 202201, To: 202311, From: 202301, Targets: 2023},
				map[string]int64{amount: 36_200_000_000, indicator.TechContractCount: 700}},
			{"yulin", indicator.PrefetchQuery{Sums: []string{amount}, Floor: 202201, To: 202211, From: 202201, Targets: 2022}, map[string]int64{amount: 1_000}},
			{"zibo", indicator.PrefetchQuery{Targets: 2023}, map[string]int64{amount: 5_000}},
			{"yulin-yuyang", indicator.PrefetchQuery{Targets: 2023}, map[string]int64{}},
		} {
			rd, err := s.Prefetch(ctx, ids.Zones[c.zone], c.q)
			if err != nil {
				t.Fatal(err)
			}
			snap, ok := rd.(*indicator.Snapshot)
			if !ok {
				t.Fatalf("%s %+v: a %T, not a snapshot", c.zone, c.q, rd)
			}
			list, ok := snap.Targets(c.q.Targets)
			if !ok {
				t.Fatalf("%s %+v: targets not held", c.zone, c.q)
			}
			got := map[string]int64{}
			for _, tg := range list {
				if tg.ZoneID != ids.Zones[c.zone] || tg.Year != c.q.Targets || tg.SetByName == "" {
					t.Errorf("%s: target %+v of another zone or year", c.zone, tg)
				}
				got[tg.Indicator] = tg.Value
			}
			if !cmp.Equal(got, c.want) {
				t.Errorf("%s %d: %v", c.zone, c.q.Targets, cmp.Diff(c.want, got))
			}
			if _, ok := snap.Targets(c.q.Targets - 1); ok {
				t.Errorf("%s: targets of %d held, only %d was read", c.zone, c.q.Targets-1, c.q.Targets)
			}
			if c.q.Sums != nil {
				if v, has, err := snap.Sum(ctx, amount, indicator.Total, indicator.Period{From: c.q.From, To: c.q.To}); err != nil || has != (c.q.Targets == 2023) || (has && v != 38_000_000_000) {
					t.Errorf("%s: sum beside the targets: %d %v %v", c.zone, v, has, err)
				}
			}
		}
		f, err := svc.Figure(ctx, who["yulin-admin"], "yulin", indicator.Query{Indicator: amount, Period: ytd(2023, 11)})
		if err != nil || f.Target == nil || f.Target.Value != 36_200_000_000 || f.Completion == nil {
			t.Fatalf("figure's target from the prefetch: %+v %v", f.Target, err)
		}
	})
}

// The rollups' primary key holds value, so a prepared statement's generic
// plan (PostgreSQL's choice after five executions) reads one zone's rows
// index-only from that key instead of scanning every zone's rows of the
// indicator in rollups_ranking (migration 0028).
func TestRollupsKeyCoversValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Engine() != store.Postgres {
			t.Skip("SQLite's rollups is WITHOUT ROWID: its key holds every column")
		}
		ids := world(t, db)
		ctx := context.Background()
		var rows []indicator.Row
		for _, z := range ids.Zones {
			for m := 1; m <= 12; m++ {
				for _, id := range []string{indicator.TechContractAmount, indicator.TechContractCount, indicator.StatEmployees} {
					rows = append(rows, row(z, 202300+m, id, indicator.Total, int64(m)))
				}
			}
		}
		addRollups(t, db, rows...)
		var def string
		if err := db.Read().QueryRow(ctx, "SELECT pg_get_indexdef('rollups_pkey'::regclass)").Scan(&def); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(def, "(zone_id, indicator, dim, ym) INCLUDE (value)") {
			t.Fatalf("rollups_pkey: %s", def)
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for _, s := range []string{"ANALYZE rollups", "SET LOCAL plan_cache_mode = force_generic_plan", "SET LOCAL enable_seqscan = off",
				"PREPARE zone_rows (bigint, text, int, int, text, text) AS SELECT indicator, ym, value FROM rollups WHERE zone_id = $1 AND dim = $2 AND ym BETWEEN $3 AND $4 AND indicator IN ($5, $6)"} {
				if _, err := tx.Exec(ctx, s); err != nil {
					return err
				}
			}
			var plan []string
			rs, err := tx.Query(ctx, "EXPLAIN EXECUTE zone_rows (1, '', 202301, 202312, 'a', 'b')")
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				var line string
				if err := rs.Scan(&line); err != nil {
					return err
				}
				plan = append(plan, line)
			}
			if err := rs.Err(); err != nil {
				return err
			}
			if p := strings.Join(plan, "\n"); !strings.Contains(p, "Index Only Scan using rollups_pkey") {
				t.Errorf("generic plan of one zone's rows:\n%s", p)
			}
			_, err = tx.Exec(ctx, "DEALLOCATE zone_rows")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Without a figure cache (as right after the zone's data changed), a zone
// dashboard and a figure each cost one statement once the area, the
// ranking scopes and the other zones' values are known: the prefetch,
// which reads the targets too. A change in the zone has its rank values
// read again (one statement per ranked indicator).
func TestUncachedDashboardStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		svc.Rankings = indicator.NewRankings(db)
		amount := indicator.TechContractAmount
		if _, err := svc.SetTarget(ctx, who["yulin-city"], "yulin", amount, 2023, 36_200_000_000); err != nil {
			t.Fatal(err)
		}
		addRollups(t, db, row(ids.Zones["yulin"], 202311, amount, indicator.Total, 38_000_000_000),
			row(ids.Zones["zibo"], 202310, amount, indicator.Total, 1_000))
		p, spec, national := ytd(2023, 11), indicator.DefaultDashboard(), who["national"]
		count := func(what string, fn func(ctx context.Context) error) int64 {
			t.Helper()
			qctx, c := store.CountQueries(ctx)
			if err := fn(qctx); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			return c.N()
		}
		dash := func(ctx context.Context) error {
			d, err := svc.Dashboard(ctx, national, "yulin", p, spec)
			targeted := false
			for _, f := range d.Figures {
				targeted = targeted || (f.Def.ID == amount && f.Target != nil && f.Target.Value == 36_200_000_000)
			}
			if err == nil && (!targeted || len(d.Ranks) == 0) {
				t.Errorf("dashboard without its target (%v) or ranks (%d)", targeted, len(d.Ranks))
			}
			return err
		}
		fig := func(ctx context.Context) error {
			_, err := svc.Figure(ctx, national, "yulin", indicator.Query{Indicator: amount, Period: p})
			return err
		}
		count("first dashboard", dash)
		// The versions the kept area and values are checked against are
		// known once the watcher of other nodes' changes runs.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if _, ok := db.BaseVersion(); ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the change watcher did not start")
			}
		}
		count("dashboard with the watcher running", dash)
		if n := count("dashboard", dash); n != 1 {
			t.Errorf("an uncached dashboard: %d statements, want 1", n)
		}
		if n := count("figure", fig); n != 1 {
			t.Errorf("an uncached figure: %d statements, want 1", n)
		}
		addRollups(t, db, row(ids.Zones["yulin"], 202311, amount, indicator.Total, 5))
		ranked := int64(len(spec.Ranked))
		if n := count("dashboard after a change", dash); n != 1+ranked {
			t.Errorf("a dashboard after its zone changed: %d statements, want %d", n, 1+ranked)
		}
	})
}
