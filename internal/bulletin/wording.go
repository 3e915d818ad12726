package bulletin

import (
	"strconv"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

// NoBaseZH is said of a change when last year's figure was zero, so there is
// no rate: a template may pass a sharper phrase ("上年同期无登记").
const NoBaseZH = "上年同期无可比数据"

// YoYPhrase words a year-on-year change with the rate rounded to decimals:
// "同比增长15%", "同比下降3%", "与上年持平". A change that rounds to 0% reads
// "与上年持平" like an equal value (Change.RoundedTo), never "增长0%". With no
// base it says noBase (NoBaseZH when empty): there is never a division by zero.
func YoYPhrase(c indicator.Change, decimals int, noBase string) string {
	return YoYWords(c, decimals, noBase, "增长", "下降", "持平")
}

// YoYWords is YoYPhrase with the words a form chose: "同比增加15%",
// "同比减少3%", "与上年相当".
func YoYWords(c indicator.Change, decimals int, noBase, up, down, flat string) string {
	c = c.RoundedTo(decimals)
	switch c.Status {
	case indicator.Flat:
		return "与上年" + flat
	case indicator.NoBase:
		if noBase == "" {
			return NoBaseZH
		}
		return noBase
	}
	p := c.Percent(decimals)
	word := "同比" + up
	if p < 0 {
		p, word = -p, "同比"+down
	}
	return word + scaled(p, decimals, true) + "%"
}

// TargetPhrase words the completion of a target set by issuer (the level
// above, e.g. "榆林市"): "完成榆林市下达目标任务的105%". Without an issuer it
// reads "完成年度目标任务的105%".
func TargetPhrase(issuer string, completion indicator.Frac, decimals int) string {
	if issuer == "" {
		return "完成年度目标任务的" + FormatPercent(completion, decimals)
	}
	return "完成" + issuer + "下达目标任务的" + FormatPercent(completion, decimals)
}

// RankPhrase words a rank among the areas of scope (e.g. "淄博市"):
// "居淄博市首位", "并列淄博市首位", "居淄博市第3位", "并列淄博市第3位".
// It is "" for the zero Rank.
func RankPhrase(r indicator.Rank, scope string) string {
	if !r.Valid() {
		return ""
	}
	verb := "居"
	if r.Tied {
		verb = "并列"
	}
	if r.First() {
		return verb + scope + "首位"
	}
	return verb + scope + "第" + strconv.Itoa(r.Position) + "位"
}

// MonthSpan is a period without its year, as a sentence that already says
// which year writes it: "1-11月", "11月", "第三季度", "全年". A period across
// a year end keeps its years ("2022年11月-2023年2月").
func MonthSpan(p indicator.Period) string {
	from, to := p.From, p.To
	switch {
	case !p.Valid() || from.Year() != to.Year():
		return p.LabelZH()
	case p.Kind == indicator.KindYear:
		return "全年"
	case p.Kind == indicator.KindQuarter:
		return p.LabelZH()[len(strconv.Itoa(from.Year()))+len("年"):]
	case from == to:
		return strconv.Itoa(from.Month()) + "月"
	}
	return strconv.Itoa(from.Month()) + "-" + strconv.Itoa(to.Month()) + "月"
}

// RelativePeriod words p as seen on date today, the way the page opens an
// item: "今年1-11月", "去年第三季度", "今年" (a whole year), or with its year
// ("2021年1-11月") when it is older, across a year end, or today is unknown.
func RelativePeriod(p indicator.Period, today civil.Date) string {
	if today.IsZero() || !p.Valid() || p.From.Year() != p.To.Year() {
		return p.LabelZH()
	}
	var prefix string
	switch y := p.From.Year(); y {
	case today.Year:
		prefix = "今年"
	case today.Year - 1:
		prefix = "去年"
	default:
		return p.LabelZH()
	}
	if p.Kind == indicator.KindYear {
		return prefix
	}
	return prefix + MonthSpan(p)
}

// English equivalents, for the English UI.

// YoYPhraseEN: "up 15% year on year", "down 3% year on year", "flat year on
// year" (also for a change that rounds to 0%), "no base a year earlier".
func YoYPhraseEN(c indicator.Change, decimals int) string {
	c = c.RoundedTo(decimals)
	switch c.Status {
	case indicator.Flat:
		return "flat year on year"
	case indicator.NoBase:
		return "no base a year earlier"
	}
	p := c.Percent(decimals)
	word := "up "
	if p < 0 {
		p, word = -p, "down "
	}
	return word + scaled(p, decimals, true) + "% year on year"
}

// TargetPhraseEN: "105% of the target set by Yulin".
func TargetPhraseEN(issuer string, completion indicator.Frac, decimals int) string {
	if issuer == "" {
		return FormatPercent(completion, decimals) + " of the annual target"
	}
	return FormatPercent(completion, decimals) + " of the target set by " + issuer
}

// RankPhraseEN: "first in Zibo", "joint first in Zibo", "3rd in Zibo",
// "joint 3rd in Zibo".
func RankPhraseEN(r indicator.Rank, scope string) string {
	if !r.Valid() {
		return ""
	}
	s := ordinal(r.Position)
	if r.First() {
		s = "first"
	}
	if r.Tied {
		s = "joint " + s
	}
	return s + " in " + scope
}

// ordinal writes n as "1st", "2nd", "3rd", "4th", "11th", "22nd".
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// MonthSpanEN is the English MonthSpan: "Jan–Nov", "Nov", "Q3", "full year".
func MonthSpanEN(p indicator.Period) string {
	label := p.LabelEN()
	switch {
	case !p.Valid() || p.From.Year() != p.To.Year():
		return label
	case p.Kind == indicator.KindYear:
		return "full year"
	}
	return label[:len(label)-len(" 2023")]
}
