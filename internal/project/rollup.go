package project

import (
	"time"

	"github.com/innopark/innopark/internal/indicator"
)

// Indicators the project records write, and their dimensions.
const (
	IndicatorCount      = indicator.ProjectCount      // projects held at a month's end, by status, level, category
	IndicatorInvestment = indicator.ProjectInvestment // investment completed in a month
	IndicatorPlanned    = indicator.ProjectPlanned    // investment planned for a month
	IndicatorStarted    = indicator.ProjectStarted    // projects started in a month, by timing
	IndicatorCompleted  = indicator.ProjectCompleted  // projects finished in a month, by timing
	IndicatorDaysAhead  = indicator.ProjectDaysAhead  // days ahead of plan of the projects finished in a month
	IndicatorProblems   = indicator.ProjectProblems   // problems open at a month's end
	IndicatorOverdue    = indicator.ProjectOverdue    // milestones overdue at a month's end
	IndicatorAwards     = indicator.ProjectAwards     // awards of a month, by level
	DimStatus           = indicator.DimProjectStatus
	DimLevel            = indicator.DimProjectLevel
	DimCategory         = indicator.DimProjectCategory
	DimTiming           = indicator.DimTiming
	DimAwardLevel       = indicator.DimAwardLevel
)

// CountSpans returns what p adds to (sign +1) or removes from (−1) the
// zone's project count: from the month it was recorded (or started, when
// earlier) in total, by level and by category; by status, each status over
// the months its dates give it. A change of p is CountSpans(new, +1) with
// CountSpans(old, −1), so the rows written are those a rebuild writes.
func CountSpans(p Project, sign int64) []indicator.Span {
	from := p.RecordedOn
	if !p.StartedOn.IsZero() && p.StartedOn.Before(from) {
		from = p.StartedOn
	}
	start := indicator.MonthOfDate(from)
	span := func(dim indicator.DimKey, f, u indicator.YM) indicator.Span {
		return indicator.Span{ZoneID: p.ZoneID, Indicator: IndicatorCount, Dim: dim, From: max(f, start), Until: u, Delta: sign}
	}
	out := []indicator.Span{
		span(indicator.Total, start, 0),
		span(indicator.Dim(DimLevel, string(p.Level)), start, 0),
		span(indicator.Dim(DimCategory, string(p.Category)), start, 0),
	}
	// The statuses in order, each until the next one's month.
	type step struct {
		s  Status
		on indicator.YM
	}
	steps := []step{{StatusPrep, start}}
	for _, x := range []struct {
		s   Status
		set bool
		on  indicator.YM
	}{
		{StatusBuilding, !p.StartedOn.IsZero(), indicator.MonthOfDate(p.StartedOn)},
		{StatusSuspended, !p.SuspendedOn.IsZero(), indicator.MonthOfDate(p.SuspendedOn)},
		{StatusCompleted, !p.FinishedOn.IsZero(), indicator.MonthOfDate(p.FinishedOn)},
		{StatusOpened, !p.OpenedOn.IsZero(), indicator.MonthOfDate(p.OpenedOn)},
	} {
		if x.set {
			steps = append(steps, step{x.s, x.on})
		}
	}
	for i, st := range steps {
		var until indicator.YM
		if i+1 < len(steps) {
			until = steps[i+1].on
		}
		out = append(out, span(indicator.Dim(DimStatus, string(st.s)), st.on, until))
	}
	return out
}

// CardRows returns the rows p's dates write: its start in the month it
// started (by timing against the planned start), its finish in the month it
// finished (by timing and level) with its days ahead of the plan in force.
func CardRows(p Project, sign int64) []indicator.Row {
	var out []indicator.Row
	row := func(id string, m indicator.YM, dim indicator.DimKey, v int64) {
		out = append(out, indicator.Row{ZoneID: p.ZoneID, Month: m, Indicator: id, Dim: dim, Value: v * sign})
	}
	if days, ok := StartDays(p); ok {
		m := indicator.MonthOfDate(p.StartedOn)
		row(IndicatorStarted, m, indicator.Total, 1)
		row(IndicatorStarted, m, indicator.Dim(DimTiming, classOf(true, days)), 1)
	}
	if !p.FinishedOn.IsZero() {
		days := p.FinishedOn.DaysUntil(p.Plan.FinishOn)
		m := indicator.MonthOfDate(p.FinishedOn)
		row(IndicatorCompleted, m, indicator.Total, 1)
		row(IndicatorCompleted, m, indicator.Dim(DimTiming, classOf(true, days)), 1)
		row(IndicatorCompleted, m, indicator.Dim(DimLevel, string(p.Level)), 1)
		row(IndicatorDaysAhead, m, indicator.Total, int64(days))
	}
	return out
}

// ReportRows returns a report's planned and completed investment in its
// month, in total, by the project's level and by its category.
func ReportRows(p Project, r Report, sign int64) []indicator.Row {
	m := r.Period.YM()
	var out []indicator.Row
	for _, dim := range []indicator.DimKey{indicator.Total, indicator.Dim(DimLevel, string(p.Level)), indicator.Dim(DimCategory, string(p.Category))} {
		out = append(out,
			indicator.Row{ZoneID: p.ZoneID, Month: m, Indicator: IndicatorInvestment, Dim: dim, Value: r.CompletedFen * sign},
			indicator.Row{ZoneID: p.ZoneID, Month: m, Indicator: IndicatorPlanned, Dim: dim, Value: r.PlannedFen * sign})
	}
	return out
}

// ProblemSpans returns what a problem adds to the open problems: from the
// month it was raised to the month it was resolved.
func ProblemSpans(x Problem, sign int64) []indicator.Span {
	var until indicator.YM
	if !x.ResolvedOn.IsZero() {
		until = indicator.MonthOfDate(x.ResolvedOn)
	}
	return []indicator.Span{{ZoneID: x.ZoneID, Indicator: IndicatorProblems, Dim: indicator.Total,
		From: indicator.MonthOfDate(x.RaisedOn), Until: until, Delta: sign}}
}

// MilestoneSpans returns what a milestone adds to the overdue milestones at
// month ends: from the month after its deadline passed to the month it was
// done (nothing when done in time).
func MilestoneSpans(m Milestone, sign int64) []indicator.Span {
	var until indicator.YM
	if !m.DoneOn.IsZero() {
		until = indicator.MonthOfDate(m.DoneOn)
	}
	return []indicator.Span{{ZoneID: m.ZoneID, Indicator: IndicatorOverdue, Dim: indicator.Total,
		From: indicator.MonthOfDate(m.DueOn.AddDays(1)), Until: until, Delta: sign}}
}

// AwardRows returns an award's rows: in the month it was given, else in
// December of its year, in total and by level.
func AwardRows(x Award, sign int64) []indicator.Row {
	m := indicator.MonthOf(x.Year, int(time.December))
	if !x.AwardedOn.IsZero() {
		m = indicator.MonthOfDate(x.AwardedOn)
	}
	return []indicator.Row{
		{ZoneID: x.ZoneID, Month: m, Indicator: IndicatorAwards, Dim: indicator.Total, Value: sign},
		{ZoneID: x.ZoneID, Month: m, Indicator: IndicatorAwards, Dim: indicator.Dim(DimAwardLevel, string(x.Level)), Value: sign},
	}
}
