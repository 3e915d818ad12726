package store

// Read replicas (PostgreSQL): reads through DB.Read go to a streaming
// standby when one is configured, writes and transactions to the primary.
//
//   - Read your writes, on every node: a request's reader (WithReader; the
//     server starts one per request) carries the WAL position its reads
//     must have seen. A write transaction's commit raises it to the
//     primary's position just after the commit, and stores it in the
//     session's (or API token's) row, which every node reads on the primary
//     when it authenticates the next request (SessionUser, TokenUser). A
//     read goes to a replica only once that replica has replayed the
//     position; until then to the primary. Each replica's replayed
//     position is remembered, so a reader whose writes are old costs
//     nothing, and the position is asked only while a replica is behind.
//   - Cached figures (indicator.Cache, DataVersion): a commit that changes
//     figure data records the primary's position (this node at commit,
//     other nodes when the change notification arrives). Until every
//     replica has replayed it the data version reads as unknown, so the
//     cache is bypassed rather than filled from a replica that has not yet
//     seen the change.
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
	"sync/atomic"
	"time"
)

// replicaRetry is how long a failed replica is left out.
const replicaRetry = 5 * time.Second

// positionTimeout bounds asking a replica how far it has replayed.
const positionTimeout = 2 * time.Second

type replica struct {
	url      string
	db       *sql.DB
	downAt   atomic.Int64  // unix nanoseconds of the last failure, 0 when up
	replayed atomic.Uint64 // the highest WAL position it was seen to have replayed
}

// replicas is a DB's set of read replicas.
type replicas struct {
	list []*replica
	next atomic.Uint64

	// figLSN is the primary's WAL position after the latest change to
	// figure data this node knows of; figUnsure, that a change's position
	// could not be read (the cache waits for the next notification).
	figLSN    atomic.Uint64
	figUnsure atomic.Bool

	// position reads a replica's replayed WAL position; tests replace it.
	position func(ctx context.Context, r *replica) (uint64, error)
}

type ctxKey int

const (
	readerKey ctxKey = iota + 1
	primaryKey
)

// readState is one request's reader: the row that keeps its write
// position for the other nodes (a session's or an API token's), and the
// position its reads must have seen.
type readState struct {
	key   string
	table string // "sessions" or "api_tokens"; "" for none
	hash  string // the row's token_hash
	lsn   atomic.Uint64
}

// WithReader names who reads through ctx (a user, a session), so that
// what they write they then read (see replica.go). What a reader already
// on ctx knows (its session, its position) is kept.
func WithReader(ctx context.Context, key string) context.Context {
	st := &readState{key: key}
	if old := readerOf(ctx); old != nil {
		st.table, st.hash = old.table, old.hash
		st.lsn.Store(old.lsn.Load())
	}
	return context.WithValue(ctx, readerKey, st)
}

func readerOf(ctx context.Context) *readState {
	st, _ := ctx.Value(readerKey).(*readState)
	return st
}

// withoutReader is ctx without its reader, for writes that are bookkeeping
// and do not make the caller wait for replicas.
func withoutReader(ctx context.Context) context.Context {
	return context.WithValue(ctx, readerKey, (*readState)(nil))
}

// ReadPosition is the WAL position reads through ctx must have seen (0:
// any); for tests and diagnostics.
func ReadPosition(ctx context.Context) uint64 {
	if st := readerOf(ctx); st != nil {
		return st.lsn.Load()
	}
	return 0
}

// readFrom records, when ctx has a reader, that its write position is kept
// in table's row hash and is at least lsn (as read from that row).
func readFrom(ctx context.Context, table, hash string, lsn int64) {
	st := readerOf(ctx)
	if st == nil {
		return
	}
	st.table, st.hash = table, hash
	if lsn > 0 {
		raise(&st.lsn, uint64(lsn))
	}
}

// raise sets a to v if v is higher.
func raise(a *atomic.Uint64, v uint64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
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
		db.reps = &replicas{position: replayPosition}
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
	if err := r.db.QueryRowContext(ctx, "SELECT COALESCE(pg_last_wal_replay_lsn(), pg_current_wal_insert_lsn())::text").Scan(&s); err != nil {
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

// primaryLSN is the primary's current WAL insert position: past every
// commit record written so far, flushed or not (synchronous_commit may be
// off), so a replica that has replayed it has those commits.
func (db *DB) primaryLSN(ctx context.Context) (uint64, error) {
	var s string
	if err := db.w.QueryRowContext(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&s); err != nil {
		return 0, fmt.Errorf("store: WAL position: %w", err)
	}
	return parseLSN(s)
}

// reached reports whether r has replayed need, asking it only when what is
// known of it falls short. An error leaves r out for a while.
func (rs *replicas) reached(ctx context.Context, r *replica, need uint64) (bool, error) {
	if need == 0 || r.replayed.Load() >= need {
		return true, nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), positionTimeout)
	defer cancel()
	at, err := rs.position(ctx, r)
	if err != nil {
		r.downAt.Store(time.Now().UnixNano())
		return false, err
	}
	raise(&r.replayed, at)
	return at >= need, nil
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
	st := readerOf(ctx)
	if st == nil {
		return r.db
	}
	if ok, _ := rs.reached(ctx, r, st.lsn.Load()); !ok {
		return db.r
	}
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

// figuresReplayed reports whether every replica has replayed the latest
// change to figure data, so that figures computed now may be cached. A
// replica left out after a failure counts by what was last seen of it: it
// may be read again as soon as it answers.
func (rs *replicas) figuresReplayed() bool {
	if rs.figUnsure.Load() {
		return false
	}
	need := rs.figLSN.Load()
	for _, r := range rs.list {
		if r.replayed.Load() >= need {
			continue
		}
		if d := r.downAt.Load(); d != 0 && time.Since(time.Unix(0, d)) <= replicaRetry {
			return false
		}
		if ok, _ := rs.reached(context.Background(), r, need); !ok {
			return false
		}
	}
	return true
}

// wrote runs after a write transaction through ctx committed: with
// replicas, ctx's reader (and the row that keeps its position) must now
// read at least the primary's position, and a change to figure data is
// recorded for the cache (figures).
func (db *DB) wrote(ctx context.Context, figures bool) {
	rs := db.reps
	if rs == nil {
		return
	}
	st := readerOf(ctx)
	if st != nil && st.key == "" && st.table == "" {
		st = nil // nobody signed in: nobody to read it back
	}
	if st == nil && !figures {
		return
	}
	ctx = context.WithoutCancel(ctx)
	lsn, err := db.primaryLSN(ctx)
	if err != nil {
		if figures {
			rs.figUnsure.Store(true)
		}
		return // the reader's next read may be stale; nothing breaks
	}
	if figures {
		raise(&rs.figLSN, lsn)
	}
	if st == nil {
		return
	}
	raise(&st.lsn, lsn)
	switch st.table {
	case "sessions", "api_tokens":
		// The next request may reach another node: the position goes with
		// the session. (Only ever raised, whichever request lands last.)
		q := "UPDATE " + st.table + " SET read_lsn = ? WHERE token_hash = ? AND COALESCE(read_lsn, 0) < ?"
		_, _ = db.w.ExecContext(ctx, db.rebind(q), int64(lsn), st.hash, int64(lsn))
	}
}

// noteFigures records a change to figure data seen at the primary's
// position lsn (the change watcher, for every notification).
func (db *DB) noteFigures(lsn uint64) {
	if rs := db.reps; rs != nil {
		raise(&rs.figLSN, lsn)
		rs.figUnsure.Store(false)
	}
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
