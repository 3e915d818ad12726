package contract

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/errs"
)

func TestValidate(t *testing.T) {
	today := testToday()
	tests := []struct {
		name string
		edit func(*Contract)
		want map[string]string
	}{
		{"valid", func(*Contract) {}, nil},
		{"no zone", func(c *Contract) { c.ZoneID = 0 }, map[string]string{"zone_id": "contract.err.required"}},
		{"no seller id", func(c *Contract) { c.SellerID = 0 }, map[string]string{"seller_id": "contract.err.required"}},

		{"name missing", func(c *Contract) { c.Name = "" }, map[string]string{"name": "contract.err.required"}},
		{"name too long", func(c *Contract) { c.Name = strings.Repeat("技", 201) },
			map[string]string{"name": "contract.err.too_long"}},
		{"name 200 runes", func(c *Contract) { c.Name = strings.Repeat("技", 200) }, nil},

		{"type missing", func(c *Contract) { c.Type = "" }, map[string]string{"type": "contract.err.required"}},
		{"type unknown", func(c *Contract) { c.Type = "DEV" }, map[string]string{"type": "contract.err.unknown_code"}},
		{"patent licence without subtype", func(c *Contract) { c.Type, c.IPType = LicPatent, IPPatent },
			map[string]string{"licence_subtype": "contract.err.required"}},
		{"patent licence with subtype", func(c *Contract) {
			c.Type, c.IPType, c.LicenceSubtype = LicPatent, IPPatent, LicSole
		}, nil},
		{"subtype on development", func(c *Contract) { c.LicenceSubtype = LicOrdinary },
			map[string]string{"licence_subtype": "contract.err.not_applicable"}},
		{"subtype optional on secret licence", func(c *Contract) {
			c.Type, c.IPType, c.LicenceSubtype = LicSecret, IPTechSecret, LicExclusive
		}, nil},
		{"subtype unknown", func(c *Contract) {
			c.Type, c.IPType, c.LicenceSubtype = LicPatent, IPPatent, "global"
		}, map[string]string{"licence_subtype": "contract.err.unknown_code"}},

		{"signed missing", func(c *Contract) { c.SignedOn = zeroDate() },
			map[string]string{"signed_on": "contract.err.required"}},
		{"signed tomorrow", func(c *Contract) { c.SignedOn = today.AddDays(1) },
			map[string]string{"signed_on": "contract.err.future_date"}},
		{"signed today", func(c *Contract) { c.SignedOn = today }, nil},
		{"valid_from missing", func(c *Contract) { c.ValidFrom = zeroDate() },
			map[string]string{"valid_from": "contract.err.required"}},
		{"valid_to missing", func(c *Contract) { c.ValidTo = zeroDate() },
			map[string]string{"valid_to": "contract.err.required"}},
		{"valid_to before valid_from", func(c *Contract) { c.ValidTo = c.ValidFrom.AddDays(-1) },
			map[string]string{"valid_to": "contract.err.valid_to_before_from"}},
		{"one-day validity", func(c *Contract) { c.ValidTo = c.ValidFrom }, nil},

		{"field missing", func(c *Contract) { c.Field = "" }, map[string]string{"field": "contract.err.required"}},
		{"field 12", func(c *Contract) { c.Field = "12" }, map[string]string{"field": "contract.err.unknown_code"}},
		{"programme missing", func(c *Contract) { c.ProgrammeLevel = "" },
			map[string]string{"programme_level": "contract.err.required"}},
		{"programme unknown", func(c *Contract) { c.ProgrammeLevel = "city" },
			map[string]string{"programme_level": "contract.err.unknown_code"}},
		{"ip missing", func(c *Contract) { c.IPType = "" }, map[string]string{"ip_type": "contract.err.required"}},
		{"ip unknown", func(c *Contract) { c.IPType = "trademark" },
			map[string]string{"ip_type": "contract.err.unknown_code"}},
		{"patent transfer of software", func(c *Contract) { c.Type, c.IPType = TrfPatent, IPSoftware },
			map[string]string{"ip_type": "contract.err.ip_type_mismatch"}},
		{"secret licence of a patent", func(c *Contract) { c.Type, c.IPType = LicSecret, IPPatent },
			map[string]string{"ip_type": "contract.err.ip_type_mismatch"}},
		{"other IP transfer needs its IP", func(c *Contract) { c.Type, c.IPType = TrfOtherIP, IPNone },
			map[string]string{"ip_type": "contract.err.ip_type_mismatch"}},
		{"software transfer", func(c *Contract) { c.Type, c.IPType = TrfOtherIP, IPSoftware }, nil},
		{"development with a patent", func(c *Contract) { c.IPType = IPPatent }, nil},

		{"contract amount zero", func(c *Contract) {
			c.ContractAmountFen, c.Deductions, c.TechAmountFen = 0, nil, 0
		}, map[string]string{"contract_amount_fen": "contract.err.must_be_positive"}},
		{"contract amount negative", func(c *Contract) {
			c.ContractAmountFen, c.Deductions, c.TechAmountFen = -5, nil, 0
		}, map[string]string{"contract_amount_fen": "contract.err.must_be_positive"}},
		{"contract amount huge", func(c *Contract) {
			c.ContractAmountFen, c.Deductions, c.TechAmountFen = MaxAmountFen+1, nil, 0
		}, map[string]string{"contract_amount_fen": "contract.err.amount_too_large"}},

		{"deduction kind missing", func(c *Contract) { c.Deductions[0].Kind = "" },
			map[string]string{"deductions[0].kind": "contract.err.required"}},
		{"deduction kind unknown", func(c *Contract) {
			c.Deductions = append(c.Deductions, Deduction{"land", 0})
		}, map[string]string{"deductions[1].kind": "contract.err.unknown_code"}},
		{"deduction negative", func(c *Contract) {
			c.Deductions = []Deduction{{DedParts, -1}}
			c.TechAmountFen = c.ContractAmountFen
		}, map[string]string{"deductions[0].amount_fen": "contract.err.negative"}},
		{"deduction huge", func(c *Contract) {
			c.Deductions = []Deduction{{DedParts, MaxAmountFen + 1}}
		}, map[string]string{"deductions[0].amount_fen": "contract.err.amount_too_large"}},
		{"deductions exceed contract", func(c *Contract) {
			c.Deductions = []Deduction{{DedParts, 70_000_000}, {DedRawMaterials, 60_000_000}}
			c.TechAmountFen = 0
		}, map[string]string{"deductions": "contract.err.deductions_exceed"}},
		{"deductions equal contract", func(c *Contract) {
			c.Deductions = []Deduction{{DedParts, 120_000_000}}
			c.TechAmountFen = 0
		}, nil},
		{"zero deduction line", func(c *Contract) {
			c.Deductions = append(c.Deductions, Deduction{DedInstruments, 0})
		}, nil},

		{"tech amount negative", func(c *Contract) { c.TechAmountFen, c.TechAmountFixed = -1, true },
			map[string]string{"tech_amount_fen": "contract.err.negative"}},
		{"tech amount above contract", func(c *Contract) { c.TechAmountFen, c.TechAmountFixed = 120_000_001, true },
			map[string]string{"tech_amount_fen": "contract.err.tech_exceeds_contract"}},
		{"tech amount not computed", func(c *Contract) { c.TechAmountFen = 110_000_000 },
			map[string]string{"tech_amount_fen": "contract.err.tech_mismatch"}},
		{"tech amount fixed by registrar", func(c *Contract) { c.TechAmountFen, c.TechAmountFixed = 90_000_000, true }, nil},
		{"tech amount fixed at contract amount", func(c *Contract) {
			c.TechAmountFen, c.TechAmountFixed = 120_000_000, true
		}, nil},

		{"payment date missing", func(c *Contract) { c.Payments = []Payment{{AmountFen: 1}} },
			map[string]string{"payments[0].on": "contract.err.required"}},
		{"payment in future", func(c *Contract) { c.Payments = []Payment{{today.AddDays(1), 1}} },
			map[string]string{"payments[0].on": "contract.err.future_date"}},
		{"payment zero", func(c *Contract) { c.Payments = []Payment{{today, 0}} },
			map[string]string{"payments[0].amount_fen": "contract.err.must_be_positive"}},
		{"payments exceed contract", func(c *Contract) {
			c.Payments = []Payment{{d("2026-03-20"), 100_000_000}, {today, 20_000_001}}
		}, map[string]string{"payments": "contract.err.paid_exceeds"}},
		{"payments in full", func(c *Contract) {
			c.Payments = []Payment{{d("2026-03-20"), 100_000_000}, {today, 20_000_000}}
		}, nil},

		{"buyer name missing", func(c *Contract) { c.Buyer.Name = "" },
			map[string]string{"buyer.name": "contract.err.required"}},
		{"buyer without code", func(c *Contract) { c.Buyer.USCC = "" }, nil},
		{"buyer code wrong length", func(c *Contract) { c.Buyer.USCC = "9111010800000" },
			map[string]string{"buyer.uscc": "contract.err.uscc_invalid"}},
		{"buyer code with O", func(c *Contract) { c.Buyer.USCC = "91110108MA01ABCDO0" },
			map[string]string{"buyer.uscc": "contract.err.uscc_invalid"}},
		{"buyer nature missing", func(c *Contract) { c.Buyer.Nature = "" },
			map[string]string{"buyer.nature": "contract.err.required"}},
		{"buyer nature unknown", func(c *Contract) { c.Buyer.Nature = "180" },
			map[string]string{"buyer.nature": "contract.err.unknown_code"}},
		{"buyer region missing", func(c *Contract) { c.Buyer.Region = "" },
			map[string]string{"buyer.region": "contract.err.required"}},
		{"buyer region short", func(c *Contract) { c.Buyer.Region = "11010" },
			map[string]string{"buyer.region": "contract.err.region_invalid"}},
		{"buyer region no such province", func(c *Contract) { c.Buyer.Region = "991234" },
			map[string]string{"buyer.region": "contract.err.region_invalid"}},
		{"buyer region read as CN when country empty", func(c *Contract) {
			c.Buyer.Country, c.Buyer.Region = "", ""
		}, map[string]string{"buyer.region": "contract.err.required"}},
		{"foreign buyer needs no region", func(c *Contract) {
			c.Buyer = Party{Name: "Acme GmbH", Nature: NatForeign, Country: "DE"}
		}, nil},
		{"Hong Kong buyer needs a region", func(c *Contract) {
			c.Buyer = Party{Name: "港科有限公司", Nature: NatHMT, Country: "HK"}
		}, map[string]string{"buyer.region": "contract.err.required"}},
		{"individual buyer", func(c *Contract) {
			c.Buyer = Party{Name: "张三", Nature: NatIndividual, Region: "610802", Country: "CN"}
		}, nil},
		{"buyer country three letters", func(c *Contract) { c.Buyer.Country = "CHN" },
			map[string]string{"buyer.country": "contract.err.country_invalid"}},

		{"seller name missing", func(c *Contract) { c.Seller.Name = "" },
			map[string]string{"seller.name": "contract.err.required"}},
		{"seller code missing", func(c *Contract) { c.Seller.USCC = "" },
			map[string]string{"seller.uscc": "contract.err.required"}},
		{"seller nature missing", func(c *Contract) { c.Seller.Nature = "" },
			map[string]string{"seller.nature": "contract.err.required"}},
		{"seller region bad", func(c *Contract) { c.Seller.Region = "61080A" },
			map[string]string{"seller.region": "contract.err.region_invalid"}},

		{"buyer is seller by code", func(c *Contract) { c.Buyer.USCC = sellerUSCC },
			map[string]string{"buyer.uscc": "contract.err.buyer_is_seller"}},
		{"buyer is seller by name", func(c *Contract) {
			c.Buyer.USCC, c.Buyer.Name = "", "榆林市 秦创科技有限公司 "
		}, map[string]string{"buyer.name": "contract.err.buyer_is_seller"}},
		{"same name, different codes", func(c *Contract) { c.Buyer.Name = c.Seller.Name }, nil},
		{"several at once", func(c *Contract) {
			c.Name, c.Field, c.Buyer.Nature = "", "00", ""
		}, map[string]string{
			"name": "contract.err.required", "field": "contract.err.unknown_code",
			"buyer.nature": "contract.err.required",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validContract()
			tt.edit(&c)
			if diff := cmp.Diff(tt.want, fieldKeys(t, Validate(c, today))); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckerUSCC(t *testing.T) {
	c := validContract()
	var seen []string
	ck := Checker{USCC: func(s string) error {
		seen = append(seen, s)
		if s == buyerUSCC {
			return errs.E(errs.Invalid, "enterprise.err.uscc_check")
		}
		return nil
	}}
	got := fieldKeys(t, ck.Validate(c, testToday()))
	if diff := cmp.Diff(map[string]string{"buyer.uscc": "enterprise.err.uscc_check"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{sellerUSCC, buyerUSCC}, seen); diff != "" {
		t.Errorf("checked codes (-want +got):\n%s", diff)
	}

	ck.USCC = func(string) error { return errors.New("bad check character") }
	got = fieldKeys(t, ck.Validate(c, testToday()))
	if got["buyer.uscc"] != "contract.err.uscc_invalid" || got["seller.uscc"] != "contract.err.uscc_invalid" {
		t.Errorf("plain error: %v", got)
	}

	c.Buyer.USCC = ""
	seen = nil
	ck.USCC = func(s string) error { seen = append(seen, s); return nil }
	if err := ck.Validate(c, testToday()); err != nil || len(seen) != 1 {
		t.Errorf("empty buyer code must not be checked: %v %v", err, seen)
	}
}

func TestNormalize(t *testing.T) {
	c := validContract()
	c.Name = "  煤化工废水处理工艺技术开发合同 "
	c.Type = " dev_entrusted"
	c.Field = " 07 "
	c.IPType, c.ProgrammeLevel = "", ""
	c.Buyer.USCC = " 91110108ma01abcd2x"
	c.Buyer.Country = ""
	c.Buyer.Name = "北京某能源集团有限公司\t"
	c.TechAmountFen = 1
	Normalize(&c)
	if diff := cmp.Diff(validContract(), c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	c.TechAmountFen, c.TechAmountFixed = 7, true
	Normalize(&c)
	if c.TechAmountFen != 7 {
		t.Error("Normalize overwrote a fixed technology amount")
	}

	for ty, want := range map[Type]IPType{
		TrfPatent: IPPatent, TrfPatentApp: IPPatent, LicPatent: IPPatent,
		TrfSecret: IPTechSecret, LicSecret: IPTechSecret,
		TrfOtherIP: "", LicOtherIP: "", DevCoop: IPNone, Consult: IPNone, SvcBroker: IPNone,
	} {
		c := Contract{Terms: Terms{Type: ty}}
		Normalize(&c)
		if c.IPType != want {
			t.Errorf("%s: IP type %q, want %q", ty, c.IPType, want)
		}
	}
}

func TestDuplicateKey(t *testing.T) {
	base := validContract()
	same := []struct {
		name string
		edit func(*Contract)
	}{
		{"identical", func(*Contract) {}},
		{"title marks and spaces", func(c *Contract) { c.Name = "《煤化工 废水处理工艺 技术开发合同》" }},
		{"full-width letters", func(c *Contract) {
			c.Name = "ＡＢＣ煤化工废水处理工艺技术开发合同"
		}},
		{"buyer code case", func(c *Contract) { c.Buyer.USCC = strings.ToLower(buyerUSCC) }},
		{"buyer name differs, code same", func(c *Contract) { c.Buyer.Name = "北京某能源集团" }},
		{"other workflow state", func(c *Contract) { c.Status, c.ID, c.Deadline = Registered, 99, testToday() }},
		{"deductions differ", func(c *Contract) { c.Deductions = nil }},
	}
	other := []struct {
		name string
		edit func(*Contract)
	}{
		{"seller", func(c *Contract) { c.SellerID = 43 }},
		{"buyer code", func(c *Contract) { c.Buyer.USCC = "91110108MA01ABCD3X" }},
		{"buyer code dropped", func(c *Contract) { c.Buyer.USCC = "" }},
		{"name", func(c *Contract) { c.Name = "煤化工废水处理工艺技术服务合同" }},
		{"signing date", func(c *Contract) { c.SignedOn = c.SignedOn.AddDays(1) }},
		{"amount", func(c *Contract) { c.ContractAmountFen++ }},
	}
	key := DuplicateKey(base)
	if len(key) != 64 {
		t.Fatalf("key %q is not a hex SHA-256", key)
	}
	abc := base
	abc.Name = "abc" + base.Name
	for _, tt := range same {
		c := validContract()
		tt.edit(&c)
		want := key
		if tt.name == "full-width letters" {
			want = DuplicateKey(abc)
		}
		if DuplicateKey(c) != want {
			t.Errorf("%s: key differs", tt.name)
		}
	}
	for _, tt := range other {
		c := validContract()
		tt.edit(&c)
		if DuplicateKey(c) == key {
			t.Errorf("%s: key equal", tt.name)
		}
	}

	a, b := validContract(), validContract()
	a.Buyer.USCC, b.Buyer.USCC = "", ""
	b.Buyer.Name = " 北京某能源集团有限公司（ ）"
	if DuplicateKey(a) != DuplicateKey(b) {
		t.Error("buyers without code: names not normalised")
	}

	// Keys are stored: the same contract must give the same key in every
	// version (values computed by the first implementation).
	b.Buyer.Name += "ＡＢＣ"
	for _, k := range []struct{ got, want string }{
		{key, "77ab613ffac7f49461f383a2944e703b543213387b706116d06aa3b02e9441a7"},
		{DuplicateKey(b), "cc569756eaccf357a7ffdb7e75964dc3e824b9cc8a0995c8e262056420a86443"},
	} {
		if k.got != k.want {
			t.Errorf("stored key changed: %s, want %s", k.got, k.want)
		}
	}
}

func TestHoldsDuplicateKey(t *testing.T) {
	want := map[Status]bool{Draft: false, Submitted: true, Returned: true, UnderReview: true,
		SecondReview: true, Registered: true, Refused: false, Cancelled: false}
	for _, s := range Statuses() {
		if HoldsDuplicateKey(s) != want[s] {
			t.Errorf("%s: %v", s, HoldsDuplicateKey(s))
		}
	}
}

func TestLarge(t *testing.T) {
	c := validContract()
	for amount, want := range map[int64]bool{999_999_999: false, 1_000_000_000: true, 5_000_000_000: true} {
		c.ContractAmountFen = amount
		if Large(c) != want {
			t.Errorf("Large(%d) = %v", amount, !want)
		}
	}
}
