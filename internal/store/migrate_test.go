package store_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// Both engines have the same numbered steps with the same names.
func TestMigrationsInStep(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []store.Migration) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	if diff := cmp.Diff(names(lite), names(pg)); diff != "" {
		t.Errorf("migrations differ between engines (-sqlite +postgres):\n%s", diff)
	}
}

// schema lists table → sorted columns.
func schema(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	q := db.Read()
	out := map[string][]string{}
	if db.Engine() == store.SQLite {
		rows, err := q.Query(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
		if err != nil {
			t.Fatal(err)
		}
		var tables []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, n)
		}
		rows.Close()
		for _, tb := range tables {
			cols, err := q.Query(ctx, "SELECT name FROM pragma_table_info(?)", tb)
			if err != nil {
				t.Fatal(err)
			}
			for cols.Next() {
				var c string
				if err := cols.Scan(&c); err != nil {
					t.Fatal(err)
				}
				out[tb] = append(out[tb], c)
			}
			cols.Close()
		}
	} else {
		rows, err := q.Query(ctx, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var tb, c string
			if err := rows.Scan(&tb, &c); err != nil {
				t.Fatal(err)
			}
			out[tb] = append(out[tb], c)
		}
		rows.Close()
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

// Both engines end with the same tables and columns.
func TestSchemaShapeSame(t *testing.T) {
	lite := schema(t, storetest.Open(t, "sqlite"))
	pg := schema(t, storetest.Open(t, "postgres"))
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Errorf("schema differs (-sqlite +postgres):\n%s", diff)
	}
	if len(lite["enterprises"]) == 0 || len(lite["audit_log"]) == 0 {
		t.Fatalf("expected foundation tables, got %v", lite)
	}
}

// Migrating twice applies nothing the second time; status shows all applied.
func TestMigrateIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %d steps", len(applied))
		}
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range st {
			if !m.Applied {
				t.Errorf("step %d %s not applied", m.Version, m.Name)
			}
		}
	})
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	_, err := store.Open(context.Background(), "mysql://x")
	if err == nil || !strings.Contains(err.Error(), "sqlite:") {
		t.Fatalf("Open(mysql) = %v, want an error naming the accepted forms", err)
	}
}

// A node whose binary predates a step another node applied refuses to
// start, naming the step, instead of failing mid-request.
func TestMigrateRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", 9999, "from_the_future", "2030-01-01T00:00:00Z")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "9999_from_the_future") || !strings.Contains(err.Error(), "upgrade") {
			t.Errorf("migrate against a newer schema = %v, want a refusal naming the step", err)
		}
	})
}

// A node already running when another applies a step it does not know
// reads as not ready (for /readyz), naming the step, until it is upgraded.
func TestReadyRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("ready on its own schema: %v", err)
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", 9999, "from_the_future", "2030-01-01T00:00:00Z")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Ready(ctx); err == nil || !strings.Contains(err.Error(), "9999_from_the_future") {
			t.Errorf("ready against a newer schema = %v", err)
		}
	})
}

// The rolling-upgrade rule (docs/operations.md): a step from 0016 on only
// adds — tables, nullable or defaulted columns, indexes — so that nodes on
// the binary before it keep working while it is applied. A step that drops,
// renames or retypes something ("contract") says so on a line
// "-- contract: REASON" and ships a release after every node stopped using
// what it removes.
func TestMigrationsAdditive(t *testing.T) {
	bad := []string{"DROP TABLE", "DROP COLUMN", "RENAME ", "ALTER COLUMN", "SET NOT NULL", "DROP INDEX", "DROP CONSTRAINT"}
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		all, err := store.Migrations(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range all {
			if m.Version < 16 || strings.Contains(m.SQL, "-- contract:") {
				continue
			}
			var code strings.Builder
			for _, line := range strings.Split(m.SQL, "\n") {
				if i := strings.Index(line, "--"); i >= 0 {
					line = line[:i]
				}
				code.WriteString(strings.ToUpper(line) + "\n")
			}
			for _, b := range bad {
				if strings.Contains(code.String(), b) {
					t.Errorf("%s %04d_%s: %q breaks nodes on the binary before it; make it additive or mark it \"-- contract: REASON\"", e, m.Version, m.Name, strings.TrimSpace(b))
				}
			}
		}
	}
}
