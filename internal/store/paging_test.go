package store_test

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// walk pages through a list, limit items a page, and returns the ids in the
// order served. Every page but the last is full; no id comes twice.
func walk[T any](t *testing.T, limit int, list func(p paging.Request) (paging.Page[T], error), id func(T) int64) []int64 {
	t.Helper()
	var out []int64
	seen := map[int64]bool{}
	p := paging.Request{Limit: limit}
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("no last page")
		}
		page, err := list(p)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		if len(page.Items) > limit || (page.Next != "" && len(page.Items) != limit) {
			t.Fatalf("page %d holds %d items (limit %d, next %q)", pages, len(page.Items), limit, page.Next)
		}
		for _, it := range page.Items {
			if seen[id(it)] {
				t.Fatalf("id %d on two pages", id(it))
			}
			seen[id(it)] = true
			out = append(out, id(it))
		}
		if page.Next == "" {
			return out
		}
		p.Cursor = page.Next
	}
}

// ids reads the ids a query lists, for comparing a walk with.
func ids(t *testing.T, db *store.DB, query string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Read().Query(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkPages walks list, limit items a page, and fails unless it serves
// exactly the ids the query want lists, in that order, more than a page of
// them; and unless it refuses a cursor of another list and garbage.
func checkPages[T any](t *testing.T, db *store.DB, what string, limit int, list func(paging.Request) (paging.Page[T], error), id func(T) int64, want string, args ...any) {
	t.Helper()
	got, wantIDs := walk(t, limit, list, id), ids(t, db, want, args...)
	if len(wantIDs) <= limit {
		t.Fatalf("%s: only %d rows, not more than a page of %d", what, len(wantIDs), limit)
	}
	if !slices.Equal(got, wantIDs) {
		t.Errorf("%s: pages served\n%v\nwant\n%v", what, got, wantIDs)
	}
	// A cursor is base64url of "tag:key\x00id"; the same position under
	// another list's tag is not this list's.
	first, err := list(paging.Request{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := base64.RawURLEncoding.DecodeString(first.Next)
	_, rest, ok := strings.Cut(string(b), ":")
	if err != nil || !ok {
		t.Fatalf("%s: cursor %q", what, first.Next)
	}
	foreign := base64.RawURLEncoding.EncodeToString([]byte("other:" + rest))
	for _, c := range []string{foreign, "!!!", "eA"} {
		if _, err := list(paging.Request{Cursor: c, Limit: 2}); !errs.Is(err, errs.BadRequest) {
			t.Errorf("%s: cursor %q: %v, want BadRequest", what, c, err)
		}
	}
}

func TestUsersAndTokensPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := world(t, db)
		s := store.Auth{DB: db}
		nat := access.Actor{UserID: 1, Username: "n", Role: access.National}
		users := func(a access.Actor, sort string) func(p paging.Request) (paging.Page[auth.User], error) {
			return func(p paging.Request) (paging.Page[auth.User], error) {
				p.Sort = sort
				return s.ListUsers(ctx, a, p)
			}
		}
		userID := func(u auth.User) int64 { return u.ID }
		admin := actors(w)["zibo-admin"]
		// The newest first by default; by username either way when asked.
		for _, o := range []struct{ sort, order string }{{"", "id DESC"}, {"username", "username, id"}, {"-username", "username DESC, id DESC"}} {
			checkPages(t, db, "national's users "+o.sort, 7, users(nat, o.sort), userID, "SELECT id FROM users ORDER BY "+o.order)
			checkPages(t, db, "zone admin's users "+o.sort, 2, users(admin, o.sort), userID, "SELECT id FROM users WHERE zone_id = ? ORDER BY "+o.order, admin.ZoneID)
		}
		// The total, asked for, is the whole list's on every page.
		for _, c := range []string{"", "username"} {
			p, err := users(admin, c)(paging.Request{Limit: 2, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			if want := len(ids(t, db, "SELECT id FROM users WHERE zone_id = ?", admin.ZoneID)); p.Total != want {
				t.Errorf("zone admin's users %q: total %d, want %d", c, p.Total, want)
			}
		}

		owner := access.Actor{UserID: ids(t, db, "SELECT id FROM users ORDER BY id LIMIT 1")[0], Username: "n", Role: access.National}
		for i := 0; i < 11; i++ {
			if _, err := s.CreateToken(ctx, owner, auth.Token{Name: "脚本", ExpiresAt: time.Now().Add(time.Hour)}, "hash-"+string(rune('a'+i))); err != nil {
				t.Fatal(err)
			}
		}
		tokens := func(p paging.Request) (paging.Page[auth.Token], error) { return s.ListTokens(ctx, owner, p) }
		checkPages(t, db, "tokens", 4, tokens, func(k auth.Token) int64 { return k.ID }, "SELECT id FROM api_tokens WHERE user_id = ? ORDER BY id DESC", owner.UserID)

	})
}

func TestJobsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := world(t, db)
		s := store.Jobs{DB: db}
		at := time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC)
		zibo := w.Zones["zibo"]
		for i := 0; i < 9; i++ {
			zone := zibo
			if i%3 == 0 {
				zone = w.Zones["yulin"]
			}
			if _, err := s.Create(ctx, jobs.Job{Kind: "contract_import", ZoneID: zone, CreatedByName: "n", Status: jobs.Queued,
				CreatedAt: at, HeartbeatAt: at}); err != nil {
				t.Fatal(err)
			}
		}
		list := func(a access.Actor) func(p paging.Request) (paging.Page[jobs.Job], error) {
			return func(p paging.Request) (paging.Page[jobs.Job], error) {
				return s.List(ctx, a, jobs.Filter{Kind: "contract_import", Cursor: p.Cursor, Limit: p.Limit})
			}
		}
		jobID := func(j jobs.Job) int64 { return j.ID }
		nat := access.Actor{UserID: 1, Username: "n", Role: access.National}
		checkPages(t, db, "national's jobs", 4, list(nat), jobID, "SELECT id FROM jobs ORDER BY id DESC")
		admin := actors(w)["zibo-admin"]
		checkPages(t, db, "zone admin's jobs", 2, list(admin), jobID, "SELECT id FROM jobs WHERE zone_id = ? ORDER BY id DESC", zibo)
	})
}

func TestSavedBulletinsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := world(t, db)
		s := store.Bulletins{DB: db}
		admin := actors(w)["zibo-admin"]
		period, err := indicator.Custom(indicator.MonthOf(2023, 1), indicator.MonthOf(2023, 11))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 7; i++ {
			for _, zone := range []string{"zibo", "yulin"} {
				it := bulletin.Item{Module: "contract", Key: "tech", Version: 1, Date: civil.MustParse("2023-12-18"), Headline: "本报讯", Body: "正文"}
				if _, err := s.SaveItems(ctx, admin, w.Zones[zone], period, []bulletin.Item{it}); err != nil {
					t.Fatal(err)
				}
			}
		}
		list := func(p paging.Request) (paging.Page[bulletin.Saved], error) {
			return s.SavedList(ctx, admin, w.Zones["zibo"], p)
		}
		checkPages(t, db, "saved bulletins", 3, list, func(sv bulletin.Saved) int64 { return sv.ID }, "SELECT id FROM bulletins WHERE zone_id = ? ORDER BY id DESC", w.Zones["zibo"])
	})
}

func TestStatisticsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := world(t, db)
		s := store.Indicators{DB: db}
		admin := actors(w)["zibo-admin"]
		// Entered out of order, in two years and two zones.
		for _, y := range []int{2023, 2022} {
			for m := 5; m >= 1; m-- {
				for _, ind := range []string{"stat_c", "stat_a", "stat_b"} {
					for _, zone := range []string{"zibo", "yulin"} {
						p, err := indicator.Custom(indicator.MonthOf(y, m), indicator.MonthOf(y, m))
						if err != nil {
							t.Fatal(err)
						}
						if _, _, err := s.PutStatistic(ctx, admin, indicator.Statistic{ZoneID: w.Zones[zone], Indicator: ind, Period: p, Value: int64(m)}); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		}
		list := func(p paging.Request) (paging.Page[indicator.Statistic], error) {
			return s.Statistics(ctx, admin, w.Zones["zibo"], 2023, p)
		}
		checkPages(t, db, "statistics", 4, list, func(st indicator.Statistic) int64 { return st.ID },
			"SELECT id FROM stat_entries WHERE zone_id = ? AND to_ym BETWEEN 202301 AND 202312 ORDER BY indicator, to_ym, id", w.Zones["zibo"])
	})
}

func TestHistoriesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		// Two contracts edited in turn, so their steps interleave.
		one, two := r.create("zibo-ent", 0, terms("甲合同")), r.create("zibo-ent", 0, terms("乙合同"))
		for v := 1; v <= 8; v++ {
			for _, id := range []int64{one, two} {
				name := "第" + strconv.Itoa(v) + "版"
				if _, err := r.svc.Edit(ctx, r.as["zibo-ent"], id, v, contract.TermsPatch{Name: &name}); err != nil {
					t.Fatal(err)
				}
			}
		}
		steps := func(p paging.Request) (paging.Page[contract.HistoryItem], error) {
			return r.svc.History(ctx, r.as["zibo-ent"], one, p)
		}
		checkPages(t, db, "contract history", 4, steps, func(h contract.HistoryItem) int64 { return h.ID }, "SELECT id FROM contract_events WHERE contract_id = ? ORDER BY id DESC", one)

		// An enterprise's audit records, newest first.
		es := store.Enterprises{DB: db}
		admin := r.as["zibo-registrar"]
		admin.Role = access.ZoneAdmin
		entID := r.as["zibo-ent"].EnterpriseID
		for i := 0; i < 7; i++ {
			e, err := es.Get(ctx, admin, entID)
			if err != nil {
				t.Fatal(err)
			}
			e.ContactName = "联系人" + strconv.Itoa(i)
			if err := es.Update(ctx, admin, e); err != nil {
				t.Fatal(err)
			}
		}
		recs := func(p paging.Request) (paging.Page[audit.Record], error) { return es.History(ctx, admin, entID, p) }
		checkPages(t, db, "enterprise history", 3, recs, func(rec audit.Record) int64 { return rec.Seq }, "SELECT seq FROM audit_log WHERE entity = 'enterprise' AND entity_id = ? ORDER BY seq DESC", entID)
	})
}
