package talent

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/xlsx"
)

// Programme is one of a zone's talent programmes with its tiers.
type Programme struct {
	ID     int64  `json:"id"`
	ZoneID int64  `json:"zone_id"`
	Code   string `json:"code"` // lower snake case, the rollups' dimension value
	Name   string `json:"name"` // 金鸢领航
	NameEN string `json:"name_en"`
	// Category is the talent the programme is for, as the zone words it
	// (顶尖人才, 领军人才, …); Position orders the programmes as the zone
	// lists them.
	Category   string `json:"category"`
	CategoryEN string `json:"category_en"`
	Position   int    `json:"position"`
	Tiers      []Tier `json:"tiers"`
}

// Tier is one level of support within a programme.
type Tier struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	// MaxSupportFen bounds the support granted (0: no bound); PeriodYears
	// is how long support runs at most.
	MaxSupportFen int64 `json:"max_support_fen"`
	PeriodYears   int   `json:"period_years"`
}

// TierByID returns the programme's tier with id.
func (p Programme) TierByID(id int64) (Tier, bool) {
	for _, t := range p.Tiers {
		if t.ID == id {
			return t, true
		}
	}
	return Tier{}, false
}

// TierByCode returns the programme's tier with code.
func (p Programme) TierByCode(code string) (Tier, bool) {
	for _, t := range p.Tiers {
		if t.Code == code {
			return t, true
		}
	}
	return Tier{}, false
}

var codeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// MaxSupportFen bounds any amount (one hundred million yuan).
const MaxSupportFen = 10_000_000_000

// ValidateProgramme checks p; taken lists the zone's programme codes.
func ValidateProgramme(p *Programme, taken map[string]bool) error {
	var f errs.Fields
	p.Code = strings.TrimSpace(p.Code)
	p.Name = strings.TrimSpace(p.Name)
	p.NameEN = strings.TrimSpace(p.NameEN)
	p.Category = strings.TrimSpace(p.Category)
	p.CategoryEN = strings.TrimSpace(p.CategoryEN)
	if !codeRe.MatchString(p.Code) || len(p.Code) < 2 {
		f.Add("code", "talent.err.code")
	} else if taken[p.Code] {
		f.Add("code", "talent.err.code_taken", p.Code)
	}
	if p.Name == "" {
		f.Add("name", "error.required")
	}
	if p.NameEN == "" {
		p.NameEN = p.Name
	}
	if p.Category == "" {
		f.Add("category", "error.required")
	}
	if p.CategoryEN == "" {
		p.CategoryEN = p.Category
	}
	if len(p.Tiers) == 0 {
		f.Add("tiers", "talent.err.no_tiers")
	}
	seen := map[string]int{}
	for i := range p.Tiers {
		t := &p.Tiers[i]
		fld := func(n string) string { return "tiers." + strconv.Itoa(i+1) + "." + n }
		t.Code = strings.TrimSpace(t.Code)
		t.Name = strings.TrimSpace(t.Name)
		if !codeRe.MatchString(t.Code) {
			f.Add(fld("code"), "talent.err.code")
		} else if first, dup := seen[t.Code]; dup {
			f.Add(fld("code"), "talent.err.tier_twice", first)
		}
		seen[t.Code] = i + 1
		if t.Name == "" {
			f.Add(fld("name"), "error.required")
		}
		if t.MaxSupportFen < 0 || t.MaxSupportFen > MaxSupportFen {
			f.Add(fld("max_support_fen"), "error.out_of_range")
		}
		if t.PeriodYears < 0 || t.PeriodYears > 10 {
			f.Add(fld("period_years"), "error.out_of_range")
		}
	}
	return f.Err()
}

// Call is a programme's call for applications.
type Call struct {
	ID          int64      `json:"id"`
	ProgrammeID int64      `json:"programme_id"`
	ZoneID      int64      `json:"zone_id"`
	Year        int        `json:"year"`
	Title       string     `json:"title"`
	OpensOn     civil.Date `json:"opens_on"`
	ClosesOn    civil.Date `json:"closes_on"`
	// Quota is how many applicants the call may grant support (名额);
	// 0 sets no bound.
	Quota   int `json:"quota"`
	Version int `json:"version"`
}

// MaxQuota bounds a call's quota.
const MaxQuota = 100_000

// Closed reports whether the call's window has passed on day today: no new
// application is taken after its closing day.
func (c Call) Closed(today civil.Date) bool { return today.After(c.ClosesOn) }

// TakesApplications reports whether c takes a new application on day
// today: until its window closes, and after that only when late is set
// (the actor may extend the window, ActionExtend).
func (c Call) TakesApplications(today civil.Date, late bool) bool { return !c.Closed(today) || late }

// ValidateCall checks c.
func ValidateCall(c *Call) error {
	var f errs.Fields
	c.Title = strings.TrimSpace(c.Title)
	if c.Year < 2000 || c.Year > 2199 {
		f.Add("year", "error.out_of_range")
	}
	if c.Title == "" {
		f.Add("title", "error.required")
	}
	if c.OpensOn.IsZero() {
		f.Add("opens_on", "error.required")
	}
	if c.ClosesOn.IsZero() {
		f.Add("closes_on", "error.required")
	} else if !c.OpensOn.IsZero() && c.ClosesOn.Before(c.OpensOn) {
		f.Add("closes_on", "talent.err.window", c.OpensOn.String())
	}
	if c.Quota < 0 || c.Quota > MaxQuota {
		f.Add("quota", "error.out_of_range")
	}
	return f.Err()
}

// Status is where an application stands.
type Status string

const (
	Applied   Status = "applied"   // 已申报
	Reviewing Status = "reviewing" // 评审中
	Granted   Status = "granted"   // 入选
	Rejected  Status = "rejected"  // 未入选
	Withdrawn Status = "withdrawn" // 已撤回
)

// Statuses lists the statuses in order.
func Statuses() []Status { return []Status{Applied, Reviewing, Granted, Rejected, Withdrawn} }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Key is the catalog key of the status's name.
func (s Status) Key() string { return "talent.status." + string(s) }

// Decided reports whether the review is over.
func (s Status) Decided() bool { return s == Granted || s == Rejected || s == Withdrawn }

// Applicant is one person's application to a call, for one tier.
type Applicant struct {
	ID             int64      `json:"id"`
	CallID         int64      `json:"call_id"`
	ProgrammeID    int64      `json:"programme_id"`
	ZoneID         int64      `json:"zone_id"`
	TierID         int64      `json:"tier_id"`
	Name           string     `json:"name"`
	IDNumber       string     `json:"id_number"` // masked unless the reader may see it
	EnterpriseID   int64      `json:"enterprise_id"`
	EnterpriseName string     `json:"enterprise_name"`
	ChainID        int64      `json:"chain_id"` // the employer's chain when it applied; 0 none
	ChainCode      string     `json:"chain_code"`
	ChainName      string     `json:"chain_name"`
	AppliedOn      civil.Date `json:"applied_on"`
	Status         Status     `json:"status"`
	Result         string     `json:"result"` // the review's words
	DecidedOn      civil.Date `json:"decided_on"`
	SupportFen     int64      `json:"support_fen"`
	SupportFrom    civil.Date `json:"support_from"`
	SupportUntil   civil.Date `json:"support_until"` // last day supported
	Version        int        `json:"version"`
}

// Holds reports whether the application occupies its tier on day d: while
// it is pending, or while the support it was granted runs.
func (x Applicant) Holds(d civil.Date) bool {
	switch x.Status {
	case Applied, Reviewing:
		return true
	case Granted:
		return x.SupportUntil.IsZero() || !x.SupportUntil.Before(d)
	}
	return false
}

// ValidateApplicant checks an application's own fields; the call, tier,
// employer and the one-tier rule are the service's. Once the call's window
// has closed a new application is refused unless late is set (the actor may
// extend the window, ActionExtend).
func ValidateApplicant(x *Applicant, c Call, today civil.Date, late bool) error {
	var f errs.Fields
	x.Name = strings.TrimSpace(x.Name)
	x.IDNumber = NormalizeID(x.IDNumber)
	switch n := utf8.RuneCountInString(x.Name); {
	case n == 0:
		f.Add("name", "error.required")
	case n > 50:
		f.Add("name", "error.too_long", 50)
	}
	if m := IDProblem(x.IDNumber); m != nil {
		f.Add("id_number", m.Key, m.Args...)
	}
	if x.TierID == 0 {
		f.Add("tier", "talent.err.tier")
	}
	if x.EnterpriseID == 0 {
		f.Add("enterprise", "talent.err.enterprise")
	}
	if x.AppliedOn.IsZero() {
		x.AppliedOn = today
	}
	switch {
	case !c.TakesApplications(today, late):
		f.Add("applied_on", "talent.err.call_closed", c.ClosesOn.String())
	case x.AppliedOn.After(today):
		f.Add("applied_on", "error.date_future")
	case x.AppliedOn.Before(c.OpensOn) || x.AppliedOn.After(c.ClosesOn):
		f.Add("applied_on", "talent.err.outside_window", c.OpensOn.String(), c.ClosesOn.String())
	}
	if x.Status == "" {
		x.Status = Applied
	}
	return f.Err()
}

// Review is the result of an application's review.
type Review struct {
	Status       Status
	Result       string
	DecidedOn    civil.Date
	SupportFen   int64
	SupportFrom  civil.Date
	SupportUntil civil.Date
}

// ApplyReview checks r against the application and its tier and returns the
// application after it.
func ApplyReview(x Applicant, t Tier, r Review, today civil.Date) (Applicant, error) {
	var f errs.Fields
	if !r.Status.Valid() {
		f.Add("status", "talent.err.status")
		return x, f.Err()
	}
	x.Status, x.Result = r.Status, strings.TrimSpace(r.Result)
	x.DecidedOn, x.SupportFen, x.SupportFrom, x.SupportUntil = civil.Date{}, 0, civil.Date{}, civil.Date{}
	if !r.Status.Decided() {
		return x, nil
	}
	x.DecidedOn = r.DecidedOn
	if x.DecidedOn.IsZero() {
		x.DecidedOn = today
	}
	if x.DecidedOn.Before(x.AppliedOn) {
		f.Add("decided_on", "talent.err.decided_before", x.AppliedOn.String())
	} else if x.DecidedOn.After(today) {
		f.Add("decided_on", "error.date_future")
	}
	if r.Status != Granted {
		return x, f.Err()
	}
	x.SupportFen, x.SupportFrom, x.SupportUntil = r.SupportFen, r.SupportFrom, r.SupportUntil
	if x.SupportFrom.IsZero() {
		x.SupportFrom = x.DecidedOn
	}
	limit := int64(MaxSupportFen)
	if t.MaxSupportFen > 0 {
		limit = min(t.MaxSupportFen, MaxSupportFen)
	}
	switch {
	case x.SupportFen < 0:
		f.Add("support_fen", "error.out_of_range")
	case x.SupportFen > limit:
		// The limit in the unit the amount is entered in (万元).
		f.Add("support_fen", "talent.err.support", xlsx.FormatAmount(limit, xlsx.Wan))
	}
	if x.SupportUntil.IsZero() && t.PeriodYears > 0 {
		x.SupportUntil = civil.Of(x.SupportFrom.Time().AddDate(t.PeriodYears, 0, 0)).AddDays(-1)
	}
	switch {
	case !x.SupportUntil.IsZero() && x.SupportUntil.Before(x.SupportFrom):
		f.Add("support_until", "talent.err.support_until", x.SupportFrom.String())
	case t.PeriodYears > 0 && !x.SupportUntil.Before(civil.Of(x.SupportFrom.Time().AddDate(t.PeriodYears, 0, 0))):
		f.Add("support_until", "talent.err.period", t.PeriodYears)
	}
	return x, f.Err()
}
