package store

// Contract imports between Begin and Commit (contractio.Staging). An import
// checks its file batch by batch and writes the good rows as it goes, where
// no one sees them and no one waits for them (but see pgStaging on
// duplicates) while a file of a million rows is read; one transaction then
// makes the import visible, or nothing of it stays.
//
//   - PostgreSQL: the import's own transaction, on a pool connection held
//     from Begin to Commit, receives each batch with COPY (pgx CopyFrom)
//     straight into contracts, contract_deductions and contract_events, ids
//     drawn from the identity sequence; the server maintains the indexes
//     while the file is still being read. Commit adds rollups, serial
//     counters and the audit record and commits; a failure rolls back.
//   - SQLite, whose one writer cannot be held that long: a file of the
//     import's own next to the database, written through its own connection
//     with no journal and no fsync and with its prepared statements kept for
//     the whole import, so staging neither takes the database's writer nor
//     goes through its WAL (twice: staged, then deleted). Commit attaches the
//     file to the writer connection and copies its rows in with INSERT …
//     SELECT, the ids following the highest (safe while the transaction
//     holds the one writer); the file is removed when the import ends,
//     whatever its outcome.
//
// (The contract_import_* staging tables of migration 0005 were dropped by 0008.)

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
)

// importCommitCache is SQLite's page cache (KiB, negative as the pragma
// takes it) on the writer connection while an import commits, instead of
// store.Open's 64 MiB: a million-row commit fills any cache, the pages it
// spills are in the kernel's file cache anyway, and four times the cache
// made a 1,000,000-row commit about 5% faster.
const importCommitCache = "-16384"

// An import of at least importRebuildMin rows into a registry holding at
// most importRebuildRatio times as many contracts rebuilds the contracts
// indexes at commit rather than updating them row by row (SQLite): building
// costs about a quarter of updating per row, but covers the rows already
// held too.
const (
	importRebuildMin   = 50_000
	importRebuildRatio = 2
)

// importSideCache is the page cache of an import's side file: its tables
// are only appended to.
const importSideCache = "-4096"

// Begin starts the staging of a job's rows.
func (s ContractImports) Begin(ctx context.Context, jobID int64, a access.Actor) (contractio.Staging, error) {
	if s.DB.engine == Postgres {
		return beginPostgres(ctx, s.DB, jobID, a)
	}
	st, err := openSideStaging(ctx, s.DB, jobID, a)
	if err != nil {
		return nil, err
	}
	st.rebuildFrom = cmp.Or(s.RebuildFrom, importRebuildMin)
	return st, nil
}

// lineRef is one deduction line or history step of a batch: the item and
// its index within the item.
type lineRef struct{ item, k int32 }

// batchLines lists the deduction lines and history steps of a batch in
// order.
func batchLines(items []contractio.Staged) (ded, ev []lineRef) {
	for i := range items {
		for k := range items[i].Contract.Deductions {
			ded = append(ded, lineRef{int32(i), int32(k)})
		}
		for k := range items[i].History {
			ev = append(ev, lineRef{int32(i), int32(k)})
		}
	}
	return ded, ev
}

// commitSide moves the rows of an attached side file (schema) into the
// registry within tx: set-based copies (INSERT … SELECT, in the order
// staged, which is each table's rowid order) of the contracts with ids
// base + seq, their deduction lines and history, then finishImport. A
// contract stored meanwhile that the file duplicates fails it all (the
// unique indexes decide), as does staging that is not what the import
// wrote.
func commitSide(ctx context.Context, tx *Tx, a access.Actor, c contractio.Commit, schema string, base int64, staged, rebuildFrom int) (first, last int64, err error) {
	if staged != c.Rows {
		return 0, 0, fmt.Errorf("import %d: %d rows staged, %d expected", c.JobID, staged, c.Rows)
	}
	// Many rows into a registry that is not much larger: the secondary
	// indexes of contracts are dropped and built again after the copy, one
	// sort each, instead of taking a million scattered inserts each (a
	// million rows into an empty registry: 47 s of commit became about a
	// third). Within the transaction: other connections keep reading the
	// last commit, indexes included, and a failure rolls the drop back.
	var rebuild droppedIndexes
	if rebuildFrom <= 0 {
		rebuildFrom = importRebuildMin
	}
	if staged >= rebuildFrom && int64(staged)*importRebuildRatio >= base {
		if rebuild, err = dropContractIndexes(ctx, tx); err != nil {
			return 0, 0, fmt.Errorf("import %d: %w", c.JobID, err)
		}
	}
	id := "(" + strconv.FormatInt(base, 10) + " + seq)"
	cols := strings.TrimPrefix(insertCols, "id, ")
	if _, err := tx.Exec(ctx, "INSERT INTO contracts ("+insertCols+") SELECT "+id+", "+cols+
		" FROM "+schema+".rows ORDER BY seq"); err != nil {
		if isUnique(err) {
			return 0, 0, errs.E(errs.Conflict, "import.err.conflict_meanwhile").Wrap(err)
		}
		return 0, 0, fmt.Errorf("import %d: contracts: %w", c.JobID, err)
	}
	for _, ddl := range rebuild.ddl {
		if _, err := tx.Exec(ctx, ddl); err != nil {
			// The duplicate index finds a contract stored meanwhile.
			if isUnique(err) {
				return 0, 0, errs.E(errs.Conflict, "import.err.conflict_meanwhile").Wrap(err)
			}
			return 0, 0, fmt.Errorf("import %d: rebuild index: %w", c.JobID, err)
		}
	}
	// The national lookup rows of the new contracts, whose triggers were
	// set aside with the indexes; a number or key held meanwhile fails.
	if len(rebuild.triggers) > 0 {
		for _, q := range ContractKeyFills(base) {
			if _, err := tx.Exec(ctx, q); err != nil {
				if isUnique(err) {
					return 0, 0, errs.E(errs.Conflict, "import.err.conflict_meanwhile").Wrap(err)
				}
				return 0, 0, fmt.Errorf("import %d: contract keys: %w", c.JobID, err)
			}
		}
		for _, ddl := range rebuild.triggers {
			if _, err := tx.Exec(ctx, ddl); err != nil {
				return 0, 0, fmt.Errorf("import %d: contracts' triggers: %w", c.JobID, err)
			}
		}
	}
	// DROP INDEX took the indexes' planner statistics with it: put back
	// what ANALYZE last found (as stale as they would be had the indexes
	// been updated), or the list pages' plans change until the next ANALYZE.
	for _, st := range rebuild.stats {
		if _, err := tx.Exec(ctx, "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('contracts', ?, ?)", st[0], st[1]); err != nil {
			return 0, 0, fmt.Errorf("import %d: index statistics: %w", c.JobID, err)
		}
	}
	// Two queries: each reads one end of the rowid.
	if err := tx.QueryRow(ctx, "SELECT MIN(seq) FROM "+schema+".rows").Scan(&first); err != nil {
		return 0, 0, fmt.Errorf("import %d: ids: %w", c.JobID, err)
	}
	if err := tx.QueryRow(ctx, "SELECT MAX(seq) FROM "+schema+".rows").Scan(&last); err != nil {
		return 0, 0, fmt.Errorf("import %d: ids: %w", c.JobID, err)
	}
	first, last = base+first, base+last
	if _, err := tx.Exec(ctx, "INSERT INTO contract_deductions (contract_id, line, kind, amount_fen, zone_id) SELECT "+
		strconv.FormatInt(base, 10)+" + d.seq, d.line, d.kind, d.amount_fen, r.zone_id FROM "+schema+".deductions d JOIN "+
		schema+".rows r ON r.seq = d.seq ORDER BY d.rowid"); err != nil {
		return 0, 0, fmt.Errorf("import %d: deductions: %w", c.JobID, err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO contract_events ("+eventCols+") SELECT "+id+
		", zone_id, event, from_status, to_status, at, actor_id, actor_name, role, reason, refusal_code, reg_no"+
		" FROM "+schema+".events ORDER BY rowid"); err != nil {
		return 0, 0, fmt.Errorf("import %d: history: %w", c.JobID, err)
	}
	return first, last, finishImport(ctx, tx, a, c, first, last)
}

// droppedIndexes are what dropContractIndexes set aside: the statements
// that create the indexes, and their rows of sqlite_stat1 (index, stat),
// and those that create contracts' triggers.
type droppedIndexes struct {
	ddl      []string
	stats    [][2]string
	triggers []string
}

// dropContractIndexes drops the secondary indexes of contracts (not the
// ones that belong to the table's definition) and returns what creates them
// again, as SQLite recorded it, with their planner statistics. It drops
// contracts' triggers too, which keep the national lookup tables a row at
// a time (step 0029): the caller fills those in one go (ContractKeyFills)
// and puts the triggers back.
func dropContractIndexes(ctx context.Context, tx *Tx) (droppedIndexes, error) {
	var d droppedIndexes
	var triggers []string
	err := queryEach(ctx, tx.Q, func(sc scanner) error {
		var name, sql string
		if err := sc.Scan(&name, &sql); err != nil {
			return err
		}
		triggers, d.triggers = append(triggers, name), append(d.triggers, sql)
		return nil
	}, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contracts' ORDER BY name")
	if err != nil {
		return d, fmt.Errorf("contracts' triggers: %w", err)
	}
	for _, n := range triggers {
		if _, err := tx.Exec(ctx, `DROP TRIGGER "`+n+`"`); err != nil {
			return d, fmt.Errorf("drop trigger %s: %w", n, err)
		}
	}
	var names []string
	err = queryEach(ctx, tx.Q, func(sc scanner) error {
		var name, sql string
		if err := sc.Scan(&name, &sql); err != nil {
			return err
		}
		names, d.ddl = append(names, name), append(d.ddl, sql)
		return nil
	}, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contracts' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		return d, fmt.Errorf("list indexes: %w", err)
	}
	var analyzed int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").Scan(&analyzed); err != nil {
		return d, fmt.Errorf("index statistics: %w", err)
	}
	if analyzed > 0 {
		for _, n := range names {
			var stat string
			err := tx.QueryRow(ctx, "SELECT stat FROM sqlite_stat1 WHERE tbl = 'contracts' AND idx = ?", n).Scan(&stat)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return d, fmt.Errorf("index statistics: %w", err)
			}
			d.stats = append(d.stats, [2]string{n, stat})
		}
	}
	for _, n := range names {
		if _, err := tx.Exec(ctx, `DROP INDEX "`+n+`"`); err != nil {
			return d, fmt.Errorf("drop index %s: %w", n, err)
		}
	}
	return d, nil
}

// finishImport writes, within the transaction that stores an import's
// contracts, the rollups summed while the file was read, the serial
// counters raised to the highest imported serial of each scope (so new
// registrations follow on) and one audit record for the import.
func finishImport(ctx context.Context, tx *Tx, a access.Actor, c contractio.Commit, first, last int64) error {
	if err := tx.AddRollups(ctx, c.Rollups); err != nil {
		return err
	}
	for sc, n := range c.Serials {
		if _, err := tx.Exec(ctx, `INSERT INTO contract_serials (scope, last_serial) VALUES (?, ?)
			ON CONFLICT (scope) DO UPDATE SET last_serial = CASE WHEN excluded.last_serial > contract_serials.last_serial
			THEN excluded.last_serial ELSE contract_serials.last_serial END`, sc, n); err != nil {
			return fmt.Errorf("import %d: serial %s: %w", c.JobID, sc, err)
		}
	}
	after := map[string]any{"first_id": first, "last_id": last}
	for k, v := range c.Audit {
		after[k] = v
	}
	// Last: on PostgreSQL the audit append takes the chain's lock, which
	// other nodes' writes wait on until this commits.
	return tx.Audit(ctx, a, Change{Action: "import", Entity: "contract_import", EntityID: c.JobID, ZoneID: c.ZoneID, After: after})
}

// pgStaging writes an import straight into the registry within one
// transaction of its own, held on a pool connection from Begin to Commit:
// each batch is one COPY per table, so PostgreSQL maintains the registry's
// indexes while the file is still being read (on the other core) instead of
// in one long copy at the end, and a refused or failed import is rolled
// back. Other sessions see nothing until the commit; one inserting a
// contract that duplicates a row already written waits for the import to
// end (and then fails as a duplicate, or goes in if the import rolled
// back), while a contract stored before its row was written fails the
// import (the unique indexes decide).
type pgStaging struct {
	db          *DB
	jobID       int64
	actor       access.Actor
	conn        *sql.Conn
	tx          *sql.Tx // nil once committed or rolled back
	staged      int
	first, last int64
}

func beginPostgres(ctx context.Context, db *DB, jobID int64, a access.Actor) (*pgStaging, error) {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("import %d: %w", jobID, err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("import %d: begin: %w", jobID, err)
	}
	return &pgStaging{db: db, jobID: jobID, actor: a, conn: conn, tx: tx}, nil
}

// Stage writes a batch: contract ids from the identity sequence, then one
// COPY into each of contracts, contract_deductions and contract_events.
func (st *pgStaging) Stage(ctx context.Context, items []contractio.Staged) error {
	if len(items) == 0 {
		return nil
	}
	if st.tx == nil {
		return fmt.Errorf("stage import %d: transaction ended", st.jobID)
	}
	ids, err := pgContractIDs(ctx, Q{db: st.db, q: st.tx}, len(items))
	if err != nil {
		return fmt.Errorf("stage import %d: %w", st.jobID, err)
	}
	if len(ids) != len(items) {
		return fmt.Errorf("stage import %d: %d contract ids for %d rows", st.jobID, len(ids), len(items))
	}
	err = st.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		return st.copy(ctx, sc.Conn(), items, ids)
	})
	if err != nil {
		if isUnique(err) {
			return errs.E(errs.Conflict, "import.err.conflict_meanwhile").Wrap(err)
		}
		return fmt.Errorf("stage import %d: %w", st.jobID, err)
	}
	lo, hi := slices.Min(ids), slices.Max(ids)
	if st.staged == 0 {
		st.first, st.last = lo, hi
	}
	st.first, st.last = min(st.first, lo), max(st.last, hi)
	st.staged += len(items)
	return nil
}

// copy runs the batch's COPYs on the connection of the open transaction.
func (st *pgStaging) copy(ctx context.Context, conn *pgx.Conn, items []contractio.Staged, ids []int64) error {
	t := st.db.now()
	ded, ev := batchLines(items)
	for _, b := range []struct {
		table string
		cols  []string
		n     int
		fill  Fill
	}{
		{"contracts", contractInsertCols, len(items), func(i int, d []any) []any {
			it := &items[i]
			c := &it.Contract
			c.ID = ids[i]
			return AppendContractValues(d, c, it.DupKey, st.actor.UserID, t, t)
		}},
		{"contract_deductions", []string{"contract_id", "line", "kind", "amount_fen", "zone_id"}, len(ded), func(i int, d []any) []any {
			c := &items[ded[i].item].Contract
			x := c.Deductions[ded[i].k]
			return append(d, ids[ded[i].item], int64(ded[i].k)+1, string(x.Kind), x.AmountFen, c.ZoneID)
		}},
		{"contract_events", eventInsertCols, len(ev), func(i int, d []any) []any {
			it := &items[ev[i].item]
			c := &it.Contract
			c.ID = ids[ev[i].item]
			return append(d, EventValues(*c, it.History[ev[i].k], st.actor.Username)...)
		}},
	} {
		if b.n == 0 {
			continue
		}
		got, err := conn.CopyFrom(ctx, pgx.Identifier{b.table}, b.cols, &copySource{n: b.n, fill: b.fill})
		if err != nil {
			return fmt.Errorf("copy %s: %w", b.table, err)
		}
		if got != int64(b.n) {
			return fmt.Errorf("copy %s: %d of %d rows", b.table, got, b.n)
		}
	}
	return nil
}

// Commit adds the rollups, serial counters and audit record to the
// import's transaction and commits it.
func (st *pgStaging) Commit(ctx context.Context, c contractio.Commit) (first, last int64, err error) {
	if st.tx == nil {
		return 0, 0, fmt.Errorf("import %d: transaction ended", st.jobID)
	}
	if st.staged != c.Rows {
		return 0, 0, fmt.Errorf("import %d: %d rows staged, %d expected", c.JobID, st.staged, c.Rows)
	}
	tx := &Tx{Q: Q{db: st.db, q: st.tx}, tx: st.tx}
	if err := finishImport(ctx, tx, st.actor, c, st.first, st.last); err != nil {
		return 0, 0, err
	}
	st.tx = nil
	if err := tx.commit(ctx); err != nil {
		return 0, 0, fmt.Errorf("import %d: %w", c.JobID, err)
	}
	return st.first, st.last, nil
}

// Drop rolls the import's transaction back unless it committed, and gives
// the connection back.
func (st *pgStaging) Drop(context.Context) error {
	var err error
	if st.tx != nil {
		if rerr := st.tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			err = fmt.Errorf("import %d: roll back: %w", st.jobID, rerr)
		}
		st.tx = nil
	}
	if st.conn != nil {
		if cerr := st.conn.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("import %d: %w", st.jobID, cerr)
		}
		st.conn = nil
	}
	return err
}

// removeSideFiles removes the side files that imports of the jobs left when
// the process running them stopped (SQLite).
func removeSideFiles(db *DB, jobIDs []int64) {
	p := db.SQLiteFile()
	if p == "" {
		return
	}
	for _, id := range jobIDs {
		_ = os.Remove(sideFile(p, id))
	}
}

// sideStaging stages an import on SQLite in a side file.
type sideStaging struct {
	db        *DB
	jobID     int64
	actor     access.Actor
	path      string
	out       *RowWriter // the side file's connection; nil once closed
	staged    int        // rows written to the side file
	committed bool
	// rebuildFrom: commits of this many rows or more may rebuild indexes.
	rebuildFrom int
}

// sideSchema is the side file's tables: the contracts' columns with the
// import's sequence as the rowid, their deduction lines and their history
// (the events' contract_id left out), each in the order staged. Columns
// have no declared type: values keep the type they were bound with, and
// the registry's columns convert them at commit as an INSERT would.
func sideSchema() []string {
	return []string{
		"CREATE TABLE rows (seq INTEGER PRIMARY KEY, row_num, " + insertCols + ")",
		"CREATE TABLE deductions (seq, line, kind, amount_fen)",
		"CREATE TABLE events (seq, n, " + strings.Join(eventInsertCols[1:], ", ") + ")",
	}
}

// sidePath is where a job's side file goes: next to the database (so it
// shares its disk, not memory, as a temporary folder may), or a temporary
// file for an in-memory database.
func sidePath(db *DB, jobID int64) (string, error) {
	if p := db.SQLiteFile(); p != "" {
		return sideFile(p, jobID), nil
	}
	f, err := os.CreateTemp("", "innopark-import-*.db")
	if err != nil {
		return "", fmt.Errorf("import staging: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("import staging: %w", err)
	}
	return f.Name(), nil
}

// sideFile is the side file of a job's import next to the database file.
func sideFile(dbPath string, jobID int64) string {
	return dbPath + ".import-" + strconv.FormatInt(jobID, 10)
}

func openSideStaging(ctx context.Context, db *DB, jobID int64, a access.Actor) (*sideStaging, error) {
	path, err := sidePath(db, jobID)
	if err != nil {
		return nil, err
	}
	st := &sideStaging{db: db, jobID: jobID, actor: a, path: path}
	if err := st.open(ctx); err != nil {
		_ = st.Drop(ctx)
		return nil, fmt.Errorf("import %d staging: %w", jobID, err)
	}
	return st, nil
}

func (st *sideStaging) open(ctx context.Context) error {
	// A file left by an import that did not end (the process stopped).
	if err := os.Remove(st.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	side, err := sql.Open("sqlite", "file:"+st.path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"+
		"&_pragma=cache_size("+importSideCache+")&_pragma=temp_store(FILE)")
	if err != nil {
		return err
	}
	side.SetMaxOpenConns(1)
	conn, err := side.Conn(ctx)
	if err != nil {
		side.Close()
		return err
	}
	st.out = NewRowWriter(SQLite, conn, side)
	for _, ddl := range sideSchema() {
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			return err
		}
	}
	return nil
}

// Stage writes a batch to the side file in one transaction.
func (st *sideStaging) Stage(ctx context.Context, items []contractio.Staged) error {
	if len(items) == 0 {
		return nil
	}
	if st.out == nil {
		return fmt.Errorf("stage import %d: staging closed", st.jobID)
	}
	t := st.db.now()
	ded, ev := batchLines(items)
	err := st.out.Batch(ctx, func() error {
		err := st.out.Write(ctx, "rows", append([]string{"seq", "row_num"}, contractInsertCols...), len(items), func(i int, d []any) []any {
			it := &items[i]
			return AppendContractValues(append(d, it.Seq, it.Row), &it.Contract, it.DupKey, st.actor.UserID, t, t)
		})
		if err != nil {
			return err
		}
		err = st.out.Write(ctx, "deductions", []string{"seq", "line", "kind", "amount_fen"}, len(ded), func(i int, d []any) []any {
			it := &items[ded[i].item]
			x := it.Contract.Deductions[ded[i].k]
			return append(d, it.Seq, int64(ded[i].k)+1, string(x.Kind), x.AmountFen)
		})
		if err != nil {
			return err
		}
		return st.out.Write(ctx, "events", append([]string{"seq", "n"}, eventInsertCols[1:]...), len(ev), func(i int, d []any) []any {
			it := &items[ev[i].item]
			return append(append(d, it.Seq, int64(ev[i].k)+1), EventValues(it.Contract, it.History[ev[i].k], st.actor.Username)[1:]...)
		})
	})
	if err != nil {
		return fmt.Errorf("stage import %d: %w", st.jobID, err)
	}
	st.staged += len(items)
	return nil
}

// Commit attaches the side file to the writer connection and moves its rows
// into the registry in one transaction, with the writer's page cache
// lowered meanwhile (and put back).
func (st *sideStaging) Commit(ctx context.Context, c contractio.Commit) (first, last int64, err error) {
	if st.out == nil {
		return 0, 0, fmt.Errorf("import %d: staging closed", st.jobID)
	}
	err = st.out.Close()
	st.out = nil
	if err != nil {
		return 0, 0, fmt.Errorf("import %d: close staging: %w", st.jobID, err)
	}
	// modernc's SQLite pools the page-cache budgets of all its connections
	// in the process (it is built with SQLITE_ENABLE_MEMORY_MANAGEMENT):
	// the commit's cache grows into those of idle readers, 64 MiB each,
	// unless they are closed first. They reopen on demand.
	st.db.r.SetMaxIdleConns(0)
	defer st.db.r.SetMaxIdleConns(st.db.r.Stats().MaxOpenConnections)
	conn, err := st.db.w.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("import %d: %w", st.jobID, err)
	}
	defer conn.Close()
	// Settings and attachments belong to the connection, which the pool
	// keeps: each is undone before it goes back, whatever happened.
	bg := context.WithoutCancel(ctx)
	var cache string
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return 0, 0, fmt.Errorf("import %d: read cache size: %w", st.jobID, err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = "+importCommitCache); err != nil {
		return 0, 0, fmt.Errorf("import %d: cache size: %w", st.jobID, err)
	}
	defer func() {
		if _, rerr := conn.ExecContext(bg, "PRAGMA cache_size = "+cache); rerr != nil && err == nil {
			err = fmt.Errorf("import %d: restore cache size: %w", st.jobID, rerr)
		}
	}()
	// Index builds (see commitSide) sort in runs the size of the cache,
	// each sorted by a helper thread, spilled to temporary files; with
	// temp_store = MEMORY SQLite sorts everything in one run on this
	// thread. temp_store cannot change within a transaction: set here.
	for _, p := range []string{"temp_store", "threads"} {
		var v string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+p).Scan(&v); err != nil {
			return 0, 0, fmt.Errorf("import %d: read %s: %w", st.jobID, p, err)
		}
		defer func() {
			if _, rerr := conn.ExecContext(bg, "PRAGMA "+p+" = "+v); rerr != nil && err == nil {
				err = fmt.Errorf("import %d: restore %s: %w", st.jobID, p, rerr)
			}
		}()
	}
	for _, p := range []string{"PRAGMA temp_store = FILE", "PRAGMA threads = 2"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return 0, 0, fmt.Errorf("import %d: %s: %w", st.jobID, p, err)
		}
	}
	schema := "import_" + strconv.FormatInt(st.jobID, 10)
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS "+schema, st.path); err != nil {
		return 0, 0, fmt.Errorf("import %d: attach staging: %w", st.jobID, err)
	}
	defer func() {
		if _, derr := conn.ExecContext(bg, "DETACH DATABASE "+schema); derr != nil && err == nil {
			err = fmt.Errorf("import %d: detach staging: %w", st.jobID, derr)
		}
	}()
	// Runs first: a commit cancelled midway may leave the transaction open
	// on the connection for a moment after Rollback returned, and neither
	// DETACH nor temp_store can change inside one. (After a commit there
	// is none; the error is ignored.)
	defer func() { _, _ = conn.ExecContext(bg, "ROLLBACK") }()
	// DB.Transact on the connection held (the writer pool's one, prepared
	// above): one attempt, as the writer is ours already and BEGIN
	// IMMEDIATE waits for other processes for the busy timeout.
	err = st.db.transactOn(ctx, conn, func(tx *Tx) error {
		var base int64
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM contracts").Scan(&base); err != nil {
			return fmt.Errorf("import %d: ids: %w", c.JobID, err)
		}
		var err error
		first, last, err = commitSide(ctx, tx, st.actor, c, schema, base, st.staged, st.rebuildFrom)
		return err
	})
	if err == nil {
		st.committed = true
	}
	return first, last, err
}

// Drop closes and removes the side file. After a commit, failing to remove
// it is not the import's failure.
func (st *sideStaging) Drop(context.Context) error {
	var err error
	if st.out != nil {
		err = st.out.Close()
		st.out = nil
	}
	if rerr := os.Remove(st.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	if err != nil && !st.committed {
		return fmt.Errorf("drop import %d staging: %w", st.jobID, err)
	}
	return nil
}
