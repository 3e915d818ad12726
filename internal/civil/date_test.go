package civil

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func TestParseAndArithmetic(t *testing.T) {
	for _, bad := range []string{"2023-02-29", "2023-13-01", "23-01-01", "2023/01/01", ""} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	d := MustParse("2024-02-28")
	if got := d.AddDays(1).String(); got != "2024-02-29" {
		t.Errorf("leap day = %s", got)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("after leap day = %s", got)
	}
	if n := MustParse("2021-01-06").DaysUntil(MustParse("2022-09-27")); n != 629 {
		t.Errorf("DaysUntil = %d", n)
	}
	if !MustParse("2023-01-01").Before(MustParse("2023-01-02")) || MustParse("2023-01-01").After(MustParse("2023-01-02")) {
		t.Error("Before/After")
	}
	if d.YM() != 202402 {
		t.Errorf("YM = %d", d.YM())
	}
	// Today is the zones' calendar day (UTC+8): 20:00 UTC is already tomorrow.
	if got := Today(time.Date(2023, 12, 17, 20, 0, 0, 0, time.UTC)).String(); got != "2023-12-18" {
		t.Errorf("Today = %s", got)
	}
}

func TestScanAndJSON(t *testing.T) {
	var d Date
	for _, src := range []any{"2023-11-30", []byte("2023-11-30"), time.Date(2023, 11, 30, 0, 0, 0, 0, time.UTC), "2023-11-30T00:00:00Z"} {
		if err := d.Scan(src); err != nil || d.String() != "2023-11-30" {
			t.Errorf("Scan(%v) = %v %v", src, d, err)
		}
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("Scan(nil) = %v %v", d, err)
	}
	if v, _ := d.Value(); v != nil {
		t.Errorf("zero Value = %v, want NULL", v)
	}
	var s struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2023-01-31"}`), &s); err != nil || s.D.String() != "2023-01-31" {
		t.Errorf("json = %v %v", s, err)
	}
	if err := json.Unmarshal([]byte(`{"D":"2023-02-31"}`), &s); err == nil {
		t.Error("json accepted 2023-02-31")
	}
}

// TestStringLayout checks the hand-made layout against fmt over every day
// of four centuries and the out-of-range values that take fmt's path.
func TestStringLayout(t *testing.T) {
	for d := (Date{1900, time.January, 1}); d.Year < 2300; d = d.AddDays(1) {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Fatalf("%v: %q, want %q", d, got, want)
		}
	}
	for _, d := range []Date{{1, 1, 1}, {9999, 12, 31}, {10000, 1, 1}, {-1, 1, 1}, {2024, 13, 1}, {2024, 1, 0}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
	}
}

// TestBefore1900 checks that a date typed in before 1900 is refused, in
// Parse and in JSON, while a stored one still scans.
func TestBefore1900(t *testing.T) {
	for _, s := range []string{"1899-12-31", "0023-05-01", "0001-01-01"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted", s)
		}
		var v struct{ D Date }
		if err := json.Unmarshal([]byte(`{"D":"`+s+`"}`), &v); err == nil {
			t.Errorf("json accepted %s", s)
		}
	}
	if d, err := Parse("1900-01-01"); err != nil || d.Year != 1900 {
		t.Errorf("Parse(1900-01-01) = %v, %v", d, err)
	}
	var d Date
	if err := d.Scan("1899-12-31"); err != nil || d.Year != 1899 {
		t.Errorf("Scan(1899-12-31) = %v, %v", d, err)
	}
}
