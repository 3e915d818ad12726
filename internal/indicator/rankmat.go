package indicator

import (
	"context"
	"sync"
)

// matKey names a ranking materialisation: one indicator (and split) over
// one period, for every area any question has asked about.
type matKey struct {
	id  string
	dim DimKey
	p   Period
}

// rankMat is the values of one indicator over one period, per area, each
// kept with the zone version it was read at (Cache.mats).
type rankMat struct {
	mu   sync.Mutex
	vals map[int64]matValue
}

type matValue struct {
	ver uint64
	v   Frac
	has bool
}

// maxMats bounds the materialisations a Cache keeps; past it they are
// dropped and built again as asked.
const maxMats = 512

func (c *Cache) mat(k matKey) *rankMat {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.mats[k]
	if m == nil {
		if len(c.mats) >= maxMats {
			clear(c.mats)
		}
		m = &rankMat{vals: map[int64]matValue{}}
		c.mats[k] = m
	}
	return m
}

// peerValues evaluates indicator id over p for areas, as Catalog.Values
// does: with a cache that knows what changed, from the indicator's
// materialisation, reading again only the areas whose data changed since.
func (s *Service) peerValues(ctx context.Context, id string, dim DimKey, p Period, areas []int64) (map[int64]Frac, error) {
	c := s.Cache
	if c == nil || c.zones == nil {
		return s.Catalog.Values(ctx, s.Store.Multi(areas), id, dim, p)
	}
	year := p.To.Year()
	vers := make([]uint64, len(areas))
	for i, a := range areas {
		v, ok := c.zones.ZoneVersion(a, year)
		if !ok {
			return s.Catalog.Values(ctx, s.Store.Multi(areas), id, dim, p)
		}
		vers[i] = v
	}
	m := c.mat(matKey{id, dim, p})
	var stale []int64
	staleVer := map[int64]uint64{}
	m.mu.Lock()
	for i, a := range areas {
		if e, ok := m.vals[a]; !ok || e.ver < vers[i] {
			if _, dup := staleVer[a]; !dup {
				stale = append(stale, a)
			}
			staleVer[a] = vers[i]
		}
	}
	m.mu.Unlock()
	if len(stale) > 0 {
		// The versions were read before the values: a change meanwhile
		// leaves them older than the zone's version, read again next time.
		got, err := s.Catalog.Values(ctx, s.Store.Multi(stale), id, dim, p)
		if err != nil {
			return nil, err
		}
		m.mu.Lock()
		for _, a := range stale {
			ver := staleVer[a]
			if e, ok := m.vals[a]; ok && e.ver > ver {
				continue // another reader stored a newer value
			}
			v, has := got[a]
			m.vals[a] = matValue{ver: ver, v: v, has: has}
		}
		m.mu.Unlock()
	}
	out := make(map[int64]Frac, len(areas))
	m.mu.Lock()
	for _, a := range areas {
		if e := m.vals[a]; e.has {
			out[a] = e.v
		}
	}
	m.mu.Unlock()
	return out, nil
}
