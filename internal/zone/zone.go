// Package zone holds the geography every record hangs from: provinces and
// cities (GB/T 2260), areas (high-tech zones and counties/districts, the
// peers a zone is ranked against) and parks (产业园) inside zones.
package zone

import (
	"context"
	"regexp"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
)

// Region is a province or a city.
type Region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	NameEN     string `json:"name_en"`
	Level      string `json:"level"` // province, city
	ParentCode string `json:"parent_code,omitempty"`
}

// Kinds of area.
const (
	KindZone   = "zone"   // a high-tech zone (高新区)
	KindCounty = "county" // a county or district, ranked beside zones in its city
)

// Levels of zone.
const (
	LevelNational   = "national"
	LevelProvincial = "provincial"
)

// Area is a high-tech zone or a county/district.
type Area struct {
	ID           int64  `json:"id"`
	Slug         string `json:"slug"`
	Name         string `json:"name"`
	NameEN       string `json:"name_en"`
	Kind         string `json:"kind"`
	Level        string `json:"level"`
	GBCode       string `json:"gb_code,omitempty"`
	CityCode     string `json:"city_code"`
	CityName     string `json:"city"`
	CityNameEN   string `json:"city_en"`
	ProvinceCode string `json:"province_code"`
	ProvinceName string `json:"province"`
	ProvinceEN   string `json:"province_en"`
}

// Place returns where the area lives, for scope checks.
func (a Area) Place() access.Place {
	return access.Place{ZoneID: a.ID, CityCode: a.CityCode, ProvinceCode: a.ProvinceCode}
}

// Park is an industrial park (产业园) inside a zone.
type Park struct {
	ID     int64  `json:"id"`
	ZoneID int64  `json:"zone_id"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// Store is what the zone service needs from storage. Reads are scoped to the actor.
type Store interface {
	ListAreas(ctx context.Context, a access.Actor, kind string) ([]Area, error)
	AreaBySlug(ctx context.Context, a access.Actor, slug string) (Area, error)
	AreaByID(ctx context.Context, a access.Actor, id int64) (Area, error)
	Region(ctx context.Context, code string) (Region, error)
	Regions(ctx context.Context) ([]Region, error)
	CreateArea(ctx context.Context, a access.Actor, ar Area) (int64, error)
	ListParks(ctx context.Context, a access.Actor, zoneID int64) ([]Park, error)
	CreatePark(ctx context.Context, a access.Actor, p Park) (int64, error)
}

// Service applies the rules for areas and parks.
type Service struct {
	Store  Store
	Policy *access.Policy
}

var (
	slugRe   = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)
	gbCodeRe = regexp.MustCompile(`^[1-8][0-9]{5}$`)
)

// Areas lists the areas of a kind ("" for every kind) the actor may see.
func (s *Service) Areas(ctx context.Context, a access.Actor, kind string) ([]Area, error) {
	if err := s.Policy.Allow(a, access.ZoneRead); err != nil {
		return nil, err
	}
	if kind != "" && kind != KindZone && kind != KindCounty {
		var f errs.Fields
		f.Add("kind", "zone.err.kind")
		return nil, f.Err()
	}
	return s.Store.ListAreas(ctx, a, kind)
}

// BySlug returns the area with the slug, if the actor may see it (else NotFound).
func (s *Service) BySlug(ctx context.Context, a access.Actor, slug string) (Area, error) {
	if err := s.Policy.Allow(a, access.ZoneRead); err != nil {
		return Area{}, err
	}
	return s.Store.AreaBySlug(ctx, a, slug)
}

// IDOf resolves an optional zone slug of a list filter: 0 for "", else the
// id of the area the actor may see (NotFound otherwise).
func (s *Service) IDOf(ctx context.Context, a access.Actor, slug string) (int64, error) {
	if slug == "" {
		return 0, nil
	}
	z, err := s.BySlug(ctx, a, slug)
	return z.ID, err
}

// ByID returns the area with the id, if the actor may see it (else NotFound).
func (s *Service) ByID(ctx context.Context, a access.Actor, id int64) (Area, error) {
	if err := s.Policy.Allow(a, access.ZoneRead); err != nil {
		return Area{}, err
	}
	return s.Store.AreaByID(ctx, a, id)
}

// Parks lists the parks of a zone the actor may see.
func (s *Service) Parks(ctx context.Context, a access.Actor, zoneID int64) ([]Park, error) {
	if err := s.Policy.Allow(a, access.ZoneRead); err != nil {
		return nil, err
	}
	parks, err := s.Store.ListParks(ctx, a, zoneID)
	if parks == nil && err == nil {
		parks = []Park{}
	}
	return parks, err
}

// Regions lists provinces and cities (public reference data, GB/T 2260).
func (s *Service) Regions(ctx context.Context, a access.Actor) ([]Region, error) {
	if err := s.Policy.Allow(a, access.ZoneRead); err != nil {
		return nil, err
	}
	return s.Store.Regions(ctx)
}

// CreateArea adds an area within the actor's region.
func (s *Service) CreateArea(ctx context.Context, a access.Actor, ar Area) (int64, error) {
	if err := s.Policy.Allow(a, access.AreaWrite); err != nil {
		return 0, err
	}
	var f errs.Fields
	ar.Slug = strings.TrimSpace(ar.Slug)
	ar.Name = strings.TrimSpace(ar.Name)
	if !slugRe.MatchString(ar.Slug) {
		f.Add("slug", "zone.err.slug")
	}
	if ar.Name == "" {
		f.Add("name", "error.required")
	}
	if ar.NameEN == "" {
		ar.NameEN = ar.Slug
	}
	switch ar.Kind {
	case KindZone:
		if ar.Level != LevelNational && ar.Level != LevelProvincial {
			f.Add("level", "zone.err.level")
		}
	case KindCounty:
		ar.Level = ""
	default:
		f.Add("kind", "zone.err.kind")
	}
	if ar.GBCode != "" && !gbCodeRe.MatchString(ar.GBCode) {
		f.Add("gb_code", "zone.err.gb_code")
	}
	city, err := s.Store.Region(ctx, ar.CityCode)
	if err != nil || city.Level != "city" {
		f.Add("city_code", "zone.err.city")
	} else {
		ar.ProvinceCode = city.ParentCode
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	if !a.Sees(ar.Place()) {
		return 0, errs.E(errs.Forbidden, "error.forbidden")
	}
	return s.Store.CreateArea(ctx, a, ar)
}

// CreateParkIn adds a park to the zone with the slug. A caller who may not
// write areas at all is refused before the zone is looked up (403, not 404).
func (s *Service) CreateParkIn(ctx context.Context, a access.Actor, slug string, p Park) (int64, error) {
	if err := s.Policy.Allow(a, access.AreaWrite); err != nil {
		return 0, err
	}
	z, err := s.BySlug(ctx, a, slug)
	if err != nil {
		return 0, err
	}
	p.ZoneID = z.ID
	return s.CreatePark(ctx, a, p)
}

// CreatePark adds a park to a zone the actor may write.
func (s *Service) CreatePark(ctx context.Context, a access.Actor, p Park) (int64, error) {
	if err := s.Policy.Allow(a, access.AreaWrite); err != nil {
		return 0, err
	}
	zone, err := s.Store.AreaByID(ctx, a, p.ZoneID)
	if err != nil {
		return 0, err
	}
	var f errs.Fields
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		f.Add("name", "error.required")
	}
	if zone.Kind != KindZone {
		f.Add("zone_id", "zone.err.park_zone")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	return s.Store.CreatePark(ctx, a, p)
}
