package store

import (
	"github.com/innopark/innopark/internal/access"
)

// scope returns a SQL condition that keeps only rows the actor may see, given
// the row's zone column and (for records an enterprise owns) its enterprise
// column; entCol "" means the rows are the zone's, not one enterprise's, and
// an enterprise user sees none of them. It renders the actor's access.Scope,
// the one description of row visibility, whose Sees decides the same for
// records already loaded.
func scope(a access.Actor, zoneCol, entCol string) (string, []any) {
	return scopeSQL(a.Scope(), zoneCol, entCol)
}

// areaScope is scope for the areas table itself (idCol is the area's id, or
// the zone column of what hangs off an area, such as parks): it renders
// access.Scope.Areas, so enterprise users see their own zone (they need its
// name), nothing else.
func areaScope(a access.Actor, idCol string) (string, []any) {
	return scopeSQL(a.Scope().Areas(), idCol, "")
}

// scopeSQL renders s as a condition on the zone and enterprise columns,
// exactly as s.Sees decides for a loaded record.
func scopeSQL(s access.Scope, zoneCol, entCol string) (string, []any) {
	switch {
	case s.Kind == access.ScopeAll:
		return "1=1", nil
	case s.Kind == access.ScopeProvince && s.Region != "":
		return zoneCol + " IN (SELECT id FROM areas WHERE province_code = ?)", []any{s.Region}
	case s.Kind == access.ScopeCity && s.Region != "":
		return zoneCol + " IN (SELECT id FROM areas WHERE city_code = ?)", []any{s.Region}
	case s.Kind == access.ScopeZone && s.ZoneID != 0:
		return zoneCol + " = ?", []any{s.ZoneID}
	case s.Kind == access.ScopeEnterprise && s.EnterpriseID != 0 && entCol != "":
		return entCol + " = ?", []any{s.EnterpriseID}
	}
	return "1=0", nil // ScopeNone, a scope missing its bound, or a zone's own rows for an enterprise
}
