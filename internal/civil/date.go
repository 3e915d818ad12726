// Package civil has a calendar date without time or zone, stored as TEXT
// (YYYY-MM-DD) in SQLite and DATE in PostgreSQL.
package civil

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Of returns the date of t in t's location.
func Of(t time.Time) Date { y, m, d := t.Date(); return Date{y, m, d} }

// Today returns today's date in China Standard Time, the zones' calendar.
func Today(now time.Time) Date { return Of(now.In(cst)) }

var cst = time.FixedZone("CST", 8*3600)

// MinYear is the earliest year a date typed in may have: nothing the
// product records (a founding, a contract, a notice) is older, and a year
// like 0023 is a typing slip.
const MinYear = 1900

// Parse reads YYYY-MM-DD and rejects impossible dates and dates before
// MinYear. It reads what people and clients send; stored values are read
// by Scan, which takes any date.
func Parse(s string) (Date, error) {
	d, err := parse(s)
	if err == nil && d.Year < MinYear {
		return Date{}, fmt.Errorf("civil: date %q is before %d", s, MinYear)
	}
	return d, err
}

func parse(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("civil: bad date %q", s)
	}
	return Of(t), nil
}

// MustParse is Parse for literals in tests and demo data.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	// Formatted by hand: dates are written for every row of a bulk load
	// and an export, and Sprintf was most of the cost.
	y, m := d.Year, int(d.Month)
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return Of(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Time().After(e.Time()) }

// YM returns the month key yyyymm.
func (d Date) YM() int { return d.Year*100 + int(d.Month) }

// Value implements driver.Valuer; the zero Date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner for TEXT and DATE columns.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = Of(v.UTC())
		return nil
	case string:
		return d.parseInto(v)
	case []byte:
		return d.parseInto(string(v))
	}
	return fmt.Errorf("civil: cannot scan %T into Date", src)
}

func (d *Date) parseInto(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	x, err := parse(s)
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// MarshalText implements encoding.TextMarshaler (JSON as "YYYY-MM-DD", "" when unset).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	x, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}
