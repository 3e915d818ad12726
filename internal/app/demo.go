package app

import "github.com/innopark/innopark/internal/demo"

// DemoSeeders lists the modules' demo seeders, in order. The foundation's
// own records are always loaded first. Honours stays last: tests swap it
// for a variant without the page's notice.
func DemoSeeders() []demo.Seeder {
	return []demo.Seeder{demo.Contracts, demo.Indicators, demo.Projects, demo.Honours}
}
