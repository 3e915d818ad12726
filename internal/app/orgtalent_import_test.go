package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// problemRows are the rows a finished import job lists as bad, with the
// texts of their problems.
func problemRows(t *testing.T, j map[string]any) ([]int, string) {
	t.Helper()
	res, _ := j["result"].(map[string]any)
	list, _ := res["problem_list"].([]any)
	var rows []int
	var text strings.Builder
	for _, p := range list {
		m := p.(map[string]any)
		n := int(m["row"].(float64))
		if !slices.Contains(rows, n) {
			rows = append(rows, n)
		}
		fmt.Fprintf(&text, "%d %v %v\n", n, m["column"], m["message"])
	}
	slices.Sort(rows)
	return rows, text.String()
}

// The module's imports (files made with openpyxl, see testdata/orgimport):
// a refused file names every bad row at once and stores nothing; a good
// one stores all, and coverage moves; skip_bad stores the good rows.
func TestOrgTalentImports(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	zibo, weifang := env.Login("zibo-admin"), env.Login("weifang-admin")
	file := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "orgimport", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	run := func(tok, slug, kind, name string, fields map[string]string) map[string]any {
		t.Helper()
		f := map[string]string{"kind": kind}
		for k, v := range fields {
			f[k] = v
		}
		resp := env.Do(tok, "POST", "/api/v1/zones/"+slug+"/party-imports", apptest.Upload{Name: name, Data: file(name), Fields: f})
		if resp.Status != 202 {
			t.Fatalf("%s: %d %s", name, resp.Status, resp.Body)
		}
		var acc struct {
			JobID int64 `json:"job_id"`
		}
		resp.JSON(t, &acc)
		return waitJob(t, env, tok, acc.JobID)
	}
	count := func(q string, args ...any) int {
		var n int
		if err := env.DB.Read().QueryRow(t.Context(), q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	orgs := func() int {
		return count("SELECT COUNT(*) FROM org_organisations WHERE zone_id = ?", env.IDs.Zones["zibo"])
	}
	before := orgs()

	// The template of each kind downloads.
	for _, kind := range []string{"org_organisations", "org_chain_members", "org_online_branches", "talent_applicants"} {
		if resp := env.Do(zibo, "GET", "/api/v1/party-imports/template?kind="+kind, nil); resp.Status != 200 {
			t.Errorf("template %s: %d", kind, resp.Status)
		}
	}

	j := run(zibo, "zibo", "org_organisations", "organisations-bad.xlsx", nil)
	rows, text := problemRows(t, j)
	if j["status"] != "failed" || !slices.Equal(rows, []int{2, 3, 5, 6}) || j["report_url"] == nil {
		t.Fatalf("bad organisations: %v rows %v\n%s", j["status"], rows, text)
	}
	for _, want := range []string{"org.err.single_one", "org.err.joint_several", "org.err.import_twice", "org.err.election_before_founding"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
	if orgs() != before {
		t.Fatalf("a refused file stored organisations")
	}

	var cov struct {
		Covered int `json:"covered"`
	}
	env.Do(zibo, "GET", "/api/v1/zones/zibo/coverage?on=2023-12-18", nil).JSON(t, &cov)
	if j := run(zibo, "zibo", "org_organisations", "organisations.xlsx", nil); j["status"] != "done" {
		_, text := problemRows(t, j)
		t.Fatalf("organisations: %v %v\n%s", j["status"], j["message"], text)
	}
	if got := orgs(); got != before+3 {
		t.Errorf("%d organisations, want %d", got, before+3)
	}
	var after struct {
		Covered int `json:"covered"`
	}
	env.Do(zibo, "GET", "/api/v1/zones/zibo/coverage?on=2023-12-18", nil).JSON(t, &after)
	if after.Covered != cov.Covered+5 {
		t.Errorf("covered %d → %d, want 5 more", cov.Covered, after.Covered)
	}

	// Online branches: one without an organisation, one before its
	// organisation; skip_bad stores the good one.
	j = run(zibo, "zibo", "org_online_branches", "online-branches.xlsx", nil)
	if rows, text := problemRows(t, j); j["status"] != "failed" || !slices.Equal(rows, []int{3, 4}) || !strings.Contains(text, "org.err.import_branch_org") || !strings.Contains(text, "org.err.branch_before_org") {
		t.Errorf("online branches: %v %v\n%s", j["status"], rows, text)
	}
	if n := count("SELECT COUNT(*) FROM org_online_branches WHERE zone_id = ?", env.IDs.Zones["zibo"]); n != 0 {
		t.Errorf("a refused file stored %d online branches", n)
	}
	if j := run(zibo, "zibo", "org_online_branches", "online-branches.xlsx", map[string]string{"skip_bad": "true"}); j["status"] != "done" {
		t.Errorf("online branches, skipping bad rows: %v", j["status"])
	}
	if n := count("SELECT COUNT(*) FROM org_online_branches WHERE zone_id = ?", env.IDs.Zones["zibo"]); n != 1 {
		t.Errorf("%d online branches, want 1", n)
	}

	// Chain members: an unknown chain and an enterprise listed twice.
	if resp := env.Do(zibo, "POST", "/api/v1/zones/zibo/chains", map[string]any{"code": "zb_new_materials", "name": "淄博新材料（导入测试）", "level": "city"}); resp.Status != 201 {
		t.Fatalf("chain: %d %s", resp.Status, resp.Body)
	}
	j = run(zibo, "zibo", "org_chain_members", "chain-members.xlsx", nil)
	if rows, text := problemRows(t, j); j["status"] != "failed" || !slices.Equal(rows, []int{4, 5}) {
		t.Errorf("chain members: %v %v\n%s", j["status"], rows, text)
	}
	members := func() int {
		return count("SELECT COUNT(*) FROM org_chain_members m JOIN org_chains c ON c.id = m.chain_id WHERE c.code = ?", "zb_new_materials")
	}
	if members() != 0 {
		t.Errorf("a refused file added chain members")
	}
	run(zibo, "zibo", "org_chain_members", "chain-members.xlsx", map[string]string{"skip_bad": "true"})
	if members() != 2 {
		t.Errorf("%d chain members, want 2", members())
	}

	// Applicants: a person in two tiers of a programme, an ID number with a
	// wrong check character.
	call := count("SELECT c.id FROM talent_calls c JOIN talent_programmes p ON p.id = c.programme_id WHERE p.name = ? AND c.year = 2023", "金鸢领航")
	applicants := func() int { return count("SELECT COUNT(*) FROM talent_applicants WHERE call_id = ?", call) }
	was := applicants()
	j = run(weifang, "weifang", "talent_applicants", "applicants.xlsx", map[string]string{"call": fmt.Sprint(call)})
	rows, text = problemRows(t, j)
	if j["status"] != "failed" || !slices.Equal(rows, []int{3, 4}) || !strings.Contains(text, "talent.err.import_other_tier") || !strings.Contains(text, "talent.err.id_check") {
		t.Errorf("applicants: %v %v\n%s", j["status"], rows, text)
	}
	if applicants() != was {
		t.Errorf("a refused file stored applicants")
	}
	run(weifang, "weifang", "talent_applicants", "applicants.xlsx", map[string]string{"call": fmt.Sprint(call), "skip_bad": "true"})
	if applicants() != was+2 {
		t.Errorf("%d applicants, want %d", applicants(), was+2)
	}
	// Another zone's call is none of the caller's.
	if resp := env.Do(zibo, "POST", "/api/v1/zones/zibo/party-imports", apptest.Upload{Name: "applicants.xlsx", Data: file("applicants.xlsx"),
		Fields: map[string]string{"kind": "talent_applicants", "call": fmt.Sprint(call)}}); resp.Status != 404 {
		t.Errorf("another zone's call: %d", resp.Status)
	}

	// The page: the form with the templates, an upload that lands on the job.
	page := env.Do(zibo, "GET", "/zones/zibo/party/import", nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "/party/import/template?kind=org_organisations") {
		t.Errorf("import page: %d", page.Status)
	}
	resp := env.Do(zibo, "POST", "/zones/zibo/party/import", apptest.Upload{Name: "organisations-bad.xlsx", Data: file("organisations-bad.xlsx"),
		Fields: map[string]string{"kind": "org_organisations"}})
	loc := resp.Header.Get("Location")
	if resp.Status != 303 || !strings.HasPrefix(loc, "/jobs/") {
		t.Fatalf("page upload: %d %s", resp.Status, loc)
	}
	var id int64
	fmt.Sscanf(loc, "/jobs/%d", &id)
	waitJob(t, env, zibo, id)
	if page := string(env.Do(zibo, "GET", loc, nil).Body); !strings.Contains(page, "job-problems") || !strings.Contains(page, "联建须有两家及以上企业") {
		t.Errorf("the job page does not list the file's problems")
	}
	if resp := env.Do(zibo, "GET", "/party/import/template?kind=org_online_branches", nil); resp.Status != 200 {
		t.Errorf("page template: %d", resp.Status)
	}
}
