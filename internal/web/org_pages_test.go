package web_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

func sheetRows(t *testing.T, body []byte) [][][]string {
	t.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out [][][]string
	for _, s := range wb.GetSheetList() {
		rows, err := wb.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rows)
	}
	return out
}

// Every list of the module downloads as a workbook with what the page
// lists; the identity numbers in a call's workbook are whole for the zone's
// admin only.
func TestOrgWorkbooks(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin, staff := env.Login("weifang-admin"), env.Login("weifang-staff")
	get := func(tok, path string) [][][]string {
		t.Helper()
		resp := env.Do(tok, "GET", path, nil)
		if resp.Status != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("%s: %d %s", path, resp.Status, resp.Header.Get("Content-Type"))
		}
		return sheetRows(t, resp.Body)
	}
	cov := get(admin, "/zones/weifang/party/coverage?format=xlsx&on=2023-12-18")
	if len(cov) != 4 {
		t.Fatalf("coverage workbook has %d sheets, want 4 (modes, chains, parks, gaps)", len(cov))
	}
	gaps := strings.Join(flatten(cov[3]), "|")
	for _, want := range []string{"潍坊示例咨询有限公司（示例）", "潍坊示例声学电子有限公司（示例）", "单独建立党总支"} {
		if !strings.Contains(gaps, want) {
			t.Errorf("gaps sheet lacks %q: %s", want, gaps)
		}
	}
	orgs := get(admin, "/zones/weifang/party/organisations?format=xlsx")
	if n := len(orgs[0]) - 3; n != 11 {
		t.Errorf("organisations sheet has %d rows, want 11", n)
	}
	due := get(admin, "/zones/weifang/party/organisations?format=xlsx&due=1")
	if n := len(due[0]) - 3; n != 2 {
		t.Errorf("elections-due sheet has %d rows, want 2", n)
	}
	branches := get(admin, "/zones/weifang/party/online-branches?format=xlsx")
	if n := len(branches[0]) - 3; n < 79 {
		t.Errorf("online branches sheet has %d rows, want at least 79", n)
	}
	chains := get(admin, "/zones/weifang/party/chains?format=xlsx")
	if s := strings.Join(flatten(chains[0]), "|"); !strings.Contains(s, "动力装备产业链党委") || !strings.Contains(s, "潍坊动力装备创新中心有限公司") {
		t.Errorf("chains sheet: %s", s)
	}
	progs := get(admin, "/zones/weifang/talent?format=xlsx")
	if s := strings.Join(flatten(progs[0]), "|"); !strings.Contains(s, "金鸢领航") || !strings.Contains(s, "蓝鸢匠心") {
		t.Errorf("programmes sheet: %s", s)
	}
	dash := get(admin, "/zones/weifang/party?format=xlsx&on=2023-12-18")
	if s := strings.Join(flatten(dash[0]), "|"); !strings.Contains(s, "开放式网上党支部|79") {
		t.Errorf("dashboard sheet: %s", s)
	}

	var call int64
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT MIN(id) FROM talent_calls WHERE zone_id = ?", env.IDs.Zones["weifang"]).Scan(&call); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/talent/calls/%d?format=xlsx", call)
	for tok, masked := range map[string]bool{admin: false, staff: true} {
		rows := get(tok, path)[0][3:]
		if len(rows) == 0 {
			t.Fatal("no applicants in the call's workbook")
		}
		for _, r := range rows {
			if id := r[1]; len(id) != 18 || strings.Contains(id, "*") != masked {
				t.Errorf("ID %q (masked %v)", id, masked)
			}
		}
	}
	// Above the zone: no applicant list, in a page or a workbook.
	for _, user := range []string{"national", "weifang-city"} {
		if resp := env.Do(env.Login(user), "GET", path, nil); resp.Status != 403 {
			t.Errorf("%s reads applicants: %d", user, resp.Status)
		}
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

// The organisation page's forms: an election before founding is refused
// beside its field and nothing changes; a later one is recorded.
func TestOrgPageForms(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("weifang-admin")
	var id int64
	var version int
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT id, version FROM org_organisations WHERE name = ?", "潍坊示例生物医药有限公司党支部（示例）").Scan(&id, &version); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/party/organisations/%d", id)
	form := url.Values{"action": {"edit"}, "version": {fmt.Sprint(version)}, "name": {"潍坊示例生物医药有限公司党支部（示例）"}, "secretary": {"新书记（示例）"},
		"term_years": {"3"}, "members": {env.IDs.USCC["潍坊示例生物医药有限公司（示例）"]}, "last_election_on": {"2019-01-01"}}
	resp := env.Do(tok, "POST", path, form.Encode())
	if resp.Status != 422 || !strings.Contains(string(resp.Body), "换届日期不能早于成立日期") {
		t.Fatalf("election before founding: %d", resp.Status)
	}
	form.Set("last_election_on", "2023-11-20")
	if resp = env.Do(tok, "POST", path, form.Encode()); resp.Status != 303 {
		t.Fatalf("election: %d %s", resp.Status, resp.Body)
	}
	page := string(env.Do(tok, "GET", path, nil).Body)
	if !strings.Contains(page, "新书记（示例）") || !strings.Contains(page, "2023-11-20") || !strings.Contains(page, "2026-11-20") {
		t.Errorf("the page does not show the new secretary, the election and the next one")
	}
}
