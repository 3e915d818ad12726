package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/project"
)

// ProjectImports implements projectio.Store.
type ProjectImports struct{ Projects }

// BuilderByName finds the zone's enterprise with the name: NotFound when
// none, Conflict when several (the file must then give the credit code).
func (s ProjectImports) BuilderByName(ctx context.Context, zoneID int64, name string) (project.Builder, error) {
	list, err := queryAll(ctx, s.DB.Read(), func(r scanner) (project.Builder, error) {
		var b project.Builder
		err := r.Scan(&b.ID, &b.ZoneID, &b.Name)
		return b, err
	}, "SELECT id, zone_id, name FROM enterprises WHERE zone_id = ? AND name = ? ORDER BY id LIMIT 2", zoneID, name)
	switch {
	case err != nil:
		return project.Builder{}, fmt.Errorf("builder %s: %w", name, err)
	case len(list) == 0:
		return project.Builder{}, errs.NotFoundf("entity.enterprise")
	case len(list) > 1:
		return project.Builder{}, errs.E(errs.Conflict, "project.import.err.builder_ambiguous", name)
	}
	return list[0], nil
}

// ParkByName finds the zone's park with the name.
func (s ProjectImports) ParkByName(ctx context.Context, zoneID int64, name string) (int64, error) {
	var id int64
	err := s.DB.Read().QueryRow(ctx, "SELECT id FROM parks WHERE zone_id = ? AND name = ?", zoneID, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.NotFoundf("project.entity.park")
	}
	if err != nil {
		return 0, fmt.Errorf("park %s: %w", name, err)
	}
	return id, nil
}

// ProjectByName finds the actor's project of the zone with the name, with
// its reports in period order.
func (s ProjectImports) ProjectByName(ctx context.Context, a access.Actor, zoneID int64, name string) (project.Project, []project.Report, error) {
	q := s.DB.Read()
	var id int64
	cond, args := scope(a, "p.zone_id", "p.builder_id")
	err := q.QueryRow(ctx, "SELECT p.id FROM projects p WHERE p.zone_id = ? AND p.name = ? AND "+cond,
		append([]any{zoneID, name}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return project.Project{}, nil, errs.NotFoundf("project.entity.project")
	}
	if err != nil {
		return project.Project{}, nil, fmt.Errorf("project %s: %w", name, err)
	}
	p, err := projectByID(ctx, q, a, id, false)
	if err != nil {
		return p, nil, err
	}
	reports, err := q.reports(ctx, id)
	return p, reports, err
}

// ImportProjects stores new projects in one transaction, each as Create
// stores one (card, plan, lines, rollups, audit record).
func (s ProjectImports) ImportProjects(ctx context.Context, a access.Actor, list []project.Project) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		for _, p := range list {
			if _, err := tx.CreateProject(ctx, a, p); err != nil {
				return fmt.Errorf("import project %s: %w", p.Name, err)
			}
		}
		return nil
	})
}

// ImportReports stores reports in one transaction, each as PutReport
// stores one, after check passes it against its project locked and the
// reports stored by then.
func (s ProjectImports) ImportReports(ctx context.Context, a access.Actor, list []project.Report,
	check func(p project.Project, stored []project.Report, r *project.Report) error) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		for _, r := range list {
			if _, err := tx.PutReport(ctx, a, r.ProjectID, func(p project.Project, stored []project.Report) (project.Report, *project.Report, error) {
				x := r
				return x, nil, check(p, stored, &x)
			}); err != nil {
				return fmt.Errorf("import report %s: %w", r.Period, err)
			}
		}
		return nil
	})
}
