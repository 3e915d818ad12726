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
		Limits: auth.Limits{PerUser: 3, PerAddr: 5, Window: 15 * time.Minute}, SessionTTL: time.Hour, Now: c.now}
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
		uid := addUser(t, s, nat, auth.NewUser{Username: "clerk", Password: "clerk-password", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]})

		res, err := s.Login(ctx, "Clerk ", "clerk-password", "10.0.0.1")
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

		// Rate limit per user: after 3 failures even the right password is refused.
		for i := 0; i < 3; i++ {
			if _, err := s.Login(ctx, "clerk", "wrong", "10.0.0.2"); !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("failure %d = %v", i, err)
			}
		}
		if _, err := s.Login(ctx, "clerk", "clerk-password", "10.0.0.3"); !errs.Is(err, errs.RateLimited) {
			t.Fatalf("after 3 failures = %v, want RateLimited", err)
		}
		// The refusal says how long is left of the window the failures opened.
		c.t = c.t.Add(10 * time.Minute)
		if _, err := s.Login(ctx, "clerk", "clerk-password", "10.0.0.3"); errs.RetryAfter(err) != 5*time.Minute {
			t.Errorf("retry after %v (%v), want the 5 minutes left", errs.RetryAfter(err), err)
		}
		c.t = c.t.Add(-10 * time.Minute)
		// The window passes.
		c.t = c.t.Add(16 * time.Minute)
		res, err = s.Login(ctx, "clerk", "clerk-password", "10.0.0.3")
		if err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// Rate limit per address, across user names (unknown ones too).
		for i := 0; i < 5; i++ {
			_, _ = s.Login(ctx, "nobody"+string(rune('a'+i)), "x", "10.9.9.9")
		}
		if _, err := s.Login(ctx, "clerk", "clerk-password", "10.9.9.9"); !errs.Is(err, errs.RateLimited) {
			t.Errorf("address over its limit = %v, want RateLimited", err)
		}

		// API tokens: bearer works until revoked.
		actor := access.Actor{UserID: uid, Username: "clerk", Role: access.ZoneStaff, ZoneID: ids.Zones["zibo"]}
		tid, secret, err := s.CreateToken(ctx, actor, "script")
		if err != nil {
			t.Fatal(err)
		}
		if u, err := s.Bearer(ctx, secret); err != nil || u.ID != uid {
			t.Fatalf("bearer = %+v %v", u, err)
		}
		other := access.Actor{UserID: 1, Username: "n", Role: access.National}
		if err := s.RevokeToken(ctx, other, tid); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoking another's token = %v, want NotFound", err)
		}
		if err := s.RevokeToken(ctx, actor, tid); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Bearer(ctx, secret); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("revoked token = %v, want Unauthenticated", err)
		}

		// A new password ends sessions; disabling refuses sign-in.
		if err := s.SetPassword(ctx, nat, uid, "new-clerk-password"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Session(ctx, res.Token); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("session after password change = %v", err)
		}
		if err := s.SetDisabled(ctx, nat, uid, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, "clerk", "new-clerk-password", "10.0.0.4"); !errs.Is(err, errs.Unauthenticated) {
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
		// A zone admin's new user lands in its own zone whatever it asks for.
		id := addUser(t, s, zibo, auth.NewUser{Username: "z1", Password: "long-password", Role: access.ZoneStaff, ZoneID: ids.Zones["yulin"]})
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
