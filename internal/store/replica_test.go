package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"math"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// fakeReplica is a second database standing for a replica of db's: its
// meta "where" reads "replica", the primary's "primary".
func fakeReplica(t *testing.T, primaries ...*store.DB) *atomic.Uint64 {
	t.Helper()
	ctx := context.Background()
	replicaURL := storetest.URL(t, "postgres")
	rdb, err := store.Open(ctx, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rdb.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Transact(ctx, func(tx *store.Tx) error { return tx.SetMeta(ctx, "where", "replica") }); err != nil {
		t.Fatal(err)
	}
	rdb.Close()
	var lag atomic.Uint64
	for _, db := range primaries {
		if err := db.Transact(ctx, func(tx *store.Tx) error { return tx.SetMeta(ctx, "where", "primary") }); err != nil {
			t.Fatal(err)
		}
		if err := db.AddReplica(ctx, replicaURL); err != nil {
			t.Fatal(err)
		}
		store.SetReplicaPosition(db, func() uint64 { return lag.Load() })
	}
	return &lag
}

// TestReadPositionTravelsWithSession: a user who wrote through one node
// reads the primary on another node until the replica has replayed the
// write, because the position is kept in the session's row; other
// sessions read the replica.
func TestReadPositionTravelsWithSession(t *testing.T) {
	ctx := context.Background()
	u := storetest.URL(t, "postgres")
	open := func() *store.DB {
		db, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	nodeA, nodeB := open(), open()
	if _, err := nodeA.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	world(t, nodeA)
	c := &clock{t: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	s := authService(nodeA, c)
	nat := access.Actor{UserID: 1, Username: "n", Role: access.National}
	var users []int64
	for _, name := range []string{"alice", "bob"} {
		users = append(users, addUser(t, s, nat, auth.NewUser{Username: name, Password: "long-enough-pass", Role: access.National}))
	}
	for i, h := range []string{"h-alice", "h-bob"} {
		if err := (store.Auth{DB: nodeA}).CreateSession(ctx, auth.Session{TokenHash: h, UserID: users[i], CSRF: "c",
			CreatedAt: c.t, ExpiresAt: c.t.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	lag := fakeReplica(t, nodeA, nodeB)

	// request is what the server does: a reader, the session looked up on
	// the primary, the reader named.
	request := func(node *store.DB, hash string) context.Context {
		t.Helper()
		rctx := store.WithReader(ctx, "")
		usr, _, err := (store.Auth{DB: node}).SessionUser(store.OnPrimary(rctx), hash, c.t)
		if err != nil {
			t.Fatal(err)
		}
		return store.WithReader(rctx, fmt.Sprint("u", usr.ID))
	}
	where := func(node *store.DB, rctx context.Context) string {
		t.Helper()
		v, err := node.Meta(rctx, "where")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := where(nodeB, request(nodeB, "h-alice")); got != "replica" {
		t.Fatalf("before any write alice read the %s", got)
	}
	w := request(nodeA, "h-alice")
	if err := nodeA.Transact(w, func(tx *store.Tx) error { return tx.SetMeta(w, "note", "alice") }); err != nil {
		t.Fatal(err)
	}
	if store.ReadPosition(w) == 0 {
		t.Fatal("a write left no read position")
	}
	if got := where(nodeB, request(nodeB, "h-alice")); got != "primary" {
		t.Errorf("alice on the other node, before the replica replayed her write, read the %s", got)
	}
	if got := where(nodeB, request(nodeB, "h-bob")); got != "replica" {
		t.Errorf("bob read the %s", got)
	}
	lag.Store(math.MaxUint64)
	if got := where(nodeB, request(nodeB, "h-alice")); got != "replica" {
		t.Errorf("alice, after the replica replayed her write, read the %s", got)
	}
}

// TestFigureCacheWaitsForReplica: after a change to figure data, the data
// version reads as unknown (figures are not cached) until the replica has
// replayed the change; then it has moved.
func TestFigureCacheWaitsForReplica(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "postgres")
	lag := fakeReplica(t, db)
	// The replica has replayed everything so far, and no more.
	primaryAt := func() uint64 {
		t.Helper()
		var hi, lo uint64
		var lsn string
		if err := db.Read().QueryRow(store.OnPrimary(ctx), "SELECT pg_current_wal_insert_lsn()::text").Scan(&lsn); err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Sscanf(lsn, "%X/%X", &hi, &lo); err != nil {
			t.Fatal(err)
		}
		return hi<<32 | lo
	}
	var v0 uint64
	ok := false
	for deadline := time.Now().Add(10 * time.Second); !ok && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		lag.Store(primaryAt())
		v0, ok = db.DataVersion()
	}
	if !ok {
		t.Fatal("the data version never became known")
	}
	if err := db.Transact(ctx, func(tx *store.Tx) error {
		store.MarkFigures(tx)
		return tx.SetMeta(ctx, "figures", "changed")
	}); err != nil {
		t.Fatal(err)
	}
	if v, ok := db.DataVersion(); ok {
		t.Errorf("data version %d known (was %d) while the replica lags the change", v, v0)
	}
	lag.Store(math.MaxUint64)
	if v, ok := db.DataVersion(); !ok || v == v0 {
		t.Errorf("after the replica replayed the change: version %d %v, want known and moved from %d", v, ok, v0)
	}
}
