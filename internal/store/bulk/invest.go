package bulk

import (
	"context"
	"fmt"
	"time"

	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/store"
)

// InvestProject is a project as the loader stores it: in its final state,
// with its steps, arrivals and follow-ups (oldest first). Ids are given by
// the database in the order written: the loader needs an empty database,
// so the n-th project written gets id n (InvestProjects checks it).
type InvestProject struct {
	invest.State
	FollowUps []invest.FollowUp
	ByName    string
	At        time.Time
}

// InvestActivity is a trip or visit with the ids of the projects it
// touched (1-based, as InvestProjects stored them).
type InvestActivity struct {
	Trip  *invest.Trip
	Visit *invest.Visit
}

// InvestProjects stores projects (ids 1…n in order) with their steps,
// arrivals and follow-ups, as store.Tx.InsertProject and AddFollowUp would
// have; the rollups are the caller's.
func (l *Loader) InvestProjects(ctx context.Context, ps []InvestProject) error {
	type at struct{ p, k int }
	var steps, arrivals, follows []at
	for i := range ps {
		if ps[i].Project.ID != int64(i+1) {
			return fmt.Errorf("bulk: invest project %d must have id %d", ps[i].Project.ID, i+1)
		}
		for k := range ps[i].Steps {
			steps = append(steps, at{i, k})
		}
		for k := range ps[i].Arrivals {
			arrivals = append(arrivals, at{i, k})
		}
		for k := range ps[i].FollowUps {
			follows = append(follows, at{i, k})
		}
	}
	return l.batch(ctx, func() error {
		err := l.write(ctx, "invest_projects", []string{"zone_id", "name", "investor", "investor_uscc", "origin", "investor_listing",
			"investor_honours", "industry", "mode", "planned_fen", "park", "owner", "agreement", "facts", "stage", "stage_on", "start_due",
			"terminated_reason", "enterprise_id", "registered_on", "registered_fen", "paid_in_fen", "arrived_fen", "next_contact_on",
			"next_contact_owner", "version", "created_at", "updated_at"}, len(ps), func(i int, d []any) []any {
			p := &ps[i].Project
			t := store.Instant(ps[i].At)
			return append(d, p.ZoneID, p.Name, p.Investor, p.InvestorUSCC, string(p.Origin), p.InvestorListing, p.InvestorHonours,
				p.Industry, string(p.Mode), p.PlannedFen, p.Park, p.Owner, string(p.Agreement), p.Facts, string(p.Stage), p.StageOn,
				p.StartDue, p.TerminatedReason, nullID(p.EnterpriseID), p.RegisteredOn, p.RegisteredFen, p.PaidInFen, p.ArrivedFen,
				p.NextContactOn, p.NextContactOwner, len(ps[i].Steps), t, t)
		})
		if err != nil {
			return err
		}
		var n, max int64
		if err := l.conn.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM invest_projects").Scan(&n, &max); err != nil {
			return fmt.Errorf("bulk: invest projects: %w", err)
		}
		if n != int64(len(ps)) || max != n {
			return fmt.Errorf("bulk: invest projects got ids up to %d for %d rows: the database was not empty", max, n)
		}
		err = l.write(ctx, "invest_steps", []string{"project_id", "zone_id", "from_stage", "to_stage", "on_date", "note", "approval",
			"by_name", "created_at"}, len(steps), func(i int, d []any) []any {
			p := &ps[steps[i].p]
			s := &p.Steps[steps[i].k]
			return append(d, p.Project.ID, p.Project.ZoneID, string(s.From), string(s.To), s.On, s.Note, string(s.Approval), p.ByName,
				store.Instant(p.At))
		})
		if err != nil {
			return err
		}
		err = l.write(ctx, "invest_arrivals", []string{"project_id", "zone_id", "on_date", "amount_fen", "note", "by_name", "created_at"},
			len(arrivals), func(i int, d []any) []any {
				p := &ps[arrivals[i].p]
				x := &p.Arrivals[arrivals[i].k]
				return append(d, p.Project.ID, p.Project.ZoneID, x.On, x.AmountFen, x.Note, p.ByName, store.Instant(p.At))
			})
		if err != nil {
			return err
		}
		return l.write(ctx, "invest_followups", []string{"project_id", "zone_id", "on_date", "notes", "next_on", "owner", "by_name",
			"created_at"}, len(follows), func(i int, d []any) []any {
			p := &ps[follows[i].p]
			x := &p.FollowUps[follows[i].k]
			return append(d, p.Project.ID, p.Project.ZoneID, x.On, x.Notes, x.NextOn, x.Owner, p.ByName, store.Instant(p.At))
		})
	})
}

// InvestTrips stores trips (ids 1…n in order) and the projects they
// touched.
func (l *Loader) InvestTrips(ctx context.Context, ts []invest.Trip, byName string, at time.Time) error {
	type link struct{ t, k int }
	var links []link
	for i := range ts {
		for k := range ts[i].ProjectIDs {
			links = append(links, link{i, k})
		}
	}
	return l.batch(ctx, func() error {
		err := l.write(ctx, "invest_trips", []string{"zone_id", "start_on", "end_on", "province", "city", "leader", "people", "firms",
			"notes", "by_name", "created_at"}, len(ts), func(i int, d []any) []any {
			t := &ts[i]
			return append(d, t.ZoneID, t.StartOn, t.EndOn, t.Province, t.City, t.Leader, t.People, t.Firms, t.Notes, byName, store.Instant(at))
		})
		if err != nil {
			return err
		}
		return l.write(ctx, "invest_activity_projects", []string{"kind", "activity_id", "zone_id", "project_id"}, len(links), func(i int, d []any) []any {
			return append(d, "trip", links[i].t+1, ts[links[i].t].ZoneID, ts[links[i].t].ProjectIDs[links[i].k])
		})
	})
}

// InvestVisits stores visits (ids 1…n in order) and the projects they
// touched.
func (l *Loader) InvestVisits(ctx context.Context, vs []invest.Visit, byName string, at time.Time) error {
	type link struct{ v, k int }
	var links []link
	for i := range vs {
		for k := range vs[i].ProjectIDs {
			links = append(links, link{i, k})
		}
	}
	return l.batch(ctx, func() error {
		err := l.write(ctx, "invest_visits", []string{"zone_id", "firm", "start_on", "end_on", "hosts", "notes", "by_name", "created_at"},
			len(vs), func(i int, d []any) []any {
				v := &vs[i]
				return append(d, v.ZoneID, v.Firm, v.StartOn, v.EndOn, v.Hosts, v.Notes, byName, store.Instant(at))
			})
		if err != nil {
			return err
		}
		return l.write(ctx, "invest_activity_projects", []string{"kind", "activity_id", "zone_id", "project_id"}, len(links), func(i int, d []any) []any {
			return append(d, "visit", links[i].v+1, vs[links[i].v].ZoneID, vs[links[i].v].ProjectIDs[links[i].k])
		})
	})
}
