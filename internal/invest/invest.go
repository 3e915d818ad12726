package invest

import (
	"slices"
	"time"

	"github.com/innopark/innopark/internal/civil"
)

// Stage is where a project is in the pipeline.
type Stage string

const (
	StageLead       Stage = "lead"       // 线索
	StageTalks      Stage = "talks"      // 洽谈
	StageInspection Stage = "inspection" // 考察
	StageIntent     Stage = "intent"     // 意向
	StageSigned     Stage = "signed"     // 签约
	StageRegistered Stage = "registered" // 注册
	StageStarted    Stage = "started"    // 开工
	StageProduction Stage = "production" // 投产
	StageTerminated Stage = "terminated" // 终止
)

// Stages lists the pipeline's stages in order (without 终止).
func Stages() []Stage {
	return []Stage{StageLead, StageTalks, StageInspection, StageIntent, StageSigned, StageRegistered, StageStarted, StageProduction}
}

// AllStages lists every stage, 终止 last.
func AllStages() []Stage { return append(Stages(), StageTerminated) }

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(AllStages(), s) }

// Key is the catalog key of the stage's name.
func (s Stage) Key() string { return "invest.stage." + string(s) }

// index is the stage's place in the pipeline; 终止 is -1.
func (s Stage) index() int { return slices.Index(Stages(), s) }

// Reached reports whether a project at stage s has been through stage t
// (a terminated project is judged by its history, not by this).
func (s Stage) Reached(t Stage) bool { return s.index() >= t.index() && t.index() >= 0 }

// Closed reports whether no step may follow (投产 or 终止).
func (s Stage) Closed() bool { return s == StageProduction || s == StageTerminated }

// Origin is where the investor comes from, seen from the zone's city.
type Origin string

const (
	OriginOutProvince Origin = "out_province" // 省外
	OriginInProvince  Origin = "in_province"  // 省内市外
	OriginLocal       Origin = "local"        // 本市
)

// Origins lists the origins in form order.
func Origins() []Origin { return []Origin{OriginOutProvince, OriginInProvince, OriginLocal} }

// Key is the catalog key of the origin's name.
func (o Origin) Key() string { return "invest.origin." + string(o) }

// Mode is how a project was attracted.
type Mode string

const (
	ModeIndustry Mode = "industry" // 产业招商
	ModeVenture  Mode = "venture"  // 创投招商
	ModeFund     Mode = "fund"     // 基金招商
	ModeBusiness Mode = "business" // 以商招商
	ModeOther    Mode = "other"    // 其他
)

// Modes lists the modes in form order.
func Modes() []Mode { return []Mode{ModeIndustry, ModeVenture, ModeFund, ModeBusiness, ModeOther} }

// Key is the catalog key of the mode's name.
func (m Mode) Key() string { return "invest.mode." + string(m) }

// Agreement is the kind of agreement a project signs.
type Agreement string

const (
	AgreementNone       Agreement = ""           // not signed yet
	AgreementInvestment Agreement = "investment" // 投资协议
	AgreementStrategic  Agreement = "strategic"  // 战略合作协议
	AgreementFramework  Agreement = "framework"  // 框架协议
)

// Agreements lists the agreement kinds (without none).
func Agreements() []Agreement {
	return []Agreement{AgreementInvestment, AgreementStrategic, AgreementFramework}
}

// Key is the catalog key of the agreement's name.
func (g Agreement) Key() string { return "invest.agreement." + string(g) }

// Industries are the industries a zone's investment bureau sorts projects
// by (its chains, not GB/T 4754 sections: a bureau's sheet says 食品加工).
func Industries() []string {
	return []string{"agriculture", "food", "biomedicine", "equipment", "ict", "materials", "energy", "finance", "services", "other"}
}

// IndustryKey is the catalog key of an industry's name.
func IndustryKey(code string) string { return "invest.industry." + code }

// Listings are the investor's listed status (the enterprise register's codes).
func Listings() []string { return []string{"none", "neeq", "a_share", "hk", "other"} }

// Level is who approves a step: the zone's leadership or the city.
type Level string

const (
	LevelNone Level = ""
	LevelZone Level = "zone" // 园区领导 (the zone's admin)
	LevelCity Level = "city" // 市级 (the city's users)
)

// Key is the catalog key of the level's name.
func (l Level) Key() string { return "invest.level." + string(l) }

// Project is one project of a zone's pipeline.
type Project struct {
	ID               int64      `json:"id"`
	ZoneID           int64      `json:"zone_id"`
	Name             string     `json:"name"`
	Investor         string     `json:"investor"`      // the investing company
	InvestorUSCC     string     `json:"investor_uscc"` // where known
	Origin           Origin     `json:"origin"`
	InvestorListing  string     `json:"investor_listing"` // none, neeq, a_share, hk, other
	InvestorHonours  string     `json:"investor_honours"` // 专精特新"小巨人"、高新技术企业 …
	Industry         string     `json:"industry"`
	Mode             Mode       `json:"mode"`
	PlannedFen       int64      `json:"planned_fen"` // planned investment
	Park             string     `json:"park"`        // target park
	Owner            string     `json:"owner"`       // responsible person
	Agreement        Agreement  `json:"agreement"`
	Facts            string     `json:"facts"` // key facts, free text
	Stage            Stage      `json:"stage"`
	StageOn          civil.Date `json:"stage_on"`  // when it reached its stage
	StartDue         civil.Date `json:"start_due"` // agreed start of construction
	TerminatedReason string     `json:"terminated_reason,omitempty"`

	// The registered company (once signed) and its capital.
	EnterpriseID   int64      `json:"enterprise_id,omitempty"`
	EnterpriseName string     `json:"enterprise_name,omitempty"`
	RegisteredOn   civil.Date `json:"registered_on"`
	RegisteredFen  int64      `json:"registered_fen"`
	PaidInFen      int64      `json:"paid_in_fen"`
	ArrivedFen     int64      `json:"arrived_fen"` // sum of funds arrived

	// The next contact, from the latest follow-up.
	NextContactOn    civil.Date `json:"next_contact_on"`
	NextContactOwner string     `json:"next_contact_owner"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// Step is one stage change of a project, with its approval when one was
// needed.
type Step struct {
	ID        int64      `json:"id"`
	ProjectID int64      `json:"project_id"`
	From      Stage      `json:"from"` // "" for the first
	To        Stage      `json:"to"`
	On        civil.Date `json:"on"`
	Note      string     `json:"note"`     // the approver's opinion when Approval is set; the reason of 终止
	Approval  Level      `json:"approval"` // the level that approved it; "" when none was needed
	ByName    string     `json:"by_name"`
	At        time.Time  `json:"at"`
}

// Arrival is an amount of the planned investment that arrived (到位资金).
type Arrival struct {
	ID        int64      `json:"id"`
	ProjectID int64      `json:"project_id"`
	On        civil.Date `json:"on"`
	AmountFen int64      `json:"amount_fen"`
	Note      string     `json:"note"`
}

// Registration is the company a signed project registers in the zone.
type Registration struct {
	USCC          string
	Name          string // needed when the company is not in the register yet
	Nature        string // enterprise register code, for a new company
	Industry      string // GB/T 4754 section, for a new company
	On            civil.Date
	RegisteredFen int64
	PaidInFen     int64
}

// Late reports whether a signed project has not started by its agreed start
// date (签约未开工).
func Late(p Project, today civil.Date) bool {
	return (p.Stage == StageSigned || p.Stage == StageRegistered) && !p.StartDue.IsZero() && p.StartDue.Before(today)
}

// Overdue reports whether a project's next contact is past due.
func Overdue(p Project, today civil.Date) bool {
	return !p.Stage.Closed() && !p.NextContactOn.IsZero() && p.NextContactOn.Before(today)
}
