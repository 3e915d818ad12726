package api

import (
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/api/schema"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
)

// endpoint is one API route with its documentation: the same value mounts
// the route, checks its query parameters and writes its OpenAPI entry.
type endpoint struct {
	Method, Pattern string
	Handler         httpx.Handler
	Public          bool  // reachable without signing in
	MaxBody         int64 // see httpx.Route.MaxBody
	NoToken         bool  // see httpx.Route.NoToken
	Op
}

// Op documents an operation. Bodies and query parameters are given as
// values of apitypes structs; their schemas are generated from them.
type Op struct {
	Summary string
	Tag     string
	Query   any // a query struct (apitypes.*Query); nil: no parameters
	Body    any // the JSON request body
	Form    any // the multipart/form-data request body
	OK      []Resp
	// Errors lists error statuses beyond those every operation of its
	// shape has (see errorStatuses).
	Errors []int
}

// Resp is a success response.
type Resp struct {
	Status   int
	Body     any      // the JSON body; nil for none
	Media    []string // a file's media types, instead of JSON
	Location bool     // a Location header names the created resource
	Doc      string
}

func ok(body any) Resp      { return Resp{Status: http.StatusOK, Body: body} }
func created(body any) Resp { return Resp{Status: http.StatusCreated, Body: body, Location: true} }
func file(media ...string) Resp {
	for i, m := range media {
		if t, _, err := mime.ParseMediaType(m); err == nil {
			media[i] = t
		}
	}
	return Resp{Status: http.StatusOK, Media: media}
}

var noContent = Resp{Status: http.StatusNoContent}

// route turns e into the server's route, its handler refusing query
// parameters the operation does not document.
func (e endpoint) route() httpx.Route {
	known := map[string]bool{}
	for _, n := range schema.QueryNames(e.Query) {
		known[n] = true
	}
	h := e.Handler
	return httpx.Route{Method: e.Method, Pattern: e.Pattern, Kind: httpx.API, Public: e.Public, MaxBody: e.MaxBody,
		Area: e.Tag, NoToken: e.NoToken,
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			if err := checkQuery(r, known); err != nil {
				return err
			}
			return h(w, r)
		}}
}

// checkQuery refuses the first unknown query parameter, by name order.
func checkQuery(r *http.Request, known map[string]bool) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	var unknown []string
	for k := range r.URL.Query() {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	m := errs.M("api.err.unknown_param", unknown[0])
	return &errs.Error{Kind: errs.BadRequest, Msg: m, Fields: map[string]errs.Msg{unknown[0]: m}}
}

// errorStatuses lists the error statuses an operation answers: 400 (an
// unknown query parameter, a malformed body), 401 (bad credentials) and 422
// (a control character in the query string) for every one; 403 for any that
// needs a role or may need a CSRF token; 404 where the path names a record;
// 413 where a body is read; and the operation's own.
func (e endpoint) errorStatuses() []int {
	set := map[int]bool{http.StatusBadRequest: true, http.StatusUnauthorized: true, http.StatusUnprocessableEntity: true}
	unsafe := e.Method != http.MethodGet
	if !e.Public || unsafe {
		set[http.StatusForbidden] = true
	}
	if strings.Contains(e.Pattern, "{") {
		set[http.StatusNotFound] = true
	}
	if e.Body != nil || e.Form != nil {
		set[http.StatusRequestEntityTooLarge] = true
	}
	for _, s := range e.Errors {
		set[s] = true
	}
	out := make([]int, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}

// pathParam is the schema of a path parameter: ids and years are integers.
func pathParam(name string) map[string]any {
	switch name {
	case "id", "aid":
		return map[string]any{"type": "integer", "format": "int64", "minimum": 1}
	case "year":
		return map[string]any{"type": "integer"}
	}
	return map[string]any{"type": "string"}
}

// Document builds the OpenAPI 3.1 document of the endpoints.
func document(eps []endpoint) map[string]any {
	g := schema.New()
	errRef := g.Of(apitypes.Error{})
	paths := map[string]any{}
	sort.Slice(eps, func(i, j int) bool { return eps[i].Pattern+eps[i].Method < eps[j].Pattern+eps[j].Method })
	for _, e := range eps {
		op := map[string]any{
			"summary":     e.Summary,
			"operationId": operationID(e.Method, e.Pattern),
			"tags":        []string{e.Tag},
			"responses":   responses(g, e, errRef),
		}
		if e.Public {
			op["security"] = []any{}
		}
		var params []any
		for _, seg := range strings.Split(e.Pattern, "/") {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				name = strings.TrimSuffix(name, "}")
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": pathParam(name)})
			}
		}
		for _, p := range g.Query(e.Query) {
			m := map[string]any{"name": p.Name, "in": p.In, "required": p.Required, "schema": p.Schema}
			if p.Doc != "" {
				m["description"] = p.Doc
			}
			params = append(params, m)
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch {
		case e.Body != nil:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": g.Of(e.Body)}}}
		case e.Form != nil:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{"schema": g.Of(e.Form)}}}
		}
		pm, _ := paths[e.Pattern].(map[string]any)
		if pm == nil {
			pm = map[string]any{}
			paths[e.Pattern] = pm
		}
		pm[strings.ToLower(e.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "innopark API", "version": "1",
			"description": "Operating platform for high-tech zones. Amounts are integer fen (fields named *_fen); dates YYYY-MM-DD; " +
				"instants RFC 3339; an absent date or instant is null. A query parameter an operation does not list is refused (400)."},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.Schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": httpx.SessionCookie},
			},
		},
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
	}
}

func operationID(method, pattern string) string {
	return strings.ToLower(method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_", "-", "_").Replace(pattern)
}

func responses(g *schema.Generator, e endpoint, errRef map[string]any) map[string]any {
	out := map[string]any{}
	for _, r := range e.OK {
		m := map[string]any{"description": http.StatusText(r.Status)}
		if r.Doc != "" {
			m["description"] = r.Doc
		}
		switch {
		case r.Body != nil:
			m["content"] = map[string]any{"application/json": map[string]any{"schema": g.Of(r.Body)}}
		case len(r.Media) > 0:
			content := map[string]any{}
			for _, t := range r.Media {
				content[t] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			}
			m["content"] = content
			m["headers"] = map[string]any{"Content-Disposition": map[string]any{"description": "attachment with the file's name",
				"schema": map[string]any{"type": "string"}}}
		}
		if r.Location {
			m["headers"] = map[string]any{"Location": map[string]any{"description": "the created resource", "required": true,
				"schema": map[string]any{"type": "string", "format": "uri-reference"}}}
		}
		out[strconv.Itoa(r.Status)] = m
	}
	for _, s := range e.errorStatuses() {
		out[strconv.Itoa(s)] = map[string]any{"description": http.StatusText(s), "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}
	out["default"] = map[string]any{"description": "internal error: the body has only a request id", "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	return out
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	return httpx.JSON(w, http.StatusOK, a.Document())
}

// Document is the API's OpenAPI document.
func (a *API) Document() map[string]any { return document(a.endpoints()) }
