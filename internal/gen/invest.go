package gen

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/store/bulk"
)

// streamInvest is the random stream of the investment pipeline (a number
// apart from the iota list of the other parts).
const streamInvest = 101

// InvestResult is what the investment part of a data set holds.
type InvestResult struct {
	Projects  int `json:"projects"`
	Steps     int `json:"steps"`
	Arrivals  int `json:"arrivals"`
	FollowUps int `json:"follow_ups"`
	Trips     int `json:"trips"`
	Visits    int `json:"visits"`
	Rollups   int `json:"rollups"`
}

// investGen draws a pipeline of projects over the period, spread over the
// zones by their weight, each walking the stages (线索 → … → 投产, some
// ending in 终止) with its dates, the company it registers, funds arrived
// and follow-ups; and each zone's trips and visits touching its projects.
type investGen struct {
	w        *world
	r        *rand.Rand
	zones    picker[int]
	projects []bulk.InvestProject
	byZone   [][]int64 // project ids of each zone, in order of first contact
	trips    []invest.Trip
	visits   []invest.Visit
	res      InvestResult
}

var investProvinces = []struct{ province, city string }{
	{"北京", "北京"}, {"上海", "上海"}, {"山东", "济南"}, {"山东", "青岛"}, {"广东", "深圳"}, {"广东", "广州"}, {"江苏", "苏州"},
	{"浙江", "杭州"}, {"天津", "天津"}, {"辽宁", "大连"}, {"四川", "成都"}, {"湖北", "武汉"},
}

func newInvestGen(w *world) *investGen {
	ws := make([]weighted[int], len(w.zones))
	for i, z := range w.zones {
		ws[i] = weighted[int]{i, max(1, int(z.weight*100))}
	}
	return &investGen{w: w, r: stream(w.opt.Seed, streamInvest), zones: newPicker(ws), byZone: make([][]int64, len(w.zones))}
}

// day draws a day in [a, b] (a when b is before it).
func (g *investGen) day(a, b civil.Date) civil.Date {
	n := a.DaysUntil(b)
	if n <= 0 {
		return a
	}
	return a.AddDays(g.r.IntN(n + 1))
}

func (g *investGen) run(n int) {
	until := g.w.opt.Until
	industries, modes, origins := invest.Industries(), invest.Modes(), invest.Origins()
	brands := brandChars()
	g.projects = make([]bulk.InvestProject, 0, n)
	// Leads arrive evenly over the period; each then moves on with a
	// chance per stage, taking weeks to months a step.
	advance := []float64{0.75, 0.7, 0.7, 0.65, 0.8, 0.75, 0.7} // from lead, talks, …, started
	for i := range n {
		zi := g.zones.pick(g.r)
		z := &g.w.zones[zi]
		lead := g.day(g.w.first, until)
		ind := industries[g.r.IntN(len(industries))]
		p := invest.Project{ID: int64(i + 1), ZoneID: z.area.ID, Origin: origins[g.r.IntN(len(origins))], Mode: modes[g.r.IntN(len(modes))],
			Industry: ind, InvestorListing: "none", Owner: g.w.surnames[g.r.IntN(len(g.w.surnames))] + g.w.given[g.r.IntN(len(g.w.given))]}
		brand := brands[g.r.IntN(len(brands))] + brands[g.r.IntN(len(brands))]
		words := industryWords(indGB(ind))
		p.Investor = fmt.Sprintf("%s%s有限公司", brand, words[g.r.IntN(len(words))])
		p.Name = fmt.Sprintf("%s%s项目（%d）", brand, investIndustryNames[ind], i+1)
		p.PlannedFen = int64(logNormal(g.r, 3e4, 1.0)) * 10_000 * 100 // 万元 → fen, median 3亿元
		p.PlannedFen = min(p.PlannedFen, invest.MaxAmountFen)
		steps := []invest.Step{{To: invest.StageLead, On: lead}}
		cur, on := invest.StageLead, lead
		stages := invest.Stages()
		for k := 0; k < len(stages)-1; k++ {
			next := on.AddDays(14 + g.r.IntN(120))
			if until.Before(next) {
				break
			}
			if g.r.Float64() >= advance[k] {
				if g.r.Float64() < 0.35 {
					steps = append(steps, invest.Step{From: cur, To: invest.StageTerminated, On: next, Note: "投资方调整计划"})
					cur, on = invest.StageTerminated, next
					p.TerminatedReason = "投资方调整计划"
				}
				break
			}
			to := stages[k+1]
			if to == invest.StageRegistered {
				e := &g.w.ents[z.firstEnt+g.r.IntN(z.ents)]
				p.EnterpriseID, p.RegisteredOn = e.ID, next
				p.RegisteredFen = min(p.PlannedFen/(2+int64(g.r.IntN(8))), invest.MaxAmountFen)
				p.PaidInFen = p.RegisteredFen * int64(g.r.IntN(101)) / 100
			}
			if to == invest.StageSigned {
				p.Agreement = invest.Agreements()[g.r.IntN(3)]
				p.StartDue = next.AddDays(60 + g.r.IntN(240))
			}
			steps = append(steps, invest.Step{From: cur, To: to, On: next})
			cur, on = to, next
		}
		p.Stage, p.StageOn = cur, on
		ip := bulk.InvestProject{ByName: "gen", At: time.Date(lead.Year, lead.Month, lead.Day, 9, 0, 0, 0, time.UTC)}
		if p.Stage.Reached(invest.StageStarted) || (p.Stage == invest.StageTerminated && invest.Reached(p, steps, invest.StageStarted) != civil.Date{}) {
			started := invest.Reached(p, steps, invest.StageStarted)
			left := p.PlannedFen
			for k := 0; k < 1+g.r.IntN(3) && left > 0; k++ {
				d := g.day(started, until)
				amt := left * int64(20+g.r.IntN(40)) / 100
				if amt <= 0 {
					break
				}
				left -= amt
				ip.Arrivals = append(ip.Arrivals, invest.Arrival{On: d, AmountFen: amt})
				p.ArrivedFen += amt
			}
			slices.SortFunc(ip.Arrivals, func(a, b invest.Arrival) int { return cmpDate(a.On, b.On) })
		}
		// Follow-ups: a contact every month or two while the project is open.
		for d := lead.AddDays(7 + g.r.IntN(30)); !until.Before(d) && len(ip.FollowUps) < 6; d = d.AddDays(30 + g.r.IntN(60)) {
			if p.Stage.Closed() && p.StageOn.Before(d) {
				break
			}
			f := invest.FollowUp{On: d, Notes: "电话沟通项目进展", Owner: p.Owner, NextOn: d.AddDays(20 + g.r.IntN(40))}
			ip.FollowUps = append(ip.FollowUps, f)
		}
		if n := len(ip.FollowUps); n > 0 && !p.Stage.Closed() {
			p.NextContactOn, p.NextContactOwner = ip.FollowUps[n-1].NextOn, ip.FollowUps[n-1].Owner
		}
		ip.Project, ip.Steps = p, steps
		g.projects = append(g.projects, ip)
		g.byZone[zi] = append(g.byZone[zi], p.ID)
		g.res.Steps += len(steps)
		g.res.Arrivals += len(ip.Arrivals)
		g.res.FollowUps += len(ip.FollowUps)
	}
	g.res.Projects = len(g.projects)
	g.activities()
}

var investIndustryNames = map[string]string{"agriculture": "现代农业", "food": "食品加工", "biomedicine": "生物医药",
	"equipment": "装备制造", "ict": "电子信息", "materials": "新材料", "energy": "新能源", "finance": "金融", "services": "现代服务", "other": "综合"}

// cmpDate orders dates.
func cmpDate(a, b civil.Date) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

// indGB maps the bureau's industry to a GB/T 4754 section the word lists
// know.
func indGB(ind string) string {
	switch ind {
	case "agriculture":
		return "A"
	case "food", "biomedicine", "equipment", "materials":
		return "C"
	case "ict":
		return "I"
	case "energy":
		return "D"
	case "finance":
		return "J"
	}
	return "M"
}

// activities draws each zone's trips and visits: about one a month each for
// a busy zone, each touching up to three of the zone's projects.
func (g *investGen) activities() {
	until := g.w.opt.Until
	months := g.w.opt.Years * 12
	for zi, ids := range g.byZone {
		if len(ids) == 0 {
			continue
		}
		z := &g.w.zones[zi]
		perYear := min(12, 2+len(ids)/(2*g.w.opt.Years))
		count := perYear * months / 12
		touched := func() []int64 {
			var out []int64
			for range g.r.IntN(4) {
				out = append(out, ids[g.r.IntN(len(ids))])
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		for range count {
			start := g.day(g.w.first, until)
			end := start.AddDays(g.r.IntN(5))
			if until.Before(end) {
				end = until
			}
			dst := investProvinces[g.r.IntN(len(investProvinces))]
			g.trips = append(g.trips, invest.Trip{ZoneID: z.area.ID, StartOn: start, EndOn: end, Province: dst.province, City: dst.city,
				Leader: g.w.surnames[g.r.IntN(len(g.w.surnames))] + g.w.given[g.r.IntN(len(g.w.given))], People: 2 + g.r.IntN(6),
				ProjectIDs: touched()})
		}
		for range count {
			start := g.day(g.w.first, until)
			end := start.AddDays(g.r.IntN(3))
			if until.Before(end) {
				end = until
			}
			g.visits = append(g.visits, invest.Visit{ZoneID: z.area.ID, Firm: g.projects[ids[g.r.IntN(len(ids))]-1].Project.Investor,
				StartOn: start, EndOn: end, Hosts: "招商局", ProjectIDs: touched()})
		}
	}
	byStart := func(a, b civil.Date, za, zb int64) int { return cmp.Or(cmpDate(a, b), cmp.Compare(za, zb)) }
	slices.SortStableFunc(g.trips, func(a, b invest.Trip) int { return byStart(a.StartOn, b.StartOn, a.ZoneID, b.ZoneID) })
	slices.SortStableFunc(g.visits, func(a, b invest.Visit) int { return byStart(a.StartOn, b.StartOn, a.ZoneID, b.ZoneID) })
	g.res.Trips, g.res.Visits = len(g.trips), len(g.visits)
}

// rollups are the pipeline's rollup rows, one per key, as the store would
// have written them record by record.
func (g *investGen) rollups() []indicator.Row {
	type key struct {
		zone  int64
		id    string
		dim   indicator.DimKey
		month indicator.YM
	}
	sum := map[key]int64{}
	add := func(rows []indicator.Row) {
		for _, r := range rows {
			sum[key{r.ZoneID, r.Indicator, r.Dim, r.Month}] += r.Value
		}
	}
	spans := make([][]indicator.Span, len(g.w.zones))
	zoneIx := map[int64]int{}
	for i, z := range g.w.zones {
		zoneIx[z.area.ID] = i
	}
	for i := range g.projects {
		p := &g.projects[i]
		add(invest.Rows(p.Project, p.Steps, p.Arrivals, 1))
		zi := zoneIx[p.Project.ZoneID]
		spans[zi] = append(spans[zi], invest.Spans(p.Project, p.Steps, 1)...)
	}
	for _, t := range g.trips {
		add(invest.TripRows(t, 1))
	}
	for _, v := range g.visits {
		add(invest.VisitRows(v, 1))
	}
	var out []indicator.Row
	for k, v := range sum {
		if v != 0 {
			out = append(out, indicator.Row{ZoneID: k.zone, Indicator: k.id, Dim: k.dim, Month: k.month, Value: v})
		}
	}
	for _, s := range spans {
		out = append(out, indicator.SpanRows(s)...)
	}
	slices.SortFunc(out, func(x, y indicator.Row) int {
		return cmp.Or(cmp.Compare(x.ZoneID, y.ZoneID), cmp.Compare(x.Indicator, y.Indicator), cmp.Compare(x.Dim, y.Dim), cmp.Compare(x.Month, y.Month))
	})
	return out
}

// writeInvest draws n investment projects with their activities and writes
// them, with their rollups, through the loader.
func writeInvest(ctx context.Context, w *world, ld *bulk.Loader, n int, at time.Time) (InvestResult, error) {
	g := newInvestGen(w)
	g.run(n)
	rows := g.rollups()
	w.dig.rows(rows)
	g.res.Rollups = len(rows)
	if err := ld.InvestProjects(ctx, g.projects); err != nil {
		return g.res, err
	}
	if err := ld.InvestTrips(ctx, g.trips, "gen", at); err != nil {
		return g.res, err
	}
	if err := ld.InvestVisits(ctx, g.visits, "gen", at); err != nil {
		return g.res, err
	}
	return g.res, ld.Rollups(ctx, rows)
}
