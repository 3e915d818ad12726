package bulletin

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// Limits on user-edited templates. Templates cannot loop, so their running
// time is bounded by their size; these bound memory and what is stored.
const (
	MaxSourceBytes   = 16 << 10 // each of headline and body source
	MaxHeadlineBytes = 600      // about 200 Chinese characters
	MaxBodyBytes     = 64 << 10
)

// Template is the wording of one kind of news item, as data zone staff edit.
// Headline and Body are text/template sources run with Funcs(Lang) against
// Facts. In Body each line is a paragraph; blank lines are dropped and
// surrounding spaces trimmed, so {{if}} blocks may sit on lines of their own.
type Template struct {
	Module   string    `json:"module"`         // the module whose facts it words: "tech_contract"
	Key      string    `json:"key"`            // which of the module's templates: "yoy"
	Lang     i18n.Lang `json:"lang,omitempty"` // "" is zh-CN
	Headline string    `json:"headline"`
	Body     string    `json:"body"`
	Version  int       `json:"version"`        // raised on each edit; items record the version they used
	Form     *Form     `json:"form,omitempty"` // the sentence form it was saved from; nil when written as code
}

// Item is one written news item, with the facts it was written from.
type Item struct {
	Module   string     `json:"module"`
	Key      string     `json:"key"`
	Version  int        `json:"version"` // the template version used
	Zone     string     `json:"zone"`
	Date     civil.Date `json:"date"`
	Headline string     `json:"headline"`
	Body     string     `json:"body"` // paragraphs separated by "\n"
	Facts    Facts      `json:"facts"`
	Flags    []Flag     `json:"flags,omitempty"` // why it would read badly as news (Check); not stored
	// Sample: a preview written with the newspaper page's sample facts
	// (another zone's published story), because the zone has nothing to
	// report for the period. Never stored or printed as the zone's news.
	Sample bool `json:"sample,omitempty"`
}

// Paragraphs returns the body's paragraphs.
func (it Item) Paragraphs() []string {
	if it.Body == "" {
		return nil
	}
	return strings.Split(it.Body, "\n")
}

// Compiled is a parsed, checked template, ready to render many items (one
// per zone, say) without parsing again. It is safe for concurrent use.
type Compiled struct {
	tpl      Template
	headline *template.Template
	body     *template.Template
}

// Compile checks tpl and parses it. Problems come back as errs.Invalid with
// one message per field ("module", "key", "version", "lang", "headline",
// "body"); a parse error names its line.
func Compile(tpl Template) (*Compiled, error) {
	c, f := compile(tpl)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// compile parses what it can and records each problem, for Preview.
func compile(tpl Template) (*Compiled, errs.Fields) {
	var f errs.Fields
	if tpl.Module == "" {
		f.Add("module", "bulletin.error.module_required")
	}
	if tpl.Key == "" {
		f.Add("key", "bulletin.error.key_required")
	}
	if tpl.Version < 1 {
		f.Add("version", "bulletin.error.version_positive")
	}
	if tpl.Lang != "" && tpl.Lang != i18n.ZH && tpl.Lang != i18n.EN {
		f.Add("lang", "bulletin.error.lang_unknown", string(tpl.Lang))
	}
	c := &Compiled{tpl: tpl}
	c.headline = parsePart(&f, "headline", tpl.Headline, tpl.Lang)
	c.body = parsePart(&f, "body", tpl.Body, tpl.Lang)
	return c, f
}

func parsePart(f *errs.Fields, name, src string, lang i18n.Lang) *template.Template {
	if strings.TrimSpace(src) == "" {
		f.Add(name, "bulletin.error.source_required")
		return nil
	}
	if len(src) > MaxSourceBytes {
		f.Add(name, "bulletin.error.source_too_large", MaxSourceBytes)
		return nil
	}
	// missingkey=error: a fact the template names but the facts lack is an
	// error, not "<no value>" printed into a newspaper item.
	t, err := template.New(name).Option("missingkey=error").Funcs(Funcs(lang)).Parse(src)
	if err != nil {
		line, detail := splitTemplateError(err)
		f.Add(name, "bulletin.error.template_parse", line, detail)
		return nil
	}
	if what := forbidden(t); what != "" {
		f.Add(name, "bulletin.error.template_forbidden", what)
		return nil
	}
	return t
}

// forbidden returns the first construct a user template may not use, or "".
// Without range, define/template/block and call, a template cannot loop or
// recurse, so it runs in time bounded by its size; printf is refused because
// a width like %0999999d makes large strings before any output limit applies.
func forbidden(t *template.Template) string {
	if len(t.Templates()) > 1 {
		return "define"
	}
	var walk func(n parse.Node) string
	walkList := func(l *parse.ListNode) string {
		if l == nil {
			return ""
		}
		for _, n := range l.Nodes {
			if w := walk(n); w != "" {
				return w
			}
		}
		return ""
	}
	walk = func(n parse.Node) string {
		switch n := n.(type) {
		case *parse.ListNode:
			return walkList(n)
		case *parse.RangeNode:
			return "range"
		case *parse.TemplateNode:
			return "template"
		case *parse.ActionNode:
			return walk(n.Pipe)
		case *parse.IfNode:
			return firstOf(walk(n.Pipe), walkList(n.List), walkList(n.ElseList))
		case *parse.WithNode:
			return firstOf(walk(n.Pipe), walkList(n.List), walkList(n.ElseList))
		case *parse.PipeNode:
			if n == nil {
				return ""
			}
			for _, c := range n.Cmds {
				if w := walk(c); w != "" {
					return w
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				if w := walk(a); w != "" {
					return w
				}
			}
		case *parse.ChainNode:
			return walk(n.Node)
		case *parse.IdentifierNode:
			switch n.Ident {
			case "printf", "call":
				return n.Ident
			}
		}
		return ""
	}
	return walk(t.Tree.Root)
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// splitTemplateError turns "template: body:3: unexpected …" into (3, "unexpected …").
func splitTemplateError(err error) (line int, detail string) {
	m := regexp.MustCompile(`^template: \w+:(\d+):(?:\d+:)? ?(.*)$`).FindStringSubmatch(err.Error())
	if m == nil {
		return 0, err.Error()
	}
	line, _ = strconv.Atoi(m[1])
	return line, m[2]
}

// Render writes one item from tpl and facts.
func Render(tpl Template, f Facts) (Item, error) {
	c, err := Compile(tpl)
	if err != nil {
		return Item{}, err
	}
	return c.Render(f)
}

// Render writes one item from facts. Execution problems (a missing fact, a
// helper given text where it wants a number, output over the limit) come
// back as errs.Invalid on field "headline" or "body".
func (c *Compiled) Render(f Facts) (Item, error) {
	it, fields := c.render(f)
	if err := fields.Err(); err != nil {
		return Item{}, err
	}
	return it, nil
}

func (c *Compiled) render(f Facts) (Item, errs.Fields) {
	var fields errs.Fields
	f = f.Clone()
	it := Item{Module: c.tpl.Module, Key: c.tpl.Key, Version: c.tpl.Version,
		Zone: f.Zone, Date: f.Date, Facts: f}
	if c.headline != nil {
		if s, ok := execute(&fields, "headline", c.headline, f, MaxHeadlineBytes); ok {
			it.Headline = strings.Join(strings.Fields(s), " ")
			if it.Headline == "" {
				fields.Add("headline", "bulletin.error.empty_output")
			}
		}
	}
	if c.body != nil {
		if s, ok := execute(&fields, "body", c.body, f, MaxBodyBytes); ok {
			it.Body = normaliseBody(s)
			if it.Body == "" {
				fields.Add("body", "bulletin.error.empty_output")
			}
		}
	}
	return it, fields
}

// limitWriter fails the template's execution once it has written max bytes.
type limitWriter struct {
	buf bytes.Buffer
	max int
}

type errOutputLimit struct{}

func (errOutputLimit) Error() string { return "bulletin: output limit reached" }

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.max {
		return 0, errOutputLimit{}
	}
	return w.buf.Write(p)
}

func execute(fields *errs.Fields, name string, t *template.Template, f Facts, limit int) (string, bool) {
	w := &limitWriter{max: limit}
	err := t.Execute(w, f)
	switch {
	case err == nil:
		return w.buf.String(), true
	case errors.As(err, new(errOutputLimit)):
		fields.Add(name, "bulletin.error.output_too_long", limit)
	default:
		line, detail := splitTemplateError(err)
		if m := regexp.MustCompile(`map has no entry for key "([^"]*)"`).FindStringSubmatch(detail); m != nil {
			fields.Add(name, "bulletin.error.missing_fact", line, m[1])
		} else {
			fields.Add(name, "bulletin.error.template_exec", line, detail)
		}
	}
	return "", false
}

// normaliseBody makes each non-blank line a paragraph, trimmed, with the
// punctuation a dropped clause leaves doubled ("，，" "，。") made single.
func normaliseBody(s string) string {
	var paras []string
	for line := range strings.Lines(s) {
		if p := tidyPunct(strings.TrimSpace(line)); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n")
}

// tidyPunct merges the punctuation a sentence left out of a form (or a
// figure removed from it) leaves behind: "，，" is "，", "，。" is "。".
func tidyPunct(s string) string {
	for _, r := range [][2]string{{"，，", "，"}, {"，。", "。"}, {"。。", "。"}, {"；；", "；"}, {"，；", "；"}} {
		for strings.Contains(s, r[0]) {
			s = strings.ReplaceAll(s, r[0], r[1])
		}
	}
	return s
}

// Preview renders tpl for the template editor. With zero facts it uses the
// module's SampleFacts. Unlike Render it does not stop at the first problem:
// a part that fails is left empty in the returned Item, the parts that work
// are filled, and every problem is reported per field in the error.
func Preview(tpl Template, f Facts) (Item, error) {
	sample := f.IsZero()
	if sample {
		s, ok := SampleFacts(tpl.Module)
		if !ok {
			return Item{}, errs.Fields{"facts": errs.M("bulletin.error.no_sample", tpl.Module)}.Err()
		}
		f = s
	}
	c, fields := compile(tpl)
	it, more := c.render(f)
	it.Sample = sample
	for k, m := range more {
		fields.Add(k, m.Key, m.Args...)
	}
	return it, fields.Err()
}

// ModuleKey is the catalog key of a module's name, for the template editor.
func ModuleKey(module string) string { return "bulletin.module." + module }

// compiledCache keeps compiled templates by their text, so that rendering
// many items with one template parses it once. Its zero value is ready; it
// holds at most maxCompiled templates (past that it starts over).
type compiledCache struct {
	mu sync.Mutex
	m  map[compiledKey]*Compiled
}

// compiledKey is everything Compile reads of a template.
type compiledKey struct {
	module, key, headline, body string
	lang                        i18n.Lang
	version                     int
}

const maxCompiled = 1024

// get returns tpl compiled, compiling it on first use. A template that
// does not compile is not kept.
func (c *compiledCache) get(tpl Template) (*Compiled, error) {
	k := compiledKey{module: tpl.Module, key: tpl.Key, headline: tpl.Headline, body: tpl.Body, lang: tpl.Lang, version: tpl.Version}
	c.mu.Lock()
	x, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return x, nil
	}
	x, err := Compile(tpl)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCompiled {
		c.m = map[compiledKey]*Compiled{}
	}
	c.m[k] = x
	return x, nil
}
