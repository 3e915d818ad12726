package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/innopark/innopark/internal/apptest"
)

// docxText returns the document part of a .docx.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := io.ReadAll(r)
			return string(doc)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

func TestBulletinDownloads(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	staff, nat := env.Login("yulin-staff"), env.Login("national")
	const period = "from=2023-01&to=2023-11"

	resp := env.Do(staff, "GET", "/zones/yulin/bulletin/download?format=docx&"+period, nil)
	if resp.Status != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "wordprocessingml") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "yulin-2023-01..2023-11.docx") {
		t.Fatalf("docx: %d %v", resp.Status, resp.Header)
	}
	doc := docxText(t, resp.Body)
	for _, want := range []string{"榆林高新区技术合同登记额同比增长15%", "完成榆林市下达目标任务的105%", `w:val="Heading2"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("the bulletin's docx lacks %q", want)
		}
	}

	// The page: Yulin leads; Zibo's flagged item is not printed.
	resp = env.Do(nat, "GET", "/bulletins/page/download?format=docx&"+period, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("page docx: %d", resp.Status)
	}
	doc = docxText(t, resp.Body)
	if !strings.Contains(doc, "创新园区") || !strings.Contains(doc, "知识产权优势示范企业再添7家") || strings.Contains(doc, "淄博市下达目标任务的1%") {
		t.Errorf("page docx:\n%.2000s", doc)
	}
	if resp := env.Do(nat, "GET", "/bulletins/page/download?format=rtf&"+period, nil); resp.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown format: %d", resp.Status)
	}

	// PDF: printed by the server's Chromium when it has one …
	if _, err := exec.LookPath("chromium"); err == nil {
		resp = env.Do(nat, "GET", "/bulletins/page/download?format=pdf&"+period, nil)
		if resp.Status != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(resp.Body, []byte("%PDF")) {
			t.Errorf("pdf: %d %s %.20q", resp.Status, resp.Header.Get("Content-Type"), resp.Body)
		}
	}
	// … and a clear refusal without, pointing to print and Word.
	t.Setenv("PATH", t.TempDir())
	resp = env.Do(staff, "GET", "/zones/yulin/bulletin/download?format=pdf&"+period, nil)
	if resp.Status != http.StatusServiceUnavailable || !strings.Contains(string(resp.Body), "没有安装 Chromium") || !strings.Contains(string(resp.Body), "Word") {
		t.Errorf("pdf without chromium: %d %.400s", resp.Status, resp.Body)
	}
}

// The template page shows clerks the sentence form only; administrators
// also get the code.
func TestBulletinEditorRoles(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	const path = "/zones/yulin/bulletin-templates/tech_contract/yoy?from=2023-01&to=2023-11"
	doc, _ := get(t, env, env.Login("yulin-staff"), path)
	noInline(t, doc)
	byID(t, doc, "sentence-form")
	if n := all(doc, func(x *html.Node) bool { v, _ := attr(x, "id"); return v == "code-view" }); len(n) != 0 {
		t.Error("a clerk sees the code view")
	}
	if strings.Contains(text(byID(t, doc, "sentence-form")), "{{") {
		t.Error("the form shows code")
	}
	doc, _ = get(t, env, env.Login("yulin-admin"), path)
	if !strings.Contains(text(byID(t, doc, "code-view")), "{{$c := change .N.amount") {
		t.Error("the administrator has no code view")
	}
	// The zone's own figures: no sample note. A module with nothing to
	// report for the zone previews the newspaper's sample story, and says
	// so, so nobody takes another area's published item for the zone's.
	if n := all(doc, func(x *html.Node) bool { v, _ := attr(x, "id"); return v == "preview-sample" }); len(n) != 0 {
		t.Error("a preview of the zone's own figures is marked as a sample")
	}
	doc, _ = get(t, env, env.Login("yulin-admin"), "/zones/yulin/bulletin-templates/invest/capital?from=2023-01&to=2023-11")
	if note := text(byID(t, doc, "preview-sample")); !strings.Contains(note, "示例") || !strings.Contains(note, "不是本区的数据") {
		t.Errorf("sample preview note %q", note)
	}

	// A form with a wrong chip keeps what was typed and names the line.
	form := "action=form_preview&version=1&from=2023-01&to=2023-11&headline_alt=" + "%E3%80%8C%E5%9B%AD%E5%8C%BA%E3%80%8D" +
		"&body=" + "%E7%AC%AC%E4%B8%80%E5%8F%A5%0A%E3%80%8C%E9%87%91%E9%A2%9D%E3%80%8D" + "&up=%E5%A2%9E%E9%95%BF&down=%E4%B8%8B%E9%99%8D&flat=%E6%8C%81%E5%B9%B3&over=%E5%AE%8C%E6%88%90"
	resp := env.Do(env.Login("yulin-staff"), "POST", "/zones/yulin/bulletin-templates/tech_contract/yoy", form)
	if resp.Status != http.StatusOK {
		t.Fatalf("form preview: %d", resp.Status)
	}
	doc = parse(t, resp.Body)
	if p := text(byID(t, doc, "problems")); !strings.Contains(p, "正文第2行") || !strings.Contains(p, "「金额」") {
		t.Errorf("problems %q", p)
	}
	if v := text(byID(t, doc, "form-body")); v != "第一句 「金额」" {
		t.Errorf("the typed body %q", v)
	}
}
