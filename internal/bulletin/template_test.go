package bulletin

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
)

func tpl(headline, body string) Template {
	return Template{Module: "tech_contract", Key: "test", Version: 1, Headline: headline, Body: body}
}

// fieldMsg returns the message err carries for field, failing unless err is Invalid.
func fieldMsg(t *testing.T, err error, field string) errs.Msg {
	t.Helper()
	e, ok := err.(*errs.Error)
	if !ok || e.Kind != errs.Invalid {
		t.Fatalf("err = %v, want errs.Invalid", err)
	}
	m, ok := e.Fields[field]
	if !ok {
		t.Fatalf("no problem on field %q: %v", field, err)
	}
	return m
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name  string
		tpl   Template
		field string
		key   string
		args  []any // checked when not nil
	}{
		{"unclosed action", tpl("x", "{{.Zone"), "body", "bulletin.error.template_parse", nil},
		{"line number", tpl("x", "第一段\n第二段\n{{if .Zone}}没有结束"), "body", "bulletin.error.template_parse", nil},
		{"unknown function", tpl("{{foo 1}}", "x"), "headline", "bulletin.error.template_parse",
			[]any{1, `function "foo" not defined`}},
		{"range", tpl("x", "{{range .L.demo}}{{.}}{{end}}"), "body", "bulletin.error.template_forbidden", []any{"range"}},
		{"range over a number", tpl("x", "{{range 1000000000}}{{end}}"), "body", "bulletin.error.template_forbidden", []any{"range"}},
		{"define", tpl("x", `{{define "a"}}a{{end}}b`), "body", "bulletin.error.template_forbidden", []any{"define"}},
		{"template", tpl("x", `{{template "body"}}`), "body", "bulletin.error.template_forbidden", []any{"template"}},
		{"block", tpl("x", `{{block "a" .}}a{{end}}`), "body", "bulletin.error.template_forbidden", nil},
		{"printf", tpl("x", `{{printf "%0999999d" 1}}`), "body", "bulletin.error.template_forbidden", []any{"printf"}},
		{"printf nested", tpl("x", `{{if .Zone}}{{with .City}}{{len (printf "%d" 1)}}{{end}}{{end}}`), "body", "bulletin.error.template_forbidden", []any{"printf"}},
		{"call", tpl(`{{call .Zone}}`, "x"), "headline", "bulletin.error.template_forbidden", []any{"call"}},
		{"empty body", tpl("x", "  \n"), "body", "bulletin.error.source_required", nil},
		{"too large", tpl("x", strings.Repeat("字", MaxSourceBytes)), "body", "bulletin.error.source_too_large", nil},
		{"no module", Template{Key: "k", Version: 1, Headline: "x", Body: "x"}, "module", "bulletin.error.module_required", nil},
		{"no key", Template{Module: "m", Version: 1, Headline: "x", Body: "x"}, "key", "bulletin.error.key_required", nil},
		{"no version", Template{Module: "m", Key: "k", Headline: "x", Body: "x"}, "version", "bulletin.error.version_positive", nil},
		{"bad lang", Template{Module: "m", Key: "k", Version: 1, Lang: "fr", Headline: "x", Body: "x"}, "lang", "bulletin.error.lang_unknown", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.tpl)
			m := fieldMsg(t, err, tt.field)
			if m.Key != tt.key {
				t.Fatalf("key = %q, want %q (%v)", m.Key, tt.key, err)
			}
			if tt.args != nil {
				if diff := cmp.Diff(tt.args, m.Args); diff != "" {
					t.Errorf("args (-want +got):\n%s", diff)
				}
			}
		})
	}
	// The parse error names the line the problem is on.
	_, err := Compile(tpl("x", "第一段\n第二段\n{{.Zone"))
	if m := fieldMsg(t, err, "body"); m.Args[0] != 3 {
		t.Errorf("line = %v, want 3 (%v)", m.Args[0], m.Args)
	}
}

func TestRenderErrors(t *testing.T) {
	facts := yulin(nil)
	facts.S["text"] = "abc"
	facts.S["long"] = strings.Repeat("长", MaxBodyBytes/3+1)
	tests := []struct {
		name  string
		tpl   Template
		field string
		key   string
		args  []any
	}{
		{"missing fact", tpl("x", "第一行\n{{.N.nope}}"), "body", "bulletin.error.missing_fact", []any{2, "nope"}},
		{"missing map", tpl("{{.L.none}}", "x"), "headline", "bulletin.error.missing_fact", []any{1, "none"}},
		{"text for a number", tpl("x", "{{money .S.text}}"), "body", "bulletin.error.template_exec", nil},
		{"bad unit", tpl("x", `{{moneyIn .N.amount "美元" 1}}`), "body", "bulletin.error.template_exec", nil},
		{"body too long", tpl("x", "{{.S.long}}"), "body", "bulletin.error.output_too_long", []any{MaxBodyBytes}},
		{"headline too long", tpl("{{.S.long}}", "x"), "headline", "bulletin.error.output_too_long", []any{MaxHeadlineBytes}},
		{"empty output", tpl("x", "{{if false}}x{{end}}"), "body", "bulletin.error.empty_output", nil},
		{"blank headline", tpl("{{if false}}x{{end}}  ", "x"), "headline", "bulletin.error.empty_output", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.tpl, facts)
			m := fieldMsg(t, err, tt.field)
			if m.Key != tt.key {
				t.Fatalf("key = %q, want %q (%v)", m.Key, tt.key, err)
			}
			if tt.args != nil {
				if diff := cmp.Diff(tt.args, m.Args); diff != "" {
					t.Errorf("args (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestBodyNormalised(t *testing.T) {
	it, err := Render(tpl(" 标题\n 第二行 ", "  第一段  \n\n\n{{if true}}\n第二段\n{{end}}\n"), Facts{Zone: "z"})
	if err != nil {
		t.Fatal(err)
	}
	if it.Headline != "标题 第二行" || it.Body != "第一段\n第二段" {
		t.Errorf("headline %q body %q", it.Headline, it.Body)
	}
	if diff := cmp.Diff([]string{"第一段", "第二段"}, it.Paragraphs()); diff != "" {
		t.Error(diff)
	}
	if (Item{}).Paragraphs() != nil {
		t.Error("empty body has paragraphs")
	}
}

func TestFactsRoundTrip(t *testing.T) {
	tech, _ := DefaultTemplate(ModuleTechContract, "yoy")
	f := yulin(func(f *Facts) { f.Rank = map[string]indicator.Rank{"amount": {Position: 2, Of: 9, Tied: true}} })
	first, err := Render(tech, f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	var saved Item
	if err := json.Unmarshal(b, &saved); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, saved, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("item changed in JSON (-want +got):\n%s", diff)
	}
	again, err := Render(tech, saved.Facts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Headline != first.Headline || again.Body != first.Body {
		t.Errorf("re-render differs:\n%s\n%s", first.Body, again.Body)
	}
	// The item keeps the facts as they were, whatever the caller does next.
	f.N["count"] = 1
	if first.Facts.N["count"] != 385 {
		t.Error("item facts share the caller's map")
	}
}

func TestPreview(t *testing.T) {
	tech, _ := DefaultTemplate(ModuleTechContract, "yoy")
	it, err := Preview(tech, Facts{})
	if err != nil || !strings.Contains(it.Body, "385项") {
		t.Fatalf("sample preview: %v\n%s", err, it.Body)
	}
	// A broken headline still previews the body.
	broken := tech
	broken.Headline = "{{.Zone"
	it, err = Preview(broken, Facts{})
	if m := fieldMsg(t, err, "headline"); m.Key != "bulletin.error.template_parse" {
		t.Errorf("headline problem %v", m)
	}
	if e := err.(*errs.Error); len(e.Fields) != 1 {
		t.Errorf("only the headline should fail: %v", err)
	}
	if it.Headline != "" || !strings.HasPrefix(it.Body, "本报讯") {
		t.Errorf("partial preview %+v", it)
	}
	// Both parts failing at run time are both reported.
	it, err = Preview(tpl("{{.N.a}}", "{{.N.b}}"), yulin(nil))
	fieldMsg(t, err, "headline")
	fieldMsg(t, err, "body")
	_, err = Preview(Template{Module: "nope", Key: "k", Version: 1, Headline: "x", Body: "x"}, Facts{})
	if m := fieldMsg(t, err, "facts"); m.Key != "bulletin.error.no_sample" {
		t.Errorf("no sample: %v", m)
	}
}

func TestEnglishFuncs(t *testing.T) {
	en := Template{Module: "tech_contract", Key: "en", Lang: i18n.EN, Version: 1,
		Headline: `{{.Zone}}: contract amount {{yoy (change .N.amount .N.prev_amount) 0}}`,
		Body: `{{when .Period .Date}} ({{months .Period}}, {{period .Period}}): {{count .N.count "项"}}, {{money .N.amount}}, ` +
			`{{target .City .N.amount .N.target}}, {{rank .Rank.amount .City}}, share {{pct (share .N.count 1000) 1}}, ` +
			`average {{money (avg .N.amount .N.count)}}`}
	f := yulin(func(f *Facts) {
		f.Zone, f.City = "Yulin HTZ", "Yulin"
		f.Rank = map[string]indicator.Rank{"amount": {Position: 2, Of: 12}}
	})
	it, err := Render(en, f)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Yulin HTZ: contract amount up 15% year on year"; it.Headline != want {
		t.Errorf("headline %q, want %q", it.Headline, want)
	}
	want := "Jan–Nov 2023 (Jan–Nov, Jan–Nov 2023): 385 items, CNY 380.2 million, 105% of the target set by Yulin, " +
		"2nd in Yulin, share 38.5%, average CNY 987,429"
	if it.Body != want {
		t.Errorf("body\n%q\nwant\n%q", it.Body, want)
	}
}

func TestFuncsZH(t *testing.T) {
	f := Facts{
		Zone: "z", Period: indicator.Must(indicator.YTD(2023, 11)), Date: civil.MustParse("2023-12-18"),
		N: map[string]int64{"a": 38_016_000_000, "n": 385, "zero": 0},
		L: map[string][]string{"one": {"甲"}, "two": {"甲", "乙"}, "three": {"甲", "乙", "丙"}},
	}
	tests := []struct{ src, want string }{
		{`{{moneyIn .N.a "万元" 1}}`, "38016万元"},
		{`{{moneyIn .N.a "亿" 2}}`, "3.8亿元"},
		{`{{money (avg .N.a .N.n)}}`, "98.7万元"},
		{`{{with avg .N.a .N.zero}}x{{else}}none{{end}}`, "none"},
		{`{{with share .N.n .N.zero}}x{{else}}none{{end}}`, "none"},
		{`{{with completion .N.a .N.zero}}x{{else}}none{{end}}`, "none"},
		{`[{{target "市" .N.a .N.zero}}]`, "[]"},
		{`{{pct (completion .N.a 36200000000) 1}}`, "105%"},
		{`{{pctAbove (completion .N.a 38016000000) 100}} {{pctAtLeast (completion .N.a 38016000000) 100}}`, "false true"},
		{`{{join .L.one "、" "和"}}|{{join .L.two "、" "和"}}|{{join .L.three "、" "和"}}|{{join .L.three "、"}}`, "甲|甲和乙|甲、乙和丙|甲、乙、丙"},
		{`{{has .N "a"}} {{has .N "b"}} {{has .Rank "x"}} {{opt .N "b"}}`, "true false false 0"},
		{`{{count 1.0 "项"}} {{count .N.n "家"}}`, "1项 385家"},
		{`{{period .Period}} {{months .Period}} {{when .Period .Date}}`, "2023年1-11月 1-11月 今年1-11月"},
		{`{{yoy (change 0 0) 0}} {{yoy (change 5 0) 0}} {{(change 5 0).NoBase}}`, "与上年持平 上年同期无可比数据 true"},
	}
	for _, tt := range tests {
		it, err := Render(tpl("x", tt.src), f)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if it.Body != tt.want {
			t.Errorf("%s = %q, want %q", tt.src, it.Body, tt.want)
		}
	}
	for _, src := range []string{`{{count 1.5 "项"}}`, `{{money "x"}}`, `{{has "x" "y"}}`, `{{pct .Zone 0}}`} {
		if _, err := Render(tpl("x", src), f); fieldMsg(t, err, "body").Key != "bulletin.error.template_exec" {
			t.Errorf("%s: %v", src, err)
		}
	}
}

func TestToInt(t *testing.T) {
	good := map[any]int64{int(3): 3, int8(-3): -3, uint16(7): 7, float64(4): 4, json.Number("12"): 12,
		indicator.Whole(9): 9, float32(2): 2}
	for in, want := range good {
		if got, err := toInt(in); err != nil || got != want {
			t.Errorf("toInt(%T %v) = %d, %v", in, in, got, err)
		}
	}
	for _, in := range []any{1.5, "3", nil, uint64(1 << 63), indicator.Frac{Num: 1, Den: 2}, 1e300} {
		if _, err := toInt(in); err == nil {
			t.Errorf("toInt(%T %v) accepted", in, in)
		}
	}
}
