package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"
)

// scanner is a row to scan: *sql.Rows at a row, or *sql.Row. An alias, so
// that the scan functions written for either (func(interface{ Scan(...any)
// error }) (T, error)) fit queryAll as they are.
type scanner = interface{ Scan(dest ...any) error }

// queryEach runs query on q and calls fn on each row, in order. It closes
// the rows and checks their error; an error of fn or of a row names the
// row (from 1). The caller wraps the error with what the query is for.
func queryEach(ctx context.Context, q Q, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if err := fn(rows); err != nil {
			return fmt.Errorf("row %d: %w", n, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("after row %d: %w", n, err)
	}
	return nil
}

// queryAll runs query on q and returns what scan makes of each row, in
// order; nil when there is none. Errors as queryEach's.
func queryAll[T any](ctx context.Context, q Q, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := queryEach(ctx, q, func(r scanner) error {
		v, err := scan(r)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanInt64 scans a row of one integer (an id).
func scanInt64(r scanner) (int64, error) {
	var n int64
	err := r.Scan(&n)
	return n, err
}

// queryEachNative is queryEach for the hottest reads (a dashboard's or a
// figure's prefetch): on PostgreSQL the rows are read through pgx's own
// interface on a pooled connection instead of database/sql's, which
// converts every value of every row by reflection and allocates for it —
// a third of an uncached dashboard's CPU went there. The statement is the
// same (pgx's statement cache is the connection's, shared with
// database/sql's path), and so is the routing: a read that may go to a
// replica goes where Query sends it, and a replica that fails is left out
// a while and the primary answers. Elsewhere (SQLite, a transaction) it is
// queryEach.
func queryEachNative(ctx context.Context, q Q, fn func(scanner) error, query string, args ...any) error {
	if q.db.engine != Postgres {
		return queryEach(ctx, q, fn, query, args...)
	}
	pool, ok := q.on(ctx).(*sql.DB)
	if !ok {
		return queryEach(ctx, q, fn, query, args...)
	}
	counted(ctx)
	started, err := nativeEach(ctx, pool, fn, q.db.rebind(query), args)
	if err != nil && !started && querier(pool) != q.q && ctx.Err() == nil {
		q.db.markDown(pool)
		if primary, ok := q.q.(*sql.DB); ok {
			_, err = nativeEach(ctx, primary, fn, q.db.rebind(query), args)
		}
	}
	return err
}

// nativeEach runs query on a connection of pool through pgx and calls fn
// on each row; started reports whether the statement got as far as rows
// (an error after that is not the connection's).
func nativeEach(ctx context.Context, pool *sql.DB, fn func(scanner) error, query string, args []any) (started bool, err error) {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: a %T is not a pgx connection", dc)
		}
		rows, err := c.Conn().Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			started = true
			n++
			if err := fn(rows); err != nil {
				return fmt.Errorf("row %d: %w", n, err)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("after row %d: %w", n, err)
		}
		started = true
		return nil
	})
	return started, err
}
