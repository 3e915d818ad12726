package app

import "github.com/innopark/innopark/internal/demo"

// DemoSeeders lists the modules' demo seeders, in order. The foundation's
// own records are always loaded first.
func DemoSeeders() []demo.Seeder {
	return []demo.Seeder{demo.Contracts, demo.Indicators, demo.LivingContracts, demo.LivingIndicators, demo.Invest, demo.LivingInvest, demo.Projects, demo.LivingProjects, demo.Honours, demo.OrgTalent}
}
