package indicator

import "github.com/innopark/innopark/internal/civil"

// Status classifies a year-on-year comparison before any rounding.
type Status int

const (
	Flat   Status = iota // equal, including both zero: 与上年持平
	Up                   // grew from a positive base: 同比增长
	Down                 // fell from a positive base: 同比下降
	NoBase               // base is zero (or negative) and the value is not: no rate exists
)

func (s Status) String() string {
	switch s {
	case Up:
		return "up"
	case Down:
		return "down"
	case NoBase:
		return "no_base"
	}
	return "flat"
}

// Key is the catalog key of s's name.
func (s Status) Key() string { return "indicator.change." + s.String() }

// Change is a year-on-year comparison (同比) of a value with the same months
// of the year before.
type Change struct {
	Status Status `json:"status"`
	Cur    Frac   `json:"cur"`
	Prev   Frac   `json:"prev"`
	Delta  Frac   `json:"delta"` // Cur − Prev
	Rate   Frac   `json:"rate"`  // Delta ÷ Prev, for Up and Down only (0.15 is +15%)
}

// YoY compares integer values (counts, fen).
func YoY(cur, prev int64) Change { return YoYFrac(Whole(cur), Whole(prev)) }

// YoYFrac compares exact values. There is never a division by zero: a zero
// base gives NoBase (both zero: Flat). A negative base also gives NoBase,
// because a growth rate over a negative base has no sensible sign.
func YoYFrac(cur, prev Frac) Change {
	c := Change{Cur: cur, Prev: prev, Delta: cur.Sub(prev)}
	switch {
	case c.Delta.Sign() == 0:
		c.Status = Flat
	case prev.Sign() <= 0:
		c.Status = NoBase
	default:
		c.Rate, _ = c.Delta.Quo(prev)
		if c.Delta.Sign() > 0 {
			c.Status = Up
		} else {
			c.Status = Down
		}
	}
	return c
}

// PartialOn reports whether period p runs into a month that is not over on
// day today (today's month, or later ones): its figures for that month are
// to date. Rollups keep months, not days, so there are no figures for the
// same days a year earlier, and a year-on-year change would set part of a
// month against the whole month (−81% on December 5th): such a period is
// shown 截至 today with no year-on-year change.
func PartialOn(p Period, today civil.Date) bool {
	if today.IsZero() || !p.Valid() {
		return false
	}
	m := MonthOfDate(today)
	return p.From <= m && m <= p.To
}

// Up, Down, Flat and NoBase test the status (methods, for templates).
func (c Change) Up() bool     { return c.Status == Up }
func (c Change) Down() bool   { return c.Status == Down }
func (c Change) Flat() bool   { return c.Status == Flat }
func (c Change) NoBase() bool { return c.Status == NoBase }

// RoundedTo is c as a reader sees it with its rate rounded to decimals: a
// rise or fall that rounds to zero (0.0% at one decimal) is Flat, so no page
// or news item says 同比下降0.0%; it reads 与上年持平 like an equal value.
func (c Change) RoundedTo(decimals int) Change {
	if (c.Status == Up || c.Status == Down) && c.Percent(decimals) == 0 {
		c.Status, c.Rate = Flat, Frac{}
	}
	return c
}

// Percent returns the rate in percent scaled by 10^decimals and rounded half
// away from zero: for +15.45%, Percent(0) = 15 and Percent(1) = 155; for
// −15.5%, Percent(0) = −16. It is 0 unless the status is Up or Down.
func (c Change) Percent(decimals int) int64 { return c.Rate.Round(100 * Pow10(decimals)) }

// Pow10 returns 10^n for n in 0..18 (clamped), the scales Round takes.
func Pow10(n int) int64 {
	n = max(0, min(n, 18))
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// Share returns part ÷ total (占比); ok is false when total is 0.
func Share(part, total int64) (Frac, bool) { return NewFrac(part, total) }

// Average returns total ÷ n (e.g. average amount per contract); ok is false
// when n is 0.
func Average(total, n int64) (Frac, bool) { return NewFrac(total, n) }

// Completion returns value ÷ target, the completion of a target set by the
// level above (1.05 reads "完成目标任务的105%"). A target of 0 means none was
// set: ok is false, and the same goes for a negative target.
func Completion(value, target int64) (Frac, bool) {
	if target <= 0 {
		return Frac{}, false
	}
	return NewFrac(value, target)
}

// Progress sets the completion of an annual target against time elapsed
// (时间进度), to show whether a zone is ahead of schedule.
type Progress struct {
	Completion Frac `json:"completion"`
	Elapsed    Frac `json:"elapsed"`
}

// ProgressOf compares value ÷ target with the time progress of period p read
// on day today (TimeProgress, by days); ok is false without a target.
func ProgressOf(value, target int64, p Period, today civil.Date) (Progress, bool) {
	c, ok := Completion(value, target)
	if !ok {
		return Progress{}, false
	}
	return Progress{Completion: c, Elapsed: TimeProgress(p, today)}, true
}

// Ahead reports whether completion has kept pace with time (≥ elapsed).
func (p Progress) Ahead() bool { return p.Completion.Cmp(p.Elapsed) >= 0 }
