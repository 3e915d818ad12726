package invest

import (
	"context"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Actions of the module.
const (
	ActionRead    access.Action = "invest.read"    // the pipeline, activities and funds
	ActionWrite   access.Action = "invest.write"   // a zone runs its pipeline
	ActionAdvance access.Action = "invest.advance" // move a project on (approvals by their level)
)

// Policy lists who may attempt each action. The pipeline is the zone's
// business: an enterprise user sees nothing of it. City users take the steps
// the settings give the city to approve.
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{
		ActionRead:    {access.National, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar},
		ActionWrite:   {access.ZoneAdmin, access.ZoneStaff},
		ActionAdvance: {access.ZoneAdmin, access.ZoneStaff, access.City},
	}
}

// Filter narrows a list of projects. Cursor is opaque, from a previous page.
type Filter struct {
	ZoneID   int64
	Stage    Stage
	Origin   Origin
	Mode     Mode
	Industry string
	Q        string // a fragment of the name or investor
	Cursor   string
	Limit    int
	// Sort is the order: "" the newest first, or a column ("name",
	// "planned", "stage_on"; "-planned" descending).
	Sort  string
	Count bool // asks for the list's total (Page.Total)
}

// State is a project with what its rollups are computed from.
type State struct {
	Project  Project
	Steps    []Step    // oldest first
	Arrivals []Arrival // oldest first
}

// Change is what a change of a project stores: the project after it and at
// most one new step, arrival or company to register first.
type Change struct {
	Project       Project
	Step          *Step
	Arrival       *Arrival
	NewEnterprise *enterprise.Enterprise // created in the same transaction; its id becomes Project.EnterpriseID
}

// EnterpriseRef is an enterprise found by its credit code.
type EnterpriseRef struct {
	ID     int64
	ZoneID int64
	Name   string
}

// Detail is a project with its history and what happened around it.
type Detail struct {
	State
	FollowUps  []FollowUp
	Activities []Activity
	Funds      []Fund
}

// Store is what the service needs from storage. Reads are scoped to the
// actor; a row outside the scope is NotFound.
type Store interface {
	Projects(ctx context.Context, a access.Actor, f Filter) (paging.Page[Project], error)
	// Board lists an area's projects that are not terminated, by stage.
	Board(ctx context.Context, a access.Actor, zoneID int64) ([]Project, error)
	// Cards lists an area's open projects by stage, the perStage most
	// recent of each (by the day they reached it), with what a card shows
	// (name, investor, origin, industry, mode, planned amount, stage and
	// its day, agreed start, next contact).
	Cards(ctx context.Context, a access.Actor, zoneID int64, perStage int) (map[Stage][]Project, error)
	// StageCounts counts an area's projects at each stage now.
	StageCounts(ctx context.Context, a access.Actor, zoneID int64) (map[Stage]int, error)
	// Flagged counts an area's projects signed but not started past their
	// agreed start (Late) and open ones past their next contact
	// (Overdue) on day today, and lists up to limit of each, the longest
	// overdue first.
	Flagged(ctx context.Context, a access.Actor, zoneID int64, today civil.Date, limit int) (Flags, error)
	// Pipeline is what an area's dashboard shows of its pipeline on day
	// today: StageCounts, the stages terminated projects left, and
	// Flagged with up to limit of each listed (with what a board card
	// shows) — in as few round trips as the engine allows.
	Pipeline(ctx context.Context, a access.Actor, zoneID int64, today civil.Date, limit int) (Pipeline, error)
	Detail(ctx context.Context, a access.Actor, id int64) (Detail, error)
	// CreateProject stores a new project with its first step.
	CreateProject(ctx context.Context, a access.Actor, p Project, first Step) (int64, error)
	// ChangeProject reads the project's state in one transaction (locked
	// against concurrent changes), asks fn what changes and persists it:
	// the row, the step, arrival or new company, the rollups and spans of
	// the difference, and an audit record.
	ChangeProject(ctx context.Context, a access.Actor, id int64, fn func(State) (Change, error)) (State, error)
	AddFollowUp(ctx context.Context, a access.Actor, x FollowUp) (int64, error)
	EnterpriseByUSCC(ctx context.Context, code string) (EnterpriseRef, bool, error)

	Trips(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Trip], error)
	// CreateTrip stores a trip; its projects must be of its zone
	// (project_ids.N otherwise).
	CreateTrip(ctx context.Context, a access.Actor, t Trip) (int64, error)
	// Trip returns one trip with its projects.
	Trip(ctx context.Context, a access.Actor, id int64) (Trip, error)
	// UpdateTrip stores what change makes of the trip (read locked), its
	// projects (of its zone, else a field error) and its rollup row.
	UpdateTrip(ctx context.Context, a access.Actor, id int64, change func(prev Trip) (Trip, error)) (Trip, error)
	Visits(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Visit], error)
	CreateVisit(ctx context.Context, a access.Actor, v Visit) (int64, error)
	Funds(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Fund], error)
	CreateFund(ctx context.Context, a access.Actor, x Fund) (int64, error)
}

// Service applies the rules.
type Service struct {
	Store    Store
	Policy   *access.Policy
	Settings Settings
	Now      func() time.Time
}

func (s *Service) today() civil.Date { return civil.Today(s.Now()) }

// Projects lists projects newest first, an area's (f.ZoneID) or every one
// the actor sees.
func (s *Service) Projects(ctx context.Context, a access.Actor, f Filter) (paging.Page[Project], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Project]{}, err
	}
	var fe errs.Fields
	if f.Stage != "" && !f.Stage.Valid() {
		fe.Add("stage", "invest.err.stage")
	}
	if f.Origin != "" && !slices.Contains(Origins(), f.Origin) {
		fe.Add("origin", "invest.err.origin")
	}
	if f.Mode != "" && !slices.Contains(Modes(), f.Mode) {
		fe.Add("mode", "invest.err.mode")
	}
	if f.Industry != "" && !slices.Contains(Industries(), f.Industry) {
		fe.Add("industry", "invest.err.industry")
	}
	if err := fe.Err(); err != nil {
		return paging.Page[Project]{}, err
	}
	f.Limit = paging.Size(f.Limit)
	return s.Store.Projects(ctx, a, f)
}

// Board lists an area's open projects (not terminated).
func (s *Service) Board(ctx context.Context, a access.Actor, zoneID int64) ([]Project, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Board(ctx, a, zoneID)
}

// Column is one stage of the board: how many projects are at it and the
// most recent of them.
type Column struct {
	Stage Stage
	Count int
	Items []Project
}

// Flags are an area's projects that need attention.
type Flags struct {
	Late, Overdue           []Project
	LateCount, OverdueCount int
}

// BoardPerStage is how many cards a board column shows; the list page,
// filtered by stage, has the rest.
const BoardPerStage = 12

// Columns lists an area's open pipeline by stage, up to perStage cards a
// stage (BoardPerStage when 0), with the counts of its late and overdue
// projects: the stages' counts and flags (Pipeline, unlisted) and the
// cards are two statements run side by side.
func (s *Service) Columns(ctx context.Context, a access.Actor, zoneID int64, perStage int) ([]Column, Flags, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, Flags{}, err
	}
	if perStage <= 0 {
		perStage = BoardPerStage
	}
	var cards map[Stage][]Project
	var cardsErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		cards, cardsErr = s.Store.Cards(ctx, a, zoneID, perStage)
	}()
	pl, err := s.Store.Pipeline(ctx, a, zoneID, s.today(), 0)
	<-done
	if err == nil {
		err = cardsErr
	}
	if err != nil {
		return nil, Flags{}, err
	}
	out := make([]Column, 0, len(Stages()))
	for _, st := range Stages() {
		out = append(out, Column{Stage: st, Count: pl.Counts[st], Items: cards[st]})
	}
	return out, pl.Flags, nil
}

// StageCounts counts an area's projects at each stage now (the funnel).
func (s *Service) StageCounts(ctx context.Context, a access.Actor, zoneID int64) (map[Stage]int, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.StageCounts(ctx, a, zoneID)
}

// Flagged returns an area's late and overdue projects as of today, up to
// limit of each listed.
func (s *Service) Flagged(ctx context.Context, a access.Actor, zoneID int64, limit int) (Flags, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Flags{}, err
	}
	return s.Store.Flagged(ctx, a, zoneID, s.today(), limit)
}

// Pipeline reads an area's pipeline for its dashboard: the counts its
// funnel is drawn from and its late and overdue projects as of today, up
// to limit of each listed.
func (s *Service) Pipeline(ctx context.Context, a access.Actor, zoneID int64, limit int) (Pipeline, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Pipeline{}, err
	}
	return s.Store.Pipeline(ctx, a, zoneID, s.today(), limit)
}

// Project returns a project with its steps, arrivals, follow-ups, the trips
// and visits that touched it and the funds holding it.
func (s *Service) Project(ctx context.Context, a access.Actor, id int64) (Detail, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Detail{}, err
	}
	return s.Store.Detail(ctx, a, id)
}

// CreateProject adds a lead (线索) to the actor's zone, first recorded on
// day on (today when zero).
func (s *Service) CreateProject(ctx context.Context, a access.Actor, p Project, on civil.Date) (Project, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return p, err
	}
	p.ZoneID = a.ZoneID
	if on.IsZero() {
		on = s.today()
	}
	var f errs.Fields
	validateProject(&p, &f)
	date(&f, "on", on, s.today())
	if err := f.Err(); err != nil {
		return p, err
	}
	p.Stage, p.StageOn, p.Version = StageLead, on, 1
	var err error
	p.ID, err = s.Store.CreateProject(ctx, a, p, Step{To: StageLead, On: on})
	return p, err
}

// Patch changes what a clerk enters of a project; nil fields stay.
// Version is required.
type Patch struct {
	Version         int
	Name            *string
	Investor        *string
	InvestorUSCC    *string
	Origin          *Origin
	InvestorListing *string
	InvestorHonours *string
	Industry        *string
	Mode            *Mode
	PlannedFen      *int64
	Park            *string
	Owner           *string
	Agreement       *Agreement
	Facts           *string
	StartDue        *civil.Date
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// UpdateProject applies p if the project is still at p.Version.
func (s *Service) UpdateProject(ctx context.Context, a access.Actor, id int64, pt Patch) (Project, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Project{}, err
	}
	if pt.Version == 0 {
		return Project{}, errs.Fields{"version": errs.M("error.required")}.Err()
	}
	st, err := s.Store.ChangeProject(ctx, a, id, func(cur State) (Change, error) {
		p := cur.Project
		if p.Version != pt.Version {
			return Change{}, errs.E(errs.Conflict, "error.stale")
		}
		set(&p.Name, pt.Name)
		set(&p.Investor, pt.Investor)
		set(&p.InvestorUSCC, pt.InvestorUSCC)
		set(&p.Origin, pt.Origin)
		set(&p.InvestorListing, pt.InvestorListing)
		set(&p.InvestorHonours, pt.InvestorHonours)
		set(&p.Industry, pt.Industry)
		set(&p.Mode, pt.Mode)
		set(&p.PlannedFen, pt.PlannedFen)
		set(&p.Park, pt.Park)
		set(&p.Owner, pt.Owner)
		set(&p.Agreement, pt.Agreement)
		set(&p.Facts, pt.Facts)
		set(&p.StartDue, pt.StartDue)
		return Change{Project: p}, ValidateProject(&p)
	})
	return st.Project, err
}

// Advance moves a project to stage to on day on (see Transition).
func (s *Service) Advance(ctx context.Context, a access.Actor, id int64, to Stage, on civil.Date, note string) (Project, Step, error) {
	if err := s.Policy.Allow(a, ActionAdvance); err != nil {
		return Project{}, Step{}, err
	}
	var step Step
	st, err := s.Store.ChangeProject(ctx, a, id, func(cur State) (Change, error) {
		var err error
		step, err = Transition(cur.Project, to, on, note, a.Role, s.Settings, s.today())
		if err != nil {
			return Change{}, err
		}
		return Change{Project: Apply(cur.Project, step), Step: &step}, nil
	})
	return st.Project, step, err
}

// Register records the company a signed project registered in the zone,
// with its capital: an enterprise of the register found by its credit
// code, or created now (the enterprise register's rules) in the same
// transaction.
func (s *Service) Register(ctx context.Context, a access.Actor, id int64, r Registration) (Project, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Project{}, err
	}
	ref, found, err := s.Store.EnterpriseByUSCC(ctx, enterprise.NormalizeUSCC(r.USCC))
	if err != nil {
		return Project{}, err
	}
	today := s.today()
	st, err := s.Store.ChangeProject(ctx, a, id, func(cur State) (Change, error) {
		if err := ValidateRegistration(cur.Project, &r, today); err != nil {
			return Change{}, err
		}
		p := cur.Project
		p.RegisteredOn, p.RegisteredFen, p.PaidInFen = r.On, r.RegisteredFen, r.PaidInFen
		ch := Change{Project: p}
		switch {
		case found && ref.ZoneID != p.ZoneID:
			return Change{}, errs.Fields{"uscc": errs.M("invest.err.other_zone_company", r.USCC)}.Err()
		case found:
			ch.Project.EnterpriseID, ch.Project.EnterpriseName = ref.ID, ref.Name
		default:
			e := enterprise.Enterprise{USCC: r.USCC, Name: r.Name, ZoneID: p.ZoneID, Nature: r.Nature, Industry: r.Industry,
				RegCapitalFen: r.RegisteredFen, PaidCapitalFen: r.PaidInFen, FoundedOn: r.On, SettledOn: r.On}
			if err := enterprise.Validate(&e, today); err != nil {
				return Change{}, err
			}
			ch.NewEnterprise = &e
			ch.Project.EnterpriseName = e.Name
		}
		return ch, nil
	})
	return st.Project, err
}

// AddArrival records funds arrived for a signed project.
func (s *Service) AddArrival(ctx context.Context, a access.Actor, id int64, x Arrival) (Arrival, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return x, err
	}
	_, err := s.Store.ChangeProject(ctx, a, id, func(cur State) (Change, error) {
		x.ProjectID = cur.Project.ID
		if err := ValidateArrival(cur.Project, &x, s.today()); err != nil {
			return Change{}, err
		}
		p := cur.Project
		p.ArrivedFen += x.AmountFen
		return Change{Project: p, Arrival: &x}, nil
	})
	return x, err
}

// AddFollowUp records a contact with a project's investor; its next date
// becomes the project's next contact.
func (s *Service) AddFollowUp(ctx context.Context, a access.Actor, id int64, x FollowUp) (FollowUp, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return x, err
	}
	x.ProjectID = id
	if err := ValidateFollowUp(&x, s.today()); err != nil {
		return x, err
	}
	var err error
	x.ID, err = s.Store.AddFollowUp(ctx, a, x)
	x.ByName = a.Username
	return x, err
}

// Trips lists an area's trips, newest first.
func (s *Service) Trips(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Trip], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Trip]{}, err
	}
	p.Limit = p.Size()
	return s.Store.Trips(ctx, a, zoneID, p)
}

// CreateTrip records an outbound trip of the actor's zone.
func (s *Service) CreateTrip(ctx context.Context, a access.Actor, t Trip) (Trip, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return t, err
	}
	t.ZoneID = a.ZoneID
	if err := ValidateTrip(&t, s.today()); err != nil {
		return t, err
	}
	var err error
	t.ID, err = s.Store.CreateTrip(ctx, a, t)
	return t, err
}

// Trip returns one trip.
func (s *Service) Trip(ctx context.Context, a access.Actor, id int64) (Trip, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Trip{}, err
	}
	return s.Store.Trip(ctx, a, id)
}

// UpdateTrip changes a trip of the actor's zone to t if it is still as the
// one who changes it saw it: stamp is TripStamp of that trip (a trip has no
// version; a change made meanwhile is a Conflict, not overwritten).
func (s *Service) UpdateTrip(ctx context.Context, a access.Actor, id int64, stamp string, t Trip) (Trip, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return t, err
	}
	if stamp == "" {
		return t, errs.Fields{"stamp": errs.M("error.required")}.Err()
	}
	return s.Store.UpdateTrip(ctx, a, id, func(prev Trip) (Trip, error) {
		if prev.ZoneID != a.ZoneID {
			return prev, errs.NotFoundf("invest.entity.trip")
		}
		if TripStamp(prev) != stamp {
			return prev, errs.E(errs.Conflict, "error.stale")
		}
		t.ID, t.ZoneID = prev.ID, prev.ZoneID
		if err := ValidateTrip(&t, s.today()); err != nil {
			return t, err
		}
		return t, nil
	})
}

// Visits lists an area's visits, newest first.
func (s *Service) Visits(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Visit], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Visit]{}, err
	}
	p.Limit = p.Size()
	return s.Store.Visits(ctx, a, zoneID, p)
}

// CreateVisit records an inspection visit the actor's zone invited.
func (s *Service) CreateVisit(ctx context.Context, a access.Actor, v Visit) (Visit, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return v, err
	}
	v.ZoneID = a.ZoneID
	if err := ValidateVisit(&v, s.today()); err != nil {
		return v, err
	}
	var err error
	v.ID, err = s.Store.CreateVisit(ctx, a, v)
	return v, err
}

// Funds lists funds newest first, an area's (zoneID) or every one the actor
// sees (0).
func (s *Service) Funds(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Fund], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Fund]{}, err
	}
	p.Limit = p.Size()
	return s.Store.Funds(ctx, a, zoneID, p)
}

// CreateFund records a fund the actor's zone works with.
func (s *Service) CreateFund(ctx context.Context, a access.Actor, x Fund) (Fund, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return x, err
	}
	x.ZoneID = a.ZoneID
	if err := ValidateFund(&x, s.today()); err != nil {
		return x, err
	}
	var err error
	x.ID, err = s.Store.CreateFund(ctx, a, x)
	return x, err
}
