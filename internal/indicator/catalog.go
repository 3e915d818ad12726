package indicator

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// Unit is what an indicator's stored integer counts. Money is always integer
// fen; a score is hundredths of a point, so every stored value is an int64.
type Unit string

const (
	UnitItems        Unit = "items"          // 项: contracts, patents
	UnitEnterprises  Unit = "enterprises"    // 家
	UnitPieces       Unit = "pieces"         // 个: projects, chains, branches
	UnitTimes        Unit = "times"          // 次: trips, visits
	UnitPersons      Unit = "persons"        // 人
	UnitFen          Unit = "fen"            // money in fen (分)
	UnitScore        Unit = "score"          // an evaluation score in 0.01 points
	UnitRatio        Unit = "ratio"          // a dimensionless fraction (R&D intensity 0.032)
	UnitFenPerPerson Unit = "fen_per_person" // money per person
	UnitDays         Unit = "days"           // 天: days ahead of plan
)

// Units lists every unit.
func Units() []Unit {
	return []Unit{UnitItems, UnitEnterprises, UnitPieces, UnitTimes, UnitPersons,
		UnitFen, UnitScore, UnitRatio, UnitFenPerPerson, UnitDays}
}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return slices.Contains(Units(), u) }

// Key is the catalog key of u's name.
func (u Unit) Key() string { return "indicator.unit." + string(u) }

// MeasureWord is the Chinese measure word a count takes in text (385项,
// 7家); "" for units that are not counts.
func (u Unit) MeasureWord() string {
	switch u {
	case UnitItems:
		return "项"
	case UnitEnterprises:
		return "家"
	case UnitPieces:
		return "个"
	case UnitTimes:
		return "次"
	case UnitPersons:
		return "人"
	case UnitDays:
		return "天"
	}
	return ""
}

// Agg is how an indicator's value over a period comes from its rollup rows.
type Agg string

const (
	// AggSum: the value over a period is the sum of its monthly values
	// (contracts registered, amounts, statistics entered as flows).
	AggSum Agg = "sum"
	// AggHeldOn: a stock. The value over a period is the one held at the end
	// of its last month (honours held, employees), never a sum. Rows are
	// written for the months the stock changes; a month without a row carries
	// the latest earlier value forward.
	AggHeldOn Agg = "held_on"
	// AggRatio: Numerator ÷ Denominator, each evaluated over the same period
	// and dimension key. Never stored.
	AggRatio Agg = "ratio"
)

// Aggs lists every aggregation kind.
func Aggs() []Agg { return []Agg{AggSum, AggHeldOn, AggRatio} }

// Key is the catalog key of a's name.
func (a Agg) Key() string { return "indicator.agg." + string(a) }

// Definition describes one indicator. Adding an indicator is adding a
// Definition value to a catalog; changing one for a new year is adding a
// Definition with the same ID, a higher Version and a later ValidFrom.
type Definition struct {
	ID          string   `json:"id"`       // "tech_contract.count": source.measure, lower snake case
	NameKey     string   `json:"name_key"` // i18n key of the name, in both languages
	Unit        Unit     `json:"unit"`
	Source      string   `json:"source"` // the records it comes from: "tech_contract", "stat", "honour", …
	Agg         Agg      `json:"agg"`
	Numerator   string   `json:"numerator,omitempty"`   // AggRatio only: an indicator ID
	Denominator string   `json:"denominator,omitempty"` // AggRatio only: an indicator ID
	Dimensions  []string `json:"dimensions,omitempty"`  // what it can be split by ("type", "field", …)
	Version     int      `json:"version"`               // 1, 2, … per ID
	ValidFrom   int      `json:"valid_from"`            // first year this version applies to
	// Range is the plausible range of an entered value (zero: the unit's
	// bounds, Unit.MaxValue).
	Range Range `json:"range,omitzero"`
}

// Stored reports whether the indicator has rollup rows (ratios are computed).
func (d Definition) Stored() bool { return d.Agg != AggRatio }

// HasDimension reports whether d can be split by name.
func (d Definition) HasDimension(name string) bool { return slices.Contains(d.Dimensions, name) }

// ref names one version of a definition in validation messages: "id@version".
func (d Definition) ref() string { return d.ID + "@" + strconv.Itoa(d.Version) }

// Catalog is an immutable set of definitions, several versions per ID.
type Catalog struct {
	byID map[string][]Definition // versions ordered by ValidFrom
}

// validName reports whether s is lower snake case starting with a letter:
// the form of dimension names and of each dot-separated part of an ID, so
// they are safe as SQL values, URL segments and i18n key parts alike.
func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// validID reports whether id is two or more valid names joined by dots.
func validID(id string) bool {
	parts := strings.Split(id, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !validName(p) {
			return false
		}
	}
	return true
}

// NewCatalog validates defs and builds a catalog. Problems are reported per
// definition (field "id@version") as an errs.Invalid error: IDs well formed
// and each (ID, Version) and (ID, ValidFrom) once, versions rising with
// ValidFrom, units and aggregations known, ratio operands present in the
// catalog from the ratio's first year, not circular, and a ratio split only by
// dimensions both operands have.
func NewCatalog(defs ...Definition) (*Catalog, error) {
	c := &Catalog{byID: map[string][]Definition{}}
	var f errs.Fields
	for _, d := range defs {
		d.Dimensions = slices.Clone(d.Dimensions)
		c.byID[d.ID] = append(c.byID[d.ID], d)
	}
	for id, vs := range c.byID {
		slices.SortStableFunc(vs, func(a, b Definition) int { return cmp.Compare(a.ValidFrom, b.ValidFrom) })
		for i, d := range vs {
			checkDefinition(&f, d)
			if i > 0 {
				p := vs[i-1]
				switch {
				case p.ValidFrom == d.ValidFrom || p.Version == d.Version:
					f.Add(d.ref(), "indicator.error.duplicate_id", id)
				case p.Version > d.Version:
					f.Add(d.ref(), "indicator.error.version_order", id)
				}
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	for _, vs := range c.byID {
		for _, d := range vs {
			if d.Agg == AggRatio {
				c.checkRatio(&f, d)
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func checkDefinition(f *errs.Fields, d Definition) {
	r := d.ref()
	switch {
	case !validID(d.ID):
		f.Add(r, "indicator.error.bad_id", d.ID)
	case d.NameKey == "":
		f.Add(r, "indicator.error.name_missing", d.ID)
	case !d.Unit.Valid():
		f.Add(r, "indicator.error.bad_unit", d.ID, string(d.Unit))
	case !slices.Contains(Aggs(), d.Agg):
		f.Add(r, "indicator.error.bad_agg", d.ID, string(d.Agg))
	case d.Source == "":
		f.Add(r, "indicator.error.source_missing", d.ID)
	case d.Version < 1:
		f.Add(r, "indicator.error.bad_version", d.ID)
	case d.ValidFrom < MinYear || d.ValidFrom > MaxYear:
		f.Add(r, "indicator.error.year_range", d.ValidFrom, MinYear, MaxYear)
	case d.Agg == AggRatio && (d.Numerator == "" || d.Denominator == ""):
		f.Add(r, "indicator.error.ratio_operands", d.ID)
	case d.Agg != AggRatio && (d.Numerator != "" || d.Denominator != ""):
		f.Add(r, "indicator.error.operands_not_ratio", d.ID)
	}
	seen := map[string]bool{}
	for _, dim := range d.Dimensions {
		if !validName(dim) || seen[dim] {
			f.Add(r, "indicator.error.bad_dimension", d.ID, dim)
		}
		seen[dim] = true
	}
}

func (c *Catalog) checkRatio(f *errs.Fields, d Definition) {
	for _, op := range []string{d.Numerator, d.Denominator} {
		o, ok := c.Get(op, d.ValidFrom)
		if !ok {
			f.Add(d.ref(), "indicator.error.ratio_operand_missing", d.ID, op, d.ValidFrom)
			return
		}
		for _, dim := range d.Dimensions {
			if !o.HasDimension(dim) {
				f.Add(d.ref(), "indicator.error.ratio_dimension", d.ID, dim, op)
				return
			}
		}
	}
	if c.circular(d.ID, d.ID, map[string]bool{}) {
		f.Add(d.ref(), "indicator.error.ratio_cycle", d.ID)
	}
}

// circular reports whether id is reachable from the operands of cur (any version).
func (c *Catalog) circular(id, cur string, seen map[string]bool) bool {
	if seen[cur] {
		return false
	}
	seen[cur] = true
	for _, v := range c.byID[cur] {
		if v.Agg != AggRatio {
			continue
		}
		for _, op := range []string{v.Numerator, v.Denominator} {
			if op == id || c.circular(id, op, seen) {
				return true
			}
		}
	}
	return false
}

// With returns a new catalog holding c's definitions and defs (for a module
// adding its own indicators to the defaults).
func (c *Catalog) With(defs ...Definition) (*Catalog, error) {
	return NewCatalog(append(c.Definitions(), defs...)...)
}

// Get returns the version of id that applies in year: the one with the latest
// ValidFrom not after year.
func (c *Catalog) Get(id string, year int) (Definition, bool) {
	vs := c.byID[id]
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].ValidFrom <= year {
			return cloneDef(vs[i]), true
		}
	}
	return Definition{}, false
}

// def is Get without the copy, for the package's own reads of a
// definition's fields on every figure (the caller must not modify it).
func (c *Catalog) def(id string, year int) (*Definition, bool) {
	vs := c.byID[id]
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].ValidFrom <= year {
			return &vs[i], true
		}
	}
	return nil, false
}

// Latest returns the newest version of id.
func (c *Catalog) Latest(id string) (Definition, bool) {
	vs := c.byID[id]
	if len(vs) == 0 {
		return Definition{}, false
	}
	return cloneDef(vs[len(vs)-1]), true
}

// IDs lists every indicator ID, sorted.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.byID))
	for id := range c.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Definitions lists every version of every definition, by ID then ValidFrom.
func (c *Catalog) Definitions() []Definition {
	var out []Definition
	for _, id := range c.IDs() {
		for _, d := range c.byID[id] {
			out = append(out, cloneDef(d))
		}
	}
	return out
}

// cloneDef keeps callers from changing the catalog through a returned slice.
func cloneDef(d Definition) Definition { d.Dimensions = slices.Clone(d.Dimensions); return d }
