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
			u := storetest.URL(t, engine)
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

			// On PostgreSQL a write figures do not read (an audit record)
			// moves no node's version. (SQLite's watcher sees every commit
			// to the file, by design: it cannot tell them apart.)
			if engine == "postgres" {
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

			// A target set through the other node reaches this one.
			va, _ = a.DataVersion()
			_, err = store.Indicators{DB: b}.PutTarget(ctx, access.System,
				indicator.Target{ZoneID: zone, Indicator: indicator.TechContractAmount, Year: 2023, Value: 100})
			if err != nil {
				t.Fatal(err)
			}
			waitVersion(t, a, &va)
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
		if h, m := svc.Cache.Stats(); h != h0+1 || m != m0 {
			t.Errorf("second read: hits %d→%d misses %d→%d, want one hit", h0, h, m0, m)
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
