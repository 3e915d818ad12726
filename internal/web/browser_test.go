package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
	"github.com/innopark/innopark/internal/enterprise"
)

// TestBrowserFoundation walks the newcomer's path of issue 2 in a real
// Chromium: sign in through the form, switch 中文 ↔ English, search an
// enterprise, open it, be refused a wrong credit code with the check
// character named, edit the contact, and find the change in the history.
func TestBrowserFoundation(t *testing.T) {
	browsertest.Require(t) // skip (or, under CI, fail) before building the app
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)

	const (
		nav      = `header nav a[href="/enterprises"]`
		search   = `#search-form input[name="q"]`
		usccIn   = `#enterprise-form input[name="uscc"]`
		nameIn   = `#enterprise-form input[name="contact_name"]`
		phoneIn  = `#enterprise-form input[name="contact_phone"]`
		company  = "山东金晶科技股份有限公司"
		newName  = "王晓明"
		newPhone = "0533-8765432"
	)

	// Sign in through the form; the product speaks Chinese by default.
	b.Login("zibo-admin", apptest.Password)
	if got := b.Text(nav); got != "企业" {
		t.Fatalf("nav label before switching = %q, want 企业", got)
	}

	// English and back.
	b.Click("#lang-en")
	b.WaitText(nav, "Enterprises")
	if got := b.Text("#lang-zh"); got != "中文" {
		t.Errorf("language toggle in English = %q, want 中文", got)
	}
	b.Click("#lang-zh")
	if got := b.WaitText(nav, "企业"); got != "企业" {
		t.Fatalf("nav label after switching back = %q, want 企业", got)
	}

	// Search by a fragment of the name.
	b.Click(nav)
	b.Fill(search, "金晶")
	if st := b.Click(`#search-form button[type="submit"]`); st != 200 {
		t.Fatalf("search: HTTP %d", st)
	}
	if loc := b.Location(); !strings.Contains(loc, "q=%E9%87%91%E6%99%B6") {
		t.Errorf("search URL %s does not carry q=金晶", loc)
	}
	rows := b.Text("#enterprise-list tbody")
	if !strings.Contains(rows, company) || strings.Count(rows, "\n") != 0 {
		t.Fatalf("search 金晶 lists %q, want the one row of %s", rows, company)
	}

	// Open it.
	b.Click(`//table[@id="enterprise-list"]//a[contains(., "金晶")]`)
	id := regexp.MustCompile(`^/enterprises/(\d+)$`).FindStringSubmatch(b.Location())
	if id == nil {
		t.Fatalf("detail page at %s", b.Location())
	}
	if got := b.Text("main h1"); got != company {
		t.Fatalf("detail heading = %q, want %s", got, company)
	}
	oldName := b.Text("#contact-name")
	oldPhone := b.Text(`//dl[@id="enterprise-facts"]/dt[.="联系电话"]/following-sibling::dd[1]`)

	// A wrong check character is refused, and the message names the right one.
	b.Click("#edit-enterprise")
	code := b.Value(usccIn)
	want, ok := enterprise.USCCCheckChar(code[:17])
	if !ok || code[17] != want {
		t.Fatalf("demo code %q: check character %q, computed %q", code, code[17], want)
	}
	wrong := "0"
	if want == '0' {
		wrong = "1"
	}
	b.Fill(usccIn, code[:17]+wrong)
	if st := b.Click("#save"); st != 422 {
		t.Fatalf("saving a wrong credit code: HTTP %d, want 422", st)
	}
	msg := b.Text("#err-uscc")
	if !strings.Contains(msg, fmt.Sprintf("“%s”", wrong)) || !strings.Contains(msg, fmt.Sprintf("应为“%c”", want)) {
		t.Errorf("#err-uscc = %q, want it to name the wrong %q and the right check character %q", msg, wrong, want)
	}
	if got := b.Value(usccIn); got != code[:17]+wrong {
		t.Errorf("the form lost the typed code: %q", got)
	}

	// Correct the code, change the contact, save.
	b.Fill(usccIn, code)
	b.Fill(nameIn, newName)
	b.Fill(phoneIn, newPhone)
	if st := b.Click("#save"); st != 200 {
		t.Fatalf("save: HTTP %d", st)
	}
	if loc := b.Location(); loc != "/enterprises/"+id[1]+"?flash=saved" {
		t.Errorf("after saving at %s", loc)
	}
	b.WaitText(".flash", "已保存")
	if got := b.Text("#contact-name"); got != newName {
		t.Errorf("contact on the detail page = %q, want %q", got, newName)
	}
	if got := b.Text(`//dl[@id="enterprise-facts"]/dt[.="联系电话"]/following-sibling::dd[1]`); got != newPhone {
		t.Errorf("phone on the detail page = %q, want %q", got, newPhone)
	}

	// The history lists the change, newest first, by whom, before and after.
	b.Click(`a[href="/enterprises/` + id[1] + `/history"]`)
	latest := b.Text(`#history > li:first-child .meta`)
	// By whom: the display name, the username in its tooltip.
	if !strings.Contains(latest, "修改") || !strings.Contains(latest, "王磊") {
		t.Errorf("latest history entry = %q, want 修改 by 王磊", latest)
	}
	if !b.Has(`#history > li:first-child .meta .person[title="zibo-admin"]`) {
		t.Errorf("the change's author has no username tooltip")
	}
	for _, c := range []struct{ field, before, after string }{
		{"联系人", oldName, newName},
		{"联系电话", oldPhone, newPhone},
	} {
		row := fmt.Sprintf(`//ol[@id="history"]/li[1]//tr[td[1]=%q and td[2]=%q and td[3]=%q]`, c.field, c.before, c.after)
		if !b.Has(row) {
			t.Errorf("history has no row %s: %q → %q; it reads:\n%s", c.field, c.before, c.after, b.Text("#history"))
		}
	}
	if n := b.Count(`//ol[@id="history"]/li[div[@class="meta"]/strong[.="修改"]]`); n != 1 {
		t.Errorf("history shows %d changes, want 1 (the refused save must leave none)", n)
	}

	// No CSP violation, script error or console.error on any page visited.
	for _, m := range b.ConsoleErrors() {
		t.Errorf("page error: %s", m)
	}
}
