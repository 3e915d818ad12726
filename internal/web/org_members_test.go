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

// The chain form picks its members as the organisation form does: a row
// several enterprises answer is refused beside that row, the rows typed
// kept; names, fragments and credit codes are taken.
func TestChainFormPicksMembers(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("weifang-admin")
	path := "/zones/weifang/party/chains"
	form := url.Values{"code": {"pick_chain"}, "name": {"选企业产业链（示例）"}, "level": {"city"}, "body": {"committee"},
		"body_name": {"选企业产业链党委（示例）"}, "body_formed_on": {"2023-06-01"}, "members": {"歌尔集团", "潍坊示例", ""}}

	resp := env.Do(tok, "POST", path, form.Encode())
	body := string(resp.Body)
	if resp.Status != 422 || !strings.Contains(body, "“潍坊示例”对应多家企业") {
		t.Fatalf("an ambiguous row: %d", resp.Status)
	}
	if i := strings.Index(body, "对应多家企业"); i < 0 || !strings.Contains(body[max(0, i-600):i], "第2家") || strings.Contains(body[max(0, i-600):i], "第3家") {
		t.Error("the refusal is not beside the second row")
	}
	if !strings.Contains(body, `<fieldset class="members" id="chain-members"><legend>成员企业（`) {
		t.Error("the chain form has no member rows of its own")
	}
	if strings.Contains(body, "<textarea") {
		t.Error("the chain form still takes credit codes in a text area")
	}
	if !strings.Contains(body, `value="歌尔集团"`) || !strings.Contains(body, `value="潍坊示例"`) {
		t.Error("the rows typed are not kept")
	}
	if !strings.Contains(body, `list="chain-enterprises"`) || !strings.Contains(body, `<option value="歌尔集团有限公司">`) {
		t.Error("no datalist of the zone's enterprises")
	}

	more := url.Values{}
	for k, v := range form {
		more[k] = v
	}
	more.Set("member_rows", "3")
	more.Set("more", "1")
	resp = env.Do(tok, "POST", path, more.Encode())
	if n := strings.Count(string(resp.Body), `name="members"`); resp.Status != 200 || n != 6 {
		t.Fatalf("more rows: %d, %d rows", resp.Status, n)
	}

	form["members"] = []string{"示例设计", env.IDs.USCC["潍坊示例咨询有限公司（示例）"]}
	resp = env.Do(tok, "POST", path, form.Encode())
	if resp.Status != 303 {
		t.Fatalf("by fragment and code: %d\n%s", resp.Status, resp.Body)
	}
	resp = env.Do(tok, "GET", path, "")
	body = string(resp.Body)
	i := strings.Index(body, `data-code="pick_chain"`)
	if i < 0 {
		t.Fatal("the chain is not listed")
	}
	sec := body[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	if !strings.Contains(sec, "潍坊示例设计有限公司（示例）") || !strings.Contains(sec, "潍坊示例咨询有限公司（示例）") {
		t.Errorf("the chain's members: %s", sec)
	}
}
