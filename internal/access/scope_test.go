package access

import "testing"

// Each role's scope, including actors missing the bound their role needs.
func TestActorScope(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Actor
		want Scope
	}{
		{"national", Actor{Role: National}, Scope{Kind: ScopeAll}},
		{"system", System, Scope{Kind: ScopeAll}},
		{"province", Actor{Role: Province, RegionCode: "370000", ZoneID: 3}, Scope{Kind: ScopeProvince, Region: "370000"}},
		{"province without region", Actor{Role: Province}, Scope{}},
		{"city", Actor{Role: City, RegionCode: "370700"}, Scope{Kind: ScopeCity, Region: "370700"}},
		{"city without region", Actor{Role: City, ZoneID: 3}, Scope{}},
		{"zone admin", Actor{Role: ZoneAdmin, ZoneID: 3, RegionCode: "370000"}, Scope{Kind: ScopeZone, ZoneID: 3}},
		{"zone staff", Actor{Role: ZoneStaff, ZoneID: 3, EnterpriseID: 9}, Scope{Kind: ScopeZone, ZoneID: 3}},
		{"registrar", Actor{Role: Registrar, ZoneID: 3}, Scope{Kind: ScopeZone, ZoneID: 3}},
		{"zone role with zone 0", Actor{Role: Registrar}, Scope{}},
		{"enterprise", Actor{Role: Enterprise, ZoneID: 3, EnterpriseID: 9}, Scope{Kind: ScopeEnterprise, ZoneID: 3, EnterpriseID: 9}},
		{"enterprise without zone", Actor{Role: Enterprise, EnterpriseID: 9}, Scope{Kind: ScopeEnterprise, EnterpriseID: 9}},
		{"enterprise without enterprise", Actor{Role: Enterprise, ZoneID: 3}, Scope{Kind: ScopeEnterprise, ZoneID: 3}},
		{"enterprise without either", Actor{Role: Enterprise}, Scope{}},
		{"anonymous", Actor{}, Scope{}},
		{"unknown role", Actor{Role: "mayor", ZoneID: 3, RegionCode: "370000"}, Scope{}},
	} {
		if got := tc.a.Scope(); got != tc.want {
			t.Errorf("%s: Scope() = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// What each scope sees of a zone's own record, an enterprise's record and
// the area itself.
func TestScopeSees(t *testing.T) {
	zone := Place{ZoneID: 3, CityCode: "370700", ProvinceCode: "370000"}
	ent := zone
	ent.EnterpriseID = 9
	other := Place{ZoneID: 4, CityCode: "370300", ProvinceCode: "370000", EnterpriseID: 8}
	for _, tc := range []struct {
		name                       string
		s                          Scope
		zone, ent, other, area, oa bool // oa: the other zone's area
	}{
		{"all", Scope{Kind: ScopeAll}, true, true, true, true, true},
		{"province", Scope{Kind: ScopeProvince, Region: "370000"}, true, true, true, true, true},
		{"other province", Scope{Kind: ScopeProvince, Region: "610000"}, false, false, false, false, false},
		{"city", Scope{Kind: ScopeCity, Region: "370700"}, true, true, false, true, false},
		{"city code as province", Scope{Kind: ScopeProvince, Region: "370700"}, false, false, false, false, false},
		{"zone", Scope{Kind: ScopeZone, ZoneID: 3}, true, true, false, true, false},
		{"enterprise", Scope{Kind: ScopeEnterprise, ZoneID: 3, EnterpriseID: 9}, false, true, false, true, false},
		{"enterprise, no zone", Scope{Kind: ScopeEnterprise, EnterpriseID: 9}, false, true, false, false, false},
		{"enterprise, no enterprise", Scope{Kind: ScopeEnterprise, ZoneID: 3}, false, false, false, true, false},
		{"zone 0", Scope{Kind: ScopeZone}, false, false, false, false, false},
		{"region empty", Scope{Kind: ScopeCity}, false, false, false, false, false},
		{"none", Scope{}, false, false, false, false, false},
	} {
		got := [5]bool{tc.s.Sees(zone), tc.s.Sees(ent), tc.s.Sees(other), tc.s.Areas().Sees(zone), tc.s.Areas().Sees(Place{ZoneID: 4, CityCode: "370300", ProvinceCode: "370000"})}
		want := [5]bool{tc.zone, tc.ent, tc.other, tc.area, tc.oa}
		if got != want {
			t.Errorf("%s: sees zone record, enterprise record, other, area, other area = %v, want %v", tc.name, got, want)
		}
	}
}

// Actor.Sees is the actor's scope's Sees.
func TestActorSeesIsScopeSees(t *testing.T) {
	places := []Place{{}, {ZoneID: 3}, {ZoneID: 3, CityCode: "370700", ProvinceCode: "370000"}, {ZoneID: 3, EnterpriseID: 9}, {EnterpriseID: 9}}
	for _, r := range append(Roles, "", "mayor") {
		for _, a := range []Actor{{Role: r}, {Role: r, RegionCode: "370000", ZoneID: 3, EnterpriseID: 9}, {Role: r, RegionCode: "370700", ZoneID: 3}} {
			for _, p := range places {
				if a.Sees(p) != a.Scope().Sees(p) {
					t.Errorf("%+v sees %+v: %v, its scope says %v", a, p, a.Sees(p), a.Scope().Sees(p))
				}
			}
		}
	}
}
