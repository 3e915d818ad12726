package web

import (
	"net/http"
	"net/url"

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
// page's address (path and query q, q[param] the cursor of the page shown)
// with param set to next, or without param for the first page; anchor
// ("#id", or "") keeps the section in view.
func pagerOf(query url.Values, path, param, next, anchor string) pager {
	var p pager
	q := cloneValues(query)
	q.Del("flash") // one-off notices stay on the page they were for
	q.Del("done")
	if next != "" {
		q.Set(param, next)
		p.NextURL = path + "?" + q.Encode() + anchor
	}
	if query.Get(param) != "" {
		q.Del(param)
		p.FirstURL = path
		if len(q) > 0 {
			p.FirstURL += "?" + q.Encode()
		}
		p.FirstURL += anchor
	}
	return p
}
