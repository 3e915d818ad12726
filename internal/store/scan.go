package store

import (
	"context"
	"fmt"
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
