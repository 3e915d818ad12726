package store

// Change tracking for caches of computed figures (indicator.Cache): a data
// version that moves whenever data figures are computed from may have
// changed, on this node or any other.
//
//   - This process: a transaction that writes rollups, targets, areas or
//     regions marks itself (Tx.markFigures); its commit bumps the version
//     before Transact returns, so a writer reads its own change at once.
//   - Other nodes (PostgreSQL): such a transaction also sends a NOTIFY,
//     which PostgreSQL delivers at commit; every node LISTENs on a
//     connection of its own and bumps the version when one arrives. While
//     that connection is down the version reads as unknown and caches are
//     bypassed, so a lost notification can never leave a stale figure.
//   - Other processes on one SQLite file (an `innopark import` or `rollup
//     rebuild` beside a running server): a connection of its own polls
//     PRAGMA data_version, which changes with every commit by any other
//     connection. Such changes are seen within changesPoll.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/innopark/innopark/internal/auth"
)

// changesChannel is the PostgreSQL notification channel of figure changes.
const changesChannel = "innopark_figures"

// changesPoll is how often SQLite's data_version is read.
const changesPoll = 100 * time.Millisecond

func newChanges() *changes {
	return &changes{node: auth.NewSecret()[:16]}
}

// changes is a DB's data version and the watcher that moves it.
type changes struct {
	local   atomic.Uint64 // commits of this process that changed figure data
	remote  atomic.Uint64 // changes seen by the watcher
	healthy atomic.Bool   // the watcher is watching
	node    string        // this DB's id in notifications (PostgreSQL), to skip its own

	once   sync.Once
	cancel context.CancelFunc
	done   chan struct{}
}

// DataVersion returns a number that changes whenever data figures are
// computed from may have changed, and whether it can be relied on (false
// while the watcher of other nodes' changes is not running, and with read
// replicas while one has not replayed the latest change). The watcher
// starts with the first call.
func (db *DB) DataVersion() (uint64, bool) {
	c := db.changes
	c.once.Do(func() { db.startWatcher() })
	if !c.healthy.Load() {
		return 0, false
	}
	// Both parts only grow, so their sum moves when either does.
	v := c.local.Load() + c.remote.Load()
	// A change's position is recorded before the version moves for it, so
	// checking the replicas after reading the version covers every change
	// that version includes.
	if rs := db.reps; rs != nil && !rs.figuresReplayed() {
		return 0, false
	}
	return v, true
}

// markFigures records that tx writes data figures are computed from.
func (tx *Tx) markFigures() { tx.figures = true }

// beforeCommit runs in a marked transaction just before it commits.
func (tx *Tx) beforeCommit(ctx context.Context) error {
	if !tx.figures || tx.Engine() != Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify('"+changesChannel+"', ?)", tx.db.changes.node); err != nil {
		return fmt.Errorf("store: notify figure change: %w", err)
	}
	return nil
}

// afterCommit runs once a transaction has committed: with read replicas
// the writer's read position moves (replica.go), then the data version.
func (tx *Tx) afterCommit(ctx context.Context) {
	tx.db.wrote(ctx, tx.figures)
	if tx.figures {
		tx.db.changes.local.Add(1)
	}
}

func (db *DB) startWatcher() {
	ctx, cancel := context.WithCancel(context.Background())
	c := db.changes
	c.cancel, c.done = cancel, make(chan struct{})
	if db.engine == Postgres {
		go db.listen(ctx)
		return
	}
	if strings.Contains(db.url, ":memory:") {
		// One process by definition: its own commits are all there is.
		c.healthy.Store(true)
		close(c.done)
		return
	}
	go db.poll(ctx)
}

// stopWatcher stops the watcher, if it was started (Close).
func (db *DB) stopWatcher() {
	c := db.changes
	started := false
	c.once.Do(func() {}) // a watcher never started cannot start now
	if c.cancel != nil {
		started = true
		c.cancel()
	}
	if started {
		<-c.done
	}
	c.healthy.Store(false)
}

// poll watches a SQLite file for commits by other connections.
func (db *DB) poll(ctx context.Context) {
	c := db.changes
	defer close(c.done)
	path := strings.TrimPrefix(db.url, "sqlite:")
	p, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)&_pragma=busy_timeout(1000)")
	if err != nil {
		slog.Warn("figure cache: cannot watch the database; figures are computed afresh", "err", err)
		return
	}
	defer p.Close()
	p.SetMaxOpenConns(1)
	conn, err := p.Conn(ctx)
	if err != nil {
		if ctx.Err() == nil {
			slog.Warn("figure cache: cannot watch the database; figures are computed afresh", "err", err)
		}
		return
	}
	defer conn.Close()
	var last int64
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&last); err != nil {
		return
	}
	c.healthy.Store(true)
	t := time.NewTicker(changesPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var v int64
		if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			if ctx.Err() != nil {
				return
			}
			// Not knowing is a change: nothing cached survives it.
			c.healthy.Store(false)
			c.remote.Add(1)
			continue
		}
		if v != last || !c.healthy.Load() {
			last = v
			c.remote.Add(1)
			c.healthy.Store(true)
		}
	}
}

// listen receives other nodes' (and this node's) change notifications on a
// PostgreSQL connection of its own, reconnecting with back-off.
func (db *DB) listen(ctx context.Context) {
	c := db.changes
	defer close(c.done)
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listenOnce(ctx)
		c.healthy.Store(false)
		c.remote.Add(1)
		if ctx.Err() != nil {
			return
		}
		slog.Warn("figure cache: change notifications interrupted; figures are computed afresh until they resume", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 10*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.Connect(cctx, db.url)
	cancel()
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	c := db.changes
	// Whatever happened while not listening counts as a change, made at
	// the primary's position now (replicas must replay it before figures
	// computed on them are cached).
	if err := db.noteFiguresAt(ctx, conn); err != nil {
		return err
	}
	c.remote.Add(1)
	c.healthy.Store(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait: %w", err)
		}
		if err := db.noteFiguresAt(ctx, conn); err != nil {
			return err
		}
		// This node's own changes moved the version at commit already.
		if n.Payload != c.node {
			c.remote.Add(1)
		}
	}
}

// noteFiguresAt records, with read replicas, a change to figure data at
// the primary's current position, read on the listening connection (a
// notification arrives after its commit, so the position is past it).
func (db *DB) noteFiguresAt(ctx context.Context, conn *pgx.Conn) error {
	if db.reps == nil {
		return nil
	}
	var s string
	if err := conn.QueryRow(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&s); err != nil {
		return fmt.Errorf("WAL position: %w", err)
	}
	lsn, err := parseLSN(s)
	if err != nil {
		return err
	}
	db.noteFigures(lsn)
	return nil
}
