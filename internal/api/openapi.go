package api

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

// Op documents one operation for the OpenAPI document.
type Op struct {
	Summary  string
	Tag      string
	Request  string         // schema name of the JSON body, "" for none
	Response string         // schema name of the success body, "" for none
	Status   int            // success status (200 when 0)
	Query    []string       // query parameters
	Schemas  map[string]any // extra schemas this op brings (later modules)
}

// Docs maps "METHOD pattern" to its documentation. Later modules add theirs
// with their routes; the OpenAPI test fails on a route without one.
type Docs map[string]Op

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func obj(props map[string]any, required ...string) map[string]any {
	m := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		m["required"] = required
	}
	return m
}

var (
	tStr  = map[string]any{"type": "string"}
	tInt  = map[string]any{"type": "integer", "format": "int64"}
	tBool = map[string]any{"type": "boolean"}
	tDate = map[string]any{"type": "string", "format": "date"}
	tFen  = map[string]any{"type": "integer", "format": "int64", "description": "amount in fen (分)"}
)

// pageOf is the schema of a page of item: its items and, when there are
// more, the cursor of the next page (pass it as cursor; limit is 1–200,
// default 50).
func pageOf(item string) map[string]any {
	return obj(map[string]any{"items": map[string]any{"type": "array", "items": ref(item)},
		"next": map[string]any{"type": "string", "description": "cursor of the next page; absent on the last page"}}, "items")
}

func baseSchemas() map[string]any {
	enterprise := map[string]any{
		"id": tInt, "uscc": tStr, "name": tStr, "zone": tStr, "zone_id": tInt, "zone_name": tStr, "park_id": tInt, "park_name": tStr,
		"nature": tStr, "industry": tStr, "reg_capital_fen": tFen, "paid_capital_fen": tFen, "founded_on": tDate,
		"listing":      map[string]any{"type": "string", "enum": []string{"none", "neeq", "a_share", "hk", "other"}},
		"contact_name": tStr, "contact_phone": tStr, "contact_email": tStr, "settled_on": tDate, "pledge_signed": tBool,
		"pledge_on": tDate, "version": tInt,
	}
	body := map[string]any{}
	for k, v := range enterprise {
		if k != "id" && k != "zone_id" && k != "zone_name" && k != "park_name" {
			body[k] = v
		}
	}
	return map[string]any{
		"Error": obj(map[string]any{"error": obj(map[string]any{
			"code": tStr, "message": tStr, "request_id": tStr,
			"fields": map[string]any{"type": "object", "additionalProperties": tStr},
		}, "code", "message")}, "error"),
		"Login":           obj(map[string]any{"username": tStr, "password": tStr}, "username", "password"),
		"Session":         obj(map[string]any{"token": tStr, "csrf_token": tStr, "expires_at": tStr}, "token"),
		"Me":              obj(map[string]any{"user": ref("User"), "lang": tStr, "csrf_token": tStr}),
		"Created":         obj(map[string]any{"id": tInt}, "id"),
		"Zone":            obj(map[string]any{"id": tInt, "slug": tStr, "name": tStr, "name_en": tStr, "kind": tStr, "city": tStr, "province": tStr, "level": tStr}),
		"ZoneList":        obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Zone")}}, "items"),
		"NewArea":         obj(map[string]any{"slug": tStr, "name": tStr, "name_en": tStr, "kind": tStr, "level": tStr, "gb_code": tStr, "city_code": tStr}, "slug", "name", "kind", "city_code"),
		"Park":            obj(map[string]any{"id": tInt, "zone_id": tInt, "name": tStr, "name_en": tStr}),
		"ParkList":        obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Park")}}, "items"),
		"NewPark":         obj(map[string]any{"name": tStr, "name_en": tStr}, "name"),
		"Enterprise":      obj(enterprise),
		"EnterpriseBody":  obj(body),
		"EnterprisePage":  obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Enterprise")}, "next": tStr}, "items"),
		"AuditRecord":     obj(map[string]any{"seq": tInt, "at": tStr, "actor": tStr, "action": tStr, "entity": tStr, "entity_id": tInt, "before": map[string]any{}, "after": map[string]any{}, "hash": tStr}),
		"History":         pageOf("AuditRecord"),
		"User":            obj(map[string]any{"id": tInt, "username": tStr, "display_name": tStr, "role": tStr, "region_code": tStr, "zone_id": tInt, "zone": tStr, "enterprise_id": tInt, "lang": tStr, "disabled": tBool}),
		"UserList":        pageOf("User"),
		"NewUser":         obj(map[string]any{"username": tStr, "display_name": tStr, "password": tStr, "role": tStr, "region_code": tStr, "zone_id": tInt, "enterprise_id": tInt}, "username", "password", "role"),
		"Password":        obj(map[string]any{"password": tStr}, "password"),
		"Token":           obj(map[string]any{"id": tInt, "name": tStr, "created_at": tStr, "last_used_at": tStr, "revoked_at": tStr}),
		"TokenList":       pageOf("Token"),
		"NewToken":        obj(map[string]any{"name": tStr}, "name"),
		"TokenSecret":     obj(map[string]any{"id": tInt, "token": tStr}, "id", "token"),
		"OpenAPIDocument": map[string]any{"type": "object"},
	}
}

// BaseDocs documents the foundation routes.
func BaseDocs() Docs {
	return Docs{
		"GET /api/v1/openapi.json":             {Summary: "This document", Tag: "meta", Response: "OpenAPIDocument"},
		"POST /api/v1/session":                 {Summary: "Sign in; returns a session token and sets the session cookie", Tag: "session", Request: "Login", Response: "Session", Status: 201},
		"DELETE /api/v1/session":               {Summary: "Sign out", Tag: "session", Status: 204},
		"GET /api/v1/me":                       {Summary: "The signed-in user", Tag: "session", Response: "Me"},
		"GET /api/v1/zones":                    {Summary: "High-tech zones the caller may see", Tag: "zones", Response: "ZoneList"},
		"GET /api/v1/areas":                    {Summary: "Zones and counties/districts the caller may see", Tag: "zones", Response: "ZoneList", Query: []string{"kind"}},
		"POST /api/v1/areas":                   {Summary: "Add a zone or county (national, province)", Tag: "zones", Request: "NewArea", Response: "Created", Status: 201},
		"GET /api/v1/zones/{slug}/parks":       {Summary: "Parks of a zone", Tag: "zones", Response: "ParkList"},
		"POST /api/v1/zones/{slug}/parks":      {Summary: "Add a park to a zone (national, province)", Tag: "zones", Request: "NewPark", Response: "Created", Status: 201},
		"GET /api/v1/enterprises":              {Summary: "Enterprises, searched and filtered, keyset-paginated", Tag: "enterprises", Response: "EnterprisePage", Query: []string{"q", "zone", "nature", "industry", "listing", "cursor", "limit"}},
		"POST /api/v1/enterprises":             {Summary: "Add an enterprise to the caller's zone", Tag: "enterprises", Request: "EnterpriseBody", Response: "Created", Status: 201},
		"GET /api/v1/enterprises/{id}":         {Summary: "One enterprise", Tag: "enterprises", Response: "Enterprise"},
		"PATCH /api/v1/enterprises/{id}":       {Summary: "Change an enterprise (send version to guard against lost updates)", Tag: "enterprises", Request: "EnterpriseBody", Response: "Enterprise"},
		"GET /api/v1/enterprises/{id}/history": {Summary: "Change history of an enterprise, newest first, keyset-paginated", Tag: "enterprises", Response: "History", Query: listq.PageParams},
		"GET /api/v1/users":                    {Summary: "Users the caller manages, by username, keyset-paginated", Tag: "users", Response: "UserList", Query: listq.PageParams},
		"POST /api/v1/users":                   {Summary: "Add a user", Tag: "users", Request: "NewUser", Response: "Created", Status: 201},
		"POST /api/v1/users/{id}/password":     {Summary: "Set a user's password", Tag: "users", Request: "Password", Status: 204},
		"POST /api/v1/users/{id}/disable":      {Summary: "Disable a user", Tag: "users", Status: 204},
		"POST /api/v1/users/{id}/enable":       {Summary: "Enable a user", Tag: "users", Status: 204},
		"GET /api/v1/tokens":                   {Summary: "The caller's API tokens, newest first, keyset-paginated", Tag: "tokens", Response: "TokenList", Query: listq.PageParams},
		"POST /api/v1/tokens":                  {Summary: "Create an API token (shown once)", Tag: "tokens", Request: "NewToken", Response: "TokenSecret", Status: 201},
		"DELETE /api/v1/tokens/{id}":           {Summary: "Revoke an API token", Tag: "tokens", Status: 204},
	}
}

// Document builds the OpenAPI 3.1 document for routes.
func Document(routes []httpx.Route, docs Docs) map[string]any {
	paths := map[string]any{}
	schemas := baseSchemas()
	keys := make([]string, 0, len(routes))
	for _, rt := range routes {
		if rt.Kind == httpx.API {
			keys = append(keys, rt.Method+" "+rt.Pattern)
		}
	}
	sort.Strings(keys)
	errResp := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	for _, k := range keys {
		method, path, _ := strings.Cut(k, " ")
		d := docs[k]
		for n, s := range d.Schemas {
			schemas[n] = s
		}
		status := d.Status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": http.StatusText(status)}
		if d.Response != "" {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(d.Response)}}
		}
		op := map[string]any{
			"summary":     d.Summary,
			"operationId": strings.ToLower(method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(path),
			"tags":        []string{d.Tag},
			"responses":   map[string]any{strconv.Itoa(status): ok, "default": errResp},
		}
		var params []any
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") {
				params = append(params, map[string]any{"name": strings.Trim(seg, "{}"), "in": "path", "required": true, "schema": tStr})
			}
		}
		for _, q := range d.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": tStr})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if d.Request != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(d.Request)}}}
		}
		pm, _ := paths[path].(map[string]any)
		if pm == nil {
			pm = map[string]any{}
			paths[path] = pm
		}
		pm[strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "innopark API", "version": "1", "description": "Operating platform for high-tech zones. Amounts are integer fen; dates YYYY-MM-DD."},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": httpx.SessionCookie},
			},
		},
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
	}
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	return httpx.JSON(w, http.StatusOK, Document(a.Routes(), a.docs()))
}

func (a *API) docs() Docs {
	d := BaseDocs()
	for _, m := range []Docs{contractDocs(), indicatorDocs(), importDocs()} {
		for k, v := range m {
			d[k] = v
		}
	}
	return d
}
