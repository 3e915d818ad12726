package project

import (
	"context"
	"fmt"
	"sync"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

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

// MonthFigures is one month's investment against plan; Has* are false
// for a month without reports.
type MonthFigures struct {
	Month                    indicator.YM
	Completed, Planned       int64
	HasCompleted, HasPlanned bool
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

// dashboardSpec is what the indicator service's dashboard reads for the
// projects dashboard in one prefetch: the tiles, investment and plan month
// by month, starts and finishes by timing.
func dashboardSpec() indicator.DashboardSpec {
	return indicator.DashboardSpec{
		Headline: []string{IndicatorCount, IndicatorInvestment, IndicatorPlanned, indicator.ProjectShare, IndicatorStarted,
			IndicatorCompleted, indicator.ProjectAvgDaysAhead, IndicatorProblems, IndicatorOverdue, IndicatorAwards},
		Trends:     []string{IndicatorInvestment, IndicatorPlanned},
		Breakdowns: []indicator.BreakdownSpec{{Indicator: IndicatorStarted, Dim: DimTiming}, {Indicator: IndicatorCompleted, Dim: DimTiming}},
	}
}

// DashboardOf works out the dashboard of zone z for period per from the
// indicator service as the actor sees it: its dashboard (one prefetch of
// the rollups) and the counts by status (stocks at the period's end, read
// side by side). The whole is kept in the figure cache as one answer.
func DashboardOf(ctx context.Context, ind *indicator.Service, a access.Actor, z zone.Area, per indicator.Period) (Dashboard, error) {
	return indicator.Cached(ind, a, "project-dashboard", fmt.Sprintf("%d %s %s", z.ID, per.From, per.To), func() (Dashboard, error) {
		return dashboardOf(ctx, ind, a, z, per)
	})
}

func dashboardOf(ctx context.Context, ind *indicator.Service, a access.Actor, z zone.Area, per indicator.Period) (Dashboard, error) {
	d := Dashboard{Period: per}
	base, err := ind.Dashboard(ctx, a, z.Slug, per, dashboardSpec())
	if err != nil {
		return d, err
	}
	src := ind.Store.Reader(z.ID)
	statuses := Statuses()
	counts := make([]int64, len(statuses))
	failed := make([]error, len(statuses))
	var wg sync.WaitGroup
	for i, s := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], _, failed[i] = src.At(ctx, IndicatorCount, indicator.Dim(DimStatus, string(s)), per.To)
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if failed[i] != nil {
			return d, failed[i]
		}
		d.ByStatus = append(d.ByStatus, StatusCount{Status: s, Count: counts[i]})
	}
	byID := map[string]indicator.Figure{}
	for _, x := range base.Figures {
		byID[x.Def.ID] = x
	}
	d.Count, d.Investment, d.Planned = byID[IndicatorCount], byID[IndicatorInvestment], byID[IndicatorPlanned]
	for _, id := range []string{indicator.ProjectShare, IndicatorStarted, IndicatorCompleted, indicator.ProjectAvgDaysAhead,
		IndicatorProblems, IndicatorOverdue, IndicatorAwards} {
		d.Figures = append(d.Figures, byID[id])
	}
	timing := map[string]map[string]int64{}
	for _, b := range base.Breakdowns {
		m := map[string]int64{}
		for _, it := range b.Items {
			m[it.Code] = it.Value
		}
		timing[b.Def.ID] = m
	}
	for _, id := range []string{IndicatorStarted, IndicatorCompleted} {
		for _, c := range TimingClasses() {
			n := timing[id][c]
			d.Timing = append(d.Timing, TimingCount{Indicator: id, Class: c, Count: n})
			switch {
			case c == Behind:
			case id == IndicatorStarted:
				d.StartedOnTime += n
			default:
				d.CompletedOnTime += n
			}
		}
	}
	months := map[indicator.YM]*MonthFigures{}
	for m := range per.Months() {
		d.Months = append(d.Months, MonthFigures{Month: m})
	}
	for i := range d.Months {
		months[d.Months[i].Month] = &d.Months[i]
	}
	for _, t := range base.Trends {
		for i, m := range t.Months {
			mf := months[m]
			if mf == nil {
				continue
			}
			switch t.Def.ID {
			case IndicatorInvestment:
				mf.Completed, mf.HasCompleted = t.Cur[i], t.HasCur[i]
			case IndicatorPlanned:
				mf.Planned, mf.HasPlanned = t.Cur[i], t.HasCur[i]
			}
		}
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

// Dashboard works out zone z's projects dashboard for the actor from the
// indicator service's figures.
func (s *Service) Dashboard(ctx context.Context, a access.Actor, ind *indicator.Service, z zone.Area, per indicator.Period) (Dashboard, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Dashboard{}, err
	}
	return DashboardOf(ctx, ind, a, z, per)
}
