package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The organisation form takes its members one a row by name, a fragment
// only one enterprise has, or credit code; a row several enterprises
// answer is refused beside that row with what was typed kept; "more rows"
// stores nothing and offers blank rows with the typed ones kept.
func TestOrgFormPicksMembers(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("weifang-admin")
	path := "/zones/weifang/party/organisations"
	form := url.Values{"name": {"选企业联合党支部（示例）"}, "kind": {"joint_branch"}, "mode": {"joint"}, "secretary": {"书记（示例）"},
		"founded_on": {"2023-06-01"}, "term_years": {"3"}, "members": {"潍坊示例", "示例咨询", ""}}

	resp := env.Do(tok, "POST", path, form.Encode())
	body := string(resp.Body)
	if resp.Status != 422 || !strings.Contains(body, "“潍坊示例”对应多家企业") {
		t.Fatalf("an ambiguous row: %d", resp.Status)
	}
	if !strings.Contains(body, `value="潍坊示例"`) || !strings.Contains(body, `value="示例咨询"`) {
		t.Error("the rows typed are not kept")
	}
	if !strings.Contains(body, `list="org-enterprises"`) || !strings.Contains(body, `<option value="歌尔集团有限公司">`) {
		t.Error("no datalist of the zone's enterprises")
	}

	more := url.Values{}
	for k, v := range form {
		more[k] = v
	}
	more.Set("member_rows", "3")
	more.Set("more", "1")
	resp = env.Do(tok, "POST", path, more.Encode())
	if resp.Status != 200 || strings.Count(string(resp.Body), `name="members"`) != 6 || !strings.Contains(string(resp.Body), `value="示例咨询"`) {
		t.Fatalf("more rows: %d, %d rows", resp.Status, strings.Count(string(resp.Body), `name="members"`))
	}

	// By whole name and by fragment: the fragment's enterprise is covered
	// already, which the service says beside that row (the second).
	form["members"] = []string{"潍坊示例咨询有限公司（示例）", "示例检测服务"}
	resp = env.Do(tok, "POST", path, form.Encode())
	body = string(resp.Body)
	if resp.Status != 422 || !strings.Contains(body, "企业“潍坊示例检测服务有限公司（示例）”已由") {
		t.Fatalf("a covered enterprise picked by fragment: %d", resp.Status)
	}
	if i := strings.Index(body, "已由"); i < 0 || !strings.Contains(body[max(0, i-600):i], "第2家") {
		t.Error("the refusal is not beside the second row")
	}
	// By credit code, the uncovered consulting firm and a fresh one.
	form["members"] = []string{env.IDs.USCC["潍坊示例咨询有限公司（示例）"], "歌尔集团"}
	form.Set("mode", "joint")
	resp = env.Do(tok, "POST", path, form.Encode())
	if resp.Status != 422 || !strings.Contains(string(resp.Body), "歌尔集团有限公司") {
		t.Fatalf("by code and fragment: %d", resp.Status)
	}
}
