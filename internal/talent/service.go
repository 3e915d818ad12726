package talent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Actions of the module.
const (
	ActionRead    access.Action = "talent.read"    // programmes, tiers and calls: no person in them
	ActionPersons access.Action = "talent.persons" // applicants: people, so the zone's and their employer's only
	ActionWrite   access.Action = "talent.write"   // a zone's talent office keeps its programmes and applicants
	ActionIDs     access.Action = "talent.ids"     // identity numbers unmasked
	// ActionExtend moves the closing day of a call whose window has
	// already closed, and records applications to it after it closed
	// (entering late a paper application handed in on time).
	ActionExtend access.Action = "talent.extend"
)

// Policy lists who may attempt each action. No person-level talent data
// goes above the zone: city, province and national users read programmes
// and the talent.* indicators, never applicants.
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{
		ActionRead:    slices.Clone(access.Roles),
		ActionPersons: {access.ZoneAdmin, access.ZoneStaff, access.Enterprise},
		ActionWrite:   {access.ZoneAdmin, access.ZoneStaff},
		ActionIDs:     {access.ZoneAdmin},
		ActionExtend:  {access.ZoneAdmin},
	}
}

// Employer is an applicant's enterprise with the chain it belongs to.
type Employer struct {
	ID        int64
	ZoneID    int64
	Name      string
	ChainID   int64
	ChainCode string
	ChainName string
}

// Store is what the service needs from storage. Reads are scoped to the
// actor; a row outside the scope is NotFound.
type Store interface {
	Programmes(ctx context.Context, a access.Actor, zoneID int64) ([]Programme, error)
	Programme(ctx context.Context, a access.Actor, id int64) (Programme, error)
	CreateProgramme(ctx context.Context, a access.Actor, p Programme) (int64, error)
	// UpdateProgramme stores what change makes of the programme (read
	// locked, with its tiers): its fields, its tiers' (by id) and new tiers
	// (id 0), audited.
	UpdateProgramme(ctx context.Context, a access.Actor, id int64, change func(prev Programme) (Programme, error)) (Programme, error)
	Calls(ctx context.Context, a access.Actor, programmeID int64) ([]Call, error)
	Call(ctx context.Context, a access.Actor, id int64) (Call, error)
	CreateCall(ctx context.Context, a access.Actor, c Call) (int64, error)
	// UpdateCall writes next over prev if prev.Version is still stored;
	// check runs in the same transaction over the number of applicants the
	// call has granted (a quota below it is refused).
	UpdateCall(ctx context.Context, a access.Actor, prev, next Call, check func(granted int) error) error
	// EmployerByUSCC finds an enterprise by credit code, anywhere.
	EmployerByUSCC(ctx context.Context, code string) (Employer, bool, error)
	Applicants(ctx context.Context, a access.Actor, callID int64, p paging.Request) (paging.Page[Applicant], error)
	Applicant(ctx context.Context, a access.Actor, id int64) (Applicant, error)
	// CreateApplicant stores x in one transaction once check passes over
	// the same person's applications to the programme (read under the
	// writer's lock), with its rollups and an audit record.
	CreateApplicant(ctx context.Context, a access.Actor, x Applicant, k Keys, check func(others []Applicant) error) (int64, error)
	// UpdateApplicant writes next over prev if prev.Version is still
	// stored; check runs in the same transaction, after the call's row is
	// locked, over the number of the call's other applicants granted.
	UpdateApplicant(ctx context.Context, a access.Actor, prev, next Applicant, k Keys, check func(grantedOthers int) error) error
}

// Service applies the rules.
type Service struct {
	Store  Store
	Policy *access.Policy
	Now    func() time.Time
	// Importer runs the imports of applicants.
	Importer Importer
}

func (s *Service) today() civil.Date { return civil.Today(s.Now()) }

// Programmes lists an area's programmes in their order, with tiers.
func (s *Service) Programmes(ctx context.Context, a access.Actor, zoneID int64) ([]Programme, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Programmes(ctx, a, zoneID)
}

// Programme returns one programme.
func (s *Service) Programme(ctx context.Context, a access.Actor, id int64) (Programme, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Programme{}, err
	}
	return s.Store.Programme(ctx, a, id)
}

// CreateProgramme adds a programme of the actor's zone.
func (s *Service) CreateProgramme(ctx context.Context, a access.Actor, p Programme) (Programme, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return p, err
	}
	p.ZoneID = a.ZoneID
	list, err := s.Store.Programmes(ctx, a, p.ZoneID)
	if err != nil {
		return p, err
	}
	taken := map[string]bool{}
	maxPos := 0
	for _, x := range list {
		taken[x.Code] = true
		maxPos = max(maxPos, x.Position)
	}
	if p.Position == 0 {
		p.Position = maxPos + 1
	}
	if err := ValidateProgramme(&p, taken); err != nil {
		return p, err
	}
	id, err := s.Store.CreateProgramme(ctx, a, p)
	if err != nil {
		return p, err
	}
	return s.Store.Programme(ctx, a, id)
}

// UpdateProgramme changes a programme of the actor's zone to p if it is
// still as the one who changes it saw it (stamp is ProgrammeStamp of it: a
// programme has no version). Its code and its tiers' codes stay — they are
// the rollups' dimension values and the applicants' tiers — and no tier is
// removed; a tier with a new code is added.
func (s *Service) UpdateProgramme(ctx context.Context, a access.Actor, id int64, stamp string, p Programme) (Programme, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return p, err
	}
	if stamp == "" {
		return p, errs.Fields{"stamp": errs.M("error.required")}.Err()
	}
	list, err := s.Store.Programmes(ctx, a, a.ZoneID)
	if err != nil {
		return p, err
	}
	return s.Store.UpdateProgramme(ctx, a, id, func(prev Programme) (Programme, error) {
		if prev.ZoneID != a.ZoneID {
			return prev, errs.NotFoundf("talent.entity.programme")
		}
		if ProgrammeStamp(prev) != stamp {
			return prev, errs.E(errs.Conflict, "error.stale")
		}
		next := p
		next.ID, next.ZoneID, next.Code = prev.ID, prev.ZoneID, prev.Code
		if next.Position == 0 {
			next.Position = prev.Position
		}
		taken := map[string]bool{}
		for _, x := range list {
			if x.ID != prev.ID {
				taken[x.Code] = true
			}
		}
		var f errs.Fields
		if err := ValidateProgramme(&next, taken); err != nil {
			f.Merge(err)
		}
		byCode := map[string]int{}
		for i, t := range next.Tiers {
			byCode[t.Code] = i
			next.Tiers[i].ID, next.Tiers[i].ProgrammeID = 0, prev.ID
		}
		for _, t := range prev.Tiers {
			i, ok := byCode[t.Code]
			if !ok {
				f.Add("tiers", "talent.err.tier_kept", t.Name)
				continue
			}
			next.Tiers[i].ID = t.ID
		}
		return next, f.Err()
	})
}

// ProgrammeStamp fingerprints a programme as stored, tiers included, so a
// form that changes it can say which state it changes (UpdateProgramme).
func ProgrammeStamp(p Programme) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%q|%q|%q|%q|%q|%d", p.ID, p.ZoneID, p.Code, p.Name, p.NameEN, p.Category, p.CategoryEN, p.Position)
	for _, t := range p.Tiers {
		fmt.Fprintf(h, "|%d|%q|%q|%d|%d", t.ID, t.Code, t.Name, t.MaxSupportFen, t.PeriodYears)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// Calls lists a programme's calls, newest first.
func (s *Service) Calls(ctx context.Context, a access.Actor, programmeID int64) ([]Call, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Calls(ctx, a, programmeID)
}

// Call returns one call.
func (s *Service) Call(ctx context.Context, a access.Actor, id int64) (Call, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Call{}, err
	}
	return s.Store.Call(ctx, a, id)
}

// CreateCall opens a call of one of the zone's programmes.
func (s *Service) CreateCall(ctx context.Context, a access.Actor, c Call) (Call, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return c, err
	}
	p, err := s.Store.Programme(ctx, a, c.ProgrammeID)
	if err != nil {
		return c, err
	}
	if p.ZoneID != a.ZoneID {
		return c, errs.NotFoundf("talent.entity.programme")
	}
	c.ZoneID = p.ZoneID
	if err := ValidateCall(&c); err != nil {
		return c, err
	}
	c.ID, err = s.Store.CreateCall(ctx, a, c)
	c.Version = 1
	return c, err
}

// CallPatch changes a call; nil fields stay. Version is required.
type CallPatch struct {
	Version  int
	Year     *int
	Title    *string
	OpensOn  *civil.Date
	ClosesOn *civil.Date
	Quota    *int
}

// MayExtend reports whether the actor may move the closing day of a call
// whose window has closed, or apply to it late.
func (s *Service) MayExtend(a access.Actor) bool { return s.Policy.Can(a.Role, ActionExtend) }

// CheckCallUpdate checks a change of a call as UpdateCall would — the
// call's version, its fields, the right to move a closed window — without
// writing it, so a form can ask its questions (closing an open window) only
// about a change that would be taken. It returns the call as changed. The
// quota against the applicants granted is checked on writing.
func (s *Service) CheckCallUpdate(ctx context.Context, a access.Actor, id int64, p CallPatch) (Call, error) {
	_, next, err := s.callUpdate(ctx, a, id, p)
	return next, err
}

// callUpdate reads the call and works out and checks the change.
func (s *Service) callUpdate(ctx context.Context, a access.Actor, id int64, p CallPatch) (prev, next Call, err error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Call{}, Call{}, err
	}
	prev, err = s.Store.Call(ctx, a, id)
	if err != nil {
		return prev, prev, err
	}
	if prev.ZoneID != a.ZoneID {
		return prev, prev, errs.NotFoundf("talent.entity.call")
	}
	if err := errs.Version(p.Version, prev.Version); err != nil {
		return prev, prev, err
	}
	next = prev
	if p.Year != nil {
		next.Year = *p.Year
	}
	if p.Title != nil {
		next.Title = *p.Title
	}
	if p.OpensOn != nil {
		next.OpensOn = *p.OpensOn
	}
	if p.ClosesOn != nil {
		next.ClosesOn = *p.ClosesOn
	}
	if p.Quota != nil {
		next.Quota = *p.Quota
	}
	var f errs.Fields
	if err := ValidateCall(&next); err != nil {
		f.Merge(err)
	}
	if prev.Closed(s.today()) && next.ClosesOn != prev.ClosesOn && f["closes_on"].Key == "" && !s.MayExtend(a) {
		f.Add("closes_on", "talent.err.extend_right", prev.ClosesOn.String())
	}
	return prev, next, f.Err()
}

// UpdateCall changes a call of the actor's zone. Once the window has
// closed its closing day moves only for an actor who may extend it; a quota
// below the applicants already granted is refused.
func (s *Service) UpdateCall(ctx context.Context, a access.Actor, id int64, p CallPatch) (Call, error) {
	prev, next, err := s.callUpdate(ctx, a, id, p)
	if err != nil {
		return next, err
	}
	err = s.Store.UpdateCall(ctx, a, prev, next, func(granted int) error {
		if next.Quota > 0 && granted > next.Quota {
			return errs.Fields{"quota": errs.M("talent.err.quota_below", granted)}.Err()
		}
		return nil
	})
	if err != nil {
		return next, err
	}
	next.Version = prev.Version + 1
	return next, nil
}

// mask hides identity numbers from readers who may not see them.
func (s *Service) mask(a access.Actor, x Applicant) Applicant {
	if !s.Policy.Can(a.Role, ActionIDs) {
		x.IDNumber = MaskID(x.IDNumber)
	}
	return x
}

// Applicants lists a call's applicants the actor sees, newest first.
func (s *Service) Applicants(ctx context.Context, a access.Actor, callID int64, p paging.Request) (paging.Page[Applicant], error) {
	if err := s.Policy.Allow(a, ActionPersons); err != nil {
		return paging.Page[Applicant]{}, err
	}
	if _, err := s.Store.Call(ctx, a, callID); err != nil {
		return paging.Page[Applicant]{}, err
	}
	p.Limit = p.Size()
	page, err := s.Store.Applicants(ctx, a, callID, p)
	for i := range page.Items {
		page.Items[i] = s.mask(a, page.Items[i])
	}
	return page, err
}

// Applicant returns one application the actor sees.
func (s *Service) Applicant(ctx context.Context, a access.Actor, id int64) (Applicant, error) {
	if err := s.Policy.Allow(a, ActionPersons); err != nil {
		return Applicant{}, err
	}
	x, err := s.Store.Applicant(ctx, a, id)
	return s.mask(a, x), err
}

// NewApplicant is an application as a zone records it.
type NewApplicant struct {
	Name, IDNumber, TierCode, EmployerUSCC string
	AppliedOn                              civil.Date
}

func tierNames(p Programme) func(int64) string {
	return func(id int64) string {
		t, _ := p.TierByID(id)
		return t.Name
	}
}

// Apply records an application to a call of the actor's zone. Every bad
// field is reported at once; nothing is stored unless all pass.
func (s *Service) Apply(ctx context.Context, a access.Actor, callID int64, n NewApplicant) (Applicant, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Applicant{}, err
	}
	c, err := s.Store.Call(ctx, a, callID)
	if err != nil {
		return Applicant{}, err
	}
	p, err := s.Store.Programme(ctx, a, c.ProgrammeID)
	if err != nil {
		return Applicant{}, err
	}
	x := Applicant{CallID: c.ID, ProgrammeID: p.ID, ZoneID: c.ZoneID, Name: n.Name, IDNumber: n.IDNumber, AppliedOn: n.AppliedOn}
	var f errs.Fields
	tier, ok := p.TierByCode(strings.TrimSpace(n.TierCode))
	if ok {
		x.TierID = tier.ID
	} else if strings.TrimSpace(n.TierCode) != "" {
		f.Add("tier", "talent.err.tier")
	}
	code := strings.ToUpper(strings.TrimSpace(n.EmployerUSCC))
	emp, found, err := s.Store.EmployerByUSCC(ctx, code)
	switch {
	case err != nil:
		return x, err
	case code == "":
	case !found:
		f.Add("enterprise", "talent.err.unknown_enterprise", code)
	case emp.ZoneID != c.ZoneID:
		f.Add("enterprise", "talent.err.other_zone", code)
	default:
		x.EnterpriseID, x.EnterpriseName = emp.ID, emp.Name
		x.ChainID, x.ChainCode, x.ChainName = emp.ChainID, emp.ChainCode, emp.ChainName
	}
	if err := ValidateApplicant(&x, c, s.today(), s.MayExtend(a)); err != nil {
		f.Merge(err)
	}
	if err := f.Err(); err != nil {
		return s.mask(a, x), err
	}
	k := Keys{Programme: p.Code, Tier: tier.Code, Chain: x.ChainCode}
	x.ID, err = s.Store.CreateApplicant(ctx, a, x, k, func(others []Applicant) error {
		return Conflict(x, others, tierNames(p))
	})
	if err != nil {
		return s.mask(a, x), err
	}
	x.Version = 1
	return s.mask(a, x), nil
}

// ReviewPatch is a review of an application; Version is required.
type ReviewPatch struct {
	Version int
	Review
}

// Review records the result of an application's review.
func (s *Service) Review(ctx context.Context, a access.Actor, id int64, r ReviewPatch) (Applicant, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Applicant{}, err
	}
	prev, err := s.Store.Applicant(ctx, a, id)
	if err != nil {
		return prev, err
	}
	if err := errs.Version(r.Version, prev.Version); err != nil {
		return s.mask(a, prev), err
	}
	p, err := s.Store.Programme(ctx, a, prev.ProgrammeID)
	if err != nil {
		return prev, err
	}
	c, err := s.Store.Call(ctx, a, prev.CallID)
	if err != nil {
		return prev, err
	}
	tier, _ := p.TierByID(prev.TierID)
	next, err := ApplyReview(prev, tier, r.Review, s.today())
	if err != nil {
		return s.mask(a, prev), err
	}
	check := func(granted int) error {
		if c.Quota > 0 && next.Status == Granted && prev.Status != Granted && granted >= c.Quota {
			return errs.Fields{"status": errs.M("talent.err.quota_full", c.Quota)}.Err()
		}
		return nil
	}
	if err := s.Store.UpdateApplicant(ctx, a, prev, next, Keys{Programme: p.Code, Tier: tier.Code, Chain: prev.ChainCode}, check); err != nil {
		return s.mask(a, prev), err
	}
	next.Version++
	return s.mask(a, next), nil
}
