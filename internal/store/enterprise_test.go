package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// world loads the demo's foundation (zones, enterprises, users).
func world(t *testing.T, db *store.DB) *demo.IDs {
	t.Helper()
	res, err := demo.Load(context.Background(), db, "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")
	if err != nil {
		t.Fatal(err)
	}
	return res.IDs
}

func actors(ids *demo.IDs) map[string]access.Actor {
	return map[string]access.Actor{
		"national":     {UserID: 1, Username: "n", Role: access.National},
		"shandong":     {UserID: 2, Username: "p", Role: access.Province, RegionCode: "370000"},
		"zibo-city":    {UserID: 3, Username: "c", Role: access.City, RegionCode: "370300"},
		"zibo-admin":   {UserID: 4, Username: "a", Role: access.ZoneAdmin, ZoneID: ids.Zones["zibo"]},
		"zibo-staff":   {UserID: 5, Username: "s", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]},
		"zibo-reg":     {UserID: 6, Username: "r", Role: access.Registrar, ZoneID: ids.Zones["zibo"]},
		"yahua":        {UserID: 7, Username: "e", Role: access.Enterprise, ZoneID: ids.Zones["zibo"], EnterpriseID: ids.Enterprises["山东亚华电子股份有限公司"]},
		"yulin-admin":  {UserID: 8, Username: "y", Role: access.ZoneAdmin, ZoneID: ids.Zones["yulin"]},
		"weifang-city": {UserID: 9, Username: "w", Role: access.City, RegionCode: "370700"},
		"anonymous":    {},
	}
}

// Who sees which enterprise is decided in the store's queries.
func TestEnterpriseScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		s := store.Enterprises{DB: db}
		yahua, jinjing, yulin := ids.Enterprises["山东亚华电子股份有限公司"], ids.Enterprises["山东金晶科技股份有限公司"], ids.Enterprises["榆林能源化工技术研究院有限公司"]
		as := actors(ids)
		tests := []struct {
			actor string
			id    int64
			see   bool
		}{
			{"national", yulin, true},
			{"shandong", jinjing, true}, {"shandong", yulin, false},
			{"zibo-city", jinjing, true}, {"weifang-city", jinjing, false},
			{"zibo-admin", jinjing, true}, {"zibo-staff", jinjing, true}, {"zibo-reg", jinjing, true}, {"zibo-admin", yulin, false},
			{"yahua", yahua, true}, {"yahua", jinjing, false},
			{"yulin-admin", yulin, true}, {"yulin-admin", yahua, false},
			{"anonymous", yahua, false},
		}
		for _, tt := range tests {
			_, err := s.Get(ctx, as[tt.actor], tt.id)
			if tt.see && err != nil {
				t.Errorf("%s Get(%d) = %v, want visible", tt.actor, tt.id, err)
			}
			if !tt.see && !errs.Is(err, errs.NotFound) {
				t.Errorf("%s Get(%d) = %v, want NotFound", tt.actor, tt.id, err)
			}
		}
		// Lists: counts per scope.
		count := func(a access.Actor, f enterprise.Filter) int {
			f.Limit = 1000
			p, err := s.List(ctx, a, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Items)
		}
		total := len(ids.Enterprises)
		if n := count(as["national"], enterprise.Filter{}); n != total {
			t.Errorf("national sees %d, want %d", n, total)
		}
		// Zibo zone: the 8 the page names and 6 illustrative holders of
		// earlier IP titles; Zibo's districts: 7 illustrative ones.
		if n := count(as["zibo-admin"], enterprise.Filter{}); n != 14 {
			t.Errorf("zibo admin sees %d, want 14", n)
		}
		if n := count(as["shandong"], enterprise.Filter{}); n != 14+7+19 {
			t.Errorf("Shandong sees %d, want 40 (Zibo 14, its districts 7, Weifang 19)", n)
		}
		if n := count(as["yahua"], enterprise.Filter{}); n != 1 {
			t.Errorf("enterprise user sees %d, want 1", n)
		}
		if n := count(as["anonymous"], enterprise.Filter{}); n != 0 {
			t.Errorf("anonymous sees %d, want 0", n)
		}
		if n := count(as["national"], enterprise.Filter{Q: "金晶"}); n != 1 {
			t.Errorf("search 金晶 found %d, want 1", n)
		}
		// Registered in Zibo city's division: the zone's 14 (the districts'
		// carry their own division codes).
		if n := count(as["national"], enterprise.Filter{Q: "91370300"}); n != 14 {
			t.Errorf("code prefix search found %d, want 14", n)
		}
		if n := count(as["national"], enterprise.Filter{Q: "50%_"}); n != 0 {
			t.Errorf("LIKE wildcards in a search must be literal, found %d", n)
		}
		if n := count(as["zibo-admin"], enterprise.Filter{ZoneID: ids.Zones["yulin"]}); n != 0 {
			t.Errorf("a zone filter cannot widen the scope, found %d", n)
		}
	})
}

// Keyset pagination walks every row once, in name order.
func TestEnterprisePagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		s := store.Enterprises{DB: db}
		a := access.Actor{UserID: 1, Username: "n", Role: access.National}
		seen := map[int64]bool{}
		var prev string
		cursor := ""
		pages := 0
		for {
			p, err := s.List(ctx, a, enterprise.Filter{Limit: 4, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, e := range p.Items {
				if seen[e.ID] {
					t.Fatalf("enterprise %d on two pages", e.ID)
				}
				if e.Name < prev {
					t.Fatalf("order broken: %q after %q", e.Name, prev)
				}
				seen[e.ID], prev = true, e.Name
			}
			if p.Next == "" {
				break
			}
			cursor = p.Next
		}
		if len(seen) != len(ids.Enterprises) {
			t.Errorf("pages covered %d enterprises, want %d", len(seen), len(ids.Enterprises))
		}
		if want := (len(ids.Enterprises) + 3) / 4; pages != want {
			t.Errorf("pages = %d, want %d", pages, want)
		}
		if _, err := s.List(ctx, a, enterprise.Filter{Limit: 4, Cursor: "!!!"}); !errs.Is(err, errs.BadRequest) {
			t.Errorf("bad cursor: %v, want BadRequest", err)
		}
	})
}

// TestEnterpriseNewestAndCount: the newest-first order pages by keyset
// without gaps or repeats, and the count agrees with the list, per scope
// and filter.
func TestEnterpriseNewestAndCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		s := store.Enterprises{DB: db}
		for _, tc := range []struct {
			name string
			a    access.Actor
			f    enterprise.Filter
		}{
			{"national", access.Actor{UserID: 1, Username: "n", Role: access.National}, enterprise.Filter{}},
			{"a city", access.Actor{UserID: 1, Username: "c", Role: access.City, RegionCode: "370300"}, enterprise.Filter{}},
			{"a search", access.Actor{UserID: 1, Username: "n", Role: access.National}, enterprise.Filter{Q: "山东"}},
		} {
			var all []int64
			cursor := ""
			for {
				f := tc.f
				f.Limit, f.Cursor, f.Sort = 5, cursor, enterprise.SortNewest
				p, err := s.List(ctx, tc.a, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range p.Items {
					if len(all) > 0 && e.ID >= all[len(all)-1] {
						t.Fatalf("%s: id %d after %d, want newest first", tc.name, e.ID, all[len(all)-1])
					}
					all = append(all, e.ID)
				}
				if p.Next == "" {
					break
				}
				cursor = p.Next
			}
			n, err := s.Count(ctx, tc.a, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(all) || n == 0 {
				t.Errorf("%s: count %d, list %d", tc.name, n, len(all))
			}
			if tc.name == "national" && n != len(ids.Enterprises) {
				t.Errorf("national count %d, want %d", n, len(ids.Enterprises))
			}
		}
	})
}

// TestEnterpriseWrites also checks the one clock: a change's row timestamps
// and its audit records' times are read from the clock the DB is given
// (app.Open gives it the services'), in UTC at microsecond precision.
func TestEnterpriseWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		at := time.Date(2023, 12, 18, 9, 30, 15, 123456789, time.FixedZone("CST", 8*3600))
		stamp := at.UTC().Truncate(time.Microsecond)
		db.Now = func() time.Time { return at }
		s := store.Enterprises{DB: db}
		admin := actors(ids)["zibo-admin"]
		e := enterprise.Enterprise{USCC: demo.USCCFor("370300", 900), Name: "新企业", ZoneID: ids.Zones["zibo"], Nature: "150", Industry: "C", Listing: "none"}
		id, err := s.Create(ctx, admin, e)
		if err != nil {
			t.Fatal(err)
		}
		// Duplicate code: a Conflict naming the field.
		_, err = s.Create(ctx, admin, e)
		var ee *errs.Error
		if !errors.As(err, &ee) || ee.Kind != errs.Conflict || ee.Fields["uscc"].Key != "enterprise.err.uscc_taken" {
			t.Fatalf("duplicate create = %v, want Conflict on uscc", err)
		}
		got, err := s.Get(ctx, admin, id)
		if err != nil {
			t.Fatal(err)
		}
		got.ContactName = "王"
		if err := s.Update(ctx, admin, got); err != nil {
			t.Fatal(err)
		}
		// The same version again is stale: nothing is overwritten.
		got.ContactName = "李"
		if err := s.Update(ctx, admin, got); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale update = %v, want Conflict", err)
		}
		after, _ := s.Get(ctx, admin, id)
		if after.ContactName != "王" || after.Version != 2 {
			t.Errorf("after = %q v%d, want 王 v2", after.ContactName, after.Version)
		}
		// Another zone's admin cannot update it.
		other := actors(ids)["yulin-admin"]
		after.ContactName = "赵"
		if err := s.Update(ctx, other, after); !errs.Is(err, errs.NotFound) {
			t.Errorf("update from another zone = %v, want NotFound", err)
		}
		hp, err := s.History(ctx, admin, id, paging.Request{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		h := hp.Items
		if len(h) != 2 || h[0].Action != "update" || h[1].Action != "create" || h[0].ActorName != admin.Username {
			t.Fatalf("history = %+v", h)
		}
		if !after.CreatedAt.Equal(stamp) || !after.UpdatedAt.Equal(stamp) {
			t.Errorf("row stamped created %v, updated %v; want the clock's %v", after.CreatedAt, after.UpdatedAt, stamp)
		}
		for _, r := range h {
			if !r.At.Equal(stamp) {
				t.Errorf("audit record %d (%s) at %v, want the clock's %v", r.Seq, r.Action, r.At, stamp)
			}
		}
		if _, err := s.History(ctx, other, id, paging.Request{Limit: 10}); !errs.Is(err, errs.NotFound) {
			t.Errorf("history from another zone = %v, want NotFound", err)
		}
	})
}
