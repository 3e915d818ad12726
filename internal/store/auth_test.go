package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func authService(db *store.DB, c *clock) *auth.Service {
	return &auth.Service{Store: store.Auth{DB: db}, Policy: access.DefaultPolicy(), Hasher: auth.Argon2{MemoryKiB: 64, Time: 1, Threads: 1},
		Limits:     auth.Limits{PerUser: 3, PerAddr: 10, PerUserAnySource: 6, Window: 15 * time.Minute, MaxLock: 24 * time.Hour},
		SessionTTL: time.Hour, Now: c.now, TokenAreas: []string{"contracts", "indicators"}}
}

func addUser(t *testing.T, s *auth.Service, a access.Actor, n auth.NewUser) int64 {
	t.Helper()
	id, err := s.AddUser(context.Background(), a, n)
	if err != nil {
		t.Fatalf("add %s: %v", n.Username, err)
	}
	return id
}

func TestAuthSessionsTokensAndLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		c := &clock{t: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
		s := authService(db, c)
		nat := access.Actor{UserID: 1, Username: "n", Role: access.National}
		uid := addUser(t, s, nat, auth.NewUser{Username: "clerk", Password: "s3cret-words", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]})

		res, err := s.Login(ctx, "Clerk ", "s3cret-words", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		u, csrf, err := s.Session(ctx, res.Token)
		if err != nil || u.ID != uid || csrf != res.CSRF || u.ZoneID != ids.Zones["zibo"] {
			t.Fatalf("session = %+v %q %v", u, csrf, err)
		}
		// Expiry.
		c.t = c.t.Add(61 * time.Minute)
		if _, _, err := s.Session(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("expired session = %v, want Unauthenticated", err)
		}

		// Rate limit per user and source: past 3 attempts even the right
		// password is refused from that source, for a window.
		for i := 0; i < 3; i++ {
			if _, err := s.Login(ctx, "clerk", "wrong", "10.0.0.2"); !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("failure %d = %v", i, err)
			}
		}
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.0.0.2"); !errs.Is(err, errs.RateLimited) || errs.RetryAfter(err) != 15*time.Minute {
			t.Fatalf("after 3 failures = %v (retry %v), want RateLimited for 15 minutes", err, errs.RetryAfter(err))
		}
		// The source the user signed in from before still works.
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.0.0.1"); err != nil {
			t.Fatalf("known source after another's lock: %v", err)
		}
		// The refusal says how long is left of the lock.
		c.t = c.t.Add(10 * time.Minute)
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.0.0.2"); errs.RetryAfter(err) != 5*time.Minute {
			t.Errorf("retry after %v (%v), want the 5 minutes left", errs.RetryAfter(err), err)
		}
		// The lock passes; failing again locks twice as long (back-off).
		c.t = c.t.Add(6 * time.Minute)
		for i := 0; i < 3; i++ {
			_, _ = s.Login(ctx, "clerk", "wrong", "10.0.0.2")
		}
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.0.0.2"); errs.RetryAfter(err) != 30*time.Minute {
			t.Errorf("second lock: retry after %v (%v), want 30 minutes", errs.RetryAfter(err), err)
		}
		c.t = c.t.Add(31 * time.Minute)
		res, err = s.Login(ctx, "clerk", "s3cret-words", "10.0.0.2")
		if err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		// Rate limit per address, across user names (unknown ones too).
		for i := 0; i < 10; i++ {
			_, _ = s.Login(ctx, "nobody"+string(rune('a'+i)), "x", "10.9.9.9")
		}
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.9.9.9"); !errs.Is(err, errs.RateLimited) {
			t.Errorf("address over its limit = %v, want RateLimited", err)
		}
		// Guesses spread over many sources lock the sources the user never
		// signed in from; the user's own keep working.
		for i := 0; i < 6; i++ {
			_, _ = s.Login(ctx, "clerk", "wrong", "10.7.0."+string(rune('0'+i)))
		}
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.7.1.1"); !errs.Is(err, errs.RateLimited) {
			t.Errorf("new source after a spread guess = %v, want RateLimited", err)
		}
		if _, err := s.Login(ctx, "clerk", "s3cret-words", "10.0.0.1"); err != nil {
			t.Errorf("known source after a spread guess: %v", err)
		}

		// API tokens: bearer works until revoked.
		actor := access.Actor{UserID: uid, Username: "clerk", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]}
		tid, secret, err := s.CreateToken(ctx, actor, auth.NewToken{Name: "script"})
		if err != nil {
			t.Fatal(err)
		}
		if u, _, err := s.Bearer(ctx, secret); err != nil || u.ID != uid {
			t.Fatalf("bearer = %+v %v", u, err)
		}
		other := access.Actor{UserID: 1, Username: "n", Role: access.National}
		if err := s.RevokeToken(ctx, other, tid); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoking another's token = %v, want NotFound", err)
		}
		if err := s.RevokeToken(ctx, actor, tid); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Bearer(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("revoked token = %v, want Unauthenticated", err)
		}

		// A new password ends sessions; disabling refuses sign-in.
		if err := s.SetPassword(ctx, nat, uid, "n3w-secret-word", false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Session(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("session after password change = %v", err)
		}
		if err := s.SetDisabled(ctx, nat, uid, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, "clerk", "n3w-secret-word", "10.0.0.1"); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("disabled login = %v", err)
		}
	})
}

func TestAddUserRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		s := authService(db, &clock{t: time.Now()})
		zibo := access.Actor{UserID: 4, Username: "a", Role: access.ZoneAdmin, ZoneID: ids.Zones["zibo"]}
		// A zone admin's new user lands in its own zone; naming another is refused.
		id := addUser(t, s, zibo, auth.NewUser{Username: "z1", Password: "long-password", Role: access.ZoneStaff})
		u, err := store.Auth{DB: db}.UserVisible(ctx, zibo, id)
		if err != nil || u.ZoneID != ids.Zones["zibo"] {
			t.Fatalf("user = %+v %v", u, err)
		}
		tests := []struct {
			name  string
			actor access.Actor
			n     auth.NewUser
			kind  errs.Kind
			field string
		}{
			{"zone admin names another zone", zibo, auth.NewUser{Username: "z2", Password: "long-password", Role: access.ZoneStaff, ZoneID: ids.Zones["yulin"]}, errs.Invalid, "zone_id"},
			{"password holds the username", zibo, auth.NewUser{Username: "z3", Password: "long-z3-password", Role: access.ZoneStaff}, errs.Invalid, "password"},
			{"zone admin cannot make a city user", zibo, auth.NewUser{Username: "c1", Password: "long-password", Role: access.City, RegionCode: "370300"}, errs.Invalid, "role"},
			{"short password", zibo, auth.NewUser{Username: "c2", Password: "short", Role: access.ZoneStaff}, errs.Invalid, "password"},
			{"bad username", zibo, auth.NewUser{Username: "A B", Password: "long-password", Role: access.ZoneStaff}, errs.Invalid, "username"},
			{"taken", zibo, auth.NewUser{Username: "z1", Password: "long-password", Role: access.ZoneStaff}, errs.Conflict, "username"},
			{"enterprise of another zone", zibo, auth.NewUser{Username: "e1", Password: "long-password", Role: access.Enterprise, EnterpriseID: ids.Enterprises["榆林兰炭新材料有限公司"]}, errs.Invalid, "enterprise_id"},
			{"city needs a city code", access.Actor{UserID: 1, Username: "n", Role: access.National}, auth.NewUser{Username: "c3", Password: "long-password", Role: access.City, RegionCode: "370000"}, errs.Invalid, "region_code"},
			{"staff may not manage users", access.Actor{UserID: 5, Username: "s", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]}, auth.NewUser{Username: "c4", Password: "long-password", Role: access.ZoneStaff}, errs.Forbidden, ""},
		}
		for _, tt := range tests {
			_, err := s.AddUser(ctx, tt.actor, tt.n)
			var e *errs.Error
			if !errsAs(err, &e) || e.Kind != tt.kind || (tt.field != "" && !hasField(e, tt.field)) {
				t.Errorf("%s: %v, want %v on %q", tt.name, err, tt.kind, tt.field)
			}
		}
	})
}

func hasField(e *errs.Error, f string) bool { _, ok := e.Fields[f]; return ok }

// A node answers a sign-in it read less than a second ago from memory
// (credcache.go): a change on the node itself takes effect at once, one
// made by another node sharing the database within the second.
func TestSignInCacheAcrossNodes(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storetest.MigratedURL(t, engine)
			open := func() *store.DB {
				db, err := store.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return db
			}
			dbA := open()
			ids := world(t, dbA)
			dbB := open()
			c := &clock{t: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
			a, b := authService(dbA, c), authService(dbB, c)
			nat := access.Actor{UserID: 1, Username: "n", Role: access.National}
			uid := addUser(t, a, nat, auth.NewUser{Username: "clerk", Password: "s3cret-words", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]})
			clerk := access.Actor{UserID: uid, Username: "clerk", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]}

			// A token revoked on node A: refused there at once, by node B
			// (which read it just before) once its second is up.
			tid, secret, err := a.CreateToken(ctx, clerk, auth.NewToken{Name: "script", Days: 30})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []*auth.Service{a, b} {
				if u, _, err := s.Bearer(ctx, secret); err != nil || u.ID != uid {
					t.Fatalf("token before revocation: %+v %v", u, err)
				}
			}
			if err := a.RevokeToken(ctx, clerk, tid); err != nil {
				t.Fatal(err)
			}
			if _, _, err := a.Bearer(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("revoking node: token after revocation = %v, want Unauthenticated", err)
			}
			if _, _, err := b.Bearer(ctx, secret); err != nil {
				t.Errorf("other node within the second: %v (answered from memory, as documented)", err)
			}
			c.t = c.t.Add(1001 * time.Millisecond)
			if _, _, err := b.Bearer(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("other node after the second: token = %v, want Unauthenticated", err)
			}

			// A session ended by a new password set on node B.
			res, err := a.Login(ctx, "clerk", "s3cret-words", "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []*auth.Service{a, b} {
				if u, _, err := s.Session(ctx, res.Token); err != nil || u.ID != uid {
					t.Fatalf("session before the new password: %+v %v", u, err)
				}
			}
			if err := b.SetPassword(ctx, nat, uid, "other-words-22", false); err != nil {
				t.Fatal(err)
			}
			if _, _, err := b.Session(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("changing node: session after a new password = %v, want Unauthenticated", err)
			}
			c.t = c.t.Add(1001 * time.Millisecond)
			if _, _, err := a.Session(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("other node after the second: session = %v, want Unauthenticated", err)
			}

			// A session's own end is kept to the instant, cached or not.
			res, err = a.Login(ctx, "clerk", "other-words-22", "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := a.Session(ctx, res.Token); err != nil {
				t.Fatal(err)
			}
			c.t = c.t.Add(time.Hour)
			if _, _, err := a.Session(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("session at its end = %v, want Unauthenticated", err)
			}
		})
	}
}
