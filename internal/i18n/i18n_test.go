package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
)

// Every key exists in every language, is not empty, and uses the same placeholders.
func TestCatalogComplete(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ph := regexp.MustCompile(`\{\d+\}`)
	placeholders := func(s string) string {
		m := ph.FindAllString(s, -1)
		sort.Strings(m)
		return strings.Join(dedupe(m), ",")
	}
	zh, en := c.Keys(i18n.ZH), c.Keys(i18n.EN)
	if len(zh) < 100 {
		t.Fatalf("only %d keys in zh-CN", len(zh))
	}
	for _, pair := range [][2]i18n.Lang{{i18n.ZH, i18n.EN}, {i18n.EN, i18n.ZH}} {
		for _, k := range c.Keys(pair[0]) {
			if !c.Has(pair[1], k) {
				t.Errorf("key %q is in %s but not in %s", k, pair[0], pair[1])
			}
		}
	}
	for _, k := range zh {
		z, e := c.T(i18n.ZH, k), c.T(i18n.EN, k)
		if strings.TrimSpace(z) == "" || strings.TrimSpace(e) == "" {
			t.Errorf("key %q is empty in a language", k)
		}
		if placeholders(z) != placeholders(e) {
			t.Errorf("key %q: placeholders differ: zh %q en %q", k, placeholders(z), placeholders(e))
		}
	}
	_ = en
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func TestTranslate(t *testing.T) {
	c := i18n.MustLoad()
	if got := c.T(i18n.ZH, "error.not_found", errs.M("entity.enterprise")); got != "未找到该企业，或您无权查看" {
		t.Errorf("nested message = %q", got)
	}
	if got := c.T(i18n.EN, "enterprise.err.uscc_check", "H", "G"); !strings.Contains(got, `"H"`) || !strings.Contains(got, `"G"`) {
		t.Errorf("args = %q", got)
	}
	if got := c.T(i18n.EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
	if i18n.Parse("en-US") != i18n.EN || i18n.Parse("zh") != i18n.ZH || i18n.Parse("") != i18n.ZH {
		t.Error("Parse")
	}
}

// Keys used literally in Go code and templates exist in the catalog. Keys
// built at run time (printf "role.%s") are checked by their own tests.
func TestKeysInSourceExist(t *testing.T) {
	c := i18n.MustLoad()
	root := filepath.Join("..", "..")
	prefixes := `(?:error|entity|zone|enterprise|auth|ui|nav|field|flash|app|api|role|audit|contract|indicator|bulletin|org|talent)`
	goKey := regexp.MustCompile(`"(` + prefixes + `\.[a-z0-9_.]+[a-z0-9_])"`)
	tmplKey := regexp.MustCompile(`\{\{\s*t\s+"([a-z0-9_.]+)"`)
	checked := 0
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		isGo := strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")
		isTmpl := strings.HasSuffix(path, ".html")
		if !isGo && !isTmpl {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		re := goKey
		if isTmpl {
			re = tmplKey
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			k := m[1]
			if isGo && (strings.HasSuffix(k, ".") || looksLikeNonKey(k)) {
				continue
			}
			checked++
			if !c.Has(i18n.ZH, k) {
				t.Errorf("%s uses key %q, missing from the catalog", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 150 {
		t.Errorf("only %d key uses found in source; is the scan broken?", checked)
	}
}

// looksLikeNonKey skips identifiers that share a prefix with keys but are not
// messages: indicator ids, actions, dimension names, file names.
func looksLikeNonKey(k string) bool {
	for _, p := range []string{"contract.read", "contract.create", "contract.", "indicator.", "bulletin.", "enterprise.read", "enterprise.create", "enterprise.update", "zone.read", "area.write", "audit.read", "user.manage", "token.manage", "app.css",
		"org.read", "org.write", "org.coverage", "talent.read", "talent.write", "talent.persons", "talent.ids", "talent.extend"} {
		if k == p {
			return true
		}
	}
	// Indicator ids share the modules' prefixes ("org.covered").
	if _, ok := indicator.DefaultCatalog().Get(k, indicator.MaxYear); ok {
		return true
	}
	// Module packages check their own keys in their own tests (ids like
	// "tech_contract.count" never match the prefixes above).
	return strings.HasPrefix(k, "contract.") || strings.HasPrefix(k, "indicator.") || strings.HasPrefix(k, "bulletin.")
}

// A browser's Accept-Language picks zh-CN for zh…, en for en…, by quality;
// a header naming neither leaves the choice to the caller.
func TestFromAcceptLanguage(t *testing.T) {
	for _, c := range []struct {
		header string
		want   i18n.Lang
		ok     bool
	}{
		{"zh-CN,zh;q=0.9,en;q=0.8", i18n.ZH, true},
		{"zh-TW", i18n.ZH, true},
		{"en-US,en;q=0.9", i18n.EN, true},
		{"EN-gb", i18n.EN, true},
		{"de-DE,de;q=0.9,en;q=0.7,zh;q=0.5", i18n.EN, true},
		{"fr;q=1, zh-Hans;q=0.8, en;q=0.3", i18n.ZH, true},
		{"en;q=0.2, zh;q=0.9", i18n.ZH, true},
		{"en;q=0, de", "", false},
		{"ja,ko;q=0.9,*;q=0.1", "", false},
		{"english", "", false},
		{"", "", false},
	} {
		got, ok := i18n.FromAcceptLanguage(c.header)
		if got != c.want || ok != c.ok {
			t.Errorf("FromAcceptLanguage(%q) = %q, %v; want %q, %v", c.header, got, ok, c.want, c.ok)
		}
	}
}
