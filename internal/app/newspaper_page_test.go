package app_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/talent"
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

// After a change to one zone's records (a guiding fund set up in
// Qiqihar: investment records, not only rollups), the newspaper page
// prints it at once — the page is the one written without the item cache
// — while every other zone's items come from the cache: only Qiqihar's
// contributors read their facts again.
func TestNewspaperPageAfterAZoneChange(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			ctx := t.Context()
			b := env.App.Bulletins
			national := access.Actor{UserID: env.IDs.Users["national"], Username: "national", Role: access.National}
			qiqihar := access.Actor{UserID: env.IDs.Users["qiqihar-admin"], Username: "qiqihar-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["qiqihar"]}
			p := indicator.Must(indicator.YTD(2023, 11))
			settlePage(t, b, national, p)
			zones, err := env.App.Indicators.Zones(ctx, national)
			if err != nil {
				t.Fatal(err)
			}
			hits0, misses0 := b.ItemStats()

			const manager = "鹤城新兴产业引导基金管理有限公司"
			if _, err := env.App.Invest.CreateFund(ctx, qiqihar, invest.Fund{Name: "鹤城引导基金", Manager: manager, Kind: invest.FundGuiding,
				TargetFen: 900_000_000_000_00, SetUpOn: civil.MustParse("2023-06-01")}); err != nil {
				t.Fatal(err)
			}
			page, err := b.Page(ctx, national, p)
			if err != nil {
				t.Fatal(err)
			}
			hits, misses := b.ItemStats()
			n := uint64(len(b.Contributors))
			if misses-misses0 != n || hits-hits0 != uint64(len(zones)-1)*n {
				t.Errorf("after a change in one zone of %d: %d facts read, %d from the cache; want %d and %d",
					len(zones), misses-misses0, hits-hits0, n, uint64(len(zones)-1)*n)
			}
			printed := false
			for _, it := range slices.Concat(page.Items, placed(page.Held)) {
				printed = printed || strings.Contains(it.Body, manager) || it.Facts.S["fund_manager"] == manager
			}
			if !printed {
				t.Errorf("the page does not print Qiqihar's new fund: %v", page.Headlines())
			}
			uncached := &bulletin.Service{Figures: b.Figures, Store: b.Store, Policy: b.Policy, Contributors: b.Contributors}
			want, err := uncached.Page(ctx, national, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(page, want) {
				t.Errorf("page from the cache differs from the page written afresh:\n%v\n%v", page.Headlines(), want.Headlines())
			}

			// A write without rollups (a talent programme, which Weifang's
			// item lists) shows at once too.
			weifang := access.Actor{UserID: env.IDs.Users["weifang-admin"], Username: "weifang-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["weifang"]}
			if _, err := env.App.Talents.CreateProgramme(ctx, weifang, talent.Programme{Code: "haiyan", Name: "海燕计划", Category: "青年人才",
				Tiers: []talent.Tier{{Code: "a", Name: "A类"}}}); err != nil {
				t.Fatal(err)
			}
			if page, err = b.Page(ctx, national, p); err != nil {
				t.Fatal(err)
			}
			listed := false
			for _, it := range slices.Concat(page.Items, placed(page.Held)) {
				listed = listed || slices.Contains(it.Facts.L["programmes"], "青年人才“海燕计划”")
			}
			if want, err = uncached.Page(ctx, national, p); err != nil {
				t.Fatal(err)
			}
			if !listed || !reflect.DeepEqual(page, want) {
				t.Errorf("Weifang's new talent programme listed: %v; page as written afresh: %v", listed, reflect.DeepEqual(page, want))
			}
		})
	}
}

// settlePage asks for the page until every item comes from the cache: the
// data versions are known only once the store's watcher of other nodes'
// changes runs, and on SQLite it sees this process's own commits again a
// poll later.
func settlePage(t *testing.T, b *bulletin.Service, a access.Actor, p indicator.Period) {
	t.Helper()
	for range 200 {
		_, before := b.ItemStats()
		if _, err := b.Page(t.Context(), a, p); err != nil {
			t.Fatal(err)
		}
		if _, after := b.ItemStats(); after == before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the page's items never all came from the cache")
}

func placed(items []bulletin.Item) []bulletin.Placed {
	out := make([]bulletin.Placed, len(items))
	for i, it := range items {
		out[i] = bulletin.Placed{Item: it}
	}
	return out
}
