package org

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

// Settings are the thresholds the rules read. They are a setting, not code:
// DefaultSettings are the usual ones (中国共产党支部工作条例 and local rules).
type Settings struct {
	OwnBranchMin       int `json:"own_branch_min"`       // ≥ this many members: the enterprise's own branch
	BranchCommitteeMin int `json:"branch_committee_min"` // ≥: a branch with a committee (支委会)
	GeneralBranchMin   int `json:"general_branch_min"`   // ≥: a general branch (党总支)
	CommitteeMin       int `json:"committee_min"`        // ≥: a committee (党委)
	TermMinYears       int `json:"term_min_years"`
	TermMaxYears       int `json:"term_max_years"`
	ElectionDueDays    int `json:"election_due_days"` // an election this close is flagged
}

// DefaultSettings returns the usual thresholds: 3, 7, 50, 100 members;
// terms of 2–3 years; elections flagged 90 days ahead.
func DefaultSettings() Settings {
	return Settings{OwnBranchMin: 3, BranchCommitteeMin: 7, GeneralBranchMin: 50, CommitteeMin: 100,
		TermMinYears: 2, TermMaxYears: 3, ElectionDueDays: 90}
}

// Check reports settings that cannot be applied.
func (s Settings) Check() error {
	var f errs.Fields
	if s.OwnBranchMin < 1 {
		f.Add("own_branch_min", "error.out_of_range")
	}
	if s.BranchCommitteeMin < s.OwnBranchMin {
		f.Add("branch_committee_min", "error.out_of_range")
	}
	if s.GeneralBranchMin < s.BranchCommitteeMin {
		f.Add("general_branch_min", "error.out_of_range")
	}
	if s.CommitteeMin < s.GeneralBranchMin {
		f.Add("committee_min", "error.out_of_range")
	}
	if s.TermMinYears < 1 || s.TermMaxYears < s.TermMinYears || s.TermMaxYears > 5 {
		f.Add("term_max_years", "error.out_of_range")
	}
	if s.ElectionDueDays < 0 || s.ElectionDueDays > 366 {
		f.Add("election_due_days", "error.out_of_range")
	}
	return f.Err()
}

// Need is the organisation an enterprise's member count calls for.
type Need struct {
	Kind      Kind `json:"kind"` // "" for an instructor (派建)
	Mode      Mode `json:"mode"`
	Committee bool `json:"committee"` // a branch with a committee (支委会)
}

// Key is the catalog key of the need's wording.
func (n Need) Key() string {
	switch {
	case n.Mode == ModeSent:
		return "org.need.instructor"
	case n.Committee:
		return "org.need.branch_committee"
	}
	return "org.need." + string(n.Kind)
}

// Fit returns what members full members call for.
func (s Settings) Fit(members int) Need {
	switch {
	case members >= s.CommitteeMin:
		return Need{Kind: KindCommittee, Mode: ModeSingle}
	case members >= s.GeneralBranchMin:
		return Need{Kind: KindGeneralBranch, Mode: ModeSingle}
	case members >= s.OwnBranchMin:
		return Need{Kind: KindBranch, Mode: ModeSingle, Committee: members >= s.BranchCommitteeMin}
	case members > 0:
		return Need{Kind: KindJointBranch, Mode: ModeJoint}
	}
	return Need{Mode: ModeSent}
}

// GapReason says what an enterprise lacks.
type GapReason string

const (
	GapUncovered GapReason = "uncovered" // no organisation covers it
	GapOwnNeeded GapReason = "own"       // covered jointly or by an instructor, but enough members for its own
	GapUpgrade   GapReason = "upgrade"   // its own organisation is smaller than its members call for
)

// Key is the catalog key of the reason.
func (g GapReason) Key() string { return "org.gap." + string(g) }

// Gap is one enterprise of the 应建未建 list.
type Gap struct {
	Profile
	Need   Need      `json:"need"`
	Reason GapReason `json:"reason"`
	// Has is the organisation covering it now (zero when none).
	HasID   int64  `json:"has_id,omitempty"`
	HasName string `json:"has_name,omitempty"`
	HasKind Kind   `json:"has_kind,omitempty"`
	HasMode Mode   `json:"has_mode,omitempty"`
}

// GapOf compares what covers an enterprise (o nil: nothing) with what its
// members call for; ok is false when nothing is missing.
func (s Settings) GapOf(p Profile, o *Organisation) (Gap, bool) {
	g := Gap{Profile: p, Need: s.Fit(p.Members)}
	if o != nil {
		g.HasID, g.HasName, g.HasKind, g.HasMode = o.ID, o.Name, o.Kind, o.Mode
	}
	switch {
	case o == nil:
		g.Reason = GapUncovered
	case g.Need.Mode == ModeSingle && o.Mode != ModeSingle:
		g.Reason = GapOwnNeeded
	case g.Need.Mode == ModeSingle && o.Kind.rank() < g.Need.Kind.rank():
		g.Reason = GapUpgrade
	default:
		return g, false
	}
	return g, true
}

// Stay is one enterprise's time in one organisation.
type Stay struct {
	From  civil.Date `json:"from"`
	Until civil.Date `json:"until"` // zero: still there
	Mode  Mode       `json:"mode"`
}

// Coverage is what the rollups know of one enterprise: where it counts
// (chain, park), since when it should be covered, and its stays.
type Coverage struct {
	ZoneID     int64
	Chain      string     // chain code; "" for none
	Park       int64      // 0 for none
	SurveyedOn civil.Date // zero: not surveyed
	Stays      []Stay
}

// Since is the first day the enterprise should be covered: its survey or
// its first stay, whichever is earlier (zero: neither).
func (c Coverage) Since() civil.Date {
	d := c.SurveyedOn
	for _, s := range c.Stays {
		if d.IsZero() || s.From.Before(d) {
			d = s.From
		}
	}
	return d
}

// CoveredOn reports the mode covering the enterprise on d ("" none). Where
// stays overlap on d (an organisation recorded with a founding day before
// the enterprise left its previous one), the enterprise is still one
// covered enterprise, counted under the least mode — the MIN(mode) by which
// the store counts coverage from records.
func (c Coverage) CoveredOn(d civil.Date) Mode {
	var m Mode
	for _, s := range c.Stays {
		if !d.Before(s.From) && (s.Until.IsZero() || d.Before(s.Until)) && (m == "" || s.Mode < m) {
			m = s.Mode
		}
	}
	return m
}

// covered returns the days the enterprise is covered as disjoint runs in
// order, each with the mode CoveredOn gives it (Stay.Until zero: open).
// Stays that overlap make one run, so an enterprise never counts twice.
func (c Coverage) covered() []Stay {
	var edges []civil.Date
	for _, s := range c.Stays {
		edges = append(edges, s.From)
		if !s.Until.IsZero() {
			edges = append(edges, s.Until)
		}
	}
	slices.SortFunc(edges, func(a, b civil.Date) int { return a.Time().Compare(b.Time()) })
	edges = slices.Compact(edges)
	var out []Stay
	for i, from := range edges {
		// CoveredOn is constant from one edge to the next.
		m := c.CoveredOn(from)
		var until civil.Date
		if i+1 < len(edges) {
			until = edges[i+1]
		}
		switch n := len(out); {
		case m == "":
		case n > 0 && out[n-1].Mode == m && out[n-1].Until == from:
			out[n-1].Until = until
		default:
			out = append(out, Stay{From: from, Until: until, Mode: m})
		}
	}
	return out
}

func parkValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func span(zone int64, id string, dim indicator.DimKey, from, until civil.Date, sign int64) indicator.Span {
	s := indicator.Span{ZoneID: zone, Indicator: id, Dim: dim, From: indicator.MonthOfDate(from), Delta: sign}
	if !until.IsZero() {
		s.Until = indicator.MonthOfDate(until)
	}
	return s
}

// Spans returns what an enterprise adds to (sign +1) or removes from (−1)
// the org.should_cover and org.covered stocks, in total, by chain and park
// (and, covered, by mode): covered on the days some stay covers it, once
// however many do, under the mode CoveredOn gives. A change to an enterprise is Spans(new, +1)
// followed by Spans(old, −1); the rebuild writes Spans of every enterprise.
func Spans(c Coverage, sign int64) []indicator.Span {
	var out []indicator.Span
	since := c.Since()
	if since.IsZero() {
		return nil
	}
	dims := []indicator.DimKey{indicator.Total, indicator.Dim(indicator.DimChain, c.Chain), indicator.Dim(indicator.DimPark, parkValue(c.Park))}
	for _, d := range dims {
		out = append(out, span(c.ZoneID, indicator.OrgShouldCover, d, since, civil.Date{}, sign))
	}
	for _, s := range c.covered() {
		for _, d := range append(dims, indicator.Dim(indicator.DimOrgMode, string(s.Mode))) {
			out = append(out, span(c.ZoneID, indicator.OrgCovered, d, s.From, s.Until, sign))
		}
	}
	return out
}

// OrgSpans returns what an organisation adds to the org.organisations stock
// (by kind and mode) and to org.elections_due: each term is due from
// ElectionDueDays before its end until the next election, or the
// dissolution.
func OrgSpans(o Organisation, s Settings, sign int64) []indicator.Span {
	var out []indicator.Span
	for _, d := range []indicator.DimKey{indicator.Total, indicator.Dim(indicator.DimOrgKind, string(o.Kind)), indicator.Dim(indicator.DimOrgMode, string(o.Mode))} {
		out = append(out, span(o.ZoneID, indicator.OrgOrganisations, d, o.FoundedOn, o.DissolvedOn, sign))
	}
	starts := append([]civil.Date{o.FoundedOn}, o.Elections...)
	for i, start := range starts {
		due := civil.Of(start.Time().AddDate(o.TermYears, 0, 0)).AddDays(-s.ElectionDueDays)
		until := o.DissolvedOn
		if i+1 < len(starts) && (until.IsZero() || starts[i+1].Before(until)) {
			until = starts[i+1]
		}
		if !until.IsZero() && !due.Before(until) {
			continue
		}
		for _, d := range []indicator.DimKey{indicator.Total, indicator.Dim(indicator.DimOrgKind, string(o.Kind))} {
			out = append(out, span(o.ZoneID, indicator.OrgElectionsDue, d, due, until, sign))
		}
	}
	return out
}

// ChainSpans returns what a chain adds to org.chains_covered (by level).
func ChainSpans(c Chain, sign int64) []indicator.Span {
	if c.Body == BodyNone || c.BodyFormedOn.IsZero() {
		return nil
	}
	return []indicator.Span{
		span(c.ZoneID, indicator.OrgChainsCovered, indicator.Total, c.BodyFormedOn, civil.Date{}, sign),
		span(c.ZoneID, indicator.OrgChainsCovered, indicator.Dim(indicator.DimChainLevel, string(c.Level)), c.BodyFormedOn, civil.Date{}, sign),
	}
}

// AccessValue is the branch_access dimension value of an online branch.
func AccessValue(open bool) string {
	if open {
		return "open"
	}
	return "closed"
}

// BranchSpans returns what an online branch adds to org.online_branches.
func BranchSpans(b OnlineBranch, sign int64) []indicator.Span {
	var out []indicator.Span
	for _, d := range []indicator.DimKey{indicator.Total, indicator.Dim(indicator.DimPlatform, string(b.Platform)),
		indicator.Dim(indicator.DimBranchAccess, AccessValue(b.Open))} {
		out = append(out, span(b.ZoneID, indicator.OrgOnlineBranch, d, b.OpenedOn, civil.Date{}, sign))
	}
	return out
}

// Figures are an area's coverage on a day, computed from records.
type Figures struct {
	On          civil.Date     `json:"on"`
	ShouldCover int            `json:"should_cover"`
	Covered     int            `json:"covered"`
	ByMode      map[Mode]int   `json:"by_mode"` // enterprises covered, by mode
	Orgs        map[Kind]int   `json:"orgs"`    // organisations, by kind
	OrgsByMode  map[Mode]int   `json:"orgs_by_mode"`
	Chains      int            `json:"chains"`         // chains of the zone
	ChainsCov   int            `json:"chains_covered"` // with a committee or alliance
	ChainsProv  int            `json:"chains_province_covered"`
	Online      int            `json:"online"`      // online branches opened by the day
	OnlineOpen  int            `json:"online_open"` // of which open (开放式)
	Platforms   map[string]int `json:"platforms"`
	ElectionDue int            `json:"elections_due"`
	Pledged     int            `json:"pledged"` // enterprises that signed the pledge by the day
	ByChain     []Share        `json:"by_chain"`
	ByPark      []Share        `json:"by_park"`
}

// Share is coverage within one chain or park.
type Share struct {
	Key         string `json:"key"` // chain code or park id
	Name        string `json:"name"`
	ShouldCover int    `json:"should_cover"`
	Covered     int    `json:"covered"`
}

// Rate is covered ÷ should cover; ok is false when none should be.
func Rate(covered, should int) (indicator.Frac, bool) {
	return indicator.Whole(int64(covered)).Quo(indicator.Whole(int64(should)))
}

// SortShares orders shares by name, with the unnamed ("none") last.
func SortShares(list []Share) {
	slices.SortFunc(list, func(a, b Share) int {
		if (a.Key == "") != (b.Key == "") {
			if a.Key == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Name, b.Name)
	})
}
