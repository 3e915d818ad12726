package store

import (
	"context"
	"sync/atomic"
)

// QueryCounter counts the statements run through a DB's queriers (Q) for
// a context that carries it: what a page costs in round trips, for
// benchmarks and tests (CountQueries).
type QueryCounter struct{ n atomic.Int64 }

// N is how many statements have been counted.
func (c *QueryCounter) N() int64 { return c.n.Load() }

type queryCounterKey struct{}

// CountQueries returns ctx carrying a fresh counter of the statements run
// for it.
func CountQueries(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{}
	return context.WithValue(ctx, queryCounterKey{}, c), c
}

// counted adds a statement to ctx's counter, if it has one.
func counted(ctx context.Context) {
	if c, ok := ctx.Value(queryCounterKey{}).(*QueryCounter); ok {
		c.n.Add(1)
	}
}
