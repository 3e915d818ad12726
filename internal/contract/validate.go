package contract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

// MaxAmountFen caps every amount at ¥10 trillion, above the whole nation's
// yearly total, so that sums of lines cannot overflow int64.
const MaxAmountFen int64 = 1_000_000_000_000_000

const (
	maxNameRunes       = 200
	maxReasonRunes     = 2000
	maxContractNoRunes = 100
)

// Checker validates contracts. Its zero value is usable.
type Checker struct {
	// USCC checks a unified social credit code in full (GB 32100-2015,
	// check character included); internal/enterprise provides it. When nil
	// only length and alphabet are checked. An *errs.Error it returns lends
	// its message to the field (the message of its one field, if it names
	// one); any other error reads as "invalid code".
	USCC func(string) error
}

// Validate is Checker{}.Validate.
func Validate(c Contract, today civil.Date) error { return Checker{}.Validate(c, today) }

// Validate checks c's data as the system enforces it on every path (form,
// API, import): required fields, codes from the lists, dates, amounts, and a
// buyer distinct from the seller. today is the date in China (civil.Today).
// The result is nil or an Invalid error whose fields are named as in the
// JSON body. It does not normalise: see Normalize.
func (ck Checker) Validate(c Contract, today civil.Date) error {
	var f errs.Fields
	if c.ZoneID == 0 {
		f.Add("zone_id", "contract.err.required")
	}
	if c.SellerID == 0 {
		f.Add("seller_id", "contract.err.required")
	}
	ck.party(&f, "seller", c.Seller, true)
	ck.party(&f, "buyer", c.Buyer, false)
	text(&f, "name", c.Name, maxNameRunes, true)
	text(&f, "contract_no", c.ContractNo, maxContractNoRunes, false)

	switch {
	case c.Type == "":
		f.Add("type", "contract.err.required")
	case !c.Type.Valid():
		f.Add("type", "contract.err.unknown_code", string(c.Type))
	}
	switch {
	case c.Type.HasSubtype() && c.LicenceSubtype == "":
		f.Add("licence_subtype", "contract.err.required")
	case c.LicenceSubtype == "":
	case c.Type.Valid() && !c.Type.IsLicence():
		f.Add("licence_subtype", "contract.err.not_applicable")
	case !c.LicenceSubtype.Valid():
		f.Add("licence_subtype", "contract.err.unknown_code", string(c.LicenceSubtype))
	}

	switch {
	case c.SignedOn.IsZero():
		f.Add("signed_on", "contract.err.required")
	case c.SignedOn.After(today):
		f.Add("signed_on", "contract.err.future_date")
	}
	if c.ValidFrom.IsZero() {
		f.Add("valid_from", "contract.err.required")
	}
	switch {
	case c.ValidTo.IsZero():
		f.Add("valid_to", "contract.err.required")
	case !c.ValidFrom.IsZero() && c.ValidTo.Before(c.ValidFrom):
		f.Add("valid_to", "contract.err.valid_to_before_from")
	}

	code(&f, "field", string(c.Field), c.Field.Valid())
	code(&f, "programme_level", string(c.ProgrammeLevel), c.ProgrammeLevel.Valid())
	code(&f, "ip_type", string(c.IPType), c.IPType.Valid())
	if c.IPType.Valid() && !ipFits(c.Type, c.IPType) {
		f.Add("ip_type", "contract.err.ip_type_mismatch", c.IPType.Key(), c.Type.Key())
	}

	ck.amounts(&f, c, today)

	if !f.Has("buyer.uscc") && !f.Has("buyer.name") {
		switch sameParty(c.Seller, c.Buyer) {
		case "uscc":
			f.Add("buyer.uscc", "contract.err.buyer_is_seller")
		case "name":
			f.Add("buyer.name", "contract.err.buyer_is_seller")
		}
	}
	return f.Err()
}

func (ck Checker) amounts(f *errs.Fields, c Contract, today civil.Date) {
	amountOK := false
	switch {
	case c.ContractAmountFen <= 0:
		f.Add("contract_amount_fen", "contract.err.must_be_positive")
	case c.ContractAmountFen > MaxAmountFen:
		f.Add("contract_amount_fen", "contract.err.amount_too_large")
	default:
		amountOK = true
	}

	linesOK := true
	var ded int64
	for i, d := range c.Deductions {
		p := "deductions[" + strconv.Itoa(i) + "]"
		code(f, p+".kind", string(d.Kind), d.Kind.Valid())
		switch {
		case d.AmountFen < 0:
			f.Add(p+".amount_fen", "contract.err.negative")
			linesOK = false
		case d.AmountFen > MaxAmountFen:
			f.Add(p+".amount_fen", "contract.err.amount_too_large")
			linesOK = false
		default:
			ded += d.AmountFen
		}
	}
	if amountOK && linesOK && ded > c.ContractAmountFen {
		f.Add("deductions", "contract.err.deductions_exceed")
		linesOK = false
	}

	switch {
	case c.TechAmountFen < 0:
		f.Add("tech_amount_fen", "contract.err.negative")
	case amountOK && c.TechAmountFen > c.ContractAmountFen:
		f.Add("tech_amount_fen", "contract.err.tech_exceeds_contract")
	case amountOK && linesOK && !c.TechAmountFixed && c.TechAmountFen != c.ContractAmountFen-ded:
		f.Add("tech_amount_fen", "contract.err.tech_mismatch", c.ContractAmountFen-ded)
	}

	var paid int64
	paidOK := true
	for i, p := range c.Payments {
		pre := "payments[" + strconv.Itoa(i) + "]"
		switch {
		case p.On.IsZero():
			f.Add(pre+".on", "contract.err.required")
		case p.On.After(today):
			f.Add(pre+".on", "contract.err.future_date")
		}
		switch {
		case p.AmountFen <= 0:
			f.Add(pre+".amount_fen", "contract.err.must_be_positive")
			paidOK = false
		case p.AmountFen > MaxAmountFen:
			f.Add(pre+".amount_fen", "contract.err.amount_too_large")
			paidOK = false
		default:
			paid += p.AmountFen
		}
	}
	if amountOK && paidOK && paid > c.ContractAmountFen {
		f.Add("payments", "contract.err.paid_exceeds")
	}
}

func (ck Checker) party(f *errs.Fields, prefix string, p Party, seller bool) {
	text(f, prefix+".name", p.Name, maxNameRunes, true)
	switch {
	case p.USCC == "":
		// The seller is an enterprise record, identified by its code; a
		// buyer may have none (an individual, a foreign party).
		if seller {
			f.Add(prefix+".uscc", "contract.err.required")
		}
	default:
		if err := ck.checkUSCC(p.USCC); err != nil {
			m := errs.M("contract.err.uscc_invalid")
			if e := (*errs.Error)(nil); errors.As(err, &e) {
				switch {
				case len(e.Fields) == 1:
					// A validator naming its one field (enterprise.CheckUSCC:
					// "uscc") says there what is wrong; its Msg is generic.
					for _, fm := range e.Fields {
						m = fm
					}
				case e.Msg.Key != "":
					m = e.Msg
				}
			}
			f.Add(prefix+".uscc", m.Key, m.Args...)
		}
	}
	code(f, prefix+".nature", string(p.Nature), p.Nature.Valid())
	country := p.Country
	if country == "" {
		country = "CN"
	}
	if !isCountry(country) {
		f.Add(prefix+".country", "contract.err.country_invalid")
	}
	switch {
	case p.Region == "" && gbRegion(country):
		f.Add(prefix+".region", "contract.err.required")
	case p.Region != "" && !validRegion(p.Region):
		f.Add(prefix+".region", "contract.err.region_invalid")
	}
}

func (ck Checker) checkUSCC(s string) error {
	if ck.USCC != nil {
		return ck.USCC(s)
	}
	if len(s) != 18 {
		return errors.New("length")
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(usccAlphabet, rune(s[i])) {
			return errors.New("alphabet")
		}
	}
	return nil
}

// usccAlphabet is GB 32100-2015's character set: digits and capitals
// without I, O, Z, S, V.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func text(f *errs.Fields, field, s string, max int, required bool) {
	switch {
	case s == "" && required:
		f.Add(field, "contract.err.required")
	case utf8.RuneCountInString(s) > max:
		f.Add(field, "contract.err.too_long", max)
	}
}

func code(f *errs.Fields, field, s string, ok bool) {
	switch {
	case s == "":
		f.Add(field, "contract.err.required")
	case !ok:
		f.Add(field, "contract.err.unknown_code", s)
	}
}

// ipFits reports whether the IP type is the one the contract type deals in:
// a patent transfer must be about a patent, and so on. Development,
// consulting and services may involve any IP, or none.
func ipFits(t Type, ip IPType) bool {
	switch t {
	case TrfPatent, TrfPatentApp, LicPatent:
		return ip == IPPatent
	case TrfSecret, LicSecret:
		return ip == IPTechSecret
	case TrfOtherIP, LicOtherIP:
		return ip != IPPatent && ip != IPTechSecret && ip != IPNone
	}
	return true
}

func isCountry(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// gbRegion reports whether parties of the country have GB/T 2260 codes.
func gbRegion(country string) bool {
	switch country {
	case "CN", "HK", "MO", "TW":
		return true
	}
	return false
}

// validRegion checks a GB/T 2260 code's shape and its province.
func validRegion(s string) bool {
	if len(s) != 6 || !allDigits(s) {
		return false
	}
	p, _ := strconv.Atoi(s[:2])
	switch {
	case p >= 11 && p <= 15, p >= 21 && p <= 23, p >= 31 && p <= 37, p >= 41 && p <= 46,
		p >= 50 && p <= 54, p >= 61 && p <= 65, p == 71, p == 81, p == 82:
		return true
	}
	return false
}

// sameParty tells how the buyer is found to be the seller: "uscc" when both
// have codes and they agree, "name" when either lacks a code and the names
// agree once normalised, "" when they differ.
func sameParty(seller, buyer Party) string {
	if seller.USCC != "" && buyer.USCC != "" {
		if strings.EqualFold(seller.USCC, buyer.USCC) {
			return "uscc"
		}
		return ""
	}
	if n := normText(buyer.Name); n != "" && n == normText(seller.Name) {
		return "name"
	}
	return ""
}

// DuplicateKey identifies a contract across submissions: same seller, same
// buyer (by code, else by name), same name, signing date and amount. Names
// are compared normalised (width, case, spaces and punctuation ignored), so
// "《XX技术开发合同》" and "XX 技术开发合同" collide. It is a hex SHA-256,
// fixed-length for a unique index; store it when a contract is submitted.
func DuplicateKey(c Contract) string {
	// Built in one buffer (keys are computed for every row of a bulk load);
	// the bytes hashed are fixed: stored keys must stay comparable.
	b := make([]byte, 0, 160)
	b = append(b, "v1\x1f"...)
	b = strconv.AppendInt(b, c.SellerID, 10)
	b = append(b, 0x1f)
	if u := strings.ToUpper(strings.TrimSpace(c.Buyer.USCC)); u != "" {
		b = append(append(b, "uscc:"...), u...)
	} else {
		b = appendNorm(append(b, "name:"...), c.Buyer.Name)
	}
	b = append(b, 0x1f)
	b = appendNorm(b, c.Name)
	b = append(b, 0x1f)
	b = append(b, c.SignedOn.String()...)
	b = append(b, 0x1f)
	b = strconv.AppendInt(b, c.ContractAmountFen, 10)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// HoldsDuplicateKey reports whether a contract in status s blocks another
// submission of the same contract. Drafts have not been submitted; refused
// and cancelled ones may be applied for again.
func HoldsDuplicateKey(s Status) bool {
	switch s {
	case Submitted, Returned, UnderReview, SecondReview, Registered:
		return true
	}
	return false
}

// normText folds full-width forms to ASCII, lower-cases, and drops spaces,
// punctuation and symbols, keeping letters (Han included) and digits.
func normText(s string) string { return string(appendNorm(make([]byte, 0, len(s)), s)) }

// appendNorm appends normText(s) to dst.
func appendNorm(dst []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '\u3000':
			continue
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}
