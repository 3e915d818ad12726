package contract

import (
	"errors"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

const (
	testZone   = 7
	testSeller = 42
	sellerUSCC = "91610800MA70000001"
	buyerUSCC  = "91110108MA01ABCD2X"
)

func d(s string) civil.Date { return civil.MustParse(s) }

func zeroDate() civil.Date { return civil.Date{} }

// testToday is a Wednesday under the 2026 rules.
func testToday() civil.Date { return d("2026-04-15") }

// noonCST is midday in China on day, so civil.Today(now) is day.
func noonCST(day civil.Date) time.Time {
	return time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// validContract is a draft that passes Validate on testToday.
func validContract() Contract {
	return Contract{
		ID:       1,
		ZoneID:   testZone,
		SellerID: testSeller,
		Seller: Party{Name: "榆林市秦创科技有限公司", USCC: sellerUSCC, Nature: NatLLC,
			Region: "610802", Country: "CN"},
		Terms: Terms{
			Name:           "煤化工废水处理工艺技术开发合同",
			Type:           DevEntrusted,
			SignedOn:       d("2026-03-10"),
			ValidFrom:      d("2026-03-10"),
			ValidTo:        d("2027-03-09"),
			Field:          "07",
			IPType:         IPNone,
			ProgrammeLevel: ProgNone,
			Buyer: Party{Name: "北京某能源集团有限公司", USCC: buyerUSCC, Nature: NatStateOwned,
				Region: "110108", Country: "CN"},
			ContractAmountFen: 120_000_000, // ¥1,200,000
			Deductions:        []Deduction{{DedEquipment, 20_000_000}},
		},
		TechAmountFen: 100_000_000,
		Status:        Draft,
	}
}

func actorFor(role access.Role) access.Actor {
	a := access.Actor{UserID: 100, Username: string(role), Role: role}
	switch role {
	case access.Province:
		a.RegionCode = "610000"
	case access.City:
		a.RegionCode = "610800"
	case access.ZoneAdmin, access.ZoneStaff, access.Registrar:
		a.ZoneID = testZone
	case access.Enterprise:
		a.ZoneID = testZone
		a.EnterpriseID = testSeller
	}
	return a
}

// fieldKeys flattens an Invalid error to field → catalog key.
func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("want an Invalid error, got %v", err)
	}
	out := map[string]string{}
	for f, m := range e.Fields {
		out[f] = m.Key
	}
	return out
}

// msgKey is the catalog key of an *errs.Error, "" for nil.
func msgKey(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Msg.Key
	}
	return ""
}
