package bulletin

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// RankAsk is a rank among other areas an item states: the fact it fills
// (Facts.Rank[Fact]) and the figure query, with its Scope, it is read from.
// A rank moves with every area of the scope, so it is read afresh every
// time while the zone's own facts are kept (itemCache).
type RankAsk struct {
	Fact  string
	Query indicator.Query
}

// withRanks returns facts with the ranks asks name, read now; facts' own
// maps are left as they were (they may be shared through the cache).
func withRanks(ctx context.Context, f Figures, a access.Actor, area zone.Area, facts Facts, asks []RankAsk) (Facts, error) {
	if len(asks) == 0 {
		return facts, nil
	}
	var ranks map[string]indicator.Rank
	for _, ask := range asks {
		fig, err := f.FigureIn(ctx, a, area, ask.Query)
		if err != nil {
			return Facts{}, err
		}
		if fig.Rank != nil && fig.Rank.Meaningful() {
			if ranks == nil {
				ranks = map[string]indicator.Rank{}
			}
			ranks[ask.Fact] = fig.Rank.Rank
		}
	}
	facts.Rank = ranks
	return facts, nil
}

// ownFacts is a contributor's facts of the zone's own data and the ranks
// among other areas it states.
func (c Contributor) ownFacts(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, []RankAsk, bool, error) {
	if c.Own != nil {
		return c.Own(ctx, f, a, area, p)
	}
	facts, ok, err := c.Facts(ctx, f, a, area, p)
	return facts, nil, ok, err
}

// ranked makes a contributor's Facts of its Own: the zone's facts with the
// ranks read now.
func ranked(module, key string, own func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, []RankAsk, bool, error)) Contributor {
	return Contributor{Module: module, Key: key, Own: own,
		Facts: func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
			facts, asks, ok, err := own(ctx, f, a, area, p)
			if err != nil || !ok {
				return Facts{}, ok, err
			}
			facts, err = withRanks(ctx, f, a, area, facts, asks)
			return facts, err == nil, err
		}}
}

// everyYear asks a zone's data version over all its years: a module's
// records are read for periods other than their own (a talent programme,
// an organisation's honours up to a year), and the store moves the zone's
// version for every year with a change to such a record.
const everyYear = math.MaxInt

// maxCachedItems bounds the item cache: 180 zones × a handful of modules
// × a few periods and readers' scopes.
const maxCachedItems = 8192

// itemCache keeps each zone's contributors' own facts (Contributor.Own)
// until the zone's data changes (indicator.ZoneVersioned.ZoneVersion over
// every year): after a change in one zone, the newspaper page reads only
// that zone's records again. Its zero value is ready.
type itemCache struct {
	mu      sync.Mutex
	entries map[itemKey]itemEntry

	hits, misses atomic.Uint64
}

// itemKey is everything a contributor's own facts depend on besides the
// zone's data: the contributor, zone and period, the reader's scope (what
// lists they see) and today (the items' dates, a project's timing).
type itemKey struct {
	module, key string
	zone        int64
	period      indicator.Period
	role        access.Role
	region      string
	userZone    int64
	ent         int64
	today       civil.Date
}

type itemEntry struct {
	ver   uint64
	facts Facts
	asks  []RankAsk
	ok    bool
}

// ownFacts answers c's own facts of area for p from the cache when the
// zone's data has not changed since they were read, else reads them and
// keeps them. The version is read before the facts, so facts that may
// predate a change are never kept as current. Callers must not modify the
// facts' maps.
func (s *Service) ownFacts(ctx context.Context, c Contributor, a access.Actor, area zone.Area, p indicator.Period) (Facts, []RankAsk, bool, error) {
	ic := &s.itemCache
	if s.Versions == nil {
		ic.misses.Add(1)
		return c.ownFacts(ctx, s.Figures, a, area, p)
	}
	v, known := s.Versions.ZoneVersion(area.ID, everyYear)
	if !known {
		ic.misses.Add(1)
		return c.ownFacts(ctx, s.Figures, a, area, p)
	}
	k := itemKey{module: c.Module, key: c.Key, zone: area.ID, period: p, role: a.Role, region: a.RegionCode,
		userZone: a.ZoneID, ent: a.EnterpriseID, today: s.Figures.Today()}
	ic.mu.Lock()
	e, ok := ic.entries[k]
	ic.mu.Unlock()
	if ok && e.ver == v {
		ic.hits.Add(1)
		return e.facts, e.asks, e.ok, nil
	}
	ic.misses.Add(1)
	facts, asks, has, err := c.ownFacts(ctx, s.Figures, a, area, p)
	if err != nil {
		return Facts{}, nil, false, err
	}
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if e, ok := ic.entries[k]; ok && e.ver > v {
		return facts, asks, has, nil // another read kept facts of a later version
	}
	if ic.entries == nil || len(ic.entries) >= maxCachedItems {
		ic.entries = map[itemKey]itemEntry{}
	}
	ic.entries[k] = itemEntry{ver: v, facts: facts, asks: asks, ok: has}
	return facts, asks, has, nil
}

// ItemStats reports how many contributors' own facts were answered from
// the item cache and how many were read (with the cache or without it:
// no versions, or versions not known at the time), for tests and /metrics.
func (s *Service) ItemStats() (hits, misses uint64) {
	return s.itemCache.hits.Load(), s.itemCache.misses.Load()
}
