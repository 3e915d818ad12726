package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// Control characters in any text a client sends are refused with a 422
// naming the field, the same on both engines (PostgreSQL used to answer
// 500 to a NUL, SQLite stored it): JSON bodies of several modules, a query
// parameter, anonymous sign-in, and a page's form.
func TestControlCharactersRefused(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			admin, nat, ent := env.Login("zibo-admin"), env.Login("national"), env.Login("zibo-ent")
			entID := env.IDs.Enterprises["山东亚华电子股份有限公司"]
			cases := []struct {
				name, token, method, path string
				body  any
				field string
			}{
				{"enterprise name", admin, "POST", "/api/v1/enterprises", map[string]any{"name": "甲\x00乙"}, "name"},
				{"single-line newline", admin, "POST", "/api/v1/enterprises", map[string]any{"name": "甲\n乙"}, "name"},
				{"enterprise contact", ent, "PATCH", fmt.Sprintf("/api/v1/enterprises/%d", entID), map[string]any{"version": 1, "contact_name": "x\x00"}, "contact_name"},
				{"contract buyer", ent, "POST", "/api/v1/contracts", map[string]any{"name": "合同\x00", "buyer": map[string]any{"name": "买方\x00"}}, "buyer.name"},
				{"park name", nat, "POST", "/api/v1/zones/zibo/parks", map[string]any{"name": "园\x00"}, "name"},
				{"display name", admin, "POST", "/api/v1/users", map[string]any{"username": "x-new", "display_name": "a\x00", "password": "long-enough-pw", "role": "zone_staff"}, "display_name"},
				{"token name", admin, "POST", "/api/v1/tokens", map[string]any{"name": "t\x00"}, "name"},
				{"anonymous sign-in", "", "POST", "/api/v1/session", map[string]any{"username": "zibo-admin\x00", "password": "x"}, "username"},
				{"query", admin, "GET", "/api/v1/enterprises?q=" + url.QueryEscape("亚华\x00"), nil, "q"},
				{"escape in JSON", admin, "POST", "/api/v1/enterprises", `{"name":"a\u0007b"}`, "name"},
			}
			for _, c := range cases {
				resp := env.Do(c.token, c.method, c.path, c.body)
				var b errBody
				resp.JSON(t, &b)
				if resp.Status != 422 || b.Error.Fields[c.field] == "" {
					t.Errorf("%s: %d %s, want 422 naming %s", c.name, resp.Status, resp.Body, c.field)
				}
			}
			// A multi-line text keeps its line breaks (a template preview).
			resp := env.Do(admin, "POST", "/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy/preview",
				map[string]any{"headline": "标题", "body": "第一段\n第二段\t"})
			if resp.Status == 422 && strings.Contains(string(resp.Body), "control") {
				t.Errorf("multi-line body refused: %s", resp.Body)
			}
			// A page form: the same refusal, as a page.
			c := browser(t)
			base := env.Server.URL
			_, page := get(t, c, base+"/login")
			m := csrfRe.FindStringSubmatch(page)
			if st, _, _ := post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"zibo-admin\x00"}, "password": {"x"}}); st != 422 {
				t.Errorf("sign-in form with NUL = %d, want 422", st)
			}
			post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"zibo-admin"}, "password": {apptest.Password}})
			_, page = get(t, c, base+"/enterprises/new")
			csrf := csrfRe.FindStringSubmatch(page)[1]
			st, body, _ := post(t, c, base+"/enterprises/new", url.Values{"csrf": {csrf}, "name": {"甲\x00"}, "uscc": {"x"}})
			if st != 422 || !strings.Contains(body, "控制字符") {
				t.Errorf("enterprise form with NUL = %d", st)
			}
		})
	}
}

// Bodies say what they mean once: a key twice is refused, a zone other
// than the caller's is refused rather than replaced, a date before 1900 and
// a password holding the username are refused.
func TestBodyRules(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin := env.Login("weifang-admin")
	check := func(name string, resp apptest.Response, status int, field string) {
		t.Helper()
		var b errBody
		resp.JSON(t, &b)
		if resp.Status != status || (field != "" && b.Error.Fields[field] == "") {
			t.Errorf("%s: %d %s, want %d naming %q", name, resp.Status, resp.Body, status, field)
		}
	}
	check("duplicate key", env.Do(admin, "POST", "/api/v1/tokens", `{"name":"a","name":"b"}`), 400, "name")
	check("nested duplicate", env.Do(admin, "POST", "/api/v1/contracts", `{"buyer":{"name":"a","name":"b"}}`), 400, "buyer.name")
	check("other zone", env.Do(admin, "POST", "/api/v1/enterprises", map[string]any{"zone": "zibo", "name": "甲"}), 422, "zone")
	check("other zone id", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-new", "password": "long-enough-pw",
		"role": "zone_staff", "zone_id": env.IDs.Zones["zibo"]}), 422, "zone_id")
	check("own zone id", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-new", "password": "long-enough-pw",
		"role": "zone_staff", "zone_id": env.IDs.Zones["weifang"]}), 201, "")
	check("password with username", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-other", "password": "my-W-Other-pw",
		"role": "zone_staff"}), 422, "password")
	check("password is username", env.Do(admin, "POST", "/api/v1/users", map[string]any{"username": "w-other-long", "password": "w-other-long",
		"role": "zone_staff"}), 422, "password")
	id := env.IDs.Users["weifang-admin"]
	check("own password with username", env.Do(admin, "POST", fmt.Sprintf("/api/v1/users/%d/password", id), map[string]any{"password": "weifang-admin-2024"}), 422, "password")
	check("date before 1900", env.Do(admin, "POST", "/api/v1/enterprises", map[string]any{"name": "甲", "founded_on": "1899-12-31"}), 422, "founded_on")
}
