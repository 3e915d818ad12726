package indicator

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func row(zone int64, ym YM, id string, dim DimKey, v int64) Row {
	return Row{ZoneID: zone, Month: ym, Indicator: id, Dim: dim, Value: v}
}

// Values evaluates sums, stocks and ratios for every area at once, leaving
// out areas whose ratio has no denominator.
func TestValues(t *testing.T) {
	ctx := context.Background()
	c := DefaultCatalog()
	m := NewMemMulti(
		row(1, 202303, TechContractAmount, Total, 600), row(1, 202311, TechContractAmount, Total, 400),
		row(1, 202206, StatEmployees, Total, 40), row(1, 202310, StatEmployees, Total, 50),
		row(2, 202305, TechContractAmount, Total, 900),
		row(3, 202305, StatEmployees, Total, 10),
	)
	p := Must(YTD(2023, 11))
	sums, err := c.Values(ctx, m, TechContractAmount, Total, p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[int64]Frac{1: Whole(1000), 2: Whole(900)}, sums); diff != "" {
		t.Errorf("sums (-want +got):\n%s", diff)
	}
	per, err := c.Values(ctx, m, TechContractAmountPerPerson, Total, p)
	if err != nil {
		t.Fatal(err)
	}
	// Area 2 has no employees (no denominator); area 3 no amount.
	if diff := cmp.Diff(map[int64]Frac{1: Whole(20)}, per); diff != "" {
		t.Errorf("per person (-want +got):\n%s", diff)
	}
	if _, err := c.Values(ctx, m, "no.such", Total, p); err == nil {
		t.Error("unknown indicator accepted")
	}
}

// Series carries a stock forward through months without a row and leaves
// a flow's empty months empty.
func TestSeries(t *testing.T) {
	ctx := context.Background()
	c := DefaultCatalog()
	src := NewMemSource(row(1, 202211, StatEmployees, Total, 40), row(1, 202303, StatEmployees, Total, 0),
		row(1, 202302, TechContractCount, Total, 3))
	p := Must(YTD(2023, 4))
	vals, ok, err := c.Series(ctx, src, StatEmployees, Total, p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{40, 40, 0, 0}, vals); diff != "" || !cmp.Equal([]bool{true, true, true, true}, ok) {
		t.Errorf("stock series %v %v", vals, ok)
	}
	vals, ok, err = c.Series(ctx, src, TechContractCount, Total, p)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal([]int64{0, 3, 0, 0}, vals) || !cmp.Equal([]bool{false, true, false, false}, ok) {
		t.Errorf("flow series %v %v", vals, ok)
	}
	if _, _, err := c.Series(ctx, src, StatRDIntensity, Total, p); err == nil {
		t.Error("a ratio has no series")
	}
}

// A Snapshot answers its indicators' unsplit values from memory and the
// rest from the fallback, with the same answers either way.
func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	rows := []Row{row(1, 202301, TechContractAmount, Total, 5), row(1, 202302, TechContractAmount, Dim(DimField, "01"), 7),
		row(1, 202302, TechContractCount, Total, 2)}
	full := NewMemSource(rows...)
	snap := NewSnapshot([]string{TechContractAmount}, rows[:1], full)
	p := Must(YTD(2023, 2))
	for _, q := range []struct {
		id  string
		dim DimKey
	}{{TechContractAmount, Total}, {TechContractAmount, Dim(DimField, "01")}, {TechContractCount, Total}} {
		a, aok, _ := snap.Sum(ctx, q.id, q.dim, p)
		b, bok, _ := full.Sum(ctx, q.id, q.dim, p)
		if a != b || aok != bok {
			t.Errorf("%s %s: snapshot %d %v, source %d %v", q.id, q.dim, a, aok, b, bok)
		}
	}
	bd, _ := snap.Breakdown(ctx, TechContractAmount, DimField, p)
	if !cmp.Equal(map[string]int64{"01": 7}, bd) {
		t.Errorf("breakdown %v", bd)
	}
}

// A Snapshot that holds rows from a floor on (the dashboard reads its
// years only) gives the same answers as the source for every question: a
// question reaching before the floor, and a stock whose latest entry is
// older than the floor, go to the source.
func TestSnapshotFrom(t *testing.T) {
	ctx := context.Background()
	floor := MonthOf(2023, 1)
	rows := []Row{row(1, 202106, StatEmployees, Total, 40), // a stock entered long ago
		row(1, 202211, TechContractAmount, Total, 3), row(1, 202301, TechContractAmount, Total, 5),
		row(1, 202303, TechContractAmount, Total, 9), row(1, 202208, StatRevenue, Total, 70),
		row(1, 202302, StatRevenue, Total, 80)}
	full := NewMemSource(rows...)
	var held []Row
	for _, r := range rows {
		if r.Month >= floor {
			held = append(held, r)
		}
	}
	snap := NewSnapshot([]string{TechContractAmount, StatEmployees, StatRevenue}, held, full).From(floor, TechContractAmount, StatEmployees, StatRevenue)
	for _, id := range []string{TechContractAmount, StatEmployees, StatRevenue} {
		for _, p := range []Period{Must(YTD(2023, 3)), Must(YTD(2022, 12)), Must(Month(2023, 2)), {From: MonthOf(2022, 11), To: MonthOf(2023, 3)}} {
			a, aok, aerr := snap.Sum(ctx, id, Total, p)
			b, bok, berr := full.Sum(ctx, id, Total, p)
			if a != b || aok != bok || (aerr == nil) != (berr == nil) {
				t.Errorf("Sum %s %v: snapshot %d %v, source %d %v", id, p, a, aok, b, bok)
			}
			am, _ := snap.Months(ctx, id, Total, p.From, p.To)
			bm, _ := full.Months(ctx, id, Total, p.From, p.To)
			if !cmp.Equal(am, bm) {
				t.Errorf("Months %s %v: snapshot %v, source %v", id, p, am, bm)
			}
		}
		for m := MonthOf(2021, 1); m <= MonthOf(2023, 6); m = m.Add(1) {
			a, aok, _ := snap.At(ctx, id, Total, m)
			b, bok, _ := full.At(ctx, id, Total, m)
			if a != b || aok != bok {
				t.Errorf("At %s %v: snapshot %d %v, source %d %v", id, m, a, aok, b, bok)
			}
		}
	}
}

func TestMakeBreakdown(t *testing.T) {
	def, _ := DefaultCatalog().Get(TechContractAmount, 2023)
	b := MakeBreakdown(def, DimField, map[string]int64{"02": 30, "01": 30, "05": 40, "07": 0})
	var codes []string
	for _, it := range b.Items {
		codes = append(codes, it.Code)
	}
	if b.Total != 100 || !cmp.Equal([]string{"05", "01", "02"}, codes) || b.Items[0].Share != (Frac{Num: 2, Den: 5}) {
		t.Errorf("breakdown %+v", b)
	}
}

func TestTrendPeriodAndKeys(t *testing.T) {
	if got := TrendPeriod(Must(Month(2023, 2))); got.From != MonthOf(2022, 3) || got.To != MonthOf(2023, 2) {
		t.Errorf("one month trends over a year: %v", got)
	}
	if p := Must(YTD(2023, 11)); TrendPeriod(p) != p {
		t.Error("a long period is its own trend")
	}
	for _, tt := range []struct{ dim, code, want string }{
		{DimType, "DEV_ENTRUSTED", "contract.type.DEV_ENTRUSTED"}, {DimSellerNature, "150", "contract.nature.150"},
		{DimSize, "large", "indicator.size.large"}, {DimField, Unclassified, "indicator.dim.unclassified"}, {"other", "x", ""},
	} {
		if got := DimValueKey(tt.dim, tt.code); got != tt.want {
			t.Errorf("DimValueKey(%s, %s) = %q", tt.dim, tt.code, got)
		}
	}
	if _, err := ParseScope("county"); err == nil {
		t.Error("county is no ranking scope")
	}
}

// Rows and split sums as a store may return them — a key's rows in more
// than one run, out of month order, a month twice — give the answers of
// the same rows in order: runs of a key are pieces of one array, and a
// later run must not write over the piece after an earlier one.
func TestSplitSnapshotRuns(t *testing.T) {
	ctx := context.Background()
	a, b := TechContractAmount, TechContractCount
	rows := []Row{row(1, 202301, a, Total, 5), row(1, 202302, a, Total, 7), row(1, 202301, b, Total, 1),
		row(1, 202303, a, Total, 9), row(1, 202302, b, Total, 2), row(1, 202302, a, Total, 4), row(1, 202303, b, Total, 3)}
	full := NewMemSource(rows...)
	p := Must(YTD(2023, 3))
	splits := []BreakdownSpec{{a, DimField}, {a, DimType}}
	sums := []SplitSum{{Indicator: a, Dim: Dim(DimField, "01"), Lo: 3}, {Indicator: a, Dim: Dim(DimType, "31"), Lo: 4},
		{Indicator: a, Dim: Dim(DimField, "02"), Lo: 5}, {Indicator: a, Dim: "fieldx=9", Lo: 6}}
	snap := NewSplitSnapshot([]string{a, b}, rows, splits, p.From, p.To, sums, full)
	for _, id := range []string{a, b} {
		got, _ := snap.Months(ctx, id, Total, p.From, p.To)
		want, _ := full.Months(ctx, id, Total, p.From, p.To)
		if !cmp.Equal(got, want) {
			t.Errorf("%s months: snapshot %v, rows %v", id, got, want)
		}
	}
	if bd, _ := snap.Breakdown(ctx, a, DimField, p); !cmp.Equal(map[string]int64{"01": 3, "02": 5}, bd) {
		t.Errorf("field breakdown %v", bd)
	}
	if bd, _ := snap.Breakdown(ctx, a, DimType, p); !cmp.Equal(map[string]int64{"31": 4}, bd) {
		t.Errorf("type breakdown %v", bd)
	}
}

func TestDimKeyHasName(t *testing.T) {
	for _, c := range []struct {
		k    DimKey
		name string
		want bool
	}{{"field=01", "field", true}, {"field=", "field", true}, {"fieldx=1", "field", false}, {"fiel=1", "field", false},
		{"field", "field", false}, {Total, "field", false}, {"type=field=1", "type", true}} {
		if got := c.k.HasName(c.name); got != c.want {
			t.Errorf("%q.HasName(%q) = %v", c.k, c.name, got)
		}
	}
}
