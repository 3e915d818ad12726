package bulletin

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/zone"
)

// Invest is what the investment items read of the investment module
// (invest.Service implements it).
type Invest interface {
	Projects(ctx context.Context, a access.Actor, f invest.Filter) (paging.Page[invest.Project], error)
	Trips(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[invest.Trip], error)
	Funds(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[invest.Fund], error)
}

// InvestContributors write the two items of the page's Qiqihar story: what
// the zone's investment work came to (trips with their destinations,
// visits, projects signed and in intent), and the largest companies
// registered with their capital and the largest government guiding fund set
// up in the period.
func InvestContributors(s Invest) []Contributor {
	return []Contributor{
		{Module: ModuleInvest, Key: "results", Facts: func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
			return investResults(ctx, s, f, a, area, p)
		}},
		{Module: ModuleInvest, Key: "capital", Facts: func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
			return investCapital(ctx, s, f, a, area, p)
		}},
	}
}

// maxDestinations is how many places an item names before "等地".
const maxDestinations = 3

// allPages reads every page of a list.
func allPages[T any](read func(paging.Request) (paging.Page[T], error)) ([]T, error) {
	var out []T
	req := paging.Request{Limit: paging.MaxLimit}
	for {
		page, err := read(req)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		req.Cursor = page.Next
	}
}

func investResults(ctx context.Context, s Invest, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
	facts := Facts{Zone: area.Name, City: area.CityName, Period: p, Date: f.Today(), N: map[string]int64{}, L: map[string][]string{}}
	for key, q := range map[string]indicator.Query{
		"trips":  {Indicator: indicator.InvestTrips, Period: p},
		"visits": {Indicator: indicator.InvestVisits, Period: p},
		"signed": {Indicator: indicator.InvestSigned, Period: p},
		"intent": {Indicator: indicator.InvestPipeline, Dim: indicator.Dim(indicator.DimInvestStage, string(invest.StageIntent)), Period: p},
	} {
		fig, err := f.FigureIn(ctx, a, area, q)
		if err != nil {
			return Facts{}, false, err
		}
		facts.N[key] = fig.Value.Num
	}
	// The item tells what the work came to ("招商引资结硕果 … 签约项目N个"):
	// trips and visits without a signed project are no news of results.
	if facts.N["signed"] == 0 {
		return Facts{}, false, nil
	}
	trips, err := allPages(func(r paging.Request) (paging.Page[invest.Trip], error) { return s.Trips(ctx, a, area.ID, r) })
	if err != nil {
		return Facts{}, false, err
	}
	from, to := p.From.First(), p.To.Last()
	slices.SortFunc(trips, func(x, y invest.Trip) int {
		return cmp.Or(x.StartOn.Time().Compare(y.StartOn.Time()), cmp.Compare(x.ID, y.ID))
	})
	for _, t := range trips {
		if t.StartOn.Before(from) || to.Before(t.StartOn) || slices.Contains(facts.L["destinations"], t.Province) {
			continue
		}
		facts.L["destinations"] = append(facts.L["destinations"], t.Province)
	}
	if d := facts.L["destinations"]; len(d) > maxDestinations {
		facts.L["destinations"] = d[:maxDestinations]
	}
	return facts, true, nil
}

func investCapital(ctx context.Context, s Invest, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
	from, to := p.From.First(), p.To.Last()
	projects, err := allPages(func(r paging.Request) (paging.Page[invest.Project], error) {
		return s.Projects(ctx, a, invest.Filter{ZoneID: area.ID, Cursor: r.Cursor, Limit: r.Limit})
	})
	if err != nil {
		return Facts{}, false, err
	}
	var regs []invest.Project
	for _, x := range projects {
		if x.EnterpriseID != 0 && !x.RegisteredOn.IsZero() && !x.RegisteredOn.Before(from) && !to.Before(x.RegisteredOn) {
			regs = append(regs, x)
		}
	}
	slices.SortStableFunc(regs, func(x, y invest.Project) int { return cmp.Compare(y.RegisteredFen, x.RegisteredFen) })
	funds, err := allPages(func(r paging.Request) (paging.Page[invest.Fund], error) { return s.Funds(ctx, a, area.ID, r) })
	if err != nil {
		return Facts{}, false, err
	}
	var fund *invest.Fund
	for i, x := range funds {
		if x.Kind == invest.FundGuiding && !x.SetUpOn.Before(from) && !to.Before(x.SetUpOn) && (fund == nil || x.TargetFen > fund.TargetFen) {
			fund = &funds[i]
		}
	}
	if len(regs) == 0 && fund == nil {
		return Facts{}, false, nil
	}
	facts := Facts{Zone: area.Name, City: area.CityName, Period: p, Date: f.Today(), N: map[string]int64{}, S: map[string]string{}}
	var total int64
	for _, x := range regs {
		total += x.RegisteredFen
	}
	facts.N["registrations"], facts.N["registered_total"] = int64(len(regs)), total
	for i, x := range regs[:min(len(regs), 2)] {
		k := "reg" + strconv.Itoa(i+1) + "_"
		facts.S[k+"investor"], facts.S[k+"company"] = x.Investor, x.EnterpriseName
		facts.N[k+"registered"], facts.N[k+"paid"] = x.RegisteredFen, x.PaidInFen
	}
	if fund != nil {
		facts.S["fund_manager"] = fund.Manager
		facts.N["fund_target"] = fund.TargetFen
	}
	return facts, true, nil
}
