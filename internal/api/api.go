// Package api is the JSON API under /api/v1. Handlers decode, call a domain
// service with the request's actor, and encode; errors go back to the
// server's one adapter. The OpenAPI document (openapi.go) lists the same
// routes, and a test keeps the two in step.
package api

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/innopark/innopark/internal/api/apitypes"
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
	eps := a.endpoints()
	out := make([]httpx.Route, 0, len(eps))
	for _, e := range eps {
		out = append(out, e.route())
	}
	return out
}

// endpoints lists the API's endpoints with their documentation.
func (a *API) endpoints() []endpoint {
	eps := a.baseEndpoints()
	// Each module lists its endpoints in its own file.
	eps = append(eps, a.contractEndpoints()...)
	eps = append(eps, a.indicatorEndpoints()...)
	eps = append(eps, a.bulletinEndpoints()...)
	eps = append(eps, a.importEndpoints()...)
	eps = append(eps, a.honourEndpoints()...)
	eps = append(eps, a.orgTalentEndpoints()...)
	eps = append(eps, a.orgImportEndpoints()...)
	eps = append(eps, a.investEndpoints()...)
	eps = append(eps, a.investImportEndpoints()...)
	eps = append(eps, a.projectEndpoints()...)
	return eps
}

// baseEndpoints lists the foundation's endpoints: session, zones,
// enterprises, users and tokens.
func (a *API) baseEndpoints() []endpoint {
	const conflict, limited = http.StatusConflict, http.StatusTooManyRequests
	var (
		created0 = created(apitypes.Created{})
		zones    = ok(apitypes.ListOf[apitypes.Zone](nil))
	)
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/openapi.json", Handler: a.openAPI, Public: true,
			Op: Op{Summary: "This document", Tag: "meta", OK: []Resp{ok(apitypes.OpenAPIDocument{})}}},
		{Method: "POST", Pattern: "/api/v1/session", Handler: a.login, Public: true,
			Op: Op{Summary: "Sign in; returns a session token and sets the session cookie", Tag: "session", Body: apitypes.Login{},
				OK: []Resp{created(apitypes.Session{})}, Errors: []int{limited}}},
		{Method: "DELETE", Pattern: "/api/v1/session", Handler: a.logout,
			Op: Op{Summary: "Sign out", Tag: "session", OK: []Resp{noContent}}},
		{Method: "GET", Pattern: "/api/v1/me", Handler: a.me,
			Op: Op{Summary: "The signed-in user", Tag: "session", OK: []Resp{ok(apitypes.Me{})}}},
		{Method: "GET", Pattern: "/api/v1/zones", Handler: a.listZones,
			Op: Op{Summary: "High-tech zones the caller may see, by province, city, then id", Tag: "zones", OK: []Resp{zones}}},
		{Method: "GET", Pattern: "/api/v1/areas", Handler: a.listAreas,
			Op: Op{Summary: "Zones and counties/districts the caller may see, by province, city, kind, then id", Tag: "zones",
				Query: apitypes.AreaQuery{}, OK: []Resp{zones}}},
		{Method: "POST", Pattern: "/api/v1/areas", Handler: a.createArea,
			Op: Op{Summary: "Add a zone or county (national, province); areas have no URL of their own, so Location names the list that holds it", Tag: "zones",
				Body: apitypes.NewArea{}, OK: []Resp{created0}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/parks", Handler: a.listParks,
			Op: Op{Summary: "Parks of a zone, by id", Tag: "zones", OK: []Resp{ok(apitypes.ListOf[apitypes.Park](nil))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/parks", Handler: a.createPark,
			Op: Op{Summary: "Add a park to a zone (national, province); Location names the zone's parks, which hold it", Tag: "zones",
				Body: apitypes.NewPark{}, OK: []Resp{created0}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/enterprises", Handler: a.listEnterprises,
			Op: Op{Summary: "Enterprises, searched and filtered, by name then id, keyset-paginated", Tag: "enterprises",
				Query: apitypes.EnterpriseQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Enterprise](nil, ""))},
				Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}}},
		{Method: "POST", Pattern: "/api/v1/enterprises", Handler: a.createEnterprise,
			Op: Op{Summary: "Add an enterprise to the caller's zone", Tag: "enterprises", Body: apitypes.NewEnterprise{},
				OK: []Resp{created0}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}", Handler: a.getEnterprise,
			Op: Op{Summary: "One enterprise", Tag: "enterprises", OK: []Resp{ok(apitypes.Enterprise{})}}},
		{Method: "PATCH", Pattern: "/api/v1/enterprises/{id}", Handler: a.patchEnterprise,
			Op: Op{Summary: "Change an enterprise (version required: a change made since it was read is a conflict)", Tag: "enterprises",
				Body: apitypes.EnterprisePatch{}, OK: []Resp{ok(apitypes.Enterprise{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}/history", Handler: a.enterpriseHistory,
			Op: Op{Summary: "Change history of an enterprise, newest first, keyset-paginated", Tag: "enterprises",
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.AuditRecord](nil, ""))}}},
		{Method: "GET", Pattern: "/api/v1/users", Handler: a.listUsers,
			Op: Op{Summary: "Users the caller manages, by username then id, keyset-paginated", Tag: "users", Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.User](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/users", Handler: a.createUser, NoToken: true,
			Op: Op{Summary: "Add a user; users have no URL of their own, so Location names the list that holds it", Tag: "users", Body: apitypes.NewUser{},
				OK: []Resp{created0}, Errors: []int{conflict}}},
		{Method: "PATCH", Pattern: "/api/v1/users/{id}", Handler: a.patchUser,
			Op: Op{Summary: "Change a user's display name (the caller's own, or one of the users the caller manages); the same rules as the users page", Tag: "users",
				Body: apitypes.UserPatch{}, OK: []Resp{noContent}}},
		{Method: "POST", Pattern: "/api/v1/users/{id}/password", Handler: a.setPassword, NoToken: true,
			Op: Op{Summary: "Set a user's password", Tag: "users", Body: apitypes.Password{}, OK: []Resp{noContent}}},
		{Method: "POST", Pattern: "/api/v1/users/{id}/disable", Handler: a.disableUser(true),
			Op: Op{Summary: "Disable a user", Tag: "users", OK: []Resp{noContent}}},
		{Method: "POST", Pattern: "/api/v1/users/{id}/enable", Handler: a.disableUser(false),
			Op: Op{Summary: "Enable a user", Tag: "users", OK: []Resp{noContent}}},
		{Method: "GET", Pattern: "/api/v1/tokens", Handler: a.listTokens,
			Op: Op{Summary: "The caller's API tokens, newest first, keyset-paginated", Tag: "tokens", Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Token](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/tokens", Handler: a.createToken, NoToken: true,
			Op: Op{Summary: "Create an API token (its secret is shown once)", Tag: "tokens", Body: apitypes.NewToken{},
				OK: []Resp{created(apitypes.TokenSecret{})}}},
		{Method: "DELETE", Pattern: "/api/v1/tokens/{id}", Handler: a.revokeToken,
			Op: Op{Summary: "Revoke an API token", Tag: "tokens", OK: []Resp{noContent}}},
	}
}

// Areas lists the API's areas (its tags), which a token's scope may name.
func (a *API) Areas() []string {
	var out []string
	for _, e := range a.endpoints() {
		if e.Tag != "" && !slices.Contains(out, e.Tag) {
			out = append(out, e.Tag)
		}
	}
	slices.Sort(out)
	return out
}

// located answers 201 with body, Location naming the new resource.
func located(w http.ResponseWriter, location string, body any) error {
	w.Header().Set("Location", location)
	return httpx.JSON(w, http.StatusCreated, body)
}

func idPath(prefix string, id int64, suffix string) string {
	return prefix + strconv.FormatInt(id, 10) + suffix
}

// decodeJSON is httpx.DecodeJSON for bodies that embed a struct of shared
// fields (apitypes.EnterpriseFields): a field of the wrong type is named as
// the client wrote it, without the embedded struct's Go name.
func decodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, v any) error {
	err := httpx.DecodeJSON(w, r, maxBytes, v)
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	fields := errs.Fields{}
	for name, m := range e.Fields {
		parts := strings.Split(name, ".")
		for len(parts) > 1 && parts[0] != "" && unicode.IsUpper(rune(parts[0][0])) {
			parts = parts[1:]
		}
		fields[strings.Join(parts, ".")] = m
	}
	e.Fields = fields
	return e
}

// PathID reads a numeric path parameter.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found", errs.M("entity.page"))
	}
	return id, nil
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.Login
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	res, err := a.Auth.Login(r.Context(), body.Username, body.Password, httpx.GetInfo(r.Context()).Client)
	if err != nil {
		return err
	}
	a.Cookies.SetSession(w, res.Token, a.Auth.SessionTTL)
	return located(w, "/api/v1/session", apitypes.Session{Token: res.Token, CSRFToken: res.CSRF,
		ExpiresAt: a.Auth.Now().Add(a.Auth.SessionTTL).UTC().Truncate(time.Second)})
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
	out := apitypes.Me{User: userOut(info.User), Lang: apitypes.Lang(info.Lang)}
	if info.ViaCookie {
		out.CSRFToken = info.CSRF
	}
	return httpx.JSON(w, http.StatusOK, out)
}

func zoneOut(z zone.Area) apitypes.Zone {
	return apitypes.Zone{ID: z.ID, Slug: z.Slug, Name: z.Name, NameEN: z.NameEN, Kind: apitypes.AreaKind(z.Kind),
		City: z.CityName, Province: z.ProvinceName, Level: z.Level}
}

func parkOut(p zone.Park) apitypes.Park {
	return apitypes.Park{ID: p.ID, ZoneID: p.ZoneID, Name: p.Name, NameEN: p.NameEN}
}

func (a *API) listZones(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Zones.Areas(r.Context(), httpx.Actor(r), zone.KindZone)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, zoneOut)))
}

func (a *API) listAreas(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Zones.Areas(r.Context(), httpx.Actor(r), r.URL.Query().Get("kind"))
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, zoneOut)))
}

func (a *API) createArea(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.NewArea
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	id, err := a.Zones.CreateArea(r.Context(), httpx.Actor(r), zone.Area{Slug: body.Slug, Name: body.Name, NameEN: body.NameEN,
		Kind: string(body.Kind), Level: body.Level, GBCode: body.GBCode, CityCode: body.CityCode})
	if err != nil {
		return err
	}
	// Areas have no URL of their own: the list holds them.
	return located(w, "/api/v1/areas", apitypes.Created{ID: id})
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
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(parks, parkOut)))
}

func (a *API) createPark(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.NewPark
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	id, err := a.Zones.CreateParkIn(r.Context(), httpx.Actor(r), r.PathValue("slug"), zone.Park{Name: body.Name, NameEN: body.NameEN})
	if err != nil {
		return err
	}
	// Parks have no URL of their own: the zone's list holds them.
	return located(w, "/api/v1/zones/"+url.PathEscape(r.PathValue("slug"))+"/parks", apitypes.Created{ID: id})
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
