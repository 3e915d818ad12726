package gen_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// orgTalentTables are the tables the organisations and talent programmes
// fill, each with the columns both paths must agree on (all but the
// timestamps of the writes), the first being the key.
var orgTalentTables = []struct{ table, cols string }{
	{"org_profiles", "enterprise_id, zone_id, employees, members, surveyed_on, version"},
	{"org_organisations", "id, zone_id, name, kind, mode, secretary, instructor, founded_on, term_years, next_election_on, dissolved_on, version"},
	{"org_elections", "id, org_id, zone_id, held_on"},
	{"org_members", "id, org_id, zone_id, enterprise_id, mode, from_on, until_on"},
	{"org_chains", "id, zone_id, code, name, level, body, body_name, body_formed_on, version"},
	{"org_chain_members", "enterprise_id, chain_id, zone_id"},
	{"org_online_branches", "id, zone_id, org_id, name, platform, open, opened_on"},
	{"talent_programmes", "id, zone_id, code, name, name_en, category, category_en, position"},
	{"talent_tiers", "id, programme_id, zone_id, code, name, max_support_fen, period_years"},
	{"talent_calls", "id, programme_id, zone_id, year, title, opens_on, closes_on"},
	{"talent_applicants", `id, call_id, programme_id, zone_id, tier_id, name, id_number, enterprise_id, chain_id, applied_on, status,
		result, decided_on, support_fen, support_from, support_until, version`},
}

// dumpTable reads a table's columns, row by row, in key order.
func dumpTable(t *testing.T, db *store.DB, table, cols string) []string {
	t.Helper()
	rows, err := db.Read().Query(context.Background(), "SELECT "+cols+" FROM "+table+" ORDER BY 1")
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	n := len(strings.Split(cols, ","))
	var out []string
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	return out
}

// orgTalentRollups reads the org.* and talent.* rollups as the figures
// read them: a stock's (org.*) value holds from its month until the next
// row of its key, so a row that repeats the one before (or a leading zero)
// says nothing; a flow's (talent.*) zero row says nothing.
func orgTalentRollups(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Read().Query(context.Background(), `SELECT zone_id, indicator, dim, ym, value FROM rollups
		WHERE indicator LIKE 'org.%' OR indicator LIKE 'talent.%' ORDER BY zone_id, indicator, dim, ym`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	var lastKey string
	var last int64
	for rows.Next() {
		var zone int64
		var id, dim string
		var ym int
		var v int64
		if err := rows.Scan(&zone, &id, &dim, &ym, &v); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(zone, id, dim)
		if key != lastKey {
			lastKey, last = key, 0
		}
		stock := strings.HasPrefix(id, "org.")
		if (stock && v == last) || (!stock && v == 0) {
			continue
		}
		last = v
		out = append(out, fmt.Sprint(key, ym, v))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGenOrgTalent: the bulk path (Run with OrgTalent) writes the records
// the store's transactions write (OrgTalent on the same data set without
// them) — every table's rows, the rollups as the figures read them and the
// coverage counted from the records — with one audit record for the load
// instead of one per record; on both, the rollups are what a rebuild
// computes, the organisations follow the rules (one organisation an
// enterprise, the modes' member counts) and about nine in ten surveyed
// enterprises are covered on the last day.
func TestGenOrgTalent(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		opt := small(13)
		// The service path writes a record a transaction step: a few
		// hundred enterprises keep the test quick on PostgreSQL while
		// every rule and figure is still exercised.
		opt.Contracts, opt.HonourYears, opt.Enterprises, opt.Areas = 0, 0, 400, 20
		if _, err := gen.Run(ctx, db, opt); err != nil {
			t.Fatal(err)
		}
		svc, err := gen.OrgTalent(ctx, db, gen.OrgTalentOptions{Applicants: 100, Seed: opt.Seed})
		if err != nil {
			t.Fatal(err)
		}
		bopt := opt
		bopt.OrgTalent, bopt.Applicants = true, 100
		bdb := storetest.Open(t, db.Engine().String())
		bres, err := gen.Run(ctx, bdb, bopt)
		if err != nil {
			t.Fatal(err)
		}
		bulk := bres.OrgTalent
		if bulk.Applicants != 100 || bulk.Organisations == 0 || bulk.Elections == 0 || bulk.Branches == 0 ||
			bulk.Chains != 6*bulk.Zones || bulk.Programmes != 5*bulk.Zones || bulk.Calls != 15*bulk.Zones ||
			bulk.Enterprises != 400 || bulk.Rollups == 0 || bulk.Rows == 0 {
			t.Fatalf("bulk generated %+v", bulk)
		}
		bulk.Rollups, bulk.Rows, bulk.Took, svc.Took = 0, 0, 0, 0
		if bulk != svc {
			t.Errorf("counts: bulk %+v, service %+v", bulk, svc)
		}
		for _, tc := range orgTalentTables {
			want, got := dumpTable(t, db, tc.table, tc.cols), dumpTable(t, bdb, tc.table, tc.cols)
			if len(want) == 0 {
				t.Errorf("%s: the service path wrote nothing", tc.table)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: bulk %d rows, service %d; first bulk %q, service %q", tc.table, len(got), len(want), first(got), first(want))
			}
		}
		want, got := orgTalentRollups(t, db), orgTalentRollups(t, bdb)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("rollups: bulk %d rows, service %d", len(got), len(want))
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("first difference: bulk %q, service %q", got[i], want[i])
					break
				}
			}
		}
		// The audit: a record per record on the service path, one for
		// the whole load on the bulk path.
		var perRecord, loads int
		if err := bdb.Read().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'org_%' OR entity LIKE 'talent_%'`).Scan(&perRecord); err != nil {
			t.Fatal(err)
		}
		if err := bdb.Read().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'gen' AND entity = 'dataset'`).Scan(&loads); err != nil {
			t.Fatal(err)
		}
		if perRecord != 0 || loads != 1 {
			t.Errorf("bulk audit: %d per-record entries, %d load entries; want 0 and 1", perRecord, loads)
		}
		if err := db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'talent_applicant'`).Scan(&perRecord); err != nil {
			t.Fatal(err)
		}
		if perRecord != 100 {
			t.Errorf("service audit: %d applicant entries, want 100", perRecord)
		}

		for _, d := range []*store.DB{db, bdb} {
			rep, err := d.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if rep.DiffCount != 0 {
				t.Errorf("rebuild: %d differences: %+v", rep.DiffCount, rep.Diffs[:min(len(rep.Diffs), 5)])
			}
			// One current organisation an enterprise; single with one
			// member, joint with two or more.
			var twice, badSingle, badJoint int
			if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT enterprise_id FROM org_members WHERE until_on IS NULL
				GROUP BY enterprise_id HAVING COUNT(*) > 1) x`).Scan(&twice); err != nil {
				t.Fatal(err)
			}
			if err := d.Read().QueryRow(ctx, `SELECT
				(SELECT COUNT(*) FROM (SELECT org_id FROM org_members WHERE mode = 'single' GROUP BY org_id HAVING COUNT(*) <> 1) a),
				(SELECT COUNT(*) FROM (SELECT org_id FROM org_members WHERE mode = 'joint' GROUP BY org_id HAVING COUNT(*) < 2) b)`).
				Scan(&badSingle, &badJoint); err != nil {
				t.Fatal(err)
			}
			if twice+badSingle+badJoint != 0 {
				t.Errorf("rules: %d enterprises in two organisations, %d single and %d joint organisations with the wrong count",
					twice, badSingle, badJoint)
			}
		}
		zones, err := store.Indicators{DB: db}.ListAreas(ctx, access.System, "zone")
		if err != nil {
			t.Fatal(err)
		}
		covered, should := 0, 0
		for _, z := range zones {
			var figs [2]org.Figures
			for i, d := range []*store.DB{db, bdb} {
				if figs[i], err = (store.Orgs{DB: d}).Figures(ctx, access.System, z.ID, gen.DefaultUntil(), gen.DefaultUntil().AddDays(90)); err != nil {
					t.Fatal(err)
				}
			}
			if b, s := fmt.Sprintf("%+v", figs[1]), fmt.Sprintf("%+v", figs[0]); b != s {
				t.Errorf("zone %s coverage: bulk %.300s, service %.300s", z.Slug, b, s)
			}
			covered, should = covered+figs[1].Covered, should+figs[1].ShouldCover
		}
		if should != bulk.Enterprises || covered*100 < should*80 || covered*100 > should*97 {
			t.Errorf("covered %d of %d (%d surveyed)", covered, should, bulk.Enterprises)
		}
	})
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
