package listq

import (
	"context"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/invest"
)

// InvestProjects reads a list of investment projects' filters (the
// service checks the values of stage, origin, mode and industry).
func InvestProjects(ctx context.Context, zones Zones, a access.Actor, q url.Values) (invest.Filter, error) {
	var fe errs.Fields
	f := invest.Filter{Stage: invest.Stage(get(q, "stage")), Origin: invest.Origin(get(q, "origin")), Mode: invest.Mode(get(q, "mode")),
		Industry: get(q, "industry"), Q: get(q, "q"), Cursor: get(q, "cursor")}
	f.Limit = limit(&fe, q)
	if err := fe.Err(); err != nil {
		return f, err
	}
	var err error
	f.ZoneID, err = zones.IDOf(ctx, a, get(q, "zone"))
	return f, err
}
