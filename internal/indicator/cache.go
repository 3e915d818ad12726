package indicator

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
)

// Versioned is what a Cache checks its entries against: a number that
// changes whenever data figures are computed from may have changed (on any
// node), and whether it can be relied on now (store.DB.DataVersion).
type Versioned interface {
	DataVersion() (uint64, bool)
}

// DefaultCacheEntries bounds a Cache: a zone dashboard is a few tens of
// kilobytes, so the bound keeps it to tens of megabytes.
const DefaultCacheEntries = 2048

// Cache keeps computed figures, dashboards and rankings until the data
// version moves. Dashboards are read far more often than registrations
// change them: a cached answer costs no query at all, and any committed
// change to rollups, targets or areas — on any node — empties the cache
// before the next read sees it. The key holds everything an answer depends
// on: the question, the reader's scope (role, region, zone, enterprise;
// who the user is otherwise does not change what they see) and today's
// date (completion against time elapsed).
//
// Cached values are shared between requests: callers must not modify what
// the Service returns (they only render it).
type Cache struct {
	src Versioned
	max int

	mu      sync.Mutex
	version uint64
	entries map[cacheKey]any

	hits, misses atomic.Uint64
}

// NewCache returns a cache of at most max entries checked against src.
func NewCache(src Versioned, max int) *Cache {
	if max <= 0 {
		max = DefaultCacheEntries
	}
	return &Cache{src: src, max: max, entries: map[cacheKey]any{}}
}

// Stats reports hits and misses so far (for /metrics and tests).
func (c *Cache) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

type cacheKey struct {
	kind     string
	role     access.Role
	region   string
	zone     int64
	ent      int64
	today    civil.Date
	question string
}

func (c *Cache) get(k cacheKey, v uint64) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		return nil, false
	}
	x, ok := c.entries[k]
	return x, ok
}

func (c *Cache) put(k cacheKey, v uint64, x any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case v < c.version:
		return // computed before a change this cache has already seen
	case v > c.version:
		c.version = v
		clear(c.entries)
	}
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	c.entries[k] = x
}

// cached answers from s.Cache when it can, else computes with fn and keeps
// a successful answer. The version is read before computing, so an answer
// that may predate a change is never kept as current.
func cached[T any](s *Service, a access.Actor, kind string, question string, fn func() (T, error)) (T, error) {
	c := s.Cache
	if c == nil {
		return fn()
	}
	v, ok := c.src.DataVersion()
	if !ok {
		return fn()
	}
	k := cacheKey{kind: kind, role: a.Role, region: a.RegionCode, zone: a.ZoneID, ent: a.EnterpriseID,
		today: s.Today(), question: question}
	if x, ok := c.get(k, v); ok {
		c.hits.Add(1)
		return x.(T), nil
	}
	c.misses.Add(1)
	out, err := fn()
	if err == nil {
		c.put(k, v, out)
	}
	return out, err
}

// question renders a cache key's question part, unambiguously (Go syntax,
// strings quoted).
func question(parts ...any) string { return fmt.Sprintf("%#v", parts) }
