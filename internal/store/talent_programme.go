package store

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/talent"
)

// UpdateProgramme stores what change makes of a programme (talent.Store):
// the programme's row, its tiers' rows by id, the new tiers, and the audit
// record with the programme before and after.
func (s Talents) UpdateProgramme(ctx context.Context, a access.Actor, id int64, change func(prev talent.Programme) (talent.Programme, error)) (talent.Programme, error) {
	return within(ctx, s.DB, func(tx *Tx) (talent.Programme, error) {
		if tx.Engine() == Postgres {
			if _, err := tx.Exec(ctx, "SELECT id FROM talent_programmes WHERE id = ? FOR UPDATE", id); err != nil {
				return talent.Programme{}, fmt.Errorf("lock talent programme %d: %w", id, err)
			}
		}
		list, err := talentProgrammesWhere(ctx, tx.Q, a, "p.id = ?", id)
		if err != nil {
			return talent.Programme{}, err
		}
		if len(list) == 0 {
			return talent.Programme{}, errs.NotFoundf("talent.entity.programme")
		}
		prev := list[0]
		next, err := change(prev)
		if err != nil {
			return next, err
		}
		next.ID, next.ZoneID, next.Code = prev.ID, prev.ZoneID, prev.Code
		if _, err := tx.Exec(ctx, `UPDATE talent_programmes SET name = ?, name_en = ?, category = ?, category_en = ?, position = ?
			WHERE id = ? AND zone_id = ?`, next.Name, next.NameEN, next.Category, next.CategoryEN, next.Position, next.ID, next.ZoneID); err != nil {
			return next, fmt.Errorf("update talent programme %d: %w", id, err)
		}
		for i := range next.Tiers {
			t := &next.Tiers[i]
			t.ProgrammeID = next.ID
			if t.ID != 0 {
				if _, err := tx.Exec(ctx, `UPDATE talent_tiers SET name = ?, max_support_fen = ?, period_years = ? WHERE id = ? AND programme_id = ? AND zone_id = ?`,
					t.Name, t.MaxSupportFen, t.PeriodYears, t.ID, next.ID, next.ZoneID); err != nil {
					return next, fmt.Errorf("update talent tier %d: %w", t.ID, err)
				}
				continue
			}
			if err := tx.QueryRow(ctx, `INSERT INTO talent_tiers (programme_id, zone_id, code, name, max_support_fen, period_years) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				next.ID, next.ZoneID, t.Code, t.Name, t.MaxSupportFen, t.PeriodYears).Scan(&t.ID); err != nil {
				return next, fmt.Errorf("add talent tier: %w", err)
			}
		}
		return next, tx.Audit(ctx, a, Change{Action: "update", Entity: "talent_programme", EntityID: next.ID, ZoneID: next.ZoneID, Before: prev, After: next})
	})
}
