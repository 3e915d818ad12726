package apitypes

import (
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/project"
)

// ProjectStatus is where a project stands, from its dates.
type ProjectStatus string

// Enum lists the statuses.
func (ProjectStatus) Enum() []string { return strs(project.Statuses()) }

// ProjectLevel is whose key project it is.
type ProjectLevel string

// Enum lists the levels.
func (ProjectLevel) Enum() []string { return strs(project.Levels()) }

// ProjectCategory is what a project builds.
type ProjectCategory string

// Enum lists the categories.
func (ProjectCategory) Enum() []string { return strs(project.Categories()) }

// ProjectCadence is how often investment is reported.
type ProjectCadence string

// Enum lists the cadences.
func (ProjectCadence) Enum() []string { return strs(project.Cadences()) }

// ProjectItemKind is what a scope item is.
type ProjectItemKind string

// Enum lists the kinds.
func (ProjectItemKind) Enum() []string { return strs(project.ItemKinds()) }

// ProjectPartyRole is what a party does on a project.
type ProjectPartyRole string

// Enum lists the roles.
func (ProjectPartyRole) Enum() []string { return strs(project.PartyRoles()) }

// InspectionKind is what an inspection looks at.
type InspectionKind string

// Enum lists the kinds.
func (InspectionKind) Enum() []string { return strs(project.InspectionKinds()) }

// AwardLevel is who gives an award.
type AwardLevel string

// Enum lists the levels.
func (AwardLevel) Enum() []string { return strs(project.AwardLevels()) }

// Timing is ahead, on time or behind the plan in force.
type Timing string

// Enum lists the classes ("" when not known).
func (Timing) Enum() []string { return append([]string{""}, project.TimingClasses()...) }

// ProjectQuery is a project list's query.
type ProjectQuery struct {
	Zone   string        `query:"zone" doc:"zone slug"`
	Status ProjectStatus `query:"status"`
	Level  ProjectLevel  `query:"level"`
	Park   int64         `query:"park" minimum:"1" doc:"park id"`
	Timing string        `query:"timing" enum:"ahead,on_time,behind" doc:"against the plan in force: finished, or projected from progress"`
	Cursor string        `query:"cursor" doc:"next of the previous page"`
	Limit  int           `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// ProjectPlan is one version of a project's schedule.
type ProjectPlan struct {
	Version  int        `json:"version" minimum:"1"`
	StartOn  civil.Date `json:"start_on"`
	FinishOn civil.Date `json:"finish_on"`
	Reason   string     `json:"reason" doc:"why the plan changed; empty for the first"`
	SetOn    civil.Date `json:"set_on"`
	SetBy    string     `json:"set_by"`
}

// ProjectItem is one part of a project's scope, with its figures.
type ProjectItem struct {
	Name          string          `json:"name"`
	Kind          ProjectItemKind `json:"kind,omitempty" doc:"default other"`
	LengthM       int             `json:"length_m,omitempty" minimum:"0"`
	AreaM2        int             `json:"area_m2,omitempty" minimum:"0"`
	InvestmentFen int64           `json:"investment_fen,omitempty" minimum:"0"`
	Note          string          `json:"note,omitempty"`
}

// ProjectParty is a contractor, supervisor or designer.
type ProjectParty struct {
	Role ProjectPartyRole `json:"role"`
	Name string           `json:"name"`
}

// ProjectMethod is a construction method (工法) used.
type ProjectMethod struct {
	Name string `json:"name"`
	Note string `json:"note,omitempty"`
}

// ProjectTiming is how far ahead (days > 0) or behind (days < 0) of the
// plan in force a project finished or is projected to finish.
type ProjectTiming struct {
	Class       Timing      `json:"class"`
	Known       bool        `json:"known"`
	Days        int         `json:"days" doc:"planned finish less actual (or projected) finish"`
	Projected   bool        `json:"projected" doc:"from progress while under way"`
	FinishOn    *civil.Date `json:"finish_on"`
	PlanVersion int         `json:"plan_version" doc:"the plan the days are against"`
	PlanFinish  civil.Date  `json:"plan_finish"`
}

// Project is a project's card. Lists leave out plans, items, parties and
// methods.
type Project struct {
	ID           int64           `json:"id"`
	ZoneID       int64           `json:"zone_id"`
	ParkID       *int64          `json:"park_id"`
	ParkName     string          `json:"park_name"`
	BuilderID    int64           `json:"builder_id"`
	BuilderName  string          `json:"builder_name"`
	BuilderUSCC  string          `json:"builder_uscc"`
	Name         string          `json:"name"`
	Category     ProjectCategory `json:"category"`
	Level        ProjectLevel    `json:"level"`
	Status       ProjectStatus   `json:"status"`
	Cadence      ProjectCadence  `json:"cadence"`
	TotalFen     int64           `json:"total_fen"`
	Plan         ProjectPlan     `json:"plan" doc:"the plan in force"`
	Plans        []ProjectPlan   `json:"plans,omitempty" doc:"every version, oldest first"`
	StartedOn    *civil.Date     `json:"started_on"`
	FinishedOn   *civil.Date     `json:"finished_on"`
	OpenedOn     *civil.Date     `json:"opened_on" doc:"opened to traffic or use"`
	SuspendedOn  *civil.Date     `json:"suspended_on"`
	RecordedOn   civil.Date      `json:"recorded_on"`
	Responsible  string          `json:"responsible"`
	Summary      string          `json:"summary"`
	Items        []ProjectItem   `json:"items,omitempty"`
	Parties      []ProjectParty  `json:"parties,omitempty"`
	Methods      []ProjectMethod `json:"methods,omitempty"`
	CompletedFen int64           `json:"completed_fen" doc:"sum of the reports"`
	ProgressPct  int             `json:"progress_pct" minimum:"0" maximum:"100" doc:"latest stated 形象进度; 0 when none"`
	Timing       ProjectTiming   `json:"timing"`
	Version      int             `json:"version"`
	CreatedAt    time.Time       `json:"created_at"`
}

// NewProject adds a project of the caller's zone.
type NewProject struct {
	Name          string          `json:"name"`
	BuilderUSCC   string          `json:"builder_uscc" doc:"credit code of an enterprise of the zone"`
	ParkID        int64           `json:"park_id,omitempty" minimum:"1"`
	Category      ProjectCategory `json:"category"`
	Level         ProjectLevel    `json:"level"`
	Cadence       ProjectCadence  `json:"cadence,omitempty" doc:"default month"`
	TotalFen      int64           `json:"total_fen" minimum:"1"`
	PlannedStart  civil.Date      `json:"planned_start"`
	PlannedFinish civil.Date      `json:"planned_finish"`
	StartedOn     *civil.Date     `json:"started_on,omitempty"`
	FinishedOn    *civil.Date     `json:"finished_on,omitempty"`
	OpenedOn      *civil.Date     `json:"opened_on,omitempty"`
	RecordedOn    *civil.Date     `json:"recorded_on,omitempty" doc:"default today"`
	Responsible   string          `json:"responsible,omitempty"`
	Summary       string          `json:"summary,omitempty"`
	Items         []ProjectItem   `json:"items,omitempty"`
	Parties       []ProjectParty  `json:"parties,omitempty"`
	Methods       []ProjectMethod `json:"methods,omitempty"`
}

// ProjectPatch changes a project; absent fields stay. New planned dates
// make a new plan version and need plan_reason.
type ProjectPatch struct {
	Version       int              `json:"version" minimum:"1"`
	Name          *string          `json:"name,omitempty"`
	BuilderUSCC   *string          `json:"builder_uscc,omitempty"`
	ParkID        *int64           `json:"park_id,omitempty" minimum:"0" doc:"0: none"`
	Category      *ProjectCategory `json:"category,omitempty"`
	Level         *ProjectLevel    `json:"level,omitempty"`
	Cadence       *ProjectCadence  `json:"cadence,omitempty" doc:"only before the first report"`
	TotalFen      *int64           `json:"total_fen,omitempty" minimum:"1"`
	Responsible   *string          `json:"responsible,omitempty"`
	Summary       *string          `json:"summary,omitempty"`
	PlannedStart  *civil.Date      `json:"planned_start,omitempty"`
	PlannedFinish *civil.Date      `json:"planned_finish,omitempty"`
	PlanReason    string           `json:"plan_reason,omitempty"`
	StartedOn     *civil.Date      `json:"started_on,omitempty"`
	FinishedOn    *civil.Date      `json:"finished_on,omitempty"`
	OpenedOn      *civil.Date      `json:"opened_on,omitempty"`
	SuspendedOn   *civil.Date      `json:"suspended_on,omitempty"`
	Resume        bool             `json:"resume,omitempty" doc:"lift the suspension"`
	RecordedOn    *civil.Date      `json:"recorded_on,omitempty"`
	Items         *[]ProjectItem   `json:"items,omitempty" doc:"replaces the list"`
	Parties       *[]ProjectParty  `json:"parties,omitempty" doc:"replaces the list"`
	Methods       *[]ProjectMethod `json:"methods,omitempty" doc:"replaces the list"`
}

// ProjectReport is a month's or a 旬's investment report.
type ProjectReport struct {
	ID            int64      `json:"id"`
	ProjectID     int64      `json:"project_id"`
	Period        string     `json:"period" pattern:"^[0-9]{4}-(0[1-9]|1[0-2])(-[123])?$" doc:"YYYY-MM, or YYYY-MM-1|2|3 for a 旬"`
	PlannedFen    int64      `json:"planned_fen"`
	CompletedFen  int64      `json:"completed_fen"`
	CumulativeFen int64      `json:"cumulative_fen" doc:"completed up to and including this period"`
	SharePct      float64    `json:"share_pct" doc:"cumulative as a percentage of the total investment"`
	ProgressPct   int        `json:"progress_pct"`
	ProgressText  string     `json:"progress_text" doc:"形象进度"`
	Note          string     `json:"note"`
	ReportedOn    civil.Date `json:"reported_on"`
	Reporter      string     `json:"reporter"`
	Late          bool       `json:"late" doc:"reported after its deadline"`
	Version       int        `json:"version"`
}

// ReportBody is the report of the period in the path.
type ReportBody struct {
	PlannedFen   int64  `json:"planned_fen,omitempty" minimum:"0"`
	CompletedFen int64  `json:"completed_fen" minimum:"0"`
	ProgressPct  int    `json:"progress_pct,omitempty" minimum:"0" maximum:"100"`
	ProgressText string `json:"progress_text,omitempty"`
	Note         string `json:"note,omitempty" doc:"required when the cumulative investment exceeds the total"`
	Version      int    `json:"version,omitempty" minimum:"1" doc:"the stored report's version, to correct it"`
}

// Milestone is a node of a project's schedule.
type Milestone struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	DueOn   civil.Date  `json:"due_on"`
	Unit    string      `json:"unit" doc:"responsible unit"`
	DoneOn  *civil.Date `json:"done_on"`
	Note    string      `json:"note"`
	Overdue bool        `json:"overdue" doc:"done after its deadline, or still open past it"`
	Version int         `json:"version"`
}

// NewMilestone adds a milestone.
type NewMilestone struct {
	Name   string      `json:"name"`
	DueOn  civil.Date  `json:"due_on"`
	Unit   string      `json:"unit,omitempty"`
	DoneOn *civil.Date `json:"done_on,omitempty"`
	Note   string      `json:"note,omitempty"`
}

// MilestonePatch changes a milestone; absent fields stay.
type MilestonePatch struct {
	Version int         `json:"version" minimum:"1"`
	Name    *string     `json:"name,omitempty"`
	DueOn   *civil.Date `json:"due_on,omitempty"`
	Unit    *string     `json:"unit,omitempty"`
	DoneOn  *civil.Date `json:"done_on,omitempty"`
	Note    *string     `json:"note,omitempty"`
}

// Problem is an entry of a project's problem ledger.
type Problem struct {
	ID         int64       `json:"id"`
	Issue      string      `json:"issue"`
	RaisedOn   civil.Date  `json:"raised_on"`
	Owner      string      `json:"owner"`
	DueOn      civil.Date  `json:"due_on"`
	Resolution string      `json:"resolution"`
	ResolvedOn *civil.Date `json:"resolved_on"`
	Open       bool        `json:"open"`
	Overdue    bool        `json:"overdue" doc:"open past its deadline"`
	Version    int         `json:"version"`
}

// NewProblem adds a ledger entry.
type NewProblem struct {
	Issue      string      `json:"issue"`
	RaisedOn   civil.Date  `json:"raised_on"`
	Owner      string      `json:"owner"`
	DueOn      civil.Date  `json:"due_on"`
	Resolution string      `json:"resolution,omitempty"`
	ResolvedOn *civil.Date `json:"resolved_on,omitempty"`
}

// ProblemPatch changes a ledger entry; absent fields stay.
type ProblemPatch struct {
	Version    int         `json:"version" minimum:"1"`
	Issue      *string     `json:"issue,omitempty"`
	Owner      *string     `json:"owner,omitempty"`
	DueOn      *civil.Date `json:"due_on,omitempty"`
	Resolution *string     `json:"resolution,omitempty"`
	ResolvedOn *civil.Date `json:"resolved_on,omitempty"`
}

// Finding is what an inspection found and its closure.
type Finding struct {
	Row      int         `json:"row"`
	Text     string      `json:"text"`
	DueOn    civil.Date  `json:"due_on"`
	ClosedOn *civil.Date `json:"closed_on"`
	Closure  string      `json:"closure"`
	Overdue  bool        `json:"overdue"`
}

// Inspection is one inspection with its findings.
type Inspection struct {
	ID        int64          `json:"id"`
	Kind      InspectionKind `json:"kind"`
	On        civil.Date     `json:"on"`
	Inspector string         `json:"inspector"`
	Notes     string         `json:"notes"`
	Findings  []Finding      `json:"findings"`
}

// NewFinding is a finding of a new inspection.
type NewFinding struct {
	Text     string      `json:"text"`
	DueOn    civil.Date  `json:"due_on"`
	ClosedOn *civil.Date `json:"closed_on,omitempty"`
	Closure  string      `json:"closure,omitempty"`
}

// NewInspection records an inspection.
type NewInspection struct {
	Kind      InspectionKind `json:"kind"`
	On        civil.Date     `json:"on"`
	Inspector string         `json:"inspector"`
	Notes     string         `json:"notes,omitempty"`
	Findings  []NewFinding   `json:"findings,omitempty"`
}

// FindingClosure records how a finding was put right.
type FindingClosure struct {
	ClosedOn civil.Date `json:"closed_on"`
	Closure  string     `json:"closure"`
}

// Award is an award a project received.
type Award struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	Level     AwardLevel  `json:"level"`
	Issuer    string      `json:"issuer"`
	Year      int         `json:"year"`
	AwardedOn *civil.Date `json:"awarded_on"`
}

// NewAward records an award of a finished project.
type NewAward struct {
	Name      string      `json:"name"`
	Level     AwardLevel  `json:"level"`
	Issuer    string      `json:"issuer"`
	Year      int         `json:"year" doc:"not before the year the project finished"`
	AwardedOn *civil.Date `json:"awarded_on,omitempty"`
}

// ProjectFile is a photo or document kept with a project.
type ProjectFile struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type" enum:"application/pdf,image/jpeg,image/png"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256" pattern:"^[0-9a-f]{64}$"`
	Uploader    string    `json:"uploader"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// ProjectStatusCount is how many projects were in a status at the
// period's end.
type ProjectStatusCount struct {
	Status ProjectStatus `json:"status"`
	Label  string        `json:"label"`
	Count  int64         `json:"count"`
}

// ProjectTimingCount is how many projects started (project.started) or
// finished (project.completed) in the period were ahead of, on or behind
// plan.
type ProjectTimingCount struct {
	Indicator string `json:"indicator"`
	Timing    Timing `json:"timing"`
	Count     int64  `json:"count"`
}

// ProjectMonth is one month's investment against plan, in fen; null where
// the month has no reports.
type ProjectMonth struct {
	Month        string `json:"month" pattern:"month"`
	PlannedFen   *int64 `json:"planned_fen"`
	CompletedFen *int64 `json:"completed_fen"`
}

// ProjectDashboard is a zone's projects dashboard for a period, as its page
// shows it: figures (projects held at the period's end, investment
// completed with its target, investment planned, completion rate, started,
// finished, average days ahead, open problems, overdue milestones, awards),
// projects by status, starts and finishes by timing, investment by month.
type ProjectDashboard struct {
	Zone            string               `json:"zone"`
	ZoneName        string               `json:"zone_name"`
	From            string               `json:"from" pattern:"month"`
	To              string               `json:"to" pattern:"month"`
	Figures         []Figure             `json:"figures"`
	ByStatus        []ProjectStatusCount `json:"by_status"`
	StartedOnTime   int64                `json:"started_on_time" doc:"projects started in the period on time or ahead"`
	CompletedOnTime int64                `json:"completed_on_time" doc:"projects finished in the period on time or ahead"`
	Timing          []ProjectTimingCount `json:"timing"`
	Months          []ProjectMonth       `json:"months"`
}

// ProjectImportForm is the upload of a project list or of investment
// reports, into the caller's zone.
type ProjectImportForm struct {
	File    string `json:"file" format:"binary" doc:".xlsx or .csv with a key-project ledger's headings (see the template)"`
	SkipBad bool   `json:"skip_bad,omitempty" doc:"store the good rows and leave the bad ones out; otherwise one bad row stores nothing"`
	Sheet   string `json:"sheet,omitempty" doc:"the worksheet to read when the workbook has several and none is named 重点项目 (list) or 投资进度 (reports)"`
}
