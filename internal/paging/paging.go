// Package paging is the shape every list that can grow shares: a request for
// one page — an opaque cursor from the previous page and a size — and the
// page, its items and the cursor of the next one. Lists are keyset-paginated
// in the store: a cursor names the sort key and id of the last item served,
// so a page never skips or repeats an item when rows are added meanwhile.
package paging

// Page sizes: a request asks for 1 to MaxLimit items; anything else (0 when
// the client named none) gets DefaultLimit.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Request asks for one page.
type Request struct {
	Cursor string // Page.Next of the previous page; "" for the first
	Limit  int    // 1..MaxLimit, else DefaultLimit
	// Sort names one of the orders the list offers: a column ascending
	// ("name"), or descending with a leading minus ("-name"); "" (or an
	// order the list does not offer) is its default, the newest first.
	// A cursor is the order's own: another order's cursor is refused.
	Sort string
	// Count asks for the list's total (Page.Total) beside the page.
	Count bool
}

// Size is the number of items the page holds at most.
func (r Request) Size() int { return Size(r.Limit) }

// Size is limit when it is a page size a list serves, else DefaultLimit.
func Size(limit int) int {
	if limit < 1 || limit > MaxLimit {
		return DefaultLimit
	}
	return limit
}

// Page is one page of a list. Next is empty on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
	// Total is how many items the whole list holds, when the request
	// asked for it (Request.Count); a page's edges show it as they choose.
	Total int `json:"-"`
}
