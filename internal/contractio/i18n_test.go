package contractio

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/jobs"
)

// The import's and the jobs' messages live in their own catalogs
// (import.*.json, job.*.json). Every key the code and the pages use is in
// both languages with the same placeholders, and every key there is used.
func TestImportCatalogs(t *testing.T) {
	sources := []string{"*.go", "../imports/*.go", "../jobs/*.go", "../api/import.go", "../web/import.go", "../store/job.go",
		"../store/import_contracts.go", "../store/import_staging.go", "../../cmd/innopark/importexport.go", "../web/templates/import.html",
		"../web/templates/job.html", "../web/templates/contract_list.html", "../web/templates/partials/fields.html"}
	key := regexp.MustCompile(`"((?:import|job)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)"`)
	used := map[string]bool{}
	for _, pattern := range sources {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", pattern, err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range key.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = true
			}
		}
	}
	for _, s := range jobs.Statuses() {
		used[s.Key()] = true
	}
	if len(used) < 60 {
		t.Fatalf("only %d keys found: the scan is broken", len(used))
	}
	load := func(area, lang string) map[string]string {
		b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", area+"."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	ph := regexp.MustCompile(`\{\d+\}`)
	places := func(s string) string {
		m := ph.FindAllString(s, -1)
		sort.Strings(m)
		return strings.Join(slices.Compact(m), ",")
	}
	for _, area := range []string{"import", "job"} {
		zh, en := load(area, "zh-CN"), load(area, "en")
		for k, z := range zh {
			if !strings.HasPrefix(k, area+".") {
				t.Errorf("%s catalog: key %q lacks the %s. prefix", area, k, area)
			}
			if !used[k] {
				t.Errorf("%s catalog: key %q is not used", area, k)
			}
			if e, ok := en[k]; !ok || strings.TrimSpace(e) == "" || strings.TrimSpace(z) == "" {
				t.Errorf("%s: key %q missing or empty in a language", area, k)
			} else if places(z) != places(e) {
				t.Errorf("%s: key %q placeholders differ: %q %q", area, k, places(z), places(e))
			}
		}
		for k := range en {
			if _, ok := zh[k]; !ok {
				t.Errorf("%s: zh-CN lacks %q", area, k)
			}
		}
		for k := range used {
			if strings.HasPrefix(k, area+".") {
				if _, ok := zh[k]; !ok {
					t.Errorf("key %q is used but not in the %s catalog", k, area)
				}
			}
		}
	}
}
