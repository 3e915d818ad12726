// Package i18n holds the message catalogs (zh-CN default, en) and translates
// errs.Msg values. Catalogs are JSON files under locales/, one pair per area
// (base.zh-CN.json, base.en.json, contract.zh-CN.json, …), embedded in the
// binary and merged at start. Placeholders are positional: {0}, {1}, …
// An argument that is itself an errs.Msg is translated first.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// Lang is a supported language tag.
type Lang string

const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{ZH, EN}

// Parse maps a user-supplied tag to a supported language (default zh-CN).
func Parse(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return EN
	}
	return ZH
}

// FromAcceptLanguage picks the supported language a browser's
// Accept-Language header prefers: the tag of the highest quality that is
// zh… (zh-CN) or en… (en), the earlier on a tie. ok is false when the header
// names neither (or only with q=0), so the caller falls back to its default.
func FromAcceptLanguage(header string) (lang Lang, ok bool) {
	best := -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		var l Lang
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			l = ZH
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			l = EN
		default:
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, found := strings.Cut(strings.TrimSpace(p), "=")
			if !found || strings.ToLower(strings.TrimSpace(k)) != "q" {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				f = 0
			}
			q = f
		}
		if q > best && q > 0 {
			best, lang, ok = q, l, true
		}
	}
	return lang, ok
}

//go:embed locales/*.json
var localeFS embed.FS

// Catalog translates keys. It is immutable after Load.
type Catalog struct {
	msgs map[Lang]map[string]string
}

// Load reads the embedded catalogs.
func Load() (*Catalog, error) { return load(localeFS) }

func load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		c.msgs[l] = map[string]string{}
	}
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".json")
		i := strings.LastIndexByte(base, '.')
		if i < 0 {
			return nil, fmt.Errorf("i18n: %s: name must be AREA.LANG.json", f)
		}
		lang := Lang(base[i+1:])
		dst, ok := c.msgs[lang]
		if !ok {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", f, lang)
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		for k, v := range m {
			if _, dup := dst[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
			}
			dst[k] = v
		}
	}
	return c, nil
}

// MustLoad is Load for the composition root and tests.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang Lang, key string) bool { _, ok := c.msgs[lang][key]; return ok }

// Keys returns every key of lang.
func (c *Catalog) Keys(lang Lang) []string {
	out := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		out = append(out, k)
	}
	return out
}

// T translates key with positional args. A missing key yields the key itself,
// so a gap is visible rather than blank (and the catalog test fails on it).
func (c *Catalog) T(lang Lang, key string, args ...any) string {
	s, ok := c.msgs[lang][key]
	if !ok {
		s, ok = c.msgs[ZH][key]
		if !ok {
			return key
		}
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '{' {
			if j := strings.IndexByte(s[i:], '}'); j > 1 {
				if n, err := strconv.Atoi(s[i+1 : i+j]); err == nil && n >= 0 && n < len(args) {
					b.WriteString(c.arg(lang, args[n]))
					i += j
					continue
				}
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (c *Catalog) arg(lang Lang, a any) string {
	switch v := a.(type) {
	case errs.Msg:
		return c.T(lang, v.Key, v.Args...)
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// Msg translates an errs.Msg.
func (c *Catalog) Msg(lang Lang, m errs.Msg) string { return c.T(lang, m.Key, m.Args...) }
