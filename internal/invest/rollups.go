package invest

import (
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

// Indicators the investment records write, and their dimensions.
const (
	IndicatorTrips        = indicator.InvestTrips
	IndicatorVisits       = indicator.InvestVisits
	IndicatorSigned       = indicator.InvestSigned
	IndicatorSignedAmount = indicator.InvestSignedAmount
	IndicatorPipeline     = indicator.InvestPipeline
	IndicatorStarted      = indicator.InvestStarted
	IndicatorCompleted    = indicator.InvestCompleted
	IndicatorStartDue     = indicator.InvestStartDue
	IndicatorRegCapital   = indicator.InvestRegCapital
	IndicatorPaidIn       = indicator.InvestPaidInCapital
	IndicatorArrived      = indicator.InvestFundsArrived
	IndicatorFundTarget   = indicator.InvestFundTarget
	DimStage              = indicator.DimInvestStage
	DimOrigin             = indicator.DimInvestOrigin
	DimMode               = indicator.DimInvestMode
	DimIndustry           = indicator.DimInvestIndustry
	DimSizeBand           = indicator.DimSizeBand
	DimFundKind           = indicator.DimFundKind
)

// 1亿元 in fen.
const yi = 100_000_000 * 100

// SizeBand is the band of a planned investment used in assessments:
// below 3亿元, 3–10亿, 10–20亿, 20亿 and above.
func SizeBand(fen int64) string {
	switch {
	case fen >= 20*yi:
		return "ge20"
	case fen >= 10*yi:
		return "10_20"
	case fen >= 3*yi:
		return "3_10"
	}
	return "lt3"
}

// SizeBands lists the bands, smallest first.
func SizeBands() []string { return []string{"lt3", "3_10", "10_20", "ge20"} }

// Reached returns the day a project reached stage t, by its steps (oldest
// first), or zero when it has not or went back before it. A terminated
// project counts the stages it reached before it ended.
func Reached(p Project, steps []Step, t Stage) civil.Date {
	at := p.Stage
	var on civil.Date
	for _, s := range steps {
		if s.To == t {
			on = s.On
		}
		if s.To == StageTerminated {
			at = s.From
		}
	}
	if !at.Reached(t) {
		return civil.Date{}
	}
	return on
}

// Rows returns what a project adds to (sign +1) or takes from (−1) the
// zone's rollups: signed (count and planned amount, by origin, mode,
// industry and size band) in the month it signed, started and in
// production, due to start in the month of its agreed start, the capital of
// its registered company in the month it registered, and each arrival of
// funds. A change is Rows(new, +1) with Rows(old, −1).
func Rows(p Project, steps []Step, arrivals []Arrival, sign int64) []indicator.Row {
	var out []indicator.Row
	add := func(id string, on civil.Date, v int64, dims ...indicator.DimKey) {
		m := indicator.MonthOfDate(on)
		out = append(out, indicator.Row{ZoneID: p.ZoneID, Month: m, Indicator: id, Dim: indicator.Total, Value: sign * v})
		for _, d := range dims {
			out = append(out, indicator.Row{ZoneID: p.ZoneID, Month: m, Indicator: id, Dim: d, Value: sign * v})
		}
	}
	origin, mode := indicator.Dim(DimOrigin, string(p.Origin)), indicator.Dim(DimMode, string(p.Mode))
	industry := indicator.Dim(DimIndustry, p.Industry)
	if on := Reached(p, steps, StageSigned); !on.IsZero() {
		band := indicator.Dim(DimSizeBand, SizeBand(p.PlannedFen))
		add(IndicatorSigned, on, 1, origin, mode, industry, band)
		add(IndicatorSignedAmount, on, p.PlannedFen, origin, mode, industry, band)
		if !p.StartDue.IsZero() {
			add(IndicatorStartDue, p.StartDue, 1)
		}
	}
	if on := Reached(p, steps, StageStarted); !on.IsZero() {
		add(IndicatorStarted, on, 1)
	}
	if on := Reached(p, steps, StageProduction); !on.IsZero() {
		add(IndicatorCompleted, on, 1)
	}
	if p.EnterpriseID != 0 && !p.RegisteredOn.IsZero() {
		add(IndicatorRegCapital, p.RegisteredOn, p.RegisteredFen, origin, mode)
		add(IndicatorPaidIn, p.RegisteredOn, p.PaidInFen, origin, mode)
	}
	for _, a := range arrivals {
		add(IndicatorArrived, a.On, a.AmountFen, origin, mode, industry)
	}
	return out
}

// Spans returns what a project adds to (sign +1) or takes from the
// invest.pipeline stock: one span per step, at its stage from the step's
// month to the next step's, by stage; in total while it is not terminated.
//
// A stage left within the month it was reached covers no month end; it
// gives a pair of spans over that month that cancel out, so the month's
// edge rows are the same whether the rollups were written step by step
// (DiffSpans of the states before and after each step) or rebuilt.
func Spans(p Project, steps []Step, sign int64) []indicator.Span {
	var out []indicator.Span
	for i, s := range steps {
		from := indicator.MonthOfDate(s.On)
		var until indicator.YM
		if i+1 < len(steps) {
			until = indicator.MonthOfDate(steps[i+1].On)
		}
		dims := []indicator.DimKey{indicator.Dim(DimStage, string(s.To))}
		if s.To != StageTerminated {
			dims = append(dims, indicator.Total)
		}
		for _, dim := range dims {
			sp := indicator.Span{ZoneID: p.ZoneID, Indicator: IndicatorPipeline, Dim: dim, From: from, Until: until, Delta: sign}
			if until != 0 && until <= from {
				sp.Until = from.Add(1)
				neg := sp
				neg.Delta = -sign
				out = append(out, sp, neg)
				continue
			}
			out = append(out, sp)
		}
	}
	return out
}

// DiffSpans returns the spans that take a stock from old to next: those of
// next not also in old, and those of old not also in next, negated. (old
// is given as it adds, with sign +1.)
func DiffSpans(next, old []indicator.Span) []indicator.Span {
	left := map[indicator.Span]int{}
	for _, s := range old {
		left[s]++
	}
	var out []indicator.Span
	for _, s := range next {
		if left[s] > 0 {
			left[s]--
			continue
		}
		out = append(out, s)
	}
	for _, s := range old {
		if left[s] > 0 {
			left[s]--
			s.Delta = -s.Delta
			out = append(out, s)
		}
	}
	return out
}

// TripRows returns the rows of one trip: one in the month it started.
func TripRows(t Trip, sign int64) []indicator.Row {
	return []indicator.Row{{ZoneID: t.ZoneID, Month: indicator.MonthOfDate(t.StartOn), Indicator: IndicatorTrips, Dim: indicator.Total, Value: sign}}
}

// VisitRows returns the rows of one visit.
func VisitRows(v Visit, sign int64) []indicator.Row {
	return []indicator.Row{{ZoneID: v.ZoneID, Month: indicator.MonthOfDate(v.StartOn), Indicator: IndicatorVisits, Dim: indicator.Total, Value: sign}}
}

// FundRows returns a fund's target size in the month it was set up.
func FundRows(x Fund, sign int64) []indicator.Row {
	m := indicator.MonthOfDate(x.SetUpOn)
	return []indicator.Row{
		{ZoneID: x.ZoneID, Month: m, Indicator: IndicatorFundTarget, Dim: indicator.Total, Value: sign * x.TargetFen},
		{ZoneID: x.ZoneID, Month: m, Indicator: IndicatorFundTarget, Dim: indicator.Dim(DimFundKind, string(x.Kind)), Value: sign * x.TargetFen},
	}
}
