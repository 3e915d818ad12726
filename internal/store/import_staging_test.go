package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestImportStaging drives an import's staging directly, on both engines
// (PostgreSQL: COPY into the import's own transaction; SQLite: a side file
// attached at commit): a committed import stores its batches with their
// lines and history under ids in the range it reports; a dropped one stores
// nothing; a row duplicating a stored contract — as when one is stored
// between the import's check and its write — fails the import as a conflict
// and stores nothing; and no side file outlives its import.
func TestImportStaging(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			u := storetest.MigratedURL(t, engine)
			db, err := store.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// The import writes its lines' zone_id itself: without the
			// trigger that fills it for older binaries, a missing one
			// breaks NOT NULL (PostgreSQL) or shows below (SQLite).
			dropZoneTrigger(t, db, "contract_deductions")
			sideFiles := func() []string {
				path, ok := strings.CutPrefix(u, "sqlite:")
				if !ok {
					return nil
				}
				m, err := filepath.Glob(path + ".import-*")
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			r := newRegistry(t, db, legacyNow())
			stored := r.registered("已登记的技术开发合同")
			a := r.as["zibo-registrar"]
			imports := store.ContractImports{DB: db}
			count := func(table string) int {
				t.Helper()
				var n int
				if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			item := func(seq int64, name, regNo string) contractio.Staged {
				return stagedCopy(r, stored, a, seq, name, regNo)
			}
			commit := func(jobID int64, rows int) contractio.Commit { return importCommit(stored, jobID, rows) }
			before := map[string]int{}
			for _, tb := range []string{"contracts", "contract_deductions", "contract_events", "audit_log"} {
				before[tb] = count(tb)
			}

			// Another node on the same database, to see the import's
			// change to figure data (the commit moves the data version).
			other, err := store.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			v0 := waitVersion(t, db, nil)
			w0 := waitVersion(t, other, nil)

			// Committed: two batches.
			st, err := imports.Begin(ctx, 1, a)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Stage(ctx, []contractio.Staged{item(1, "导入合同一", "23370302900001"), item(2, "导入合同二", "23370302900002")}); err != nil {
				t.Fatal(err)
			}
			if err := st.Stage(ctx, []contractio.Staged{item(3, "导入合同三", "23370302900003")}); err != nil {
				t.Fatal(err)
			}
			c1 := commit(1, 3)
			c1.Rollups = []indicator.Row{{ZoneID: stored.ZoneID, Month: 202301, Indicator: indicator.TechContractCount, Value: 3}}
			first, last, err := st.Commit(ctx, c1)
			if err != nil {
				t.Fatal(err)
			}
			if v, ok := db.DataVersion(); !ok || v == v0 {
				t.Errorf("the import's commit left this node's data version at %d", v)
			}
			waitVersion(t, other, &w0)
			if err := st.Drop(ctx); err != nil {
				t.Errorf("drop after commit: %v", err)
			}
			if last-first != 2 {
				t.Errorf("ids %d…%d for 3 contracts", first, last)
			}
			for i, name := range []string{"导入合同一", "导入合同二", "导入合同三"} {
				rec := r.get(first + int64(i))
				if rec.Name != name || rec.Status != contract.Registered || len(rec.Deductions) != len(stored.Deductions) {
					t.Errorf("contract %d: %q %s %d lines", first+int64(i), rec.Name, rec.Status, len(rec.Deductions))
				}
			}
			var zoneless int
			if err := db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM contract_deductions d JOIN contracts c ON c.id = d.contract_id
				WHERE d.zone_id IS NULL OR d.zone_id <> c.zone_id`).Scan(&zoneless); err != nil || zoneless != 0 {
				t.Errorf("%d imported deductions without their contract's zone (%v)", zoneless, err)
			}
			want := map[string]int{"contracts": 3, "contract_deductions": 3 * len(stored.Deductions), "contract_events": 6, "audit_log": 1}
			for tb, d := range want {
				if got := count(tb) - before[tb]; got != d {
					t.Errorf("%s: %d rows added, want %d", tb, got, d)
				}
				before[tb] = count(tb)
			}
			if f := sideFiles(); len(f) > 0 {
				t.Errorf("side files left after a commit: %v", f)
			}

			// Dropped (a refused file): nothing stays.
			st, err = imports.Begin(ctx, 2, a)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Stage(ctx, []contractio.Staged{item(1, "导入合同四", "23370302900004")}); err != nil {
				t.Fatal(err)
			}
			if err := st.Drop(ctx); err != nil {
				t.Fatal(err)
			}

			// A duplicate of a stored contract: a conflict, when written
			// (PostgreSQL) or at the commit (SQLite).
			st, err = imports.Begin(ctx, 3, a)
			if err != nil {
				t.Fatal(err)
			}
			err = st.Stage(ctx, []contractio.Staged{item(1, "导入合同五", "23370302900005"), item(2, stored.Name, "23370302900006")})
			if err == nil {
				_, _, err = st.Commit(ctx, commit(3, 2))
			}
			if errs.KindOf(err) != errs.Conflict {
				t.Errorf("duplicate of a stored contract: %v, want a conflict", err)
			}
			if err := st.Drop(ctx); err != nil {
				t.Errorf("drop after a conflict: %v", err)
			}
			for tb, n := range before {
				if got := count(tb); got != n {
					t.Errorf("%s: %d rows, want %d: a failed import stored something", tb, got, n)
				}
			}
			if f := sideFiles(); len(f) > 0 {
				t.Errorf("side files left: %v", f)
			}

			// The contract ids go on after the import's.
			next := r.registered("导入后登记的合同")
			if next.ID <= last {
				t.Errorf("contract registered after the import got id %d, import ended at %d", next.ID, last)
			}

			if engine != "sqlite" {
				return
			}
			// An import whose process stopped left its side file: abandoning
			// the job removes it.
			js := store.Jobs{DB: db}
			at := time.Date(2023, 12, 18, 10, 0, 0, 0, time.UTC)
			id, err := js.Create(ctx, jobs.Job{Kind: contractio.Kind, ZoneID: stored.ZoneID, CreatedBy: a.UserID, CreatedByName: a.Username,
				Status: jobs.Queued, CreatedAt: at, HeartbeatAt: at})
			if err != nil {
				t.Fatal(err)
			}
			if err := js.Start(ctx, id, "gone", at); err != nil {
				t.Fatal(err)
			}
			st, err = imports.Begin(ctx, id, access.System)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Stage(ctx, []contractio.Staged{item(1, "导入合同七", "23370302900007")}); err != nil {
				t.Fatal(err)
			}
			if len(sideFiles()) != 1 {
				t.Fatalf("side files while staging: %v", sideFiles())
			}
			// The process "stops": its connection to the file goes, the file stays.
			if ids, err := js.Abandon(ctx, at.Add(time.Minute), []byte(`{}`), at.Add(time.Minute)); err != nil || len(ids) != 1 {
				t.Fatalf("abandon: %v %v", ids, err)
			}
			if f := sideFiles(); len(f) > 0 {
				t.Errorf("side files left after the job was abandoned: %v", f)
			}
			if err := st.Drop(ctx); err != nil {
				t.Errorf("drop after the file went: %v", err)
			}
			if _, err := os.Stat(strings.TrimPrefix(u, "sqlite:")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// stagedCopy is a copy of the stored contract as an import row: name and
// number its own unless it is to duplicate the stored one.
func stagedCopy(r *registry, stored contract.Contract, a access.Actor, seq int64, name, regNo string) contractio.Staged {
	c := stored
	c.ID, c.Name, c.RegNo, c.Version = 0, name, regNo, 1
	c.Deductions = append([]contract.Deduction(nil), stored.Deductions...)
	steps := []contract.Step{
		{Event: contract.EvSubmit, From: contract.Draft, To: contract.Submitted, At: r.now, ActorID: a.UserID, Role: a.Role},
		{Event: contract.EvRegister, From: contract.Submitted, To: contract.Registered, At: r.now, ActorID: a.UserID, Role: a.Role, RegNo: regNo},
	}
	return contractio.Staged{Seq: seq, Row: int(seq) + 1, Contract: c, DupKey: contract.DuplicateKey(c), History: steps}
}

// importCommit is the commit of an import of rows contracts into the
// stored contract's zone.
func importCommit(stored contract.Contract, jobID int64, rows int) contractio.Commit {
	return contractio.Commit{JobID: jobID, ZoneID: stored.ZoneID, Rows: rows, Audit: map[string]any{"job_id": jobID}}
}

// TestImportRebuildsIndexes takes the SQLite commit path that drops the
// registry's indexes and builds them again after the copy (for large
// imports; here from one row): the imported contracts are found through the
// indexes, every index is back and consistent, contracts' triggers are back
// with the national lookup rows of the imported contracts written (step
// 0029), and a duplicate of a stored contract — found when those rows are
// written — fails the import as a conflict with nothing stored and the
// indexes and triggers as they were.
func TestImportRebuildsIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	r := newRegistry(t, db, legacyNow())
	stored := r.registered("已登记的技术开发合同")
	a := r.as["zibo-registrar"]
	imports := store.ContractImports{DB: db, RebuildFrom: 1}
	text := func(query string) string {
		t.Helper()
		var s string
		if err := db.Read().QueryRow(ctx, query).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	indexes := func() string {
		return text("SELECT group_concat(name || ':' || sql, ';') FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contracts' ORDER BY name)")
	}
	triggers := func() string {
		return text("SELECT group_concat(name || ':' || sql, ';') FROM (SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contracts' ORDER BY name)")
	}
	stats := func() string {
		return text("SELECT group_concat(idx || '=' || stat, ';') FROM (SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'contracts' ORDER BY idx)")
	}
	check := func() {
		t.Helper()
		if ok := text("PRAGMA integrity_check"); ok != "ok" {
			t.Errorf("integrity_check: %q", ok)
		}
	}
	// Planner statistics as gen leaves them: the rebuild keeps them.
	if err := db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, "ANALYZE"); return err }); err != nil {
		t.Fatal(err)
	}
	stats0 := stats()
	if !strings.Contains(stats0, "contracts_zone_cert=") {
		t.Fatalf("statistics before: %s", stats0)
	}
	before := indexes()
	if !strings.Contains(before, "contracts_zone_key") || !strings.Contains(before, "contracts_zone_cert") {
		t.Fatalf("indexes before: %s", before)
	}
	triggers0 := triggers()
	if !strings.Contains(triggers0, "contracts_keys_insert") {
		t.Fatalf("triggers before: %s", triggers0)
	}
	item := func(seq int64, name, regNo string) contractio.Staged {
		return stagedCopy(r, stored, a, seq, name, regNo)
	}
	commit := func(jobID int64, rows int) contractio.Commit { return importCommit(stored, jobID, rows) }

	st, err := imports.Begin(ctx, 1, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Stage(ctx, []contractio.Staged{item(1, "重建索引导入一", "23370302900011"), item(2, "重建索引导入二", "23370302900012")}); err != nil {
		t.Fatal(err)
	}
	first, _, err := st.Commit(ctx, commit(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Drop(ctx)
	if after := indexes(); after != before {
		t.Errorf("indexes after the import:\n%s\nbefore:\n%s", after, before)
	}
	if got := stats(); got != stats0 {
		t.Errorf("index statistics after the import:\n%s\nbefore:\n%s", got, stats0)
	}
	if got := triggers(); got != triggers0 {
		t.Errorf("contracts' triggers after the import:\n%s\nbefore:\n%s", got, triggers0)
	}
	check()
	for _, q := range []string{"SELECT COUNT(*) FROM contract_reg_nos WHERE contract_id >= ?", "SELECT COUNT(*) FROM contract_dups WHERE contract_id >= ?"} {
		var n int
		if err := db.Read().QueryRow(ctx, q, first).Scan(&n); err != nil || n != 2 {
			t.Errorf("%s: %d (%v), want the 2 imported", q, n, err)
		}
	}
	// Found through the rebuilt indexes: by zone and certificate date, and
	// the duplicate index refuses a second submission of an imported one.
	var n int
	if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM contracts INDEXED BY contracts_zone_cert WHERE zone_id = ? AND certified_on IS NOT NULL",
		stored.ZoneID).Scan(&n); err != nil || n != 3 {
		t.Errorf("contracts of the zone through contracts_zone_cert: %d, %v; want 3", n, err)
	}
	if rec := r.get(first); rec.Name != "重建索引导入一" {
		t.Errorf("first imported: %q", rec.Name)
	}

	// A duplicate of a stored contract: a conflict when its key is written.
	var count0 int
	if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM contracts").Scan(&count0); err != nil {
		t.Fatal(err)
	}
	st, err = imports.Begin(ctx, 2, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Stage(ctx, []contractio.Staged{item(1, "重建索引导入三", "23370302900013"), item(2, stored.Name, "23370302900014")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Commit(ctx, commit(2, 2)); errs.KindOf(err) != errs.Conflict {
		t.Errorf("duplicate at commit: %v, want a conflict", err)
	}
	_ = st.Drop(ctx)
	var count1 int
	if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM contracts").Scan(&count1); err != nil || count1 != count0 {
		t.Errorf("contracts after a refused import: %d, want %d (%v)", count1, count0, err)
	}
	if after := indexes(); after != before {
		t.Errorf("indexes after a refused import:\n%s\nbefore:\n%s", after, before)
	}
	if got := triggers(); got != triggers0 {
		t.Errorf("contracts' triggers after a refused import:\n%s\nbefore:\n%s", got, triggers0)
	}
	check()
	// The writer connection's settings are back (temp_store MEMORY is 2).
	var temp int
	if err := db.Transact(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, "PRAGMA temp_store").Scan(&temp)
	}); err != nil || temp != 2 {
		t.Errorf("temp_store after the import: %d, %v", temp, err)
	}
}
