package web

import (
	"net/http"

	"github.com/innopark/innopark/internal/paging"
)

// pager holds a list section's links (template "pager"): to the page after
// the one shown, and back to the first once past it.
type pager struct{ NextURL, FirstURL string }

// pageOf reads which page of a list the request shows: the cursor in the
// query parameter param, pageSize items.
func pageOf(r *http.Request, param string) paging.Request {
	return paging.Request{Cursor: r.URL.Query().Get(param), Limit: pageSize}
}

// pagerOf makes the links of a list section whose next cursor is next: the
// page's address (path, with the request's other query parameters) with
// param set to it, or without param for the first page; anchor ("#id", or
// "") keeps the section in view.
func pagerOf(r *http.Request, path, param, next, anchor string) pager {
	var p pager
	q := r.URL.Query()
	q.Del("flash")
	if next != "" {
		q.Set(param, next)
		p.NextURL = path + "?" + q.Encode() + anchor
	}
	if r.URL.Query().Get(param) != "" {
		q.Del(param)
		p.FirstURL = path
		if len(q) > 0 {
			p.FirstURL += "?" + q.Encode()
		}
		p.FirstURL += anchor
	}
	return p
}
