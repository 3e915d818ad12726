package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/talent"
)

// apiError is the error body's fields.
type apiError struct {
	Error struct {
		Code   string
		Fields map[string]string
	}
}

func wantFields(t *testing.T, resp apptest.Response, fields ...string) {
	t.Helper()
	if resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", resp.Status, resp.Body)
	}
	var e apiError
	resp.JSON(t, &e)
	for _, f := range fields {
		if e.Error.Fields[f] == "" {
			t.Errorf("%s not named: %v", f, e.Error.Fields)
		}
	}
}

// Weifang's clerk records a new enterprise with its pledge, surveys it and
// adds it to a joint branch: coverage, its rollups and the bulletin item
// move. Bad records are refused whole, every bad field or member named.
func TestOrgCoverageAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			staff := env.Login("weifang-staff")
			type coverage struct {
				ShouldCover   int `json:"should_cover"`
				Covered       int
				Pledged       int
				CoveredByMode map[string]int `json:"covered_by_mode"`
			}
			var before, cov coverage
			env.Do(staff, "GET", "/api/v1/zones/weifang/coverage?on=2023-12-18", nil).JSON(t, &before)

			uscc := demo.USCCFor("370700", 901)
			resp := env.Do(staff, "POST", "/api/v1/enterprises", map[string]any{"uscc": uscc, "name": "潍坊新入园科技有限公司（示例）",
				"nature": "170", "industry": "I", "settled_on": "2023-12-01", "pledge_signed": true, "pledge_on": "2023-11-28"})
			if resp.Status != http.StatusCreated {
				t.Fatalf("enterprise: %d %s", resp.Status, resp.Body)
			}
			var ent struct{ ID int64 }
			resp.JSON(t, &ent)
			if r := env.Do(staff, "PUT", fmt.Sprintf("/api/v1/enterprises/%d/party", ent.ID),
				map[string]any{"version": 0, "employees": 20, "members": 2, "surveyed_on": "2023-12-05"}); r.Status != http.StatusOK {
				t.Fatalf("survey: %d %s", r.Status, r.Body)
			}
			var orgs struct {
				Items []struct {
					ID      int64
					Name    string
					Mode    string
					Version int
					Members []struct{ USCC string }
				}
			}
			env.Do(staff, "GET", "/api/v1/zones/weifang/organisations?mode=joint", nil).JSON(t, &orgs)
			var joint int64
			var version int
			var members []string
			for _, o := range orgs.Items {
				if o.Name == "物流仪器联合党支部（示例）" {
					joint, version = o.ID, o.Version
					for _, m := range o.Members {
						members = append(members, m.USCC)
					}
				}
			}
			if joint == 0 {
				t.Fatalf("no joint branch in %+v", orgs.Items)
			}
			// Bad: an enterprise already covered elsewhere, an unknown code,
			// members from before founding; nothing changes.
			wantFields(t, env.Do(staff, "PATCH", fmt.Sprintf("/api/v1/organisations/%d", joint), map[string]any{"version": version,
				"members": append(append([]string{}, members...), env.IDs.USCC["歌尔集团有限公司"], "91370700MA3C0999XX"), "members_on": "2001-01-01"}),
				"members.3", "members.4", "members_on")
			resp = env.Do(staff, "PATCH", fmt.Sprintf("/api/v1/organisations/%d", joint), map[string]any{"version": version,
				"members": append(members, uscc), "members_on": "2023-12-10"})
			if resp.Status != http.StatusOK {
				t.Fatalf("join: %d %s", resp.Status, resp.Body)
			}
			env.Do(staff, "GET", "/api/v1/zones/weifang/coverage?on=2023-12-18", nil).JSON(t, &cov)
			if cov.ShouldCover != before.ShouldCover+1 || cov.Covered != before.Covered+1 || cov.Pledged != before.Pledged+1 ||
				cov.CoveredByMode["joint"] != before.CoveredByMode["joint"]+1 {
				t.Errorf("coverage moved from %+v to %+v", before, cov)
			}
			var fig struct{ Value json.Number }
			env.Do(staff, "GET", "/api/v1/indicators/org.covered?zone=weifang&from=2023-12&to=2023-12", nil).JSON(t, &fig)
			if fig.Value.String() != fmt.Sprint(cov.Covered) {
				t.Errorf("org.covered figure %v, records %d", fig.Value, cov.Covered)
			}
			item := bulletinItem(t, env, "weifang-staff", "/api/v1/zones/weifang/bulletin?from=2023-01&to=2023-12", "org")
			if !strings.Contains(item, fmt.Sprintf("%d家企业签约入驻前签订承诺书", cov.Pledged)) ||
				!strings.Contains(item, fmt.Sprintf("覆盖企业%d家", cov.Covered)) {
				t.Errorf("the item did not move:\n%s", item)
			}

			// 单建 with several enterprises, election before founding.
			wantFields(t, env.Do(staff, "POST", "/api/v1/zones/weifang/organisations", map[string]any{"name": "错误党支部", "kind": "branch",
				"mode": "single", "secretary": "张", "founded_on": "2022-01-01", "elections": []string{"2021-01-01"},
				"members": []string{env.IDs.USCC["潍坊示例咨询有限公司（示例）"], env.IDs.USCC["潍坊示例检测服务有限公司（示例）"]}}),
				"members", "last_election_on", "members.2")
			// An online branch without an organisation.
			wantFields(t, env.Do(staff, "POST", "/api/v1/zones/weifang/online-branches", map[string]any{"name": "网上党支部",
				"platform": "wechat", "open": true, "opened_on": "2023-06-01"}), "org_id")
		})
	}
}

// Talent applicants: a person in two tiers of one programme and a
// malformed ID number are refused, named; the staff see ID numbers masked,
// the zone's admin whole; the city sees none.
func TestTalentApplicantsAPI(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	staff, admin := env.Login("weifang-staff"), env.Login("weifang-admin")
	var progs struct {
		Items []struct {
			ID   int64
			Name string
		}
	}
	env.Do(staff, "GET", "/api/v1/zones/weifang/talent-programmes", nil).JSON(t, &progs)
	if len(progs.Items) != 5 || progs.Items[0].Name != "金鸢领航" {
		t.Fatalf("programmes %+v", progs.Items)
	}
	var call struct{ ID int64 }
	resp := env.Do(staff, "POST", fmt.Sprintf("/api/v1/talent-programmes/%d/calls", progs.Items[2].ID),
		map[string]any{"year": 2023, "title": "2023年补充申报（示例）", "opens_on": "2023-10-01", "closes_on": "2023-12-31"})
	resp.JSON(t, &call)
	id := talent.MakeID("37070519940303123")
	body := func(tier, idNumber string) map[string]any {
		return map[string]any{"name": "新申报人（示例）", "id_number": idNumber, "tier": tier,
			"enterprise": env.IDs.USCC["潍坊示例设计有限公司（示例）"], "applied_on": "2023-12-01"}
	}
	path := fmt.Sprintf("/api/v1/talent-calls/%d/applicants", call.ID)
	resp = env.Do(staff, "POST", path, body("a", id))
	if resp.Status != http.StatusCreated {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
	var x struct {
		IDNumber string `json:"id_number"`
	}
	resp.JSON(t, &x)
	if x.IDNumber != talent.MaskID(id) {
		t.Errorf("staff see %s", x.IDNumber)
	}
	wantFields(t, env.Do(staff, "POST", path, body("b", id)), "tier")
	wantFields(t, env.Do(staff, "POST", path, body("b", id[:17]+"0")), "id_number")
	var page struct {
		Items []struct {
			IDNumber string `json:"id_number"`
		}
	}
	env.Do(admin, "GET", path, nil).JSON(t, &page)
	if len(page.Items) != 1 || page.Items[0].IDNumber != id {
		t.Errorf("admin sees %+v", page.Items)
	}
	if r := env.Do(env.Login("weifang-city"), "GET", path, nil); r.Status != http.StatusForbidden {
		t.Errorf("the city reads applicants: %d", r.Status)
	}
}
