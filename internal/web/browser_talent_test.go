package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
	"github.com/innopark/innopark/internal/talent"
)

// TestBrowserTalentCall: Weifang's talent clerk opens a call of 青鸢初飞
// with a quota of one from the programmes page — a bad quota refused
// beside the field, the typed title kept — records two applicants (the
// employer typed by name), grants the first, is refused the second (the
// quota is full), turns it down after the confirmation step, and sees the
// results on the call's page. A demo call closed in May takes no new
// applicant from the clerk: the page says so instead of the form.
func TestBrowserTalentCall(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	b.Login("weifang-staff", apptest.Password)

	if st := b.Open("/zones/weifang/talent"); st != 200 {
		t.Fatalf("programmes: HTTP %d", st)
	}
	if st := b.Click(`section.programme[data-code="qingyuan_chufei"] a.new-call`); st != 200 {
		t.Fatalf("new call: HTTP %d", st)
	}
	b.Fill(`#call-form input[name="title"]`, "2023年青鸢初飞补充申报（示例）")
	b.Do("opens", setValue(`#call-form input[name="opens_on"]`, "2023-12-01"))
	b.Do("closes", setValue(`#call-form input[name="closes_on"]`, "2023-12-31"))
	b.Fill(`#call-form input[name="quota"]`, "一")
	if st := b.Click("#call-save"); st != 422 {
		t.Fatalf("a quota in words: HTTP %d", st)
	}
	if got := b.Text(`#call-form label.bad .err`); got == "" {
		t.Error("no error beside the quota")
	}
	if got := b.Value(`#call-form input[name="title"]`); got != "2023年青鸢初飞补充申报（示例）" {
		t.Errorf("the title typed became %q", got)
	}
	b.Screenshot("call-refused")
	b.Fill(`#call-form input[name="quota"]`, "1")
	if st := b.Click("#call-save"); st != 200 {
		t.Fatalf("call: HTTP %d", st)
	}
	if got := b.Text("main"); !strings.Contains(got, "名额1人") || !strings.Contains(got, "申报期 2023-12-01 至 2023-12-31") {
		t.Errorf("the call's page: %q", got)
	}

	apply := func(name, first17 string) {
		t.Helper()
		b.Fill(`#applicant-form input[name="name"]`, name)
		b.Fill(`#applicant-form input[name="id_number"]`, talent.MakeID(first17))
		b.Fill(`#applicant-form input[name="enterprise"]`, "歌尔集团有限公司")
		if st := b.Click("#applicant-save"); st != 200 {
			t.Fatalf("applicant %s: HTTP %d: %s", name, st, b.Text("main"))
		}
		b.WaitText("#applicants", name)
	}
	apply("青年申报人甲（示例）", "37070519980101123")
	apply("青年申报人乙（示例）", "37070519990202123")
	b.Screenshot("applicants")

	review := func(name string) {
		t.Helper()
		if st := b.Click(`//table[@id="applicants"]//a[text()="` + name + `"]`); st != 200 {
			t.Fatalf("applicant %s: HTTP %d", name, st)
		}
	}
	review("青年申报人甲（示例）")
	b.Do("status", setValue(`#review-form select[name="status"]`, "granted"))
	b.Do("result", setValue(`#review-form textarea[name="result"]`, "专家评审通过（示例）"))
	b.Fill(`#review-form input[name="support_wan"]`, "20")
	if st := b.Click("#review-save"); st != 200 {
		t.Fatalf("grant: HTTP %d: %s", st, b.Text("main"))
	}
	if got := b.Text("#applicants"); !strings.Contains(got, "入选") || !strings.Contains(got, "专家评审通过（示例）") {
		t.Errorf("after the grant: %q", got)
	}

	review("青年申报人乙（示例）")
	b.Do("status", setValue(`#review-form select[name="status"]`, "granted"))
	b.Fill(`#review-form input[name="support_wan"]`, "10")
	if st := b.Click("#review-save"); st != 422 {
		t.Fatalf("over the quota: HTTP %d", st)
	}
	if got := b.Text(`#review-form label.bad .err`); !strings.Contains(got, "名额（1人）已满") {
		t.Errorf("beside the status: %q", got)
	}
	b.Screenshot("quota-full")
	b.Do("status", setValue(`#review-form select[name="status"]`, "rejected"))
	b.Do("result", setValue(`#review-form textarea[name="result"]`, "名额已满，未入选（示例）"))
	if st := b.Click("#review-save"); st != 200 {
		t.Fatalf("turn down: HTTP %d", st)
	}
	if got := b.Text("#confirm-question"); !strings.Contains(got, "未入选") {
		t.Errorf("the question: %q", got)
	}
	b.Screenshot("confirm")
	if st := b.Click("#confirm-yes"); st != 200 {
		t.Fatalf("confirmed: HTTP %d", st)
	}
	if got := b.Text("#applicants"); !strings.Contains(got, "未入选") || !strings.Contains(got, "名额已满，未入选（示例）") {
		t.Errorf("after turning down: %q", got)
	}
	b.Screenshot("results")

	// A demo call (closed on 2023-05-31): no form for the clerk, the reason said.
	var closed int64
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT MIN(id) FROM talent_calls WHERE zone_id = ? AND closes_on < '2023-12-18'",
		env.IDs.Zones["weifang"]).Scan(&closed); err != nil {
		t.Fatal(err)
	}
	if st := b.Open(fmt.Sprintf("/talent/calls/%d", closed)); st != 200 {
		t.Fatalf("closed call: HTTP %d", st)
	}
	if got := b.Text("#closed-note"); !strings.Contains(got, "已于2023-05-31截止") {
		t.Errorf("closed note %q", got)
	}
	if b.Has("#applicant-form") {
		t.Error("the form is offered on a closed call")
	}
	b.Screenshot("closed")
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		for _, e := range errs {
			if !strings.Contains(e, "favicon") && !strings.Contains(e, "422") {
				t.Errorf("console error: %s", e)
			}
		}
	}
}
