package storetest

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/store"
)

// Two copies of the template are separate databases with every step.
func TestMigratedCopiesAreSeparate(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines {
		t.Run(e, func(t *testing.T) {
			a, b := Open(t, e), Open(t, e)
			steps, err := store.Migrations(a.Engine())
			if err != nil {
				t.Fatal(err)
			}
			count := func(db *store.DB, q string) int {
				var n int
				if err := db.Read().QueryRow(ctx, q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			for _, db := range []*store.DB{a, b} {
				if n := count(db, "SELECT COUNT(*) FROM schema_migrations"); n != len(steps) {
					t.Fatalf("a copy has %d steps applied, the binary %d", n, len(steps))
				}
			}
			err = a.Transact(ctx, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'only_in_a', '2030-01-01T00:00:00Z')")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := count(a, "SELECT COUNT(*) FROM schema_migrations WHERE version = 9999"); n != 1 {
				t.Fatalf("the write to a: %d rows", n)
			}
			if n := count(b, "SELECT COUNT(*) FROM schema_migrations WHERE version = 9999"); n != 0 {
				t.Fatalf("a write to one copy shows in another: %d rows", n)
			}
			if n := count(Open(t, e), "SELECT COUNT(*) FROM schema_migrations WHERE version = 9999"); n != 0 {
				t.Fatalf("a write to a copy reached the template: %d rows", n)
			}
		})
	}
}
