package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/store"
)

// A zone's investment dashboard costs a fixed number of statements however
// big its pipeline: the session, the zone (looked up by the page and by
// the figures, side by side), the targets and the rollups, the pipeline's
// counts and its flagged projects (BenchmarkInvestPages times it).
func TestInvestDashboardStatements(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			env.App.Indicators.Cache = nil // every request computes its figures
			token := env.Login("national")
			ctx, c := store.CountQueries(context.Background())
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/zones/qiqihar/investment", nil)
			req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: token})
			rec := httptest.NewRecorder()
			env.App.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("dashboard: %d", rec.Code)
			}
			if n := c.N(); n > 7 {
				t.Errorf("the dashboard ran %d statements, want at most 7", n)
			}
		})
	}
}
