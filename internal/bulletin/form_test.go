package bulletin

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
)

// The default form prints, word for word, what the default code prints, on
// every edge case of the golden tests.
func TestDefaultFormMatchesDefaultCode(t *testing.T) {
	code, _ := DefaultTemplate(ModuleTechContract, "yoy")
	fm, ok := DefaultForm(ModuleTechContract, "yoy")
	if !ok {
		t.Fatal("no default form")
	}
	h, b, err := fm.Compile(ModuleTechContract)
	if err != nil {
		t.Fatal(err)
	}
	form := Template{Module: ModuleTechContract, Key: "yoy", Version: 2, Headline: h, Body: b}
	sample, _ := SampleFacts(ModuleTechContract)
	cases := map[string]Facts{
		"page":      sample,
		"no work":   yulin(nil),
		"decline":   yulin(func(f *Facts) { f.N["amount"], f.N["prev_amount"] = 30_000_000_000, 31_000_000_000 }),
		"flat":      yulin(func(f *Facts) { f.N["prev_amount"] = f.N["amount"] }),
		"no base":   yulin(func(f *Facts) { f.N["count"], f.N["amount"], f.N["prev_amount"] = 12, 1_234_500_000, 0 }),
		"no prev":   yulin(func(f *Facts) { delete(f.N, "prev_amount") }),
		"no target": yulin(func(f *Facts) { delete(f.N, "target") }),
		"met":       yulin(func(f *Facts) { f.N["target"] = f.N["amount"] }),
		"full year": yulin(func(f *Facts) {
			f.Period, f.Date = indicator.Must(indicator.Year(2023)), civil.MustParse("2024-01-10")
		}),
		"rank": yulin(func(f *Facts) { f.Rank = map[string]indicator.Rank{"amount": {Position: 4, Of: 12, Tied: true}} }),
	}
	for name, f := range cases {
		want, err := Render(code, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Render(form, f)
		if err != nil {
			t.Fatalf("%s: %v\n%s\n%s", name, err, h, b)
		}
		if got.Headline != want.Headline || got.Body != want.Body {
			t.Errorf("%s: form writes\n%s\n%s\ncode writes\n%s\n%s", name, got.Headline, got.Body, want.Headline, want.Body)
		}
	}
}

func TestFormEdits(t *testing.T) {
	sample := yulin(nil)
	render := func(fm Form) Item {
		t.Helper()
		h, b, err := fm.Compile(ModuleTechContract)
		if err != nil {
			t.Fatal(err)
		}
		it, err := Render(Template{Module: ModuleTechContract, Key: "yoy", Version: 2, Headline: h, Body: b}, sample)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	// Chips moved, one deleted, other words chosen.
	fm := Form{Headlines: []string{"「同比」：「园区」技术合同"},
		Body:  []string{"「园区」「期间」登记金额「登记金额」，「同比」，", "「目标完成」。", "金额「金额排名」。"},
		Words: Words{Up: "增加", Down: "减少", Flat: "相当", Over: "超额完成", NoBase: ""}}
	it := render(fm)
	if it.Headline != "同比增加15%：榆林高新区技术合同" {
		t.Errorf("headline %q", it.Headline)
	}
	// No rank: the rank sentence is left out.
	if it.Body != "榆林高新区今年1-11月登记金额3.8亿元，同比增加15%，超额完成榆林市下达目标任务的105%。" {
		t.Errorf("body %q", it.Body)
	}

	// A figure removed leaves no doubled punctuation.
	fm.Body = []string{"「园区」登记金额「登记金额」，", "，「目标完成」。"}
	if it := render(fm); it.Body != "榆林高新区登记金额3.8亿元，超额完成榆林市下达目标任务的105%。" {
		t.Errorf("tidied body %q", it.Body)
	}

	// Problems are named by line.
	bad := Form{Headlines: []string{"「园区」"}, Body: []string{"好的句子", "「金额」多少", "{{.Zone}}", "「园区"},
		Words: Words{Up: "暴涨", Down: "下降", Flat: "持平", Over: "完成"}}
	_, _, err := bad.Compile(ModuleTechContract)
	var e *errs.Error
	if !errs.Is(err, errs.Invalid) || !asErr(err, &e) {
		t.Fatalf("bad form: %v", err)
	}
	for field, key := range map[string]string{"body.2": "bulletin.error.chip_unknown", "body.3": "bulletin.error.line_code",
		"body.4": "bulletin.error.chip_unclosed", "words.up": "bulletin.error.word_unknown"} {
		if e.Fields[field].Key != key {
			t.Errorf("%s: %+v, want %s", field, e.Fields[field], key)
		}
	}
	if _, _, err := (Form{Headlines: []string{"x"}, Body: []string{"y"}, Words: DefaultWords()}).Compile(ModuleHonour); !errs.Is(err, errs.Invalid) {
		t.Errorf("a module without chips: %v", err)
	}
}

func TestCheckFlags(t *testing.T) {
	flags := func(f Facts) string {
		var keys []string
		for _, fl := range Check(f) {
			keys = append(keys, strings.TrimPrefix(fl.Key, "bulletin.flag.")+":"+fl.Fact)
		}
		return strings.Join(keys, ",")
	}
	if got := flags(yulin(nil)); got != "" {
		t.Errorf("the page's item is flagged: %s", got)
	}
	// Zibo's demo figures: 2897.8万元 against a target of 45亿元.
	zibo := yulin(func(f *Facts) {
		f.N["amount"], f.N["prev_amount"], f.N["target"] = 2_897_800_000, 2_183_940_000, 450_000_000_000
	})
	if got := flags(zibo); got != "low_completion:amount" {
		t.Errorf("1%% of a target: %q", got)
	}
	if w := Check(zibo)[0].Words(i18n.ZH); w[0] != "0.6%" || w[1] != "45亿元" {
		t.Errorf("args %v", w)
	}
	if w := Check(zibo)[0].Words(i18n.EN); w[1] != "CNY 4.5 billion" {
		t.Errorf("English args %v", w)
	}
	if got := flags(yulin(func(f *Facts) { f.N["prev_amount"] = f.N["amount"] / 40 })); got != "huge_growth:amount" {
		t.Errorf("+3900%%: %q", got)
	}
	if got := flags(yulin(func(f *Facts) { f.N["prev_amount"] = f.N["amount"] / 10 })); got != "" {
		t.Errorf("+900%% is news: %q", got)
	}
	if got := flags(yulin(func(f *Facts) { f.N["prev_amount"] = 0 })); got != "zero_base:amount" {
		t.Errorf("zero base: %q", got)
	}
}

func TestFactRowsAndCompare(t *testing.T) {
	f, _ := SampleFacts(ModuleTechContract)
	f.Rank = map[string]indicator.Rank{"amount": {Position: 1, Of: 7}}
	var got []string
	for _, r := range FactRows(ModuleTechContract, f, i18n.ZH) {
		got = append(got, r.NameKey+"="+r.Value)
	}
	want := "bulletin.fact.tech_contract.amount=3.8016亿元|bulletin.fact.tech_contract.count=385项|" +
		"bulletin.fact.tech_contract.prev_amount=3.3056亿元|bulletin.fact.tech_contract.target=3.62亿元|bulletin.fact.work="
	if s := strings.Join(got, "|"); !strings.HasPrefix(s, want) || !strings.HasSuffix(s, "bulletin.fact.tech_contract.rank.amount=第1位 / 共7个") {
		t.Errorf("rows %s", s)
	}
	// Every fact the samples hold has a name.
	for _, m := range []string{ModuleTechContract, ModuleHonour, ModuleOrgTalent, ModuleInvest, ModuleProject} {
		s, _ := SampleFacts(m)
		for _, r := range FactRows(m, s, i18n.ZH) {
			if r.NameKey == "bulletin.fact.other" {
				t.Errorf("%s: a fact without a name (%s)", m, r.Value)
			}
		}
	}

	now := yulin(func(f *Facts) { f.N["count"] = 387; delete(f.N, "target"); f.N["new"] = 1 })
	var ch []string
	for _, c := range Compare(yulin(nil), now) {
		ch = append(ch, c.Fact)
	}
	if strings.Join(ch, ",") != "count,new,target" {
		t.Errorf("changes %v", ch)
	}
	if c := Compare(yulin(nil), now)[0]; c.Old != 385 || c.New != 387 || !c.Had || !c.Has {
		t.Errorf("count change %+v", c)
	}
}

func asErr(err error, e **errs.Error) bool {
	x, ok := err.(*errs.Error)
	*e = x
	return ok
}
