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

func TestMoneyWanAndGrouping(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"1428740.00", "1,428,740.00"}, {"52000人", "52,000人"}, {"385项", "385项"}, {"-1234.5", "-1,234.5"},
		{"3.8亿元", "3.8亿元"}, {"38016万元", "38,016万元"}, {"—", "—"}, {"1000", "1,000"},
	} {
		if got := groupDigits(tt.in); got != tt.want {
			t.Errorf("groupDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		fen  int64
		okay bool
	}{
		{"142874", 142_874_000_000, true}, {"5,000.5", 5_000_500_000, true}, {"0.000001", 1, true},
		{"0.0000001", 0, false}, {"abc", 0, false}, {"", 0, true},
	} {
		fen, ok := parseWan(tt.in)
		if ok != tt.okay || (ok && fen != tt.fen) {
			t.Errorf("parseWan(%q) = %d %v, want %d %v", tt.in, fen, ok, tt.fen, tt.okay)
		}
		if ok && tt.in != "" {
			if back, _ := parseWan(formatWanInput(fen)); back != fen {
				t.Errorf("formatWanInput(%d) = %q does not read back", fen, formatWanInput(fen))
			}
		}
	}
	if got := formatWanInput(142_874_000_000); got != "142874.00" {
		t.Errorf("formatWanInput = %q", got)
	}
}
