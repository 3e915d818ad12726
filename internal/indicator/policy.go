package indicator

import (
	"github.com/innopark/innopark/internal/access"
)

// Actions of the indicator, target, statistics and bulletin module.
const (
	// ActionRead is reading figures, dashboards, rankings and generated
	// bulletins. Which areas' figures: the store's scope; rankings show every
	// area's position but values only of the areas the reader sees.
	ActionRead access.Action = "indicator.read"
	// ActionTargetSet is setting annual targets (下达目标任务): the city and
	// province bureaus, for zones of their region.
	ActionTargetSet access.Action = "target.set"
	// ActionStatEnter is entering periodic statistics: a zone's own staff for
	// the zone, and the city and province bureaus for the areas of their
	// region (counties and districts have no staff of their own here).
	ActionStatEnter access.Action = "stat.enter"
	// ActionBulletinWrite is saving bulletins and editing a zone's templates.
	ActionBulletinWrite access.Action = "bulletin.write"
	// ActionBulletinCode is editing a template's code rather than its
	// sentence form: a zone's administrator.
	ActionBulletinCode access.Action = "bulletin.code"
)

// Policy is the module's part of the access policy, for access.DefaultPolicy.
// Enterprise users see their own records, not their zone's statistics.
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{
		ActionRead:          {access.National, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar},
		ActionTargetSet:     {access.Province, access.City},
		ActionStatEnter:     {access.Province, access.City, access.ZoneAdmin, access.ZoneStaff},
		ActionBulletinWrite: {access.ZoneAdmin, access.ZoneStaff},
		ActionBulletinCode:  {access.ZoneAdmin},
	}
}
