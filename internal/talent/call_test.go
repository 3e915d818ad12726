package talent

import (
	"testing"
)

// A call takes applications up to and including its closing day; after it
// only an actor who may extend the window (late) records one, and then
// still only one made within the window.
func TestApplicationWindow(t *testing.T) {
	c := Call{Year: 2023, Title: "2023年申报", OpensOn: d("2023-03-01"), ClosesOn: d("2023-05-31")}
	for _, tc := range []struct {
		name    string
		today   string
		applied string
		late    bool
		want    string // the applied_on message key, "" none
	}{
		{"open", "2023-04-01", "2023-04-01", false, ""},
		{"closing day", "2023-05-31", "2023-05-31", false, ""},
		{"day after, backdated", "2023-06-01", "2023-05-20", false, "talent.err.call_closed"},
		{"closed, today's date", "2023-12-18", "", false, "talent.err.call_closed"},
		{"closed, late entry within window", "2023-12-18", "2023-05-20", true, ""},
		{"closed, late entry outside window", "2023-12-18", "2023-12-18", true, "talent.err.outside_window"},
		{"before it opens", "2023-02-01", "2023-02-01", false, "talent.err.outside_window"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := Applicant{Name: "张三", IDNumber: MakeID("37070519850101123"), TierID: 1, EnterpriseID: 1}
			if tc.applied != "" {
				x.AppliedOn = d(tc.applied)
			}
			err := ValidateApplicant(&x, c, d(tc.today), tc.late)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			f := fields(t, err)
			if got := f["applied_on"].Key; got != tc.want {
				t.Fatalf("applied_on = %q, want %q (all: %v)", got, tc.want, f)
			}
			if tc.want == "talent.err.call_closed" && (len(f["applied_on"].Args) != 1 || f["applied_on"].Args[0] != "2023-05-31") {
				t.Fatalf("the message names the closing day: %v", f["applied_on"].Args)
			}
		})
	}
}

func TestCallQuota(t *testing.T) {
	for _, tc := range []struct {
		quota int
		ok    bool
	}{{0, true}, {5, true}, {MaxQuota, true}, {-1, false}, {MaxQuota + 1, false}} {
		c := Call{Year: 2023, Title: "批次", OpensOn: d("2023-03-01"), ClosesOn: d("2023-05-31"), Quota: tc.quota}
		err := ValidateCall(&c)
		if tc.ok != (err == nil) {
			t.Fatalf("quota %d: err = %v", tc.quota, err)
		}
		if !tc.ok && fields(t, err)["quota"].Key != "error.out_of_range" {
			t.Fatalf("quota %d: %v", tc.quota, err)
		}
	}
	c := Call{ClosesOn: d("2023-05-31")}
	if c.Closed(d("2023-05-31")) || !c.Closed(d("2023-06-01")) {
		t.Fatal("a call closes after its closing day")
	}
}
