package contract

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatParseRegNo(t *testing.T) {
	custom, err := ParseLayout("year:2, province:2, prefecture:2, district:2, point:2, serial:6")
	if err != nil {
		t.Fatal(err)
	}
	yulin := RegNoParts{Year: 2023, Province: "61", Prefecture: "08", Point: "01", Serial: 385}
	tests := []struct {
		name   string
		layout Layout
		parts  RegNoParts
		want   string
		back   RegNoParts // what Parse returns (parts without segments the layout lacks)
	}{
		{"legacy", LegacyLayout(), yulin, "23610801000385", yulin},
		{"legacy pads point and serial", LegacyLayout(),
			RegNoParts{Year: 2009, Province: "61", Prefecture: "08", Point: "3", Serial: 1},
			"09610803000001",
			RegNoParts{Year: 2009, Province: "61", Prefecture: "08", Point: "03", Serial: 1}},
		{"legacy drops district", LegacyLayout(),
			RegNoParts{Year: 2025, Province: "11", Prefecture: "01", District: "08", Point: "12", Serial: 999999},
			"25110112999999",
			RegNoParts{Year: 2025, Province: "11", Prefecture: "01", Point: "12", Serial: 999999}},
		{"2026 default", Default2026Layout(),
			RegNoParts{Year: 2026, Province: "61", Prefecture: "08", Point: "01", Serial: 1},
			"2026610801000001",
			RegNoParts{Year: 2026, Province: "61", Prefecture: "08", Point: "01", Serial: 1}},
		{"operator layout with district", custom,
			RegNoParts{Year: 2027, Province: "61", Prefecture: "08", District: "02", Point: "01", Serial: 42},
			"2761080201000042",
			RegNoParts{Year: 2027, Province: "61", Prefecture: "08", District: "02", Point: "01", Serial: 42}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.layout.Format(tt.parts)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Format = %s, want %s", got, tt.want)
			}
			back, err := tt.layout.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.back, back); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormatRegNoErrors(t *testing.T) {
	ok := RegNoParts{Year: 2023, Province: "61", Prefecture: "08", Point: "01", Serial: 1}
	tests := []struct {
		name string
		edit func(*RegNoParts)
		seg  string
	}{
		{"serial past capacity", func(p *RegNoParts) { p.Serial = 1_000_000 }, "serial"},
		{"serial zero", func(p *RegNoParts) { p.Serial = 0 }, "serial"},
		{"year before 2000", func(p *RegNoParts) { p.Year = 1999 }, "year"},
		{"no point", func(p *RegNoParts) { p.Point = "" }, "point"},
		{"point too wide", func(p *RegNoParts) { p.Point = "123" }, "point"},
		{"province not digits", func(p *RegNoParts) { p.Province = "6A" }, "province"},
		{"no prefecture", func(p *RegNoParts) { p.Prefecture = "" }, "prefecture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			_, err := LegacyLayout().Format(p)
			if msgKey(err) != "contract.err.reg_no_part" {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestParseRegNoErrors(t *testing.T) {
	for _, s := range []string{"", "2361080100038", "236108010003851", "2361080100038A", "23610801000000",
		"23-610801-000385"} {
		if _, err := LegacyLayout().Parse(s); msgKey(err) != "contract.err.reg_no_invalid" {
			t.Errorf("Parse(%q) err = %v", s, err)
		}
	}
}

func TestParseAnyRegNo(t *testing.T) {
	s := DefaultSettings()
	tests := []struct {
		in   string
		id   RuleSetID
		year int
	}{
		{"23610801000385", Legacy2000, 2023},
		{"2026610801000007", MIIT2026, 2026},
	}
	for _, tt := range tests {
		id, p, err := ParseRegNo(s, tt.in)
		if err != nil || id != tt.id || p.Year != tt.year {
			t.Errorf("ParseRegNo(%s) = %s %+v %v", tt.in, id, p, err)
		}
	}
	if _, _, err := ParseRegNo(s, "123"); msgKey(err) != "contract.err.reg_no_invalid" {
		t.Errorf("short number: %v", err)
	}
}

func TestParseLayout(t *testing.T) {
	tests := []struct {
		in   string
		want string // error key, "" for success
	}{
		{"year:4,province:2,prefecture:2,point:2,serial:6", ""},
		{"year:2,point:4,serial:8", ""},
		{"year:4,province:2,prefecture:2,point:2,serial", "contract.err.layout_syntax"},
		{"year:4,province:x", "contract.err.layout_syntax"},
		{"year:4,county:2,point:2,serial:6", "contract.err.layout_kind"},
		{"year:4,point:2,point:2,serial:6", "contract.err.layout_twice"},
		{"year:3,point:2,serial:6", "contract.err.layout_width"},
		{"year:4,province:3,point:2,serial:6", "contract.err.layout_width"},
		{"year:4,point:2,serial:3", "contract.err.layout_width"},
		{"year:4,point:0,serial:6", "contract.err.layout_width"},
		{"year:4,province:2,serial:6", "contract.err.layout_missing"},
		{"point:2,serial:6", "contract.err.layout_missing"},
	}
	for _, tt := range tests {
		l, err := ParseLayout(tt.in)
		if got := msgKey(err); got != tt.want {
			t.Errorf("ParseLayout(%q) err = %v, want %q", tt.in, err, tt.want)
		}
		if err == nil && l.String() != tt.in {
			t.Errorf("String() = %q, want %q", l.String(), tt.in)
		}
	}
}

func TestLayoutJSON(t *testing.T) {
	s := DefaultSettings()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Settings
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"reg_no_layout":"year:4,bogus:2"}`), &back); err == nil {
		t.Error("bad layout accepted")
	}
}

func TestSerialScope(t *testing.T) {
	s := DefaultSettings()
	legacy, n := RuleSetFor(s, d("2025-01-01")), RuleSetFor(s, d("2026-03-01"))
	p := RegNoParts{Year: 2026, Province: "61", Prefecture: "08", Point: "01", Serial: 17}
	a, err := legacy.SerialScope(p)
	if err != nil {
		t.Fatal(err)
	}
	p.Serial = 900
	b, _ := legacy.SerialScope(p)
	c, _ := n.SerialScope(p)
	p.Point = "02"
	e, _ := legacy.SerialScope(p)
	if a != "legacy2000:26610801" || a != b {
		t.Errorf("scope ignores serial: %q %q", a, b)
	}
	if c != "miit2026:2026610801" || e == a {
		t.Errorf("scopes should differ by rule set and point: %q %q %q", a, c, e)
	}
	if _, err := legacy.SerialScope(RegNoParts{Year: 2026}); err == nil {
		t.Error("scope without point accepted")
	}
	if got, err := legacy.FormatRegNo(RegNoParts{Year: 2026, Province: "61", Prefecture: "08", Point: "01", Serial: 2}); err != nil || got != "26610801000002" {
		t.Errorf("FormatRegNo = %s %v", got, err)
	}
}

func TestRegionParts(t *testing.T) {
	p, f, dd := RegionParts("610802")
	if p != "61" || f != "08" || dd != "02" {
		t.Errorf("got %s %s %s", p, f, dd)
	}
	if p, _, _ := RegionParts("6108"); p != "" {
		t.Error("short region split")
	}
}
