package access

// ScopeKind is what a Scope is bounded by.
type ScopeKind uint8

const (
	ScopeNone       ScopeKind = iota // sees no row: anonymous, unknown role, or a role missing its bound
	ScopeAll                         // every row
	ScopeProvince                    // rows of the areas whose province_code is Region
	ScopeCity                        // rows of the areas whose city_code is Region
	ScopeZone                        // rows of the zone ZoneID
	ScopeEnterprise                  // rows the enterprise EnterpriseID owns; none of its zone's own
)

// String names the kind, for messages and test logs.
func (k ScopeKind) String() string {
	switch k {
	case ScopeAll:
		return "all"
	case ScopeProvince:
		return "province"
	case ScopeCity:
		return "city"
	case ScopeZone:
		return "zone"
	case ScopeEnterprise:
		return "enterprise"
	}
	return "none"
}

// Scope is which rows an actor sees; the zero Scope sees none. It is the one description of row
// visibility: Sees checks a record already loaded, and the store renders
// the same value as the SQL condition of every user-triggered query, so
// both always agree.
//
// Rows are records (a Place: the zone they belong to and, when an
// enterprise owns them, that enterprise) or areas themselves (Areas).
type Scope struct {
	Kind ScopeKind
	// Region is the province code (ScopeProvince) or city code (ScopeCity).
	Region string
	// ZoneID is the zone of ScopeZone; for ScopeEnterprise it is the
	// enterprise's zone, whose own area row (Areas) the enterprise sees.
	ZoneID int64
	// EnterpriseID is the enterprise of ScopeEnterprise.
	EnterpriseID int64
}

// Scope returns the actor's scope. A role without the bound it needs (a
// zone role with ZoneID 0, a province or city without a region code) and an
// unknown role see nothing; an enterprise user without an enterprise sees
// no record, only its zone's area (when it has a zone).
func (a Actor) Scope() Scope {
	switch a.Role {
	case National:
		return Scope{Kind: ScopeAll}
	case Province, City:
		if a.RegionCode == "" {
			return Scope{}
		}
		k := ScopeProvince
		if a.Role == City {
			k = ScopeCity
		}
		return Scope{Kind: k, Region: a.RegionCode}
	case ZoneAdmin, ZoneStaff, Registrar:
		if a.ZoneID == 0 {
			return Scope{}
		}
		return Scope{Kind: ScopeZone, ZoneID: a.ZoneID}
	case Enterprise:
		if a.EnterpriseID == 0 && a.ZoneID == 0 {
			return Scope{}
		}
		return Scope{Kind: ScopeEnterprise, ZoneID: a.ZoneID, EnterpriseID: a.EnterpriseID}
	}
	return Scope{}
}

// Sees reports whether the scope covers a record at the place: a record of
// the place's zone, owned by the enterprise EnterpriseID (0: by no
// enterprise, the zone's own record). The place must carry its zone's city
// and province codes for a regional scope to see it.
func (s Scope) Sees(p Place) bool {
	switch s.Kind {
	case ScopeAll:
		return true
	case ScopeProvince:
		return s.Region != "" && p.ProvinceCode == s.Region
	case ScopeCity:
		return s.Region != "" && p.CityCode == s.Region
	case ScopeZone:
		return s.ZoneID != 0 && p.ZoneID == s.ZoneID
	case ScopeEnterprise:
		return s.EnterpriseID != 0 && p.EnterpriseID == s.EnterpriseID
	}
	return false
}

// Areas is the scope over the areas table itself (and what hangs off an
// area, such as its parks), where the place of a row is the area: the same
// scope, except that an enterprise user sees its own zone's area — it
// needs the name — and nothing else.
func (s Scope) Areas() Scope {
	if s.Kind != ScopeEnterprise {
		return s
	}
	if s.ZoneID == 0 {
		return Scope{}
	}
	return Scope{Kind: ScopeZone, ZoneID: s.ZoneID}
}
