package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
)

const statCols = `s.id, s.zone_id, s.indicator, s.from_ym, s.to_ym, s.value, s.note, s.entered_by, s.entered_by_name, s.entered_at`

func scanStat(sc interface{ Scan(...any) error }) (indicator.Statistic, error) {
	var s indicator.Statistic
	var from, to int
	err := sc.Scan(&s.ID, &s.ZoneID, &s.Indicator, &from, &to, &s.Value, &s.Note, scanID{&s.EnteredBy}, &s.EnteredByName, scanTime{&s.EnteredAt})
	if err != nil {
		return s, err
	}
	s.Period, err = indicator.Custom(indicator.YM(from), indicator.YM(to))
	return s, err
}

// statRow is the rollup row an entry stands for: its value at the period's
// last month. Entries of one area and indicator never share a last month,
// so the row has this one entry behind it and is written outright.
func statRow(s indicator.Statistic) indicator.Row {
	return indicator.Row{ZoneID: s.ZoneID, Month: s.Period.To, Indicator: s.Indicator, Dim: indicator.Total, Value: s.Value}
}

// PutStatistic records an entry and its rollup in one transaction.
func (s Indicators) PutStatistic(ctx context.Context, a access.Actor, st indicator.Statistic) (out indicator.Statistic, replaced bool, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		out, replaced, err = tx.PutStatistic(ctx, a, st)
		return err
	})
	return out, replaced, err
}

// PutStatistic records an entry within tx: an entry for exactly the same
// period replaces the earlier one; one that overlaps another (a quarter over
// a month already entered) is a Conflict, because the two would be counted
// twice in every sum. The rollup row is written in the same transaction and
// the change audited with before and after.
func (tx *Tx) PutStatistic(ctx context.Context, a access.Actor, st indicator.Statistic) (indicator.Statistic, bool, error) {
	var same *indicator.Statistic
	var clash indicator.Statistic
	clashed := false
	err := queryEach(ctx, tx.Q, func(r scanner) error {
		old, err := scanStat(r)
		if err != nil {
			return err
		}
		if old.Period.From == st.Period.From && old.Period.To == st.Period.To {
			same = &old
		} else if !clashed {
			clash, clashed = old, true
		}
		return nil
	}, "SELECT "+statCols+` FROM stat_entries s
		WHERE s.zone_id = ? AND s.indicator = ? AND s.from_ym <= ? AND s.to_ym >= ?`,
		st.ZoneID, st.Indicator, int(st.Period.To), int(st.Period.From))
	if err != nil {
		return st, false, fmt.Errorf("put statistic: %w", err)
	}
	if clashed {
		var f errs.Fields
		f.Add("period", "indicator.error.stat_overlap", clash.Period.String())
		return st, false, &errs.Error{Kind: errs.Conflict, Msg: errs.M("indicator.error.stat_overlap", clash.Period.String()), Fields: f}
	}
	st.EnteredBy, st.EnteredByName, st.EnteredAt = a.UserID, a.Username, tx.now()
	c := Change{Entity: "statistic", ZoneID: st.ZoneID}
	if same != nil {
		st.ID = same.ID
		_, err = tx.Exec(ctx, "UPDATE stat_entries SET value = ?, note = ?, entered_by = ?, entered_by_name = ?, entered_at = ? WHERE id = ?",
			st.Value, st.Note, nullID(st.EnteredBy), st.EnteredByName, ts(st.EnteredAt), st.ID)
		c.Action, c.Before = "update", *same
	} else {
		err = tx.QueryRow(ctx, `INSERT INTO stat_entries (zone_id, indicator, from_ym, to_ym, value, note, entered_by, entered_by_name, entered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			st.ZoneID, st.Indicator, int(st.Period.From), int(st.Period.To), st.Value, st.Note, nullID(st.EnteredBy), st.EnteredByName, ts(st.EnteredAt)).Scan(&st.ID)
		c.Action = "create"
	}
	if isUnique(err) {
		return st, false, errs.E(errs.Conflict, "indicator.error.stat_overlap", st.Period.String())
	}
	if err != nil {
		return st, false, fmt.Errorf("put statistic: %w", err)
	}
	if err := tx.setRollup(ctx, statRow(st)); err != nil {
		return st, false, err
	}
	c.EntityID, c.After = st.ID, st
	return st, same != nil, tx.Audit(ctx, a, c)
}

// Statistics lists a page of an area's entries whose period ends in year,
// if the actor sees the area, by indicator, period end and id (the unique
// key of stat_entries orders them). The cursor's key is "to_ym:indicator".
func (s Indicators) Statistics(ctx context.Context, a access.Actor, zoneID int64, year int, p paging.Request) (paging.Page[indicator.Statistic], error) {
	cond, args := scope(a, "s.zone_id", "")
	args = append([]any{zoneID, year*100 + 1, year*100 + 12}, args...)
	key, id, after, err := afterCursor("s", p.Cursor)
	if err != nil {
		return paging.Page[indicator.Statistic]{}, err
	}
	if after {
		ym, ind, ok := strings.Cut(key, ":")
		to, err := strconv.Atoi(ym)
		if !ok || err != nil {
			return paging.Page[indicator.Statistic]{}, errs.E(errs.BadRequest, "error.bad_cursor")
		}
		cond += " AND (s.indicator, s.to_ym, s.id) > (?, ?, ?)"
		args = append(args, ind, to, id)
	}
	out, err := queryAll(ctx, s.DB.Read(), scanStat, "SELECT "+statCols+" FROM stat_entries s WHERE s.zone_id = ? AND s.to_ym BETWEEN ? AND ? AND "+cond+
		" ORDER BY s.indicator, s.to_ym, s.id LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[indicator.Statistic]{}, fmt.Errorf("list statistics: %w", err)
	}
	return pageOf(out, p.Limit, "s", func(st indicator.Statistic) (string, int64) {
		return strconv.Itoa(int(st.Period.To)) + ":" + st.Indicator, st.ID
	}), nil
}

// DeleteStatistic removes an entry the actor sees, with its rollup row.
func (s Indicators) DeleteStatistic(ctx context.Context, a access.Actor, id int64) (indicator.Statistic, error) {
	var st indicator.Statistic
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		cond, args := scope(a, "s.zone_id", "")
		var err error
		st, err = scanStat(tx.QueryRow(ctx, "SELECT "+statCols+" FROM stat_entries s WHERE s.id = ? AND "+cond, append([]any{id}, args...)...))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("indicator.entity.statistic")
		}
		if err != nil {
			return fmt.Errorf("delete statistic: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM stat_entries WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete statistic: %w", err)
		}
		if err := tx.deleteRollup(ctx, st.ZoneID, st.Indicator, indicator.Total, st.Period.To); err != nil {
			return err
		}
		return tx.Audit(ctx, a, Change{Action: "delete", Entity: "statistic", EntityID: id, ZoneID: st.ZoneID, Before: st})
	})
	return st, err
}
