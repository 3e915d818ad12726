package talent

import (
	"testing"

	"github.com/innopark/innopark/internal/i18n"
)

// Every status's name is in both catalogs.
func TestKeysInCatalog(t *testing.T) {
	c := i18n.MustLoad()
	for _, s := range Statuses() {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !c.Has(l, s.Key()) {
				t.Errorf("%s missing in %s", s.Key(), l)
			}
		}
	}
}

// Support over the tier's bound is refused with the bound in 万元, the unit
// the amount is entered in; with no bound of its own the tier takes the
// module's; a negative amount is out of range.
func TestSupportBoundInWan(t *testing.T) {
	c := i18n.MustLoad()
	x := Applicant{ID: 1, TierID: 1, AppliedOn: d("2023-06-01"), Status: Applied}
	for _, tc := range []struct {
		name        string
		tierMax     int64
		support     int64
		key, zh, en string
	}{
		{"over the tier's bound", 100_000_000, 100_000_001, "talent.err.support", "支持金额超出本层次上限（100.00万元）", "More than the tier's bound of 100.00 (10k yuan)"},
		{"a bound with fen", 12_345_600, 20_000_000, "talent.err.support", "支持金额超出本层次上限（12.3456万元）", "More than the tier's bound of 12.3456 (10k yuan)"},
		{"no bound of its own", 0, MaxSupportFen + 1, "talent.err.support", "支持金额超出本层次上限（10000.00万元）", "More than the tier's bound of 10000.00 (10k yuan)"},
		{"negative", 100_000_000, -1, "error.out_of_range", "", ""},
	} {
		tier := Tier{ID: 1, Code: "a", Name: "A类", MaxSupportFen: tc.tierMax}
		_, err := ApplyReview(x, tier, Review{Status: Granted, DecidedOn: d("2023-11-01"), SupportFen: tc.support}, d("2023-12-18"))
		m, ok := fields(t, err)["support_fen"]
		if !ok || m.Key != tc.key {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if tc.zh == "" {
			continue
		}
		if got := c.Msg(i18n.ZH, m); got != tc.zh {
			t.Errorf("%s: zh-CN %q, want %q", tc.name, got, tc.zh)
		}
		if got := c.Msg(i18n.EN, m); got != tc.en {
			t.Errorf("%s: en %q, want %q", tc.name, got, tc.en)
		}
	}
	if _, err := ApplyReview(x, Tier{ID: 1, MaxSupportFen: 100_000_000}, Review{Status: Granted, DecidedOn: d("2023-11-01"), SupportFen: 100_000_000}, d("2023-12-18")); err != nil {
		t.Errorf("support at the bound: %v", err)
	}
}
