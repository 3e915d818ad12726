package contract

import (
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// A registration number is a run of digits made of fixed-width segments.
// The legacy layout is fixed; the 2026 one is not yet confirmed, so it is a
// Layout an operator sets in text form ("year:4,province:2,…").

// SegmentKind names what a segment of a registration number holds.
type SegmentKind string

const (
	SegYear       SegmentKind = "year"       // registration year, 2 or 4 digits
	SegProvince   SegmentKind = "province"   // GB/T 2260 digits 1–2 of the point's region
	SegPrefecture SegmentKind = "prefecture" // GB/T 2260 digits 3–4
	SegDistrict   SegmentKind = "district"   // GB/T 2260 digits 5–6
	SegPoint      SegmentKind = "point"      // registration point code
	SegSerial     SegmentKind = "serial"     // 1, 2, … per point and year
)

func (k SegmentKind) valid() bool {
	switch k {
	case SegYear, SegProvince, SegPrefecture, SegDistrict, SegPoint, SegSerial:
		return true
	}
	return false
}

// Segment is one fixed-width part of a registration number.
type Segment struct {
	Kind  SegmentKind
	Width int
}

// Layout is the sequence of segments of a registration number.
type Layout []Segment

// LegacyLayout is the 14-digit number of the 2000/2001 rules: year (2),
// province (2), prefecture (2), registration point (2), serial (6).
func LegacyLayout() Layout {
	return Layout{{SegYear, 2}, {SegProvince, 2}, {SegPrefecture, 2}, {SegPoint, 2}, {SegSerial, 6}}
}

// Default2026Layout is the assumed 16-digit number of the 2026 rules (DRAFT:
// the layout is unconfirmed): the legacy one with a four-digit year.
func Default2026Layout() Layout {
	return Layout{{SegYear, 4}, {SegProvince, 2}, {SegPrefecture, 2}, {SegPoint, 2}, {SegSerial, 6}}
}

// Len is the number of digits of a number in this layout.
func (l Layout) Len() int {
	n := 0
	for _, s := range l {
		n += s.Width
	}
	return n
}

// String is the text form ParseLayout reads.
func (l Layout) String() string {
	parts := make([]string, len(l))
	for i, s := range l {
		parts[i] = string(s.Kind) + ":" + strconv.Itoa(s.Width)
	}
	return strings.Join(parts, ",")
}

// ParseLayout reads "kind:width,kind:width,…" and validates the result.
func ParseLayout(s string) (Layout, error) {
	var l Layout
	for _, p := range strings.Split(s, ",") {
		kind, width, ok := strings.Cut(strings.TrimSpace(p), ":")
		w, err := strconv.Atoi(strings.TrimSpace(width))
		if !ok || err != nil {
			return nil, errs.E(errs.Invalid, "contract.err.layout_syntax", strings.TrimSpace(p))
		}
		l = append(l, Segment{SegmentKind(strings.TrimSpace(kind)), w})
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return l, nil
}

// MarshalText implements encoding.TextMarshaler, for configuration files.
func (l Layout) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *Layout) UnmarshalText(b []byte) error {
	x, err := ParseLayout(string(b))
	if err != nil {
		return err
	}
	*l = x
	return nil
}

// Validate checks that l can number contracts: every kind known and used at
// most once; year, point and serial present (serials are per point and
// year); region segments two digits as in GB/T 2260.
func (l Layout) Validate() error {
	seen := map[SegmentKind]bool{}
	for _, s := range l {
		if !s.Kind.valid() {
			return errs.E(errs.Invalid, "contract.err.layout_kind", string(s.Kind))
		}
		if seen[s.Kind] {
			return errs.E(errs.Invalid, "contract.err.layout_twice", string(s.Kind))
		}
		seen[s.Kind] = true
		ok := true
		switch s.Kind {
		case SegYear:
			ok = s.Width == 2 || s.Width == 4
		case SegProvince, SegPrefecture, SegDistrict:
			ok = s.Width == 2
		case SegPoint:
			ok = s.Width >= 1 && s.Width <= 6
		case SegSerial:
			ok = s.Width >= 4 && s.Width <= 9
		}
		if !ok {
			return errs.E(errs.Invalid, "contract.err.layout_width", string(s.Kind), s.Width)
		}
	}
	for _, k := range []SegmentKind{SegYear, SegPoint, SegSerial} {
		if !seen[k] {
			return errs.E(errs.Invalid, "contract.err.layout_missing", string(k))
		}
	}
	return nil
}

// RegNoParts are the values a registration number is made of. Region codes
// and the point code are digit strings; shorter ones are zero-padded.
type RegNoParts struct {
	Year       int    // full year, e.g. 2023
	Province   string // e.g. "61"
	Prefecture string // e.g. "08"
	District   string // e.g. "02"
	Point      string // registration point code, e.g. "01"
	Serial     int    // from 1
}

// RegionParts splits a six-digit GB/T 2260 code into its three pairs.
func RegionParts(region string) (province, prefecture, district string) {
	if len(region) != 6 {
		return "", "", ""
	}
	return region[0:2], region[2:4], region[4:6]
}

// Format renders p in layout l. It fails when a part is missing, not
// digits, or too wide (a serial past the segment's capacity, above all).
func (l Layout) Format(p RegNoParts) (string, error) {
	var b strings.Builder
	for _, s := range l {
		var v string
		switch s.Kind {
		case SegYear:
			if p.Year < 2000 || p.Year > 9999 {
				return "", errs.E(errs.Invalid, "contract.err.reg_no_part", string(s.Kind))
			}
			v = strconv.Itoa(p.Year)
			if s.Width == 2 {
				v = v[2:]
			}
		case SegSerial:
			if p.Serial < 1 {
				return "", errs.E(errs.Invalid, "contract.err.reg_no_part", string(s.Kind))
			}
			v = strconv.Itoa(p.Serial)
		case SegProvince:
			v = p.Province
		case SegPrefecture:
			v = p.Prefecture
		case SegDistrict:
			v = p.District
		case SegPoint:
			v = p.Point
		}
		if v == "" || len(v) > s.Width || !allDigits(v) {
			return "", errs.E(errs.Invalid, "contract.err.reg_no_part", string(s.Kind))
		}
		b.WriteString(strings.Repeat("0", s.Width-len(v)))
		b.WriteString(v)
	}
	return b.String(), nil
}

// Parse reads a registration number in layout l. Two-digit years are read
// as 20yy: no contract under this system predates 2000.
func (l Layout) Parse(s string) (RegNoParts, error) {
	s = strings.TrimSpace(s)
	if len(s) != l.Len() || !allDigits(s) {
		return RegNoParts{}, errs.E(errs.Invalid, "contract.err.reg_no_invalid")
	}
	var p RegNoParts
	for _, seg := range l {
		v := s[:seg.Width]
		s = s[seg.Width:]
		switch seg.Kind {
		case SegYear:
			p.Year, _ = strconv.Atoi(v)
			if seg.Width == 2 {
				p.Year += 2000
			}
		case SegSerial:
			p.Serial, _ = strconv.Atoi(v)
			if p.Serial == 0 {
				return RegNoParts{}, errs.E(errs.Invalid, "contract.err.reg_no_invalid")
			}
		case SegProvince:
			p.Province = v
		case SegPrefecture:
			p.Prefecture = v
		case SegDistrict:
			p.District = v
		case SegPoint:
			p.Point = v
		}
	}
	return p, nil
}

// SerialScope is the key of the counter p's serial is drawn from: every
// segment but the serial, so serials are gapless per point and year. The
// store keeps one counter row per (rule set, scope) and increments it in the
// registering transaction.
func (l Layout) SerialScope(p RegNoParts) (string, error) {
	p.Serial = 1
	s, err := l.Format(p)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, seg := range l {
		if seg.Kind != SegSerial {
			b.WriteString(s[:seg.Width])
		}
		s = s[seg.Width:]
	}
	return b.String(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
