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
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/api"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/projectio"
	"github.com/innopark/innopark/internal/server"
	"github.com/innopark/innopark/internal/services"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/talent"
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
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (serve --trusted-proxies); none by default, so the peer
	// is the client.
	TrustedProxies []netip.Prefix
	// MetricsAddr, when set, is where serve answers /metrics (unguarded;
	// bind it to a private address); the main listener then has none.
	// Unset, /metrics on the main listener needs a national user's token.
	MetricsAddr string
	// AuditHeadEvery is how often the audit chain's head is written to the
	// log (and always at shutdown), for the operator's log store to keep
	// outside the database: `innopark audit verify --head` then catches a
	// chain recomputed by someone with write access. 0: only at shutdown.
	AuditHeadEvery time.Duration
	// Replicas are the read replicas' URLs (serve --db-replica,
	// PostgreSQL streaming standbys): reads go to them, writes and a
	// writer's next reads to the primary (store/replica.go).
	Replicas []string
	// AuditKeys key the audit chain (HMAC; serve --audit-key-file): the
	// first keys new records, all verify. None: records are unkeyed.
	AuditKeys [][]byte
	// Invest says which pipeline steps need the approval of the level above
	// and whether steps may skip stages or go back.
	Invest invest.Settings
	// Orgs are the organisation thresholds (members for an own branch, a
	// branch committee, a general branch, a committee), terms and how early
	// an election is flagged (serve --org-rules).
	Orgs org.Settings
}

// Defaults returns the production defaults.
func Defaults() Config {
	return Config{
		DB:             "sqlite:./data/innopark.db",
		Addr:           "127.0.0.1:8080",
		SessionTTL:     12 * time.Hour,
		Argon2:         auth.DefaultArgon2(),
		LoginLimits:    auth.DefaultLimits(),
		Now:            time.Now,
		Contracts:      contract.DefaultSettings(),
		FigureCache:    indicator.DefaultCacheEntries,
		AuditHeadEvery: time.Hour,
		Invest:         invest.DefaultSettings(),
		Orgs:           org.DefaultSettings(),
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
	if l := c.LoginLimits; l.PerUser <= 0 || l.PerAddr <= 0 || l.PerUserAnySource <= 0 || l.Window <= 0 || l.MaxLock < l.Window {
		return errors.New("config: login limits must be positive")
	}
	if c.Now == nil {
		return errors.New("config: no clock")
	}
	if len(c.Replicas) > 0 && !strings.HasPrefix(c.DB, "postgres") {
		return errors.New("config: read replicas (--db-replica) need a PostgreSQL database")
	}
	if err := c.Contracts.Validate(); err != nil {
		return fmt.Errorf("config: contract settings: %w", err)
	}
	if err := c.Invest.Validate(); err != nil {
		return fmt.Errorf("config: investment settings: %w", err)
	}
	if err := c.Orgs.Check(); err != nil {
		return fmt.Errorf("config: organisation settings: %w", err)
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

	stopHeads chan struct{} // closed by Shutdown
	headsDone chan struct{} // closed when the head logger has stopped
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
	if db.Replicas() == 0 {
		for _, u := range cfg.Replicas {
			if err := db.AddReplica(ctx, u); err != nil {
				return nil, err
			}
		}
	}
	if len(cfg.AuditKeys) > 0 {
		db.AuditKeys = cfg.AuditKeys
	}
	a := &App{Services: &services.Services{Catalog: cat, Now: cfg.Now}, Config: cfg, DB: db, Logger: logger}
	if a.Policy, err = access.NewPolicy(contract.Policy(), contractio.Policy(), indicator.Policy(), honour.Policy(), org.Policy(), talent.Policy(), invest.Policy(), project.Policy()); err != nil {
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
	if cfg.FigureCache > 0 || db.Replicas() == 0 {
		// The values rankings are made of, read again per zone as zones
		// change; not on a node reading replicas without a figure cache
		// (docs/operations.md: a lagging replica's value would be kept).
		a.Indicators.Rankings = indicator.NewRankings(db)
	}
	honours := store.Honours{DB: db}
	if err := honours.EnsureProgrammes(ctx, honour.DefaultProgrammes()); err != nil {
		return nil, err
	}
	a.Honours = &honour.Service{Store: honours, Policy: a.Policy, Now: cfg.Now, USCCProblem: enterprise.USCCProblem}
	a.Orgs = &org.Service{Store: store.Orgs{DB: db}, Policy: a.Policy, Now: cfg.Now, Settings: cfg.Orgs}
	a.Talents = &talent.Service{Store: store.Talents{DB: db}, Policy: a.Policy, Now: cfg.Now}
	a.Invest = &invest.Service{Store: store.Invest{DB: db}, Policy: a.Policy, Settings: cfg.Invest, Now: cfg.Now}
	a.Projects = &project.Service{Store: store.Projects{DB: db}, Policy: a.Policy, Settings: project.DefaultSettings(), Now: cfg.Now}
	contributors := slices.Concat(bulletin.DefaultContributors(), []bulletin.Contributor{bulletin.HonourContributor(a.Honours),
		bulletin.OrgTalentContributor(a.Orgs, a.Talents), bulletin.ProjectContributor(a.Projects)}, bulletin.InvestContributors(a.Invest))
	a.Bulletins = &bulletin.Service{Figures: a.Indicators, Store: store.Bulletins{DB: db}, Policy: a.Policy, Contributors: contributors}
	if cfg.FigureCache > 0 {
		a.Bulletins.Versions = db // zones' items kept until their zone's data changes
	}
	a.Jobs = jobs.New(store.Jobs{DB: db}, cfg.Now, logger)
	a.Imports = &contractio.Service{Store: store.ContractImports{DB: db}, Zones: zones, Jobs: a.Jobs, Policy: a.Policy,
		Catalog: cat, Checker: a.Contracts.Workflow.Checker, Settings: cfg.Contracts, Now: cfg.Now}
	a.HonourImports = &honour.Importer{Service: a.Honours, Jobs: a.Jobs, Catalog: cat, Options: a.Imports.Options,
		Areas: func(ctx context.Context) ([]zone.Area, error) { return zones.ListAreas(ctx, access.System, "") }}
	a.ProjectIO = &projectio.Service{Store: store.ProjectImports{Projects: store.Projects{DB: db}}, Jobs: a.Jobs, Policy: a.Policy,
		Catalog: cat, Settings: a.Projects.Settings, Now: cfg.Now}
	a.InvestIO = &invest.Importer{Service: a.Invest, Store: store.Invest{DB: db}, Jobs: a.Jobs, Catalog: cat}
	a.Orgs.Importer = org.Importer{Jobs: a.Jobs, Config: imports.Config{Catalog: cat}, Store: store.Orgs{DB: db}}
	a.Talents.Importer = talent.Importer{Jobs: a.Jobs, Config: imports.Config{Catalog: cat}, Store: store.Talents{DB: db}}
	// Jobs a dead node left open are failed now, so nobody waits on them.
	if _, err := a.Jobs.Recover(ctx, jobs.DefaultStale); err != nil {
		return nil, err
	}
	a.Jobs.Watchdog(jobs.DefaultWatchdog, jobs.DefaultStale)
	cookies := httpx.Cookies{Secure: cfg.SecureCookie}

	apiH := &api.API{Services: a.Services, Cookies: cookies}
	a.Auth.TokenAreas = apiH.Areas()
	webH, err := web.New(web.Deps{Services: a.Services, Cookies: cookies, Nav: slices.Concat(web.IndicatorNav(), web.HonourNav(), web.InvestNav(), web.ProjectNav(), web.OrgNav())})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	routes := append(apiH.Routes(), webH.Routes()...)
	a.Server = server.New(server.Config{
		Catalog: cat, Auth: a.Auth, Logger: logger, Ready: db.Ready, Cookies: cookies,
		ErrorPage: webH.ErrorPage, Routes: routes, TrustedProxies: cfg.TrustedProxies,
		MetricsElsewhere: cfg.MetricsAddr != "",
		Primary:          store.OnPrimary, Reader: store.WithReader,
	})
	a.stopHeads, a.headsDone = make(chan struct{}), make(chan struct{})
	go a.logAuditHeads(cfg.AuditHeadEvery)
	return a, nil
}

// logAuditHeads writes the audit chain's head to the log every interval
// when it moved, and once more when the app shuts down.
func (a *App) logAuditHeads(every time.Duration) {
	defer close(a.headsDone)
	var tick <-chan time.Time
	if every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	var last audit.Head
	log := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		h, err := a.DB.AuditHead(ctx)
		if err != nil {
			a.Logger.Warn("audit head unreadable", "err", err.Error())
			return
		}
		if h != last && h.Seq > 0 {
			a.Logger.Info("audit head", "seq", h.Seq, "hash", h.Hash, "head", h.String())
			last = h
		}
	}
	for {
		select {
		case <-tick:
			log()
		case <-a.stopHeads:
			log()
			return
		}
	}
}

// Handler is the app's HTTP handler.
func (a *App) Handler() http.Handler { return a.Server }

// Shutdown stops the background jobs of this node: running ones are
// cancelled and recorded as interrupted (see internal/jobs); then it
// writes the audit chain's head to the log.
func (a *App) Shutdown(ctx context.Context) error {
	err := a.Jobs.Shutdown(ctx)
	select {
	case <-a.stopHeads:
	default:
		close(a.stopHeads)
	}
	select {
	case <-a.headsDone:
	case <-ctx.Done():
	}
	return err
}
