package invest

import (
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

var d = civil.MustParse

func TestTransition(t *testing.T) {
	today := d("2023-12-18")
	base := Project{ID: 1, ZoneID: 7, Stage: StageIntent, StageOn: d("2023-06-01")}
	registered := base
	registered.Stage, registered.EnterpriseID = StageSigned, 9
	lenient := DefaultSettings()
	lenient.AllowSkip, lenient.AllowBack = true, true
	cityApproves := Settings{Approvals: map[Stage]Level{StageSigned: LevelCity}}
	tests := []struct {
		name  string
		p     Project
		to    Stage
		on    string
		note  string
		role  access.Role
		s     Settings
		kind  errs.Kind // 0: allowed
		field string
	}{
		{name: "next stage by staff", p: Project{Stage: StageLead, StageOn: d("2023-01-01")}, to: StageTalks, on: "2023-02-01", role: access.ZoneStaff, s: DefaultSettings()},
		{name: "signing approved by the zone's leadership", p: base, to: StageSigned, on: "2023-07-01", note: "同意签约", role: access.ZoneAdmin, s: DefaultSettings()},
		{name: "signing by staff needs an approval", p: base, to: StageSigned, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Forbidden},
		{name: "an approval needs an opinion", p: base, to: StageSigned, on: "2023-07-01", role: access.ZoneAdmin, s: DefaultSettings(), kind: errs.Invalid, field: "note"},
		{name: "city approves where set", p: base, to: StageSigned, on: "2023-07-01", note: "同意", role: access.City, s: cityApproves},
		{name: "zone admin may not give a city approval", p: base, to: StageSigned, on: "2023-07-01", note: "同意", role: access.ZoneAdmin, s: cityApproves, kind: errs.Forbidden},
		{name: "city may not take an ordinary step", p: Project{Stage: StageLead}, to: StageTalks, on: "2023-07-01", role: access.City, s: DefaultSettings(), kind: errs.Forbidden},
		{name: "skip refused", p: Project{Stage: StageLead}, to: StageIntent, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Conflict},
		{name: "skip allowed by the setting", p: Project{Stage: StageLead}, to: StageIntent, on: "2023-07-01", role: access.ZoneStaff, s: lenient},
		{name: "back refused", p: base, to: StageTalks, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Conflict},
		{name: "back allowed by the setting", p: base, to: StageTalks, on: "2023-07-01", role: access.ZoneStaff, s: lenient},
		{name: "registered needs a company", p: Project{Stage: StageSigned}, to: StageRegistered, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Conflict},
		{name: "registered with a company", p: registered, to: StageRegistered, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings()},
		{name: "terminate from any stage with a reason", p: base, to: StageTerminated, on: "2023-07-01", note: "投资方战略调整", role: access.ZoneStaff, s: DefaultSettings()},
		{name: "terminate needs a reason", p: base, to: StageTerminated, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Invalid, field: "note"},
		{name: "nothing after termination", p: Project{Stage: StageTerminated}, to: StageLead, on: "2023-07-01", role: access.ZoneStaff, s: lenient, kind: errs.Conflict},
		{name: "same stage", p: base, to: StageIntent, on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Conflict},
		{name: "unknown stage", p: base, to: "done", on: "2023-07-01", role: access.ZoneStaff, s: DefaultSettings(), kind: errs.Invalid, field: "to"},
		{name: "date before the current stage", p: base, to: StageSigned, on: "2023-05-01", role: access.ZoneAdmin, s: DefaultSettings(), kind: errs.Invalid, field: "on"},
		{name: "date in the future", p: base, to: StageSigned, on: "2024-01-01", role: access.ZoneAdmin, s: DefaultSettings(), kind: errs.Invalid, field: "on"},
		{name: "date missing", p: base, to: StageSigned, role: access.ZoneAdmin, s: DefaultSettings(), kind: errs.Invalid, field: "on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var on civil.Date
			if tt.on != "" {
				on = d(tt.on)
			}
			step, err := Transition(tt.p, tt.to, on, tt.note, tt.role, tt.s, today)
			if tt.kind == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if step.To != tt.to || step.From != tt.p.Stage || step.On != on {
					t.Fatalf("step %+v", step)
				}
				if want := tt.s.Approval(tt.to); step.Approval != want {
					t.Fatalf("approval %q, want %q", step.Approval, want)
				}
				return
			}
			if errs.KindOf(err) != tt.kind {
				t.Fatalf("got %v, want kind %v", err, tt.kind)
			}
			if tt.field != "" {
				var e *errs.Error
				if !asErr(err, &e) || !errs.Fields(e.Fields).Has(tt.field) {
					t.Fatalf("got %v, want a problem with %s", err, tt.field)
				}
			}
		})
	}
}

func asErr(err error, e **errs.Error) bool {
	x, ok := err.(*errs.Error)
	*e = x
	return ok
}

func TestValidate(t *testing.T) {
	today := d("2023-12-18")
	signed := Project{Stage: StageSigned, PlannedFen: 100_000_000 * 100}
	tests := []struct {
		name   string
		err    error
		fields []string
	}{
		{"project: every bad field at once", ValidateProject(&Project{Origin: "mars", Mode: "x", Industry: "y", PlannedFen: -1, InvestorUSCC: "123", Agreement: "z"}),
			[]string{"name", "investor", "origin", "mode", "industry", "planned_fen", "investor_uscc", "agreement"}},
		{"project: absurd amount", ValidateProject(&Project{Name: "a", Investor: "b", Origin: OriginLocal, Mode: ModeOther, Industry: "food", PlannedFen: MaxAmountFen + 1}),
			[]string{"planned_fen"}},
		{"registration: paid-in above registered", ValidateRegistration(signed, &Registration{USCC: "91230200MA1B2C3D4E", On: d("2023-07-01"), RegisteredFen: 100, PaidInFen: 200}, today),
			[]string{"paid_in_fen"}},
		{"arrival above planned needs a note", ValidateArrival(signed, &Arrival{On: d("2023-08-01"), AmountFen: signed.PlannedFen + 1}, today), []string{"note"}},
		{"trip ending before it starts", ValidateTrip(&Trip{StartOn: d("2023-05-10"), EndOn: d("2023-05-08"), Province: "北京", Leader: "张", People: 3}, today), []string{"end_on"}},
		{"trip without destination, leader or people", ValidateTrip(&Trip{StartOn: d("2023-05-10")}, today), []string{"province", "leader", "people"}},
		{"visit in the future", ValidateVisit(&Visit{Firm: "x", StartOn: d("2024-01-01")}, today), []string{"start_on"}},
		{"fund: paid in above committed above target", ValidateFund(&Fund{Name: "f", Manager: "m", Kind: FundGuiding, TargetFen: 100, CommittedFen: 200, PaidInFen: 300, SetUpOn: d("2023-10-01")}, today),
			[]string{"committed_fen"}},
		{"follow-up next before it", ValidateFollowUp(&FollowUp{On: d("2023-10-01"), Notes: "电话", NextOn: d("2023-09-01")}, today), []string{"next_on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *errs.Error
			if !asErr(tt.err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("got %v, want invalid", tt.err)
			}
			for _, f := range tt.fields {
				if !errs.Fields(e.Fields).Has(f) {
					t.Errorf("no problem with %s: %v", f, tt.err)
				}
			}
		})
	}
	if err := ValidateRegistration(Project{Stage: StageIntent}, &Registration{}, today); errs.KindOf(err) != errs.Conflict {
		t.Errorf("registration before signing: %v", err)
	}
}

func TestSizeBand(t *testing.T) {
	for fen, want := range map[int64]string{0: "lt3", 3*yi - 1: "lt3", 3 * yi: "3_10", 10 * yi: "10_20", 20 * yi: "ge20", 50 * yi: "ge20"} {
		if got := SizeBand(fen); got != want {
			t.Errorf("SizeBand(%d) = %s, want %s", fen, got, want)
		}
	}
}

// TestRollupsProperty drives random projects through random steps,
// arrivals and registrations, applies each change as the store does
// (Rows and Spans of the new state, minus those of the old) and checks the
// totals against the final state's own rows, and the pipeline stock at
// every month end against the stage each project was at.
func TestRollupsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	lenient := Settings{Approvals: map[Stage]Level{StageSigned: LevelZone}, AllowSkip: true, AllowBack: true}
	for round := 0; round < 200; round++ {
		today := d("2026-12-31")
		st := State{Project: Project{ID: 1, ZoneID: 3, Origin: Origins()[rng.IntN(3)], Mode: Modes()[rng.IntN(5)], Industry: "food",
			PlannedFen: rng.Int64N(30 * yi), Stage: StageLead, StageOn: d("2022-01-10")}}
		st.Steps = []Step{{To: StageLead, On: st.Project.StageOn}}
		var rows []indicator.Row
		var spans []indicator.Span
		rows = append(rows, Rows(st.Project, st.Steps, st.Arrivals, 1)...)
		spans = append(spans, Spans(st.Project, st.Steps, 1)...)
		on := st.Project.StageOn
		for i := 0; i < 12; i++ {
			on = on.AddDays(rng.IntN(70))
			next := st
			switch rng.IntN(4) {
			case 0, 1:
				to := AllStages()[rng.IntN(len(AllStages()))]
				step, err := Transition(st.Project, to, on, "意见", access.ZoneAdmin, lenient, today)
				if err != nil {
					continue
				}
				next.Project = Apply(st.Project, step)
				next.Steps = append(append([]Step(nil), st.Steps...), step)
			case 2:
				r := Registration{USCC: "91230200MA1B2C3D4E", On: on, RegisteredFen: rng.Int64N(yi) + 1}
				r.PaidInFen = rng.Int64N(r.RegisteredFen + 1)
				if ValidateRegistration(st.Project, &r, today) != nil {
					continue
				}
				next.Project.EnterpriseID, next.Project.RegisteredOn = 5, on
				next.Project.RegisteredFen, next.Project.PaidInFen = r.RegisteredFen, r.PaidInFen
			case 3:
				a := Arrival{On: on, AmountFen: rng.Int64N(yi) + 1, Note: "超计划"}
				if ValidateArrival(st.Project, &a, today) != nil {
					continue
				}
				next.Project.ArrivedFen += a.AmountFen
				next.Arrivals = append(append([]Arrival(nil), st.Arrivals...), a)
			}
			rows = append(rows, Rows(next.Project, next.Steps, next.Arrivals, 1)...)
			rows = append(rows, Rows(st.Project, st.Steps, st.Arrivals, -1)...)
			spans = append(spans, DiffSpans(Spans(next.Project, next.Steps, 1), Spans(st.Project, st.Steps, 1))...)
			st = next
		}
		got, want := sum(rows), sum(Rows(st.Project, st.Steps, st.Arrivals, 1))
		for k, v := range got {
			if v != want[k] {
				t.Fatalf("round %d: %v = %d, want %d", round, k, v, want[k])
			}
		}
		for k, v := range want {
			if v != got[k] {
				t.Fatalf("round %d: %v = %d, want %d", round, k, got[k], v)
			}
		}
		stock := indicator.SpanRows(spans)
		for m := indicator.MonthOfDate(d("2022-01-01")); m <= indicator.MonthOfDate(on); m = m.Add(1) {
			var at Stage
			for _, s := range st.Steps {
				if indicator.MonthOfDate(s.On) <= m {
					at = s.To
				}
			}
			for _, s := range AllStages() {
				want := int64(0)
				if s == at {
					want = 1
				}
				if got := stockAt(stock, indicator.Dim(DimStage, string(s)), m); got != want {
					t.Fatalf("round %d: %s at %v = %d, want %d (steps %+v)", round, s, m, got, want, st.Steps)
				}
			}
		}
	}
}

type rowKey struct {
	id  string
	dim indicator.DimKey
	m   indicator.YM
}

func sum(rows []indicator.Row) map[rowKey]int64 {
	out := map[rowKey]int64{}
	for _, r := range rows {
		k := rowKey{r.Indicator, r.Dim, r.Month}
		out[k] += r.Value
		if out[k] == 0 {
			delete(out, k)
		}
	}
	return out
}

// stockAt reads an AggHeldOn value at month m from edge rows: the latest
// row at or before m.
func stockAt(rows []indicator.Row, dim indicator.DimKey, m indicator.YM) int64 {
	var best indicator.YM
	var v int64
	for _, r := range rows {
		if r.Dim == dim && r.Month <= m && r.Month >= best {
			best, v = r.Month, r.Value
		}
	}
	return v
}

// The funnel counts each project in every stage up to the one it reached:
// open ones by their stage, terminated ones by the stage they left.
func TestFunnel(t *testing.T) {
	p := Pipeline{
		Counts:         map[Stage]int{StageLead: 5, StageTalks: 3, StageSigned: 2, StageProduction: 1, StageTerminated: 4},
		TerminatedFrom: map[Stage]int{StageLead: 2, StageIntent: 1, StageSigned: 1},
	}
	want := []int{15, 8, 5, 5, 4, 1, 1, 1}
	f := p.Funnel()
	if len(f) != len(want) {
		t.Fatalf("%d steps", len(f))
	}
	for i, s := range f {
		if s.Stage != Stages()[i] || s.Reached != want[i] {
			t.Errorf("step %d: %s reached %d, want %s %d", i, s.Stage, s.Reached, Stages()[i], want[i])
		}
	}
	if f[0].HasRate || !f[1].HasRate || f[1].Rate != 8.0/15 || f[3].Rate != 1 {
		t.Errorf("rates: %+v", f)
	}
	// No project at all: no rates, no division by zero.
	for _, s := range (Pipeline{}).Funnel() {
		if s.Reached != 0 || s.HasRate {
			t.Errorf("empty funnel: %+v", s)
		}
	}
}
