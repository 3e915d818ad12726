package app_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The projects dashboard's API gives what its page shows: in September
// 2022 Foshan finished one project, the lighthouse's, 101 days ahead; over
// 2022 the months' investment adds up to the period's, and the projects by
// status add up to the count.
func TestProjectDashboardAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin := env.Login("foshan-admin")
			type dash struct {
				Zone    string
				Figures []struct {
					Indicator string
					Value     *json.Number
				}
				ByStatus []struct {
					Status string
					Count  int64
				} `json:"by_status"`
				CompletedOnTime int64 `json:"completed_on_time"`
				Timing          []struct {
					Indicator, Timing string
					Count             int64
				}
				Months []struct {
					Month        string
					CompletedFen *int64 `json:"completed_fen"`
				}
			}
			get := func(q string) (d dash, fig map[string]string) {
				r := env.Do(admin, "GET", "/api/v1/zones/foshan/projects/dashboard"+q, nil)
				if r.Status != 200 {
					t.Fatalf("dashboard%s: %d %s", q, r.Status, r.Body)
				}
				r.JSON(t, &d)
				fig = map[string]string{}
				for _, f := range d.Figures {
					if f.Value != nil {
						fig[f.Indicator] = f.Value.String()
					}
				}
				return d, fig
			}
			d, fig := get("?from=2022-09&to=2022-09")
			if d.Zone != "foshan" || fig["project.completed"] != "1" || fig["project.avg_days_ahead"] != "101" || d.CompletedOnTime != 1 {
				t.Errorf("September 2022: zone %q, completed %q, days ahead %q, on time %d; want foshan, 1, 101, 1",
					d.Zone, fig["project.completed"], fig["project.avg_days_ahead"], d.CompletedOnTime)
			}
			for _, x := range d.Timing {
				want := int64(0)
				if x.Indicator == "project.completed" && x.Timing == "ahead" {
					want = 1
				}
				if x.Indicator == "project.completed" && x.Count != want {
					t.Errorf("finished %s: %d, want %d", x.Timing, x.Count, want)
				}
			}

			d, fig = get("?from=2022-01&to=2022-12")
			if len(d.Months) != 12 || d.Months[0].Month != "2022-01" {
				t.Fatalf("months: %+v", d.Months)
			}
			var sum int64
			for _, m := range d.Months {
				if m.CompletedFen != nil {
					sum += *m.CompletedFen
				}
			}
			if fig["project.investment"] == "" || fig["project.investment"] != itoa64(sum) {
				t.Errorf("months add up to %d, the period's investment is %q", sum, fig["project.investment"])
			}
			var held int64
			for _, s := range d.ByStatus {
				held += s.Count
			}
			if len(d.ByStatus) != 5 || fig["project.count"] != itoa64(held) {
				t.Errorf("by status %+v add up to %d, count %q", d.ByStatus, held, fig["project.count"])
			}

			r := env.Do(admin, "GET", "/api/v1/zones/foshan/projects/dashboard?from=2022-13", nil)
			if r.Status != 422 {
				t.Errorf("bad month: %d, want 422", r.Status)
			}
		})
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
