package contract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/civil"
)

func TestRuleSetFor(t *testing.T) {
	s := DefaultSettings()
	tests := []struct {
		accepted string
		want     RuleSetID
	}{
		{"2001-01-01", Legacy2000},
		{"2023-06-30", Legacy2000},
		{"2026-02-28", Legacy2000},
		{"2026-03-01", MIIT2026},
		{"2026-03-02", MIIT2026},
		{"2031-12-31", MIIT2026},
	}
	for _, tt := range tests {
		if got := RuleSetFor(s, d(tt.accepted)).ID; got != tt.want {
			t.Errorf("RuleSetFor(%s) = %s, want %s", tt.accepted, got, tt.want)
		}
	}
}

func TestRuleSetValues(t *testing.T) {
	s := DefaultSettings()
	legacy := RuleSetFor(s, d("2023-05-01"))
	if legacy.Workdays || legacy.DeadlineDays != 30 || legacy.ExpertReview || !legacy.FoldLicence ||
		legacy.RegNoLayout.Len() != 14 {
		t.Errorf("legacy rule set: %+v", legacy)
	}
	if diff := cmp.Diff([]Category{CatDevelopment, CatTransfer, CatConsulting, CatService}, legacy.Categories()); diff != "" {
		t.Errorf("legacy categories (-want +got):\n%s", diff)
	}
	if legacy.Category(LicPatent) != CatTransfer {
		t.Error("legacy: licence not folded into transfer")
	}

	n := RuleSetFor(s, d("2026-03-01"))
	if !n.Workdays || n.DeadlineDays != 15 || n.ExpertDeadlineDays != 30 || !n.ExpertReview ||
		n.ExpertThresholdFen != 500_000_000 || n.FoldLicence || n.RegNoLayout.Len() != 16 ||
		n.From != d("2026-03-01") {
		t.Errorf("2026 rule set: %+v", n)
	}
	if n.Category(LicPatent) != CatLicence || len(n.Categories()) != 5 {
		t.Error("2026: licences should be their own category")
	}

	// Draft values are settings, not constants.
	s.DeadlineWorkdays, s.ExpertDeadlineWorkdays, s.ExpertThresholdFen, s.FoldLicence = 10, 20, 100, true
	n = RuleSetFor(s, d("2026-03-01"))
	if n.DeadlineDays != 10 || n.ExpertDeadlineDays != 20 || n.ExpertThresholdFen != 100 || !n.FoldLicence {
		t.Errorf("settings ignored: %+v", n)
	}
	if _, ok := RuleSetByID(s, "most2001"); ok {
		t.Error("unknown rule set found")
	}
}

func TestRuleSetDoesNotAliasSettings(t *testing.T) {
	s := DefaultSettings()
	s.Holidays = []civil.Date{d("2026-04-06")}
	rs := RuleSetFor(s, d("2026-04-01"))
	s.Holidays[0] = d("2026-04-07")
	s.RegNoLayout[0].Width = 2
	if rs.Holidays[0] != d("2026-04-06") || rs.RegNoLayout[0].Width != 4 {
		t.Error("rule set shares memory with the settings")
	}
}

func TestDeadlines(t *testing.T) {
	plain := DefaultSettings()
	may := DefaultSettings() // Labour Day 2026 as a holiday notice would set it
	may.Holidays = []civil.Date{d("2026-05-01"), d("2026-05-04"), d("2026-05-05")}
	may.MakeupWorkdays = []civil.Date{d("2026-05-09")}
	qingming := DefaultSettings()
	qingming.Holidays = []civil.Date{d("2026-04-06")}
	short := DefaultSettings()
	short.DeadlineWorkdays = 5

	tests := []struct {
		name     string
		s        Settings
		accepted string
		expert   bool
		want     string
	}{
		{"legacy 30 calendar days", plain, "2023-06-01", false, "2023-07-01"},
		{"legacy across February", plain, "2023-01-31", false, "2023-03-02"},
		{"legacy ignores expert", plain, "2026-02-27", true, "2026-03-29"},
		{"legacy ignores holidays", may, "2026-02-28", false, "2026-03-30"},
		{"2026 from Monday", plain, "2026-03-02", false, "2026-03-23"},
		{"2026 from Friday", plain, "2026-03-06", false, "2026-03-27"},
		{"2026 from Saturday", plain, "2026-03-07", false, "2026-03-27"},
		{"2026 from first day, a Sunday", plain, "2026-03-01", false, "2026-03-20"},
		{"2026 mid-week", plain, "2026-04-15", false, "2026-05-06"},
		{"2026 without holiday notice", plain, "2026-04-30", false, "2026-05-21"},
		{"2026 holidays and make-up Saturday", may, "2026-04-30", false, "2026-05-25"},
		{"2026 expert 30 working days", plain, "2026-03-02", true, "2026-04-13"},
		{"2026 expert over Qingming", qingming, "2026-03-02", true, "2026-04-14"},
		{"2026 deadline setting", short, "2026-03-02", false, "2026-03-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := RuleSetFor(tt.s, d(tt.accepted))
			if got := rs.Deadline(d(tt.accepted), tt.expert); got != d(tt.want) {
				t.Errorf("deadline = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestIsWorkday(t *testing.T) {
	s := DefaultSettings()
	s.Holidays = []civil.Date{d("2026-05-01")}
	s.MakeupWorkdays = []civil.Date{d("2026-05-09")}
	rs := RuleSetFor(s, d("2026-05-01"))
	for day, want := range map[string]bool{
		"2026-04-30": true,  // Thursday
		"2026-05-01": false, // holiday Friday
		"2026-05-02": false, // Saturday
		"2026-05-03": false, // Sunday
		"2026-05-09": true,  // make-up Saturday
		"2026-05-10": false,
	} {
		if got := rs.IsWorkday(d(day)); got != want {
			t.Errorf("IsWorkday(%s) = %v", day, got)
		}
	}
}

func TestNeedsExpertReview(t *testing.T) {
	s := DefaultSettings()
	n, legacy := RuleSetFor(s, d("2026-04-01")), RuleSetFor(s, d("2025-04-01"))
	tests := []struct {
		name     string
		rs       RuleSet
		techFen  int64
		disputed bool
		want     bool
	}{
		{"just below ¥5M", n, 499_999_999, false, false},
		{"exactly ¥5M", n, 500_000_000, false, true},
		{"above", n, 800_000_000, false, true},
		{"disputed small", n, 1_000, true, true},
		{"legacy never", legacy, 900_000_000, true, false},
	}
	for _, tt := range tests {
		c := validContract()
		c.TechAmountFen, c.Disputed = tt.techFen, tt.disputed
		if got := tt.rs.NeedsExpertReview(c); got != tt.want {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
	s.ExpertThresholdFen = 100_000_000
	c := validContract() // ¥1,000,000 technology amount
	if !RuleSetFor(s, d("2026-04-01")).NeedsExpertReview(c) {
		t.Error("threshold setting ignored")
	}
	c.AcceptedOn = d("2026-03-02")
	if got := RuleSetFor(s, c.AcceptedOn).DeadlineFor(c); got != d("2026-04-13") {
		t.Errorf("DeadlineFor = %s, want the expert deadline", got)
	}
}

func TestSettingsValidate(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	tests := []struct {
		name string
		edit func(*Settings)
		want map[string]string
	}{
		{"deadline zero", func(s *Settings) { s.DeadlineWorkdays = 0 },
			map[string]string{"deadline_workdays": "contract.err.out_of_range"}},
		{"expert shorter", func(s *Settings) { s.ExpertDeadlineWorkdays = 10 },
			map[string]string{"expert_deadline_workdays": "contract.err.out_of_range"}},
		{"threshold zero", func(s *Settings) { s.ExpertThresholdFen = 0 },
			map[string]string{"expert_threshold_fen": "contract.err.must_be_positive"}},
		{"layout missing serial", func(s *Settings) { s.RegNoLayout = Layout{{SegYear, 4}, {SegPoint, 2}} },
			map[string]string{"reg_no_layout": "contract.err.layout_missing"}},
		{"layout as long as legacy", func(s *Settings) { s.RegNoLayout = LegacyLayout() },
			map[string]string{"reg_no_layout": "contract.err.layout_len_taken"}},
		{"make-up on a weekday", func(s *Settings) { s.MakeupWorkdays = []civil.Date{d("2026-05-06")} },
			map[string]string{"makeup_workdays[0]": "contract.err.makeup_not_weekend"}},
		{"make-up also a holiday", func(s *Settings) {
			s.Holidays = []civil.Date{d("2026-05-09")}
			s.MakeupWorkdays = []civil.Date{d("2026-05-09")}
		}, map[string]string{"makeup_workdays[0]": "contract.err.makeup_is_holiday"}},
		{"zero holiday", func(s *Settings) { s.Holidays = []civil.Date{{}} },
			map[string]string{"holidays[0]": "contract.err.required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			tt.edit(&s)
			if diff := cmp.Diff(tt.want, fieldKeys(t, s.Validate())); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
