package app_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// orgOut is what these tests read of an organisation.
type orgOut struct {
	ID          int64
	Secretary   string
	Elections   []string
	DissolvedOn *string `json:"dissolved_on"`
	Members     []struct{ USCC string }
	History     []struct{ USCC string }
	Version     int
}

func getOrg(t *testing.T, env *apptest.Env, token string, id int64) orgOut {
	t.Helper()
	var o orgOut
	r := env.Do(token, "GET", fmt.Sprintf("/api/v1/organisations/%d", id), nil)
	if r.Status != http.StatusOK {
		t.Fatalf("organisation %d: %d %s", id, r.Status, r.Body)
	}
	r.JSON(t, &o)
	return o
}

// A dissolved organisation's record may still be corrected (its
// secretary's name, an election held before it was dissolved), and each
// correction is stored and audited; but no enterprise joins it: a patch
// naming members is refused on the members field and changes nothing.
func TestOrgDissolvedEditAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			staff := env.Login("weifang-staff")
			var orgs struct{ Items []struct{ ID int64 } }
			env.Do(staff, "GET", "/api/v1/zones/weifang/organisations?mode=joint", nil).JSON(t, &orgs)
			if len(orgs.Items) == 0 {
				t.Fatal("no joint organisation in Weifang")
			}
			id := orgs.Items[0].ID
			o := getOrg(t, env, staff, id)
			if len(o.Members) == 0 {
				t.Fatalf("organisation %d covers nobody: %+v", id, o)
			}
			path := fmt.Sprintf("/api/v1/organisations/%d", id)
			if r := env.Do(staff, "PATCH", path, map[string]any{"version": o.Version, "dissolved_on": "2023-12-15"}); r.Status != http.StatusOK {
				t.Fatalf("dissolve: %d %s", r.Status, r.Body)
			}
			o = getOrg(t, env, staff, id)
			if o.DissolvedOn == nil || len(o.Members) != 0 || len(o.History) == 0 {
				t.Fatalf("after dissolving: %+v", o)
			}
			audits := func() int {
				return count(t, env, "SELECT COUNT(*) FROM audit_log WHERE entity = 'org_organisation' AND action = 'update' AND entity_id = ?", id)
			}
			stays := func() int { return count(t, env, "SELECT COUNT(*) FROM org_members WHERE org_id = ?", id) }

			// The secretary's name corrected.
			before := audits()
			r := env.Do(staff, "PATCH", path, map[string]any{"version": o.Version, "secretary": "更正后的书记"})
			if r.Status != http.StatusOK {
				t.Fatalf("secretary correction: %d %s", r.Status, r.Body)
			}
			o = getOrg(t, env, staff, id)
			if o.Secretary != "更正后的书记" {
				t.Errorf("secretary %q after the correction", o.Secretary)
			}
			if n := audits(); n != before+1 {
				t.Errorf("%d update audits after the correction, want %d", n, before+1)
			}
			var after string
			if err := env.DB.Read().QueryRow(t.Context(), "SELECT after_json FROM audit_log WHERE entity = 'org_organisation' AND entity_id = ? ORDER BY seq DESC LIMIT 1", id).Scan(&after); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(after, "更正后的书记") {
				t.Errorf("the audit record does not hold the correction: %s", after)
			}

			// An election held before the dissolution, recorded late.
			r = env.Do(staff, "PATCH", path, map[string]any{"version": o.Version, "last_election_on": "2023-12-14"})
			if r.Status != http.StatusOK {
				t.Fatalf("late election: %d %s", r.Status, r.Body)
			}
			o = getOrg(t, env, staff, id)
			if !slices.Contains(o.Elections, "2023-12-14") {
				t.Errorf("elections %v lack 2023-12-14", o.Elections)
			}

			// An enterprise it covered, named again: refused, nothing stored.
			before, staysBefore := audits(), stays()
			wantFields(t, env.Do(staff, "PATCH", path, map[string]any{"version": o.Version, "secretary": "又一位书记",
				"members": []string{o.History[0].USCC}, "members_on": "2023-12-18"}), "members")
			again := getOrg(t, env, staff, id)
			if again.Version != o.Version || again.Secretary != o.Secretary || len(again.Members) != 0 || len(again.History) != len(o.History) {
				t.Errorf("the refused patch changed the organisation: %+v, was %+v", again, o)
			}
			if n, m := audits(), stays(); n != before || m != staysBefore {
				t.Errorf("the refused patch left %d audits (was %d), %d stays (was %d)", n, before, m, staysBefore)
			}
		})
	}
}
