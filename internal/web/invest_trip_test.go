package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// A trip is opened from the list of trips, and corrected there by the
// zone's investment office (编辑 beside each trip for them only): the
// change moves the trip's count to its new month, a change made meanwhile
// is not overwritten, and dates out of order are refused.
func TestInvestTripEdit(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			staff, city := env.Login("qiqihar-staff"), env.Login("qiqihar-city")
			var id int64
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT id FROM invest_trips WHERE zone_id = ? AND start_on = ?", env.IDs.Zones["qiqihar"], "2023-07-17").Scan(&id); err != nil {
				t.Fatal(err)
			}
			edit := fmt.Sprintf(`href="/investment/trips/%d#trip-form"`, id)
			list := string(env.Do(staff, "GET", "/zones/qiqihar/investment/activities", nil).Body)
			if !strings.Contains(list, fmt.Sprintf(`<a href="/investment/trips/%d">2023-07-17 – 2023-07-19</a>`, id)) || !strings.Contains(list, edit) {
				t.Fatalf("the staff's list of trips neither opens nor edits trip %d", id)
			}
			if list := string(env.Do(city, "GET", "/zones/qiqihar/investment/activities", nil).Body); strings.Contains(list, edit) {
				t.Error("the city, who only reads, is offered 编辑")
			}
			page := env.Do(city, "GET", fmt.Sprintf("/investment/trips/%d", id), nil)
			if page.Status != 200 || !strings.Contains(string(page.Body), "山东 · 济南") || strings.Contains(string(page.Body), `id="trip-form"`) {
				t.Errorf("the city's trip page: HTTP %d, or it offers the form", page.Status)
			}
			page = env.Do(staff, "GET", fmt.Sprintf("/investment/trips/%d", id), nil)
			m := regexp.MustCompile(`name="stamp" value="([0-9a-f]+)"`).FindSubmatch(page.Body)
			if page.Status != 200 || m == nil {
				t.Fatalf("the staff's trip page: HTTP %d, no form", page.Status)
			}
			stamp := string(m[1])
			post := func(stamp, start, end string) apptest.Response {
				return env.Do(staff, "POST", fmt.Sprintf("/investment/trips/%d", id), url.Values{"stamp": {stamp}, "start_on": {start}, "end_on": {end},
					"province": {"山东"}, "city": {"青岛"}, "leader": {"高新区管委会主任（示例）"}, "people": {"6"}, "notes": {"补记"}}.Encode())
			}
			months := func() (jul, aug int) {
				t.Helper()
				q := "SELECT COALESCE(SUM(value), 0) FROM rollups WHERE zone_id = ? AND indicator = 'invest.trips' AND dim = '' AND ym = ?"
				if err := env.DB.Read().QueryRow(t.Context(), q, env.IDs.Zones["qiqihar"], 202307).Scan(&jul); err != nil {
					t.Fatal(err)
				}
				if err := env.DB.Read().QueryRow(t.Context(), q, env.IDs.Zones["qiqihar"], 202308).Scan(&aug); err != nil {
					t.Fatal(err)
				}
				return jul, aug
			}
			jul, aug := months()
			if r := post(stamp, "2023-08-03", "2023-08-01"); r.Status != 422 || !strings.Contains(string(r.Body), `class="err"`) {
				t.Errorf("dates out of order: HTTP %d", r.Status)
			}
			if r := post(stamp, "2023-08-01", "2023-08-03"); r.Status != 303 {
				t.Fatalf("correction: HTTP %d %s", r.Status, errText(r.Body))
			}
			if j, a := months(); j != jul-1 || a != aug+1 {
				t.Errorf("trips by month: July %d → %d, August %d → %d; want the trip moved to August", jul, j, aug, a)
			}
			body := string(env.Do(staff, "GET", fmt.Sprintf("/investment/trips/%d", id), nil).Body)
			if !strings.Contains(body, "山东 · 青岛") || !strings.Contains(body, "6人") || !strings.Contains(body, "补记") {
				t.Error("the page does not show the corrected trip")
			}
			// The form opened before that change is not saved over it.
			if r := post(stamp, "2023-07-17", "2023-07-19"); r.Status != 422 || !strings.Contains(string(r.Body), "该记录已被他人修改") {
				t.Errorf("a stale form: HTTP %d", r.Status)
			}
			// The change is audited.
			var n int
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE entity = 'invest_trip' AND action = 'update' AND entity_id = ?", id).Scan(&n); err != nil || n != 1 {
				t.Errorf("%d audit records, %v", n, err)
			}
		})
	}
}
