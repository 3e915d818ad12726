package indicator

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

func TestYMAdd(t *testing.T) {
	tests := []struct {
		m    YM
		n    int
		want YM
	}{
		{202311, 1, 202312},
		{202312, 1, 202401},
		{202401, -1, 202312},
		{202311, -12, 202211},
		{202301, -13, 202112},
		{202305, 0, 202305},
		{202305, 24, 202505},
	}
	for _, tt := range tests {
		if got := tt.m.Add(tt.n); got != tt.want {
			t.Errorf("%v.Add(%d) = %v, want %v", tt.m, tt.n, got, tt.want)
		}
	}
}

func TestYMLast(t *testing.T) {
	tests := []struct {
		m    YM
		want string
	}{
		{202301, "2023-01-31"},
		{202302, "2023-02-28"},
		{202402, "2024-02-29"},
		{190002, "1900-02-28"}, // not a leap year: divisible by 100
		{200002, "2000-02-29"}, // leap: divisible by 400
		{202304, "2023-04-30"},
		{202312, "2023-12-31"},
	}
	for _, tt := range tests {
		if got := tt.m.Last().String(); got != tt.want {
			t.Errorf("%v.Last() = %s, want %s", tt.m, got, tt.want)
		}
	}
}

func TestConstructors(t *testing.T) {
	tests := []struct {
		name    string
		p       func() (Period, error)
		want    Period
		wantErr []string // fields in error
	}{
		{"month", func() (Period, error) { return Month(2023, 11) }, Period{202311, 202311, KindMonth}, nil},
		{"month 13", func() (Period, error) { return Month(2023, 13) }, Period{}, []string{"month"}},
		{"month 0 bad year", func() (Period, error) { return Month(99, 0) }, Period{}, []string{"month", "year"}},
		{"q1", func() (Period, error) { return Quarter(2023, 1) }, Period{202301, 202303, KindQuarter}, nil},
		{"q3", func() (Period, error) { return Quarter(2023, 3) }, Period{202307, 202309, KindQuarter}, nil},
		{"q4", func() (Period, error) { return Quarter(2023, 4) }, Period{202310, 202312, KindQuarter}, nil},
		{"q5", func() (Period, error) { return Quarter(2023, 5) }, Period{}, []string{"quarter"}},
		{"ytd 11", func() (Period, error) { return YTD(2023, 11) }, Period{202301, 202311, KindYTD}, nil},
		{"ytd 1 is a month", func() (Period, error) { return YTD(2023, 1) }, Period{202301, 202301, KindMonth}, nil},
		{"ytd 12", func() (Period, error) { return YTD(2023, 12) }, Period{202301, 202312, KindYTD}, nil},
		{"ytd 0", func() (Period, error) { return YTD(2023, 0) }, Period{}, []string{"month"}},
		{"year", func() (Period, error) { return Year(2023) }, Period{202301, 202312, KindYear}, nil},
		{"year 3000", func() (Period, error) { return Year(3000) }, Period{}, []string{"year"}},
		{"custom", func() (Period, error) { return Custom(202211, 202302) }, Period{202211, 202302, KindCustom}, nil},
		{"custom one month", func() (Period, error) { return Custom(202305, 202305) }, Period{202305, 202305, KindMonth}, nil},
		{"custom from jan", func() (Period, error) { return Custom(202301, 202306) }, Period{202301, 202306, KindYTD}, nil},
		{"custom reversed", func() (Period, error) { return Custom(202306, 202301) }, Period{}, []string{"to"}},
		{"custom bad month", func() (Period, error) { return Custom(202313, 202401) }, Period{}, []string{"from"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p()
			if tt.wantErr != nil {
				if !errs.Is(err, errs.Invalid) {
					t.Fatalf("err = %v, want Invalid", err)
				}
				var fields []string
				for f := range err.(*errs.Error).Fields {
					fields = append(fields, f)
				}
				slices.Sort(fields)
				if diff := cmp.Diff(tt.wantErr, fields); diff != "" {
					t.Errorf("fields (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		p      Period
		zh, en string
		text   string
	}{
		{Must(Month(2023, 11)), "2023年11月", "Nov 2023", "2023-11"},
		{Must(Quarter(2023, 3)), "2023年第三季度", "Q3 2023", "2023-Q3"},
		{Must(Quarter(2023, 1)), "2023年第一季度", "Q1 2023", "2023-Q1"},
		{Must(YTD(2023, 3)), "2023年1-3月", "Jan–Mar 2023", "2023-01..2023-03"},
		{Must(YTD(2023, 11)), "2023年1-11月", "Jan–Nov 2023", "2023-01..2023-11"},
		{Must(Year(2023)), "2023年", "2023", "2023"},
		{Must(YTD(2023, 12)), "2023年1-12月", "Jan–Dec 2023", "2023-01..2023-12"},
		{Must(Custom(202303, 202305)), "2023年3-5月", "Mar–May 2023", "2023-03..2023-05"},
		{Must(Custom(202211, 202302)), "2022年11月-2023年2月", "Nov 2022–Feb 2023", "2022-11..2023-02"},
		{Period{}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := tt.p.Label(i18n.ZH); got != tt.zh {
				t.Errorf("zh = %q, want %q", got, tt.zh)
			}
			if got := tt.p.Label(i18n.EN); got != tt.en {
				t.Errorf("en = %q, want %q", got, tt.en)
			}
			if got := tt.p.String(); got != tt.text {
				t.Errorf("String = %q, want %q", got, tt.text)
			}
			if tt.text == "" {
				return
			}
			back, err := ParsePeriod(tt.text)
			if err != nil || back != tt.p {
				t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", tt.text, back, err, tt.p)
			}
			b, err := json.Marshal(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			var j Period
			if err := json.Unmarshal(b, &j); err != nil || j != tt.p {
				t.Errorf("JSON %s → %+v, %v", b, j, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, s := range []string{"", "2023", "2023-13", "23-11", "2023/11", "2023-1-1", "abcd-ef", "1900-01"} {
		if _, err := ParseYM(s); !errs.Is(err, errs.Invalid) {
			t.Errorf("ParseYM(%q) err = %v, want Invalid", s, err)
		}
	}
	for _, s := range []string{"", "x", "2023-Q5", "2023-Qx", "2023-11..2023-01", "2023-11..", "20231", "999"} {
		if _, err := ParsePeriod(s); !errs.Is(err, errs.Invalid) {
			t.Errorf("ParsePeriod(%q) err = %v, want Invalid", s, err)
		}
	}
	if m, err := ParseYM("2023-7"); err != nil || m != 202307 {
		t.Errorf(`ParseYM("2023-7") = %v, %v`, m, err)
	}
}

func TestPrevious(t *testing.T) {
	tests := []struct{ p, want Period }{
		{Must(YTD(2023, 11)), Must(YTD(2022, 11))},
		{Must(Quarter(2024, 1)), Must(Quarter(2023, 1))},
		{Must(Month(2024, 2)), Must(Month(2023, 2))},
		{Must(Year(2023)), Must(Year(2022))},
		{Must(Custom(202211, 202302)), Must(Custom(202111, 202202))},
	}
	for _, tt := range tests {
		if got := tt.p.Previous(); got != tt.want {
			t.Errorf("%v.Previous() = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestMonths(t *testing.T) {
	tests := []struct {
		p    Period
		want []YM
	}{
		{Must(Quarter(2023, 4)), []YM{202310, 202311, 202312}},
		{Must(Custom(202211, 202302)), []YM{202211, 202212, 202301, 202302}},
		{Must(Month(2023, 6)), []YM{202306}},
		{Period{}, nil},
	}
	for _, tt := range tests {
		got := slices.Collect(tt.p.Months())
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%v months (-want +got):\n%s", tt.p, diff)
		}
		if tt.p.Len() != len(tt.want) {
			t.Errorf("%v.Len() = %d, want %d", tt.p, tt.p.Len(), len(tt.want))
		}
	}
	if n := Must(Year(2023)).Len(); n != 12 {
		t.Errorf("year Len = %d", n)
	}
	// Breaking out of the loop early must stop the iterator.
	for m := range Must(Year(2023)).Months() {
		if m == 202302 {
			break
		}
	}
}

func TestTimeProgress(t *testing.T) {
	// One rule, by days, for the dashboard and the targets page alike
	// (issue 14, c): a period read after it ended counts the days to its
	// end; one read while it runs counts the days to today.
	tests := []struct {
		p     Period
		today string
		want  Frac
	}{
		{Must(YTD(2023, 11)), "2023-12-18", Frac{334, 365}},
		{Must(YTD(2023, 11)), "2023-11-15", Frac{319, 365}},
		{Must(Quarter(2023, 3)), "2024-01-10", Frac{273, 365}},
		{Must(Year(2023)), "2024-01-10", Frac{1, 1}},
		{Must(YTD(2026, 12)), "2026-12-05", Frac{339, 365}},
		{Must(Year(2026)), "2026-12-05", Frac{339, 365}},
		{Must(Month(2024, 2)), "2024-06-01", Frac{60, 366}.reduced()},
		{Must(Year(2027)), "2026-12-05", Frac{}},
	}
	for _, tt := range tests {
		if got := TimeProgress(tt.p, civil.MustParse(tt.today)); got != tt.want {
			t.Errorf("TimeProgress(%v, %s) = %v, want %v", tt.p, tt.today, got, tt.want)
		}
	}
	days := []struct {
		d    string
		want Frac
	}{
		{"2023-01-01", Frac{1, 365}},
		{"2023-03-01", Frac{60, 365}.reduced()}, // 31 + 28 + 1
		{"2024-02-29", Frac{60, 366}.reduced()},
		{"2024-03-01", Frac{61, 366}.reduced()},
		{"2024-12-31", Frac{1, 1}},
		{"2023-12-31", Frac{1, 1}},
		{"2023-12-18", Frac{352, 365}},
	}
	for _, tt := range days {
		if got := ElapsedOn(civil.MustParse(tt.d)); got != tt.want {
			t.Errorf("ElapsedOn(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

// reduced is NewFrac for test literals.
func (f Frac) reduced() Frac { g, _ := NewFrac(f.Num, f.Den); return g }

// YM.String writes what fmt writes, "%04d-%02d", for every month.
func TestYMStringAsFmt(t *testing.T) {
	for _, m := range []YM{0, 101, 999901, 202612, 190001, 202301, 10012, 99, -202301, 1000000} {
		if got, want := m.String(), fmt.Sprintf("%04d-%02d", m.Year(), m.Month()); got != want {
			t.Errorf("YM(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}
