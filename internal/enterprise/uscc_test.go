package enterprise

import (
	"errors"
	"testing"

	"github.com/innopark/innopark/internal/errs"
)

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		name, code, wantKey string
	}{
		// Published codes of listed companies (check characters verified by hand).
		{"valid Tencent Shenzhen", "9144030071526726XG", ""},
		{"valid Huawei", "914403001922038216", ""},
		{"valid generated", MakeUSCC("91370700MA3C0001X"), ""},
		{"empty", "", "error.required"},
		{"short", "91440300715267", "enterprise.err.uscc_length"},
		{"long", "9144030071526726XG1", "enterprise.err.uscc_length"},
		{"letter I not allowed", "9144030071526726IG", "enterprise.err.uscc_char"},
		{"lower case is not normalised here", "9144030071526726xg", "enterprise.err.uscc_char"},
		{"chinese char", "9144030071526726X中", "enterprise.err.uscc_length"},
		{"region not digits", "91A4030071526726XG", "enterprise.err.uscc_region"},
		{"wrong check char", "9144030071526726XH", "enterprise.err.uscc_check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckUSCC(tt.code)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("CheckUSCC(%q) = %v, want nil", tt.code, err)
				}
				return
			}
			var e *errs.Error
			if err == nil || !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("CheckUSCC(%q) = %v, want invalid", tt.code, err)
			}
			if got := e.Fields["uscc"].Key; got != tt.wantKey {
				t.Errorf("CheckUSCC(%q) field key = %q, want %q", tt.code, got, tt.wantKey)
			}
		})
	}
}

func TestUSCCCheckMessageNamesExpected(t *testing.T) {
	m := USCCProblem("9144030071526726XH")
	if m == nil || len(m.Args) != 2 || m.Args[0] != "H" || m.Args[1] != "G" {
		t.Fatalf("problem = %+v, want got H, want G", m)
	}
}

func TestNormalizeUSCC(t *testing.T) {
	if got := NormalizeUSCC(" 9144 0300715267 26xg "); got != "9144030071526726XG" {
		t.Errorf("NormalizeUSCC = %q", got)
	}
}

// FuzzCheckUSCC: the validator never panics, and accepts a code exactly when
// it is 18 characters of the charset with digits at 3-8 and the right check char.
func FuzzCheckUSCC(f *testing.F) {
	for _, s := range []string{"9144030071526726XG", "", "91440300715267", "9144030071526726XH", "中文中文中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckUSCC(s)
		ok := len(s) == 18
		if ok {
			for i := 0; i < 18; i++ {
				if usccValue(s[i]) < 0 || (i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9')) {
					ok = false
				}
			}
		}
		if ok {
			c, _ := USCCCheckChar(s[:17])
			ok = s[17] == c
		}
		if ok != (err == nil) {
			t.Fatalf("CheckUSCC(%q) = %v, independent check says valid=%v", s, err, ok)
		}
		if ok && MakeUSCC(s[:17]) != s {
			t.Fatalf("MakeUSCC round trip failed for %q", s)
		}
	})
}
