package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/enterprise"
)

// newContractBody is a valid create body of the Zibo applicant.
func newContractBody(name string) map[string]any {
	return map[string]any{
		"name": name, "type": "DEV_ENTRUSTED", "signed_on": "2023-11-01", "valid_from": "2023-11-01", "valid_to": "2024-10-31",
		"field": "01", "buyer": map[string]any{"name": "青岛海尔智能技术研发有限公司", "uscc": buyerUSCC, "nature": "150", "region": "370212"},
		"contract_amount_fen": 120_000_000, "deductions": []map[string]any{{"kind": "equipment", "amount_fen": 20_000_000}},
	}
}

// buyerUSCC is a valid code (check character included) of a buyer.
var buyerUSCC = enterprise.MakeUSCC("91370212MA7B00001")

func multipartBody(t *testing.T, fields map[string]string, file string, data []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", file)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

func upload(t *testing.T, env *apptest.Env, token, path, file string, data []byte) (int, []byte) {
	t.Helper()
	ctype, body := multipartBody(t, nil, file, data)
	req, _ := http.NewRequest("POST", env.Server.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// The API end to end: create, validation naming fields, the workflow with
// its status codes, the number, benefits, tax estimate and files.
func TestContractAPI(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	ent, reg := env.Login("zibo-ent"), env.Login("zibo-registrar")
	var b errBody

	resp := env.Do(ent, "POST", "/api/v1/contracts", newContractBody("呼叫系统技术开发合同"))
	var created struct {
		ID     int64
		Status string
	}
	resp.JSON(t, &created)
	if resp.Status != 201 || created.ID == 0 || created.Status != "draft" {
		t.Fatalf("create: %d %s", resp.Status, resp.Body)
	}
	bad := newContractBody("坏日期")
	bad["signed_on"] = "2023-02-30"
	bad["buyer"] = map[string]any{"name": "x", "uscc": "91370212MA7B00001X", "nature": "999", "region": "370212"}
	resp = env.Do(ent, "POST", "/api/v1/contracts", bad)
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["signed_on"] == "" {
		t.Errorf("bad date: %d %s", resp.Status, resp.Body)
	}
	delete(bad, "signed_on")
	resp = env.Do(ent, "POST", "/api/v1/contracts", bad)
	b = errBody{}
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["buyer.uscc"] == "" || b.Error.Fields["buyer.nature"] == "" || b.Error.Fields["signed_on"] == "" {
		t.Errorf("bad fields: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(env.Login("zibo-admin"), "POST", "/api/v1/contracts", newContractBody("x")); resp.Status != 403 {
		t.Errorf("zone admin creates: %d", resp.Status)
	}
	path := fmt.Sprintf("/api/v1/contracts/%d", created.ID)
	if resp = env.Do(env.Login("yulin-registrar"), "GET", path, nil); resp.Status != 404 {
		t.Errorf("other zone reads: %d", resp.Status)
	}
	if resp = env.Do(reg, "POST", path+"/register", nil); resp.Status != 409 {
		t.Errorf("register a draft: %d %s", resp.Status, resp.Body)
	}
	resp = env.Do(ent, "PATCH", path, map[string]any{"name": "呼叫系统（二期）技术开发合同", "version": 1})
	if resp.Status != 200 || !strings.Contains(string(resp.Body), "二期") {
		t.Errorf("patch: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(ent, "PATCH", path, map[string]any{"name": "过期版本", "version": 1}); resp.Status != 409 {
		t.Errorf("stale patch: %d", resp.Status)
	}
	pdf := []byte("%PDF-1.4\n合同正文")
	st, body := upload(t, env, ent, path+"/attachments", "合同.pdf", pdf)
	var att struct {
		ID     int64
		SHA256 string
	}
	if err := json.Unmarshal(body, &att); err != nil || st != 201 {
		t.Fatalf("upload: %d %s", st, body)
	}
	if st, body := upload(t, env, ent, path+"/attachments", "virus.exe", []byte("MZ\x90\x00")); st != 422 || !strings.Contains(string(body), `"file"`) {
		t.Errorf("exe upload: %d %s", st, body)
	}
	if resp = env.Do(ent, "POST", path+"/attachments", map[string]string{"file": "x"}); resp.Status != 400 {
		t.Errorf("non-multipart upload: %d", resp.Status)
	}
	resp = env.Do(reg, "GET", fmt.Sprintf("%s/attachments/%d", path, att.ID), nil)
	sum := sha256.Sum256(pdf)
	if resp.Status != 200 || !bytes.Equal(resp.Body, pdf) || resp.Header.Get("X-Checksum-Sha256") != hex.EncodeToString(sum[:]) ||
		resp.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %v", resp.Status, resp.Header)
	}
	if resp = env.Do(ent, "POST", path+"/submit", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), `"status":"awaiting"`) {
		t.Fatalf("submit (online: awaiting acceptance): %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(ent, "POST", path+"/submit", nil); resp.Status != 409 {
		t.Errorf("submit twice: %d", resp.Status)
	}
	if resp = env.Do(ent, "POST", path+"/register", map[string]any{}); resp.Status != 403 {
		t.Errorf("enterprise registers: %d", resp.Status)
	}
	resp = env.Do(reg, "POST", path+"/return", map[string]string{"reason": ""})
	b = errBody{}
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["reason"] == "" {
		t.Errorf("return without reason: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(reg, "POST", path+"/return", map[string]string{"reason": "请补充签章页"}); resp.Status != 200 {
		t.Fatalf("return: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(ent, "POST", path+"/submit", map[string]any{}); resp.Status != 200 {
		t.Fatalf("resubmit: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(reg, "POST", path+"/register", map[string]any{}); resp.Status != 409 {
		t.Errorf("register before acceptance: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(ent, "POST", path+"/accept", nil); resp.Status != 403 {
		t.Errorf("the applicant accepts: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(reg, "POST", path+"/accept", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), `"status":"submitted"`) ||
		!strings.Contains(string(resp.Body), `"deadline":"2024-01-17"`) { // 30 days from the acceptance, 2000 rules
		t.Fatalf("accept: %d %s", resp.Status, resp.Body)
	}
	resp = env.Do(reg, "POST", path+"/register", map[string]any{"tech_amount_fen": 90_000_000, "field": "03"})
	var done struct {
		RegNo  string `json:"reg_no"`
		Status string
	}
	resp.JSON(t, &done)
	if resp.Status != 200 || done.Status != "registered" || !regexp.MustCompile(`^23370302\d{6}$`).MatchString(done.RegNo) {
		t.Fatalf("register: %d %s", resp.Status, resp.Body)
	}
	var got struct {
		RegNo         string `json:"reg_no"`
		TechAmountFen int64  `json:"tech_amount_fen"`
		Field         string
		RuleSet       string `json:"rule_set"`
		Deductions    []any
	}
	env.Do(ent, "GET", path, nil).JSON(t, &got)
	if got.RegNo != done.RegNo || got.TechAmountFen != 90_000_000 || got.Field != "03" || got.RuleSet != "legacy2000" || len(got.Deductions) != 1 {
		t.Errorf("registered contract: %+v", got)
	}
	if resp = env.Do(reg, "POST", path+"/amend", map[string]any{"reason": "补充协议", "contract_amount_fen": 130_000_000}); resp.Status != 200 {
		t.Errorf("amend: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(reg, "POST", path+"/amend", map[string]any{"contract_amount_fen": 130_000_000}); resp.Status != 422 {
		t.Errorf("amend without reason: %d", resp.Status)
	}
	if resp = env.Do(ent, "GET", path+"/benefits", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), `"tax_year"`) {
		t.Errorf("benefits: %d %s", resp.Status, resp.Body)
	}
	entID := env.IDs.Enterprises["山东亚华电子股份有限公司"]
	if resp = env.Do(ent, "GET", fmt.Sprintf("/api/v1/enterprises/%d/tax-estimate?year=2023", entID), nil); resp.Status != 200 {
		t.Errorf("tax estimate: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(ent, "GET", fmt.Sprintf("/api/v1/enterprises/%d/tax-estimate?year=x", entID), nil); resp.Status != 422 {
		t.Errorf("tax estimate bad year: %d", resp.Status)
	}
	if resp = env.Do(reg, "POST", path+"/cancel", map[string]string{"reason": "解除"}); resp.Status != 200 {
		t.Errorf("cancel: %d %s", resp.Status, resp.Body)
	}
	var h struct{ Items []struct{ Event string } }
	env.Do(ent, "GET", path+"/history", nil).JSON(t, &h)
	if len(h.Items) != 9 || h.Items[3].Event != "accept" { // accepted once, at the resubmission
		t.Errorf("history: %+v", h.Items)
	}

	// Lists and the queue.
	yulinReg := env.Login("yulin-registrar")
	var page struct {
		Items []struct {
			ID      int64
			Status  string
			Overdue bool
		}
		Next string
	}
	env.Do(yulinReg, "GET", "/api/v1/contracts?status=registered&from=2023-01-01&to=2023-11-30&limit=200", nil).JSON(t, &page)
	n := len(page.Items)
	for page.Next != "" {
		next := page.Next
		page.Next = ""
		page.Items = nil
		env.Do(yulinReg, "GET", "/api/v1/contracts?status=registered&from=2023-01-01&to=2023-11-30&limit=200&cursor="+url.QueryEscape(next), nil).JSON(t, &page)
		n += len(page.Items)
	}
	if n != demo.YulinRegistered2023 {
		t.Errorf("Yulin's registered 2023-01..11 through the API: %d", n)
	}
	if resp = env.Do(yulinReg, "GET", "/api/v1/contracts?from=2023-13-01", nil); resp.Status != 422 {
		t.Errorf("bad from: %d", resp.Status)
	}
	var q struct {
		Items []struct {
			Overdue  bool
			Deadline string
		}
	}
	env.Do(yulinReg, "GET", "/api/v1/contracts/queue", nil).JSON(t, &q)
	if len(q.Items) < 3 || !q.Items[0].Overdue || q.Items[len(q.Items)-1].Overdue {
		t.Errorf("queue: %+v", q.Items)
	}
	if resp = env.Do(ent, "GET", "/api/v1/contracts/queue", nil); resp.Status != 403 {
		t.Errorf("enterprise queue: %d", resp.Status)
	}
	if resp = env.Do(env.Login("yulin-admin"), "GET", "/api/v1/zones/yulin/registration-point", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), "榆林高新区技术合同登记点") {
		t.Errorf("point: %d %s", resp.Status, resp.Body)
	}
}

// The pages end to end, as people use them: an applicant drafts with a
// wrong field (errors beside the inputs), attaches the signed contract and
// submits; the registrar returns it; the applicant fixes and resubmits; the
// registrar registers it and opens the certificate.
func TestContractPages(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	base := env.Server.URL
	signIn := func(user string) (*http.Client, string) {
		c := browser(t)
		_, page := get(t, c, base+"/login")
		m := csrfRe.FindStringSubmatch(page)
		if st, _, _ := post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {user}, "password": {apptest.Password}}); st != 303 {
			t.Fatalf("sign in %s: %d", user, st)
		}
		_, page = get(t, c, base+"/contracts")
		return c, csrfRe.FindStringSubmatch(page)[1]
	}
	ent, entCSRF := signIn("yulin-ent")
	st, page := get(t, ent, base+"/contracts")
	if st != 200 || !strings.Contains(page, "技术合同登记") || !strings.Contains(page, `href="/contracts/new"`) {
		t.Fatalf("list: %d", st)
	}
	if strings.Contains(page, "/contracts/queue") {
		t.Error("the applicant is offered the queue")
	}
	if st, _ := get(t, ent, base+"/contracts/new"); st != 200 {
		t.Fatalf("new form: %d", st)
	}
	form := url.Values{"csrf": {entCSRF}, "name": {"兰炭尾气制氢工艺技术开发合同"}, "type": {"DEV_ENTRUSTED"}, "field": {"06"},
		"signed_on": {"2023-12-01"}, "valid_from": {"2023-12-01"}, "valid_to": {"2024-11-30"}, "programme_level": {"none"},
		"buyer.name": {"陕西煤业化工集团有限责任公司"}, "buyer.uscc": {"91610103MA7B00001X"}, "buyer.nature": {"110"},
		"buyer.region": {"610103"}, "buyer.country": {"CN"}, "contract_amount_fen": {"1,500,000"}, "ded.equipment": {"200000.5x"}}
	st, page, _ = post(t, ent, base+"/contracts/new", form)
	if st != 422 || !strings.Contains(page, "最多两位小数") || !strings.Contains(page, `id="err-buyer-uscc"`) {
		t.Fatalf("invalid form: %d %s", st, snippet(page, "err"))
	}
	if !strings.Contains(page, `value="兰炭尾气制氢工艺技术开发合同"`) {
		t.Error("the refused form lost what was typed")
	}
	form.Set("buyer.uscc", "")
	form.Set("ded.equipment", "200000")
	st, _, h := post(t, ent, base+"/contracts/new", form)
	if st != 303 {
		t.Fatalf("create: %d", st)
	}
	loc := strings.Split(h.Get("Location"), "?")[0]
	st, page = get(t, ent, base+loc)
	if st != 200 || !strings.Contains(page, "草稿") || !strings.Contains(page, `id="do-submit"`) || !strings.Contains(page, "1,300,000.00") {
		t.Fatalf("contract page: %d", st)
	}
	// The signed contract, through the page's upload form.
	ctype, body := multipartBody(t, map[string]string{"csrf": entCSRF}, "合同扫描件.pdf", []byte("%PDF-1.7 scanned"))
	req, _ := http.NewRequest("POST", base+loc+"/attachments", bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	resp, err := ent.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	ctype, body = multipartBody(t, map[string]string{"csrf": entCSRF}, "photo.gif", []byte("GIF89a"))
	req, _ = http.NewRequest("POST", base+loc+"/attachments", bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	resp, _ = ent.Do(req)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), `id="err-file"`) {
		t.Errorf("gif upload: %d", resp.StatusCode)
	}
	_, page = get(t, ent, base+loc)
	if !strings.Contains(page, "合同扫描件.pdf") {
		t.Error("attachment not listed")
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if st, _, _ := post(t, ent, base+loc+"/events/submit", url.Values{"csrf": {entCSRF}, "version": {version}}); st != 303 {
		t.Fatalf("submit: %d", st)
	}

	reg, regCSRF := signIn("yulin-registrar")
	st, page = get(t, reg, base+"/contracts/queue")
	if st != 200 || !strings.Contains(page, "兰炭尾气制氢工艺技术开发合同") || !strings.Contains(page, "已超期") {
		t.Fatalf("queue: %d", st)
	}
	// Submitted online, it waits for the point: 待受理, no deadline yet.
	_, page = get(t, reg, base+loc)
	if !strings.Contains(page, "待受理") || !strings.Contains(page, `id="form-accept"`) || strings.Contains(page, `id="form-register"`) {
		t.Errorf("the registrar's page of an online submission: %s", snippet(page, "contract-status"))
	}
	if st, _, _ := post(t, reg, base+loc+"/events/accept", url.Values{"csrf": {regCSRF}}); st != 303 {
		t.Fatalf("accept: %d", st)
	}
	_, page = get(t, reg, base+loc)
	for _, want := range []string{`id="form-register"`, `id="form-return"`, `id="form-refuse"`, "2000年《技术合同认定登记管理办法》"} {
		if !strings.Contains(page, want) {
			t.Errorf("registrar's page lacks %s", want)
		}
	}
	st, page, _ = post(t, reg, base+loc+"/events/return", url.Values{"csrf": {regCSRF}, "reason": {""}})
	if st != 422 || !strings.Contains(page, "必填") {
		t.Errorf("return without reason: %d", st)
	}
	if st, _, _ := post(t, reg, base+loc+"/events/return", url.Values{"csrf": {regCSRF}, "reason": {"请补充买方签章页"}}); st != 303 {
		t.Fatalf("return: %d", st)
	}
	if st, _, _ := post(t, reg, base+loc+"/events/register", url.Values{"csrf": {regCSRF}}); st != 409 {
		t.Errorf("register a returned contract: %d", st)
	}

	_, page = get(t, ent, base+loc)
	if !strings.Contains(page, "请补充买方签章页") || !strings.Contains(page, `id="edit-contract"`) {
		t.Error("the applicant does not see the return reason or cannot edit")
	}
	st, page = get(t, ent, base+loc+"/edit")
	if st != 200 || !strings.Contains(page, `value="1500000.00"`) {
		t.Fatalf("edit form: %d", st)
	}
	form.Set("version", regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1])
	form.Set("payments[0].on", "2023-12-05")
	form.Set("payments[0].amount_fen", "500000")
	if st, _, _ := post(t, ent, base+loc+"/edit", form); st != 303 {
		t.Fatalf("edit: %d", st)
	}
	if st, _, _ := post(t, ent, base+loc+"/events/submit", url.Values{"csrf": {entCSRF}}); st != 303 {
		t.Fatalf("resubmit: %d", st)
	}
	if st, _, _ := post(t, reg, base+loc+"/events/accept", url.Values{"csrf": {regCSRF}}); st != 303 {
		t.Fatalf("accept the resubmission: %d", st)
	}
	if st, _, _ := post(t, reg, base+loc+"/events/register", url.Values{"csrf": {regCSRF}, "tech_amount_fen": {"1250000"}}); st != 303 {
		t.Fatalf("register: %d", st)
	}
	st, page = get(t, reg, base+loc+"/certificate")
	if st != 200 || !strings.Contains(page, "技术合同认定登记证明") || !regexp.MustCompile(`23610801\d{6}`).MatchString(page) ||
		!strings.Contains(page, "1,250,000.00") || !strings.Contains(page, "榆林高新区技术合同登记点") || !strings.Contains(page, "2023-12-18") {
		t.Errorf("certificate: %d %s", st, snippet(page, "certificate"))
	}
	if strings.Contains(page, "style=") {
		t.Error("inline style on the certificate")
	}
	_, page = get(t, ent, base+loc)
	for _, want := range []string{"已登记", "退回补正", "增值税免税", `id="open-certificate"`} {
		if !strings.Contains(page, want) {
			t.Errorf("registered page lacks %q", want)
		}
	}
	// Amend through the edit page, then the list filters.
	_, page = get(t, reg, base+loc+"/edit")
	form.Set("csrf", regCSRF)
	form.Set("version", regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1])
	form.Set("reason", "")
	if st, _, _ := post(t, reg, base+loc+"/edit", form); st != 422 {
		t.Errorf("amend without reason: %d", st)
	}
	form.Set("reason", "补充协议增加金额")
	form.Set("contract_amount_fen", "1600000")
	if st, _, _ := post(t, reg, base+loc+"/edit", form); st != 303 {
		t.Errorf("amend: %d", st)
	}
	st, page = get(t, reg, base+"/contracts?status=registered&type=DEV_ENTRUSTED&from=2023-12-01&to=2023-12-31")
	if st != 200 || !strings.Contains(page, "兰炭尾气制氢工艺技术开发合同") {
		t.Errorf("filtered list: %d", st)
	}
	if st, _ = get(t, reg, base+"/contracts?from=bad"); st != 422 {
		t.Errorf("bad filter date: %d", st)
	}
	// English pages carry the same facts.
	get(t, reg, base+"/lang/en?back=/")
	if _, page = get(t, reg, base+loc); !strings.Contains(page, "Registered") || !strings.Contains(page, "Workflow history") {
		t.Error("English contract page")
	}
}

func snippet(page, near string) string {
	i := strings.Index(page, near)
	if i < 0 {
		if len(page) > 400 {
			return page[:400]
		}
		return page
	}
	return page[max(0, i-200):min(len(page), i+400)]
}

// Every page renders for every state of the demo and every role that may
// see it.
func TestContractPagesEveryState(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	ctx := env.T.(*testing.T).Context()
	rows, err := env.DB.Read().Query(ctx, "SELECT MIN(id), status FROM contracts WHERE zone_id = ? GROUP BY status", env.IDs.Zones["yulin"])
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[string]int64{}
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			t.Fatal(err)
		}
		byStatus[s] = id
	}
	rows.Close()
	if len(byStatus) < 7 {
		t.Fatalf("demo states: %v", byStatus)
	}
	for _, user := range []string{"yulin-registrar", "yulin-admin", "national", "yulin-city"} {
		tok := env.Login(user)
		for s, id := range byStatus {
			resp := env.Do(tok, "GET", fmt.Sprintf("/contracts/%d", id), nil)
			if resp.Status != 200 {
				t.Errorf("%s contract page (%s): %d %s", user, s, resp.Status, snippet(string(resp.Body), "alert"))
			}
		}
		for _, path := range []string{"/contracts", "/contracts?status=submitted", "/contracts?from=2023-01-01&to=2023-06-30&type=SVC&field=06",
			fmt.Sprintf("/contracts/%d/certificate", byStatus["registered"])} {
			if resp := env.Do(tok, "GET", path, nil); resp.Status != 200 {
				t.Errorf("%s %s: %d", user, path, resp.Status)
			}
		}
		if user == "yulin-registrar" {
			for _, s := range []string{"draft", "returned", "registered"} {
				if resp := env.Do(tok, "GET", fmt.Sprintf("/contracts/%d/edit", byStatus[s]), nil); resp.Status != 200 {
					t.Errorf("registrar edit form (%s): %d", s, resp.Status)
				}
			}
		}
		if resp := env.Do(tok, "GET", "/contracts/queue", nil); resp.Status != 200 || !strings.Contains(string(resp.Body), "已超期") {
			t.Errorf("%s queue: %d", user, resp.Status)
		}
	}
	// The applicant sees its own, in every state it has.
	tok := env.Login("yulin-ent")
	var own []int64
	rows, _ = env.DB.Read().Query(ctx, "SELECT id FROM contracts WHERE seller_id = ? AND status <> 'registered'", env.IDs.Enterprises["榆林能源化工技术研究院有限公司"])
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		own = append(own, id)
	}
	rows.Close()
	if len(own) < 4 {
		t.Errorf("the applicant has %d unregistered contracts", len(own))
	}
	for _, id := range own {
		if resp := env.Do(tok, "GET", fmt.Sprintf("/contracts/%d", id), nil); resp.Status != 200 {
			t.Errorf("applicant's contract %d: %d", id, resp.Status)
		}
	}
}

// The registrar finds the seller by name or code: the list narrows to the
// matches, says when nothing matches, and keeps a seller chosen elsewhere
// (the enterprise page's "new contract" link) even when the search does
// not match it. Other zones' enterprises never appear.
func TestContractFormSellerSearch(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	base := env.Server.URL
	c := browser(t)
	_, page := get(t, c, base+"/login")
	m := csrfRe.FindStringSubmatch(page)
	if st, _, _ := post(t, c, base+"/login", url.Values{"csrf": {m[1]}, "username": {"yulin-registrar"}, "password": {apptest.Password}}); st != 303 {
		t.Fatalf("sign in: %d", st)
	}
	options := func(page string) []string {
		i := strings.Index(page, `name="seller_id"`)
		if i < 0 {
			return nil
		}
		sel := page[i:]
		sel = sel[:strings.Index(sel, "</select>")]
		var out []string
		for _, m := range regexp.MustCompile(`<option value="\d+"[^>]*>([^<]+)</option>`).FindAllStringSubmatch(sel, -1) {
			out = append(out, m[1])
		}
		return out
	}
	st, page := get(t, c, base+"/contracts/new")
	all := options(page)
	if st != 200 || !strings.Contains(page, `id="seller-search"`) || len(all) < 5 {
		t.Fatalf("form: %d, %d sellers", st, len(all))
	}
	for _, name := range all {
		if strings.Contains(name, "淄博") || strings.Contains(name, "亚华") {
			t.Errorf("another zone's enterprise offered: %s", name)
		}
	}
	_, page = get(t, c, base+"/contracts/new?seller_q="+url.QueryEscape("兰炭"))
	if got := options(page); len(got) != 1 || got[0] != "榆林兰炭新材料有限公司" {
		t.Errorf("search 兰炭: %v", got)
	}
	_, page = get(t, c, base+"/contracts/new?seller_q="+url.QueryEscape("没有这家"))
	if got := options(page); len(got) != 0 || !strings.Contains(page, `id="seller-none"`) {
		t.Errorf("search with no match: %v", got)
	}
	// A chosen seller stays, selected, whatever the search.
	id := regexp.MustCompile(`<option value="(\d+)"[^>]*>榆林绿色农业科技服务有限公司<`).FindStringSubmatch(strings.Join([]string{page, mustGet(t, c, base+"/contracts/new")}, ""))
	if id == nil {
		t.Fatal("no id for 榆林绿色农业科技服务有限公司")
	}
	_, page = get(t, c, base+"/contracts/new?seller="+id[1]+"&seller_q="+url.QueryEscape("兰炭"))
	if got := options(page); len(got) != 2 || !strings.Contains(page, `<option value="`+id[1]+`" selected>`) {
		t.Errorf("chosen seller with a search: %v", got)
	}
}

func mustGet(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	st, page := get(t, c, u)
	if st != 200 {
		t.Fatalf("GET %s: %d", u, st)
	}
	return page
}
