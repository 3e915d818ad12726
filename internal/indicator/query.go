package indicator

import (
	"cmp"
	"context"
	"slices"

	"github.com/innopark/innopark/internal/errs"
)

// Reader is a Source that can also hand out the monthly rows behind a value
// and split it by a dimension, for charts and breakdown tables. The store's
// reader over one area implements it; MemSource does too.
type Reader interface {
	Source
	// Months returns the rows of one indicator and key from from to to
	// inclusive, by month; months without a row are absent.
	Months(ctx context.Context, id string, dim DimKey, from, to YM) (map[YM]int64, error)
	// Breakdown returns, per value of dimension name, the sum of an AggSum
	// indicator over p; values without a row are absent.
	Breakdown(ctx context.Context, id, name string, p Period) (map[string]int64, error)
}

// MultiSource reads one indicator for many areas at once: the input of a
// ranking. Areas without rows are absent from the maps.
type MultiSource interface {
	// SumAll is Source.Sum for every area.
	SumAll(ctx context.Context, id string, dim DimKey, p Period) (map[int64]int64, error)
	// AtAll is Source.At for every area.
	AtAll(ctx context.Context, id string, dim DimKey, m YM) (map[int64]int64, error)
}

// Values evaluates indicator id over p for every area src covers, as Value
// does for one: sums, stocks at p's end, or ratios of the two (areas whose
// denominator is 0 or missing are left out). An entered stock counts only
// for areas that entered it within p (see AsOf). Keys are area ids.
func (c *Catalog) Values(ctx context.Context, src MultiSource, id string, dim DimKey, p Period) (map[int64]Frac, error) {
	return c.values(ctx, src, id, dim, p, 0)
}

func (c *Catalog) values(ctx context.Context, src MultiSource, id string, dim DimKey, p Period, depth int) (map[int64]Frac, error) {
	if !p.Valid() {
		return nil, errs.E(errs.Invalid, "indicator.error.period_format", p.String())
	}
	d, ok := c.def(id, p.To.Year())
	if !ok || depth > maxRatioDepth {
		return nil, errs.E(errs.Invalid, "indicator.error.unknown_indicator", id)
	}
	if name, _ := dim.Split(); dim != Total && !d.HasDimension(name) {
		return nil, errs.E(errs.Invalid, "indicator.error.unknown_dimension", id, string(dim))
	}
	whole := func(m map[int64]int64, err error) (map[int64]Frac, error) {
		if err != nil {
			return nil, err
		}
		out := make(map[int64]Frac, len(m))
		for k, v := range m {
			out[k] = Whole(v)
		}
		return out, nil
	}
	switch d.Agg {
	case AggSum:
		return whole(src.SumAll(ctx, id, dim, p))
	case AggHeldOn:
		held, err := whole(src.AtAll(ctx, id, dim, p.To))
		if err != nil || !d.Entered() {
			return held, err
		}
		// An entered stock with no entry within p is not data for p (it is
		// shown with its date, AsOf): it neither ranks nor feeds a
		// composite.
		in, err := src.SumAll(ctx, id, dim, p)
		if err != nil {
			return nil, err
		}
		for area := range held {
			if _, ok := in[area]; !ok {
				delete(held, area)
			}
		}
		return held, nil
	}
	num, err := c.values(ctx, src, d.Numerator, dim, p, depth+1)
	if err != nil {
		return nil, err
	}
	den, err := c.values(ctx, src, d.Denominator, dim, p, depth+1)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Frac, len(num))
	for area, n := range num {
		if q, ok := n.Quo(den[area]); ok {
			out[area] = q
		}
	}
	return out, nil
}

// Series returns the monthly values of a stored indicator over p, one per
// month in order: the month's amount for AggSum, the stock held at its end
// for AggHeldOn (carried forward from the latest earlier row). ok[i] is
// false for a month without data. Ratios are not series: evaluate them per
// period with Value.
func (c *Catalog) Series(ctx context.Context, r Reader, id string, dim DimKey, p Period) (vals []int64, ok []bool, err error) {
	if !p.Valid() {
		return nil, nil, errs.E(errs.Invalid, "indicator.error.period_format", p.String())
	}
	d, found := c.def(id, p.To.Year())
	if !found || !d.Stored() {
		return nil, nil, errs.E(errs.Invalid, "indicator.error.not_stored", id)
	}
	rows, err := r.Months(ctx, id, dim, p.From, p.To)
	if err != nil {
		return nil, nil, err
	}
	var carry int64
	have := false
	if d.Agg == AggHeldOn {
		if _, inFirst := rows[p.From]; !inFirst {
			carry, have, err = r.At(ctx, id, dim, p.From)
			if err != nil {
				return nil, nil, err
			}
		}
	}
	for m := range p.Months() {
		v, in := rows[m]
		switch {
		case d.Agg == AggHeldOn && in:
			carry, have = v, true
			vals, ok = append(vals, v), append(ok, true)
		case d.Agg == AggHeldOn:
			vals, ok = append(vals, carry), append(ok, have)
		default:
			vals, ok = append(vals, v), append(ok, in)
		}
	}
	return vals, ok, nil
}

// Months implements Reader.
func (s *MemSource) Months(_ context.Context, id string, dim DimKey, from, to YM) (map[YM]int64, error) {
	out := map[YM]int64{}
	for k, v := range s.rows {
		if k.id == id && k.dim == dim && k.m >= from && k.m <= to {
			out[k.m] = v
		}
	}
	return out, nil
}

// Breakdown implements Reader.
func (s *MemSource) Breakdown(_ context.Context, id, name string, p Period) (map[string]int64, error) {
	out := map[string]int64{}
	for k, v := range s.rows {
		if n, val := k.dim.Split(); k.id == id && k.dim != Total && n == name && p.Contains(k.m) {
			if t, ok := AddChecked(out[val], v); ok {
				out[val] = t
			}
		}
	}
	return out, nil
}

// MemMulti is a MultiSource over rows in memory, keyed by ZoneID: for tests
// and for checking a rebuild.
type MemMulti struct{ areas map[int64]*MemSource }

// NewMemMulti groups rows by area.
func NewMemMulti(rows ...Row) *MemMulti {
	by := map[int64][]Row{}
	for _, r := range rows {
		by[r.ZoneID] = append(by[r.ZoneID], r)
	}
	m := &MemMulti{areas: make(map[int64]*MemSource, len(by))}
	for k, rs := range by {
		m.areas[k] = NewMemSource(rs...)
	}
	return m
}

// SumAll implements MultiSource.
func (m *MemMulti) SumAll(ctx context.Context, id string, dim DimKey, p Period) (map[int64]int64, error) {
	out := map[int64]int64{}
	for area, src := range m.areas {
		if v, ok, _ := src.Sum(ctx, id, dim, p); ok {
			out[area] = v
		}
	}
	return out, nil
}

// AtAll implements MultiSource.
func (m *MemMulti) AtAll(ctx context.Context, id string, dim DimKey, ym YM) (map[int64]int64, error) {
	out := map[int64]int64{}
	for area, src := range m.areas {
		if v, ok, _ := src.At(ctx, id, dim, ym); ok {
			out[area] = v
		}
	}
	return out, nil
}

// Snapshot is a Reader that answers from rows read ahead in one query:
// the unsplit (Total) rows of some indicators, all of them up to some
// month (so stocks carry forward correctly), and the sums of some
// (indicator, dimension) pairs' values over one range of months (a
// breakdown); everything else goes to the store's reader. A dashboard asks a few dozen questions of
// the same rows, and one round trip is faster than thirty. Sums are taken
// in two parts and joined (JoinSum), as the store's queries take them, so
// a sum out of range is reported alike.
type Snapshot struct {
	series   map[seriesKey][]monthValue // by month, ascending
	ids      map[string]YM              // Total rows held, from the month given (0: all)
	splits   map[splitKey][]SplitSum    // breakdowns held over [from, to]
	from, to YM
	fallback Reader

	targetYear int      // the year whose targets were read along (0: none)
	targets    []Target // the area's targets of targetYear
}

// WithTargets says that the snapshot also holds the area's targets of
// year (read in the same statement as the rows): Targets answers from them.
func (s *Snapshot) WithTargets(year int, ts []Target) *Snapshot {
	s.targetYear, s.targets = year, ts
	return s
}

// Targets returns the area's targets of year when the snapshot holds
// them (ok false: ask the store).
func (s *Snapshot) Targets(year int) (ts []Target, ok bool) {
	if s.targetYear == 0 || s.targetYear != year {
		return nil, false
	}
	return s.targets, true
}

// From says that the snapshot holds the Total rows of ids from month floor
// on only (the rows before it were not read): a question reaching before
// floor, or a latest value at a month with no row from floor on, goes to
// the fallback.
func (s *Snapshot) From(floor YM, ids ...string) *Snapshot {
	for _, id := range ids {
		if _, ok := s.ids[id]; ok {
			s.ids[id] = floor
		}
	}
	return s
}

// SplitSum is the sum of one indicator's rows of one DimKey over a range of
// months, taken in two parts as the store takes sums (JoinSum).
type SplitSum struct {
	Indicator string
	Dim       DimKey
	Hi, Lo    int64
}

type seriesKey struct {
	id  string
	dim DimKey
}

type splitKey struct{ id, name string }

type monthValue struct {
	m YM
	v int64
}

// NewSnapshot holds rows (the Total rows of ids up to some month, all of
// them) and sends other questions to fallback.
func NewSnapshot(ids []string, rows []Row, fallback Reader) *Snapshot {
	return NewSplitSnapshot(ids, rows, nil, 0, 0, nil, fallback)
}

// NewSplitSnapshot is NewSnapshot also holding the breakdowns splits name
// (indicator and dimension name) from month from to month to: sums, every
// value of the dimension that has rows in those months. The snapshot keeps
// sums' storage.
func NewSplitSnapshot(ids []string, rows []Row, splits []BreakdownSpec, from, to YM, sums []SplitSum, fallback Reader) *Snapshot {
	s := &Snapshot{series: make(map[seriesKey][]monthValue, len(ids)), ids: make(map[string]YM, len(ids)),
		splits: make(map[splitKey][]SplitSum, len(splits)), from: from, to: to, fallback: fallback}
	for _, id := range ids {
		s.ids[id] = 0
	}
	for _, sp := range splits {
		s.splits[splitKey{sp.Indicator, sp.Dim}] = nil
	}
	// A store returns each split's values and each series' months
	// together: a run of the same key becomes a piece of one array (full
	// slice expressions, so that a later run of a key copies instead of
	// writing over the next piece).
	for i := 0; i < len(sums); {
		name, _ := sums[i].Dim.Split()
		k := splitKey{sums[i].Indicator, name}
		j := i + 1
		for j < len(sums) && sums[j].Indicator == k.id && sums[j].Dim.HasName(name) {
			j++
		}
		if list, ok := s.splits[k]; ok {
			if list == nil {
				s.splits[k] = sums[i:j:j]
			} else {
				s.splits[k] = append(list, sums[i:j]...)
			}
		}
		i = j
	}
	all := make([]monthValue, len(rows))
	for i := 0; i < len(rows); {
		k := seriesKey{rows[i].Indicator, rows[i].Dim}
		j := i
		for ; j < len(rows) && rows[j].Indicator == k.id && rows[j].Dim == k.dim; j++ {
			all[j] = monthValue{rows[j].Month, rows[j].Value}
		}
		if list, ok := s.series[k]; ok {
			s.series[k] = append(list, all[i:j]...)
		} else {
			s.series[k] = all[i:j:j]
		}
		i = j
	}
	for k, mv := range s.series {
		if !slices.IsSortedFunc(mv, byMonth) {
			slices.SortStableFunc(mv, byMonth)
		}
		// Rows with the same key add up, as increments do.
		out := mv[:0]
		for _, x := range mv {
			if n := len(out); n > 0 && out[n-1].m == x.m {
				out[n-1].v += x.v
				continue
			}
			out = append(out, x)
		}
		s.series[k] = out
	}
	return s
}

func byMonth(a, b monthValue) int { return cmp.Compare(a.m, b.m) }

// held reports whether the snapshot holds the rows of (id, dim) from
// month m on.
func (s *Snapshot) held(id string, dim DimKey, m YM) bool {
	floor, ok := s.ids[id]
	return ok && dim == Total && m >= floor
}

// rangeOf returns the rows of k from from to to.
func (s *Snapshot) rangeOf(k seriesKey, from, to YM) []monthValue {
	mv := s.series[k]
	i, _ := slices.BinarySearchFunc(mv, from, func(x monthValue, m YM) int { return cmp.Compare(x.m, m) })
	j, _ := slices.BinarySearchFunc(mv, to+1, func(x monthValue, m YM) int { return cmp.Compare(x.m, m) })
	return mv[i:j]
}

// splitSum adds vals up as the store does: in two parts joined by JoinSum.
func splitSum(id string, vals []monthValue) (int64, error) {
	var hi, lo int64
	for _, x := range vals {
		hi += x.v / (1 << 32)
		lo += x.v % (1 << 32)
	}
	v, ok := JoinSum(hi, lo)
	if !ok {
		return 0, OutOfRange(id)
	}
	return v, nil
}

// Sum implements Source.
func (s *Snapshot) Sum(ctx context.Context, id string, dim DimKey, p Period) (int64, bool, error) {
	if !s.held(id, dim, p.From) {
		return s.fallback.Sum(ctx, id, dim, p)
	}
	rows := s.rangeOf(seriesKey{id, dim}, p.From, p.To)
	v, err := splitSum(id, rows)
	if err != nil {
		return 0, false, err
	}
	return v, len(rows) > 0, nil
}

// At implements Source.
func (s *Snapshot) At(ctx context.Context, id string, dim DimKey, m YM) (int64, bool, error) {
	if !s.held(id, dim, m) {
		return s.fallback.At(ctx, id, dim, m)
	}
	mv := s.series[seriesKey{id, dim}]
	i, _ := slices.BinarySearchFunc(mv, m+1, func(x monthValue, m YM) int { return cmp.Compare(x.m, m) })
	if i == 0 {
		if s.ids[id] > 0 { // a row before the floor may hold the value
			return s.fallback.At(ctx, id, dim, m)
		}
		return 0, false, nil
	}
	return mv[i-1].v, true, nil
}

// Months implements Reader.
func (s *Snapshot) Months(ctx context.Context, id string, dim DimKey, from, to YM) (map[YM]int64, error) {
	if !s.held(id, dim, from) {
		return s.fallback.Months(ctx, id, dim, from, to)
	}
	rows := s.rangeOf(seriesKey{id, dim}, from, to)
	out := make(map[YM]int64, len(rows))
	for _, x := range rows {
		out[x.m] = x.v
	}
	return out, nil
}

// Breakdown implements Reader: a value whose sum does not fit is left
// out, as without data (as the store's reader does).
func (s *Snapshot) Breakdown(ctx context.Context, id, name string, p Period) (map[string]int64, error) {
	sums, ok := s.splits[splitKey{id, name}]
	if !ok || p.From != s.from || p.To != s.to {
		return s.fallback.Breakdown(ctx, id, name, p)
	}
	out := make(map[string]int64, len(sums))
	for _, x := range sums {
		if v, ok := JoinSum(x.Hi, x.Lo); ok {
			_, val := x.Dim.Split()
			out[val] = v
		}
	}
	return out, nil
}
