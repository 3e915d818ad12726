package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/innopark/innopark/internal/civil"
)

// sqliteMaxRows bounds the rows of one SQLite INSERT: more rows amortise the
// statement, but past a few hundred the gain is nil and the statement text
// and bound-parameter array only grow (SQLite allows 32,766 parameters).
const sqliteMaxRows = 256

// A RowWriter writes many rows of a table through one connection at the
// engine's fastest: COPY on PostgreSQL, prepared multi-row INSERTs run on
// the SQLite driver connection itself. Import staging and the bulk loader
// (internal/store/bulk) write through it. Values are what the store binds
// elsewhere (civil dates, instants as Instant, optional ids as NULL). Use a
// RowWriter from one goroutine at a time.
type RowWriter struct {
	engine Engine
	conn   *sql.Conn
	own    *sql.DB // the side file's pool, closed with the writer
	stmts  map[string]driver.Stmt
	named  []driver.NamedValue
	args   []any
	rows   int64 // rows written through this writer
}

// NewRowWriter writes through conn, a connection of a database of the
// engine. own, when not nil, is the pool conn came from (a side file's);
// Close closes both.
func NewRowWriter(engine Engine, conn *sql.Conn, own *sql.DB) *RowWriter {
	return &RowWriter{engine: engine, conn: conn, own: own, stmts: map[string]driver.Stmt{}}
}

// Rows is how many rows have been written through w.
func (s *RowWriter) Rows() int64 { return s.rows }

// Batch runs fn as one transaction of the connection on SQLite; on
// PostgreSQL fn runs in whatever transaction the connection is in.
func (s *RowWriter) Batch(ctx context.Context, fn func() error) error {
	if s.engine == Postgres {
		return fn()
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("bulk: begin: %w", err)
	}
	if err := fn(); err != nil {
		_, _ = s.conn.ExecContext(ctx, "ROLLBACK")
		return err
	}
	if _, err := s.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("bulk: commit: %w", err)
	}
	return nil
}

// Fill appends the values of row i to dst.
type Fill func(i int, dst []any) []any

// Write stores n rows of table: COPY on PostgreSQL, prepared multi-row
// INSERTs on SQLite. SQLite's statements are run on the driver connection
// itself: database/sql's per-argument checks cost as much as a tenth of the
// load, and every value here is already what the driver takes.
func (s *RowWriter) Write(ctx context.Context, table string, cols []string, n int, fill Fill) error {
	if n == 0 {
		return nil
	}
	var err error
	if s.engine == Postgres {
		err = s.copy(ctx, table, cols, n, fill)
	} else {
		err = s.insert(ctx, table, cols, n, fill)
	}
	if err == nil {
		s.rows += int64(n)
	}
	return err
}

// insert runs prepared multi-row INSERTs on the SQLite driver connection.
func (s *RowWriter) insert(ctx context.Context, table string, cols []string, n int, fill Fill) error {
	return s.conn.Raw(func(dc any) error {
		per := min(sqliteMaxRows, 32_000/len(cols))
		head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
		one := placeholders(len(cols))
		run := func(query string, from, to int) error {
			st, err := s.stmt(ctx, dc, query)
			if err != nil {
				return fmt.Errorf("bulk: prepare insert into %s: %w", table, err)
			}
			s.args = s.args[:0]
			for j := from; j < to; j++ {
				s.args = fill(j, s.args)
			}
			s.named = s.named[:0]
			for k, v := range s.args {
				dv, err := driverValue(v)
				if err != nil {
					return fmt.Errorf("bulk: %s column %s: %w", table, cols[k%len(cols)], err)
				}
				s.named = append(s.named, driver.NamedValue{Ordinal: k + 1, Value: dv})
			}
			if _, err := st.(driver.StmtExecContext).ExecContext(ctx, s.named); err != nil {
				return fmt.Errorf("bulk: insert %s: %w", table, err)
			}
			return nil
		}
		i := 0
		if n >= per {
			q := head + strings.TrimSuffix(strings.Repeat(one+", ", per), ", ")
			for ; i+per <= n; i += per {
				if err := run(q, i, i+per); err != nil {
					return err
				}
			}
		}
		for ; i < n; i++ {
			if err := run(head+one, i, i+1); err != nil {
				return err
			}
		}
		// Drop references to the batch's values.
		clear(s.args)
		clear(s.named)
		return nil
	})
}

func (s *RowWriter) stmt(ctx context.Context, dc any, query string) (driver.Stmt, error) {
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.stmts[query] = st
	return st, nil
}

// driverValue turns what the store's value functions produce into a
// driver.Value, as database/sql would.
func driverValue(v any) (driver.Value, error) {
	switch x := v.(type) {
	case nil, string, int64, bool, []byte, float64, time.Time:
		return x, nil
	case int:
		return int64(x), nil
	case driver.Valuer:
		return x.Value()
	}
	return driver.DefaultParameterConverter.ConvertValue(v)
}

// Close releases the writer's statements (and the side file's pool).
func (s *RowWriter) Close() error {
	var err error
	if len(s.stmts) > 0 {
		err = s.conn.Raw(func(any) error {
			for _, st := range s.stmts {
				st.Close()
			}
			return nil
		})
		s.stmts = nil
	}
	if s.own != nil {
		if e := s.conn.Close(); err == nil {
			err = e
		}
		if e := s.own.Close(); err == nil {
			err = e
		}
	}
	return err
}

// copySource feeds CopyFrom from a fill function, turning the values the
// SQL path binds (civil dates, instants as text) into what pgx encodes in
// COPY's binary format.
type copySource struct {
	n, i int
	fill Fill
	vals []any
}

func (s *copySource) Next() bool { s.i++; return s.i <= s.n }
func (s *copySource) Err() error { return nil }
func (s *copySource) Values() ([]any, error) {
	s.vals = s.fill(s.i-1, s.vals[:0])
	for k, v := range s.vals {
		s.vals[k] = pgValue(v)
	}
	return s.vals, nil
}

func pgValue(v any) any {
	switch x := v.(type) {
	case civil.Date:
		if x.IsZero() {
			return nil
		}
		return pgtype.Date{Time: x.Time(), Valid: true}
	case ts:
		if time.Time(x).IsZero() {
			return nil
		}
		return time.Time(x).UTC()
	case int:
		return int64(x)
	}
	return v
}

func (s *RowWriter) copy(ctx context.Context, table string, cols []string, n int, fill Fill) error {
	return s.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bulk: unexpected driver connection %T", dc)
		}
		got, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, &copySource{n: n, fill: fill})
		if err != nil {
			return fmt.Errorf("bulk: copy %s: %w", table, err)
		}
		if got != int64(n) {
			return fmt.Errorf("bulk: copy %s: %d of %d rows", table, got, n)
		}
		return nil
	})
}
