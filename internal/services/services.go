// Package services is the bundle of domain services that the composition
// root (internal/app) builds once and hands, as the same value, to every
// edge: the JSON API, the pages and the CLI. An edge reaches data only
// through these services, never through a store.
package services

import (
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/projectio"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/zone"
)

// Services are the domain services of one running product.
type Services struct {
	Policy      *access.Policy
	Catalog     *i18n.Catalog
	Now         func() time.Time // the one clock
	Auth        *auth.Service
	Zones       *zone.Service
	Enterprises *enterprise.Service
	Contracts   *contract.Service
	Indicators  *indicator.Service
	Bulletins   *bulletin.Service
	Honours     *honour.Service     // enterprise honours and cultivation
	Orgs        *org.Service        // party-organisation coverage of private enterprises
	Talents     *talent.Service     // talent programmes
	Invest      *invest.Service     // investment attraction and funds
	InvestIO    *invest.Importer    // imports of the pipeline, trips and visits
	Projects    *project.Service    // construction projects
	Imports     *contractio.Service // contract import and export
	ProjectIO   *projectio.Service  // project list and investment report imports
	// HonourImports imports a notice's list into a batch.
	HonourImports *honour.Importer
	Jobs          *jobs.Runner // background jobs of this node
}
