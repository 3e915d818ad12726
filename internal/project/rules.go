package project

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Derive is the status a project's dated facts give: suspended while
// suspended, opened once opened to traffic or use, completed once finished,
// building once started, else prep.
func Derive(p Project) Status {
	switch {
	case !p.SuspendedOn.IsZero():
		return StatusSuspended
	case !p.OpenedOn.IsZero():
		return StatusOpened
	case !p.FinishedOn.IsZero():
		return StatusCompleted
	case !p.StartedOn.IsZero():
		return StatusBuilding
	}
	return StatusPrep
}

// Timing is how far ahead (Days > 0) or behind (Days < 0) of the plan in
// force a project finished, or is projected to finish while under way.
type Timing struct {
	Known       bool       `json:"known"`
	Days        int        `json:"days"`
	Projected   bool       `json:"projected"`    // from progress, not a finish
	FinishOn    civil.Date `json:"finish_on"`    // actual or projected finish
	PlanVersion int        `json:"plan_version"` // the plan the days are against
	PlanFinish  civil.Date `json:"plan_finish"`
	// For a projection: the progress it is made from (a share in percent),
	// the day that progress was reported as of, and the finish that pace
	// gives; Overdue when that finish had already passed, so that today
	// stands for it (FinishOn) and the delay is a least one.
	Share    int        `json:"share,omitempty"`
	AsOf     civil.Date `json:"as_of,omitempty"`
	Forecast civil.Date `json:"forecast,omitempty"`
	Overdue  bool       `json:"overdue,omitempty"`
}

// Timing classes (the indicators' timing dimension and the list filter).
const (
	Ahead  = "ahead"
	OnTime = "on_time"
	Behind = "behind"
)

// TimingClasses lists the classes.
func TimingClasses() []string { return []string{Ahead, OnTime, Behind} }

// Class is Ahead, OnTime or Behind; "" when not known.
func (t Timing) Class() string { return classOf(t.Known, t.Days) }

func classOf(known bool, days int) string {
	switch {
	case !known:
		return ""
	case days > 0:
		return Ahead
	case days == 0:
		return OnTime
	}
	return Behind
}

// TimingOf works out p's timing on day today against its plan in force: a
// finished project by its finish; one under way by the finish its progress
// projects (the latest stated 形象进度, else the share of investment
// completed) at the pace it kept from its start to the month that progress
// was reported for (ProgressYM) — not to today, which would read a report
// left stale for years as years of delay. A projected finish already past
// is today (the project has not finished, so it finishes no earlier).
// Nothing is known before it started or while it has no progress.
func TimingOf(p Project, today civil.Date) Timing {
	t := Timing{PlanVersion: p.Plan.Version, PlanFinish: p.Plan.FinishOn}
	switch {
	case !p.FinishedOn.IsZero():
		t.Known, t.FinishOn = true, p.FinishedOn
	case !p.StartedOn.IsZero():
		share := float64(p.ProgressPct) / 100
		if share <= 0 && p.TotalFen > 0 {
			share = float64(p.CompletedFen) / float64(p.TotalFen)
		}
		asOf := today
		if p.ProgressYM > 0 {
			if end := monthEnd(p.ProgressYM); end.Before(today) {
				asOf = end
			}
		}
		elapsed := p.StartedOn.DaysUntil(asOf)
		if share <= 0 || elapsed <= 0 {
			return t
		}
		if share >= 1 {
			t.FinishOn, t.Forecast = today, today
		} else {
			days := int(float64(elapsed)/share + 0.999999)
			t.FinishOn = p.StartedOn.AddDays(days)
			t.Forecast = t.FinishOn
			if t.FinishOn.Before(today) {
				t.FinishOn, t.Overdue = today, true
			}
		}
		t.Known, t.Projected = true, true
		t.Share, t.AsOf = int(share*100+0.5), asOf
	default:
		return t
	}
	t.Days = t.FinishOn.DaysUntil(p.Plan.FinishOn)
	return t
}

// monthEnd is the last day of month ym (YYYYMM).
func monthEnd(ym int) civil.Date {
	return civil.Of(time.Date(ym/100, time.Month(ym%100)+1, 0, 0, 0, 0, 0, time.UTC))
}

// StartDays is how many days before its planned start a project started
// (negative: after); ok is false before it started.
func StartDays(p Project) (days int, ok bool) {
	if p.StartedOn.IsZero() {
		return 0, false
	}
	return p.StartedOn.DaysUntil(p.Plan.StartOn), true
}

// Field names of a row of a list in error messages: "items.2.name".
func rowField(list string, row int, name string) string {
	return list + "." + strconv.Itoa(row) + "." + name
}

const maxText = 500

func trim(s *string) { *s = strings.TrimSpace(*s) }

// required checks a trimmed text field is set and not too long.
func required(f *errs.Fields, field string, s *string) {
	trim(s)
	if *s == "" {
		f.Add(field, "error.required")
	} else if utf8.RuneCountInString(*s) > maxText {
		f.Add(field, "project.err.too_long", maxText)
	}
}

// optional checks a trimmed text field is not too long.
func optional(f *errs.Fields, field string, s *string) {
	trim(s)
	if utf8.RuneCountInString(*s) > 4*maxText {
		f.Add(field, "project.err.too_long", 4*maxText)
	}
}

// notAfter refuses a date after today (a fact cannot be recorded ahead).
func notAfter(f *errs.Fields, field string, d, today civil.Date) {
	if !d.IsZero() && today.Before(d) {
		f.Add(field, "project.err.future", today.String())
	}
}

// Validate checks a project's card and normalises it in place: text
// trimmed, rows numbered, the status derived, the recording day defaulted
// to today. Every problem is reported at once, per field. The builder must
// be resolved by the caller (BuilderID 0 is reported on "builder").
func Validate(p *Project, today civil.Date) error {
	var f errs.Fields
	required(&f, "name", &p.Name)
	optional(&f, "responsible", &p.Responsible)
	optional(&f, "summary", &p.Summary)
	if p.BuilderID == 0 && !f.Has("builder") {
		f.Add("builder", "error.required")
	}
	if !p.Category.Valid() {
		f.Add("category", "project.err.category")
	}
	if !p.Level.Valid() {
		f.Add("level", "project.err.level")
	}
	if p.Cadence == "" {
		p.Cadence = Monthly
	}
	if !p.Cadence.Valid() {
		f.Add("cadence", "project.err.cadence")
	}
	if p.TotalFen <= 0 {
		f.Add("total_fen", "project.err.total")
	}
	checkPlan(&f, p.Plan)
	if p.RecordedOn.IsZero() {
		p.RecordedOn = today
	}
	notAfter(&f, "recorded_on", p.RecordedOn, today)
	notAfter(&f, "started_on", p.StartedOn, today)
	notAfter(&f, "finished_on", p.FinishedOn, today)
	notAfter(&f, "opened_on", p.OpenedOn, today)
	notAfter(&f, "suspended_on", p.SuspendedOn, today)
	if !p.FinishedOn.IsZero() {
		switch {
		case p.StartedOn.IsZero():
			f.Add("finished_on", "project.err.finish_without_start")
		case p.FinishedOn.Before(p.StartedOn):
			f.Add("finished_on", "project.err.finish_before_start", p.StartedOn.String())
		}
	}
	if !p.OpenedOn.IsZero() {
		switch {
		case p.FinishedOn.IsZero():
			f.Add("opened_on", "project.err.open_without_finish")
		case p.OpenedOn.Before(p.FinishedOn):
			f.Add("opened_on", "project.err.open_before_finish", p.FinishedOn.String())
		}
	}
	if !p.SuspendedOn.IsZero() {
		switch {
		case p.StartedOn.IsZero():
			f.Add("suspended_on", "project.err.suspend_without_start")
		case !p.FinishedOn.IsZero():
			f.Add("suspended_on", "project.err.suspend_finished")
		case p.SuspendedOn.Before(p.StartedOn):
			f.Add("suspended_on", "project.err.suspend_before_start", p.StartedOn.String())
		}
	}
	var items int64
	for i := range p.Items {
		it := &p.Items[i]
		it.Row = i + 1
		required(&f, rowField("items", it.Row, "name"), &it.Name)
		optional(&f, rowField("items", it.Row, "note"), &it.Note)
		if it.Kind == "" {
			it.Kind = ItemOther
		}
		if !slices.Contains(ItemKinds(), it.Kind) {
			f.Add(rowField("items", it.Row, "kind"), "project.err.item_kind")
		}
		if it.LengthM < 0 || it.AreaM2 < 0 || it.InvestmentFen < 0 {
			f.Add(rowField("items", it.Row, "investment_fen"), "error.out_of_range")
		}
		items += it.InvestmentFen
	}
	if p.TotalFen > 0 && items > p.TotalFen {
		f.Add("items", "project.err.items_over_total")
	}
	for i := range p.Parties {
		x := &p.Parties[i]
		x.Row = i + 1
		required(&f, rowField("parties", x.Row, "name"), &x.Name)
		if !slices.Contains(PartyRoles(), x.Role) {
			f.Add(rowField("parties", x.Row, "role"), "project.err.party_role")
		}
	}
	for i := range p.Methods {
		x := &p.Methods[i]
		x.Row = i + 1
		required(&f, rowField("methods", x.Row, "name"), &x.Name)
		optional(&f, rowField("methods", x.Row, "note"), &x.Note)
	}
	p.Status = Derive(*p)
	return f.Err()
}

func checkPlan(f *errs.Fields, pl Plan) {
	if pl.StartOn.IsZero() {
		f.Add("planned_start", "error.required")
	}
	if pl.FinishOn.IsZero() {
		f.Add("planned_finish", "error.required")
	}
	if !pl.StartOn.IsZero() && !pl.FinishOn.IsZero() && !pl.StartOn.Before(pl.FinishOn) {
		f.Add("planned_finish", "project.err.finish_before_start", pl.StartOn.String())
	}
}

// Rebaseline returns p with plan next in force when next's dates differ
// from the plan in force: a new version that keeps the old in p.Plans.
// A changed plan needs its reason.
func Rebaseline(p Project, start, finish civil.Date, reason, by string, today civil.Date) (Project, error) {
	if start.IsZero() {
		start = p.Plan.StartOn
	}
	if finish.IsZero() {
		finish = p.Plan.FinishOn
	}
	if start == p.Plan.StartOn && finish == p.Plan.FinishOn {
		return p, nil
	}
	var f errs.Fields
	next := Plan{Version: p.Plan.Version + 1, StartOn: start, FinishOn: finish, Reason: strings.TrimSpace(reason), SetOn: today, SetBy: by}
	checkPlan(&f, next)
	if next.Reason == "" {
		f.Add("plan_reason", "project.err.plan_reason")
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	p.Plans = append(append([]Plan(nil), p.Plans...), next)
	p.Plan = next
	return p, nil
}

// Span is the first and last period a project may report for: from the
// month (or 旬) it started — its planned start before that — to the one it
// finished in, or today's while it has not finished.
func Span(p Project, today civil.Date) (first, last Period) {
	from := p.StartedOn
	if from.IsZero() {
		from = p.Plan.StartOn
	}
	to := p.FinishedOn
	if to.IsZero() {
		to = today
	}
	return PeriodOf(from, p.Cadence), PeriodOf(to, p.Cadence)
}

// CheckReport checks a report of p for its period against the reports
// stored (others, any order) and normalises it. A period already reported
// may only be corrected: r.Version must name the stored version. Every
// problem is reported at once, per field.
func CheckReport(p Project, others []Report, r *Report, today civil.Date) (prev *Report, err error) {
	var f errs.Fields
	trim(&r.ProgressText)
	trim(&r.Note)
	optional(&f, "progress_text", &r.ProgressText)
	optional(&f, "note", &r.Note)
	switch {
	case r.Period.IsZero():
		f.Add("period", "project.err.period")
	case r.Period.TenDay() && p.Cadence == Monthly:
		f.Add("period", "project.err.xun_for_monthly", r.Period.String())
	case !r.Period.TenDay() && p.Cadence == TenDay:
		f.Add("period", "project.err.month_for_xun", r.Period.String())
	default:
		first, last := Span(p, today)
		if r.Period.Before(first) || last.Before(r.Period) {
			f.Add("period", "project.err.period_outside", r.Period.String(), first.String(), last.String())
		}
	}
	if r.PlannedFen < 0 {
		f.Add("planned_fen", "error.out_of_range")
	}
	if r.CompletedFen < 0 {
		f.Add("completed_fen", "error.out_of_range")
	}
	if r.ProgressPct < 0 || r.ProgressPct > 100 {
		f.Add("progress_pct", "error.out_of_range")
	}
	var sum int64
	for i := range others {
		o := others[i]
		if o.Period == r.Period {
			prev = &others[i]
			continue
		}
		sum += o.CompletedFen
	}
	if prev != nil && r.Version != prev.Version {
		if r.Version == 0 {
			f.Add("period", "project.err.reported_twice", r.Period.String(), prev.ReportedOn.String())
		} else {
			return prev, errs.E(errs.Conflict, "error.stale")
		}
	}
	if prev == nil && r.Version != 0 && !f.Has("period") {
		f.Add("version", "project.err.no_report", r.Period.String())
	}
	if cum := sum + r.CompletedFen; r.CompletedFen > 0 && cum > p.TotalFen && r.Note == "" {
		f.Add("completed_fen", "project.err.over_total", fenText(cum), fenText(p.TotalFen))
	}
	return prev, f.Err()
}

// fenText writes fen as 万元 with up to four decimals, for messages.
func fenText(fen int64) string {
	wan := fen / 1_000_000
	rest := fen % 1_000_000
	s := strconv.FormatInt(wan, 10)
	if rest != 0 {
		frac := strings.TrimRight(strconv.FormatInt(1_000_000+rest, 10)[1:], "0")
		s += "." + frac
	}
	return s + "万元"
}

// Cumulate sets each report's cumulative investment and lateness; reports
// must be in period order.
func Cumulate(reports []Report, s Settings) {
	var sum int64
	for i := range reports {
		sum += reports[i].CompletedFen
		reports[i].CumulativeFen = sum
		reports[i].Late = reports[i].Period.Due(s).Before(reports[i].ReportedOn)
	}
}

// CheckMilestone checks a milestone and normalises it.
func CheckMilestone(m *Milestone, today civil.Date) error {
	var f errs.Fields
	required(&f, "name", &m.Name)
	optional(&f, "unit", &m.Unit)
	optional(&f, "note", &m.Note)
	if m.DueOn.IsZero() {
		f.Add("due_on", "error.required")
	}
	notAfter(&f, "done_on", m.DoneOn, today)
	return f.Err()
}

// CheckProblem checks a ledger entry and normalises it: a resolved problem
// says how, and neither date runs ahead of today or before it was raised.
func CheckProblem(x *Problem, today civil.Date) error {
	var f errs.Fields
	required(&f, "issue", &x.Issue)
	required(&f, "owner", &x.Owner)
	optional(&f, "resolution", &x.Resolution)
	if x.RaisedOn.IsZero() {
		f.Add("raised_on", "error.required")
	}
	notAfter(&f, "raised_on", x.RaisedOn, today)
	switch {
	case x.DueOn.IsZero():
		f.Add("due_on", "error.required")
	case !x.RaisedOn.IsZero() && x.DueOn.Before(x.RaisedOn):
		f.Add("due_on", "project.err.before_raised", x.RaisedOn.String())
	}
	if !x.ResolvedOn.IsZero() {
		notAfter(&f, "resolved_on", x.ResolvedOn, today)
		if !x.RaisedOn.IsZero() && x.ResolvedOn.Before(x.RaisedOn) {
			f.Add("resolved_on", "project.err.before_raised", x.RaisedOn.String())
		}
		if x.Resolution == "" {
			f.Add("resolution", "project.err.resolution")
		}
	}
	return f.Err()
}

// CheckInspection checks an inspection with its findings and normalises
// it; findings are numbered in order.
func CheckInspection(x *Inspection, today civil.Date) error {
	var f errs.Fields
	if !slices.Contains(InspectionKinds(), x.Kind) {
		f.Add("kind", "project.err.inspection_kind")
	}
	required(&f, "inspector", &x.Inspector)
	optional(&f, "notes", &x.Notes)
	if x.On.IsZero() {
		f.Add("on", "error.required")
	}
	notAfter(&f, "on", x.On, today)
	for i := range x.Findings {
		fd := &x.Findings[i]
		fd.Row = i + 1
		checkFinding(&f, fd, x.On, today)
	}
	return f.Err()
}

func checkFinding(f *errs.Fields, fd *Finding, on, today civil.Date) {
	fld := func(name string) string { return rowField("findings", fd.Row, name) }
	required(f, fld("text"), &fd.Text)
	optional(f, fld("closure"), &fd.Closure)
	switch {
	case fd.DueOn.IsZero():
		f.Add(fld("due_on"), "error.required")
	case !on.IsZero() && fd.DueOn.Before(on):
		f.Add(fld("due_on"), "project.err.before_inspection", on.String())
	}
	if !fd.ClosedOn.IsZero() {
		notAfter(f, fld("closed_on"), fd.ClosedOn, today)
		if !on.IsZero() && fd.ClosedOn.Before(on) {
			f.Add(fld("closed_on"), "project.err.before_inspection", on.String())
		}
		if fd.Closure == "" {
			f.Add(fld("closure"), "project.err.closure")
		}
	}
}

// CloseFinding checks the closure of finding row of x.
func CloseFinding(x *Inspection, row int, closedOn civil.Date, closure string, today civil.Date) error {
	if row < 1 || row > len(x.Findings) {
		return errs.NotFoundf("project.entity.finding")
	}
	fd := &x.Findings[row-1]
	fd.ClosedOn, fd.Closure = closedOn, closure
	var f errs.Fields
	if closedOn.IsZero() {
		f.Add(rowField("findings", row, "closed_on"), "error.required")
	}
	checkFinding(&f, fd, x.On, today)
	return f.Err()
}

// CheckAward checks an award of p: a project is awarded for finished work,
// so the award's year cannot come before the year it finished.
func CheckAward(p Project, x *Award, today civil.Date) error {
	var f errs.Fields
	required(&f, "name", &x.Name)
	required(&f, "issuer", &x.Issuer)
	if !slices.Contains(AwardLevels(), x.Level) {
		f.Add("level", "project.err.award_level")
	}
	switch {
	case x.Year < 1949 || x.Year > today.Year:
		f.Add("year", "error.out_of_range")
	case p.FinishedOn.IsZero():
		f.Add("year", "project.err.award_unfinished")
	case x.Year < p.FinishedOn.Year:
		f.Add("year", "project.err.award_before_completion", x.Year, p.FinishedOn.String())
	}
	notAfter(&f, "awarded_on", x.AwardedOn, today)
	if !x.AwardedOn.IsZero() && !p.FinishedOn.IsZero() && x.AwardedOn.Before(p.FinishedOn) {
		f.Add("awarded_on", "project.err.award_before_completion", x.Year, p.FinishedOn.String())
	}
	return f.Err()
}
