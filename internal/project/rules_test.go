package project

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

func d(s string) civil.Date { return civil.MustParse(s) }

// lighthouse is the page's Foshan project as a card.
func lighthouse() Project {
	return Project{ID: 1, ZoneID: 3, BuilderID: 7, Name: "创新灯塔社区市政配套工程（北区）", Category: CategoryMunicipal,
		Level: LevelCity, Cadence: Monthly, TotalFen: 26_000_000_000,
		Plan:      Plan{Version: 1, StartOn: d("2021-01-06"), FinishOn: d("2023-01-06")},
		StartedOn: d("2021-01-06"), FinishedOn: d("2022-09-27"), OpenedOn: d("2022-09-27"), RecordedOn: d("2020-12-01"),
		Items: []Item{{Name: "灯塔路", Kind: ItemRoad}, {Name: "火炬路", Kind: ItemRoad}, {Name: "人才公园", Kind: ItemPark}}}
}

func fields(t *testing.T, err error) errs.Fields {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	return e.Fields
}

func TestTimingOfTheLighthouse(t *testing.T) {
	p := lighthouse()
	tm := TimingOf(p, d("2023-12-18"))
	if !tm.Known || tm.Projected || tm.Days != 101 || tm.Class() != Ahead || tm.PlanVersion != 1 {
		t.Errorf("timing %+v, want 101 days ahead of plan 1", tm)
	}
	if got := Derive(p); got != StatusOpened {
		t.Errorf("status %s", got)
	}
	// Re-baselined to finish later, the same finish is further ahead of
	// the plan in force, and the figure says which plan.
	q, err := Rebaseline(p, civil.Date{}, d("2023-03-01"), "征地延期", "foshan-staff", d("2022-01-10"))
	if err != nil {
		t.Fatal(err)
	}
	if tm := TimingOf(q, d("2023-12-18")); tm.Days != 155 || tm.PlanVersion != 2 || len(q.Plans) != 1 {
		t.Errorf("rebaselined %+v (plans %v)", tm, q.Plans)
	}
	if _, err := Rebaseline(p, civil.Date{}, d("2023-03-01"), " ", "x", d("2022-01-10")); !fields(t, err).Has("plan_reason") {
		t.Error("a new plan without its reason was taken")
	}
}

func TestTimingProjected(t *testing.T) {
	p := lighthouse()
	p.FinishedOn, p.OpenedOn = civil.Date{}, civil.Date{}
	for _, c := range []struct {
		name      string
		pct       int
		completed int64
		today     string
		known     bool
		days      int
	}{
		{"no progress", 0, 0, "2021-06-01", false, 0},
		// Half the investment in 365 days projects 730: 2023-01-06, on time.
		{"half by investment", 0, 13_000_000_000, "2022-01-06", true, 0},
		// 形象进度 wins over investment: 80% in 365 days → 457 days.
		{"by stated progress", 80, 13_000_000_000, "2022-01-06", true, 730 - 457},
		{"a quarter in a year", 25, 0, "2022-01-06", true, 730 - 1460},
	} {
		p.ProgressPct, p.CompletedFen = c.pct, c.completed
		tm := TimingOf(p, d(c.today))
		if tm.Known != c.known || tm.Days != c.days || (c.known && !tm.Projected) {
			t.Errorf("%s: %+v, want known=%v days=%d", c.name, tm, c.known, c.days)
		}
	}
}

// TestTimingStaleProgress (issue 14, f): a project whose last report is
// years old is projected at the pace it kept up to that report, not
// stretched to today (滞后2442天 in the demo for a project due in 2023 with
// 55% reported in November 2023); once that projected finish has passed
// unfinished, the delay is counted to today and said to be a least one.
func TestTimingStaleProgress(t *testing.T) {
	p := lighthouse()
	p.FinishedOn, p.OpenedOn = civil.Date{}, civil.Date{}
	p.StartedOn, p.Plan.FinishOn = d("2022-07-20"), d("2023-10-31")
	p.ProgressPct, p.ProgressYM = 55, 202311
	// 2022-07-20 to 2023-11-30 is 498 days for 55%: 906 days, 2025-01-11.
	tm := TimingOf(p, d("2024-01-10"))
	if !tm.Known || !tm.Projected || tm.Overdue || tm.FinishOn != d("2025-01-11") || tm.AsOf != d("2023-11-30") || tm.Share != 55 {
		t.Errorf("read in 2024: %+v", tm)
	}
	if tm.Days != -438 {
		t.Errorf("read in 2024: %d days, want 438 behind", tm.Days)
	}
	tm = TimingOf(p, d("2026-12-05"))
	if !tm.Overdue || tm.FinishOn != d("2026-12-05") || tm.Forecast != d("2025-01-11") {
		t.Errorf("read in 2026: %+v", tm)
	}
	if want := -d("2023-10-31").DaysUntil(d("2026-12-05")); tm.Days != want || tm.Days < -1200 {
		t.Errorf("read in 2026: %d days, want %d (to today, not 2442)", tm.Days, want)
	}
	// A report of this month: the pace to today, as before.
	p.ProgressYM = 202612
	if tm := TimingOf(p, d("2026-12-05")); tm.AsOf != d("2026-12-05") {
		t.Errorf("a current report is as of today: %+v", tm)
	}
}

func TestValidate(t *testing.T) {
	today := d("2023-12-18")
	for _, c := range []struct {
		name   string
		change func(*Project)
		fields []string
	}{
		{"the page's project", func(*Project) {}, nil},
		{"planned finish before start", func(p *Project) { p.Plan.FinishOn = d("2020-01-01") }, []string{"planned_finish"}},
		{"finish before start", func(p *Project) { p.FinishedOn, p.OpenedOn = d("2020-12-31"), civil.Date{} }, []string{"finished_on"}},
		{"finish without start", func(p *Project) { p.StartedOn = civil.Date{} }, []string{"finished_on"}},
		{"in the future", func(p *Project) { p.OpenedOn = d("2024-01-01") }, []string{"opened_on"}},
		{"suspended once finished", func(p *Project) { p.SuspendedOn = d("2022-10-01") }, []string{"suspended_on"}},
		{"everything at once", func(p *Project) {
			p.Name, p.TotalFen, p.Category, p.Level = " ", 0, "road", "county"
			p.Items[1].Name = ""
			p.Parties = []Party{{Role: "boss", Name: "x"}}
		}, []string{"name", "total_fen", "category", "level", "items.2.name", "parties.1.role"}},
		{"items above the total", func(p *Project) { p.Items[0].InvestmentFen = p.TotalFen + 1 }, []string{"items"}},
	} {
		p := lighthouse()
		c.change(&p)
		err := Validate(&p, today)
		if len(c.fields) == 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		f := fields(t, err)
		for _, name := range c.fields {
			if !f.Has(name) {
				t.Errorf("%s: %s not named in %v", c.name, name, f)
			}
		}
		if len(f) != len(c.fields) {
			t.Errorf("%s: %v, want exactly %v", c.name, f, c.fields)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in          string
		ok          bool
		first, last string
	}{
		{"2022-03", true, "2022-03-01", "2022-03-31"},
		{"2022-02-3", true, "2022-02-21", "2022-02-28"},
		{"2022-03-2", true, "2022-03-11", "2022-03-20"},
		{"2022-13", false, "", ""},
		{"2022-03-4", false, "", ""},
		{"2022-3", false, "", ""},
		{"2022-03-1x", false, "", ""},
	} {
		p, err := ParsePeriod(c.in)
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v", c.in, err)
			continue
		}
		if c.ok && (p.First().String() != c.first || p.Last().String() != c.last || p.String() != c.in) {
			t.Errorf("%s: %s..%s", c.in, p.First(), p.Last())
		}
	}
	if got := PeriodOf(d("2022-03-21"), TenDay).String(); got != "2022-03-3" {
		t.Errorf("PeriodOf %s", got)
	}
}

func period(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestCheckReport(t *testing.T) {
	p := lighthouse()
	stored := []Report{{ID: 1, Period: period("2021-01"), CompletedFen: 20_000_000_000, Version: 1, ReportedOn: d("2021-02-03")}}
	today := d("2023-12-18")
	for _, c := range []struct {
		name   string
		r      Report
		fields []string
		kind   errs.Kind
	}{
		{"a month of the span", Report{Period: period("2022-05"), CompletedFen: 1_000_000}, nil, 0},
		{"before the start", Report{Period: period("2020-12"), CompletedFen: 1}, []string{"period"}, 0},
		{"after the finish", Report{Period: period("2022-10"), CompletedFen: 1}, []string{"period"}, 0},
		{"a 旬 of a monthly project", Report{Period: period("2022-05-2")}, []string{"period"}, 0},
		{"twice", Report{Period: period("2021-01"), CompletedFen: 5}, []string{"period"}, 0},
		{"a correction", Report{Period: period("2021-01"), CompletedFen: 5, Version: 1}, nil, 0},
		{"a stale correction", Report{Period: period("2021-01"), CompletedFen: 5, Version: 3}, nil, errs.Conflict},
		{"above the total", Report{Period: period("2022-06"), CompletedFen: 7_000_000_000}, []string{"completed_fen"}, 0},
		{"above the total, explained", Report{Period: period("2022-06"), CompletedFen: 7_000_000_000, Note: "含变更签证"}, nil, 0},
		{"bad figures", Report{Period: period("2022-06"), CompletedFen: -1, PlannedFen: -1, ProgressPct: 101},
			[]string{"completed_fen", "planned_fen", "progress_pct"}, 0},
	} {
		r := c.r
		_, err := CheckReport(p, stored, &r, today)
		switch {
		case c.kind != 0:
			if !errs.Is(err, c.kind) {
				t.Errorf("%s: %v", c.name, err)
			}
		case len(c.fields) == 0:
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		default:
			f := fields(t, err)
			for _, name := range c.fields {
				if !f.Has(name) {
					t.Errorf("%s: %s not named in %v", c.name, name, f)
				}
			}
		}
	}
	p.Cadence = TenDay
	r := Report{Period: period("2022-05")}
	if _, err := CheckReport(p, nil, &r, today); !fields(t, err).Has("period") {
		t.Error("a month report of a 旬 project was taken")
	}
}

func TestLateAndCumulative(t *testing.T) {
	s := DefaultSettings()
	rs := []Report{
		{Period: period("2022-01"), CompletedFen: 10, ReportedOn: d("2022-02-05")},
		{Period: period("2022-02"), CompletedFen: 20, ReportedOn: d("2022-03-06")},
		{Period: period("2022-03-1"), CompletedFen: 5, ReportedOn: d("2022-03-12")},
		{Period: period("2022-03-2"), CompletedFen: 5, ReportedOn: d("2022-03-23")},
	}
	Cumulate(rs, s)
	want := []struct {
		cum  int64
		late bool
	}{{10, false}, {30, true}, {35, false}, {40, true}}
	for i, w := range want {
		if rs[i].CumulativeFen != w.cum || rs[i].Late != w.late {
			t.Errorf("%s: cum %d late %v, want %+v", rs[i].Period, rs[i].CumulativeFen, rs[i].Late, w)
		}
	}
}

func TestChecks(t *testing.T) {
	today := d("2023-12-18")
	p := lighthouse()
	award := Award{Name: "2023年度广东省市政优良样板工程", Level: AwardProvince, Issuer: "广东省市政行业协会", Year: 2023}
	if err := CheckAward(p, &award, today); err != nil {
		t.Errorf("the page's award: %v", err)
	}
	early := award
	early.Year = 2021
	if !fields(t, CheckAward(p, &early, today)).Has("year") {
		t.Error("an award before completion was taken")
	}
	p.FinishedOn, p.OpenedOn = civil.Date{}, civil.Date{}
	if !fields(t, CheckAward(p, &award, today)).Has("year") {
		t.Error("an award of an unfinished project was taken")
	}
	pr := Problem{Issue: "管线迁改滞后", RaisedOn: d("2021-05-10"), Owner: "佛高控股", DueOn: d("2021-05-01"), ResolvedOn: d("2021-06-01")}
	f := fields(t, CheckProblem(&pr, today))
	if !f.Has("due_on") || !f.Has("resolution") {
		t.Errorf("problem: %v", f)
	}
	in := Inspection{Kind: InspectSafety, On: d("2022-03-01"), Inspector: "区住建局",
		Findings: []Finding{{Text: "临边防护缺失", DueOn: d("2022-03-05")}, {Text: "", DueOn: d("2022-02-01")}}}
	f = fields(t, CheckInspection(&in, today))
	if !f.Has("findings.2.text") || !f.Has("findings.2.due_on") || f.Has("findings.1.text") {
		t.Errorf("inspection: %v", f)
	}
	in.Findings = in.Findings[:1]
	if err := CloseFinding(&in, 1, d("2022-03-04"), "已整改", today); err != nil || in.Findings[0].Overdue(today) {
		t.Errorf("close: %v", err)
	}
	m := Milestone{Name: "灯塔路通车", DueOn: d("2022-12-31"), DoneOn: d("2022-09-27")}
	if CheckMilestone(&m, today) != nil || m.Overdue(today) {
		t.Error("a milestone done in time")
	}
	m.DoneOn = civil.Date{}
	if !m.Overdue(today) {
		t.Error("an open milestone past its deadline is not overdue")
	}
}

// stockAt is the value spans leave at the end of month m under dim.
func stockAt(spans []indicator.Span, dim indicator.DimKey, m indicator.YM) int64 {
	var n int64
	for _, s := range spans {
		if s.Dim == dim && s.Covers(m) {
			n += s.Delta
		}
	}
	return n
}

// A property of the project count over random projects: at every month end
// from the month it is counted, the project is in exactly one status, and
// that status is the one its dates give at that month's end; before, in
// none; and the spans of a change cancel out exactly.
func TestCountSpansProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2023))
	base := d("2019-01-01")
	for i := range 500 {
		p := Project{ZoneID: 1, Level: LevelCity, Category: CategoryMunicipal, RecordedOn: base.AddDays(rng.IntN(900))}
		if rng.IntN(5) > 0 {
			p.StartedOn = base.AddDays(rng.IntN(1200))
			if rng.IntN(2) == 0 {
				p.FinishedOn = p.StartedOn.AddDays(rng.IntN(800))
				if rng.IntN(2) == 0 {
					p.OpenedOn = p.FinishedOn.AddDays(rng.IntN(90))
				}
			} else if rng.IntN(3) == 0 {
				p.SuspendedOn = p.StartedOn.AddDays(rng.IntN(300))
			}
		}
		spans := CountSpans(p, 1)
		first := p.RecordedOn
		if !p.StartedOn.IsZero() && p.StartedOn.Before(first) {
			first = p.StartedOn
		}
		for m := indicator.MonthOf(2018, 12); m <= indicator.MonthOf(2024, 12); m = m.Add(1) {
			counted := !m.Last().Before(first)
			if got := stockAt(spans, indicator.Total, m); got != b2i(counted) {
				t.Fatalf("project %d: total at %s = %d (%+v)", i, m, got, p)
			}
			at := p
			end := m.Last()
			for _, dd := range []*civil.Date{&at.StartedOn, &at.FinishedOn, &at.OpenedOn, &at.SuspendedOn} {
				if end.Before(*dd) {
					*dd = civil.Date{}
				}
			}
			// A status reached after the month of the count's start is
			// counted from its own month.
			want := Derive(at)
			for _, s := range Statuses() {
				got := stockAt(spans, indicator.Dim(DimStatus, string(s)), m)
				if got != b2i(counted && s == want) {
					t.Fatalf("project %d: %s at %s = %d, want status %s (%+v)", i, s, m, got, want, p)
				}
			}
		}
		both := append(CountSpans(p, 1), CountSpans(p, -1)...)
		if rows := indicator.SpanRows(both); !allZero(rows) {
			t.Fatalf("project %d: a change back leaves %v", i, rows)
		}
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func allZero(rows []indicator.Row) bool {
	for _, r := range rows {
		if r.Value != 0 {
			return false
		}
	}
	return true
}

func TestCardRows(t *testing.T) {
	p := lighthouse()
	got := map[string]int64{}
	for _, r := range CardRows(p, 1) {
		got[r.Indicator+"|"+string(r.Dim)+"|"+r.Month.String()] += r.Value
	}
	for k, v := range map[string]int64{
		"project.started||2021-01": 1, "project.started|timing=on_time|2021-01": 1,
		"project.completed||2022-09": 1, "project.completed|timing=ahead|2022-09": 1,
		"project.days_ahead||2022-09": 101,
	} {
		if got[k] != v {
			t.Errorf("%s = %d, want %d (%v)", k, got[k], v, got)
		}
	}
}
