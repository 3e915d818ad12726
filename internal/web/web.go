// Package web serves the HTML pages: server-rendered, zh-CN by default with
// English on a toggle, no script or style from anywhere but this binary.
// Templates are parsed once at start; every page renders into a buffer
// first, so a failed render never leaves half a page.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/services"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageSize is how many rows a list page shows.
const pageSize = 25

// Deps are what the pages call: the services bundle the API uses too.
type Deps struct {
	*services.Services
	Cookies httpx.Cookies
	// Nav lists extra navigation entries of later modules.
	Nav []NavItem
}

// NavItem is one entry of the top navigation.
type NavItem struct {
	Key    string // i18n key of the label
	Href   string
	Action access.Action // shown only to roles allowed this action
}

// Web holds the parsed templates and the asset table.
type Web struct {
	Deps
	pages  map[i18n.Lang]map[string]*template.Template
	assets map[string]asset // by hashed name
	hashed map[string]string
}

type asset struct {
	body  []byte
	ctype string
}

// New parses templates and hashes static assets.
func New(d Deps) (*Web, error) {
	w := &Web{Deps: d, pages: map[i18n.Lang]map[string]*template.Template{}, assets: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}[ext]
		w.assets[hashedName] = asset{body: b, ctype: ctype}
		w.hashed[name] = "/static/" + hashedName
		return nil
	})
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// One parsed set per language, so "t" is bound once, not per request.
	for _, lang := range i18n.Langs {
		w.pages[lang] = map[string]*template.Template{}
		for _, p := range pages {
			name := strings.TrimSuffix(path.Base(p), ".html")
			if name == "layout" {
				continue
			}
			t, err := template.New("layout.html").Funcs(w.funcs(lang)).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
			if err != nil {
				return nil, fmt.Errorf("parse %s: %w", p, err)
			}
			w.pages[lang][name] = t
		}
	}
	return w, nil
}

func (w *Web) funcs(lang i18n.Lang) template.FuncMap {
	return template.FuncMap{
		"t":     func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) },
		"asset": func(name string) string { return w.hashed[name] },
		"wan":   func(fen int64) string { return groupDigits(formatWan(fen)) },
		"yuan":  func(fen int64) string { return groupDigits(formatYuan(fen)) },
		"wanIn": formatWanInput,
		"monthField": func(name, value string, span monthSpan) formField {
			return formField{Name: name, Value: value, Options: w.monthChoices(lang, value, span)}
		},
		"date":    func(d civil.Date) string { return d.String() },
		"time":    func(t time.Time) string { return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04") },
		"query":   func(v url.Values) string { return v.Encode() },
		"add":     func(a, b int) int { return a + b },
		"string":  func(v any) string { return fmt.Sprint(v) },
		"field":   newFormField,
		"person":  person,
		"choice":  newFormChoice,
		"members": func(errs map[string]string, p memberPicker) memberPicker { return p.withErrors(errs) },
	}
}

// Page is what every template receives.
type Page struct {
	Title   string
	Lang    i18n.Lang
	User    auth.User
	CSRF    string
	Path    string
	Nav     []NavItem
	Flash   string
	Data    any
	Errors  map[string]string // field errors, translated
	Message string            // form-level error, translated
	// People maps the usernames of those who made the page's records to
	// their display names (template func person).
	People map[string]string
}

func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p Page) error {
	info := httpx.GetInfo(r.Context())
	t, ok := w.pages[info.Lang][name]
	if !ok {
		return fmt.Errorf("web: no template %q", name)
	}
	p.Lang, p.User, p.CSRF, p.Path = info.Lang, info.User, info.CSRF, r.URL.RequestURI()
	if m, ok := p.Data.(makers); ok && p.People == nil {
		people, err := w.Auth.DisplayNames(r.Context(), m.makers())
		if err != nil {
			return fmt.Errorf("web: render %s: %w", name, err)
		}
		p.People = people
	}
	if p.User.ID != 0 {
		for _, n := range append(append(w.baseNav(), w.contractNav()...), w.Nav...) {
			if n.Action == "" || w.Policy.Can(p.User.Role, n.Action) {
				p.Nav = append(p.Nav, n)
			}
		}
	}
	if f := r.URL.Query().Get("flash"); f != "" && w.Catalog.Has(info.Lang, "flash."+f) {
		p.Flash = w.Catalog.T(info.Lang, "flash."+f)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	_, err := rw.Write(buf.Bytes())
	return err
}

func (w *Web) baseNav() []NavItem {
	return []NavItem{
		{Key: "nav.home", Href: "/"},
		{Key: "nav.enterprises", Href: "/enterprises", Action: access.EnterpriseRead},
		{Key: "nav.users", Href: "/users", Action: access.UserManage},
		{Key: "nav.account", Href: "/account"},
	}
}

// errorPage is what the error page shows: the message, each field's
// problem under the field's name as the forms label it (a field without a
// label shows its message alone: the message names it), and the ways on.
type errorPage struct {
	httpx.ErrorBody
	Fields []errorField
	// Back reopens the page asked for without its query (its default view,
	// for a page whose filters were refused); Referer the page the request
	// came from, when it is one of ours.
	Back, Referer string
}

type errorField struct{ Label, Message string }

// ErrorPage renders an error as a page.
func (w *Web) ErrorPage(rw http.ResponseWriter, r *http.Request, status int, body httpx.ErrorBody) {
	lang := w.lang(r)
	d := errorPage{ErrorBody: body}
	names := make([]string, 0, len(body.Error.Fields))
	for f := range body.Error.Fields {
		names = append(names, f)
	}
	slices.Sort(names)
	for _, f := range names {
		ef := errorField{Message: body.Error.Fields[f]}
		if k := "field." + f; w.Catalog.Has(lang, k) {
			ef.Label = w.Catalog.T(lang, k)
		}
		d.Fields = append(d.Fields, ef)
	}
	if r.Method == http.MethodGet && r.URL.RawQuery != "" && status < 500 && status != http.StatusNotFound && status != http.StatusForbidden {
		d.Back = r.URL.Path
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" && ref.RequestURI() != r.URL.RequestURI() {
		d.Referer = ref.RequestURI()
	}
	if err := w.render(rw, r, status, "error", Page{Title: body.Error.Message, Data: d}); err != nil {
		http.Error(rw, body.Error.Message, status)
	}
}

// Routes lists the pages.
func (w *Web) Routes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	pub := func(method, pattern string, h httpx.Handler) httpx.Route {
		rt := r(method, pattern, h)
		rt.Public = true
		return rt
	}
	routes := []httpx.Route{
		pub("GET", "/static/{file}", w.static),
		pub("GET", "/login", w.loginForm),
		pub("POST", "/login", w.login),
		pub("GET", "/lang/{lang}", w.setLang),
		r("POST", "/logout", w.logout),
		r("GET", "/{$}", w.home),
		r("GET", "/zones/{slug}", w.zonePage),
		r("GET", "/search", w.search),
		r("POST", "/areas", w.areaCreate),
		r("POST", "/zones/{slug}/parks", w.parkCreate),
		r("GET", "/enterprises", w.enterpriseList),
		r("GET", "/enterprises/new", w.enterpriseNew),
		r("POST", "/enterprises/new", w.enterpriseCreate),
		r("GET", "/enterprises/{id}", w.enterpriseShow),
		r("GET", "/enterprises/{id}/edit", w.enterpriseEdit),
		r("POST", "/enterprises/{id}/edit", w.enterpriseUpdate),
		r("GET", "/enterprises/{id}/history", w.enterpriseHistory),
		r("GET", "/users", w.userList),
		r("POST", "/users", w.userCreate),
		r("POST", "/users/{id}/disable", w.userDisable(true)),
		r("POST", "/users/{id}/enable", w.userDisable(false)),
		r("GET", "/users/{id}/name", w.userName),
		r("POST", "/users/{id}/name", w.userNameSave),
		r("GET", "/account", w.account),
		r("POST", "/account/password", w.accountPassword),
		r("POST", "/account/name", w.accountName),
		r("POST", "/account/tokens", w.tokenCreate),
		r("POST", "/account/tokens/{id}/revoke", w.tokenRevoke),
	}
	// Each module lists its pages in its own file.
	routes = append(routes, w.contractRoutes()...)
	routes = append(routes, w.indicatorRoutes()...)
	routes = append(routes, w.importRoutes()...)
	routes = append(routes, w.honourRoutes()...)
	routes = append(routes, w.investRoutes()...)
	routes = append(routes, w.investImportRoutes()...)
	routes = append(routes, w.investTripRoutes()...)
	routes = append(routes, w.talentProgrammeRoutes()...)
	routes = append(routes, w.projectRoutes()...)
	routes = append(routes, w.orgRoutes()...)
	return routes
}

func (w *Web) static(rw http.ResponseWriter, r *http.Request) error {
	a, ok := w.assets[r.PathValue("file")]
	if !ok {
		return errs.NotFoundf("entity.page")
	}
	rw.Header().Set("Content-Type", a.ctype)
	rw.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := rw.Write(a.body)
	return err
}

func (w *Web) setLang(rw http.ResponseWriter, r *http.Request) error {
	w.Cookies.SetLang(rw, i18n.Parse(r.PathValue("lang")))
	http.Redirect(rw, r, safeBack(r.URL.Query().Get("back")), http.StatusSeeOther)
	return nil
}

// safeBack keeps redirects on this site: only a local absolute path.
func safeBack(s string) string {
	if s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") {
		return "/"
	}
	return s
}

// fieldErrors translates a validation error for a form; other errors pass through.
func (w *Web) fieldErrors(r *http.Request, err error) (map[string]string, string, bool) {
	var e *errs.Error
	if !asErrs(err, &e) || (e.Kind != errs.Invalid && e.Kind != errs.Conflict) {
		return nil, "", false
	}
	lang := httpx.GetInfo(r.Context()).Lang
	out := map[string]string{}
	for f, m := range e.Fields {
		out[f] = w.Catalog.Msg(lang, m)
	}
	return out, w.Catalog.Msg(lang, e.Msg), true
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.NotFoundf("entity.page")
	}
	return id, nil
}

// formatWan shows fen as 万元 with two decimals.
func formatWan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	// 1万元 = 1,000,000 fen; two decimals = units of 10,000 fen, rounded half up.
	units := (fen + 5000) / 10000
	s := fmt.Sprintf("%d.%02d", units/100, units%100)
	if neg {
		s = "-" + s
	}
	return s
}

// formatYuan shows fen as yuan with two decimals, for form inputs.
func formatYuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	s := fmt.Sprintf("%d.%02d", fen/100, fen%100)
	if neg {
		s = "-" + s
	}
	return s
}

// monthSpan is the months a month field offers: First to Last (YYYYMM).
type monthSpan struct{ First, Last indicator.YM }

// monthSpan is the span of the reader's month pickers: from January of the
// year of the first month any of the reader's zones has data (this year's
// when none has any yet) to this month — never a month that cannot have
// data.
func (w *Web) monthSpan(r *http.Request) (monthSpan, error) {
	this := indicator.MonthOfDate(w.Indicators.Today())
	span := monthSpan{First: indicator.MonthOf(this.Year(), 1), Last: this}
	a := httpx.Actor(r)
	zones, err := w.Indicators.Zones(r.Context(), a)
	if err != nil {
		return span, fmt.Errorf("month span: %w", err)
	}
	first, ok, err := w.Indicators.FirstWithData(r.Context(), a, zones, dataIndicators())
	if err != nil {
		return span, fmt.Errorf("month span: %w", err)
	}
	if ok && first < span.First {
		span.First = indicator.MonthOf(first.Year(), 1)
	}
	return span, nil
}

// monthChoices lists the months a month field offers, newest first, named
// as the page's language writes them (2023年12月, Dec 2023): the months of
// span, widened to sel (YYYY-MM) if outside.
func (w *Web) monthChoices(lang i18n.Lang, sel string, span monthSpan) []option {
	first, last := span.First, span.Last
	if last == 0 {
		last = indicator.MonthOfDate(w.Indicators.Today())
		first = indicator.MonthOf(last.Year(), 1)
	}
	if m, err := indicator.ParseYM(sel); err == nil {
		first, last = min(first, m), max(last, m)
	}
	out := make([]option, 0, (last.Year()-first.Year()+1)*12)
	for m := last; m >= first; m = m.Add(-1) {
		y, mo := m.Year(), m.Month()
		name := fmt.Sprintf("%d年%d月", y, mo)
		if lang == i18n.EN {
			name = time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC).Format("Jan 2006")
		}
		out = append(out, option{Code: fmt.Sprintf("%04d-%02d", y, mo), Name: name})
	}
	return out
}

// groupDigits puts thousands separators into the first run of digits of s
// ("1428740.00" → "1,428,740.00", "52000人" → "52,000人"), as people write
// figures in Chinese and English alike; a year-like short run is left alone.
func groupDigits(s string) string {
	start := strings.IndexAny(s, "0123456789")
	if start < 0 {
		return s
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	run := s[start:end]
	if len(run) <= 3 {
		return s
	}
	var b strings.Builder
	for i := range len(run) {
		if i > 0 && (len(run)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(run[i])
	}
	return s[:start] + b.String() + s[end:]
}

// formatWanInput shows fen as 万元 for a form input: exact (up to six
// decimals), no separators, trailing zeros past two places dropped.
func formatWanInput(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	frac := strings.TrimRight(fmt.Sprintf("%06d", fen%1_000_000), "0")
	if len(frac) < 2 {
		frac += strings.Repeat("0", 2-len(frac))
	}
	s := fmt.Sprintf("%d.%s", fen/1_000_000, frac)
	if neg {
		s = "-" + s
	}
	return s
}

// parseWan reads an amount in 万元 (at most six decimals: one fen) into fen.
func parseWan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, true
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 6 || whole == "" {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 10_000_000_000 {
		return 0, false
	}
	frac += strings.Repeat("0", 6-len(frac))
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return w*1_000_000 + f, true
}

// parseYuan reads an amount in yuan (at most two decimals) into fen.
func parseYuan(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, true
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 1_000_000_000_000 {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return w*100 + f, true
}
