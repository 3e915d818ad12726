// Package bulk is what only the benchmarks need of the database, kept out
// of package store: Loader writes a whole data set (innopark gen) into an
// empty database as fast as the engine takes rows in, through the few
// doors store opens for it (WriteConn, TxOn, RowWriter and the contract row
// encoders); RawContractFigures reads dashboard figures from the records
// themselves instead of the rollups, for the benchmark that shows what the
// rollups save (bench/indicators.sh).
//
// What the ordinary write path does per record — an audit record, a rollup upsert, a round
// trip — is done once per load here, and the engine is set up for loading:
//
//   - SQLite: prepared multi-row INSERTs in large transactions on the one
//     writer connection, with no rollback journal, no fsync, a large page
//     cache and foreign-key checks off while loading (the generator builds
//     consistent data; the tests check it with foreign_key_check).
//   - PostgreSQL: COPY (pgx CopyFrom on the pool's own connection) inside
//     one transaction, so a failed load leaves the database empty, with the
//     big tables' foreign keys dropped and added back at the end (one
//     validating join instead of a trigger per row).
//
// On SQLite the contracts go to the database while their lines and history
// go, on a second connection and core, to a side file with the same table
// definitions, which Finish copies in with INSERT … SELECT: SQLite's
// transfer optimisation copies those records without decoding them.
//
// On both engines the secondary indexes of the big tables are dropped and
// re-created at the end: one sort per index is much cheaper than updating
// ten B-trees for every row. Finish puts back every index, constraint and
// setting exactly as they were (their definitions are read from the
// database, not repeated here), advances PostgreSQL's identity sequences
// past the explicit ids, and runs the caller's final step (one audit record
// for the whole load) in the same transaction.
package bulk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/zone"
)

// bulkTables are the tables whose secondary indexes (and, on PostgreSQL,
// foreign keys) are set aside while loading: the ones with millions of rows.
func bulkTables() []string {
	return []string{"contracts", "contract_events", "contract_deductions", "contract_payments", "rollups", "enterprises",
		"honour_batches", "honour_entries", "honour_titles",
		"org_profiles", "org_organisations", "org_elections", "org_members", "org_chain_members", "talent_applicants"}
}

// identityTables get explicit ids from a load; PostgreSQL's identity
// sequences are moved past them at Finish.
func identityTables() []string {
	return []string{"areas", "enterprises", "registration_points", "users", "contracts", "contract_events", "targets",
		"honour_programmes", "honour_batches", "honour_entries", "honour_titles",
		"projects", "project_reports",
		"org_organisations", "org_elections", "org_members", "org_online_branches", "org_chains",
		"talent_programmes", "talent_tiers", "talent_calls", "talent_applicants"}
}

// bulkCache is the SQLite page cache while loading (KiB, negative as the
// pragma takes it). It must not be small: a full cache frees each page it
// writes out and allocates a new one, and the pure-Go allocator returns
// freed memory to the kernel, a system call per few pages. 256 MiB also
// lets the index builds sort in memory.
const bulkCache = "-262144"

// indexBuildCache is the SQLite page cache (KiB, negative) while indexes
// are built at Finish, which also bounds each sorted run of an index build.
const indexBuildCache = "-8192"

// Options tune a Loader.
type Options struct {
	// KeepIndexes leaves every index in place while loading (slower; for
	// comparing the two ways).
	KeepIndexes bool
}

// Loader writes a data set into an empty database in bulk. Use it from one
// goroutine (ContractRecords and ContractLines excepted): NewLoader, the
// record methods in dependency order (regions, areas, enterprises, points,
// users, contracts, rollups, serials, targets, honour programmes, batches,
// titles, organisations and talent), then Finish; Close abandons a load that failed (on PostgreSQL
// nothing of it stays; on SQLite the file must be thrown away, as there is
// no journal).
type Loader struct {
	db       *store.DB
	conn     *sql.Conn
	main     *store.RowWriter
	side     *store.RowWriter // SQLite: the side file for lines and history; nil when not used
	sidePath string           // its file
	restore  []string         // statements that put back what NewLoader set aside, in order
	// sideIndexes are the side tables' indexes (SQLite): kept in the
	// database and built in the side file while loading.
	sideIndexes []string
	settings    []string // SQLite pragmas as they were
	sideRows    int64    // rows written to the side file, once merged
	done        bool
	// mainMu and sideMu let ContractRecords and ContractLines run on two
	// goroutines: each writer is used by one at a time.
	mainMu, sideMu sync.Mutex
}

// sideTables are written to the side file and copied in at Finish.
func sideTables() []string {
	return []string{"contract_events", "contract_deductions", "contract_payments"}
}

// ErrNotEmpty means a bulk load was asked of a database that holds data.
var ErrNotEmpty = errors.New("store: bulk load needs an empty (migrated) database")

// NewLoader checks that db is empty and prepares it for loading.
func NewLoader(ctx context.Context, db *store.DB, opt Options) (*Loader, error) {
	// The writer pool's one connection (SQLite) or a pool connection held for
	// the whole load (PostgreSQL): pragmas and the open transaction belong to
	// a connection.
	conn, err := db.WriteConn(ctx)
	if err != nil {
		return nil, fmt.Errorf("bulk: %w", err)
	}
	l := &Loader{db: db, conn: conn}
	l.main = store.NewRowWriter(db.Engine(), conn, nil)
	if err := l.start(ctx, opt); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

func (l *Loader) exec(ctx context.Context, query string, args ...any) error {
	if _, err := l.conn.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("bulk: %s: %w", firstWords(query), err)
	}
	return nil
}

func firstWords(q string) string {
	f := strings.Fields(q)
	return strings.Join(f[:min(len(f), 6)], " ")
}

func (l *Loader) start(ctx context.Context, opt Options) error {
	var n int
	if err := l.conn.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM areas) + (SELECT COUNT(*) FROM users)
		+ (SELECT COUNT(*) FROM enterprises) + (SELECT COUNT(*) FROM contracts)`).Scan(&n); err != nil {
		return fmt.Errorf("bulk: check empty: %w", err)
	}
	if n > 0 {
		return ErrNotEmpty
	}
	if l.db.Engine() == store.Postgres {
		return l.startPostgres(ctx, opt)
	}
	return l.startSQLite(ctx, opt)
}

func (l *Loader) startSQLite(ctx context.Context, opt Options) error {
	// Remember each setting so Finish restores what store.Open chose.
	for _, p := range []string{"foreign_keys", "synchronous", "cache_size", "journal_mode", "threads", "temp_store"} {
		var v string
		if err := l.conn.QueryRowContext(ctx, "PRAGMA "+p).Scan(&v); err != nil {
			return fmt.Errorf("bulk: read pragma %s: %w", p, err)
		}
		l.settings = append(l.settings, "PRAGMA "+p+" = "+v)
	}
	// No journal and no fsync: a crash mid-load leaves a file to delete,
	// which is what gen tells the operator to do anyway.
	for _, p := range []string{"PRAGMA foreign_keys = OFF", "PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
		"PRAGMA cache_size = " + bulkCache} {
		_, err := l.conn.ExecContext(ctx, p)
		if err != nil && strings.Contains(p, "journal_mode") && store.IsBusy(err) {
			// Leaving WAL needs the database to itself; with a reader
			// connection open elsewhere the load stays in WAL, slower.
			continue
		}
		if err != nil {
			return fmt.Errorf("bulk: %s: %w", p, err)
		}
	}
	if opt.KeepIndexes {
		return nil
	}
	useSide := l.sideFile() != ""
	in := "'" + strings.Join(bulkTables(), "', '") + "'"
	rows, err := l.conn.QueryContext(ctx, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ("+in+") ORDER BY name")
	if err != nil {
		return fmt.Errorf("bulk: list indexes: %w", err)
	}
	var names []string
	for rows.Next() {
		var name, table, ddl string
		if err := rows.Scan(&name, &table, &ddl); err != nil {
			rows.Close()
			return fmt.Errorf("bulk: list indexes: %w", err)
		}
		if useSide && slices.Contains(sideTables(), table) {
			// Kept, and built in the side file as its rows arrive (in
			// key order: contract ids ascend), so the final copy moves
			// the index's records too instead of sorting them again.
			l.sideIndexes = append(l.sideIndexes, ddl)
			continue
		}
		names = append(names, name)
		l.restore = append(l.restore, ddl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("bulk: list indexes: %w", err)
	}
	for _, name := range names {
		if err := l.exec(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return err
		}
	}
	// contracts' triggers keep the national lookup tables of numbers and
	// duplicate keys (step 0029), rollups' the year sums (step 0030), a
	// row at a time: set aside for the load, and the tables filled at
	// Finish with one INSERT … SELECT each, then the triggers put back.
	triggers, err := l.strings(ctx, "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('contracts', 'rollups') ORDER BY tbl_name, name")
	if err != nil {
		return fmt.Errorf("bulk: contracts' and rollups' triggers: %w", err)
	}
	var fills, puts []string
	for i := 0; i < len(triggers); i += 3 {
		if i == 0 || triggers[i] != triggers[i-3] {
			fills = append(fills, store.DerivedFills(triggers[i])...)
		}
		if err := l.exec(ctx, `DROP TRIGGER "`+triggers[i+1]+`"`); err != nil {
			return err
		}
		puts = append(puts, triggers[i+2])
	}
	l.restore = append(append(l.restore, fills...), puts...)
	return l.openSide(ctx)
}

// sideFile is the side file's path, or "" when the database is not a
// plain file path (in memory, or a URI) and one connection does it all.
func (l *Loader) sideFile() string {
	if p := l.db.SQLiteFile(); p != "" {
		return p + ".bulk-side"
	}
	return ""
}

// openSide creates the side file next to the database with the side
// tables exactly as the database defines them (so the final copy can move
// records without decoding them), and a connection set up like the main one.
func (l *Loader) openSide(ctx context.Context) error {
	path := l.sideFile()
	if path == "" {
		return nil // one connection does it all
	}
	l.sidePath = path
	_ = os.Remove(l.sidePath)
	in := "'" + strings.Join(sideTables(), "', '") + "'"
	rows, err := l.conn.QueryContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ("+in+") ORDER BY name")
	if err != nil {
		return fmt.Errorf("bulk: side tables: %w", err)
	}
	var ddl []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("bulk: side tables: %w", err)
		}
		ddl = append(ddl, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("bulk: side tables: %w", err)
	}
	// The side file's transactions dirty a few MiB each: a small cache
	// holds them, and closing the file then frees little.
	side, err := sql.Open("sqlite", "file:"+l.sidePath+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=foreign_keys(0)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16384)")
	if err != nil {
		return fmt.Errorf("bulk: side file: %w", err)
	}
	side.SetMaxOpenConns(1)
	c, err := side.Conn(ctx)
	if err != nil {
		side.Close()
		return fmt.Errorf("bulk: side file: %w", err)
	}
	l.side = store.NewRowWriter(store.SQLite, c, side)
	for _, d := range append(ddl, l.sideIndexes...) {
		if _, err := c.ExecContext(ctx, d); err != nil {
			return fmt.Errorf("bulk: side table: %w", err)
		}
	}
	return nil
}

func (l *Loader) startPostgres(ctx context.Context, opt Options) error {
	// One transaction for the whole load; asynchronous commit and a large
	// sort memory for the index builds, for this transaction only.
	for _, s := range []string{"BEGIN", "SET LOCAL synchronous_commit = off", "SET LOCAL maintenance_work_mem = '512MB'"} {
		if err := l.exec(ctx, s); err != nil {
			return err
		}
	}
	if opt.KeepIndexes {
		return nil
	}
	var regs []string
	for _, t := range bulkTables() {
		regs = append(regs, "'"+t+"'::regclass")
	}
	in := strings.Join(regs, ", ")
	type item struct{ table, name, def string }
	read := func(query string) ([]item, error) {
		rows, err := l.conn.QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []item
		for rows.Next() {
			var it item
			if err := rows.Scan(&it.table, &it.name, &it.def); err != nil {
				return nil, err
			}
			out = append(out, it)
		}
		return out, rows.Err()
	}
	fks, err := read(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND conrelid IN (` + in + `) ORDER BY conrelid::regclass::text, conname`)
	if err != nil {
		return fmt.Errorf("bulk: list foreign keys: %w", err)
	}
	// Indexes that back no constraint (primary keys and UNIQUE columns stay:
	// they are part of the tables' definition, not an access path).
	idx, err := read(`SELECT t.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE x.indrelid IN (` + in + `) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY t.relname, i.relname`)
	if err != nil {
		return fmt.Errorf("bulk: list indexes: %w", err)
	}
	for _, fk := range fks {
		if err := l.exec(ctx, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %q", fk.table, fk.name)); err != nil {
			return err
		}
	}
	for _, ix := range idx {
		if err := l.exec(ctx, fmt.Sprintf("DROP INDEX %q", ix.name)); err != nil {
			return err
		}
		l.restore = append(l.restore, ix.def)
	}
	// Foreign keys after the indexes: validating them reads the loaded
	// tables once each.
	for _, fk := range fks {
		l.restore = append(l.restore, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %q %s", fk.table, fk.name, fk.def))
	}
	// The contract lines' row triggers (they fill zone_id for binaries
	// that leave it out; the loader writes it) are switched off for the
	// load: a function call less for each of millions of rows. So are
	// contracts' triggers that keep the national lookup tables of numbers
	// and duplicate keys (step 0029), and rollups' that keep the year
	// sums (step 0030): those are filled once at Finish, one INSERT …
	// SELECT each, before the triggers are back.
	var lineRegs []string
	for _, t := range append(sideTables(), "contracts", "rollups") {
		lineRegs = append(lineRegs, "'"+t+"'::regclass")
	}
	trs, err := read(`SELECT tgrelid::regclass::text, tgname, '' FROM pg_trigger
		WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgrelid IN (` + strings.Join(lineRegs, ", ") + `) ORDER BY 1, 2`)
	if err != nil {
		return fmt.Errorf("bulk: list triggers: %w", err)
	}
	for i, tr := range trs {
		if i == 0 || tr.table != trs[i-1].table {
			l.restore = append(l.restore, store.DerivedFills(tr.table)...)
		}
	}
	for _, tr := range trs {
		if err := l.exec(ctx, fmt.Sprintf("ALTER TABLE %s DISABLE TRIGGER %q", tr.table, tr.name)); err != nil {
			return err
		}
		l.restore = append(l.restore, fmt.Sprintf("ALTER TABLE %s ENABLE TRIGGER %q", tr.table, tr.name))
	}
	return nil
}

// batch runs fn as one transaction of the main connection (SQLite); on
// PostgreSQL the whole load is one transaction already.
func (l *Loader) batch(ctx context.Context, fn func() error) error {
	if l.done {
		return errors.New("bulk: loader already finished")
	}
	return l.main.Batch(ctx, fn)
}

// write stores n rows of table through the main connection.
func (l *Loader) write(ctx context.Context, table string, cols []string, n int, fill store.Fill) error {
	return l.main.Write(ctx, table, cols, n, fill)
}

// Regions stores provinces and cities, parents first.
func (l *Loader) Regions(ctx context.Context, rs []zone.Region) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "regions", []string{"code", "name", "name_en", "level", "parent_code"}, len(rs), func(i int, d []any) []any {
			r := rs[i]
			return append(d, r.Code, r.Name, r.NameEN, r.Level, nullText(r.ParentCode))
		})
	})
}

// Areas stores zones and counties with their ids.
func (l *Loader) Areas(ctx context.Context, as []zone.Area, at time.Time) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "areas", []string{"id", "slug", "name", "name_en", "kind", "level", "gb_code", "city_code", "province_code", "created_at"},
			len(as), func(i int, d []any) []any {
				a := as[i]
				return append(d, a.ID, a.Slug, a.Name, a.NameEN, a.Kind, a.Level, a.GBCode, a.CityCode, a.ProvinceCode, store.Instant(at))
			})
	})
}

// Enterprises stores enterprises with their ids and their own timestamps.
func (l *Loader) Enterprises(ctx context.Context, es []enterprise.Enterprise) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "enterprises", []string{"id", "uscc", "name", "zone_id", "park_id", "nature", "industry", "reg_capital_fen",
			"paid_capital_fen", "founded_on", "listing", "contact_name", "contact_phone", "contact_email", "settled_on", "pledge_signed",
			"pledge_on", "version", "created_at", "updated_at"}, len(es), func(i int, d []any) []any {
			e := &es[i]
			return append(d, e.ID, e.USCC, e.Name, e.ZoneID, nullID(e.ParkID), e.Nature, e.Industry, e.RegCapitalFen,
				e.PaidCapitalFen, e.FoundedOn, e.Listing, e.ContactName, e.ContactPhone, e.ContactEmail, e.SettledOn, e.PledgeSigned,
				e.PledgeOn, max(e.Version, 1), store.Instant(e.CreatedAt), store.Instant(e.UpdatedAt))
		})
	})
}

// Points stores registration points with their ids.
func (l *Loader) Points(ctx context.Context, ps []contract.Point, at time.Time) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "registration_points", []string{"id", "zone_id", "code", "name", "region_code", "created_at"}, len(ps),
			func(i int, d []any) []any {
				p := ps[i]
				return append(d, p.ID, p.ZoneID, p.Code, p.Name, p.RegionCode, store.Instant(at))
			})
	})
}

// Users stores users with their ids and password hashes.
func (l *Loader) Users(ctx context.Context, us []auth.User) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "users", []string{"id", "username", "display_name", "password_hash", "role", "region_code", "zone_id",
			"enterprise_id", "lang", "disabled", "created_at", "updated_at"}, len(us), func(i int, d []any) []any {
			u := us[i]
			return append(d, u.ID, u.Username, u.DisplayName, u.PasswordHash, string(u.Role), u.RegionCode, nullID(u.ZoneID),
				nullID(u.EnterpriseID), u.Lang, u.Disabled, store.Instant(u.CreatedAt), store.Instant(u.CreatedAt))
		})
	})
}

// The contracts' and their history's columns, as the store writes them.
var (
	contractCols = store.ContractColumns()
	eventCols    = store.EventColumns()
)

// Contracts stores contracts in their final state with their ids (set by
// the caller, unique and, for the fastest load, ascending), lines and
// history. Rollups and serial counters are not touched: the caller computes
// them for the whole load (Rollups, Serials). The caller validates.
func (l *Loader) Contracts(ctx context.Context, items []store.ContractImport) error {
	if l.side == nil {
		if err := l.ContractRecords(ctx, items); err != nil {
			return err
		}
		return l.ContractLines(ctx, items)
	}
	// Two connections, two files, two cores: the lines and history are
	// written to the side file while the contracts go to the database.
	sideErr := make(chan error, 1)
	go func() { sideErr <- l.ContractLines(ctx, items) }()
	err := l.ContractRecords(ctx, items)
	return errors.Join(err, <-sideErr)
}

// ContractRecords stores the contract rows of items; ContractLines stores
// their deduction and payment lines and history. Together they do what
// Contracts does, and the two may run at the same time on two goroutines
// (for different batches or the same one): on SQLite with a side file they
// use two connections; otherwise they take turns on the one connection.
// A caller that draws batches on one goroutine and stores them on another
// can write the lines where it draws them, and so keep two cores busy with
// two goroutines instead of sharing them among three.
func (l *Loader) ContractRecords(ctx context.Context, items []store.ContractImport) error {
	for i := range items {
		if items[i].Contract.ID == 0 {
			return fmt.Errorf("bulk: contract %d has no id", i)
		}
	}
	l.mainMu.Lock()
	defer l.mainMu.Unlock()
	return l.batch(ctx, func() error {
		return l.write(ctx, "contracts", contractCols, len(items), func(i int, d []any) []any {
			it := &items[i]
			updated := it.CreatedAt
			if n := len(it.History); n > 0 {
				updated = it.History[n-1].At
			}
			return store.AppendContractValues(d, &it.Contract, contract.DuplicateKey(it.Contract), it.CreatedBy, it.CreatedAt, updated)
		})
	})
}

// LinesApart reports whether ContractLines writes through a connection of
// its own (SQLite with a side file), so that a batch's lines may be written
// before or while its contract rows are. Otherwise they share the one
// connection, and with the foreign keys in place (PostgreSQL with
// KeepIndexes) lines must follow their contracts: use Contracts.
func (l *Loader) LinesApart() bool { return l.side != nil }

// ContractLines stores the deduction and payment lines and the history of
// items (see ContractRecords and LinesApart).
func (l *Loader) ContractLines(ctx context.Context, items []store.ContractImport) error {
	var ded, pay, ev []int // indexes of items with lines and history, in order
	for i := range items {
		c := &items[i].Contract
		if c.ID == 0 {
			return fmt.Errorf("bulk: contract %d has no id", i)
		}
		for range c.Deductions {
			ded = append(ded, i)
		}
		for range c.Payments {
			pay = append(pay, i)
		}
		for range items[i].History {
			ev = append(ev, i)
		}
	}
	// lineOf numbers the k-th row of a flattened list within its item.
	lineOf := func(idx []int, k int) int {
		line := 0
		for j := k; j >= 0 && idx[j] == idx[k]; j-- {
			line++
		}
		return line
	}
	lines := func(s *store.RowWriter) error {
		err := s.Write(ctx, "contract_deductions", []string{"contract_id", "line", "kind", "amount_fen", "zone_id"}, len(ded), func(k int, d []any) []any {
			c := &items[ded[k]].Contract
			line := lineOf(ded, k)
			x := c.Deductions[line-1]
			return append(d, c.ID, line, string(x.Kind), x.AmountFen, c.ZoneID)
		})
		if err != nil {
			return err
		}
		err = s.Write(ctx, "contract_payments", []string{"contract_id", "line", "paid_on", "amount_fen", "zone_id"}, len(pay), func(k int, d []any) []any {
			c := &items[pay[k]].Contract
			line := lineOf(pay, k)
			x := c.Payments[line-1]
			return append(d, c.ID, line, x.On, x.AmountFen, c.ZoneID)
		})
		if err != nil {
			return err
		}
		return s.Write(ctx, "contract_events", eventCols, len(ev), func(k int, d []any) []any {
			it := &items[ev[k]]
			h := it.History[lineOf(ev, k)-1]
			return append(d, store.EventValues(it.Contract, h.Step, h.ActorName)...)
		})
	}
	if l.side == nil {
		l.mainMu.Lock()
		defer l.mainMu.Unlock()
		return l.batch(ctx, func() error { return lines(l.main) })
	}
	if l.done {
		return errors.New("bulk: loader already finished")
	}
	l.sideMu.Lock()
	defer l.sideMu.Unlock()
	return l.side.Batch(ctx, func() error { return lines(l.side) })
}

// Rollups stores rollup rows as they are (one row per key: merge first).
func (l *Loader) Rollups(ctx context.Context, rows []indicator.Row) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "rollups", []string{"zone_id", "indicator", "dim", "ym", "value"}, len(rows), func(i int, d []any) []any {
			r := &rows[i]
			return append(d, r.ZoneID, r.Indicator, string(r.Dim), int(r.Month), r.Value)
		})
	})
}

// Serials sets the registration serial counters (scope → last serial).
func (l *Loader) Serials(ctx context.Context, last map[string]int) error {
	scopes := make([]string, 0, len(last))
	for s := range last {
		scopes = append(scopes, s)
	}
	return l.batch(ctx, func() error {
		return l.write(ctx, "contract_serials", []string{"scope", "last_serial"}, len(scopes), func(i int, d []any) []any {
			return append(d, scopes[i], last[scopes[i]])
		})
	})
}

// Targets stores annual targets.
func (l *Loader) Targets(ctx context.Context, targets []indicator.Target) error {
	return l.batch(ctx, func() error {
		return l.write(ctx, "targets", []string{"zone_id", "indicator", "year", "value", "set_by", "set_by_name", "set_at"}, len(targets),
			func(i int, d []any) []any {
				t := targets[i]
				return append(d, t.ZoneID, t.Indicator, t.Year, t.Value, nullID(t.SetBy), t.SetByName, store.Instant(t.SetAt))
			})
	})
}

// Rows is how many rows the loader has written, in every table.
func (l *Loader) Rows() int64 {
	n := l.main.Rows() + l.sideRows
	if l.side != nil {
		n += l.side.Rows()
	}
	return n
}

// FinishReport says how long the closing steps took.
type FinishReport struct {
	Indexes time.Duration // re-creating indexes and constraints
	Analyze time.Duration // refreshing the planner's statistics (and, on PostgreSQL, the visibility map)
}

// Finish re-creates what NewLoader set aside, runs final (one audit record
// for the load, meta) in the same transaction as the last step, restores the
// connection's settings and refreshes the query planner's statistics.
func (l *Loader) Finish(ctx context.Context, final func(ctx context.Context, tx *store.Tx) error) (FinishReport, error) {
	var rep FinishReport
	if l.done {
		return rep, errors.New("bulk: loader already finished")
	}
	t0 := time.Now()
	pg := l.db.Engine() == store.Postgres
	if err := l.mergeSide(ctx); err != nil {
		return rep, err
	}
	if !pg {
		// Index builds: SQLite sorts each index's keys in memory runs as
		// large as the page cache. One run of millions of keys is one
		// long single-threaded merge sort over memory that no CPU cache
		// holds; small runs are each sorted by a helper thread while the
		// table is still being read, then merged (measured at 5M
		// contracts: 2.4× faster). Sorted runs go to temporary files:
		// with temp_store = MEMORY (as store.Open sets it) SQLite keeps
		// every key in one run, whatever the cache size. Each index is
		// built in a transaction of its own: one transaction for all of
		// them would hold every new page dirty.
		for _, p := range []string{"PRAGMA threads = 2", "PRAGMA temp_store = FILE", "PRAGMA cache_size = " + indexBuildCache} {
			if err := l.exec(ctx, p); err != nil {
				return rep, err
			}
		}
	}
	for _, s := range l.restore {
		if err := l.exec(ctx, s); err != nil {
			_, _ = l.conn.ExecContext(ctx, "ROLLBACK")
			return rep, err
		}
	}
	if !pg {
		if err := l.exec(ctx, "BEGIN"); err != nil {
			return rep, err
		}
	}
	if pg {
		for _, t := range identityTables() {
			if err := l.exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM %s), false)`, t, t)); err != nil {
				return rep, err
			}
		}
	}
	if final != nil {
		if err := final(ctx, l.db.TxOn(l.conn)); err != nil {
			_, _ = l.conn.ExecContext(ctx, "ROLLBACK")
			return rep, err
		}
	}
	if err := l.exec(ctx, "COMMIT"); err != nil {
		return rep, err
	}
	l.done = true
	rep.Indexes = time.Since(t0)
	t1 := time.Now()
	if pg {
		// VACUUM as well: it sets the visibility map, without which the
		// covering indexes (rollups_ranking for rankings) cannot answer
		// index-only and every ranking reads the table's pages too, until
		// autovacuum gets round to a table that was loaded in one go.
		if err := l.exec(ctx, "VACUUM (ANALYZE)"); err != nil {
			return rep, err
		}
	} else {
		// A sampled ANALYZE: the planner needs the shape of the indexes
		// (how selective zone, status, type are), not exact counts.
		if err := l.exec(ctx, "PRAGMA analysis_limit = 2000"); err != nil {
			return rep, err
		}
		if err := l.exec(ctx, "ANALYZE"); err != nil {
			return rep, err
		}
	}
	rep.Analyze = time.Since(t1)
	return rep, l.Close()
}

// mergeSide copies the side file's tables into the database's (empty) ones:
// same definitions, no indexes, foreign keys off, so SQLite moves the
// records without decoding them.
func (l *Loader) mergeSide(ctx context.Context) error {
	if l.side == nil {
		return nil
	}
	if err := l.side.Close(); err != nil {
		return err
	}
	l.sideRows = l.side.Rows()
	l.side = nil
	if err := l.exec(ctx, "ATTACH DATABASE ? AS bulkside", l.sidePath); err != nil {
		return err
	}
	// Its pages are read once, in order: a small cache, freed cheaply at DETACH.
	if err := l.exec(ctx, "PRAGMA bulkside.cache_size = -2048"); err != nil {
		return err
	}
	// A table with triggers never gets the record copy: the side tables'
	// triggers (which fill zone_id for older binaries; the loader writes
	// it) are set aside for the copy and put back in the same transaction.
	in := "'" + strings.Join(sideTables(), "', '") + "'"
	triggers, err := l.strings(ctx, "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name IN ("+in+") ORDER BY name")
	if err != nil {
		return fmt.Errorf("bulk: side tables' triggers: %w", err)
	}
	if err := l.exec(ctx, "BEGIN"); err != nil {
		return err
	}
	var stmts []string
	for i := 0; i < len(triggers); i += 2 {
		stmts = append(stmts, `DROP TRIGGER main."`+triggers[i]+`"`)
	}
	for _, t := range sideTables() {
		stmts = append(stmts, "INSERT INTO main."+t+" SELECT * FROM bulkside."+t)
	}
	for i := 1; i < len(triggers); i += 2 {
		stmts = append(stmts, triggers[i])
	}
	for _, q := range stmts {
		if err := l.exec(ctx, q); err != nil {
			_, _ = l.conn.ExecContext(ctx, "ROLLBACK")
			return err
		}
	}
	if err := l.exec(ctx, "COMMIT"); err != nil {
		return err
	}
	if err := l.exec(ctx, "DETACH DATABASE bulkside"); err != nil {
		return err
	}
	return os.Remove(l.sidePath)
}

// strings reads the text columns of query's rows, each row's in order.
func (l *Loader) strings(ctx context.Context, query string) ([]string, error) {
	rows, err := l.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		v := make([]string, len(cols))
		p := make([]any, len(cols))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			return nil, err
		}
		out = append(out, v...)
	}
	return out, rows.Err()
}

// Close releases the connection, restoring SQLite's settings; after a failed
// load on PostgreSQL the transaction is rolled back and nothing stays.
func (l *Loader) Close() error {
	if l.conn == nil {
		return nil
	}
	ctx := context.Background()
	err := l.main.Close()
	if l.side != nil {
		if e := l.side.Close(); err == nil {
			err = e
		}
		l.side = nil
	}
	if l.sidePath != "" {
		_ = os.Remove(l.sidePath)
	}
	if l.db.Engine() == store.Postgres {
		if !l.done {
			_, _ = l.conn.ExecContext(ctx, "ROLLBACK")
		}
	} else {
		// Settings cannot change inside a transaction a failed step left open.
		_, _ = l.conn.ExecContext(ctx, "ROLLBACK")
		_, _ = l.conn.ExecContext(ctx, "DETACH DATABASE bulkside")
		for _, s := range l.settings {
			if _, e := l.conn.ExecContext(ctx, s); e != nil && err == nil {
				err = fmt.Errorf("bulk: restore %s: %w", s, e)
			}
		}
	}
	if e := l.conn.Close(); err == nil {
		err = e
	}
	l.conn = nil
	return err
}

// nullText writes "" as NULL, for optional codes.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID writes 0 as NULL, for optional foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
