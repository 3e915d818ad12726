package indicator

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/i18n"
)

// loadLocale reads one catalog file directly, so the test needs nothing of
// package i18n's merging and fails on the file that is wrong.
func loadLocale(t *testing.T, area, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", area+"."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.%s.json: %v", area, lang, err)
	}
	return m
}

// literalKeys returns the string literals in the package's non-test files that
// look like catalog keys of prefix (a literal ending in "." is a prefix for a
// computed key; those are covered by the enumerations in the test).
func literalKeys(t *testing.T, prefix string) []string {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	var keys []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && strings.HasPrefix(s, prefix) && !strings.HasSuffix(s, ".") && !strings.ContainsAny(s, " {") {
				keys = append(keys, s)
			}
			return true
		})
	}
	return keys
}

func placeholders(s string) []string {
	p := regexp.MustCompile(`\{\d+\}`).FindAllString(s, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

func TestLocaleKeys(t *testing.T) {
	zh, en := loadLocale(t, "indicator", "zh-CN"), loadLocale(t, "indicator", "en")
	keys := literalKeys(t, "indicator.")
	for _, u := range Units() {
		keys = append(keys, u.Key())
	}
	for _, a := range Aggs() {
		keys = append(keys, a.Key())
	}
	for _, s := range []Status{Flat, Up, Down, NoBase} {
		keys = append(keys, s.Key())
	}
	for _, d := range DefaultCatalog().Definitions() {
		keys = append(keys, d.NameKey)
		for _, dim := range d.Dimensions {
			keys = append(keys, DimNameKey(dim))
		}
	}
	for _, e := range DefaultEvaluations() {
		keys = append(keys, e.NameKey)
		for _, l := range e.Lists {
			keys = append(keys, l.NameKey)
		}
	}
	keys = append(keys, Rank{1, 2, true}.Msg().Key, Rank{1, 2, false}.Msg().Key)
	if len(keys) < 50 {
		t.Fatalf("only %d keys found; the scan is broken", len(keys))
	}
	for _, k := range keys {
		if zh[k] == "" {
			t.Errorf("%s: missing or empty in zh-CN", k)
		}
		if en[k] == "" {
			t.Errorf("%s: missing or empty in en", k)
		}
	}
	for _, pair := range []struct {
		name       string
		this, that map[string]string
	}{{"zh-CN", zh, en}, {"en", en, zh}} {
		for k, v := range pair.this {
			if !strings.HasPrefix(k, "indicator.") {
				t.Errorf("%s: %s lacks the indicator. prefix", pair.name, k)
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", pair.name, k)
			}
			other, ok := pair.that[k]
			if !ok {
				t.Errorf("%s only in %s", k, pair.name)
				continue
			}
			if !slices.Equal(placeholders(v), placeholders(other)) {
				t.Errorf("%s: placeholders differ between languages: %q vs %q", k, v, other)
			}
		}
	}
}

// TestRankLabelMatchesCatalog keeps Rank.Label (text built in code) worded as
// the catalog words Rank.Msg.
func TestRankLabelMatchesCatalog(t *testing.T) {
	cats := map[i18n.Lang]map[string]string{
		i18n.ZH: loadLocale(t, "indicator", "zh-CN"),
		i18n.EN: loadLocale(t, "indicator", "en"),
	}
	for _, r := range []Rank{{1, 6, false}, {2, 6, true}} {
		for lang, cat := range cats {
			m := r.Msg()
			s := cat[m.Key]
			for i, a := range m.Args {
				s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", fmt.Sprint(a))
			}
			if got := r.Label(lang); got != s {
				t.Errorf("%v %s: Label %q, catalog %q", r, lang, got, s)
			}
		}
	}
}

// TestIndicatorNamesDistinct: no two indicators share a name in either
// language. Two modules each counting 开工项目数 (investment projects and
// key construction projects) listed the name twice on the targets page,
// with nothing to tell them apart.
func TestIndicatorNamesDistinct(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		seen := map[string]string{}
		for k, v := range loadLocale(t, "indicator", lang) {
			if !strings.HasPrefix(k, "indicator.name.") {
				continue
			}
			if other, ok := seen[v]; ok {
				t.Errorf("%s: %s and %s are both named %q", lang, k, other, v)
			}
			seen[v] = k
		}
	}
}
