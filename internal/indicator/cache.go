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

// ZoneVersioned is a Versioned that also tells what changed
// (store.DB): a cache over one gives each answer the narrowest version it
// depends on, so a change in one zone leaves the others' answers valid.
type ZoneVersioned interface {
	Versioned
	// BaseVersion moves when everything may have changed (areas,
	// regions, a lapse in watching other nodes).
	BaseVersion() (uint64, bool)
	// ZoneVersion moves when the data of the zone (an area id) in year or
	// an earlier year may have changed, and with BaseVersion.
	ZoneVersion(zone int64, year int) (uint64, bool)
}

// DefaultCacheEntries bounds a Cache: a zone dashboard is a few tens of
// kilobytes, so the bound keeps it to tens of megabytes.
const DefaultCacheEntries = 2048

// Cache keeps computed figures, dashboards and rankings until the data they
// depend on changes. Dashboards are read far more often than registrations
// change them: a cached answer costs no query at all. Each answer is kept
// with the version of what it depends on (dep): one zone's data up to a
// year (a figure, a dashboard's own part), the areas (an area, a ranking's
// peers), or everything (an answer over many areas) — with a source that
// is not a ZoneVersioned, everything always. Any committed change — on any
// node — to what an answer depends on moves that version before the next
// read sees it. The key holds everything an answer depends on besides the
// data: the question, the reader's scope (role, region, zone, enterprise;
// who the user is otherwise does not change what they see) and today's
// date (completion against time elapsed).
//
// Cached values are shared between requests: callers must not modify what
// the Service returns (they only render it).
type Cache struct {
	src   Versioned
	zones ZoneVersioned // src, when it tells what changed
	max   int

	mu      sync.Mutex
	entries map[cacheKey]cacheEntry

	hits, misses atomic.Uint64
}

// NewCache returns a cache of at most max entries checked against src.
func NewCache(src Versioned, max int) *Cache {
	if max <= 0 {
		max = DefaultCacheEntries
	}
	c := &Cache{src: src, max: max, entries: map[cacheKey]cacheEntry{}}
	c.zones, _ = src.(ZoneVersioned)
	return c
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

// depKind is what an answer depends on.
type depKind uint8

const (
	depAll  depKind = iota // any data
	depBase                // areas and regions only
	depZone                // one zone's data up to a year
)

// dep is what a cached answer depends on.
type dep struct {
	kind depKind
	zone int64
	year int
}

func depOnAll() dep                      { return dep{kind: depAll} }
func depOnBase() dep                     { return dep{kind: depBase} }
func depOnZone(zone int64, year int) dep { return dep{kind: depZone, zone: zone, year: year} }

type cacheEntry struct {
	dep dep
	ver uint64
	x   any
}

// version is the current version of d, and whether it can be relied on.
func (c *Cache) version(d dep) (uint64, bool) {
	if c.zones == nil {
		return c.src.DataVersion()
	}
	switch d.kind {
	case depBase:
		return c.zones.BaseVersion()
	case depZone:
		return c.zones.ZoneVersion(d.zone, d.year)
	}
	return c.src.DataVersion()
}

func (c *Cache) get(k cacheKey, d dep, v uint64) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.dep != d || e.ver != v {
		return nil, false
	}
	return e.x, true
}

func (c *Cache) put(k cacheKey, d dep, v uint64, x any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok && e.dep == d && e.ver > v {
		return // computed before a change an answer kept already has seen
	}
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	c.entries[k] = cacheEntry{dep: d, ver: v, x: x}
}

// cached answers from s.Cache when it can, else computes with fn and keeps
// a successful answer. The version of what the answer depends on is read
// before computing, so an answer that may predate a change is never kept
// as current.
func cached[T any](s *Service, a access.Actor, kind string, question string, d dep, fn func() (T, error)) (T, error) {
	c := s.Cache
	if c == nil {
		return fn()
	}
	v, ok := c.version(d)
	if !ok {
		return fn()
	}
	k := cacheKey{kind: kind, role: a.Role, region: a.RegionCode, zone: a.ZoneID, ent: a.EnterpriseID,
		today: s.Today(), question: question}
	if x, ok := c.get(k, d, v); ok {
		c.hits.Add(1)
		return x.(T), nil
	}
	c.misses.Add(1)
	out, err := fn()
	if err == nil {
		c.put(k, d, v, out)
	}
	return out, err
}

// question renders a cache key's question part, unambiguously (Go syntax,
// strings quoted).
func question(parts ...any) string { return fmt.Sprintf("%#v", parts) }
