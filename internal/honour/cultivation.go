package honour

import (
	"strings"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Stage is how far a candidate is on the way to a title.
type Stage string

const (
	StageSurvey     Stage = "survey"     // 摸底
	StageCoaching   Stage = "coaching"   // 辅导
	StageApplied    Stage = "applied"    // 申报
	StagePublicised Stage = "publicised" // 公示
	StageAwarded    Stage = "awarded"    // 认定
)

// Stages lists the stages in order.
func Stages() []Stage {
	return []Stage{StageSurvey, StageCoaching, StageApplied, StagePublicised, StageAwarded}
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool {
	for _, x := range Stages() {
		if x == s {
			return true
		}
	}
	return false
}

// Key is the catalog key of the stage's name.
func (s Stage) Key() string { return "honour.stage." + string(s) }

// ActivityKind is the kind of cultivation work.
type ActivityKind string

const (
	ActBriefing ActivityKind = "briefing" // 政策宣讲
	ActTraining ActivityKind = "training" // 业务培训
	ActPush     ActivityKind = "push"     // 专题推进
	ActCoaching ActivityKind = "coaching" // 专家一对一辅导
)

// ActivityKinds lists the kinds in form order.
func ActivityKinds() []ActivityKind {
	return []ActivityKind{ActBriefing, ActTraining, ActPush, ActCoaching}
}

// Valid reports whether k is a known kind.
func (k ActivityKind) Valid() bool {
	for _, x := range ActivityKinds() {
		if x == k {
			return true
		}
	}
	return false
}

// Key is the catalog key of the kind's name.
func (k ActivityKind) Key() string { return "honour.activity." + string(k) }

// Candidate is an enterprise a zone prepares for a programme.
type Candidate struct {
	ID             int64      `json:"id"`
	ZoneID         int64      `json:"zone_id"`
	EnterpriseID   int64      `json:"enterprise_id"`
	EnterpriseName string     `json:"enterprise_name"`
	ProgrammeID    int64      `json:"programme_id"`
	TargetYear     int        `json:"target_year"` // the batch year aimed at
	Stage          Stage      `json:"stage"`
	Owner          string     `json:"owner"` // who in the zone follows it
	Notes          string     `json:"notes"`
	NextStep       string     `json:"next_step"` // from the latest activity
	NextOn         civil.Date `json:"next_on"`
	Version        int        `json:"version"`
}

// Activity is one piece of cultivation work with a candidate.
type Activity struct {
	ID          int64        `json:"id"`
	CandidateID int64        `json:"candidate_id"`
	ZoneID      int64        `json:"zone_id"`
	Kind        ActivityKind `json:"kind"`
	On          civil.Date   `json:"on"`
	People      string       `json:"people"` // who ran it: officers, experts
	Attendees   int          `json:"attendees"`
	Notes       string       `json:"notes"`
	NextStep    string       `json:"next_step"`
	NextOn      civil.Date   `json:"next_on"`
}

const maxText = 2000

// ValidateCandidate checks a new candidate and normalises it in place.
func ValidateCandidate(c *Candidate, today civil.Date) error {
	return validateCandidate(c, today, true)
}

// validateCandidate checks c; the target year's range (from last year to
// five years on) applies to a year being set, not to one kept as it was:
// a candidate aimed at a year now past can still move on.
func validateCandidate(c *Candidate, today civil.Date, checkYear bool) error {
	var f errs.Fields
	c.Owner = strings.TrimSpace(c.Owner)
	c.Notes = strings.TrimSpace(c.Notes)
	if c.EnterpriseID == 0 {
		f.Add("enterprise_id", "error.required")
	}
	if c.ProgrammeID == 0 {
		f.Add("programme_id", "error.required")
	}
	if c.Stage == "" {
		c.Stage = StageSurvey
	}
	if !c.Stage.Valid() {
		f.Add("stage", "honour.err.stage")
	}
	if y := today.Year; checkYear && (c.TargetYear < y-1 || c.TargetYear > y+5) {
		f.Add("target_year", "honour.err.target_year", y-1, y+5)
	}
	text(&f, "owner", c.Owner, 100)
	text(&f, "notes", c.Notes, maxText)
	return f.Err()
}

// ValidateActivity checks a done activity and normalises it in place: it
// happened (not after today), and its next step, if any, has a date after it.
func ValidateActivity(a *Activity, today civil.Date) error {
	var f errs.Fields
	a.People = strings.TrimSpace(a.People)
	a.Notes = strings.TrimSpace(a.Notes)
	a.NextStep = strings.TrimSpace(a.NextStep)
	if !a.Kind.Valid() {
		f.Add("kind", "honour.err.activity_kind")
	}
	switch {
	case a.On.IsZero():
		f.Add("on", "error.required")
	case today.Before(a.On):
		f.Add("on", "honour.err.future", today.String())
	}
	if a.Attendees < 0 || a.Attendees > 100000 {
		f.Add("attendees", "error.out_of_range")
	}
	if a.NextStep != "" && a.NextOn.IsZero() {
		f.Add("next_on", "honour.err.next_on")
	}
	if !a.NextOn.IsZero() && !a.On.IsZero() && !a.On.Before(a.NextOn) {
		f.Add("next_on", "honour.err.next_after", a.On.String())
	}
	text(&f, "people", a.People, 200)
	text(&f, "notes", a.Notes, maxText)
	text(&f, "next_step", a.NextStep, 500)
	return f.Err()
}

func text(f *errs.Fields, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		f.Add(field, "error.too_long", max)
	}
}

// Overdue reports whether a candidate's next step is past due on today: it
// has a date before today and the candidate is not yet awarded.
func Overdue(c Candidate, today civil.Date) bool {
	return c.Stage != StageAwarded && !c.NextOn.IsZero() && c.NextOn.Before(today)
}
