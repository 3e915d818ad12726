// Package server is the HTTP edge: it mounts the routes of the web pages and
// the JSON API behind one middleware chain (request id, logging, metrics,
// language, authentication, CSRF, security headers, panic recovery) and
// renders every error through one adapter.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
)

// ErrorPage renders an error as an HTML page (provided by the web package).
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int, body httpx.ErrorBody)

// Config is what the server needs.
type Config struct {
	Catalog   *i18n.Catalog
	Auth      *auth.Service
	Logger    *slog.Logger
	Ready     func(ctx context.Context) error
	Cookies   httpx.Cookies
	ErrorPage ErrorPage
	Routes    []httpx.Route
	// TrustedProxies are the peers whose X-Forwarded-For is believed
	// (httpx.ClientAddr); none by default.
	TrustedProxies []netip.Prefix
	// MetricsElsewhere: the metrics are served on a listener of their own
	// (serve --metrics-addr, through Metrics), not on this handler. Else
	// /metrics here answers only a national user's API token.
	MetricsElsewhere bool
	// Primary marks a context whose reads must see the latest commit, for
	// the sign-in lookups (a read replica may not have the session yet);
	// Reader names who reads through a context, so that with read
	// replicas a user reads their own writes, on any node (store.OnPrimary,
	// store.WithReader; called with "" before authenticating, which finds
	// the session's read position, and with the user's key after). Nil:
	// contexts pass unchanged.
	Primary func(ctx context.Context) context.Context
	Reader  func(ctx context.Context, key string) context.Context
}

// Server is the assembled HTTP handler.
type Server struct {
	cfg      Config
	mux      *http.ServeMux
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	routes   []httpx.Route
}

// New assembles the server.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, mux: http.NewServeMux(), registry: prometheus.NewRegistry()}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "innopark_http_requests_total", Help: "HTTP requests by route, method and status.",
	}, []string{"route", "method", "code"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "innopark_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route"})
	s.registry.MustRegister(s.requests, s.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := cfg.Ready(ctx); err != nil {
			cfg.Logger.Error("not ready", "err", err.Error())
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready: the database is unreachable, or holds a schema step newer than this binary (see the log)")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	if !cfg.MetricsElsewhere {
		s.mux.Handle("GET /metrics", s.guardMetrics(s.Metrics()))
	}
	for _, rt := range cfg.Routes {
		s.Handle(rt)
	}
	// Whatever no API route matches is answered as the API answers errors,
	// in JSON, not with the mux's plain text. Pages keep theirs.
	unmatched := httpx.Route{Pattern: apiPrefix, Kind: httpx.API, Public: true, Handler: s.apiUnmatched}
	s.mux.Handle(apiPrefix, s.wrap(unmatched, apiPrefix))
	s.mux.Handle(strings.TrimSuffix(apiPrefix, "/"), s.wrap(unmatched, apiPrefix))
	return s
}

// Metrics is the Prometheus handler, unguarded: for a listener of its own.
func (s *Server) Metrics() http.Handler {
	return promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
}

// guardMetrics lets a national user's API token read the metrics on the
// main listener: they name every route and its traffic, which is not for
// anyone who can reach the site.
func (s *Server) guardMetrics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !strings.HasPrefix(strings.TrimSpace(tok), "ipk_") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need an API token of a national user (or serve --metrics-addr)", http.StatusUnauthorized)
			return
		}
		u, _, err := s.cfg.Auth.Bearer(r.Context(), strings.TrimSpace(tok))
		switch {
		case errs.Is(err, errs.Unauthenticated):
			http.Error(w, "invalid or expired token", http.StatusUnauthorized)
		case err != nil:
			s.cfg.Logger.Error("metrics token", "err", err.Error())
			http.Error(w, "internal error", http.StatusInternalServerError)
		case u.Role != access.National:
			http.Error(w, "metrics are for national users' tokens", http.StatusForbidden)
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// apiPrefix is where the JSON API lives.
const apiPrefix = "/api/v1/"

// apiUnmatched answers a request no API route takes: 405 with an Allow
// header when the path exists under other methods, else 404.
func (s *Server) apiUnmatched(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != apiPrefix && pattern != strings.TrimSuffix(apiPrefix, "/") {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return errs.E(errs.NotFound, "error.no_route", r.URL.Path)
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return errs.E(errs.MethodNotAllowed, "error.method_not_allowed", r.Method, strings.Join(allow, ", "))
}

// Routes lists the mounted application routes.
func (s *Server) Routes() []httpx.Route { return s.routes }

// Handle mounts one route behind the middleware chain.
func (s *Server) Handle(rt httpx.Route) {
	s.routes = append(s.routes, rt)
	name := rt.Method + " " + rt.Pattern
	s.mux.Handle(name, s.wrap(rt, name))
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	s.mux.ServeHTTP(w, r)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) wrap(rt httpx.Route, name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		rid := r.Header.Get("X-Request-Id")
		if rid == "" || len(rid) > 64 {
			rid = newRequestID()
		}
		sw.Header().Set("X-Request-Id", rid)
		info := &httpx.Info{RequestID: rid, Route: name, Logger: s.cfg.Logger.With("request_id", rid),
			Client: httpx.ClientAddr(r, s.cfg.TrustedProxies)}
		r = r.WithContext(httpx.WithInfo(r.Context(), info))
		defer func() {
			if p := recover(); p != nil {
				info.Logger.Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.renderError(sw, r, rt, errors.New("panic"))
			}
			d := time.Since(start)
			s.requests.WithLabelValues(name, r.Method, strconv.Itoa(sw.status)).Inc()
			s.duration.WithLabelValues(name).Observe(d.Seconds())
			info.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "route", name, "status", sw.status,
				"duration_ms", float64(d.Microseconds())/1000, "user", info.User.Username)
		}()
		if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(sw, r.Body, bodyLimit(r, rt))
		}
		if s.cfg.Reader != nil {
			// Authenticating finds the session's read position (a session
			// row carries it from node to node); the reader named below
			// keeps it.
			r = r.WithContext(s.cfg.Reader(r.Context(), ""))
		}
		if err := s.authenticate(sw, r, rt, info); err != nil {
			s.renderError(sw, r, rt, err)
			return
		}
		switch {
		case s.cfg.Reader != nil && info.User.ID != 0:
			r = r.WithContext(s.cfg.Reader(r.Context(), "u"+strconv.FormatInt(info.User.ID, 10)))
		case s.cfg.Primary != nil && info.User.ID == 0:
			// Signing in reads what was just written (users, limits).
			r = r.WithContext(s.cfg.Primary(r.Context()))
		}
		if err := checkText(r, rt); err != nil {
			s.renderError(sw, r, rt, err)
			return
		}
		if err := rt.Handler(sw, r); err != nil {
			s.renderError(sw, r, rt, err)
		}
	})
}

// authenticate fills info with the language, the user and the CSRF token,
// and enforces sign-in and CSRF for the route.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, rt httpx.Route, info *httpx.Info) error {
	ctx := r.Context()
	if s.cfg.Primary != nil {
		ctx = s.cfg.Primary(ctx)
	}
	// The language: an explicit choice (the toggle's cookie) wins; else the
	// browser's Accept-Language when it names zh… or en…; else the signed-in
	// user's own (below), else zh-CN.
	langCookie, cookieErr := r.Cookie(httpx.LangCookie)
	browserLang, fromBrowser := i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
	switch {
	case cookieErr == nil:
		info.Lang = i18n.Parse(langCookie.Value)
	case fromBrowser:
		info.Lang = browserLang
	default:
		info.Lang = i18n.ZH
	}
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return errs.E(errs.Unauthenticated, "error.bad_token")
		}
		tok = strings.TrimSpace(tok)
		var u auth.User
		var err error
		if strings.HasPrefix(tok, "ipk_") {
			var t auth.Token
			if u, t, err = s.cfg.Auth.Bearer(ctx, tok); err == nil {
				info.Token = &t
				err = tokenMay(t, r, rt)
			}
		} else {
			u, _, err = s.cfg.Auth.Session(ctx, tok)
		}
		if err != nil {
			return err
		}
		info.User = u
	} else if c, err := r.Cookie(httpx.SessionCookie); err == nil && c.Value != "" {
		u, csrf, err := s.cfg.Auth.Session(ctx, c.Value)
		switch {
		case err == nil:
			info.User, info.CSRF, info.ViaCookie = u, csrf, true
		case errs.Is(err, errs.Unauthenticated):
			s.cfg.Cookies.ClearSession(w)
		default:
			return err
		}
	}
	if info.User.ID == 0 {
		info.CSRF = s.preCSRF(w, r)
	}
	if !rt.Public && info.User.ID == 0 {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if cookieErr != nil && !fromBrowser && info.User.ID != 0 && info.User.Lang != "" {
		info.Lang = i18n.Parse(info.User.Lang)
	}
	unsafe := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
	if unsafe && (info.ViaCookie || (info.User.ID == 0 && rt.Kind == httpx.Web)) {
		got := r.Header.Get("X-CSRF-Token")
		if got == "" && rt.Kind == httpx.Web {
			if err := parseForm(r); err != nil {
				return err
			}
			got = r.PostFormValue("csrf")
		}
		if got == "" || got != info.CSRF {
			return errs.E(errs.Forbidden, "error.csrf")
		}
	}
	return nil
}

// tokenMay checks a route against an API token's scope: never a page or
// a route that manages credentials; reads only for a read-only token; only
// the areas it names, when it names any.
func tokenMay(t auth.Token, r *http.Request, rt httpx.Route) error {
	switch {
	case rt.Kind != httpx.API:
		return errs.E(errs.Forbidden, "auth.err.token_page")
	case rt.NoToken:
		return errs.E(errs.Forbidden, "auth.err.token_credentials")
	case t.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead:
		return errs.E(errs.Forbidden, "auth.err.token_read_only")
	case len(t.Areas) > 0 && !slices.Contains(t.Areas, rt.Area):
		return errs.E(errs.Forbidden, "auth.err.token_out_of_area", rt.Area)
	}
	return nil
}

// checkText refuses control characters in the path (404: nothing has such
// a name), the query string and a page's form (422 naming the field), so
// no handler sees them; JSON bodies are checked by httpx.DecodeJSON.
func checkText(r *http.Request, rt httpx.Route) error {
	if strings.ContainsFunc(r.URL.Path, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		return errs.E(errs.NotFound, "error.not_found", errs.M("entity.page"))
	}
	if err := httpx.CheckValues(r.URL.Query(), false); err != nil {
		return err
	}
	if rt.Kind != httpx.Web || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		if err := parseForm(r); err != nil {
			return err
		}
		return httpx.CheckValues(r.PostForm, true)
	case r.MultipartForm != nil:
		return httpx.CheckValues(r.MultipartForm.Value, true)
	}
	return nil
}

// Default body limits; see httpx.Route.MaxBody.
const (
	defaultMaxBody   = 2 << 20
	defaultMaxUpload = 16 << 20
)

func bodyLimit(r *http.Request, rt httpx.Route) int64 {
	if rt.MaxBody > 0 {
		return rt.MaxBody
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return defaultMaxUpload
	}
	return defaultMaxBody
}

// parseForm parses a form body so its CSRF field can be read, turning an
// oversized body into a 413 rather than a missing token.
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errs.E(errs.TooLarge, "error.too_large")
	}
	return errs.E(errs.BadRequest, "error.bad_form").Wrap(err)
}

// preCSRF returns the anonymous double-submit token, setting it when absent.
func (s *Server) preCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(httpx.PreCSRFCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	v := auth.NewSecret()
	http.SetCookie(w, &http.Cookie{Name: httpx.PreCSRFCookie, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.Cookies.Secure})
	return v
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, rt httpx.Route, err error) {
	httpx.LogError(r, err)
	if httpx.ClientGone(r, err) {
		// Nobody reads the answer; the access log and metrics record the
		// client's leaving (499, as proxies do), not a server failure.
		w.WriteHeader(httpx.StatusClientGone)
		return
	}
	info := httpx.GetInfo(r.Context())
	status := httpx.Status(err)
	body := httpx.Describe(s.cfg.Catalog, info, err)
	httpx.ErrorHeaders(w, err)
	if rt.Kind == httpx.Web {
		if status == http.StatusUnauthorized && r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if s.cfg.ErrorPage != nil {
			s.cfg.ErrorPage(w, r, status, body)
			return
		}
	}
	_ = httpx.JSON(w, status, body)
}
