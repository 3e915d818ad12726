package apitypes

import (
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/talent"
)

// OrgKind is a party organisation's form.
type OrgKind string

// Enum lists the kinds.
func (OrgKind) Enum() []string { return strs(org.Kinds()) }

// NeedKind is the kind an enterprise's members call for; empty for an
// instructor (派建).
type NeedKind string

// Enum lists the kinds and "".
func (NeedKind) Enum() []string { return append([]string{""}, strs(org.Kinds())...) }

// OrgMode is how an organisation covers its enterprises.
type OrgMode string

// Enum lists the modes.
func (OrgMode) Enum() []string { return strs(org.Modes()) }

// ChainLevel is a chain's level.
type ChainLevel string

// Enum lists the levels.
func (ChainLevel) Enum() []string { return strs(org.ChainLevels()) }

// OrgLevel is the level of an organisation's honour.
type OrgLevel string

// Enum lists the levels.
func (OrgLevel) Enum() []string { return strs(org.Levels()) }

// ChainBody is what covers a chain.
type ChainBody string

// Enum lists the kinds ("" none).
func (ChainBody) Enum() []string { return append([]string{""}, strs(org.BodyKinds())...) }

// Platform is where an online branch runs.
type Platform string

// Enum lists the platforms.
func (Platform) Enum() []string { return strs(org.Platforms()) }

// GapReason says what an enterprise lacks.
type GapReason string

// Enum lists the reasons.
func (GapReason) Enum() []string {
	return strs([]org.GapReason{org.GapUncovered, org.GapOwnNeeded, org.GapUpgrade})
}

// TalentStatus is where an application stands.
type TalentStatus string

// Enum lists the statuses.
func (TalentStatus) Enum() []string { return strs(talent.Statuses()) }

// OrgMember is an enterprise an organisation or chain covers.
type OrgMember struct {
	EnterpriseID int64       `json:"enterprise_id"`
	USCC         string      `json:"uscc"`
	Name         string      `json:"name"`
	From         *civil.Date `json:"from" doc:"covered from; null for a chain's member"`
	Until        *civil.Date `json:"until" doc:"first day no longer covered; null while it is"`
}

// OrgHonour is a distinction of an organisation.
type OrgHonour struct {
	ID     int64    `json:"id"`
	Name   string   `json:"name"`
	Level  OrgLevel `json:"level"`
	Issuer string   `json:"issuer"`
	Year   int      `json:"year"`
}

// NewOrgHonour records an organisation's honour.
type NewOrgHonour struct {
	Name   string   `json:"name"`
	Level  OrgLevel `json:"level"`
	Issuer string   `json:"issuer"`
	Year   int      `json:"year"`
}

// Organisation is a party organisation and the enterprises it covers.
type Organisation struct {
	ID           int64        `json:"id"`
	ZoneID       int64        `json:"zone_id"`
	Name         string       `json:"name"`
	Kind         OrgKind      `json:"kind"`
	Mode         OrgMode      `json:"mode"`
	Secretary    string       `json:"secretary"`
	Instructor   string       `json:"instructor" doc:"the secretary or instructor sent in (派建)"`
	FoundedOn    civil.Date   `json:"founded_on"`
	TermYears    int          `json:"term_years"`
	Elections    []civil.Date `json:"elections" doc:"elections held after founding, oldest first"`
	LastElection civil.Date   `json:"last_election_on" doc:"the latest election, or the founding day"`
	NextElection civil.Date   `json:"next_election_on"`
	ElectionDue  bool         `json:"election_due" doc:"the election falls within the zone's warning days, or is overdue"`
	DissolvedOn  *civil.Date  `json:"dissolved_on"`
	Members      []OrgMember  `json:"members" doc:"enterprises covered now"`
	History      []OrgMember  `json:"history" doc:"enterprises it covered before"`
	Honours      []OrgHonour  `json:"honours"`
	Version      int          `json:"version"`
}

// NewOrganisation records an organisation of the caller's zone.
type NewOrganisation struct {
	Name           string       `json:"name"`
	Kind           OrgKind      `json:"kind"`
	Mode           OrgMode      `json:"mode"`
	Secretary      string       `json:"secretary,omitempty" doc:"required unless the mode is sent"`
	Instructor     string       `json:"instructor,omitempty" doc:"required for the sent mode"`
	FoundedOn      civil.Date   `json:"founded_on"`
	TermYears      int          `json:"term_years,omitempty" doc:"2 or 3; default 3"`
	Elections      []civil.Date `json:"elections,omitempty" doc:"elections held since founding, oldest first"`
	Members        []string     `json:"members" doc:"credit codes of the zone's enterprises it covers: one for single, several for joint"`
	LastElectionOn *civil.Date  `json:"last_election_on,omitempty" doc:"the latest election; added to elections"`
}

// OrganisationPatch changes an organisation; absent fields stay.
type OrganisationPatch struct {
	Version        int         `json:"version" minimum:"1"`
	Name           *string     `json:"name,omitempty"`
	Kind           *OrgKind    `json:"kind,omitempty"`
	Mode           *OrgMode    `json:"mode,omitempty"`
	Secretary      *string     `json:"secretary,omitempty"`
	Instructor     *string     `json:"instructor,omitempty"`
	TermYears      *int        `json:"term_years,omitempty"`
	LastElectionOn *civil.Date `json:"last_election_on,omitempty" doc:"a later date records an election"`
	DissolvedOn    *civil.Date `json:"dissolved_on,omitempty"`
	Members        []string    `json:"members,omitempty" doc:"credit codes: the whole list after the change"`
	MembersOn      *civil.Date `json:"members_on,omitempty" doc:"when member changes take effect; default today"`
}

// OrgQuery narrows a list of organisations.
type OrgQuery struct {
	Due    bool    `query:"due" doc:"only those whose election is due"`
	Kind   OrgKind `query:"kind"`
	Mode   OrgMode `query:"mode"`
	Cursor string  `query:"cursor" doc:"next of the previous page"`
	Limit  int     `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// Chain is an industry chain with its members and what covers it.
type Chain struct {
	ID           int64       `json:"id"`
	ZoneID       int64       `json:"zone_id"`
	Code         string      `json:"code"`
	Name         string      `json:"name"`
	Level        ChainLevel  `json:"level"`
	Body         ChainBody   `json:"body" doc:"committee (产业链党委) or alliance (党建联盟); empty for none"`
	BodyName     string      `json:"body_name"`
	BodyFormedOn *civil.Date `json:"body_formed_on"`
	Members      []OrgMember `json:"members"`
	Version      int         `json:"version"`
}

// NewChain records a chain of the caller's zone.
type NewChain struct {
	Code         string      `json:"code" pattern:"^[a-z][a-z0-9_]{1,39}$"`
	Name         string      `json:"name"`
	Level        ChainLevel  `json:"level"`
	Body         ChainBody   `json:"body,omitempty"`
	BodyName     string      `json:"body_name,omitempty"`
	BodyFormedOn *civil.Date `json:"body_formed_on,omitempty"`
	Members      []string    `json:"members,omitempty" doc:"credit codes; an enterprise belongs to one chain"`
}

// ChainPatch changes a chain; absent fields stay.
type ChainPatch struct {
	Version      int         `json:"version" minimum:"1"`
	Name         *string     `json:"name,omitempty"`
	Level        *ChainLevel `json:"level,omitempty"`
	Body         *ChainBody  `json:"body,omitempty"`
	BodyName     *string     `json:"body_name,omitempty"`
	BodyFormedOn *civil.Date `json:"body_formed_on,omitempty"`
	Members      []string    `json:"members,omitempty" doc:"credit codes: the whole list after the change"`
}

// OnlineBranch is a 网上党支部.
type OnlineBranch struct {
	ID       int64      `json:"id"`
	OrgID    int64      `json:"org_id"`
	OrgName  string     `json:"org_name"`
	Name     string     `json:"name"`
	Platform Platform   `json:"platform"`
	Open     bool       `json:"open" doc:"open (开放式) to members from outside"`
	OpenedOn civil.Date `json:"opened_on"`
}

// NewOnlineBranch records an online branch of one of the zone's organisations.
type NewOnlineBranch struct {
	OrgID    int64      `json:"org_id"`
	Name     string     `json:"name"`
	Platform Platform   `json:"platform"`
	Open     bool       `json:"open,omitempty"`
	OpenedOn civil.Date `json:"opened_on"`
}

// CoverageShare is coverage within one chain or park.
type CoverageShare struct {
	Key         string   `json:"key" doc:"chain code or park id; empty for none"`
	Name        string   `json:"name"`
	ShouldCover int      `json:"should_cover"`
	Covered     int      `json:"covered"`
	Rate        *float64 `json:"rate" doc:"covered ÷ should cover; null when none should be"`
}

// Coverage is an area's coverage on a day, computed from records.
type Coverage struct {
	Zone           string          `json:"zone"`
	On             civil.Date      `json:"on"`
	ShouldCover    int             `json:"should_cover" doc:"enterprises surveyed or covered by the day"`
	Covered        int             `json:"covered"`
	Rate           *float64        `json:"rate" doc:"covered ÷ should cover; null when none should be"`
	CoveredByMode  map[string]int  `json:"covered_by_mode" doc:"enterprises covered, by mode"`
	OrgsByKind     map[string]int  `json:"organisations_by_kind"`
	OrgsByMode     map[string]int  `json:"organisations_by_mode"`
	Chains         int             `json:"chains"`
	ChainsCovered  int             `json:"chains_covered" doc:"with a chain committee or alliance"`
	ChainsProvince int             `json:"chains_province_covered" doc:"of provincial level or above, covered"`
	OnlineBranches int             `json:"online_branches"`
	OnlineOpen     int             `json:"online_branches_open"`
	ElectionsDue   int             `json:"elections_due"`
	Pledged        int             `json:"pledged" doc:"enterprises that signed the pledge by the day"`
	ByChain        []CoverageShare `json:"by_chain"`
	ByPark         []CoverageShare `json:"by_park"`
}

// CoverageGap is an enterprise of the 应建未建 list.
type CoverageGap struct {
	EnterpriseID   int64     `json:"enterprise_id"`
	EnterpriseName string    `json:"enterprise_name"`
	Employees      int       `json:"employees"`
	Members        int       `json:"members"`
	NeedKind       NeedKind  `json:"need_kind" doc:"empty: an instructor"`
	NeedMode       OrgMode   `json:"need_mode"`
	Reason         GapReason `json:"reason"`
	HasID          int64     `json:"has_id" doc:"the organisation covering it now; 0 for none"`
	HasName        string    `json:"has_name"`
}

// PartyProfile is the zone's survey of one enterprise.
type PartyProfile struct {
	EnterpriseID   int64       `json:"enterprise_id"`
	EnterpriseName string      `json:"enterprise_name"`
	Employees      int         `json:"employees"`
	Members        int         `json:"members" doc:"full party members"`
	SurveyedOn     *civil.Date `json:"surveyed_on" doc:"null while never surveyed"`
	Version        int         `json:"version" doc:"0 while never surveyed"`
}

// PartyProfileIn records an enterprise's survey.
type PartyProfileIn struct {
	Version    int         `json:"version" minimum:"0" doc:"0 for the first survey"`
	Employees  int         `json:"employees" minimum:"0"`
	Members    int         `json:"members" minimum:"0"`
	SurveyedOn *civil.Date `json:"surveyed_on,omitempty" doc:"default today"`
}

// TalentTier is one level of support within a programme.
type TalentTier struct {
	ID            int64  `json:"id"`
	Code          string `json:"code"`
	Name          string `json:"name"`
	MaxSupportFen int64  `json:"max_support_fen" doc:"0: no bound"`
	PeriodYears   int    `json:"period_years" doc:"0: no bound"`
}

// TalentProgramme is a zone's talent programme with its tiers.
type TalentProgramme struct {
	ID         int64        `json:"id"`
	ZoneID     int64        `json:"zone_id"`
	Code       string       `json:"code"`
	Name       string       `json:"name"`
	NameEN     string       `json:"name_en"`
	Category   string       `json:"category" doc:"the talent it is for, as the zone words it: 顶尖人才, …"`
	CategoryEN string       `json:"category_en"`
	Position   int          `json:"position"`
	Tiers      []TalentTier `json:"tiers"`
}

// NewTalentTier is a tier of a new programme.
type NewTalentTier struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	MaxSupportFen int64  `json:"max_support_fen,omitempty" minimum:"0"`
	PeriodYears   int    `json:"period_years,omitempty" minimum:"0" maximum:"10"`
}

// NewTalentProgramme adds a programme of the caller's zone.
type NewTalentProgramme struct {
	Code       string          `json:"code"`
	Name       string          `json:"name"`
	NameEN     string          `json:"name_en,omitempty"`
	Category   string          `json:"category"`
	CategoryEN string          `json:"category_en,omitempty"`
	Position   int             `json:"position,omitempty" doc:"default after the last"`
	Tiers      []NewTalentTier `json:"tiers"`
}

// TalentCall is a programme's call for applications.
type TalentCall struct {
	ID          int64      `json:"id"`
	ProgrammeID int64      `json:"programme_id"`
	Year        int        `json:"year"`
	Title       string     `json:"title"`
	OpensOn     civil.Date `json:"opens_on"`
	ClosesOn    civil.Date `json:"closes_on" doc:"the last day applications are taken"`
	Quota       int        `json:"quota" doc:"how many applicants the call may grant; 0 no bound"`
	Version     int        `json:"version"`
}

// NewTalentCall opens a call.
type NewTalentCall struct {
	Year     int        `json:"year"`
	Title    string     `json:"title"`
	OpensOn  civil.Date `json:"opens_on"`
	ClosesOn civil.Date `json:"closes_on"`
	Quota    int        `json:"quota,omitempty" minimum:"0" doc:"how many applicants the call may grant; 0 or absent no bound"`
}

// TalentCallPatch changes a call; absent fields stay.
type TalentCallPatch struct {
	Version  int         `json:"version" minimum:"1"`
	Year     *int        `json:"year,omitempty"`
	Title    *string     `json:"title,omitempty"`
	OpensOn  *civil.Date `json:"opens_on,omitempty"`
	ClosesOn *civil.Date `json:"closes_on,omitempty" doc:"once the call has closed, only a zone administrator may move it"`
	Quota    *int        `json:"quota,omitempty" minimum:"0" doc:"not below the applicants already granted"`
}

// TalentApplicant is one person's application to a call.
type TalentApplicant struct {
	ID             int64        `json:"id"`
	CallID         int64        `json:"call_id"`
	Tier           string       `json:"tier" doc:"tier code"`
	TierName       string       `json:"tier_name"`
	Name           string       `json:"name"`
	IDNumber       string       `json:"id_number" doc:"masked (370702********123X) unless the caller is the zone's administrator"`
	EnterpriseID   int64        `json:"enterprise_id"`
	EnterpriseName string       `json:"enterprise_name"`
	Chain          string       `json:"chain" doc:"the employer's chain code when it applied"`
	AppliedOn      civil.Date   `json:"applied_on"`
	Status         TalentStatus `json:"status"`
	Result         string       `json:"result"`
	DecidedOn      *civil.Date  `json:"decided_on"`
	SupportFen     int64        `json:"support_fen"`
	SupportFrom    *civil.Date  `json:"support_from"`
	SupportUntil   *civil.Date  `json:"support_until" doc:"last day supported"`
	Version        int          `json:"version"`
}

// NewTalentApplicant records an application to a call.
type NewTalentApplicant struct {
	Name       string      `json:"name"`
	IDNumber   string      `json:"id_number" doc:"GB 11643 citizen identity number (18 characters, check digit)"`
	Tier       string      `json:"tier" doc:"tier code"`
	Enterprise string      `json:"enterprise" doc:"the employer's credit code (an enterprise of the zone)"`
	AppliedOn  *civil.Date `json:"applied_on,omitempty" doc:"default today; within the call's window"`
}

// TalentReview is the result of an application's review.
type TalentReview struct {
	Version      int          `json:"version" minimum:"1"`
	Status       TalentStatus `json:"status"`
	Result       string       `json:"result,omitempty"`
	DecidedOn    *civil.Date  `json:"decided_on,omitempty" doc:"default today"`
	SupportFen   int64        `json:"support_fen,omitempty" minimum:"0"`
	SupportFrom  *civil.Date  `json:"support_from,omitempty" doc:"default the decision day"`
	SupportUntil *civil.Date  `json:"support_until,omitempty" doc:"default the tier's period"`
}

// PartyImportForm is an upload of the organisation and talent module:
// organisations, chain members, online branches, or a call's applicants.
type PartyImportForm struct {
	File    string `json:"file" format:"binary" doc:".xlsx or .csv with the template's headers"`
	Kind    string `json:"kind" enum:"org_organisations,org_chain_members,org_online_branches,talent_applicants" doc:"what the file holds"`
	Call    int64  `json:"call,omitempty" doc:"the call the applicants apply to (talent_applicants)"`
	SkipBad bool   `json:"skip_bad,omitempty" doc:"store the good rows and leave the bad ones out; otherwise one bad row stores nothing"`
	Sheet   string `json:"sheet,omitempty" doc:"the worksheet to read when the workbook has several"`
}

// PartyImportTemplateQuery names the template to download.
type PartyImportTemplateQuery struct {
	Kind   string `query:"kind" enum:"org_organisations,org_chain_members,org_online_branches,talent_applicants" doc:"what the file is for"`
	Format string `query:"format" enum:"xlsx,csv" default:"xlsx"`
}
