package invest

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
)

// Bounds of amounts: a project's planned investment and a company's capital
// above 1000亿元, or a fund above 1万亿元, is a typing error (元 entered as
// 万元, or the other way round), not a project.
const (
	MaxAmountFen = 1000 * 100_000_000 * 100
	MaxFundFen   = 10000 * 100_000_000 * 100
)

// Settings say which steps need the approval of the level above and whether
// a step may skip stages or go back. An operator changes them; the defaults
// are DefaultSettings.
type Settings struct {
	// Approvals maps a stage to the level that must approve a step into it.
	Approvals map[Stage]Level `json:"approvals"`
	AllowSkip bool            `json:"allow_skip"`
	AllowBack bool            `json:"allow_back"`
}

// Approval returns the level that must approve a step into stage to.
func (s Settings) Approval(to Stage) Level { return s.Approvals[to] }

// Approves reports whether role r gives approvals of level l.
func Approves(r access.Role, l Level) bool {
	switch l {
	case LevelZone:
		return r == access.ZoneAdmin
	case LevelCity:
		return r == access.City
	}
	return false
}

// Transition works out the step that moves p to stage to on day on, taken
// by role: field problems are Invalid, a step the pipeline does not allow
// is a Conflict, a step that needs an approval the role may not give (or
// that a role which only approves may not take) is Forbidden. The note is
// the approver's opinion when an approval is needed and the reason of 终止.
func Transition(p Project, to Stage, on civil.Date, note string, role access.Role, s Settings, today civil.Date) (Step, error) {
	note = strings.TrimSpace(note)
	var f errs.Fields
	if !to.Valid() {
		f.Add("to", "invest.err.stage")
	}
	switch {
	case on.IsZero():
		f.Add("on", "error.required")
	case today.Before(on):
		f.Add("on", "invest.err.future", today.String())
	case on.Before(p.StageOn):
		f.Add("on", "invest.err.before_stage", p.StageOn.String())
	}
	text(&f, "note", note, maxText)
	if err := f.Err(); err != nil {
		return Step{}, err
	}
	cur := p.Stage
	switch {
	case cur.Closed():
		return Step{}, errs.E(errs.Conflict, "invest.err.closed", errs.M(cur.Key()))
	case to == cur:
		return Step{}, errs.E(errs.Conflict, "invest.err.same_stage", errs.M(cur.Key()))
	case to == StageTerminated:
		// From any stage.
	case to.index() < cur.index() && !s.AllowBack:
		return Step{}, errs.E(errs.Conflict, "invest.err.backward", errs.M(cur.Key()), errs.M(to.Key()))
	case to.index() > cur.index()+1 && !s.AllowSkip:
		return Step{}, errs.E(errs.Conflict, "invest.err.skip", errs.M(cur.Key()), errs.M(to.Key()), errs.M(Stages()[cur.index()+1].Key()))
	case to.Reached(StageRegistered) && p.EnterpriseID == 0:
		return Step{}, errs.E(errs.Conflict, "invest.err.register_first")
	}
	step := Step{ProjectID: p.ID, From: cur, To: to, On: on, Note: note}
	if l := s.Approval(to); l != LevelNone {
		if !Approves(role, l) {
			return Step{}, errs.E(errs.Forbidden, "invest.err.approval", errs.M(to.Key()), errs.M(l.Key()))
		}
		step.Approval = l
		if note == "" {
			f.Add("note", "invest.err.opinion")
		}
	} else if role != access.ZoneAdmin && role != access.ZoneStaff {
		return Step{}, errs.E(errs.Forbidden, "invest.err.approver_only")
	}
	if to == StageTerminated && note == "" {
		f.Add("note", "invest.err.reason")
	}
	return step, f.Err()
}

// Apply returns p after step.
func Apply(p Project, step Step) Project {
	p.Stage, p.StageOn = step.To, step.On
	if step.To == StageTerminated {
		p.TerminatedReason = step.Note
	}
	return p
}

const maxText = 2000

func text(f *errs.Fields, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		f.Add(field, "error.too_long", max)
	}
}

func required(f *errs.Fields, field, s string, max int) {
	if s == "" {
		f.Add(field, "error.required")
	}
	text(f, field, s, max)
}

func amount(f *errs.Fields, field string, fen, max int64) {
	switch {
	case fen < 0:
		f.Add(field, "invest.err.negative")
	case fen > max:
		f.Add(field, "invest.err.absurd", max/100/100_000_000)
	}
}

func uscc(f *errs.Fields, field string, code *string) {
	*code = enterprise.NormalizeUSCC(*code)
	if *code == "" {
		return
	}
	if m := enterprise.USCCProblem(*code); m != nil {
		f.Add(field, m.Key, m.Args...)
	}
}

func trim(ss ...*string) {
	for _, s := range ss {
		*s = strings.TrimSpace(*s)
	}
}

// ValidateProject checks what a clerk enters of a project and normalises
// it in place (stage, registration and money arrived are changed by their
// own steps).
func ValidateProject(p *Project) error {
	var f errs.Fields
	validateProject(p, &f)
	return f.Err()
}

func validateProject(p *Project, fp *errs.Fields) {
	trim(&p.Name, &p.Investor, &p.InvestorHonours, &p.Park, &p.Owner, &p.Facts)
	f := *fp
	defer func() { *fp = f }()
	required(&f, "name", p.Name, 200)
	required(&f, "investor", p.Investor, 200)
	uscc(&f, "investor_uscc", &p.InvestorUSCC)
	if !slices.Contains(Origins(), p.Origin) {
		f.Add("origin", "invest.err.origin")
	}
	if p.InvestorListing == "" {
		p.InvestorListing = "none"
	}
	if !slices.Contains(Listings(), p.InvestorListing) {
		f.Add("investor_listing", "error.not_in_list")
	}
	text(&f, "investor_honours", p.InvestorHonours, 200)
	if !slices.Contains(Industries(), p.Industry) {
		f.Add("industry", "invest.err.industry")
	}
	if !slices.Contains(Modes(), p.Mode) {
		f.Add("mode", "invest.err.mode")
	}
	amount(&f, "planned_fen", p.PlannedFen, MaxAmountFen)
	text(&f, "park", p.Park, 100)
	text(&f, "owner", p.Owner, 100)
	if p.Agreement != AgreementNone && !slices.Contains(Agreements(), p.Agreement) {
		f.Add("agreement", "invest.err.agreement")
	}
	text(&f, "facts", p.Facts, 4000)
}

// ValidateRegistration checks the company a project registers: the project
// is signed (and not terminated), the capital is in range and paid-in is not
// above registered.
func ValidateRegistration(p Project, r *Registration, today civil.Date) error {
	trim(&r.Name, &r.Nature, &r.Industry)
	if p.Stage == StageTerminated || !p.Stage.Reached(StageSigned) {
		return errs.E(errs.Conflict, "invest.err.register_unsigned")
	}
	var f errs.Fields
	r.USCC = enterprise.NormalizeUSCC(r.USCC)
	if r.USCC == "" {
		f.Add("uscc", "error.required")
	} else if m := enterprise.USCCProblem(r.USCC); m != nil {
		f.Add("uscc", m.Key, m.Args...)
	}
	text(&f, "name", r.Name, 200)
	date(&f, "on", r.On, today)
	amount(&f, "registered_fen", r.RegisteredFen, MaxAmountFen)
	amount(&f, "paid_in_fen", r.PaidInFen, MaxAmountFen)
	if r.RegisteredFen == 0 && !f.Has("registered_fen") {
		f.Add("registered_fen", "error.required")
	}
	if r.PaidInFen > r.RegisteredFen && !f.Has("paid_in_fen") && !f.Has("registered_fen") {
		f.Add("paid_in_fen", "invest.err.paid_above")
	}
	return f.Err()
}

func date(f *errs.Fields, field string, d, today civil.Date) {
	switch {
	case d.IsZero():
		f.Add(field, "error.required")
	case today.Before(d):
		f.Add(field, "invest.err.future", today.String())
	}
}

// ValidateArrival checks funds arrived for a signed project: more than
// planned in total needs a note saying why.
func ValidateArrival(p Project, a *Arrival, today civil.Date) error {
	trim(&a.Note)
	if p.Stage == StageTerminated || !p.Stage.Reached(StageSigned) {
		return errs.E(errs.Conflict, "invest.err.arrival_unsigned")
	}
	var f errs.Fields
	date(&f, "on", a.On, today)
	amount(&f, "amount_fen", a.AmountFen, MaxAmountFen)
	if a.AmountFen == 0 && !f.Has("amount_fen") {
		f.Add("amount_fen", "error.required")
	}
	if !f.Has("amount_fen") && p.ArrivedFen+a.AmountFen > p.PlannedFen && a.Note == "" {
		f.Add("note", "invest.err.above_planned")
	}
	text(&f, "note", a.Note, 500)
	return f.Err()
}

// ValidateFollowUp checks a contact made (not after today) and its next
// date, which comes after it.
func ValidateFollowUp(x *FollowUp, today civil.Date) error {
	trim(&x.Notes, &x.Owner)
	var f errs.Fields
	date(&f, "on", x.On, today)
	required(&f, "notes", x.Notes, maxText)
	text(&f, "owner", x.Owner, 100)
	if !x.NextOn.IsZero() && !x.On.IsZero() && !x.On.Before(x.NextOn) {
		f.Add("next_on", "invest.err.next_after", x.On.String())
	}
	return f.Err()
}

func span(f *errs.Fields, start, end *civil.Date, today civil.Date) {
	date(f, "start_on", *start, today)
	if end.IsZero() {
		*end = *start
	}
	if !start.IsZero() && end.Before(*start) {
		f.Add("end_on", "invest.err.end_before_start", start.String())
	}
}

// ValidateTrip checks an outbound trip: it happened, ends on or after its
// start, has a destination and a leader.
func ValidateTrip(t *Trip, today civil.Date) error {
	trim(&t.Province, &t.City, &t.Leader, &t.Firms, &t.Notes)
	var f errs.Fields
	span(&f, &t.StartOn, &t.EndOn, today)
	required(&f, "province", t.Province, 20)
	text(&f, "city", t.City, 50)
	required(&f, "leader", t.Leader, 100)
	if t.People < 1 || t.People > 500 {
		f.Add("people", "error.out_of_range")
	}
	text(&f, "firms", t.Firms, maxText)
	text(&f, "notes", t.Notes, maxText)
	t.ProjectIDs = uniq(t.ProjectIDs)
	return f.Err()
}

// ValidateVisit checks an inbound inspection visit.
func ValidateVisit(v *Visit, today civil.Date) error {
	trim(&v.Firm, &v.Hosts, &v.Notes)
	var f errs.Fields
	span(&f, &v.StartOn, &v.EndOn, today)
	required(&f, "firm", v.Firm, 200)
	text(&f, "hosts", v.Hosts, 200)
	text(&f, "notes", v.Notes, maxText)
	v.ProjectIDs = uniq(v.ProjectIDs)
	return f.Err()
}

// ValidateFund checks a fund: paid in is not above committed, nor committed
// above the target size.
func ValidateFund(x *Fund, today civil.Date) error {
	trim(&x.Name, &x.Manager, &x.Notes)
	var f errs.Fields
	required(&f, "name", x.Name, 200)
	required(&f, "manager", x.Manager, 200)
	uscc(&f, "manager_uscc", &x.ManagerUSCC)
	if !slices.Contains(FundKinds(), x.Kind) {
		f.Add("kind", "invest.err.fund_kind")
	}
	amount(&f, "target_fen", x.TargetFen, MaxFundFen)
	amount(&f, "committed_fen", x.CommittedFen, MaxFundFen)
	amount(&f, "paid_in_fen", x.PaidInFen, MaxFundFen)
	if x.TargetFen == 0 && !f.Has("target_fen") {
		f.Add("target_fen", "error.required")
	}
	if !f.Has("committed_fen") && x.CommittedFen > x.TargetFen && !f.Has("target_fen") {
		f.Add("committed_fen", "invest.err.committed_above")
	}
	if !f.Has("paid_in_fen") && x.PaidInFen > x.CommittedFen && !f.Has("committed_fen") {
		f.Add("paid_in_fen", "invest.err.fund_paid_above")
	}
	date(&f, "set_up_on", x.SetUpOn, today)
	text(&f, "notes", x.Notes, maxText)
	x.ProjectIDs = uniq(x.ProjectIDs)
	return f.Err()
}

func uniq(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// ProjectField names the position of a linked project for error messages:
// "project_ids.2".
func ProjectField(i int) string { return "project_ids." + strconv.Itoa(i) }
