package indicator

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/i18n"
)

// An entered stock with no entry in the period is dated (AsOf) for one
// area and left out of every area's values (no rank); a derived stock
// (honours held) carries forward as before.
func TestStaleEnteredStock(t *testing.T) {
	ctx := context.Background()
	c := DefaultCatalog()
	rows := []Row{
		{ZoneID: 1, Month: MonthOf(2023, 12), Indicator: StatEmployees, Value: 52_000},
		{ZoneID: 2, Month: MonthOf(2023, 12), Indicator: StatEmployees, Value: 40_000},
		{ZoneID: 2, Month: MonthOf(2026, 6), Indicator: StatEmployees, Value: 41_000},
		{ZoneID: 1, Month: MonthOf(2023, 3), Indicator: HonourHeld, Value: 7},
		{ZoneID: 1, Month: MonthOf(2026, 2), Indicator: TechContractAmount, Value: 1_000_000},
	}
	p := Must(YTD(2026, 12))
	vals, err := c.Values(ctx, NewMemMulti(rows...), StatEmployees, Total, p)
	if err != nil || len(vals) != 1 || vals[2] != Whole(41_000) {
		t.Errorf("employees 2026 = %v, %v", vals, err)
	}
	held, err := c.Values(ctx, NewMemMulti(rows...), HonourHeld, Total, p)
	if err != nil || held[1] != Whole(7) {
		t.Errorf("honours held carried forward = %v, %v", held, err)
	}
	perPerson, err := c.Values(ctx, NewMemMulti(rows...), TechContractAmountPerPerson, Total, p)
	if err != nil || len(perPerson) != 0 {
		t.Errorf("per person on a stale stock = %v, %v", perPerson, err)
	}
	src := NewMemSource(rows[0], rows[3], rows[4])
	m, ok, err := c.AsOf(ctx, src, StatEmployees, Total, p)
	if err != nil || !ok || m != MonthOf(2023, 12) {
		t.Errorf("AsOf = %v %v %v", m, ok, err)
	}
	if m, ok, _ := c.AsOf(ctx, src, TechContractAmountPerPerson, Total, p); !ok || m != MonthOf(2023, 12) {
		t.Errorf("AsOf of the ratio = %v %v", m, ok)
	}
	for _, id := range []string{HonourHeld, TechContractAmount} {
		if _, ok, _ := c.AsOf(ctx, src, id, Total, p); ok {
			t.Errorf("%s dated", id)
		}
	}
	if _, ok, _ := c.AsOf(ctx, src, StatEmployees, Total, Must(Year(2023))); ok {
		t.Error("an entry within the period is current")
	}
	for _, tc := range []struct {
		m    YM
		lang i18n.Lang
		want string
	}{{MonthOf(2023, 12), i18n.ZH, "截至2023年"}, {MonthOf(2023, 6), i18n.ZH, "截至2023年6月"},
		{MonthOf(2023, 12), i18n.EN, "as of 2023"}, {MonthOf(2023, 6), i18n.EN, "as of Jun 2023"}} {
		if got := AsOfLabel(tc.lang, tc.m); got != tc.want {
			t.Errorf("AsOfLabel(%s, %v) = %q", tc.lang, tc.m, got)
		}
	}
}

// Plausible ranges: the hard bound refuses, the soft one asks for a reason;
// an indicator without a range falls back on its unit's bound.
func TestPlausibleRange(t *testing.T) {
	c := DefaultCatalog()
	env, _ := c.Get(StatBusinessEnv, 2026)
	for _, tc := range []struct {
		v          int64
		hard, soft bool
	}{{98_000_000, true, false}, {10_001, true, false}, {10_000, false, false}, {8_420, false, false}, {3_000, false, true}, {-1, true, false}} {
		if h, s := env.PlausibleRange().Check(tc.v); h != tc.hard || s != tc.soft {
			t.Errorf("%d: hard %v soft %v", tc.v, h, s)
		}
	}
	count, _ := c.Get(TechContractCount, 2026)
	if r := count.PlausibleRange(); r.Max != MaxCount || r.SoftMax != MaxCount {
		t.Errorf("unit fallback %+v", r)
	}
	if got := UnitScore.ValueLabel(98_000_000); got != "980,000.00" {
		t.Errorf("score label %q", got)
	}
	if got := UnitFen.ValueLabel(500_000_000_000_000); got != "5,000,000,000,000" {
		t.Errorf("money label %q", got)
	}
}
