package store_test

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store/storetest"
)

// BenchmarkDashboard is the zone dashboard's figures on the demo data (the
// bench script measures the same over HTTP on the national data set).
func BenchmarkDashboard(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, engine)
			res, err := demo.Load(ctx, db, "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", demo.Contracts, demo.Indicators)
			if err != nil {
				b.Fatal(err)
			}
			svc := indService(db)
			staff := indActors(res.IDs)["yulin-admin"]
			p := ytd(2023, 11)
			spec := indicator.DefaultDashboard()
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.Dashboard(ctx, staff, "yulin", p, spec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
