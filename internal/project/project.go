package project

import (
	"slices"
	"time"

	"github.com/innopark/innopark/internal/civil"
)

// Status is where a project stands. It follows the project's dated facts
// (Derive), never typed.
type Status string

const (
	StatusPrep      Status = "prep"      // 前期
	StatusBuilding  Status = "building"  // 在建
	StatusCompleted Status = "completed" // 完工
	StatusOpened    Status = "opened"    // 通车/投用
	StatusSuspended Status = "suspended" // 停缓建
)

// Statuses lists the statuses in the order a project passes them.
func Statuses() []Status {
	return []Status{StatusPrep, StatusBuilding, StatusCompleted, StatusOpened, StatusSuspended}
}

// Key is the catalog key of the status's name.
func (s Status) Key() string { return "project.status." + string(s) }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Level is whose key project it is (省/市/区重点).
type Level string

const (
	LevelProvince Level = "province"
	LevelCity     Level = "city"
	LevelDistrict Level = "district"
)

// Levels lists the levels, highest first.
func Levels() []Level { return []Level{LevelProvince, LevelCity, LevelDistrict} }

// Key is the catalog key of the level's name.
func (l Level) Key() string { return "project.level." + string(l) }

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels(), l) }

// Category is what a project builds.
type Category string

const (
	CategoryMunicipal Category = "municipal"      // 市政
	CategoryIndustry  Category = "industry"       // 产业
	CategoryPublic    Category = "public_service" // 公共服务
	CategoryOther     Category = "other"
)

// Categories lists the categories.
func Categories() []Category {
	return []Category{CategoryMunicipal, CategoryIndustry, CategoryPublic, CategoryOther}
}

// Key is the catalog key of the category's name.
func (c Category) Key() string { return "project.category." + string(c) }

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories(), c) }

// Cadence is how often a project's investment is reported.
type Cadence string

const (
	Monthly Cadence = "month" // 月报
	TenDay  Cadence = "xun"   // 旬报: days 1–10, 11–20, 21–end
)

// Cadences lists the cadences.
func Cadences() []Cadence { return []Cadence{Monthly, TenDay} }

// Key is the catalog key of the cadence's name.
func (c Cadence) Key() string { return "project.cadence." + string(c) }

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool { return slices.Contains(Cadences(), c) }

// ItemKind is what a scope item is.
type ItemKind string

// Kinds of scope item.
const (
	ItemRoad     ItemKind = "road"
	ItemPark     ItemKind = "park"
	ItemBridge   ItemKind = "bridge"
	ItemPipeline ItemKind = "pipeline"
	ItemBuilding ItemKind = "building"
	ItemOther    ItemKind = "other"
)

// ItemKinds lists the kinds of scope item.
func ItemKinds() []ItemKind {
	return []ItemKind{ItemRoad, ItemPark, ItemBridge, ItemPipeline, ItemBuilding, ItemOther}
}

// Key is the catalog key of the kind's name.
func (k ItemKind) Key() string { return "project.item." + string(k) }

// PartyRole is what a party does on a project.
type PartyRole string

// Roles of parties.
const (
	RoleContractor PartyRole = "contractor" // 施工单位
	RoleSupervisor PartyRole = "supervisor" // 监理单位
	RoleDesigner   PartyRole = "designer"   // 设计单位
)

// PartyRoles lists the roles.
func PartyRoles() []PartyRole { return []PartyRole{RoleContractor, RoleSupervisor, RoleDesigner} }

// Key is the catalog key of the role's name.
func (r PartyRole) Key() string { return "project.party." + string(r) }

// InspectionKind is what an inspection looks at.
type InspectionKind string

// Kinds of inspection.
const (
	InspectQuality  InspectionKind = "quality"   // 质量
	InspectSafety   InspectionKind = "safety"    // 安全
	InspectProgress InspectionKind = "progress"  // 进度
	InspectCivil    InspectionKind = "civilised" // 文明施工
)

// InspectionKinds lists the kinds.
func InspectionKinds() []InspectionKind {
	return []InspectionKind{InspectQuality, InspectSafety, InspectProgress, InspectCivil}
}

// Key is the catalog key of the kind's name.
func (k InspectionKind) Key() string { return "project.inspection." + string(k) }

// AwardLevel is who gives an award.
type AwardLevel string

// Levels of award.
const (
	AwardNational AwardLevel = "national"
	AwardProvince AwardLevel = "province"
	AwardCity     AwardLevel = "city"
	AwardIndustry AwardLevel = "industry" // an industry association's
)

// AwardLevels lists the award levels, highest first.
func AwardLevels() []AwardLevel {
	return []AwardLevel{AwardNational, AwardProvince, AwardCity, AwardIndustry}
}

// Key is the catalog key of the level's name.
func (l AwardLevel) Key() string { return "project.award_level." + string(l) }

// Plan is one version of a project's schedule. A changed schedule is a new
// version with its reason; figures say which version they are against.
type Plan struct {
	Version  int        `json:"version"`
	StartOn  civil.Date `json:"start_on"`
	FinishOn civil.Date `json:"finish_on"`
	Reason   string     `json:"reason,omitempty"`
	SetOn    civil.Date `json:"set_on"`
	SetBy    string     `json:"set_by"`
}

// Item is one part of a project's scope (a road, a park), with its figures.
type Item struct {
	Row           int      `json:"row"`
	Name          string   `json:"name"`
	Kind          ItemKind `json:"kind"`
	LengthM       int      `json:"length_m,omitempty"`
	AreaM2        int      `json:"area_m2,omitempty"`
	InvestmentFen int64    `json:"investment_fen,omitempty"`
	Note          string   `json:"note,omitempty"`
}

// Party is a contractor, supervisor or designer of a project.
type Party struct {
	Row  int       `json:"row"`
	Role PartyRole `json:"role"`
	Name string    `json:"name"`
}

// Method is a construction method (工法) a project uses.
type Method struct {
	Row  int    `json:"row"`
	Name string `json:"name"`
	Note string `json:"note,omitempty"`
}

// Project is a project's card.
type Project struct {
	ID          int64    `json:"id"`
	ZoneID      int64    `json:"zone_id"`
	ParkID      int64    `json:"park_id,omitempty"`
	ParkName    string   `json:"park_name,omitempty"`
	BuilderID   int64    `json:"builder_id"`
	BuilderName string   `json:"builder_name"`
	BuilderUSCC string   `json:"builder_uscc"`
	Name        string   `json:"name"`
	Category    Category `json:"category"`
	Level       Level    `json:"level"`
	Status      Status   `json:"status"`
	Cadence     Cadence  `json:"cadence"`
	TotalFen    int64    `json:"total_fen"`
	// Plan is the plan in force; Plans every version, oldest first (loaded
	// with one project, not in lists).
	Plan        Plan       `json:"plan"`
	Plans       []Plan     `json:"plans,omitempty"`
	StartedOn   civil.Date `json:"started_on"`
	FinishedOn  civil.Date `json:"finished_on"`
	OpenedOn    civil.Date `json:"opened_on"`
	SuspendedOn civil.Date `json:"suspended_on"`
	// RecordedOn is when the zone started to count the project (its
	// registration as a key project); default the day it is entered.
	RecordedOn  civil.Date `json:"recorded_on"`
	Responsible string     `json:"responsible"`
	Summary     string     `json:"summary"`
	Items       []Item     `json:"items"`
	Parties     []Party    `json:"parties"`
	Methods     []Method   `json:"methods"`
	// CompletedFen is the sum of its reports' completed investment and
	// ProgressPct the latest stated 形象进度 (0: none), kept with the reports.
	CompletedFen int64 `json:"completed_fen"`
	ProgressPct  int   `json:"progress_pct"`
	// ProgressYM is the month (YYYYMM) of the report that progress is as
	// of: the latest with a stated 形象进度, or without one the latest
	// report; 0 without reports. Read with the project, not stored.
	ProgressYM int       `json:"progress_ym,omitempty"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
}

// Report is a project's investment report for a month or a 旬.
type Report struct {
	ID           int64      `json:"id"`
	ProjectID    int64      `json:"project_id"`
	ZoneID       int64      `json:"zone_id"`
	Period       Period     `json:"period"`
	PlannedFen   int64      `json:"planned_fen"`
	CompletedFen int64      `json:"completed_fen"`
	ProgressPct  int        `json:"progress_pct"`  // 形象进度 in percent, 0 when not stated
	ProgressText string     `json:"progress_text"` // 形象进度 in words
	Note         string     `json:"note"`
	ReportedOn   civil.Date `json:"reported_on"`
	Reporter     string     `json:"reporter"`
	Version      int        `json:"version"`
	// Computed when listed: the sum of completed investment up to and
	// including this period, and whether it came after its deadline.
	CumulativeFen int64 `json:"cumulative_fen"`
	Late          bool  `json:"late"`
}

// Milestone is a node (节点) of a project's schedule.
type Milestone struct {
	ID        int64      `json:"id"`
	ProjectID int64      `json:"project_id"`
	ZoneID    int64      `json:"zone_id"`
	Name      string     `json:"name"`
	DueOn     civil.Date `json:"due_on"`
	Unit      string     `json:"unit"` // responsible unit
	DoneOn    civil.Date `json:"done_on"`
	Note      string     `json:"note"`
	Version   int        `json:"version"`
}

// Overdue reports whether the milestone was not done by its deadline as of
// day d (late if done after it, or still open past it).
func (m Milestone) Overdue(d civil.Date) bool {
	if !m.DoneOn.IsZero() {
		return m.DueOn.Before(m.DoneOn)
	}
	return m.DueOn.Before(d)
}

// Problem is an entry of a project's problem ledger.
type Problem struct {
	ID         int64      `json:"id"`
	ProjectID  int64      `json:"project_id"`
	ZoneID     int64      `json:"zone_id"`
	Issue      string     `json:"issue"`
	RaisedOn   civil.Date `json:"raised_on"`
	Owner      string     `json:"owner"`
	DueOn      civil.Date `json:"due_on"`
	Resolution string     `json:"resolution"`
	ResolvedOn civil.Date `json:"resolved_on"`
	Version    int        `json:"version"`
}

// Open reports whether the problem is unresolved.
func (p Problem) Open() bool { return p.ResolvedOn.IsZero() }

// Overdue reports whether the problem is open past its deadline on day d.
func (p Problem) Overdue(d civil.Date) bool { return p.Open() && p.DueOn.Before(d) }

// Inspection is one inspection of a project with its findings.
type Inspection struct {
	ID        int64          `json:"id"`
	ProjectID int64          `json:"project_id"`
	ZoneID    int64          `json:"zone_id"`
	Kind      InspectionKind `json:"kind"`
	On        civil.Date     `json:"on"`
	Inspector string         `json:"inspector"`
	Notes     string         `json:"notes"`
	Findings  []Finding      `json:"findings"`
}

// Finding is what an inspection found, to be put right by a deadline.
type Finding struct {
	Row      int        `json:"row"`
	Text     string     `json:"text"`
	DueOn    civil.Date `json:"due_on"`
	ClosedOn civil.Date `json:"closed_on"`
	Closure  string     `json:"closure"`
}

// Overdue reports whether the finding is open past its deadline on day d.
func (f Finding) Overdue(d civil.Date) bool { return f.ClosedOn.IsZero() && f.DueOn.Before(d) }

// Award is an award a project received.
type Award struct {
	ID        int64      `json:"id"`
	ProjectID int64      `json:"project_id"`
	ZoneID    int64      `json:"zone_id"`
	Name      string     `json:"name"` // 2023年度广东省市政优良样板工程
	Level     AwardLevel `json:"level"`
	Issuer    string     `json:"issuer"`
	Year      int        `json:"year"` // the award's year (年度)
	AwardedOn civil.Date `json:"awarded_on"`
}
