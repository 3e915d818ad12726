package services

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/talent"
)

// SubmitPartyImport starts the party-work import of kind (an organisation
// kind of org.ImportKinds, or talent.ImportKind with the call's id) of the
// spooled file req.Path, for the API and the pages alike. A bad call id
// removes the file and names the field.
func (s *Services) SubmitPartyImport(ctx context.Context, a access.Actor, kind, call string, req imports.Request) (int64, error) {
	kind = strings.TrimSpace(kind)
	if kind == talent.ImportKind {
		id, err := strconv.ParseInt(strings.TrimSpace(call), 10, 64)
		if err != nil || id <= 0 {
			_ = os.Remove(req.Path)
			var f errs.Fields
			f.Add("call", "talent.err.import_call")
			return 0, f.Err()
		}
		return s.Talents.SubmitImport(ctx, a, id, req)
	}
	return s.Orgs.SubmitImport(ctx, a, kind, req)
}
