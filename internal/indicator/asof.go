package indicator

import (
	"context"
	"strconv"

	"github.com/innopark/innopark/internal/i18n"
)

// Entered reports whether d's rows are typed in by a zone (statistics)
// rather than derived from the platform's records. An entered stock is
// carried forward only until someone enters it again, so a value held on
// from before a period is as old as its entry, not current.
func (d Definition) Entered() bool { return d.Source == SourceStat }

// AsOf finds how old the value of indicator id over p is when it is an
// entered stock (or a ratio with one among its operands) that has no entry
// within p: the month of the entry it is held on from. ok is false when the
// value is current (or there is none). A stale stock is shown with its
// date ("截至2023年") and without a year-on-year change, which between two
// carried-forward copies of one entry would read 持平 and mean nothing.
func (c *Catalog) AsOf(ctx context.Context, r Reader, id string, dim DimKey, p Period) (YM, bool, error) {
	return c.asOf(ctx, r, id, dim, p, 0)
}

func (c *Catalog) asOf(ctx context.Context, r Reader, id string, dim DimKey, p Period, depth int) (YM, bool, error) {
	d, ok := c.def(id, p.To.Year())
	if !ok || depth > maxRatioDepth {
		return 0, false, nil
	}
	if d.Agg == AggRatio {
		var oldest YM
		found := false
		for _, op := range []string{d.Numerator, d.Denominator} {
			m, ok, err := c.asOf(ctx, r, op, dim, p, depth+1)
			if err != nil {
				return 0, false, err
			}
			if ok && (!found || m < oldest) {
				oldest, found = m, true
			}
		}
		return oldest, found, nil
	}
	if d.Agg != AggHeldOn || !d.Entered() {
		return 0, false, nil
	}
	in, err := r.Months(ctx, id, dim, p.From, p.To)
	if err != nil || len(in) > 0 {
		return 0, false, err
	}
	before, err := r.Months(ctx, id, dim, MonthOf(MinYear, 1), p.From.Add(-1))
	if err != nil {
		return 0, false, err
	}
	var last YM
	for m := range before {
		last = max(last, m)
	}
	return last, last != 0, nil
}

// AsOfLabel is the date a stale stock is shown with: "截至2023年" for an
// entry at a year's end (the usual annual figure), "截至2023年6月"
// otherwise; "as of 2023", "as of Jun 2023" in English.
func AsOfLabel(lang i18n.Lang, m YM) string {
	if lang == i18n.EN {
		if m.Month() == 12 {
			return "as of " + strconv.Itoa(m.Year())
		}
		return "as of " + m.First().Time().Format("Jan") + " " + strconv.Itoa(m.Year())
	}
	if m.Month() == 12 {
		return "截至" + strconv.Itoa(m.Year()) + "年"
	}
	return "截至" + strconv.Itoa(m.Year()) + "年" + strconv.Itoa(m.Month()) + "月"
}
