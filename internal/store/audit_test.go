package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

func problems(t *testing.T, db *store.DB) []string {
	t.Helper()
	v, err := db.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range v.Problems {
		out = append(out, p.String())
	}
	return out
}

func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), q, args...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The chain holds after the demo load, and breaks, with the record named,
// when a record is changed, removed from the middle or from the end.
func TestAuditChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		world(t, db)
		if p := problems(t, db); len(p) != 0 {
			t.Fatalf("fresh chain has problems: %v", p)
		}
		var n int64
		if err := db.Read().QueryRow(context.Background(), "SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil || n < 50 {
			t.Fatalf("audit records = %d (%v), want the demo's", n, err)
		}

		exec(t, db, "UPDATE audit_log SET after_json = ? WHERE seq = 10", `{"name":"forged"}`)
		if p := problems(t, db); len(p) != 1 || !strings.Contains(p[0], "record 10 was changed") {
			t.Errorf("after change: %v", p)
		}
		exec(t, db, "DELETE FROM audit_log WHERE seq = 20")
		p := problems(t, db)
		if len(p) != 3 || !strings.Contains(p[1], "record 20 is missing") || !strings.Contains(p[2], "record 21 does not link") {
			t.Errorf("after removal: %v", p)
		}
		exec(t, db, "DELETE FROM audit_log WHERE seq = ?", n)
		p = problems(t, db)
		if len(p) != 4 || !strings.Contains(p[3], "is missing") {
			t.Errorf("after removing the last record: %v", p)
		}
	})
}

// Concurrent writers append to one unbroken chain.
func TestAuditConcurrentAppends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		world(t, db)
		errc := make(chan error, 40)
		for i := 0; i < 40; i++ {
			go func(i int) {
				errc <- db.Transact(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, access.System, store.Change{Action: "update", Entity: "test", EntityID: int64(i)})
				})
			}(i)
		}
		for i := 0; i < 40; i++ {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		if p := problems(t, db); len(p) != 0 {
			t.Fatalf("chain broken by concurrent appends: %v", p)
		}
	})
}

// TestAuditKeyed: with an audit key, new records are keyed (HMAC); the
// chain verifies with the key, an unkeyed chain still verifies without
// one, and someone with write access but no key can neither rewrite a
// keyed record nor pass off a chain recomputed unkeyed.
func TestAuditKeyed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		key, old := []byte("0123456789abcdef0123456789abcdef"), []byte("an earlier key, rotated out 2025")
		appendN := func(n int) {
			for i := 0; i < n; i++ {
				err := db.Transact(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, access.Actor{Username: "t"}, store.Change{Action: "test", Entity: "x", EntityID: int64(i), After: i})
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		verify := func(keys [][]byte, from int64) ([]string, int64) {
			t.Helper()
			db.AuditKeys = keys
			v, err := db.VerifyAuditFrom(ctx, from)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range v.Problems {
				out = append(out, p.String())
			}
			return out, v.Keyed
		}
		appendN(3) // unkeyed, before the key was given
		if p, _ := verify(nil, 0); len(p) != 0 {
			t.Fatalf("unkeyed chain: %v", p)
		}
		db.AuditKeys = [][]byte{old}
		appendN(2) // seq 4–5 under the earlier key
		db.AuditKeys = [][]byte{key, old}
		appendN(3) // seq 6–8 under the current key
		if p, k := verify([][]byte{key, old}, 4); len(p) != 0 || k != 5 {
			t.Fatalf("keyed chain with its keys: %v, %d keyed", p, k)
		}
		if p, _ := verify(nil, 0); len(p) != 5 || !strings.Contains(p[0], "record 4 was changed") {
			t.Errorf("keyed chain without the key: %v", p)
		}
		if p, _ := verify([][]byte{key}, 0); len(p) != 2 || !strings.Contains(p[0], "record 4 was changed") || !strings.Contains(p[1], "record 5 was changed") {
			t.Errorf("without the earlier key: %v", p)
		}

		// Someone without the key rewrites record 7 and recomputes the
		// chain after it, unkeyed.
		db.AuditKeys = nil
		rewrite := func(from int64) {
			t.Helper()
			err := db.Transact(ctx, func(tx *store.Tx) error {
				prev := audit.Genesis
				if from > 1 {
					if err := tx.QueryRow(ctx, "SELECT hash FROM audit_log WHERE seq = ?", from-1).Scan(&prev); err != nil {
						return err
					}
				}
				rows, err := tx.Query(ctx, "SELECT seq, at, actor_name, action, entity, entity_id, after_json FROM audit_log WHERE seq >= ? ORDER BY seq", from)
				if err != nil {
					return err
				}
				var recs []audit.Record
				for rows.Next() {
					var r audit.Record
					var at, after string
					if err := rows.Scan(&r.Seq, &at, &r.ActorName, &r.Action, &r.Entity, &r.EntityID, &after); err != nil {
						return err
					}
					r.At, _ = time.Parse(time.RFC3339Nano, at)
					r.After = []byte(after)
					recs = append(recs, r)
				}
				rows.Close()
				for _, r := range recs {
					r.ActorName = "forger"
					r.PrevHash = prev
					r.Hash = audit.ComputeHash(r)
					prev = r.Hash
					if _, err := tx.Exec(ctx, "UPDATE audit_log SET actor_name = ?, prev_hash = ?, hash = ? WHERE seq = ?", r.ActorName, r.PrevHash, r.Hash, r.Seq); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		rewrite(7)
		if p, _ := verify([][]byte{key, old}, 0); len(p) != 2 || !strings.Contains(p[0], "record 7 is not keyed") {
			t.Errorf("rewritten past a keyed record: %v", p)
		}
		// The whole chain recomputed unkeyed passes an unkeyed check but
		// not the operator's "keyed from 4".
		rewrite(1)
		if p, _ := verify(nil, 0); len(p) != 0 {
			t.Errorf("recomputed chain, unkeyed check: %v", p)
		}
		if p, _ := verify([][]byte{key, old}, 4); len(p) != 5 || !strings.Contains(p[0], "record 4 is not keyed") {
			t.Errorf("recomputed chain, keyed from 4: %v", p)
		}
	})
}
