package honour

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Actions of the module.
const (
	ActionRead      access.Action = "honour.read"      // programmes, batches, holdings, cultivation
	ActionWrite     access.Action = "honour.write"     // a zone records batches and cultivation
	ActionProgramme access.Action = "honour.programme" // keep programmes of one's level
)

// Policy lists who may attempt each action; which rows is the scope's
// business (an enterprise user reads its own titles and cultivation only).
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{
		ActionRead:      slices.Clone(access.Roles),
		ActionWrite:     {access.ZoneAdmin, access.ZoneStaff},
		ActionProgramme: {access.National, access.Province, access.City},
	}
}

// EnterpriseRef is an enterprise found by its credit code.
type EnterpriseRef struct {
	ID     int64
	ZoneID int64
	Name   string
}

// Holding is the count of one programme's titles an area holds on a date.
type Holding struct {
	ProgrammeID int64  `json:"programme_id"`
	Programme   string `json:"programme"` // code
	Name        string `json:"name"`
	Held        int    `json:"held"`
}

// TitleView is a title with the names a page shows.
type TitleView struct {
	Title
	Programme      string `json:"programme"`
	ProgrammeName  string `json:"programme_name"`
	EnterpriseName string `json:"enterprise_name"`
	BatchTitle     string `json:"batch_title"`
	Held           bool   `json:"held"` // on the day asked about
}

// Store is what the service needs from storage. Reads are scoped to the
// actor; a row outside the scope is NotFound.
type Store interface {
	Programmes(ctx context.Context) ([]Programme, error)
	CreateProgramme(ctx context.Context, a access.Actor, p Programme) (int64, error)
	// EnterprisesByUSCC finds enterprises by credit code, anywhere: the
	// service tells an unknown code from another zone's.
	EnterprisesByUSCC(ctx context.Context, codes []string) (map[string]EnterpriseRef, error)
	// RecordBatch stores b in one transaction: it reads the titles the
	// batch's enterprises hold (locking them against concurrent batches),
	// asks plan what changes, and persists the batch, its entries, the plan
	// and the rollups, with an audit record.
	RecordBatch(ctx context.Context, a access.Actor, b Batch, plan func(held []Title) (Plan, error)) (Batch, Plan, error)
	// Batches lists batches newest first; zoneID 0 for every zone the actor sees.
	Batches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Batch], error)
	Batch(ctx context.Context, a access.Actor, id int64) (Batch, error)
	// WithdrawBatch removes a batch and undoes what it changed (titles
	// started and ended, rollups), with an audit record; Conflict while a
	// batch recorded after it names one of its enterprises.
	WithdrawBatch(ctx context.Context, a access.Actor, id int64) (Batch, error)
	// Holdings counts titles held on a date per programme, for an area.
	Holdings(ctx context.Context, a access.Actor, zoneID int64, on civil.Date) (map[int64]int, error)
	// Titles lists the titles of an area (enterpriseID 0) or one enterprise.
	Titles(ctx context.Context, a access.Actor, zoneID, enterpriseID int64) ([]TitleView, error)
	// TitlesOf lists every title of the enterprises, unscoped: the rules'
	// input, for enterprises the caller resolved in its zone.
	TitlesOf(ctx context.Context, enterpriseIDs []int64) ([]Title, error)

	Candidates(ctx context.Context, a access.Actor, zoneID int64) ([]Candidate, error)
	Candidate(ctx context.Context, a access.Actor, id int64) (Candidate, error)
	CreateCandidate(ctx context.Context, a access.Actor, c Candidate) (int64, error)
	// UpdateCandidate writes c if its stored version is still c.Version.
	UpdateCandidate(ctx context.Context, a access.Actor, c Candidate) error
	Activities(ctx context.Context, a access.Actor, candidateID int64) ([]Activity, error)
	// AddActivity stores a and moves its candidate's next step to a's.
	AddActivity(ctx context.Context, a access.Actor, act Activity) (int64, error)
}

// Service applies the rules.
type Service struct {
	Store  Store
	Policy *access.Policy
	Now    func() time.Time
	// USCCProblem says what is wrong with a credit code (its length,
	// characters or check character), nil when it is well formed; the
	// enterprise register's rule (enterprise.USCCProblem). Nil: not checked.
	USCCProblem func(code string) *errs.Msg
}

func (s *Service) today() civil.Date { return civil.Today(s.Now()) }

// Programmes lists every programme (reference data every reader may see).
func (s *Service) Programmes(ctx context.Context, a access.Actor) ([]Programme, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Programmes(ctx)
}

// CreateProgramme adds a programme of the actor's level: national users any
// national programme, a province or city its own region's.
func (s *Service) CreateProgramme(ctx context.Context, a access.Actor, p Programme) (Programme, error) {
	if err := s.Policy.Allow(a, ActionProgramme); err != nil {
		return p, err
	}
	list, err := s.Store.Programmes(ctx)
	if err != nil {
		return p, err
	}
	known := make(map[string]bool, len(list))
	for _, x := range list {
		known[x.Code] = true
	}
	switch a.Role {
	case access.Province:
		p.Level, p.RegionCode = Province, a.RegionCode
	case access.City:
		p.Level, p.RegionCode = City, a.RegionCode
	default:
		if p.Level != National {
			var f errs.Fields
			f.Add("level", "honour.err.level_national")
			return p, f.Err()
		}
		p.RegionCode = ""
	}
	if err := ValidateProgramme(&p, known); err != nil {
		return p, err
	}
	// Clerks pick programmes by name: two of one name would read as one.
	for _, x := range list {
		if x.Name == p.Name {
			var f errs.Fields
			f.Add("name", "honour.err.name_taken", p.Name)
			return p, f.Err()
		}
	}
	p.ID, err = s.Store.CreateProgramme(ctx, a, p)
	return p, err
}

// RecordBatch records a notice with the actor's zone's enterprises on it.
// Entries name their programme by code and their enterprise by credit code;
// every problem — credit codes, programmes and the checks against the
// titles held — is reported at once, and nothing is stored unless all pass.
func (s *Service) RecordBatch(ctx context.Context, a access.Actor, b Batch) (Batch, Plan, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return b, Plan{}, err
	}
	b.ZoneID = a.ZoneID
	progs, err := s.prepare(ctx, &b)
	if err != nil {
		return b, Plan{}, err
	}
	return s.Store.RecordBatch(ctx, a, b, func(held []Title) (Plan, error) { return Apply(b, progs, held) })
}

// CheckBatch is RecordBatch without storing: what the batch would change,
// or every problem it has, against the titles held now (an import checks
// its file with it before its commit, which checks again).
func (s *Service) CheckBatch(ctx context.Context, a access.Actor, b Batch) (Batch, Plan, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return b, Plan{}, err
	}
	b.ZoneID = a.ZoneID
	progs, err := s.prepare(ctx, &b)
	if err != nil {
		return b, Plan{}, err
	}
	held, err := s.heldBy(ctx, b)
	if err != nil {
		return b, Plan{}, err
	}
	plan, err := Apply(b, progs, held)
	return b, plan, err
}

// prepare normalises b and resolves its entries' programmes and
// enterprises. When an entry cannot be resolved, the entries that can are
// still checked against the titles held now, so that one answer names every
// problem of the batch.
func (s *Service) prepare(ctx context.Context, b *Batch) (map[int64]Programme, error) {
	Normalize(b)
	list, err := s.Store.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	progs := make(map[int64]Programme, len(list))
	byCode := make(map[string]Programme, len(list))
	for _, p := range list {
		progs[p.ID], byCode[p.Code] = p, p
	}
	codes := make([]string, 0, len(b.Entries))
	for _, e := range b.Entries {
		codes = append(codes, e.USCC)
	}
	ents, err := s.Store.EnterprisesByUSCC(ctx, codes)
	if err != nil {
		return nil, err
	}
	var f errs.Fields
	resolved := *b
	resolved.Entries = nil
	for i := range b.Entries {
		e := &b.Entries[i]
		progOK := true
		if p, found := byCode[e.ProgrammeCode]; found {
			e.ProgrammeID = p.ID
		} else if _, found := progs[e.ProgrammeID]; found && e.ProgrammeCode == "" {
			e.ProgrammeCode = progs[e.ProgrammeID].Code
		} else {
			f.Add(EntryField(e.Row, "programme"), "honour.err.programme")
			progOK = false
		}
		ref, found := ents[e.USCC]
		switch {
		case e.USCC == "":
			f.Add(EntryField(e.Row, "uscc"), "error.required")
		case !found && s.USCCProblem != nil && s.USCCProblem(e.USCC) != nil:
			m := s.USCCProblem(e.USCC)
			f.Add(EntryField(e.Row, "uscc"), m.Key, m.Args...)
		case !found:
			f.Add(EntryField(e.Row, "uscc"), "honour.err.unknown_enterprise", e.USCC)
		case ref.ZoneID != b.ZoneID:
			f.Add(EntryField(e.Row, "uscc"), "honour.err.other_zone", e.USCC)
		default:
			e.EnterpriseID = ref.ID
			if e.EnterpriseName == "" {
				e.EnterpriseName = ref.Name
			}
			if progOK {
				resolved.Entries = append(resolved.Entries, *e)
			}
		}
	}
	if len(f) == 0 {
		return progs, nil
	}
	held, err := s.heldBy(ctx, resolved)
	if err != nil {
		return nil, err
	}
	if _, err := Apply(resolved, progs, held); err != nil {
		var e *errs.Error
		if !errors.As(err, &e) {
			return nil, err
		}
		for k, m := range e.Fields {
			if k == "entries" && len(b.Entries) > 0 {
				continue // the entries are there, only unresolved
			}
			f.Add(k, m.Key, m.Args...)
		}
	}
	return nil, f.Err()
}

// heldBy returns every title the batch's enterprises hold, read now (the
// store reads them again, locked, when it records the batch).
func (s *Service) heldBy(ctx context.Context, b Batch) ([]Title, error) {
	ids := make([]int64, 0, len(b.Entries))
	for _, e := range b.Entries {
		if e.EnterpriseID != 0 {
			ids = append(ids, e.EnterpriseID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.Store.TitlesOf(ctx, ids)
}

// Batches lists batches newest first, an area's (zoneID) or every one the
// actor sees (0).
func (s *Service) Batches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Batch], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Batch]{}, err
	}
	p.Limit = p.Size()
	return s.Store.Batches(ctx, a, zoneID, p)
}

// Batch returns one batch with the entries the actor may see.
func (s *Service) Batch(ctx context.Context, a access.Actor, id int64) (Batch, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Batch{}, err
	}
	return s.Store.Batch(ctx, a, id)
}

// WithdrawBatch removes a batch the actor's zone recorded in error: the
// holdings and rollups return to what they were before it. A batch that a
// later one builds on (it names one of the enterprises) is refused until
// that one is withdrawn.
func (s *Service) WithdrawBatch(ctx context.Context, a access.Actor, id int64) (Batch, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Batch{}, err
	}
	b, err := s.Store.Batch(ctx, a, id)
	if err != nil {
		return b, err
	}
	if b.ZoneID != a.ZoneID {
		return b, errs.NotFoundf("honour.entity.batch")
	}
	return s.Store.WithdrawBatch(ctx, a, id)
}

// Holdings returns, for every programme, how many titles the area holds on
// day on (today when zero), computed from titles.
func (s *Service) Holdings(ctx context.Context, a access.Actor, zoneID int64, on civil.Date) ([]Holding, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = s.today()
	}
	list, err := s.Store.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.Store.Holdings(ctx, a, zoneID, on)
	if err != nil {
		return nil, err
	}
	out := make([]Holding, 0, len(list))
	for _, p := range list {
		out = append(out, Holding{ProgrammeID: p.ID, Programme: p.Code, Name: p.Name, Held: counts[p.ID]})
	}
	return out, nil
}

// Titles lists an area's titles (enterpriseID 0) or one enterprise's,
// each marked held or not on day on (today when zero).
func (s *Service) Titles(ctx context.Context, a access.Actor, zoneID, enterpriseID int64, on civil.Date) ([]TitleView, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = s.today()
	}
	list, err := s.Store.Titles(ctx, a, zoneID, enterpriseID)
	for i := range list {
		list[i].Held = list[i].HeldOn(on)
	}
	return list, err
}

// Candidates lists an area's cultivation candidates.
func (s *Service) Candidates(ctx context.Context, a access.Actor, zoneID int64) ([]Candidate, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Candidates(ctx, a, zoneID)
}

// Candidate returns one candidate the actor sees.
func (s *Service) Candidate(ctx context.Context, a access.Actor, id int64) (Candidate, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Candidate{}, err
	}
	return s.Store.Candidate(ctx, a, id)
}

// CreateCandidate adds a candidate of the actor's zone.
func (s *Service) CreateCandidate(ctx context.Context, a access.Actor, c Candidate) (Candidate, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return c, err
	}
	c.ZoneID = a.ZoneID
	if err := ValidateCandidate(&c, s.today()); err != nil {
		return c, err
	}
	var err error
	c.ID, err = s.Store.CreateCandidate(ctx, a, c)
	c.Version = 1
	return c, err
}

// CandidatePatch changes a candidate; nil fields stay. Version is required.
type CandidatePatch struct {
	Version    int
	Stage      *Stage
	TargetYear *int
	Owner      *string
	Notes      *string
}

// UpdateCandidate applies p if the candidate is still at p.Version.
func (s *Service) UpdateCandidate(ctx context.Context, a access.Actor, id int64, p CandidatePatch) (Candidate, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Candidate{}, err
	}
	c, err := s.Store.Candidate(ctx, a, id)
	if err != nil {
		return c, err
	}
	if err := errs.Version(p.Version, c.Version); err != nil {
		return c, err
	}
	yearSet := p.TargetYear != nil && *p.TargetYear != c.TargetYear
	if p.Stage != nil {
		c.Stage = *p.Stage
	}
	if p.TargetYear != nil {
		c.TargetYear = *p.TargetYear
	}
	if p.Owner != nil {
		c.Owner = *p.Owner
	}
	if p.Notes != nil {
		c.Notes = *p.Notes
	}
	if err := validateCandidate(&c, s.today(), yearSet); err != nil {
		return c, err
	}
	if err := s.Store.UpdateCandidate(ctx, a, c); err != nil {
		return c, err
	}
	c.Version++
	return c, nil
}

// Activities lists a candidate's activities, newest first.
func (s *Service) Activities(ctx context.Context, a access.Actor, candidateID int64) ([]Activity, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Activities(ctx, a, candidateID)
}

// AddActivity records a done activity with a candidate of the actor's zone.
func (s *Service) AddActivity(ctx context.Context, a access.Actor, candidateID int64, act Activity) (Activity, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return act, err
	}
	c, err := s.Store.Candidate(ctx, a, candidateID)
	if err != nil {
		return act, err
	}
	act.CandidateID, act.ZoneID = c.ID, c.ZoneID
	if err := ValidateActivity(&act, s.today()); err != nil {
		return act, err
	}
	act.ID, err = s.Store.AddActivity(ctx, a, act)
	return act, err
}
