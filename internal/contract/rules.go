package contract

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// RuleSetID names the body of rules a contract was judged under.
type RuleSetID string

const (
	// Legacy2000 is the 2000 《技术合同认定登记管理办法》 with the 2001
	// 《技术合同认定规则》, for contracts accepted before 2026-03-01.
	Legacy2000 RuleSetID = "legacy2000"
	// MIIT2026 is the 2026 MIIT 办法 and its annexed 规则, in force from
	// 2026-03-01. Its text is not final here, so its values come from Settings.
	MIIT2026 RuleSetID = "miit2026"
)

// RuleSetIDs lists every rule set, oldest first.
func RuleSetIDs() []RuleSetID { return []RuleSetID{Legacy2000, MIIT2026} }

// Valid reports whether id is a known rule set.
func (id RuleSetID) Valid() bool { return id == Legacy2000 || id == MIIT2026 }

// Key is the catalog key of the rule set's name.
func (id RuleSetID) Key() string { return "contract.ruleset." + string(id) }

// MIIT2026From is the first acceptance date judged under the 2026 rules. It
// is the published commencement date, not a draft value, hence no setting.
func MIIT2026From() civil.Date { return civil.Date{Year: 2026, Month: time.March, Day: 1} }

// Settings are the operator's values for the 2026 rules, which come from the
// 2024 consultation draft and may change with the final text, plus the
// working-day calendar. The zero value is not usable: start from
// DefaultSettings and Validate after changing anything.
type Settings struct {
	DeadlineWorkdays       int    `json:"deadline_workdays"`        // decision deadline: working days after acceptance
	ExpertDeadlineWorkdays int    `json:"expert_deadline_workdays"` // the same when expert review is needed
	ExpertThresholdFen     int64  `json:"expert_threshold_fen"`     // tech amount from which experts review
	RegNoLayout            Layout `json:"reg_no_layout"`
	FoldLicence            bool   `json:"fold_licence"` // count licences as transfers in 2026 reports
	// AcceptOnSubmit accepts an applicant's online submission at once (the
	// acceptance date is the submission's); unset, it waits as 待受理 until
	// the registration point accepts it.
	AcceptOnSubmit bool `json:"accept_on_submit"`

	// The State Council's holiday notice, yearly: weekdays off, and the
	// weekend days worked in exchange (调休上班).
	Holidays       []civil.Date `json:"holidays"`
	MakeupWorkdays []civil.Date `json:"makeup_workdays"`
}

// DefaultSettings are the DRAFT values: 15 working days, 30 with expert
// review from ¥5,000,000, a 16-digit number, licences a category of their own.
func DefaultSettings() Settings {
	return Settings{
		DeadlineWorkdays:       15,
		ExpertDeadlineWorkdays: 30,
		ExpertThresholdFen:     5_000_000 * 100,
		RegNoLayout:            Default2026Layout(),
	}
}

// Validate checks the settings, naming each bad one.
func (s Settings) Validate() error {
	var f errs.Fields
	if s.DeadlineWorkdays < 1 || s.DeadlineWorkdays > 120 {
		f.Add("deadline_workdays", "contract.err.out_of_range", 1, 120)
	}
	if s.ExpertDeadlineWorkdays < s.DeadlineWorkdays || s.ExpertDeadlineWorkdays > 250 {
		f.Add("expert_deadline_workdays", "contract.err.out_of_range", s.DeadlineWorkdays, 250)
	}
	if s.ExpertThresholdFen <= 0 {
		f.Add("expert_threshold_fen", "contract.err.must_be_positive")
	}
	if err := s.RegNoLayout.Validate(); err != nil {
		m := errs.M("contract.err.layout_syntax", s.RegNoLayout.String())
		if e := (*errs.Error)(nil); errors.As(err, &e) {
			m = e.Msg
		}
		f.Add("reg_no_layout", m.Key, m.Args...)
	} else if s.RegNoLayout.Len() == LegacyLayout().Len() {
		// The length tells which layout a number is in (ParseRegNo).
		f.Add("reg_no_layout", "contract.err.layout_len_taken", LegacyLayout().Len())
	}
	for i, d := range s.MakeupWorkdays {
		field := "makeup_workdays[" + strconv.Itoa(i) + "]"
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
			f.Add(field, "contract.err.makeup_not_weekend")
		}
		if slices.Contains(s.Holidays, d) {
			f.Add(field, "contract.err.makeup_is_holiday")
		}
	}
	for i, d := range s.Holidays {
		if d.IsZero() {
			f.Add("holidays["+strconv.Itoa(i)+"]", "contract.err.required")
		}
	}
	return f.Err()
}

// RuleSet is what a rule set decides, resolved against the settings.
type RuleSet struct {
	ID   RuleSetID
	From civil.Date // first acceptance date it governs; zero for the oldest

	// The decision deadline counts DeadlineDays after acceptance, working
	// days when Workdays, else calendar days; ExpertDeadlineDays instead
	// when the contract needs expert review.
	Workdays           bool
	DeadlineDays       int
	ExpertDeadlineDays int

	ExpertReview       bool  // the rule set knows a second (expert) review
	ExpertThresholdFen int64 // technology amount from which it is needed

	RegNoLayout Layout
	FoldLicence bool // licences are transfers in this rule set's categories

	Holidays       []civil.Date
	MakeupWorkdays []civil.Date
}

// RuleSetFor is the rule set governing a contract accepted on acceptedOn.
// A zero date (never accepted) gets the legacy set; drafts have no rule set
// of their own, so don't ask for one.
func RuleSetFor(s Settings, acceptedOn civil.Date) RuleSet {
	if acceptedOn.Before(MIIT2026From()) {
		rs, _ := RuleSetByID(s, Legacy2000)
		return rs
	}
	rs, _ := RuleSetByID(s, MIIT2026)
	return rs
}

// RuleSetByID is the rule set a stored contract names.
func RuleSetByID(s Settings, id RuleSetID) (RuleSet, bool) {
	switch id {
	case Legacy2000:
		return RuleSet{
			ID:                 Legacy2000,
			DeadlineDays:       30,
			ExpertDeadlineDays: 30,
			RegNoLayout:        LegacyLayout(),
			FoldLicence:        true,
		}, true
	case MIIT2026:
		return RuleSet{
			ID:                 MIIT2026,
			From:               MIIT2026From(),
			Workdays:           true,
			DeadlineDays:       s.DeadlineWorkdays,
			ExpertDeadlineDays: s.ExpertDeadlineWorkdays,
			ExpertReview:       true,
			ExpertThresholdFen: s.ExpertThresholdFen,
			RegNoLayout:        slices.Clone(s.RegNoLayout),
			FoldLicence:        s.FoldLicence,
			Holidays:           slices.Clone(s.Holidays),
			MakeupWorkdays:     slices.Clone(s.MakeupWorkdays),
		}, true
	}
	return RuleSet{}, false
}

// Key is the catalog key of the rule set's name.
func (rs RuleSet) Key() string { return rs.ID.Key() }

// Categories lists the categories reports use under this rule set.
func (rs RuleSet) Categories() []Category { return Categories(rs.FoldLicence) }

// Category is t's category under this rule set.
func (rs RuleSet) Category(t Type) Category { return CategoryOf(t, rs.FoldLicence) }

// NeedsExpertReview reports whether c goes to a second, expert review:
// only under a rule set that has one, when its technology amount reaches
// the threshold or the registrar marked it disputed.
func (rs RuleSet) NeedsExpertReview(c Contract) bool {
	return rs.ExpertReview && (c.Disputed || c.TechAmountFen >= rs.ExpertThresholdFen)
}

// Deadline is the last day to decide on a contract accepted on acceptedOn.
func (rs RuleSet) Deadline(acceptedOn civil.Date, expert bool) civil.Date {
	n := rs.DeadlineDays
	if expert {
		n = rs.ExpertDeadlineDays
	}
	if !rs.Workdays {
		return acceptedOn.AddDays(n)
	}
	return rs.AddWorkdays(acceptedOn, n)
}

// DeadlineFor is c's deadline from its acceptance date.
func (rs RuleSet) DeadlineFor(c Contract) civil.Date {
	return rs.Deadline(c.AcceptedOn, rs.NeedsExpertReview(c))
}

// IsWorkday reports whether d is a working day: Monday to Friday unless a
// holiday, or a weekend day worked in exchange for one.
func (rs RuleSet) IsWorkday(d civil.Date) bool {
	if slices.Contains(rs.MakeupWorkdays, d) {
		return true
	}
	if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !slices.Contains(rs.Holidays, d)
}

// AddWorkdays is the n-th working day after d (d itself does not count, as
// the day of acceptance does not).
func (rs RuleSet) AddWorkdays(d civil.Date, n int) civil.Date {
	for n > 0 {
		d = d.AddDays(1)
		if rs.IsWorkday(d) {
			n--
		}
	}
	return d
}

// FormatRegNo renders a registration number in this rule set's layout.
func (rs RuleSet) FormatRegNo(p RegNoParts) (string, error) { return rs.RegNoLayout.Format(p) }

// ParseRegNo reads a registration number in this rule set's layout.
func (rs RuleSet) ParseRegNo(s string) (RegNoParts, error) { return rs.RegNoLayout.Parse(s) }

// SerialScope is the counter key for p's serial under this rule set. The
// rule set is part of it: early in 2026 both layouts are issued side by
// side (by acceptance date), each gapless on its own.
func (rs RuleSet) SerialScope(p RegNoParts) (string, error) {
	s, err := rs.RegNoLayout.SerialScope(p)
	if err != nil {
		return "", err
	}
	return string(rs.ID) + ":" + s, nil
}

// ParseRegNo reads a registration number of any rule set, which its length
// tells (Settings.Validate keeps the lengths apart).
func ParseRegNo(s Settings, regNo string) (RuleSetID, RegNoParts, error) {
	for _, id := range RuleSetIDs() {
		rs, _ := RuleSetByID(s, id)
		if p, err := rs.ParseRegNo(regNo); err == nil {
			return id, p, nil
		}
	}
	return "", RegNoParts{}, errs.E(errs.Invalid, "contract.err.reg_no_invalid")
}
