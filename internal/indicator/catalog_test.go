package indicator

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/errs"
)

func TestDefaultCatalog(t *testing.T) {
	c := DefaultCatalog()
	for _, id := range []string{TechContractCount, TechContractAmount, TechContractTechAmount,
		StatGrossOutput, StatHightechRevenue, StatRDSpending, StatEmployees, StatBusinessEnv,
		StatRevenue, StatRDIntensity, TechContractAmountPerPerson, HonourHeld} {
		d, ok := c.Get(id, 2023)
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if d.NameKey != "indicator.name."+id {
			t.Errorf("%s name key %q", id, d.NameKey)
		}
	}
	if d, _ := c.Get(HonourHeld, 2023); d.Agg != AggHeldOn || d.Unit != UnitEnterprises {
		t.Errorf("honour def %+v", d)
	}
	if d, _ := c.Get(TechContractAmountPerPerson, 2023); d.Numerator != TechContractAmount || d.Denominator != StatEmployees {
		t.Errorf("per person def %+v", d)
	}
	for _, e := range DefaultEvaluations() {
		if err := e.Validate(c); err != nil {
			t.Errorf("evaluation %d: %v", e.Year, err)
		}
	}
}

func sum(id string, dims ...string) Definition {
	return Definition{ID: id, NameKey: "k", Unit: UnitItems, Source: "s", Agg: AggSum, Dimensions: dims, Version: 1, ValidFrom: 2000}
}

func ratio(id, num, den string, dims ...string) Definition {
	d := sum(id, dims...)
	d.Agg, d.Unit, d.Numerator, d.Denominator = AggRatio, UnitRatio, num, den
	return d
}

func TestNewCatalogRejects(t *testing.T) {
	v2 := sum("a.x")
	v2.Version, v2.ValidFrom = 2, 2024
	v2older := v2
	v2older.ValidFrom = 1999
	late := sum("b.late")
	late.ValidFrom = 2020
	tests := []struct {
		name  string
		defs  []Definition
		field string
		key   string
	}{
		{"bad id", []Definition{sum("Count")}, "Count@1", "indicator.error.bad_id"},
		{"no dot", []Definition{sum("count")}, "count@1", "indicator.error.bad_id"},
		{"duplicate", []Definition{sum("a.x"), sum("a.x")}, "a.x@1", "indicator.error.duplicate_id"},
		{"duplicate version", []Definition{sum("a.x"), func() Definition { d := sum("a.x"); d.ValidFrom = 2024; return d }()}, "a.x@1", "indicator.error.duplicate_id"},
		{"version order", []Definition{sum("a.x"), v2older}, "a.x@1", "indicator.error.version_order"},
		{"no name", []Definition{func() Definition { d := sum("a.x"); d.NameKey = ""; return d }()}, "a.x@1", "indicator.error.name_missing"},
		{"bad unit", []Definition{func() Definition { d := sum("a.x"); d.Unit = "yuan"; return d }()}, "a.x@1", "indicator.error.bad_unit"},
		{"bad agg", []Definition{func() Definition { d := sum("a.x"); d.Agg = "avg"; return d }()}, "a.x@1", "indicator.error.bad_agg"},
		{"bad dimension", []Definition{sum("a.x", "type", "type")}, "a.x@1", "indicator.error.bad_dimension"},
		{"operand missing", []Definition{sum("a.x"), ratio("a.r", "a.x", "a.y")}, "a.r@1", "indicator.error.ratio_operand_missing"},
		{"operand too late", []Definition{sum("a.x"), late, ratio("a.r", "a.x", "b.late")}, "a.r@1", "indicator.error.ratio_operand_missing"},
		{"ratio without operands", []Definition{ratio("a.r", "", "")}, "a.r@1", "indicator.error.ratio_operands"},
		{"operands on a sum", []Definition{func() Definition { d := sum("a.x"); d.Numerator = "a.y"; return d }()}, "a.x@1", "indicator.error.operands_not_ratio"},
		{"ratio dimension", []Definition{sum("a.x", "type"), sum("a.y"), ratio("a.r", "a.x", "a.y", "type")}, "a.r@1", "indicator.error.ratio_dimension"},
		{"cycle", []Definition{sum("a.x"), ratio("a.r", "a.s", "a.x"), ratio("a.s", "a.r", "a.x")}, "a.r@1", "indicator.error.ratio_cycle"},
		{"self", []Definition{sum("a.x"), ratio("a.r", "a.r", "a.x")}, "a.r@1", "indicator.error.ratio_cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCatalog(tt.defs...)
			e, ok := err.(*errs.Error)
			if !ok || e.Kind != errs.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			if got := e.Fields[tt.field].Key; got != tt.key {
				t.Errorf("field %s = %q, want %q (all: %v)", tt.field, got, tt.key, err)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	v2 := sum("a.x", "type")
	v2.Version, v2.ValidFrom = 2, 2026 // e.g. the 2026 rules add a dimension
	c, err := NewCatalog(v2, sum("a.x"))
	if err != nil {
		t.Fatal(err)
	}
	for year, want := range map[int]int{2000: 1, 2025: 1, 2026: 2, 2030: 2} {
		d, ok := c.Get("a.x", year)
		if !ok || d.Version != want {
			t.Errorf("Get(%d) = v%d, want v%d", year, d.Version, want)
		}
	}
	if _, ok := c.Get("a.x", 1999); ok {
		t.Error("found a version before ValidFrom")
	}
	if d, _ := c.Latest("a.x"); d.Version != 2 {
		t.Errorf("Latest = v%d", d.Version)
	}
	// Returned definitions are copies.
	d, _ := c.Latest("a.x")
	d.Dimensions[0] = "changed"
	if d2, _ := c.Latest("a.x"); d2.Dimensions[0] != "type" {
		t.Error("catalog changed through a returned slice")
	}
	c2, err := c.With(sum("b.y"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a.x", "b.y"}, c2.IDs()); diff != "" {
		t.Error(diff)
	}
	if len(c2.Definitions()) != 3 || len(c.IDs()) != 1 {
		t.Error("With must not change the receiver")
	}
}

func TestKeysAndCheckRow(t *testing.T) {
	c := DefaultCatalog()
	d, _ := c.Get(TechContractCount, 2023)
	keys := d.Keys(map[string]string{DimType: "DEV_ENTRUSTED", DimField: "01", DimSize: "other"})
	want := []DimKey{Total, "type=DEV_ENTRUSTED", "category=-", "field=01", "seller_nature=-",
		"buyer_nature=-", "ip_type=-", "programme_level=-", "size=other"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	if n, v := DimKey("type=DEV_ENTRUSTED").Split(); n != "type" || v != "DEV_ENTRUSTED" {
		t.Errorf("split %q %q", n, v)
	}
	tests := []struct {
		row   Row
		field string
	}{
		{Row{1, 202311, TechContractCount, Total, 3}, ""},
		{Row{1, 202311, TechContractCount, "field=01", 3}, ""},
		{Row{1, 202311, TechContractCount, "colour=red", 3}, "dim"},
		{Row{1, 202311, TechContractCount, "type=", 3}, "dim"},
		{Row{1, 202311, TechContractAmountPerPerson, Total, 3}, "indicator"},
		{Row{1, 202311, "nope.nope", Total, 3}, "indicator"},
		{Row{1, 202313, TechContractCount, Total, 3}, "month"},
		{Row{1, 199901, TechContractCount, Total, 3}, "indicator"}, // before ValidFrom
	}
	for _, tt := range tests {
		err := c.CheckRow(tt.row)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.row, err)
			}
			continue
		}
		if e, ok := err.(*errs.Error); !ok || !errs.Fields(e.Fields).Has(tt.field) {
			t.Errorf("%+v: err %v, want field %s", tt.row, err, tt.field)
		}
	}
}

func TestValue(t *testing.T) {
	c := DefaultCatalog()
	ctx := context.Background()
	var rows []Row
	// 2023: 35 contracts a month Jan–Nov, 2022: 30; amounts in fen.
	for m := range Must(YTD(2023, 11)).Months() {
		rows = append(rows,
			Row{1, m, TechContractCount, Total, 35},
			Row{1, m, TechContractAmount, Total, 3_456_000_000},
			Row{1, m, TechContractCount, "type=SVC", 5},
			Row{1, m.Add(-12), TechContractAmount, Total, 3_005_090_909},
		)
	}
	rows = append(rows,
		Row{1, 202206, StatEmployees, Total, 1_000},
		Row{1, 202309, StatEmployees, Total, 1_200}, // carried forward to November
		Row{1, 202310, HonourHeld, "programme=ip_demo", 7},
	)
	src := NewMemSource(rows...)
	p := Must(YTD(2023, 11))
	tests := []struct {
		id   string
		dim  DimKey
		p    Period
		want Frac
		ok   bool
	}{
		{TechContractCount, Total, p, Whole(385), true},
		{TechContractCount, "type=SVC", p, Whole(55), true},
		{TechContractAmount, Total, p, Whole(38_016_000_000), true},
		{TechContractAmount, Total, p.Previous(), Whole(33_055_999_999), true},
		{TechContractCount, "type=DEV_COOP", p, Frac{}, false},
		{StatEmployees, Total, p, Whole(1_200), true},
		{StatEmployees, Total, Must(Year(2022)), Whole(1_000), true},
		{StatEmployees, Total, Must(Year(2021)), Frac{}, false},
		{TechContractAmountPerPerson, Total, p, Whole(31_680_000), true}, // 31.68万元 per person
		{HonourHeld, "programme=ip_demo", p, Whole(7), true},
		{StatRDIntensity, Total, p, Frac{}, false}, // no R&D data
	}
	for _, tt := range tests {
		got, ok, err := c.Value(ctx, src, tt.id, tt.dim, tt.p)
		if err != nil {
			t.Errorf("%s %s: %v", tt.id, tt.dim, err)
			continue
		}
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s %s %v = %v, %v; want %v, %v", tt.id, tt.dim, tt.p, got, ok, tt.want, tt.ok)
		}
	}
	for _, bad := range []struct {
		id  string
		dim DimKey
		p   Period
	}{{"nope.nope", Total, p}, {TechContractCount, "colour=red", p}, {TechContractCount, Total, Period{}}} {
		if _, _, err := c.Value(ctx, src, bad.id, bad.dim, bad.p); !errs.Is(err, errs.Invalid) {
			t.Errorf("%+v: err %v, want Invalid", bad, err)
		}
	}
	// A zero denominator is "none", not a division by zero.
	zero := NewMemSource(Row{1, 202301, TechContractAmount, Total, 5}, Row{1, 202301, StatEmployees, Total, 0})
	if _, ok, err := c.Value(ctx, zero, TechContractAmountPerPerson, Total, Must(Month(2023, 1))); ok || err != nil {
		t.Errorf("zero denominator: ok %v err %v", ok, err)
	}
}

func TestEvaluation(t *testing.T) {
	c := DefaultCatalog()
	specs := DefaultEvaluations()
	e, ok := EvaluationFor(specs, 2025)
	if !ok || e.Year != 2024 || len(e.Lists) != 6 {
		t.Fatalf("EvaluationFor(2025) = %+v %v", e, ok)
	}
	if _, ok := EvaluationFor(specs, 2023); ok {
		t.Error("found a spec before 2024")
	}
	later := e
	later.Version = 2
	if got, _ := EvaluationFor(append(specs, later), 2024); got.Version != 2 {
		t.Errorf("revision not picked: v%d", got.Version)
	}
	bad := e
	bad.Lists = slices.Clone(e.Lists)
	bad.Lists[0].Weight = 30
	bad.Lists[1].Indicator = "nope.nope"
	err := bad.Validate(c)
	if ee, ok := err.(*errs.Error); !ok || !errs.Fields(ee.Fields).Has("weights") || !errs.Fields(ee.Fields).Has("lists[1]") {
		t.Errorf("Validate = %v", err)
	}
}

func TestComposite(t *testing.T) {
	e := Evaluation{Year: 2024, Version: 1, NameKey: "k", Data: Must(Year(2023)), Lists: []List{
		{Key: "out", Indicator: StatGrossOutput, Order: Desc, Weight: 60},
		{Key: "late", Indicator: StatBusinessEnv, Order: Asc, Weight: 40},
	}}
	values := map[string][]Entry[int64]{
		"out":  {{1, Whole(100)}, {2, Whole(50)}, {3, Whole(100)}},
		"late": {{1, Whole(4)}, {2, Whole(2)}, {4, Whole(1)}},
	}
	// 1: .6×1 + .4×(1/4) = .7; 2: .6×.5 + .4×(1/2) = .5. Area 3 has no
	// value on "late" and area 4 none on "out": neither is ranked (a score
	// from part of the inputs is not comparable), and each names its gap.
	got, incomplete, err := Composite(e, values)
	if err != nil {
		t.Fatal(err)
	}
	want := []Ranked[int64]{
		{Entry[int64]{1, Frac{7, 10}}, Rank{1, 2, false}},
		{Entry[int64]{2, Frac{1, 2}}, Rank{2, 2, false}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantIn := []Incomplete[int64]{{3, []string{"late"}}, {4, []string{"out"}}}
	if diff := cmp.Diff(wantIn, incomplete); diff != "" {
		t.Errorf("incomplete (-want +got):\n%s", diff)
	}
	// One stale score alone is no composite at all.
	got, incomplete, err = Composite(e, map[string][]Entry[int64]{"late": {{9, Whole(8420)}}})
	if err != nil || len(got) != 0 || len(incomplete) != 1 || incomplete[0].Missing[0] != "out" {
		t.Errorf("one input: %v %v %v", got, incomplete, err)
	}
	values["out"] = append(values["out"], Entry[int64]{1, Whole(1)})
	if _, _, err := Composite(e, values); !errs.Is(err, errs.Invalid) {
		t.Errorf("duplicate area: %v", err)
	}
}
