package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/zone"
)

// Zones is the zone.Store.
type Zones struct{ DB *DB }

const areaSelect = `SELECT a.id, a.slug, a.name, a.name_en, a.kind, a.level, a.gb_code,
	a.city_code, c.name, c.name_en, a.province_code, p.name, p.name_en
	FROM areas a JOIN regions c ON c.code = a.city_code JOIN regions p ON p.code = a.province_code`

func scanArea(sc interface{ Scan(...any) error }) (zone.Area, error) {
	var a zone.Area
	err := sc.Scan(&a.ID, &a.Slug, &a.Name, &a.NameEN, &a.Kind, &a.Level, &a.GBCode,
		&a.CityCode, &a.CityName, &a.CityNameEN, &a.ProvinceCode, &a.ProvinceName, &a.ProvinceEN)
	return a, err
}

// ListAreas lists areas the actor may see; kind "" means all kinds.
func (s Zones) ListAreas(ctx context.Context, a access.Actor, kind string) ([]zone.Area, error) {
	cond, args := areaScope(a, "a.id")
	q := areaSelect + " WHERE " + cond
	if kind != "" {
		q += " AND a.kind = ?"
		args = append(args, kind)
	}
	q += " ORDER BY a.province_code, a.city_code, a.kind DESC, a.id"
	out, err := queryAll(ctx, s.DB.Read(), scanArea, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list areas: %w", err)
	}
	return out, nil
}

func (s Zones) areaWhere(ctx context.Context, a access.Actor, col string, v any) (zone.Area, error) {
	cond, args := areaScope(a, "a.id")
	ar, err := scanArea(s.DB.Read().QueryRow(ctx, areaSelect+" WHERE a."+col+" = ? AND "+cond, append([]any{v}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return zone.Area{}, errs.NotFoundf("entity.area")
	}
	if err != nil {
		return zone.Area{}, fmt.Errorf("get area: %w", err)
	}
	return ar, nil
}

// AreaBySlug returns an area the actor may see.
func (s Zones) AreaBySlug(ctx context.Context, a access.Actor, slug string) (zone.Area, error) {
	return s.areaWhere(ctx, a, "slug", slug)
}

// AreaByID returns an area the actor may see.
func (s Zones) AreaByID(ctx context.Context, a access.Actor, id int64) (zone.Area, error) {
	return s.areaWhere(ctx, a, "id", id)
}

// Region returns a province or city.
func (s Zones) Region(ctx context.Context, code string) (zone.Region, error) {
	var r zone.Region
	var parent sql.NullString
	err := s.DB.Read().QueryRow(ctx, "SELECT code, name, name_en, level, parent_code FROM regions WHERE code = ?", code).
		Scan(&r.Code, &r.Name, &r.NameEN, &r.Level, &parent)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.NotFoundf("entity.region")
	}
	r.ParentCode = parent.String
	return r, err
}

// Regions lists provinces and cities.
func (s Zones) Regions(ctx context.Context) ([]zone.Region, error) {
	out, err := queryAll(ctx, s.DB.Read(), func(sc scanner) (zone.Region, error) {
		var r zone.Region
		err := sc.Scan(&r.Code, &r.Name, &r.NameEN, &r.Level, &r.ParentCode)
		return r, err
	}, "SELECT code, name, name_en, level, COALESCE(parent_code, '') FROM regions ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	return out, nil
}

// PutRegion inserts or updates a region (operator and demo use).
func (tx *Tx) PutRegion(ctx context.Context, r zone.Region) error {
	tx.markFigures()
	var parent any
	if r.ParentCode != "" {
		parent = r.ParentCode
	}
	_, err := tx.Exec(ctx, `INSERT INTO regions (code, name, name_en, level, parent_code) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en`, r.Code, r.Name, r.NameEN, r.Level, parent)
	if err != nil {
		return fmt.Errorf("put region %s: %w", r.Code, err)
	}
	return nil
}

// InsertArea adds an area within tx and audits it.
func (tx *Tx) InsertArea(ctx context.Context, a access.Actor, ar zone.Area) (int64, error) {
	tx.markFigures()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO areas (slug, name, name_en, kind, level, gb_code, city_code, province_code, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ar.Slug, ar.Name, ar.NameEN, ar.Kind, ar.Level, ar.GBCode, ar.CityCode, ar.ProvinceCode, ts(tx.now())).Scan(&id)
	if isUnique(err) {
		var f errs.Fields
		f.Add("slug", "zone.err.slug_taken", ar.Slug)
		return 0, &errs.Error{Kind: errs.Conflict, Msg: errs.M("zone.err.slug_taken", ar.Slug), Fields: f}
	}
	if err != nil {
		return 0, fmt.Errorf("insert area: %w", err)
	}
	ar.ID = id
	return id, tx.Audit(ctx, a, Change{Action: "create", Entity: "area", EntityID: id, ZoneID: id, After: ar})
}

// CreateArea adds an area.
func (s Zones) CreateArea(ctx context.Context, a access.Actor, ar zone.Area) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertArea(ctx, a, ar)
		return err
	})
	return id, err
}

// ListParks lists a visible zone's parks.
func (s Zones) ListParks(ctx context.Context, a access.Actor, zoneID int64) ([]zone.Park, error) {
	cond, args := areaScope(a, "zone_id")
	out, err := queryAll(ctx, s.DB.Read(), func(sc scanner) (zone.Park, error) {
		var p zone.Park
		err := sc.Scan(&p.ID, &p.ZoneID, &p.Name, &p.NameEN)
		return p, err
	}, "SELECT id, zone_id, name, name_en FROM parks WHERE zone_id = ? AND "+cond+" ORDER BY id", append([]any{zoneID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list parks: %w", err)
	}
	return out, nil
}

// InsertPark adds a park within tx and audits it.
func (tx *Tx) InsertPark(ctx context.Context, a access.Actor, p zone.Park) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "INSERT INTO parks (zone_id, name, name_en, created_at) VALUES (?, ?, ?, ?) RETURNING id",
		p.ZoneID, p.Name, p.NameEN, ts(tx.now())).Scan(&id)
	if isUnique(err) {
		var f errs.Fields
		f.Add("name", "zone.err.park_taken", p.Name)
		return 0, &errs.Error{Kind: errs.Conflict, Msg: errs.M("zone.err.park_taken", p.Name), Fields: f}
	}
	if err != nil {
		return 0, fmt.Errorf("insert park: %w", err)
	}
	p.ID = id
	return id, tx.Audit(ctx, a, Change{Action: "create", Entity: "park", EntityID: id, ZoneID: p.ZoneID, After: p})
}

// CreatePark adds a park.
func (s Zones) CreatePark(ctx context.Context, a access.Actor, p zone.Park) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertPark(ctx, a, p)
		return err
	})
	return id, err
}
