package contractio

import (
	"context"
	"fmt"
	"io"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/xlsx"
)

// CheckExport checks that the actor may export and that the filter is
// sound, before anything is written: once a download has started its
// status can no longer say what went wrong.
func (s *Service) CheckExport(a access.Actor, f contract.Filter) error {
	if err := s.Policy.Allow(a, contract.ActionRead); err != nil {
		return err
	}
	var fe errs.Fields
	if f.Status != "" && !f.Status.Valid() {
		fe.Add("status", "contract.err.unknown_code", string(f.Status))
	}
	if f.Type != "" && !f.Type.Valid() {
		fe.Add("type", "contract.err.unknown_code", string(f.Type))
	}
	if f.Field != "" && !f.Field.Valid() {
		fe.Add("field", "contract.err.unknown_code", string(f.Field))
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		fe.Add("to", "contract.err.range_reversed")
	}
	return fe.Err()
}

// Export writes every contract of the filtered list the actor may see — the
// same filters and the same scope as the list page and API, all pages — as
// a file in format, streaming: rows are never all in memory. The columns
// are the import's, so an export can be imported again elsewhere. It
// returns the number of contracts written.
func (s *Service) Export(ctx context.Context, a access.Actor, f contract.Filter, format xlsx.Format, w io.Writer) (int, error) {
	if err := s.CheckExport(a, f); err != nil {
		return 0, err
	}
	spec := s.exportSpec()
	wr, err := xlsx.NewWriter(w, format, spec)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	vals := make([]any, len(spec.Columns))
	f.Cursor, f.Limit = "", 0
	err = s.Store.Export(ctx, a, f, func(r contract.Record) error {
		exportValues(spec, r, vals)
		return wr.Write(vals...)
	})
	if err != nil {
		_ = wr.Close()
		return wr.Rows(), err
	}
	if err := wr.Close(); err != nil {
		return wr.Rows(), fmt.Errorf("export: %w", err)
	}
	return wr.Rows(), nil
}

// exportSpec is ExportSpec with every status named, not only those an
// import takes: the export shows drafts and pending contracts too (an
// import of it refuses those rows, naming the status).
func (s *Service) exportSpec() xlsx.Spec {
	spec := ExportSpec(s.Catalog)
	for i, c := range spec.Columns {
		if c.Key == colStatus {
			spec.Columns[i].Codes = codes(s.Catalog, contract.Statuses(), contract.Status.Key, nil)
		}
	}
	return spec
}

// exportValues fills vals with r's values in spec's column order.
func exportValues(spec xlsx.Spec, r contract.Record, vals []any) {
	ded := map[contract.DeductionKind]int64{}
	for _, d := range r.Deductions {
		ded[d.Kind] += d.AmountFen
	}
	text := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	for i, col := range spec.Columns {
		var v any
		switch col.Key {
		case colName:
			v = r.Name
		case colContractNo:
			v = text(r.ContractNo)
		case colType:
			v = text(string(r.Type))
		case colSubtype:
			v = text(string(r.LicenceSubtype))
		case colSignedOn:
			v = r.SignedOn
		case colValidFrom:
			v = r.ValidFrom
		case colValidTo:
			v = r.ValidTo
		case colField:
			v = text(string(r.Field))
		case colIPType:
			v = text(string(r.IPType))
		case colProgramme:
			v = text(string(r.ProgrammeLevel))
		case colSellerName:
			v = r.Seller.Name
		case colSellerUSCC:
			v = r.Seller.USCC
		case colBuyerName:
			v = r.Buyer.Name
		case colBuyerUSCC:
			v = text(r.Buyer.USCC)
		case colBuyerNature:
			v = text(string(r.Buyer.Nature))
		case colBuyerRegion:
			v = text(r.Buyer.Region)
		case colBuyerCountry:
			v = text(r.Buyer.Country)
		case colContractAmount:
			v = r.ContractAmountFen
		case colTechAmount:
			v = r.TechAmountFen
		case colStatus:
			v = string(r.Status)
		case colRegNo:
			v = text(r.RegNo)
		case colCertifiedOn:
			v = r.CertifiedOn
		case colAcceptedOn:
			v = r.AcceptedOn
		case colCancelledOn:
			v = r.CancelledOn
		case colCancelReason:
			v = text(r.CancelReason)
		case colRefusalCode:
			v = text(string(r.RefusalCode))
		case colRefusalReason:
			v = text(r.RefusalReason)
		case colRefusedOn:
			v = r.RefusedOn
		case colZone:
			v = r.ZoneName
		case colRuleSet:
			v = text(string(r.RuleSet))
		case colID:
			v = r.ID
		default:
			for _, k := range contract.DeductionKinds() {
				if col.Key == dedColumn(k) {
					if n, ok := ded[k]; ok {
						v = n
					}
				}
			}
		}
		vals[i] = v
	}
}
