package store

// Change tracking for caches of computed figures (indicator.Cache): data
// versions that move whenever data figures are computed from may have
// changed, on this node or any other — one per zone (and year), so that a
// registration in one zone leaves the other zones' cached figures valid.
//
//   - What changed: a transaction that writes rollups or targets marks the
//     zones and years it touches (Tx.markZone); one that writes areas or
//     regions marks everything (Tx.markFigures). Its commit bumps those
//     versions before Transact returns, so a writer reads its own change
//     at once.
//   - Versions: ZoneVersion(zone, year) moves with every change to the
//     zone's data in that year or an earlier one (stocks carry forward, and
//     a year is compared with the one before), and with every change to
//     everything; BaseVersion moves only with the latter (areas, regions,
//     a lost watcher); DataVersion moves with any change at all.
//   - Other nodes (PostgreSQL): such a transaction also sends a NOTIFY
//     whose payload names the sender and what changed (changeSet.encode),
//     which PostgreSQL delivers at commit; every node LISTENs on a
//     connection of its own and bumps the versions named when one arrives.
//     While that connection is down the versions read as unknown and
//     caches are bypassed, so a lost notification can never leave a stale
//     figure; a payload it cannot read (an older node's) moves everything.
//   - Other processes on one SQLite file (an `innopark import` or `rollup
//     rebuild` beside a running server): such a transaction also appends
//     the same payload to figure_changes (a window of the latest rows). A
//     connection of its own polls PRAGMA data_version, which changes with
//     every commit by any other connection, and on a change reads the rows
//     appended since; a commit that appended none changed no figure. A gap
//     in the rows (the watcher fell behind the window) moves everything.
//     Such changes are seen within changesPoll.

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
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

// changesKept is how many rows figure_changes keeps (SQLite): a watcher
// more than this many figure commits behind moves everything.
const changesKept = 1000

// maxChangeItems bounds the zones and years a payload names; a larger
// change (an import across the country) is sent as "everything".
const maxChangeItems = 200

func newChanges() *changes {
	return &changes{node: auth.NewSecret()[:16], zones: map[int64]map[int]uint64{}}
}

// changes is a DB's data versions and the watcher that moves them.
type changes struct {
	base    atomic.Uint64 // changes to everything (areas, regions, unknowns)
	total   atomic.Uint64 // every change
	healthy atomic.Bool   // the watcher is watching
	node    string        // this DB's id in payloads, to skip its own

	mu    sync.RWMutex
	zones map[int64]map[int]uint64 // zone → year → changes

	once   sync.Once
	cancel context.CancelFunc
	done   chan struct{}
}

// zoneYear is one zone's data in one year; year 0 is every year.
type zoneYear struct {
	zone int64
	year int
}

// changeSet is what a transaction changed: everything, or zones and years.
type changeSet struct {
	all   bool
	items map[zoneYear]struct{}
}

func (cs *changeSet) empty() bool { return !cs.all && len(cs.items) == 0 }

func (cs *changeSet) add(zone int64, year int) {
	if cs.all {
		return
	}
	if cs.items == nil {
		cs.items = map[zoneYear]struct{}{}
	}
	cs.items[zoneYear{zone, year}] = struct{}{}
	if len(cs.items) > maxChangeItems {
		cs.all, cs.items = true, nil
	}
}

// encode writes the set as a payload's second part: "*" for everything,
// else "zone:year" items joined by commas.
func (cs *changeSet) encode() string {
	if cs.all {
		return "*"
	}
	items := make([]zoneYear, 0, len(cs.items))
	for it := range cs.items {
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b zoneYear) int { return cmp.Or(cmp.Compare(a.zone, b.zone), cmp.Compare(a.year, b.year)) })
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(it.zone, 10))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(it.year))
	}
	return b.String()
}

// decodeChanges reads encode's form; anything else is everything.
func decodeChanges(s string) changeSet {
	if s == "" || s == "*" {
		return changeSet{all: true}
	}
	var cs changeSet
	for _, part := range strings.Split(s, ",") {
		z, y, ok := strings.Cut(part, ":")
		zone, err1 := strconv.ParseInt(z, 10, 64)
		year, err2 := strconv.Atoi(y)
		if !ok || err1 != nil || err2 != nil {
			return changeSet{all: true}
		}
		cs.add(zone, year)
	}
	return cs
}

// payload is a notification's text: the sending node, a space, the set.
func (c *changes) payload(cs *changeSet) string { return c.node + " " + cs.encode() }

// apply moves the versions of what cs names.
func (c *changes) apply(cs *changeSet) {
	if cs.all {
		c.base.Add(1)
		c.total.Add(1)
		return
	}
	c.mu.Lock()
	for it := range cs.items {
		years := c.zones[it.zone]
		if years == nil {
			years = map[int]uint64{}
			c.zones[it.zone] = years
		}
		years[it.year]++
	}
	c.mu.Unlock()
	c.total.Add(1)
}

// applyPayload applies a notification or change row from another node;
// one from this node was applied at commit. A payload without a set (an
// older node's) is everything.
func (c *changes) applyPayload(p string) {
	node, set, ok := strings.Cut(p, " ")
	if node == c.node {
		return
	}
	if !ok {
		set = "*"
	}
	cs := decodeChanges(set)
	c.apply(&cs)
}

// watching starts the watcher with the first call and reports whether the
// versions can be relied on now.
func (db *DB) watching() bool {
	c := db.changes
	c.once.Do(func() { db.startWatcher() })
	return c.healthy.Load()
}

// DataVersion returns a number that changes whenever data figures are
// computed from may have changed anywhere, and whether it can be relied on
// (false while the watcher of other nodes' changes is not running). The
// watcher starts with the first call.
func (db *DB) DataVersion() (uint64, bool) {
	if !db.watching() {
		return 0, false
	}
	v := db.changes.total.Load()
	if !db.replicasReplayed() {
		return 0, false
	}
	return v, true
}

// BaseVersion returns a number that changes whenever everything may have
// changed (areas, regions, a lapse of the watcher), and whether it can be
// relied on: what areas and ranking scopes are checked against.
func (db *DB) BaseVersion() (uint64, bool) {
	if !db.watching() {
		return 0, false
	}
	v := db.changes.base.Load()
	if !db.replicasReplayed() {
		return 0, false
	}
	return v, true
}

// ZoneVersion returns a number that changes whenever data of the zone (an
// area id) in year or an earlier year may have changed, or everything may
// have, and whether it can be relied on.
func (db *DB) ZoneVersion(zone int64, year int) (uint64, bool) {
	if !db.watching() {
		return 0, false
	}
	c := db.changes
	// Read base first: every part only grows, so the sum moves when any does.
	v := c.base.Load()
	c.mu.RLock()
	for y, n := range c.zones[zone] {
		if y <= year {
			v += n
		}
	}
	c.mu.RUnlock()
	if !db.replicasReplayed() {
		return 0, false
	}
	return v, true
}

// replicasReplayed reports whether every read replica has replayed the
// latest change to figure data (true without replicas). A change's position
// is recorded before the versions move for it, so checking the replicas
// after reading a version covers every change that version includes.
func (db *DB) replicasReplayed() bool {
	rs := db.reps
	return rs == nil || rs.figuresReplayed()
}

// markFigures records that tx writes data every figure may be computed
// from (areas, regions).
func (tx *Tx) markFigures() { tx.changed.all, tx.changed.items = true, nil }

// markZone records that tx writes data figures of zone in year are
// computed from (0: every year).
func (tx *Tx) markZone(zone int64, year int) { tx.changed.add(zone, year) }

// recordEntities are the entities whose records, not only their rollups,
// a zone's written items (package bulletin: honours, investment, projects,
// organisation and talent, and the enterprises and parks they name) read: an audited change to one moves its zone's
// versions for every year (a record is read for periods other than the
// year of its rollups: a talent programme, an organisation's honour up to
// a year, a chain's coverage). Entities are matched by prefix.
var recordEntities = [...]string{"honour_", "invest_", "org_", "talent_", "project", "enterprise", "park"}

// globalEntities are records every zone's items may read whatever zone
// they belong to (the honour programmes' names): a change moves everything.
var globalEntities = [...]string{"honour_programme"}

// markAudited marks what an audited change c moves: every change to a
// record a zone's written items read marks its zone (every year), in the
// same transaction as the audit record, so no module's write can forget
// it.
func (tx *Tx) markAudited(c Change) {
	for _, e := range globalEntities {
		if c.Entity == e {
			tx.markFigures()
			return
		}
	}
	if c.ZoneID == 0 {
		return
	}
	for _, e := range recordEntities {
		if strings.HasPrefix(c.Entity, e) {
			tx.markZone(c.ZoneID, 0)
			return
		}
	}
}

// beforeCommit runs in a marked transaction just before it commits: it
// tells the other nodes (PostgreSQL) or processes (SQLite) what changed.
func (tx *Tx) beforeCommit(ctx context.Context) error {
	if tx.changed.empty() {
		return nil
	}
	payload := tx.db.changes.payload(&tx.changed)
	if tx.Engine() == Postgres {
		if _, err := tx.Exec(ctx, "SELECT pg_notify('"+changesChannel+"', ?)", payload); err != nil {
			return fmt.Errorf("store: notify figure change: %w", err)
		}
		return nil
	}
	if strings.Contains(tx.db.url, ":memory:") {
		return nil // one process: nobody else to tell
	}
	var seq int64
	if err := tx.QueryRow(ctx, "INSERT INTO figure_changes (payload) VALUES (?) RETURNING seq", payload).Scan(&seq); err != nil {
		return fmt.Errorf("store: record figure change: %w", err)
	}
	if seq%64 == 0 {
		if _, err := tx.Exec(ctx, "DELETE FROM figure_changes WHERE seq <= ?", seq-changesKept); err != nil {
			return fmt.Errorf("store: trim figure changes: %w", err)
		}
	}
	return nil
}

// afterCommit runs once a transaction has committed: with read replicas
// the writer's read position moves (replica.go), then the data versions.
func (tx *Tx) afterCommit(ctx context.Context) {
	changed := !tx.changed.empty()
	tx.db.wrote(ctx, changed)
	if changed {
		tx.db.changes.apply(&tx.changed)
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

// everything moves every version: what changed is not known.
func (c *changes) everything() { c.apply(&changeSet{all: true}) }

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
	var last, seq int64
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&last); err != nil {
		return
	}
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM figure_changes").Scan(&seq); err != nil {
		// Not migrated yet (a schema step away): every commit is a change.
		seq = -1
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
		err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
		if err == nil && v != last {
			last = v
			seq, err = db.readChanges(ctx, conn, seq)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			// Not knowing is a change: nothing cached survives it.
			c.healthy.Store(false)
			c.everything()
			seq = -1
			continue
		}
		if !c.healthy.Load() {
			c.everything()
			c.healthy.Store(true)
		}
	}
}

// readChanges applies the change rows other processes appended after seq
// and returns the last one read. With seq -1 (unknown), or when rows after
// seq are gone (trimmed), everything moves.
func (db *DB) readChanges(ctx context.Context, conn *sql.Conn, seq int64) (int64, error) {
	c := db.changes
	rows, err := conn.QueryContext(ctx, "SELECT seq, payload FROM figure_changes WHERE seq > ? ORDER BY seq", max(seq, 0))
	if err != nil {
		return seq, fmt.Errorf("read figure changes: %w", err)
	}
	defer rows.Close()
	gap := seq < 0
	first := true
	next := max(seq, 0)
	for rows.Next() {
		var n int64
		var payload string
		if err := rows.Scan(&n, &payload); err != nil {
			return seq, fmt.Errorf("read figure changes: %w", err)
		}
		if first && seq >= 0 && n > seq+1 {
			gap = true
		}
		first = false
		c.applyPayload(payload)
		next = n
	}
	if err := rows.Err(); err != nil {
		return seq, fmt.Errorf("read figure changes: %w", err)
	}
	if gap {
		c.everything()
	}
	return next, nil
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
		c.everything()
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
	c.everything()
	c.healthy.Store(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait: %w", err)
		}
		if err := db.noteFiguresAt(ctx, conn); err != nil {
			return err
		}
		// This node's own changes moved the versions at commit already.
		c.applyPayload(n.Payload)
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
