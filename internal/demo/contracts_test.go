package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

const testHash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"

func loadDemo(t *testing.T, db *store.DB) *demo.IDs {
	t.Helper()
	start := time.Now()
	res, err := demo.Load(context.Background(), db, testHash, demo.Contracts)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	// Its speed is measured by BenchmarkDemoLoad (internal/app), not asserted here.
	t.Logf("%s: demo with contracts loaded in %s", db.Engine(), took)
	return res.IDs
}

// The page's Yulin figures, read back from the contracts themselves and
// from the rollups the dashboards read.
func TestDemoYulinFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := loadDemo(t, db)
		yulin := ids.Zones["yulin"]
		q := db.Read()
		raw := func(from, to string) (n, fen int64) {
			t.Helper()
			err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(contract_amount_fen), 0) FROM contracts
				WHERE zone_id = ? AND status = 'registered' AND certified_on >= ? AND certified_on <= ?`,
				yulin, civil.MustParse(from), civil.MustParse(to)).Scan(&n, &fen)
			if err != nil {
				t.Fatal(err)
			}
			return n, fen
		}
		rolled := func(id string, from, to int) int64 {
			t.Helper()
			var v int64
			err := q.QueryRow(ctx, `SELECT COALESCE(SUM(value), 0) FROM rollups WHERE zone_id = ? AND indicator = ? AND dim = '' AND ym >= ? AND ym <= ?`,
				yulin, id, from, to).Scan(&v)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		n23, fen23 := raw("2023-01-01", "2023-11-30")
		n22, fen22 := raw("2022-01-01", "2022-11-30")
		if n23 != demo.YulinRegistered2023 || fen23 != demo.YulinAmount2023Fen || fen22 != demo.YulinAmount2022Fen {
			t.Errorf("raw: 2023 %d contracts %d fen; 2022 %d fen", n23, fen23, fen22)
		}
		if got := rolled(indicator.TechContractCount, 202301, 202311); got != demo.YulinRegistered2023 {
			t.Errorf("rollup count 2023-01..11 = %d", got)
		}
		if got := rolled(indicator.TechContractAmount, 202301, 202311); got != demo.YulinAmount2023Fen {
			t.Errorf("rollup amount 2023-01..11 = %d", got)
		}
		if got := rolled(indicator.TechContractAmount, 202201, 202211); got != demo.YulinAmount2022Fen {
			t.Errorf("rollup amount 2022-01..11 = %d", got)
		}
		// 3.8亿元 rounded to 0.1亿, and +15% rounded.
		if yi := float64(fen23) / 1e10; yi < 3.75 || yi >= 3.85 {
			t.Errorf("2023 amount %.4f 亿元 does not round to 3.8", yi)
		}
		if g := float64(fen23)/float64(fen22) - 1; g < 0.145 || g >= 0.155 {
			t.Errorf("growth %.4f does not round to 15%%", g)
		}
		t.Logf("Yulin 2022-01..11: %d contracts, %d fen; 2023-01..11: %d contracts, %d fen (+%.2f%%)", n22, fen22, n23, fen23, 100*(float64(fen23)/float64(fen22)-1))

		// Every state has something to show in Yulin.
		for _, s := range contract.Statuses() {
			if s == contract.SecondReview {
				continue // no expert review under the 2000/2001 rules
			}
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND status = ?", yulin, string(s)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("no Yulin contract is %s", s)
			}
		}
		var amended int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND status = 'registered' AND amendments > 0", yulin).Scan(&amended); err != nil || amended == 0 {
			t.Errorf("amended registrations: %d, %v", amended, err)
		}
		// Every zone has registrations in both years.
		for slug, id := range ids.Zones {
			var z2022, z2023 int
			if err := q.QueryRow(ctx, `SELECT
				(SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND certified_on >= '2022-01-01' AND certified_on <= '2022-12-31'),
				(SELECT COUNT(*) FROM contracts WHERE zone_id = ? AND certified_on >= '2023-01-01' AND certified_on <= '2023-12-31')`, id, id).
				Scan(&z2022, &z2023); err != nil {
				t.Fatal(err)
			}
			if len(slug) > 0 && !contains([]string{"yulin", "weifang", "zibo", "foshan", "qiqihar"}, slug) {
				continue
			}
			if z2022 == 0 || z2023 == 0 {
				t.Errorf("%s: %d contracts in 2022, %d in 2023", slug, z2022, z2023)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The demo's rollups are exactly what RollupRows makes of its contracts,
// serials are gapless per point and year, and the audit chain holds.
func TestDemoContractsConsistent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := loadDemo(t, db)
		svc := &contract.Service{Store: store.Contracts{DB: db}, Policy: access.DefaultPolicy(contract.Policy()),
			Now: func() time.Time { return time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC) }}
		for slug, zoneID := range ids.Zones {
			want := map[string]int64{}
			cursor := ""
			for {
				p, err := svc.List(ctx, access.System, contract.Filter{ZoneID: zoneID, Status: contract.Registered, Cursor: cursor, Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range p.Items {
					rec, err := svc.Get(ctx, access.System, m.ID)
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range contract.RollupRows(rec.Contract, 1) {
						want[r.Indicator+"|"+string(r.Dim)+"|"+r.Month.String()] += r.Value
					}
				}
				if p.Next == "" {
					break
				}
				cursor = p.Next
			}
			rows, err := db.Read().Query(ctx, "SELECT indicator, dim, ym, value FROM rollups WHERE zone_id = ? AND indicator LIKE 'tech_contract.%'", zoneID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			for rows.Next() {
				var id, dim string
				var ym int
				var v int64
				if err := rows.Scan(&id, &dim, &ym, &v); err != nil {
					t.Fatal(err)
				}
				if v != 0 {
					got[id+"|"+dim+"|"+indicator.YM(ym).String()] = v
				}
			}
			rows.Close()
			if len(want) != len(got) {
				t.Errorf("%s: %d rollup rows, recomputed %d", slug, len(got), len(want))
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: rollup %s = %d, recomputed %d", slug, k, got[k], v)
				}
			}
		}
		// Serials: 1..N per point and year, over registered, amended and cancelled ones.
		rows, err := db.Read().Query(ctx, "SELECT reg_no FROM contracts WHERE reg_no IS NOT NULL")
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string][]int{}
		for rows.Next() {
			var no string
			if err := rows.Scan(&no); err != nil {
				t.Fatal(err)
			}
			p, err := contract.LegacyLayout().Parse(no)
			if err != nil {
				t.Fatalf("reg no %q: %v", no, err)
			}
			k := no[:8]
			seen[k] = append(seen[k], p.Serial)
		}
		rows.Close()
		for k, serials := range seen {
			has := map[int]bool{}
			for _, s := range serials {
				has[s] = true
			}
			for i := 1; i <= len(serials); i++ {
				if !has[i] {
					t.Errorf("scope %s: serial %d missing of %d", k, i, len(serials))
				}
			}
		}
		v, err := db.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Problems) > 0 {
			t.Errorf("audit chain broken: %v", v.Problems)
		}
	})
}
