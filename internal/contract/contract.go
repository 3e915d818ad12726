package contract

import (
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
)

// Party is one side of a contract as stated on it. For the seller it is a
// snapshot of the enterprise record taken when the contract is created, so a
// later rename does not rewrite registered contracts.
type Party struct {
	Name    string `json:"name"`
	USCC    string `json:"uscc"`    // unified social credit code; "" when the party has none
	Nature  Nature `json:"nature"`  // three-digit nature code
	Region  string `json:"region"`  // GB/T 2260 six digits; required for parties in China
	Country string `json:"country"` // ISO 3166-1 alpha-2; "" is read as CN
}

// Deduction is one non-technical cost line (设备、仪器、零部件、原材料).
type Deduction struct {
	Kind      DeductionKind `json:"kind"`
	AmountFen int64         `json:"amount_fen"`
}

// Payment is money the seller has received under the contract.
type Payment struct {
	On        civil.Date `json:"on"`
	AmountFen int64      `json:"amount_fen"`
}

// Terms are the facts the parties agreed and the applicant states. They are
// what editing a draft, and amending a registered contract, may change; the
// rest of Contract belongs to the workflow.
type Terms struct {
	Name           string         `json:"name"`
	ContractNo     string         `json:"contract_no,omitempty"` // the parties' own number (合同编号), if any
	Type           Type           `json:"type"`
	LicenceSubtype LicenceSubtype `json:"licence_subtype,omitempty"`
	SignedOn       civil.Date     `json:"signed_on"`
	ValidFrom      civil.Date     `json:"valid_from"`
	ValidTo        civil.Date     `json:"valid_to"`
	Field          Field          `json:"field"`
	IPType         IPType         `json:"ip_type"`
	ProgrammeLevel ProgrammeLevel `json:"programme_level"`
	Buyer          Party          `json:"buyer"`

	ContractAmountFen int64       `json:"contract_amount_fen"` // 成交额
	Deductions        []Deduction `json:"deductions"`
	Payments          []Payment   `json:"payments"`
}

// Contract is a registration record.
type Contract struct {
	ID       int64 `json:"id"`
	ZoneID   int64 `json:"zone_id"`   // the zone whose registration point handles it
	SellerID int64 `json:"seller_id"` // the applicant: an enterprise id
	Seller   Party `json:"seller"`

	Terms

	// TechAmountFen is 技术交易额: contract amount less deductions, unless
	// the registrar fixed it (TechAmountFixed) when registering or amending.
	TechAmountFen   int64 `json:"tech_amount_fen"`
	TechAmountFixed bool  `json:"tech_amount_fixed"`

	// Workflow. RuleSet is chosen by AcceptedOn, which a corrected
	// resubmission moves, so the two always agree (see RuleSetFor).
	Status       Status     `json:"status"`
	RuleSet      RuleSetID  `json:"rule_set,omitempty"`
	AcceptedOn   civil.Date `json:"accepted_on"`
	Deadline     civil.Date `json:"deadline"`
	Disputed     bool       `json:"disputed"` // sends it to expert review under the 2026 rules
	ReturnReason string     `json:"return_reason,omitempty"`

	RegNo        string     `json:"reg_no,omitempty"`
	CertifiedOn  civil.Date `json:"certified_on"`            // date of the registration certificate
	RegisteredBy int64      `json:"registered_by,omitempty"` // registrar's user id
	PointID      int64      `json:"point_id,omitempty"`      // the registration point (agency) that registered it

	RefusalCode   RefusalReason `json:"refusal_code,omitempty"`
	RefusalReason string        `json:"refusal_reason,omitempty"`
	RefusedOn     civil.Date    `json:"refused_on"`

	// A registered contract stays registered when amended: it still counts
	// in every report; Amendments says how often its terms were changed.
	Amendments   int        `json:"amendments"`
	AmendedOn    civil.Date `json:"amended_on"`
	AmendReason  string     `json:"amend_reason,omitempty"`
	CancelledOn  civil.Date `json:"cancelled_on"`
	CancelReason string     `json:"cancel_reason,omitempty"`

	// Version is the store's optimistic lock; this package never changes it.
	Version int `json:"version"`
}

// Place is where c lives, for access scope checks.
func (c Contract) Place() access.Place {
	return access.Place{ZoneID: c.ZoneID, EnterpriseID: c.SellerID}
}

// DeductionsFen is the sum of the deduction lines.
func (t Terms) DeductionsFen() int64 {
	var s int64
	for _, d := range t.Deductions {
		s += d.AmountFen
	}
	return s
}

// PaidFen is the sum of the payments received.
func (t Terms) PaidFen() int64 {
	var s int64
	for _, p := range t.Payments {
		s += p.AmountFen
	}
	return s
}

// LargeThresholdFen is the contract amount from which a contract is "large"
// in reports: ¥10,000,000.
const LargeThresholdFen int64 = 10_000_000 * 100

// Large reports whether c is a large contract (成交额 ≥ ¥10,000,000).
func Large(c Contract) bool { return c.ContractAmountFen >= LargeThresholdFen }

// Normalize tidies what people type and fills what follows from other
// fields, so Validate judges the contract as it will be stored: trims text,
// upper-cases codes, reads an empty country as CN, defaults the programme
// level to none and the IP type from the contract type, and computes the
// technology amount unless the registrar fixed it. Transition calls it; call
// it yourself before Validate elsewhere (import).
func Normalize(c *Contract) {
	normParty(&c.Seller)
	normParty(&c.Buyer)
	c.Name = strings.TrimSpace(c.Name)
	c.ContractNo = strings.TrimSpace(c.ContractNo)
	c.Type = Type(strings.ToUpper(strings.TrimSpace(string(c.Type))))
	c.LicenceSubtype = LicenceSubtype(strings.TrimSpace(string(c.LicenceSubtype)))
	c.Field = Field(strings.TrimSpace(string(c.Field)))
	if c.ProgrammeLevel == "" {
		c.ProgrammeLevel = ProgNone
	}
	if c.IPType == "" {
		c.IPType = defaultIPType(c.Type)
	}
	if !c.TechAmountFixed {
		c.TechAmountFen = c.ContractAmountFen - c.DeductionsFen()
	}
}

func normParty(p *Party) {
	p.Name = strings.TrimSpace(p.Name)
	p.USCC = strings.ToUpper(strings.TrimSpace(p.USCC))
	p.Nature = Nature(strings.TrimSpace(string(p.Nature)))
	p.Region = strings.TrimSpace(p.Region)
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	if p.Country == "" {
		p.Country = "CN"
	}
}

// defaultIPType is the IP a type necessarily involves; "" where the
// applicant must say (other IP) and none where no IP need change hands.
func defaultIPType(t Type) IPType {
	switch t {
	case TrfPatent, TrfPatentApp, LicPatent:
		return IPPatent
	case TrfSecret, LicSecret:
		return IPTechSecret
	case TrfOtherIP, LicOtherIP:
		return ""
	}
	return IPNone
}
