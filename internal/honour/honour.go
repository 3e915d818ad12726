package honour

import (
	"regexp"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Level is who confers a programme's title.
type Level string

const (
	National Level = "national"
	Province Level = "province"
	City     Level = "city"
)

// Levels lists the levels, highest first.
func Levels() []Level { return []Level{National, Province, City} }

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == National || l == Province || l == City }

// Kinds of programme.
const (
	KindIP            = "ip"             // intellectual-property titles (知识产权示范/优势)
	KindQualification = "qualification"  // enterprise qualifications (高企, 专精特新, 科小, 瞪羚)
	KindRDInstitution = "rd_institution" // research institutions (研发机构)
)

// Kinds lists the programme kinds.
func Kinds() []string { return []string{KindIP, KindQualification, KindRDInstitution} }

// Programme is an honour or qualification a zone's enterprises can hold.
type Programme struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"` // stable, lower snake case: "cnipa_ip_demo"
	Name       string `json:"name"`
	NameEN     string `json:"name_en"`
	Issuer     string `json:"issuer"` // 国家知识产权局, 科技部火炬中心, …
	Level      Level  `json:"level"`
	RegionCode string `json:"region_code,omitempty"` // the province or city of a province/city programme
	Kind       string `json:"kind"`
	// TermYears is how long a title runs from its effective date; 0 means
	// until it is revoked.
	TermYears int `json:"term_years"`
	// Prior names the programme (by code) an enterprise should have held for
	// PriorYears before this one, from PriorSince (IP demonstration: 3 years
	// as an advantage enterprise, since 2022). A title without it is stored
	// with a warning: the notice is the fact, the zone records it.
	Prior      string     `json:"prior,omitempty"`
	PriorYears int        `json:"prior_years,omitempty"`
	PriorSince civil.Date `json:"prior_since"`
	// KeepPrior lets a holder keep the Prior title; otherwise a new title of
	// this programme ends the Prior one on the same date (an upgrade).
	KeepPrior bool `json:"keep_prior"`
	// Quota is the most titles a province may recommend per batch (0: none).
	Quota int `json:"quota"`
	// Since is when the programme was set up: no batch may be dated before.
	Since civil.Date `json:"since"`
}

// Result is what a batch says of one enterprise.
type Result string

const (
	New         Result = "new"          // 新认定
	RecheckPass Result = "recheck_pass" // 复核通过
	RecheckFail Result = "recheck_fail" // 复核未通过
	Revoked     Result = "revoked"      // 撤销
)

// Results lists the results in form order.
func Results() []Result { return []Result{New, RecheckPass, RecheckFail, Revoked} }

// Valid reports whether r is a known result.
func (r Result) Valid() bool {
	switch r {
	case New, RecheckPass, RecheckFail, Revoked:
		return true
	}
	return false
}

// Passes reports whether the result starts a term.
func (r Result) Passes() bool { return r == New || r == RecheckPass }

// Key is the catalog key of the result's name.
func (r Result) Key() string { return "honour.result." + string(r) }

// Batch is one notice of a programme's issuer, as one zone records it: the
// notice and the zone's own enterprises on it. Entries may be of several
// programmes (a CNIPA notice names demonstration and advantage enterprises).
type Batch struct {
	ID          int64      `json:"id"`
	ZoneID      int64      `json:"zone_id"`
	Title       string     `json:"title"`  // 《关于确定2023年新一批…的通知》, without the brackets
	Number      string     `json:"number"` // 国知办函运字〔2023〕…号
	Issuer      string     `json:"issuer"`
	PublishedOn civil.Date `json:"published_on"`
	EffectiveOn civil.Date `json:"effective_on"` // terms start here
	Entries     []Entry    `json:"entries"`
}

// Entry is one enterprise of a batch.
type Entry struct {
	ID             int64  `json:"id"`
	Row            int    `json:"row"` // 1-based position in the notice's list (序号)
	ProgrammeID    int64  `json:"programme_id"`
	ProgrammeCode  string `json:"programme"`
	EnterpriseID   int64  `json:"enterprise_id"`
	USCC           string `json:"uscc"`
	EnterpriseName string `json:"enterprise_name"`
	Result         Result `json:"result"`
}

// EndReason says why a title ended before its term.
type EndReason string

const (
	EndRenewed    EndReason = "renewed"    // a passed recheck started the next term
	EndFailed     EndReason = "failed"     // recheck failed
	EndRevoked    EndReason = "revoked"    // revoked
	EndSuperseded EndReason = "superseded" // upgraded to a higher programme
)

// Title is one term of one programme held by one enterprise.
type Title struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	EnterpriseID int64      `json:"enterprise_id"`
	ProgrammeID  int64      `json:"programme_id"`
	BatchID      int64      `json:"batch_id"`
	StartOn      civil.Date `json:"start_on"`
	// TermEnd is the first day no longer covered by the term; zero for a
	// programme without a term.
	TermEnd civil.Date `json:"term_end"`
	// EndedOn is the first day no longer held when the title ended before
	// its term (zero when it did not); EndReason says why.
	EndedOn   civil.Date `json:"ended_on"`
	EndReason EndReason  `json:"end_reason,omitempty"`
	EndBatch  int64      `json:"end_batch_id,omitempty"`
}

// Until is the first day the title is no longer held (zero: open-ended).
func (t Title) Until() civil.Date {
	if !t.EndedOn.IsZero() && (t.TermEnd.IsZero() || t.EndedOn.Before(t.TermEnd)) {
		return t.EndedOn
	}
	return t.TermEnd
}

// HeldOn reports whether the title covers day d.
func (t Title) HeldOn(d civil.Date) bool {
	if d.Before(t.StartOn) {
		return false
	}
	u := t.Until()
	return u.IsZero() || d.Before(u)
}

// TermEnd returns the first day after a term of years starting on start
// (zero for years 0). A term from 2023-12-01 of 3 years covers up to
// 2026-11-30.
func TermEnd(start civil.Date, years int) civil.Date {
	if years <= 0 {
		return civil.Date{}
	}
	return civil.Of(start.Time().AddDate(years, 0, 0))
}

// ValidateProgramme checks p and normalises it in place. known lists the
// codes of the programmes already kept (a Prior must name one of them).
func ValidateProgramme(p *Programme, known map[string]bool) error {
	var f errs.Fields
	p.Code = strings.TrimSpace(p.Code)
	p.Name = strings.TrimSpace(p.Name)
	p.NameEN = strings.TrimSpace(p.NameEN)
	p.Issuer = strings.TrimSpace(p.Issuer)
	if !codeRe.MatchString(p.Code) {
		f.Add("code", "honour.err.code")
	} else if known[p.Code] {
		f.Add("code", "honour.err.code_taken", p.Code)
	}
	if p.Name == "" {
		f.Add("name", "error.required")
	}
	if p.NameEN == "" {
		p.NameEN = p.Name
	}
	if p.Issuer == "" {
		f.Add("issuer", "error.required")
	}
	if !p.Level.Valid() {
		f.Add("level", "honour.err.level")
	}
	if !slices.Contains(Kinds(), p.Kind) {
		f.Add("kind", "honour.err.kind")
	}
	if p.TermYears < 0 || p.TermYears > 10 {
		f.Add("term_years", "error.out_of_range")
	}
	if p.Prior != "" && !known[p.Prior] {
		f.Add("prior", "honour.err.prior_unknown", p.Prior)
	}
	if p.Prior == "" {
		p.PriorYears, p.PriorSince, p.KeepPrior = 0, civil.Date{}, false
	} else if p.PriorYears < 0 || p.PriorYears > 10 {
		f.Add("prior_years", "error.out_of_range")
	}
	if p.Quota < 0 {
		f.Add("quota", "error.out_of_range")
	}
	if p.Since.IsZero() {
		f.Add("since", "error.required")
	}
	return f.Err()
}

var codeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)
