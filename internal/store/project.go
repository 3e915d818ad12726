package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/project"
)

// Projects implements project.Store (migration 0012).
type Projects struct{ DB *DB }

// within runs fn in a transaction and returns its value.
func within[T any](ctx context.Context, db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.Transact(ctx, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// BuilderByUSCC finds an enterprise of any zone by credit code.
func (s Projects) BuilderByUSCC(ctx context.Context, uscc string) (project.Builder, error) {
	var b project.Builder
	err := s.DB.Read().QueryRow(ctx, "SELECT id, zone_id, name FROM enterprises WHERE uscc = ?", uscc).Scan(&b.ID, &b.ZoneID, &b.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return b, errs.NotFoundf("entity.enterprise")
	}
	if err != nil {
		return b, fmt.Errorf("builder %s: %w", uscc, err)
	}
	return b, nil
}

const projectCols = `p.id, p.zone_id, COALESCE(p.park_id, 0), COALESCE(k.name, ''), p.builder_id, e.name, e.uscc, p.name, p.category,
	p.level, p.status, p.cadence, p.total_fen, p.plan_version, p.planned_start, p.planned_finish, pl.reason, pl.set_on, pl.set_by,
	p.started_on, p.finished_on,
	p.opened_on, p.suspended_on, p.recorded_on, p.responsible, p.summary, p.completed_fen, p.progress_pct, p.version, p.created_at,
	COALESCE((SELECT MAX(r.ym) FROM project_reports r WHERE r.project_id = p.id AND (p.progress_pct = 0 OR r.progress_pct > 0)), 0)`

const projectFrom = ` FROM projects p JOIN enterprises e ON e.id = p.builder_id LEFT JOIN parks k ON k.id = p.park_id AND k.zone_id = p.zone_id
	JOIN project_plans pl ON pl.project_id = p.id AND pl.zone_id = p.zone_id AND pl.version = p.plan_version WHERE `

func scanProject(r scanner) (project.Project, error) {
	var p project.Project
	err := r.Scan(&p.ID, &p.ZoneID, &p.ParkID, &p.ParkName, &p.BuilderID, &p.BuilderName, &p.BuilderUSCC, &p.Name, &p.Category,
		&p.Level, &p.Status, &p.Cadence, &p.TotalFen, &p.Plan.Version, &p.Plan.StartOn, &p.Plan.FinishOn, &p.Plan.Reason, &p.Plan.SetOn,
		&p.Plan.SetBy, &p.StartedOn, &p.FinishedOn,
		&p.OpenedOn, &p.SuspendedOn, &p.RecordedOn, &p.Responsible, &p.Summary, &p.CompletedFen, &p.ProgressPct, &p.Version,
		scanTime{&p.CreatedAt}, &p.ProgressYM)
	return p, err
}

// projectByID reads a project the actor sees with its plans and lines;
// lock takes the row lock a change needs (PostgreSQL; SQLite has one
// writer).
func projectByID(ctx context.Context, q Q, a access.Actor, id int64, lock bool) (project.Project, error) {
	cond, args := scope(a, "p.zone_id", "p.builder_id")
	query := "SELECT " + projectCols + projectFrom + "p.id = ? AND " + cond
	if lock && q.Engine() == Postgres {
		query += " FOR UPDATE OF p"
	}
	p, err := scanProject(q.QueryRow(ctx, query, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("project.entity.project")
	}
	if err != nil {
		return p, fmt.Errorf("project %d: %w", id, err)
	}
	if p.Plans, err = queryAll(ctx, q, func(r scanner) (project.Plan, error) {
		var x project.Plan
		err := r.Scan(&x.Version, &x.StartOn, &x.FinishOn, &x.Reason, &x.SetOn, &x.SetBy)
		return x, err
	}, "SELECT version, start_on, finish_on, reason, set_on, set_by FROM project_plans WHERE project_id = ? ORDER BY version", id); err != nil {
		return p, fmt.Errorf("project %d plans: %w", id, err)
	}
	if n := len(p.Plans); n > 0 {
		p.Plan = p.Plans[n-1]
	}
	if p.Items, err = queryAll(ctx, q, func(r scanner) (project.Item, error) {
		var x project.Item
		err := r.Scan(&x.Row, &x.Name, &x.Kind, &x.LengthM, &x.AreaM2, &x.InvestmentFen, &x.Note)
		return x, err
	}, "SELECT row_no, name, kind, length_m, area_m2, investment_fen, note FROM project_items WHERE project_id = ? ORDER BY row_no", id); err != nil {
		return p, fmt.Errorf("project %d items: %w", id, err)
	}
	if p.Parties, err = queryAll(ctx, q, func(r scanner) (project.Party, error) {
		var x project.Party
		err := r.Scan(&x.Row, &x.Role, &x.Name)
		return x, err
	}, "SELECT row_no, role, name FROM project_parties WHERE project_id = ? ORDER BY row_no", id); err != nil {
		return p, fmt.Errorf("project %d parties: %w", id, err)
	}
	if p.Methods, err = queryAll(ctx, q, func(r scanner) (project.Method, error) {
		var x project.Method
		err := r.Scan(&x.Row, &x.Name, &x.Note)
		return x, err
	}, "SELECT row_no, name, note FROM project_methods WHERE project_id = ? ORDER BY row_no", id); err != nil {
		return p, fmt.Errorf("project %d methods: %w", id, err)
	}
	return p, nil
}

// Get returns a project the actor sees.
func (s Projects) Get(ctx context.Context, a access.Actor, id int64) (project.Project, error) {
	return projectByID(ctx, s.DB.Read(), a, id, false)
}

// projectSorts are the columns a list of projects sorts by, each with an
// index on (column, id) and (zone_id, column, id) (0023).
var projectSorts = map[string]sortCol{
	"name":  {Col: "p.name", Kind: keyText},
	"total": {Col: "p.total_fen", Kind: keyInt},
}

// projectKey is a project's value of a sort column, as a cursor holds it.
func projectKey(p project.Project, col string) (string, int64) {
	if col == "total" {
		return strconv.FormatInt(p.TotalFen, 10), p.ID
	}
	return p.Name, p.ID
}

// List lists the projects the actor sees, the newest first or in the order
// f.Sort names (projectSorts); with f.Keep it reads on, a page's worth at a
// time, until the page is full of projects Keep accepts. Its total (asked
// by f.Count) is counted in SQL without Keep; with Keep it is counted by
// reading every project of the filter through Keep (a zone's projects are
// few), and is -1 when not asked for.
func (s Projects) List(ctx context.Context, a access.Actor, f project.Filter) (paging.Page[project.Project], error) {
	cond, args := scope(a, "p.zone_id", "p.builder_id")
	for _, x := range []struct {
		col string
		set bool
		v   any
	}{{"p.zone_id", f.ZoneID != 0, f.ZoneID}, {"p.status", f.Status != "", string(f.Status)},
		{"p.level", f.Level != "", string(f.Level)}, {"p.park_id", f.ParkID != 0, f.ParkID},
		{"p.builder_id", f.BuilderID != 0, f.BuilderID}} {
		if x.set {
			cond += " AND " + x.col + " = ?"
			args = append(args, x.v)
		}
	}
	total := -1
	switch {
	case f.Keep == nil:
		var err error
		if total, err = countIf(ctx, s.DB.Read(), f.Count, "projects", "SELECT COUNT(*) FROM projects p WHERE "+cond, args...); err != nil {
			return paging.Page[project.Project]{}, err
		}
	case f.Count:
		total = 0
		err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
			p, err := scanProject(r)
			if err == nil && f.Keep(p) {
				total++
			}
			return err
		}, "SELECT "+projectCols+projectFrom+cond, args...)
		if err != nil {
			return paging.Page[project.Project]{}, fmt.Errorf("count projects: %w", err)
		}
	}
	o := orderOf(f.Sort, projectSorts)
	size := f.Limit + 1
	cursor := f.Cursor
	var kept []project.Project
	for {
		c, xs := cond, slices.Clone(args)
		if err := o.after(&c, &xs, "pj", cursor, "p.id"); err != nil {
			return paging.Page[project.Project]{}, err
		}
		list, err := queryAll(ctx, s.DB.Read(), scanProject, "SELECT "+projectCols+projectFrom+c+o.by("p.id")+" LIMIT ?", append(xs, size)...)
		if err != nil {
			return paging.Page[project.Project]{}, fmt.Errorf("list projects: %w", err)
		}
		for _, p := range list {
			if f.Keep == nil || f.Keep(p) {
				kept = append(kept, p)
			}
		}
		if len(kept) > f.Limit || len(list) < size {
			break
		}
		// Read on past the last row read, in the same order.
		k, id := projectKey(list[len(list)-1], o.Name)
		cursor = o.cursorAfter("pj", k, id)
	}
	page := pageIn(kept, f.Limit, "pj", o, projectKey)
	page.Total = total
	return page, nil
}

// Create stores a new project (project.Store).
func (s Projects) Create(ctx context.Context, a access.Actor, p project.Project) (int64, error) {
	return within(ctx, s.DB, func(tx *Tx) (int64, error) { return tx.CreateProject(ctx, a, p) })
}

// CreateProject stores a project within tx: the card, plan version 1, its
// lines, the project.count spans and the rows of its dates, with an audit.
func (tx *Tx) CreateProject(ctx context.Context, a access.Actor, p project.Project) (int64, error) {
	if err := tx.checkPark(ctx, p); err != nil {
		return 0, err
	}
	t := tx.now()
	err := tx.QueryRow(ctx, `INSERT INTO projects (zone_id, park_id, builder_id, name, category, level, status, cadence, total_fen,
		plan_version, planned_start, planned_finish, started_on, finished_on, opened_on, suspended_on, recorded_on, responsible, summary,
		version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id`,
		p.ZoneID, nullID(p.ParkID), p.BuilderID, p.Name, string(p.Category), string(p.Level), string(p.Status), string(p.Cadence), p.TotalFen,
		p.Plan.Version, p.Plan.StartOn, p.Plan.FinishOn, p.StartedOn, p.FinishedOn, p.OpenedOn, p.SuspendedOn, p.RecordedOn,
		p.Responsible, p.Summary, nullID(a.UserID), ts(t), ts(t)).Scan(&p.ID)
	if isUnique(err) {
		var f errs.Fields
		f.Add("name", "project.err.name_taken", p.Name)
		return 0, f.Err()
	}
	if err != nil {
		return 0, fmt.Errorf("create project: %w", err)
	}
	if err := tx.insertPlan(ctx, p.ID, p.ZoneID, p.Plan); err != nil {
		return 0, err
	}
	if err := tx.putLines(ctx, p, project.Project{}); err != nil {
		return 0, err
	}
	if err := tx.AddSpans(ctx, project.CountSpans(p, 1)); err != nil {
		return 0, err
	}
	if err := tx.AddRollups(ctx, project.CardRows(p, 1)); err != nil {
		return 0, err
	}
	return p.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "project", EntityID: p.ID, ZoneID: p.ZoneID, After: p})
}

// checkPark refuses a park of another zone.
func (tx *Tx) checkPark(ctx context.Context, p project.Project) error {
	if p.ParkID == 0 {
		return nil
	}
	var zone int64
	err := tx.QueryRow(ctx, "SELECT zone_id FROM parks WHERE id = ?", p.ParkID).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && zone != p.ZoneID) {
		var f errs.Fields
		f.Add("park_id", "project.err.park")
		return f.Err()
	}
	if err != nil {
		return fmt.Errorf("project park: %w", err)
	}
	return nil
}

func (tx *Tx) insertPlan(ctx context.Context, id, zoneID int64, pl project.Plan) error {
	if _, err := tx.Exec(ctx, "INSERT INTO project_plans (project_id, version, start_on, finish_on, reason, set_on, set_by, zone_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		id, pl.Version, pl.StartOn, pl.FinishOn, pl.Reason, pl.SetOn, pl.SetBy, zoneID); err != nil {
		return fmt.Errorf("project %d plan %d: %w", id, pl.Version, err)
	}
	return nil
}

// putLines writes p's items, parties and methods where they differ from
// old's (all of them for a new project), in the project's zone (a stored
// project keeps its zone).
func (tx *Tx) putLines(ctx context.Context, p, old project.Project) error {
	fresh := old.ID == 0
	zoneID := p.ZoneID
	if !fresh {
		zoneID = old.ZoneID
	}
	if fresh || !slices.Equal(p.Items, old.Items) {
		if _, err := tx.Exec(ctx, "DELETE FROM project_items WHERE project_id = ?", p.ID); err != nil {
			return fmt.Errorf("project items: %w", err)
		}
		for _, x := range p.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO project_items (project_id, row_no, name, kind, length_m, area_m2, investment_fen, note, zone_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, x.Row, x.Name, string(x.Kind), x.LengthM, x.AreaM2, x.InvestmentFen, x.Note, zoneID); err != nil {
				return fmt.Errorf("project item %d: %w", x.Row, err)
			}
		}
	}
	if fresh || !slices.Equal(p.Parties, old.Parties) {
		if _, err := tx.Exec(ctx, "DELETE FROM project_parties WHERE project_id = ?", p.ID); err != nil {
			return fmt.Errorf("project parties: %w", err)
		}
		for _, x := range p.Parties {
			if _, err := tx.Exec(ctx, "INSERT INTO project_parties (project_id, row_no, role, name, zone_id) VALUES (?, ?, ?, ?, ?)",
				p.ID, x.Row, string(x.Role), x.Name, zoneID); err != nil {
				return fmt.Errorf("project party %d: %w", x.Row, err)
			}
		}
	}
	if fresh || !slices.Equal(p.Methods, old.Methods) {
		if _, err := tx.Exec(ctx, "DELETE FROM project_methods WHERE project_id = ?", p.ID); err != nil {
			return fmt.Errorf("project methods: %w", err)
		}
		for _, x := range p.Methods {
			if _, err := tx.Exec(ctx, "INSERT INTO project_methods (project_id, row_no, name, note, zone_id) VALUES (?, ?, ?, ?, ?)",
				p.ID, x.Row, x.Name, x.Note, zoneID); err != nil {
				return fmt.Errorf("project method %d: %w", x.Row, err)
			}
		}
	}
	return nil
}

// Update stores what change makes of a project (project.Store).
func (s Projects) Update(ctx context.Context, a access.Actor, id int64, change func(project.Project, []project.Report) (project.Project, error)) (project.Project, error) {
	return within(ctx, s.DB, func(tx *Tx) (project.Project, error) { return tx.UpdateProject(ctx, a, id, change) })
}

// UpdateProject changes a project within tx: the row locked, change called
// with it and its reports, then the row, a new plan version, the changed
// lines, the rollup differences and an audit record.
func (tx *Tx) UpdateProject(ctx context.Context, a access.Actor, id int64, change func(project.Project, []project.Report) (project.Project, error)) (project.Project, error) {
	old, err := projectByID(ctx, tx.Q, a, id, true)
	if err != nil {
		return old, err
	}
	reports, err := tx.reports(ctx, id)
	if err != nil {
		return old, err
	}
	p, err := change(old, reports)
	if err != nil {
		return p, err
	}
	if err := tx.checkPark(ctx, p); err != nil {
		return p, err
	}
	res, err := tx.Exec(ctx, `UPDATE projects SET park_id = ?, builder_id = ?, name = ?, category = ?, level = ?, status = ?, cadence = ?,
		total_fen = ?, plan_version = ?, planned_start = ?, planned_finish = ?, started_on = ?, finished_on = ?, opened_on = ?,
		suspended_on = ?, recorded_on = ?, responsible = ?, summary = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		nullID(p.ParkID), p.BuilderID, p.Name, string(p.Category), string(p.Level), string(p.Status), string(p.Cadence), p.TotalFen,
		p.Plan.Version, p.Plan.StartOn, p.Plan.FinishOn, p.StartedOn, p.FinishedOn, p.OpenedOn, p.SuspendedOn, p.RecordedOn,
		p.Responsible, p.Summary, ts(tx.now()), id, old.Version)
	if isUnique(err) {
		var f errs.Fields
		f.Add("name", "project.err.name_taken", p.Name)
		return p, f.Err()
	}
	if err != nil {
		return p, fmt.Errorf("update project %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return p, errs.E(errs.Conflict, "error.stale")
	}
	p.Version = old.Version + 1
	if p.Plan.Version != old.Plan.Version {
		if err := tx.insertPlan(ctx, id, old.ZoneID, p.Plan); err != nil {
			return p, err
		}
	}
	if err := tx.putLines(ctx, p, old); err != nil {
		return p, err
	}
	if err := tx.changeSpans(ctx, project.CountSpans(p, 1), project.CountSpans(old, 1), func() ([]indicator.Span, error) {
		return zoneSpans(ctx, tx.Q, scanProject, "SELECT "+projectCols+projectFrom+"p.zone_id = ?", p.ZoneID, project.CountSpans)
	}); err != nil {
		return p, err
	}
	rows := append(project.CardRows(p, 1), project.CardRows(old, -1)...)
	if p.Level != old.Level || p.Category != old.Category || p.ZoneID != old.ZoneID {
		for _, r := range reports {
			rows = append(append(rows, project.ReportRows(p, r, 1)...), project.ReportRows(old, r, -1)...)
		}
	}
	if err := tx.AddRollups(ctx, rows); err != nil {
		return p, err
	}
	if p.BuilderID != old.BuilderID || p.ParkID != old.ParkID {
		if p, err = projectByID(ctx, tx.Q, access.System, id, false); err != nil {
			return p, err
		}
	}
	return p, tx.Audit(ctx, a, Change{Action: "update", Entity: "project", EntityID: id, ZoneID: p.ZoneID, Before: old, After: p})
}

const reportCols = `r.id, r.project_id, r.zone_id, r.period, r.planned_fen, r.completed_fen, r.progress_pct, r.progress_text, r.note,
	r.reported_on, r.reporter, r.version`

func scanReport(r scanner) (project.Report, error) {
	var x project.Report
	var period string
	err := r.Scan(&x.ID, &x.ProjectID, &x.ZoneID, &period, &x.PlannedFen, &x.CompletedFen, &x.ProgressPct, &x.ProgressText, &x.Note,
		&x.ReportedOn, &x.Reporter, &x.Version)
	if err == nil {
		x.Period, err = project.ParsePeriod(period)
	}
	return x, err
}

// reports reads a project's reports in period order.
func (q Q) reports(ctx context.Context, id int64) ([]project.Report, error) {
	list, err := queryAll(ctx, q, scanReport, "SELECT "+reportCols+" FROM project_reports r WHERE r.project_id = ? ORDER BY r.ym, r.period", id)
	if err != nil {
		return nil, fmt.Errorf("project %d reports: %w", id, err)
	}
	if list == nil {
		list = []project.Report{}
	}
	return list, nil
}

// visibleProject checks the actor sees project id.
func visibleProject(ctx context.Context, q Q, a access.Actor, id int64) error {
	cond, args := scope(a, "p.zone_id", "p.builder_id")
	var one int
	err := q.QueryRow(ctx, "SELECT 1 FROM projects p WHERE p.id = ? AND "+cond, append([]any{id}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf("project.entity.project")
	}
	if err != nil {
		return fmt.Errorf("project %d: %w", id, err)
	}
	return nil
}

// childrenOf reads what hangs off a project the actor sees.
func childrenOf[T any](ctx context.Context, db *DB, a access.Actor, id int64, read func(Q) ([]T, error)) ([]T, error) {
	q := db.Read()
	if err := visibleProject(ctx, q, a, id); err != nil {
		return nil, err
	}
	list, err := read(q)
	if list == nil && err == nil {
		list = []T{}
	}
	return list, err
}

// Reports lists a project's reports in period order.
func (s Projects) Reports(ctx context.Context, a access.Actor, id int64) ([]project.Report, error) {
	return childrenOf(ctx, s.DB, a, id, func(q Q) ([]project.Report, error) { return q.reports(ctx, id) })
}

// PutReport stores a report (project.Store).
func (s Projects) PutReport(ctx context.Context, a access.Actor, id int64, check func(project.Project, []project.Report) (project.Report, *project.Report, error)) (project.Report, error) {
	return within(ctx, s.DB, func(tx *Tx) (project.Report, error) { return tx.PutReport(ctx, a, id, check) })
}

// PutReport stores a report within tx: the project locked, check called
// with it and its reports, then the report (a correction replaces the
// stored one), the project's completed investment and latest progress,
// the investment rows' difference and an audit record.
func (tx *Tx) PutReport(ctx context.Context, a access.Actor, id int64, check func(project.Project, []project.Report) (project.Report, *project.Report, error)) (project.Report, error) {
	p, err := projectByID(ctx, tx.Q, a, id, true)
	if err != nil {
		return project.Report{}, err
	}
	reports, err := tx.reports(ctx, id)
	if err != nil {
		return project.Report{}, err
	}
	r, prev, err := check(p, reports)
	if err != nil {
		return r, err
	}
	var rows []indicator.Row
	if prev != nil {
		res, err := tx.Exec(ctx, `UPDATE project_reports SET planned_fen = ?, completed_fen = ?, progress_pct = ?, progress_text = ?, note = ?,
			reported_on = ?, reporter = ?, version = ? WHERE id = ? AND version = ?`, r.PlannedFen, r.CompletedFen, r.ProgressPct,
			r.ProgressText, r.Note, r.ReportedOn, r.Reporter, r.Version, prev.ID, prev.Version)
		if err != nil {
			return r, fmt.Errorf("correct report %s: %w", r.Period, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return r, errs.E(errs.Conflict, "error.stale")
		}
		rows = project.ReportRows(p, *prev, -1)
	} else {
		err := tx.QueryRow(ctx, `INSERT INTO project_reports (project_id, zone_id, period, ym, planned_fen, completed_fen, progress_pct,
			progress_text, note, reported_on, reporter, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			id, p.ZoneID, r.Period.String(), int(r.Period.YM()), r.PlannedFen, r.CompletedFen, r.ProgressPct, r.ProgressText, r.Note,
			r.ReportedOn, r.Reporter, r.Version).Scan(&r.ID)
		if isUnique(err) {
			return r, errs.E(errs.Conflict, "error.stale")
		}
		if err != nil {
			return r, fmt.Errorf("report %s: %w", r.Period, err)
		}
	}
	// The project keeps the sum and the latest stated progress.
	if _, err := tx.Exec(ctx, `UPDATE projects SET completed_fen = (SELECT COALESCE(SUM(completed_fen), 0) FROM project_reports WHERE project_id = ?),
		progress_pct = COALESCE((SELECT progress_pct FROM project_reports WHERE project_id = ? AND progress_pct > 0 ORDER BY ym DESC, period DESC LIMIT 1), 0),
		updated_at = ? WHERE id = ?`, id, id, ts(tx.now()), id); err != nil {
		return r, fmt.Errorf("project %d progress: %w", id, err)
	}
	if err := tx.AddRollups(ctx, append(rows, project.ReportRows(p, r, 1)...)); err != nil {
		return r, err
	}
	return r, tx.Audit(ctx, a, Change{Action: "report", Entity: "project", EntityID: id, ZoneID: p.ZoneID, Before: prev, After: r})
}

const milestoneCols = "m.id, m.project_id, m.zone_id, m.name, m.due_on, m.unit, m.done_on, m.note, m.version"

func scanMilestone(r scanner) (project.Milestone, error) {
	var m project.Milestone
	err := r.Scan(&m.ID, &m.ProjectID, &m.ZoneID, &m.Name, &m.DueOn, &m.Unit, &m.DoneOn, &m.Note, &m.Version)
	return m, err
}

// Milestones lists a project's milestones by deadline.
func (s Projects) Milestones(ctx context.Context, a access.Actor, id int64) ([]project.Milestone, error) {
	return childrenOf(ctx, s.DB, a, id, func(q Q) ([]project.Milestone, error) {
		return queryAll(ctx, q, scanMilestone, "SELECT "+milestoneCols+" FROM project_milestones m WHERE m.project_id = ? ORDER BY m.due_on, m.id", id)
	})
}

// AddMilestone stores a milestone of a project the actor sees.
func (s Projects) AddMilestone(ctx context.Context, a access.Actor, m project.Milestone) (int64, error) {
	return within(ctx, s.DB, func(tx *Tx) (int64, error) { return tx.AddMilestone(ctx, a, m) })
}

// AddMilestone stores a milestone within tx with its overdue span.
func (tx *Tx) AddMilestone(ctx context.Context, a access.Actor, m project.Milestone) (int64, error) {
	p, err := projectByID(ctx, tx.Q, a, m.ProjectID, true)
	if err != nil {
		return 0, err
	}
	m.ZoneID = p.ZoneID
	if err := tx.QueryRow(ctx, `INSERT INTO project_milestones (project_id, zone_id, name, due_on, unit, done_on, note, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`, m.ProjectID, m.ZoneID, m.Name, m.DueOn, m.Unit, m.DoneOn, m.Note).Scan(&m.ID); err != nil {
		return 0, fmt.Errorf("add milestone: %w", err)
	}
	if err := tx.AddSpans(ctx, project.MilestoneSpans(m, 1)); err != nil {
		return 0, err
	}
	return m.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "project_milestone", EntityID: m.ID, ZoneID: m.ZoneID, After: m})
}

// UpdateMilestone stores what change makes of a milestone.
func (s Projects) UpdateMilestone(ctx context.Context, a access.Actor, projectID, id int64, change func(project.Milestone) (project.Milestone, error)) (project.Milestone, error) {
	return within(ctx, s.DB, func(tx *Tx) (project.Milestone, error) {
		if _, err := projectByID(ctx, tx.Q, a, projectID, true); err != nil {
			return project.Milestone{}, err
		}
		old, err := scanMilestone(tx.QueryRow(ctx, "SELECT "+milestoneCols+" FROM project_milestones m WHERE m.id = ? AND m.project_id = ?", id, projectID))
		if errors.Is(err, sql.ErrNoRows) {
			return old, errs.NotFoundf("project.entity.milestone")
		}
		if err != nil {
			return old, fmt.Errorf("milestone %d: %w", id, err)
		}
		m, err := change(old)
		if err != nil {
			return m, err
		}
		if _, err := tx.Exec(ctx, "UPDATE project_milestones SET name = ?, due_on = ?, unit = ?, done_on = ?, note = ?, version = ? WHERE id = ?",
			m.Name, m.DueOn, m.Unit, m.DoneOn, m.Note, m.Version, id); err != nil {
			return m, fmt.Errorf("update milestone %d: %w", id, err)
		}
		if err := tx.changeSpans(ctx, project.MilestoneSpans(m, 1), project.MilestoneSpans(old, 1), func() ([]indicator.Span, error) {
			return zoneSpans(ctx, tx.Q, scanMilestone, "SELECT "+milestoneCols+" FROM project_milestones m WHERE m.zone_id = ?", m.ZoneID, project.MilestoneSpans)
		}); err != nil {
			return m, err
		}
		return m, tx.Audit(ctx, a, Change{Action: "update", Entity: "project_milestone", EntityID: id, ZoneID: m.ZoneID, Before: old, After: m})
	})
}

const problemCols = "x.id, x.project_id, x.zone_id, x.issue, x.raised_on, x.owner, x.due_on, x.resolution, x.resolved_on, x.version"

func scanProblem(r scanner) (project.Problem, error) {
	var x project.Problem
	err := r.Scan(&x.ID, &x.ProjectID, &x.ZoneID, &x.Issue, &x.RaisedOn, &x.Owner, &x.DueOn, &x.Resolution, &x.ResolvedOn, &x.Version)
	return x, err
}

// Problems lists a project's problem ledger, newest raised first.
func (s Projects) Problems(ctx context.Context, a access.Actor, id int64) ([]project.Problem, error) {
	return childrenOf(ctx, s.DB, a, id, func(q Q) ([]project.Problem, error) {
		return queryAll(ctx, q, scanProblem, "SELECT "+problemCols+" FROM project_problems x WHERE x.project_id = ? ORDER BY x.raised_on DESC, x.id DESC", id)
	})
}

// AddProblem stores a ledger entry of a project the actor sees.
func (s Projects) AddProblem(ctx context.Context, a access.Actor, x project.Problem) (int64, error) {
	return within(ctx, s.DB, func(tx *Tx) (int64, error) { return tx.AddProblem(ctx, a, x) })
}

// AddProblem stores a ledger entry within tx with its open span.
func (tx *Tx) AddProblem(ctx context.Context, a access.Actor, x project.Problem) (int64, error) {
	p, err := projectByID(ctx, tx.Q, a, x.ProjectID, true)
	if err != nil {
		return 0, err
	}
	x.ZoneID = p.ZoneID
	if err := tx.QueryRow(ctx, `INSERT INTO project_problems (project_id, zone_id, issue, raised_on, owner, due_on, resolution, resolved_on, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`, x.ProjectID, x.ZoneID, x.Issue, x.RaisedOn, x.Owner, x.DueOn, x.Resolution,
		x.ResolvedOn).Scan(&x.ID); err != nil {
		return 0, fmt.Errorf("add problem: %w", err)
	}
	if err := tx.AddSpans(ctx, project.ProblemSpans(x, 1)); err != nil {
		return 0, err
	}
	return x.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "project_problem", EntityID: x.ID, ZoneID: x.ZoneID, After: x})
}

// UpdateProblem stores what change makes of a ledger entry.
func (s Projects) UpdateProblem(ctx context.Context, a access.Actor, projectID, id int64, change func(project.Problem) (project.Problem, error)) (project.Problem, error) {
	return within(ctx, s.DB, func(tx *Tx) (project.Problem, error) {
		if _, err := projectByID(ctx, tx.Q, a, projectID, true); err != nil {
			return project.Problem{}, err
		}
		old, err := scanProblem(tx.QueryRow(ctx, "SELECT "+problemCols+" FROM project_problems x WHERE x.id = ? AND x.project_id = ?", id, projectID))
		if errors.Is(err, sql.ErrNoRows) {
			return old, errs.NotFoundf("project.entity.problem")
		}
		if err != nil {
			return old, fmt.Errorf("problem %d: %w", id, err)
		}
		x, err := change(old)
		if err != nil {
			return x, err
		}
		if _, err := tx.Exec(ctx, "UPDATE project_problems SET issue = ?, owner = ?, due_on = ?, resolution = ?, resolved_on = ?, version = ? WHERE id = ?",
			x.Issue, x.Owner, x.DueOn, x.Resolution, x.ResolvedOn, x.Version, id); err != nil {
			return x, fmt.Errorf("update problem %d: %w", id, err)
		}
		if err := tx.changeSpans(ctx, project.ProblemSpans(x, 1), project.ProblemSpans(old, 1), func() ([]indicator.Span, error) {
			return zoneSpans(ctx, tx.Q, scanProblem, "SELECT "+problemCols+" FROM project_problems x WHERE x.zone_id = ?", x.ZoneID, project.ProblemSpans)
		}); err != nil {
			return x, err
		}
		return x, tx.Audit(ctx, a, Change{Action: "update", Entity: "project_problem", EntityID: id, ZoneID: x.ZoneID, Before: old, After: x})
	})
}

const inspectionCols = "i.id, i.project_id, i.zone_id, i.kind, i.on_date, i.inspector, i.notes"

func scanInspection(r scanner) (project.Inspection, error) {
	var x project.Inspection
	err := r.Scan(&x.ID, &x.ProjectID, &x.ZoneID, &x.Kind, &x.On, &x.Inspector, &x.Notes)
	return x, err
}

// withFindings reads the findings of the inspections of list (one
// project's), in row order.
func (q Q) withFindings(ctx context.Context, projectID int64, list []project.Inspection) error {
	at := make(map[int64]int, len(list))
	for i := range list {
		at[list[i].ID] = i
		list[i].Findings = []project.Finding{}
	}
	return queryEach(ctx, q, func(r scanner) error {
		var id int64
		var f project.Finding
		if err := r.Scan(&id, &f.Row, &f.Text, &f.DueOn, &f.ClosedOn, &f.Closure); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			list[i].Findings = append(list[i].Findings, f)
		}
		return nil
	}, "SELECT inspection_id, row_no, finding, due_on, closed_on, closure FROM project_findings WHERE project_id = ? ORDER BY inspection_id, row_no", projectID)
}

// Inspections lists a project's inspections, newest first, with findings.
func (s Projects) Inspections(ctx context.Context, a access.Actor, id int64) ([]project.Inspection, error) {
	return childrenOf(ctx, s.DB, a, id, func(q Q) ([]project.Inspection, error) {
		list, err := queryAll(ctx, q, scanInspection, "SELECT "+inspectionCols+" FROM project_inspections i WHERE i.project_id = ? ORDER BY i.on_date DESC, i.id DESC", id)
		if err != nil {
			return nil, fmt.Errorf("project %d inspections: %w", id, err)
		}
		return list, q.withFindings(ctx, id, list)
	})
}

// AddInspection stores an inspection of a project the actor sees.
func (s Projects) AddInspection(ctx context.Context, a access.Actor, x project.Inspection) (int64, error) {
	return within(ctx, s.DB, func(tx *Tx) (int64, error) { return tx.AddInspection(ctx, a, x) })
}

// AddInspection stores an inspection and its findings within tx.
func (tx *Tx) AddInspection(ctx context.Context, a access.Actor, x project.Inspection) (int64, error) {
	p, err := projectByID(ctx, tx.Q, a, x.ProjectID, true)
	if err != nil {
		return 0, err
	}
	x.ZoneID = p.ZoneID
	if err := tx.QueryRow(ctx, `INSERT INTO project_inspections (project_id, zone_id, kind, on_date, inspector, notes) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		x.ProjectID, x.ZoneID, string(x.Kind), x.On, x.Inspector, x.Notes).Scan(&x.ID); err != nil {
		return 0, fmt.Errorf("add inspection: %w", err)
	}
	for _, f := range x.Findings {
		if _, err := tx.Exec(ctx, `INSERT INTO project_findings (inspection_id, project_id, row_no, finding, due_on, closed_on, closure, zone_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			x.ID, x.ProjectID, f.Row, f.Text, f.DueOn, f.ClosedOn, f.Closure, x.ZoneID); err != nil {
			return 0, fmt.Errorf("add finding %d: %w", f.Row, err)
		}
	}
	return x.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "project_inspection", EntityID: x.ID, ZoneID: x.ZoneID, After: x})
}

// UpdateInspection stores the findings' closures change makes.
func (s Projects) UpdateInspection(ctx context.Context, a access.Actor, projectID, id int64, change func(project.Inspection) (project.Inspection, error)) (project.Inspection, error) {
	return within(ctx, s.DB, func(tx *Tx) (project.Inspection, error) {
		if _, err := projectByID(ctx, tx.Q, a, projectID, true); err != nil {
			return project.Inspection{}, err
		}
		old, err := scanInspection(tx.QueryRow(ctx, "SELECT "+inspectionCols+" FROM project_inspections i WHERE i.id = ? AND i.project_id = ?", id, projectID))
		if errors.Is(err, sql.ErrNoRows) {
			return old, errs.NotFoundf("project.entity.inspection")
		}
		if err != nil {
			return old, fmt.Errorf("inspection %d: %w", id, err)
		}
		one := []project.Inspection{old}
		if err := tx.withFindings(ctx, projectID, one); err != nil {
			return old, fmt.Errorf("inspection %d findings: %w", id, err)
		}
		old = one[0]
		x := old
		x.Findings = slices.Clone(old.Findings)
		if x, err = change(x); err != nil {
			return x, err
		}
		for i, f := range x.Findings {
			if i < len(old.Findings) && f == old.Findings[i] {
				continue
			}
			if _, err := tx.Exec(ctx, "UPDATE project_findings SET closed_on = ?, closure = ? WHERE inspection_id = ? AND row_no = ?",
				f.ClosedOn, f.Closure, id, f.Row); err != nil {
				return x, fmt.Errorf("update finding %d: %w", f.Row, err)
			}
		}
		return x, tx.Audit(ctx, a, Change{Action: "update", Entity: "project_inspection", EntityID: id, ZoneID: x.ZoneID, Before: old, After: x})
	})
}

const awardCols = "w.id, w.project_id, w.zone_id, w.name, w.level, w.issuer, w.year, w.awarded_on"

func scanAward(r scanner) (project.Award, error) {
	var x project.Award
	err := r.Scan(&x.ID, &x.ProjectID, &x.ZoneID, &x.Name, &x.Level, &x.Issuer, &x.Year, &x.AwardedOn)
	return x, err
}

// Awards lists a project's awards, newest year first.
func (s Projects) Awards(ctx context.Context, a access.Actor, id int64) ([]project.Award, error) {
	return childrenOf(ctx, s.DB, a, id, func(q Q) ([]project.Award, error) {
		return queryAll(ctx, q, scanAward, "SELECT "+awardCols+" FROM project_awards w WHERE w.project_id = ? ORDER BY w.year DESC, w.id DESC", id)
	})
}

// AddAward stores the award check returns for a project the actor sees.
func (s Projects) AddAward(ctx context.Context, a access.Actor, id int64, check func(project.Project) (project.Award, error)) (project.Award, error) {
	return within(ctx, s.DB, func(tx *Tx) (project.Award, error) { return tx.AddAward(ctx, a, id, check) })
}

// AddAward stores an award within tx with its rows.
func (tx *Tx) AddAward(ctx context.Context, a access.Actor, id int64, check func(project.Project) (project.Award, error)) (project.Award, error) {
	p, err := projectByID(ctx, tx.Q, a, id, true)
	if err != nil {
		return project.Award{}, err
	}
	x, err := check(p)
	if err != nil {
		return x, err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO project_awards (project_id, zone_id, name, level, issuer, year, awarded_on) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		id, p.ZoneID, x.Name, string(x.Level), x.Issuer, x.Year, x.AwardedOn).Scan(&x.ID); err != nil {
		return x, fmt.Errorf("add award: %w", err)
	}
	if err := tx.AddRollups(ctx, project.AwardRows(x, 1)); err != nil {
		return x, err
	}
	return x, tx.Audit(ctx, a, Change{Action: "create", Entity: "project_award", EntityID: x.ID, ZoneID: x.ZoneID, After: x})
}

// Files lists a project's photos and documents.
func (s Projects) Files(ctx context.Context, a access.Actor, id int64) ([]attach.File, error) {
	return childrenOf(ctx, s.DB, a, id, func(q Q) ([]attach.File, error) { return q.files(ctx, attach.OwnerProject, id) })
}

// File returns one file of a project the actor sees, with its bytes.
func (s Projects) File(ctx context.Context, a access.Actor, id, fileID int64) (attach.File, []byte, error) {
	q := s.DB.Read()
	if err := visibleProject(ctx, q, a, id); err != nil {
		return attach.File{}, nil, err
	}
	f, data, err := q.file(ctx, attach.OwnerProject, id, fileID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, errs.NotFoundf("project.entity.file")
	}
	if err != nil {
		return f, nil, fmt.Errorf("project file %d: %w", fileID, err)
	}
	return f, data, nil
}

// AddFile stores a file of a project the actor sees when check passes.
func (s Projects) AddFile(ctx context.Context, a access.Actor, id int64, f attach.File, data []byte, check func(project.Project, int) error) (int64, error) {
	return within(ctx, s.DB, func(tx *Tx) (int64, error) {
		p, err := projectByID(ctx, tx.Q, a, id, true)
		if err != nil {
			return 0, err
		}
		n, err := tx.countFiles(ctx, attach.OwnerProject, id)
		if err != nil {
			return 0, err
		}
		if err := check(p, n); err != nil {
			return 0, err
		}
		f.Owner, f.OwnerID, f.ZoneID = attach.OwnerProject, id, p.ZoneID
		if f.ID, err = tx.insertFile(ctx, f, data); err != nil {
			return 0, err
		}
		return f.ID, tx.Audit(ctx, a, Change{Action: "attach", Entity: "project", EntityID: id, ZoneID: p.ZoneID, After: f})
	})
}

// DeleteFile removes a file of a project the actor sees.
func (s Projects) DeleteFile(ctx context.Context, a access.Actor, id, fileID int64) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		p, err := projectByID(ctx, tx.Q, a, id, true)
		if err != nil {
			return err
		}
		f, err := tx.fileMeta(ctx, attach.OwnerProject, id, fileID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("project.entity.file")
		}
		if err != nil {
			return fmt.Errorf("project file %d: %w", fileID, err)
		}
		if err := tx.deleteFile(ctx, fileID); err != nil {
			return err
		}
		return tx.Audit(ctx, a, Change{Action: "detach", Entity: "project", EntityID: id, ZoneID: p.ZoneID, Before: f})
	})
}

// changeSpans writes the difference of a record's spans (next +1, prev −1)
// and removes the edge rows prev alone had: a stock's rows sit exactly at
// the edge months of the spans in force (what indicator.SpanRows rebuilds),
// so a moved date leaves no row behind unless another record of the zone
// still has an edge there. all reads every span of the zone's records of
// that kind, as they are now.
func (tx *Tx) changeSpans(ctx context.Context, next, prev []indicator.Span, all func() ([]indicator.Span, error)) error {
	neg := make([]indicator.Span, len(prev))
	for i, s := range prev {
		s.Delta = -s.Delta
		neg[i] = s
	}
	if err := tx.AddSpans(ctx, append(slices.Clone(next), neg...)); err != nil {
		return err
	}
	stale := edgesOf(prev)
	for k := range edgesOf(next) {
		delete(stale, k)
	}
	if len(stale) == 0 {
		return nil
	}
	spans, err := all()
	if err != nil {
		return err
	}
	live := edgesOf(spans)
	for k := range stale {
		if live[k] {
			continue
		}
		if err := tx.deleteRollup(ctx, k.zone, k.indicator, k.dim, k.month); err != nil {
			return err
		}
	}
	return nil
}

// edgesOf returns the rollup keys at the edge months of non-empty spans.
func edgesOf(spans []indicator.Span) map[rollupKey]bool {
	out := map[rollupKey]bool{}
	for _, s := range spans {
		if s.Empty() {
			continue
		}
		for _, m := range s.Edges() {
			out[rollupKey{s.ZoneID, s.Indicator, s.Dim, m}] = true
		}
	}
	return out
}

// zoneSpans reads every span of one kind of a zone's project records.
func zoneSpans[T any](ctx context.Context, q Q, scan func(scanner) (T, error), query string, zoneID int64, spans func(T, int64) []indicator.Span) ([]indicator.Span, error) {
	var out []indicator.Span
	err := queryEach(ctx, q, func(r scanner) error {
		x, err := scan(r)
		if err == nil {
			out = append(out, spans(x, 1)...)
		}
		return err
	}, query, zoneID)
	if err != nil {
		return nil, fmt.Errorf("zone spans: %w", err)
	}
	return out, nil
}

// ProjectRollups recomputes the project rows of an area from its records:
// the count spans and date rows of its projects, its reports, the spans of
// its problems and milestones, and its awards.
func ProjectRollups() RollupSource {
	return RollupSource{Source: "project", Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		list, err := queryAll(ctx, q, scanProject, "SELECT "+projectCols+projectFrom+"p.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("project rollups: projects: %w", err)
		}
		byID := make(map[int64]project.Project, len(list))
		var spans []indicator.Span
		emit := func(rows []indicator.Row) {
			for _, r := range rows {
				add(r)
			}
		}
		for _, p := range list {
			byID[p.ID] = p
			spans = append(spans, project.CountSpans(p, 1)...)
			emit(project.CardRows(p, 1))
		}
		err = queryEach(ctx, q, func(r scanner) error {
			x, err := scanReport(r)
			if err == nil {
				emit(project.ReportRows(byID[x.ProjectID], x, 1))
			}
			return err
		}, "SELECT "+reportCols+" FROM project_reports r WHERE r.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("project rollups: reports: %w", err)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			m, err := scanMilestone(r)
			spans = append(spans, project.MilestoneSpans(m, 1)...)
			return err
		}, "SELECT "+milestoneCols+" FROM project_milestones m WHERE m.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("project rollups: milestones: %w", err)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			x, err := scanProblem(r)
			spans = append(spans, project.ProblemSpans(x, 1)...)
			return err
		}, "SELECT "+problemCols+" FROM project_problems x WHERE x.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("project rollups: problems: %w", err)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			x, err := scanAward(r)
			emit(project.AwardRows(x, 1))
			return err
		}, "SELECT "+awardCols+" FROM project_awards w WHERE w.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("project rollups: awards: %w", err)
		}
		emit(indicator.SpanRows(spans))
		return nil
	}}
}
