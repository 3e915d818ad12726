package contract

import (
	"github.com/innopark/innopark/internal/indicator"
)

// Counted reports whether a contract counts in the registration statistics:
// registered (amended ones stay registered), not cancelled or refused.
func Counted(c Contract) bool { return c.Status == Registered && !c.CertifiedOn.IsZero() }

// RollupRows returns what one registered contract adds to (sign +1) or
// removes from (sign −1) the zone's monthly indicator rollups: count,
// contract amount and technology amount, each as the total and one row per
// dimension, in the month of its certificate (登记日期). A contract that
// does not count adds nothing.
func RollupRows(c Contract, sign int64) []indicator.Row {
	if !Counted(c) {
		return nil
	}
	size := "other"
	if Large(c) {
		size = "large"
	}
	values := map[string]string{
		indicator.DimType:           string(c.Type),
		indicator.DimCategory:       string(CategoryOf(c.Type, false)),
		indicator.DimField:          string(c.Field),
		indicator.DimSellerNature:   string(c.Seller.Nature),
		indicator.DimBuyerNature:    string(c.Buyer.Nature),
		indicator.DimIPType:         string(c.IPType),
		indicator.DimProgrammeLevel: string(c.ProgrammeLevel),
		indicator.DimSize:           size,
	}
	month := indicator.MonthOfDate(c.CertifiedOn)
	measures := []struct {
		id    string
		value int64
	}{
		{indicator.TechContractCount, 1},
		{indicator.TechContractAmount, c.ContractAmountFen},
		{indicator.TechContractTechAmount, c.TechAmountFen},
	}
	dims := rollupDimensions()
	rows := make([]indicator.Row, 0, len(measures)*(1+len(dims)))
	for _, m := range measures {
		rows = append(rows, indicator.Row{ZoneID: c.ZoneID, Month: month, Indicator: m.id, Dim: indicator.Total, Value: sign * m.value})
		for _, d := range dims {
			rows = append(rows, indicator.Row{ZoneID: c.ZoneID, Month: month, Indicator: m.id, Dim: indicator.Dim(d, values[d]), Value: sign * m.value})
		}
	}
	return rows
}

// rollupDimensions are the dimensions the contract indicators declare.
func rollupDimensions() []string {
	return []string{indicator.DimType, indicator.DimCategory, indicator.DimField, indicator.DimSellerNature,
		indicator.DimBuyerNature, indicator.DimIPType, indicator.DimProgrammeLevel, indicator.DimSize}
}
