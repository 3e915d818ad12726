package web

import "testing"

func TestMoney(t *testing.T) {
	for _, tt := range []struct {
		in   string
		fen  int64
		okay bool
	}{
		{"7000", 700000, true}, {"70,000,000.5", 7000000050, true}, {"0.01", 1, true}, {"", 0, true},
		{"1.234", 0, false}, {"-5", 0, false}, {"abc", 0, false}, {".5", 0, false},
	} {
		fen, ok := parseYuan(tt.in)
		if ok != tt.okay || (ok && fen != tt.fen) {
			t.Errorf("parseYuan(%q) = %d %v, want %d %v", tt.in, fen, ok, tt.fen, tt.okay)
		}
	}
	for _, tt := range []struct {
		fen       int64
		wan, yuan string
	}{
		{7_000_000_000, "7000.00", "70000000.00"}, {5000, "0.01", "50.00"}, {4999, "0.00", "49.99"}, {-150000, "-0.15", "-1500.00"},
	} {
		if got := formatWan(tt.fen); got != tt.wan {
			t.Errorf("formatWan(%d) = %s, want %s", tt.fen, got, tt.wan)
		}
		if got := formatYuan(tt.fen); got != tt.yuan {
			t.Errorf("formatYuan(%d) = %s, want %s", tt.fen, got, tt.yuan)
		}
	}
	if safeBack("//x") != "/" || safeBack("/a?b") != "/a?b" || safeBack("http://x") != "/" {
		t.Error("safeBack")
	}
}
