package app_test

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
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/store/storetest"
)

// newspaperEnv is a generated national data set of 300 areas (180 zones,
// each with contracts, honours, key projects and investment projects) and
// the app on it, with a national user's and a zone admin's session.
type newspaperEnv struct {
	h                 http.Handler
	national, zoneAdm string
}

func newNewspaperEnv(b *testing.B, engine string) newspaperEnv {
	ctx := context.Background()
	db := storetest.Open(b, engine)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	cfg := apptest.Config(now)
	const pw = "newspaper-bench-pw"
	hash, err := cfg.Argon2.Hash(pw)
	if err != nil {
		b.Fatal(err)
	}
	res, err := gen.Run(ctx, db, gen.Options{Contracts: 30_000, Enterprises: 10_000, Areas: 300, Years: 2,
		HonourYears: 2, Projects: 1_000, InvestProjects: 1_000, PasswordHash: hash})
	if err != nil {
		b.Fatal(err)
	}
	if res.Zones != 180 {
		b.Fatalf("%d zones, want 180", res.Zones)
	}
	a, err := app.Open(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Shutdown(context.Background()) })
	env := newspaperEnv{h: a.Handler()}
	login := func(user string) string {
		body, _ := json.Marshal(map[string]string{"username": user, "password": pw})
		rec := env.do("", "POST", "/api/v1/session", body)
		var out struct{ Token string }
		if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			b.Fatalf("login %s: %d %s", user, rec.Code, rec.Body)
		}
		return out.Token
	}
	env.national, env.zoneAdm = login("national"), login("beijing-admin")
	return env
}

func (e newspaperEnv) do(token, method, path string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.RemoteAddr = "127.0.0.1:1234"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// BenchmarkNewspaperPage is the newspaper page (稿件版面, /bulletins/page)
// of all 180 zones for the national reader, right after a change to the
// data (a zone's entered statistic: the figure cache starts over), as the
// Torch Center opens it during a day of registrations. Issue 17's target:
// ≤ 100 ms.
//
//	go test -run XXX -bench NewspaperPage -benchtime 20x ./internal/app/
func BenchmarkNewspaperPage(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			env := newNewspaperEnv(b, engine)
			const page = "/bulletins/page?from=2026-01&to=2026-10"
			first := env.do(env.national, "GET", page, nil)
			if n := strings.Count(first.Body.String(), `class="story"`); first.Code != 200 || n < 100 {
				b.Fatalf("page: %d, %d stories", first.Code, n)
			}
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				stat, _ := json.Marshal(map[string]any{"indicator": "stat.gross_output", "from": "2026-10", "to": "2026-10", "value": 1000 + i})
				if rec := env.do(env.zoneAdm, "POST", "/api/v1/zones/beijing/statistics", stat); rec.Code/100 != 2 {
					b.Fatalf("change: %d %s", rec.Code, rec.Body)
				}
				b.StartTimer()
				if rec := env.do(env.national, "GET", page, nil); rec.Code != 200 {
					b.Fatalf("page: %d", rec.Code)
				}
			}
		})
	}
}
