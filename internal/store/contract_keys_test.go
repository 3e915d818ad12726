package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// uniqueViolation reports an error that is a unique violation on either
// engine, as the store maps it to the user's error.
func uniqueViolation(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "UNIQUE constraint failed") || strings.Contains(err.Error(), "SQLSTATE 23505"))
}

// execOne runs one statement in a transaction of its own.
func execOne(t *testing.T, db *store.DB, q string, args ...any) error {
	t.Helper()
	ctx := context.Background()
	return db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, q, args...); return err })
}

// checkContractKeys: the national lookup tables hold exactly every
// contract's number and the duplicate key of every contract holding its
// key (contract.HoldsDuplicateKey); it returns how many of each.
func checkContractKeys(t *testing.T, db *store.DB) (regNos, dups int) {
	t.Helper()
	ctx := context.Background()
	var holding []string
	for _, s := range contract.Statuses() {
		if contract.HoldsDuplicateKey(s) {
			holding = append(holding, "'"+string(s)+"'")
		}
	}
	for _, c := range []struct {
		table, want string
		n           *int
	}{
		{"contract_reg_nos", "SELECT reg_no, id FROM contracts WHERE reg_no IS NOT NULL", &regNos},
		{"contract_dups", "SELECT dup_key, id FROM contracts WHERE status IN (" + strings.Join(holding, ", ") + ")", &dups},
	} {
		var have, missing, extra int
		q := fmt.Sprintf(`SELECT (SELECT COUNT(*) FROM %[1]s),
			(SELECT COUNT(*) FROM (%[2]s EXCEPT SELECT * FROM %[1]s) m),
			(SELECT COUNT(*) FROM (SELECT * FROM %[1]s EXCEPT %[2]s) x)`, c.table, c.want)
		if err := db.Read().QueryRow(ctx, q).Scan(&have, &missing, &extra); err != nil {
			t.Fatalf("%s: %v", c.table, err)
		}
		if missing != 0 || extra != 0 {
			t.Errorf("%s: %d rows, %d missing, %d not of a contract", c.table, have, missing, extra)
		}
		*c.n = have
	}
	return regNos, dups
}

// The lookup tables follow every write of contracts: a key is held in
// exactly the statuses contract.HoldsDuplicateKey names, a changed key or
// number replaces the old, a deleted contract takes its rows along.
func TestContractKeysFollowWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := execOne(t, db, shardParents); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		count := func(table, col, key string) int {
			t.Helper()
			var n int
			if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE "+col+" = ? AND contract_id = 941", key).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, s := range append(contract.Statuses(), contract.Submitted) {
			if err := execOne(t, db, "UPDATE contracts SET status = ? WHERE id = 941", string(s)); err != nil {
				t.Fatalf("status %s: %v", s, err)
			}
			want := 0
			if contract.HoldsDuplicateKey(s) {
				want = 1
			}
			if got := count("contract_dups", "dup_key", "ka"); got != want {
				t.Errorf("status %s: %d rows of its key, want %d", s, got, want)
			}
		}
		// Submitted now: a changed key (a returned contract corrected) moves.
		if err := execOne(t, db, "UPDATE contracts SET dup_key = 'ka2', reg_no = 'R941' WHERE id = 941"); err != nil {
			t.Fatal(err)
		}
		if count("contract_dups", "dup_key", "ka") != 0 || count("contract_dups", "dup_key", "ka2") != 1 || count("contract_reg_nos", "reg_no", "R941") != 1 {
			t.Errorf("after the key and number changed: old key %d, new key %d, number %d rows", count("contract_dups", "dup_key", "ka"),
				count("contract_dups", "dup_key", "ka2"), count("contract_reg_nos", "reg_no", "R941"))
		}
		if err := execOne(t, db, "UPDATE contracts SET reg_no = 'R941b' WHERE id = 941"); err != nil {
			t.Fatal(err)
		}
		if count("contract_reg_nos", "reg_no", "R941") != 0 || count("contract_reg_nos", "reg_no", "R941b") != 1 {
			t.Error("a changed number did not replace the old one")
		}
		checkContractKeys(t, db)
		if err := execOne(t, db, "DELETE FROM contracts WHERE id = 941"); err != nil {
			t.Fatal(err)
		}
		if r, d := checkContractKeys(t, db); r != 0 || d != 0 {
			t.Errorf("after the delete: %d numbers, %d keys", r, d)
		}
	})
}

// The uniques are national: a registration number is stored once across
// zones, and of two transactions making contracts of two zones hold the
// same duplicate key at the same time, one fails with a unique violation —
// whichever order they reach the database in.
func TestContractKeysNational(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := execOne(t, db, shardParents); err != nil {
			t.Fatal(err)
		}
		if err := execOne(t, db, "UPDATE contracts SET reg_no = 'R1', status = 'registered' WHERE id = 941"); err != nil {
			t.Fatal(err)
		}
		if err := execOne(t, db, "UPDATE contracts SET reg_no = 'R1' WHERE id = 942"); !uniqueViolation(err) {
			t.Errorf("a second zone's contract takes a number held: %v, want a unique violation", err)
		}
		if err := execOne(t, db, "UPDATE contracts SET reg_no = 'R1' WHERE id = 941"); err != nil {
			t.Errorf("the holder writes its own number again: %v", err)
		}

		hold := "UPDATE contracts SET status = 'submitted', dup_key = 'same' WHERE id = ?"
		inserted, release := make(chan struct{}), make(chan struct{})
		first := make(chan error, 1)
		go func() {
			first <- db.Transact(ctx, func(tx *store.Tx) error {
				if _, err := tx.Exec(ctx, hold, 941); err != nil {
					close(inserted)
					return err
				}
				close(inserted)
				<-release
				return nil
			})
		}()
		<-inserted
		second := make(chan error, 1)
		go func() { second <- execOne(t, db, hold, 942) }()
		close(release)
		got := []error{<-first, <-second}
		if (got[0] == nil) == (got[1] == nil) || !uniqueViolation(errors.Join(got...)) {
			t.Errorf("two zones' contracts holding one key at once: %v, %v; want one unique violation", got[0], got[1])
		}
		var n int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM contracts WHERE dup_key = 'same' AND status = 'submitted'").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d contracts hold the key (%v), want 1", n, err)
		}
		checkContractKeys(t, db)
	})
}

// A submission racing another zone's contract with the same duplicate key
// (its seller moved zones) is refused as before step 0029, naming the
// other: by the check before the write when the other committed first, by
// the lookup table's unique violation when both were under way.
func TestContractDuplicateAcrossZones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		id := r.create("zibo-ent", 0, terms("跨区重复的技术开发合同"))
		var cols []string
		for _, c := range store.ContractColumns()[1:] {
			switch c {
			case "zone_id":
				c = "? AS zone_id"
			case "status":
				c = "'submitted' AS status"
			}
			cols = append(cols, c)
		}
		copyCols := strings.Join(store.ContractColumns()[1:], ", ")
		var other int64
		inserted, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- db.Transact(ctx, func(tx *store.Tx) error {
				defer close(inserted)
				if _, err := tx.Exec(ctx, "INSERT INTO contracts ("+copyCols+") SELECT "+strings.Join(cols, ", ")+" FROM contracts WHERE id = ?",
					r.ids.Zones["yulin"], id); err != nil {
					return err
				}
				if err := tx.QueryRow(ctx, "SELECT MAX(id) FROM contracts").Scan(&other); err != nil {
					return err
				}
				inserted <- struct{}{}
				<-release
				return nil
			})
		}()
		<-inserted
		submitted := make(chan error, 1)
		go func() {
			_, err := r.act("zibo-ent", id, ev(contract.EvSubmit, ""))
			submitted <- err
		}()
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		err := <-submitted
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.Conflict || e.Msg.Key != "contract.err.duplicate" || e.Msg.Args[0] != fmt.Sprintf("#%d", other) {
			t.Errorf("submission racing another zone's holder: %v, want the duplicate conflict naming #%d", err, other)
		}
		checkContractKeys(t, db)
	})
}

// previousContract inserts a contract of zone as the binary before step
// 0029 writes one (it knows no lookup table), with a deduction and a
// payment without zone_id as the binary before step 0027 writes them.
func previousContract(t *testing.T, db *store.DB, id, zone, seller int64, status, regNo, dupKey string) error {
	t.Helper()
	ctx := context.Background()
	return db.Transact(ctx, func(tx *store.Tx) error {
		var reg any
		if regNo != "" {
			reg = regNo
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contracts (id, zone_id, seller_id, seller_name, seller_uscc, seller_nature, seller_region, name, type, signed_on,
			valid_from, valid_to, field, ip_type, programme_level, buyer_name, buyer_nature, contract_amount_fen, tech_amount_fen,
			status, reg_no, dup_key, created_at, updated_at) VALUES (?, ?, ?, 'S', '91370300MA000000X1', 'private', '370300', 'C', 'development',
			'2024-01-01', '2024-01-01', '2025-01-01', 'software', 'none', 'none', 'B', 'private', 100, 100, ?, ?, ?,
			'2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`, id, zone, seller, status, reg, dupKey); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO contract_events (contract_id, zone_id, event, from_status, to_status, at, actor_name, role) VALUES (?, ?, 'submit', 'draft', ?, '2024-01-02T00:00:00Z', 'u', 'enterprise')",
			id, zone, status); err != nil {
			return err
		}
		for _, c := range zoneChildren {
			if c.parent == "contracts" {
				if _, err := tx.Exec(ctx, c.insert, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// A database at the step before 0029 with contracts in every state — returned and
// cancelled ones, registered ones with drawn and imported numbers, two
// zones' contracts with one key of which one holds it — migrates on both
// engines with the lookup tables complete and every foreign key holding;
// afterwards the previous binary's writes keep them, and what the
// uniques on contracts refused is still refused.
func TestContractKeysMigrate(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			// The step before this one (by name: a merge may renumber it).
			all, err := store.Migrations(db.Engine())
			if err != nil {
				t.Fatal(err)
			}
			step := slices.IndexFunc(all, func(m store.Migration) bool { return m.Name == "contract_keys" })
			if step < 1 {
				t.Fatalf("no step contract_keys after another in %d steps", len(all))
			}
			if err := store.MigrateThrough(ctx, db, all[step-1].Version); err != nil {
				t.Fatal(err)
			}
			if err := execOne(t, db, shardParents); err != nil {
				t.Fatal(err)
			}
			for i, c := range []struct {
				zone            int64
				status, reg, dk string
			}{
				{901, "registered", "2024370300020000001", "k1"},
				{901, "returned", "", "k2"},
				{901, "cancelled", "2024370300020000002", "k3"},
				{902, "registered", "IMPORT-0042", "k3"}, // re-applied after the cancel, in another zone, with an imported number
				{902, "refused", "", "k1"},
				{902, "submitted", "", "k4"},
				{901, "under_review", "", "k5"},
				{902, "second_review", "", "k6"},
				{901, "awaiting", "", "k7"},
				{902, "draft", "", "k7"},
			} {
				if err := previousContract(t, db, int64(1001+i), c.zone, 911+c.zone-901, c.status, c.reg, c.dk); err != nil {
					t.Fatalf("contract %d at step 0027: %v", i, err)
				}
			}
			applied, err := db.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) == 0 || applied[0].Name != "contract_keys" {
				t.Fatalf("applied %v, want contract_keys first", applied)
			}
			if r, d := checkContractKeys(t, db); r != 3 || d != 6 {
				t.Errorf("after the step: %d numbers, %d keys; want 3 and 6", r, d)
			}
			checkForeignKeys(t, db)

			// The previous binary writes on: a new contract, its lines
			// without zone_id; a status change of an old one.
			if err := previousContract(t, db, 1101, 902, 912, "registered", "2024440600010000001", "k8"); err != nil {
				t.Fatalf("the previous binary's contract after the step: %v", err)
			}
			if err := execOne(t, db, "UPDATE contracts SET status = 'submitted', version = version + 1 WHERE id = 1002"); err != nil {
				t.Fatal(err)
			}
			if err := execOne(t, db, "UPDATE contracts SET status = 'cancelled', cancelled_on = '2024-03-01' WHERE id = 1004"); err != nil {
				t.Fatal(err)
			}
			if r, d := checkContractKeys(t, db); r != 4 || d != 6 {
				t.Errorf("after the previous binary's writes: %d numbers, %d keys; want 4 and 6", r, d)
			}
			checkForeignKeys(t, db)
			var wrong int
			if err := db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM contract_payments p JOIN contracts c ON c.id = p.contract_id
				WHERE c.id = 1101 AND p.zone_id <> c.zone_id`).Scan(&wrong); err != nil || wrong != 0 {
				t.Errorf("%d payments of the new contract outside its zone (%v)", wrong, err)
			}
			// Refused as the dropped uniques refused it, in either zone.
			for _, c := range []struct {
				zone       int64
				reg, dk, s string
			}{
				{901, "2024440600010000001", "k9", "registered"}, // a number held in the other zone
				{902, "", "k2", "submitted"},                     // a key the returned contract holds
				{901, "", "k8", "under_review"},                  // a key the new registered one holds
			} {
				if err := previousContract(t, db, 1201, c.zone, 911+c.zone-901, c.s, c.reg, c.dk); !uniqueViolation(err) {
					t.Errorf("the previous binary's %+v: %v, want a unique violation", c, err)
				}
			}
			// What was free still is: a cancelled contract's key, a draft's.
			if err := previousContract(t, db, 1202, 902, 912, "submitted", "", "k7"); err != nil {
				t.Errorf("a key only a draft and an awaiting one have: %v", err)
			}
			checkContractKeys(t, db)
		})
	}
}

// checkForeignKeys: every foreign key holds over every row (PostgreSQL:
// the keys the step added unchecked are validated).
func checkForeignKeys(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if db.Engine() == store.SQLite {
		var n int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM pragma_foreign_key_check").Scan(&n); err != nil || n != 0 {
			t.Errorf("foreign_key_check: %d rows (%v)", n, err)
		}
		return
	}
	for _, fk := range []struct{ table, name string }{
		{"contract_events", "contract_events_contract_id_fkey"},
		{"contract_payments", "contract_payments_contract_id_fkey"},
		{"contract_deductions", "contract_deductions_contract_id_fkey"},
		{"contracts", "contracts_point_id_fkey"},
	} {
		if err := execOne(t, db, "ALTER TABLE "+fk.table+" VALIDATE CONSTRAINT "+fk.name); err != nil {
			t.Errorf("validate %s: %v", fk.name, err)
		}
		var def string
		if err := db.Read().QueryRow(ctx, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = ?", fk.name).Scan(&def); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(def, ", zone_id)") {
			t.Errorf("%s: %s, want it to hold zone_id", fk.name, def)
		}
	}
}

// The bulk loader behind gen and the demo sets contracts' triggers aside
// and fills the lookup tables itself: after a load they are complete and
// the triggers are in force again.
func TestContractKeysAfterGen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		runGen(t, db, gen.Options{Contracts: 2000, Enterprises: 300, Areas: 20, Years: 2, Seed: 5})
		r, d := checkContractKeys(t, db)
		if r == 0 || d == 0 {
			t.Errorf("after gen: %d numbers, %d keys", r, d)
		}
		if n := triggersInForce(t, db, "contracts"); n < 3 {
			t.Errorf("%d triggers on contracts in force after a load", n)
		}
		var id int64
		var dupKey string
		if err := db.Read().QueryRow(ctx, "SELECT id, dup_key FROM contracts WHERE status = 'registered' ORDER BY id LIMIT 1").Scan(&id, &dupKey); err != nil {
			t.Fatal(err)
		}
		if err := execOne(t, db, "UPDATE contracts SET status = 'cancelled' WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
		if _, d2 := checkContractKeys(t, db); d2 != d-1 {
			t.Errorf("after a cancel: %d keys, want %d", d2, d-1)
		}
	})
}
