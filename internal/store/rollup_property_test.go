package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The rollups the registry and the statistics write as they go equal what
// the raw records recompute to, after any sequence of registrations,
// amendments, cancellations, refusals, statistics entered, corrected and
// removed — checked twice: by the rebuild's own comparison, and against rows
// computed here from the records as the services return them.
func TestRollupsEqualRecomputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		svc := indService(db)
		who := indActors(r.ids)
		cat := indicator.DefaultCatalog()
		seed := seedFrom(t, "ROLLUP_SEED") // replay a failure: ROLLUP_SEED=<the logged seed>
		rng := rand.New(rand.NewPCG(seed, 7))
		zibo := r.ids.Zones["zibo"]

		var contracts []int64 // every contract created
		var registered []int64
		var stats []int64
		types := []contract.Type{contract.DevEntrusted, contract.Svc, contract.Consult, contract.TrfPatent}
		fields := []contract.Field{"01", "02", "05", "07", "11"}
		statPeriods := []indicator.Period{ytd(2023, 3), indicator.Must(indicator.Quarter(2023, 1)), indicator.Must(indicator.Month(2023, 4)),
			indicator.Must(indicator.Quarter(2023, 2)), ytd(2023, 11), indicator.Must(indicator.Month(2022, 12))}
		// Time moves forward a few days a step from January to the page's
		// date, so certificates spread over the months and every amendment
		// or cancellation follows what it changes.
		day := civil.MustParse("2023-01-03")
		when := func() {
			day = day.AddDays(1 + rng.IntN(9))
			if day.After(civil.MustParse("2023-12-18")) {
				day = civil.MustParse("2023-12-18")
			}
			r.now = time.Date(day.Year, day.Month, day.Day, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
		}
		newTerms := func(n int) contract.Terms {
			tm := terms(fmt.Sprintf("性质测试合同%d", n))
			tm.Type = types[rng.IntN(len(types))]
			tm.Field = fields[rng.IntN(len(fields))]
			tm.ContractAmountFen = (1 + rng.Int64N(2000)) * 100_000_00
			if tm.Type.Category() != contract.CatDevelopment && tm.Type.Category() != contract.CatService {
				tm.Deductions = nil
			}
			today := civil.Today(r.now)
			tm.SignedOn, tm.ValidFrom, tm.ValidTo = today.AddDays(-10), today.AddDays(-10), today.AddDays(355)
			return tm
		}
		check := func(step int) {
			t.Helper()
			rep, err := db.RebuildRollups(ctx, cat, store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if rep.DiffCount != 0 {
				t.Fatalf("after step %d (seed %d): %d rollup rows differ from the records: %+v", step, seed, rep.DiffCount, rep.Diffs)
			}
			checkRollupsYear(t, db)
			// Independently: contracts as the service returns them, entries
			// as the statistics list returns them.
			want := map[string]int64{}
			for _, id := range contracts {
				for _, row := range contract.RollupRows(r.get(id).Contract, 1) {
					want[fmt.Sprintf("%s|%s|%d", row.Indicator, row.Dim, row.Month)] += row.Value
				}
			}
			for _, y := range []int{2022, 2023} {
				for p := (paging.Request{Limit: paging.MaxLimit}); ; {
					_, list, err := svc.Statistics(ctx, who["zibo-admin"], "zibo", y, p)
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range list.Items {
						want[fmt.Sprintf("%s||%d", s.Indicator, s.Period.To)] += s.Value
					}
					if p.Cursor = list.Next; p.Cursor == "" {
						break
					}
				}
			}
			rows, err := db.Read().Query(ctx, "SELECT indicator, dim, ym, value FROM rollups WHERE zone_id = ?", zibo)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			got := map[string]int64{}
			for rows.Next() {
				var id, dim string
				var ym int
				var v int64
				if err := rows.Scan(&id, &dim, &ym, &v); err != nil {
					t.Fatal(err)
				}
				got[fmt.Sprintf("%s|%s|%d", id, dim, ym)] = v
			}
			for k, v := range got {
				if w, ok := want[k]; (!ok && v != 0) || (ok && w != v) {
					t.Fatalf("after step %d (seed %d): rollup %s = %d, records say %d", step, seed, k, v, w)
				}
			}
			for k, w := range want {
				if _, ok := got[k]; !ok && w != 0 {
					t.Fatalf("after step %d (seed %d): rollup %s missing, records say %d", step, seed, k, w)
				}
			}
		}

		steps := 60
		if testing.Short() {
			steps = 20
		}
		for step := range steps {
			when()
			switch op := rng.IntN(10); {
			case op < 3 || len(registered) == 0: // register
				id := r.create("zibo-ent", 0, newTerms(step))
				contracts = append(contracts, id)
				r.must("zibo-ent", id, contract.Event{Kind: contract.EvSubmit})
				r.must("zibo-registrar", id, contract.Event{Kind: contract.EvRegister})
				registered = append(registered, id)
			case op == 3: // submitted, then refused: counts nowhere
				id := r.create("zibo-ent", 0, newTerms(step))
				contracts = append(contracts, id)
				r.must("zibo-ent", id, contract.Event{Kind: contract.EvSubmit})
				r.must("zibo-registrar", id, contract.Event{Kind: contract.EvRefuse, RefusalCode: contract.RefusalReasons()[0], Reason: "不属于技术合同"})
			case op == 4: // amend the amount and the field
				id := registered[rng.IntN(len(registered))]
				amount := (1 + rng.Int64N(3000)) * 100_000_00
				field := fields[rng.IntN(len(fields))]
				if _, err := r.svc.Amend(ctx, r.as["zibo-registrar"], id, 0, contract.TermsPatch{ContractAmountFen: &amount, Field: &field}, nil, "补充协议"); err != nil {
					t.Fatalf("amend #%d: %v", id, err)
				}
			case op == 5: // fix the technology amount
				id := registered[rng.IntN(len(registered))]
				tech := rng.Int64N(50_000) * 100
				if _, err := r.svc.Amend(ctx, r.as["zibo-registrar"], id, 0, contract.TermsPatch{}, &tech, "核定技术交易额"); err != nil {
					t.Fatalf("fix tech amount #%d: %v", id, err)
				}
			case op == 6: // cancel
				i := rng.IntN(len(registered))
				r.must("zibo-registrar", registered[i], ev(contract.EvCancel, "当事人申请撤销"))
				registered = append(registered[:i], registered[i+1:]...)
			case op == 7 || op == 8: // enter (or correct) a statistic
				id := indicator.StatGrossOutput
				p := statPeriods[rng.IntN(len(statPeriods))]
				if rng.IntN(3) == 0 {
					id = indicator.StatEmployees
				}
				v := rng.Int64N(100_000) * 100
				if id == indicator.StatEmployees {
					v %= 5_000_000 // inside the indicator's hard range; outliers carry a reason
				}
				st, _, err := svc.EnterStatisticNoted(ctx, who["zibo-admin"], "zibo", id, p, v, "随机取值")
				switch {
				case errs.Is(err, errs.Conflict): // overlaps an entry: refused, nothing written
				case err != nil:
					t.Fatalf("enter %s %s: %v", id, p, err)
				default:
					stats = append(stats, st.ID)
				}
			default: // remove a statistic
				if len(stats) == 0 {
					continue
				}
				i := rng.IntN(len(stats))
				_, err := svc.DeleteStatistic(ctx, who["zibo-admin"], stats[i])
				if err != nil && !errs.Is(err, errs.NotFound) { // NotFound: removed already (replaced entries share an id)
					t.Fatalf("delete statistic: %v", err)
				}
				stats = append(stats[:i], stats[i+1:]...)
			}
			if step%10 == 9 {
				check(step)
			}
		}
		check(steps)

		// A damaged rollup is found and put right.
		addRollups(t, db, row(zibo, 202301, indicator.TechContractCount, "", 5), row(zibo, 201501, indicator.StatGrossOutput, "", 9))
		rep, err := db.RebuildRollups(ctx, cat, store.DefaultRollupSources(), store.RebuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// Written counts the two repairs and the empty rows cancellations
		// left, which the rebuild clears as it goes.
		if rep.DiffCount != 2 || rep.Written != 2+rep.Empty {
			t.Errorf("rebuild found %d differences and %d empty rows, wrote %d: %+v", rep.DiffCount, rep.Empty, rep.Written, rep.Diffs)
		}
		check(steps + 1)

		// So are damaged year sums (rollups_year): a check counts them,
		// and a rebuild makes the area's again.
		type yearKey struct {
			id, dim string
			year    int
		}
		var damaged []yearKey
		ks, err := db.Read().Query(ctx, "SELECT indicator, dim, year FROM rollups_year WHERE zone_id = ? ORDER BY indicator, year, dim LIMIT 2", zibo)
		if err != nil {
			t.Fatal(err)
		}
		for ks.Next() {
			var k yearKey
			if err := ks.Scan(&k.id, &k.dim, &k.year); err != nil {
				t.Fatal(err)
			}
			damaged = append(damaged, k)
		}
		ks.Close()
		if len(damaged) != 2 {
			t.Fatalf("zibo has %d year sums, want 2 to damage", len(damaged))
		}
		for i, q := range []string{"UPDATE rollups_year SET hi = hi + 1", "DELETE FROM rollups_year"} {
			k := damaged[i]
			if err := execOne(t, db, q+" WHERE zone_id = ? AND indicator = ? AND dim = ? AND year = ?", zibo, k.id, k.dim, k.year); err != nil {
				t.Fatal(err)
			}
		}
		if rep, err = db.RebuildRollups(ctx, cat, store.DefaultRollupSources(), store.RebuildOptions{DryRun: true}); err != nil || rep.YearDiffs < 2 {
			t.Errorf("check after damaging year sums: %d year differences (%v), want at least 2", rep.YearDiffs, err)
		}
		if rep, err = db.RebuildRollups(ctx, cat, store.DefaultRollupSources(), store.RebuildOptions{}); err != nil || rep.YearDiffs < 2 {
			t.Errorf("rebuild after damaging year sums: %d year differences (%v)", rep.YearDiffs, err)
		}
		checkRollupsYear(t, db)
		if rep, err = db.RebuildRollups(ctx, cat, store.DefaultRollupSources(), store.RebuildOptions{DryRun: true}); err != nil || rep.YearDiffs != 0 {
			t.Errorf("after the rebuild: %d year differences (%v)", rep.YearDiffs, err)
		}
	})
}
