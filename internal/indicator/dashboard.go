package indicator

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/zone"
)

// DashboardSpec says what a zone dashboard shows. It is data so that later
// modules add their headline figures and charts without touching the code
// that draws them.
type DashboardSpec struct {
	Headline   []string        // indicator IDs shown as tiles, in order
	Trends     []string        // stored indicators charted month by month
	Breakdowns []BreakdownSpec // splits of one indicator by one dimension
	Ranked     []string        // indicators the zone's rank is shown for, in every scope
}

// BreakdownSpec is one breakdown chart.
type BreakdownSpec struct {
	Indicator string
	Dim       string
}

// DefaultDashboard is the dashboard of the technology-contract registry and
// the entered statistics.
func DefaultDashboard() DashboardSpec {
	return DashboardSpec{
		Headline: []string{TechContractCount, TechContractAmount, TechContractTechAmount,
			StatGrossOutput, StatHightechRevenue, StatRDIntensity, TechContractAmountPerPerson, StatEmployees},
		Trends: []string{TechContractCount, TechContractAmount},
		Breakdowns: []BreakdownSpec{
			{TechContractAmount, DimType}, {TechContractAmount, DimField}, {TechContractAmount, DimSellerNature},
		},
		Ranked: []string{TechContractAmount, TechContractCount},
	}
}

// Dashboard is a zone's figures for a period, everything read from rollups.
type Dashboard struct {
	Area       zone.Area
	Period     Period
	Figures    []Figure
	Trends     []Trend
	Breakdowns []Breakdown
	Ranks      []RankLine
}

// Trend is a stored indicator month by month over the trend period, with the
// same months a year earlier.
type Trend struct {
	Def     Definition
	Period  Period
	Months  []YM
	Cur     []int64
	HasCur  []bool
	Prev    []int64
	HasPrev []bool
}

// Breakdown is an indicator split by the values of one dimension, largest
// first, each with its share of the total.
type Breakdown struct {
	Def   Definition
	Dim   string
	Total int64
	Items []BreakdownItem
}

// BreakdownItem is one value of a dimension.
type BreakdownItem struct {
	Code  string // the dimension value ("DEV_ENTRUSTED", "01", Unclassified)
	Value int64
	Share Frac // Value ÷ Total (zero when Total is 0)
}

// RankLine is the zone's rank on one indicator in every scope.
type RankLine struct {
	Def      Definition
	Placings []Placing
}

// TrendPeriod is what a trend chart spans for period p: p itself when it
// covers at least three months, otherwise the twelve months ending with it,
// so a one-month dashboard still shows a line.
func TrendPeriod(p Period) Period {
	if p.Len() >= 3 {
		return p
	}
	return Period{From: p.To.Add(-11), To: p.To, Kind: KindCustom}
}

// Dashboard assembles the zone dashboard for the area slug names over p.
// The zone's own figures (tiles, trends, breakdowns) are kept until the
// zone's data changes; its ranks, which move with other areas' data too,
// until any data changes, and are then placed again from the rankings'
// materialisations (peerValues), which read only the areas that changed.
func (s *Service) Dashboard(ctx context.Context, a access.Actor, slug string, p Period, spec DashboardSpec) (Dashboard, error) {
	area, err := s.cachedArea(ctx, a, slug)
	if err != nil {
		return Dashboard{}, err
	}
	d, err := cached(s, a, "dashboard", dashboardQuestion(area, p, spec), depOnZone(area.ID, p.To.Year()), func() (Dashboard, error) {
		return s.dashboard(ctx, a, area, p, spec)
	})
	if err != nil || len(spec.Ranked) == 0 {
		return d, err
	}
	ranks, err := cached(s, a, "dashboard-ranks", dashboardQuestion(area, p, DashboardSpec{Ranked: spec.Ranked}), depOnAll(), func() ([]RankLine, error) {
		return s.dashboardRanks(ctx, a, area, p, spec.Ranked)
	})
	if err != nil {
		return Dashboard{}, err
	}
	d.Ranks = ranks
	return d, nil
}

// dashboardQuestion is a dashboard's cache question, without fmt (it is
// made on every request, cached or not).
func dashboardQuestion(area zone.Area, p Period, spec DashboardSpec) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(area.ID, 10))
	b.WriteByte('|')
	b.WriteString(periodKey(p))
	list := func(ids []string) {
		b.WriteByte('|')
		for _, id := range ids {
			b.WriteString(id)
			b.WriteByte(',')
		}
	}
	list(spec.Headline)
	list(spec.Trends)
	b.WriteByte('|')
	for _, x := range spec.Breakdowns {
		b.WriteString(x.Indicator)
		b.WriteByte(':')
		b.WriteString(x.Dim)
		b.WriteByte(',')
	}
	list(spec.Ranked)
	return b.String()
}

// dashboard is a zone's own part of its dashboard (everything but the
// ranks), read in one query: every unsplit row the tiles and trends need
// for both years, and the split rows of the breakdowns.
func (s *Service) dashboard(ctx context.Context, a access.Actor, area zone.Area, p Period, spec DashboardSpec) (Dashboard, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Dashboard{}, err
	}
	if !p.Valid() {
		return Dashboard{}, errs.Fields{"from": errs.M("indicator.error.period_format", p.String())}.Err()
	}
	d := Dashboard{Area: area, Period: p}
	year := p.To.Year()
	var breakdowns []BreakdownSpec
	for _, b := range spec.Breakdowns {
		def, ok := s.Catalog.def(b.Indicator, year)
		if ok && def.Agg == AggSum && def.HasDimension(b.Dim) {
			breakdowns = append(breakdowns, b)
		}
	}
	src, err := s.prefetch(ctx, area, append(slices.Clone(spec.Headline), spec.Trends...), p, breakdowns)
	if err != nil {
		return Dashboard{}, err
	}
	targets, err := s.targetsIn(ctx, a, area, year, src)
	if err != nil {
		return Dashboard{}, err
	}
	tp := TrendPeriod(p)
	d.Figures = make([]Figure, 0, len(spec.Headline))
	d.Trends = make([]Trend, 0, len(spec.Trends))
	for _, id := range spec.Headline {
		if _, ok := s.Catalog.def(id, year); !ok {
			continue
		}
		f, err := s.figure(ctx, a, area, Query{Indicator: id, Period: p}, targets, src, nil)
		if err != nil {
			return Dashboard{}, err
		}
		d.Figures = append(d.Figures, f)
	}
	for _, id := range spec.Trends {
		def, ok := s.Catalog.Get(id, year)
		if !ok || !def.Stored() {
			continue
		}
		t := Trend{Def: def, Period: tp, Months: make([]YM, 0, tp.Len())}
		for m := range tp.Months() {
			t.Months = append(t.Months, m)
		}
		if t.Cur, t.HasCur, err = s.Catalog.Series(ctx, src, id, Total, tp); err != nil {
			return Dashboard{}, err
		}
		if t.Prev, t.HasPrev, err = s.Catalog.Series(ctx, src, id, Total, tp.Previous()); err != nil {
			return Dashboard{}, err
		}
		d.Trends = append(d.Trends, t)
	}
	d.Breakdowns = make([]Breakdown, len(breakdowns))
	for i, b := range breakdowns {
		def, _ := s.Catalog.Get(b.Indicator, year)
		vals, err := src.Breakdown(ctx, b.Indicator, b.Dim, p)
		if err != nil {
			return Dashboard{}, err
		}
		d.Breakdowns[i] = MakeBreakdown(def, b.Dim, vals)
	}
	return d, nil
}

// dashboardRanks places the zone on each ranked indicator in every scope:
// the peers of the three scopes, and each indicator's values for all of
// them at once.
func (s *Service) dashboardRanks(ctx context.Context, a access.Actor, area zone.Area, p Period, ranked []string) ([]RankLine, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	var defs []Definition
	for _, id := range ranked {
		if def, ok := s.Catalog.Get(id, p.To.Year()); ok {
			defs = append(defs, def)
		}
	}
	if len(defs) == 0 {
		return nil, nil
	}
	scopes := Scopes()
	peers := make([][]Peer, len(scopes))
	n := 0
	for i, sc := range scopes {
		var err error
		if peers[i], err = s.peers(ctx, a, sc, area, nil); err != nil {
			return nil, err
		}
		n += len(peers[i])
	}
	union := make([]int64, 0, n)
	seen := make(map[int64]bool, n)
	for i := range scopes {
		for _, pe := range peers[i] {
			if !seen[pe.Area.ID] {
				seen[pe.Area.ID] = true
				union = append(union, pe.Area.ID)
			}
		}
	}
	out := make([]RankLine, 0, len(defs))
	for _, def := range defs {
		vals, err := s.peerValues(ctx, def.ID, Total, p, union)
		if err != nil {
			return nil, err
		}
		line := RankLine{Def: def, Placings: make([]Placing, len(scopes))}
		for j, sc := range scopes {
			line.Placings[j] = placeAmong(peers[j], vals, area, sc)
		}
		out = append(out, line)
	}
	return out, nil
}

// storedIDs lists the stored indicators behind ids in the years of p and
// of the year before (ratios by their operands), for Prefetch.
func (s *Service) storedIDs(ids []string, p Period) []string {
	seen := map[string]bool{}
	var out []string
	var add func(id string, depth int)
	add = func(id string, depth int) {
		for _, y := range []int{p.To.Year(), p.To.Year() - 1, TrendPeriod(p).From.Year() - 1} {
			d, ok := s.Catalog.def(id, y)
			switch {
			case !ok || depth > maxRatioDepth:
			case d.Stored():
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			default:
				add(d.Numerator, depth+1)
				add(d.Denominator, depth+1)
			}
		}
	}
	for _, id := range ids {
		add(id, 0)
	}
	return out
}

// prefetchFor reads in one statement the rows a figure of ids over p
// reads, and the area's targets (prefetch without breakdowns).
func (s *Service) prefetchFor(ctx context.Context, area zone.Area, ids []string, p Period) (Reader, error) {
	return s.prefetch(ctx, area, ids, p, nil)
}

// prefetch reads in one statement the rollups the figures of ids over p
// (the period and the year before, for YoY) and their trends (this and
// last year) reach, and the breakdowns' sums: flows from the earliest of
// those months, stocks whole (their latest entry may be years old), and
// the area's targets of p's year (targetsIn). Anything else the snapshot
// asks the store for.
func (s *Service) prefetch(ctx context.Context, area zone.Area, ids []string, p Period, breakdowns []BreakdownSpec) (Reader, error) {
	tp := TrendPeriod(p)
	q := PrefetchQuery{Floor: min(p.From.Add(-12), tp.Previous().From), To: p.To, Splits: breakdowns, From: p.From, Targets: p.To.Year()}
	for _, id := range s.storedIDs(ids, p) {
		if s.flowIn(id, p) {
			q.Sums = append(q.Sums, id)
		} else {
			q.Stocks = append(q.Stocks, id)
		}
	}
	return s.Store.Prefetch(ctx, area.ID, q)
}

// flowIn reports whether id is summed (AggSum) in every year storedIDs
// reads it for p: only then may its rows before the dashboard's months be
// left unread.
func (s *Service) flowIn(id string, p Period) bool {
	for _, y := range []int{p.To.Year(), p.To.Year() - 1, TrendPeriod(p).From.Year() - 1} {
		if d, ok := s.Catalog.def(id, y); ok && d.Agg != AggSum {
			return false
		}
	}
	return true
}

// MakeBreakdown orders a dimension's values, largest first (ties by code),
// and computes each one's share of their sum.
func MakeBreakdown(def Definition, dim string, vals map[string]int64) Breakdown {
	b := Breakdown{Def: def, Dim: dim, Items: make([]BreakdownItem, 0, len(vals))}
	for code, v := range vals {
		if v == 0 {
			continue
		}
		b.Items = append(b.Items, BreakdownItem{Code: code, Value: v})
		t, ok := AddChecked(b.Total, v)
		if !ok {
			t = math.MaxInt64 // only rows written around the service get here; shares stay below 1
		}
		b.Total = t
	}
	slices.SortFunc(b.Items, func(x, y BreakdownItem) int {
		if c := cmp.Compare(y.Value, x.Value); c != 0 {
			return c
		}
		return cmp.Compare(x.Code, y.Code)
	})
	for i := range b.Items {
		if sh, ok := Share(b.Items[i].Value, b.Total); ok {
			b.Items[i].Share = sh
		}
	}
	return b
}

// DimValueKey is the catalog key of a dimension value's name: the contract
// module's code lists for the contract dimensions, "" for a dimension whose
// values are shown as they are.
func DimValueKey(dim, code string) string {
	if code == Unclassified {
		return "indicator.dim.unclassified"
	}
	// A switch, not a map literal: this runs for every item of every
	// breakdown a dashboard shows.
	var prefix string
	switch dim {
	case DimType:
		prefix = "contract.type."
	case DimCategory:
		prefix = "contract.category."
	case DimField:
		prefix = "contract.field."
	case DimSellerNature, DimBuyerNature:
		prefix = "contract.nature."
	case DimIPType:
		prefix = "contract.ip."
	case DimProgrammeLevel:
		prefix = "contract.programme."
	case DimSize:
		prefix = "indicator.size."
	case DimInvestStage:
		prefix = "invest.stage."
	case DimInvestOrigin:
		prefix = "invest.origin."
	case DimInvestMode:
		prefix = "invest.mode."
	case DimInvestIndustry:
		prefix = "invest.industry."
	case DimSizeBand:
		prefix = "invest.size_band."
	case DimFundKind:
		prefix = "invest.fund_kind."
	}
	if prefix == "" {
		return ""
	}
	return prefix + code
}
