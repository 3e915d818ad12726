package apitypes

import (
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
)

// ContractStatus is where a contract stands in the workflow.
type ContractStatus string

// Enum lists the statuses.
func (ContractStatus) Enum() []string { return strs(contract.Statuses()) }

// ContractType is a contract type code.
type ContractType string

// Enum lists the types.
func (ContractType) Enum() []string { return strs(contract.Types()) }

// DeductionKind is what a deduction line deducts.
type DeductionKind string

// Enum lists the kinds.
func (DeductionKind) Enum() []string { return strs(contract.DeductionKinds()) }

// RefusalCode is why a contract was not registered.
type RefusalCode string

// Enum lists the reasons.
func (RefusalCode) Enum() []string { return strs(contract.RefusalReasons()) }

// Eligibility is a VAT exemption estimate's outcome.
type Eligibility string

// Enum lists the outcomes.
func (Eligibility) Enum() []string {
	return strs([]contract.Eligibility{contract.Eligible, contract.Conditional, contract.NotEligible})
}

// ContractParty is a party to a contract.
type ContractParty struct {
	Name    string `json:"name"`
	USCC    string `json:"uscc" doc:"unified social credit code; empty when the party has none"`
	Nature  string `json:"nature" doc:"three-digit nature code (010 … 400)"`
	Region  string `json:"region" doc:"GB/T 2260 six digits"`
	Country string `json:"country" doc:"ISO 3166-1 alpha-2"`
}

// Deduction is a deduction line.
type Deduction struct {
	Kind      DeductionKind `json:"kind"`
	AmountFen int64         `json:"amount_fen"`
}

// Payment is a payment received.
type Payment struct {
	On        civil.Date `json:"on"`
	AmountFen int64      `json:"amount_fen"`
}

// Contract is a contract with its lines.
type Contract struct {
	ID                int64          `json:"id"`
	ZoneID            int64          `json:"zone_id"`
	ZoneName          string         `json:"zone_name"`
	SellerID          int64          `json:"seller_id"`
	Seller            ContractParty  `json:"seller"`
	Name              string         `json:"name"`
	ContractNo        string         `json:"contract_no,omitempty" doc:"the parties' own number (合同编号)"`
	Type              string         `json:"type" doc:"contract type code; empty in a draft that has none yet"`
	LicenceSubtype    string         `json:"licence_subtype,omitempty" enum:"exclusive,sole,ordinary"`
	SignedOn          *civil.Date    `json:"signed_on"`
	ValidFrom         *civil.Date    `json:"valid_from"`
	ValidTo           *civil.Date    `json:"valid_to"`
	Field             string         `json:"field" doc:"technical field \"01\"–\"11\""`
	IPType            string         `json:"ip_type"`
	ProgrammeLevel    string         `json:"programme_level"`
	Buyer             ContractParty  `json:"buyer"`
	ContractAmountFen int64          `json:"contract_amount_fen"`
	Deductions        []Deduction    `json:"deductions"`
	Payments          []Payment      `json:"payments"`
	TechAmountFen     int64          `json:"tech_amount_fen"`
	TechAmountFixed   bool           `json:"tech_amount_fixed" doc:"the registrar fixed the technology amount"`
	Status            ContractStatus `json:"status"`
	RuleSet           string         `json:"rule_set,omitempty"`
	AcceptedOn        *civil.Date    `json:"accepted_on"`
	Deadline          *civil.Date    `json:"deadline"`
	Disputed          bool           `json:"disputed"`
	ReturnReason      string         `json:"return_reason,omitempty"`
	RegNo             string         `json:"reg_no,omitempty"`
	CertifiedOn       *civil.Date    `json:"certified_on"`
	RegisteredBy      int64          `json:"registered_by,omitempty"`
	PointID           int64          `json:"point_id,omitempty"`
	PointName         string         `json:"point_name,omitempty"`
	RegistrarName     string         `json:"registrar_name,omitempty"`
	RefusalCode       RefusalCode    `json:"refusal_code,omitempty"`
	RefusalReason     string         `json:"refusal_reason,omitempty"`
	RefusedOn         *civil.Date    `json:"refused_on"`
	Amendments        int            `json:"amendments"`
	AmendedOn         *civil.Date    `json:"amended_on"`
	AmendReason       string         `json:"amend_reason,omitempty"`
	CancelledOn       *civil.Date    `json:"cancelled_on"`
	CancelReason      string         `json:"cancel_reason,omitempty"`
	Version           int            `json:"version"`
	CreatedAt         time.Time      `json:"created_at"`
	UpdatedAt         time.Time      `json:"updated_at"`
}

// ContractSummary is a contract in a list.
type ContractSummary struct {
	ID                int64          `json:"id"`
	ZoneID            int64          `json:"zone_id"`
	ZoneName          string         `json:"zone_name"`
	SellerID          int64          `json:"seller_id"`
	SellerName        string         `json:"seller_name"`
	Name              string         `json:"name"`
	Type              string         `json:"type"`
	Field             string         `json:"field"`
	BuyerName         string         `json:"buyer_name"`
	ContractAmountFen int64          `json:"contract_amount_fen"`
	TechAmountFen     int64          `json:"tech_amount_fen"`
	Status            ContractStatus `json:"status"`
	RuleSet           string         `json:"rule_set,omitempty"`
	RegNo             string         `json:"reg_no,omitempty"`
	SignedOn          *civil.Date    `json:"signed_on"`
	AcceptedOn        *civil.Date    `json:"accepted_on"`
	Deadline          *civil.Date    `json:"deadline"`
	CertifiedOn       *civil.Date    `json:"certified_on"`
	Overdue           bool           `json:"overdue"`
}

// PartyBody is a party in a request; absent fields stay as they are.
type PartyBody struct {
	Name    *string `json:"name,omitempty"`
	USCC    *string `json:"uscc,omitempty" doc:"unified social credit code; empty when the party has none"`
	Nature  *string `json:"nature,omitempty" doc:"three-digit nature code (010 … 400)"`
	Region  *string `json:"region,omitempty" doc:"GB/T 2260 six digits"`
	Country *string `json:"country,omitempty" doc:"ISO 3166-1 alpha-2; default CN"`
}

// DeductionBody is a deduction line in a request.
type DeductionBody struct {
	Kind      DeductionKind `json:"kind"`
	AmountFen int64         `json:"amount_fen"`
}

// PaymentBody is a payment in a request.
type PaymentBody struct {
	On        string `json:"on" doc:"YYYY-MM-DD"`
	AmountFen int64  `json:"amount_fen"`
}

// ContractTerms are a contract's changeable terms; absent ones stay as they
// are. Dates are YYYY-MM-DD strings, so a bad one is a 422 naming it.
type ContractTerms struct {
	Name              *string          `json:"name,omitempty"`
	ContractNo        *string          `json:"contract_no,omitempty" doc:"the parties' own number (合同编号)"`
	Type              *ContractType    `json:"type,omitempty"`
	LicenceSubtype    *string          `json:"licence_subtype,omitempty" enum:"exclusive,sole,ordinary" doc:"LIC_PATENT only"`
	SignedOn          *string          `json:"signed_on,omitempty" doc:"YYYY-MM-DD"`
	ValidFrom         *string          `json:"valid_from,omitempty" doc:"YYYY-MM-DD"`
	ValidTo           *string          `json:"valid_to,omitempty" doc:"YYYY-MM-DD"`
	Field             *string          `json:"field,omitempty" doc:"technical field \"01\"–\"11\""`
	IPType            *string          `json:"ip_type,omitempty"`
	ProgrammeLevel    *string          `json:"programme_level,omitempty" enum:"national,ministerial,provincial,local,none"`
	Buyer             *PartyBody       `json:"buyer,omitempty"`
	ContractAmountFen *int64           `json:"contract_amount_fen,omitempty"`
	Deductions        *[]DeductionBody `json:"deductions,omitempty"`
	Payments          *[]PaymentBody   `json:"payments,omitempty"`
}

// NewContract is the body drafting a contract.
type NewContract struct {
	Version  *int   `json:"version,omitempty" doc:"ignored"`
	SellerID *int64 `json:"seller_id,omitempty" doc:"registrar only: the seller enterprise (default: the caller's enterprise)"`
	ContractTerms
}

// ContractPatch is the body changing a draft or returned contract.
type ContractPatch struct {
	Version  *int   `json:"version" null:"false" doc:"the version read; a change made since is a conflict (409)"`
	SellerID *int64 `json:"seller_id,omitempty" doc:"cannot change: refused (422)"`
	ContractTerms
}

// ContractAmend is the body amending a registered contract.
type ContractAmend struct {
	Version  *int   `json:"version,omitempty" doc:"the version read; a change made since is a conflict (409)"`
	SellerID *int64 `json:"seller_id,omitempty" doc:"cannot change: refused (422)"`
	ContractTerms
	Reason        string `json:"reason" text:"multiline"`
	TechAmountFen *int64 `json:"tech_amount_fen,omitempty" doc:"fixes the technology amount"`
}

// ContractEvent is the body of a workflow step; each step reads its part.
type ContractEvent struct {
	Version        *int         `json:"version,omitempty" doc:"the version read; a change made since is a conflict (409)"`
	Reason         string       `json:"reason,omitempty" text:"multiline" doc:"return, refuse, cancel: why"`
	ReasonCode     *RefusalCode `json:"reason_code,omitempty" doc:"refuse: the reason's code"`
	TechAmountFen  *int64       `json:"tech_amount_fen,omitempty" doc:"register: fixes the technology amount"`
	Field          string       `json:"field,omitempty" doc:"register: corrects the technical field"`
	Type           string       `json:"type,omitempty" doc:"register: corrects the contract type"`
	LicenceSubtype string       `json:"licence_subtype,omitempty" doc:"register: corrects the licence subtype"`
	Disputed       bool         `json:"disputed,omitempty" doc:"second-review: the parties dispute it"`
}

// ContractCreated is a new draft.
type ContractCreated struct {
	ID     int64          `json:"id"`
	Status ContractStatus `json:"status"`
}

// ContractResult is a contract after a workflow step.
type ContractResult struct {
	ID       int64          `json:"id"`
	Status   ContractStatus `json:"status"`
	Version  int            `json:"version"`
	RegNo    string         `json:"reg_no,omitempty"`
	Deadline *civil.Date    `json:"deadline"`
}

// ContractStep is one step of a contract's workflow history.
type ContractStep struct {
	ID          int64       `json:"id"`
	Event       string      `json:"event"`
	From        string      `json:"from" doc:"status before; empty for the creation"`
	To          string      `json:"to"`
	At          time.Time   `json:"at"`
	ActorID     int64       `json:"actor_id"`
	ActorName   string      `json:"actor_name"`
	Role        Role        `json:"role"`
	Reason      string      `json:"reason,omitempty"`
	RefusalCode RefusalCode `json:"refusal_code,omitempty"`
	RegNo       string      `json:"reg_no,omitempty"`
}

// Attachment is a file kept with a contract.
type Attachment struct {
	ID          int64     `json:"id"`
	ContractID  int64     `json:"contract_id"`
	ZoneID      int64     `json:"zone_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type" enum:"application/pdf,image/jpeg,image/png"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256" pattern:"^[0-9a-f]{64}$"`
	UploadedBy  int64     `json:"uploaded_by,omitempty"`
	Uploader    string    `json:"uploader"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// AttachmentForm is the multipart body uploading a file.
type AttachmentForm struct {
	File string `json:"file" format:"binary" doc:"PDF, JPEG or PNG; at most 10 MiB"`
}

// VATEstimate is whether a contract's income may be exempt from VAT.
type VATEstimate struct {
	Eligibility Eligibility `json:"eligibility"`
	RuleKey     string      `json:"rule_key"`
	NoteKeys    []string    `json:"note_keys" doc:"conditions and caveats (catalog keys), in display order"`
}

// ContractBenefits are a contract's benefit estimates.
type ContractBenefits struct {
	VAT                VATEstimate        `json:"vat"`
	IncomeTaxQualifies bool               `json:"income_tax_qualifies"`
	IncomeTaxReasonKey string             `json:"income_tax_reason_key"`
	Large              bool               `json:"large"`
	TaxYear            *IncomeTaxEstimate `json:"tax_year" doc:"the seller's tax year of the certificate; null before registration"`
}

// IncomeTaxLine is one contract in an income-tax estimate.
type IncomeTaxLine struct {
	ContractID int64  `json:"contract_id"`
	RegNo      string `json:"reg_no"`
	AmountFen  int64  `json:"amount_fen"`
	Qualifies  bool   `json:"qualifies"`
	ReasonKey  string `json:"reason_key"`
}

// IncomeTaxEstimate is the income tax on a seller's technology-transfer
// income in a tax year.
type IncomeTaxEstimate struct {
	SellerID   int64           `json:"seller_id"`
	TaxYear    int             `json:"tax_year"`
	IncomeFen  int64           `json:"income_fen"`
	ExemptFen  int64           `json:"exempt_fen"`
	TaxableFen int64           `json:"taxable_fen"`
	TaxFen     int64           `json:"tax_fen"`
	SavingFen  int64           `json:"saving_fen"`
	RuleKey    string          `json:"rule_key"`
	BasisKey   string          `json:"basis_key"`
	Lines      []IncomeTaxLine `json:"lines"`
}

// RegistrationPoint is a zone's registration point.
type RegistrationPoint struct {
	ID         int64  `json:"id"`
	ZoneID     int64  `json:"zone_id"`
	Code       string `json:"code" doc:"digits: the point segment of registration numbers"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code" doc:"GB/T 2260 six digits: province and prefecture segments"`
}

// RegistrationPointBody is the body setting up a registration point.
type RegistrationPointBody struct {
	Code       string `json:"code" doc:"digits: the point segment of registration numbers"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code" doc:"GB/T 2260 six digits: province and prefecture segments"`
}
