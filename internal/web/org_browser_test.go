package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
	"github.com/innopark/innopark/internal/demo"
)

// TestBrowserOrgCoverage: Weifang's clerk records a new enterprise that
// signed the pledge, then a joint branch (联建) covering it and the
// consulting firm nobody covers yet — refused first with one enterprise —
// and the coverage board, the dashboard and the bulletin move.
func TestBrowserOrgCoverage(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)
	b.Login("weifang-admin", apptest.Password)

	if st := b.Open("/party"); st != 200 || strings.Split(b.Location(), "?")[0] != "/zones/weifang/party" {
		t.Fatalf("party: HTTP %d at %s", st, b.Location())
	}
	if got := b.Text("#online-open"); got != "79" {
		t.Errorf("open online branches %q, want 79", got)
	}
	if got := b.Text("#chains-covered"); got != "7" {
		t.Errorf("chains covered %q, want 7", got)
	}
	pledged, orgs := b.Text("#pledged"), b.Text("#orgs")
	if pledged != "19" || orgs != "11" {
		t.Errorf("before: pledged %q, organisations %q; want 19 and 11", pledged, orgs)
	}
	b.Screenshot("dashboard-before")
	if st := b.Open("/zones/weifang/party/coverage"); st != 200 {
		t.Fatalf("coverage: HTTP %d", st)
	}
	if got := b.Text("#coverage-line"); !strings.Contains(got, "已覆盖18家 / 应覆盖19家") {
		t.Errorf("coverage before: %q", got)
	}
	if got := b.Text("#gap-list"); !strings.Contains(got, "潍坊示例咨询有限公司（示例）") || !strings.Contains(got, "潍坊示例声学电子有限公司（示例）") {
		t.Errorf("应建未建 lacks the uncovered firm or the branch that should be a general branch: %q", got)
	}
	b.Screenshot("coverage-before")

	// The new enterprise with its pledge.
	code := demo.USCCFor("370700", 888)
	if st := b.Open("/enterprises/new"); st != 200 {
		t.Fatalf("new enterprise: HTTP %d", st)
	}
	b.Fill(`#enterprise-form input[name="name"]`, "潍坊示例新入驻科技有限公司（示例）")
	b.Fill(`#enterprise-form input[name="uscc"]`, code)
	b.Do("nature", setValue(`#enterprise-form select[name="nature"]`, "170"))
	b.Do("industry", setValue(`#enterprise-form select[name="industry"]`, "I"))
	b.Do("settled", setValue(`#enterprise-form input[name="settled_on"]`, "2023-12-01"))
	b.Do("founded", setValue(`#enterprise-form input[name="founded_on"]`, "2023-11-20"))
	b.Do("pledge", chromedp.Click(chromedp.CSS(`#enterprise-form input[name="pledge_signed"]`)))
	b.Do("pledge date", setValue(`#enterprise-form input[name="pledge_on"]`, "2023-11-28"))
	if st := b.Click("#save"); st != 200 {
		t.Fatalf("enterprise: HTTP %d: %s", st, b.Text("main"))
	}

	// A joint branch with one enterprise is refused beside the field.
	if st := b.Open("/zones/weifang/party/organisations"); st != 200 {
		t.Fatalf("organisations: HTTP %d", st)
	}
	b.Fill(`#org-form input[name="name"]`, "新入驻企业联合党支部（示例）")
	b.Do("kind", setValue(`#org-form select[name="kind"]`, "joint_branch"))
	b.Do("mode", setValue(`#org-form select[name="mode"]`, "joint"))
	// Members are picked by name or credit code, one a row.
	b.Do("members", setValue(`#org-members label:nth-of-type(1) input`, "潍坊示例新入驻科技有限公司（示例）"))
	b.Fill(`#org-form input[name="secretary"]`, "联合支部书记（示例）")
	b.Do("founded", setValue(`#org-form input[name="founded_on"]`, "2023-12-05"))
	if st := b.Click("#org-save"); st != 422 {
		t.Fatalf("a joint branch of one: HTTP %d", st)
	}
	if got := b.Text(`#org-members .err`); !strings.Contains(got, "联建须有两家及以上企业") {
		t.Errorf("the members field says %q", got)
	}
	b.Screenshot("joint-refused")
	if got := b.Value(`#org-members label:nth-of-type(1) input`); got != "潍坊示例新入驻科技有限公司（示例）" {
		t.Errorf("the member typed is kept as %q", got)
	}
	b.Do("members", setValue(`#org-members label:nth-of-type(2) input`, env.IDs.USCC["潍坊示例咨询有限公司（示例）"]))
	if st := b.Click("#org-save"); st != 200 {
		t.Fatalf("joint branch: HTTP %d", st)
	}
	if got := b.Text("#members"); !strings.Contains(got, "潍坊示例新入驻科技有限公司（示例）") || !strings.Contains(got, "潍坊示例咨询有限公司（示例）") {
		t.Errorf("members %q", got)
	}
	b.Screenshot("organisation")

	if st := b.Open("/zones/weifang/party/coverage"); st != 200 {
		t.Fatalf("coverage: HTTP %d", st)
	}
	if got := b.Text("#coverage-line"); !strings.Contains(got, "已覆盖20家 / 应覆盖20家，覆盖率100.0%") {
		t.Errorf("coverage after: %q", got)
	}
	if got := b.Text("#gap-list"); strings.Contains(got, "潍坊示例咨询有限公司（示例）") {
		t.Errorf("the covered firm is still a gap: %q", got)
	}
	b.Screenshot("coverage-after")
	if st := b.Open("/zones/weifang/party"); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if p, o := b.Text("#pledged"), b.Text("#orgs"); p != "20" || o != "12" {
		t.Errorf("after: pledged %q, organisations %q; want 20 and 12", p, o)
	}
	b.Screenshot("dashboard-after")
	if st := b.Open("/zones/weifang/bulletin?from=2023-01&to=2023-12"); st != 200 {
		t.Fatalf("bulletin: HTTP %d", st)
	}
	text := b.Text("main")
	for _, want := range []string{"20家企业签约入驻前签订承诺书", "成立党组织12个", "覆盖企业20家", "建立79个开放式“网上党支部”"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	b.Screenshot("bulletin")
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// TestBrowserOrgPages: every page of the module, at desktop and phone
// width, for the zone's admin; an enterprise user sees its own
// organisation only and no coverage board.
func TestBrowserOrgPages(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	var org, call string
	for _, width := range []int{1280, 390} {
		b := browsertest.Start(t, env.Server.URL, browsertest.Options{Width: width, Height: 900})
		b.Login("weifang-admin", apptest.Password)
		prefix := map[int]string{1280: "desktop-", 390: "phone-"}[width]
		for _, p := range []string{"/zones/weifang/party", "/zones/weifang/party/coverage", "/zones/weifang/party/organisations",
			"/zones/weifang/party/organisations?due=1", "/zones/weifang/party/chains", "/zones/weifang/party/online-branches", "/zones/weifang/talent", "/zones/weifang/party/import"} {
			if st := b.Open(p); st != 200 {
				t.Fatalf("%s: HTTP %d", p, st)
			}
			b.Screenshot(prefix + strings.ReplaceAll(strings.TrimPrefix(p, "/zones/weifang/"), "/", "-"))
		}
		if org == "" {
			b.Open("/zones/weifang/party/organisations")
			b.Click(`//table[@id="orgs"]//a[contains(., "歌尔集团党委")]`)
			org = b.Location()
			b.Open("/zones/weifang/talent")
			b.Click(`(//ul[@class="calls"]//a)[1]`)
			call = b.Location()
		}
		if st := b.Open(org); st != 200 || !strings.Contains(b.Text("#org-honours"), "全国") {
			t.Errorf("organisation %s: HTTP %d, honours %q", org, st, b.Text("#org-honours"))
		}
		b.Screenshot(prefix + "organisation")
		if st := b.Open(call); st != 200 {
			t.Fatalf("call %s: HTTP %d", call, st)
		}
		// The zone's admin sees the whole identity number.
		if id := b.Text("#applicants tbody tr:first-child .id-number"); len(id) != 18 || strings.Contains(id, "*") {
			t.Errorf("admin sees ID %q", id)
		}
		b.Screenshot(prefix + "call")
	}
	staff := browsertest.Start(t, env.Server.URL)
	staff.Login("weifang-staff", apptest.Password)
	staff.Open(call)
	if id := staff.Text("#applicants tbody tr:first-child .id-number"); !strings.Contains(id, "*") {
		t.Errorf("staff sees ID %q unmasked", id)
	}
	ent := browsertest.Start(t, env.Server.URL)
	ent.Login("weifang-ent", apptest.Password)
	if st := ent.Open("/party"); st != 200 || ent.Count("#orgs tbody tr") != 1 || !strings.Contains(ent.Text("#orgs"), "歌尔集团党委") {
		t.Errorf("enterprise user: HTTP %d, organisations %q", st, ent.Text("#orgs"))
	}
	ent.Screenshot("enterprise-organisations")
	if st := ent.Open("/zones/weifang/party/coverage"); st != 403 {
		t.Errorf("enterprise user's coverage board: HTTP %d, want 403", st)
	}
}
