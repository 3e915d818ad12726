package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/apptest"
)

// TestAPIDisplayName (issue 14): PATCH /api/v1/users/{id} changes a display
// name by the page's rules — required, at most 60 characters, trimmed — for
// the caller's own account or one the caller manages; another zone's user
// is not found; nothing is stored on a refusal.
func TestAPIDisplayName(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin := env.Login("yulin-admin")
			reg := env.IDs.Users["yulin-registrar"]
			path := fmt.Sprintf("/api/v1/users/%d", reg)
			nameOf := func(tok string) string {
				var me apitypes.Me
				env.Do(tok, "GET", "/api/v1/me", nil).JSON(t, &me)
				return me.User.DisplayName
			}
			regTok := env.Login("yulin-registrar")
			for _, bad := range []string{"  ", strings.Repeat("名", 61)} {
				r := env.Do(admin, "PATCH", path, map[string]string{"display_name": bad})
				var e apitypes.Error
				r.JSON(t, &e)
				if r.Status != 422 || e.Error.Fields["display_name"] == "" {
					t.Errorf("display name %q: %d %+v, want 422 naming display_name", bad, r.Status, e)
				}
			}
			if got := nameOf(regTok); got != "马骏" {
				t.Errorf("after refusals the name is %q", got)
			}
			if r := env.Do(admin, "PATCH", path, map[string]string{"display_name": " 马骏驰 "}); r.Status != 204 {
				t.Fatalf("rename: %d %s", r.Status, r.Body)
			}
			if got := nameOf(regTok); got != "马骏驰" {
				t.Errorf("renamed by the admin: %q", got)
			}
			if r := env.Do(regTok, "PATCH", path, map[string]string{"display_name": "马骏"}); r.Status != 204 {
				t.Fatalf("own rename: %d %s", r.Status, r.Body)
			}
			if got := nameOf(regTok); got != "马骏" {
				t.Errorf("renamed by themself: %q", got)
			}
			other := fmt.Sprintf("/api/v1/users/%d", env.IDs.Users["zibo-registrar"])
			if r := env.Do(admin, "PATCH", other, map[string]string{"display_name": "某人"}); r.Status != 404 {
				t.Errorf("another zone's user: %d, want 404", r.Status)
			}
			if r := env.Do(regTok, "PATCH", fmt.Sprintf("/api/v1/users/%d", env.IDs.Users["yulin-staff"]), map[string]string{"display_name": "某人"}); r.Status != 403 {
				t.Errorf("a registrar renaming a colleague: %d, want 403", r.Status)
			}
		})
	}
}
