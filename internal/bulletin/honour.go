package bulletin

import (
	"context"
	"slices"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/zone"
)

// Honours is what the honour item reads of the honours module
// (honour.Service implements it).
type Honours interface {
	Programmes(ctx context.Context, a access.Actor) ([]honour.Programme, error)
	Batches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[honour.Batch], error)
	Batch(ctx context.Context, a access.Actor, id int64) (honour.Batch, error)
	Holdings(ctx context.Context, a access.Actor, zoneID int64, on civil.Date) ([]honour.Holding, error)
}

// ipProgrammeWords is how the page names the two IP programmes together.
const ipProgrammeWords = "知识产权优势示范企业"

// HonourContributor writes the item of the page's Zibo story: the latest
// notice of the period that named the area's enterprises as IP
// demonstration or advantage enterprises, who was named, what the area holds
// after it and its rank in its city by IP titles held.
func HonourContributor(h Honours) Contributor {
	return ranked(ModuleHonour, "holdings", func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, []RankAsk, bool, error) {
		return honourFacts(ctx, h, f, a, area, p)
	})
}

// honourFacts reads the zone's own records; the rank in the city by IP
// titles held is a RankAsk.
func honourFacts(ctx context.Context, h Honours, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, []RankAsk, bool, error) {
	progs, err := h.Programmes(ctx, a)
	if err != nil {
		return Facts{}, nil, false, err
	}
	var demoP, advP honour.Programme
	for _, pr := range progs {
		switch pr.Code {
		case honour.CodeIPDemo:
			demoP = pr
		case honour.CodeIPAdvantage:
			advP = pr
		}
	}
	if demoP.ID == 0 || advP.ID == 0 {
		return Facts{}, nil, false, nil
	}
	b, ok, err := latestIPBatch(ctx, h, a, area.ID, p, demoP.ID, advP.ID)
	if err != nil || !ok {
		return Facts{}, nil, false, err
	}
	facts := Facts{Zone: area.Name, City: area.CityName, Period: p, Date: f.Today(),
		N: map[string]int64{}, L: map[string][]string{},
		S: map[string]string{"programme": ipProgrammeWords, "issuer": b.Issuer, "notice": b.Title,
			"demo_title": demoP.Name, "advantage_title": advP.Name}}
	for _, e := range b.Entries {
		if !e.Result.Passes() {
			continue
		}
		switch e.ProgrammeID {
		case demoP.ID:
			facts.L["demo"] = append(facts.L["demo"], e.EnterpriseName)
		case advP.ID:
			facts.L["advantage"] = append(facts.L["advantage"], e.EnterpriseName)
		}
	}
	facts.N["selected"] = int64(len(facts.L["demo"]) + len(facts.L["advantage"]))
	// "至此": what the area holds once the notice takes effect.
	held, err := h.Holdings(ctx, a, area.ID, b.EffectiveOn)
	if err != nil {
		return Facts{}, nil, false, err
	}
	for _, x := range held {
		switch x.ProgrammeID {
		case demoP.ID:
			facts.N["held_demo"] = int64(x.Held)
		case advP.ID:
			facts.N["held_advantage"] = int64(x.Held)
		}
	}
	// The rank among the city's areas by IP titles held at the end of the
	// notice's month, from the rollups.
	m := indicator.MonthOfDate(b.EffectiveOn)
	ranks := []RankAsk{{Fact: "held", Query: indicator.Query{Indicator: indicator.HonourHeld,
		Dim: indicator.Dim(indicator.DimHonourKind, honour.KindIP), Period: indicator.Must(indicator.Custom(m, m)), Scope: indicator.ScopeCity}}}
	return facts, ranks, true, nil
}

// latestIPBatch finds the area's most recent notice effective within p
// that named at least one of its enterprises for one of the IP programmes.
func latestIPBatch(ctx context.Context, h Honours, a access.Actor, zoneID int64, p indicator.Period, ids ...int64) (honour.Batch, bool, error) {
	from, to := p.From.First(), p.To.Last()
	// Batches come newest recorded first, but a notice entered late may
	// be older: the notice's own date decides, over every page.
	req := paging.Request{Limit: paging.MaxLimit}
	var best honour.Batch
	for {
		page, err := h.Batches(ctx, a, zoneID, req)
		if err != nil {
			return honour.Batch{}, false, err
		}
		for _, s := range page.Items {
			if s.EffectiveOn.Before(from) || to.Before(s.EffectiveOn) || (best.ID != 0 && !best.EffectiveOn.Before(s.EffectiveOn)) {
				continue
			}
			b, err := h.Batch(ctx, a, s.ID)
			if err != nil {
				return honour.Batch{}, false, err
			}
			if slices.ContainsFunc(b.Entries, func(e honour.Entry) bool { return e.Result.Passes() && slices.Contains(ids, e.ProgrammeID) }) {
				best = b
			}
		}
		if page.Next == "" {
			return best, best.ID != 0, nil
		}
		req.Cursor = page.Next
	}
}
