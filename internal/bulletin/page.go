package bulletin

import (
	"cmp"
	"slices"

	"github.com/innopark/innopark/internal/civil"
)

// Page lays several items out as one printable newspaper-style page (the
// seed's page 5, 创新园区): the data and the order; drawing it is the web
// layer's job.
type Page struct {
	Title   string     `json:"title"`             // section: "创新园区"
	Number  int        `json:"number,omitempty"`  // page number in the issue: 5
	Date    civil.Date `json:"date"`              // issue date
	Partner string     `json:"partner,omitempty"` // co-run with: "火炬中心合办"
	Items   []Placed   `json:"items"`             // in reading order; see Add
	Held    []Item     `json:"held,omitempty"`    // items not printed: their figures read badly (Item.Flags)
}

// Placed is an item on a page.
type Placed struct {
	Item
	Slot int  `json:"slot"` // requested position: 1 first; 0 = no preference
	Lead bool `json:"lead"` // the first item, printed with the largest headline
}

// Add puts item on the page at slot (1 = first; 0 = wherever it fits) and
// re-orders the page: items with a slot come first by slot, then the others,
// longest body first because the longest story leads a page; remaining ties
// by date (newest first) and headline, so the order never depends on the
// order items were added.
func (p *Page) Add(item Item, slot int) {
	p.Items = append(p.Items, Placed{Item: item, Slot: max(slot, 0)})
	p.order()
}

// AddAll puts items on the page wherever they fit: the same page as Add of
// each in turn with slot 0, sorted once.
func (p *Page) AddAll(items []Item) {
	for _, it := range items {
		p.Items = append(p.Items, Placed{Item: it})
	}
	p.order()
}

// order sorts the items as Add describes (stable: items alike in every key
// keep the order they were added in) and marks the lead.
func (p *Page) order() {
	slices.SortStableFunc(p.Items, func(a, b Placed) int {
		if c := cmp.Compare(slotOrder(a.Slot), slotOrder(b.Slot)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Body), len(a.Body)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Date.String(), a.Date.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.Headline, b.Headline)
	})
	for i := range p.Items {
		p.Items[i].Lead = i == 0
	}
}

// slotOrder sorts "no preference" after every requested slot.
func slotOrder(s int) int {
	if s == 0 {
		return int(^uint(0) >> 1)
	}
	return s
}

// Headlines lists the headlines in reading order, as the page's index shows
// them (知识产权优势示范企业再添7家 · …).
func (p Page) Headlines() []string {
	out := make([]string, 0, len(p.Items))
	for _, it := range p.Items {
		out = append(out, it.Headline)
	}
	return out
}
