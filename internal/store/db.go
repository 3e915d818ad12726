// Package store implements the domains' store interfaces in hand-written SQL
// for SQLite (embedded, the default) and PostgreSQL. Queries are written once
// with ? placeholders and rebound for PostgreSQL. Every read that a user
// triggers is narrowed to the actor's scope here (scope.go), never in handlers.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite", no cgo
)

// Engine is the database engine behind a DB.
type Engine int

const (
	SQLite Engine = iota + 1
	Postgres
)

func (e Engine) String() string {
	if e == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is an open database: for SQLite one writer connection plus a reader
// pool (WAL lets readers run beside the writer); for PostgreSQL one pool.
type DB struct {
	engine Engine
	w      *sql.DB
	r      *sql.DB
	url    string
	// SQLite: prepared statements of the reader pool (nil on PostgreSQL,
	// whose driver caches statements itself). Transactions run theirs
	// directly: the writer pool's one connection is theirs while they run,
	// so a pool-wide statement could not be prepared on it meanwhile.
	rStmts *stmtCache
	// The data version figure caches are checked against (changes.go).
	changes *changes
	// Read replicas (PostgreSQL; replica.go); nil without.
	reps *replicas
	// Sign-ins read recently (credcache.go).
	creds credCache
	// The text of each shape of Prefetch statement (prefetchShape).
	prefetchTexts sync.Map

	// AuditKeys are the secrets the audit chain is keyed with (HMAC, see
	// audit.ComputeKeyedHash): the first keys new records, all are tried
	// when the chain is verified (earlier keys after a rotation). None:
	// records are hashed unkeyed. Set before the DB is shared.
	AuditKeys [][]byte

	// Now is the clock every row timestamp and audit record is stamped
	// with (app.Open sets it to app.Config.Now); nil means time.Now. Set it
	// before the DB is shared: it is read without synchronisation.
	Now func() time.Time
}

// now is the time the store writes: Now's reading in UTC at microsecond
// precision, which both engines keep exactly.
func (db *DB) now() time.Time {
	clock := db.Now
	if clock == nil {
		clock = time.Now
	}
	return clock().UTC().Truncate(time.Microsecond)
}

// Engine reports the engine.
func (db *DB) Engine() Engine { return db.engine }

// Open opens url: "sqlite:PATH" (folder created) or "postgres://…".
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"), rawURL)
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	}
	return nil, fmt.Errorf("store: database URL must start with sqlite: or postgres:// (got %q)", rawURL)
}

func openSQLite(ctx context.Context, path, rawURL string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: sqlite: empty path")
	}
	if path != ":memory:" {
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database folder: %w", err)
			}
		}
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	// The writer takes the write lock at BEGIN, so two writers queue on
	// busy_timeout instead of failing on a lock upgrade.
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	q.Add("_pragma", "query_only(1)")
	r, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite readers: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxIdleTime(0)
	r.SetConnMaxLifetime(0)
	return &DB{engine: SQLite, w: w, r: r, url: rawURL, rStmts: newStmtCache(r), changes: newChanges()}, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	p, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := p.PingContext(pctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("store: connect postgres: %w", err)
	}
	return &DB{engine: Postgres, w: p, r: p, url: rawURL, changes: newChanges()}, nil
}

// URL is the URL the database was opened with.
func (db *DB) URL() string { return db.url }

// Close closes the pools.
func (db *DB) Close() error {
	db.stopWatcher()
	_ = db.closeReplicas()
	if db.rStmts != nil {
		db.rStmts.close()
	}
	err := db.w.Close()
	if db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// rebind turns ? placeholders into $1, $2 … for PostgreSQL. Queries never
// contain a literal question mark.
func (db *DB) rebind(q string) string {
	if db.engine != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// querier is what both a pool and a transaction offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs statements against a pool or a transaction, rebinding placeholders.
type Q struct {
	db *DB
	q  querier
	// SQLite's reader pool: where q's reads find prepared statements. Nil
	// on PostgreSQL and in transactions.
	stmts *stmtCache
	// route: q reads through DB.Read and may go to a replica (replica.go).
	route bool
}

// on is the querier a statement through q runs on for ctx.
func (q Q) on(ctx context.Context) querier {
	if q.route {
		return q.db.reader(ctx)
	}
	return q.q
}

func (q Q) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	counted(ctx)
	return q.on(ctx).ExecContext(ctx, q.db.rebind(query), args...)
}

func (q Q) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	counted(ctx)
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	on := q.on(ctx)
	rows, err := on.QueryContext(ctx, q.db.rebind(query), args...)
	if err != nil && on != q.q && ctx.Err() == nil {
		// A replica that fails is left out a while; the primary answers.
		q.db.markDown(on)
		return q.q.QueryContext(ctx, q.db.rebind(query), args...)
	}
	return rows, err
}

func (q Q) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	counted(ctx)
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.on(ctx).QueryRowContext(ctx, q.db.rebind(query), args...)
}

// stmt is query's cached prepared statement for q, or nil to run it
// directly.
func (q Q) stmt(ctx context.Context, query string) *sql.Stmt {
	if q.stmts == nil {
		return nil
	}
	return q.stmts.get(ctx, query)
}

// Engine reports the engine behind q.
func (q Q) Engine() Engine { return q.db.engine }

// now is the store's clock (DB.now), for stamping what q writes.
func (q Q) now() time.Time { return q.db.now() }

// Read returns a querier on the reader pool.
func (db *DB) Read() Q { return Q{db: db, q: db.r, stmts: db.rStmts, route: db.reps != nil} }

// WriteConn takes a connection of the writer pool for the caller to hold
// (and close) for work that needs one connection throughout, such as a bulk
// load's settings and open transaction: on SQLite it is the one writer
// connection, so every write transaction waits until it is closed.
func (db *DB) WriteConn(ctx context.Context) (*sql.Conn, error) {
	c, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: writer connection: %w", err)
	}
	return c, nil
}

// TxOn is a Tx over a transaction the caller has begun on conn (from
// WriteConn) and ends itself, for writing through the store's methods
// (Audit, SetMeta) inside it. Ending it is the caller's business, so it
// does not move the data version (changes.go).
func (db *DB) TxOn(conn *sql.Conn) *Tx { return &Tx{Q: Q{db: db, q: conn}} }

// Tx is a write transaction.
type Tx struct {
	Q
	tx      *sql.Tx
	changed changeSet // the figure data it writes (changes.go)
}

// Transact runs fn in a write transaction, committing when fn returns nil.
// On SQLite a busy database is retried a few times with back-off.
func (db *DB) Transact(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.transactOnce(ctx, fn)
		if err == nil || !IsBusy(err) || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	return err
}

func (db *DB) transactOnce(ctx context.Context, fn func(tx *Tx) error) error {
	return db.transactOn(ctx, db.w, fn)
}

// transactOn runs fn in a transaction begun on b (the writer pool, or a
// connection of it the caller holds) and commits it when fn returns nil.
func (db *DB) transactOn(ctx context.Context, b interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(tx *Tx) error) (err error) {
	stx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{Q: Q{db: db, q: stx}, tx: stx}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.commit(ctx)
}

// commit commits tx with what a commit owes the data version (changes.go).
// Every write transaction ends here, whoever began it.
func (tx *Tx) commit(ctx context.Context) error {
	if err := tx.beforeCommit(ctx); err != nil {
		_ = tx.tx.Rollback()
		return err
	}
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	tx.afterCommit(ctx)
	return nil
}

// IsBusy reports an error of a database busy with another writer (SQLite)
// or a serialization failure or deadlock (PostgreSQL; the other
// transaction went on): worth trying again.
func IsBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked") ||
		strings.Contains(s, "40001") || // PostgreSQL serialization_failure
		strings.Contains(s, "40P01") // PostgreSQL deadlock_detected
}

// isUnique reports a unique-constraint violation on either engine.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// SQLiteFile is the SQLite database's file path when the URL names a plain
// file ("sqlite:PATH"), for the side files kept next to it; "" in memory,
// for a "file:" URI and on PostgreSQL.
func (db *DB) SQLiteFile() string {
	p, ok := strings.CutPrefix(db.url, "sqlite:")
	if !ok || p == "" || p == ":memory:" || strings.HasPrefix(p, "file:") {
		return ""
	}
	return p
}
