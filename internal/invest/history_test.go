package invest

import (
	"slices"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

func TestHistory(t *testing.T) {
	d := civil.MustParse
	today := d("2023-12-18")
	tests := []struct {
		name   string
		rec    Record
		steps  []Stage // the stages the steps reach, in order
		lastOn string
		bad    []string // fields with a problem
	}{
		{name: "a lead with its first contact", rec: Record{Stage: StageLead, LeadOn: d("2023-05-01")},
			steps: []Stage{StageLead}, lastOn: "2023-05-01"},
		{name: "a lead dated by its stage date", rec: Record{Stage: StageLead, StageOn: d("2023-05-01")},
			steps: []Stage{StageLead}, lastOn: "2023-05-01"},
		{name: "a lead without a date", rec: Record{Stage: StageLead}, bad: []string{"lead_on"}},
		{name: "in talks", rec: Record{Stage: StageTalks, LeadOn: d("2023-05-01"), StageOn: d("2023-06-01")},
			steps: []Stage{StageLead, StageTalks}, lastOn: "2023-06-01"},
		{name: "in talks without its date", rec: Record{Stage: StageTalks, LeadOn: d("2023-05-01")}, bad: []string{"stage_on"}},
		{name: "in talks with a signing date", rec: Record{Stage: StageTalks, LeadOn: d("2023-05-01"), StageOn: d("2023-06-01"),
			SignedOn: d("2023-07-01")}, bad: []string{"signed_on"}},
		{name: "registered, first contact taken from the earliest date",
			rec:   Record{Stage: StageRegistered, SignedOn: d("2023-05-10"), RegisteredOn: d("2023-06-15")},
			steps: []Stage{StageLead, StageSigned, StageRegistered}, lastOn: "2023-06-15"},
		{name: "registered without its signing date", rec: Record{Stage: StageRegistered, LeadOn: d("2023-01-01"), RegisteredOn: d("2023-06-15")},
			bad: []string{"signed_on"}},
		{name: "in production: every milestone", rec: Record{Stage: StageProduction, LeadOn: d("2021-01-01"), SignedOn: d("2021-03-01"),
			RegisteredOn: d("2021-04-01"), StartedOn: d("2021-06-01"), ProductionOn: d("2022-09-01")},
			steps: []Stage{StageLead, StageSigned, StageRegistered, StageStarted, StageProduction}, lastOn: "2022-09-01"},
		{name: "started before signing", rec: Record{Stage: StageStarted, LeadOn: d("2023-01-01"), SignedOn: d("2023-06-01"),
			RegisteredOn: d("2023-06-10"), StartedOn: d("2023-05-01")}, bad: []string{"started_on"}},
		{name: "a date in the future", rec: Record{Stage: StageSigned, LeadOn: d("2023-01-01"), SignedOn: d("2024-01-05")},
			bad: []string{"signed_on"}},
		{name: "signed, stage date differs", rec: Record{Stage: StageSigned, LeadOn: d("2023-01-01"), SignedOn: d("2023-03-01"),
			StageOn: d("2023-03-02")}, bad: []string{"stage_on"}},
		{name: "terminated after signing", rec: Record{Stage: StageTerminated, LeadOn: d("2023-01-05"), SignedOn: d("2023-04-12"),
			StageOn: d("2023-09-30"), Reason: "投资方调整布局"},
			steps: []Stage{StageLead, StageSigned, StageTerminated}, lastOn: "2023-09-30"},
		{name: "terminated without a reason or date", rec: Record{Stage: StageTerminated, LeadOn: d("2023-01-05")},
			bad: []string{"stage_on", "terminated_reason"}},
		{name: "terminated with a gap in its milestones", rec: Record{Stage: StageTerminated, LeadOn: d("2023-01-05"),
			StartedOn: d("2023-05-01"), StageOn: d("2023-09-30"), Reason: "停建"}, bad: []string{"started_on"}},
		{name: "a reason for a project not ended", rec: Record{Stage: StageLead, LeadOn: d("2023-01-05"), Reason: "无"},
			bad: []string{"terminated_reason"}},
		{name: "an unknown stage", rec: Record{Stage: "approved"}, bad: []string{"stage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, err := History(tt.rec, today)
			if len(tt.bad) > 0 {
				e, ok := err.(*errs.Error)
				if !ok {
					t.Fatalf("err %v, want problems with %v", err, tt.bad)
				}
				var got []string
				for f := range e.Fields {
					got = append(got, f)
				}
				slices.Sort(got)
				if !slices.Equal(got, tt.bad) {
					t.Errorf("problems with %v, want %v (%v)", got, tt.bad, e.Fields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []Stage
			for i, s := range steps {
				got = append(got, s.To)
				if i > 0 && s.From != steps[i-1].To {
					t.Errorf("step %d from %s, want %s", i, s.From, steps[i-1].To)
				}
				if i > 0 && s.On.Before(steps[i-1].On) {
					t.Errorf("step %d on %s before %s", i, s.On, steps[i-1].On)
				}
			}
			if !slices.Equal(got, tt.steps) || steps[len(steps)-1].On.String() != tt.lastOn {
				t.Errorf("steps %v ending %s, want %v ending %s", got, steps[len(steps)-1].On, tt.steps, tt.lastOn)
			}
		})
	}
}
