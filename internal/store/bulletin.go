package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
)

// Bulletins is the bulletin.Store: zones' edited templates (every version
// kept) and saved items with the facts they were written from.
type Bulletins struct{ DB *DB }

// Templates returns the latest version of each template the zone edited.
func (s Bulletins) Templates(ctx context.Context, a access.Actor, zoneID int64) ([]bulletin.Template, error) {
	m, err := s.TemplatesIn(ctx, a, []int64{zoneID})
	return m[zoneID], err
}

// TemplatesIn returns, in one query, the latest version of each template
// each of the zones edited, by zone (zones without edits are absent).
func (s Bulletins) TemplatesIn(ctx context.Context, a access.Actor, zoneIDs []int64) (map[int64][]bulletin.Template, error) {
	out := map[int64][]bulletin.Template{}
	if len(zoneIDs) == 0 {
		return out, nil
	}
	cond, args := scope(a, "t.zone_id", "")
	err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
		var t bulletin.Template
		var zoneID int64
		var lang, form string
		if err := r.Scan(&zoneID, &t.Module, &t.Key, &lang, &t.Version, &t.Headline, &t.Body, &form); err != nil {
			return err
		}
		t.Lang = i18n.Lang(lang)
		if form != "" {
			t.Form = new(bulletin.Form)
			if err := json.Unmarshal([]byte(form), t.Form); err != nil {
				return fmt.Errorf("bulletin template %s/%s v%d: form: %w", t.Module, t.Key, t.Version, err)
			}
		}
		out[zoneID] = append(out[zoneID], t)
		return nil
	}, `SELECT t.zone_id, t.module, t.key, t.lang, t.version, t.headline, t.body, t.form_json FROM bulletin_templates t
		WHERE t.zone_id IN `+placeholders(len(zoneIDs))+` AND `+cond+` AND t.version = (SELECT MAX(x.version) FROM bulletin_templates x
			WHERE x.zone_id = t.zone_id AND x.module = t.module AND x.key = t.key AND x.lang = t.lang)
		ORDER BY t.zone_id, t.module, t.key, t.lang`, append(idArgs(zoneIDs), args...)...)
	if err != nil {
		return nil, fmt.Errorf("list bulletin templates: %w", err)
	}
	return out, nil
}

// idArgs makes ids query arguments.
func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// templateRecord is a template version as the audit log keeps it.
type templateRecord struct {
	ZoneID int64 `json:"zone_id"`
	bulletin.Template
}

// PutTemplate stores t as a new version of the zone's template, audited.
func (s Bulletins) PutTemplate(ctx context.Context, a access.Actor, zoneID int64, t bulletin.Template) (bulletin.Template, error) {
	if t.Lang == "" {
		t.Lang = i18n.ZH
	}
	var form string
	if t.Form != nil {
		b, err := json.Marshal(t.Form)
		if err != nil {
			return t, fmt.Errorf("put bulletin template: form: %w", err)
		}
		form = string(b)
	}
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO bulletin_templates (zone_id, module, key, lang, version, headline, body, form_json, saved_by, saved_by_name, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			zoneID, t.Module, t.Key, string(t.Lang), t.Version, t.Headline, t.Body, form, nullID(a.UserID), a.Username, ts(tx.now())).Scan(&id)
		if isUnique(err) {
			return errs.E(errs.Conflict, "bulletin.error.template_changed", t.Version)
		}
		if err != nil {
			return fmt.Errorf("put bulletin template: %w", err)
		}
		return tx.Audit(ctx, a, Change{Action: "create", Entity: "bulletin_template", EntityID: id, ZoneID: zoneID,
			After: templateRecord{ZoneID: zoneID, Template: t}})
	})
	return t, err
}

// SaveItems stores written items with their facts, one row each, audited.
func (s Bulletins) SaveItems(ctx context.Context, a access.Actor, zoneID int64, p indicator.Period, items []bulletin.Item) ([]bulletin.Saved, error) {
	var out []bulletin.Saved
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		out = out[:0]
		at := tx.now()
		for _, it := range items {
			facts, err := json.Marshal(it.Facts)
			if err != nil {
				return fmt.Errorf("save bulletin: facts: %w", err)
			}
			sv := bulletin.Saved{ZoneID: zoneID, Period: p, Item: it, SavedBy: a.UserID, SavedByName: a.Username, SavedAt: at}
			err = tx.QueryRow(ctx, `INSERT INTO bulletins (zone_id, period, from_ym, to_ym, module, key, template_version, issued_on,
				headline, body, facts_json, saved_by, saved_by_name, saved_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				zoneID, p.String(), int(p.From), int(p.To), it.Module, it.Key, it.Version, it.Date,
				it.Headline, it.Body, string(facts), nullID(a.UserID), a.Username, ts(at)).Scan(&sv.ID)
			if err != nil {
				return fmt.Errorf("save bulletin: %w", err)
			}
			if err := tx.Audit(ctx, a, Change{Action: "create", Entity: "bulletin", EntityID: sv.ID, ZoneID: zoneID, After: sv}); err != nil {
				return err
			}
			out = append(out, sv)
		}
		return nil
	})
	return out, err
}

const savedCols = `b.id, b.zone_id, b.period, b.module, b.key, b.template_version, b.issued_on, b.headline, b.body, b.facts_json,
	b.saved_by, b.saved_by_name, b.saved_at, a.name`

func scanSaved(sc interface{ Scan(...any) error }) (bulletin.Saved, error) {
	var sv bulletin.Saved
	var period, facts string
	var issued civil.Date
	err := sc.Scan(&sv.ID, &sv.ZoneID, &period, &sv.Item.Module, &sv.Item.Key, &sv.Item.Version, &issued,
		&sv.Item.Headline, &sv.Item.Body, &facts, scanID{&sv.SavedBy}, &sv.SavedByName, scanTime{&sv.SavedAt}, &sv.Item.Zone)
	if err != nil {
		return sv, err
	}
	sv.Item.Date = issued
	if sv.Period, err = indicator.ParsePeriod(period); err != nil {
		return sv, fmt.Errorf("saved bulletin %d: period: %w", sv.ID, err)
	}
	if err := json.Unmarshal([]byte(facts), &sv.Item.Facts); err != nil {
		return sv, fmt.Errorf("saved bulletin %d: facts: %w", sv.ID, err)
	}
	return sv, nil
}

// SavedList lists a page of a zone's saved items, newest first (index
// bulletins_zone).
func (s Bulletins) SavedList(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[bulletin.Saved], error) {
	cond, args := scope(a, "b.zone_id", "")
	args = append([]any{zoneID}, args...)
	if err := olderThan(&cond, &args, "b", p.Cursor, "b.id"); err != nil {
		return paging.Page[bulletin.Saved]{}, err
	}
	out, err := queryAll(ctx, s.DB.Read(), scanSaved, "SELECT "+savedCols+" FROM bulletins b JOIN areas a ON a.id = b.zone_id WHERE b.zone_id = ? AND "+cond+
		" ORDER BY b.id DESC LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[bulletin.Saved]{}, fmt.Errorf("list bulletins: %w", err)
	}
	return pageOf(out, p.Limit, "b", func(sv bulletin.Saved) (string, int64) { return "", sv.ID }), nil
}

// SavedItem returns one saved item the actor may see.
func (s Bulletins) SavedItem(ctx context.Context, a access.Actor, id int64) (bulletin.Saved, error) {
	cond, args := scope(a, "b.zone_id", "")
	sv, err := scanSaved(s.DB.Read().QueryRow(ctx, "SELECT "+savedCols+" FROM bulletins b JOIN areas a ON a.id = b.zone_id WHERE b.id = ? AND "+cond,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return sv, errs.NotFoundf("bulletin.entity.bulletin")
	}
	if err != nil {
		return sv, fmt.Errorf("get bulletin: %w", err)
	}
	return sv, nil
}

// SavedFor returns the latest saved item of each module and key for exactly
// period p (index bulletins_period).
func (s Bulletins) SavedFor(ctx context.Context, a access.Actor, zoneID int64, p indicator.Period) ([]bulletin.Saved, error) {
	cond, args := scope(a, "b.zone_id", "")
	out, err := queryAll(ctx, s.DB.Read(), scanSaved, "SELECT "+savedCols+` FROM bulletins b JOIN areas a ON a.id = b.zone_id
		WHERE b.zone_id = ? AND b.from_ym = ? AND b.to_ym = ? AND `+cond+` AND b.id = (SELECT MAX(x.id) FROM bulletins x
			WHERE x.zone_id = b.zone_id AND x.from_ym = b.from_ym AND x.to_ym = b.to_ym AND x.module = b.module AND x.key = b.key)
		ORDER BY b.module, b.key`, append([]any{zoneID, int(p.From), int(p.To)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("saved bulletins of %s: %w", p, err)
	}
	return out, nil
}

// EditsSince summarises the audit log's changes to the zone's records of
// the given entities after saved item savedID was saved (after its own
// audit record, so clocks do not matter): one row per person, action and
// kind of record, newest first.
func (s Bulletins) EditsSince(ctx context.Context, a access.Actor, zoneID int64, entities []string, savedID int64, limit int) ([]bulletin.Edit, error) {
	if len(entities) == 0 {
		return nil, nil
	}
	cond, args := scope(a, "l.zone_id", "")
	in := strings.TrimSuffix(strings.Repeat("?, ", len(entities)), ", ")
	q := []any{zoneID, savedID}
	for _, e := range entities {
		q = append(q, e)
	}
	q = append(append(q, args...), limit)
	out, err := queryAll(ctx, s.DB.Read(), func(r scanner) (bulletin.Edit, error) {
		var e bulletin.Edit
		err := r.Scan(scanTime{&e.At}, &e.By, &e.Action, &e.Entity, &e.Count)
		return e, err
	}, `SELECT MAX(l.at), l.actor_name, l.action, l.entity, COUNT(*) FROM audit_log l
		WHERE l.zone_id = ? AND l.seq > (SELECT MAX(b.seq) FROM audit_log b WHERE b.entity = 'bulletin' AND b.entity_id = ?)
			AND l.entity IN (`+in+`) AND `+cond+`
		GROUP BY l.actor_name, l.action, l.entity ORDER BY MAX(l.seq) DESC LIMIT ?`, q...)
	if err != nil {
		return nil, fmt.Errorf("edits since bulletin %d: %w", savedID, err)
	}
	return out, nil
}

// WorkNotes returns the zone's work notes for exactly period p.
func (s Bulletins) WorkNotes(ctx context.Context, a access.Actor, zoneID int64, p indicator.Period) ([]bulletin.WorkNote, error) {
	m, err := s.WorkNotesIn(ctx, a, []int64{zoneID}, p)
	return m[zoneID], err
}

// WorkNotesIn returns, in one query, the zones' work notes for exactly
// period p, by zone (zones without notes are absent), each zone's by module.
func (s Bulletins) WorkNotesIn(ctx context.Context, a access.Actor, zoneIDs []int64, p indicator.Period) (map[int64][]bulletin.WorkNote, error) {
	out := map[int64][]bulletin.WorkNote{}
	if len(zoneIDs) == 0 {
		return out, nil
	}
	cond, args := scope(a, "w.zone_id", "")
	err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
		n := bulletin.WorkNote{Period: p}
		if err := r.Scan(&n.ID, &n.ZoneID, &n.Module, &n.Text, scanID{&n.SavedBy}, &n.SavedByName, scanTime{&n.SavedAt}); err != nil {
			return err
		}
		out[n.ZoneID] = append(out[n.ZoneID], n)
		return nil
	}, `SELECT w.id, w.zone_id, w.module, w.body, w.saved_by, w.saved_by_name, w.saved_at FROM bulletin_work_notes w
		WHERE w.zone_id IN `+placeholders(len(zoneIDs))+` AND w.from_ym = ? AND w.to_ym = ? AND `+cond+` ORDER BY w.zone_id, w.module`,
		append(append(idArgs(zoneIDs), int(p.From), int(p.To)), args...)...)
	if err != nil {
		return nil, fmt.Errorf("work notes of %s: %w", p, err)
	}
	return out, nil
}

// PutWork stores a zone's work note for a module and period, replacing the
// one there, or removes it when its text is empty; audited either way.
func (s Bulletins) PutWork(ctx context.Context, a access.Actor, n bulletin.WorkNote) (bulletin.WorkNote, error) {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		at := tx.now()
		var before bulletin.WorkNote
		err := tx.QueryRow(ctx, `SELECT id, body, saved_by_name FROM bulletin_work_notes
			WHERE zone_id = ? AND module = ? AND from_ym = ? AND to_ym = ?`, n.ZoneID, n.Module, int(n.Period.From), int(n.Period.To)).
			Scan(&before.ID, &before.Text, &before.SavedByName)
		had := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("work note: %w", err)
		}
		if had {
			before.ZoneID, before.Module, before.Period = n.ZoneID, n.Module, n.Period
		}
		n.SavedBy, n.SavedByName, n.SavedAt = a.UserID, a.Username, at
		switch {
		case n.Text == "" && !had:
			return nil
		case n.Text == "":
			if _, err := tx.Exec(ctx, `DELETE FROM bulletin_work_notes WHERE id = ?`, before.ID); err != nil {
				return fmt.Errorf("remove work note: %w", err)
			}
			n.ID = before.ID
			return tx.Audit(ctx, a, Change{Action: "delete", Entity: "bulletin_work_note", EntityID: before.ID, ZoneID: n.ZoneID, Before: before})
		case had:
			n.ID = before.ID
			if _, err := tx.Exec(ctx, `UPDATE bulletin_work_notes SET body = ?, saved_by = ?, saved_by_name = ?, saved_at = ? WHERE id = ?`,
				n.Text, nullID(a.UserID), a.Username, ts(at), n.ID); err != nil {
				return fmt.Errorf("update work note: %w", err)
			}
			return tx.Audit(ctx, a, Change{Action: "update", Entity: "bulletin_work_note", EntityID: n.ID, ZoneID: n.ZoneID, Before: before, After: n})
		}
		if err := tx.QueryRow(ctx, `INSERT INTO bulletin_work_notes (zone_id, module, from_ym, to_ym, body, saved_by, saved_by_name, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, n.ZoneID, n.Module, int(n.Period.From), int(n.Period.To), n.Text,
			nullID(a.UserID), a.Username, ts(at)).Scan(&n.ID); err != nil {
			return fmt.Errorf("add work note: %w", err)
		}
		return tx.Audit(ctx, a, Change{Action: "create", Entity: "bulletin_work_note", EntityID: n.ID, ZoneID: n.ZoneID, After: n})
	})
	return n, err
}
