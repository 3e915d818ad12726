package honour

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
)

func TestValidateActivity(t *testing.T) {
	today := d("2023-12-18")
	ok := Activity{Kind: ActCoaching, On: d("2023-12-01"), People: " 专家组 ", Attendees: 6, NextStep: "提交申报材料", NextOn: d("2024-01-10")}
	if err := ValidateActivity(&ok, today); err != nil || ok.People != "专家组" {
		t.Fatalf("valid activity: %v %+v", err, ok)
	}
	cases := []struct {
		name  string
		a     Activity
		field string
		key   string
	}{
		{"future", Activity{Kind: ActTraining, On: d("2023-12-19")}, "on", "honour.err.future"},
		{"no date", Activity{Kind: ActTraining}, "on", "error.required"},
		{"kind", Activity{Kind: "party", On: d("2023-12-01")}, "kind", "honour.err.activity_kind"},
		{"next step without date", Activity{Kind: ActPush, On: d("2023-12-01"), NextStep: "回访"}, "next_on", "honour.err.next_on"},
		{"next before", Activity{Kind: ActPush, On: d("2023-12-01"), NextStep: "回访", NextOn: d("2023-11-30")}, "next_on", "honour.err.next_after"},
		{"attendees", Activity{Kind: ActBriefing, On: d("2023-12-01"), Attendees: -1}, "attendees", "error.out_of_range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := fields(t, ValidateActivity(&c.a, today))
			if f[c.field].Key != c.key {
				t.Errorf("fields %v, want %s: %s", f, c.field, c.key)
			}
		})
	}
}

func TestValidateCandidateAndOverdue(t *testing.T) {
	today := d("2023-12-18")
	c := Candidate{EnterpriseID: 1, ProgrammeID: 2, TargetYear: 2024, Owner: " 王科长 "}
	if err := ValidateCandidate(&c, today); err != nil || c.Stage != StageSurvey || c.Owner != "王科长" {
		t.Fatalf("candidate: %v %+v", err, c)
	}
	bad := Candidate{TargetYear: 2040, Stage: "done"}
	f := fields(t, ValidateCandidate(&bad, today))
	for _, k := range []string{"enterprise_id", "programme_id", "stage", "target_year"} {
		if !f.Has(k) {
			t.Errorf("no error for %s: %v", k, f)
		}
	}
	c.NextOn = d("2023-12-17")
	if !Overdue(c, today) {
		t.Error("next step yesterday is overdue")
	}
	c.Stage = StageAwarded
	if Overdue(c, today) {
		t.Error("an awarded candidate is never overdue")
	}
}

func TestValidateProgramme(t *testing.T) {
	known := map[string]bool{}
	for _, p := range DefaultProgrammes() {
		p := p
		if err := ValidateProgramme(&p, known); err != nil && p.Prior == "" {
			t.Errorf("default %s: %v", p.Code, err)
		}
		known[p.Code] = true
	}
	for _, p := range DefaultProgrammes() {
		p := p
		delete(known, p.Code)
		if err := ValidateProgramme(&p, known); err != nil {
			t.Errorf("default %s: %v", p.Code, err)
		}
		known[p.Code] = true
	}
	p := Programme{Code: CodeHighTech, Name: "x", Issuer: "y", Level: "county", Kind: "z", TermYears: 20, Prior: "nope"}
	f := fields(t, ValidateProgramme(&p, known))
	for _, k := range []string{"code", "level", "kind", "term_years", "prior", "since"} {
		if !f.Has(k) {
			t.Errorf("no error for %s: %v", k, f)
		}
	}
}

// A candidate aimed at a year now past still moves on; setting such a year
// is refused.
func TestUpdateCandidatePastYear(t *testing.T) {
	c := Candidate{ID: 1, EnterpriseID: 1, ProgrammeID: 2, TargetYear: 2024, Stage: StageCoaching, Version: 3}
	st := &memCandidates{c: c}
	svc := &Service{Store: st, Policy: testPolicy(), Now: func() time.Time { return time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC) }}
	admin := access.Actor{UserID: 1, Username: "a", Role: access.ZoneAdmin, ZoneID: 1}
	awarded := StageAwarded
	got, err := svc.UpdateCandidate(context.Background(), admin, 1, CandidatePatch{Version: 3, Stage: &awarded})
	if err != nil || got.Stage != StageAwarded {
		t.Fatalf("stage change of a past-year candidate: %v %+v", err, got)
	}
	past := 2023
	_, err = svc.UpdateCandidate(context.Background(), admin, 1, CandidatePatch{Version: 4, TargetYear: &past})
	if !fields(t, err).Has("target_year") {
		t.Errorf("setting a past year: %v", err)
	}
}

type memCandidates struct {
	Store
	c Candidate
}

func (m *memCandidates) Candidate(context.Context, access.Actor, int64) (Candidate, error) {
	return m.c, nil
}
func (m *memCandidates) UpdateCandidate(_ context.Context, _ access.Actor, c Candidate) error {
	c.Version++
	m.c = c
	return nil
}

func testPolicy() *access.Policy { return access.DefaultPolicy(Policy()) }
