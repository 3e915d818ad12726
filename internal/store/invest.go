package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/paging"
)

// Invest implements invest.Store.
type Invest struct{ DB *DB }

const investProjectCols = `p.id, p.zone_id, p.name, p.investor, p.investor_uscc, p.origin, p.investor_listing, p.investor_honours,
	p.industry, p.mode, p.planned_fen, p.park, p.owner, p.agreement, p.facts, p.stage, p.stage_on, p.start_due,
	p.terminated_reason, p.enterprise_id, COALESCE(e.name, ''), p.registered_on, p.registered_fen, p.paid_in_fen, p.arrived_fen,
	p.next_contact_on, p.next_contact_owner, p.version, p.created_at`

const investProjectFrom = " FROM invest_projects p LEFT JOIN enterprises e ON e.id = p.enterprise_id WHERE "

func scanInvestProject(r scanner) (invest.Project, error) {
	var p invest.Project
	err := r.Scan(&p.ID, &p.ZoneID, &p.Name, &p.Investor, &p.InvestorUSCC, &p.Origin, &p.InvestorListing, &p.InvestorHonours,
		&p.Industry, &p.Mode, &p.PlannedFen, &p.Park, &p.Owner, &p.Agreement, &p.Facts, &p.Stage, &p.StageOn, &p.StartDue,
		&p.TerminatedReason, scanID{&p.EnterpriseID}, &p.EnterpriseName, &p.RegisteredOn, &p.RegisteredFen, &p.PaidInFen, &p.ArrivedFen,
		&p.NextContactOn, &p.NextContactOwner, &p.Version, scanTime{&p.CreatedAt})
	return p, err
}

// Projects lists the projects the actor sees, newest first (by id).
func (s Invest) Projects(ctx context.Context, a access.Actor, f invest.Filter) (paging.Page[invest.Project], error) {
	cond, args := scope(a, "p.zone_id", "")
	add := func(c string, v any) {
		cond += " AND " + c
		args = append(args, v)
	}
	if f.ZoneID != 0 {
		add("p.zone_id = ?", f.ZoneID)
	}
	if f.Stage != "" {
		add("p.stage = ?", string(f.Stage))
	}
	if f.Origin != "" {
		add("p.origin = ?", string(f.Origin))
	}
	if f.Mode != "" {
		add("p.mode = ?", string(f.Mode))
	}
	if f.Industry != "" {
		add("p.industry = ?", f.Industry)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := "%" + likeEscape(q) + "%"
		cond += ` AND (p.name LIKE ? ESCAPE '\' OR p.investor LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	total, err := countIf(ctx, s.DB.Read(), f.Count, "projects", "SELECT COUNT(*) FROM invest_projects p WHERE "+cond, args...)
	if err != nil {
		return paging.Page[invest.Project]{}, err
	}
	o := orderOf(f.Sort, investProjectSorts)
	if err := o.after(&cond, &args, "ip", f.Cursor, "p.id"); err != nil {
		return paging.Page[invest.Project]{}, err
	}
	list, err := queryAll(ctx, s.DB.Read(), scanInvestProject, "SELECT "+investProjectCols+investProjectFrom+cond+o.by("p.id")+" LIMIT ?",
		append(args, f.Limit+1)...)
	if err != nil {
		return paging.Page[invest.Project]{}, fmt.Errorf("list projects: %w", err)
	}
	page := pageIn(list, f.Limit, "ip", o, func(p invest.Project, col string) (string, int64) {
		switch col {
		case "planned":
			return strconv.FormatInt(p.PlannedFen, 10), p.ID
		case "stage_on":
			return p.StageOn.String(), p.ID
		}
		return p.Name, p.ID
	})
	page.Total = total
	return page, nil
}

// investProjectSorts are the columns a zone's project list sorts by, each
// with an index on (zone_id, column, id) (0023).
var investProjectSorts = map[string]sortCol{
	"name":     {Col: "p.name", Kind: keyText},
	"planned":  {Col: "p.planned_fen", Kind: keyInt},
	"stage_on": {Col: "p.stage_on", Kind: keyDate},
}

// Board lists an area's projects that are not terminated.
func (s Invest) Board(ctx context.Context, a access.Actor, zoneID int64) ([]invest.Project, error) {
	cond, args := scope(a, "p.zone_id", "")
	list, err := queryAll(ctx, s.DB.Read(), scanInvestProject, "SELECT "+investProjectCols+investProjectFrom+"p.zone_id = ? AND p.stage <> ? AND "+cond+
		" ORDER BY p.stage_on DESC, p.id DESC", append([]any{zoneID, string(invest.StageTerminated)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("pipeline board: %w", err)
	}
	return list, nil
}

// Cards lists an area's perStage most recent open projects of each stage
// (by the day they reached it) in one statement: a backward range scan of
// the board index per stage (a round trip, not eight).
func (s Invest) Cards(ctx context.Context, a access.Actor, zoneID int64, perStage int) (map[invest.Stage][]invest.Project, error) {
	cond, args := scope(a, "p.zone_id", "")
	var parts []string
	var qargs []any
	for _, st := range invest.Stages() {
		parts = append(parts, "SELECT * FROM (SELECT "+boardCols+" FROM invest_projects p WHERE p.zone_id = ? AND p.stage = ? AND "+cond+
			" ORDER BY p.stage_on DESC, p.id DESC LIMIT ?) s"+strconv.Itoa(len(parts)))
		qargs = append(append(append(qargs, zoneID, string(st)), args...), perStage)
	}
	list, err := queryAll(ctx, s.DB.Read(), scanBoardCard, strings.Join(parts, " UNION ALL "), qargs...)
	if err != nil {
		return nil, fmt.Errorf("pipeline board: %w", err)
	}
	byStage := map[invest.Stage][]invest.Project{}
	for _, p := range list {
		byStage[p.Stage] = append(byStage[p.Stage], p)
	}
	// A UNION ALL promises no order: each stage's cards put back in theirs.
	for _, l := range byStage {
		slices.SortStableFunc(l, func(x, y invest.Project) int {
			if x.StageOn != y.StageOn {
				if x.StageOn.After(y.StageOn) {
					return -1
				}
				return 1
			}
			return cmp.Compare(y.ID, x.ID)
		})
	}
	return byStage, nil
}

// boardCols are what a board card shows of a project (and what its flags
// are worked out from).
const boardCols = `p.id, p.zone_id, p.name, p.investor, p.origin, p.industry, p.mode, p.planned_fen, p.stage, p.stage_on, p.start_due,
	p.next_contact_on, p.next_contact_owner`

func scanBoardCard(r scanner) (invest.Project, error) {
	var p invest.Project
	err := r.Scan(&p.ID, &p.ZoneID, &p.Name, &p.Investor, &p.Origin, &p.Industry, &p.Mode, &p.PlannedFen, &p.Stage, &p.StageOn, &p.StartDue,
		&p.NextContactOn, &p.NextContactOwner)
	return p, err
}

// StageCounts counts an area's projects at each stage (terminated
// included), from the board index alone.
func (s Invest) StageCounts(ctx context.Context, a access.Actor, zoneID int64) (map[invest.Stage]int, error) {
	cond, args := scope(a, "p.zone_id", "")
	counts := map[invest.Stage]int{}
	err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
		var st invest.Stage
		var n int
		if err := r.Scan(&st, &n); err != nil {
			return err
		}
		counts[st] = n
		return nil
	}, "SELECT p.stage, COUNT(*) FROM invest_projects p WHERE p.zone_id = ? AND "+cond+" GROUP BY p.stage", append([]any{zoneID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("projects by stage: %w", err)
	}
	return counts, nil
}

// Flagged counts and lists an area's late and overdue projects.
func (s Invest) Flagged(ctx context.Context, a access.Actor, zoneID int64, today civil.Date, limit int) (invest.Flags, error) {
	q := s.DB.Read()
	var f invest.Flags
	late, lateArgs, overdue, overdueArgs := flagConds(a, zoneID, today)
	if err := q.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM invest_projects p WHERE "+late+"), (SELECT COUNT(*) FROM invest_projects p WHERE "+overdue+")",
		append(slices.Clone(lateArgs), overdueArgs...)...).Scan(&f.LateCount, &f.OverdueCount); err != nil {
		return f, fmt.Errorf("late and overdue projects: %w", err)
	}
	var err error
	if f.LateCount > 0 && limit > 0 {
		if f.Late, err = queryAll(ctx, q, scanInvestProject, "SELECT "+investProjectCols+investProjectFrom+late+
			" ORDER BY p.start_due, p.id LIMIT ?", append(lateArgs, limit)...); err != nil {
			return f, fmt.Errorf("late projects: %w", err)
		}
	}
	if f.OverdueCount > 0 && limit > 0 {
		if f.Overdue, err = queryAll(ctx, q, scanInvestProject, "SELECT "+investProjectCols+investProjectFrom+overdue+
			" ORDER BY p.next_contact_on, p.id LIMIT ?", append(overdueArgs, limit)...); err != nil {
			return f, fmt.Errorf("overdue projects: %w", err)
		}
	}
	return f, nil
}

// flagConds are the conditions of an area's late projects (signed or
// registered, not started past the agreed start) and overdue ones (open,
// past their next contact) on day today, with their arguments.
func flagConds(a access.Actor, zoneID int64, today civil.Date) (late string, lateArgs []any, overdue string, overdueArgs []any) {
	cond, args := scope(a, "p.zone_id", "")
	late = "p.zone_id = ? AND p.stage IN (?, ?) AND p.start_due < ? AND " + cond
	lateArgs = append([]any{zoneID, string(invest.StageSigned), string(invest.StageRegistered), today}, args...)
	overdue = "p.zone_id = ? AND p.next_contact_on < ? AND p.stage NOT IN (?, ?) AND " + cond
	overdueArgs = append([]any{zoneID, today, string(invest.StageProduction), string(invest.StageTerminated)}, args...)
	return late, lateArgs, overdue, overdueArgs
}

// Pipeline reads an area's dashboard pipeline in two statements run side
// by side: every count in one (the stages from the board index, the
// stages terminated projects left from their terminating steps (a
// terminated project takes no further step, so it has one), the late
// and overdue counts from the due and contact indexes), the first limit
// late and overdue projects in the other.
func (s Invest) Pipeline(ctx context.Context, a access.Actor, zoneID int64, today civil.Date, limit int) (invest.Pipeline, error) {
	q := s.DB.Read()
	cond, args := scope(a, "p.zone_id", "")
	late, lateArgs, overdue, overdueArgs := flagConds(a, zoneID, today)
	pl := invest.Pipeline{Counts: map[invest.Stage]int{}, TerminatedFrom: map[invest.Stage]int{}}
	var listed []flaggedCard
	var listErr error
	var wg sync.WaitGroup
	if limit > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			listed, listErr = queryAll(ctx, q, scanFlaggedCard,
				"SELECT * FROM (SELECT 'late' AS k, "+boardCols+" FROM invest_projects p WHERE "+late+" ORDER BY p.start_due, p.id LIMIT ?) l"+
					" UNION ALL SELECT * FROM (SELECT 'overdue' AS k, "+boardCols+" FROM invest_projects p WHERE "+overdue+
					" ORDER BY p.next_contact_on, p.id LIMIT ?) o",
				slices.Concat(lateArgs, []any{limit}, overdueArgs, []any{limit})...)
		}()
	}
	terminated := string(invest.StageTerminated)
	err := queryEach(ctx, q, func(r scanner) error {
		var kind string
		var st invest.Stage
		var n int
		if err := r.Scan(&kind, &st, &n); err != nil {
			return err
		}
		switch kind {
		case "stage":
			pl.Counts[st] = n
		case "from":
			pl.TerminatedFrom[st] = n
		case "late":
			pl.LateCount = n
		case "overdue":
			pl.OverdueCount = n
		}
		return nil
	}, "SELECT 'stage', p.stage, COUNT(*) FROM invest_projects p WHERE p.zone_id = ? AND "+cond+" GROUP BY p.stage"+
		" UNION ALL SELECT 'from', p.from_stage, COUNT(*) FROM invest_steps p WHERE p.zone_id = ? AND p.to_stage = ? AND "+cond+" GROUP BY p.from_stage"+
		" UNION ALL SELECT 'late', '', COUNT(*) FROM invest_projects p WHERE "+late+
		" UNION ALL SELECT 'overdue', '', COUNT(*) FROM invest_projects p WHERE "+overdue,
		slices.Concat([]any{zoneID}, args, []any{zoneID, terminated}, args, lateArgs, overdueArgs)...)
	wg.Wait()
	if err != nil {
		return pl, fmt.Errorf("pipeline counts: %w", err)
	}
	if listErr != nil {
		return pl, fmt.Errorf("late and overdue projects: %w", listErr)
	}
	for _, c := range listed {
		if c.kind == "late" {
			pl.Late = append(pl.Late, c.Project)
		} else {
			pl.Overdue = append(pl.Overdue, c.Project)
		}
	}
	// A UNION ALL promises no order: each list is put back in its own.
	byDay := func(day func(invest.Project) civil.Date) func(x, y invest.Project) int {
		return func(x, y invest.Project) int {
			if dx, dy := day(x), day(y); dx != dy {
				if dx.Before(dy) {
					return -1
				}
				return 1
			}
			return cmp.Compare(x.ID, y.ID)
		}
	}
	slices.SortStableFunc(pl.Late, byDay(func(p invest.Project) civil.Date { return p.StartDue }))
	slices.SortStableFunc(pl.Overdue, byDay(func(p invest.Project) civil.Date { return p.NextContactOn }))
	return pl, nil
}

// flaggedCard is a board card tagged late or overdue.
type flaggedCard struct {
	kind string
	invest.Project
}

func scanFlaggedCard(r scanner) (flaggedCard, error) {
	var c flaggedCard
	p := &c.Project
	err := r.Scan(&c.kind, &p.ID, &p.ZoneID, &p.Name, &p.Investor, &p.Origin, &p.Industry, &p.Mode, &p.PlannedFen, &p.Stage, &p.StageOn, &p.StartDue,
		&p.NextContactOn, &p.NextContactOwner)
	return c, err
}

func investProjectByID(ctx context.Context, q Q, a access.Actor, id int64, lock string) (invest.Project, error) {
	cond, args := scope(a, "p.zone_id", "")
	p, err := scanInvestProject(q.QueryRow(ctx, "SELECT "+investProjectCols+investProjectFrom+"p.id = ? AND "+cond+lock, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("invest.entity.project")
	}
	if err != nil {
		return p, fmt.Errorf("project %d: %w", id, err)
	}
	return p, nil
}

const stepCols = "s.id, s.project_id, s.from_stage, s.to_stage, s.on_date, s.note, s.approval, s.by_name, s.created_at"

func scanStep(r scanner) (invest.Step, error) {
	var s invest.Step
	err := r.Scan(&s.ID, &s.ProjectID, &s.From, &s.To, &s.On, &s.Note, &s.Approval, &s.ByName, scanTime{&s.At})
	return s, err
}

func scanArrival(r scanner) (invest.Arrival, error) {
	var x invest.Arrival
	err := r.Scan(&x.ID, &x.ProjectID, &x.On, &x.AmountFen, &x.Note)
	return x, err
}

const arrivalCols = "x.id, x.project_id, x.on_date, x.amount_fen, x.note"

// state reads what a project's rollups are computed from.
func state(ctx context.Context, q Q, p invest.Project) (invest.State, error) {
	st := invest.State{Project: p}
	var err error
	st.Steps, err = queryAll(ctx, q, scanStep, "SELECT "+stepCols+" FROM invest_steps s WHERE s.project_id = ? ORDER BY s.id", p.ID)
	if err != nil {
		return st, fmt.Errorf("project %d steps: %w", p.ID, err)
	}
	st.Arrivals, err = queryAll(ctx, q, scanArrival, "SELECT "+arrivalCols+" FROM invest_arrivals x WHERE x.project_id = ? ORDER BY x.id", p.ID)
	if err != nil {
		return st, fmt.Errorf("project %d arrivals: %w", p.ID, err)
	}
	return st, nil
}

// Detail returns a project the actor sees with its history and what
// happened around it.
func (s Invest) Detail(ctx context.Context, a access.Actor, id int64) (invest.Detail, error) {
	q := s.DB.Read()
	p, err := investProjectByID(ctx, q, a, id, "")
	if err != nil {
		return invest.Detail{}, err
	}
	var d invest.Detail
	if d.State, err = state(ctx, q, p); err != nil {
		return d, err
	}
	d.FollowUps, err = queryAll(ctx, q, func(r scanner) (invest.FollowUp, error) {
		var x invest.FollowUp
		err := r.Scan(&x.ID, &x.ProjectID, &x.On, &x.Notes, &x.NextOn, &x.Owner, &x.ByName)
		return x, err
	}, `SELECT id, project_id, on_date, notes, next_on, owner, by_name FROM invest_followups WHERE project_id = ?
		ORDER BY on_date DESC, id DESC`, id)
	if err != nil {
		return d, fmt.Errorf("project %d follow-ups: %w", id, err)
	}
	d.Activities, err = queryAll(ctx, q, func(r scanner) (invest.Activity, error) {
		var x invest.Activity
		err := r.Scan(&x.Kind, &x.ID, &x.StartOn, &x.EndOn, &x.Title)
		return x, err
	}, `SELECT 'trip', t.id, t.start_on, t.end_on, t.province || ' ' || t.city FROM invest_activity_projects ap
			JOIN invest_trips t ON ap.kind = 'trip' AND t.id = ap.activity_id AND t.zone_id = ap.zone_id WHERE ap.project_id = ?
		UNION ALL
		SELECT 'visit', v.id, v.start_on, v.end_on, v.firm FROM invest_activity_projects ap
			JOIN invest_visits v ON ap.kind = 'visit' AND v.id = ap.activity_id AND v.zone_id = ap.zone_id WHERE ap.project_id = ?
		ORDER BY 3 DESC, 2 DESC`, id, id)
	if err != nil {
		return d, fmt.Errorf("project %d activities: %w", id, err)
	}
	d.Funds, err = queryAll(ctx, q, scanFund, "SELECT "+fundCols+` FROM invest_funds f JOIN invest_fund_projects fp ON fp.fund_id = f.id AND fp.zone_id = f.zone_id
		WHERE fp.project_id = ? ORDER BY f.id`, id)
	if err != nil {
		return d, fmt.Errorf("project %d funds: %w", id, err)
	}
	return d, nil
}

// CreateProject stores a new project with its first step.
func (s Invest) CreateProject(ctx context.Context, a access.Actor, p invest.Project, first invest.Step) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertProject(ctx, a, invest.State{Project: p, Steps: []invest.Step{first}})
		return err
	})
	return id, err
}

// InsertProject stores a project in its state (its steps and arrivals, as
// the demo and the generator give them) within tx: rows, rollups, spans
// and one audit record.
func (tx *Tx) InsertProject(ctx context.Context, a access.Actor, st invest.State) (int64, error) {
	p := &st.Project
	t := tx.now()
	err := tx.QueryRow(ctx, `INSERT INTO invest_projects (zone_id, name, investor, investor_uscc, origin, investor_listing, investor_honours,
		industry, mode, planned_fen, park, owner, agreement, facts, stage, stage_on, start_due, terminated_reason, enterprise_id,
		registered_on, registered_fen, paid_in_fen, arrived_fen, next_contact_on, next_contact_owner, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		p.ZoneID, p.Name, p.Investor, p.InvestorUSCC, string(p.Origin), p.InvestorListing, p.InvestorHonours, p.Industry, string(p.Mode),
		p.PlannedFen, p.Park, p.Owner, string(p.Agreement), p.Facts, string(p.Stage), p.StageOn, p.StartDue, p.TerminatedReason,
		nullID(p.EnterpriseID), p.RegisteredOn, p.RegisteredFen, p.PaidInFen, p.ArrivedFen, p.NextContactOn, p.NextContactOwner,
		ts(t), ts(t)).Scan(&p.ID)
	if err != nil {
		return 0, fmt.Errorf("insert project: %w", err)
	}
	p.Version = 1
	for i := range st.Steps {
		st.Steps[i].ProjectID = p.ID
		if err := tx.insertStep(ctx, a, p.ZoneID, &st.Steps[i]); err != nil {
			return 0, err
		}
	}
	for i := range st.Arrivals {
		st.Arrivals[i].ProjectID = p.ID
		if err := tx.insertArrival(ctx, a, p.ZoneID, &st.Arrivals[i]); err != nil {
			return 0, err
		}
	}
	if err := tx.AddRollups(ctx, invest.Rows(*p, st.Steps, st.Arrivals, 1)); err != nil {
		return 0, err
	}
	if err := tx.AddSpans(ctx, invest.Spans(*p, st.Steps, 1)); err != nil {
		return 0, err
	}
	return p.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "invest_project", EntityID: p.ID, ZoneID: p.ZoneID, After: st})
}

func (tx *Tx) insertStep(ctx context.Context, a access.Actor, zoneID int64, s *invest.Step) error {
	if s.ByName == "" {
		s.ByName = a.Username
	}
	s.At = tx.now()
	err := tx.QueryRow(ctx, `INSERT INTO invest_steps (project_id, zone_id, from_stage, to_stage, on_date, note, approval, by_user, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.ProjectID, zoneID, string(s.From), string(s.To), s.On, s.Note,
		string(s.Approval), nullID(a.UserID), s.ByName, ts(s.At)).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("insert step: %w", err)
	}
	return nil
}

func (tx *Tx) insertArrival(ctx context.Context, a access.Actor, zoneID int64, x *invest.Arrival) error {
	err := tx.QueryRow(ctx, `INSERT INTO invest_arrivals (project_id, zone_id, on_date, amount_fen, note, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.ProjectID, zoneID, x.On, x.AmountFen, x.Note, a.Username, ts(tx.now())).Scan(&x.ID)
	if err != nil {
		return fmt.Errorf("insert arrival: %w", err)
	}
	return nil
}

// ChangeProject reads a project's state in one transaction, locked
// (PostgreSQL; SQLite has one writer), asks fn what changes and persists it
// with the difference of its rollups and spans and an audit record.
func (s Invest) ChangeProject(ctx context.Context, a access.Actor, id int64, fn func(invest.State) (invest.Change, error)) (invest.State, error) {
	var out invest.State
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.ChangeProject(ctx, a, id, fn)
		return err
	})
	return out, err
}

// ChangeProject is Invest.ChangeProject within tx.
func (tx *Tx) ChangeProject(ctx context.Context, a access.Actor, id int64, fn func(invest.State) (invest.Change, error)) (invest.State, error) {
	lock := ""
	if tx.Engine() == Postgres {
		lock = " FOR UPDATE OF p"
	}
	p, err := investProjectByID(ctx, tx.Q, a, id, lock)
	if err != nil {
		return invest.State{}, err
	}
	old, err := state(ctx, tx.Q, p)
	if err != nil {
		return old, err
	}
	ch, err := fn(old)
	if err != nil {
		return old, err
	}
	next := ch.Project
	next.ID, next.ZoneID = old.Project.ID, old.Project.ZoneID
	if ch.NewEnterprise != nil {
		if next.EnterpriseID, err = tx.InsertEnterprise(ctx, a, *ch.NewEnterprise); err != nil {
			return old, err
		}
	}
	res, err := tx.Exec(ctx, `UPDATE invest_projects SET name = ?, investor = ?, investor_uscc = ?, origin = ?, investor_listing = ?,
		investor_honours = ?, industry = ?, mode = ?, planned_fen = ?, park = ?, owner = ?, agreement = ?, facts = ?, stage = ?, stage_on = ?,
		start_due = ?, terminated_reason = ?, enterprise_id = ?, registered_on = ?, registered_fen = ?, paid_in_fen = ?, arrived_fen = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		next.Name, next.Investor, next.InvestorUSCC, string(next.Origin), next.InvestorListing, next.InvestorHonours, next.Industry,
		string(next.Mode), next.PlannedFen, next.Park, next.Owner, string(next.Agreement), next.Facts, string(next.Stage), next.StageOn,
		next.StartDue, next.TerminatedReason, nullID(next.EnterpriseID), next.RegisteredOn, next.RegisteredFen, next.PaidInFen,
		next.ArrivedFen, ts(tx.now()), next.ID, old.Project.Version)
	if err != nil {
		return old, fmt.Errorf("update project: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return old, errs.E(errs.Conflict, "error.stale")
	}
	next.Version = old.Project.Version + 1
	st := invest.State{Project: next, Steps: old.Steps, Arrivals: old.Arrivals}
	action := "update"
	if ch.Step != nil {
		ch.Step.ProjectID = next.ID
		if err := tx.insertStep(ctx, a, next.ZoneID, ch.Step); err != nil {
			return old, err
		}
		st.Steps = append(append([]invest.Step(nil), old.Steps...), *ch.Step)
		action = "advance"
	}
	if ch.Arrival != nil {
		ch.Arrival.ProjectID = next.ID
		if err := tx.insertArrival(ctx, a, next.ZoneID, ch.Arrival); err != nil {
			return old, err
		}
		st.Arrivals = append(append([]invest.Arrival(nil), old.Arrivals...), *ch.Arrival)
		action = "arrival"
	}
	if ch.NewEnterprise != nil || next.EnterpriseID != old.Project.EnterpriseID || next.RegisteredFen != old.Project.RegisteredFen {
		action = "register"
	}
	rows := append(invest.Rows(st.Project, st.Steps, st.Arrivals, 1), invest.Rows(old.Project, old.Steps, old.Arrivals, -1)...)
	if err := tx.AddRollups(ctx, rows); err != nil {
		return old, err
	}
	spans := invest.DiffSpans(invest.Spans(st.Project, st.Steps, 1), invest.Spans(old.Project, old.Steps, 1))
	if err := tx.AddSpans(ctx, spans); err != nil {
		return old, err
	}
	return st, tx.Audit(ctx, a, Change{Action: action, Entity: "invest_project", EntityID: next.ID, ZoneID: next.ZoneID,
		Before: old.Project, After: ch})
}

// AddFollowUp stores a contact with a project's investor; when it is the
// latest, its next date and owner become the project's next contact.
func (s Invest) AddFollowUp(ctx context.Context, a access.Actor, x invest.FollowUp) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertFollowUp(ctx, a, x)
		return err
	})
	return id, err
}

// InsertFollowUp is AddFollowUp within tx.
func (tx *Tx) InsertFollowUp(ctx context.Context, a access.Actor, x invest.FollowUp) (int64, error) {
	p, err := investProjectByID(ctx, tx.Q, a, x.ProjectID, "")
	if err != nil {
		return 0, err
	}
	err = tx.QueryRow(ctx, `INSERT INTO invest_followups (project_id, zone_id, on_date, notes, next_on, owner, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.ProjectID, p.ZoneID, x.On, x.Notes, x.NextOn, x.Owner, a.Username, ts(tx.now())).Scan(&x.ID)
	if err != nil {
		return 0, fmt.Errorf("add follow-up: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE invest_projects SET next_contact_on = ?, next_contact_owner = ?
		WHERE id = ? AND NOT EXISTS (SELECT 1 FROM invest_followups y WHERE y.project_id = ? AND
			(y.on_date > ? OR (y.on_date = ? AND y.id > ?)))`, x.NextOn, x.Owner, x.ProjectID, x.ProjectID, x.On, x.On, x.ID); err != nil {
		return 0, fmt.Errorf("add follow-up: next contact: %w", err)
	}
	return x.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "invest_followup", EntityID: x.ID, ZoneID: p.ZoneID, After: x})
}

// EnterpriseByUSCC finds an enterprise by credit code in any zone.
func (s Invest) EnterpriseByUSCC(ctx context.Context, code string) (invest.EnterpriseRef, bool, error) {
	var e invest.EnterpriseRef
	err := s.DB.Read().QueryRow(ctx, "SELECT id, zone_id, name FROM enterprises WHERE uscc = ?", code).Scan(&e.ID, &e.ZoneID, &e.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("enterprise by credit code: %w", err)
	}
	return e, true, nil
}

// linkProjects links an activity or fund to projects, which must be of
// zone: every other one is reported as project_ids.N. insert takes the
// owner's id, the zone and a project's id.
func (tx *Tx) linkProjects(ctx context.Context, zoneID int64, ids []int64, insert string, ownerID int64) (map[int64]string, error) {
	names := map[int64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, zoneID)
	for _, id := range ids {
		args = append(args, id)
	}
	err := queryEach(ctx, tx.Q, func(r scanner) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	}, "SELECT id, name FROM invest_projects WHERE zone_id = ? AND id IN "+placeholders(len(ids)), args...)
	if err != nil {
		return nil, fmt.Errorf("link projects: %w", err)
	}
	var f errs.Fields
	for i, id := range ids {
		if _, ok := names[id]; !ok {
			f.Add(invest.ProjectField(i), "invest.err.project_of_zone", id)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := tx.Exec(ctx, insert, ownerID, zoneID, id); err != nil {
			return nil, fmt.Errorf("link project %d: %w", id, err)
		}
	}
	return names, nil
}

func namesOf(ids []int64, names map[int64]string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, names[id])
	}
	return out
}

// activityProjects fills in the projects each activity of a kind (trips,
// visits) touched; slots gives an item's id and its two lists.
func activityProjects[T any](ctx context.Context, q Q, kind string, items []T, slots func(*T) (int64, *[]int64, *[]string)) error {
	if len(items) == 0 {
		return nil
	}
	at := make(map[int64]*T, len(items))
	args := []any{kind}
	for i := range items {
		id, _, _ := slots(&items[i])
		at[id] = &items[i]
		args = append(args, id)
	}
	err := queryEach(ctx, q, func(r scanner) error {
		var act, pid int64
		var name string
		if err := r.Scan(&act, &pid, &name); err != nil {
			return err
		}
		_, ids, names := slots(at[act])
		*ids, *names = append(*ids, pid), append(*names, name)
		return nil
	}, `SELECT ap.activity_id, p.id, p.name FROM invest_activity_projects ap JOIN invest_projects p ON p.id = ap.project_id AND p.zone_id = ap.zone_id
		WHERE ap.kind = ? AND ap.activity_id IN `+placeholders(len(items))+" ORDER BY ap.activity_id, p.id", args...)
	if err != nil {
		return fmt.Errorf("%s projects: %w", kind, err)
	}
	return nil
}

const tripCols = "t.id, t.zone_id, t.start_on, t.end_on, t.province, t.city, t.leader, t.people, t.firms, t.notes"

func scanTrip(r scanner) (invest.Trip, error) {
	var t invest.Trip
	err := r.Scan(&t.ID, &t.ZoneID, &t.StartOn, &t.EndOn, &t.Province, &t.City, &t.Leader, &t.People, &t.Firms, &t.Notes)
	return t, err
}

// Trips lists an area's trips, the newest first (by id) or by the day they
// started (p.Sort "start_on", "-start_on"; index (zone_id, start_on, id), 0023).
func (s Invest) Trips(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[invest.Trip], error) {
	cond, args := scope(a, "t.zone_id", "")
	cond += " AND t.zone_id = ?"
	args = append(args, zoneID)
	q := s.DB.Read()
	total, err := countIf(ctx, q, p.Count, "trips", "SELECT COUNT(*) FROM invest_trips t WHERE "+cond, args...)
	if err != nil {
		return paging.Page[invest.Trip]{}, err
	}
	o := orderOf(p.Sort, map[string]sortCol{"start_on": {Col: "t.start_on", Kind: keyDate}})
	if err := o.after(&cond, &args, "it", p.Cursor, "t.id"); err != nil {
		return paging.Page[invest.Trip]{}, err
	}
	list, err := queryAll(ctx, q, scanTrip, "SELECT "+tripCols+" FROM invest_trips t WHERE "+cond+o.by("t.id")+" LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[invest.Trip]{}, fmt.Errorf("list trips: %w", err)
	}
	page := pageIn(list, p.Limit, "it", o, func(t invest.Trip, _ string) (string, int64) { return t.StartOn.String(), t.ID })
	page.Total = total
	return page, activityProjects(ctx, q, "trip", page.Items, func(t *invest.Trip) (int64, *[]int64, *[]string) {
		return t.ID, &t.ProjectIDs, &t.ProjectNames
	})
}

// CreateTrip stores a trip, its projects and its rollup row.
func (s Invest) CreateTrip(ctx context.Context, a access.Actor, t invest.Trip) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertTrip(ctx, a, t)
		return err
	})
	return id, err
}

// InsertTrip is CreateTrip within tx.
func (tx *Tx) InsertTrip(ctx context.Context, a access.Actor, t invest.Trip) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO invest_trips (zone_id, start_on, end_on, province, city, leader, people, firms, notes, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.ZoneID, t.StartOn, t.EndOn, t.Province, t.City, t.Leader, t.People,
		t.Firms, t.Notes, a.Username, ts(tx.now())).Scan(&t.ID)
	if err != nil {
		return 0, fmt.Errorf("add trip: %w", err)
	}
	names, err := tx.linkProjects(ctx, t.ZoneID, t.ProjectIDs, "INSERT INTO invest_activity_projects (kind, activity_id, zone_id, project_id) VALUES ('trip', ?, ?, ?)", t.ID)
	if err != nil {
		return 0, err
	}
	t.ProjectNames = namesOf(t.ProjectIDs, names)
	if err := tx.AddRollups(ctx, invest.TripRows(t, 1)); err != nil {
		return 0, err
	}
	return t.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "invest_trip", EntityID: t.ID, ZoneID: t.ZoneID, After: t})
}

const visitCols = "v.id, v.zone_id, v.firm, v.start_on, v.end_on, v.hosts, v.notes"

func scanVisit(r scanner) (invest.Visit, error) {
	var v invest.Visit
	err := r.Scan(&v.ID, &v.ZoneID, &v.Firm, &v.StartOn, &v.EndOn, &v.Hosts, &v.Notes)
	return v, err
}

// Visits lists an area's visits, the newest first (by id) or by the day
// they started (p.Sort "start_on", "-start_on"; index (zone_id, start_on,
// id), 0023).
func (s Invest) Visits(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[invest.Visit], error) {
	cond, args := scope(a, "v.zone_id", "")
	cond += " AND v.zone_id = ?"
	args = append(args, zoneID)
	q := s.DB.Read()
	total, err := countIf(ctx, q, p.Count, "visits", "SELECT COUNT(*) FROM invest_visits v WHERE "+cond, args...)
	if err != nil {
		return paging.Page[invest.Visit]{}, err
	}
	o := orderOf(p.Sort, map[string]sortCol{"start_on": {Col: "v.start_on", Kind: keyDate}})
	if err := o.after(&cond, &args, "iv", p.Cursor, "v.id"); err != nil {
		return paging.Page[invest.Visit]{}, err
	}
	list, err := queryAll(ctx, q, scanVisit, "SELECT "+visitCols+" FROM invest_visits v WHERE "+cond+o.by("v.id")+" LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[invest.Visit]{}, fmt.Errorf("list visits: %w", err)
	}
	page := pageIn(list, p.Limit, "iv", o, func(v invest.Visit, _ string) (string, int64) { return v.StartOn.String(), v.ID })
	page.Total = total
	return page, activityProjects(ctx, q, "visit", page.Items, func(v *invest.Visit) (int64, *[]int64, *[]string) {
		return v.ID, &v.ProjectIDs, &v.ProjectNames
	})
}

// CreateVisit stores a visit, its projects and its rollup row.
func (s Invest) CreateVisit(ctx context.Context, a access.Actor, v invest.Visit) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertVisit(ctx, a, v)
		return err
	})
	return id, err
}

// InsertVisit is CreateVisit within tx.
func (tx *Tx) InsertVisit(ctx context.Context, a access.Actor, v invest.Visit) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO invest_visits (zone_id, firm, start_on, end_on, hosts, notes, by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.ZoneID, v.Firm, v.StartOn, v.EndOn, v.Hosts, v.Notes, a.Username, ts(tx.now())).Scan(&v.ID)
	if err != nil {
		return 0, fmt.Errorf("add visit: %w", err)
	}
	names, err := tx.linkProjects(ctx, v.ZoneID, v.ProjectIDs, "INSERT INTO invest_activity_projects (kind, activity_id, zone_id, project_id) VALUES ('visit', ?, ?, ?)", v.ID)
	if err != nil {
		return 0, err
	}
	v.ProjectNames = namesOf(v.ProjectIDs, names)
	if err := tx.AddRollups(ctx, invest.VisitRows(v, 1)); err != nil {
		return 0, err
	}
	return v.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "invest_visit", EntityID: v.ID, ZoneID: v.ZoneID, After: v})
}

const fundCols = `f.id, f.zone_id, f.name, f.manager, f.manager_uscc, f.kind, f.target_fen, f.committed_fen, f.paid_in_fen,
	f.set_up_on, f.notes`

func scanFund(r scanner) (invest.Fund, error) {
	var x invest.Fund
	err := r.Scan(&x.ID, &x.ZoneID, &x.Name, &x.Manager, &x.ManagerUSCC, &x.Kind, &x.TargetFen, &x.CommittedFen, &x.PaidInFen, &x.SetUpOn, &x.Notes)
	return x, err
}

// fundSorts are the columns a list of funds sorts by, each with an index
// on (zone_id, column, id) (0023).
var fundSorts = map[string]sortCol{
	"name":      {Col: "f.name", Kind: keyText},
	"set_up_on": {Col: "f.set_up_on", Kind: keyDate},
}

// Funds lists the funds the actor sees, an area's (zoneID ≠ 0), the newest
// first (by id) or in the order p.Sort names (fundSorts), each with its
// portfolio.
func (s Invest) Funds(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[invest.Fund], error) {
	cond, args := scope(a, "f.zone_id", "")
	if zoneID != 0 {
		cond += " AND f.zone_id = ?"
		args = append(args, zoneID)
	}
	q := s.DB.Read()
	total, err := countIf(ctx, q, p.Count, "funds", "SELECT COUNT(*) FROM invest_funds f WHERE "+cond, args...)
	if err != nil {
		return paging.Page[invest.Fund]{}, err
	}
	o := orderOf(p.Sort, fundSorts)
	if err := o.after(&cond, &args, "if", p.Cursor, "f.id"); err != nil {
		return paging.Page[invest.Fund]{}, err
	}
	list, err := queryAll(ctx, q, scanFund, "SELECT "+fundCols+" FROM invest_funds f WHERE "+cond+o.by("f.id")+" LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[invest.Fund]{}, fmt.Errorf("list funds: %w", err)
	}
	page := pageIn(list, p.Limit, "if", o, func(x invest.Fund, col string) (string, int64) {
		if col == "set_up_on" {
			return x.SetUpOn.String(), x.ID
		}
		return x.Name, x.ID
	})
	page.Total = total
	if len(page.Items) == 0 {
		return page, nil
	}
	at := map[int64]*invest.Fund{}
	ids := make([]any, 0, len(page.Items))
	for i := range page.Items {
		at[page.Items[i].ID] = &page.Items[i]
		ids = append(ids, page.Items[i].ID)
	}
	err = queryEach(ctx, q, func(r scanner) error {
		var fid, pid int64
		var name string
		if err := r.Scan(&fid, &pid, &name); err != nil {
			return err
		}
		at[fid].ProjectIDs = append(at[fid].ProjectIDs, pid)
		at[fid].ProjectNames = append(at[fid].ProjectNames, name)
		return nil
	}, `SELECT fp.fund_id, p.id, p.name FROM invest_fund_projects fp JOIN invest_projects p ON p.id = fp.project_id AND p.zone_id = fp.zone_id
		WHERE fp.fund_id IN `+placeholders(len(ids))+" ORDER BY fp.fund_id, p.id", ids...)
	if err != nil {
		return page, fmt.Errorf("fund portfolios: %w", err)
	}
	return page, nil
}

// CreateFund stores a fund, its portfolio and its rollup rows.
func (s Invest) CreateFund(ctx context.Context, a access.Actor, x invest.Fund) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertFund(ctx, a, x)
		return err
	})
	return id, err
}

// InsertFund is CreateFund within tx.
func (tx *Tx) InsertFund(ctx context.Context, a access.Actor, x invest.Fund) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO invest_funds (zone_id, name, manager, manager_uscc, kind, target_fen, committed_fen, paid_in_fen,
		set_up_on, notes, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		x.ZoneID, x.Name, x.Manager, x.ManagerUSCC, string(x.Kind), x.TargetFen, x.CommittedFen, x.PaidInFen, x.SetUpOn, x.Notes,
		a.Username, ts(tx.now())).Scan(&x.ID)
	if err != nil {
		return 0, fmt.Errorf("add fund: %w", err)
	}
	names, err := tx.linkProjects(ctx, x.ZoneID, x.ProjectIDs, "INSERT INTO invest_fund_projects (fund_id, zone_id, project_id) VALUES (?, ?, ?)", x.ID)
	if err != nil {
		return 0, err
	}
	x.ProjectNames = namesOf(x.ProjectIDs, names)
	if err := tx.AddRollups(ctx, invest.FundRows(x, 1)); err != nil {
		return 0, err
	}
	return x.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "invest_fund", EntityID: x.ID, ZoneID: x.ZoneID, After: x})
}

// InvestRollups recomputes the investment rows of an area: each project's
// rows and pipeline spans from its steps and arrivals, its trips, visits
// and funds.
func InvestRollups() RollupSource {
	return RollupSource{Source: "invest", Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		projects, err := queryAll(ctx, q, scanInvestProject, "SELECT "+investProjectCols+investProjectFrom+"p.zone_id = ? ORDER BY p.id", zoneID)
		if err != nil {
			return fmt.Errorf("invest rollups: projects: %w", err)
		}
		steps := map[int64][]invest.Step{}
		err = queryEach(ctx, q, func(r scanner) error {
			s, err := scanStep(r)
			steps[s.ProjectID] = append(steps[s.ProjectID], s)
			return err
		}, "SELECT "+stepCols+" FROM invest_steps s WHERE s.zone_id = ? ORDER BY s.id", zoneID)
		if err != nil {
			return fmt.Errorf("invest rollups: steps: %w", err)
		}
		arrivals := map[int64][]invest.Arrival{}
		err = queryEach(ctx, q, func(r scanner) error {
			x, err := scanArrival(r)
			arrivals[x.ProjectID] = append(arrivals[x.ProjectID], x)
			return err
		}, "SELECT "+arrivalCols+" FROM invest_arrivals x WHERE x.zone_id = ? ORDER BY x.id", zoneID)
		if err != nil {
			return fmt.Errorf("invest rollups: arrivals: %w", err)
		}
		var spans []indicator.Span
		for _, p := range projects {
			for _, r := range invest.Rows(p, steps[p.ID], arrivals[p.ID], 1) {
				add(r)
			}
			spans = append(spans, invest.Spans(p, steps[p.ID], 1)...)
		}
		for _, r := range indicator.SpanRows(spans) {
			add(r)
		}
		each := func(what, query string, rows func(scanner) ([]indicator.Row, error)) error {
			err := queryEach(ctx, q, func(r scanner) error {
				list, err := rows(r)
				for _, x := range list {
					add(x)
				}
				return err
			}, query, zoneID)
			if err != nil {
				return fmt.Errorf("invest rollups: %s: %w", what, err)
			}
			return nil
		}
		if err := each("trips", "SELECT "+tripCols+" FROM invest_trips t WHERE t.zone_id = ?", func(r scanner) ([]indicator.Row, error) {
			t, err := scanTrip(r)
			return invest.TripRows(t, 1), err
		}); err != nil {
			return err
		}
		if err := each("visits", "SELECT "+visitCols+" FROM invest_visits v WHERE v.zone_id = ?", func(r scanner) ([]indicator.Row, error) {
			v, err := scanVisit(r)
			return invest.VisitRows(v, 1), err
		}); err != nil {
			return err
		}
		return each("funds", "SELECT "+fundCols+" FROM invest_funds f WHERE f.zone_id = ?", func(r scanner) ([]indicator.Row, error) {
			x, err := scanFund(r)
			return invest.FundRows(x, 1), err
		})
	}}
}
