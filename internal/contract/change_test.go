package contract

import (
	"testing"

	"github.com/innopark/innopark/internal/indicator"
)

// sum totals rows by indicator over the total dimension.
func sum(rows []indicator.Row) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rows {
		if r.Dim == indicator.Total {
			out[r.Indicator] += r.Value
		}
	}
	return out
}

// TestNewChange: the change carries the rollup difference, the duplicate
// key and whether the lines are written, and keeps a stored contract's
// identity.
func TestNewChange(t *testing.T) {
	registered := validContract()
	registered.Status, registered.CertifiedOn, registered.RegNo = Registered, d("2026-04-20"), "2026610802000001"
	amended := registered.Clone()
	amended.TechAmountFen -= 10_000_000
	cancelled := registered.Clone()
	cancelled.Status = Cancelled
	submitted := validContract()
	submitted.Status = Submitted

	for _, tc := range []struct {
		name         string
		before, next Contract
		event        EventKind
		want         map[string]int64 // total rollup difference by indicator
		holds, lines bool
	}{
		{"create", Contract{}, validContract(), EvCreate, map[string]int64{}, false, true},
		{"submit", validContract(), submitted, EvSubmit, map[string]int64{}, true, false},
		{"register", submitted, registered, EvRegister, map[string]int64{indicator.TechContractCount: 1,
			indicator.TechContractAmount: 120_000_000, indicator.TechContractTechAmount: 100_000_000}, true, false},
		{"amend", registered, amended, EvAmend, map[string]int64{indicator.TechContractCount: 0,
			indicator.TechContractAmount: 0, indicator.TechContractTechAmount: -10_000_000}, true, true},
		{"cancel", registered, cancelled, EvCancel, map[string]int64{indicator.TechContractCount: -1,
			indicator.TechContractAmount: -120_000_000, indicator.TechContractTechAmount: -100_000_000}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := NewChange(tc.before, tc.next, Step{Event: tc.event})
			got := sum(ch.Rollups)
			for id, v := range tc.want {
				if got[id] != v {
					t.Errorf("rollup %s moves by %d, want %d", id, got[id], v)
				}
			}
			if len(tc.want) == 0 && len(ch.Rollups) != 0 {
				t.Errorf("rollups %v, want none", ch.Rollups)
			}
			if ch.DupKey != DuplicateKey(tc.next) || ch.HoldsDupKey != tc.holds || ch.Lines != tc.lines {
				t.Errorf("dup key %q holds %v lines %v; want %q %v %v", ch.DupKey, ch.HoldsDupKey, ch.Lines,
					DuplicateKey(tc.next), tc.holds, tc.lines)
			}
		})
	}

	// A step cannot move a stored contract to another seller or zone.
	next := registered.Clone()
	next.ID, next.ZoneID, next.SellerID, next.Seller.Name = 99, 98, 97, "别家"
	ch := NewChange(registered, next, Step{Event: EvAmend})
	if c := ch.Next; c.ID != registered.ID || c.ZoneID != registered.ZoneID || c.SellerID != registered.SellerID || c.Seller != registered.Seller {
		t.Errorf("identity changed: %+v", c)
	}
}
