package contract

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// testWorkflow accepts on submit (the setting), so a submission's
// acceptance can be checked directly; TestAwaitingAcceptance covers the
// default, where an applicant's submission waits for the point.
func testWorkflow() Workflow {
	s := DefaultSettings()
	s.AcceptOnSubmit = true
	return Workflow{Settings: s}
}

// inState is a contract in status s, accepted under the 2026 rules with a
// technology amount of ¥6,000,000, so that expert review applies.
func inState(s Status) Contract {
	c := validContract()
	c.ContractAmountFen = 700_000_000
	c.Deductions = []Deduction{{DedEquipment, 100_000_000}}
	c.TechAmountFen = 600_000_000
	c.Status = s
	if s == New {
		c.ID = 0
	}
	if s != New && s != Draft && s != Awaiting {
		c.AcceptedOn = d("2026-04-01")
		c.RuleSet = MIIT2026
		c.Deadline = RuleSetFor(DefaultSettings(), c.AcceptedOn).DeadlineFor(c)
	}
	switch s {
	case Returned:
		c.ReturnReason = "缺少合同签章页"
	case Registered, Cancelled:
		c.RegNo, c.CertifiedOn, c.RegisteredBy = "2026610801000001", d("2026-04-10"), 100
	case Refused:
		c.RefusalCode, c.RefusedOn = RefNotTech, d("2026-04-10")
	}
	return c
}

// eventFor is a well-formed event of kind k: what a handler would build.
func eventFor(k EventKind) Event {
	terms := inState(Draft).Terms
	terms.Name = "煤化工废水深度处理工艺技术开发合同"
	switch k {
	case EvEdit:
		return Event{Kind: k, Terms: &terms}
	case EvReturn:
		return Event{Kind: k, Reason: "请补充合同签章页"}
	case EvRegister:
		return Event{Kind: k, RegNo: "2026610801000002"}
	case EvRefuse:
		return Event{Kind: k, RefusalCode: RefNotTech}
	case EvAmend:
		return Event{Kind: k, Terms: &terms, Reason: "双方签订补充协议，变更合同名称"}
	case EvCancel:
		return Event{Kind: k, Reason: "合同经双方协商解除"}
	}
	return Event{Kind: k}
}

// legalTransitions is the expected table, written out independently of Rules.
func legalTransitions() map[Status]map[EventKind]struct {
	to    Status
	roles []access.Role
} {
	E, R := access.Enterprise, access.Registrar
	type row = struct {
		to    Status
		roles []access.Role
	}
	decide := map[EventKind]row{
		EvReturn:   {Returned, []access.Role{R}},
		EvRegister: {Registered, []access.Role{R}},
		EvRefuse:   {Refused, []access.Role{R}},
	}
	withDecide := func(m map[EventKind]row) map[EventKind]row {
		for k, v := range decide {
			m[k] = v
		}
		return m
	}
	return map[Status]map[EventKind]row{
		New:   {EvCreate: {Draft, []access.Role{E, R}}},
		Draft: {EvEdit: {Draft, []access.Role{E, R}}, EvSubmit: {Submitted, []access.Role{E, R}}},
		Returned: {EvEdit: {Returned, []access.Role{E, R}},
			EvSubmit: {Submitted, []access.Role{E, R}}},
		Awaiting: {EvAccept: {Submitted, []access.Role{R}}, EvReturn: {Returned, []access.Role{R}}},
		Submitted: withDecide(map[EventKind]row{
			EvStartReview:  {UnderReview, []access.Role{R}},
			EvSecondReview: {SecondReview, []access.Role{R}},
		}),
		UnderReview:  withDecide(map[EventKind]row{EvSecondReview: {SecondReview, []access.Role{R}}}),
		SecondReview: withDecide(map[EventKind]row{}),
		Registered: {EvAmend: {Registered, []access.Role{R}},
			EvCancel: {Cancelled, []access.Role{R}}},
		Refused:   {},
		Cancelled: {},
	}
}

// TestEveryTransition tries every event in every status as every role.
func TestEveryTransition(t *testing.T) {
	legal := legalTransitions()
	mayEver := map[EventKind][]access.Role{}
	for _, evs := range legal {
		for k, r := range evs {
			mayEver[k] = append(mayEver[k], r.roles...)
		}
	}
	now := noonCST(testToday())
	w := testWorkflow()
	for _, from := range append([]Status{New}, Statuses()...) {
		for _, k := range EventKinds() {
			for _, role := range access.Roles {
				name := string(from) + "/" + string(k) + "/" + string(role)
				if from == New {
					name = "new/" + string(k) + "/" + string(role)
				}
				t.Run(name, func(t *testing.T) {
					c := inState(from)
					before := c
					step, err := w.Transition(&c, eventFor(k), actorFor(role), now)
					row, ok := legal[from][k]
					switch {
					case !slices.Contains(mayEver[k], role):
						if !errs.Is(err, errs.Forbidden) {
							t.Fatalf("want Forbidden, got %v", err)
						}
					case !ok:
						if !errs.Is(err, errs.Conflict) || msgKey(err) != "contract.err.illegal_transition" {
							t.Fatalf("want illegal transition, got %v", err)
						}
					case !slices.Contains(row.roles, role):
						if !errs.Is(err, errs.Forbidden) {
							t.Fatalf("want Forbidden, got %v", err)
						}
					default:
						if err != nil {
							t.Fatalf("want success, got %v", err)
						}
						if c.Status != row.to || step.From != from || step.To != row.to || step.Event != k ||
							step.Role != role || step.ActorID != 100 || !step.At.Equal(now) {
							t.Fatalf("status %s, step %+v", c.Status, step)
						}
						return
					}
					if diff := cmp.Diff(before, c); diff != "" {
						t.Errorf("failed transition changed the contract (-before +after):\n%s", diff)
					}
				})
			}
		}
	}
}

func TestRulesMatchExpectedTable(t *testing.T) {
	legal := legalTransitions()
	n := 0
	for _, evs := range legal {
		n += len(evs)
	}
	if len(Rules()) != n {
		t.Errorf("Rules() has %d rows, the expected table %d", len(Rules()), n)
	}
	for _, r := range Rules() {
		want, ok := legal[r.From][r.Event]
		if !ok || want.to != r.To || !cmp.Equal(want.roles, r.Roles) {
			t.Errorf("unexpected rule %+v", r)
		}
	}
}

func TestTransitionScope(t *testing.T) {
	w := testWorkflow()
	now := noonCST(testToday())
	otherFirm := actorFor(access.Enterprise)
	otherFirm.EnterpriseID = 99
	otherZone := actorFor(access.Registrar)
	otherZone.ZoneID = 8
	noFirm := actorFor(access.Enterprise)
	noFirm.EnterpriseID = 0

	tests := []struct {
		name  string
		state Status
		ev    EventKind
		actor access.Actor
		kind  errs.Kind
	}{
		{"anonymous", Draft, EvSubmit, access.Actor{}, errs.Unauthenticated},
		{"another enterprise's draft", Draft, EvEdit, otherFirm, errs.NotFound},
		{"another enterprise submits", Draft, EvSubmit, otherFirm, errs.NotFound},
		{"registrar of another zone", Submitted, EvRegister, otherZone, errs.NotFound},
		{"create for another enterprise", New, EvCreate, otherFirm, errs.Forbidden},
		{"create in another zone", New, EvCreate, otherZone, errs.Forbidden},
		{"enterprise user without enterprise", New, EvCreate, noFirm, errs.Forbidden},
		{"unknown event", Draft, "approve", actorFor(access.Registrar), errs.BadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := inState(tt.state)
			ev := eventFor(tt.ev)
			ev.Kind = tt.ev
			_, err := w.Transition(&c, ev, tt.actor, now)
			if !errs.Is(err, tt.kind) {
				t.Fatalf("want %s, got %v", tt.kind, err)
			}
		})
	}
}

func TestCreate(t *testing.T) {
	w := testWorkflow()
	now := noonCST(testToday())

	// An applicant's body names no seller or zone: they come from the actor;
	// workflow fields the body smuggled in are dropped.
	c := validContract()
	c.ID, c.SellerID, c.ZoneID, c.Status = 0, 0, 0, New
	c.RegNo, c.TechAmountFixed, c.TechAmountFen, c.AcceptedOn = "23610801000001", true, 1, testToday()
	c.IPType, c.ProgrammeLevel = "", ""
	if _, err := w.Transition(&c, Event{Kind: EvCreate}, actorFor(access.Enterprise), now); err != nil {
		t.Fatal(err)
	}
	want := validContract()
	want.ID = 0
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// A registrar enters a contract on a seller's behalf.
	c = validContract()
	c.ID, c.ZoneID, c.Status = 0, 0, New
	if _, err := w.Transition(&c, Event{Kind: EvCreate}, actorFor(access.Registrar), now); err != nil {
		t.Fatal(err)
	}
	if c.ZoneID != testZone || c.SellerID != testSeller || c.Status != Draft {
		t.Errorf("registrar create: %+v", c)
	}
	c = validContract()
	c.SellerID, c.Status = 0, New
	_, err := w.Transition(&c, Event{Kind: EvCreate}, actorFor(access.Registrar), now)
	if diff := cmp.Diff(map[string]string{"seller_id": "contract.err.required"}, fieldKeys(t, err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	c = validContract()
	c.Status, c.Buyer.USCC = New, sellerUSCC
	_, err = w.Transition(&c, Event{Kind: EvCreate}, actorFor(access.Enterprise), now)
	if fieldKeys(t, err)["buyer.uscc"] != "contract.err.buyer_is_seller" {
		t.Errorf("create skipped validation: %v", err)
	}
}

func TestEdit(t *testing.T) {
	w := testWorkflow()
	now := noonCST(testToday())
	c := inState(Draft)
	terms := c.Terms
	terms.ContractAmountFen = 150_000_000
	if _, err := w.Transition(&c, Event{Kind: EvEdit, Terms: &terms}, actorFor(access.Enterprise), now); err != nil {
		t.Fatal(err)
	}
	if c.TechAmountFen != 50_000_000 { // less the ¥1,000,000 of equipment
		t.Errorf("technology amount not recomputed: %d", c.TechAmountFen)
	}

	bad := c.Terms
	bad.SignedOn = testToday().AddDays(3)
	before := c
	_, err := w.Transition(&c, Event{Kind: EvEdit, Terms: &bad}, actorFor(access.Enterprise), now)
	if fieldKeys(t, err)["signed_on"] != "contract.err.future_date" || !cmp.Equal(before, c) {
		t.Errorf("bad edit: %v", err)
	}
	if _, err := w.Transition(&c, Event{Kind: EvEdit}, actorFor(access.Enterprise), now); !errs.Is(err, errs.BadRequest) {
		t.Errorf("edit without terms: %v", err)
	}
}

func TestSubmit(t *testing.T) {
	tests := []struct {
		name     string
		today    string
		techFen  int64
		from     Status
		rs       RuleSetID
		deadline string
	}{
		{"legacy", "2025-12-20", 100_000_000, Draft, Legacy2000, "2026-01-19"},
		{"last legacy day", "2026-02-28", 100_000_000, Draft, Legacy2000, "2026-03-30"},
		{"first 2026 day", "2026-03-01", 100_000_000, Draft, MIIT2026, "2026-03-20"},
		{"2026", "2026-04-15", 100_000_000, Draft, MIIT2026, "2026-05-06"},
		{"2026 expert amount", "2026-04-15", 600_000_000, Draft, MIIT2026, "2026-05-27"},
		{"resubmission restarts the clock", "2026-04-15", 100_000_000, Returned, MIIT2026, "2026-05-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := inState(tt.from)
			c.SignedOn, c.ValidFrom = d("2025-12-01"), d("2025-12-01")
			c.Deductions, c.ContractAmountFen = nil, tt.techFen
			today := d(tt.today)
			if _, err := testWorkflow().Transition(&c, Event{Kind: EvSubmit}, actorFor(access.Enterprise), noonCST(today)); err != nil {
				t.Fatal(err)
			}
			if c.Status != Submitted || c.AcceptedOn != today || c.RuleSet != tt.rs ||
				c.Deadline != d(tt.deadline) || c.ReturnReason != "" {
				t.Errorf("got status %s accepted %s rule set %s deadline %s return %q",
					c.Status, c.AcceptedOn, c.RuleSet, c.Deadline, c.ReturnReason)
			}
		})
	}

	c := inState(Draft)
	c.Buyer.Region = ""
	_, err := testWorkflow().Transition(&c, Event{Kind: EvSubmit}, actorFor(access.Enterprise), noonCST(testToday()))
	if fieldKeys(t, err)["buyer.region"] != "contract.err.required" {
		t.Errorf("submit skipped validation: %v", err)
	}

	// The day follows China's calendar, not UTC.
	c = inState(Draft)
	late := noonCST(d("2026-04-15")).Add(11*time.Hour + 30*time.Minute) // 23:30 CST = 15:30 UTC
	if _, err := testWorkflow().Transition(&c, Event{Kind: EvSubmit}, actorFor(access.Enterprise), late.UTC()); err != nil {
		t.Fatal(err)
	}
	if c.AcceptedOn != d("2026-04-15") {
		t.Errorf("accepted on %s", c.AcceptedOn)
	}
	c = inState(Draft)
	early := noonCST(d("2026-04-16")).Add(-11 * time.Hour) // 01:00 CST on the 16th = 17:00 UTC on the 15th
	if _, err := testWorkflow().Transition(&c, Event{Kind: EvSubmit}, actorFor(access.Enterprise), early.UTC()); err != nil {
		t.Fatal(err)
	}
	if c.AcceptedOn != d("2026-04-16") {
		t.Errorf("accepted on %s", c.AcceptedOn)
	}
}

func TestSecondReview(t *testing.T) {
	w := testWorkflow()
	now := noonCST(testToday())
	reg := actorFor(access.Registrar)

	small := inState(UnderReview)
	small.ContractAmountFen, small.Deductions, small.TechAmountFen = 100_000_000, nil, 100_000_000
	small.Deadline = RuleSetFor(w.Settings, small.AcceptedOn).DeadlineFor(small)
	if small.Deadline != d("2026-04-22") {
		t.Fatalf("deadline %s", small.Deadline)
	}
	c := small
	_, err := w.Transition(&c, Event{Kind: EvSecondReview}, reg, now)
	if !errs.Is(err, errs.Conflict) || msgKey(err) != "contract.err.expert_review_not_needed" {
		t.Errorf("small contract: %v", err)
	}
	if _, err := w.Transition(&c, Event{Kind: EvSecondReview, Disputed: true}, reg, now); err != nil {
		t.Fatal(err)
	}
	if !c.Disputed || c.Status != SecondReview || c.Deadline != d("2026-05-13") {
		t.Errorf("disputed: %v %s %s", c.Disputed, c.Status, c.Deadline)
	}

	legacy := inState(Submitted)
	legacy.AcceptedOn, legacy.RuleSet = d("2026-02-20"), Legacy2000
	_, err = w.Transition(&legacy, Event{Kind: EvSecondReview, Disputed: true}, reg, now)
	if !errs.Is(err, errs.Conflict) || msgKey(err) != "contract.err.no_expert_review" {
		t.Errorf("legacy: %v", err)
	}
}

func TestReturnRefuseCancelReasons(t *testing.T) {
	w := testWorkflow()
	now := noonCST(testToday())
	reg := actorFor(access.Registrar)
	long := make([]rune, 2001)
	for i := range long {
		long[i] = '因'
	}
	tests := []struct {
		name  string
		state Status
		ev    Event
		want  map[string]string
	}{
		{"return without reason", Submitted, Event{Kind: EvReturn, Reason: "  "},
			map[string]string{"reason": "contract.err.required"}},
		{"return reason too long", Submitted, Event{Kind: EvReturn, Reason: string(long)},
			map[string]string{"reason": "contract.err.too_long"}},
		{"refuse without code", UnderReview, Event{Kind: EvRefuse, Reason: "x"},
			map[string]string{"reason_code": "contract.err.required"}},
		{"refuse unknown code", UnderReview, Event{Kind: EvRefuse, RefusalCode: "late"},
			map[string]string{"reason_code": "contract.err.unknown_code"}},
		{"refuse other without text", UnderReview, Event{Kind: EvRefuse, RefusalCode: RefOther},
			map[string]string{"reason": "contract.err.required"}},
		{"amend without reason", Registered, Event{Kind: EvAmend},
			map[string]string{"reason": "contract.err.required"}},
		{"cancel without reason", Registered, Event{Kind: EvCancel},
			map[string]string{"reason": "contract.err.required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := inState(tt.state)
			before := c
			_, err := w.Transition(&c, tt.ev, reg, now)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !cmp.Equal(before, c) {
				t.Error("contract changed")
			}
		})
	}

	c := inState(Submitted)
	step, err := w.Transition(&c, Event{Kind: EvReturn, Reason: " 缺少签章页 "}, reg, now)
	if err != nil || c.ReturnReason != "缺少签章页" || step.Reason != "缺少签章页" {
		t.Errorf("return: %v %q %+v", err, c.ReturnReason, step)
	}
	c = inState(SecondReview)
	step, err = w.Transition(&c, Event{Kind: EvRefuse, RefusalCode: RefOther, Reason: "重复申请"}, reg, now)
	if err != nil || c.RefusalCode != RefOther || c.RefusalReason != "重复申请" || c.RefusedOn != testToday() ||
		step.RefusalCode != RefOther || c.RegNo != "" {
		t.Errorf("refuse: %v %+v", err, step)
	}
	c = inState(Registered)
	if _, err := w.Transition(&c, Event{Kind: EvCancel, Reason: "合同解除"}, reg, now); err != nil ||
		c.Status != Cancelled || c.CancelledOn != testToday() || c.CancelReason != "合同解除" ||
		c.RegNo == "" {
		t.Errorf("cancel: %v %+v", err, c)
	}
}

func TestRegister(t *testing.T) {
	w := testWorkflow()
	now := noonCST(testToday())
	reg := actorFor(access.Registrar)
	reg.UserID = 555

	c := inState(UnderReview)
	fixed := int64(550_000_000)
	step, err := w.Transition(&c, Event{Kind: EvRegister, RegNo: "2026610801000385", Field: "06",
		TechAmountFen: &fixed}, reg, now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != Registered || c.RegNo != "2026610801000385" || c.CertifiedOn != testToday() ||
		c.RegisteredBy != 555 || c.Field != "06" || c.TechAmountFen != fixed || !c.TechAmountFixed ||
		step.RegNo != c.RegNo {
		t.Errorf("registered: %+v step %+v", c, step)
	}

	// The registrar reclassifies as a patent licence.
	c = inState(Submitted)
	if _, err := w.Transition(&c, Event{Kind: EvRegister, RegNo: "2026610801000386", Type: LicPatent,
		LicenceSubtype: LicExclusive}, reg, now); err != nil {
		t.Fatal(err)
	}
	if c.Type != LicPatent || c.LicenceSubtype != LicExclusive || c.TechAmountFixed {
		t.Errorf("reclassified: %+v", c)
	}

	legacy := inState(Submitted)
	legacy.RuleSet, legacy.AcceptedOn = Legacy2000, d("2026-02-27")
	if _, err := w.Transition(&legacy, Event{Kind: EvRegister, RegNo: "26610801000001"}, reg, now); err != nil {
		t.Errorf("legacy number for a legacy contract: %v", err)
	}

	over := int64(700_000_001)
	tests := []struct {
		name string
		ev   Event
		want map[string]string
	}{
		{"no number", Event{Kind: EvRegister}, map[string]string{"reg_no": "contract.err.required"}},
		{"legacy layout for a 2026 contract", Event{Kind: EvRegister, RegNo: "26610801000001"},
			map[string]string{"reg_no": "contract.err.reg_no_invalid"}},
		{"wrong year", Event{Kind: EvRegister, RegNo: "2025610801000001"},
			map[string]string{"reg_no": "contract.err.reg_no_year"}},
		{"bad field", Event{Kind: EvRegister, RegNo: "2026610801000001", Field: "13"},
			map[string]string{"field": "contract.err.unknown_code"}},
		{"tech amount above contract", Event{Kind: EvRegister, RegNo: "2026610801000001", TechAmountFen: &over},
			map[string]string{"tech_amount_fen": "contract.err.tech_exceeds_contract"}},
		{"patent licence without subtype", Event{Kind: EvRegister, RegNo: "2026610801000001", Type: LicPatent},
			map[string]string{"licence_subtype": "contract.err.required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := inState(UnderReview)
			before := c
			_, err := w.Transition(&c, tt.ev, reg, now)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !cmp.Equal(before, c) {
				t.Error("contract changed")
			}
		})
	}
}

func TestAmend(t *testing.T) {
	w := testWorkflow()
	reg := actorFor(access.Registrar)
	c := inState(Registered)
	c.TechAmountFixed, c.TechAmountFen = true, 550_000_000

	terms := c.Terms
	terms.Name = "变更后的合同名称"
	if _, err := w.Transition(&c, Event{Kind: EvAmend, Terms: &terms, Reason: "补充协议"}, reg, noonCST(testToday())); err != nil {
		t.Fatal(err)
	}
	if c.Status != Registered || c.Amendments != 1 || c.Name != "变更后的合同名称" || c.AmendedOn != testToday() ||
		c.AmendReason != "补充协议" || c.TechAmountFen != 550_000_000 || c.RegNo != "2026610801000001" ||
		c.CertifiedOn != d("2026-04-10") {
		t.Errorf("first amendment: %+v", c)
	}

	later := testToday().AddDays(10)
	amount := int64(500_000_000)
	if _, err := w.Transition(&c, Event{Kind: EvAmend, TechAmountFen: &amount, Reason: "核定技术交易额"}, reg, noonCST(later)); err != nil {
		t.Fatal(err)
	}
	if c.Amendments != 2 || c.TechAmountFen != amount || c.AmendedOn != later || c.Name != "变更后的合同名称" {
		t.Errorf("second amendment: %+v", c)
	}

	bad := c.Terms
	bad.ContractAmountFen = 100
	before := c
	_, err := w.Transition(&c, Event{Kind: EvAmend, Terms: &bad, Reason: "x"}, reg, noonCST(later))
	if fieldKeys(t, err)["tech_amount_fen"] != "contract.err.tech_exceeds_contract" || !cmp.Equal(before, c) {
		t.Errorf("bad amendment: %v", err)
	}
}

func TestAllowed(t *testing.T) {
	w := testWorkflow()
	E, R := actorFor(access.Enterprise), actorFor(access.Registrar)
	legacy := inState(Submitted)
	legacy.RuleSet = Legacy2000
	other := actorFor(access.Enterprise)
	other.EnterpriseID = 1
	tests := []struct {
		name  string
		c     Contract
		actor access.Actor
		want  []EventKind
	}{
		{"new, enterprise", inState(New), E, []EventKind{EvCreate}},
		{"draft, enterprise", inState(Draft), E, []EventKind{EvEdit, EvSubmit}},
		{"draft, registrar", inState(Draft), R, []EventKind{EvEdit, EvSubmit}},
		{"submitted, enterprise", inState(Submitted), E, nil},
		{"submitted, registrar", inState(Submitted), R,
			[]EventKind{EvStartReview, EvSecondReview, EvReturn, EvRegister, EvRefuse}},
		{"submitted legacy, registrar", legacy, R,
			[]EventKind{EvStartReview, EvReturn, EvRegister, EvRefuse}},
		{"registered, registrar", inState(Registered), R, []EventKind{EvAmend, EvCancel}},
		{"refused, registrar", inState(Refused), R, nil},
		{"zone staff", inState(Submitted), actorFor(access.ZoneStaff), nil},
		{"other enterprise", inState(Draft), other, nil},
		{"anonymous", inState(Draft), access.Actor{}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, w.Allowed(tt.c, tt.actor)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestPolicy(t *testing.T) {
	p := access.DefaultPolicy(Policy())
	E, R := access.Enterprise, access.Registrar
	for _, k := range EventKinds() {
		enterprise := k == EvCreate || k == EvEdit || k == EvSubmit
		if p.Can(E, k.Action()) != enterprise {
			t.Errorf("enterprise may %s: %v", k, !enterprise)
		}
		if !p.Can(R, k.Action()) {
			t.Errorf("registrar may not %s", k)
		}
		for _, role := range []access.Role{access.National, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff} {
			if p.Can(role, k.Action()) {
				t.Errorf("%s may %s", role, k)
			}
		}
	}
	for _, role := range access.Roles {
		if !p.Can(role, ActionRead) {
			t.Errorf("%s may not read", role)
		}
	}
}

func TestOverdueAt(t *testing.T) {
	c := inState(Submitted)
	c.Deadline = d("2026-04-22")
	tests := []struct {
		status Status
		today  string
		want   bool
	}{
		{Submitted, "2026-04-21", false},
		{Submitted, "2026-04-22", false},
		{Submitted, "2026-04-23", true},
		{UnderReview, "2026-05-01", true},
		{SecondReview, "2026-05-01", true},
		{Returned, "2026-05-01", false},
		{Registered, "2026-05-01", false},
		{Draft, "2026-05-01", false},
	}
	for _, tt := range tests {
		c.Status = tt.status
		if got := OverdueAt(c, d(tt.today)); got != tt.want {
			t.Errorf("%s on %s: %v", tt.status, tt.today, got)
		}
	}
	c.Deadline = civil.Date{}
	if OverdueAt(c, d("2030-01-01")) {
		t.Error("no deadline, overdue")
	}
}

// TestAwaitingAcceptance: by default an applicant's submission waits (待受理)
// with no acceptance date, rule set or deadline; accepting sets them from
// the acceptance day; a registrar's submission is accepted at once.
func TestAwaitingAcceptance(t *testing.T) {
	w := Workflow{Settings: DefaultSettings()}
	c := inState(Draft)
	c.SignedOn, c.ValidFrom = d("2025-12-01"), d("2025-12-01")
	step, err := w.Transition(&c, Event{Kind: EvSubmit}, actorFor(access.Enterprise), noonCST(d("2026-02-20")))
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != Awaiting || step.To != Awaiting || !c.AcceptedOn.IsZero() || c.RuleSet != "" || !c.Deadline.IsZero() {
		t.Fatalf("submitted online: %s (step to %s) accepted %s rule set %q deadline %s", c.Status, step.To, c.AcceptedOn, c.RuleSet, c.Deadline)
	}
	if OverdueAt(c, d("2027-01-01")) {
		t.Error("a submission not yet accepted has no deadline to miss")
	}
	if _, err := w.Transition(&c, Event{Kind: EvRegister}, actorFor(access.Registrar), noonCST(d("2026-03-02"))); !errs.Is(err, errs.Conflict) {
		t.Errorf("register before acceptance: %v", err)
	}
	// Accepted after the 2026 rules took effect: they apply, from that day.
	if _, err := w.Transition(&c, Event{Kind: EvAccept}, actorFor(access.Registrar), noonCST(d("2026-03-02"))); err != nil {
		t.Fatal(err)
	}
	if c.Status != Submitted || c.AcceptedOn != d("2026-03-02") || c.RuleSet != MIIT2026 || c.Deadline != RuleSetFor(w.Settings, d("2026-03-02")).DeadlineFor(c) {
		t.Errorf("accepted: %s on %s rule set %s deadline %s", c.Status, c.AcceptedOn, c.RuleSet, c.Deadline)
	}
	r := inState(Draft)
	r.SignedOn, r.ValidFrom = d("2025-12-01"), d("2025-12-01")
	if _, err := w.Transition(&r, Event{Kind: EvSubmit}, actorFor(access.Registrar), noonCST(d("2026-02-20"))); err != nil {
		t.Fatal(err)
	}
	if r.Status != Submitted || r.AcceptedOn != d("2026-02-20") || r.RuleSet != Legacy2000 {
		t.Errorf("registrar's submission: %s accepted %s rule set %s", r.Status, r.AcceptedOn, r.RuleSet)
	}
}
