package project

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Actions of the module.
const (
	ActionRead   access.Action = "project.read"   // projects, reports, ledgers, files
	ActionWrite  access.Action = "project.write"  // a zone runs its projects
	ActionReport access.Action = "project.report" // investment reports and site photos: the zone, and the builder for its own
)

// Policy lists who may attempt each action; which rows is the scope's
// business (a builder's user sees its own projects only).
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{
		ActionRead:   slices.Clone(access.Roles),
		ActionWrite:  {access.ZoneAdmin, access.ZoneStaff},
		ActionReport: {access.ZoneAdmin, access.ZoneStaff, access.Enterprise},
	}
}

// Builder is an enterprise of the register found by its credit code.
type Builder struct {
	ID     int64
	ZoneID int64
	Name   string
}

// Filter narrows a list of projects. Timing (Ahead, OnTime, Behind) is
// worked out per project: the service turns it into Keep, and the store
// reads on until its page is full of projects Keep accepts.
type Filter struct {
	ZoneID int64 // 0: every zone the actor sees
	Status Status
	Level  Level
	ParkID int64
	// BuilderID keeps one builder's projects (an enterprise's page).
	BuilderID int64
	Timing    string
	Keep      func(Project) bool
	paging.Request
}

// Store is what the service needs from storage. Reads are scoped to the
// actor; a row outside the scope is NotFound. Changes run in one
// transaction with the project locked: the store reads what is stored,
// calls the service's function to work out the change, and persists it with
// its rollups and an audit record.
type Store interface {
	BuilderByUSCC(ctx context.Context, uscc string) (Builder, error)
	Create(ctx context.Context, a access.Actor, p Project) (int64, error)
	Get(ctx context.Context, a access.Actor, id int64) (Project, error)
	List(ctx context.Context, a access.Actor, f Filter) (paging.Page[Project], error)
	// Update stores what change makes of the project; reports are the
	// project's, in period order.
	Update(ctx context.Context, a access.Actor, id int64, change func(p Project, reports []Report) (Project, error)) (Project, error)

	Reports(ctx context.Context, a access.Actor, id int64) ([]Report, error)
	// PutReport stores the report check returns (a correction when prev is
	// the stored one it replaces).
	PutReport(ctx context.Context, a access.Actor, id int64, check func(p Project, reports []Report) (r Report, prev *Report, err error)) (Report, error)

	Milestones(ctx context.Context, a access.Actor, id int64) ([]Milestone, error)
	AddMilestone(ctx context.Context, a access.Actor, m Milestone) (int64, error)
	UpdateMilestone(ctx context.Context, a access.Actor, projectID, id int64, change func(Milestone) (Milestone, error)) (Milestone, error)
	Problems(ctx context.Context, a access.Actor, id int64) ([]Problem, error)
	AddProblem(ctx context.Context, a access.Actor, x Problem) (int64, error)
	UpdateProblem(ctx context.Context, a access.Actor, projectID, id int64, change func(Problem) (Problem, error)) (Problem, error)
	Inspections(ctx context.Context, a access.Actor, id int64) ([]Inspection, error)
	AddInspection(ctx context.Context, a access.Actor, x Inspection) (int64, error)
	UpdateInspection(ctx context.Context, a access.Actor, projectID, id int64, change func(Inspection) (Inspection, error)) (Inspection, error)
	Awards(ctx context.Context, a access.Actor, id int64) ([]Award, error)
	AddAward(ctx context.Context, a access.Actor, id int64, check func(Project) (Award, error)) (Award, error)

	Files(ctx context.Context, a access.Actor, id int64) ([]attach.File, error)
	File(ctx context.Context, a access.Actor, id, fileID int64) (attach.File, []byte, error)
	AddFile(ctx context.Context, a access.Actor, id int64, f attach.File, data []byte, check func(p Project, count int) error) (int64, error)
	DeleteFile(ctx context.Context, a access.Actor, id, fileID int64) error
}

// Service applies the rules.
type Service struct {
	Store    Store
	Policy   *access.Policy
	Settings Settings
	Now      func() time.Time
}

// Today is the service's today (China Standard Time).
func (s *Service) Today() civil.Date { return civil.Today(s.Now()) }

// builder resolves a credit code to an enterprise of zoneID, the error on
// field "builder" otherwise.
func (s *Service) builder(ctx context.Context, uscc string, zoneID int64) (Builder, error) {
	var f errs.Fields
	if uscc == "" {
		f.Add("builder", "error.required")
		return Builder{}, f.Err()
	}
	b, err := s.Store.BuilderByUSCC(ctx, uscc)
	switch {
	case errs.Is(err, errs.NotFound):
		f.Add("builder", "project.err.unknown_builder", uscc)
	case err != nil:
		return b, err
	case b.ZoneID != zoneID:
		f.Add("builder", "project.err.builder_other_zone", uscc)
	}
	return b, f.Err()
}

// Create adds a project of the actor's zone; its builder is named by
// credit code (p.BuilderUSCC). Plan version 1 is p.Plan's dates.
func (s *Service) Create(ctx context.Context, a access.Actor, p Project) (Project, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return p, err
	}
	p.ZoneID = a.ZoneID
	today := s.Today()
	var f errs.Fields
	b, err := s.builder(ctx, p.BuilderUSCC, p.ZoneID)
	if fe := fieldsOf(err); fe != nil {
		f = fe
	} else if err != nil {
		return p, err
	}
	p.BuilderID, p.BuilderName = b.ID, b.Name
	p.Plan = Plan{Version: 1, StartOn: p.Plan.StartOn, FinishOn: p.Plan.FinishOn, SetOn: today, SetBy: a.Username}
	p.Plans = []Plan{p.Plan}
	if err := Validate(&p, today); err != nil {
		f = merge(f, fieldsOf(err))
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	p.Version = 1
	p.ID, err = s.Store.Create(ctx, a, p)
	if err != nil {
		return p, err
	}
	return s.Store.Get(ctx, a, p.ID)
}

// fieldsOf returns the per-field problems of an Invalid error, else nil.
func fieldsOf(err error) errs.Fields {
	var e *errs.Error
	if err != nil && errors.As(err, &e) && e.Kind == errs.Invalid {
		return e.Fields
	}
	return nil
}

func merge(a, b errs.Fields) errs.Fields {
	if a == nil {
		return b
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			a[k] = v
		}
	}
	return a
}

// Get returns a project the actor sees, with its plans.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Project, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Project{}, err
	}
	return s.Store.Get(ctx, a, id)
}

// List lists projects newest first, narrowed by f.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (paging.Page[Project], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Project]{}, err
	}
	var fe errs.Fields
	if f.Status != "" && !f.Status.Valid() {
		fe.Add("status", "project.err.status")
	}
	if f.Level != "" && !f.Level.Valid() {
		fe.Add("level", "project.err.level")
	}
	if f.Timing != "" && !slices.Contains(TimingClasses(), f.Timing) {
		fe.Add("timing", "project.err.timing")
	}
	if err := fe.Err(); err != nil {
		return paging.Page[Project]{}, err
	}
	f.Limit = f.Size()
	if f.Timing != "" {
		today := s.Today()
		f.Keep = func(p Project) bool { return TimingOf(p, today).Class() == f.Timing }
	}
	return s.Store.List(ctx, a, f)
}

// Patch changes a project; nil fields stay. Version is required. Changed
// planned dates make a new plan version and need PlanReason.
type Patch struct {
	Version       int
	Name          *string
	BuilderUSCC   *string
	ParkID        *int64 // 0: none
	Category      *Category
	Level         *Level
	Cadence       *Cadence
	TotalFen      *int64
	Responsible   *string
	Summary       *string
	PlannedStart  *civil.Date
	PlannedFinish *civil.Date
	PlanReason    string
	StartedOn     *civil.Date
	FinishedOn    *civil.Date
	OpenedOn      *civil.Date
	SuspendedOn   *civil.Date
	Resume        bool // clears SuspendedOn
	RecordedOn    *civil.Date
	Items         *[]Item
	Parties       *[]Party
	Methods       *[]Method
}

// Update applies p to project id if it is still at p.Version.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, pt Patch) (Project, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Project{}, err
	}
	if pt.Version == 0 {
		var f errs.Fields
		f.Add("version", "error.required")
		return Project{}, f.Err()
	}
	today := s.Today()
	var b *Builder
	if pt.BuilderUSCC != nil {
		old, err := s.Store.Get(ctx, a, id)
		if err != nil {
			return old, err
		}
		got, err := s.builder(ctx, *pt.BuilderUSCC, old.ZoneID)
		if err != nil {
			return old, err
		}
		b = &got
	}
	return s.Store.Update(ctx, a, id, func(p Project, reports []Report) (Project, error) {
		if p.Version != pt.Version {
			return p, errs.E(errs.Conflict, "error.stale")
		}
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&p.Name, pt.Name)
		set(&p.Responsible, pt.Responsible)
		set(&p.Summary, pt.Summary)
		if b != nil {
			p.BuilderID, p.BuilderName = b.ID, b.Name
		}
		if pt.ParkID != nil {
			p.ParkID = *pt.ParkID
		}
		if pt.Category != nil {
			p.Category = *pt.Category
		}
		if pt.Level != nil {
			p.Level = *pt.Level
		}
		var f errs.Fields
		if pt.Cadence != nil && *pt.Cadence != p.Cadence {
			if len(reports) > 0 {
				f.Add("cadence", "project.err.cadence_reported")
			}
			p.Cadence = *pt.Cadence
		}
		if pt.TotalFen != nil {
			p.TotalFen = *pt.TotalFen
		}
		dates := []struct {
			dst *civil.Date
			v   *civil.Date
		}{{&p.StartedOn, pt.StartedOn}, {&p.FinishedOn, pt.FinishedOn}, {&p.OpenedOn, pt.OpenedOn},
			{&p.SuspendedOn, pt.SuspendedOn}, {&p.RecordedOn, pt.RecordedOn}}
		for _, d := range dates {
			if d.v != nil {
				*d.dst = *d.v
			}
		}
		if pt.Resume {
			p.SuspendedOn = civil.Date{}
		}
		if pt.Items != nil {
			p.Items = *pt.Items
		}
		if pt.Parties != nil {
			p.Parties = *pt.Parties
		}
		if pt.Methods != nil {
			p.Methods = *pt.Methods
		}
		if pt.PlannedStart != nil || pt.PlannedFinish != nil {
			var start, finish civil.Date
			if pt.PlannedStart != nil {
				start = *pt.PlannedStart
			}
			if pt.PlannedFinish != nil {
				finish = *pt.PlannedFinish
			}
			next, err := Rebaseline(p, start, finish, pt.PlanReason, a.Username, today)
			f = merge(f, fieldsOf(err))
			p = next
		}
		if err := Validate(&p, today); err != nil {
			f = merge(f, fieldsOf(err))
		}
		if cum := sumCompleted(reports); p.TotalFen > 0 && cum > p.TotalFen && pt.TotalFen != nil {
			f.Add("total_fen", "project.err.total_below_reported", fenText(cum))
		}
		if err := f.Err(); err != nil {
			return p, err
		}
		if len(reports) > 0 {
			first, last := Span(p, today)
			for _, r := range reports {
				if r.Period.Before(first) || last.Before(r.Period) {
					f.Add("started_on", "project.err.reports_outside", r.Period.String())
					break
				}
			}
		}
		return p, f.Err()
	})
}

func sumCompleted(reports []Report) int64 {
	var n int64
	for _, r := range reports {
		n += r.CompletedFen
	}
	return n
}

// Reports lists a project's reports in period order, each with its
// cumulative investment and lateness.
func (s *Service) Reports(ctx context.Context, a access.Actor, id int64) ([]Report, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	list, err := s.Store.Reports(ctx, a, id)
	Cumulate(list, s.Settings)
	return list, err
}

// PutReport records the investment report of r.Period: a first report, or
// the correction of a stored one when r.Version names its version.
func (s *Service) PutReport(ctx context.Context, a access.Actor, id int64, r Report) (Report, error) {
	if err := s.Policy.Allow(a, ActionReport); err != nil {
		return r, err
	}
	today := s.Today()
	out, err := s.Store.PutReport(ctx, a, id, func(p Project, reports []Report) (Report, *Report, error) {
		r.ProjectID, r.ZoneID = p.ID, p.ZoneID
		prev, err := CheckReport(p, reports, &r, today)
		if err != nil {
			return r, prev, err
		}
		r.ReportedOn, r.Reporter = today, a.Username
		if prev != nil {
			r.ID, r.Version = prev.ID, prev.Version+1
		} else {
			r.Version = 1
		}
		return r, prev, nil
	})
	if err != nil {
		return out, err
	}
	list, err := s.Reports(ctx, a, id)
	for _, x := range list {
		if x.Period == out.Period {
			return x, err
		}
	}
	return out, err
}

// Milestones lists a project's milestones by deadline.
func (s *Service) Milestones(ctx context.Context, a access.Actor, id int64) ([]Milestone, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Milestones(ctx, a, id)
}

// AddMilestone adds a milestone to a project of the actor's zone.
func (s *Service) AddMilestone(ctx context.Context, a access.Actor, projectID int64, m Milestone) (Milestone, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return m, err
	}
	m.ProjectID, m.Version = projectID, 1
	if err := CheckMilestone(&m, s.Today()); err != nil {
		return m, err
	}
	var err error
	m.ID, err = s.Store.AddMilestone(ctx, a, m)
	return m, err
}

// MilestonePatch changes a milestone; nil fields stay.
type MilestonePatch struct {
	Version int
	Name    *string
	DueOn   *civil.Date
	Unit    *string
	DoneOn  *civil.Date
	Note    *string
}

// UpdateMilestone applies p to a milestone still at p.Version.
func (s *Service) UpdateMilestone(ctx context.Context, a access.Actor, projectID, id int64, pt MilestonePatch) (Milestone, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Milestone{}, err
	}
	if err := versionRequired(pt.Version); err != nil {
		return Milestone{}, err
	}
	return s.Store.UpdateMilestone(ctx, a, projectID, id, func(m Milestone) (Milestone, error) {
		if m.Version != pt.Version {
			return m, errs.E(errs.Conflict, "error.stale")
		}
		setStr(&m.Name, pt.Name)
		setStr(&m.Unit, pt.Unit)
		setStr(&m.Note, pt.Note)
		setDate(&m.DueOn, pt.DueOn)
		setDate(&m.DoneOn, pt.DoneOn)
		m.Version++
		return m, CheckMilestone(&m, s.Today())
	})
}

func versionRequired(v int) error {
	if v == 0 {
		var f errs.Fields
		f.Add("version", "error.required")
		return f.Err()
	}
	return nil
}

func setStr(dst, v *string) {
	if v != nil {
		*dst = *v
	}
}

func setDate(dst, v *civil.Date) {
	if v != nil {
		*dst = *v
	}
}

// Problems lists a project's problem ledger, newest raised first.
func (s *Service) Problems(ctx context.Context, a access.Actor, id int64) ([]Problem, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Problems(ctx, a, id)
}

// AddProblem adds a ledger entry to a project of the actor's zone.
func (s *Service) AddProblem(ctx context.Context, a access.Actor, projectID int64, x Problem) (Problem, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return x, err
	}
	x.ProjectID, x.Version = projectID, 1
	if err := CheckProblem(&x, s.Today()); err != nil {
		return x, err
	}
	var err error
	x.ID, err = s.Store.AddProblem(ctx, a, x)
	return x, err
}

// ProblemPatch changes a ledger entry; nil fields stay.
type ProblemPatch struct {
	Version    int
	Issue      *string
	Owner      *string
	DueOn      *civil.Date
	Resolution *string
	ResolvedOn *civil.Date
}

// UpdateProblem applies p to a ledger entry still at p.Version.
func (s *Service) UpdateProblem(ctx context.Context, a access.Actor, projectID, id int64, pt ProblemPatch) (Problem, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Problem{}, err
	}
	if err := versionRequired(pt.Version); err != nil {
		return Problem{}, err
	}
	return s.Store.UpdateProblem(ctx, a, projectID, id, func(x Problem) (Problem, error) {
		if x.Version != pt.Version {
			return x, errs.E(errs.Conflict, "error.stale")
		}
		setStr(&x.Issue, pt.Issue)
		setStr(&x.Owner, pt.Owner)
		setStr(&x.Resolution, pt.Resolution)
		setDate(&x.DueOn, pt.DueOn)
		setDate(&x.ResolvedOn, pt.ResolvedOn)
		x.Version++
		return x, CheckProblem(&x, s.Today())
	})
}

// Inspections lists a project's inspections, newest first.
func (s *Service) Inspections(ctx context.Context, a access.Actor, id int64) ([]Inspection, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Inspections(ctx, a, id)
}

// AddInspection records an inspection of a project of the actor's zone.
func (s *Service) AddInspection(ctx context.Context, a access.Actor, projectID int64, x Inspection) (Inspection, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return x, err
	}
	x.ProjectID = projectID
	if err := CheckInspection(&x, s.Today()); err != nil {
		return x, err
	}
	var err error
	x.ID, err = s.Store.AddInspection(ctx, a, x)
	return x, err
}

// CloseFinding records how finding row of an inspection was put right.
func (s *Service) CloseFinding(ctx context.Context, a access.Actor, projectID, id int64, row int, closedOn civil.Date, closure string) (Inspection, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Inspection{}, err
	}
	return s.Store.UpdateInspection(ctx, a, projectID, id, func(x Inspection) (Inspection, error) {
		return x, CloseFinding(&x, row, closedOn, closure, s.Today())
	})
}

// Awards lists a project's awards, newest year first.
func (s *Service) Awards(ctx context.Context, a access.Actor, id int64) ([]Award, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Awards(ctx, a, id)
}

// AddAward records an award of a finished project of the actor's zone.
func (s *Service) AddAward(ctx context.Context, a access.Actor, projectID int64, x Award) (Award, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return x, err
	}
	return s.Store.AddAward(ctx, a, projectID, func(p Project) (Award, error) {
		x.ProjectID, x.ZoneID = p.ID, p.ZoneID
		return x, CheckAward(p, &x, s.Today())
	})
}

// Files lists a project's photos and documents.
func (s *Service) Files(ctx context.Context, a access.Actor, id int64) ([]attach.File, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Files(ctx, a, id)
}

// File returns one file of a project with its bytes.
func (s *Service) File(ctx context.Context, a access.Actor, id, fileID int64) (attach.File, []byte, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return attach.File{}, nil, err
	}
	return s.Store.File(ctx, a, id, fileID)
}

// Attach keeps a photo (JPEG, PNG) or document (PDF) with a project, at
// most attach.MaxBytes and Settings.MaxFiles per project.
func (s *Service) Attach(ctx context.Context, a access.Actor, id int64, name string, data []byte) (attach.File, error) {
	if err := s.Policy.Allow(a, ActionReport); err != nil {
		return attach.File{}, err
	}
	f, err := attach.New(a, name, data, s.Now())
	if err != nil {
		return f, err
	}
	f.Owner, f.OwnerID = attach.OwnerProject, id
	f.ID, err = s.Store.AddFile(ctx, a, id, f, data, func(p Project, n int) error {
		f.ZoneID = p.ZoneID
		if n >= s.Settings.MaxFiles {
			return errs.E(errs.Conflict, "project.err.too_many_files", s.Settings.MaxFiles)
		}
		return nil
	})
	return f, err
}

// Detach removes a file of a project of the actor's zone.
func (s *Service) Detach(ctx context.Context, a access.Actor, id, fileID int64) error {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return err
	}
	return s.Store.DeleteFile(ctx, a, id, fileID)
}
