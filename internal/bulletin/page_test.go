package bulletin

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/civil"
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
