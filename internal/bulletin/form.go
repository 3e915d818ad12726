package bulletin

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/errs"
)

// A Form is a template as clerks edit it: sentences of plain text with the
// figures as named chips, written 「登记金额」, and the wording choices as
// options. It compiles to template code (Template.Headline and Body), so
// one engine, with its limits, renders both; administrators may still edit
// the code itself, after which the template has no form.
//
// The rules a clerk needs are two: a sentence (a line) is printed only when
// every figure it names is there for the period (a target sentence
// disappears without a target); a blank line starts a new paragraph. The
// headline is a list of alternatives, the first whose figures are all there
// is used.
type Form struct {
	Headlines []string `json:"headlines"`
	Body      []string `json:"body"` // sentences; "" between paragraphs
	Words     Words    `json:"words"`
}

// Words are the wording choices of a form.
type Words struct {
	Up     string `json:"up"`      // 增长 | 增加 | 上升
	Down   string `json:"down"`    // 下降 | 减少 | 回落
	Flat   string `json:"flat"`    // 持平 | 相当
	Over   string `json:"over"`    // the verb for a target passed: 完成 | 超额完成
	NoBase string `json:"no_base"` // said instead of a rate when last year has none; "" drops the sentence
}

// Word choices offered, the first of each the default.
var (
	UpWords   = []string{"增长", "增加", "上升"}
	DownWords = []string{"下降", "减少", "回落"}
	FlatWords = []string{"持平", "相当"}
	OverWords = []string{"完成", "超额完成"}
)

// Chip is a named figure a form may place: its name as clerks write it, the
// code it stands for and the condition under which it has a value.
type Chip struct {
	Name  string // 「登记金额」 without brackets
	Hint  string // what it prints, e.g. "3.8亿元"
	code  func(w Words, strict bool) string
	needs func(w Words, strict bool) string // a template condition; "" always there
}

const yoyAmount = `(change .N.amount (opt .N "prev_amount"))`

// Chips lists the chips of a module, in the order the palette shows them;
// nil when the module has no form yet.
func Chips(module string) []Chip {
	always := func(code string) func(Words, bool) string { return func(Words, bool) string { return code } }
	never := func(Words, bool) string { return "" }
	switch module {
	case ModuleTechContract:
		return []Chip{
			{Name: "园区", Hint: "榆林高新区", code: always(`{{.Zone}}`), needs: never},
			{Name: "城市", Hint: "榆林市", code: always(`{{.City}}`), needs: always(`.City`)},
			{Name: "期间", Hint: "今年1-11月", code: always(`{{when .Period .Date}}`), needs: never},
			{Name: "月份", Hint: "1-11月", code: always(`{{months .Period}}`), needs: never},
			{Name: "合同数", Hint: "385项", code: always(`{{count .N.count "项"}}`), needs: never},
			{Name: "登记金额", Hint: "3.8亿元", code: always(`{{money .N.amount}}`), needs: never},
			{Name: "同比", Hint: "同比增长15%",
				code: func(w Words, strict bool) string {
					return fmt.Sprintf(`{{yoyWords %s 0 %q %q %q %q}}`, yoyAmount, w.NoBase, w.Up, w.Down, w.Flat)
				},
				needs: func(w Words, strict bool) string {
					if strict || w.NoBase == "" {
						return `(not ` + yoyAmount + `.NoBase)`
					}
					return ""
				}},
			{Name: "目标完成", Hint: "完成榆林市下达目标任务的105%",
				code: func(w Words, _ bool) string {
					return fmt.Sprintf(`{{targetWords .City .N.amount (opt .N "target") %q}}`, w.Over)
				},
				needs: always(`(completion .N.amount (opt .N "target"))`)},
			{Name: "提前完成", Hint: "全年目标任务已提前超额完成。",
				code: always(`{{with completion .N.amount (opt .N "target")}}{{if lt $.Period.To.Month 12}}` +
					`{{if pctAbove . 100}}全年目标任务已提前超额完成。{{else if pctAtLeast . 100}}全年目标任务已提前完成。{{end}}{{end}}{{end}}`),
				needs: never},
			{Name: "金额排名", Hint: "居榆林市首位", code: always(`{{rank .Rank.amount .City}}`), needs: always(`(has .Rank "amount")`)},
			{Name: "工作情况", Hint: "本期工作情况（园区填写）", code: always(`{{.S.work}}`), needs: always(`(has .S "work")`)},
		}
	}
	return nil
}

// DefaultForm is the form of a module's default template: it prints what
// the default code prints for the page's figures.
func DefaultForm(module, key string) (Form, bool) {
	if module == ModuleTechContract && key == "yoy" {
		return Form{
			Headlines: []string{"「园区」技术合同登记额「同比」", "「园区」「月份」认定登记技术合同「合同数」"},
			Body: []string{
				"本报讯 「期间」，「园区」共认定登记技术合同「合同数」，登记金额「登记金额」，",
				"「同比」",
				"，「目标完成」",
				"。",
				"「提前完成」",
				"登记金额「金额排名」。",
				"",
				"「工作情况」",
			},
			Words: DefaultWords(),
		}, true
	}
	return Form{}, false
}

// DefaultWords are the wording the default templates use.
func DefaultWords() Words {
	return Words{Up: UpWords[0], Down: DownWords[0], Flat: FlatWords[0], Over: OverWords[0], NoBase: "上年同期无登记"}
}

// Limits of a form: it compiles to code under MaxSourceBytes.
const (
	MaxFormLines = 60
	MaxLineRunes = 500
)

// Compile turns the form into template code for module. Problems come back
// as errs.Invalid per field: "headline.N" and "body.N" (1-based lines) for
// an unknown chip or a stray bracket, "words.x" for a wording not offered.
func (fm Form) Compile(module string) (headline, body string, err error) {
	chips := Chips(module)
	var f errs.Fields
	if chips == nil {
		f.Add("module", "bulletin.error.no_form", module)
		return "", "", f.Err()
	}
	w := fm.Words
	for _, c := range []struct {
		name, v string
		ok      []string
	}{{"words.up", w.Up, UpWords}, {"words.down", w.Down, DownWords}, {"words.flat", w.Flat, FlatWords}, {"words.over", w.Over, OverWords}} {
		if !contains(c.ok, c.v) {
			f.Add(c.name, "bulletin.error.word_unknown", c.v, strings.Join(c.ok, "、"))
		}
	}
	if strings.ContainsAny(w.NoBase, "{}「」\n") || utf8.RuneCountInString(w.NoBase) > 40 {
		f.Add("words.no_base", "bulletin.error.word_text")
	}
	if len(fm.Headlines) > MaxFormLines || len(fm.Body) > MaxFormLines {
		f.Add("body", "bulletin.error.form_too_long", MaxFormLines)
		return "", "", f.Err()
	}
	var heads []string
	var conds []string
	for i, line := range fm.Headlines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, cond, ok := compileLine(&f, fmt.Sprintf("headline.%d", i+1), line, chips, w, true)
		if ok {
			heads, conds = append(heads, code), append(conds, cond)
		}
	}
	if len(heads) == 0 && !f.Has("headline") {
		f.Add("headline", "bulletin.error.source_required")
	}
	var b strings.Builder
	for i, line := range fm.Body {
		line = strings.TrimSpace(line)
		if line == "" {
			b.WriteString("\n")
			continue
		}
		code, cond, ok := compileLine(&f, fmt.Sprintf("body.%d", i+1), line, chips, w, false)
		if !ok {
			continue
		}
		if cond != "" {
			code = "{{if " + cond + "}}" + code + "{{end}}"
		}
		b.WriteString(code)
	}
	if strings.TrimSpace(b.String()) == "" && !f.Has("body") {
		f.Add("body", "bulletin.error.source_required")
	}
	if err := f.Err(); err != nil {
		return "", "", err
	}
	return headlineCode(heads, conds), b.String(), nil
}

// headlineCode picks the first alternative whose figures are there; the
// last is the fallback, printed with what it has.
func headlineCode(heads, conds []string) string {
	if len(heads) == 1 || conds[0] == "" {
		return heads[0]
	}
	var h strings.Builder
	h.WriteString("{{if " + conds[0] + "}}" + heads[0])
	for i := 1; i < len(heads); i++ {
		if i == len(heads)-1 || conds[i] == "" {
			h.WriteString("{{else}}" + heads[i] + "{{end}}")
			break
		}
		h.WriteString("{{else if " + conds[i] + "}}" + heads[i])
	}
	return h.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// compileLine turns one sentence into code and the condition under which
// every chip it names has a value.
func compileLine(f *errs.Fields, field, line string, chips []Chip, w Words, strict bool) (code, cond string, ok bool) {
	if utf8.RuneCountInString(line) > MaxLineRunes {
		f.Add(field, "bulletin.error.line_too_long", MaxLineRunes)
		return "", "", false
	}
	if strings.Contains(line, "{{") || strings.Contains(line, "}}") {
		f.Add(field, "bulletin.error.line_code")
		return "", "", false
	}
	var b strings.Builder
	var needs []string
	rest := line
	for rest != "" {
		i := strings.Index(rest, "「")
		j := strings.Index(rest, "」")
		if i < 0 {
			if j >= 0 {
				f.Add(field, "bulletin.error.chip_unclosed")
				return "", "", false
			}
			b.WriteString(rest)
			break
		}
		if j < i {
			f.Add(field, "bulletin.error.chip_unclosed")
			return "", "", false
		}
		b.WriteString(rest[:i])
		name := rest[i+len("「") : j]
		c, found := chipNamed(chips, name)
		if !found {
			names := make([]string, len(chips))
			for k, c := range chips {
				names[k] = "「" + c.Name + "」"
			}
			f.Add(field, "bulletin.error.chip_unknown", name, strings.Join(names, ""))
			return "", "", false
		}
		b.WriteString(c.code(w, strict))
		if n := c.needs(w, strict); n != "" && !contains(needs, n) {
			needs = append(needs, n)
		}
		rest = rest[j+len("」"):]
	}
	switch len(needs) {
	case 0:
	case 1:
		cond = needs[0]
	default:
		cond = "and " + strings.Join(needs, " ")
	}
	return b.String(), cond, true
}

func chipNamed(chips []Chip, name string) (Chip, bool) {
	for _, c := range chips {
		if c.Name == strings.TrimSpace(name) {
			return c, true
		}
	}
	return Chip{}, false
}

// FormLines splits a textarea's text into the form's lines.
func FormLines(s string) []string {
	var out []string
	for line := range strings.Lines(strings.ReplaceAll(s, "\r\n", "\n")) {
		out = append(out, strings.TrimRight(line, "\n"))
	}
	// Trailing blank lines mean nothing.
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}
