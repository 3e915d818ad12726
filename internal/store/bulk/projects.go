package bulk

import (
	"context"
	"fmt"
	"time"

	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/store"
)

// Projects stores construction projects with their ids and plans, in their
// final state (status, completed investment and latest progress as their
// reports give them), as store.Tx.CreateProject and PutReport would have;
// the rollups are the caller's.
func (l *Loader) Projects(ctx context.Context, ps []project.Project, at time.Time) error {
	for i := range ps {
		if ps[i].ID == 0 {
			return fmt.Errorf("bulk: project %d has no id", i)
		}
	}
	return l.batch(ctx, func() error {
		err := l.write(ctx, "projects", []string{"id", "zone_id", "park_id", "builder_id", "name", "category", "level", "status", "cadence",
			"total_fen", "plan_version", "planned_start", "planned_finish", "started_on", "finished_on", "opened_on", "suspended_on",
			"recorded_on", "responsible", "summary", "completed_fen", "progress_pct", "version", "created_by", "created_at", "updated_at"},
			len(ps), func(i int, d []any) []any {
				p := &ps[i]
				return append(d, p.ID, p.ZoneID, nullID(p.ParkID), p.BuilderID, p.Name, string(p.Category), string(p.Level), string(p.Status),
					string(p.Cadence), p.TotalFen, p.Plan.Version, p.Plan.StartOn, p.Plan.FinishOn, p.StartedOn, p.FinishedOn, p.OpenedOn,
					p.SuspendedOn, p.RecordedOn, p.Responsible, p.Summary, p.CompletedFen, p.ProgressPct, p.Version, nil,
					store.Instant(at), store.Instant(at))
			})
		if err != nil {
			return err
		}
		return l.write(ctx, "project_plans", []string{"project_id", "version", "start_on", "finish_on", "reason", "set_on", "set_by", "zone_id"},
			len(ps), func(i int, d []any) []any {
				p := &ps[i]
				return append(d, p.ID, p.Plan.Version, p.Plan.StartOn, p.Plan.FinishOn, p.Plan.Reason, p.Plan.SetOn, p.Plan.SetBy, p.ZoneID)
			})
	})
}

// ProjectReports stores investment reports with their ids.
func (l *Loader) ProjectReports(ctx context.Context, rs []project.Report) error {
	for i := range rs {
		if rs[i].ID == 0 {
			return fmt.Errorf("bulk: project report %d has no id", i)
		}
	}
	return l.batch(ctx, func() error {
		return l.write(ctx, "project_reports", []string{"id", "project_id", "zone_id", "period", "ym", "planned_fen", "completed_fen",
			"progress_pct", "progress_text", "note", "reported_on", "reporter", "version"}, len(rs), func(i int, d []any) []any {
			r := &rs[i]
			return append(d, r.ID, r.ProjectID, r.ZoneID, r.Period.String(), int(r.Period.YM()), r.PlannedFen, r.CompletedFen,
				r.ProgressPct, r.ProgressText, r.Note, r.ReportedOn, r.Reporter, r.Version)
		})
	})
}
