package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// In a browser, on a phone and a desk: the talent office adds a tier to a
// programme from the programmes page, and corrects a trip from the list of
// trips; the pages fit the phone's width.
func TestBrowserProgrammeAndTripEdit(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	for _, width := range []int{1280, 390} {
		b := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: width, Height: 900})
		b.Do("viewport", chromedp.EmulateViewport(int64(width), 900, chromedp.EmulateScale(1)))
		b.Login("weifang-admin", apptest.Password)
		if st := b.Open("/zones/weifang/talent"); st != 200 {
			t.Fatalf("programmes: HTTP %d", st)
		}
		if st := b.Click(`#programmes section:first-child a.edit-programme`); st != 200 {
			t.Fatalf("edit programme: HTTP %d", st)
		}
		fits := func(what string) {
			ctx, cancel := b.Step()
			defer cancel()
			w, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if w > float64(width)+0.5 {
				t.Errorf("%s is %.0f px wide at %d", what, w, width)
			}
		}
		fits("the programme form")
		// The first empty row: the third, then the fourth.
		row := map[int]string{1280: "3", 390: "4"}[width]
		b.Fill(`input[name="tiers.`+row+`.code"]`, map[int]string{1280: "c", 390: "d"}[width])
		b.Fill(`input[name="tiers.`+row+`.name"]`, "C类（浏览器"+map[int]string{1280: "宽", 390: "窄"}[width]+"）")
		b.Fill(`input[name="tiers.`+row+`.max_wan"]`, "20")
		b.Screenshot("programme-form")
		if st := b.Click("#programme-save"); st != 200 {
			t.Fatalf("save programme: HTTP %d", st)
		}
		if got := b.Text("#programmes section:first-child"); !strings.Contains(got, "C类（浏览器"+map[int]string{1280: "宽", 390: "窄"}[width]+"）") {
			t.Errorf("the programme lacks the tier added: %q", got)
		}
		b = browsertest.Start(t, env.Server.URL, browsertest.Options{Width: width, Height: 900})
		b.Do("viewport", chromedp.EmulateViewport(int64(width), 900, chromedp.EmulateScale(1)))
		b.Login("qiqihar-staff", apptest.Password)
		if st := b.Open("/zones/qiqihar/investment/activities"); st != 200 {
			t.Fatalf("activities: HTTP %d", st)
		}
		var trip int64
		if err := env.DB.Read().QueryRow(t.Context(), "SELECT id FROM invest_trips WHERE zone_id = ? AND start_on = ?", env.IDs.Zones["qiqihar"], "2023-07-17").Scan(&trip); err != nil {
			t.Fatal(err)
		}
		if st := b.Click(fmt.Sprintf("#edit-trip-%d", trip)); st != 200 {
			t.Fatalf("edit trip: HTTP %d", st)
		}
		fits("the trip page")
		b.Fill(`#trip-form input[name="notes"]`, "浏览器补记")
		b.Screenshot("trip")
		if st := b.Click("#trip-save"); st != 200 {
			t.Fatalf("save trip: HTTP %d: %s", st, b.Text("#trip-form"))
		}
		if got := b.Text("#trip-facts"); !strings.Contains(got, "浏览器补记") {
			t.Errorf("the trip lacks the note: %q", got)
		}
		if errs := b.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("console errors: %v", errs)
		}
	}
}
