package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// auditOK is the check a restore runs: the audit chain verifies.
func auditOK(ctx context.Context, db *store.DB) error {
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if len(v.Problems) > 0 {
		return fmt.Errorf("audit: %v", v.Problems[0])
	}
	return nil
}

// rename renames a zone with its audit record, as a clerk's change would.
func rename(ctx context.Context, db *store.DB, zone int64, name string) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE areas SET name = ? WHERE id = ?", name, zone); err != nil {
			return err
		}
		return tx.Audit(ctx, access.Actor{Username: "test"}, store.Change{Action: "rename", Entity: "area", EntityID: zone, ZoneID: zone, After: name})
	})
}

func zoneName(t *testing.T, db *store.DB, zone int64) string {
	t.Helper()
	var s string
	if err := db.Read().QueryRow(context.Background(), "SELECT name FROM areas WHERE id = ?", zone).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBackupRestore: a backup taken while a writer keeps changing the
// database is one consistent state (its audit chain verifies, its digest is
// what restoring it gives back); changes made after it are gone once it is
// restored; a broken backup is refused with the target untouched.
func TestBackupRestore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		zibo := ids.Zones["zibo"]
		before := zoneName(t, db, zibo)
		u := db.URL()

		// Backup under write load.
		var writes atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := rename(ctx, db, ids.Zones["yulin"], fmt.Sprintf("榆林高新区%d", i)); err != nil {
					t.Error(err)
					return
				}
				writes.Add(1)
			}
		}()
		out := filepath.Join(t.TempDir(), "backup.db")
		counts, err := db.Backup(ctx, out)
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d writes during the backup", writes.Load())
		if _, err := db.Backup(ctx, out); err == nil {
			t.Error("a backup over an existing file")
		}
		b, err := store.Open(ctx, "sqlite:"+out)
		if err != nil {
			t.Fatal(err)
		}
		if err := auditOK(ctx, b); err != nil {
			t.Errorf("backup's audit chain: %v", err)
		}
		b.Close()

		// Changes after the backup.
		if err := rename(ctx, db, zibo, "改过的名字"); err != nil {
			t.Fatal(err)
		}

		// A backup that fails its check replaces nothing.
		bad := filepath.Join(t.TempDir(), "bad.db")
		if _, err := db.Backup(ctx, bad); err != nil {
			t.Fatal(err)
		}
		bd, _ := store.Open(ctx, "sqlite:"+bad)
		if err := bd.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE audit_log SET actor_name = 'forged' WHERE seq = 5")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		bd.Close()
		// A sign-in on the target, which the restore ends.
		var uid int64
		if err := db.Read().QueryRow(ctx, "SELECT MIN(id) FROM users").Scan(&uid); err != nil {
			t.Fatal(err)
		}
		if err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ('x', ?, 'c', ?, ?)",
				uid, store.Instant(time.Now()), store.Instant(time.Now().Add(time.Hour)))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if engine := db.Engine(); engine == store.SQLite {
			db.Close() // a SQLite restore replaces the file: the server is stopped
		}
		if _, err := store.Restore(ctx, bad, u, auditOK); err == nil {
			t.Fatal("a forged backup was restored")
		}
		db2, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if got := zoneName(t, db2, zibo); got != "改过的名字" {
			t.Errorf("after a refused restore: %q", got)
		}
		db2.Close()

		// The real restore.
		restored, err := store.Restore(ctx, out, u, auditOK)
		if err != nil {
			t.Fatal(err)
		}
		if len(restored) != len(counts) {
			t.Fatalf("%d tables restored, %d backed up", len(restored), len(counts))
		}
		for i := range counts {
			if counts[i] != restored[i] {
				t.Errorf("table %s: backed up %+v, restored %+v", counts[i].Table, counts[i], restored[i])
			}
		}
		db3, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer db3.Close()
		if got := zoneName(t, db3, zibo); got != before {
			t.Errorf("restored zone name %q, want %q", got, before)
		}
		if err := auditOK(ctx, db3); err != nil {
			t.Error(err)
		}
		// The restored database takes writes (sequences past the ids).
		if err := rename(ctx, db3, zibo, "恢复后改名"); err != nil {
			t.Fatal(err)
		}
		var sessions int
		if err := db3.Read().QueryRow(ctx, "SELECT COUNT(*) FROM sessions").Scan(&sessions); err != nil || sessions != 0 {
			t.Errorf("sessions after restore: %d %v", sessions, err)
		}
	})
}
