// Package apptest runs the whole product in tests: the app on a fresh
// database (SQLite or PostgreSQL) with the demo loaded, behind an
// httptest server, with helpers to sign in and call it.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// Password is every demo user's password in tests.
const Password = "test-password-123"

// Env is a running product.
type Env struct {
	T      testing.TB
	App    *app.App
	DB     *store.DB
	Server *httptest.Server
	IDs    *demo.IDs
	Now    time.Time
	url    string
}

// Config returns a test configuration: cheap password hashing, a fixed clock.
func Config(now time.Time) app.Config {
	cfg := app.Defaults()
	cfg.Argon2 = auth.Argon2{MemoryKiB: 64, Time: 1, Threads: 1}
	cfg.Now = func() time.Time { return now }
	return cfg
}

// Start builds the app with the demo on a fresh database of the engine.
func Start(t testing.TB, engine string) *Env {
	t.Helper()
	return StartWith(t, engine, app.DemoSeeders()...)
}

// StartWith is Start with the demo's foundation and the given module
// seeders only (e.g. the honours without CNIPA's 2023 notice, for a test
// that enters it).
func StartWith(t testing.TB, engine string, seeders ...demo.Seeder) *Env {
	t.Helper()
	return StartAt(t, engine, time.Date(2023, 12, 18, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)), seeders...)
}

// StartAt is StartWith on the clock now: the demo is loaded as on that day
// (its living part extends the zones' records through that month) and the
// app runs on it.
func StartAt(t testing.TB, engine string, now time.Time, seeders ...demo.Seeder) *Env {
	t.Helper()
	ctx := context.Background()
	u := storetest.MigratedURL(t, engine)
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := Config(now)
	hash, err := cfg.Argon2.Hash(Password)
	if err != nil {
		t.Fatal(err)
	}
	res, err := demo.LoadOn(ctx, db, hash, civil.Today(now), seeders...)
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(ctx, cfg, db, logger)
	if err != nil {
		t.Fatal(err)
	}
	// Registered after the database's close, so it runs before it: no
	// background job outlives the test's database.
	t.Cleanup(func() { _ = a.Shutdown(context.Background()) })
	var h http.Handler = a.Handler()
	if recorder != nil {
		h = recorder.wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Env{T: t, App: a, DB: db, Server: srv, IDs: res.IDs, Now: now, url: u}
}

// Login signs a user in through the API and returns the session token.
func (e *Env) Login(username string) string {
	e.T.Helper()
	resp := e.Do("", "POST", "/api/v1/session", map[string]string{"username": username, "password": Password})
	if resp.Status != http.StatusCreated {
		e.T.Fatalf("login %s: %d %s", username, resp.Status, resp.Body)
	}
	var out struct{ Token string }
	resp.JSON(e.T, &out)
	return out.Token
}

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Do sends a request with a bearer token ("" for none). body may be nil, a
// string (sent as is) or any value (sent as JSON). Redirects are not followed.
func (e *Env) Do(token, method, path string, body any) Response {
	e.T.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case Upload:
		ctype, rd = b.encode(e.T)
	case string:
		rd = strings.NewReader(b)
		if strings.Contains(b, "=") && !strings.HasPrefix(b, "{") {
			ctype = "application/x-www-form-urlencoded"
		}
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.Server.URL+path, rd)
	if err != nil {
		e.T.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// URL is the database URL the env runs on (for a second node).
func (e *Env) URL() string { return e.url }
