package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/invest"
)

// ProjectsByName finds projects of any zone by their exact names. It is
// not scoped: an import only learns whether a name is its own zone's.
func (s Invest) ProjectsByName(ctx context.Context, names []string) (map[string][]invest.ProjectRef, error) {
	out := map[string][]invest.ProjectRef{}
	if len(names) == 0 {
		return out, nil
	}
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
		var p invest.ProjectRef
		if err := r.Scan(&p.ID, &p.ZoneID, &p.Name); err != nil {
			return err
		}
		out[p.Name] = append(out[p.Name], p)
		return nil
	}, "SELECT id, zone_id, name FROM invest_projects WHERE name IN (?"+strings.Repeat(", ?", len(names)-1)+") ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("projects by name: %w", err)
	}
	return out, nil
}

// ImportProjects stores imported projects in one transaction: each new
// company through the enterprise register's insert, each project with its
// steps, arrivals, rollups, spans and audit record (InsertProject).
func (s Invest) ImportProjects(ctx context.Context, a access.Actor, list []invest.Imported) (int, error) {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		for _, x := range list {
			st := x.State
			if x.NewEnterprise != nil {
				id, err := tx.InsertEnterprise(ctx, a, *x.NewEnterprise)
				if err != nil {
					return fmt.Errorf("import project %q: %w", st.Project.Name, err)
				}
				st.Project.EnterpriseID = id
			}
			st.Steps = append([]invest.Step(nil), st.Steps...)
			st.Arrivals = append([]invest.Arrival(nil), st.Arrivals...)
			if _, err := tx.InsertProject(ctx, a, st); err != nil {
				return fmt.Errorf("import project %q: %w", st.Project.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(list), nil
}

// ImportActivities stores imported trips and visits in one transaction
// (InsertTrip, InsertVisit: links, rollups, audit).
func (s Invest) ImportActivities(ctx context.Context, a access.Actor, trips []invest.Trip, visits []invest.Visit) (int, error) {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		for _, t := range trips {
			if _, err := tx.InsertTrip(ctx, a, t); err != nil {
				return err
			}
		}
		for _, v := range visits {
			if _, err := tx.InsertVisit(ctx, a, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(trips) + len(visits), nil
}
