package bulletin

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// yulin returns the facts of the Yulin item with changes applied, so each
// edge case states only what differs from the page.
func yulin(change func(*Facts)) Facts {
	f, _ := SampleFacts(ModuleTechContract)
	delete(f.S, "work")
	if change != nil {
		change(&f)
	}
	return f
}

func zibo(change func(*Facts)) Facts {
	f, _ := SampleFacts(ModuleHonour)
	if change != nil {
		change(&f)
	}
	return f
}

func TestGolden(t *testing.T) {
	tech, _ := DefaultTemplate(ModuleTechContract, "yoy")
	honour, _ := DefaultTemplate(ModuleHonour, "holdings")
	sample, _ := SampleFacts(ModuleTechContract)
	tests := []struct {
		name  string
		tpl   Template
		facts Facts
	}{
		{"tech_yulin", tech, sample},
		{"tech_decline", tech, yulin(func(f *Facts) {
			f.N["amount"], f.N["prev_amount"] = 30_000_000_000, 31_000_000_000 // −3.2%, 83% of target
		})},
		{"tech_flat", tech, yulin(func(f *Facts) { f.N["prev_amount"] = f.N["amount"] })},
		{"tech_no_base", tech, yulin(func(f *Facts) {
			f.N["count"], f.N["amount"], f.N["prev_amount"] = 12, 1_234_500_000, 0 // a zone's first year
		})},
		{"tech_no_target", tech, yulin(func(f *Facts) { delete(f.N, "target") })},
		{"tech_target_met", tech, yulin(func(f *Facts) { f.N["target"] = f.N["amount"] })},
		{"tech_full_year", tech, yulin(func(f *Facts) {
			f.Period, f.Date = indicator.Must(indicator.Year(2023)), civil.MustParse("2024-01-10")
			f.N["amount"] = 40_000_000_000
		})},
		{"tech_rank_first", tech, yulin(func(f *Facts) {
			f.Rank = map[string]indicator.Rank{"amount": {Position: 1, Of: 12}}
		})},
		{"tech_rank_nth", tech, yulin(func(f *Facts) {
			f.Rank = map[string]indicator.Rank{"amount": {Position: 3, Of: 12}}
		})},
		{"tech_rank_tied_first", tech, yulin(func(f *Facts) {
			f.Rank = map[string]indicator.Rank{"amount": {Position: 1, Of: 12, Tied: true}}
		})},
		{"tech_rank_tied_nth", tech, yulin(func(f *Facts) {
			f.Rank = map[string]indicator.Rank{"amount": {Position: 4, Of: 12, Tied: true}}
		})},
		{"honour_zibo", honour, zibo(nil)},
		{"honour_advantage_only_tied", honour, zibo(func(f *Facts) {
			delete(f.L, "demo")
			f.N["selected"] = 4
			f.Rank["held"] = indicator.Rank{Position: 2, Of: 10, Tied: true}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, err := Render(tt.tpl, tt.facts)
			if err != nil {
				t.Fatal(err)
			}
			got := it.Headline + "\n\n" + it.Body + "\n"
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestYulinItem states the page's figures outright, independent of the
// golden file, so an -update cannot silently lose them.
func TestYulinItem(t *testing.T) {
	tech, _ := DefaultTemplate(ModuleTechContract, "yoy")
	f, _ := SampleFacts(ModuleTechContract)
	it, err := Render(tech, f)
	if err != nil {
		t.Fatal(err)
	}
	if it.Headline != "榆林高新区技术合同登记额同比增长15%" {
		t.Errorf("headline %q", it.Headline)
	}
	const lead = "本报讯 今年1-11月，榆林高新区共认定登记技术合同385项，登记金额3.8亿元，同比增长15%，完成榆林市下达目标任务的105%。"
	if !strings.HasPrefix(it.Body, lead) {
		t.Errorf("body does not begin with the page's sentence:\n%s", it.Body)
	}
	if len(it.Paragraphs()) != 2 {
		t.Errorf("want 2 paragraphs, got %q", it.Paragraphs())
	}
	if it.Zone != "榆林高新区" || it.Date != civil.MustParse("2023-12-18") || it.Version != 1 || it.Module != ModuleTechContract {
		t.Errorf("item metadata %+v", it)
	}
}

// TestZiboItem checks the honour item against the page's sentences.
func TestZiboItem(t *testing.T) {
	honour, _ := DefaultTemplate(ModuleHonour, "holdings")
	f, _ := SampleFacts(ModuleHonour)
	it, err := Render(honour, f)
	if err != nil {
		t.Fatal(err)
	}
	if it.Headline != "知识产权优势示范企业再添7家" {
		t.Errorf("headline %q", it.Headline)
	}
	for _, s := range []string{"淄博高新区7家企业成功入选", "至此，淄博高新区拥有国家知识产权示范企业7家、国家知识产权优势企业5家，入围数量居淄博市首位。"} {
		if !strings.Contains(it.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, it.Body)
		}
	}
}
