package bulletin

import (
	"encoding/json"
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
	zh, en := loadLocale(t, "bulletin", "zh-CN"), loadLocale(t, "bulletin", "en")
	keys := literalKeys(t, "bulletin.")
	for _, tpl := range DefaultTemplates() {
		keys = append(keys, ModuleKey(tpl.Module))
	}
	if len(keys) < 12 {
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
			if !strings.HasPrefix(k, "bulletin.") {
				t.Errorf("%s: %s lacks the bulletin. prefix", pair.name, k)
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
