package gen

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/store/bulk"
)

// streamProjects is the projects' random stream (apart from the other
// parts' numbered streams, so that adding one shifts nothing).
const streamProjects = 0x50524f4a

// projectResult is what the projects part of a data set holds.
type projectResult struct {
	projects, reports, rollups, finished int
}

// projectGen draws key construction projects: each zone's share by its
// weight, builders among the zone's enterprises, plans of one to three
// years starting over the period (and the year before it), starts and
// finishes around the plan, and a monthly investment report for every
// month from the start to the finish (or the period's end) that adds up to
// at most the total.
type projectGen struct {
	w       *world
	n       int
	until   civil.Date
	last    project.Period
	list    []project.Project
	reports []project.Report
}

func (g *projectGen) run() {
	r := stream(g.w.opt.Seed, streamProjects)
	g.last = project.PeriodOf(g.until, project.Monthly)
	zones := make([]weighted[int], 0, len(g.w.zones))
	for i, z := range g.w.zones {
		zones = append(zones, weighted[int]{i, max(1, int(z.weight*1000))})
	}
	pick := newPicker(zones)
	cats := project.Categories()
	levels := newPicker([]weighted[project.Level]{{project.LevelProvince, 1}, {project.LevelCity, 3}, {project.LevelDistrict, 6}})
	from := g.w.first.AddDays(-365)
	span := from.DaysUntil(g.until)
	names := map[int64]int{} // per zone, for unique names
	for i := range g.n {
		zi := pick.pick(r)
		z := &g.w.zones[zi]
		b := g.w.ents[z.firstEnt+r.IntN(z.ents)]
		names[z.area.ID]++
		p := project.Project{ID: int64(i + 1), ZoneID: z.area.ID, BuilderID: b.ID, BuilderName: b.Name, BuilderUSCC: b.USCC,
			Name:     fmt.Sprintf("%s重点项目%04d号", z.area.Name, names[z.area.ID]),
			Category: cats[r.IntN(len(cats))], Level: levels.pick(r), Cadence: project.Monthly,
			TotalFen:    int64(2_000+r.IntN(198_000)) * 1_000_000, // 2,000万 to 20亿元
			Responsible: g.w.surnames[r.IntN(len(g.w.surnames))] + g.w.given[r.IntN(len(g.w.given))], Version: 1}
		start := from.AddDays(r.IntN(span))
		months := 12 + r.IntN(25)
		finish := civil.Of(start.Time().AddDate(0, months, 0))
		p.RecordedOn = start.AddDays(-30 - r.IntN(60))
		p.Plan = project.Plan{Version: 1, StartOn: start, FinishOn: finish, SetOn: p.RecordedOn, SetBy: "gen"}
		if p.RecordedOn.After(g.until) {
			continue
		}
		if s := start.AddDays(r.IntN(75) - 15); !s.After(g.until) {
			p.StartedOn = s
			// Finished from four months ahead to half a year behind plan.
			if f := finish.AddDays(r.IntN(300) - 120); !f.After(g.until) && p.StartedOn.Before(f) {
				p.FinishedOn = f
				if o := f.AddDays(r.IntN(30)); !o.After(g.until) {
					p.OpenedOn = o
				}
			}
		}
		g.reportsOf(r, &p, months)
		p.Status = project.Derive(p)
		g.list = append(g.list, p)
	}
}

// reportsOf draws p's monthly reports: the plan spread evenly over the
// planned months, the completed share of the total reached by the finish
// (or by now, at the pace the timing implies).
func (g *projectGen) reportsOf(r interface{ IntN(int) int }, p *project.Project, months int) {
	if p.StartedOn.IsZero() {
		return
	}
	first := project.PeriodOf(p.StartedOn, project.Monthly)
	end := g.last
	if !p.FinishedOn.IsZero() {
		end = project.PeriodOf(p.FinishedOn, project.Monthly)
	}
	n := 0
	for q := first; !end.Before(q); q = nextMonth(q) {
		n++
	}
	// The share of the total spent over the reported months.
	share := 100
	if p.FinishedOn.IsZero() {
		share = min(95, n*100/max(1, months+r.IntN(6)))
	}
	planned := p.TotalFen / int64(months)
	budget := p.TotalFen * int64(share) / 100
	var sum int64
	i := 0
	for q := first; !end.Before(q); q = nextMonth(q) {
		i++
		c := budget / int64(n)
		if i == n {
			c = budget - sum
		}
		sum += c
		rep := project.Report{ID: int64(len(g.reports) + 1), ProjectID: p.ID, ZoneID: p.ZoneID, Period: q, PlannedFen: planned,
			CompletedFen: c, ProgressPct: int(int64(share) * int64(i) / int64(n)),
			ReportedOn: q.Last().AddDays(1 + r.IntN(8)), Reporter: "gen", Version: 1}
		if rep.ReportedOn.After(g.until) {
			rep.ReportedOn = g.until
		}
		g.reports = append(g.reports, rep)
	}
	p.CompletedFen, p.ProgressPct = sum, share
}

func nextMonth(p project.Period) project.Period {
	return project.PeriodOf(p.Last().AddDays(1), project.Monthly)
}

// rollups are the projects' rows as the rebuild (store.ProjectRollups)
// computes them: each zone's count spans, the rows of the projects' dates
// and of their reports, summed per key, in primary-key order.
func (g *projectGen) rollups() []indicator.Row {
	byID := make(map[int64]*project.Project, len(g.list))
	spans := map[int64][]indicator.Span{}
	type key struct {
		zone      int64
		indicator string
		dim       indicator.DimKey
		month     indicator.YM
	}
	sum := map[key]int64{}
	add := func(rows []indicator.Row) {
		for _, x := range rows {
			sum[key{x.ZoneID, x.Indicator, x.Dim, x.Month}] += x.Value
		}
	}
	for i := range g.list {
		p := &g.list[i]
		byID[p.ID] = p
		spans[p.ZoneID] = append(spans[p.ZoneID], project.CountSpans(*p, 1)...)
		add(project.CardRows(*p, 1))
	}
	for _, x := range g.reports {
		add(project.ReportRows(*byID[x.ProjectID], x, 1))
	}
	for _, s := range spans {
		add(indicator.SpanRows(s))
	}
	out := make([]indicator.Row, 0, len(sum))
	for k, v := range sum {
		// A flow's zero is no data; a stock's zero is a real value (none
		// held since that month), as the rebuild keeps it.
		if stock := k.indicator == project.IndicatorCount || k.indicator == project.IndicatorProblems || k.indicator == project.IndicatorOverdue; v != 0 || stock {
			out = append(out, indicator.Row{ZoneID: k.zone, Indicator: k.indicator, Dim: k.dim, Month: k.month, Value: v})
		}
	}
	slices.SortFunc(out, func(x, y indicator.Row) int {
		return cmp.Or(cmp.Compare(x.ZoneID, y.ZoneID), cmp.Compare(x.Indicator, y.Indicator),
			cmp.Compare(x.Dim, y.Dim), cmp.Compare(x.Month, y.Month))
	})
	return out
}

// writeProjects draws n projects with their reports and writes them, with
// their rollups, through the loader; the rollups go into the digest.
func writeProjects(ctx context.Context, w *world, ld *bulk.Loader, n int, at time.Time) (projectResult, error) {
	var res projectResult
	g := &projectGen{w: w, n: n, until: w.opt.Until}
	g.run()
	rows := g.rollups()
	w.dig.rows(rows)
	for i := range g.list {
		p := &g.list[i]
		w.dig.str(p.Name)
		w.dig.int(p.TotalFen)
		w.dig.date(p.StartedOn)
		w.dig.date(p.FinishedOn)
		if !p.FinishedOn.IsZero() {
			res.finished++
		}
	}
	if err := ld.Projects(ctx, g.list, at); err != nil {
		return res, err
	}
	if err := ld.ProjectReports(ctx, g.reports); err != nil {
		return res, err
	}
	if err := ld.Rollups(ctx, rows); err != nil {
		return res, err
	}
	res.projects, res.reports, res.rollups = len(g.list), len(g.reports), len(rows)
	return res, nil
}
