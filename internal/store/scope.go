package store

import (
	"github.com/innopark/innopark/internal/access"
)

// scope returns a SQL condition that keeps only rows the actor may see, given
// the row's zone column and (for records an enterprise owns) its enterprise
// column; entCol "" means the rows are the zone's, not one enterprise's, and
// an enterprise user sees none of them. This is the one place row visibility
// is decided for SQL.
func scope(a access.Actor, zoneCol, entCol string) (string, []any) {
	switch a.Role {
	case access.National:
		return "1=1", nil
	case access.Province:
		return zoneCol + " IN (SELECT id FROM areas WHERE province_code = ?)", []any{a.RegionCode}
	case access.City:
		return zoneCol + " IN (SELECT id FROM areas WHERE city_code = ?)", []any{a.RegionCode}
	case access.ZoneAdmin, access.ZoneStaff, access.Registrar:
		return zoneCol + " = ?", []any{a.ZoneID}
	case access.Enterprise:
		if entCol == "" {
			return "1=0", nil
		}
		return entCol + " = ?", []any{a.EnterpriseID}
	}
	return "1=0", nil
}

// areaScope is scope for the areas table itself. Enterprise users see their
// own zone (they need its name), nothing else.
func areaScope(a access.Actor, idCol string) (string, []any) {
	if a.Role == access.Enterprise {
		return idCol + " = ?", []any{a.ZoneID}
	}
	return scope(a, idCol, "")
}
