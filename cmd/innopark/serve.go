package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
)

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// loadContractRules reads the operator's 2026 rule settings from path (JSON,
// see contract.ReadSettings) over cfg's; an empty path keeps the defaults.
// Every command that judges contracts (serve, import) reads the same file,
// INNOPARK_CONTRACT_RULES unless a flag names another.
func loadContractRules(cfg *app.Config, path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("contract rules: %w", err)
	}
	defer f.Close()
	s, err := contract.ReadSettings(f, cfg.Contracts)
	if err != nil {
		return fmt.Errorf("contract rules %s: %w", path, describe(err))
	}
	cfg.Contracts = s
	return nil
}

// loadOrgRules reads the operator's organisation thresholds from path
// (JSON, see org.ReadSettings) over cfg's; an empty path keeps the defaults.
func loadOrgRules(cfg *app.Config, path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("organisation rules: %w", err)
	}
	defer f.Close()
	s, err := org.ReadSettings(f, cfg.Orgs)
	if err != nil {
		return fmt.Errorf("organisation rules %s: %w", path, describe(err))
	}
	cfg.Orgs = s
	return nil
}

// envInt is the integer in the environment variable key, or def when it is
// unset or not a number.
func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("INNOPARK_DB", app.Defaults().DB), "database URL: sqlite:PATH or postgres://…")
}

// openDB opens and migrates url; what the command writes to the audit
// chain is keyed with INNOPARK_AUDIT_KEY_FILE's key, like the servers'.
func openDB(ctx context.Context, url string) (*store.DB, error) {
	keys, err := readAuditKeys(nil)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	db.AuditKeys = keys
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := app.Defaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", envOr("INNOPARK_ADDR", cfg.Addr), "listen address")
	dbURL := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "load the demo data set into an empty database")
	secure := fs.Bool("secure-cookies", os.Getenv("INNOPARK_SECURE_COOKIES") == "1", "mark cookies Secure (serving behind TLS)")
	rulesFile := fs.String("contract-rules", os.Getenv("INNOPARK_CONTRACT_RULES"), "JSON file of the 2026 registration rule settings (deadlines, expert threshold, number layout, holidays); unset: the DRAFT defaults")
	orgRules := fs.String("org-rules", os.Getenv("INNOPARK_ORG_RULES"), "JSON file of the organisation thresholds (members for an own branch, a branch committee, a general branch, a committee; terms; election notice days); unset: 3, 7, 50, 100, 2–3 years, 90 days")
	figureCache := fs.Int("figure-cache", envInt("INNOPARK_FIGURE_CACHE", cfg.FigureCache), "computed figures, dashboards and rankings kept until their data changes (0: none)")
	proxies := fs.String("trusted-proxies", os.Getenv("INNOPARK_TRUSTED_PROXIES"), "reverse proxies whose X-Forwarded-For names the client, as CIDR,… (e.g. 10.0.0.0/8,127.0.0.1); unset: the peer is the client")
	metricsAddr := fs.String("metrics-addr", os.Getenv("INNOPARK_METRICS_ADDR"), "serve /metrics on this address of its own, without a token (bind it to a private address); unset: /metrics on --addr needs a national user's API token")
	keyFiles := auditKeyFlag(fs)
	var replicas urlList
	fs.Var(&replicas, "db-replica", "a read replica of the PostgreSQL --db (a streaming standby): dashboards, lists, rankings and exports read from it, writes and a user's reads just after their writes go to the primary (repeatable; default INNOPARK_DB_REPLICAS, comma-separated)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file when the server stops (for tuning)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	cfg.Addr, cfg.DB, cfg.SecureCookie, cfg.FigureCache, cfg.MetricsAddr = *addr, *dbURL, *secure, *figureCache, *metricsAddr
	var err error
	if cfg.TrustedProxies, err = httpx.ParseProxies(*proxies); err != nil {
		return usageError{err.Error()}
	}
	cfg.Replicas = replicas
	if len(cfg.Replicas) == 0 && os.Getenv("INNOPARK_DB_REPLICAS") != "" {
		cfg.Replicas = strings.Split(os.Getenv("INNOPARK_DB_REPLICAS"), ",")
	}
	if cfg.AuditKeys, err = readAuditKeys(*keyFiles); err != nil {
		return err
	}
	if err := loadContractRules(&cfg, *rulesFile); err != nil {
		return err
	}
	if err := loadOrgRules(&cfg, *orgRules); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	start := time.Now()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	db.AuditKeys = cfg.AuditKeys // the demo's records too

	var demoPassword string
	var demoUsers []demo.User
	if *withDemo {
		demoPassword = os.Getenv("INNOPARK_DEMO_PASSWORD")
		if demoPassword == "" {
			demoPassword = auth.NewSecret()[:16]
		}
		hash, err := cfg.Argon2.Hash(demoPassword)
		if err != nil {
			return err
		}
		res, err := demo.Load(ctx, db, hash, app.DemoSeeders()...)
		if err != nil {
			return err
		}
		demoUsers = res.Users
		if !res.Loaded && os.Getenv("INNOPARK_DEMO_PASSWORD") == "" {
			demoPassword = "(unchanged: the one printed when the demo was first loaded, or INNOPARK_DEMO_PASSWORD)"
		} else if !res.Loaded {
			demoPassword += " (if unchanged since the demo was loaded)"
		}
	}

	a, err := app.Open(ctx, cfg, db, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 2)
	fmt.Fprintf(stdout, "innopark %s serving on http://%s (%s, ready in %s)\n", version, ln.Addr(), db.Engine(), time.Since(start).Round(time.Millisecond))
	if n := db.Replicas(); n > 0 {
		fmt.Fprintf(stdout, "reading from %d replica(s)\n", n)
	}
	if *withDemo {
		fmt.Fprintf(stdout, "demo password for every demo user: %s\n", demoPassword)
		fmt.Fprintln(stdout, "demo users:")
		for _, u := range demoUsers {
			fmt.Fprintf(stdout, "  %-18s %-11s %s\n", u.Username, u.Role, u.Scope)
		}
	}
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listen %s: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.Server.Metrics())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		defer msrv.Close()
		go func() { errc <- msrv.Serve(mln) }()
		fmt.Fprintf(stdout, "metrics on http://%s/metrics\n", mln.Addr())
	}
	fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	herr := srv.Shutdown(sctx)
	// Then the background jobs, whatever became of the requests: cancelled,
	// and recorded as interrupted.
	if err := a.Shutdown(sctx); err != nil {
		logger.Warn("background jobs did not stop in time", "err", err)
	}
	if herr != nil && !errors.Is(herr, http.ErrServerClosed) {
		return herr
	}
	return nil
}
