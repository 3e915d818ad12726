package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
)

// Honours implements honour.Store.
type Honours struct{ DB *DB }

const programmeCols = `id, code, name, name_en, issuer, level, region_code, kind, term_years, prior_code, prior_years,
	prior_since, keep_prior, quota, since`

func scanProgramme(r scanner) (honour.Programme, error) {
	var p honour.Programme
	err := r.Scan(&p.ID, &p.Code, &p.Name, &p.NameEN, &p.Issuer, &p.Level, &p.RegionCode, &p.Kind, &p.TermYears,
		&p.Prior, &p.PriorYears, &p.PriorSince, &p.KeepPrior, &p.Quota, &p.Since)
	return p, err
}

// Programmes lists every programme, national first.
func (s Honours) Programmes(ctx context.Context) ([]honour.Programme, error) {
	list, err := queryAll(ctx, s.DB.Read(), scanProgramme, "SELECT "+programmeCols+` FROM honour_programmes
		ORDER BY CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, id`)
	if err != nil {
		return nil, fmt.Errorf("honour programmes: %w", err)
	}
	return list, nil
}

// CreateProgramme adds a programme.
func (s Honours) CreateProgramme(ctx context.Context, a access.Actor, p honour.Programme) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertProgramme(ctx, a, p)
		return err
	})
	return id, err
}

// insertProgramme inserts p, doing nothing (sql.ErrNoRows) when its code
// is taken and onConflict is "DO NOTHING".
func (tx *Tx) insertProgramme(ctx context.Context, p honour.Programme, onConflict string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO honour_programmes (code, name, name_en, issuer, level, region_code, kind, term_years,
		prior_code, prior_years, prior_since, keep_prior, quota, since, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) `+onConflict+` RETURNING id`,
		p.Code, p.Name, p.NameEN, p.Issuer, string(p.Level), p.RegionCode, p.Kind, p.TermYears,
		p.Prior, p.PriorYears, p.PriorSince, p.KeepPrior, p.Quota, p.Since, ts(tx.now())).Scan(&id)
	return id, err
}

// InsertProgramme adds a programme within tx, audited.
func (tx *Tx) InsertProgramme(ctx context.Context, a access.Actor, p honour.Programme) (int64, error) {
	var err error
	p.ID, err = tx.insertProgramme(ctx, p, "")
	if isUnique(err) {
		var f errs.Fields
		f.Add("code", "honour.err.code_taken", p.Code)
		return 0, f.Err()
	}
	if err != nil {
		return 0, fmt.Errorf("insert programme: %w", err)
	}
	return p.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "honour_programme", EntityID: p.ID, After: p})
}

// EnterprisesByUSCC finds enterprises by credit code in every zone.
func (s Honours) EnterprisesByUSCC(ctx context.Context, codes []string) (map[string]honour.EnterpriseRef, error) {
	return enterprisesByUSCC(ctx, s.DB.Read(), codes, func(id, zone int64, name string) honour.EnterpriseRef {
		return honour.EnterpriseRef{ID: id, ZoneID: zone, Name: name}
	})
}

const titleCols = `t.id, t.zone_id, t.enterprise_id, t.programme_id, t.batch_id, t.start_on, t.term_end, t.ended_on,
	t.end_reason, t.end_batch_id`

func scanTitle(r scanner) (honour.Title, error) {
	var t honour.Title
	err := r.Scan(&t.ID, &t.ZoneID, &t.EnterpriseID, &t.ProgrammeID, &t.BatchID, &t.StartOn, &t.TermEnd, &t.EndedOn,
		&t.EndReason, scanID{&t.EndBatch})
	return t, err
}

// RecordBatch stores a batch and what it changes (honour.Store).
func (s Honours) RecordBatch(ctx context.Context, a access.Actor, b honour.Batch,
	plan func(held []honour.Title) (honour.Plan, error)) (honour.Batch, honour.Plan, error) {
	var p honour.Plan
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		var err error
		b, p, err = tx.RecordBatch(ctx, a, b, plan)
		return err
	})
	return b, p, err
}

// RecordBatch stores a batch within tx: the titles its enterprises hold are
// read under a lock on those enterprises (PostgreSQL; SQLite has one
// writer), so two batches naming the same enterprise apply one after the
// other; then the batch, its entries, the titles it starts and ends, the
// honour.held spans, the honour.awarded rows and one audit record.
func (tx *Tx) RecordBatch(ctx context.Context, a access.Actor, b honour.Batch,
	plan func(held []honour.Title) (honour.Plan, error)) (honour.Batch, honour.Plan, error) {
	ents := make([]any, 0, len(b.Entries))
	seen := map[int64]bool{}
	for _, e := range b.Entries {
		if !seen[e.EnterpriseID] {
			seen[e.EnterpriseID] = true
			ents = append(ents, e.EnterpriseID)
		}
	}
	if tx.Engine() == Postgres && len(ents) > 0 {
		if _, err := tx.Exec(ctx, "SELECT id FROM enterprises WHERE id IN "+placeholders(len(ents))+" ORDER BY id FOR UPDATE", ents...); err != nil {
			return b, honour.Plan{}, fmt.Errorf("record batch: lock enterprises: %w", err)
		}
	}
	var held []honour.Title
	if len(ents) > 0 {
		var err error
		held, err = queryAll(ctx, tx.Q, scanTitle, "SELECT "+titleCols+" FROM honour_titles t WHERE t.enterprise_id IN "+
			placeholders(len(ents))+" ORDER BY t.id", ents...)
		if err != nil {
			return b, honour.Plan{}, fmt.Errorf("record batch: titles: %w", err)
		}
	}
	p, err := plan(held)
	if err != nil {
		return b, p, err
	}
	progs, err := tx.programmesByID(ctx)
	if err != nil {
		return b, p, err
	}
	warnings, err := json.Marshal(p.Warnings)
	if err != nil {
		return b, p, fmt.Errorf("record batch: %w", err)
	}
	err = tx.QueryRow(ctx, `INSERT INTO honour_batches (zone_id, title, number, issuer, published_on, effective_on, warnings_json,
		created_by, created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		b.ZoneID, b.Title, b.Number, b.Issuer, b.PublishedOn, b.EffectiveOn, string(warnings), nullID(a.UserID), a.Username, ts(tx.now())).Scan(&b.ID)
	if err != nil {
		return b, p, fmt.Errorf("record batch: %w", err)
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		err := tx.QueryRow(ctx, `INSERT INTO honour_entries (batch_id, zone_id, row_no, programme_id, enterprise_id, uscc, enterprise_name, result)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, b.ID, b.ZoneID, e.Row, e.ProgrammeID, e.EnterpriseID, e.USCC, e.EnterpriseName, string(e.Result)).Scan(&e.ID)
		if err != nil {
			return b, p, fmt.Errorf("record batch: entry %d: %w", e.Row, err)
		}
	}
	var spans []indicator.Span
	for i := range p.Start {
		t := &p.Start[i]
		t.BatchID = b.ID
		if !t.EndedOn.IsZero() {
			t.EndBatch = b.ID
		}
		err := tx.QueryRow(ctx, `INSERT INTO honour_titles (zone_id, enterprise_id, programme_id, batch_id, start_on, term_end, ended_on, end_reason, end_batch_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.ZoneID, t.EnterpriseID, t.ProgrammeID, t.BatchID, t.StartOn, t.TermEnd,
			t.EndedOn, string(t.EndReason), nullID(t.EndBatch)).Scan(&t.ID)
		if err != nil {
			return b, p, fmt.Errorf("record batch: title: %w", err)
		}
		spans = append(spans, honour.Spans(*t, progs[t.ProgrammeID], 1)...)
	}
	byID := make(map[int64]honour.Title, len(held))
	for _, t := range held {
		byID[t.ID] = t
	}
	for _, e := range p.End {
		old, ok := byID[e.TitleID]
		if !ok {
			return b, p, fmt.Errorf("record batch: end of title %d not among the batch's", e.TitleID)
		}
		next := old
		next.EndedOn, next.EndReason, next.EndBatch = e.On, e.Reason, b.ID
		if _, err := tx.Exec(ctx, "UPDATE honour_titles SET ended_on = ?, end_reason = ?, end_batch_id = ? WHERE id = ?",
			e.On, string(e.Reason), b.ID, e.TitleID); err != nil {
			return b, p, fmt.Errorf("record batch: end title %d: %w", e.TitleID, err)
		}
		spans = append(spans, honour.Spans(next, progs[old.ProgrammeID], 1)...)
		spans = append(spans, honour.Spans(old, progs[old.ProgrammeID], -1)...)
	}
	if err := tx.AddSpans(ctx, spans); err != nil {
		return b, p, err
	}
	// A candidate the notice names for its programme is awarded: the
	// cultivation board follows the record.
	for _, e := range b.Entries {
		if !e.Result.Passes() {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE honour_candidates SET stage = ?, version = version + 1, updated_at = ?
			WHERE zone_id = ? AND enterprise_id = ? AND programme_id = ? AND stage <> ?`,
			string(honour.StageAwarded), ts(tx.now()), b.ZoneID, e.EnterpriseID, e.ProgrammeID, string(honour.StageAwarded)); err != nil {
			return b, p, fmt.Errorf("record batch: candidates: %w", err)
		}
	}
	if err := tx.AddRollups(ctx, honour.AwardRows(b, codesOf(progs), 1)); err != nil {
		return b, p, err
	}
	after := struct {
		Batch honour.Batch `json:"batch"`
		Plan  honour.Plan  `json:"plan"`
	}{b, p}
	return b, p, tx.Audit(ctx, a, Change{Action: "create", Entity: "honour_batch", EntityID: b.ID, ZoneID: b.ZoneID, After: after})
}

// programmesByID returns every programme by id.
func (q Q) programmesByID(ctx context.Context) (map[int64]honour.Programme, error) {
	list, err := queryAll(ctx, q, scanProgramme, "SELECT "+programmeCols+" FROM honour_programmes")
	if err != nil {
		return nil, fmt.Errorf("programmes: %w", err)
	}
	out := make(map[int64]honour.Programme, len(list))
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}

// codesOf maps programme ids to codes, for the award rows' dimension.
func codesOf(progs map[int64]honour.Programme) map[int64]string {
	out := make(map[int64]string, len(progs))
	for id, p := range progs {
		out[id] = p.Code
	}
	return out
}

const batchCols = "b.id, b.zone_id, b.title, b.number, b.issuer, b.published_on, b.effective_on"

func scanBatch(r scanner) (honour.Batch, error) {
	var b honour.Batch
	err := r.Scan(&b.ID, &b.ZoneID, &b.Title, &b.Number, &b.Issuer, &b.PublishedOn, &b.EffectiveOn)
	return b, err
}

// batchSorts are the columns a zone's notices sort by, each with an index
// on (zone_id, column, id) (0023).
var batchSorts = map[string]sortCol{
	"title":        {Col: "b.title", Kind: keyText},
	"published_on": {Col: "b.published_on", Kind: keyDate},
}

// Batches lists the batches the actor sees, the newest first (by id) or in
// the order p.Sort names (batchSorts).
func (s Honours) Batches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[honour.Batch], error) {
	cond, args := scope(a, "b.zone_id", "")
	if zoneID != 0 {
		cond += " AND b.zone_id = ?"
		args = append(args, zoneID)
	}
	total, err := countIf(ctx, s.DB.Read(), p.Count, "batches", "SELECT COUNT(*) FROM honour_batches b WHERE "+cond, args...)
	if err != nil {
		return paging.Page[honour.Batch]{}, err
	}
	o := orderOf(p.Sort, batchSorts)
	if err := o.after(&cond, &args, "hb", p.Cursor, "b.id"); err != nil {
		return paging.Page[honour.Batch]{}, err
	}
	list, err := queryAll(ctx, s.DB.Read(), scanBatch, "SELECT "+batchCols+" FROM honour_batches b WHERE "+cond+o.by("b.id")+" LIMIT ?",
		append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[honour.Batch]{}, fmt.Errorf("list batches: %w", err)
	}
	page := pageIn(list, p.Limit, "hb", o, func(b honour.Batch, col string) (string, int64) {
		if col == "published_on" {
			return b.PublishedOn.String(), b.ID
		}
		return b.Title, b.ID
	})
	page.Total = total
	return page, nil
}

// Batch returns a batch the actor sees, with its entries in row order.
func (s Honours) Batch(ctx context.Context, a access.Actor, id int64) (honour.Batch, error) {
	return s.batchIn(ctx, s.DB.Read(), a, id)
}

func (Honours) batchIn(ctx context.Context, q Q, a access.Actor, id int64) (honour.Batch, error) {
	cond, args := scope(a, "b.zone_id", "")
	b, err := scanBatch(q.QueryRow(ctx, "SELECT "+batchCols+" FROM honour_batches b WHERE b.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return b, errs.NotFoundf("honour.entity.batch")
	}
	if err != nil {
		return b, fmt.Errorf("batch %d: %w", id, err)
	}
	b.Entries, err = queryAll(ctx, q, func(r scanner) (honour.Entry, error) {
		var e honour.Entry
		err := r.Scan(&e.ID, &e.Row, &e.ProgrammeID, &e.ProgrammeCode, &e.EnterpriseID, &e.USCC, &e.EnterpriseName, &e.Result)
		return e, err
	}, `SELECT e.id, e.row_no, e.programme_id, p.code, e.enterprise_id, e.uscc, e.enterprise_name, e.result
		FROM honour_entries e JOIN honour_programmes p ON p.id = e.programme_id WHERE e.batch_id = ? ORDER BY e.row_no, e.id`, id)
	if err != nil {
		return b, fmt.Errorf("batch %d entries: %w", id, err)
	}
	return b, nil
}

// heldOn is the condition on honour_titles t for a title covering a day.
const heldOn = "t.start_on <= ? AND (t.term_end IS NULL OR t.term_end > ?) AND (t.ended_on IS NULL OR t.ended_on > ?)"

// Holdings counts an area's titles held on a day, per programme.
func (s Honours) Holdings(ctx context.Context, a access.Actor, zoneID int64, on civil.Date) (map[int64]int, error) {
	cond, args := scope(a, "t.zone_id", "t.enterprise_id")
	out := map[int64]int{}
	err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	}, "SELECT t.programme_id, COUNT(*) FROM honour_titles t WHERE t.zone_id = ? AND "+heldOn+" AND "+cond+" GROUP BY t.programme_id",
		append([]any{zoneID, on, on, on}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("holdings: %w", err)
	}
	return out, nil
}

// Titles lists an area's titles, or one enterprise's (enterpriseID ≠ 0),
// newest first.
func (s Honours) Titles(ctx context.Context, a access.Actor, zoneID, enterpriseID int64) ([]honour.TitleView, error) {
	cond, args := scope(a, "t.zone_id", "t.enterprise_id")
	q := "SELECT " + titleCols + `, p.code, p.name, e.name, b.title FROM honour_titles t
		JOIN honour_programmes p ON p.id = t.programme_id JOIN enterprises e ON e.id = t.enterprise_id
		JOIN honour_batches b ON b.id = t.batch_id AND b.zone_id = t.zone_id WHERE ` + cond
	if zoneID != 0 {
		q += " AND t.zone_id = ?"
		args = append(args, zoneID)
	}
	if enterpriseID != 0 {
		q += " AND t.enterprise_id = ?"
		args = append(args, enterpriseID)
	}
	list, err := queryAll(ctx, s.DB.Read(), func(r scanner) (honour.TitleView, error) {
		var v honour.TitleView
		t := &v.Title
		err := r.Scan(&t.ID, &t.ZoneID, &t.EnterpriseID, &t.ProgrammeID, &t.BatchID, &t.StartOn, &t.TermEnd, &t.EndedOn,
			&t.EndReason, scanID{&t.EndBatch}, &v.Programme, &v.ProgrammeName, &v.EnterpriseName, &v.BatchTitle)
		return v, err
	}, q+" ORDER BY t.start_on DESC, t.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("titles: %w", err)
	}
	return list, nil
}

const candidateCols = `c.id, c.zone_id, c.enterprise_id, e.name, c.programme_id, c.target_year, c.stage, c.owner, c.notes,
	c.next_step, c.next_on, c.version`

func scanCandidate(r scanner) (honour.Candidate, error) {
	var c honour.Candidate
	err := r.Scan(&c.ID, &c.ZoneID, &c.EnterpriseID, &c.EnterpriseName, &c.ProgrammeID, &c.TargetYear, &c.Stage, &c.Owner,
		&c.Notes, &c.NextStep, &c.NextOn, &c.Version)
	return c, err
}

const candidateFrom = " FROM honour_candidates c JOIN enterprises e ON e.id = c.enterprise_id WHERE "

// Candidates lists an area's candidates (an enterprise user: its own).
func (s Honours) Candidates(ctx context.Context, a access.Actor, zoneID int64) ([]honour.Candidate, error) {
	cond, args := scope(a, "c.zone_id", "c.enterprise_id")
	list, err := queryAll(ctx, s.DB.Read(), scanCandidate, "SELECT "+candidateCols+candidateFrom+cond+
		" AND c.zone_id = ? ORDER BY c.target_year, c.id", append(args, zoneID)...)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	return list, nil
}

// Candidate returns one candidate the actor sees.
func (s Honours) Candidate(ctx context.Context, a access.Actor, id int64) (honour.Candidate, error) {
	return candidateByID(ctx, s.DB.Read(), a, id)
}

func candidateByID(ctx context.Context, q Q, a access.Actor, id int64) (honour.Candidate, error) {
	cond, args := scope(a, "c.zone_id", "c.enterprise_id")
	c, err := scanCandidate(q.QueryRow(ctx, "SELECT "+candidateCols+candidateFrom+"c.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.NotFoundf("honour.entity.candidate")
	}
	if err != nil {
		return c, fmt.Errorf("candidate %d: %w", id, err)
	}
	return c, nil
}

// CreateCandidate adds a candidate of an enterprise of the candidate's zone.
func (s Honours) CreateCandidate(ctx context.Context, a access.Actor, c honour.Candidate) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertCandidate(ctx, a, c)
		return err
	})
	return id, err
}

// InsertCandidate adds a candidate within tx, audited.
func (tx *Tx) InsertCandidate(ctx context.Context, a access.Actor, c honour.Candidate) (int64, error) {
	var zone int64
	err := tx.QueryRow(ctx, "SELECT zone_id FROM enterprises WHERE id = ?", c.EnterpriseID).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && zone != c.ZoneID) {
		var f errs.Fields
		f.Add("enterprise_id", "honour.err.candidate_enterprise")
		return 0, f.Err()
	}
	if err != nil {
		return 0, fmt.Errorf("create candidate: %w", err)
	}
	t := tx.now()
	err = tx.QueryRow(ctx, `INSERT INTO honour_candidates (zone_id, enterprise_id, programme_id, target_year, stage, owner, notes,
		next_step, next_on, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', NULL, 1, ?, ?) RETURNING id`,
		c.ZoneID, c.EnterpriseID, c.ProgrammeID, c.TargetYear, string(c.Stage), c.Owner, c.Notes, ts(t), ts(t)).Scan(&c.ID)
	if isUnique(err) {
		return 0, errs.E(errs.Conflict, "honour.err.candidate_exists")
	}
	if err != nil {
		return 0, fmt.Errorf("create candidate: %w", err)
	}
	return c.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "honour_candidate", EntityID: c.ID, ZoneID: c.ZoneID, After: c})
}

// UpdateCandidate writes c if its stored version is still c.Version.
func (s Honours) UpdateCandidate(ctx context.Context, a access.Actor, c honour.Candidate) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		before, err := candidateByID(ctx, tx.Q, a, c.ID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE honour_candidates SET target_year = ?, stage = ?, owner = ?, notes = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`, c.TargetYear, string(c.Stage), c.Owner, c.Notes, ts(tx.now()), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("update candidate: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "error.stale")
		}
		c.Version++
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "honour_candidate", EntityID: c.ID, ZoneID: c.ZoneID, Before: before, After: c})
	})
}

const activityCols = "x.id, x.candidate_id, x.zone_id, x.kind, x.on_date, x.people, x.attendees, x.notes, x.next_step, x.next_on"

func scanActivity(r scanner) (honour.Activity, error) {
	var x honour.Activity
	err := r.Scan(&x.ID, &x.CandidateID, &x.ZoneID, &x.Kind, &x.On, &x.People, &x.Attendees, &x.Notes, &x.NextStep, &x.NextOn)
	return x, err
}

// Activities lists a candidate's activities, newest first.
func (s Honours) Activities(ctx context.Context, a access.Actor, candidateID int64) ([]honour.Activity, error) {
	if _, err := s.Candidate(ctx, a, candidateID); err != nil {
		return nil, err
	}
	list, err := queryAll(ctx, s.DB.Read(), scanActivity, "SELECT "+activityCols+
		" FROM honour_activities x WHERE x.candidate_id = ? ORDER BY x.on_date DESC, x.id DESC", candidateID)
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	return list, nil
}

// AddActivity stores an activity, its rollup rows and, when it is the
// candidate's latest, its next step on the candidate.
func (s Honours) AddActivity(ctx context.Context, a access.Actor, x honour.Activity) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		if _, err := candidateByID(ctx, tx.Q, a, x.CandidateID); err != nil {
			return err
		}
		id, err = tx.InsertActivity(ctx, a, x)
		return err
	})
	return id, err
}

// InsertActivity stores an activity of a candidate within tx: the row, the
// candidate's next step when it is the latest, the rollups, the audit.
func (tx *Tx) InsertActivity(ctx context.Context, a access.Actor, x honour.Activity) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO honour_activities (candidate_id, zone_id, kind, on_date, people, attendees, notes, next_step, next_on,
		created_by, created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		x.CandidateID, x.ZoneID, string(x.Kind), x.On, x.People, x.Attendees, x.Notes, x.NextStep, x.NextOn,
		nullID(a.UserID), a.Username, ts(tx.now())).Scan(&x.ID)
	if err != nil {
		return 0, fmt.Errorf("add activity: %w", err)
	}
	// The candidate's next step is its latest activity's.
	if _, err := tx.Exec(ctx, `UPDATE honour_candidates SET next_step = ?, next_on = ?, updated_at = ?
		WHERE id = ? AND NOT EXISTS (SELECT 1 FROM honour_activities y WHERE y.candidate_id = ? AND
			(y.on_date > ? OR (y.on_date = ? AND y.id > ?)))`,
		x.NextStep, x.NextOn, ts(tx.now()), x.CandidateID, x.CandidateID, x.On, x.On, x.ID); err != nil {
		return 0, fmt.Errorf("add activity: next step: %w", err)
	}
	if err := tx.AddRollups(ctx, honour.ActivityRows(x, 1)); err != nil {
		return 0, err
	}
	return x.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "honour_activity", EntityID: x.ID, ZoneID: x.ZoneID, After: x})
}

// HonourRollups recomputes the honour rows of an area: the honour.held
// stock from its titles (the same spans the batches wrote), the awards of
// its batches and its cultivation activities.
func HonourRollups() RollupSource {
	return RollupSource{Source: "honour", Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		progs, err := q.programmesByID(ctx)
		if err != nil {
			return err
		}
		codes := codesOf(progs)
		titles, err := queryAll(ctx, q, scanTitle, "SELECT "+titleCols+" FROM honour_titles t WHERE t.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("honour rollups: titles: %w", err)
		}
		var spans []indicator.Span
		for _, t := range titles {
			spans = append(spans, honour.Spans(t, progs[t.ProgrammeID], 1)...)
		}
		for _, r := range indicator.SpanRows(spans) {
			add(r)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			var b honour.Batch
			var e honour.Entry
			if err := r.Scan(&b.EffectiveOn, &e.ProgrammeID, &e.Result); err != nil {
				return err
			}
			b.ZoneID, b.Entries = zoneID, []honour.Entry{e}
			for _, row := range honour.AwardRows(b, codes, 1) {
				add(row)
			}
			return nil
		}, `SELECT b.effective_on, e.programme_id, e.result FROM honour_entries e JOIN honour_batches b ON b.id = e.batch_id AND b.zone_id = e.zone_id
			WHERE b.zone_id = ?`, zoneID)
		if err != nil {
			return fmt.Errorf("honour rollups: awards: %w", err)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			x, err := scanActivity(r)
			if err != nil {
				return err
			}
			for _, row := range honour.ActivityRows(x, 1) {
				add(row)
			}
			return nil
		}, "SELECT "+activityCols+" FROM honour_activities x WHERE x.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("honour rollups: activities: %w", err)
		}
		return nil
	}}
}

// EnsureProgrammes adds those of list whose code is not kept yet (the
// defaults at the first start; every node may run it at once).
func (s Honours) EnsureProgrammes(ctx context.Context, list []honour.Programme) error {
	have, err := s.Programmes(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, p := range have {
		known[p.Code] = true
	}
	if !slices.ContainsFunc(list, func(p honour.Programme) bool { return !known[p.Code] }) {
		return nil // the usual start: nothing to write
	}
	return s.DB.Transact(ctx, func(tx *Tx) error {
		_, err := tx.EnsureProgrammes(ctx, list)
		return err
	})
}

// EnsureProgrammes adds, within tx, those of list whose code is not kept
// yet, and returns every programme by code.
func (tx *Tx) EnsureProgrammes(ctx context.Context, list []honour.Programme) (map[string]honour.Programme, error) {
	for _, p := range list {
		id, err := tx.insertProgramme(ctx, p, "ON CONFLICT (code) DO NOTHING")
		if errors.Is(err, sql.ErrNoRows) {
			continue // kept already, or another node added it meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("ensure programme %s: %w", p.Code, err)
		}
		p.ID = id
		if err := tx.Audit(ctx, access.System, Change{Action: "create", Entity: "honour_programme", EntityID: id, After: p}); err != nil {
			return nil, err
		}
	}
	progs, err := tx.programmesByID(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]honour.Programme, len(progs))
	for _, p := range progs {
		out[p.Code] = p
	}
	return out, nil
}

// TitlesOf lists every title of the enterprises (honour.Store), unscoped:
// the rules' input for enterprises the caller resolved in its zone.
func (s Honours) TitlesOf(ctx context.Context, enterpriseIDs []int64) ([]honour.Title, error) {
	if len(enterpriseIDs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(enterpriseIDs))
	for _, id := range enterpriseIDs {
		args = append(args, id)
	}
	list, err := queryAll(ctx, s.DB.Read(), scanTitle, "SELECT "+titleCols+" FROM honour_titles t WHERE t.enterprise_id IN "+
		placeholders(len(args))+" ORDER BY t.id", args...)
	if err != nil {
		return nil, fmt.Errorf("titles of enterprises: %w", err)
	}
	return list, nil
}

// WithdrawBatch removes a batch recorded in error and undoes what it
// changed, in one transaction: the titles it started are deleted, those it
// ended run again, the honour.held spans and honour.awarded rows are
// reversed, and one audit record keeps the batch and what it had changed.
// A batch is withdrawn only while no batch recorded after it names one of
// its enterprises (that batch was checked against this one's titles: it is
// withdrawn first). Cultivation stages stay as they are.
func (s Honours) WithdrawBatch(ctx context.Context, a access.Actor, id int64) (b honour.Batch, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		b, err = tx.WithdrawBatch(ctx, a, id)
		return err
	})
	return b, err
}

// WithdrawBatch is Honours.WithdrawBatch within tx.
func (tx *Tx) WithdrawBatch(ctx context.Context, a access.Actor, id int64) (honour.Batch, error) {
	b, err := Honours{}.batchIn(ctx, tx.Q, a, id)
	if err != nil {
		return b, err
	}
	ents := make([]any, 0, len(b.Entries))
	seen := map[int64]bool{}
	for _, e := range b.Entries {
		if !seen[e.EnterpriseID] {
			seen[e.EnterpriseID] = true
			ents = append(ents, e.EnterpriseID)
		}
	}
	if len(ents) > 0 {
		if tx.Engine() == Postgres {
			if _, err := tx.Exec(ctx, "SELECT id FROM enterprises WHERE id IN "+placeholders(len(ents))+" ORDER BY id FOR UPDATE", ents...); err != nil {
				return b, fmt.Errorf("withdraw batch: lock enterprises: %w", err)
			}
		}
		var later honour.Batch
		err := tx.QueryRow(ctx, `SELECT b.id, b.title FROM honour_batches b WHERE b.id > ? AND EXISTS (SELECT 1 FROM honour_entries e
			WHERE e.batch_id = b.id AND e.enterprise_id IN `+placeholders(len(ents))+`) ORDER BY b.id LIMIT 1`,
			append([]any{b.ID}, ents...)...).Scan(&later.ID, &later.Title)
		if err == nil {
			return b, errs.E(errs.Conflict, "honour.err.withdraw_later", later.Title)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return b, fmt.Errorf("withdraw batch: later batches: %w", err)
		}
	}
	progs, err := tx.programmesByID(ctx)
	if err != nil {
		return b, err
	}
	started, err := queryAll(ctx, tx.Q, scanTitle, "SELECT "+titleCols+" FROM honour_titles t WHERE t.batch_id = ? ORDER BY t.id", b.ID)
	if err != nil {
		return b, fmt.Errorf("withdraw batch: titles: %w", err)
	}
	ended, err := queryAll(ctx, tx.Q, scanTitle, "SELECT "+titleCols+" FROM honour_titles t WHERE t.end_batch_id = ? AND t.batch_id <> ? ORDER BY t.id", b.ID, b.ID)
	if err != nil {
		return b, fmt.Errorf("withdraw batch: ended titles: %w", err)
	}
	var spans []indicator.Span
	for _, t := range started {
		spans = append(spans, honour.Spans(t, progs[t.ProgrammeID], -1)...)
	}
	for _, t := range ended {
		before := t
		before.EndedOn, before.EndReason, before.EndBatch = civil.Date{}, "", 0
		spans = append(spans, honour.Spans(before, progs[t.ProgrammeID], 1)...)
		spans = append(spans, honour.Spans(t, progs[t.ProgrammeID], -1)...)
	}
	for _, st := range []struct {
		q    string
		args []any
	}{
		{"UPDATE honour_titles SET ended_on = NULL, end_reason = '', end_batch_id = NULL WHERE end_batch_id = ? AND batch_id <> ?", []any{b.ID, b.ID}},
		{"DELETE FROM honour_titles WHERE batch_id = ?", []any{b.ID}},
		{"DELETE FROM honour_entries WHERE batch_id = ?", []any{b.ID}},
		{"DELETE FROM honour_batches WHERE id = ?", []any{b.ID}},
	} {
		if _, err := tx.Exec(ctx, st.q, st.args...); err != nil {
			return b, fmt.Errorf("withdraw batch %d: %w", b.ID, err)
		}
	}
	if err := tx.AddSpans(ctx, spans); err != nil {
		return b, err
	}
	if err := tx.AddRollups(ctx, honour.AwardRows(b, codesOf(progs), -1)); err != nil {
		return b, err
	}
	before := struct {
		Batch   honour.Batch   `json:"batch"`
		Started []honour.Title `json:"started"`
		Ended   []honour.Title `json:"ended"`
	}{b, started, ended}
	return b, tx.Audit(ctx, a, Change{Action: "delete", Entity: "honour_batch", EntityID: b.ID, ZoneID: b.ZoneID, Before: before})
}
