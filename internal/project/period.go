package project

import (
	"fmt"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

// Period is what a report covers: a month ("2022-03") or one of its three
// 旬 ("2022-03-2": days 11–20; the third runs to the month's end).
type Period struct {
	Year  int
	Month time.Month
	Xun   int // 1–3, or 0 for the whole month
}

// ParsePeriod reads "YYYY-MM" or "YYYY-MM-1|2|3".
func ParsePeriod(s string) (Period, error) {
	var p Period
	var m int
	switch len(s) {
	case 7:
		if _, err := fmt.Sscanf(s, "%4d-%2d", &p.Year, &m); err != nil {
			return p, fmt.Errorf("period %q: %w", s, err)
		}
	case 9:
		if _, err := fmt.Sscanf(s, "%4d-%2d-%1d", &p.Year, &m, &p.Xun); err != nil {
			return p, fmt.Errorf("period %q: %w", s, err)
		}
		if p.Xun < 1 || p.Xun > 3 {
			return p, fmt.Errorf("period %q: 旬 must be 1, 2 or 3", s)
		}
	default:
		return p, fmt.Errorf("period %q: want YYYY-MM or YYYY-MM-1|2|3", s)
	}
	if m < 1 || m > 12 || p.Year < 1900 || p.Year > 9999 {
		return p, fmt.Errorf("period %q: out of range", s)
	}
	p.Month = time.Month(m)
	if p.String() != s {
		return p, fmt.Errorf("period %q: want YYYY-MM or YYYY-MM-1|2|3", s)
	}
	return p, nil
}

// PeriodOf is the period of cadence c that holds day d.
func PeriodOf(d civil.Date, c Cadence) Period {
	p := Period{Year: d.Year, Month: d.Month}
	if c == TenDay {
		p.Xun = min(3, (d.Day-1)/10+1)
	}
	return p
}

func (p Period) String() string {
	if p.Xun == 0 {
		return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month))
	}
	return fmt.Sprintf("%04d-%02d-%d", p.Year, int(p.Month), p.Xun)
}

// IsZero reports whether p is the zero period.
func (p Period) IsZero() bool { return p.Year == 0 }

// TenDay reports whether p is a 旬.
func (p Period) TenDay() bool { return p.Xun != 0 }

// YM is the period's month.
func (p Period) YM() indicator.YM { return indicator.MonthOf(p.Year, int(p.Month)) }

// First is the period's first day.
func (p Period) First() civil.Date {
	d := 1
	if p.Xun > 1 {
		d = (p.Xun-1)*10 + 1
	}
	return civil.Date{Year: p.Year, Month: p.Month, Day: d}
}

// Last is the period's last day.
func (p Period) Last() civil.Date {
	if p.Xun == 1 || p.Xun == 2 {
		return civil.Date{Year: p.Year, Month: p.Month, Day: p.Xun * 10}
	}
	return p.YM().Last()
}

// Before reports whether p ends before q starts.
func (p Period) Before(q Period) bool { return p.Last().Before(q.First()) }

// Due is the last day p's report is on time under s.
func (p Period) Due(s Settings) civil.Date {
	if p.TenDay() {
		return p.Last().AddDays(s.TenDayGraceDays)
	}
	return p.Last().AddDays(s.MonthGraceDays)
}

// MarshalText writes the period as String.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a period written by MarshalText.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
