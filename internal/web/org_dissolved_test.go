package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The edit form of a dissolved organisation (its member rows empty, as
// the page shows them) stores a correction of the secretary's name; rows
// naming an enterprise are refused beside the members with why, and
// nothing changes.
func TestOrgPageEditsDissolved(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			tok := env.Login("weifang-admin")
			name := "潍坊示例生物医药有限公司党支部（示例）"
			member := env.IDs.USCC["潍坊示例生物医药有限公司（示例）"]
			var id int64
			version := func() int {
				var v int
				if err := env.DB.Read().QueryRow(t.Context(), "SELECT id, version FROM org_organisations WHERE name = ?", name).Scan(&id, &v); err != nil {
					t.Fatal(err)
				}
				return v
			}
			v := version()
			path := fmt.Sprintf("/party/organisations/%d", id)
			form := url.Values{"action": {"edit"}, "version": {fmt.Sprint(v)}, "name": {name}, "secretary": {"原书记（示例）"},
				"term_years": {"3"}, "members": {member}, "dissolved_on": {"2023-12-15"}}
			if resp := env.Do(tok, "POST", path, form.Encode()); resp.Status != 303 {
				t.Fatalf("dissolve: %d %s", resp.Status, resp.Body)
			}

			form = url.Values{"action": {"edit"}, "version": {fmt.Sprint(version())}, "name": {name}, "secretary": {"更正书记（示例）"},
				"term_years": {"3"}, "members": {""}}
			if resp := env.Do(tok, "POST", path, form.Encode()); resp.Status != 303 {
				t.Fatalf("correction of a dissolved organisation: %d %s", resp.Status, resp.Body)
			}
			if page := string(env.Do(tok, "GET", path, nil).Body); !strings.Contains(page, "更正书记（示例）") {
				t.Error("the page does not show the corrected secretary")
			}

			v = version()
			form.Set("version", fmt.Sprint(v))
			form.Set("secretary", "再改书记（示例）")
			form["members"] = []string{member}
			resp := env.Do(tok, "POST", path, form.Encode())
			body := string(resp.Body)
			if resp.Status != 422 || !strings.Contains(body, "该组织已于2023-12-15撤销，成员企业不能再变动") {
				t.Fatalf("a member for a dissolved organisation: %d", resp.Status)
			}
			if version() != v {
				t.Error("the refused form changed the organisation")
			}
			var stays int
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM org_members WHERE org_id = ? AND until_on IS NULL", id).Scan(&stays); err != nil || stays != 0 {
				t.Errorf("%d current stays after the refusal (%v)", stays, err)
			}
		})
	}
}
