package indicator

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"

	"github.com/innopark/innopark/internal/access"
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
func (s *Service) Dashboard(ctx context.Context, a access.Actor, slug string, p Period, spec DashboardSpec) (Dashboard, error) {
	return cached(s, a, "dashboard", question(slug, p, spec), func() (Dashboard, error) {
		return s.dashboard(ctx, a, slug, p, spec)
	})
}

func (s *Service) dashboard(ctx context.Context, a access.Actor, slug string, p Period, spec DashboardSpec) (Dashboard, error) {
	area, err := s.Area(ctx, a, slug)
	if err != nil {
		return Dashboard{}, err
	}
	targets, err := s.targetMap(ctx, a, area, p.To.Year())
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Area: area, Period: p}
	// One query reads every unsplit row the tiles and trends need; the
	// splits and the rankings are a query each.
	src, err := s.Store.Prefetch(ctx, area.ID, s.storedIDs(append(slices.Clone(spec.Headline), spec.Trends...), p), p.To)
	if err != nil {
		return Dashboard{}, err
	}
	peers := peerCache{}
	for _, id := range spec.Headline {
		if _, ok := s.Catalog.Get(id, p.To.Year()); !ok {
			continue
		}
		f, err := s.figure(ctx, a, area, Query{Indicator: id, Period: p}, targets, src, peers)
		if err != nil {
			return Dashboard{}, err
		}
		d.Figures = append(d.Figures, f)
	}
	tp := TrendPeriod(p)
	for _, id := range spec.Trends {
		def, ok := s.Catalog.Get(id, p.To.Year())
		if !ok || !def.Stored() {
			continue
		}
		t := Trend{Def: def, Period: tp}
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
	// The breakdowns and the rankings are independent queries: run them
	// side by side (on PostgreSQL each is a round trip; the SQLite reader
	// pool serves several at once). The peers of each scope are read first,
	// so the rankings share them without writing to peerCache.
	var breakdowns []BreakdownSpec
	for _, b := range spec.Breakdowns {
		def, ok := s.Catalog.Get(b.Indicator, p.To.Year())
		if ok && def.Agg == AggSum && def.HasDimension(b.Dim) {
			breakdowns = append(breakdowns, b)
		}
	}
	var ranked []Definition
	for _, id := range spec.Ranked {
		if def, ok := s.Catalog.Get(id, p.To.Year()); ok {
			ranked = append(ranked, def)
		}
	}
	if len(ranked) > 0 {
		for _, sc := range Scopes() {
			if _, err := s.peers(ctx, a, sc, area, peers); err != nil {
				return Dashboard{}, err
			}
		}
	}
	d.Breakdowns = make([]Breakdown, len(breakdowns))
	placings := make([][]Placing, len(ranked))
	var g group
	for i, b := range breakdowns {
		g.go_(func() error {
			def, _ := s.Catalog.Get(b.Indicator, p.To.Year())
			vals, err := src.Breakdown(ctx, b.Indicator, b.Dim, p)
			if err != nil {
				return err
			}
			d.Breakdowns[i] = MakeBreakdown(def, b.Dim, vals)
			return nil
		})
	}
	for i, def := range ranked {
		placings[i] = make([]Placing, len(Scopes()))
		for j, sc := range Scopes() {
			g.go_(func() error {
				r, err := s.rankIn(ctx, a, area, sc, def.ID, Total, p, peers)
				if err != nil {
					return err
				}
				placings[i][j] = r.placing
				return nil
			})
		}
	}
	if err := g.wait(); err != nil {
		return Dashboard{}, err
	}
	for i, def := range ranked {
		d.Ranks = append(d.Ranks, RankLine{Def: def, Placings: placings[i]})
	}
	return d, nil
}

// group runs functions concurrently and keeps the first error.
type group struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	err error
}

func (g *group) go_(fn func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	}()
}

func (g *group) wait() error {
	g.wg.Wait()
	return g.err
}

// storedIDs lists the stored indicators behind ids in the years of p and
// of the year before (ratios by their operands), for Prefetch.
func (s *Service) storedIDs(ids []string, p Period) []string {
	seen := map[string]bool{}
	var out []string
	var add func(id string, depth int)
	add = func(id string, depth int) {
		for _, y := range []int{p.To.Year(), p.To.Year() - 1, TrendPeriod(p).From.Year() - 1} {
			d, ok := s.Catalog.Get(id, y)
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

// MakeBreakdown orders a dimension's values, largest first (ties by code),
// and computes each one's share of their sum.
func MakeBreakdown(def Definition, dim string, vals map[string]int64) Breakdown {
	b := Breakdown{Def: def, Dim: dim}
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
	prefix := map[string]string{
		DimType: "contract.type.", DimCategory: "contract.category.", DimField: "contract.field.",
		DimSellerNature: "contract.nature.", DimBuyerNature: "contract.nature.", DimIPType: "contract.ip.",
		DimProgrammeLevel: "contract.programme.", DimSize: "indicator.size.",
		DimInvestStage: "invest.stage.", DimInvestOrigin: "invest.origin.", DimInvestMode: "invest.mode.",
		DimInvestIndustry: "invest.industry.", DimSizeBand: "invest.size_band.", DimFundKind: "invest.fund_kind.",
	}[dim]
	if prefix == "" {
		return ""
	}
	return prefix + code
}
