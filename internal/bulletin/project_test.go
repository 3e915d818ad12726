package bulletin

import (
	"strings"
	"testing"
)

// TestFoshanItem checks the project item against the page's sentences, and
// how it words a late finish and a scope without roads.
func TestFoshanItem(t *testing.T) {
	tpl, _ := DefaultTemplate(ModuleProject, "award")
	f, _ := SampleFacts(ModuleProject)
	it, err := Render(tpl, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"创新灯塔社区市政配套工程（北区）项目获评“2023年度广东省市政优良样板工程”。",
		"此次获奖是广东省市政行业协会对",
		"该项目由广东佛高控股公司负责建设，总投资2.6亿元，于2021年1月6日开工建设、2022年9月27日提前101天完工通车。",
		"项目包含“灯塔路”“火炬路”两条市政路和一个人才公园。",
	} {
		if !strings.Contains(it.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, it.Body)
		}
	}
	f, _ = SampleFacts(ModuleProject)
	delete(f.N, "days_ahead")
	f.N["days_late"] = 12
	f.L = map[string][]string{"others": {"标准厂房", "配套管网"}}
	f.S["finish_words"] = "完工"
	it, err = Render(tpl, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"2022年9月27日比计划推迟12天完工。", "项目包含标准厂房和配套管网。"} {
		if !strings.Contains(it.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, it.Body)
		}
	}
	if got := countWords(12) + countWords(2) + countWords(20) + countWords(101); got != "十二两二十101" {
		t.Errorf("count words %q", got)
	}
}
