// Package app is the composition root: it opens the store, builds the
// domain services, the web pages and the API, and mounts them on one server.
// cmd/innopark calls it; tests call it to get a whole running product.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/api"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/server"
	"github.com/innopark/innopark/internal/services"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/web"
	"github.com/innopark/innopark/internal/zone"
)

// Config is the whole configuration, from flags and environment.
type Config struct {
	DB           string        // sqlite:PATH or postgres://…
	Addr         string        // listen address
	SecureCookie bool          // behind TLS
	SessionTTL   time.Duration // how long a sign-in lasts
	Argon2       auth.Argon2   // password hashing cost
	LoginLimits  auth.Limits
	Now          func() time.Time
	// Contracts are the operator's values for the 2026 registration rules
	// (DRAFT until the final text: deadlines, expert threshold, number layout).
	Contracts contract.Settings
	// FigureCache bounds the cache of computed figures, dashboards and
	// rankings (indicator.Cache); 0 turns it off, so that every request
	// computes from the rollups (for measuring that cost).
	FigureCache int
}

// Defaults returns the production defaults.
func Defaults() Config {
	return Config{
		DB:          "sqlite:./data/innopark.db",
		Addr:        "127.0.0.1:8080",
		SessionTTL:  12 * time.Hour,
		Argon2:      auth.DefaultArgon2(),
		LoginLimits: auth.DefaultLimits(),
		Now:         time.Now,
		Contracts:   contract.DefaultSettings(),
		FigureCache: indicator.DefaultCacheEntries,
	}
}

// Validate reports the first problem with c.
func (c Config) Validate() error {
	if c.DB == "" {
		return errors.New("config: database URL is empty")
	}
	if c.Addr == "" {
		return errors.New("config: listen address is empty")
	}
	if c.SessionTTL < time.Minute {
		return errors.New("config: session lifetime under a minute")
	}
	if c.Argon2.MemoryKiB == 0 || c.Argon2.Time == 0 || c.Argon2.Threads == 0 {
		return errors.New("config: argon2 parameters must be positive")
	}
	if c.LoginLimits.PerUser <= 0 || c.LoginLimits.PerAddr <= 0 || c.LoginLimits.Window <= 0 {
		return errors.New("config: login limits must be positive")
	}
	if c.Now == nil {
		return errors.New("config: no clock")
	}
	if err := c.Contracts.Validate(); err != nil {
		return fmt.Errorf("config: contract settings: %w", err)
	}
	return nil
}

// App is the assembled product: the services bundle every edge shares, and
// the server that mounts the API and the pages on it.
type App struct {
	*services.Services
	Config Config
	DB     *store.DB
	Server *server.Server
	Logger *slog.Logger
}

// Open builds the app on an open, migrated database.
func Open(ctx context.Context, cfg Config, db *store.DB, logger *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	// One clock: the store stamps rows and audit records with the time the
	// services see.
	db.Now = cfg.Now
	a := &App{Services: &services.Services{Catalog: cat, Now: cfg.Now}, Config: cfg, DB: db, Logger: logger}
	if a.Policy, err = access.NewPolicy(contract.Policy(), contractio.Policy(), indicator.Policy(), honour.Policy(), project.Policy()); err != nil {
		return nil, err
	}
	zones := store.Zones{DB: db}
	a.Auth = &auth.Service{Store: store.Auth{DB: db}, Policy: a.Policy, Hasher: cfg.Argon2, Limits: cfg.LoginLimits, SessionTTL: cfg.SessionTTL, Now: cfg.Now}
	a.Zones = &zone.Service{Store: zones, Policy: a.Policy}
	a.Enterprises = &enterprise.Service{Store: store.Enterprises{DB: db}, Policy: a.Policy, Now: cfg.Now}
	a.Contracts = &contract.Service{Store: store.Contracts{DB: db}, Policy: a.Policy, Now: cfg.Now,
		Workflow: contract.Workflow{Settings: cfg.Contracts, Checker: contract.Checker{USCC: enterprise.CheckUSCC}}}
	a.Indicators = &indicator.Service{Store: store.Indicators{DB: db}, Catalog: indicator.DefaultCatalog(), Policy: a.Policy, Now: cfg.Now}
	if cfg.FigureCache > 0 {
		a.Indicators.Cache = indicator.NewCache(db, cfg.FigureCache)
	}
	honours := store.Honours{DB: db}
	if err := honours.EnsureProgrammes(ctx, honour.DefaultProgrammes()); err != nil {
		return nil, err
	}
	a.Honours = &honour.Service{Store: honours, Policy: a.Policy, Now: cfg.Now}
	a.Projects = &project.Service{Store: store.Projects{DB: db}, Policy: a.Policy, Settings: project.DefaultSettings(), Now: cfg.Now}
	a.Bulletins = &bulletin.Service{Figures: a.Indicators, Store: store.Bulletins{DB: db}, Policy: a.Policy,
		Contributors: append(bulletin.DefaultContributors(), bulletin.HonourContributor(a.Honours), bulletin.ProjectContributor(a.Projects))}
	a.Jobs = jobs.New(store.Jobs{DB: db}, cfg.Now, logger)
	a.Imports = &contractio.Service{Store: store.ContractImports{DB: db}, Zones: zones, Jobs: a.Jobs, Policy: a.Policy,
		Catalog: cat, Checker: a.Contracts.Workflow.Checker, Settings: cfg.Contracts, Now: cfg.Now}
	// Jobs a dead node left open are failed now, so nobody waits on them.
	if _, err := a.Jobs.Recover(ctx, jobs.DefaultStale); err != nil {
		return nil, err
	}
	a.Jobs.Watchdog(jobs.DefaultWatchdog, jobs.DefaultStale)
	cookies := httpx.Cookies{Secure: cfg.SecureCookie}

	apiH := &api.API{Services: a.Services, Cookies: cookies}
	webH, err := web.New(web.Deps{Services: a.Services, Cookies: cookies, Nav: slices.Concat(web.IndicatorNav(), web.HonourNav(), web.ProjectNav())})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	routes := append(apiH.Routes(), webH.Routes()...)
	a.Server = server.New(server.Config{
		Catalog: cat, Auth: a.Auth, Logger: logger, Ready: db.Ping, Cookies: cookies,
		ErrorPage: webH.ErrorPage, Routes: routes,
	})
	return a, nil
}

// Handler is the app's HTTP handler.
func (a *App) Handler() http.Handler { return a.Server }

// Shutdown stops the background jobs of this node: running ones are
// cancelled and recorded as interrupted (see internal/jobs).
func (a *App) Shutdown(ctx context.Context) error { return a.Jobs.Shutdown(ctx) }
