package contract

import (
	"github.com/innopark/innopark/internal/indicator"
)

// Change is what one workflow step does to a contract, worked out here so
// that the store only persists it: the contract after the step, the step
// (its history row), the rollup difference and the duplicate key.
type Change struct {
	Before Contract // as stored and locked; the zero Contract for a new one
	Next   Contract // after the step
	Step   Step
	// Rollups move the indicator rollups from Before to Next: the old
	// contract's contribution goes, the new one's comes (a register adds, a
	// cancel removes, an amend moves the difference).
	Rollups []indicator.Row
	// DupKey is Next's duplicate key (DuplicateKey), stored with it;
	// HoldsDupKey says whether Next, by its status, must be the only
	// contract holding it (HoldsDuplicateKey).
	DupKey      string
	HoldsDupKey bool
	// Lines reports that the step may have changed the deduction and
	// payment lines (an edit or an amendment): they are written again.
	Lines bool
}

// NewChange is the change step makes from before to next. A stored
// contract keeps its id, zone and seller whatever the step did to next.
func NewChange(before, next Contract, step Step) Change {
	if before.ID != 0 {
		next.ID, next.ZoneID, next.SellerID, next.Seller = before.ID, before.ZoneID, before.SellerID, before.Seller
	}
	return Change{
		Before:      before,
		Next:        next,
		Step:        step,
		Rollups:     append(RollupRows(before, -1), RollupRows(next, +1)...),
		DupKey:      DuplicateKey(next),
		HoldsDupKey: HoldsDuplicateKey(next.Status),
		Lines:       step.Event == EvCreate || step.Event == EvEdit || step.Event == EvAmend,
	}
}

// Clone is c with lines of its own, to change without touching c's.
func (c Contract) Clone() Contract {
	c.Deductions = append([]Deduction(nil), c.Deductions...)
	c.Payments = append([]Payment(nil), c.Payments...)
	return c
}
