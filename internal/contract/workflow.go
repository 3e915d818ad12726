package contract

import (
	"slices"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Status is where a contract is in the workflow.
//
// Amending does not change the status: an amended contract is still
// registered, counts in every report as such, and may be amended again or
// cancelled; Contract.Amendments counts the amendments.
type Status string

const (
	New          Status = ""              // not yet created: only "create" applies
	Draft        Status = "draft"         // the applicant is writing it
	Awaiting     Status = "awaiting"      // 待受理: submitted online, not yet accepted by the point
	Submitted    Status = "submitted"     // accepted; the deadline runs
	Returned     Status = "returned"      // back to the applicant for correction
	UnderReview  Status = "under_review"  // a registrar is on it
	SecondReview Status = "second_review" // expert review (2026 rules)
	Registered   Status = "registered"    // 已登记: number and certificate issued
	Refused      Status = "refused"       // 未予登记, with a reason
	Cancelled    Status = "cancelled"     // registration cancelled (撤销)
)

// Statuses lists every status a stored contract can have.
func Statuses() []Status {
	return []Status{Draft, Awaiting, Submitted, Returned, UnderReview, SecondReview, Registered, Refused, Cancelled}
}

// Valid reports whether s is a status a stored contract can have.
func (s Status) Valid() bool { return s != New && slices.Contains(Statuses(), s) }

// Key is the catalog key of s's name.
func (s Status) Key() string {
	if s == New {
		return "contract.status.new"
	}
	return "contract.status." + string(s)
}

// Pending reports whether the registration point owes a decision, so the
// contract is in the queue (its deadline runs once it is accepted).
func (s Status) Pending() bool {
	return s == Awaiting || s == Submitted || s == UnderReview || s == SecondReview
}

// Editable reports whether the applicant may change the terms.
func (s Status) Editable() bool { return s == Draft || s == Returned }

// Final reports whether nothing can happen to the contract any more.
func (s Status) Final() bool { return s == Refused || s == Cancelled }

// EventKind is something that happens to a contract.
type EventKind string

const (
	EvCreate       EventKind = "create"
	EvEdit         EventKind = "edit"
	EvSubmit       EventKind = "submit"
	EvAccept       EventKind = "accept" // 受理: the point accepts an online submission
	EvStartReview  EventKind = "start_review"
	EvSecondReview EventKind = "second_review"
	EvReturn       EventKind = "return"
	EvRegister     EventKind = "register"
	EvRefuse       EventKind = "refuse"
	EvAmend        EventKind = "amend"
	EvCancel       EventKind = "cancel"
)

// EventKinds lists every event.
func EventKinds() []EventKind {
	return []EventKind{EvCreate, EvEdit, EvSubmit, EvAccept, EvStartReview, EvSecondReview, EvReturn,
		EvRegister, EvRefuse, EvAmend, EvCancel}
}

// Key is the catalog key of the event's name (a verb for buttons and logs).
func (k EventKind) Key() string { return "contract.event." + string(k) }

// Action is the access action of the event, as in the policy table.
func (k EventKind) Action() access.Action { return access.Action("contract." + string(k)) }

// ActionRead is reading contracts; the store's scope decides which.
const ActionRead access.Action = "contract.read"

// Rule is one legal transition and the roles that may make it.
type Rule struct {
	From  Status
	Event EventKind
	To    Status
	Roles []access.Role
}

// Rules is the transition table. An applicant (the seller's enterprise user)
// or a registrar entering it on the seller's behalf prepares and submits;
// only a registrar decides.
func Rules() []Rule {
	both := []access.Role{access.Enterprise, access.Registrar}
	reg := []access.Role{access.Registrar}
	rules := []Rule{
		{New, EvCreate, Draft, both},
		{Draft, EvEdit, Draft, both},
		{Returned, EvEdit, Returned, both},
		{Draft, EvSubmit, Submitted, both},
		{Returned, EvSubmit, Submitted, both},
		// An online submission waits for the point to accept it (unless
		// the settings accept on submit); the point may also send it back.
		{Awaiting, EvAccept, Submitted, reg},
		{Awaiting, EvReturn, Returned, reg},
		{Submitted, EvStartReview, UnderReview, reg},
		{Submitted, EvSecondReview, SecondReview, reg},
		{UnderReview, EvSecondReview, SecondReview, reg},
		{Registered, EvAmend, Registered, reg},
		{Registered, EvCancel, Cancelled, reg},
	}
	// A decision may come straight from the queue, after a first look, or
	// after the experts; experts may also find something to correct.
	for _, from := range []Status{Submitted, UnderReview, SecondReview} {
		rules = append(rules,
			Rule{from, EvReturn, Returned, reg},
			Rule{from, EvRegister, Registered, reg},
			Rule{from, EvRefuse, Refused, reg},
		)
	}
	return rules
}

// Policy is the contract module's part of the access policy, for
// access.DefaultPolicy: who may attempt each event at all, and who may read.
func Policy() map[access.Action][]access.Role {
	p := map[access.Action][]access.Role{
		ActionRead: slices.Clone(access.Roles),
		// Registrars work the queue; those who oversee them watch it for
		// overdue reviews. An applicant sees its own contracts instead.
		ActionQueue: {access.National, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar},
		// A zone's point is set up by the zone's administration, or nationally.
		ActionPoint: {access.National, access.ZoneAdmin},
	}
	for _, r := range Rules() {
		a := r.Event.Action()
		for _, role := range r.Roles {
			if !slices.Contains(p[a], role) {
				p[a] = append(p[a], role)
			}
		}
	}
	return p
}

// Event is a request to move a contract, with what the event needs.
type Event struct {
	Kind EventKind

	// Terms are the whole new terms for edit (required) and amend
	// (optional: nil keeps them). Merge a PATCH into the current terms first.
	Terms *Terms

	Reason      string        // return, amend, cancel (required); refuse (required for "other")
	RefusalCode RefusalReason // refuse

	// Register: the number the store drew from its counter (see
	// RuleSet.SerialScope), and the registrar's classification and
	// technology amount where they differ from the applicant's.
	RegNo          string
	Type           Type
	LicenceSubtype LicenceSubtype
	Field          Field
	TechAmountFen  *int64 // register, amend: fixes the technology amount

	Disputed bool // second_review: send to experts although under the threshold
}

// Step is the record of one transition, for the contract's history and the
// audit log: who, when, what, why.
type Step struct {
	Event       EventKind     `json:"event"`
	From        Status        `json:"from"`
	To          Status        `json:"to"`
	At          time.Time     `json:"at"`
	ActorID     int64         `json:"actor_id"`
	Role        access.Role   `json:"role"`
	Reason      string        `json:"reason,omitempty"`
	RefusalCode RefusalReason `json:"refusal_code,omitempty"`
	RegNo       string        `json:"reg_no,omitempty"`
}

// Workflow applies events to contracts under the operator's settings.
type Workflow struct {
	Settings Settings
	Checker  Checker
}

// Transition applies ev to c on behalf of actor at now. On success c holds
// the new state and the Step describes it; on failure c is unchanged.
//
// Errors: Unauthenticated for nobody; Forbidden when the actor's role may
// never make this event, or an enterprise creates for another seller;
// NotFound when c is outside the actor's scope; Conflict
// ("contract.err.illegal_transition") when the event does not apply in c's
// status, or a guard fails (expert review); Invalid when the event lacks a
// reason or the resulting contract fails Validate.
//
// Transition never allocates a registration serial: the store draws it from
// a counter in the same transaction and passes the number in ev.RegNo; if
// Transition fails, rolling back keeps serials gapless.
func (w Workflow) Transition(c *Contract, ev Event, actor access.Actor, now time.Time) (Step, error) {
	if actor.Anonymous() {
		return Step{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if !slices.Contains(EventKinds(), ev.Kind) {
		return Step{}, errs.E(errs.BadRequest, "contract.err.unknown_event", string(ev.Kind))
	}
	var mayEver bool
	for _, r := range Rules() {
		if r.Event == ev.Kind && slices.Contains(r.Roles, actor.Role) {
			mayEver = true
		}
	}
	if !mayEver {
		return Step{}, errs.E(errs.Forbidden, "contract.err.forbidden", errs.M(ev.Kind.Key()))
	}

	x := *c
	if ev.Kind == EvCreate {
		if err := claim(&x, actor); err != nil {
			return Step{}, err
		}
	} else if !actor.Sees(x.Place()) {
		return Step{}, errs.NotFoundf("contract.entity")
	}

	rule, ok := findRule(x.Status, ev.Kind)
	if !ok {
		return Step{}, errs.E(errs.Conflict, "contract.err.illegal_transition",
			errs.M(ev.Kind.Key()), errs.M(x.Status.Key()))
	}
	if !slices.Contains(rule.Roles, actor.Role) {
		return Step{}, errs.E(errs.Forbidden, "contract.err.forbidden", errs.M(ev.Kind.Key()))
	}

	today := civil.Today(now)
	step := Step{Event: ev.Kind, From: x.Status, To: rule.To, At: now,
		ActorID: actor.UserID, Role: actor.Role}
	var err error
	switch ev.Kind {
	case EvCreate:
		err = w.create(&x, today)
	case EvEdit:
		err = w.edit(&x, ev, today)
	case EvSubmit:
		err = w.submit(&x, actor, today)
		if err == nil && x.AcceptedOn.IsZero() {
			step.To = Awaiting
		}
	case EvAccept:
		err = w.accept(&x, today)
	case EvStartReview:
	case EvSecondReview:
		err = w.secondReview(&x, ev)
	case EvReturn:
		err = w.giveBack(&x, ev, &step)
	case EvRegister:
		err = w.register(&x, ev, actor, today, &step)
	case EvRefuse:
		err = w.refuse(&x, ev, today, &step)
	case EvAmend:
		err = w.amend(&x, ev, today, &step)
	case EvCancel:
		err = w.cancel(&x, ev, today, &step)
	}
	if err != nil {
		return Step{}, err
	}
	x.Status = step.To
	*c = x
	return step, nil
}

// Allowed lists the events actor may make on c now, for the buttons a page
// shows. Transition still has the last word (data checks, reasons).
func (w Workflow) Allowed(c Contract, actor access.Actor) []EventKind {
	if actor.Anonymous() || (c.Status != New && !actor.Sees(c.Place())) {
		return nil
	}
	var out []EventKind
	for _, r := range Rules() {
		if r.From != c.Status || !slices.Contains(r.Roles, actor.Role) {
			continue
		}
		if r.Event == EvSecondReview {
			if rs, ok := RuleSetByID(w.Settings, c.RuleSet); !ok || !rs.ExpertReview {
				continue
			}
		}
		if !slices.Contains(out, r.Event) {
			out = append(out, r.Event)
		}
	}
	return out
}

func findRule(from Status, ev EventKind) (Rule, bool) {
	for _, r := range Rules() {
		if r.From == from && r.Event == ev {
			return r, true
		}
	}
	return Rule{}, false
}

// claim fills the zone and, for an applicant, the seller of a new contract,
// and refuses a contract for another enterprise or zone.
func claim(c *Contract, actor access.Actor) error {
	forbidden := errs.E(errs.Forbidden, "contract.err.not_own", errs.M(EvCreate.Key()))
	if actor.ZoneID == 0 || (c.ZoneID != 0 && c.ZoneID != actor.ZoneID) {
		return forbidden
	}
	c.ZoneID = actor.ZoneID
	if actor.Role == access.Enterprise {
		if actor.EnterpriseID == 0 || (c.SellerID != 0 && c.SellerID != actor.EnterpriseID) {
			return forbidden
		}
		c.SellerID = actor.EnterpriseID
	}
	return nil
}

func (w Workflow) check(c *Contract, today civil.Date) error {
	Normalize(c)
	return w.Checker.Validate(*c, today)
}

func (w Workflow) create(c *Contract, today civil.Date) error {
	// Whatever the body said, a new contract starts with no history.
	*c = Contract{ID: c.ID, ZoneID: c.ZoneID, SellerID: c.SellerID, Seller: c.Seller,
		Terms: c.Terms, Version: c.Version}
	return w.check(c, today)
}

func (w Workflow) edit(c *Contract, ev Event, today civil.Date) error {
	if ev.Terms == nil {
		return errs.E(errs.BadRequest, "contract.err.terms_missing")
	}
	c.Terms = *ev.Terms
	return w.check(c, today)
}

// submit hands the contract in. An applicant's online submission waits
// for the point to accept it (待受理), unless the settings accept on
// submit; a registrar entering it at the point accepts it there. The
// written contract must be attached (the service checks: oral contracts
// are not registered).
func (w Workflow) submit(c *Contract, actor access.Actor, today civil.Date) error {
	if err := w.check(c, today); err != nil {
		return err
	}
	c.ReturnReason = ""
	if actor.Role == access.Enterprise && !w.Settings.AcceptOnSubmit {
		c.AcceptedOn, c.RuleSet, c.Deadline, c.Disputed = civil.Date{}, "", civil.Date{}, false
		return nil
	}
	return w.accept(c, today)
}

// accept records the acceptance: the acceptance date, and with it the rule
// set and the deadline, are set afresh on every acceptance.
func (w Workflow) accept(c *Contract, today civil.Date) error {
	if err := w.check(c, today); err != nil {
		return err
	}
	rs := RuleSetFor(w.Settings, today)
	c.AcceptedOn = today
	c.RuleSet = rs.ID
	c.Disputed = false
	c.ReturnReason = ""
	c.Deadline = rs.DeadlineFor(*c)
	return nil
}

func (w Workflow) secondReview(c *Contract, ev Event) error {
	rs, ok := RuleSetByID(w.Settings, c.RuleSet)
	if !ok || !rs.ExpertReview {
		return errs.E(errs.Conflict, "contract.err.no_expert_review", errs.M(c.RuleSet.Key()))
	}
	c.Disputed = c.Disputed || ev.Disputed
	if !rs.NeedsExpertReview(*c) {
		return errs.E(errs.Conflict, "contract.err.expert_review_not_needed")
	}
	c.Deadline = rs.DeadlineFor(*c)
	return nil
}

func (w Workflow) giveBack(c *Contract, ev Event, step *Step) error {
	r, err := reason(ev.Reason, true)
	if err != nil {
		return err
	}
	c.ReturnReason, step.Reason = r, r
	return nil
}

func (w Workflow) register(c *Contract, ev Event, actor access.Actor, today civil.Date, step *Step) error {
	if ev.Type != "" {
		c.Type = ev.Type
		c.LicenceSubtype = ev.LicenceSubtype
		if !ipFits(c.Type, c.IPType) {
			// The new type says which IP it deals in; where it cannot
			// (other IP), Validate asks for it.
			c.IPType = defaultIPType(c.Type)
		}
	}
	if ev.Field != "" {
		c.Field = ev.Field
	}
	if ev.TechAmountFen != nil {
		c.TechAmountFen, c.TechAmountFixed = *ev.TechAmountFen, true
	}
	if err := w.check(c, today); err != nil {
		return err
	}
	rs, ok := RuleSetByID(w.Settings, c.RuleSet)
	if !ok {
		return errs.E(errs.Internal, "contract.err.no_rule_set")
	}
	var f errs.Fields
	switch p, err := rs.ParseRegNo(ev.RegNo); {
	case ev.RegNo == "":
		f.Add("reg_no", "contract.err.required")
	case err != nil:
		f.Add("reg_no", "contract.err.reg_no_invalid")
	case p.Year != today.Year:
		f.Add("reg_no", "contract.err.reg_no_year", today.Year)
	}
	if err := f.Err(); err != nil {
		return err
	}
	c.RegNo = strings.TrimSpace(ev.RegNo)
	c.CertifiedOn = today
	c.RegisteredBy = actor.UserID
	step.RegNo = c.RegNo
	return nil
}

func (w Workflow) refuse(c *Contract, ev Event, today civil.Date, step *Step) error {
	var f errs.Fields
	switch {
	case ev.RefusalCode == "":
		f.Add("reason_code", "contract.err.required")
	case !ev.RefusalCode.Valid():
		f.Add("reason_code", "contract.err.unknown_code", string(ev.RefusalCode))
	}
	r := reasonInto(&f, ev.Reason, ev.RefusalCode.NeedsText())
	if err := f.Err(); err != nil {
		return err
	}
	c.RefusalCode, c.RefusalReason, c.RefusedOn = ev.RefusalCode, r, today
	step.RefusalCode, step.Reason = ev.RefusalCode, r
	return nil
}

// amend changes a registered contract's terms (and perhaps its fixed
// technology amount) with a reason. The number and certificate date stay.
func (w Workflow) amend(c *Contract, ev Event, today civil.Date, step *Step) error {
	r, err := reason(ev.Reason, true)
	if err != nil {
		return err
	}
	if ev.Terms != nil {
		c.Terms = *ev.Terms
	}
	if ev.TechAmountFen != nil {
		c.TechAmountFen, c.TechAmountFixed = *ev.TechAmountFen, true
	}
	if err := w.check(c, today); err != nil {
		return err
	}
	c.Amendments++
	c.AmendedOn, c.AmendReason, step.Reason = today, r, r
	return nil
}

func (w Workflow) cancel(c *Contract, ev Event, today civil.Date, step *Step) error {
	r, err := reason(ev.Reason, true)
	if err != nil {
		return err
	}
	c.CancelledOn, c.CancelReason, step.Reason = today, r, r
	return nil
}

// reason trims a free-text reason and checks it, as field "reason".
func reason(s string, required bool) (string, error) {
	var f errs.Fields
	s = reasonInto(&f, s, required)
	return s, f.Err()
}

func reasonInto(f *errs.Fields, s string, required bool) string {
	s = strings.TrimSpace(s)
	text(f, "reason", s, maxReasonRunes, required)
	return s
}
