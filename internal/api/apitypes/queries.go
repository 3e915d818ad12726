package apitypes

import (
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
)

// Query structs name each operation's query parameters: the API refuses a
// parameter its operation does not list (400), and the document lists them
// with their types. Handlers read the values themselves (internal/listq).

// ContractFilters narrow a contract list or export (listq.Contracts).
type ContractFilters struct {
	Zone   string         `query:"zone" doc:"zone slug"`
	Seller int64          `query:"seller" minimum:"1" doc:"seller enterprise id"`
	Status ContractStatus `query:"status"`
	Type   ContractType   `query:"type"`
	Field  string         `query:"field" pattern:"^(0[1-9]|1[01])$" doc:"technical field"`
	From   civil.Date     `query:"from" doc:"certificate dated on or after"`
	To     civil.Date     `query:"to" doc:"certificate dated on or before"`
	Q      string         `query:"q" doc:"name, party name or registration-number prefix"`
}

// ContractQuery is a contract list's query.
type ContractQuery struct {
	ContractFilters
	Sort   string `query:"sort" enum:"newest,certified" doc:"newest: newest record first (the default without from and to); certified: newest certificate first (the default with from or to, which it needs)"`
	Cursor string `query:"cursor" doc:"next of the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// ExportQuery is a contract export's query.
type ExportQuery struct {
	Format string `query:"format" enum:"xlsx,csv" default:"xlsx"`
	ContractFilters
}

// FormatQuery chooses a file format.
type FormatQuery struct {
	Format string `query:"format" enum:"xlsx,csv" default:"xlsx"`
}

// Nature is an enterprise's registration type code.
type Nature string

// Enum lists the codes.
func (Nature) Enum() []string { return enterprise.Natures }

// Industry is a GB/T 4754-2017 section.
type Industry string

// Enum lists the sections.
func (Industry) Enum() []string { return enterprise.Industries }

// EnterpriseQuery is an enterprise list's query; the list is ordered by
// name, then id.
type EnterpriseQuery struct {
	Zone     string   `query:"zone" doc:"zone slug"`
	Q        string   `query:"q" doc:"name fragment or credit-code prefix"`
	Nature   Nature   `query:"nature"`
	Industry Industry `query:"industry"`
	Listing  Listing  `query:"listing"`
	Cursor   string   `query:"cursor" doc:"next of the previous page"`
	Limit    int      `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// AreaQuery narrows the areas to one kind.
type AreaQuery struct {
	Kind AreaKind `query:"kind"`
}

// ZoneQuery names a zone; the caller's own by default.
type ZoneQuery struct {
	Zone string `query:"zone" doc:"zone slug; default the caller's zone"`
}

// TaxQuery names a tax year.
type TaxQuery struct {
	Year int `query:"year" required:"true" minimum:"2000" maximum:"9999"`
}

// PeriodQuery names a period of months; both absent is this year to date.
type PeriodQuery struct {
	From string `query:"from" pattern:"month"`
	To   string `query:"to" pattern:"month"`
}

// FigureQuery asks for one indicator of one zone.
type FigureQuery struct {
	Zone string `query:"zone" required:"true" doc:"zone slug"`
	PeriodQuery
	Scope Scope  `query:"scope" default:"city" doc:"the scope of the rank"`
	Dim   string `query:"dim" doc:"a split: name=value"`
}

// RankingQuery asks for a ranking.
type RankingQuery struct {
	Scope Scope  `query:"scope" default:"city"`
	Area  string `query:"area" doc:"slug of the area whose scope is ranked; default the caller's zone"`
	PeriodQuery
	Dim string `query:"dim" doc:"a split: name=value"`
}

// YearQuery names a year; this year by default.
type YearQuery struct {
	Year int `query:"year" minimum:"1980" maximum:"2199"`
}

// PageQuery pages a growing list (newest first unless its summary says
// otherwise).
type PageQuery struct {
	Cursor string `query:"cursor" doc:"next of the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

// JobQuery narrows jobs to one kind.
type JobQuery struct {
	Kind string `query:"kind" enum:"contract_import,honour_batch_import,project_import,project_report_import,invest_project_import,invest_trip_import,invest_visit_import,org_organisations,org_chain_members,org_online_branches,talent_applicants"`
	PageQuery
}

// StatisticsQuery pages an area's statistics of a year.
type StatisticsQuery struct {
	YearQuery
	PageQuery
}
