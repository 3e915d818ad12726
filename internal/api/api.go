// Package api is the JSON API under /api/v1. Handlers decode, call a domain
// service with the request's actor, and encode; errors go back to the
// server's one adapter. The OpenAPI document (openapi.go) lists the same
// routes, and a test keeps the two in step.
package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/services"
	"github.com/innopark/innopark/internal/zone"
)

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

// API holds the services the handlers call: the same bundle the pages use.
type API struct {
	*services.Services
	Cookies httpx.Cookies
}

// Routes lists the API's routes.
func (a *API) Routes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.API, Handler: h}
	}
	pub := func(method, pattern string, h httpx.Handler) httpx.Route {
		rt := r(method, pattern, h)
		rt.Public = true
		return rt
	}
	routes := []httpx.Route{
		pub("GET", "/api/v1/openapi.json", a.openAPI),
		pub("POST", "/api/v1/session", a.login),
		r("DELETE", "/api/v1/session", a.logout),
		r("GET", "/api/v1/me", a.me),
		r("GET", "/api/v1/zones", a.listZones),
		r("GET", "/api/v1/areas", a.listAreas),
		r("POST", "/api/v1/areas", a.createArea),
		r("GET", "/api/v1/zones/{slug}/parks", a.listParks),
		r("POST", "/api/v1/zones/{slug}/parks", a.createPark),
		r("GET", "/api/v1/enterprises", a.listEnterprises),
		r("POST", "/api/v1/enterprises", a.createEnterprise),
		r("GET", "/api/v1/enterprises/{id}", a.getEnterprise),
		r("PATCH", "/api/v1/enterprises/{id}", a.patchEnterprise),
		r("GET", "/api/v1/enterprises/{id}/history", a.enterpriseHistory),
		r("GET", "/api/v1/users", a.listUsers),
		r("POST", "/api/v1/users", a.createUser),
		r("POST", "/api/v1/users/{id}/password", a.setPassword),
		r("POST", "/api/v1/users/{id}/disable", a.disableUser(true)),
		r("POST", "/api/v1/users/{id}/enable", a.disableUser(false)),
		r("GET", "/api/v1/tokens", a.listTokens),
		r("POST", "/api/v1/tokens", a.createToken),
		r("DELETE", "/api/v1/tokens/{id}", a.revokeToken),
	}
	// Each module lists its endpoints in its own file.
	routes = append(routes, a.contractRoutes()...)
	routes = append(routes, a.indicatorRoutes()...)
	routes = append(routes, a.importRoutes()...)
	return routes
}

// PathID reads a numeric path parameter.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found", errs.M("entity.page"))
	}
	return id, nil
}

type items[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	res, err := a.Auth.Login(r.Context(), body.Username, body.Password, clientAddr(r))
	if err != nil {
		return err
	}
	a.Cookies.SetSession(w, res.Token, a.Auth.SessionTTL)
	return httpx.JSON(w, http.StatusCreated, map[string]any{"token": res.Token, "csrf_token": res.CSRF,
		"expires_at": a.Auth.Now().Add(a.Auth.SessionTTL).UTC().Format(time.RFC3339)})
}

// clientAddr is the peer address without port. X-Forwarded-For is not
// trusted: a deployment behind a proxy sets the real address at the proxy.
func clientAddr(r *http.Request) string {
	addr := r.RemoteAddr
	if i := strings.LastIndexByte(addr, ':'); i > 0 {
		addr = addr[:i]
	}
	return strings.Trim(addr, "[]")
}

func bearerOrCookie(r *http.Request) string {
	if h, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(h)
	}
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) error {
	tok := bearerOrCookie(r)
	if strings.HasPrefix(tok, "ipk_") {
		return errs.E(errs.BadRequest, "api.err.logout_token")
	}
	if err := a.Auth.Logout(r.Context(), tok); err != nil {
		return err
	}
	a.Cookies.ClearSession(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	info := httpx.GetInfo(r.Context())
	out := map[string]any{"user": info.User, "lang": info.Lang}
	if info.ViaCookie {
		out["csrf_token"] = info.CSRF
	}
	return httpx.JSON(w, http.StatusOK, out)
}

type zoneItem struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	NameEN   string `json:"name_en"`
	Kind     string `json:"kind"`
	City     string `json:"city"`
	Province string `json:"province"`
	Level    string `json:"level"`
}

func toZoneItems(list []zone.Area) []zoneItem {
	out := make([]zoneItem, 0, len(list))
	for _, z := range list {
		out = append(out, zoneItem{ID: z.ID, Slug: z.Slug, Name: z.Name, NameEN: z.NameEN, Kind: z.Kind, City: z.CityName, Province: z.ProvinceName, Level: z.Level})
	}
	return out
}

func (a *API) listZones(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Zones.Areas(r.Context(), httpx.Actor(r), zone.KindZone)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, items[zoneItem]{Items: toZoneItems(list)})
}

func (a *API) listAreas(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Zones.Areas(r.Context(), httpx.Actor(r), r.URL.Query().Get("kind"))
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, items[zoneItem]{Items: toZoneItems(list)})
}

func (a *API) createArea(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Slug     string `json:"slug"`
		Name     string `json:"name"`
		NameEN   string `json:"name_en"`
		Kind     string `json:"kind"`
		Level    string `json:"level"`
		GBCode   string `json:"gb_code"`
		CityCode string `json:"city_code"`
	}
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	id, err := a.Zones.CreateArea(r.Context(), httpx.Actor(r), zone.Area{Slug: body.Slug, Name: body.Name, NameEN: body.NameEN,
		Kind: body.Kind, Level: body.Level, GBCode: body.GBCode, CityCode: body.CityCode})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, map[string]int64{"id": id})
}

func (a *API) zoneBySlug(r *http.Request) (zone.Area, error) {
	return a.Zones.BySlug(r.Context(), httpx.Actor(r), r.PathValue("slug"))
}

func (a *API) listParks(w http.ResponseWriter, r *http.Request) error {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	parks, err := a.Zones.Parks(r.Context(), httpx.Actor(r), z.ID)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, items[zone.Park]{Items: parks})
}

func (a *API) createPark(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Name   string `json:"name"`
		NameEN string `json:"name_en"`
	}
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	id, err := a.Zones.CreateParkIn(r.Context(), httpx.Actor(r), r.PathValue("slug"), zone.Park{Name: body.Name, NameEN: body.NameEN})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, map[string]int64{"id": id})
}

// dateField parses an optional date body field, recording a field error.
func dateField(f *errs.Fields, name string, s *string) *civil.Date {
	if s == nil {
		return nil
	}
	if *s == "" {
		return &civil.Date{}
	}
	d, err := civil.Parse(*s)
	if err != nil {
		f.Add(name, "error.bad_date")
		return nil
	}
	return &d
}
