// Package listq reads the filters of a list from a query string, once for
// every edge: the JSON API, the pages and their exports parse the same
// parameters the same way (spaces trimmed, bad values reported per field,
// the zone given as a slug and resolved within the caller's scope).
package listq

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/project"
)

// MaxLimit is the largest page a list serves.
const MaxLimit = paging.MaxLimit

// Zones resolves an optional zone slug to its id (0 for ""), NotFound when
// the actor may not see it. zone.Service implements it.
type Zones interface {
	IDOf(ctx context.Context, a access.Actor, slug string) (int64, error)
}

// ContractParams are the query parameters Contracts reads.
var ContractParams = []string{"zone", "status", "type", "field", "q", "from", "to", "seller", "sort", "cursor", "limit"}

// EnterpriseParams are the query parameters Enterprises reads.
var EnterpriseParams = []string{"zone", "q", "nature", "industry", "listing", "cursor", "limit"}

// Contracts reads a contract list's filters.
func Contracts(ctx context.Context, zones Zones, a access.Actor, q url.Values) (contract.Filter, error) {
	var fe errs.Fields
	f := contract.Filter{Status: contract.Status(get(q, "status")), Type: contract.Type(get(q, "type")),
		Field: contract.Field(get(q, "field")), Q: get(q, "q"), Cursor: get(q, "cursor")}
	f.From = date(&fe, q, "from")
	f.To = date(&fe, q, "to")
	if s := get(q, "seller"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			fe.Add("seller", "error.bad_id")
		}
		f.SellerID = n
	}
	switch f.Sort = get(q, "sort"); f.Sort {
	case "", contract.SortNewest:
	case contract.SortCertified:
		if f.From.IsZero() && f.To.IsZero() && !fe.Has("from") && !fe.Has("to") {
			fe.Add("sort", "api.err.sort_needs_range")
		}
	default:
		if !contract.SortsByColumn(f.Sort) {
			fe.Add("sort", "error.out_of_range")
		}
	}
	f.Limit = limit(&fe, q)
	if err := fe.Err(); err != nil {
		return f, err
	}
	var err error
	f.ZoneID, err = zones.IDOf(ctx, a, get(q, "zone"))
	return f, err
}

// Enterprises reads an enterprise list's filters.
func Enterprises(ctx context.Context, zones Zones, a access.Actor, q url.Values) (enterprise.Filter, error) {
	var fe errs.Fields
	f := enterprise.Filter{Q: get(q, "q"), Nature: get(q, "nature"), Industry: get(q, "industry"),
		Listing: get(q, "listing"), Cursor: get(q, "cursor")}
	f.Limit = limit(&fe, q)
	if err := fe.Err(); err != nil {
		return f, err
	}
	var err error
	f.ZoneID, err = zones.IDOf(ctx, a, get(q, "zone"))
	return f, err
}

// PageParams are the query parameters Page reads.
var PageParams = []string{"cursor", "limit"}

// Page reads the page a list asks for: cursor and limit (1 to MaxLimit;
// absent, the list's default), for lists that take no other filter.
func Page(q url.Values) (paging.Request, error) {
	var fe errs.Fields
	p := paging.Request{Cursor: get(q, "cursor"), Limit: limit(&fe, q)}
	return p, fe.Err()
}

func get(q url.Values, name string) string { return strings.TrimSpace(q.Get(name)) }

// date reads an optional date parameter; a bad one is a field error.
func date(fe *errs.Fields, q url.Values, name string) civil.Date {
	s := get(q, name)
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(s)
	if err != nil {
		fe.Add(name, "error.bad_date")
	}
	return d
}

// limit reads the optional page size, 1 to MaxLimit; 0 when absent (the
// service's default applies).
func limit(fe *errs.Fields, q url.Values) int {
	s := get(q, "limit")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		fe.Add("limit", "error.out_of_range")
		return 0
	}
	return n
}

// Projects reads a project list's filters: zone (slug), status, level,
// park (id), timing, cursor and limit.
func Projects(ctx context.Context, zones Zones, a access.Actor, q url.Values) (project.Filter, error) {
	var fe errs.Fields
	f := project.Filter{Status: project.Status(get(q, "status")), Level: project.Level(get(q, "level")), Timing: get(q, "timing")}
	f.Cursor, f.Limit = get(q, "cursor"), limit(&fe, q)
	if s := get(q, "park"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			fe.Add("park", "error.out_of_range")
		}
		f.ParkID = n
	}
	if err := fe.Err(); err != nil {
		return f, err
	}
	var err error
	f.ZoneID, err = zones.IDOf(ctx, a, get(q, "zone"))
	return f, err
}
