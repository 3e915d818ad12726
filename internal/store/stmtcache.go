package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCacheMax bounds the statements one pool keeps prepared. The queries
// are the store's own texts, a few hundred at most; list filters and IN
// lists make more shapes, and past the bound those run unprepared as before.
// Entries are never evicted: a statement another goroutine has just taken
// from the cache must not be closed under it.
const stmtCacheMax = 512

// stmtCache keeps SQLite statements prepared, one per query text and pool.
// The SQLite driver otherwise parses and plans every query on every call,
// which costs more than running a point query; database/sql prepares a
// cached statement lazily on each connection of the pool it is used on.
// PostgreSQL needs none of this: pgx keeps its own per-connection cache.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for query, or nil when it cannot be
// cached (the cache is full, or preparing failed: the caller then runs the
// query directly and reports whatever error that gives).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m) >= stmtCacheMax {
		return nil
	}
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.m[query] = st
	return st
}

// close closes every cached statement (before the pool is closed).
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
