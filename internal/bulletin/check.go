package bulletin

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
)

// Thresholds past which a figure reads badly as news: it is more likely a
// wrong target or missing records than a story.
const (
	LowCompletionPct = 5    // completing under 5% of an annual target
	HugeGrowthPct    = 1000 // growing by more than 1000% on a year earlier
)

// Flag is why an item should not be printed as it stands: a message key of
// the catalog, the fact it is about (its name is the message's first
// argument) and the further arguments (amounts in fen as int64; see Words).
type Flag struct {
	Key  string `json:"key"`
	Fact string `json:"fact"`
	Args []any  `json:"args,omitempty"`
}

// Words returns the flag's further arguments as text in lang: amounts
// (int64 fen) written with their unit.
func (f Flag) Words(lang i18n.Lang) []any {
	out := make([]any, len(f.Args))
	for i, a := range f.Args {
		switch v := a.(type) {
		case civil.Date:
			if lang == i18n.EN {
				out[i] = v.Time().Format("2 January 2006")
			} else {
				out[i] = fmt.Sprintf("%d年%d月%d日", v.Year, int(v.Month), v.Day)
			}
		case int64:
			if lang == i18n.EN {
				out[i] = FormatMoneyEN(v)
			} else {
				out[i] = Money(v)
			}
		default:
			out[i] = a
		}
	}
	return out
}

// Check returns the reasons an item's figures would read badly as news,
// none when it reads well. Facts follow the modules' naming: a figure "x"
// with "prev_x" (the same months a year earlier) and "amount" with its
// annual "target".
//
//   - completion under LowCompletionPct of the target ("完成…目标任务的1%"):
//     the target or the records are likely wrong;
//   - growth over HugeGrowthPct ("同比增长3500%"): the base is likely incomplete;
//   - a period running into a month not over yet (Facts.AsOf): figures to
//     date, no year-on-year change; news is written up to the last full month;
//   - a base of zero (last year's figure is 0 while this year's is not):
//     there is no rate to print.
func Check(f Facts) []Flag {
	var out []Flag
	if !f.AsOf.IsZero() {
		out = append(out, Flag{Key: "bulletin.flag.partial", Fact: "amount", Args: []any{f.AsOf}})
	}
	if t, ok := f.N["target"]; ok && t > 0 {
		if v := f.N["amount"]; indicator.Whole(v).Mul(indicator.Whole(100)).Cmp(indicator.Whole(t).Mul(indicator.Whole(LowCompletionPct))) < 0 {
			c, _ := indicator.Whole(v).Quo(indicator.Whole(t))
			out = append(out, Flag{Key: "bulletin.flag.low_completion", Fact: "amount",
				Args: []any{FormatPercent(c, 1), t}})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.N)) {
		cur, ok := strings.CutPrefix(k, "prev_")
		if !ok {
			continue
		}
		v, has := f.N[cur]
		prev := f.N[k]
		switch {
		case !has:
		case prev == 0 && v != 0:
			out = append(out, Flag{Key: "bulletin.flag.zero_base", Fact: cur})
		case prev > 0 && v > prev:
			c := indicator.YoY(v, prev)
			if c.Rate.CmpPercent(HugeGrowthPct) > 0 {
				out = append(out, Flag{Key: "bulletin.flag.huge_growth", Fact: cur, Args: []any{FormatPercent(c.Rate, 0)}})
			}
		}
	}
	return out
}
