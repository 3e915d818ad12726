package talent

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

func d(s string) civil.Date { return civil.MustParse(s) }

func fields(t *testing.T, err error) errs.Fields {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	return e.Fields
}

func TestIDNumbers(t *testing.T) {
	// The standard's own example: 11010519491231002X.
	if got := MakeID("11010519491231002"); got != "11010519491231002X" {
		t.Fatalf("MakeID = %s", got)
	}
	for _, c := range []struct {
		id, want string // want: "" valid, else the message key
	}{
		{"11010519491231002X", ""},
		{"11010519491231002x", ""}, // normalised
		{"110105194912310021", "talent.err.id_check"},
		{"1101051949123100", "talent.err.id_length"},
		{"11010519491331002X", "talent.err.id_birth"},
		{"1101051949123100AX", "talent.err.id_chars"},
		{"", "error.required"},
	} {
		m := IDProblem(NormalizeID(c.id))
		switch {
		case c.want == "" && m != nil:
			t.Errorf("%s: %v", c.id, m.Key)
		case c.want != "" && (m == nil || m.Key != c.want):
			t.Errorf("%s: %v, want %s", c.id, m, c.want)
		}
	}
	if got := MaskID("11010519491231002X"); got != "110105********002X" {
		t.Errorf("mask %s", got)
	}
	// Property: every made number is valid; any one changed digit is not.
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		day := d("1950-01-01").AddDays(r.IntN(20000)).String()
		b := []byte("370702" + day[0:4] + day[5:7] + day[8:10])
		for len(b) < 17 {
			b = append(b, byte('0'+r.IntN(10)))
		}
		id := MakeID(string(b))
		if m := IDProblem(id); m != nil {
			t.Fatalf("%s: %v", id, m.Key)
		}
		pos := 14 + r.IntN(3)
		bad := []byte(id)
		bad[pos] = byte('0' + (int(bad[pos]-'0')+1+r.IntN(9))%10)
		if m := IDProblem(string(bad)); m == nil || m.Key != "talent.err.id_check" {
			t.Fatalf("%s accepted", bad)
		}
	}
}

func TestConflict(t *testing.T) {
	id := MakeID("37070219900101123")
	names := func(id int64) string { return map[int64]string{1: "A类", 2: "B类"}[id] }
	held := Applicant{ID: 7, CallID: 1, ProgrammeID: 1, TierID: 1, IDNumber: id, Status: Granted, SupportUntil: d("2025-12-31")}
	for _, c := range []struct {
		name  string
		other Applicant
		x     Applicant
		field string // "" no conflict
	}{
		{"another tier while supported", held, Applicant{CallID: 2, ProgrammeID: 1, TierID: 2, IDNumber: id, AppliedOn: d("2024-05-01")}, "tier"},
		{"the same tier again while supported", held, Applicant{CallID: 2, ProgrammeID: 1, TierID: 1, IDNumber: id, AppliedOn: d("2024-05-01")}, "tier"},
		{"after the support ends", held, Applicant{CallID: 3, ProgrammeID: 1, TierID: 2, IDNumber: id, AppliedOn: d("2026-05-01")}, ""},
		{"another programme", held, Applicant{CallID: 9, ProgrammeID: 2, TierID: 5, IDNumber: id, AppliedOn: d("2024-05-01")}, ""},
		{"twice in one call", Applicant{ID: 8, CallID: 1, ProgrammeID: 1, TierID: 1, IDNumber: id, Status: Applied},
			Applicant{CallID: 1, ProgrammeID: 1, TierID: 1, IDNumber: id, AppliedOn: d("2024-05-01")}, "id_number"},
		{"two tiers of one call", Applicant{ID: 8, CallID: 1, ProgrammeID: 1, TierID: 1, IDNumber: id, Status: Reviewing},
			Applicant{CallID: 1, ProgrammeID: 1, TierID: 2, IDNumber: id, AppliedOn: d("2024-05-01")}, "tier"},
		{"after a rejection", Applicant{ID: 8, CallID: 1, ProgrammeID: 1, TierID: 1, IDNumber: id, Status: Rejected},
			Applicant{CallID: 1, ProgrammeID: 1, TierID: 2, IDNumber: id, AppliedOn: d("2024-05-01")}, ""},
	} {
		err := Conflict(c.x, []Applicant{c.other}, names)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if f := fields(t, err); !f.Has(c.field) {
			t.Errorf("%s: %v", c.name, f)
		}
	}
}

func TestReview(t *testing.T) {
	today := d("2023-12-18")
	tier := Tier{ID: 1, Code: "a", Name: "A类", MaxSupportFen: 100_000_000, PeriodYears: 3}
	x := Applicant{ID: 1, TierID: 1, AppliedOn: d("2023-06-01"), Status: Applied}
	got, err := ApplyReview(x, tier, Review{Status: Granted, DecidedOn: d("2023-11-01"), SupportFen: 50_000_000}, today)
	if err != nil {
		t.Fatal(err)
	}
	if got.SupportFrom != d("2023-11-01") || got.SupportUntil != d("2026-10-31") {
		t.Errorf("support %s–%s", got.SupportFrom, got.SupportUntil)
	}
	_, err = ApplyReview(x, tier, Review{Status: Granted, DecidedOn: d("2023-05-01"), SupportFen: 200_000_000,
		SupportFrom: d("2023-06-01"), SupportUntil: d("2027-06-01")}, today)
	f := fields(t, err)
	for _, k := range []string{"decided_on", "support_fen", "support_until"} {
		if !f.Has(k) {
			t.Errorf("%s not refused: %v", k, f)
		}
	}
}

// Rows of a change (new +1, old −1) leave what the records count.
func TestRowsAddUp(t *testing.T) {
	x := Applicant{ZoneID: 1, EnterpriseID: 4, AppliedOn: d("2023-05-10"), Status: Applied}
	k := Keys{Programme: "jinyuan", Tier: "a", Chain: "power"}
	granted := x
	granted.Status, granted.DecidedOn, granted.SupportFen = Granted, d("2023-09-01"), 300
	rows := append(Rows(x, k, 1), Rows(granted, k, 1)...)
	rows = append(rows, Rows(x, k, -1)...)
	src := indicator.NewMemSource(rows...)
	year := indicator.Must(indicator.Year(2023))
	for _, c := range []struct {
		id   string
		dim  indicator.DimKey
		want int64
	}{
		{IndicatorApplicants, indicator.Total, 1},
		{IndicatorGranted, indicator.Dim(indicator.DimTalentTier, "jinyuan/a"), 1},
		{IndicatorSupport, indicator.Dim(indicator.DimChain, "power"), 300},
		{IndicatorSupport, indicator.Dim(indicator.DimEnterprise, "4"), 300},
	} {
		if got, _, _ := src.Sum(t.Context(), c.id, c.dim, year); got != c.want {
			t.Errorf("%s %s = %d, want %d", c.id, c.dim, got, c.want)
		}
	}
}
