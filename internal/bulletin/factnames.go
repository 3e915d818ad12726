package bulletin

import (
	"maps"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/i18n"
)

// How a fact is shown: what it counts (its unit) or that it is money, text
// or a list. The name of fact "x" of module m is catalog key
// "bulletin.fact.m.x" (FactKey); readers see names and units, never the
// keys templates use.
type factKind int

const (
	kindCount factKind = iota
	kindMoney
	kindText
)

type factSpec struct {
	kind factKind
	unit string // of a count: "项", "家"
}

// factSpecs lists every figure a module's facts hold.
func factSpecs(module string) map[string]factSpec {
	c := func(unit string) factSpec { return factSpec{kind: kindCount, unit: unit} }
	m := factSpec{kind: kindMoney}
	switch module {
	case ModuleTechContract:
		return map[string]factSpec{"count": c("项"), "amount": m, "prev_amount": m, "target": m}
	case ModuleHonour:
		return map[string]factSpec{"selected": c("家"), "held_demo": c("家"), "held_advantage": c("家")}
	case ModuleOrgTalent:
		return map[string]factSpec{"pledged": c("家"), "orgs": c("个"), "covered": c("家"), "should_cover": c("家"),
			"chains": c("个"), "programmes": c("个"), "online": c("个")}
	case ModuleInvest:
		return map[string]factSpec{"trips": c("次"), "visits": c("次"), "signed": c("个"), "intent": c("个"),
			"registrations": c("家"), "registered_total": m, "reg1_registered": m, "reg1_paid": m,
			"reg2_registered": m, "reg2_paid": m, "fund_target": m}
	case ModuleProject:
		return map[string]factSpec{"total": m, "days_ahead": c("天"), "days_late": c("天")}
	}
	return nil
}

// FactKey is the catalog key of the name of a module's fact ("n.amount",
// "s.work", "l.demo", "rank.amount" are named without their map).
func FactKey(module, key string) string { return "bulletin.fact." + module + "." + key }

// FactRow is one fact as "所依据的数据" lists it: the catalog key of its
// name and its value written with its unit ("380.16亿元", "385项").
type FactRow struct {
	NameKey string
	Value   string
}

// FactRows lists an item's facts in a stable order (figures, words, lists,
// ranks), each named and with its unit. A fact the module does not name
// (a module added later) is listed as "其他数据".
func FactRows(module string, f Facts, lang i18n.Lang) []FactRow {
	specs := factSpecs(module)
	name := func(k string) string {
		if k == "work" {
			return "bulletin.fact.work"
		}
		return FactKey(module, k)
	}
	var out []FactRow
	for _, k := range slices.Sorted(maps.Keys(f.N)) {
		sp, ok := specs[k]
		v := f.N[k]
		var s string
		switch {
		case ok && sp.kind == kindMoney && lang == i18n.EN:
			s = FormatMoneyEN(v)
		case ok && sp.kind == kindMoney:
			s = FormatMoney(v, MoneyFormat{Decimals: 4})
		case lang == i18n.EN:
			s = FormatCountEN(v, sp.unit)
		default:
			s = groupThousands(FormatCount(v, "")) + sp.unit
		}
		if !ok {
			out = append(out, FactRow{NameKey: "bulletin.fact.other", Value: s})
			continue
		}
		out = append(out, FactRow{NameKey: name(k), Value: s})
	}
	for _, k := range slices.Sorted(maps.Keys(f.S)) {
		out = append(out, FactRow{NameKey: name(k), Value: f.S[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(f.L)) {
		out = append(out, FactRow{NameKey: name(k), Value: strings.Join(f.L[k], "、")})
	}
	for _, k := range slices.Sorted(maps.Keys(f.Rank)) {
		out = append(out, FactRow{NameKey: FactKey(module, "rank."+k), Value: f.Rank[k].Label(lang)})
	}
	return out
}

// FactValue writes figure key of module with its unit, as FactRows does.
func FactValue(module, key string, v int64, lang i18n.Lang) string {
	rows := FactRows(module, Facts{N: map[string]int64{key: v}}, lang)
	return rows[0].Value
}
