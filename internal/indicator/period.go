package indicator

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// The years a period may name. Registration data start with the 2000 rules;
// anything outside this range is a typing error, not history or planning.
const (
	MinYear = 1980
	MaxYear = 2199
)

// YM is a calendar month as yyyymm (202311), the same key as civil.Date.YM
// and the month column of rollup rows.
type YM int

// MonthOf returns the month y-m; check Valid before trusting input.
func MonthOf(y, m int) YM { return YM(y*100 + m) }

// MonthOfDate returns the month d falls in.
func MonthOfDate(d civil.Date) YM { return YM(d.YM()) }

// Year returns the year of m.
func (m YM) Year() int { return int(m) / 100 }

// Month returns the month number 1–12 of m.
func (m YM) Month() int { return int(m) % 100 }

// Valid reports whether m is a month 1–12 of a year in [MinYear, MaxYear].
func (m YM) Valid() bool {
	return m.Year() >= MinYear && m.Year() <= MaxYear && m.Month() >= 1 && m.Month() <= 12
}

// Add returns m plus n months (n may be negative).
func (m YM) Add(n int) YM {
	i := m.Year()*12 + m.Month() - 1 + n
	return MonthOf(floorDiv(i, 12), i-floorDiv(i, 12)*12+1)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// First returns the first day of m.
func (m YM) First() civil.Date {
	return civil.Date{Year: m.Year(), Month: time.Month(m.Month()), Day: 1}
}

// Last returns the last day of m (28–31, leap years included).
func (m YM) Last() civil.Date { return m.Add(1).First().AddDays(-1) }

// String is "YYYY-MM".
func (m YM) String() string {
	y, mo := m.Year(), m.Month()
	if y < 0 || y > 9999 || mo < 0 || mo > 99 {
		return fmt.Sprintf("%04d-%02d", y, mo)
	}
	// Without fmt: every month of every trend a dashboard shows is written.
	b := [7]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', byte('0' + mo/10), byte('0' + mo%10)}
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler ("YYYY-MM").
func (m YM) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *YM) UnmarshalText(b []byte) error {
	x, err := ParseYM(string(b))
	if err != nil {
		return err
	}
	*m = x
	return nil
}

// ParseYM reads "YYYY-MM" (also "YYYY-M").
func ParseYM(s string) (YM, error) {
	y, mo, ok := strings.Cut(strings.TrimSpace(s), "-")
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(mo)
	if !ok || len(y) != 4 || len(mo) < 1 || len(mo) > 2 || err1 != nil || err2 != nil {
		return 0, errs.E(errs.Invalid, "indicator.error.month_format", s)
	}
	m := MonthOf(yi, mi)
	if !m.Valid() {
		return 0, errs.E(errs.Invalid, "indicator.error.month_range", s)
	}
	return m, nil
}

// Kind is how a period was asked for. It decides the label only: YTD(2023, 3)
// and Quarter(2023, 1) cover the same months but read "1-3月" and "第一季度".
type Kind int

const (
	KindCustom Kind = iota
	KindMonth
	KindQuarter
	KindYTD
	KindYear
)

// Period is an inclusive range of whole months. Its JSON and text form is
// String's ("2023-01..2023-11"), so it reads the same in API payloads, query
// strings and saved bulletin facts.
type Period struct {
	From YM
	To   YM
	Kind Kind
}

func checkYear(f *errs.Fields, field string, y int) {
	if y < MinYear || y > MaxYear {
		f.Add(field, "indicator.error.year_range", y, MinYear, MaxYear)
	}
}

func checkMonth(f *errs.Fields, field string, m int) {
	if m < 1 || m > 12 {
		f.Add(field, "indicator.error.month_range", m)
	}
}

// Month returns the period of one month.
func Month(y, m int) (Period, error) {
	var f errs.Fields
	checkYear(&f, "year", y)
	checkMonth(&f, "month", m)
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: MonthOf(y, m), To: MonthOf(y, m), Kind: KindMonth}, nil
}

// Quarter returns quarter q (1–4) of year y.
func Quarter(y, q int) (Period, error) {
	var f errs.Fields
	checkYear(&f, "year", y)
	if q < 1 || q > 4 {
		f.Add("quarter", "indicator.error.quarter_range", q)
	}
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: MonthOf(y, 3*q-2), To: MonthOf(y, 3*q), Kind: KindQuarter}, nil
}

// YTD returns January through month through of year y ("1-11月"). YTD(y, 1)
// is the single month January and is labelled as such.
func YTD(y, through int) (Period, error) {
	var f errs.Fields
	checkYear(&f, "year", y)
	checkMonth(&f, "month", through)
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	if through == 1 {
		return Month(y, 1)
	}
	return Period{From: MonthOf(y, 1), To: MonthOf(y, through), Kind: KindYTD}, nil
}

// Year returns the calendar year y.
func Year(y int) (Period, error) {
	var f errs.Fields
	checkYear(&f, "year", y)
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: MonthOf(y, 1), To: MonthOf(y, 12), Kind: KindYear}, nil
}

// Custom returns from..to inclusive. A single month comes back as KindMonth
// and a same-year range starting in January as KindYTD, so that a range read
// back from storage compares equal to the one built by Month or YTD.
func Custom(from, to YM) (Period, error) {
	var f errs.Fields
	if !from.Valid() {
		f.Add("from", "indicator.error.month_range", from.String())
	}
	if !to.Valid() {
		f.Add("to", "indicator.error.month_range", to.String())
	}
	if f.Has("from") || f.Has("to") {
		return Period{}, f.Err()
	}
	if from > to {
		f.Add("to", "indicator.error.period_order", from.String(), to.String())
		return Period{}, f.Err()
	}
	switch {
	case from == to:
		return Period{From: from, To: to, Kind: KindMonth}, nil
	case from.Month() == 1 && from.Year() == to.Year():
		return Period{From: from, To: to, Kind: KindYTD}, nil
	}
	return Period{From: from, To: to, Kind: KindCustom}, nil
}

// Must is for literals in tests and demo data.
func Must(p Period, err error) Period {
	if err != nil {
		panic(err)
	}
	return p
}

// Valid reports whether p is a well-formed period (zero Period is not).
func (p Period) Valid() bool { return p.From.Valid() && p.To.Valid() && p.From <= p.To }

// Len returns the number of months in p.
func (p Period) Len() int {
	if !p.Valid() {
		return 0
	}
	return (p.To.Year()-p.From.Year())*12 + p.To.Month() - p.From.Month() + 1
}

// Months yields each month of p in order.
func (p Period) Months() iter.Seq[YM] {
	return func(yield func(YM) bool) {
		if !p.Valid() {
			return
		}
		for m := p.From; m <= p.To; m = m.Add(1) {
			if !yield(m) {
				return
			}
		}
	}
}

// Contains reports whether m lies in p.
func (p Period) Contains(m YM) bool { return p.From <= m && m <= p.To }

// Previous returns the same months one year earlier: the base of a
// year-on-year comparison (同比). 2023年1-11月 → 2022年1-11月.
func (p Period) Previous() Period {
	return Period{From: p.From.Add(-12), To: p.To.Add(-12), Kind: p.Kind}
}

// TimeProgress is the time progress (时间进度) a completion is set against,
// the one rule every page uses: the days of p's last year gone by the end
// of p — or by today when p runs to today's month or later — ÷ the days of
// that year (ElapsedOn). 1-11月 of 2023 read later: 334/365; 1-12月 of 2026
// read on 2026-12-05: 339/365; a past year's 1-12月: 1; a year not begun: 0.
func TimeProgress(p Period, today civil.Date) Frac {
	end := p.To.Last()
	if !today.IsZero() && today.Before(end) {
		end = today
	}
	if end.Year < p.To.Year() {
		return Frac{}
	}
	return ElapsedOn(end)
}

// ElapsedOn is the day-precise time progress on date d: the day of the year
// (d itself counted as gone) ÷ the days of that year (365 or 366).
// 2024-02-29 → 60/366; 12-31 → 1.
func ElapsedOn(d civil.Date) Frac {
	yday := d.Time().YearDay()
	days := civil.Date{Year: d.Year, Month: 12, Day: 31}.Time().YearDay()
	f, _ := NewFrac(int64(yday), int64(days))
	return f
}

// zhQuarter is the Chinese numeral of quarter q (1–4).
func zhQuarter(q int) string { return string([]rune("一二三四")[q-1]) }

// LabelZH is the period as a report writes it: "2023年11月", "2023年第三季度",
// "2023年1-11月", "2023年", "2022年11月-2023年2月".
func (p Period) LabelZH() string {
	y := p.From.Year()
	switch {
	case !p.Valid():
		return ""
	case p.Kind == KindYear && p.Len() == 12 && p.From.Month() == 1:
		return fmt.Sprintf("%d年", y)
	case p.Kind == KindQuarter && p.Len() == 3 && p.From.Month()%3 == 1:
		return fmt.Sprintf("%d年第%s季度", y, zhQuarter((p.From.Month()+2)/3))
	case p.From == p.To:
		return fmt.Sprintf("%d年%d月", y, p.From.Month())
	case y == p.To.Year():
		return fmt.Sprintf("%d年%d-%d月", y, p.From.Month(), p.To.Month())
	}
	return fmt.Sprintf("%d年%d月-%d年%d月", y, p.From.Month(), p.To.Year(), p.To.Month())
}

// LabelEN is the English label: "Nov 2023", "Q3 2023", "Jan–Nov 2023",
// "2023", "Nov 2022–Feb 2023".
func (p Period) LabelEN() string {
	y := p.From.Year()
	mon := func(m YM) string { return time.Month(m.Month()).String()[:3] }
	switch {
	case !p.Valid():
		return ""
	case p.Kind == KindYear && p.Len() == 12 && p.From.Month() == 1:
		return strconv.Itoa(y)
	case p.Kind == KindQuarter && p.Len() == 3 && p.From.Month()%3 == 1:
		return fmt.Sprintf("Q%d %d", (p.From.Month()+2)/3, y)
	case p.From == p.To:
		return fmt.Sprintf("%s %d", mon(p.From), y)
	case y == p.To.Year():
		return fmt.Sprintf("%s–%s %d", mon(p.From), mon(p.To), y)
	}
	return fmt.Sprintf("%s %d–%s %d", mon(p.From), y, mon(p.To), p.To.Year())
}

// Label returns the label in lang.
func (p Period) Label(lang i18n.Lang) string {
	if lang == i18n.EN {
		return p.LabelEN()
	}
	return p.LabelZH()
}

// String is the canonical text form, which ParsePeriod reads back to an equal
// Period: "2023-11" (month), "2023-Q3", "2023" (year), "2023-01..2023-11"
// (YTD and custom ranges).
func (p Period) String() string {
	switch {
	case !p.Valid():
		return ""
	case p.Kind == KindMonth && p.From == p.To:
		return p.From.String()
	case p.Kind == KindQuarter && p.Len() == 3 && p.From.Month()%3 == 1:
		return fmt.Sprintf("%04d-Q%d", p.From.Year(), (p.From.Month()+2)/3)
	case p.Kind == KindYear && p.Len() == 12 && p.From.Month() == 1:
		return fmt.Sprintf("%04d", p.From.Year())
	}
	return p.From.String() + ".." + p.To.String()
}

// ParsePeriod reads the forms String writes.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := func() (Period, error) { return Period{}, errs.E(errs.Invalid, "indicator.error.period_format", s) }
	if from, to, ok := strings.Cut(s, ".."); ok {
		f, err := ParseYM(from)
		if err != nil {
			return Period{}, err
		}
		t, err := ParseYM(to)
		if err != nil {
			return Period{}, err
		}
		return Custom(f, t)
	}
	if y, q, ok := strings.Cut(s, "-Q"); ok {
		yi, err1 := strconv.Atoi(y)
		qi, err2 := strconv.Atoi(q)
		if len(y) != 4 || err1 != nil || err2 != nil {
			return bad()
		}
		return Quarter(yi, qi)
	}
	if len(s) == 4 {
		yi, err := strconv.Atoi(s)
		if err != nil {
			return bad()
		}
		return Year(yi)
	}
	m, err := ParseYM(s)
	if err != nil {
		return Period{}, err
	}
	return Month(m.Year(), m.Month())
}

// MarshalText implements encoding.TextMarshaler using String, so a Period is
// one readable JSON string in saved bulletin facts and API payloads.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero Period.
func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	x, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = x
	return nil
}
