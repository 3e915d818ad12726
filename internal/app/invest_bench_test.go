//go:build unix

package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/store"
)

// BenchmarkInvestPages times a zone's investment dashboard and pipeline
// board through the whole handler (session, zone, queries, template), cold
// (figure cache off, as `serve --figure-cache 0`), and reports the
// statements each request runs (queries/op) and the process's CPU time
// per request (cpu-µs/op: user and system, the server's work, which a
// loaded machine's waits do not inflate as they do ns/op). On the demo (Qiqihar) by
// default; on a generated data set with INNOPARK_BENCH_DB (its users'
// password in INNOPARK_PASSWORD, zones round-robin from
// INNOPARK_BENCH_ZONES or the 40 with the most projects):
//
//	INNOPARK_BENCH_DB=postgres://…/ipk_inv_20000_50000 INNOPARK_PASSWORD=… \
//	  go test -run XXX -bench InvestPages -cpuprofile cpu.out ./internal/app/
func BenchmarkInvestPages(b *testing.B) {
	ctx := context.Background()
	h, token, zones := investBenchApp(b, ctx)
	for _, page := range []struct{ name, suffix string }{{"dashboard", ""}, {"board", "/board"}} {
		b.Run(page.name, func(b *testing.B) {
			var queries int64
			i := 0
			cpu0 := cpuTime(b)
			for b.Loop() {
				qctx, c := store.CountQueries(ctx)
				req := httptest.NewRequestWithContext(qctx, http.MethodGet, "/zones/"+zones[i%len(zones)]+"/investment"+page.suffix, nil)
				req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: token})
				req.Header.Set("Accept-Language", "zh-CN")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", req.URL.Path, rec.Code, rec.Body.String())
				}
				queries += c.N()
				i++
			}
			b.ReportMetric(float64(queries)/float64(i), "queries/op")
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(i), "cpu-µs/op")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// investBenchApp is the app the benchmark times, a signed-in national
// user's session and the zones to ask for.
func investBenchApp(b *testing.B, ctx context.Context) (http.Handler, string, []string) {
	url := os.Getenv("INNOPARK_BENCH_DB")
	if url == "" {
		env := apptest.Start(b, "postgres")
		token := env.Login("national")
		env.App.Indicators.Cache = nil
		return env.App.Handler(), token, []string{"qiqihar"}
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cfg := app.Defaults()
	cfg.FigureCache = 0
	a, err := app.Open(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Shutdown(context.Background()) })
	h := a.Handler()
	body, _ := json.Marshal(map[string]string{"username": "national", "password": os.Getenv("INNOPARK_PASSWORD")})
	req := httptest.NewRequest(http.MethodPost, "/api/v1/session", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		b.Fatalf("login: %d %s", rec.Code, rec.Body.String())
	}
	var out struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		b.Fatal(err)
	}
	var zones []string
	if z := os.Getenv("INNOPARK_BENCH_ZONES"); z != "" {
		zones = strings.Split(z, ",")
	} else {
		rows, err := db.Read().Query(ctx, `SELECT a.slug FROM areas a JOIN (SELECT zone_id, COUNT(*) n FROM invest_projects GROUP BY zone_id) p
			ON p.zone_id = a.id ORDER BY p.n DESC, a.id LIMIT 40`)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				b.Fatal(err)
			}
			zones = append(zones, s)
		}
	}
	if len(zones) == 0 {
		b.Fatal("no zones with investment projects")
	}
	return h, out.Token, zones
}
