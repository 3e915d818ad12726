package project

import (
	"context"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/indicator"
)

// FigureFunc evaluates one indicator of one area over a period (the
// indicator service's FigureIn, bound to the caller and the area).
type FigureFunc func(ctx context.Context, id string, dim indicator.DimKey, p indicator.Period) (indicator.Figure, error)

// StatusCount is how many projects were in a status at a period's end.
type StatusCount struct {
	Status Status
	Count  int64
}

// TimingCount is how many projects started (or finished) in a period were
// ahead of, on or behind plan.
type TimingCount struct {
	Indicator string // IndicatorStarted or IndicatorCompleted
	Class     string // Ahead, OnTime, Behind
	Count     int64
}

// MonthFigures is one month's investment against plan.
type MonthFigures struct {
	Month     indicator.YM
	Completed indicator.Figure
	Planned   indicator.Figure
}

// Dashboard is what a zone's projects dashboard shows for a period, all
// from the rollups: counts held at the period's end (in total and by
// status, open problems, overdue milestones), investment completed against
// plan and the annual target, starts and finishes by timing, average days
// ahead, awards, and investment month by month.
type Dashboard struct {
	Period     indicator.Period
	Count      indicator.Figure // projects held at the period's end
	ByStatus   []StatusCount
	Investment indicator.Figure // completed in the period, with its target
	Planned    indicator.Figure
	// Figures are the other tiles, in the order shown: completion rate,
	// started, completed, average days ahead, open problems, overdue
	// milestones, awards.
	Figures         []indicator.Figure
	StartedOnTime   int64 // started on time or ahead
	CompletedOnTime int64 // finished on time or ahead
	Timing          []TimingCount
	Months          []MonthFigures
}

// DashboardOf works out the dashboard of period per with fig.
func DashboardOf(ctx context.Context, fig FigureFunc, per indicator.Period) (Dashboard, error) {
	d := Dashboard{Period: per}
	end, err := indicator.Custom(per.To, per.To)
	if err != nil {
		return d, err
	}
	if d.Count, err = fig(ctx, IndicatorCount, indicator.Total, end); err != nil {
		return d, err
	}
	for _, s := range Statuses() {
		f, err := fig(ctx, IndicatorCount, indicator.Dim(DimStatus, string(s)), end)
		if err != nil {
			return d, err
		}
		d.ByStatus = append(d.ByStatus, StatusCount{Status: s, Count: f.Value.Round(1)})
	}
	if d.Investment, err = fig(ctx, IndicatorInvestment, indicator.Total, per); err != nil {
		return d, err
	}
	if d.Planned, err = fig(ctx, IndicatorPlanned, indicator.Total, per); err != nil {
		return d, err
	}
	for _, x := range []struct {
		id string
		p  indicator.Period
	}{
		{indicator.ProjectShare, per}, {IndicatorStarted, per}, {IndicatorCompleted, per}, {indicator.ProjectAvgDaysAhead, per},
		{IndicatorProblems, end}, {IndicatorOverdue, end}, {IndicatorAwards, per},
	} {
		f, err := fig(ctx, x.id, indicator.Total, x.p)
		if err != nil {
			return d, err
		}
		d.Figures = append(d.Figures, f)
	}
	for _, id := range []string{IndicatorStarted, IndicatorCompleted} {
		for _, c := range TimingClasses() {
			f, err := fig(ctx, id, indicator.Dim(DimTiming, c), per)
			if err != nil {
				return d, err
			}
			n := f.Value.Round(1)
			d.Timing = append(d.Timing, TimingCount{Indicator: id, Class: c, Count: n})
			if c == Behind {
				continue
			}
			if id == IndicatorStarted {
				d.StartedOnTime += n
			} else {
				d.CompletedOnTime += n
			}
		}
	}
	for m := range per.Months() {
		one, err := indicator.Custom(m, m)
		if err != nil {
			return d, err
		}
		mf := MonthFigures{Month: m}
		if mf.Completed, err = fig(ctx, IndicatorInvestment, indicator.Total, one); err != nil {
			return d, err
		}
		if mf.Planned, err = fig(ctx, IndicatorPlanned, indicator.Total, one); err != nil {
			return d, err
		}
		d.Months = append(d.Months, mf)
	}
	return d, nil
}

// OnTime is how many of the projects started (id IndicatorStarted) or
// finished (IndicatorCompleted) in the period were on time or ahead.
func (d Dashboard) OnTime(id string) int64 {
	if id == IndicatorStarted {
		return d.StartedOnTime
	}
	return d.CompletedOnTime
}

// Dashboard works out a zone's projects dashboard for the actor; fig reads
// the zone's figures as the actor may (the indicator service).
func (s *Service) Dashboard(ctx context.Context, a access.Actor, fig FigureFunc, per indicator.Period) (Dashboard, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Dashboard{}, err
	}
	return DashboardOf(ctx, fig, per)
}
