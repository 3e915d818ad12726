package gen

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/indicator"
)

// rollupAgg adds up, in memory, what contract.RollupRows would write for
// every counted contract: per zone and month, one slot per dimension value
// (plus the total) holding count, contract amount and technology amount.
// Calling RollupRows for millions of contracts and merging 27 rows each
// would cost more than generating them; the dimensions below mirror it, and
// check compares the two on a sample of contracts so any drift fails loudly
// (the gen test also compares the result with "rollup rebuild").
type rollupAgg struct {
	months int                // months in the data set
	first  indicator.YM       // its first month
	zones  []int64            // zone ids by index
	cells  [][]int64          // [zone*months+month] → 3 values per slot
	slots  []indicator.DimKey // slot → key; slot 0 is the total
	byDim  []map[string]int   // per dimension: value → slot
	dims   []rollupDim        // the contract dimensions, in RollupRows' order
	ids    [3]string          // the measures' indicators
	seen   map[indicator.DimKey]int
}

type rollupDim struct {
	name  string
	value func(c *contract.Contract) string
}

// contractDims are the dimensions contract.RollupRows splits by, with how
// it reads each value from a contract.
func contractDims() []rollupDim {
	return []rollupDim{
		{indicator.DimType, func(c *contract.Contract) string { return string(c.Type) }},
		{indicator.DimCategory, func(c *contract.Contract) string { return string(contract.CategoryOf(c.Type, false)) }},
		{indicator.DimField, func(c *contract.Contract) string { return string(c.Field) }},
		{indicator.DimSellerNature, func(c *contract.Contract) string { return string(c.Seller.Nature) }},
		{indicator.DimBuyerNature, func(c *contract.Contract) string { return string(c.Buyer.Nature) }},
		{indicator.DimIPType, func(c *contract.Contract) string { return string(c.IPType) }},
		{indicator.DimProgrammeLevel, func(c *contract.Contract) string { return string(c.ProgrammeLevel) }},
		{indicator.DimSize, func(c *contract.Contract) string {
			if contract.Large(*c) {
				return "large"
			}
			return "other"
		}},
	}
}

func newRollupAgg(zones []int64, first indicator.YM, months int) *rollupAgg {
	a := &rollupAgg{months: months, first: first, zones: zones, cells: make([][]int64, len(zones)*months),
		slots: []indicator.DimKey{indicator.Total}, dims: contractDims(), seen: map[indicator.DimKey]int{indicator.Total: 0},
		ids: [3]string{indicator.TechContractCount, indicator.TechContractAmount, indicator.TechContractTechAmount}}
	a.byDim = make([]map[string]int, len(a.dims))
	for i := range a.byDim {
		a.byDim[i] = map[string]int{}
	}
	return a
}

func (a *rollupAgg) slot(dim int, value string) int {
	if s, ok := a.byDim[dim][value]; ok {
		return s
	}
	key := indicator.Dim(a.dims[dim].name, value)
	s, ok := a.seen[key]
	if !ok {
		s = len(a.slots)
		a.slots = append(a.slots, key)
		a.seen[key] = s
	}
	a.byDim[dim][value] = s
	return s
}

// add counts c (zone index zi) when the registry would.
func (a *rollupAgg) add(zi int, c *contract.Contract) {
	if !contract.Counted(*c) {
		return
	}
	m := indicator.MonthOfDate(c.CertifiedOn)
	mi := (m.Year()-a.first.Year())*12 + m.Month() - a.first.Month()
	cell := &a.cells[zi*a.months+mi]
	vals := [3]int64{1, c.ContractAmountFen, c.TechAmountFen}
	put := func(s int) {
		if need := 3 * (s + 1); len(*cell) < need {
			*cell = append(*cell, make([]int64, need-len(*cell)+3*8)...)
		}
		for m, v := range vals {
			(*cell)[3*s+m] += v
		}
	}
	put(0)
	for d := range a.dims {
		put(a.slot(d, a.dims[d].value(c)))
	}
}

// check compares what add counts for c with contract.RollupRows(c, +1).
func (a *rollupAgg) check(zoneID int64, c *contract.Contract) error {
	want := map[indicator.Row]int{}
	for _, r := range contract.RollupRows(*c, 1) {
		want[r]++
	}
	got := map[indicator.Row]int{}
	if contract.Counted(*c) {
		month := indicator.MonthOfDate(c.CertifiedOn)
		vals := [3]int64{1, c.ContractAmountFen, c.TechAmountFen}
		for m, id := range a.ids {
			got[indicator.Row{ZoneID: zoneID, Month: month, Indicator: id, Dim: indicator.Total, Value: vals[m]}]++
			for _, d := range a.dims {
				got[indicator.Row{ZoneID: zoneID, Month: month, Indicator: id, Dim: indicator.Dim(d.name, d.value(c)), Value: vals[m]}]++
			}
		}
	}
	if len(got) != len(want) {
		return fmt.Errorf("gen: rollup dimensions out of step with contract.RollupRows (%d rows, want %d)", len(got), len(want))
	}
	for r, n := range want {
		if got[r] != n {
			return fmt.Errorf("gen: rollup dimensions out of step with contract.RollupRows: %+v", r)
		}
	}
	return nil
}

// rows returns the non-zero rollup rows in primary-key order.
func (a *rollupAgg) rows() []indicator.Row {
	var out []indicator.Row
	for zi, zoneID := range a.zones {
		for mi := 0; mi < a.months; mi++ {
			cell := a.cells[zi*a.months+mi]
			for s := 0; 3*s < len(cell); s++ {
				for m, id := range a.ids {
					if v := cell[3*s+m]; v != 0 {
						out = append(out, indicator.Row{ZoneID: zoneID, Month: a.first.Add(mi), Indicator: id, Dim: a.slots[s], Value: v})
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y indicator.Row) int {
		return cmp.Or(cmp.Compare(x.ZoneID, y.ZoneID), cmp.Compare(x.Indicator, y.Indicator),
			cmp.Compare(x.Dim, y.Dim), cmp.Compare(x.Month, y.Month))
	})
	return out
}

// total is the value of one measure (0 count, 1 amount, 2 tech) of a zone
// over the months [from, to) of the data set.
func (a *rollupAgg) total(zi, measure, from, to int) int64 {
	var s int64
	for mi := max(from, 0); mi < min(to, a.months); mi++ {
		if cell := a.cells[zi*a.months+mi]; len(cell) > measure {
			s += cell[measure]
		}
	}
	return s
}
