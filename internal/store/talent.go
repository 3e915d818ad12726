package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/talent"
)

// Talents implements talent.Store.
type Talents struct{ DB *DB }

// Programmes, tiers and calls are a zone's reference data: every reader
// whose scope covers the zone sees them (an enterprise user its own zone's,
// through areaScope); applicants are people and are scoped by employer.

const talentProgrammeCols = "p.id, p.zone_id, p.code, p.name, p.name_en, p.category, p.category_en, p.position"

func scanTalentProgramme(r scanner) (talent.Programme, error) {
	var p talent.Programme
	err := r.Scan(&p.ID, &p.ZoneID, &p.Code, &p.Name, &p.NameEN, &p.Category, &p.CategoryEN, &p.Position)
	return p, err
}

func talentProgrammesWhere(ctx context.Context, q Q, a access.Actor, cond string, arg any) ([]talent.Programme, error) {
	sc, args := areaScope(a, "p.zone_id")
	list, err := queryAll(ctx, q, scanTalentProgramme, "SELECT "+talentProgrammeCols+" FROM talent_programmes p WHERE "+cond+" AND "+sc+
		" ORDER BY p.position, p.id", append([]any{arg}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("talent programmes: %w", err)
	}
	at := map[int64]int{}
	ids := make([]int64, len(list))
	for i, p := range list {
		at[p.ID], ids[i] = i, p.ID
	}
	err = idChunks(ids, func(args []any) error {
		return queryEach(ctx, q, func(r scanner) error {
			var t talent.Tier
			if err := r.Scan(&t.ID, &t.ProgrammeID, &t.Code, &t.Name, &t.MaxSupportFen, &t.PeriodYears); err != nil {
				return err
			}
			list[at[t.ProgrammeID]].Tiers = append(list[at[t.ProgrammeID]].Tiers, t)
			return nil
		}, "SELECT id, programme_id, code, name, max_support_fen, period_years FROM talent_tiers WHERE programme_id IN "+
			placeholders(len(args))+" ORDER BY programme_id, id", args...)
	})
	if err != nil {
		return nil, fmt.Errorf("talent tiers: %w", err)
	}
	return list, nil
}

// Programmes lists an area's programmes in order, with their tiers.
func (s Talents) Programmes(ctx context.Context, a access.Actor, zoneID int64) ([]talent.Programme, error) {
	return talentProgrammesWhere(ctx, s.DB.Read(), a, "p.zone_id = ?", zoneID)
}

// Programme returns one programme the actor sees.
func (s Talents) Programme(ctx context.Context, a access.Actor, id int64) (talent.Programme, error) {
	list, err := talentProgrammesWhere(ctx, s.DB.Read(), a, "p.id = ?", id)
	if err != nil {
		return talent.Programme{}, err
	}
	if len(list) == 0 {
		return talent.Programme{}, errs.NotFoundf("talent.entity.programme")
	}
	return list[0], nil
}

// CreateProgramme stores a programme with its tiers.
func (s Talents) CreateProgramme(ctx context.Context, a access.Actor, p talent.Programme) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		p, err := tx.CreateTalentProgramme(ctx, a, p)
		id = p.ID
		return err
	})
	return id, err
}

// CreateTalentProgramme stores p and its tiers within tx, audited, and
// returns it with their ids.
func (tx *Tx) CreateTalentProgramme(ctx context.Context, a access.Actor, p talent.Programme) (talent.Programme, error) {
	err := tx.QueryRow(ctx, `INSERT INTO talent_programmes (zone_id, code, name, name_en, category, category_en, position, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.ZoneID, p.Code, p.Name, p.NameEN, p.Category, p.CategoryEN, p.Position, ts(tx.now())).Scan(&p.ID)
	if isUnique(err) {
		var f errs.Fields
		f.Add("code", "talent.err.code_taken", p.Code)
		return p, f.Err()
	}
	if err != nil {
		return p, fmt.Errorf("create talent programme: %w", err)
	}
	for i := range p.Tiers {
		t := &p.Tiers[i]
		t.ProgrammeID = p.ID
		if err := tx.QueryRow(ctx, `INSERT INTO talent_tiers (programme_id, zone_id, code, name, max_support_fen, period_years) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			p.ID, p.ZoneID, t.Code, t.Name, t.MaxSupportFen, t.PeriodYears).Scan(&t.ID); err != nil {
			return p, fmt.Errorf("create talent tier: %w", err)
		}
	}
	return p, tx.Audit(ctx, a, Change{Action: "create", Entity: "talent_programme", EntityID: p.ID, ZoneID: p.ZoneID, After: p})
}

const callCols = "c.id, c.programme_id, c.zone_id, c.year, c.title, c.opens_on, c.closes_on, c.quota, c.version"

func scanCall(r scanner) (talent.Call, error) {
	var c talent.Call
	err := r.Scan(&c.ID, &c.ProgrammeID, &c.ZoneID, &c.Year, &c.Title, &c.OpensOn, &c.ClosesOn, &c.Quota, &c.Version)
	return c, err
}

// Calls lists a programme's calls, newest first.
func (s Talents) Calls(ctx context.Context, a access.Actor, programmeID int64) ([]talent.Call, error) {
	sc, args := areaScope(a, "c.zone_id")
	list, err := queryAll(ctx, s.DB.Read(), scanCall, "SELECT "+callCols+" FROM talent_calls c WHERE c.programme_id = ? AND "+sc+
		" ORDER BY c.year DESC, c.id DESC", append([]any{programmeID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("talent calls: %w", err)
	}
	return list, nil
}

// Call returns one call the actor sees.
func (s Talents) Call(ctx context.Context, a access.Actor, id int64) (talent.Call, error) {
	sc, args := areaScope(a, "c.zone_id")
	c, err := scanCall(s.DB.Read().QueryRow(ctx, "SELECT "+callCols+" FROM talent_calls c WHERE c.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.NotFoundf("talent.entity.call")
	}
	if err != nil {
		return c, fmt.Errorf("talent call %d: %w", id, err)
	}
	return c, nil
}

// CreateCall stores a call.
func (s Talents) CreateCall(ctx context.Context, a access.Actor, c talent.Call) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.CreateTalentCall(ctx, a, c)
		return err
	})
	return id, err
}

// CreateTalentCall stores c within tx, audited.
func (tx *Tx) CreateTalentCall(ctx context.Context, a access.Actor, c talent.Call) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO talent_calls (programme_id, zone_id, year, title, opens_on, closes_on, quota, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`, c.ProgrammeID, c.ZoneID, c.Year, c.Title, c.OpensOn, c.ClosesOn, c.Quota, ts(tx.now())).Scan(&c.ID)
	if err != nil {
		return 0, fmt.Errorf("create talent call: %w", err)
	}
	c.Version = 1
	return c.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "talent_call", EntityID: c.ID, ZoneID: c.ZoneID, After: c})
}

// lockCall takes the call's row for the rest of tx (PostgreSQL; SQLite has
// one writer), so a quota and the grants it bounds change one at a time.
func (tx *Tx) lockCall(ctx context.Context, id int64) error {
	if tx.Engine() != Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, "SELECT id FROM talent_calls WHERE id = ? FOR UPDATE", id); err != nil {
		return fmt.Errorf("lock talent call %d: %w", id, err)
	}
	return nil
}

// grantedInCall counts the call's applicants granted support, but except.
func (tx *Tx) grantedInCall(ctx context.Context, callID, except int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM talent_applicants WHERE call_id = ? AND status = ? AND id <> ?",
		callID, string(talent.Granted), except).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("granted in talent call %d: %w", callID, err)
	}
	return n, nil
}

// UpdateCall writes next over prev if prev.Version is still stored, once
// check passes over the applicants the call has granted; audited.
func (s Talents) UpdateCall(ctx context.Context, a access.Actor, prev, next talent.Call, check func(granted int) error) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		if err := tx.lockCall(ctx, prev.ID); err != nil {
			return err
		}
		granted, err := tx.grantedInCall(ctx, prev.ID, 0)
		if err != nil {
			return err
		}
		if err := check(granted); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE talent_calls SET year = ?, title = ?, opens_on = ?, closes_on = ?, quota = ?, version = version + 1
			WHERE id = ? AND version = ?`, next.Year, next.Title, next.OpensOn, next.ClosesOn, next.Quota, prev.ID, prev.Version)
		if err != nil {
			return fmt.Errorf("update talent call: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "error.stale")
		}
		next.Version = prev.Version + 1
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "talent_call", EntityID: prev.ID, ZoneID: prev.ZoneID, Before: prev, After: next})
	})
}

// EmployerByUSCC finds an enterprise by credit code with its chain.
func (s Talents) EmployerByUSCC(ctx context.Context, code string) (talent.Employer, bool, error) {
	var e talent.Employer
	err := s.DB.Read().QueryRow(ctx, `SELECT e.id, e.zone_id, e.name, COALESCE(c.id, 0), COALESCE(c.code, ''), COALESCE(c.name, '')
		FROM enterprises e LEFT JOIN org_chain_members cm ON cm.enterprise_id = e.id AND cm.zone_id = e.zone_id LEFT JOIN org_chains c ON c.id = cm.chain_id AND c.zone_id = cm.zone_id
		WHERE e.uscc = ?`, code).Scan(&e.ID, &e.ZoneID, &e.Name, &e.ChainID, &e.ChainCode, &e.ChainName)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("employer %s: %w", code, err)
	}
	return e, true, nil
}

const applicantCols = `x.id, x.call_id, x.programme_id, x.zone_id, x.tier_id, x.name, x.id_number, x.enterprise_id, e.name,
	COALESCE(x.chain_id, 0), COALESCE(c.code, ''), COALESCE(c.name, ''), x.applied_on, x.status, x.result, x.decided_on,
	x.support_fen, x.support_from, x.support_until, x.version`

const applicantFrom = ` FROM talent_applicants x JOIN enterprises e ON e.id = x.enterprise_id LEFT JOIN org_chains c ON c.id = x.chain_id AND c.zone_id = x.zone_id WHERE `

func scanApplicant(r scanner) (talent.Applicant, error) {
	var x talent.Applicant
	err := r.Scan(&x.ID, &x.CallID, &x.ProgrammeID, &x.ZoneID, &x.TierID, &x.Name, &x.IDNumber, &x.EnterpriseID, &x.EnterpriseName,
		&x.ChainID, &x.ChainCode, &x.ChainName, &x.AppliedOn, &x.Status, &x.Result, &x.DecidedOn, &x.SupportFen, &x.SupportFrom,
		&x.SupportUntil, &x.Version)
	return x, err
}

// applicantSorts are the columns a call's applicants sort by, each with an
// index on (call_id, column, id) (0023).
var applicantSorts = map[string]sortCol{
	"name":       {Col: "x.name", Kind: keyText},
	"applied_on": {Col: "x.applied_on", Kind: keyDate},
}

// Applicants lists a call's applicants the actor sees, the newest first or
// in the order p.Sort names (applicantSorts).
func (s Talents) Applicants(ctx context.Context, a access.Actor, callID int64, p paging.Request) (paging.Page[talent.Applicant], error) {
	cond, args := scope(a, "x.zone_id", "x.enterprise_id")
	cond = "x.call_id = ? AND " + cond
	args = append([]any{callID}, args...)
	total, err := countIf(ctx, s.DB.Read(), p.Count, "applicants", "SELECT COUNT(*) FROM talent_applicants x WHERE "+cond, args...)
	if err != nil {
		return paging.Page[talent.Applicant]{}, err
	}
	o := orderOf(p.Sort, applicantSorts)
	if err := o.after(&cond, &args, "ta", p.Cursor, "x.id"); err != nil {
		return paging.Page[talent.Applicant]{}, err
	}
	list, err := queryAll(ctx, s.DB.Read(), scanApplicant, "SELECT "+applicantCols+applicantFrom+cond+o.by("x.id")+" LIMIT ?",
		append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[talent.Applicant]{}, fmt.Errorf("talent applicants: %w", err)
	}
	page := pageIn(list, p.Limit, "ta", o, func(x talent.Applicant, col string) (string, int64) {
		if col == "applied_on" {
			return x.AppliedOn.String(), x.ID
		}
		return x.Name, x.ID
	})
	page.Total = total
	return page, nil
}

// Applicant returns one application the actor sees.
func (s Talents) Applicant(ctx context.Context, a access.Actor, id int64) (talent.Applicant, error) {
	return applicantByID(ctx, s.DB.Read(), a, id)
}

func applicantByID(ctx context.Context, q Q, a access.Actor, id int64) (talent.Applicant, error) {
	cond, args := scope(a, "x.zone_id", "x.enterprise_id")
	x, err := scanApplicant(q.QueryRow(ctx, "SELECT "+applicantCols+applicantFrom+"x.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return x, errs.NotFoundf("talent.entity.applicant")
	}
	if err != nil {
		return x, fmt.Errorf("talent applicant %d: %w", id, err)
	}
	return x, nil
}

// CreateApplicant stores an application (talent.Store).
func (s Talents) CreateApplicant(ctx context.Context, a access.Actor, x talent.Applicant, k talent.Keys,
	check func(others []talent.Applicant) error) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.CreateApplicant(ctx, a, x, k, check)
		return err
	})
	return id, err
}

// CreateApplicant stores x within tx once check passes over the same
// person's applications to the programme, read after the programme row is
// locked (PostgreSQL; SQLite has one writer), so two clerks entering one
// person apply one after the other; then its rollups and an audit record.
func (tx *Tx) CreateApplicant(ctx context.Context, a access.Actor, x talent.Applicant, k talent.Keys,
	check func(others []talent.Applicant) error) (int64, error) {
	if tx.Engine() == Postgres {
		if _, err := tx.Exec(ctx, "SELECT id FROM talent_programmes WHERE id = ? FOR UPDATE", x.ProgrammeID); err != nil {
			return 0, fmt.Errorf("create applicant: lock programme: %w", err)
		}
	}
	others, err := queryAll(ctx, tx.Q, scanApplicant, "SELECT "+applicantCols+applicantFrom+"x.programme_id = ? AND x.id_number = ?",
		x.ProgrammeID, x.IDNumber)
	if err != nil {
		return 0, fmt.Errorf("create applicant: %w", err)
	}
	if err := check(others); err != nil {
		return 0, err
	}
	t := tx.now()
	err = tx.QueryRow(ctx, `INSERT INTO talent_applicants (call_id, programme_id, zone_id, tier_id, name, id_number, enterprise_id, chain_id,
		applied_on, status, result, decided_on, support_fen, support_from, support_until, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		x.CallID, x.ProgrammeID, x.ZoneID, x.TierID, x.Name, x.IDNumber, x.EnterpriseID, nullID(x.ChainID), x.AppliedOn, string(x.Status),
		x.Result, x.DecidedOn, x.SupportFen, x.SupportFrom, x.SupportUntil, ts(t), ts(t)).Scan(&x.ID)
	if err != nil {
		return 0, fmt.Errorf("create applicant: %w", err)
	}
	if err := tx.AddRollups(ctx, talent.Rows(x, k, 1)); err != nil {
		return 0, err
	}
	x.IDNumber = talent.MaskID(x.IDNumber) // the audit trail keeps no identity number whole
	return x.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "talent_applicant", EntityID: x.ID, ZoneID: x.ZoneID, After: x})
}

// UpdateApplicant writes next over prev if prev.Version is still stored,
// moving the rollups by the difference.
func (s Talents) UpdateApplicant(ctx context.Context, a access.Actor, prev, next talent.Applicant, k talent.Keys,
	check func(grantedOthers int) error) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		if err := tx.lockCall(ctx, prev.CallID); err != nil {
			return err
		}
		granted, err := tx.grantedInCall(ctx, prev.CallID, prev.ID)
		if err != nil {
			return err
		}
		if err := check(granted); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE talent_applicants SET status = ?, result = ?, decided_on = ?, support_fen = ?, support_from = ?,
			support_until = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			string(next.Status), next.Result, next.DecidedOn, next.SupportFen, next.SupportFrom, next.SupportUntil, ts(tx.now()), prev.ID, prev.Version)
		if err != nil {
			return fmt.Errorf("update applicant: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "error.stale")
		}
		if err := tx.AddRollups(ctx, append(talent.Rows(next, k, 1), talent.Rows(prev, k, -1)...)); err != nil {
			return err
		}
		prev.IDNumber, next.IDNumber = talent.MaskID(prev.IDNumber), talent.MaskID(next.IDNumber)
		next.Version = prev.Version + 1
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "talent_applicant", EntityID: prev.ID, ZoneID: prev.ZoneID, Before: prev, After: next})
	})
}

// TalentRollups recomputes the talent rows of an area from its applicants.
func TalentRollups() RollupSource {
	return RollupSource{Source: "talent", Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		err := queryEach(ctx, q, func(r scanner) error {
			var x talent.Applicant
			var k talent.Keys
			if err := r.Scan(&x.EnterpriseID, &x.AppliedOn, &x.Status, &x.DecidedOn, &x.SupportFen, &k.Programme, &k.Tier, &k.Chain); err != nil {
				return err
			}
			x.ZoneID = zoneID
			for _, row := range talent.Rows(x, k, 1) {
				add(row)
			}
			return nil
		}, `SELECT x.enterprise_id, x.applied_on, x.status, x.decided_on, x.support_fen, p.code, t.code, COALESCE(c.code, '')
			FROM talent_applicants x JOIN talent_programmes p ON p.id = x.programme_id AND p.zone_id = x.zone_id
			JOIN talent_tiers t ON t.id = x.tier_id AND t.zone_id = x.zone_id LEFT JOIN org_chains c ON c.id = x.chain_id AND c.zone_id = x.zone_id WHERE x.zone_id = ?`, zoneID)
		if err != nil {
			return fmt.Errorf("talent rollups: %w", err)
		}
		return nil
	}}
}
