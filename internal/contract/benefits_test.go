package contract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVATExemption(t *testing.T) {
	tests := []struct {
		ty     Type
		status Status
		want   VATEstimate
	}{
		{DevEntrusted, Registered, VATEstimate{Eligible, "contract.benefit.vat.rule", nil}},
		{DevCoop, Registered, VATEstimate{Eligible, "contract.benefit.vat.rule", nil}},
		{TrfPatent, Registered, VATEstimate{Eligible, "contract.benefit.vat.rule", nil}},
		{TrfSecret, Registered, VATEstimate{Eligible, "contract.benefit.vat.rule", nil}},
		{LicOtherIP, Registered, VATEstimate{Eligible, "contract.benefit.vat.rule", nil}},
		{Consult, Registered, VATEstimate{Conditional, "contract.benefit.vat.rule",
			[]string{"contract.benefit.vat.note.same_invoice"}}},
		{Svc, Registered, VATEstimate{Conditional, "contract.benefit.vat.rule",
			[]string{"contract.benefit.vat.note.same_invoice"}}},
		{SvcTraining, Registered, VATEstimate{Conditional, "contract.benefit.vat.rule",
			[]string{"contract.benefit.vat.note.same_invoice"}}},
		{SvcBroker, Submitted, VATEstimate{Conditional, "contract.benefit.vat.rule",
			[]string{"contract.benefit.vat.note.same_invoice", "contract.benefit.note.register_first"}}},
		{DevEntrusted, Draft, VATEstimate{Eligible, "contract.benefit.vat.rule",
			[]string{"contract.benefit.note.register_first"}}},
		{TrfPatent, Cancelled, VATEstimate{NotEligible, "contract.benefit.vat.rule",
			[]string{"contract.benefit.note.not_registered"}}},
		{Consult, Refused, VATEstimate{NotEligible, "contract.benefit.vat.rule",
			[]string{"contract.benefit.note.not_registered"}}},
		{"BOGUS", Registered, VATEstimate{NotEligible, "contract.benefit.vat.rule", nil}},
	}
	for _, tt := range tests {
		c := validContract()
		c.Type, c.Status = tt.ty, tt.status
		if diff := cmp.Diff(tt.want, VATExemption(c)); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tt.ty, tt.status, diff)
		}
	}
}

func TestIncomeTaxQualifies(t *testing.T) {
	tests := []struct {
		name     string
		ty       Type
		ip       IPType
		from, to string
		want     bool
		reason   string
	}{
		{"patent assignment", TrfPatent, IPPatent, "2026-01-01", "2026-06-30", true, "contract.benefit.eit.transfer"},
		{"software transfer", TrfOtherIP, IPSoftware, "2026-01-01", "2026-01-01", true, "contract.benefit.eit.transfer"},
		{"IC layout", TrfOtherIP, IPICLayout, "2026-01-01", "2026-01-01", true, "contract.benefit.eit.transfer"},
		{"plant variety", TrfOtherIP, IPPlantVariety, "2026-01-01", "2026-01-01", true, "contract.benefit.eit.transfer"},
		{"biomedical variety", TrfOtherIP, IPBiomedicalVariety, "2026-01-01", "2026-01-01", true, "contract.benefit.eit.transfer"},
		{"patent application right", TrfPatentApp, IPPatent, "2026-01-01", "2030-01-01", false, "contract.benefit.eit.patent_application"},
		{"know-how", TrfSecret, IPTechSecret, "2026-01-01", "2040-01-01", false, "contract.benefit.eit.ip_excluded"},
		{"other IP", TrfOtherIP, IPOther, "2026-01-01", "2040-01-01", false, "contract.benefit.eit.ip_excluded"},
		{"development", DevEntrusted, IPPatent, "2026-01-01", "2040-01-01", false, "contract.benefit.eit.not_transfer"},
		{"consulting", Consult, IPNone, "2026-01-01", "2040-01-01", false, "contract.benefit.eit.not_transfer"},
		{"service", Svc, IPNone, "2026-01-01", "2040-01-01", false, "contract.benefit.eit.not_transfer"},
		{"licence exactly five years", LicPatent, IPPatent, "2020-01-01", "2024-12-31", true, "contract.benefit.eit.licence_5y"},
		{"licence a day short", LicPatent, IPPatent, "2020-01-01", "2024-12-30", false, "contract.benefit.eit.licence_short"},
		{"licence from 29 February", LicOtherIP, IPSoftware, "2024-02-29", "2029-02-28", true, "contract.benefit.eit.licence_5y"},
		{"licence one year", LicOtherIP, IPSoftware, "2026-01-01", "2026-12-31", false, "contract.benefit.eit.licence_short"},
		{"licence of know-how, long", LicSecret, IPTechSecret, "2020-01-01", "2035-12-31", false, "contract.benefit.eit.ip_excluded"},
	}
	for _, tt := range tests {
		c := validContract()
		c.Type, c.IPType, c.ValidFrom, c.ValidTo = tt.ty, tt.ip, d(tt.from), d(tt.to)
		ok, reason := IncomeTaxQualifies(c)
		if ok != tt.want || reason != tt.reason {
			t.Errorf("%s: %v %s, want %v %s", tt.name, ok, reason, tt.want, tt.reason)
		}
	}
}

func TestEstimateIncomeTax(t *testing.T) {
	const yuan = 100
	mk := func(id int64, ty Type, ip IPType, techYuan int64, certified string) Contract {
		c := validContract()
		c.ID, c.Type, c.IPType, c.Status = id, ty, ip, Registered
		c.TechAmountFen, c.CertifiedOn, c.RegNo = techYuan*yuan, d(certified), "reg"
		c.ValidFrom, c.ValidTo = d("2023-01-01"), d("2030-12-31")
		return c
	}
	patent := func(id, techYuan int64) Contract { return mk(id, TrfPatent, IPPatent, techYuan, "2023-06-01") }

	tests := []struct {
		name      string
		contracts []Contract
		income    int64
		tax       int64
		saving    int64
		rule      string
		lines     int
	}{
		{"nothing", nil, 0, 0, 0, "contract.benefit.eit.rule.none", 0},
		{"below ¥5M", []Contract{patent(1, 3_000_000)}, 300_000_000, 0, 75_000_000,
			"contract.benefit.eit.rule.exempt", 1},
		{"exactly ¥5M over two contracts", []Contract{patent(1, 2_000_000), patent(2, 3_000_000)},
			500_000_000, 0, 125_000_000, "contract.benefit.eit.rule.exempt", 2},
		{"one fen over", []Contract{func() Contract { c := patent(1, 5_000_000); c.TechAmountFen++; return c }()},
			500_000_001, 0, 125_000_000, "contract.benefit.eit.rule.half", 1},
		{"above: (8M − 5M) × 12.5%", []Contract{patent(1, 8_000_000)}, 800_000_000, 37_500_000,
			162_500_000, "contract.benefit.eit.rule.half", 1},
		{"rounding half up", []Contract{func() Contract { c := patent(1, 5_000_000); c.TechAmountFen += 4; return c }()},
			500_000_004, 1, 125_000_000, "contract.benefit.eit.rule.half", 1},
		{"ineligible types listed, not counted", []Contract{
			patent(1, 1_000_000),
			mk(2, Consult, IPNone, 9_000_000, "2023-03-01"),
			mk(3, TrfSecret, IPTechSecret, 9_000_000, "2023-03-01"),
			mk(4, TrfPatentApp, IPPatent, 9_000_000, "2023-03-01"),
			mk(5, DevEntrusted, IPPatent, 9_000_000, "2023-03-01"),
		}, 100_000_000, 0, 25_000_000, "contract.benefit.eit.rule.exempt", 5},
		{"short licence not counted, long one counted", []Contract{
			func() Contract {
				c := mk(1, LicPatent, IPPatent, 7_000_000, "2023-02-01")
				c.ValidFrom, c.ValidTo = d("2023-01-01"), d("2027-12-30")
				return c
			}(),
			mk(2, LicPatent, IPPatent, 6_000_000, "2023-02-01"),
		}, 600_000_000, 12_500_000, 137_500_000, "contract.benefit.eit.rule.half", 2},
		{"other years and sellers ignored, cancelled listed", []Contract{
			patent(1, 2_000_000),
			mk(2, TrfPatent, IPPatent, 9_000_000, "2022-12-31"),
			mk(3, TrfPatent, IPPatent, 9_000_000, "2024-01-01"),
			func() Contract { c := patent(4, 9_000_000); c.SellerID = 77; return c }(),
			func() Contract { c := patent(5, 9_000_000); c.Status = Cancelled; return c }(),
			func() Contract { c := patent(6, 9_000_000); c.CertifiedOn = zeroDate(); c.Status = Submitted; return c }(),
		}, 200_000_000, 0, 50_000_000, "contract.benefit.eit.rule.exempt", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := EstimateIncomeTax(testSeller, 2023, tt.contracts)
			if e.IncomeFen != tt.income || e.TaxFen != tt.tax || e.SavingFen != tt.saving ||
				e.RuleKey != tt.rule || len(e.Lines) != tt.lines {
				t.Errorf("got income %d tax %d saving %d rule %s lines %d",
					e.IncomeFen, e.TaxFen, e.SavingFen, e.RuleKey, len(e.Lines))
			}
			if e.ExemptFen+e.TaxableFen != e.IncomeFen || e.ExemptFen > IncomeTaxExemptFen ||
				e.SellerID != testSeller || e.TaxYear != 2023 || e.BasisKey != "contract.benefit.eit.basis" {
				t.Errorf("inconsistent estimate %+v", e)
			}
		})
	}
}

func TestEstimateIncomeTaxLines(t *testing.T) {
	ok := validContract()
	ok.ID, ok.Type, ok.IPType, ok.Status, ok.RegNo = 1, TrfPatent, IPPatent, Registered, "23610801000001"
	ok.CertifiedOn, ok.TechAmountFen = d("2023-05-05"), 100
	gone := ok
	gone.ID, gone.Status = 2, Cancelled
	svc := ok
	svc.ID, svc.Type, svc.IPType = 3, Svc, IPNone
	e := EstimateIncomeTax(testSeller, 2023, []Contract{ok, gone, svc})
	want := []IncomeTaxLine{
		{1, "23610801000001", 100, true, "contract.benefit.eit.transfer"},
		{2, "23610801000001", 100, false, "contract.benefit.note.not_registered"},
		{3, "23610801000001", 100, false, "contract.benefit.eit.not_transfer"},
	}
	if diff := cmp.Diff(want, e.Lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBenefitsOf(t *testing.T) {
	c := validContract()
	c.Type, c.IPType, c.Status, c.ContractAmountFen = TrfPatent, IPPatent, Registered, 2_000_000_000
	b := BenefitsOf(c)
	if b.VAT.Eligibility != Eligible || !b.IncomeTaxQualifies || b.IncomeTaxReasonKey != "contract.benefit.eit.transfer" || !b.Large {
		t.Errorf("%+v", b)
	}
}
