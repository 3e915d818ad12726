package indicator

import (
	"context"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/zone"
)

// Comparison sets the areas of one scope side by side on several
// indicators: the city view. Rows follow the rank on the first indicator.
type Comparison struct {
	Scope    Scope
	Region   string
	RegionEN string
	Period   Period
	Columns  []Definition
	Rows     []ComparisonRow
}

// ComparisonRow is one area's line; Cells follow Columns.
type ComparisonRow struct {
	Area    zone.Area
	Visible bool
	Cells   []RankEntry
}

// Compare ranks the areas of scope around the area slug names on each of ids
// over p (CompareRegion does the same from a region code).
func (s *Service) Compare(ctx context.Context, a access.Actor, scope Scope, slug string, ids []string, p Period) (Comparison, error) {
	area, err := s.Area(ctx, a, slug)
	if err != nil {
		return Comparison{}, err
	}
	return s.compare(ctx, a, scope, area, ids, p)
}

// CompareCity is Compare for every area of a city, by its code. A city the
// actor sees no area of is NotFound.
func (s *Service) CompareCity(ctx context.Context, a access.Actor, cityCode string, ids []string, p Period) (Comparison, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Comparison{}, err
	}
	zones, err := s.Store.ListAreas(ctx, a, "")
	if err != nil {
		return Comparison{}, err
	}
	for _, z := range zones {
		if z.CityCode == cityCode {
			return s.compare(ctx, a, ScopeCity, z, ids, p)
		}
	}
	return Comparison{}, errs.NotFoundf("indicator.entity.region")
}

func (s *Service) compare(ctx context.Context, a access.Actor, scope Scope, area zone.Area, ids []string, p Period) (Comparison, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Comparison{}, err
	}
	c := Comparison{Scope: scope, Period: p}
	cache := peerCache{}
	index := map[int64]int{}
	for _, id := range ids {
		def, ok := s.Catalog.Get(id, p.To.Year())
		if !ok {
			continue
		}
		r, err := s.rankIn(ctx, a, area, scope, id, Total, p, cache)
		if err != nil {
			return Comparison{}, err
		}
		c.Region, c.RegionEN = r.placing.Region, r.placing.RegionEN
		col := len(c.Columns)
		c.Columns = append(c.Columns, def)
		for _, e := range r.entries {
			i, ok := index[e.Area.ID]
			if !ok {
				i = len(c.Rows)
				index[e.Area.ID] = i
				c.Rows = append(c.Rows, ComparisonRow{Area: e.Area, Visible: e.Visible})
			}
			row := &c.Rows[i]
			for len(row.Cells) < col {
				row.Cells = append(row.Cells, RankEntry{Area: e.Area, Visible: e.Visible})
			}
			row.Cells = append(row.Cells, e)
		}
	}
	return c, nil
}

// NationalView is the Torch Center's view: the single lists of the national
// evaluation over a period, and the composite of them.
type NationalView struct {
	Evaluation Evaluation
	Period     Period
	Lists      []RankingResult
	// Composite is the ranked zones (Value is the weighted score, a
	// fraction of 1), then the zones with data on some lists but not all,
	// unranked, each with the lists it lacks (RankEntry.Missing).
	Composite []RankEntry
}

// National ranks every national zone on each single list of evaluation e
// over p, and overall by e's weights. Values of zones outside the actor's
// scope are hidden; positions are not.
func (s *Service) National(ctx context.Context, a access.Actor, e Evaluation, p Period) (NationalView, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return NationalView{}, err
	}
	v := NationalView{Evaluation: e, Period: p}
	peers, err := s.Store.Peers(ctx, a, ScopeNational, zone.Area{})
	if err != nil {
		return NationalView{}, err
	}
	ids := make([]int64, len(peers))
	byID := map[int64]Peer{}
	for i, pe := range peers {
		ids[i] = pe.Area.ID
		byID[pe.Area.ID] = pe
	}
	multi := s.Store.Multi(ids)
	values := map[string][]Entry[int64]{}
	for _, l := range e.Lists {
		def, ok := s.Catalog.Get(l.Indicator, p.To.Year())
		if !ok {
			continue
		}
		vals, err := s.Catalog.Values(ctx, multi, l.Indicator, Total, p)
		if err != nil {
			return NationalView{}, err
		}
		entries := make([]Entry[int64], len(peers))
		for i, pe := range peers {
			entries[i] = Entry[int64]{Area: pe.Area.ID, Value: vals[pe.Area.ID]}
			if _, has := vals[pe.Area.ID]; has {
				values[l.Key] = append(values[l.Key], entries[i])
			}
		}
		rs, err := RankAll(entries, l.Order, func(id int64) bool { _, ok := vals[id]; return ok })
		if err != nil {
			return NationalView{}, err
		}
		res := RankingResult{Def: def, Scope: ScopeNational, Period: p}
		for _, r := range rs {
			pe := byID[r.Area]
			_, has := vals[r.Area]
			en := RankEntry{Area: pe.Area, Has: has, Visible: pe.Visible, Rank: r.Rank}
			if pe.Visible {
				en.Value = r.Value
			}
			res.Entries = append(res.Entries, en)
		}
		v.Lists = append(v.Lists, res)
	}
	comp, incomplete, err := Composite(e, values)
	if err != nil {
		return NationalView{}, err
	}
	for _, r := range comp {
		pe := byID[r.Area]
		en := RankEntry{Area: pe.Area, Has: true, Visible: pe.Visible, Rank: r.Rank}
		if pe.Visible {
			en.Value = r.Value
		}
		v.Composite = append(v.Composite, en)
	}
	// Zones without data on some list follow, unranked, naming what they
	// lack; zones without data on any list are not part of it at all.
	missing := map[int64][]string{}
	for _, in := range incomplete {
		missing[in.Area] = in.Missing
	}
	for _, pe := range peers {
		if m, ok := missing[pe.Area.ID]; ok {
			v.Composite = append(v.Composite, RankEntry{Area: pe.Area, Visible: pe.Visible, Missing: m})
		}
	}
	return v, nil
}
