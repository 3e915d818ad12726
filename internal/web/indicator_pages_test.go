package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/innopark/innopark/internal/apptest"
)

// node helpers: the pages are parsed and checked by element, not by
// string matching on the markup.

func parse(t *testing.T, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	c, _ := attr(n, "class")
	for _, f := range strings.Fields(c) {
		if f == class {
			return true
		}
	}
	return false
}

// all returns the element nodes under n for which match is true.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && match(x) {
			out = append(out, x)
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byID(t *testing.T, n *html.Node, id string) *html.Node {
	t.Helper()
	found := all(n, func(x *html.Node) bool { v, _ := attr(x, "id"); return v == id })
	if len(found) != 1 {
		t.Fatalf("%d elements with id %q", len(found), id)
	}
	return found[0]
}

func byClass(n *html.Node, class string) []*html.Node {
	return all(n, func(x *html.Node) bool { return hasClass(x, class) })
}

func byTag(n *html.Node, tag string) []*html.Node {
	return all(n, func(x *html.Node) bool { return x.Data == tag })
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func get(t *testing.T, env *apptest.Env, tok, path string) (*html.Node, apptest.Response) {
	t.Helper()
	resp := env.Do(tok, "GET", path, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %.300s", path, resp.Status, resp.Body)
	}
	return parse(t, resp.Body), resp
}

// noInline checks what the CSP forbids: inline style attributes, inline
// scripts, and anything loaded from elsewhere.
func noInline(t *testing.T, doc *html.Node) {
	t.Helper()
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		if _, ok := attr(n, "style"); ok {
			t.Errorf("<%s> has a style attribute", n.Data)
		}
		src, hasSrc := attr(n, "src")
		external := n.Data == "script" && hasSrc && strings.HasPrefix(src, "/static/") && n.FirstChild == nil
		if (n.Data == "script" && !external) || n.Data == "style" {
			t.Errorf("inline <%s>", n.Data)
		}
		for _, a := range []string{"src", "href"} {
			if v, ok := attr(n, a); ok && (strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//")) {
				t.Errorf("<%s %s=%q> loads from elsewhere", n.Data, a, v)
			}
		}
	}
}

func TestZoneDashboardPage(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("yulin-staff")
	doc, _ := get(t, env, tok, "/zones/yulin/dashboard?from=2023-01&to=2023-11")
	noInline(t, doc)

	amount := byID(t, doc, "tile-tech_contract-contract_amount")
	if v := text(byClass(amount, "tile-value")[0]); v != "3.8亿元" {
		t.Errorf("amount tile %q", v)
	}
	if v := text(byClass(amount, "tile-yoy")[0]); v != "同比增长15.0%" || !hasClass(byClass(amount, "tile-yoy")[0], "up") {
		t.Errorf("yoy %q", v)
	}
	if v := text(byClass(amount, "completion")[0]); v != "完成105.0%" {
		t.Errorf("completion %q", v)
	}
	if len(byTag(amount, "svg")) != 1 {
		t.Error("no progress bar on the amount tile")
	}
	if v := text(byClass(byID(t, doc, "tile-tech_contract-count"), "tile-value")[0]); v != "385项" {
		t.Errorf("count tile %q", v)
	}
	// Yulin's counties hold no registrations: Yulin is not "first of 7"
	// (nor "first of 1") in its city, and ranks among the five zones.
	if v := text(byID(t, doc, "ranks-summary")); !strings.Contains(v, "榆林市 唯一有数据的地区，不排名") || !strings.Contains(v, "全国 第1位 / 共5个") || strings.Contains(v, "共7个") {
		t.Errorf("ranks %q", v)
	}

	// Every chart: a titled SVG, its numbers as a table, an xlsx link.
	panels := byClass(doc, "panel")
	if len(panels) < 5 {
		t.Fatalf("%d panels", len(panels))
	}
	for _, p := range panels {
		id, _ := attr(p, "id")
		if id == "ranks" {
			continue
		}
		svgs := byTag(p, "svg")
		if len(svgs) != 1 || len(byTag(svgs[0], "title")) == 0 {
			t.Errorf("panel %s: chart without a title", id)
		}
		if len(byTag(p, "table")) != 1 || len(byTag(p, "td")) == 0 {
			t.Errorf("panel %s: no table of its numbers", id)
		}
		links := byClass(p, "xlsx")
		if len(links) != 1 {
			t.Errorf("panel %s: no xlsx link", id)
			continue
		}
		href, _ := attr(links[0], "href")
		resp := env.Do(tok, "GET", href, nil)
		if resp.Status != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("panel %s: %s → %d %s", id, href, resp.Status, resp.Header.Get("Content-Type"))
		}
	}
	trend := byID(t, doc, "trend-tech_contract-count")
	if rows := byTag(byTag(trend, "tbody")[0], "tr"); len(rows) != 11 {
		t.Errorf("count trend has %d months", len(rows))
	}

	// The whole workbook: the headline sheet states the amount.
	resp := env.Do(tok, "GET", "/zones/yulin/dashboard?from=2023-01&to=2023-11&format=xlsx", nil)
	wb, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	sheets := wb.GetSheetList()
	if len(sheets) < 5 {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := wb.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 5 && r[0] == "技术合同成交额" && r[1] == "3.8亿元" && r[5] == "105" {
			found = true
		}
	}
	if !found {
		t.Errorf("headline sheet %v", rows)
	}

	// The big screen: same figures, its own layout, reloading itself.
	doc, resp = get(t, env, tok, "/zones/yulin/screen?from=2023-01&to=2023-11")
	noInline(t, doc)
	byID(t, doc, "screen")
	if resp.Header.Get("Refresh") == "" {
		t.Error("the big screen does not refresh")
	}
}

func TestCityAndNationalPages(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	// A zone sees its city's areas ranked, its own values, not the others'.
	doc, _ := get(t, env, env.Login("yulin-staff"), "/cities/610800/dashboard?from=2023-01&to=2023-11")
	noInline(t, doc)
	byID(t, doc, "hidden-note")
	side := byID(t, doc, "side-by-side")
	rows := byTag(byTag(side, "tbody")[0], "tr")
	if len(rows) != 7 {
		t.Fatalf("%d areas in Yulin city", len(rows))
	}
	for _, r := range rows {
		cells := byTag(r, "td")
		own := hasClass(r, "own")
		if own != (text(cells[0]) == "榆林高新区") {
			t.Errorf("row %q own=%v", text(cells[0]), own)
		}
		if !own && text(cells[1]) != "—" {
			t.Errorf("a zone user sees %s's value %q", text(cells[0]), text(cells[1]))
		}
		if own && text(cells[1]) != "3.8亿元" {
			t.Errorf("own value %q", text(cells[1]))
		}
	}
	// The city sees them all.
	doc, _ = get(t, env, env.Login("yulin-city"), "/cities/610800/dashboard?from=2023-01&to=2023-11")
	if len(all(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return v == "hidden-note" })) != 0 {
		t.Error("the city is told values are hidden")
	}

	// National: the composite and the six single lists.
	doc, _ = get(t, env, env.Login("national"), "/dashboard/national")
	noInline(t, doc)
	for _, id := range []string{"composite", "list-gross-output", "list-hightech-revenue", "list-rd-intensity",
		"list-tech-contract-per-person", "list-high-quality-enterprises", "list-business-env"} {
		p := byID(t, doc, id)
		if len(byTag(byTag(p, "tbody")[0], "tr")) != 5 {
			t.Errorf("%s does not rank the five national zones", id)
		}
	}
	first := byTag(byTag(byID(t, doc, "list-gross-output"), "tbody")[0], "tr")[0]
	if v := text(byTag(first, "td")[1]); v != "佛山高新区" {
		t.Errorf("gross output leader %q", v)
	}
}

func TestBulletinPages(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("yulin-staff")
	doc, _ := get(t, env, tok, "/zones/yulin/bulletin?from=2023-01&to=2023-11")
	noInline(t, doc)
	heads := byClass(byID(t, doc, "items"), "item-headline")
	if len(heads) != 1 || text(heads[0]) != "榆林高新区技术合同登记额同比增长15%" {
		t.Fatalf("headlines %d", len(heads))
	}
	if p := text(byClass(byID(t, doc, "items"), "item-para")[0]); !strings.Contains(p, "完成榆林市下达目标任务的105%") {
		t.Errorf("paragraph %q", p)
	}
	byID(t, doc, "save-form")

	// Save, and find the item with its figures.
	resp := env.Do(tok, "POST", "/zones/yulin/bulletin", "from=2023-01&to=2023-11")
	if resp.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", resp.Status, resp.Body)
	}
	doc, _ = get(t, env, tok, resp.Header.Get("Location"))
	links := byTag(byID(t, doc, "saved-list"), "a")
	if len(links) != 1 {
		t.Fatalf("%d saved items", len(links))
	}
	href, _ := attr(links[0], "href")
	doc, _ = get(t, env, tok, href)
	if f := text(byID(t, doc, "facts")); !strings.Contains(f, "技术合同成交额3.8016亿元") || !strings.Contains(f, "年度目标（成交额）3.62亿元") || strings.Contains(f, "amount") {
		t.Errorf("facts %q", f)
	}

	// The code editor (an administrator's) previews a broken template with
	// the line at fault, and the figures of the zone when it works.
	form := url.Values{"action": {"preview"}, "version": {"1"}, "from": {"2023-01"}, "to": {"2023-11"},
		"headline": {"{{.Zone}}登记{{count .N.count \"项\"}}"}, "body": {"第一段\n{{.Zone"}}
	if resp := env.Do(tok, "POST", "/zones/yulin/bulletin-templates/tech_contract/yoy", form.Encode()); resp.Status != http.StatusForbidden {
		t.Errorf("a clerk previews code: %d", resp.Status)
	}
	resp = env.Do(env.Login("yulin-admin"), "POST", "/zones/yulin/bulletin-templates/tech_contract/yoy", form.Encode())
	doc = parse(t, resp.Body)
	if p := text(byID(t, doc, "problems")); !strings.Contains(p, "第2行") {
		t.Errorf("problems %q", p)
	}
	if h := text(byClass(byID(t, doc, "preview"), "item-headline")[0]); h != "榆林高新区登记385项" {
		t.Errorf("preview headline %q", h)
	}

	// The printable page lays every zone's item out under a masthead.
	doc, _ = get(t, env, env.Login("national"), "/bulletins/page?from=2023-01&to=2023-11")
	noInline(t, doc)
	byID(t, doc, "lead-item")
	if idx := text(byID(t, doc, "headline-index")); !strings.Contains(idx, "榆林高新区技术合同登记额同比增长15%") {
		t.Errorf("index %q", idx)
	}
}

func TestTargetsPage(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	doc, _ := get(t, env, env.Login("yulin-staff"), "/zones/yulin/targets?year=2023")
	if n := len(byTag(doc, "form")); n != 3 { // the year picker, the search box and sign-out
		t.Errorf("a zone user gets %d forms", n)
	}
	city := env.Login("yulin-city")
	doc, _ = get(t, env, city, "/zones/yulin/targets?year=2023")
	byID(t, doc, "target-form-tech_contract-contract_amount")
	if v := text(byClass(byID(t, doc, "target-tech_contract-contract_amount"), "target-value")[0]); v != "3.62亿元" {
		t.Errorf("target %q", v)
	}
	resp := env.Do(city, "POST", "/zones/yulin/targets", "year=2023&indicator=tech_contract.contract_amount&action=set&value=abc")
	if resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad number: %d", resp.Status)
	}
	// The error stands beside the field it is about.
	byID(t, parse(t, resp.Body), "err-tech_contract-contract_amount")
}
