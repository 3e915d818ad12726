package indicator

import (
	"context"
	"sync"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/zone"
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

// maxMats bounds the materialisations Rankings keeps; past it they are
// dropped and built again as asked.
const maxMats = 512

// Rankings keeps the values rankings are made of: per indicator (and
// split) and period, every area's value that any question has needed,
// each with the zone version it was read at. Every zone that asks about
// the same indicator and period shares them, and a change in one zone has
// only that zone's value read again. They are not answers (which the
// Cache keeps): a ranking, a rank or a dashboard is still made afresh
// from them when not cached.
type Rankings struct {
	src   ZoneVersioned
	mu    sync.Mutex
	mats  map[matKey]*rankMat
	peers map[peersKey]baseKept[[]Peer]
	areas map[areaKey]baseKept[zone.Area]
}

// baseKept is a value kept until areas change: with the base version it
// was read at.
type baseKept[V any] struct {
	ver uint64
	v   V
}

// maxBaseKept bounds each map of baseKept values Rankings keeps.
const maxBaseKept = 4096

// keptUntilAreasChange answers k from m while the base version (areas,
// regions) has not moved since it was read, else reads it and keeps it; a
// failed read is not kept. Without a known version every call reads.
func keptUntilAreasChange[K comparable, V any](r *Rankings, m map[K]baseKept[V], k K, read func() (V, error)) (V, error) {
	v, ok := r.src.BaseVersion()
	if !ok {
		return read()
	}
	r.mu.Lock()
	e, hit := m[k]
	r.mu.Unlock()
	if hit && e.ver == v {
		return e.v, nil
	}
	x, err := read()
	if err != nil {
		return x, err
	}
	r.mu.Lock()
	if old, ok := m[k]; !ok || old.ver <= v {
		if len(m) >= maxBaseKept {
			clear(m)
		}
		m[k] = baseKept[V]{ver: v, v: x}
	}
	r.mu.Unlock()
	return x, nil
}

// areaKey is an area as one reader asks for it by its slug.
type areaKey struct {
	slug string
	role access.Role
	of   string // the reader's region
	zone int64  // the reader's zone
	ent  int64  // the reader's enterprise
}

// scopeArea returns the area slug names as the reader sees it, kept until
// areas change (as scopePeers): with the figure cache off, a dashboard or
// a figure still does not read the area again on every request. A refusal
// (not found, not visible) is not kept.
func (r *Rankings) scopeArea(ctx context.Context, s *Service, a access.Actor, slug string) (zone.Area, error) {
	k := areaKey{slug: slug, role: a.Role, of: a.RegionCode, zone: a.ZoneID, ent: a.EnterpriseID}
	return keptUntilAreasChange(r, r.areas, k, func() (zone.Area, error) { return s.Area(ctx, a, slug) })
}

// peersKey is a ranking scope around an area as one reader sees it.
type peersKey struct {
	scope  Scope
	region string // the scope's city or province code
	role   access.Role
	of     string // the reader's region
	zone   int64  // the reader's zone
	ent    int64  // the reader's enterprise
}

// scopePeers returns the peers of a scope as the reader sees them, kept
// until areas change: the list of areas a ranking is made over is read
// once, not on every request.
func (r *Rankings) scopePeers(ctx context.Context, s *Service, a access.Actor, scope Scope, region string, area zone.Area) ([]Peer, error) {
	k := peersKey{scope: scope, region: region, role: a.Role, of: a.RegionCode, zone: a.ZoneID, ent: a.EnterpriseID}
	return keptUntilAreasChange(r, r.peers, k, func() ([]Peer, error) { return s.Store.Peers(ctx, a, scope, area) })
}

// NewRankings returns materialisations checked against src, or nil when
// src cannot tell what changed (rankings then read every value afresh).
func NewRankings(src Versioned) *Rankings {
	z, ok := src.(ZoneVersioned)
	if !ok {
		return nil
	}
	return &Rankings{src: z, mats: map[matKey]*rankMat{}, peers: map[peersKey]baseKept[[]Peer]{}, areas: map[areaKey]baseKept[zone.Area]{}}
}

func (r *Rankings) mat(k matKey) *rankMat {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.mats[k]
	if m == nil {
		if len(r.mats) >= maxMats {
			clear(r.mats)
		}
		m = &rankMat{vals: map[int64]matValue{}}
		r.mats[k] = m
	}
	return m
}

// peerValues evaluates indicator id over p for areas, as Catalog.Values
// does: with s.Rankings, from the indicator's materialisation, reading
// again only the areas whose data changed since.
func (s *Service) peerValues(ctx context.Context, id string, dim DimKey, p Period, areas []int64) (map[int64]Frac, error) {
	c := s.Rankings
	if c == nil {
		return s.Catalog.Values(ctx, s.Store.Multi(areas), id, dim, p)
	}
	year := p.To.Year()
	vers := make([]uint64, len(areas))
	for i, a := range areas {
		v, ok := c.src.ZoneVersion(a, year)
		if !ok {
			return s.Catalog.Values(ctx, s.Store.Multi(areas), id, dim, p)
		}
		vers[i] = v
	}
	m := c.mat(matKey{id, dim, p})
	var stale []int64
	var staleVer map[int64]uint64 // made when an area is stale: usually none is
	m.mu.Lock()
	for i, a := range areas {
		if e, ok := m.vals[a]; !ok || e.ver < vers[i] {
			if staleVer == nil {
				staleVer = map[int64]uint64{}
			}
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
