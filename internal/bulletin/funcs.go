package bulletin

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"text/template"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
)

// Funcs returns the helpers templates may call, worded in lang (zh-CN for
// news text; en for the English UI's previews of the same figures). Both
// languages have the same names and arguments, so one template structure
// serves both:
//
//	count n "项"              385项 / 385 items
//	money fen                3.8亿元 / CNY 380.2 million (fen may be a Frac: averages)
//	moneyIn fen "万元" 1       38016万元 (a fixed unit and decimals)
//	pct frac 0               15%
//	change cur prev          a Change, for yoy and for tests like (change …).Up
//	yoy change 0 ["phrase"]  同比增长15% / 同比下降3% / 与上年持平 / phrase when no base
//	completion value target  value ÷ target, or nil without a target (use with "with")
//	target issuer value tgt  完成榆林市下达目标任务的105%, or "" without a target
//	pctAbove frac 100        frac > 100%; pctAtLeast frac 100: frac ≥ 100%
//	share part total         part ÷ total or nil; avg total n: total ÷ n or nil
//	rank r scope             居淄博市首位 / 并列淄博市首位 / 居淄博市第3位
//	months p                 1-11月;  period p: 2023年1-11月;  when p date: 今年1-11月
//	has map "key"            whether a fact is present; opt .N "key": the figure or 0
//	join list "、" "和"       A、B和C
//	date "2021-01-06"        2021年1月6日 / 6 January 2021
//	quoted list              “灯塔路”“火炬路” / "灯塔路", "火炬路"
//	num n "条"               两条, 一个, 十二项 (a count in words) / 2
//
// Numbers may be any integer type, a whole float (from JSON) or an
// indicator.Frac.
func Funcs(lang i18n.Lang) template.FuncMap {
	en := lang == i18n.EN
	return template.FuncMap{
		"count": func(n any, unit string) (string, error) {
			v, err := toInt(n)
			if en {
				return FormatCountEN(v, unit), err
			}
			return FormatCount(v, unit), err
		},
		"money": func(fen any) (string, error) {
			v, err := toFrac(fen)
			if en {
				return FormatMoneyENFrac(v), err
			}
			return FormatMoneyFrac(v, NewsMoney()), err
		},
		"moneyIn": func(fen any, unit string, decimals int) (string, error) {
			v, err := toFrac(fen)
			if err != nil {
				return "", err
			}
			u, ok := ParseMoneyUnit(unit)
			if !ok {
				return "", fmt.Errorf("unknown money unit %q (use 元, 万元, 亿元 or 万亿元)", unit)
			}
			return FormatMoneyFrac(v, MoneyFormat{Unit: u, Decimals: decimals}), nil
		},
		"pct": func(f any, decimals int) (string, error) {
			v, err := toFrac(f)
			return FormatPercent(v, decimals), err
		},
		"change": func(cur, prev any) (indicator.Change, error) {
			c, err := toFrac(cur)
			if err != nil {
				return indicator.Change{}, err
			}
			p, err := toFrac(prev)
			return indicator.YoYFrac(c, p), err
		},
		"yoy": func(c indicator.Change, decimals int, noBase ...string) string {
			if en {
				return YoYPhraseEN(c, decimals)
			}
			return YoYPhrase(c, decimals, strings.Join(noBase, ""))
		},
		"yoyWords": func(c indicator.Change, decimals int, noBase, up, down, flat string) string {
			if en {
				return YoYPhraseEN(c, decimals)
			}
			return YoYWords(c, decimals, noBase, up, down, flat)
		},
		"targetWords": func(issuer string, value, target any, over string) (string, error) {
			c, err := quoOrNil(value, target, true)
			switch {
			case err != nil || c == nil:
				return "", err
			case en:
				return TargetPhraseEN(issuer, *c, 0), nil
			}
			s := TargetPhrase(issuer, *c, 0)
			if over != "" && over != "完成" && c.CmpPercent(100) > 0 {
				s = over + strings.TrimPrefix(s, "完成")
			}
			return s, nil
		},
		"completion": func(value, target any) (*indicator.Frac, error) {
			return quoOrNil(value, target, true)
		},
		"target": func(issuer string, value, target any) (string, error) {
			c, err := quoOrNil(value, target, true)
			switch {
			case err != nil || c == nil:
				return "", err
			case en:
				return TargetPhraseEN(issuer, *c, 0), nil
			}
			return TargetPhrase(issuer, *c, 0), nil
		},
		"pctAbove": func(f any, p int64) (bool, error) {
			v, err := toFrac(f)
			return v.CmpPercent(p) > 0, err
		},
		"pctAtLeast": func(f any, p int64) (bool, error) {
			v, err := toFrac(f)
			return v.CmpPercent(p) >= 0, err
		},
		"share": func(part, total any) (*indicator.Frac, error) { return quoOrNil(part, total, false) },
		"avg":   func(total, n any) (*indicator.Frac, error) { return quoOrNil(total, n, false) },
		"rank": func(r indicator.Rank, scope string) string {
			if en {
				return RankPhraseEN(r, scope)
			}
			return RankPhrase(r, scope)
		},
		"months": func(p indicator.Period) string {
			if en {
				return MonthSpanEN(p)
			}
			return MonthSpan(p)
		},
		"period": func(p indicator.Period) string { return p.Label(lang) },
		"when": func(p indicator.Period, today civil.Date) string {
			if en {
				return p.LabelEN()
			}
			return RelativePeriod(p, today)
		},
		"has":  has,
		"opt":  func(m map[string]int64, key string) int64 { return m[key] },
		"join": join,
		"cn": func(n any) (string, error) {
			v, err := toInt(n)
			if en {
				return strconv.FormatInt(v, 10), err
			}
			return ChineseNumber(v), err
		},
		"date": func(s string) (string, error) {
			d, err := civil.Parse(s)
			if err != nil {
				return "", fmt.Errorf("date: %w", err)
			}
			if en {
				return d.Time().Format("2 January 2006"), nil
			}
			return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day), nil
		},
		"quoted": func(list []string) string {
			if en {
				return `"` + strings.Join(list, `", "`) + `"`
			}
			return "“" + strings.Join(list, "”“") + "”"
		},
		"num": func(n any, unit string) (string, error) {
			v, err := toInt(n)
			if en {
				return strconv.FormatInt(v, 10), err
			}
			return countWords(v) + unit, err
		},
	}
}

// countWords writes a count the way news text does before a measure word:
// 一, 两, 三 … 九十九; larger counts in digits.
func countWords(n int64) string {
	digits := []rune("零一二三四五六七八九")
	switch {
	case n == 2:
		return "两"
	case n >= 0 && n < 10:
		return string(digits[n])
	case n >= 10 && n < 100:
		s := ""
		if n >= 20 {
			s = string(digits[n/10])
		}
		s += "十"
		if n%10 != 0 {
			s += string(digits[n%10])
		}
		return s
	}
	return strconv.FormatInt(n, 10)
}

// quoOrNil returns a ÷ b, or nil when b is 0 (or, for a target, negative):
// nil is false in {{with}}, so a template skips the sentence.
func quoOrNil(a, b any, positiveOnly bool) (*indicator.Frac, error) {
	x, err := toFrac(a)
	if err != nil {
		return nil, err
	}
	y, err := toFrac(b)
	if err != nil {
		return nil, err
	}
	if y.Sign() == 0 || (positiveOnly && y.Sign() < 0) {
		return nil, nil
	}
	q, _ := x.Quo(y)
	return &q, nil
}

// has reports whether map m (any map with string keys, nil included) holds key.
func has(m any, key string) (bool, error) {
	v := reflect.ValueOf(m)
	if v.Kind() != reflect.Map || v.Type().Key().Kind() != reflect.String {
		return false, fmt.Errorf("has: %T is not a map of facts", m)
	}
	if v.IsNil() {
		return false, nil
	}
	return v.MapIndex(reflect.ValueOf(key).Convert(v.Type().Key())).IsValid(), nil
}

// join lists names: join ["A" "B" "C"] "、" "和" is "A、B和C"; the last
// separator is optional.
func join(list []string, sep string, last ...string) string {
	if len(list) < 2 || len(last) == 0 {
		return strings.Join(list, sep)
	}
	return strings.Join(list[:len(list)-1], sep) + strings.Join(last, "") + list[len(list)-1]
}

// toFrac accepts the number types facts and template literals arrive as.
func toFrac(v any) (indicator.Frac, error) {
	switch x := v.(type) {
	case indicator.Frac:
		return x, nil
	case *indicator.Frac:
		if x != nil {
			return *x, nil
		}
	}
	n, err := toInt(v)
	return indicator.Whole(n), err
}

// toInt accepts integers, whole floats within int64 (JSON numbers decoded
// into any) and whole Fracs.
func toInt(v any) (int64, error) {
	switch x := v.(type) {
	case indicator.Frac:
		if x.IsWhole() {
			return x.Num, nil
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, nil
		}
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), nil
		}
	case float32:
		return toInt(float64(x))
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return rv.Int(), nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if rv.Uint() <= math.MaxInt64 {
				return int64(rv.Uint()), nil
			}
		}
	}
	return 0, fmt.Errorf("%v (%T) is not a whole number", v, v)
}
