package store_test

import (
	"context"
	"database/sql"
	"math"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// TestReadReplicaRouting: with a read replica, reads go to it and writes to
// the primary; a reader who wrote reads from the primary until the replica
// has replayed the write, then from the replica again; OnPrimary always
// reads the primary; a replica that fails is left out and the primary
// answers. The "replica" here is a second database on the same server, not
// a physical standby: its rows differ from the primary's, which makes the
// routing visible, and its lag is played by SetReplicaPosition (a
// pg_basebackup standby is what production runs; see docs/operations.md).
func TestReadReplicaRouting(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "postgres")
	replicaURL := storetest.URL(t, "postgres")
	rdb, err := store.Open(ctx, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rdb.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	setMeta := func(db *store.DB, ctx context.Context, k, v string) {
		t.Helper()
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.SetMeta(ctx, k, v) }); err != nil {
			t.Fatal(err)
		}
	}
	setMeta(db, ctx, "where", "primary")
	setMeta(rdb, ctx, "where", "replica")
	rdb.Close()
	if err := db.AddReplica(ctx, replicaURL); err != nil {
		t.Fatal(err)
	}
	get := func(ctx context.Context, k string) string {
		t.Helper()
		v, err := db.Meta(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := get(ctx, "where"); got != "replica" {
		t.Errorf("a read went to the %s", got)
	}
	if got := get(store.OnPrimary(ctx), "where"); got != "primary" {
		t.Errorf("OnPrimary read the %s", got)
	}

	var lag atomic.Uint64 // the replica's replayed position
	store.SetReplicaPosition(db, func() uint64 { return lag.Load() })
	alice, bob := store.WithReader(ctx, "u1"), store.WithReader(ctx, "u2")
	setMeta(db, alice, "note", "alice wrote this")
	if got := get(alice, "note"); got != "alice wrote this" {
		t.Errorf("alice does not read her write: %q", got)
	}
	if got := get(bob, "where"); got != "replica" {
		t.Errorf("bob read the %s", got)
	}
	if got := get(alice, "where"); got != "primary" {
		t.Errorf("alice, before the replica replayed her write, read the %s", got)
	}
	lag.Store(math.MaxUint64)
	if got := get(alice, "where"); got != "replica" {
		t.Errorf("alice, after the replica replayed her write, read the %s", got)
	}
	lag.Store(0)
	if got := get(alice, "where"); got != "replica" {
		t.Errorf("alice's pin outlived its catch-up: %s", got)
	}

	// The replica goes away: reads fall back to the primary.
	admin, err := sql.Open("pgx", storetest.PGAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	u, _ := url.Parse(replicaURL)
	if _, err := admin.ExecContext(ctx, "DROP DATABASE "+strings.TrimPrefix(u.Path, "/")+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Read().Query(ctx, "SELECT value FROM meta WHERE key = 'where'")
	if err != nil {
		t.Fatalf("read with the replica gone: %v", err)
	}
	var got string
	for rows.Next() {
		_ = rows.Scan(&got)
	}
	rows.Close()
	if got != "primary" {
		t.Errorf("with the replica gone, read %q", got)
	}
	if got := get(ctx, "where"); got != "primary" {
		t.Errorf("the failed replica is still read: %q", got)
	}
}

// SQLite has no replicas.
func TestReplicaNeedsPostgres(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	if err := db.AddReplica(context.Background(), "postgres://x"); err == nil {
		t.Error("a replica of SQLite")
	}
}
