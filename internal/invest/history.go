package invest

import (
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Record is a project as a bureau's sheet records it: where it is now and
// the days it reached each stage, as an import reads them. Field names are
// the import's column keys.
type Record struct {
	Stage        Stage
	LeadOn       civil.Date // first contact; the earliest date given when zero
	StageOn      civil.Date // the day it reached its stage (洽谈, 考察, 意向; for 终止 the day it ended)
	SignedOn     civil.Date
	RegisteredOn civil.Date
	StartedOn    civil.Date
	ProductionOn civil.Date
	Reason       string // of 终止
}

// milestone is a stage a record keeps a date column of.
type milestone struct {
	stage Stage
	field string
	on    civil.Date
}

func (r Record) milestones() []milestone {
	return []milestone{
		{StageSigned, "signed_on", r.SignedOn},
		{StageRegistered, "registered_on", r.RegisteredOn},
		{StageStarted, "started_on", r.StartedOn},
		{StageProduction, "production_on", r.ProductionOn},
	}
}

// History checks a record's stage data and works out the steps that took
// the project there (oldest first), as a clerk would have recorded them:
// first contact, the stage it is in if that is 洽谈, 考察 or 意向, each
// milestone it reached (签约, 注册, 开工, 投产) on its date, and 终止 last.
// Every problem is returned at once, each under its field: a stage reached
// without its date, a date of a stage not reached, dates out of order or in
// the future, 终止 without its reason (or a reason for a project not ended).
// A terminated project's milestone dates say how far it came.
func History(r Record, today civil.Date) ([]Step, error) {
	var f errs.Fields
	if !r.Stage.Valid() {
		f.Add("stage", "invest.err.stage")
		return nil, f.Err()
	}
	term := r.Stage == StageTerminated
	middle := r.Stage == StageTalks || r.Stage == StageInspection || r.Stage == StageIntent
	for _, m := range r.milestones() {
		switch {
		case term:
		case r.Stage.Reached(m.stage) && m.on.IsZero():
			f.Add(m.field, "invest.err.import_stage_date", errs.M(m.stage.Key()), errs.M(r.Stage.Key()))
		case !r.Stage.Reached(m.stage) && !m.on.IsZero():
			f.Add(m.field, "invest.err.import_not_reached", errs.M(m.stage.Key()), errs.M(r.Stage.Key()))
		}
	}
	if term {
		// How far it came: its milestones must be a run from 签约.
		gap := false
		for _, m := range r.milestones() {
			if m.on.IsZero() {
				gap = true
			} else if gap {
				f.Add(m.field, "invest.err.import_gap", errs.M(m.stage.Key()))
			}
		}
	}
	switch {
	case (middle || term) && r.StageOn.IsZero():
		f.Add("stage_on", "invest.err.import_stage_on", errs.M(r.Stage.Key()))
	case !middle && !term && !r.StageOn.IsZero():
		// 线索 or a milestone stage: the day must be the one its column gives.
		want := r.LeadOn
		for _, m := range r.milestones() {
			if m.stage == r.Stage {
				want = m.on
			}
		}
		if !want.IsZero() && want != r.StageOn {
			f.Add("stage_on", "invest.err.import_stage_on_differs", want.String())
		}
		if r.Stage == StageLead && r.LeadOn.IsZero() {
			r.LeadOn = r.StageOn
		}
	}
	switch {
	case term && r.Reason == "":
		f.Add("terminated_reason", "invest.err.reason")
	case !term && r.Reason != "":
		f.Add("terminated_reason", "invest.err.import_reason_unused")
	}
	text(&f, "terminated_reason", r.Reason, maxText)
	// Dates: none in the future, each on or after the one before.
	type dated struct {
		field string
		on    civil.Date
	}
	seq := []dated{{"lead_on", r.LeadOn}}
	if middle {
		seq = append(seq, dated{"stage_on", r.StageOn})
	}
	for _, m := range r.milestones() {
		seq = append(seq, dated{m.field, m.on})
	}
	if term {
		seq = append(seq, dated{"stage_on", r.StageOn})
	}
	var last dated
	first := civil.Date{}
	for _, d := range seq {
		if d.on.IsZero() {
			continue
		}
		if today.Before(d.on) {
			f.Add(d.field, "invest.err.future", today.String())
		}
		if !last.on.IsZero() && d.on.Before(last.on) && !f.Has(d.field) {
			f.Add(d.field, "invest.err.import_order", last.on.String())
		}
		if first.IsZero() {
			first = d.on
		}
		last = d
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if r.LeadOn.IsZero() {
		r.LeadOn = first
	}
	if r.LeadOn.IsZero() {
		f.Add("lead_on", "error.required")
		return nil, f.Err()
	}
	steps := []Step{{To: StageLead, On: r.LeadOn}}
	add := func(to Stage, on civil.Date, note string) {
		steps = append(steps, Step{From: steps[len(steps)-1].To, To: to, On: on, Note: note})
	}
	if middle {
		add(r.Stage, r.StageOn, "")
	}
	for _, m := range r.milestones() {
		if !m.on.IsZero() {
			add(m.stage, m.on, "")
		}
	}
	if term {
		add(StageTerminated, r.StageOn, r.Reason)
	}
	return steps, nil
}
