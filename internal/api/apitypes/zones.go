package apitypes

import "github.com/innopark/innopark/internal/zone"

// AreaKind is a zone or a county.
type AreaKind string

// Enum lists the kinds.
func (AreaKind) Enum() []string { return []string{zone.KindZone, zone.KindCounty} }

// Zone is a zone or county the caller may see.
type Zone struct {
	ID       int64    `json:"id"`
	Slug     string   `json:"slug"`
	Name     string   `json:"name"`
	NameEN   string   `json:"name_en"`
	Kind     AreaKind `json:"kind"`
	City     string   `json:"city"`
	Province string   `json:"province"`
	Level    string   `json:"level"`
}

// NewArea is the body adding a zone or county.
type NewArea struct {
	Slug     string   `json:"slug" pattern:"^[a-z0-9-]+$"`
	Name     string   `json:"name"`
	NameEN   string   `json:"name_en,omitempty"`
	Kind     AreaKind `json:"kind"`
	Level    string   `json:"level,omitempty" doc:"zones: national or provincial"`
	GBCode   string   `json:"gb_code,omitempty" doc:"counties: GB/T 2260 six digits"`
	CityCode string   `json:"city_code" doc:"GB/T 2260 six digits of its city"`
}

// Park is a park of a zone.
type Park struct {
	ID     int64  `json:"id"`
	ZoneID int64  `json:"zone_id"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// NewPark is the body adding a park.
type NewPark struct {
	Name   string `json:"name"`
	NameEN string `json:"name_en,omitempty"`
}
