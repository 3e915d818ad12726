package bulletin

import (
	"testing"

	"github.com/innopark/innopark/internal/indicator"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		fen  int64
		want string
	}{
		{38_016_000_000, "3.8亿元"},   // Yulin, 3.8016亿
		{38_000_000_000, "3.8亿元"},   // 380,000,000元
		{38_500_000_000, "3.9亿元"},   // 3.85亿: half away from zero
		{38_499_999_999, "3.8亿元"},   // just under
		{26_000_000_000, "2.6亿元"},   // Foshan's total investment
		{200_000_000_000, "20亿元"},   // Qiqihar's fund: ".0" dropped
		{10_000_000_000, "1亿元"},     // exactly 1亿元
		{9_999_999_900, "1亿元"},      // 99,999,999元 rounds to 10000.0万: promoted
		{9_999_950_000, "1亿元"},      // 9999.95万 → 10000.0万 → 1亿
		{9_999_940_000, "9999.9万元"}, // stays in 万
		{7_000_000_000, "7000万元"},   // registered capital on the page
		{3_000_000_000, "3000万元"},
		{1_050_000, "1.1万元"}, // 1.05万 half away
		{1_049_999, "1万元"},
		{1_000_000, "1万元"}, // exactly 1万元
		{999_950, "1万元"},   // 9999.5元 → 10000元: promoted
		{999_949, "9999元"}, // 9999.49元
		{500_000, "5000元"}, // below 1万元: whole yuan
		{50, "1元"},         // 0.5元 rounds away from zero
		{49, "0元"},
		{0, "0元"},
		{-38_500_000_000, "-3.9亿元"},
		{614_760_000_000_000, "61476亿元"}, // national 2023 total: Auto stops at 亿
	}
	for _, tt := range tests {
		if got := Money(tt.fen); got != tt.want {
			t.Errorf("Money(%d) = %q, want %q", tt.fen, got, tt.want)
		}
	}
}

func TestFormatMoneyForced(t *testing.T) {
	tests := []struct {
		fen  int64
		f    MoneyFormat
		want string
	}{
		{38_016_000_000, MoneyFormat{Unit: Wan, Decimals: 1}, "38016万元"},
		{38_016_000_000, MoneyFormat{Unit: Yi, Decimals: 2}, "3.8亿元"},
		{38_016_000_000, MoneyFormat{Unit: Yi, Decimals: 2, KeepZeros: true}, "3.80亿元"},
		{200_000_000_000, MoneyFormat{Decimals: 1, KeepZeros: true}, "20.0亿元"},
		{614_760_000_000_000, MoneyFormat{Unit: WanYi, Decimals: 2}, "6.15万亿元"},
		{123_456, MoneyFormat{Unit: Yuan, Decimals: 2}, "1234.56元"},
		{5_000_000, MoneyFormat{Unit: Yi, Decimals: 1, KeepZeros: true}, "0.0亿元"},
		{38_016_000_000, MoneyFormat{}, "4亿元"},                  // zero value: whole numbers
		{38_016_000_000, MoneyFormat{Decimals: 99}, "3.8016亿元"}, // decimals capped at 6
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.fen, tt.f); got != tt.want {
			t.Errorf("FormatMoney(%d, %+v) = %q, want %q", tt.fen, tt.f, got, tt.want)
		}
	}
	for s, want := range map[string]MoneyUnit{"": Auto, "auto": Auto, "元": Yuan, "万元": Wan, "万": Wan, "亿元": Yi, "万亿元": WanYi} {
		if u, ok := ParseMoneyUnit(s); !ok || u != want {
			t.Errorf("ParseMoneyUnit(%q) = %v, %v", s, u, ok)
		}
	}
	if _, ok := ParseMoneyUnit("美元"); ok {
		t.Error("美元 accepted")
	}
}

func TestMoneyEN(t *testing.T) {
	tests := []struct {
		fen  int64
		want string
	}{
		{38_016_000_000, "CNY 380.2 million"},
		{100_000_000_000, "CNY 1 billion"},
		{99_999_960_000, "CNY 1 billion"}, // 999.9996 million rounds to 1000.0
		{99_940_000_000, "CNY 999.4 million"},
		{500_000, "CNY 5,000"},
		{99_999_999, "CNY 1 million"}, // 999,999.99 yuan
		{614_760_000_000_000, "CNY 6,147.6 billion"},
		{-26_000_000_000, "CNY -260 million"},
	}
	for _, tt := range tests {
		if got := FormatMoneyEN(tt.fen); got != tt.want {
			t.Errorf("FormatMoneyEN(%d) = %q, want %q", tt.fen, got, tt.want)
		}
	}
}

func TestCountAndPercent(t *testing.T) {
	counts := []struct {
		n      int64
		unit   string
		zh, en string
	}{
		{385, "项", "385项", "385 items"},
		{1, "家", "1家", "1 enterprise"},
		{7, "家", "7家", "7 enterprises"},
		{4, "次", "4次", "4 times"},
		{1234, "个", "1234个", "1,234"},
		{2, "人", "2人", "2 people"},
	}
	for _, tt := range counts {
		if got := FormatCount(tt.n, tt.unit); got != tt.zh {
			t.Errorf("FormatCount(%d, %s) = %q, want %q", tt.n, tt.unit, got, tt.zh)
		}
		if got := FormatCountEN(tt.n, tt.unit); got != tt.en {
			t.Errorf("FormatCountEN(%d, %s) = %q, want %q", tt.n, tt.unit, got, tt.en)
		}
	}
	pcts := []struct {
		f    indicator.Frac
		d    int
		want string
	}{
		{indicator.Frac{Num: 3, Den: 20}, 0, "15%"},
		{indicator.Frac{Num: 1549, Den: 10000}, 1, "15.5%"},
		{indicator.Frac{Num: 1545, Den: 10000}, 1, "15.5%"}, // 15.45 → 15.5
		{indicator.Frac{Num: 1544, Den: 10000}, 1, "15.4%"},
		{indicator.Frac{Num: -31, Den: 200}, 0, "-16%"}, // −15.5%
		{indicator.Frac{Num: 1, Den: 3}, 1, "33.3%"},
		{indicator.Frac{Num: 3, Den: 20}, 1, "15%"}, // 15.0 trimmed
		{indicator.Frac{Num: 1, Den: 2000}, 1, "0.1%"},
		{indicator.Frac{}, 0, "0%"},
		{indicator.Frac{Num: -1, Den: 10000}, 1, "0%"}, // −0.01% rounds to 0, no "-0"
	}
	for _, tt := range pcts {
		if got := FormatPercent(tt.f, tt.d); got != tt.want {
			t.Errorf("FormatPercent(%v, %d) = %q, want %q", tt.f, tt.d, got, tt.want)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int64]string{0: "零", 5: "五", 10: "十", 12: "十二", 20: "二十", 79: "七十九", 100: "100", -1: "-1"} {
		if got := ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}
