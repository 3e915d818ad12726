package contract

import "github.com/innopark/innopark/internal/civil"

// Benefits are estimates shown to the seller: the platform never files
// anything, and the tax office decides. Each result names the rule it used.

// OverdueAt reports whether the registration point is past c's deadline on
// today: still pending after the deadline day.
func OverdueAt(c Contract, today civil.Date) bool {
	return c.Status.Pending() && !c.Deadline.IsZero() && today.After(c.Deadline)
}

// Eligibility is how likely a benefit applies.
type Eligibility string

const (
	Eligible    Eligibility = "eligible"
	Conditional Eligibility = "conditional" // only together with another contract or condition
	NotEligible Eligibility = "not_eligible"
)

// Key is the catalog key of e's name.
func (e Eligibility) Key() string { return "contract.benefit.eligibility." + string(e) }

// VATEstimate is whether a contract's income may be exempt from VAT.
type VATEstimate struct {
	Eligibility Eligibility `json:"eligibility"`
	RuleKey     string      `json:"rule_key"`  // the rule applied (财税〔2016〕36号, annex 3)
	NoteKeys    []string    `json:"note_keys"` // conditions and caveats, in display order
}

// VATExemption estimates VAT exemption by type: development, transfer and
// licence income is exempt; consulting and services only when invoiced with
// a development or transfer they go with. The exemption needs the contract
// registered; a cancelled registration has none.
func VATExemption(c Contract) VATEstimate {
	e := VATEstimate{RuleKey: "contract.benefit.vat.rule"}
	switch c.Type.Category() {
	case CatDevelopment, CatTransfer, CatLicence:
		e.Eligibility = Eligible
	case CatConsulting, CatService:
		e.Eligibility = Conditional
		e.NoteKeys = append(e.NoteKeys, "contract.benefit.vat.note.same_invoice")
	default:
		e.Eligibility = NotEligible
	}
	switch c.Status {
	case Cancelled, Refused:
		e.Eligibility = NotEligible
		e.NoteKeys = []string{"contract.benefit.note.not_registered"}
	case Registered:
	default:
		e.NoteKeys = append(e.NoteKeys, "contract.benefit.note.register_first")
	}
	return e
}

// IncomeTaxExemptFen is the technology-transfer income exempt from
// enterprise income tax per seller and tax year: ¥5,000,000.
const IncomeTaxExemptFen int64 = 5_000_000 * 100

// IncomeTaxQualifies reports whether c's income can be technology-transfer
// income, with the catalog key of the reason: a transfer, or a licence of
// five years or more, of a patent, software copyright, IC layout, plant or
// biomedical variety. Status is not looked at (see EstimateIncomeTax).
func IncomeTaxQualifies(c Contract) (bool, string) {
	switch {
	case c.Type == TrfPatentApp:
		// The right to apply is not yet a patent.
		return false, "contract.benefit.eit.patent_application"
	case c.Type.Category() != CatTransfer && c.Type.Category() != CatLicence:
		return false, "contract.benefit.eit.not_transfer"
	case !c.IPType.QualifiesForIncomeTax():
		return false, "contract.benefit.eit.ip_excluded"
	case c.Type.IsLicence() && !atLeastYears(c.ValidFrom, c.ValidTo, 5):
		return false, "contract.benefit.eit.licence_short"
	case c.Type.IsLicence():
		return true, "contract.benefit.eit.licence_5y"
	}
	return true, "contract.benefit.eit.transfer"
}

// atLeastYears reports whether the term from..to (both days included) lasts
// n years or more: 2020-01-01..2024-12-31 is five years.
func atLeastYears(from, to civil.Date, n int) bool {
	if from.IsZero() || to.IsZero() {
		return false
	}
	end := civil.Of(from.Time().AddDate(n, 0, -1))
	return !to.Before(end)
}

// IncomeTaxLine is one of the seller's contracts registered in the tax year.
type IncomeTaxLine struct {
	ContractID int64  `json:"contract_id"`
	RegNo      string `json:"reg_no"`
	AmountFen  int64  `json:"amount_fen"` // its technology amount
	Qualifies  bool   `json:"qualifies"`
	ReasonKey  string `json:"reason_key"`
}

// IncomeTaxEstimate is the enterprise-income-tax estimate on a seller's
// technology-transfer income for one tax year, at the standard 25% rate.
type IncomeTaxEstimate struct {
	SellerID   int64 `json:"seller_id"`
	TaxYear    int   `json:"tax_year"`
	IncomeFen  int64 `json:"income_fen"`  // qualifying technology amounts
	ExemptFen  int64 `json:"exempt_fen"`  // up to ¥5,000,000, tax-free
	TaxableFen int64 `json:"taxable_fen"` // the excess, taxed at half the rate
	TaxFen     int64 `json:"tax_fen"`     // max(0, income − 5,000,000) × 25% × 50%
	SavingFen  int64 `json:"saving_fen"`  // income × 25% − TaxFen

	RuleKey  string          `json:"rule_key"`  // which case applied
	BasisKey string          `json:"basis_key"` // the legal basis
	Lines    []IncomeTaxLine `json:"lines"`
}

// EstimateIncomeTax estimates the tax on sellerID's technology-transfer
// income in taxYear. The income of a contract is its technology amount
// (技术交易额), counted in the year of its registration certificate; the
// estimate ignores the costs the tax office would deduct, so it is an upper
// bound. Contracts of other sellers or years are ignored; a registration
// cancelled since is listed, not counted.
func EstimateIncomeTax(sellerID int64, taxYear int, contracts []Contract) IncomeTaxEstimate {
	e := IncomeTaxEstimate{SellerID: sellerID, TaxYear: taxYear,
		BasisKey: "contract.benefit.eit.basis"}
	for _, c := range contracts {
		if c.SellerID != sellerID || c.CertifiedOn.IsZero() || c.CertifiedOn.Year != taxYear {
			continue
		}
		l := IncomeTaxLine{ContractID: c.ID, RegNo: c.RegNo, AmountFen: c.TechAmountFen}
		l.Qualifies, l.ReasonKey = IncomeTaxQualifies(c)
		if c.Status != Registered {
			l.Qualifies, l.ReasonKey = false, "contract.benefit.note.not_registered"
		}
		if l.Qualifies {
			e.IncomeFen += l.AmountFen
		}
		e.Lines = append(e.Lines, l)
	}
	switch {
	case e.IncomeFen == 0:
		e.RuleKey = "contract.benefit.eit.rule.none"
	case e.IncomeFen <= IncomeTaxExemptFen:
		e.RuleKey = "contract.benefit.eit.rule.exempt"
	default:
		e.RuleKey = "contract.benefit.eit.rule.half"
	}
	e.ExemptFen = min(e.IncomeFen, IncomeTaxExemptFen)
	e.TaxableFen = e.IncomeFen - e.ExemptFen
	e.TaxFen = roundDiv(e.TaxableFen, 8)              // × 25% × 50%
	e.SavingFen = roundDiv(e.IncomeFen, 4) - e.TaxFen // full 25% less the estimate
	return e
}

// roundDiv divides a non-negative amount, rounding half up to the fen.
func roundDiv(x, d int64) int64 { return (x + d/2) / d }

// ContractBenefits are the estimates for one contract.
type ContractBenefits struct {
	VAT                VATEstimate `json:"vat"`
	IncomeTaxQualifies bool        `json:"income_tax_qualifies"`
	IncomeTaxReasonKey string      `json:"income_tax_reason_key"`
	Large              bool        `json:"large"`
}

// BenefitsOf gathers the per-contract estimates.
func BenefitsOf(c Contract) ContractBenefits {
	b := ContractBenefits{VAT: VATExemption(c), Large: Large(c)}
	b.IncomeTaxQualifies, b.IncomeTaxReasonKey = IncomeTaxQualifies(c)
	return b
}
