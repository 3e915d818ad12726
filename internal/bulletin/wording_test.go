package bulletin

import (
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

func TestYoYPhrase(t *testing.T) {
	tests := []struct {
		cur, prev int64
		d         int
		noBase    string
		zh, en    string
	}{
		{38_016_000_000, 33_056_000_000, 0, "", "同比增长15%", "up 15% year on year"},
		{97, 100, 0, "", "同比下降3%", "down 3% year on year"},
		{100, 100, 0, "", "与上年持平", "flat year on year"},
		{0, 0, 0, "", "与上年持平", "flat year on year"},
		{385, 0, 0, "", NoBaseZH, "no base a year earlier"},
		{385, 0, 0, "上年同期无登记", "上年同期无登记", "no base a year earlier"},
		{1001, 1000, 0, "", "与上年持平", "flat year on year"},
		{1001, 1000, 1, "", "同比增长0.1%", "up 0.1% year on year"},
		{1155, 1000, 0, "", "同比增长16%", "up 16% year on year"},
		{845, 1000, 0, "", "同比下降16%", "down 16% year on year"},
		{0, 50, 0, "", "同比下降100%", "down 100% year on year"},
		{300, 100, 0, "", "同比增长200%", "up 200% year on year"},
	}
	for _, tt := range tests {
		c := indicator.YoY(tt.cur, tt.prev)
		if got := YoYPhrase(c, tt.d, tt.noBase); got != tt.zh {
			t.Errorf("YoYPhrase(%d, %d) = %q, want %q", tt.cur, tt.prev, got, tt.zh)
		}
		if got := YoYPhraseEN(c, tt.d); got != tt.en {
			t.Errorf("YoYPhraseEN(%d, %d) = %q, want %q", tt.cur, tt.prev, got, tt.en)
		}
	}
}

func TestTargetPhrase(t *testing.T) {
	c, _ := indicator.Completion(38_016_000_000, 36_200_000_000)
	if got := TargetPhrase("榆林市", c, 0); got != "完成榆林市下达目标任务的105%" {
		t.Error(got)
	}
	if got := TargetPhrase("", c, 1); got != "完成年度目标任务的105%" {
		t.Error(got)
	}
	if got := TargetPhraseEN("Yulin", c, 0); got != "105% of the target set by Yulin" {
		t.Error(got)
	}
	if got := TargetPhraseEN("", c, 0); got != "105% of the annual target" {
		t.Error(got)
	}
}

func TestRankPhrase(t *testing.T) {
	tests := []struct {
		r      indicator.Rank
		zh, en string
	}{
		{indicator.Rank{Position: 1, Of: 6}, "居淄博市首位", "first in Zibo"},
		{indicator.Rank{Position: 1, Of: 6, Tied: true}, "并列淄博市首位", "joint first in Zibo"},
		{indicator.Rank{Position: 3, Of: 6}, "居淄博市第3位", "3rd in Zibo"},
		{indicator.Rank{Position: 3, Of: 6, Tied: true}, "并列淄博市第3位", "joint 3rd in Zibo"},
		{indicator.Rank{Position: 2, Of: 6}, "居淄博市第2位", "2nd in Zibo"},
		{indicator.Rank{Position: 11, Of: 20}, "居淄博市第11位", "11th in Zibo"},
		{indicator.Rank{Position: 22, Of: 30}, "居淄博市第22位", "22nd in Zibo"},
		{indicator.Rank{Position: 101, Of: 178}, "居淄博市第101位", "101st in Zibo"},
		{indicator.Rank{Position: 112, Of: 178}, "居淄博市第112位", "112th in Zibo"},
		{indicator.Rank{}, "", ""},
	}
	for _, tt := range tests {
		if got := RankPhrase(tt.r, "淄博市"); got != tt.zh {
			t.Errorf("RankPhrase(%+v) = %q, want %q", tt.r, got, tt.zh)
		}
		if got := RankPhraseEN(tt.r, "Zibo"); got != tt.en {
			t.Errorf("RankPhraseEN(%+v) = %q, want %q", tt.r, got, tt.en)
		}
	}
}

func TestPeriodWords(t *testing.T) {
	m := indicator.Must
	dec18 := civil.MustParse("2023-12-18")
	tests := []struct {
		p             indicator.Period
		today         civil.Date
		span, rel, en string
	}{
		{m(indicator.YTD(2023, 11)), dec18, "1-11月", "今年1-11月", "Jan–Nov"},
		{m(indicator.YTD(2023, 11)), civil.MustParse("2024-01-05"), "1-11月", "去年1-11月", "Jan–Nov"},
		{m(indicator.YTD(2023, 11)), civil.MustParse("2025-01-05"), "1-11月", "2023年1-11月", "Jan–Nov"},
		{m(indicator.YTD(2023, 11)), civil.Date{}, "1-11月", "2023年1-11月", "Jan–Nov"},
		{m(indicator.Month(2023, 11)), dec18, "11月", "今年11月", "Nov"},
		{m(indicator.YTD(2023, 1)), dec18, "1月", "今年1月", "Jan"},
		{m(indicator.Quarter(2023, 3)), dec18, "第三季度", "今年第三季度", "Q3"},
		{m(indicator.Year(2023)), dec18, "全年", "今年", "full year"},
		{m(indicator.Year(2023)), civil.MustParse("2024-01-10"), "全年", "去年", "full year"},
		{m(indicator.Custom(202211, 202302)), dec18, "2022年11月-2023年2月", "2022年11月-2023年2月", "Nov 2022–Feb 2023"},
	}
	for _, tt := range tests {
		if got := MonthSpan(tt.p); got != tt.span {
			t.Errorf("MonthSpan(%v) = %q, want %q", tt.p, got, tt.span)
		}
		if got := RelativePeriod(tt.p, tt.today); got != tt.rel {
			t.Errorf("RelativePeriod(%v, %v) = %q, want %q", tt.p, tt.today, got, tt.rel)
		}
		if got := MonthSpanEN(tt.p); got != tt.en {
			t.Errorf("MonthSpanEN(%v) = %q, want %q", tt.p, got, tt.en)
		}
	}
}
