package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// waitVersion waits until db's data version is known and differs from
// before (or, with before == nil, is known at all), failing after 10 s.
func waitVersion(t *testing.T, db *store.DB, before *uint64) uint64 {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, ok := db.DataVersion()
		if ok && (before == nil || v != *before) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("data version still %d (known %v), want a change from %v", v, ok, before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits until db's data version has stood still for a while: on
// SQLite the watcher also sees this process's own commits, a poll later.
func settle(t *testing.T, db *store.DB) {
	t.Helper()
	v := waitVersion(t, db, nil)
	for i := 0; i < 100; i++ {
		time.Sleep(250 * time.Millisecond)
		w, ok := db.DataVersion()
		if ok && w == v {
			return
		}
		v = w
	}
	t.Fatal("data version never settled")
}

// The data version moves at once with this node's changes to figure data,
// and soon with another node's (PostgreSQL: a second pool, as a second app
// node has; SQLite: a second process's handle on the same file); writes
// that figures do not read leave it alone.
func TestDataVersionFollowsFigureChanges(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			u := storetest.MigratedURL(t, engine)
			a, err := store.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if _, err := a.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			b, err := store.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			ids := world(t, a)
			zone := ids.Zones["yulin"]

			va := waitVersion(t, a, nil)
			vb := waitVersion(t, b, nil)
			// This node: visible when Transact returns.
			addRollups(t, a, row(zone, 202301, indicator.TechContractCount, indicator.Total, 1))
			if v, ok := a.DataVersion(); !ok || v == va {
				t.Fatalf("own change: version %d → %d (known %v)", va, v, ok)
			}
			// The other node, soon.
			vb = waitVersion(t, b, &vb)

			// Per zone and year: the other zones, and the zone's earlier
			// years, have not moved, on either node.
			zibo := ids.Zones["zibo"]
			za, _ := a.ZoneVersion(zone, 2023)
			zb, _ := b.ZoneVersion(zone, 2023)
			ya, _ := a.ZoneVersion(zone, 2022)
			yb, _ := b.ZoneVersion(zone, 2022)
			oa, _ := a.ZoneVersion(zibo, 2023)
			ob, _ := b.ZoneVersion(zibo, 2023)
			addRollups(t, a, row(zone, 202302, indicator.TechContractCount, indicator.Total, 1))
			waitVersion(t, b, &vb)
			vb, _ = b.DataVersion()
			for _, c := range []struct {
				name       string
				db         *store.DB
				zone       int64
				year       int
				before     uint64
				wantChange bool
			}{
				{"this node, the zone", a, zone, 2023, za, true},
				{"other node, the zone", b, zone, 2023, zb, true},
				{"this node, an earlier year", a, zone, 2022, ya, false},
				{"other node, an earlier year", b, zone, 2022, yb, false},
				{"this node, another zone", a, zibo, 2023, oa, false},
				{"other node, another zone", b, zibo, 2023, ob, false},
			} {
				v, ok := c.db.ZoneVersion(c.zone, c.year)
				if !ok || (v != c.before) != c.wantChange {
					t.Errorf("%s: version %d → %d (known %v), want a change: %v", c.name, c.before, v, ok, c.wantChange)
				}
			}

			// A write figures do not read (an audit record) moves no
			// node's version (on SQLite: a commit that appends no change).
			{
				va, _ = a.DataVersion()
				vb, _ = b.DataVersion()
				err = a.Transact(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, access.System, store.Change{Action: "update", Entity: "note", EntityID: 1})
				})
				if err != nil {
					t.Fatal(err)
				}
				time.Sleep(300 * time.Millisecond)
				if v, _ := a.DataVersion(); v != va {
					t.Errorf("an audit record moved this node's version %d → %d", va, v)
				}
				if v, _ := b.DataVersion(); v != vb {
					t.Errorf("an audit record moved the other node's version %d → %d", vb, v)
				}
			}

			// A target set through the other node reaches this one, for its
			// zone and year (and later years) only.
			va, _ = a.DataVersion()
			za, _ = a.ZoneVersion(zone, 2023)
			ya, _ = a.ZoneVersion(zone, 2022)
			oa, _ = a.ZoneVersion(zibo, 2023)
			_, err = store.Indicators{DB: b}.PutTarget(ctx, access.System,
				indicator.Target{ZoneID: zone, Indicator: indicator.TechContractAmount, Year: 2023, Value: 100})
			if err != nil {
				t.Fatal(err)
			}
			waitVersion(t, a, &va)
			if v, _ := a.ZoneVersion(zone, 2023); v == za {
				t.Error("a target did not move its zone's version")
			}
			if v, _ := a.ZoneVersion(zone, 2022); v != ya {
				t.Error("a 2023 target moved the zone's 2022 version")
			}
			if v, _ := a.ZoneVersion(zibo, 2023); v != oa {
				t.Error("a target moved another zone's version")
			}
		})
	}
}

// With a cache, the service answers repeated questions without computing
// them again, never answers one reader's question for another scope, and
// never serves a figure older than a committed change: rollups, a target.
func TestFigureCacheFollowsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		svc.Cache = indicator.NewCache(db, 100)
		waitVersion(t, db, nil)
		yulin := ids.Zones["yulin"]
		amount := indicator.TechContractAmount
		addRollups(t, db, row(yulin, 202302, amount, "", 100))
		settle(t, db)
		q := indicator.Query{Indicator: amount, Period: ytd(2023, 11), Scope: indicator.ScopeCity}
		figure := func(actor string) indicator.Figure {
			t.Helper()
			f, err := svc.Figure(ctx, who[actor], "yulin", q)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		if f := figure("yulin-admin"); f.Value != indicator.Whole(100) {
			t.Fatalf("value %v", f.Value)
		}
		h0, m0 := svc.Cache.Stats()
		figure("yulin-admin")
		if h, m := svc.Cache.Stats(); h == h0 || m != m0 {
			t.Errorf("second read: hits %d→%d misses %d→%d, want hits only", h0, h, m0, m)
		}
		// Another scope is another question: Zibo's staff still get 404.
		_, err := svc.Figure(ctx, who["zibo-staff"], "yulin", q)
		wantKind(t, err, errs.NotFound)

		// A registration's rollups: the next read has them.
		addRollups(t, db, row(yulin, 202303, amount, "", 50))
		if f := figure("yulin-admin"); f.Value != indicator.Whole(150) {
			t.Errorf("after a change: value %v, want 150", f.Value)
		}
		// A target: completion appears at once.
		if _, err := svc.SetTarget(ctx, who["yulin-city"], "yulin", amount, 2023, 300); err != nil {
			t.Fatal(err)
		}
		f := figure("yulin-admin")
		if f.Target == nil || f.Completion == nil || *f.Completion != (indicator.Frac{Num: 1, Den: 2}) {
			t.Errorf("after a target: target %+v completion %v", f.Target, f.Completion)
		}
		// Dashboards and rankings are cached and refreshed alike.
		d1, err := svc.Dashboard(ctx, who["yulin-city"], "yulin", q.Period, indicator.DefaultDashboard())
		if err != nil {
			t.Fatal(err)
		}
		addRollups(t, db, row(yulin, 202304, amount, "", 25))
		d2, err := svc.Dashboard(ctx, who["yulin-city"], "yulin", q.Period, indicator.DefaultDashboard())
		if err != nil {
			t.Fatal(err)
		}
		if d1.Figures[1].Value == d2.Figures[1].Value || d2.Figures[1].Value != indicator.Whole(175) {
			t.Errorf("dashboard amount %v then %v, want 175 after the change", d1.Figures[1].Value, d2.Figures[1].Value)
		}
	})
}

// A registration in one zone leaves another zone's cached dashboard
// figures as they were (no query), and the ranks that include the zone
// are placed again: a county overtaking the zone moves the zone's city
// rank, through the ranking materialisation, and the national ranking.
func TestFigureCachePerZone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := world(t, db)
		ctx := context.Background()
		who := indActors(ids)
		svc := indService(db)
		svc.Cache = indicator.NewCache(db, 100)
		svc.Rankings = indicator.NewRankings(db)
		waitVersion(t, db, nil)
		yulin, shenmu := ids.Zones["yulin"], ids.Zones["yulin-shenmu"]
		amount := indicator.TechContractAmount
		addRollups(t, db, row(yulin, 202302, amount, "", 100_000))
		settle(t, db)
		p := ytd(2023, 11)
		dash := func(actor, slug string) indicator.Dashboard {
			t.Helper()
			d, err := svc.Dashboard(ctx, who[actor], slug, p, indicator.DefaultDashboard())
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		cityRank := func(d indicator.Dashboard) indicator.Rank {
			t.Helper()
			for _, rl := range d.Ranks {
				if rl.Def.ID == amount {
					return rl.Placings[0].Rank
				}
			}
			t.Fatal("no amount rank")
			return indicator.Rank{}
		}
		y1 := dash("yulin-city", "yulin")
		z1 := dash("national", "zibo")
		if r := cityRank(y1); r.Position != 1 {
			t.Fatalf("yulin's city rank %+v, want first", r)
		}
		// A registration in Shenmu (a county of Yulin city) beyond Yulin's.
		_, m0 := svc.Cache.Stats()
		addRollups(t, db, row(shenmu, 202303, amount, "", 500_000))
		y2 := dash("yulin-city", "yulin")
		z2 := dash("national", "zibo")
		_, m1 := svc.Cache.Stats()
		if &y2.Figures[0] != &y1.Figures[0] || &z2.Figures[0] != &z1.Figures[0] {
			t.Error("a change in Shenmu recomputed Yulin's or Zibo's own figures")
		}
		if m1-m0 != 2 {
			t.Errorf("%d misses after a change in another zone, want 2 (each dashboard's ranks)", m1-m0)
		}
		if r := cityRank(y2); r.Position != 2 || r.Of != 2 {
			t.Errorf("yulin's city rank after Shenmu's registration %+v, want 2 of 2", r)
		}
		nat, err := svc.Ranking(ctx, who["national"], amount, indicator.Total, indicator.ScopeCity, "yulin", p)
		if err != nil {
			t.Fatal(err)
		}
		if len(nat.Entries) == 0 || nat.Entries[0].Area.ID != shenmu || nat.Entries[0].Value != indicator.Whole(500_000) {
			t.Errorf("city ranking after the change: %+v", nat.Entries)
		}
		// A registration in Yulin: its own figures again, Zibo's kept.
		addRollups(t, db, row(yulin, 202304, amount, "", 1_000_000))
		y3 := dash("yulin-city", "yulin")
		z3 := dash("national", "zibo")
		if &z3.Figures[0] != &z1.Figures[0] {
			t.Error("a change in Yulin recomputed Zibo's figures")
		}
		if y3.Figures[1].Value != indicator.Whole(1_100_000) {
			t.Errorf("yulin amount %v after its registration, want 1100000", y3.Figures[1].Value)
		}
		if r := cityRank(y3); r.Position != 1 {
			t.Errorf("yulin's city rank after its registration %+v, want first again", r)
		}
	})
}
