package talent

import (
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

// GB 11643-1999 citizen identity numbers: 6 digits of the region, 8 of the
// birth date, 3 of a sequence and a check character (ISO 7064 MOD 11-2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idChecks = "10X98765432"

// NormalizeID trims an identity number and upper-cases its check character.
func NormalizeID(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// IDCheck returns the check character of the first 17 digits of id.
func IDCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idChecks[sum%11]
}

// MakeID completes 17 digits with their check character (demo data, tests).
func MakeID(first17 string) string { return first17 + string(IDCheck(first17)) }

// IDProblem says what is wrong with an identity number, nil when nothing.
func IDProblem(id string) *errs.Msg {
	m := func(key string, args ...any) *errs.Msg { x := errs.M(key, args...); return &x }
	if id == "" {
		return m("error.required")
	}
	if len(id) != 18 {
		return m("talent.err.id_length", len([]rune(id)))
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return m("talent.err.id_chars")
		}
	}
	if c := id[17]; (c < '0' || c > '9') && c != 'X' {
		return m("talent.err.id_chars")
	}
	birth, err := civil.Parse(id[6:10] + "-" + id[10:12] + "-" + id[12:14])
	if err != nil || birth.Year < 1900 {
		return m("talent.err.id_birth", id[6:14])
	}
	if IDCheck(id) != id[17] {
		return m("talent.err.id_check")
	}
	return nil
}

// MaskID hides an identity number's birth date and sequence:
// 370702********123X keeps the region and the last four characters.
func MaskID(id string) string {
	if len(id) != 18 {
		return strings.Repeat("*", len(id))
	}
	return id[:6] + strings.Repeat("*", 8) + id[14:]
}

// Conflict checks application x against the same person's applications to
// the same programme (others, x itself excluded by id): a person holds one
// tier of a programme at a time, and applies once per call. The problem is
// reported on the tier field, naming the tier (by tierName) held.
func Conflict(x Applicant, others []Applicant, tierName func(id int64) string) error {
	var f errs.Fields
	for _, o := range others {
		if (x.ID != 0 && o.ID == x.ID) || o.IDNumber != x.IDNumber || o.ProgrammeID != x.ProgrammeID || !o.Holds(x.AppliedOn) {
			continue
		}
		switch {
		case o.CallID == x.CallID && o.TierID == x.TierID:
			f.Add("id_number", "talent.err.applied_twice")
		case o.TierID != x.TierID:
			f.Add("tier", "talent.err.other_tier", tierName(o.TierID))
		default:
			f.Add("tier", "talent.err.holds_tier", tierName(o.TierID))
		}
	}
	return f.Err()
}

// Indicators the talent records write and their dimensions.
const (
	IndicatorApplicants = indicator.TalentApplicants
	IndicatorGranted    = indicator.TalentGranted
	IndicatorSupport    = indicator.TalentSupport
)

// Keys names what an application counts under: its programme and tier
// codes and its chain's code.
type Keys struct {
	Programme, Tier, Chain string
}

// Rows returns what an application adds to (sign +1) or removes from (−1)
// the talent rollups: one applicant in the month it applied; when granted,
// one granted and its support in the month of the decision; each in total,
// by programme, tier (programme/tier), chain and employer.
func Rows(x Applicant, k Keys, sign int64) []indicator.Row {
	dims := []indicator.DimKey{indicator.Total, indicator.Dim(indicator.DimTalentProgram, k.Programme),
		indicator.Dim(indicator.DimTalentTier, k.Programme+"/"+k.Tier), indicator.Dim(indicator.DimChain, k.Chain),
		indicator.Dim(indicator.DimEnterprise, strconv.FormatInt(x.EnterpriseID, 10))}
	var out []indicator.Row
	add := func(id string, d civil.Date, v int64) {
		for _, dim := range dims {
			out = append(out, indicator.Row{ZoneID: x.ZoneID, Month: indicator.MonthOfDate(d), Indicator: id, Dim: dim, Value: v})
		}
	}
	add(IndicatorApplicants, x.AppliedOn, sign)
	if x.Status == Granted {
		add(IndicatorGranted, x.DecidedOn, sign)
		add(IndicatorSupport, x.DecidedOn, sign*x.SupportFen)
	}
	return out
}
