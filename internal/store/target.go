package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

const targetCols = `t.id, t.zone_id, t.indicator, t.year, t.value, t.set_by, t.set_by_name, t.set_at`

func scanTarget(sc interface{ Scan(...any) error }) (int64, indicator.Target, error) {
	var id int64
	var t indicator.Target
	err := sc.Scan(&id, &t.ZoneID, &t.Indicator, &t.Year, &t.Value, scanID{&t.SetBy}, &t.SetByName, scanTime{&t.SetAt})
	return id, t, err
}

// Targets lists a zone's targets for a year, if the actor sees the zone.
func (s Indicators) Targets(ctx context.Context, a access.Actor, zoneID int64, year int) ([]indicator.Target, error) {
	cond, args := scope(a, "t.zone_id", "")
	out, err := queryAll(ctx, s.DB.Read(), func(r scanner) (indicator.Target, error) {
		_, t, err := scanTarget(r)
		return t, err
	}, "SELECT "+targetCols+" FROM targets t WHERE t.zone_id = ? AND t.year = ? AND "+cond+
		" ORDER BY t.indicator", append([]any{zoneID, year}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	return out, nil
}

// getTarget reads a target within tx; ok is false when none is set.
func (tx *Tx) getTarget(ctx context.Context, zoneID int64, id string, year int) (int64, indicator.Target, bool, error) {
	rowID, t, err := scanTarget(tx.QueryRow(ctx, "SELECT "+targetCols+" FROM targets t WHERE t.zone_id = ? AND t.indicator = ? AND t.year = ?",
		zoneID, id, year))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, t, false, nil
	}
	if err != nil {
		return 0, t, false, fmt.Errorf("get target: %w", err)
	}
	return rowID, t, true, nil
}

// PutTarget sets a zone's annual target, replacing an earlier one, and
// audits the change with its before and after. The caller has checked the
// actor may set targets for the zone.
func (s Indicators) PutTarget(ctx context.Context, a access.Actor, t indicator.Target) (out indicator.Target, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		rowID, before, had, err := tx.getTarget(ctx, t.ZoneID, t.Indicator, t.Year)
		if err != nil {
			return err
		}
		tx.markZone(t.ZoneID, t.Year)
		out = t
		out.SetBy, out.SetByName, out.SetAt = a.UserID, a.Username, tx.now()
		action := "update"
		if had {
			_, err = tx.Exec(ctx, "UPDATE targets SET value = ?, set_by = ?, set_by_name = ?, set_at = ? WHERE id = ?",
				out.Value, nullID(out.SetBy), out.SetByName, ts(out.SetAt), rowID)
		} else {
			action = "create"
			err = tx.QueryRow(ctx, `INSERT INTO targets (zone_id, indicator, year, value, set_by, set_by_name, set_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				out.ZoneID, out.Indicator, out.Year, out.Value, nullID(out.SetBy), out.SetByName, ts(out.SetAt)).Scan(&rowID)
		}
		if isUnique(err) {
			return errs.E(errs.Conflict, "indicator.error.target_race")
		}
		if err != nil {
			return fmt.Errorf("put target: %w", err)
		}
		c := Change{Action: action, Entity: "target", EntityID: rowID, ZoneID: t.ZoneID, After: out}
		if had {
			c.Before = before
		}
		return tx.Audit(ctx, a, c)
	})
	return out, err
}

// DeleteTarget removes a zone's target for a year, audited.
func (s Indicators) DeleteTarget(ctx context.Context, a access.Actor, zoneID int64, id string, year int) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		rowID, before, had, err := tx.getTarget(ctx, zoneID, id, year)
		if err != nil {
			return err
		}
		if !had {
			return errs.NotFoundf("indicator.entity.target")
		}
		tx.markZone(zoneID, year)
		if _, err := tx.Exec(ctx, "DELETE FROM targets WHERE id = ?", rowID); err != nil {
			return fmt.Errorf("delete target: %w", err)
		}
		return tx.Audit(ctx, a, Change{Action: "delete", Entity: "target", EntityID: rowID, ZoneID: zoneID, Before: before})
	})
}

// InsertTarget sets a target within tx (demo and imports), audited.
func (tx *Tx) InsertTarget(ctx context.Context, a access.Actor, t indicator.Target) error {
	tx.markZone(t.ZoneID, t.Year)
	t.SetBy, t.SetByName, t.SetAt = a.UserID, a.Username, tx.now()
	var rowID int64
	err := tx.QueryRow(ctx, `INSERT INTO targets (zone_id, indicator, year, value, set_by, set_by_name, set_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.ZoneID, t.Indicator, t.Year, t.Value, nullID(t.SetBy), t.SetByName, ts(t.SetAt)).Scan(&rowID)
	if err != nil {
		return fmt.Errorf("insert target %s %d: %w", t.Indicator, t.Year, err)
	}
	return tx.Audit(ctx, a, Change{Action: "create", Entity: "target", EntityID: rowID, ZoneID: t.ZoneID, After: t})
}
