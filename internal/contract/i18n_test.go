package contract

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// notCatalogKeys are literals that look like keys but name something else.
func notCatalogKeys() []string {
	return []string{string(ActionRead), string(ActionQueue), string(ActionPoint)}
}

func loadCatalog(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", "contract."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	return m
}

// referencedKeys collects every catalog key the package uses: the string
// literals of its (non-test) source that look like keys, and the keys of
// every enumeration value, which are built by concatenation.
func referencedKeys(t *testing.T) []string {
	t.Helper()
	keys := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The registry's catalog also holds the words of its store, API and
	// pages, which live in those packages' contract files.
	for _, pattern := range []string{"../store/contract*.go", "../api/contracts*.go", "../web/contracts*.go", "../demo/contracts*.go"} {
		more, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, more...)
	}
	isKey := regexp.MustCompile(`^contract\.[a-z0-9_]+(\.[A-Za-z0-9_]+)*$`)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && isKey.MatchString(s) && !slices.Contains(notCatalogKeys(), s) {
				keys[s] = true
			}
			return true
		})
	}
	templates, err := filepath.Glob("../web/templates/contract_*.html")
	if err != nil {
		t.Fatal(err)
	}
	quoted := regexp.MustCompile(`"(contract\.[a-z0-9_]+(?:\.[A-Za-z0-9_]+)*)"`)
	for _, name := range templates {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range quoted.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	add := func(k string) { keys[k] = true }
	for _, x := range Types() {
		add(x.Key())
	}
	for _, x := range Categories(false) {
		add(x.Key())
	}
	for _, x := range LicenceSubtypes() {
		add(x.Key())
	}
	for _, x := range Fields() {
		add(x.Key())
	}
	for _, x := range Natures() {
		add(x.Key())
	}
	for _, x := range ProgrammeLevels() {
		add(x.Key())
	}
	for _, x := range IPTypes() {
		add(x.Key())
	}
	for _, x := range DeductionKinds() {
		add(x.Key())
	}
	for _, x := range RefusalReasons() {
		add(x.Key())
	}
	for _, x := range RuleSetIDs() {
		add(x.Key())
	}
	for _, x := range append(Statuses(), New) {
		add(x.Key())
	}
	for _, x := range EventKinds() {
		add(x.Key())
	}
	for _, x := range []Eligibility{Eligible, Conditional, NotEligible} {
		add(x.Key())
	}
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestCatalogHasEveryKey(t *testing.T) {
	refs := referencedKeys(t)
	if len(refs) < 100 {
		t.Fatalf("only %d keys found: the scan is broken", len(refs))
	}
	for _, lang := range []string{"zh-CN", "en"} {
		cat := loadCatalog(t, lang)
		for _, k := range refs {
			if strings.TrimSpace(cat[k]) == "" {
				t.Errorf("%s: key %q missing or empty", lang, k)
			}
		}
		for k := range cat {
			if !slices.Contains(refs, k) {
				t.Errorf("%s: key %q is not used", lang, k)
			}
		}
	}
}

func TestCatalogsAgree(t *testing.T) {
	zh, en := loadCatalog(t, "zh-CN"), loadCatalog(t, "en")
	placeholders := regexp.MustCompile(`\{\d+\}`)
	for k, z := range zh {
		if !strings.HasPrefix(k, "contract.") {
			t.Errorf("key %q lacks the contract. prefix", k)
		}
		e, ok := en[k]
		if !ok {
			t.Errorf("en lacks %q", k)
			continue
		}
		pz, pe := placeholders.FindAllString(z, -1), placeholders.FindAllString(e, -1)
		sort.Strings(pz)
		sort.Strings(pe)
		if !cmp.Equal(pz, pe) {
			t.Errorf("%s: placeholders differ: zh %v, en %v", k, pz, pe)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("zh-CN lacks %q", k)
		}
	}
}

// TestChineseNames pins the official names the UI shows for a few codes.
func TestChineseNames(t *testing.T) {
	zh := loadCatalog(t, "zh-CN")
	want := map[string]string{
		DevEntrusted.Key():                   "委托开发",
		TrfPatent.Key():                      "专利权转让",
		LicPatent.Key():                      "专利实施许可",
		Refused.Key():                        "未予登记",
		Field("01").Key():                    "电子信息",
		Field("04").Key():                    "生物医药和医疗器械",
		Field("11").Key():                    "城市建设与社会发展",
		NatLLC.Key():                         "有限责任公司",
		NatOtherDom.Key():                    "其他内资企业",
		LicExclusive.Key():                   "独占许可",
		LicSole.Key():                        "排他许可",
		LicOrdinary.Key():                    "普通许可",
		CatDevelopment.Key():                 "技术开发",
		"contract.err.tech_exceeds_contract": "技术交易额不能超过成交额",
	}
	for k, v := range want {
		if zh[k] != v {
			t.Errorf("%s = %q, want %q", k, zh[k], v)
		}
	}
}

// TestCatalogLoads checks the keys as the application sees them: merged with
// every other area's catalog (a clash fails the load) and translated.
func TestCatalogLoads(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range referencedKeys(t) {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("%s: %s missing", l, k)
			}
		}
	}
	got := cat.T(i18n.ZH, "contract.err.illegal_transition", errs.M(EvRegister.Key()), errs.M(Draft.Key()))
	if got != "合同当前状态为“草稿”，不能执行“登记”" {
		t.Errorf("zh: %s", got)
	}
	got = cat.T(i18n.EN, "contract.err.illegal_transition", errs.M(EvRegister.Key()), errs.M(Draft.Key()))
	if got != `Cannot do "Register" while the contract is "Draft"` {
		t.Errorf("en: %s", got)
	}
}
