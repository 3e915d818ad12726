package indicator

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/zone"
)

// Scope is the set of areas a zone is ranked among.
type Scope string

const (
	// ScopeCity: every area of the zone's city, zones and counties/districts
	// alike (the page's "居淄博市首位").
	ScopeCity Scope = "city"
	// ScopeProvince: every area of the zone's province.
	ScopeProvince Scope = "province"
	// ScopeNational: the national high-tech zones (the national evaluation).
	ScopeNational Scope = "national"
)

// Scopes lists the ranking scopes, narrowest first.
func Scopes() []Scope { return []Scope{ScopeCity, ScopeProvince, ScopeNational} }

// Key is the catalog key of the scope's name.
func (s Scope) Key() string { return "indicator.scope." + string(s) }

// ParseScope reads a scope; "" is the city.
func ParseScope(s string) (Scope, error) {
	if s == "" {
		return ScopeCity, nil
	}
	if !slices.Contains(Scopes(), Scope(s)) {
		return "", errs.Fields{"scope": errs.M("indicator.error.scope", s)}.Err()
	}
	return Scope(s), nil
}

// Target is the annual target a city or province set for a zone on one
// indicator (下达目标任务), in the indicator's unit.
type Target struct {
	ZoneID    int64     `json:"zone_id"`
	Indicator string    `json:"indicator"`
	Year      int       `json:"year"`
	Value     int64     `json:"value"`
	SetBy     int64     `json:"set_by,omitempty"`
	SetByName string    `json:"set_by_name"`
	SetAt     time.Time `json:"set_at"`
}

// Statistic is one entered figure: a flow over a period (stored in the
// rollups at the period's last month) or a stock held at the end of a month
// (Period is then that one month).
type Statistic struct {
	ID            int64     `json:"id"`
	ZoneID        int64     `json:"zone_id"`
	Indicator     string    `json:"indicator"`
	Period        Period    `json:"period"`
	Value         int64     `json:"value"`
	Note          string    `json:"note,omitempty"` // why an outlier is right; "(示例)" on illustrative demo entries
	EnteredBy     int64     `json:"entered_by,omitempty"`
	EnteredByName string    `json:"entered_by_name"`
	EnteredAt     time.Time `json:"entered_at"`
}

// PrefetchQuery is what a dashboard reads of one area in one statement:
// each part is a range of the rollups' primary key.
type PrefetchQuery struct {
	Sums   []string        // stored flows: their Total rows from Floor to To
	Stocks []string        // stored stocks: every Total row up to To (the latest may be years old)
	Floor  YM              // the earliest month the dashboard's questions about Sums reach
	To     YM              // the period's last month
	Splits []BreakdownSpec // breakdowns: sums of each value of the dimension over [From, To]
	From   YM              // the period's first month
	// Targets is the year whose targets of the area are read along (0:
	// none); the Reader is then a *Snapshot holding them (Targets). Each
	// holds all but SetAt.
	Targets int
}

// Peer is one area of a ranking scope, and whether the reader may see its
// figures (the store decides, with the same scope rules as every read).
type Peer struct {
	Area    zone.Area
	Visible bool
}

// Store is what the service needs from storage. Reads take the actor and are
// narrowed to its scope, except Reader and Multi, which read rollups of areas
// the service has already found visible (Reader) or ranks without showing
// (Multi: the service shows only Visible peers' values).
type Store interface {
	AreaBySlug(ctx context.Context, a access.Actor, slug string) (zone.Area, error)
	ListAreas(ctx context.Context, a access.Actor, kind string) ([]zone.Area, error)
	// Peers lists the areas of scope around area (area is ignored for ScopeNational).
	Peers(ctx context.Context, a access.Actor, scope Scope, area zone.Area) ([]Peer, error)
	Reader(areaID int64) Reader
	// Prefetch reads, in one query, what q names of the area (Total rows
	// and breakdown sums), and returns a Reader answering from them (and
	// from Reader for anything else: a question reaching before q.Floor).
	Prefetch(ctx context.Context, areaID int64, q PrefetchQuery) (Reader, error)
	Multi(areaIDs []int64) MultiSource
	// LatestMonth is the latest month up to to in which any of the areas
	// has an unsplit row of any of the stored indicators ids.
	LatestMonth(ctx context.Context, areaIDs []int64, ids []string, to YM) (YM, bool, error)
	// FirstMonth is the earliest month in which any of the areas has an
	// unsplit row of any of the stored indicators ids.
	FirstMonth(ctx context.Context, areaIDs []int64, ids []string) (YM, bool, error)

	Targets(ctx context.Context, a access.Actor, zoneID int64, year int) ([]Target, error)
	PutTarget(ctx context.Context, a access.Actor, t Target) (Target, error)
	DeleteTarget(ctx context.Context, a access.Actor, zoneID int64, id string, year int) error

	// PutStatistic stores s and its rollup in one transaction; an entry for
	// exactly the same period replaces the earlier one (replaced is true),
	// an overlapping flow is a Conflict.
	PutStatistic(ctx context.Context, a access.Actor, s Statistic) (out Statistic, replaced bool, err error)
	// Statistics lists a page of an area's entries whose period ends in
	// year, by indicator, then period end, then id; p.Limit is a page size.
	Statistics(ctx context.Context, a access.Actor, zoneID int64, year int, p paging.Request) (paging.Page[Statistic], error)
	// DeleteStatistic removes an entry the actor sees, with its rollup row.
	DeleteStatistic(ctx context.Context, a access.Actor, id int64) (Statistic, error)
}

// Service answers what a zone, a city bureau and the Torch Center ask of the
// figures: a value with its year-on-year change, target completion and rank;
// rankings; dashboards; and it sets targets and takes entered statistics.
type Service struct {
	Store   Store
	Catalog *Catalog
	Policy  *access.Policy
	Now     func() time.Time
	// Cache, when set, keeps figures, dashboards and rankings until the
	// data behind them changes (cache.go).
	Cache *Cache
	// Rankings, when set, keeps the values rankings are made of, read
	// again per zone as zones change (rankmat.go).
	Rankings *Rankings
}

// Today is the service's date in China, in which "this year" is read.
func (s *Service) Today() civil.Date { return civil.Today(s.Now()) }

// Area returns an area the actor may read figures of.
func (s *Service) Area(ctx context.Context, a access.Actor, slug string) (zone.Area, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return zone.Area{}, err
	}
	return s.Store.AreaBySlug(ctx, a, slug)
}

// Zones lists the high-tech zones the actor may read figures of.
func (s *Service) Zones(ctx context.Context, a access.Actor) ([]zone.Area, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.ListAreas(ctx, a, zone.KindZone)
}

// Query asks for one indicator of one area.
type Query struct {
	Indicator string
	Dim       DimKey
	Period    Period
	Scope     Scope // the scope to rank in; "" for no rank
}

// Placing is an area's rank in one scope.
type Placing struct {
	Scope    Scope  `json:"scope"`
	Region   string `json:"region,omitempty"` // the city or province name; "" for national
	RegionEN string `json:"region_en,omitempty"`
	Rank     Rank   `json:"rank"`      // zero (not Valid) when the area has no data for the period
	WithData int    `json:"with_data"` // areas of the scope that have figures for the period (= Rank.Of)
}

// Meaningful reports whether the rank says something: the area has data
// and at least one other area of the scope has too. Ranking first alone
// (counties whose contracts are registered elsewhere) is not news.
func (p Placing) Meaningful() bool { return p.Rank.Valid() && p.WithData >= 2 }

// Figure is one indicator of one area over a period, with everything a
// dashboard tile or a news item says about it.
type Figure struct {
	Def        Definition
	Area       zone.Area
	Period     Period
	Value      Frac
	Has        bool // the area has data for the period
	Prev       Frac
	HasPrev    bool // data for the same months a year earlier
	Change     Change
	Target     *Target   // the annual target of Period.To's year
	Completion *Frac     // Value ÷ Target
	Progress   *Progress // completion against time progress (TimeProgress, by days)
	Rank       *Placing  // when the query named a scope
	// AsOf is set when Value is an entered stock held on from an entry
	// before Period (or a ratio of one): the month of that entry. Such a
	// figure has no year-on-year change (Change is the zero Change).
	AsOf *YM
	// Problem says why Value is missing although rows exist: their sum does
	// not fit (IsOutOfRange). Nil otherwise.
	Problem *errs.Msg
}

// Figure evaluates q for the area slug names.
func (s *Service) Figure(ctx context.Context, a access.Actor, slug string, q Query) (Figure, error) {
	area, err := s.cachedArea(ctx, a, slug)
	if err != nil {
		return Figure{}, err
	}
	return s.FigureIn(ctx, a, area, q)
}

// cachedArea is Area, kept until areas change: by the figure cache, or
// without one by the rankings' materialisations.
func (s *Service) cachedArea(ctx context.Context, a access.Actor, slug string) (zone.Area, error) {
	if s.Cache == nil && s.Rankings != nil {
		return s.Rankings.scopeArea(ctx, s, a, slug)
	}
	return cached(s, a, "area", slug, depOnBase(), func() (zone.Area, error) {
		return s.Area(ctx, a, slug)
	})
}

// FigureIn evaluates q for an area the caller got from Area. The figure
// itself is kept until the area's data changes; its rank, when asked,
// is placed among the peers' values (rankIn), which change elsewhere.
func (s *Service) FigureIn(ctx context.Context, a access.Actor, area zone.Area, q Query) (Figure, error) {
	own := q
	own.Scope = ""
	f, err := cached(s, a, "figure-in", figureQuestion(area, own), depOnZone(area.ID, q.Period.To.Year()), func() (Figure, error) {
		return s.figureIn(ctx, a, area, own)
	})
	if err != nil || q.Scope == "" {
		return f, err
	}
	// The rank moves with every area of the scope: kept until any data
	// changes, then placed again from the materialisation.
	pl, err := cached(s, a, "figure-rank", string(q.Scope)+"|"+figureQuestion(area, own), depOnAll(), func() (Placing, error) {
		return s.placeIn(ctx, a, area, q.Scope, q.Indicator, q.Dim, q.Period, peerCache{})
	})
	if err != nil {
		return Figure{}, err
	}
	f.Rank = &pl
	return f, nil
}

// figureQuestion is FigureIn's cache question: the area (its version
// follows the area's data and every change to areas) and the query.
func figureQuestion(area zone.Area, q Query) string {
	return strconv.FormatInt(area.ID, 10) + "|" + q.Indicator + "|" + string(q.Dim) + "|" + periodKey(q.Period)
}

// periodKey writes a period for a cache key.
func periodKey(p Period) string {
	return strconv.Itoa(int(p.From)) + "-" + strconv.Itoa(int(p.To)) + "-" + strconv.Itoa(int(p.Kind))
}

func (s *Service) figureIn(ctx context.Context, a access.Actor, area zone.Area, q Query) (Figure, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Figure{}, err
	}
	src, err := s.prefetchFor(ctx, area, []string{q.Indicator}, q.Period)
	if err != nil {
		return Figure{}, err
	}
	targets, err := s.targetsIn(ctx, a, area, q.Period.To.Year(), src)
	if err != nil {
		return Figure{}, err
	}
	return s.figure(ctx, a, area, q, targets, src, peerCache{})
}

// targetsIn is the area's targets of year by indicator: from src when it
// read them along with the rollups (prefetch), else from the store.
func (s *Service) targetsIn(ctx context.Context, a access.Actor, area zone.Area, year int, src Reader) (map[string]Target, error) {
	if sn, ok := src.(*Snapshot); ok {
		if list, ok := sn.Targets(year); ok {
			return targetsByIndicator(list), nil
		}
	}
	return s.targetMap(ctx, a, area, year)
}

func (s *Service) targetMap(ctx context.Context, a access.Actor, area zone.Area, year int) (map[string]Target, error) {
	list, err := s.Store.Targets(ctx, a, area.ID, year)
	if err != nil {
		return nil, err
	}
	return targetsByIndicator(list), nil
}

func targetsByIndicator(list []Target) map[string]Target {
	m := make(map[string]Target, len(list))
	for _, t := range list {
		m[t.Indicator] = t
	}
	return m
}

func (s *Service) figure(ctx context.Context, a access.Actor, area zone.Area, q Query, targets map[string]Target, src Reader, peers peerCache) (Figure, error) {
	if !q.Period.Valid() {
		return Figure{}, errs.Fields{"from": errs.M("indicator.error.period_format", q.Period.String())}.Err()
	}
	def, ok := s.Catalog.Get(q.Indicator, q.Period.To.Year())
	if !ok {
		return Figure{}, errs.NotFoundf("indicator.entity.indicator")
	}
	f := Figure{Def: def, Area: area, Period: q.Period}
	var err error
	// A sum out of range spoils this figure only: it is shown as missing,
	// with the reason.
	if f.Value, f.Has, err = s.Catalog.Value(ctx, src, q.Indicator, q.Dim, q.Period); IsOutOfRange(err) {
		f.Value, f.Has, f.Problem = Frac{}, false, errMsg(err)
	} else if err != nil {
		return Figure{}, err
	}
	if f.Prev, f.HasPrev, err = s.Catalog.Value(ctx, src, q.Indicator, q.Dim, q.Period.Previous()); IsOutOfRange(err) {
		f.Prev, f.HasPrev = Frac{}, false
	} else if err != nil {
		return Figure{}, err
	}
	f.Change = YoYFrac(f.Value, f.Prev)
	if f.Has {
		m, stale, err := s.Catalog.AsOf(ctx, src, q.Indicator, q.Dim, q.Period)
		if err != nil {
			return Figure{}, err
		}
		if stale {
			f.AsOf, f.Change = &m, Change{}
		}
	}
	if t, ok := targets[q.Indicator]; ok && q.Dim == Total && f.Value.IsWhole() && f.Problem == nil {
		f.Target = &t
		if pr, ok := ProgressOf(f.Value.Num, t.Value, q.Period, s.Today()); ok {
			f.Completion, f.Progress = &pr.Completion, &pr
		}
	}
	if q.Scope != "" {
		pl, err := s.placeIn(ctx, a, area, q.Scope, q.Indicator, q.Dim, q.Period, peers)
		if err != nil {
			return Figure{}, err
		}
		f.Rank = &pl
	}
	return f, nil
}

// RankEntry is one area's line in a ranking. Value is zero and Visible false
// for areas whose figures the reader may not see; their position still shows.
// An area without data (Has false) comes after the ranked ones with the zero
// Rank: it is listed as 暂无数据, never ranked.
type RankEntry struct {
	Area    zone.Area
	Value   Frac
	Has     bool // the area has data for the period
	Visible bool
	Rank    Rank
	// Missing names the single lists (List.Key) an area left out of a
	// composite ranking has no data on.
	Missing []string
}

// RankingResult is one indicator ranked over a scope.
type RankingResult struct {
	Def     Definition
	Scope   Scope
	Region  string
	Period  Period
	Dim     DimKey
	Entries []RankEntry
	// Of is the area the ranking was asked around (zero for a national
	// ranking asked without one) and its placing.
	Of      zone.Area
	Placing *Placing
}

type ranked struct {
	entries []RankEntry
	placing Placing
}

// Ranking ranks every area of scope around the area slug names (optional
// for ScopeNational) by indicator id over p. It is kept until any data
// changes, and then made again from the indicator's materialisation
// (peerValues), which reads only the areas that changed.
func (s *Service) Ranking(ctx context.Context, a access.Actor, id string, dim DimKey, scope Scope, slug string, p Period) (RankingResult, error) {
	return cached(s, a, "ranking", question(id, dim, scope, slug, p), depOnAll(), func() (RankingResult, error) {
		return s.ranking(ctx, a, id, dim, scope, slug, p)
	})
}

func (s *Service) ranking(ctx context.Context, a access.Actor, id string, dim DimKey, scope Scope, slug string, p Period) (RankingResult, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return RankingResult{}, err
	}
	var area zone.Area
	if slug != "" || scope != ScopeNational {
		if slug == "" {
			return RankingResult{}, errs.Fields{"area": errs.M("error.required")}.Err()
		}
		var err error
		if area, err = s.Store.AreaBySlug(ctx, a, slug); err != nil {
			return RankingResult{}, err
		}
	}
	def, ok := s.Catalog.Get(id, p.To.Year())
	if !ok {
		return RankingResult{}, errs.NotFoundf("indicator.entity.indicator")
	}
	r, err := s.rankIn(ctx, a, area, scope, id, dim, p, peerCache{})
	if err != nil {
		return RankingResult{}, err
	}
	out := RankingResult{Def: def, Scope: scope, Region: r.placing.Region, Period: p, Dim: dim, Entries: r.entries, Of: area}
	if area.ID != 0 {
		out.Placing = &r.placing
	}
	return out, nil
}

// peerCache keeps the peers of each scope for one request: a dashboard
// ranks several indicators among the same areas.
type peerCache map[Scope][]Peer

func (s *Service) peers(ctx context.Context, a access.Actor, scope Scope, area zone.Area, cache peerCache) ([]Peer, error) {
	if p, ok := cache[scope]; ok {
		return p, nil
	}
	// Kept until areas change: which areas a scope holds, and which of
	// them the reader sees (the key holds the reader's scope).
	region := ""
	switch scope {
	case ScopeCity:
		region = area.CityCode
	case ScopeProvince:
		region = area.ProvinceCode
	}
	var p []Peer
	var err error
	if s.Rankings != nil {
		p, err = s.Rankings.scopePeers(ctx, s, a, scope, region, area)
	} else {
		p, err = cached(s, a, "peers", string(scope)+"|"+region, depOnBase(), func() ([]Peer, error) {
			return s.Store.Peers(ctx, a, scope, area)
		})
	}
	if err != nil {
		return nil, err
	}
	if cache != nil {
		cache[scope] = p
	}
	return p, nil
}

// rankIn ranks the peers of area in scope. Areas without data for the
// period are listed after the ranked ones, unranked (暂无数据): a county
// with no registrations neither ranks last at 0 nor counts in "共M个".
func (s *Service) rankIn(ctx context.Context, a access.Actor, area zone.Area, scope Scope, id string, dim DimKey, p Period, cache peerCache) (ranked, error) {
	peers, err := s.peers(ctx, a, scope, area, cache)
	if err != nil {
		return ranked{}, err
	}
	ids := make([]int64, len(peers))
	for i, pe := range peers {
		ids[i] = pe.Area.ID
	}
	vals, err := s.peerValues(ctx, id, dim, p, ids)
	if err != nil {
		return ranked{}, err
	}
	return rankAmong(peers, vals, area, scope)
}

// placeIn is rankIn for a caller that needs only area's placing (a
// dashboard's rank line, a figure's rank): the same rank, counted in one
// pass over the peers' values instead of ordering the whole scope.
func (s *Service) placeIn(ctx context.Context, a access.Actor, area zone.Area, scope Scope, id string, dim DimKey, p Period, cache peerCache) (Placing, error) {
	peers, err := s.peers(ctx, a, scope, area, cache)
	if err != nil {
		return Placing{}, err
	}
	ids := make([]int64, len(peers))
	for i, pe := range peers {
		ids[i] = pe.Area.ID
	}
	vals, err := s.peerValues(ctx, id, dim, p, ids)
	if err != nil {
		return Placing{}, err
	}
	return placeAmong(peers, vals, area, scope), nil
}

// placeAmong is rankAmong's placing without the ranking: the competition
// rank ("1224") of area among the peers that have a value, in descending
// order, and how many have one. An area without a value, or not among the
// peers, has the zero Rank. Peers name each area once (as Store.Peers
// lists them); rankAmong checks that, this does not.
func placeAmong(peers []Peer, vals map[int64]Frac, area zone.Area, scope Scope) Placing {
	pl := Placing{Scope: scope}
	switch scope {
	case ScopeCity:
		pl.Region, pl.RegionEN = area.CityName, area.CityNameEN
	case ScopeProvince:
		pl.Region, pl.RegionEN = area.ProvinceName, area.ProvinceEN
	}
	own, has := vals[area.ID]
	in := false
	above, tied := 0, false
	for _, pe := range peers {
		v, ok := vals[pe.Area.ID]
		if !ok {
			if pe.Area.ID == area.ID {
				in = true
			}
			continue
		}
		pl.WithData++
		if pe.Area.ID == area.ID {
			in = true
			continue
		}
		if has {
			switch c := v.Cmp(own); {
			case c > 0:
				above++
			case c == 0:
				tied = true
			}
		}
	}
	if in && has {
		pl.Rank = Rank{Position: above + 1, Of: pl.WithData, Tied: tied}
	}
	return pl
}

// rankAmong ranks peers by vals (areas without a value have no data) and
// places area among them.
func rankAmong(peers []Peer, vals map[int64]Frac, area zone.Area, scope Scope) (ranked, error) {
	entries := make([]Entry[int64], len(peers))
	byID := make(map[int64]Peer, len(peers))
	withData := 0
	for i, pe := range peers {
		v, ok := vals[pe.Area.ID]
		entries[i] = Entry[int64]{Area: pe.Area.ID, Value: v}
		byID[pe.Area.ID] = pe
		if ok {
			withData++
		}
	}
	rs, err := RankAll(entries, Desc, func(id int64) bool { _, ok := vals[id]; return ok })
	if err != nil {
		return ranked{}, err
	}
	out := ranked{entries: make([]RankEntry, len(rs))}
	for i, r := range rs {
		pe := byID[r.Area]
		_, has := vals[r.Area]
		e := RankEntry{Area: pe.Area, Has: has, Visible: pe.Visible, Rank: r.Rank}
		if pe.Visible {
			e.Value = r.Value
		}
		out.entries[i] = e
	}
	out.placing = Placing{Scope: scope, WithData: withData}
	switch scope {
	case ScopeCity:
		out.placing.Region, out.placing.RegionEN = area.CityName, area.CityNameEN
	case ScopeProvince:
		out.placing.Region, out.placing.RegionEN = area.ProvinceName, area.ProvinceEN
	}
	if rk, ok := RankOf(rs, area.ID); ok {
		out.placing.Rank = rk
	}
	return out, nil
}

// TargetLine is a targetable indicator of a zone for one year: the target if
// set and the completion so far.
type TargetLine struct {
	Def        Definition
	Target     *Target
	Value      Frac
	Has        bool
	Completion *Frac
	Progress   *Progress
	Period     Period // the months the value covers (the year so far)
	AsOf       *YM    // an entered stock held on from before Period: its entry's month
}

// Targetable reports whether targets may be set on d: stored indicators
// only, because a target is an integer in the indicator's unit.
func Targetable(d Definition) bool { return d.Stored() }

// TargetLines lists every targetable indicator for the zone and year with
// its target and completion to date: the whole year for a past year, January
// to the current month for this year (progress then against today's date).
func (s *Service) TargetLines(ctx context.Context, a access.Actor, slug string, year int) (zone.Area, []TargetLine, error) {
	area, err := s.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, nil, err
	}
	if year < MinYear || year > MaxYear {
		return area, nil, errs.Fields{"year": errs.M("indicator.error.year_range", year, MinYear, MaxYear)}.Err()
	}
	targets, err := s.targetMap(ctx, a, area, year)
	if err != nil {
		return area, nil, err
	}
	today := s.Today()
	p := Must(Year(year))
	if today.Year == year {
		p = Must(YTD(year, int(today.Month)))
	}
	future := today.Year < year
	src := s.Store.Reader(area.ID)
	var out []TargetLine
	for _, id := range s.byModule() {
		d, ok := s.Catalog.Get(id, year)
		if !ok || !Targetable(d) {
			continue
		}
		l := TargetLine{Def: d, Period: p}
		if t, ok := targets[id]; ok {
			l.Target = &t
		}
		if !future {
			v, has, err := s.Catalog.Value(ctx, src, id, Total, p)
			if IsOutOfRange(err) {
				v, has, err = Frac{}, false, nil
			}
			if err != nil {
				return area, nil, err
			}
			l.Value, l.Has = v, has
			if has {
				m, stale, err := s.Catalog.AsOf(ctx, src, id, Total, p)
				if err != nil {
					return area, nil, err
				}
				if stale {
					l.AsOf = &m
				}
			}
			if l.Target != nil && v.IsWhole() {
				if pr, ok := ProgressOf(v.Num, l.Target.Value, p, today); ok {
					l.Completion, l.Progress = &pr.Completion, &pr
				}
			}
		}
		out = append(out, l)
	}
	return area, out, nil
}

// byModule lists the catalog's IDs with the registry's first, then the
// entered statistics, then the other modules', each group alphabetical:
// the order forms and tables list indicators in.
func (s *Service) byModule() []string {
	rank := func(id string) int {
		switch {
		case strings.HasPrefix(id, "tech_contract."):
			return 0
		case strings.HasPrefix(id, SourceStat+"."):
			return 1
		}
		return 2
	}
	ids := s.Catalog.IDs()
	slices.SortStableFunc(ids, func(a, b string) int { return rank(a) - rank(b) })
	return ids
}

// SetTarget sets the annual target of a zone (city and province users, for
// zones of their region: others are Forbidden, zones outside the region
// NotFound).
func (s *Service) SetTarget(ctx context.Context, a access.Actor, slug, id string, year int, value int64) (Target, error) {
	area, def, err := s.targetCheck(ctx, a, slug, id, year)
	if err != nil {
		return Target{}, err
	}
	var f errs.Fields
	if value <= 0 {
		f.Add("value", "indicator.error.target_positive")
	}
	if def.Unit == UnitFen && value%100 != 0 {
		// Targets are set in yuan at the finest; fen targets are typing errors.
		f.Add("value", "indicator.error.target_whole_yuan")
	}
	if err := f.Err(); err != nil {
		return Target{}, err
	}
	return s.Store.PutTarget(ctx, a, Target{ZoneID: area.ID, Indicator: def.ID, Year: year, Value: value})
}

// DeleteTarget removes a target.
func (s *Service) DeleteTarget(ctx context.Context, a access.Actor, slug, id string, year int) error {
	area, def, err := s.targetCheck(ctx, a, slug, id, year)
	if err != nil {
		return err
	}
	return s.Store.DeleteTarget(ctx, a, area.ID, def.ID, year)
}

func (s *Service) targetCheck(ctx context.Context, a access.Actor, slug, id string, year int) (zone.Area, Definition, error) {
	if err := s.Policy.Allow(a, ActionTargetSet); err != nil {
		return zone.Area{}, Definition{}, err
	}
	area, err := s.Store.AreaBySlug(ctx, a, slug)
	if err != nil {
		return zone.Area{}, Definition{}, err
	}
	var f errs.Fields
	if area.Kind != zone.KindZone {
		f.Add("zone", "indicator.error.target_zone_only")
	}
	if year < MinYear || year > MaxYear {
		f.Add("year", "indicator.error.year_range", year, MinYear, MaxYear)
		return area, Definition{}, f.Err()
	}
	def, ok := s.Catalog.Get(id, year)
	switch {
	case !ok:
		return area, Definition{}, errs.NotFoundf("indicator.entity.indicator")
	case !Targetable(def):
		f.Add("indicator", "indicator.error.target_ratio", id)
	}
	return area, def, f.Err()
}

// EnterStatistic records an entered figure for an area over p. Only
// indicators whose source is "stat" take entries. A stock is held at the end
// of p, so it is recorded for p's last month alone.
func (s *Service) EnterStatistic(ctx context.Context, a access.Actor, slug, id string, p Period, value int64) (Statistic, bool, error) {
	return s.EnterStatisticNoted(ctx, a, slug, id, p, value, "")
}

// MaxNote is the longest reason an entry may carry, in characters.
const MaxNote = 500

// EnterStatisticNoted is EnterStatistic with a note: the reason an outlier
// (a value outside the indicator's soft range) is right, which such a value
// requires. A value outside the hard range is refused whatever the note.
func (s *Service) EnterStatisticNoted(ctx context.Context, a access.Actor, slug, id string, p Period, value int64, note string) (Statistic, bool, error) {
	if err := s.Policy.Allow(a, ActionStatEnter); err != nil {
		return Statistic{}, false, err
	}
	area, err := s.Store.AreaBySlug(ctx, a, slug)
	if err != nil {
		return Statistic{}, false, err
	}
	var f errs.Fields
	if !p.Valid() {
		f.Add("period", "indicator.error.period_format", p.String())
		return Statistic{}, false, f.Err()
	}
	if p.To > MonthOfDate(s.Today()) {
		f.Add("period", "indicator.error.stat_future", p.String())
	}
	def, ok := s.Catalog.Get(id, p.To.Year())
	switch {
	case !ok:
		f.Add("indicator", "indicator.error.unknown_indicator", id)
	case def.Source != SourceStat || !def.Stored():
		f.Add("indicator", "indicator.error.not_entered", id)
	}
	note = strings.TrimSpace(note)
	switch {
	case value < 0:
		f.Add("value", "indicator.error.stat_negative")
	case ok:
		r := def.PlausibleRange()
		hard, soft := r.Check(value)
		switch {
		case hard:
			f.Add("value", "indicator.error.stat_out_of_range", errs.M(def.NameKey),
				def.Unit.ValueLabel(value), def.Unit.ValueLabel(r.Min), def.Unit.ValueLabel(r.Max), errs.M(def.Unit.Key()))
		case soft && note == "":
			f.Add("note", "indicator.error.stat_outlier", errs.M(def.NameKey),
				def.Unit.ValueLabel(value), def.Unit.ValueLabel(r.SoftMin), def.Unit.ValueLabel(r.SoftMax), errs.M(def.Unit.Key()))
		}
	}
	if len([]rune(note)) > MaxNote {
		f.Add("note", "indicator.error.note_long", MaxNote)
	}
	if err := f.Err(); err != nil {
		return Statistic{}, false, err
	}
	if def.Agg == AggHeldOn {
		p = Must(Month(p.To.Year(), p.To.Month()))
	}
	return s.Store.PutStatistic(ctx, a, Statistic{ZoneID: area.ID, Indicator: id, Period: p, Value: value, Note: note})
}

// SourceStat is the Source of entered statistics.
const SourceStat = "stat"

// EnterableIDs lists the indicators that take entered statistics in year.
func (s *Service) EnterableIDs(year int) []Definition {
	var out []Definition
	for _, id := range s.byModule() {
		if d, ok := s.Catalog.Get(id, year); ok && d.Source == SourceStat && d.Stored() {
			out = append(out, d)
		}
	}
	return out
}

// Statistics lists a page of the entries of an area whose period ends in
// year, by indicator and period.
func (s *Service) Statistics(ctx context.Context, a access.Actor, slug string, year int, p paging.Request) (zone.Area, paging.Page[Statistic], error) {
	area, err := s.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, paging.Page[Statistic]{}, err
	}
	p.Limit = p.Size()
	list, err := s.Store.Statistics(ctx, a, area.ID, year, p)
	return area, list, err
}

// DeleteStatistic removes an entry (a mistyped period cannot be replaced
// by entering the right one, since the two would overlap).
func (s *Service) DeleteStatistic(ctx context.Context, a access.Actor, id int64) (Statistic, error) {
	if err := s.Policy.Allow(a, ActionStatEnter); err != nil {
		return Statistic{}, err
	}
	return s.Store.DeleteStatistic(ctx, a, id)
}

// LatestWithData finds the latest month up to to in which any of areas has
// data on any of the indicators ids (ratios by their operands): where a
// period has none, pages offer the period ending then instead of zeros.
// The caller has the areas from Area or Zones, so they are the actor's.
func (s *Service) LatestWithData(ctx context.Context, a access.Actor, areas []zone.Area, ids []string, to YM) (YM, bool, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return 0, false, err
	}
	areaIDs := make([]int64, len(areas))
	for i, ar := range areas {
		areaIDs[i] = ar.ID
	}
	return s.Store.LatestMonth(ctx, areaIDs, s.storedIDs(ids, Must(Month(to.Year(), to.Month()))), to)
}

// FirstWithData finds the earliest month in which any of areas has data on
// any of the indicators ids (ratios by their operands, as this year's
// catalog defines them): the month pickers offer no month before the
// year it falls in. The caller has the areas from Area or Zones.
func (s *Service) FirstWithData(ctx context.Context, a access.Actor, areas []zone.Area, ids []string) (YM, bool, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return 0, false, err
	}
	areaIDs := make([]int64, len(areas))
	for i, ar := range areas {
		areaIDs[i] = ar.ID
	}
	this := MonthOfDate(s.Today())
	return s.Store.FirstMonth(ctx, areaIDs, s.storedIDs(ids, Must(Month(this.Year(), this.Month()))))
}

// LatestPeriod is the period a page offers when its own has no data: the
// year to date of the latest month with data, or that whole year when the
// month is December.
func LatestPeriod(m YM) Period {
	if m.Month() == 12 {
		return Must(Year(m.Year()))
	}
	return Must(YTD(m.Year(), m.Month()))
}
