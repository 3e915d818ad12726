package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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

// listNav is what a counted, sortable list shows around its table (the
// templates "list_meta", "sort_th" and "list_pager" in layout.html): the
// total, the page shown (1-based, carried along the keyset links as
// ?page=) of how many, the links to the first and the next page, the order
// shown with a link per sortable column, and the list's xlsx export (the
// same address and filters, ?format=xlsx). The keyset stays underneath:
// page numbers only count the links followed.
type listNav struct {
	Total, PageNo, Pages int
	Known                bool // the total is known (a list filtered in Go is not counted)
	FirstURL, NextURL    string
	Sort                 string // as in the query: "name", "-amount"; "" the newest first
	NewestURL            string // the default order
	// OrderKey names the list's own order (shown when no column sorts
	// it), RestoreKey the link back to it: "newest first" unless the list
	// says otherwise (a contract list within dates is by certificate date).
	OrderKey, RestoreKey string
	ExportXLSX           string
	ID                   string // the prefix of its elements' ids: "" for a page's only list, "name-" for one of several
	path                 string
	at                   listParams
	base                 url.Values // the query without this list's cursor and page, nor one-off notices
	cols                 map[string]bool
}

// listParams name a list's query parameters: one list to a page reads
// cursor, page and sort; a page of two lists names each list's own.
type listParams struct{ Cursor, Page, Sort, Anchor string }

// oneList are the parameters of a page's only list.
var oneList = listParams{Cursor: "cursor", Page: "page", Sort: "sort"}

// namedList are the parameters of one of a page's lists: its cursor is
// named as the list (as pagerOf's are), its page and order after it, and its
// links keep its section (#name) in view.
func namedList(name string) listParams {
	return listParams{Cursor: name, Page: name + "_page", Sort: name + "_sort", Anchor: "#" + name}
}

// newListNav makes a list's links. q is the request's query, path the
// list's address; total (-1: not known) and limit the list's count and page
// size; next the cursor of the page after the one shown. cols are the
// columns it sorts by, each named as in the store's order, with a leading
// minus where it is first sorted descending (amounts and dates: the
// largest, the latest first).
func newListNav(q url.Values, path string, total, limit int, next string, cols ...string) listNav {
	return newListNavAt(oneList, q, path, total, limit, next, cols...)
}

// newListNavAt is newListNav for a list whose parameters are at.
func newListNavAt(at listParams, q url.Values, path string, total, limit int, next string, cols ...string) listNav {
	n := listNav{Total: total, PageNo: 1, Pages: max(1, (total+limit-1)/max(limit, 1)), Known: total >= 0, Sort: q.Get(at.Sort),
		OrderKey: "ui.list.sort_newest", RestoreKey: "ui.list.sort_restore",
		path: path, at: at, base: cloneValues(q), cols: map[string]bool{}}
	if !n.Known {
		n.Pages = math.MaxInt
	}
	if at != oneList {
		n.ID = at.Cursor + "-"
	}
	for _, k := range []string{at.Cursor, at.Page, "flash", "done", "format"} {
		n.base.Del(k)
	}
	for _, c := range cols {
		name, desc := strings.CutPrefix(c, "-")
		n.cols[name] = desc
	}
	if _, ok := n.cols[strings.TrimPrefix(n.Sort, "-")]; !ok {
		n.Sort = "" // the list's own order (kept in the links), not a column's
	}
	if p, err := strconv.Atoi(q.Get(at.Page)); err == nil && p > 1 && q.Get(at.Cursor) != "" {
		n.PageNo = min(p, n.Pages)
	}
	if next != "" {
		nq := cloneValues(n.base)
		nq.Set(at.Cursor, next)
		nq.Set(at.Page, strconv.Itoa(n.PageNo+1))
		n.NextURL = n.url(nq)
	}
	if q.Get(at.Cursor) != "" {
		n.FirstURL = n.url(n.base)
	}
	dq := cloneValues(n.base)
	dq.Del(at.Sort)
	n.NewestURL = n.url(dq)
	xq := cloneValues(n.base)
	xq.Set("format", "xlsx")
	n.ExportXLSX = n.url(xq)
	return n
}

func (n listNav) url(q url.Values) string {
	if len(q) == 0 {
		return n.path + n.at.Anchor
	}
	return n.path + "?" + q.Encode() + n.at.Anchor
}

// sortLink is a sortable column's heading (template "sort_th").
type sortLink struct {
	Label, URL, Class, ID string
	On, Desc              bool
}

// Col is the heading of the column name: a link that sorts the list by it
// in its first direction, or, when it is the order shown, the other way.
// class is the heading cell's class ("name-col", "num"), if any.
func (n listNav) Col(name, label string, class ...string) sortLink {
	first, ok := n.cols[name]
	l := sortLink{Label: label, ID: n.ID + "sort-" + name, Class: strings.Join(class, " ")}
	if !ok {
		return l
	}
	cur, desc := strings.CutPrefix(n.Sort, "-")
	l.On, l.Desc = cur == name, desc
	want := first
	if l.On {
		want = !desc
	}
	sq := cloneValues(n.base)
	if want {
		sq.Set(n.at.Sort, "-"+name)
	} else {
		sq.Set(n.at.Sort, name)
	}
	l.URL = n.url(sq)
	return l
}

// listRequest is the page of a list the request asks for: its cursor, a
// page of pageSize, its order, and its total counted.
func listRequest(q url.Values) paging.Request { return listRequestAt(oneList, q) }

// listRequestAt is listRequest for a list whose parameters are at.
func listRequestAt(at listParams, q url.Values) paging.Request {
	return paging.Request{Cursor: q.Get(at.Cursor), Limit: pageSize, Sort: q.Get(at.Sort), Count: true}
}

// maxExportPages bounds a list's export by pages of paging.MaxLimit: as
// maxExportRows, a longer list is narrowed first.
const maxExportPages = maxExportRows / paging.MaxLimit

// exportAll reads every page of a list for its export, paging.MaxLimit
// rows at a time up to maxExportRows, in the order asked.
func exportAll[T any](req paging.Request, read func(paging.Request) (paging.Page[T], error)) ([]T, error) {
	req.Cursor, req.Limit, req.Count = "", paging.MaxLimit, false
	var out []T
	for range maxExportPages {
		page, err := read(req)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			break
		}
		req.Cursor = page.Next
	}
	return out, nil
}
