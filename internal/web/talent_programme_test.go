package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The zone's talent office sets up a programme from the talent pages —
// new, with its tiers, then edited (names, caps, a tier added; codes and
// tiers kept) — and readers are offered neither.
func TestTalentProgrammeManage(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin, city := env.Login("weifang-admin"), env.Login("weifang-city")
	list := string(env.Do(admin, "GET", "/zones/weifang/talent", nil).Body)
	if !strings.Contains(list, `href="/zones/weifang/talent/programmes/new"`) || !strings.Contains(list, `class="small edit-programme"`) {
		t.Fatal("the talent office's programmes page offers no new programme or edit")
	}
	if list := string(env.Do(city, "GET", "/zones/weifang/talent", nil).Body); strings.Contains(list, "/talent/programmes/new") || strings.Contains(list, "edit-programme") {
		t.Error("the city, who reads, is offered to write programmes")
	}
	if r := env.Do(admin, "GET", "/zones/weifang/talent/programmes/new", nil); r.Status != 200 || !strings.Contains(string(r.Body), `id="programme-form"`) {
		t.Fatalf("new programme form: HTTP %d", r.Status)
	}
	create := url.Values{"code": {"qingchuang"}, "name": {"青创计划（测试）"}, "category": {"青年人才"},
		"tiers.1.code": {"a"}, "tiers.1.name": {"A类"}, "tiers.1.max_wan": {"100"}, "tiers.1.period_years": {"3"},
		"tiers.2.code": {"b"}, "tiers.2.name": {""}, "tiers.2.max_wan": {"50"}}
	r := env.Do(admin, "POST", "/zones/weifang/talent/programmes", create.Encode())
	if r.Status != 422 || !strings.Contains(string(r.Body), `name="tiers.2.name" value=""`) || errText(r.Body) == "" {
		t.Errorf("a tier without a name: HTTP %d %s", r.Status, errText(r.Body))
	}
	create.Set("tiers.2.name", "B类")
	if r = env.Do(admin, "POST", "/zones/weifang/talent/programmes", create.Encode()); r.Status != 303 {
		t.Fatalf("create: HTTP %d %s", r.Status, errText(r.Body))
	}
	page := string(env.Do(admin, "GET", "/zones/weifang/talent", nil).Body)
	sec := regexp.MustCompile(`(?s)<section class="panel programme" data-code="qingchuang".*?</section>`).FindString(page)
	if !strings.Contains(sec, "青创计划（测试）") || !strings.Contains(sec, "A类") || !strings.Contains(sec, "B类") {
		t.Fatalf("the new programme is not listed: %q", sec)
	}
	edit := regexp.MustCompile(`href="(/talent/programmes/\d+/edit)"`).FindStringSubmatch(sec)
	if edit == nil {
		t.Fatal("no edit link on the new programme")
	}
	form := env.Do(admin, "GET", edit[1], nil)
	stamp := regexp.MustCompile(`name="stamp" value="([0-9a-f]+)"`).FindSubmatch(form.Body)
	if form.Status != 200 || stamp == nil || !strings.Contains(string(form.Body), `<code id="programme-code">qingchuang</code>`) {
		t.Fatalf("edit form: HTTP %d", form.Status)
	}
	change := url.Values{"stamp": {string(stamp[1])}, "name": {"青创计划（改）"}, "category": {"青年人才"}, "position": {"9"},
		"tiers.1.code": {"a"}, "tiers.1.name": {"A类"}, "tiers.1.max_wan": {"120"}, "tiers.1.period_years": {"3"},
		"tiers.2.code": {"b"}, "tiers.2.name": {"B类"}, "tiers.2.max_wan": {"50"},
		"tiers.3.code": {"c"}, "tiers.3.name": {"C类"}}
	// A tier cannot be removed.
	drop := url.Values{}
	for k, v := range change {
		if !strings.HasPrefix(k, "tiers.2.") {
			drop[k] = v
		}
	}
	if r = env.Do(admin, "POST", edit[1], drop.Encode()); r.Status != 422 || !strings.Contains(string(r.Body), "不能删除") {
		t.Errorf("dropping a tier: HTTP %d %s", r.Status, errText(r.Body))
	}
	if r = env.Do(admin, "POST", edit[1], change.Encode()); r.Status != 303 {
		t.Fatalf("edit: HTTP %d %s", r.Status, errText(r.Body))
	}
	page = string(env.Do(admin, "GET", "/zones/weifang/talent", nil).Body)
	sec = regexp.MustCompile(`(?s)<section class="panel programme" data-code="qingchuang".*?</section>`).FindString(page)
	for _, want := range []string{"青创计划（改）", "120", "C类"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the edited programme lacks %q: %q", want, sec)
		}
	}
	// The form opened before the change is not saved over it.
	if r = env.Do(admin, "POST", edit[1], change.Encode()); r.Status != 422 || !strings.Contains(string(r.Body), "该记录已被他人修改") {
		t.Errorf("a stale form: HTTP %d", r.Status)
	}
	// Readers may not.
	if r = env.Do(city, "GET", edit[1], nil); r.Status != 403 {
		t.Errorf("the city opens the edit form: HTTP %d", r.Status)
	}
}
