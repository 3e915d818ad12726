// Package access decides who may do what. It is the one place where roles,
// scopes and actions meet: handlers ask Allow before acting, and the store
// narrows every query to the actor's Scope (which it renders as SQL), so a
// row outside the scope is never read, never listed, and reads as "not
// found"; Scope.Sees checks a record already loaded against the same value.
package access

import (
	"fmt"

	"github.com/innopark/innopark/internal/errs"
)

// Role is a user's role.
type Role string

const (
	National   Role = "national"   // Torch Center: reads every zone
	Province   Role = "province"   // provincial science bureau: zones of its province
	City       Role = "city"       // city science bureau: zones of its city
	ZoneAdmin  Role = "zone_admin" // a zone's bureau, manages the zone's users
	ZoneStaff  Role = "zone_staff" // a zone's bureau staff
	Registrar  Role = "registrar"  // a zone's technology-contract registration point
	Enterprise Role = "enterprise" // one enterprise's contact
)

// Roles lists every role in display order.
var Roles = []Role{National, Province, City, ZoneAdmin, ZoneStaff, Registrar, Enterprise}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// ZoneBound reports whether the role is tied to one zone.
func (r Role) ZoneBound() bool {
	return r == ZoneAdmin || r == ZoneStaff || r == Registrar || r == Enterprise
}

// RegionBound reports whether the role is tied to a region (province or city code).
func (r Role) RegionBound() bool { return r == Province || r == City }

// Actor is who is asking. The zero Actor is anonymous and may do nothing.
type Actor struct {
	UserID       int64
	Username     string
	Role         Role
	RegionCode   string // province or city code (GB/T 2260, 6 digits) for Province / City
	ZoneID       int64  // for zone-bound roles
	EnterpriseID int64  // for Enterprise
}

// System is the actor for work the platform does itself (demo load, migrations, gen).
var System = Actor{Username: "system", Role: National}

// Anonymous reports whether nobody is signed in.
func (a Actor) Anonymous() bool { return a.UserID == 0 && a.Username == "" }

// Place is where a record lives, for scope checks of records already loaded.
type Place struct {
	ZoneID       int64
	CityCode     string
	ProvinceCode string
	EnterpriseID int64 // 0 when the record is not an enterprise's own
}

// Sees reports whether the actor's scope covers a record at the place
// (a.Scope().Sees(p)).
func (a Actor) Sees(p Place) bool { return a.Scope().Sees(p) }

// Action is something a user may try.
type Action string

const (
	ZoneRead         Action = "zone.read"
	AreaWrite        Action = "area.write"
	EnterpriseRead   Action = "enterprise.read"
	EnterpriseCreate Action = "enterprise.create"
	EnterpriseUpdate Action = "enterprise.update"
	AuditRead        Action = "audit.read"
	UserManage       Action = "user.manage"
	TokenManage      Action = "token.manage"
)

// foundation lists, per action of the foundation, the roles that may
// attempt it at all. Which rows they may touch is the scope's business
// (Scope: Sees and the store's filters).
func foundation() map[Action][]Role {
	return map[Action][]Role{
		ZoneRead:         Roles,
		AreaWrite:        {National, Province},
		EnterpriseRead:   Roles,
		EnterpriseCreate: {ZoneAdmin, ZoneStaff},
		EnterpriseUpdate: {ZoneAdmin, ZoneStaff, Enterprise},
		AuditRead:        {National, Province, City, ZoneAdmin, ZoneStaff, Registrar, Enterprise},
		UserManage:       {National, ZoneAdmin},
		TokenManage:      Roles,
	}
}

// Policy is the table of who may attempt each action at all: the
// foundation's actions plus those of the modules (contract.Policy(),
// contractio.Policy(), indicator.Policy()), merged once at composition time
// by NewPolicy (or DefaultPolicy). Each action is declared exactly once, so
// the table stays the single source of truth.
type Policy struct{ rules map[Action][]Role }

// NewPolicy returns the policy of the foundation actions plus the modules'
// extra ones. An action declared twice — by two modules, or by a module and
// the foundation — is an error rather than one declaration silently
// replacing the other.
func NewPolicy(extra ...map[Action][]Role) (*Policy, error) {
	p := &Policy{rules: foundation()}
	for _, m := range extra {
		for a, r := range m {
			if _, dup := p.rules[a]; dup {
				return nil, fmt.Errorf("access policy: action %q is declared twice", a)
			}
			p.rules[a] = r
		}
	}
	return p, nil
}

// DefaultPolicy is NewPolicy for compositions fixed in code (tools and
// tests); it panics where NewPolicy returns an error.
func DefaultPolicy(extra ...map[Action][]Role) *Policy {
	p, err := NewPolicy(extra...)
	if err != nil {
		panic(err)
	}
	return p
}

// Can reports whether the role may attempt the action.
func (p *Policy) Can(r Role, act Action) bool {
	for _, x := range p.rules[act] {
		if x == r {
			return true
		}
	}
	return false
}

// Allow returns nil when the actor may attempt the action, else
// Unauthenticated (nobody signed in) or Forbidden.
func (p *Policy) Allow(a Actor, act Action) error {
	if a.Anonymous() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if !p.Can(a.Role, act) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	return nil
}

// Actions lists every action in the policy.
func (p *Policy) Actions() []Action {
	out := make([]Action, 0, len(p.rules))
	for a := range p.rules {
		out = append(out, a)
	}
	return out
}
