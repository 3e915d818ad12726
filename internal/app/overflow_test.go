package app_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/store"
)

// Two statistics near int64's limit, written around the service, used to
// overflow every sum over them: rankings, the national and city dashboards
// answered 500 for everyone. Now the one figure says it is out of range and
// everything else answers; and the service refuses such values.
func TestHugeStatisticsSpoilOneFigureOnly(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			ctx := context.Background()
			zibo := env.IDs.Zones["zibo"]
			err := env.DB.Transact(ctx, func(tx *store.Tx) error {
				for _, ym := range []int{202301, 202302} {
					if _, err := tx.Exec(ctx, `INSERT INTO stat_entries (zone_id, indicator, from_ym, to_ym, value, entered_by_name, entered_at)
						VALUES (?, 'stat.gross_output', ?, ?, ?, 'probe', '2023-12-01T00:00:00.000000Z')`, zibo, ym, ym, int64(math.MaxInt64)); err != nil {
						return err
					}
					if _, err := tx.Exec(ctx, `INSERT INTO rollups (zone_id, indicator, dim, ym, value) VALUES (?, 'stat.gross_output', '', ?, ?)`,
						zibo, ym, int64(math.MaxInt64)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			nat := env.Login("national")
			const period = "from=2023-01&to=2023-11"
			for _, path := range []string{
				"/api/v1/indicators/stat.gross_output/ranking?scope=national&" + period,
				"/api/v1/indicators/stat.gross_output/ranking?scope=city&area=zibo&" + period,
				"/api/v1/zones/zibo/dashboard?" + period,
			} {
				if resp := env.Do(nat, "GET", path, nil); resp.Status != 200 {
					t.Errorf("%s: %d %s", path, resp.Status, resp.Body)
				}
			}
			var fig struct {
				Value   *float64 `json:"value"`
				Problem string   `json:"problem"`
			}
			resp := env.Do(nat, "GET", "/api/v1/indicators/stat.gross_output?zone=zibo&"+period, nil)
			resp.JSON(t, &fig)
			if resp.Status != 200 || fig.Value != nil || !strings.Contains(fig.Problem, "stat.gross_output") {
				t.Errorf("the figure: %d %s, want 200 with no value and the problem", resp.Status, resp.Body)
			}
			c := browser(t)
			base := env.Server.URL
			_, page := get(t, c, base+"/login")
			post(t, c, base+"/login", map[string][]string{"csrf": {csrfRe.FindStringSubmatch(page)[1]}, "username": {"national"}, "password": {apptest.Password}})
			for _, path := range []string{"/dashboard/national?" + period, "/cities/370300/dashboard?" + period, "/zones/zibo/dashboard?" + period} {
				if st, _ := get(t, c, base+path); st != 200 {
					t.Errorf("page %s = %d", path, st)
				}
			}
			// The service refuses implausible values, per unit.
			admin := env.Login("zibo-admin")
			for _, b := range []map[string]any{
				{"indicator": "stat.business_env", "from": "2023-11", "to": "2023-11", "value": 10001},
				{"indicator": "stat.gross_output", "from": "2023-10", "to": "2023-10", "value": int64(1e15)},
				{"indicator": "stat.employees", "from": "2023-11", "to": "2023-11", "value": int64(1e9)},
			} {
				var e errBody
				resp := env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", b)
				resp.JSON(t, &e)
				if resp.Status != 422 || e.Error.Fields["value"] == "" {
					t.Errorf("%v: %d %s, want 422 on value", b, resp.Status, resp.Body)
				}
			}
		})
	}
}
