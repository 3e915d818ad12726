package apitypes

import (
	"encoding/json"
	"time"

	"github.com/innopark/innopark/internal/indicator"
)

// Scope is the set of areas a rank compares.
type Scope string

// Enum lists the scopes.
func (Scope) Enum() []string {
	return strs([]indicator.Scope{indicator.ScopeCity, indicator.ScopeProvince, indicator.ScopeNational})
}

// Agg is how an indicator's monthly values make a period's value.
type Agg string

// Enum lists the aggregations.
func (Agg) Enum() []string {
	return strs([]indicator.Agg{indicator.AggSum, indicator.AggHeldOn, indicator.AggRatio})
}

// Change is a value's change on the same months a year earlier.
type Change string

// Enum lists the changes.
func (Change) Enum() []string { return []string{"up", "down", "flat", "no_base"} }

// Indicator is one version of an indicator's definition.
type Indicator struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Agg         Agg      `json:"agg"`
	Source      string   `json:"source"`
	Numerator   string   `json:"numerator,omitempty" doc:"ratios: the indicator divided"`
	Denominator string   `json:"denominator,omitempty" doc:"ratios: the indicator it is divided by"`
	Dimensions  []string `json:"dimensions" doc:"what it can be split by (dim=name=value)"`
	Version     int      `json:"version"`
	ValidFrom   int      `json:"valid_from" doc:"first year this version applies to"`
}

// Rank is an area's place in a scope.
type Rank struct {
	Scope    Scope  `json:"scope"`
	Region   string `json:"region" doc:"the city or province; empty for national"`
	Position int    `json:"position" doc:"1-based; equal values share it"`
	Of       int    `json:"of"`
	Tied     bool   `json:"tied"`
	WithData int    `json:"with_data" doc:"areas of the scope with figures for the period"`
}

// Figure is one indicator of one area over a period. Values are exact:
// whole numbers as integers, fractions to six decimals; percentages have one
// decimal. A stock or ratio without data has no value (null).
type Figure struct {
	Indicator     string       `json:"indicator"`
	Name          string       `json:"name"`
	Unit          string       `json:"unit"`
	Zone          string       `json:"zone"`
	ZoneName      string       `json:"zone_name"`
	From          string       `json:"from" pattern:"month"`
	To            string       `json:"to" pattern:"month"`
	Value         *json.Number `json:"value"`
	Previous      *json.Number `json:"previous" doc:"the same months a year earlier"`
	YoYPct        *json.Number `json:"yoy_pct" doc:"percent, one decimal; null without a base"`
	Change        *Change      `json:"change"`
	Target        *int64       `json:"target" doc:"the annual target, when one is set"`
	CompletionPct *json.Number `json:"completion_pct" doc:"percent of the target reached"`
	ElapsedPct    *json.Number `json:"elapsed_pct" doc:"percent of the target's year elapsed, by days: to the end of the period, or to today while it runs"`
	Ahead         *bool        `json:"ahead" doc:"completion is ahead of the time elapsed"`
	Rank          *Rank        `json:"rank" doc:"null when the area is not ranked in the scope"`
	Problem       string       `json:"problem,omitempty" doc:"why value is null although records exist: their sum is out of range (stored around the API); the rest of the answer stands"`
}

// RankingItem is one area of a ranking; values of areas outside the
// caller's scope are null.
type RankingItem struct {
	Area     string       `json:"area"`
	Name     string       `json:"name"`
	Kind     AreaKind     `json:"kind"`
	Position int          `json:"position" doc:"1-based; 0 when the area has no data for the period: listed after the ranked areas, unranked"`
	Tied     bool         `json:"tied"`
	Value    *json.Number `json:"value"`
	HasData  *bool        `json:"has_data"`
}

// Ranking ranks every area of a scope by an indicator.
type Ranking struct {
	Indicator string        `json:"indicator"`
	Scope     Scope         `json:"scope"`
	Region    string        `json:"region"`
	Area      string        `json:"area" doc:"the area whose scope is ranked"`
	From      string        `json:"from" pattern:"month"`
	To        string        `json:"to" pattern:"month"`
	Of        int           `json:"of" doc:"how many areas are ranked (those with data for the period)"`
	Rank      *Rank         `json:"rank" doc:"the area's own place; null when it is not ranked"`
	Items     []RankingItem `json:"items"`
}

// Trend is an indicator month by month, with the year before.
type Trend struct {
	Indicator string         `json:"indicator"`
	Months    []string       `json:"months" pattern:"month"`
	Values    []*json.Number `json:"values"`
	Previous  []*json.Number `json:"previous"`
}

// BreakdownItem is one value of a dimension.
type BreakdownItem struct {
	Code     string      `json:"code"`
	Label    string      `json:"label"`
	Value    int64       `json:"value"`
	SharePct json.Number `json:"share_pct"`
}

// Breakdown splits an indicator by one dimension, largest first.
type Breakdown struct {
	Indicator string          `json:"indicator"`
	Dimension string          `json:"dimension"`
	Total     int64           `json:"total"`
	Items     []BreakdownItem `json:"items"`
}

// RankLine is an area's rank on one indicator in every scope.
type RankLine struct {
	Indicator string `json:"indicator"`
	Placings  []Rank `json:"placings"`
}

// Dashboard is a zone's headline figures, trends, breakdowns and ranks.
type Dashboard struct {
	Zone       string      `json:"zone"`
	From       string      `json:"from" pattern:"month"`
	To         string      `json:"to" pattern:"month"`
	Figures    []Figure    `json:"figures"`
	Trends     []Trend     `json:"trends"`
	Breakdowns []Breakdown `json:"breakdowns"`
	Ranks      []RankLine  `json:"ranks"`
}

// TargetLine is a targetable indicator of a year with its target and
// completion to date.
type TargetLine struct {
	Indicator     string       `json:"indicator"`
	Name          string       `json:"name"`
	Unit          string       `json:"unit"`
	Year          int          `json:"year"`
	Target        *int64       `json:"target"`
	Value         *json.Number `json:"value"`
	From          string       `json:"from" pattern:"month"`
	To            string       `json:"to" pattern:"month"`
	CompletionPct *json.Number `json:"completion_pct"`
	ElapsedPct    *json.Number `json:"elapsed_pct"`
}

// TargetValue is the body setting a target.
type TargetValue struct {
	Value *int64 `json:"value" null:"false"`
}

// Target is a zone's annual target.
type Target struct {
	Zone      string    `json:"zone"`
	Indicator string    `json:"indicator"`
	Year      int       `json:"year"`
	Value     int64     `json:"value"`
	SetBy     string    `json:"set_by"`
	SetAt     time.Time `json:"set_at"`
}

// Statistic is a figure entered for an area and period.
type Statistic struct {
	ID        int64     `json:"id"`
	Zone      string    `json:"zone"`
	Indicator string    `json:"indicator"`
	Period    string    `json:"period" pattern:"period"`
	From      string    `json:"from" pattern:"month"`
	To        string    `json:"to" pattern:"month"`
	Value     int64     `json:"value"`
	Note      string    `json:"note" doc:"why an outlier is right; empty for most entries"`
	EnteredBy string    `json:"entered_by"`
	EnteredAt time.Time `json:"entered_at"`
}

// NewStatistic is the body entering a statistic.
type NewStatistic struct {
	Indicator string `json:"indicator"`
	From      string `json:"from" pattern:"month"`
	To        string `json:"to" pattern:"month"`
	Value     *int64 `json:"value" null:"false"`
	Note      string `json:"note,omitempty" text:"multiline" doc:"required when the value is outside the indicator's usual range: why it is right"`
}
