package apitypes

import (
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/invest"
)

// InvestStage is where a project is in the pipeline.
type InvestStage string

// Enum lists the stages in order, 终止 last.
func (InvestStage) Enum() []string { return strs(invest.AllStages()) }

// InvestOrigin is where an investor comes from, seen from the zone's city.
type InvestOrigin string

// Enum lists the origins.
func (InvestOrigin) Enum() []string { return strs(invest.Origins()) }

// InvestMode is how a project was attracted.
type InvestMode string

// Enum lists the modes.
func (InvestMode) Enum() []string { return strs(invest.Modes()) }

// InvestIndustry is one of the industries a bureau sorts projects by.
type InvestIndustry string

// Enum lists the industries.
func (InvestIndustry) Enum() []string { return invest.Industries() }

// InvestAgreement is the kind of agreement a project signed ("" none yet).
type InvestAgreement string

// Enum lists the kinds.
func (InvestAgreement) Enum() []string { return append([]string{""}, strs(invest.Agreements())...) }

// InvestListing is an investor's listed status.
type InvestListing string

// Enum lists the statuses.
func (InvestListing) Enum() []string { return invest.Listings() }

// ApprovalLevel is the level that approved a step ("" none was needed).
type ApprovalLevel string

// Enum lists the levels.
func (ApprovalLevel) Enum() []string {
	return []string{string(invest.LevelNone), string(invest.LevelZone), string(invest.LevelCity)}
}

// FundKind is what a fund is.
type FundKind string

// Enum lists the kinds.
func (FundKind) Enum() []string { return strs(invest.FundKinds()) }

// InvestProject is one project of a zone's pipeline.
type InvestProject struct {
	ID               int64           `json:"id"`
	ZoneID           int64           `json:"zone_id"`
	Name             string          `json:"name"`
	Investor         string          `json:"investor"`
	InvestorUSCC     string          `json:"investor_uscc"`
	Origin           InvestOrigin    `json:"origin"`
	InvestorListing  InvestListing   `json:"investor_listing"`
	InvestorHonours  string          `json:"investor_honours"`
	Industry         InvestIndustry  `json:"industry"`
	Mode             InvestMode      `json:"mode"`
	PlannedFen       int64           `json:"planned_fen"`
	Park             string          `json:"park"`
	Owner            string          `json:"owner"`
	Agreement        InvestAgreement `json:"agreement"`
	Facts            string          `json:"facts"`
	Stage            InvestStage     `json:"stage"`
	StageOn          civil.Date      `json:"stage_on"`
	StartDue         *civil.Date     `json:"start_due" doc:"agreed start of construction"`
	TerminatedReason string          `json:"terminated_reason"`
	EnterpriseID     *int64          `json:"enterprise_id" doc:"the company registered in the zone"`
	EnterpriseName   string          `json:"enterprise_name"`
	RegisteredOn     *civil.Date     `json:"registered_on"`
	RegisteredFen    int64           `json:"registered_fen"`
	PaidInFen        int64           `json:"paid_in_fen"`
	ArrivedFen       int64           `json:"arrived_fen" doc:"funds arrived so far (到位资金)"`
	NextContactOn    *civil.Date     `json:"next_contact_on"`
	NextContactOwner string          `json:"next_contact_owner"`
	Late             bool            `json:"late" doc:"signed and not started past the agreed start"`
	Overdue          bool            `json:"overdue" doc:"the next contact's date has passed"`
	Version          int             `json:"version"`
}

// InvestStep is one stage change, with its approval.
type InvestStep struct {
	ID       int64         `json:"id"`
	From     string        `json:"from" doc:"empty for the first step"`
	To       InvestStage   `json:"to"`
	On       civil.Date    `json:"on"`
	Note     string        `json:"note" doc:"the approver's opinion; the reason of 终止"`
	Approval ApprovalLevel `json:"approval"`
	ByName   string        `json:"by_name"`
	At       time.Time     `json:"at"`
}

// InvestArrival is an amount of funds arrived.
type InvestArrival struct {
	ID        int64      `json:"id"`
	On        civil.Date `json:"on"`
	AmountFen int64      `json:"amount_fen"`
	Note      string     `json:"note"`
}

// InvestFollowUp is a contact with a project's investor.
type InvestFollowUp struct {
	ID     int64       `json:"id"`
	On     civil.Date  `json:"on"`
	Notes  string      `json:"notes"`
	NextOn *civil.Date `json:"next_on"`
	Owner  string      `json:"owner"`
	ByName string      `json:"by_name"`
}

// InvestActivity is a trip or visit that touched a project.
type InvestActivity struct {
	Kind    string     `json:"kind" enum:"trip,visit"`
	ID      int64      `json:"id"`
	StartOn civil.Date `json:"start_on"`
	EndOn   civil.Date `json:"end_on"`
	Title   string     `json:"title" doc:"the destination or the visiting firm"`
}

// InvestProjectDetail is a project with its history.
type InvestProjectDetail struct {
	InvestProject
	Steps      []InvestStep     `json:"steps"`
	Arrivals   []InvestArrival  `json:"arrivals"`
	FollowUps  []InvestFollowUp `json:"follow_ups"`
	Activities []InvestActivity `json:"activities"`
	Funds      []Fund           `json:"funds"`
}

// NewInvestProject adds a lead (线索) to the caller's zone.
type NewInvestProject struct {
	Name            string          `json:"name"`
	Investor        string          `json:"investor"`
	InvestorUSCC    string          `json:"investor_uscc,omitempty"`
	Origin          InvestOrigin    `json:"origin"`
	InvestorListing InvestListing   `json:"investor_listing,omitempty" doc:"default none"`
	InvestorHonours string          `json:"investor_honours,omitempty"`
	Industry        InvestIndustry  `json:"industry"`
	Mode            InvestMode      `json:"mode"`
	PlannedFen      int64           `json:"planned_fen" minimum:"0"`
	Park            string          `json:"park,omitempty"`
	Owner           string          `json:"owner,omitempty"`
	Agreement       InvestAgreement `json:"agreement,omitempty"`
	Facts           string          `json:"facts,omitempty"`
	StartDue        *civil.Date     `json:"start_due,omitempty"`
	On              *civil.Date     `json:"on,omitempty" doc:"the lead's date; default today"`
}

// InvestProjectPatch changes a project; absent fields stay.
type InvestProjectPatch struct {
	Version         int              `json:"version" minimum:"1"`
	Name            *string          `json:"name,omitempty"`
	Investor        *string          `json:"investor,omitempty"`
	InvestorUSCC    *string          `json:"investor_uscc,omitempty"`
	Origin          *InvestOrigin    `json:"origin,omitempty"`
	InvestorListing *InvestListing   `json:"investor_listing,omitempty"`
	InvestorHonours *string          `json:"investor_honours,omitempty"`
	Industry        *InvestIndustry  `json:"industry,omitempty"`
	Mode            *InvestMode      `json:"mode,omitempty"`
	PlannedFen      *int64           `json:"planned_fen,omitempty" minimum:"0"`
	Park            *string          `json:"park,omitempty"`
	Owner           *string          `json:"owner,omitempty"`
	Agreement       *InvestAgreement `json:"agreement,omitempty"`
	Facts           *string          `json:"facts,omitempty"`
	StartDue        *civil.Date      `json:"start_due,omitempty"`
}

// Advance moves a project to another stage.
type Advance struct {
	To   InvestStage `json:"to"`
	On   civil.Date  `json:"on" doc:"not after today, not before the current stage's date"`
	Note string      `json:"note,omitempty" doc:"the approver's opinion where the step needs an approval; the reason of 终止"`
}

// AdvanceResult is the project after a step, and the step.
type AdvanceResult struct {
	Project InvestProject `json:"project"`
	Step    InvestStep    `json:"step"`
}

// NewRegistration records the company a signed project registered.
type NewRegistration struct {
	USCC          string     `json:"uscc" doc:"an enterprise of the zone, or a new one created in the register"`
	Name          string     `json:"name,omitempty" doc:"required for a company not in the register"`
	Nature        Nature     `json:"nature,omitempty" doc:"for a new company"`
	Industry      Industry   `json:"industry,omitempty" doc:"for a new company"`
	On            civil.Date `json:"on"`
	RegisteredFen int64      `json:"registered_fen" minimum:"1"`
	PaidInFen     int64      `json:"paid_in_fen,omitempty" minimum:"0" doc:"not above registered_fen"`
}

// NewArrival records funds arrived.
type NewArrival struct {
	On        civil.Date `json:"on"`
	AmountFen int64      `json:"amount_fen" minimum:"1"`
	Note      string     `json:"note,omitempty" doc:"required when the total would exceed the planned investment"`
}

// NewFollowUp records a contact with a project's investor.
type NewFollowUp struct {
	On     civil.Date  `json:"on"`
	Notes  string      `json:"notes"`
	NextOn *civil.Date `json:"next_on,omitempty" doc:"after on"`
	Owner  string      `json:"owner,omitempty"`
}

// InvestProjectQuery narrows a list of projects.
type InvestProjectQuery struct {
	Zone     string         `query:"zone" doc:"zone slug"`
	Stage    InvestStage    `query:"stage"`
	Origin   InvestOrigin   `query:"origin"`
	Mode     InvestMode     `query:"mode"`
	Industry InvestIndustry `query:"industry"`
	Q        string         `query:"q" doc:"a fragment of the name or investor"`
	Cursor   string         `query:"cursor" doc:"next of the previous page"`
	Limit    int            `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// Trip is an outbound investment trip (外出招商).
type Trip struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	StartOn      civil.Date `json:"start_on"`
	EndOn        civil.Date `json:"end_on"`
	Province     string     `json:"province" doc:"as the bulletin names it: 北京, 上海, 山东"`
	City         string     `json:"city"`
	Leader       string     `json:"leader"`
	People       int        `json:"people"`
	Firms        string     `json:"firms" doc:"firms met"`
	Notes        string     `json:"notes"`
	ProjectIDs   []int64    `json:"project_ids"`
	ProjectNames []string   `json:"project_names"`
}

// NewTrip records a trip of the caller's zone.
type NewTrip struct {
	StartOn    civil.Date  `json:"start_on"`
	EndOn      *civil.Date `json:"end_on,omitempty" doc:"default start_on; not before it"`
	Province   string      `json:"province"`
	City       string      `json:"city,omitempty"`
	Leader     string      `json:"leader"`
	People     int         `json:"people" minimum:"1"`
	Firms      string      `json:"firms,omitempty"`
	Notes      string      `json:"notes,omitempty"`
	ProjectIDs []int64     `json:"project_ids,omitempty" doc:"projects of the zone the trip touched"`
}

// Visit is an inbound inspection visit (邀请考察).
type Visit struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	Firm         string     `json:"firm"`
	StartOn      civil.Date `json:"start_on"`
	EndOn        civil.Date `json:"end_on"`
	Hosts        string     `json:"hosts"`
	Notes        string     `json:"notes"`
	ProjectIDs   []int64    `json:"project_ids"`
	ProjectNames []string   `json:"project_names"`
}

// NewVisit records a visit the caller's zone invited.
type NewVisit struct {
	Firm       string      `json:"firm"`
	StartOn    civil.Date  `json:"start_on"`
	EndOn      *civil.Date `json:"end_on,omitempty" doc:"default start_on; not before it"`
	Hosts      string      `json:"hosts,omitempty"`
	Notes      string      `json:"notes,omitempty"`
	ProjectIDs []int64     `json:"project_ids,omitempty"`
}

// Fund is a guiding fund or venture firm; what it is and holds, without
// re-investment quotas (国办发〔2025〕1号).
type Fund struct {
	ID           int64      `json:"id"`
	ZoneID       int64      `json:"zone_id"`
	Name         string     `json:"name"`
	Manager      string     `json:"manager"`
	ManagerUSCC  string     `json:"manager_uscc"`
	Kind         FundKind   `json:"kind"`
	TargetFen    int64      `json:"target_fen"`
	CommittedFen int64      `json:"committed_fen"`
	PaidInFen    int64      `json:"paid_in_fen"`
	SetUpOn      civil.Date `json:"set_up_on"`
	Notes        string     `json:"notes"`
	ProjectIDs   []int64    `json:"project_ids" doc:"portfolio projects"`
	ProjectNames []string   `json:"project_names"`
}

// NewFund records a fund the caller's zone works with.
type NewFund struct {
	Name         string     `json:"name"`
	Manager      string     `json:"manager"`
	ManagerUSCC  string     `json:"manager_uscc,omitempty"`
	Kind         FundKind   `json:"kind"`
	TargetFen    int64      `json:"target_fen" minimum:"1"`
	CommittedFen int64      `json:"committed_fen,omitempty" minimum:"0"`
	PaidInFen    int64      `json:"paid_in_fen,omitempty" minimum:"0"`
	SetUpOn      civil.Date `json:"set_up_on"`
	Notes        string     `json:"notes,omitempty"`
	ProjectIDs   []int64    `json:"project_ids,omitempty"`
}

// FundQuery narrows a list of funds.
type FundQuery struct {
	Zone   string `query:"zone" doc:"zone slug"`
	Cursor string `query:"cursor" doc:"next of the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// InvestImportKind is what an investment import reads: the pipeline
// (projects), outbound trips or inspection visits.
type InvestImportKind string

// Enum lists the kinds.
func (InvestImportKind) Enum() []string { return []string{"projects", "trips", "visits"} }

// InvestImportForm is the upload of a zone's investment sheet.
type InvestImportForm struct {
	File    string           `json:"file" format:"binary" doc:".xlsx or .csv with the investment bureau's headings (the template's)"`
	Kind    InvestImportKind `json:"kind" doc:"what the file holds"`
	SkipBad bool             `json:"skip_bad,omitempty" doc:"store the good rows and leave the bad ones out; otherwise one bad row stores nothing"`
	Sheet   string           `json:"sheet,omitempty" doc:"the worksheet to read when the workbook has several"`
}

// InvestTemplateQuery chooses the template of an investment import.
type InvestTemplateQuery struct {
	Kind   InvestImportKind `query:"kind" default:"projects"`
	Format string           `query:"format" enum:"xlsx,csv" default:"xlsx"`
}
