package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/store"
)

type errBody struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Fields    map[string]string `json:"fields"`
		RequestID string            `json:"request_id"`
	} `json:"error"`
}

func TestAPIErrors(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("zibo-admin")
	var b errBody

	// 422 naming the field, in Chinese by default and English on request.
	resp := env.Do(tok, "POST", "/api/v1/enterprises", map[string]any{"uscc": "9137030012345678X1", "name": "甲", "nature": "150", "industry": "C"})
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Code != "invalid" || !strings.Contains(b.Error.Fields["uscc"], "校验位") {
		t.Errorf("bad code: %d %s", resp.Status, resp.Body)
	}
	// 409 on a duplicate code.
	resp = env.Do(tok, "POST", "/api/v1/enterprises", map[string]any{"uscc": demo.USCCFor("370300", 1), "name": "甲", "nature": "150", "industry": "C"})
	resp.JSON(t, &b)
	if resp.Status != 409 || b.Error.Fields["uscc"] == "" {
		t.Errorf("duplicate: %d %s", resp.Status, resp.Body)
	}
	// 400 on a body that is not JSON; unknown fields are refused too.
	if resp = env.Do(tok, "POST", "/api/v1/enterprises", "{not json"); resp.Status != 400 {
		t.Errorf("bad json: %d", resp.Status)
	}
	resp = env.Do(tok, "POST", "/api/v1/enterprises", `{"nmae":"typo"}`)
	resp.JSON(t, &b)
	if resp.Status != 400 || !strings.Contains(b.Error.Message, "nmae") || b.Error.Fields["nmae"] == "" {
		t.Errorf("unknown field: %d %s", resp.Status, resp.Body)
	}
	// Data after the JSON value is refused with its own message.
	resp = env.Do(tok, "POST", "/api/v1/enterprises", `{"name":"甲"} {"name":"乙"}`)
	resp.JSON(t, &b)
	if resp.Status != 400 || b.Error.Message == "" || strings.Contains(b.Error.Message, "有效的 JSON") {
		t.Errorf("trailing data: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(tok, "POST", "/api/v1/enterprises", "{\"name\":\"\"}\n  "); resp.Status == 400 {
		t.Errorf("trailing white space: %d %s", resp.Status, resp.Body)
	}
	// 422 naming the field for a wrong type.
	resp = env.Do(tok, "POST", "/api/v1/enterprises", `{"reg_capital_fen":"many"}`)
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["reg_capital_fen"] == "" {
		t.Errorf("wrong type: %d %s", resp.Status, resp.Body)
	}
	// Areas: each bad field named at once; a taken slug is a conflict.
	nat := env.Login("national")
	resp = env.Do(nat, "POST", "/api/v1/areas", map[string]any{"slug": "Bad Slug", "name": "", "kind": "zone", "level": "x", "gb_code": "12", "city_code": "999999"})
	resp.JSON(t, &b)
	for _, f := range []string{"slug", "name", "level", "gb_code", "city_code"} {
		if b.Error.Fields[f] == "" {
			t.Errorf("area: no error for %s in %s", f, resp.Body)
		}
	}
	resp = env.Do(nat, "POST", "/api/v1/areas", map[string]any{"slug": "zibo", "name": "重复", "kind": "county", "city_code": "370300"})
	if resp.Status != 409 {
		t.Errorf("duplicate slug: %d %s", resp.Status, resp.Body)
	}
	// 401 without credentials, and with a bad token.
	if resp = env.Do("", "GET", "/api/v1/me", nil); resp.Status != 401 {
		t.Errorf("anonymous: %d", resp.Status)
	}
	if resp = env.Do("ipk_nonsense", "GET", "/api/v1/me", nil); resp.Status != 401 {
		t.Errorf("bad token: %d", resp.Status)
	}
	// 404 for an id that is not a number.
	if resp = env.Do(tok, "GET", "/api/v1/enterprises/abc", nil); resp.Status != 404 {
		t.Errorf("non-numeric id: %d", resp.Status)
	}
	// Unknown API paths and methods answer in JSON too; a 405 says what is allowed.
	resp = env.Do(tok, "GET", "/api/v1/no-such-thing", nil)
	resp.JSON(t, &b)
	if resp.Status != 404 || b.Error.Code != "not_found" || b.Error.Message == "" {
		t.Errorf("unknown path: %d %s", resp.Status, resp.Body)
	}
	resp = env.Do(tok, "DELETE", "/api/v1/enterprises", nil)
	resp.JSON(t, &b)
	if resp.Status != 405 || b.Error.Code != "method_not_allowed" || resp.Header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("wrong method: %d %s Allow=%q", resp.Status, resp.Body, resp.Header.Get("Allow"))
	}
	if resp = env.Do(tok, "GET", "/no-such-page", nil); resp.Status != 404 || strings.Contains(resp.Header.Get("Content-Type"), "json") {
		t.Errorf("unknown page: %d %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	// 429 after too many failed sign-ins.
	for i := 0; i < 10; i++ {
		env.Do("", "POST", "/api/v1/session", map[string]string{"username": "zibo-staff", "password": "wrong"})
	}
	resp = env.Do("", "POST", "/api/v1/session", map[string]string{"username": "zibo-staff", "password": apptest.Password})
	if resp.Status != 429 || resp.Header.Get("Retry-After") != "900" {
		t.Errorf("after 10 failures: %d Retry-After %q, want 429 and the 15 minutes left", resp.Status, resp.Header.Get("Retry-After"))
	}
	// 413 for an oversized body.
	if resp = env.Do(tok, "POST", "/api/v1/enterprises", `{"name":"`+strings.Repeat("x", 2<<20)+`"}`); resp.Status != 413 {
		t.Errorf("oversized: %d", resp.Status)
	}
	// Every response carries a request id and the security headers.
	if resp.Header.Get("X-Request-Id") == "" || resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers: %v", resp.Header)
	}
}

// An unexpected failure is a 500 with a request id and no internal detail.
func TestInternalErrorHidesDetail(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("national")
	env.DB.Close() // every query now fails with a driver error
	resp := env.Do(tok, "GET", "/api/v1/zones", nil)
	var b errBody
	resp.JSON(t, &b)
	if resp.Status != 500 && resp.Status != 401 {
		t.Fatalf("status %d", resp.Status)
	}
	if resp.Status == 500 {
		if b.Error.Code != "internal" || b.Error.RequestID == "" || b.Error.RequestID != resp.Header.Get("X-Request-Id") {
			t.Errorf("body %s", resp.Body)
		}
		if strings.Contains(strings.ToLower(string(resp.Body)), "sql") {
			t.Errorf("internal detail leaked: %s", resp.Body)
		}
	}
	if r := env.Do("", "GET", "/readyz", nil); r.Status != 503 {
		t.Errorf("readyz with the database closed = %d, want 503", r.Status)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := env.Do("", "GET", p, nil); r.Status != 200 {
			t.Errorf("%s = %d", p, r.Status)
		}
	}
	env.Do("", "GET", "/api/v1/openapi.json", nil)
	// The metrics need a national user's API token on the main listener.
	token := func(user string) string {
		var out struct{ Token string }
		env.Do(env.Login(user), "POST", "/api/v1/tokens", map[string]any{"name": "scrape", "read_only": true}).JSON(t, &out)
		return out.Token
	}
	if r := env.Do("", "GET", "/metrics", nil); r.Status != 401 {
		t.Errorf("anonymous metrics = %d, want 401", r.Status)
	}
	if r := env.Do(env.Login("national"), "GET", "/metrics", nil); r.Status != 401 {
		t.Errorf("metrics with a session = %d, want 401", r.Status)
	}
	if r := env.Do(token("zibo-admin"), "GET", "/metrics", nil); r.Status != 403 {
		t.Errorf("metrics with a zone admin's token = %d, want 403", r.Status)
	}
	r := env.Do(token("national"), "GET", "/metrics", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `innopark_http_requests_total{code="200",method="GET",route="GET /api/v1/openapi.json"}`) {
		t.Errorf("metrics: %d %.500s", r.Status, r.Body)
	}
	// With a listener of their own, the main one has none.
	other := node(t, env, func(c *app.Config) { c.MetricsAddr = "127.0.0.1:0" })
	if resp, err := http.Get(other + "/metrics"); err != nil || resp.StatusCode != 404 {
		t.Errorf("metrics beside --metrics-addr: %v %v, want 404", resp.StatusCode, err)
	}
	// Another node applies a schema step this binary does not know: this
	// node reads as not ready, naming the step, and is drained.
	ctx := context.Background()
	if err := env.DB.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if r := env.Do("", "GET", "/readyz", nil); r.Status != 503 {
		t.Errorf("readyz against a newer schema = %d %s, want 503", r.Status, r.Body)
	}
}

// The OpenAPI document lists exactly the API's routes.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	resp := env.Do("", "GET", "/api/v1/openapi.json", nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	resp.JSON(t, &doc)
	var inDoc, mounted []string
	for p, ops := range doc.Paths {
		for m, op := range ops {
			inDoc = append(inDoc, strings.ToUpper(m)+" "+p)
			var o struct{ Summary string }
			_ = json.Unmarshal(op, &o)
			if o.Summary == "" {
				t.Errorf("%s %s has no summary (no Docs entry)", m, p)
			}
		}
	}
	for _, rt := range env.App.Server.Routes() {
		if rt.Kind == httpx.API {
			mounted = append(mounted, rt.Method+" "+rt.Pattern)
		}
	}
	sort.Strings(inDoc)
	sort.Strings(mounted)
	if strings.Join(inDoc, "\n") != strings.Join(mounted, "\n") {
		t.Errorf("OpenAPI paths differ from mounted API routes:\ndoc:\n%s\nmounted:\n%s", strings.Join(inDoc, "\n"), strings.Join(mounted, "\n"))
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
}

// browser is a cookie-keeping client that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string, http.Header) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// Signing in through the form, CSRF on every form, language toggle, and
// per-field errors on the enterprise form.
func TestWebForms(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	base := env.Server.URL
	c := browser(t)
	if st, _ := get(t, c, base+"/enterprises"); st != 303 {
		t.Fatalf("anonymous page = %d, want redirect to sign-in", st)
	}
	_, page := get(t, c, base+"/login")
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no csrf field on the sign-in form")
	}
	// Without the token: refused.
	if st, _, _ := post(t, c, base+"/login", url.Values{"username": {"zibo-admin"}, "password": {apptest.Password}}); st != 403 {
		t.Errorf("sign-in without csrf = %d", st)
	}
	// Wrong password: the form again, with the message.
	st, body, _ := post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"zibo-admin"}, "password": {"nope"}})
	if st != 401 || !strings.Contains(body, "用户名或密码错误") {
		t.Errorf("wrong password = %d", st)
	}
	st, _, h := post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"zibo-admin"}, "password": {apptest.Password}, "next": {"/enterprises"}})
	if st != 303 || h.Get("Location") != "/enterprises" {
		t.Fatalf("sign-in = %d %s", st, h.Get("Location"))
	}
	if sc := h.Get("Set-Cookie"); !strings.Contains(sc, "innopark_session=") || !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") {
		t.Errorf("session cookie = %q, want HttpOnly and SameSite=Lax", sc)
	}
	st, page = get(t, c, base+"/enterprises/new")
	if st != 200 {
		t.Fatalf("new form = %d", st)
	}
	csrf := csrfRe.FindStringSubmatch(page)[1]
	// A form post with the pre-sign-in token is refused now.
	if st, _, _ := post(t, c, base+"/enterprises/new", url.Values{"csrf": {m[1]}, "name": {"x"}}); st != 403 {
		t.Errorf("stale csrf = %d", st)
	}
	st, body, _ = post(t, c, base+"/enterprises/new", url.Values{"csrf": {csrf}, "name": {""}, "uscc": {"9137030012345678X1"}, "reg_capital_fen": {"12.3456789"}, "founded_on": {"2020-02-30"}})
	if st != 422 {
		t.Fatalf("invalid form = %d", st)
	}
	for _, want := range []string{"校验位错误", "此项为必填项", "最多六位小数", "日期格式"} { // capital in 万元: six decimals are one fen
		if !strings.Contains(body, want) {
			t.Errorf("form errors lack %q", want)
		}
	}
	// An oversized form is refused as too large before anything reads it.
	if st, _, _ := post(t, c, base+"/enterprises/new", url.Values{"csrf": {csrf}, "name": {strings.Repeat("x", 3<<20)}}); st != 413 {
		t.Errorf("oversized form = %d, want 413", st)
	}
	// The language toggle sets a cookie; pages then speak English.
	if st, _ := get(t, c, base+"/lang/en?back=/enterprises"); st != 303 {
		t.Errorf("lang = %d", st)
	}
	if _, page = get(t, c, base+"/enterprises"); !strings.Contains(page, "Enterprises") || !strings.Contains(page, `lang="en"`) {
		t.Errorf("English page not served")
	}
	// An open redirect through back= is not possible.
	resp, _ := c.Get(base + "/lang/zh-CN?back=//evil.example/")
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("back=//evil redirected to %q", loc)
	}
}

// The pages speak the browser's language (Accept-Language: zh… or en…)
// until the user picks one with the toggle, which then wins over it.
func TestPageLanguageFollowsBrowser(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(accept string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", env.Server.URL+"/login", nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for accept, want := range map[string]string{
		"":                             `lang="zh-CN"`,
		"en-US,en;q=0.9":               `lang="en"`,
		"de-DE,de;q=0.9,en;q=0.8":      `lang="en"`,
		"zh-TW,zh;q=0.9,en;q=0.8":      `lang="zh-CN"`,
		"ja,ko;q=0.9":                  `lang="zh-CN"`,
		"en-GB;q=0.5,zh-Hans-CN;q=0.9": `lang="zh-CN"`,
	} {
		if got := page(accept); !strings.Contains(got, want) {
			t.Errorf("Accept-Language %q: page is not %s", accept, want)
		}
	}
	// The toggle's choice wins over the browser's.
	if st, _ := get(t, c, env.Server.URL+"/lang/zh-CN?back=/login"); st != 303 {
		t.Fatalf("lang toggle = %d", st)
	}
	if got := page("en-US,en;q=0.9"); !strings.Contains(got, `lang="zh-CN"`) {
		t.Errorf("an English browser overrode the chosen Chinese")
	}
}

// Two app nodes on one PostgreSQL behave as one: a session opened on one
// works on the other, and failed sign-ins count across both.
func TestTwoNodesShareState(t *testing.T) {
	env := apptest.Start(t, "postgres")
	ctx := context.Background()
	cfg := apptest.Config(env.Now)
	db2, err := openSame(t, env)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := app.Open(ctx, cfg, db2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	node2 := httptest.NewServer(a2.Handler())
	defer node2.Close()
	tok := env.Login("zibo-admin")
	req, _ := http.NewRequest("GET", node2.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("session from node 1 on node 2 = %d", resp.StatusCode)
	}
	for i := 0; i < 5; i++ {
		env.Do("", "POST", "/api/v1/session", map[string]string{"username": "zibo-staff", "password": "wrong"})
		r, _ := http.Post(node2.URL+"/api/v1/session", "application/json", strings.NewReader(`{"username":"zibo-staff","password":"wrong"}`))
		r.Body.Close()
	}
	if r := env.Do("", "POST", "/api/v1/session", map[string]string{"username": "zibo-staff", "password": apptest.Password}); r.Status != 429 {
		t.Errorf("failures on two nodes did not add up: %d", r.Status)
	}
}

func openSame(t *testing.T, env *apptest.Env) (*store.DB, error) {
	db, err := store.Open(context.Background(), env.URL())
	if err == nil {
		t.Cleanup(func() { db.Close() })
	}
	return db, err
}

// The change history shows values as people read them: codes named, money
// in yuan, no float notation, no repeated zone fields.
func TestHistoryReadable(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("zibo-admin")
	id := env.IDs.Enterprises["山东金晶科技股份有限公司"]
	if r := env.Do(tok, "PATCH", fmt.Sprintf("/api/v1/enterprises/%d", id), map[string]any{"listing": "hk", "contact_name": "刘", "version": 1}); r.Status != 200 {
		t.Fatalf("patch = %d %s", r.Status, r.Body)
	}
	r := env.Do(tok, "GET", fmt.Sprintf("/enterprises/%d/history", id), nil)
	body := string(r.Body)
	for _, want := range []string{"A股", "港股", "1428740000.00", "股份有限公司", "刘"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	if strings.Contains(body, "e+") || strings.Count(body, "<td>高新区</td>") > 1 {
		t.Errorf("history shows raw values:\n%s", body)
	}
}
