package org

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// Kind is an organisation's form.
type Kind string

const (
	KindCommittee     Kind = "committee"      // 党委
	KindGeneralBranch Kind = "general_branch" // 党总支
	KindBranch        Kind = "branch"         // 党支部
	KindJointBranch   Kind = "joint_branch"   // 联合党支部
	KindTemporary     Kind = "temporary"      // 临时党支部
)

// Kinds lists the kinds, largest first.
func Kinds() []Kind {
	return []Kind{KindCommittee, KindGeneralBranch, KindBranch, KindJointBranch, KindTemporary}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Key is the catalog key of the kind's name.
func (k Kind) Key() string { return "org.kind." + string(k) }

// rank orders kinds by the members they serve: a committee outranks a
// general branch, which outranks a branch.
func (k Kind) rank() int {
	switch k {
	case KindCommittee:
		return 3
	case KindGeneralBranch:
		return 2
	case KindBranch, KindJointBranch:
		return 1
	}
	return 0
}

// Mode is how an organisation covers its enterprises.
type Mode string

const (
	ModeSingle Mode = "single" // 单建: the enterprise's own
	ModeJoint  Mode = "joint"  // 联建: with other enterprises
	ModeSent   Mode = "sent"   // 派建: a secretary or instructor sent in
)

// Modes lists the modes in the page's order.
func Modes() []Mode { return []Mode{ModeSingle, ModeJoint, ModeSent} }

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return slices.Contains(Modes(), m) }

// Key is the catalog key of the mode's name.
func (m Mode) Key() string { return "org.mode." + string(m) }

// Level is who set up a chain or conferred an honour.
type Level string

const (
	National Level = "national"
	Province Level = "province"
	City     Level = "city"
	Zone     Level = "zone"
)

// Levels lists the levels, highest first.
func Levels() []Level { return []Level{National, Province, City, Zone} }

// ChainLevels lists the levels a chain may have (国家级/省级/市级).
func ChainLevels() []Level { return []Level{National, Province, City} }

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels(), l) }

// ProvinceOrAbove reports whether l is provincial or national (省级以上).
func (l Level) ProvinceOrAbove() bool { return l == National || l == Province }

// Key is the catalog key of the level's name.
func (l Level) Key() string { return "org.level." + string(l) }

// Profile is what the zone's survey (摸底) knows of one enterprise: its
// employees and full party members. A surveyed enterprise is one that should
// be covered from SurveyedOn.
type Profile struct {
	EnterpriseID   int64      `json:"enterprise_id"`
	ZoneID         int64      `json:"zone_id"`
	EnterpriseName string     `json:"enterprise_name"`
	Employees      int        `json:"employees"`
	Members        int        `json:"members"` // full members (正式党员)
	SurveyedOn     civil.Date `json:"surveyed_on"`
	Version        int        `json:"version"`
}

// ValidateProfile checks p against today.
func ValidateProfile(p *Profile, today civil.Date) error {
	var f errs.Fields
	if p.Employees < 0 || p.Employees > 1_000_000 {
		f.Add("employees", "error.out_of_range")
	}
	if p.Members < 0 || p.Members > 1_000_000 {
		f.Add("members", "error.out_of_range")
	} else if p.Members > p.Employees && p.Employees >= 0 {
		f.Add("members", "org.err.members_over_employees", p.Employees)
	}
	if p.SurveyedOn.IsZero() {
		p.SurveyedOn = today
	} else if p.SurveyedOn.After(today) {
		f.Add("surveyed_on", "error.date_future")
	}
	return f.Err()
}

// Member is one enterprise an organisation covers.
type Member struct {
	EnterpriseID int64      `json:"enterprise_id"`
	USCC         string     `json:"uscc"`
	Name         string     `json:"name"`
	From         civil.Date `json:"from"`
	Until        civil.Date `json:"until"` // first day no longer covered; zero while it is
}

// Covers reports whether the membership covers day d.
func (m Member) Covers(d civil.Date) bool {
	return !d.Before(m.From) && (m.Until.IsZero() || d.Before(m.Until))
}

// Organisation is a party organisation of the zone and the enterprises it
// covers (the current ones in Members; History keeps those that left).
type Organisation struct {
	ID         int64      `json:"id"`
	ZoneID     int64      `json:"zone_id"`
	Name       string     `json:"name"`
	Kind       Kind       `json:"kind"`
	Mode       Mode       `json:"mode"`
	Secretary  string     `json:"secretary"`  // 书记
	Instructor string     `json:"instructor"` // sent-in secretary or instructor (派建)
	FoundedOn  civil.Date `json:"founded_on"`
	TermYears  int        `json:"term_years"`
	// Elections lists the dates of the elections held after founding
	// (换届), oldest first; the term runs from the latest.
	Elections   []civil.Date `json:"elections"`
	DissolvedOn civil.Date   `json:"dissolved_on"`
	Members     []Member     `json:"members"`
	History     []Member     `json:"history,omitempty"`
	Honours     []Honour     `json:"honours,omitempty"`
	Version     int          `json:"version"`
}

// LastElection is the latest election, or the founding date.
func (o Organisation) LastElection() civil.Date {
	if n := len(o.Elections); n > 0 {
		return o.Elections[n-1]
	}
	return o.FoundedOn
}

// NextElection is the day the current term ends.
func (o Organisation) NextElection() civil.Date {
	return civil.Of(o.LastElection().Time().AddDate(o.TermYears, 0, 0))
}

// ElectionDue reports whether the organisation's election falls within days
// of today (or is overdue); a dissolved organisation has none.
func (o Organisation) ElectionDue(today civil.Date, days int) bool {
	if !o.DissolvedOn.IsZero() && !today.Before(o.DissolvedOn) {
		return false
	}
	return !today.Before(o.NextElection().AddDays(-days))
}

// Active reports whether the organisation exists on day d.
func (o Organisation) Active(d civil.Date) bool {
	return !d.Before(o.FoundedOn) && (o.DissolvedOn.IsZero() || d.Before(o.DissolvedOn))
}

// MemberField names a member row for error messages: "members.2".
func MemberField(i int) string { return "members." + strconv.Itoa(i+1) }

// Validate checks an organisation's own fields and the number of its
// members for its mode (unless it is a stored one now dissolved); whether its enterprises are free and of the zone is
// the service's check against the store.
func Validate(o *Organisation, s Settings, today civil.Date) error {
	var f errs.Fields
	o.Name = strings.TrimSpace(o.Name)
	o.Secretary = strings.TrimSpace(o.Secretary)
	o.Instructor = strings.TrimSpace(o.Instructor)
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		f.Add("name", "error.required")
	case n > 100:
		f.Add("name", "error.too_long", 100)
	}
	if !o.Kind.Valid() {
		f.Add("kind", "org.err.kind")
	}
	if !o.Mode.Valid() {
		f.Add("mode", "org.err.mode")
	}
	n := len(o.Members)
	switch {
	case o.ID != 0 && !o.DissolvedOn.IsZero():
		// A stored organisation that is dissolved covers nobody any more
		// (its members are history), so the rules on how many it covers no
		// longer apply; its record may still be corrected. A new one
		// recorded as dissolved names the members it had, checked below.
	case n == 0:
		f.Add("members", "org.err.no_members")
	case o.Mode == ModeSingle && n != 1:
		f.Add("members", "org.err.single_one", n)
	case o.Mode == ModeJoint && n < 2:
		f.Add("members", "org.err.joint_several")
	}
	if o.Kind == KindJointBranch && o.Mode.Valid() && o.Mode != ModeJoint {
		f.Add("kind", "org.err.joint_kind")
	}
	if o.Mode == ModeSent && o.Instructor == "" {
		f.Add("instructor", "org.err.instructor")
	}
	if o.Mode != ModeSent && o.Secretary == "" {
		f.Add("secretary", "error.required")
	}
	if o.TermYears == 0 {
		o.TermYears = s.TermMaxYears
	}
	if o.TermYears < s.TermMinYears || o.TermYears > s.TermMaxYears {
		f.Add("term_years", "org.err.term", s.TermMinYears, s.TermMaxYears)
	}
	switch {
	case o.FoundedOn.IsZero():
		f.Add("founded_on", "error.required")
	case o.FoundedOn.After(today):
		f.Add("founded_on", "error.date_future")
	}
	seen := map[int64]int{}
	for i, m := range o.Members {
		if first, dup := seen[m.EnterpriseID]; dup && m.EnterpriseID != 0 {
			f.Add(MemberField(i), "org.err.member_twice", first+1)
		}
		seen[m.EnterpriseID] = i
	}
	for i, e := range o.Elections {
		fld := "elections." + strconv.Itoa(i+1)
		if i == len(o.Elections)-1 {
			fld = "last_election_on"
		}
		switch {
		case !o.FoundedOn.IsZero() && e.Before(o.FoundedOn):
			f.Add(fld, "org.err.election_before_founding", o.FoundedOn.String())
		case e.After(today):
			f.Add(fld, "error.date_future")
		case !o.DissolvedOn.IsZero() && !e.Before(o.DissolvedOn):
			f.Add(fld, "org.err.election_after_dissolution", o.DissolvedOn.String())
		case i > 0 && !o.Elections[i-1].Before(e):
			f.Add(fld, "org.err.election_order", o.Elections[i-1].String())
		}
	}
	if !o.DissolvedOn.IsZero() && !o.FoundedOn.IsZero() && !o.FoundedOn.Before(o.DissolvedOn) {
		f.Add("dissolved_on", "org.err.dissolved_before_founding")
	}
	return f.Err()
}

// Chain is an industry chain of the zone with its member enterprises and
// the chain committee or alliance that covers it. An enterprise belongs to
// one chain (its main one), so coverage by chain adds up to the zone's.
type Chain struct {
	ID     int64  `json:"id"`
	ZoneID int64  `json:"zone_id"`
	Code   string `json:"code"` // lower snake case, the rollups' dimension value
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	// Body is the committee or alliance covering the chain ("" none yet).
	Body         BodyKind   `json:"body"`
	BodyName     string     `json:"body_name"`
	BodyFormedOn civil.Date `json:"body_formed_on"`
	Members      []Member   `json:"members"`
	Version      int        `json:"version"`
}

// BodyKind is what covers a chain.
type BodyKind string

const (
	BodyNone      BodyKind = ""
	BodyCommittee BodyKind = "committee" // 产业链党委
	BodyAlliance  BodyKind = "alliance"  // 党建联盟
)

// BodyKinds lists the kinds of body (without none).
func BodyKinds() []BodyKind { return []BodyKind{BodyCommittee, BodyAlliance} }

// Covered reports whether a committee or alliance covers the chain on d.
func (c Chain) Covered(d civil.Date) bool {
	return c.Body != BodyNone && !c.BodyFormedOn.IsZero() && !d.Before(c.BodyFormedOn)
}

var codeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// ValidateChain checks a chain's own fields; taken lists the zone's chain
// codes already kept (its own excluded).
func ValidateChain(c *Chain, taken map[string]bool, today civil.Date) error {
	var f errs.Fields
	c.Code = strings.TrimSpace(c.Code)
	c.Name = strings.TrimSpace(c.Name)
	c.BodyName = strings.TrimSpace(c.BodyName)
	if !codeRe.MatchString(c.Code) {
		f.Add("code", "org.err.code")
	} else if taken[c.Code] {
		f.Add("code", "org.err.code_taken", c.Code)
	}
	if c.Name == "" {
		f.Add("name", "error.required")
	}
	if !slices.Contains(ChainLevels(), c.Level) {
		f.Add("level", "org.err.chain_level")
	}
	switch {
	case c.Body == BodyNone:
		c.BodyName, c.BodyFormedOn = "", civil.Date{}
	case !slices.Contains(BodyKinds(), c.Body):
		f.Add("body", "org.err.body")
	default:
		if c.BodyName == "" {
			f.Add("body_name", "error.required")
		}
		if c.BodyFormedOn.IsZero() {
			f.Add("body_formed_on", "error.required")
		} else if c.BodyFormedOn.After(today) {
			f.Add("body_formed_on", "error.date_future")
		}
	}
	seen := map[int64]int{}
	for i, m := range c.Members {
		if first, dup := seen[m.EnterpriseID]; dup && m.EnterpriseID != 0 {
			f.Add(MemberField(i), "org.err.member_twice", first+1)
		}
		seen[m.EnterpriseID] = i
	}
	return f.Err()
}

// Platform is where an online branch runs.
type Platform string

const (
	PlatformOA       Platform = "oa"
	PlatformWeChat   Platform = "wechat"
	PlatformDingTalk Platform = "dingtalk"
	PlatformOther    Platform = "other"
)

// Platforms lists the platforms.
func Platforms() []Platform {
	return []Platform{PlatformOA, PlatformWeChat, PlatformDingTalk, PlatformOther}
}

// Key is the catalog key of the platform's name.
func (p Platform) Key() string { return "org.platform." + string(p) }

// OnlineBranch is a 网上党支部: an organisation's branch run on an
// enterprise platform; an open one (开放式) takes members from outside too.
type OnlineBranch struct {
	ID       int64      `json:"id"`
	ZoneID   int64      `json:"zone_id"`
	OrgID    int64      `json:"org_id"`
	OrgName  string     `json:"org_name"`
	Name     string     `json:"name"`
	Platform Platform   `json:"platform"`
	Open     bool       `json:"open"`
	OpenedOn civil.Date `json:"opened_on"`
}

// ValidateOnlineBranch checks b; the organisation is the service's check.
func ValidateOnlineBranch(b *OnlineBranch, today civil.Date) error {
	var f errs.Fields
	b.Name = strings.TrimSpace(b.Name)
	if b.OrgID == 0 {
		f.Add("org_id", "org.err.branch_org")
	}
	if b.Name == "" {
		f.Add("name", "error.required")
	}
	if !slices.Contains(Platforms(), b.Platform) {
		f.Add("platform", "org.err.platform")
	}
	switch {
	case b.OpenedOn.IsZero():
		f.Add("opened_on", "error.required")
	case b.OpenedOn.After(today):
		f.Add("opened_on", "error.date_future")
	}
	return f.Err()
}

// Honour is a distinction of an organisation (全国先进基层党组织, a
// provincial demonstration point, …).
type Honour struct {
	ID     int64  `json:"id"`
	OrgID  int64  `json:"org_id"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Issuer string `json:"issuer"`
	Year   int    `json:"year"`
}

// ValidateHonour checks h against today's year.
func ValidateHonour(h *Honour, today civil.Date) error {
	var f errs.Fields
	h.Name = strings.TrimSpace(h.Name)
	h.Issuer = strings.TrimSpace(h.Issuer)
	if h.Name == "" {
		f.Add("name", "error.required")
	}
	if !h.Level.Valid() {
		f.Add("level", "org.err.level")
	}
	if h.Issuer == "" {
		f.Add("issuer", "error.required")
	}
	if h.Year < 1921 || h.Year > today.Year {
		f.Add("year", "error.out_of_range")
	}
	return f.Err()
}
