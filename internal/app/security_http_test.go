package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
)

// Control characters in any text a client sends are refused with a 422
// naming the field, the same on both engines (PostgreSQL used to answer
// 500 to a NUL, SQLite stored it): JSON bodies of several modules, a query
// parameter, anonymous sign-in, and a page's form.
func TestControlCharactersRefused(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin, nat, ent := env.Login("zibo-admin"), env.Login("national"), env.Login("zibo-ent")
			entID := env.IDs.Enterprises["山东亚华电子股份有限公司"]
			cases := []struct {
				name, token, method, path string
				body                      any
				field                     string
			}{
				{"enterprise name", admin, "POST", "/api/v1/enterprises", map[string]any{"name": "甲\x00乙"}, "name"},
				{"single-line newline", admin, "POST", "/api/v1/enterprises", map[string]any{"name": "甲\n乙"}, "name"},
				{"enterprise contact", ent, "PATCH", fmt.Sprintf("/api/v1/enterprises/%d", entID), map[string]any{"version": 1, "contact_name": "x\x00"}, "contact_name"},
				{"contract buyer", ent, "POST", "/api/v1/contracts", map[string]any{"name": "合同\x00", "buyer": map[string]any{"name": "买方\x00"}}, "buyer.name"},
				{"park name", nat, "POST", "/api/v1/zones/zibo/parks", map[string]any{"name": "园\x00"}, "name"},
				{"display name", admin, "POST", "/api/v1/users", map[string]any{"username": "x-new", "display_name": "a\x00", "password": "long-enough-pw", "role": "zone_staff"}, "display_name"},
				{"token name", admin, "POST", "/api/v1/tokens", map[string]any{"name": "t\x00"}, "name"},
				{"anonymous sign-in", "", "POST", "/api/v1/session", map[string]any{"username": "zibo-admin\x00", "password": "x"}, "username"},
				{"query", admin, "GET", "/api/v1/enterprises?q=" + url.QueryEscape("亚华\x00"), nil, "q"},
				{"escape in JSON", admin, "POST", "/api/v1/enterprises", `{"name":"a\u0007b"}`, "name"},
			}
			for _, c := range cases {
				resp := env.Do(c.token, c.method, c.path, c.body)
				var b errBody
				resp.JSON(t, &b)
				if resp.Status != 422 || b.Error.Fields[c.field] == "" {
					t.Errorf("%s: %d %s, want 422 naming %s", c.name, resp.Status, resp.Body, c.field)
				}
			}
			// A multi-line text keeps its line breaks (a template preview).
			resp := env.Do(admin, "POST", "/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy/preview",
				map[string]any{"headline": "标题", "body": "第一段\n第二段\t"})
			if resp.Status == 422 && strings.Contains(string(resp.Body), "control") {
				t.Errorf("multi-line body refused: %s", resp.Body)
			}
			// A page form: the same refusal, as a page.
			c := browser(t)
			base := env.Server.URL
			_, page := get(t, c, base+"/login")
			m := csrfRe.FindStringSubmatch(page)
			if st, _, _ := post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"zibo-admin\x00"}, "password": {"x"}}); st != 422 {
				t.Errorf("sign-in form with NUL = %d, want 422", st)
			}
			post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"zibo-admin"}, "password": {apptest.Password}})
			_, page = get(t, c, base+"/enterprises/new")
			csrf := csrfRe.FindStringSubmatch(page)[1]
			st, body, _ := post(t, c, base+"/enterprises/new", url.Values{"csrf": {csrf}, "name": {"甲\x00"}, "uscc": {"x"}})
			if st != 422 || !strings.Contains(body, "控制字符") {
				t.Errorf("enterprise form with NUL = %d", st)
			}
		})
	}
}

// Bodies say what they mean once: a key twice is refused, a zone other
// than the caller's is refused rather than replaced, a date before 1900 and
// a password holding the username are refused.
func TestBodyRules(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin := env.Login("weifang-admin")
	check := func(name string, resp apptest.Response, status int, field string) {
		t.Helper()
		var b errBody
		resp.JSON(t, &b)
		if resp.Status != status || (field != "" && b.Error.Fields[field] == "") {
			t.Errorf("%s: %d %s, want %d naming %q", name, resp.Status, resp.Body, status, field)
		}
	}
	check("duplicate key", env.Do(admin, "POST", "/api/v1/tokens", `{"name":"a","name":"b"}`), 400, "name")
	check("nested duplicate", env.Do(admin, "POST", "/api/v1/contracts", `{"buyer":{"name":"a","name":"b"}}`), 400, "buyer.name")
	check("other zone", env.Do(admin, "POST", "/api/v1/enterprises", map[string]any{"zone": "zibo", "name": "甲"}), 422, "zone")
	check("other zone id", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-new", "password": "long-enough-pw",
		"role": "zone_staff", "zone_id": env.IDs.Zones["zibo"]}), 422, "zone_id")
	check("own zone id", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-new", "password": "long-enough-pw",
		"role": "zone_staff", "zone_id": env.IDs.Zones["weifang"]}), 201, "")
	check("password with username", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-other", "password": "my-W-Other-pw",
		"role": "zone_staff"}), 422, "password")
	check("password is username", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-other-long", "password": "w-other-long",
		"role": "zone_staff"}), 422, "password")
	id := env.IDs.Users["weifang-admin"]
	check("own password with username", env.Do(admin, "POST", fmt.Sprintf("/api/v1/users/%d/password", id), map[string]any{"password": "weifang-admin-2024"}), 422, "password")
	check("date before 1900", env.Do(admin, "POST", "/api/v1/enterprises", map[string]any{"name": "甲", "founded_on": "1899-12-31"}), 422, "founded_on")
}

// node starts a second app node on env's database with cfg changed, and
// returns its URL.
func node(t *testing.T, env *apptest.Env, change func(*app.Config)) string {
	t.Helper()
	db, err := openSame(t, env)
	if err != nil {
		t.Fatal(err)
	}
	cfg := apptest.Config(env.Now)
	change(&cfg)
	a, err := app.Open(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Shutdown(context.Background()) })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// signIn posts a sign-in from the client address a trusted proxy names.
func signIn(t *testing.T, base, username, password, client string) int {
	req, _ := http.NewRequest("POST", base+"/api/v1/session", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", client)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Many wrong passwords at once cannot pass the limit (each attempt is
// counted before it is judged), and they lock only the source they come
// from: the national account still signs in from where its user works.
// The source is the client a trusted proxy names.
func TestSignInLimitsUnderParallelGuesses(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			base := node(t, env, func(c *app.Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")} })
			const office, attacker = "198.51.100.7", "203.0.113.9"
			if st := signIn(t, base, "national", apptest.Password, office); st != 201 {
				t.Fatalf("sign-in from the office = %d", st)
			}
			limit := app.Defaults().LoginLimits.PerUser
			const n = 60
			codes := make(chan int, n)
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() { defer wg.Done(); codes <- signIn(t, base, "national", "wrong-guess", attacker) }()
			}
			wg.Wait()
			close(codes)
			count := map[int]int{}
			for c := range codes {
				count[c]++
			}
			if count[401] > limit || count[401] == 0 || count[401]+count[429] != n {
				t.Errorf("parallel guesses: %v, want at most %d answered 401 and the rest 429", count, limit)
			}
			if st := signIn(t, base, "national", apptest.Password, attacker); st != 429 {
				t.Errorf("right password from the locked source = %d, want 429", st)
			}
			if st := signIn(t, base, "national", apptest.Password, office); st != 201 {
				t.Errorf("national from its own source after the attack = %d, want 201", st)
			}
			// A peer that is not a trusted proxy cannot choose its address.
			if st := signIn(t, env.Server.URL, "national", apptest.Password, office); st != 201 {
				t.Errorf("untrusted peer naming the office = %d, want 201 as itself", st)
			}
		})
	}
}

// API tokens have a lifetime and a scope, never open pages or manage
// credentials, and end with the password they were made under.
func TestTokenScopeAndLifetime(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	session := env.Login("zibo-admin")
	mint := func(body map[string]any) string {
		t.Helper()
		resp := env.Do(session, "POST", "/api/v1/tokens", body)
		var out struct{ Token string }
		resp.JSON(t, &out)
		if resp.Status != 201 {
			t.Fatalf("mint %v: %d %s", body, resp.Status, resp.Body)
		}
		return out.Token
	}
	reader := mint(map[string]any{"name": "reader", "read_only": true, "areas": []string{"enterprises"}, "days": 30})
	full := mint(map[string]any{"name": "full"})
	if resp := env.Do(session, "POST", "/api/v1/tokens", map[string]any{"name": "x", "areas": []string{"nowhere"}}); resp.Status != 422 {
		t.Errorf("unknown area = %d", resp.Status)
	}
	if resp := env.Do(session, "POST", "/api/v1/tokens", map[string]any{"name": "x", "days": 400}); resp.Status != 422 {
		t.Errorf("400 days = %d", resp.Status)
	}
	var list struct {
		Items []struct {
			Name      string    `json:"name"`
			CreatedAt time.Time `json:"created_at"`
			ExpiresAt time.Time `json:"expires_at"`
			ReadOnly  bool      `json:"read_only"`
		}
	}
	env.Do(session, "GET", "/api/v1/tokens", nil).JSON(t, &list)
	for _, tk := range list.Items {
		want := map[string]int{"reader": 30, "full": 90}[tk.Name]
		if days := int(tk.ExpiresAt.Sub(tk.CreatedAt).Hours() / 24); days != want || tk.ReadOnly != (tk.Name == "reader") {
			t.Errorf("token %s: %d days, read only %v", tk.Name, days, tk.ReadOnly)
		}
	}
	uid := env.IDs.Users["zibo-admin"]
	cases := []struct {
		name, token, method, path string
		body                      any
		want                      int
	}{
		{"reader reads its area", reader, "GET", "/api/v1/enterprises", nil, 200},
		{"reader may not write", reader, "POST", "/api/v1/enterprises", map[string]any{"name": "甲"}, 403},
		{"reader outside its area", reader, "GET", "/api/v1/contracts", nil, 403},
		{"full token reads", full, "GET", "/api/v1/contracts", nil, 200},
		{"a token cannot mint tokens", full, "POST", "/api/v1/tokens", map[string]any{"name": "more"}, 403},
		{"a token cannot add users", full, "POST", "/api/v1/users", map[string]any{"username": "t-new", "password": "long-enough-pw", "role": "zone_staff"}, 403},
		{"a token cannot set passwords", full, "POST", fmt.Sprintf("/api/v1/users/%d/password", uid), map[string]any{"password": "another-pw-123"}, 403},
		{"a token does not open pages", full, "GET", "/enterprises", nil, 403},
	}
	for _, c := range cases {
		if resp := env.Do(c.token, c.method, c.path, c.body); resp.Status != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, resp.Status, resp.Body, c.want)
		}
	}
	// Past its lifetime a token is refused.
	later := node(t, env, func(c *app.Config) {
		at := env.Now.AddDate(0, 0, 31)
		c.Now = func() time.Time { return at }
	})
	req, _ := http.NewRequest("GET", later+"/api/v1/enterprises", nil)
	req.Header.Set("Authorization", "Bearer "+reader)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("expired token: %v %v, want 401", resp.StatusCode, err)
	}
	// Changing one's password keeps the tokens only when asked; by default
	// (and always for a reset by someone else) they end.
	if resp := env.Do(session, "POST", fmt.Sprintf("/api/v1/users/%d/password", uid), map[string]any{"password": "another-pw-123", "keep_tokens": true}); resp.Status != 204 {
		t.Fatalf("password change: %d %s", resp.Status, resp.Body)
	}
	if resp := env.Do(full, "GET", "/api/v1/me", nil); resp.Status != 200 {
		t.Errorf("kept token after a password change = %d", resp.Status)
	}
	resp := env.Do("", "POST", "/api/v1/session", map[string]string{"username": "zibo-admin", "password": "another-pw-123"})
	var s struct{ Token string }
	resp.JSON(t, &s)
	if resp := env.Do(s.Token, "POST", fmt.Sprintf("/api/v1/users/%d/password", uid), map[string]any{"password": "third-pw-12345"}); resp.Status != 204 {
		t.Fatalf("password change: %d %s", resp.Status, resp.Body)
	}
	if resp := env.Do(full, "GET", "/api/v1/me", nil); resp.Status != 401 {
		t.Errorf("token after a password change = %d, want 401", resp.Status)
	}
}

// The audit chain's head goes to the log at shutdown (and at intervals),
// so a copy lives outside the database for audit verify --head.
func TestAuditHeadLoggedAtShutdown(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	db, err := openSame(t, env)
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	cfg := apptest.Config(env.Now)
	cfg.AuditHeadEvery = 0
	a, err := app.Open(context.Background(), cfg, db, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, err := db.AuditHead(context.Background())
	if err != nil || h.Seq == 0 {
		t.Fatalf("head = %v %v", h, err)
	}
	if !strings.Contains(logs.String(), `msg="audit head"`) || !strings.Contains(logs.String(), h.String()) {
		t.Errorf("shutdown log lacks the head %s:\n%s", h, logs.String())
	}
}
