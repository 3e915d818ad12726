package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/access"
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
