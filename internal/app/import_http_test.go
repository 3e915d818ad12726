package app_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/jobs"
)

// importCSV is a CSV of the import's columns with rows of a Yulin
// enterprise, numbered from: good ones, then ones without a name.
func importCSV(t *testing.T, env *apptest.Env, from, good, bad int) []byte {
	t.Helper()
	var uscc string
	if err := env.DB.Read().QueryRow(context.Background(), "SELECT uscc FROM enterprises WHERE id = ?",
		env.IDs.Enterprises["榆林兰炭新材料有限公司"]).Scan(&uscc); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("合同名称,合同类型,签订日期,有效期起,有效期止,技术领域,卖方统一社会信用代码,买方名称,买方性质,买方所在地区代码,成交额（元）,登记编号,登记日期\r\n")
	for i := from; i < from+good+bad; i++ {
		name := fmt.Sprintf("网页导入测试合同%d", i)
		if i >= from+good {
			name = ""
		}
		fmt.Fprintf(&b, "%s,技术服务,2023-05-0%d,2023-05-01,2024-04-30,电子信息,%s,西安某研究院%d,科研机构,610100,\"88,000.00\",236108019700%02d,2023-06-01\r\n",
			name, 1+i%9, uscc, i, i)
	}
	return []byte(b.String())
}

// waitJob polls the job API until the job ends.
func waitJob(t *testing.T, env *apptest.Env, token string, id int64) map[string]any {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp := env.Do(token, "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil)
		var j map[string]any
		resp.JSON(t, &j)
		if resp.Status != 200 {
			t.Fatalf("job %d: %d %s", id, resp.Status, resp.Body)
		}
		if s := j["status"]; s == "done" || s == "failed" {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d still %v", id, j["status"])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestImportOverHTTP(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	reg := env.Login("yulin-registrar")

	// The template: the data sheet and the 说明 sheet.
	resp := env.Do(reg, "GET", "/api/v1/contracts/import/template?format=xlsx", nil)
	if resp.Status != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("template: %d %v", resp.Status, resp.Header)
	}
	book, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := book.GetSheetList(); len(got) != 2 || got[0] != contractio.Sheet || got[1] != "说明" {
		t.Errorf("template sheets %v", got)
	}
	book.Close()

	// API: upload, poll, done.
	resp = env.Do(reg, "POST", "/api/v1/contracts/import", apptest.Upload{Name: "历史.csv", Data: importCSV(t, env, 0, 3, 0)})
	var acc struct {
		JobID int64 `json:"job_id"`
		URL   string
	}
	resp.JSON(t, &acc)
	if resp.Status != 202 || acc.JobID == 0 || resp.Header.Get("Location") != acc.URL {
		t.Fatalf("upload: %d %s", resp.Status, resp.Body)
	}
	j := waitJob(t, env, reg, acc.JobID)
	res, _ := j["result"].(map[string]any)
	if j["status"] != "done" || res["imported"] != float64(3) || j["percent"] != float64(100) {
		t.Fatalf("job %v", j)
	}

	// API: a refused file, its message, its report.
	resp = env.Do(reg, "POST", "/api/v1/contracts/import", apptest.Upload{Name: "坏.csv", Data: importCSV(t, env, 10, 1, 2), Fields: map[string]string{"skip_bad": "false"}})
	resp.JSON(t, &acc)
	j = waitJob(t, env, reg, acc.JobID)
	if j["status"] != "failed" || !strings.Contains(fmt.Sprint(j["message"]), "2 行数据有错误") || j["report_url"] == nil {
		t.Fatalf("refused job %v", j)
	}
	resp = env.Do(reg, "GET", fmt.Sprint(j["report_url"]), nil)
	if resp.Status != 200 || !strings.Contains(string(resp.Body), "错误说明") || !strings.Contains(string(resp.Body), "合同名称：必填") {
		t.Errorf("report: %d %.200s", resp.Status, resp.Body)
	}
	// Another zone's registrar sees neither the job nor its report.
	other := env.Login("zibo-registrar")
	if resp := env.Do(other, "GET", fmt.Sprintf("/api/v1/jobs/%d/report", acc.JobID), nil); resp.Status != 404 {
		t.Errorf("other zone's report: %d", resp.Status)
	}

	// Web: the form, the upload, the job page with the problems.
	resp = env.Do(reg, "GET", "/contracts/import", nil)
	if resp.Status != 200 || !strings.Contains(string(resp.Body), `enctype="multipart/form-data"`) || !strings.Contains(string(resp.Body), "坏.csv") {
		t.Errorf("import page: %d", resp.Status)
	}
	resp = env.Do(reg, "POST", "/contracts/import", apptest.Upload{Name: "页面.csv", Data: importCSV(t, env, 20, 0, 1)})
	loc := resp.Header.Get("Location")
	if resp.Status != 303 || !strings.HasPrefix(loc, "/jobs/") {
		t.Fatalf("web upload: %d %s", resp.Status, loc)
	}
	var id int64
	fmt.Sscanf(loc, "/jobs/%d", &id)
	waitJob(t, env, reg, id)
	page := string(env.Do(reg, "GET", loc, nil).Body)
	for _, want := range []string{"job-problems", "合同名称", "必填", "/jobs/" + fmt.Sprint(id) + "/report"} {
		if !strings.Contains(page, want) {
			t.Errorf("finished job page lacks %q", want)
		}
	}
	if strings.Contains(page, `http-equiv="refresh"`) {
		t.Error("a finished job's page still refreshes itself")
	}
	// No file: the form again, saying so.
	resp = env.Do(reg, "POST", "/contracts/import", "zone=")
	if resp.Status != 400 && resp.Status != 422 {
		t.Errorf("upload without a file: %d", resp.Status)
	}

	// A running job's page refreshes itself and shows a progress bar.
	release := make(chan struct{})
	actor := access.Actor{UserID: env.IDs.Users["yulin-registrar"], Username: "yulin-registrar", Role: access.Registrar, ZoneID: env.IDs.Zones["yulin"]}
	running, err := env.App.Jobs.Submit(context.Background(), actor, jobs.Job{Kind: contractio.Kind, ZoneID: actor.ZoneID, FileName: "大文件.xlsx"},
		func(ctx context.Context, p *jobs.Progress) (any, error) {
			p.Stage(ctx, "import.stage.reading")
			p.Set(ctx, 250, 1000)
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		page = string(env.Do(reg, "GET", fmt.Sprintf("/jobs/%d", running), nil).Body)
		if strings.Contains(page, `value="25"`) || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	for _, want := range []string{`<meta http-equiv="refresh" content="2">`, `<progress id="job-progress" max="100" value="25">`, "正在读取并校验数据行"} {
		if !strings.Contains(page, want) {
			t.Errorf("running job page lacks %q", want)
		}
	}
	waitJob(t, env, reg, running)

	// Export, scoped like the list: the enterprise user's own only.
	ent := env.Login("yulin-ent")
	resp = env.Do(ent, "GET", "/contracts/export?format=csv", nil)
	if resp.Status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("web export: %d %v", resp.Status, resp.Header)
	}
	for _, line := range strings.Split(string(resp.Body), "\r\n")[1:] {
		if line != "" && !strings.Contains(line, "榆林兰炭新材料有限公司") && !strings.Contains(line, "91610800") {
			t.Errorf("enterprise export holds another seller's row: %.120s", line)
			break
		}
	}
	resp = env.Do(reg, "GET", "/api/v1/contracts/export?format=xlsx&q=网页导入测试", nil)
	if resp.Status != 200 {
		t.Fatalf("api export: %d %s", resp.Status, resp.Body)
	}
	book, err = excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows(contractio.Sheet)
	if len(rows) != 4 { // header + the 3 imported
		t.Errorf("api export: %d rows", len(rows))
	}
	book.Close()
	if resp := env.Do(reg, "GET", "/api/v1/contracts/export?format=pdf", nil); resp.Status != 422 {
		t.Errorf("unknown format: %d", resp.Status)
	}
	if resp := env.Do(reg, "GET", "/api/v1/contracts/export?status=bogus", nil); resp.Status != 422 {
		t.Errorf("bad filter: %d", resp.Status)
	}
	// The list page offers the downloads with its filters.
	page = string(env.Do(reg, "GET", "/contracts?status=registered", nil).Body)
	if !strings.Contains(page, `href="/contracts/export?format=xlsx&amp;status=registered"`) || !strings.Contains(page, `id="open-import"`) {
		t.Errorf("list page lacks the export and import buttons")
	}
}
