package web_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
	"github.com/innopark/innopark/internal/demo"
)

// TestBrowserHonourBatch: Zibo's clerk records CNIPA's 2023 notice through
// the batch form, first with a wrong row (refused, the row says why, nothing
// stored), then right; the holdings move from 4/1 to 7/5 and the bulletin
// writes the page's item.
func TestBrowserHonourBatch(t *testing.T) {
	browsertest.Require(t)
	seeders := demo.Swap(app.DemoSeeders(), demo.Honours, demo.HonoursBefore2023Notice)
	env := apptest.StartWith(t, "sqlite", seeders...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("zibo-staff", apptest.Password)

	held := func() (string, string) {
		return b.Text(`#holdings tr[data-code="cnipa_ip_demo"] td.num`), b.Text(`#holdings tr[data-code="cnipa_ip_advantage"] td.num`)
	}
	if st := b.Open("/honours"); st != 200 || !strings.HasSuffix(strings.Split(b.Location(), "?")[0], "/zones/zibo/honours") {
		t.Fatalf("honours: HTTP %d at %s", st, b.Location())
	}
	if d, a := held(); d != "4家" || a != "1家" {
		t.Fatalf("before: %s / %s, want 4家 / 1家", d, a)
	}
	b.Screenshot("holdings-before")

	if st := b.Click("#record-batch"); st != 200 {
		t.Fatalf("batch form: HTTP %d", st)
	}
	b.Fill(`#batch-form input[name="title"]`, "《"+demo.CNIPA2023Notice+"》")
	b.Do("date", setValue(`#batch-form input[name="published_on"]`, "2023-11-24"))
	names := []string{"山东亚华电子股份有限公司", "山东瑞邦智能装备股份有限公司", "淄博鑫旭电源科技有限公司",
		"山东金晶科技股份有限公司", "山东新华医疗器械股份有限公司", "山东新华制药股份有限公司", "鲁泰纺织股份有限公司"}
	for i, n := range names {
		row := string(rune('1' + i))
		b.Fill(`#batch-form input[name="uscc`+row+`"]`, env.IDs.USCC[n])
		if i < 3 {
			b.Do("programme "+row, setValue(`#batch-form select[name="programme`+row+`"]`, "cnipa_ip_demo"))
		}
	}
	// A wrong eighth row: another zone's enterprise.
	b.Fill(`#batch-form input[name="uscc8"]`, env.IDs.USCC["榆林能源化工技术研究院有限公司"])
	if st := b.Click("#batch-save"); st != 422 {
		t.Fatalf("batch with a wrong row: HTTP %d", st)
	}
	if got := b.Text("#entry-rows tr.bad .err"); !strings.Contains(got, "其他园区") {
		t.Errorf("the wrong row says %q", got)
	}
	b.Screenshot("batch-refused")
	if got := b.Value(`#batch-form input[name="uscc1"]`); got != env.IDs.USCC[names[0]] {
		t.Errorf("the form lost row 1: %q", got)
	}
	b.Fill(`#batch-form input[name="uscc8"]`, "")
	if st := b.Click("#batch-save"); st != 200 {
		t.Fatalf("batch: HTTP %d", st)
	}
	if got := b.Count("#entries tbody tr"); got != 7 {
		t.Errorf("batch page lists %d entries", got)
	}
	b.Screenshot("batch")

	if st := b.Open("/zones/zibo/honours?on=2023-12-18"); st != 200 {
		t.Fatalf("holdings: HTTP %d", st)
	}
	if d, a := held(); d != "7家" || a != "5家" {
		t.Errorf("after: %s / %s, want 7家 / 5家", d, a)
	}
	if got := b.Text("#city-ranking tr.current td:last-child"); got != "1" {
		t.Errorf("Zibo's rank in the city: %q", got)
	}
	b.Screenshot("holdings-after")

	if st := b.Open("/zones/zibo/bulletin?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	text := b.Text("main")
	for _, want := range []string{"知识产权优势示范企业再添7家", "淄博高新区7家企业成功入选", "拥有国家知识产权示范企业7家、国家知识产权优势企业5家，入围数量居淄博市首位"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	b.Screenshot("bulletin")
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserHonourListImport: Zibo's clerk records CNIPA's 2023 notice from
// its annex list — an .xlsx openpyxl wrote, a national list with other
// areas' rows — through the upload on the batch page; the job page says 7
// imported and 4 rows of other areas passed over, the holdings move from
// 4/1 to 7/5, first in the city, and the bulletin writes the page's item.
func TestBrowserHonourListImport(t *testing.T) {
	browsertest.Require(t)
	list, err := filepath.Abs("../honour/testdata/lists/zibo-2023-openpyxl.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	seeders := demo.Swap(app.DemoSeeders(), demo.Honours, demo.HonoursBefore2023Notice)
	env := apptest.StartWith(t, "sqlite", seeders...)
	b := browsertest.Start(t, env.Server.URL)
	b.Login("zibo-staff", apptest.Password)
	held := func() (string, string) {
		return b.Text(`#holdings tr[data-code="cnipa_ip_demo"] td.num`), b.Text(`#holdings tr[data-code="cnipa_ip_advantage"] td.num`)
	}
	if st := b.Open("/zones/zibo/honours?on=2023-12-18"); st != 200 {
		t.Fatalf("holdings: HTTP %d", st)
	}
	if d, a := held(); d != "4家" || a != "1家" {
		t.Fatalf("before: %s / %s, want 4家 / 1家", d, a)
	}
	if st := b.Click("#record-batch"); st != 200 {
		t.Fatalf("batch page: HTTP %d", st)
	}
	// Nothing filled in: the file and the notice's title and date are named
	// in one answer.
	if st := b.Click("#import-save"); st != 422 {
		t.Fatalf("empty upload: HTTP %d", st)
	}
	if got := b.Text("#err-file"); got == "" {
		t.Errorf("no message beside the file")
	}
	if got := b.Count("#batch-form label.bad"); got < 3 {
		t.Errorf("%d fields marked, want the file, the title and the date", got)
	}
	b.Fill(`#batch-form input[name="title"]`, "《"+demo.CNIPA2023Notice+"》")
	b.Do("date", setValue(`#batch-form input[name="published_on"]`, "2023-11-24"))
	b.Do("file", chromedp.SetUploadFiles(chromedp.CSS("#list-file"), []string{list}))
	b.Screenshot("list-chosen")
	if st := b.Click("#import-save"); st != 200 {
		t.Fatalf("upload: HTTP %d", st)
	}
	b.WaitText("#job-status", "已完成")
	if got := b.Text("#job-result"); !strings.Contains(got, "7") {
		t.Errorf("job result %q", got)
	}
	if got := b.Count("#job-notes tbody tr"); got != 4 {
		t.Errorf("%d notes, want the 4 rows of other areas", got)
	}
	if got := b.Text("#job-notes"); !strings.Contains(got, "山东省淄博市临淄区") || !strings.Contains(got, "北京市") {
		t.Errorf("notes %q", got)
	}
	b.Screenshot("list-job")
	if st := b.Click("#job-batch"); st != 200 {
		t.Fatalf("batch: HTTP %d", st)
	}
	if got := b.Count("#entries tbody tr"); got != 7 {
		t.Errorf("batch page lists %d entries", got)
	}
	if st := b.Open("/zones/zibo/honours?on=2023-12-18"); st != 200 {
		t.Fatalf("holdings: HTTP %d", st)
	}
	if d, a := held(); d != "7家" || a != "5家" {
		t.Errorf("after: %s / %s, want 7家 / 5家", d, a)
	}
	if got := b.Text("#city-placing"); !strings.Contains(got, "第1位 / 共5个") {
		t.Errorf("Zibo's place in the city: %q", got)
	}
	b.Screenshot("list-holdings-after")
	if st := b.Open("/zones/zibo/bulletin?from=2023-01&to=2023-11"); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	text := b.Text("main")
	for _, want := range []string{"知识产权优势示范企业再添7家", "淄博高新区7家企业成功入选", "拥有国家知识产权示范企业7家、国家知识产权优势企业5家，入围数量居淄博市首位"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserCultivation: the board flags the overdue next step, and a
// recorded activity moves it; a future date is refused beside the field.
func TestBrowserCultivation(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: 390, Height: 844})
	b.Login("zibo-admin", apptest.Password)
	if st := b.Open("/zones/zibo/cultivation"); st != 200 {
		t.Fatalf("board: HTTP %d", st)
	}
	if got := b.Text("#overdue"); !strings.Contains(got, "1个") {
		t.Errorf("overdue notice %q", got)
	}
	b.Screenshot("board-phone")
	if st := b.Click("article.overdue a"); st != 200 {
		t.Fatalf("candidate: HTTP %d", st)
	}
	b.Do("date", setValue(`#activity-form input[name="on"]`, "2023-12-19"))
	if st := b.Click("#activity-save"); st != 422 {
		t.Fatalf("future activity: HTTP %d", st)
	}
	if got := b.Text("#activity-form .err"); !strings.Contains(got, "不能晚于今天") {
		t.Errorf("future date says %q", got)
	}
	b.Do("date", setValue(`#activity-form input[name="on"]`, "2023-12-15"))
	b.Fill(`#activity-form input[name="next_step"]`, "提交申报材料")
	b.Do("date", setValue(`#activity-form input[name="next_on"]`, "2024-01-20"))
	if st := b.Click("#activity-save"); st != 200 {
		t.Fatalf("activity: HTTP %d", st)
	}
	if got := b.Text("#next-step"); !strings.Contains(got, "2024-01-20") || strings.Contains(got, "已逾期") {
		t.Errorf("next step after %q", got)
	}
	b.Screenshot("candidate-phone")
}

// setValue sets a field's value directly: a select's option, or a date
// input (which takes no typed keys in a zh-CN Chromium).
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SetValue(chromedp.CSS(sel), value)
}
