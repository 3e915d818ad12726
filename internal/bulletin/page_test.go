package bulletin

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/zone"
)

func TestPage(t *testing.T) {
	item := func(h string, bodyLen int) Item {
		b := make([]byte, bodyLen)
		for i := range b {
			b[i] = 'x'
		}
		return Item{Headline: h, Body: string(b), Date: civil.MustParse("2023-12-18")}
	}
	p := Page{Title: "创新园区", Number: 5, Date: civil.MustParse("2023-12-18"), Partner: "火炬中心合办"}
	p.Add(item("短", 10), 0)
	p.Add(item("长", 500), 0)
	p.Add(item("指定第二", 5), 2)
	p.Add(item("指定第一", 1), 1)
	p.Add(item("也长", 500), 0) // same length as 长: ordered by headline
	want := []string{"指定第一", "指定第二", "也长", "长", "短"}
	if diff := cmp.Diff(want, p.Headlines()); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	for i, it := range p.Items {
		if it.Lead != (i == 0) {
			t.Errorf("item %d lead = %v", i, it.Lead)
		}
	}
	// The order does not depend on the order of adding.
	q := Page{}
	for i := len(p.Items) - 1; i >= 0; i-- {
		q.Add(p.Items[i].Item, p.Items[i].Slot)
	}
	if diff := cmp.Diff(want, q.Headlines()); diff != "" {
		t.Errorf("reverse-added order (-want +got):\n%s", diff)
	}
	if got := (Page{}).Headlines(); len(got) != 0 {
		t.Errorf("empty page headlines %v", got)
	}
}

// AddAll places like Add of each item in turn: items alike in every key
// keep the order they came in.
func TestPageAddAll(t *testing.T) {
	d := civil.MustParse("2023-12-18")
	items := []Item{{Headline: "乙", Body: "xx", Date: d}, {Headline: "甲", Body: "xx", Date: d}, {Headline: "乙", Body: "xx", Date: d, Zone: "second"},
		{Headline: "丙", Body: "xxxx", Date: d}, {Headline: "丁", Body: "xx", Date: civil.MustParse("2023-12-19")}, {Headline: "戊"}}
	var one, all Page
	for _, it := range items {
		one.Add(it, 0)
	}
	all.AddAll(items)
	if diff := cmp.Diff(one, all); diff != "" {
		t.Errorf("AddAll differs from Add (-Add +AddAll):\n%s", diff)
	}
	if all.Items[0].Headline != "丙" || !all.Items[0].Lead || all.Items[1].Lead || all.Items[2].Zone != "" || all.Items[3].Zone != "second" {
		t.Errorf("order %v", all.Headlines())
	}
}

// eachZone answers in the zones' order whatever order the workers finish
// in, and stops at the first failure, which it returns.
func TestEachZone(t *testing.T) {
	zones := make([]zone.Area, 40)
	for i := range zones {
		zones[i].ID = int64(i + 1)
	}
	got, err := eachZone(t.Context(), zones, 4, func(_ context.Context, z zone.Area) (int64, error) { return z.ID * 10, nil })
	if err != nil || len(got) != 40 {
		t.Fatalf("%v %v", got, err)
	}
	for i, x := range got {
		if x != int64(i+1)*10 {
			t.Fatalf("answer %d = %d", i, x)
		}
	}
	boom := errors.New("boom")
	_, err = eachZone(t.Context(), zones, 4, func(_ context.Context, z zone.Area) (int64, error) {
		if z.ID == 3 {
			return 0, boom
		}
		return z.ID, nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
	if got, err := eachZone(t.Context(), nil, 4, func(context.Context, zone.Area) (int, error) { return 1, nil }); err != nil || len(got) != 0 {
		t.Errorf("no zones: %v %v", got, err)
	}
}
