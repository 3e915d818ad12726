package indicator

import (
	"context"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// DimKey identifies the slice of an indicator a rollup row holds: Total ("")
// or one value of one dimension, "name=value" ("type=DEV_ENTRUSTED",
// "field=01"). Rollups hold the total and, per declared dimension, one row per
// value — never cross-products — so each dimension's rows sum to the total.
type DimKey string

// Total is the DimKey of the unsplit value.
const Total DimKey = ""

// Unclassified is the value a record without a value for a dimension
// contributes under, so that the dimension's rows still sum to the total.
const Unclassified = "-"

// Dim returns the key of value of dimension name.
func Dim(name, value string) DimKey {
	if value == "" {
		value = Unclassified
	}
	return DimKey(name + "=" + value)
}

// Split returns the dimension name and value ("", "" for Total).
func (k DimKey) Split() (name, value string) {
	name, value, _ = strings.Cut(string(k), "=")
	return name, value
}

// HasName reports whether k is a value of the dimension name.
func (k DimKey) HasName(name string) bool {
	return len(k) > len(name) && k[len(name)] == '=' && string(k[:len(name)]) == name
}

// Keys returns every DimKey a record contributes to under d: Total, then one
// per dimension of d in declared order, with the record's value for it
// (missing → Unclassified). values maps dimension name → code.
func (d Definition) Keys(values map[string]string) []DimKey {
	keys := make([]DimKey, 0, 1+len(d.Dimensions))
	keys = append(keys, Total)
	for _, name := range d.Dimensions {
		keys = append(keys, Dim(name, values[name]))
	}
	return keys
}

// Row is one rollup row: the value of one stored indicator for one zone, one
// month and one DimKey, in the definition's Unit. For AggSum it is that
// month's amount; for AggHeldOn the stock held at the month's end.
type Row struct {
	ZoneID    int64  `json:"zone_id"`
	Month     YM     `json:"month"`
	Indicator string `json:"indicator"`
	Dim       DimKey `json:"dim"`
	Value     int64  `json:"value"`
}

// CheckRow reports whether r may be stored: a valid month, an indicator of
// the catalog in that month's year that is stored (not a ratio), and a DimKey
// that is Total or names one of its dimensions.
func (c *Catalog) CheckRow(r Row) error {
	var f errs.Fields
	if !r.Month.Valid() {
		f.Add("month", "indicator.error.month_range", r.Month.String())
		return f.Err()
	}
	d, ok := c.Get(r.Indicator, r.Month.Year())
	switch {
	case !ok:
		f.Add("indicator", "indicator.error.unknown_indicator", r.Indicator)
	case !d.Stored():
		f.Add("indicator", "indicator.error.not_stored", r.Indicator)
	case r.Dim != Total:
		if name, value := r.Dim.Split(); !d.HasDimension(name) || value == "" {
			f.Add("dim", "indicator.error.unknown_dimension", r.Indicator, string(r.Dim))
		}
	}
	return f.Err()
}

// Source reads the rollups of one area (the store binds the zone, or the
// region whose zones it adds up, and the caller's scope). ok is false when no
// row exists, which is "no data", not 0.
type Source interface {
	// Sum returns the sum of the monthly values of an AggSum indicator over p.
	Sum(ctx context.Context, id string, dim DimKey, p Period) (v int64, ok bool, err error)
	// At returns the value of an AggHeldOn indicator at the end of month m:
	// the latest row at or before m.
	At(ctx context.Context, id string, dim DimKey, m YM) (v int64, ok bool, err error)
}

// Value evaluates indicator id over p for one area: a sum over p's months, a
// stock at p's end, or a ratio of two such values. The definition version is
// the one in force in p's last year. ok is false when there is no data, or a
// ratio's denominator is 0.
func (c *Catalog) Value(ctx context.Context, src Source, id string, dim DimKey, p Period) (Frac, bool, error) {
	return c.value(ctx, src, id, dim, p, 0)
}

// maxRatioDepth bounds ratio nesting; NewCatalog refuses cycles, this only
// guards against a Catalog built some other way.
const maxRatioDepth = 8

func (c *Catalog) value(ctx context.Context, src Source, id string, dim DimKey, p Period, depth int) (Frac, bool, error) {
	if !p.Valid() {
		return Frac{}, false, errs.E(errs.Invalid, "indicator.error.period_format", p.String())
	}
	d, ok := c.def(id, p.To.Year())
	if !ok || depth > maxRatioDepth {
		return Frac{}, false, errs.E(errs.Invalid, "indicator.error.unknown_indicator", id)
	}
	if name, _ := dim.Split(); dim != Total && !d.HasDimension(name) {
		return Frac{}, false, errs.E(errs.Invalid, "indicator.error.unknown_dimension", id, string(dim))
	}
	switch d.Agg {
	case AggSum:
		v, ok, err := src.Sum(ctx, id, dim, p)
		return Whole(v), ok, err
	case AggHeldOn:
		v, ok, err := src.At(ctx, id, dim, p.To)
		return Whole(v), ok, err
	}
	num, ok, err := c.value(ctx, src, d.Numerator, dim, p, depth+1)
	if err != nil || !ok {
		return Frac{}, false, err
	}
	den, ok, err := c.value(ctx, src, d.Denominator, dim, p, depth+1)
	if err != nil || !ok {
		return Frac{}, false, err
	}
	q, ok := num.Quo(den)
	return q, ok, nil
}

// MemSource is a Source over rows held in memory, for one area: for tests,
// demo checks, and for comparing a rebuild with the incremental rollups.
type MemSource struct {
	rows map[memKey]int64
}

type memKey struct {
	id  string
	dim DimKey
	m   YM
}

// NewMemSource returns a MemSource holding rows (ZoneID is ignored; pass one
// area's rows). Rows with the same key add up, as increments do.
func NewMemSource(rows ...Row) *MemSource {
	s := &MemSource{rows: map[memKey]int64{}}
	for _, r := range rows {
		s.rows[memKey{r.Indicator, r.Dim, r.Month}] += r.Value
	}
	return s
}

// Sum implements Source.
func (s *MemSource) Sum(_ context.Context, id string, dim DimKey, p Period) (int64, bool, error) {
	var sum int64
	found := false
	for m := range p.Months() {
		if v, ok := s.rows[memKey{id, dim, m}]; ok {
			if sum, ok = AddChecked(sum, v); !ok {
				return 0, false, OutOfRange(id)
			}
			found = true
		}
	}
	return sum, found, nil
}

// At implements Source. It looks back at most 100 years, far beyond any data.
func (s *MemSource) At(_ context.Context, id string, dim DimKey, m YM) (int64, bool, error) {
	for i := 0; i < 1200; i++ {
		if v, ok := s.rows[memKey{id, dim, m.Add(-i)}]; ok {
			return v, true, nil
		}
	}
	return 0, false, nil
}

// DimNameKey is the catalog key of dimension name's label ("indicator.dim.type").
func DimNameKey(name string) string { return "indicator.dim." + name }
