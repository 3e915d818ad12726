package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/invest"
)

// tripByID reads one trip the actor sees, with its projects; lock is ""
// or a row lock clause.
func tripByID(ctx context.Context, q Q, a access.Actor, id int64, lock string) (invest.Trip, error) {
	cond, args := scope(a, "t.zone_id", "")
	t, err := scanTrip(q.QueryRow(ctx, "SELECT "+tripCols+" FROM invest_trips t WHERE t.id = ? AND "+cond+lock, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.NotFoundf("invest.entity.trip")
	}
	if err != nil {
		return t, fmt.Errorf("trip %d: %w", id, err)
	}
	list := []invest.Trip{t}
	err = activityProjects(ctx, q, "trip", list, func(t *invest.Trip) (int64, *[]int64, *[]string) {
		return t.ID, &t.ProjectIDs, &t.ProjectNames
	})
	return list[0], err
}

// Trip returns one trip the actor sees (invest.Store).
func (s Invest) Trip(ctx context.Context, a access.Actor, id int64) (invest.Trip, error) {
	return tripByID(ctx, s.DB.Read(), a, id, "")
}

// UpdateTrip stores what change makes of a trip (invest.Store): its row,
// its projects, its rollup row moved to its new month, and the audit record.
func (s Invest) UpdateTrip(ctx context.Context, a access.Actor, id int64, change func(prev invest.Trip) (invest.Trip, error)) (invest.Trip, error) {
	return within(ctx, s.DB, func(tx *Tx) (invest.Trip, error) {
		lock := ""
		if tx.Engine() == Postgres {
			lock = " FOR UPDATE OF t"
		}
		prev, err := tripByID(ctx, tx.Q, a, id, lock)
		if err != nil {
			return prev, err
		}
		next, err := change(prev)
		if err != nil {
			return next, err
		}
		next.ID, next.ZoneID = prev.ID, prev.ZoneID
		_, err = tx.Exec(ctx, `UPDATE invest_trips SET start_on = ?, end_on = ?, province = ?, city = ?, leader = ?, people = ?, firms = ?, notes = ?
			WHERE id = ? AND zone_id = ?`, next.StartOn, next.EndOn, next.Province, next.City, next.Leader, next.People, next.Firms, next.Notes,
			next.ID, next.ZoneID)
		if err != nil {
			return next, fmt.Errorf("update trip %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM invest_activity_projects WHERE kind = 'trip' AND activity_id = ? AND zone_id = ?", next.ID, next.ZoneID); err != nil {
			return next, fmt.Errorf("unlink trip %d: %w", id, err)
		}
		names, err := tx.linkProjects(ctx, next.ZoneID, next.ProjectIDs, "INSERT INTO invest_activity_projects (kind, activity_id, zone_id, project_id) VALUES ('trip', ?, ?, ?)", next.ID)
		if err != nil {
			return next, err
		}
		next.ProjectNames = namesOf(next.ProjectIDs, names)
		if err := tx.AddRollups(ctx, append(invest.TripRows(prev, -1), invest.TripRows(next, 1)...)); err != nil {
			return next, err
		}
		return next, tx.Audit(ctx, a, Change{Action: "update", Entity: "invest_trip", EntityID: next.ID, ZoneID: next.ZoneID, Before: prev, After: next})
	})
}
