package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/store"
)

// BenchmarkStartup measures start-up on an existing database: open, check
// migrations, build the app and answer a first request — what `innopark
// serve` does before it serves. Issue target: well under a second.
//
//	go test -run XXX -bench Startup ./internal/app/
func BenchmarkStartup(b *testing.B) {
	ctx := context.Background()
	url := "sqlite:" + filepath.Join(b.TempDir(), "startup.db")
	db, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	cfg := apptest.Config(time.Now())
	if _, err := demo.Load(ctx, db, "x", app.DemoSeeders()...); err != nil {
		b.Fatal(err)
	}
	db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	b.ResetTimer()
	for b.Loop() {
		db, err := store.Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		a, err := app.Open(ctx, cfg, db, logger)
		if err != nil {
			b.Fatal(err)
		}
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != 200 {
			b.Fatalf("readyz = %d", rec.Code)
		}
		db.Close()
	}
}

// BenchmarkDemoLoad measures loading the demo into an empty database
// (issue target: under 3 s).
func BenchmarkDemoLoad(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "demo.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := demo.Load(ctx, db, "x", app.DemoSeeders()...); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
