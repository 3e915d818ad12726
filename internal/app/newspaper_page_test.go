package app_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/indicator"
)

// The newspaper page, written a few zones at a time from templates and
// work notes read for all zones at once, is the page written zone by zone
// and placed item by item: the same items in the same order, the same lead
// and the same held items — with a zone's own template and another's work
// note among them.
func TestNewspaperPageSameAsZoneByZone(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			ctx := t.Context()
			b := env.App.Bulletins
			admin := func(slug string) access.Actor {
				return access.Actor{UserID: env.IDs.Users[slug+"-admin"], Username: slug + "-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones[slug]}
			}
			national := access.Actor{UserID: env.IDs.Users["national"], Username: "national", Role: access.National}
			p := indicator.Must(indicator.YTD(2023, 11))
			if _, err := b.SaveTemplate(ctx, admin("zibo"), "zibo", bulletin.ModuleTechContract, "yoy",
				"{{.Zone}}技术合同登记{{.N.count}}项", "{{.Zone}}今年共登记技术合同{{.N.count}}项。", 0); err != nil {
				t.Fatal(err)
			}
			if _, err := b.PutWork(ctx, admin("yulin"), "yulin", bulletin.ModuleTechContract, p, "园区开展技术合同登记上门服务。"); err != nil {
				t.Fatal(err)
			}

			page, err := b.Page(ctx, national, p)
			if err != nil {
				t.Fatal(err)
			}
			zones, err := env.App.Indicators.Zones(ctx, national)
			if err != nil {
				t.Fatal(err)
			}
			want := bulletin.Page{Title: page.Title, Date: page.Date}
			for _, z := range zones {
				_, items, err := b.Items(ctx, national, z.Slug, p)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range items {
					if len(it.Flags) > 0 {
						want.Held = append(want.Held, it)
						continue
					}
					want.Add(it, 0)
				}
			}
			if len(page.Items) < 5 || !reflect.DeepEqual(page, want) {
				t.Fatalf("page (%d items) differs from zone by zone (%d items):\n%v\n%v", len(page.Items), len(want.Items), page.Headlines(), want.Headlines())
			}
			var own, note bool
			for _, it := range page.Held {
				own = own || strings.Contains(it.Body, "今年共登记技术合同") // held: its completion reads low
			}
			for _, it := range page.Items {
				note = note || strings.Contains(it.Body, "园区开展技术合同登记上门服务")
			}
			if !own || !note {
				t.Errorf("zibo's own template used: %v; yulin's work note printed: %v", own, note)
			}
			// Asked again (templates now compiled), the page is the same.
			again, err := b.Page(ctx, national, p)
			if err != nil || !reflect.DeepEqual(again, page) {
				t.Errorf("second page differs (%v)", err)
			}
		})
	}
}
