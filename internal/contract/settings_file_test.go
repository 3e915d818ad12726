package contract

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
)

func TestReadSettings(t *testing.T) {
	base := DefaultSettings()
	base.Holidays = []civil.Date{civil.MustParse("2026-05-01")}

	s, err := ReadSettings(strings.NewReader(`{"deadline_workdays": 20, "expert_deadline_workdays": 40,
		"reg_no_layout": "year:4,province:2,prefecture:2,point:3,serial:6",
		"holidays": ["2026-10-01", "2026-10-02"], "makeup_workdays": ["2026-09-27"]}`), base)
	if err != nil {
		t.Fatal(err)
	}
	if s.DeadlineWorkdays != 20 || s.ExpertDeadlineWorkdays != 40 || s.RegNoLayout.Len() != 17 {
		t.Errorf("read %+v", s)
	}
	// Unnamed fields keep the base's values; named lists replace the base's.
	if s.ExpertThresholdFen != base.ExpertThresholdFen || len(s.Holidays) != 2 || s.Holidays[0] != civil.MustParse("2026-10-01") {
		t.Errorf("merge: threshold %d holidays %v", s.ExpertThresholdFen, s.Holidays)
	}
	if base.Holidays[0] != civil.MustParse("2026-05-01") || base.DeadlineWorkdays != 15 {
		t.Errorf("base changed: %+v", base)
	}

	bad := []struct{ json, want string }{
		{`{"deadline_days": 20}`, "unknown field"},
		{`{"deadline_workdays": 20`, "unexpected EOF"},
		{`{"deadline_workdays": "twenty"}`, "cannot unmarshal"},
		{`{} {}`, "more than one"},
		{`{"holidays": ["2026-13-01"]}`, "2026-13-01"},
	}
	for _, b := range bad {
		if _, err := ReadSettings(strings.NewReader(b.json), base); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: err %v, want one mentioning %q", b.json, err, b.want)
		}
	}
	// Values out of range are named by field, as Validate names them.
	_, err = ReadSettings(strings.NewReader(`{"deadline_workdays": 0, "makeup_workdays": ["2026-09-28"]}`), base)
	e, ok := err.(*errs.Error)
	if !ok || e.Fields["deadline_workdays"].Key == "" || e.Fields["makeup_workdays[0]"].Key == "" {
		t.Errorf("err %#v, want deadline_workdays and makeup_workdays[0] named", err)
	}
	// A layout the 2026 numbers cannot use is refused.
	if _, err := ReadSettings(strings.NewReader(`{"reg_no_layout": "year:2,serial:6"}`), base); err == nil {
		t.Error("a layout without a point was accepted")
	}
}
