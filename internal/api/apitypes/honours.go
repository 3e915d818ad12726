package apitypes

import (
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/honour"
)

// HonourLevel is who confers a programme's title.
type HonourLevel string

// Enum lists the levels.
func (HonourLevel) Enum() []string { return strs(honour.Levels()) }

// HonourKind is a programme's kind.
type HonourKind string

// Enum lists the kinds.
func (HonourKind) Enum() []string { return honour.Kinds() }

// HonourResult is what a batch says of one enterprise.
type HonourResult string

// Enum lists the results.
func (HonourResult) Enum() []string { return strs(honour.Results()) }

// HonourEndReason says why a title ended before its term.
type HonourEndReason string

// Enum lists the reasons ("" while the title has not ended early).
func (HonourEndReason) Enum() []string {
	return []string{"", string(honour.EndRenewed), string(honour.EndFailed), string(honour.EndRevoked), string(honour.EndSuperseded)}
}

// CultivationStage is how far a candidate is.
type CultivationStage string

// Enum lists the stages in order.
func (CultivationStage) Enum() []string { return strs(honour.Stages()) }

// ActivityKind is a kind of cultivation work.
type ActivityKind string

// Enum lists the kinds.
func (ActivityKind) Enum() []string { return strs(honour.ActivityKinds()) }

// HonourProgramme is an honour or qualification enterprises can hold.
type HonourProgramme struct {
	ID         int64       `json:"id"`
	Code       string      `json:"code" pattern:"^[a-z][a-z0-9_]{1,39}$"`
	Name       string      `json:"name"`
	NameEN     string      `json:"name_en"`
	Issuer     string      `json:"issuer"`
	Level      HonourLevel `json:"level"`
	RegionCode string      `json:"region_code" doc:"the province or city of a province or city programme; empty for national"`
	Kind       HonourKind  `json:"kind"`
	TermYears  int         `json:"term_years" minimum:"0" maximum:"10" doc:"years a title runs from its effective date; 0: until revoked"`
	Prior      string      `json:"prior" doc:"code of the programme to hold first; empty for none"`
	PriorYears int         `json:"prior_years" minimum:"0" maximum:"10"`
	PriorSince *civil.Date `json:"prior_since" doc:"the prior rule applies to batches from this date"`
	KeepPrior  bool        `json:"keep_prior" doc:"holders keep the prior title; otherwise a title of this programme ends it"`
	Quota      int         `json:"quota" minimum:"0" doc:"titles a province may recommend per batch; 0: no quota"`
	Since      civil.Date  `json:"since" doc:"set up on; no batch may be dated before"`
}

// NewHonourProgramme adds a programme. Province and city users add their
// own region's; the level and region follow the caller.
type NewHonourProgramme struct {
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	NameEN     string      `json:"name_en,omitempty"`
	Issuer     string      `json:"issuer"`
	Level      HonourLevel `json:"level,omitempty" doc:"national users: national"`
	Kind       HonourKind  `json:"kind"`
	TermYears  int         `json:"term_years,omitempty" minimum:"0" maximum:"10"`
	Prior      string      `json:"prior,omitempty"`
	PriorYears int         `json:"prior_years,omitempty" minimum:"0" maximum:"10"`
	PriorSince *civil.Date `json:"prior_since,omitempty"`
	KeepPrior  bool        `json:"keep_prior,omitempty"`
	Quota      int         `json:"quota,omitempty" minimum:"0"`
	Since      civil.Date  `json:"since"`
}

// HonourEntry is one enterprise of a batch.
type HonourEntry struct {
	ID             int64        `json:"id"`
	Row            int          `json:"row" doc:"position in the notice's list (序号)"`
	Programme      string       `json:"programme" doc:"programme code"`
	EnterpriseID   int64        `json:"enterprise_id"`
	USCC           string       `json:"uscc"`
	EnterpriseName string       `json:"enterprise_name"`
	Result         HonourResult `json:"result"`
}

// HonourBatch is one notice as a zone records it, with its entries.
type HonourBatch struct {
	ID          int64         `json:"id"`
	ZoneID      int64         `json:"zone_id"`
	Title       string        `json:"title"`
	Number      string        `json:"number"`
	Issuer      string        `json:"issuer"`
	PublishedOn civil.Date    `json:"published_on"`
	EffectiveOn civil.Date    `json:"effective_on" doc:"terms start here"`
	Entries     []HonourEntry `json:"entries"`
}

// HonourBatchSummary is a batch in a list, without its entries.
type HonourBatchSummary struct {
	ID          int64      `json:"id"`
	ZoneID      int64      `json:"zone_id"`
	Title       string     `json:"title"`
	Number      string     `json:"number"`
	Issuer      string     `json:"issuer"`
	PublishedOn civil.Date `json:"published_on"`
	EffectiveOn civil.Date `json:"effective_on"`
}

// NewHonourEntry is one enterprise of a new batch.
type NewHonourEntry struct {
	Row            int          `json:"row,omitempty" minimum:"1" doc:"position in the notice's list; default its place in entries"`
	Programme      string       `json:"programme" doc:"programme code"`
	USCC           string       `json:"uscc" doc:"an enterprise of the caller's zone"`
	EnterpriseName string       `json:"enterprise_name,omitempty" doc:"as the notice prints it; default the register's name"`
	Result         HonourResult `json:"result"`
}

// NewHonourBatch records a notice with the caller's zone's enterprises on it.
type NewHonourBatch struct {
	Title       string           `json:"title"`
	Number      string           `json:"number,omitempty"`
	Issuer      string           `json:"issuer"`
	PublishedOn civil.Date       `json:"published_on"`
	EffectiveOn *civil.Date      `json:"effective_on,omitempty" doc:"default published_on"`
	Entries     []NewHonourEntry `json:"entries"`
}

// HonourWarning is a finding that did not refuse a batch.
type HonourWarning struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// HonourBatchResult is a stored batch with what it changed.
type HonourBatchResult struct {
	Batch    HonourBatch     `json:"batch"`
	Started  int             `json:"started" doc:"titles the batch started"`
	Ended    int             `json:"ended" doc:"titles it ended before their term"`
	Warnings []HonourWarning `json:"warnings"`
}

// HonourBatchQuery narrows a list of batches.
type HonourBatchQuery struct {
	Zone   string `query:"zone" doc:"zone slug"`
	Cursor string `query:"cursor" doc:"next of the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// OnQuery asks about one day.
type OnQuery struct {
	On civil.Date `query:"on" doc:"the day; default today"`
}

// Holding is how many titles of a programme an area holds on a day.
type Holding struct {
	Programme string `json:"programme" doc:"programme code"`
	Name      string `json:"name"`
	Held      int    `json:"held"`
}

// Holdings are an area's titles held on a day, per programme.
type Holdings struct {
	Zone  string     `json:"zone"`
	On    civil.Date `json:"on"`
	Items []Holding  `json:"items"`
}

// HonourTitle is one term of a programme held by an enterprise.
type HonourTitle struct {
	ID             int64           `json:"id"`
	ZoneID         int64           `json:"zone_id"`
	EnterpriseID   int64           `json:"enterprise_id"`
	EnterpriseName string          `json:"enterprise_name"`
	Programme      string          `json:"programme"`
	ProgrammeName  string          `json:"programme_name"`
	BatchID        int64           `json:"batch_id"`
	BatchTitle     string          `json:"batch_title"`
	StartOn        civil.Date      `json:"start_on"`
	TermEnd        *civil.Date     `json:"term_end" doc:"first day after the term; null: no term"`
	EndedOn        *civil.Date     `json:"ended_on" doc:"first day no longer held, when it ended early"`
	EndReason      HonourEndReason `json:"end_reason"`
	Held           bool            `json:"held" doc:"held today"`
}

// Candidate is an enterprise a zone prepares for a programme.
type Candidate struct {
	ID             int64            `json:"id"`
	ZoneID         int64            `json:"zone_id"`
	EnterpriseID   int64            `json:"enterprise_id"`
	EnterpriseName string           `json:"enterprise_name"`
	Programme      string           `json:"programme"`
	TargetYear     int              `json:"target_year"`
	Stage          CultivationStage `json:"stage"`
	Owner          string           `json:"owner"`
	Notes          string           `json:"notes"`
	NextStep       string           `json:"next_step"`
	NextOn         *civil.Date      `json:"next_on"`
	Overdue        bool             `json:"overdue" doc:"the next step's date has passed"`
	Version        int              `json:"version"`
}

// NewCandidate adds a candidate of the caller's zone.
type NewCandidate struct {
	EnterpriseID int64            `json:"enterprise_id" minimum:"1"`
	Programme    string           `json:"programme" doc:"programme code"`
	TargetYear   int              `json:"target_year"`
	Stage        CultivationStage `json:"stage,omitempty" doc:"default survey"`
	Owner        string           `json:"owner,omitempty"`
	Notes        string           `json:"notes,omitempty" text:"multiline"`
}

// CandidatePatch changes a candidate; absent fields stay.
type CandidatePatch struct {
	Version    int               `json:"version" minimum:"1"`
	Stage      *CultivationStage `json:"stage,omitempty"`
	TargetYear *int              `json:"target_year,omitempty"`
	Owner      *string           `json:"owner,omitempty"`
	Notes      *string           `json:"notes,omitempty" text:"multiline"`
}

// Activity is one piece of cultivation work with a candidate.
type Activity struct {
	ID          int64        `json:"id"`
	CandidateID int64        `json:"candidate_id"`
	Kind        ActivityKind `json:"kind"`
	On          civil.Date   `json:"on"`
	People      string       `json:"people"`
	Attendees   int          `json:"attendees"`
	Notes       string       `json:"notes"`
	NextStep    string       `json:"next_step"`
	NextOn      *civil.Date  `json:"next_on"`
}

// NewActivity records a done activity.
type NewActivity struct {
	Kind      ActivityKind `json:"kind"`
	On        civil.Date   `json:"on" doc:"not after today"`
	People    string       `json:"people,omitempty"`
	Attendees int          `json:"attendees,omitempty" minimum:"0"`
	Notes     string       `json:"notes,omitempty" text:"multiline"`
	NextStep  string       `json:"next_step,omitempty"`
	NextOn    *civil.Date  `json:"next_on,omitempty" doc:"required with next_step; after on"`
}

// HonourImportForm is the multipart body of a notice's list import: the
// notice's head, and its annex list as a file.
type HonourImportForm struct {
	File        string       `json:"file" format:"binary" doc:".xlsx or .csv with the annex's columns: 序号, 企业名称, 统一社会信用代码, 所在地区, 类别 (and optionally 结果); rows of other areas are passed over with a note"`
	Title       string       `json:"title"`
	Number      string       `json:"number,omitempty"`
	Issuer      string       `json:"issuer"`
	PublishedOn string       `json:"published_on" doc:"YYYY-MM-DD"`
	EffectiveOn string       `json:"effective_on,omitempty" doc:"YYYY-MM-DD; default published_on"`
	Programme   string       `json:"programme,omitempty" doc:"code of the programme of rows whose 类别 is empty"`
	Result      HonourResult `json:"result,omitempty" doc:"result of rows whose 结果 is empty; default new"`
	Sheet       string       `json:"sheet,omitempty" doc:"the worksheet to read; default the first"`
	SkipBad     bool         `json:"skip_bad,omitempty" doc:"record the good rows and leave the bad ones out (listed in the job's result); otherwise one bad row records nothing"`
}
