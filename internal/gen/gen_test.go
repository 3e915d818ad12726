package gen_test

import (
	"context"
	"slices"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// small is a data set that still has every part: 30 zones across the
// provinces, two rule sets, every state, ten years of honours.
func small(seed uint64) gen.Options {
	return gen.Options{Contracts: 2000, Enterprises: 1000, Areas: 50, HonourYears: 10, Seed: seed, ValidateAll: true,
		PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"}
}

func TestGenDeterministicAndConsistent(t *testing.T) {
	ctx := context.Background()
	digests := map[string]string{}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// The indexes of a freshly migrated database (read elsewhere: a
		// reader connection open on db would keep the load in WAL mode).
		indexesBefore := indexNames(t, storetest.Open(t, db.Engine().String()))
		res, err := gen.Run(ctx, db, small(7))
		if err != nil {
			t.Fatal(err)
		}
		digests[db.Engine().String()] = res.Digest
		if res.Contracts != 2000 || res.Enterprises != 1000 || res.Areas != 50 || res.Registered == 0 || res.Events < res.Contracts ||
			res.HonourProgrammes != 10 || res.HonourBatches == 0 || res.HonourTitles == 0 || res.HonourHeld == 0 {
			t.Fatalf("generated %+v", res)
		}

		// The same options on a fresh database give the same data; another
		// seed gives other data.
		again, err := gen.Run(ctx, storetest.Open(t, db.Engine().String()), small(7))
		if err != nil {
			t.Fatal(err)
		}
		if again.Digest != res.Digest {
			t.Errorf("same seed, digests differ: %s vs %s", res.Digest, again.Digest)
		}
		// With every index and foreign key kept while loading (lines then
		// follow their contracts on the one connection): the same data.
		keep := small(7)
		keep.KeepIndexes = true
		kept, err := gen.Run(ctx, storetest.Open(t, db.Engine().String()), keep)
		if err != nil {
			t.Fatalf("gen with indexes kept: %v", err)
		}
		if kept.Digest != res.Digest || kept.Rows != res.Rows {
			t.Errorf("indexes kept: digest %s rows %d, want %s %d", kept.Digest, kept.Rows, res.Digest, res.Rows)
		}
		other, err := gen.Run(ctx, storetest.Open(t, db.Engine().String()), small(8))
		if err != nil {
			t.Fatal(err)
		}
		if other.Digest == res.Digest {
			t.Error("another seed gave the same digest")
		}

		// The rollups written in bulk are what "innopark rollup rebuild"
		// computes from the records.
		rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.DiffCount != 0 || rep.Checked == 0 {
			t.Errorf("rollups differ from a rebuild in %d of %d rows: %+v", rep.DiffCount, rep.Checked, rep.Diffs)
		}
		if rep.Checked != res.Rollups {
			t.Errorf("rebuild compared %d rows, gen wrote %d", rep.Checked, res.Rollups)
		}

		// Row counts, the load's single audit record, and every index back.
		q := db.Read()
		for table, want := range map[string]int{"contracts": res.Contracts, "enterprises": res.Enterprises, "areas": res.Areas,
			"contract_events": res.Events, "audit_log": 1, "honour_programmes": res.HonourProgrammes, "honour_batches": res.HonourBatches,
			"honour_entries": res.HonourEntries, "honour_titles": res.HonourTitles} {
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%s has %d rows, want %d", table, n, want)
			}
		}
		// The ingest figure's row count is every row the load wrote.
		var written int64
		for _, table := range []string{"regions", "areas", "registration_points", "enterprises", "users", "contracts",
			"contract_deductions", "contract_payments", "contract_events", "rollups", "contract_serials", "targets",
			"honour_programmes", "honour_batches", "honour_entries", "honour_titles"} {
			var n int64
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			written += n
		}
		if res.Rows != written {
			t.Errorf("Result.Rows = %d, the tables hold %d rows", res.Rows, written)
		}
		v, err := db.VerifyAudit(ctx)
		if err != nil || len(v.Problems) > 0 {
			t.Errorf("audit chain: %v %v", err, v.Problems)
		}
		if after := indexNames(t, db); !slices.Equal(after, indexesBefore) {
			t.Errorf("indexes after the load %v, before %v", after, indexesBefore)
		}
		if db.Engine() == store.SQLite {
			rows, err := q.Query(ctx, "PRAGMA foreign_key_check")
			if err != nil {
				t.Fatal(err)
			}
			if rows.Next() {
				t.Error("foreign key violations after the load")
			}
			rows.Close()
			// Every index holds exactly its table's rows: the ones built at
			// the end and the ones copied in from the side file.
			var check string
			if err := q.QueryRow(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
				t.Errorf("integrity_check after the load: %q, %v", check, err)
			}
			var mode string
			if err := q.QueryRow(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Errorf("journal mode after the load = %q (%v), want wal", mode, err)
			}
		}

		checkSerials(t, db)

		// The store works on top: the next contract id follows the
		// generated ones, and a generated user is there to sign in.
		var national int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE username = 'national' AND role = 'national'").Scan(&national); err != nil || national != 1 {
			t.Errorf("national user: %d, %v", national, err)
		}
		if _, err := gen.Run(ctx, db, small(7)); err == nil {
			t.Error("gen into a database that holds data succeeded")
		}
	})
	if len(digests) == 2 && digests["sqlite"] != digests["postgres"] {
		t.Errorf("engines generated different data: %v", digests)
	}
}

// checkSerials checks registration numbers are unique and gapless per
// point, year and rule set, and the counters stand at the last serial.
func checkSerials(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	settings := contract.DefaultSettings()
	rows, err := db.Read().Query(ctx, "SELECT reg_no FROM contracts WHERE reg_no IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	serials := map[string][]int{}
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			t.Fatal(err)
		}
		id, parts, err := contract.ParseRegNo(settings, no)
		if err != nil {
			t.Fatalf("reg no %s: %v", no, err)
		}
		rs, _ := contract.RuleSetByID(settings, id)
		sc, err := rs.SerialScope(parts)
		if err != nil {
			t.Fatal(err)
		}
		serials[sc] = append(serials[sc], parts.Serial)
	}
	rows.Close()
	if len(serials) == 0 {
		t.Fatal("no registration numbers")
	}
	for sc, ns := range serials {
		slices.Sort(ns)
		for i, n := range ns {
			if n != i+1 {
				t.Fatalf("scope %s: serials %v… not 1, 2, … without gaps", sc, ns[:min(len(ns), i+2)])
			}
		}
		var last int
		if err := db.Read().QueryRow(ctx, "SELECT last_serial FROM contract_serials WHERE scope = ?", sc).Scan(&last); err != nil || last != len(ns) {
			t.Errorf("counter of %s = %d (%v), want %d", sc, last, err, len(ns))
		}
	}
}

func indexNames(t *testing.T, db *store.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"
	if db.Engine() == store.Postgres {
		q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
	}
	rows, err := db.Read().Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// The load's one audit record names the actor of the options.
func TestGenAuditActor(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	opt := small(3)
	opt.Contracts, opt.Actor = 50, access.Actor{Username: "operator:test", Role: access.National}
	if _, err := gen.Run(ctx, db, opt); err != nil {
		t.Fatal(err)
	}
	var name, action string
	if err := db.Read().QueryRow(ctx, "SELECT actor_name, action FROM audit_log").Scan(&name, &action); err != nil {
		t.Fatal(err)
	}
	if name != "operator:test" || action != "gen" {
		t.Errorf("audit record by %q for %q", name, action)
	}
}
