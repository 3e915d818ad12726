package org

import (
	"strings"
	"testing"
)

func TestReadSettings(t *testing.T) {
	s, err := ReadSettings(strings.NewReader(`{"own_branch_min": 5, "election_due_days": 60}`), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultSettings()
	want.OwnBranchMin, want.ElectionDueDays = 5, 60
	if s != want {
		t.Errorf("read %+v, want %+v", s, want)
	}
	if got := s.Fit(4); got.Mode != ModeJoint {
		t.Errorf("4 members under an own-branch minimum of 5: %+v", got)
	}
	for _, bad := range []string{`{"own_branch_mn": 5}`, `{"committee_min": 10}`, `{"own_branch_min": "3"}`, `{} {}`, `{`} {
		if _, err := ReadSettings(strings.NewReader(bad), DefaultSettings()); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
