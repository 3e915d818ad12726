package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// notCopied are the tables a copy of the data leaves out: the schema's own
// steps (the destination is migrated to the same ones) and sign-ins, which
// end with a move (everyone signs in again).
var notCopied = map[string]bool{"schema_migrations": true, "sessions": true}

// derived are the tables that triggers keep from another table's rows:
// the national lookups of contracts' numbers and duplicate keys (step
// 0029), and the rollups' year sums (step 0030). A copy empties them but
// does not copy them: the destination's triggers fill them as the
// contracts and rollups arrive. They are compared as the other tables are.
var derived = map[string]bool{"contract_reg_nos": true, "contract_dups": true, "rollups_year": true}

// DerivedFills are the statements that make the tables triggers on table
// keep (derived) from all of its rows, for a writer that set those
// triggers aside while it wrote them (the bulk loader): none for a table
// without such triggers.
func DerivedFills(table string) []string {
	switch table {
	case "contracts":
		return ContractKeyFills(0)
	case "rollups":
		return RollupYearFill()
	}
	return nil
}

// copyBatch is how many rows a copy reads before writing them.
const copyBatch = 2000

// TableCount is one table's rows on the source and the destination of a
// copy, and the digest both sides gave (Digest).
type TableCount struct {
	Table  string
	Rows   int64
	Digest string
}

// CopyAll copies every row of every table of src (but notCopied's) into
// dst, in dependency order (parents first), in one transaction of dst:
// either all of it is there or none. Both must be at the same schema step;
// dst's tables are emptied first (the caller checks it may replace them).
// src is read in one snapshot, so a server may keep writing to it. On
// PostgreSQL the identity sequences are moved past the copied ids. The
// rows of each table are then digested on both sides and compared.
func CopyAll(ctx context.Context, src, dst *DB) ([]TableCount, error) {
	sv, err := src.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	dv, err := dst.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, fmt.Errorf("store: copy: the source is at schema step %04d, the destination at %04d: migrate both to this binary's steps first", sv, dv)
	}
	tables, err := src.tablesInOrder(ctx)
	if err != nil {
		return nil, err
	}
	types, err := pgTypes(ctx, src, dst)
	if err != nil {
		return nil, err
	}

	// The source's snapshot.
	opts := &sql.TxOptions{ReadOnly: true}
	if src.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	stx, err := src.r.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: copy: begin reading: %w", err)
	}
	defer stx.Rollback() //nolint:errcheck // read-only
	sq := Q{db: src, q: stx}

	conn, err := dst.WriteConn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	begin := "BEGIN"
	if dst.engine == SQLite {
		begin = "BEGIN IMMEDIATE"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return nil, fmt.Errorf("store: copy: begin writing: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if dst.engine == SQLite {
		// Rows of a table that points at itself may come child first.
		if _, err := conn.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return nil, fmt.Errorf("store: copy: %w", err)
		}
	}
	// The destination's sign-ins end with what they point at.
	if _, err := conn.ExecContext(ctx, "DELETE FROM sessions"); err != nil {
		return nil, fmt.Errorf("store: copy: end sign-ins: %w", err)
	}
	for i := len(tables) - 1; i >= 0; i-- {
		if _, err := conn.ExecContext(ctx, "DELETE FROM "+tables[i]); err != nil {
			return nil, fmt.Errorf("store: copy: empty %s: %w", tables[i], err)
		}
	}
	w := NewRowWriter(dst.engine, conn, nil)
	defer w.Close()
	for _, t := range tables {
		if derived[t] {
			continue
		}
		if err := copyTable(ctx, sq, w, dst.engine, t, types[t]); err != nil {
			return nil, err
		}
	}
	if dst.engine == Postgres {
		if err := fixSequences(ctx, conn); err != nil {
			return nil, err
		}
		// Other nodes' figure caches (changes.go).
		if _, err := conn.ExecContext(ctx, "SELECT pg_notify('"+changesChannel+"', $1)", dst.changes.node+" *"); err != nil {
			return nil, fmt.Errorf("store: copy: notify: %w", err)
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("store: copy: commit: %w", err)
	}
	committed = true
	dst.changes.everything()

	// Both sides the same, table by table (the source in its snapshot).
	var out []TableCount
	for _, t := range tables {
		a, n, err := digestTable(ctx, sq, t, types[t])
		if err != nil {
			return nil, err
		}
		b, m, err := digestTable(ctx, dst.Read(), t, types[t])
		if err != nil {
			return nil, err
		}
		if a != b || n != m {
			return out, fmt.Errorf("store: copy: table %s differs after the copy: %d rows (%s) on the source, %d (%s) on the destination", t, n, a[:12], m, b[:12])
		}
		out = append(out, TableCount{Table: t, Rows: n, Digest: a})
	}
	return out, nil
}

// copyTable streams one table from q into w in batches.
func copyTable(ctx context.Context, q Q, w *RowWriter, to Engine, table string, types map[string]string) error {
	rows, err := q.Query(ctx, "SELECT * FROM "+table)
	if err != nil {
		return fmt.Errorf("store: copy: read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var batch [][]any
	flush := func() error {
		err := w.Write(ctx, table, cols, len(batch), func(i int, dst []any) []any { return append(dst, batch[i]...) })
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("store: copy: write %s: %w", table, err)
		}
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: copy: read %s: %w", table, err)
		}
		for i, c := range cols {
			v, err := convertValue(vals[i], to, types[c])
			if err != nil {
				return fmt.Errorf("store: copy: %s.%s: %w", table, c, err)
			}
			vals[i] = v
		}
		batch = append(batch, vals)
		if len(batch) == copyBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: copy: read %s: %w", table, err)
	}
	if len(batch) > 0 {
		return flush()
	}
	return nil
}

// convertValue turns a value read from one engine into what the other
// engine's writer takes for a column of PostgreSQL type pgType ("" when
// unknown: the value goes as read).
func convertValue(v any, to Engine, pgType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if to == Postgres {
		switch pgType {
		case "boolean":
			switch x := v.(type) {
			case int64:
				return x != 0, nil
			case bool:
				return x, nil
			}
		case "timestamp with time zone":
			switch x := v.(type) {
			case string:
				var t time.Time
				return t, scanTime{&t}.parse(x)
			case time.Time:
				return x.UTC(), nil
			}
		case "date":
			switch x := v.(type) {
			case string:
				t, err := time.Parse("2006-01-02", x)
				return pgtype.Date{Time: t, Valid: true}, err
			case time.Time:
				return pgtype.Date{Time: x, Valid: true}, nil
			}
		case "bytea":
			if s, ok := v.(string); ok {
				return []byte(s), nil
			}
		case "text":
			if b, ok := v.([]byte); ok {
				return string(b), nil
			}
		}
		return v, nil
	}
	switch x := v.(type) {
	case time.Time:
		if pgType == "date" {
			return x.Format("2006-01-02"), nil
		}
		return x.UTC().Format(tsLayout), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case []byte:
		if pgType == "text" {
			return string(x), nil
		}
	}
	return v, nil
}

// canon is a value as both engines' copies of a row write it into a digest.
func canon(v any, pgType string) string {
	switch x := v.(type) {
	case nil:
		return "\x00"
	case int64: // SQLite's booleans too, 0 and 1
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		if pgType == "date" {
			return x.Format("2006-01-02")
		}
		return x.UTC().Format(tsLayout)
	case []byte:
		return string(x)
	case string:
		if pgType == "timestamp with time zone" {
			var t time.Time
			if (scanTime{&t}).parse(x) == nil {
				return t.UTC().Format(tsLayout)
			}
		}
		return x
	}
	return fmt.Sprint(v)
}

// digestTable is the SHA-256 of a table's rows, independent of their order
// and of the engine: each row's canonical form is hashed, the row hashes
// sorted and hashed again.
func digestTable(ctx context.Context, q Q, table string, types map[string]string) (string, int64, error) {
	rows, err := q.Query(ctx, "SELECT * FROM "+table)
	if err != nil {
		return "", 0, fmt.Errorf("store: digest %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", 0, err
	}
	// Columns by name, so both engines' column orders agree.
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return cols[order[a]] < cols[order[b]] })
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var sums [][sha256.Size]byte
	var b strings.Builder
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", 0, fmt.Errorf("store: digest %s: %w", table, err)
		}
		b.Reset()
		for _, i := range order {
			s := canon(vals[i], types[cols[i]])
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
		sums = append(sums, sha256.Sum256([]byte(b.String())))
	}
	if err := rows.Err(); err != nil {
		return "", 0, fmt.Errorf("store: digest %s: %w", table, err)
	}
	slices.SortFunc(sums, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	h := sha256.New()
	for _, s := range sums {
		h.Write(s[:])
	}
	return hex.EncodeToString(h.Sum(nil)), int64(len(sums)), nil
}

// Digest is the digest of every table a copy carries (CopyAll), for
// comparing two databases of either engine.
func (db *DB) Digest(ctx context.Context) ([]TableCount, error) {
	tables, err := db.tablesInOrder(ctx)
	if err != nil {
		return nil, err
	}
	types, err := pgTypes(ctx, db, db)
	if err != nil {
		return nil, err
	}
	var out []TableCount
	for _, t := range tables {
		d, n, err := digestTable(ctx, db.Read(), t, types[t])
		if err != nil {
			return nil, err
		}
		out = append(out, TableCount{Table: t, Rows: n, Digest: d})
	}
	return out, nil
}

// SchemaVersion is the last schema step applied (0 on an empty database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	if _, err := db.w.ExecContext(ctx, migrationsTable); err != nil {
		return 0, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	var v sql.NullInt64
	if err := db.Read().QueryRow(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

// pgTypes is the PostgreSQL type of every column (table → column → type)
// when either side is PostgreSQL; empty when both are SQLite (nothing to
// convert).
func pgTypes(ctx context.Context, dbs ...*DB) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, db := range dbs {
		if db.engine != Postgres {
			continue
		}
		err := queryEach(ctx, db.Read(), func(sc scanner) error {
			var t, c, typ string
			if err := sc.Scan(&t, &c, &typ); err != nil {
				return err
			}
			if out[t] == nil {
				out[t] = map[string]string{}
			}
			out[t][c] = typ
			return nil
		}, "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()")
		if err != nil {
			return nil, fmt.Errorf("store: column types: %w", err)
		}
		return out, nil
	}
	return out, nil
}

// Tables lists the schema's tables (but notCopied's), every table after
// the tables its foreign keys point at.
func (db *DB) Tables(ctx context.Context) ([]string, error) { return db.tablesInOrder(ctx) }

func (db *DB) tablesInOrder(ctx context.Context) ([]string, error) {
	var names []string
	parents := map[string][]string{}
	var err error
	if db.engine == Postgres {
		names, err = queryAll(ctx, db.Read(), scanString,
			"SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
		if err == nil {
			err = queryEach(ctx, db.Read(), func(sc scanner) error {
				var c, p string
				if err := sc.Scan(&c, &p); err != nil {
					return err
				}
				parents[c] = append(parents[c], p)
				return nil
			}, `SELECT cl.relname, pl.relname FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid
				JOIN pg_class pl ON pl.oid = k.confrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
				WHERE k.contype = 'f' AND n.nspname = current_schema()`)
		}
	} else {
		names, err = queryAll(ctx, db.Read(), scanString,
			"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
		for _, t := range names {
			if err != nil {
				break
			}
			err = queryEach(ctx, db.Read(), func(sc scanner) error {
				var p string
				if err := sc.Scan(&p); err != nil {
					return err
				}
				parents[t] = append(parents[t], p)
				return nil
			}, `SELECT "table" FROM pragma_foreign_key_list(?)`, t)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return notCopied[n] })
	sort.Strings(names)
	// Depth-first, parents first; a table pointing at itself is no cycle.
	var out []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(t string) error
	visit = func(t string) error {
		switch state[t] {
		case 1:
			return fmt.Errorf("store: foreign keys form a cycle through %s", t)
		case 2:
			return nil
		}
		state[t] = 1
		ps := slices.Clone(parents[t])
		sort.Strings(ps)
		for _, p := range ps {
			if p == t || notCopied[p] {
				continue
			}
			if err := visit(p); err != nil {
				return err
			}
		}
		state[t] = 2
		out = append(out, t)
		return nil
	}
	for _, t := range names {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanString(sc scanner) (string, error) {
	var s string
	return s, sc.Scan(&s)
}

// fixSequences moves every identity sequence past the largest id copied.
func fixSequences(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`)
	if err != nil {
		return fmt.Errorf("store: copy: sequences: %w", err)
	}
	type col struct{ t, c string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.t, &c.c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`, c.t, c.c, c.c, c.t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: copy: sequence of %s.%s: %w", c.t, c.c, err)
		}
	}
	return nil
}
