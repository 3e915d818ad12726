package store

// Read replicas (PostgreSQL): reads through DB.Read go to a streaming
// standby when one is configured, writes and transactions to the primary.
//
//   - A reader who wrote (its key, set on the request's context with
//     WithReader, made a write transaction commit) reads from the primary
//     until the replica has replayed that commit's WAL position; then the
//     replica again. The position of a replica is read only for such
//     readers, so nobody else pays for it.
//   - OnPrimary marks a context whose reads must see the latest commit
//     (sign-in lookups, say).
//   - A replica that cannot be reached is left out for replicaRetry; with
//     none left, reads go to the primary.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// replicaRetry is how long a failed replica is left out.
const replicaRetry = 5 * time.Second

// pinTTL bounds how long a reader stays on the primary after a write
// whatever the replicas say.
const pinTTL = time.Minute

type replica struct {
	url    string
	db     *sql.DB
	downAt atomic.Int64 // unix nanoseconds of the last failure, 0 when up
}

// replicas is a DB's set of read replicas and the readers pinned to the
// primary.
type replicas struct {
	list []*replica
	next atomic.Uint64

	mu   sync.Mutex
	pins map[string]pin // reader key → its last write

	// position reads a replica's replayed WAL position; tests replace it.
	position func(ctx context.Context, r *replica) (uint64, error)
}

type pin struct {
	lsn uint64
	at  time.Time
}

type ctxKey int

const (
	readerKey ctxKey = iota + 1
	primaryKey
)

// WithReader names who reads through ctx (a user, a session), so that
// what they write they then read (see replica.go).
func WithReader(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, readerKey, key)
}

// OnPrimary makes every read through ctx go to the primary.
func OnPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey, true)
}

// AddReplica opens url, a read replica of db (PostgreSQL only), and sends
// db.Read's queries to it from now on. Call it before the DB is shared.
func (db *DB) AddReplica(ctx context.Context, url string) error {
	if db.engine != Postgres {
		return errors.New("store: read replicas need PostgreSQL")
	}
	r, err := openPostgres(ctx, url)
	if err != nil {
		return fmt.Errorf("store: replica: %w", err)
	}
	if db.reps == nil {
		db.reps = &replicas{pins: map[string]pin{}, position: replayPosition}
	}
	db.reps.list = append(db.reps.list, &replica{url: url, db: r.r})
	return nil
}

// Replicas is how many read replicas db has.
func (db *DB) Replicas() int {
	if db.reps == nil {
		return 0
	}
	return len(db.reps.list)
}

// replayPosition is the WAL position a replica has replayed; a server not
// in recovery (a second URL of the primary's own cluster) has all of its
// own WAL.
func replayPosition(ctx context.Context, r *replica) (uint64, error) {
	var s string
	if err := r.db.QueryRowContext(ctx, "SELECT COALESCE(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text").Scan(&s); err != nil {
		return 0, err
	}
	return parseLSN(s)
}

// parseLSN reads PostgreSQL's "16/B374D848".
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("store: bad WAL position %q", s)
	}
	h, err := strconv.ParseUint(hi, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("store: bad WAL position %q", s)
	}
	l, err := strconv.ParseUint(lo, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("store: bad WAL position %q", s)
	}
	return h<<32 | l, nil
}

// reader is the pool a read through ctx goes to.
func (db *DB) reader(ctx context.Context) querier {
	rs := db.reps
	if rs == nil || ctx.Value(primaryKey) != nil {
		return db.r
	}
	r := rs.pick()
	if r == nil {
		return db.r
	}
	key, _ := ctx.Value(readerKey).(string)
	if key == "" {
		return r.db
	}
	rs.mu.Lock()
	p, pinned := rs.pins[key]
	rs.mu.Unlock()
	if !pinned {
		return r.db
	}
	if time.Since(p.at) > pinTTL {
		rs.unpin(key, p)
		return r.db
	}
	at, err := rs.position(ctx, r)
	if err != nil {
		r.downAt.Store(time.Now().UnixNano())
		return db.r
	}
	if at < p.lsn {
		return db.r
	}
	rs.unpin(key, p)
	return r.db
}

// pick is the next replica that is up, round robin; nil when none is.
func (rs *replicas) pick() *replica {
	n := len(rs.list)
	start := rs.next.Add(1)
	for i := range n {
		r := rs.list[(int(start)+i)%n]
		if d := r.downAt.Load(); d == 0 || time.Since(time.Unix(0, d)) > replicaRetry {
			return r
		}
	}
	return nil
}

func (rs *replicas) unpin(key string, p pin) {
	rs.mu.Lock()
	if rs.pins[key] == p {
		delete(rs.pins, key)
	}
	rs.mu.Unlock()
}

// wrote pins ctx's reader to the primary until the replicas have replayed
// the WAL position just after its commit.
func (db *DB) wrote(ctx context.Context) {
	rs := db.reps
	if rs == nil {
		return
	}
	key, _ := ctx.Value(readerKey).(string)
	if key == "" {
		return
	}
	var s string
	if err := db.w.QueryRowContext(context.WithoutCancel(ctx), "SELECT pg_current_wal_lsn()::text").Scan(&s); err != nil {
		return // the next read of this reader may be stale; nothing breaks
	}
	lsn, err := parseLSN(s)
	if err != nil {
		return
	}
	rs.mu.Lock()
	rs.pins[key] = pin{lsn: lsn, at: time.Now()}
	// Pins of readers who never came back go after pinTTL.
	if len(rs.pins) > 10_000 {
		for k, p := range rs.pins {
			if time.Since(p.at) > pinTTL {
				delete(rs.pins, k)
			}
		}
	}
	rs.mu.Unlock()
}

// closeReplicas closes the replicas' pools.
func (db *DB) closeReplicas() error {
	if db.reps == nil {
		return nil
	}
	var err error
	for _, r := range db.reps.list {
		if e := r.db.Close(); err == nil {
			err = e
		}
	}
	return err
}

// markDown leaves a replica out after a failed read.
func (db *DB) markDown(q querier) {
	if db.reps == nil {
		return
	}
	for _, r := range db.reps.list {
		if querier(r.db) == q {
			r.downAt.Store(time.Now().UnixNano())
		}
	}
}
