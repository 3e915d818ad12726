package org

import (
	"context"
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
	ActionRead     access.Action = "org.read"     // organisations, chains, online branches, profiles
	ActionCoverage access.Action = "org.coverage" // a zone's coverage figures and gaps
	ActionWrite    access.Action = "org.write"    // a zone's party-work office keeps its records
)

// Policy lists who may attempt each action. Which rows is the scope's
// business: an enterprise user sees its own profile and the organisation
// that covers it; coverage is a zone's figure, not an enterprise's.
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{
		ActionRead:     slices.Clone(access.Roles),
		ActionCoverage: {access.National, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar},
		ActionWrite:    {access.ZoneAdmin, access.ZoneStaff},
	}
}

// EnterpriseRef is an enterprise found by its credit code.
type EnterpriseRef struct {
	ID     int64
	ZoneID int64
	Name   string
}

// OrgRef names the organisation that covers an enterprise now.
type OrgRef struct {
	ID   int64
	Name string
}

// Filter narrows a list of organisations.
type Filter struct {
	Due    bool // only those whose election is due within the settings' days
	Kind   Kind
	Mode   Mode
	Cursor string
	Limit  int
	// Sort is the order: "" the newest first, or by name ("name"; "-name"
	// descending).
	Sort  string
	Count bool // asks for the list's total (Page.Total)
}

// Store is what the service needs from storage. Reads are scoped to the
// actor; a row outside the scope is NotFound.
type Store interface {
	// EnterprisesByUSCC finds enterprises by credit code, anywhere: the
	// service tells an unknown code from another zone's.
	EnterprisesByUSCC(ctx context.Context, codes []string) (map[string]EnterpriseRef, error)
	// Covering returns the organisation covering each enterprise now.
	Covering(ctx context.Context, enterpriseIDs []int64) (map[int64]OrgRef, error)

	Profile(ctx context.Context, a access.Actor, enterpriseID int64) (Profile, error)
	// SaveProfile writes p if its stored version is still p.Version (0:
	// none stored yet).
	SaveProfile(ctx context.Context, a access.Actor, p Profile) (Profile, error)

	Organisations(ctx context.Context, a access.Actor, zoneID int64, f Filter, dueBy civil.Date) (paging.Page[Organisation], error)
	Organisation(ctx context.Context, a access.Actor, id int64) (Organisation, error)
	// CreateOrganisation stores o, its members from its founding day, the
	// rollups and an audit record.
	CreateOrganisation(ctx context.Context, a access.Actor, o Organisation, s Settings) (int64, error)
	// UpdateOrganisation writes next over prev if prev.Version is still
	// stored; members that left leave on, those that joined join on.
	UpdateOrganisation(ctx context.Context, a access.Actor, prev, next Organisation, on civil.Date, s Settings) error
	AddHonour(ctx context.Context, a access.Actor, h Honour) (int64, error)

	Chains(ctx context.Context, a access.Actor, zoneID int64) ([]Chain, error)
	Chain(ctx context.Context, a access.Actor, id int64) (Chain, error)
	CreateChain(ctx context.Context, a access.Actor, c Chain) (int64, error)
	UpdateChain(ctx context.Context, a access.Actor, prev, next Chain) error
	// ChainOf returns the chain each enterprise belongs to (by id).
	ChainOf(ctx context.Context, enterpriseIDs []int64) (map[int64]Chain, error)

	OnlineBranches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[OnlineBranch], error)
	CreateOnlineBranch(ctx context.Context, a access.Actor, b OnlineBranch) (int64, error)

	// Figures counts an area's coverage on a day from records.
	Figures(ctx context.Context, a access.Actor, zoneID int64, on, dueBy civil.Date) (Figures, error)
	// Gaps lists the surveyed enterprises whose cover falls short of what
	// their members call for (s), by enterprise id, newest first.
	Gaps(ctx context.Context, a access.Actor, zoneID int64, s Settings, p paging.Request) (paging.Page[Gap], error)
}

// Service applies the rules.
type Service struct {
	Store    Store
	Policy   *access.Policy
	Now      func() time.Time
	Settings Settings
	// Importer runs the module's imports (nil: none).
	Importer Importer
}

func (s *Service) today() civil.Date { return civil.Today(s.Now()) }

func (s *Service) dueBy() civil.Date { return s.today().AddDays(s.Settings.ElectionDueDays) }

// Profile returns an enterprise's survey (zero counts and Version 0 when
// none is stored).
func (s *Service) Profile(ctx context.Context, a access.Actor, enterpriseID int64) (Profile, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Profile{}, err
	}
	return s.Store.Profile(ctx, a, enterpriseID)
}

// PartyOf is an enterprise's party work as its page shows it: its survey
// and the organisation covering it now (ok false when none does).
func (s *Service) PartyOf(ctx context.Context, a access.Actor, enterpriseID int64) (Profile, OrgRef, bool, error) {
	p, err := s.Profile(ctx, a, enterpriseID)
	if err != nil {
		return Profile{}, OrgRef{}, false, err
	}
	m, err := s.Store.Covering(ctx, []int64{enterpriseID})
	if err != nil {
		return p, OrgRef{}, false, err
	}
	ref, ok := m[enterpriseID]
	return p, ref, ok, nil
}

// SaveProfile records an enterprise's employees and members.
func (s *Service) SaveProfile(ctx context.Context, a access.Actor, p Profile) (Profile, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return p, err
	}
	cur, err := s.Store.Profile(ctx, a, p.EnterpriseID)
	if err != nil {
		return p, err
	}
	if cur.ZoneID != a.ZoneID {
		return p, errs.NotFoundf("entity.enterprise")
	}
	if cur.Version != p.Version {
		if p.Version == 0 {
			var f errs.Fields
			f.Add("version", "error.required")
			return p, f.Err()
		}
		return p, errs.E(errs.Conflict, "error.stale")
	}
	p.ZoneID, p.EnterpriseName = cur.ZoneID, cur.EnterpriseName
	if err := ValidateProfile(&p, s.today()); err != nil {
		return p, err
	}
	return s.Store.SaveProfile(ctx, a, p)
}

// members resolves credit codes to the zone's enterprises, reporting each
// bad row (members.N) at once.
func (s *Service) members(ctx context.Context, zoneID int64, codes []string, f *errs.Fields) ([]Member, error) {
	for i := range codes {
		codes[i] = strings.ToUpper(strings.TrimSpace(codes[i]))
	}
	refs, err := s.Store.EnterprisesByUSCC(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]Member, len(codes))
	for i, c := range codes {
		ref, ok := refs[c]
		switch {
		case c == "":
			f.Add(MemberField(i), "error.required")
		case !ok:
			f.Add(MemberField(i), "org.err.unknown_enterprise", c)
		case ref.ZoneID != zoneID:
			f.Add(MemberField(i), "org.err.other_zone", c)
		}
		out[i] = Member{EnterpriseID: ref.ID, USCC: c, Name: ref.Name}
	}
	return out, nil
}

// checkFree reports members already covered by another organisation.
func (s *Service) checkFree(ctx context.Context, self int64, members []Member, f *errs.Fields) error {
	var ids []int64
	for _, m := range members {
		if m.EnterpriseID != 0 {
			ids = append(ids, m.EnterpriseID)
		}
	}
	cov, err := s.Store.Covering(ctx, ids)
	if err != nil {
		return err
	}
	for i, m := range members {
		if o, ok := cov[m.EnterpriseID]; ok && o.ID != self {
			f.Add(MemberField(i), "org.err.covered_elsewhere", m.Name, o.Name)
		}
	}
	return nil
}

// NewOrganisation is what a zone records of a new organisation.
type NewOrganisation struct {
	Organisation
	MemberCodes []string // credit codes of the enterprises it covers
}

// CreateOrganisation records an organisation of the actor's zone covering
// the enterprises named; every bad field and row is reported at once and
// nothing is stored unless all pass.
func (s *Service) CreateOrganisation(ctx context.Context, a access.Actor, n NewOrganisation) (Organisation, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return n.Organisation, err
	}
	o := n.Organisation
	o.ZoneID = a.ZoneID
	var f errs.Fields
	members, err := s.members(ctx, o.ZoneID, n.MemberCodes, &f)
	if err != nil {
		return o, err
	}
	o.Members = members
	if err := Validate(&o, s.Settings, s.today()); err != nil {
		f.Merge(err)
	}
	if err := s.checkFree(ctx, 0, o.Members, &f); err != nil {
		return o, err
	}
	if err := f.Err(); err != nil {
		return o, err
	}
	for i := range o.Members {
		o.Members[i].From = o.FoundedOn
	}
	id, err := s.Store.CreateOrganisation(ctx, a, o, s.Settings)
	if err != nil {
		return o, err
	}
	return s.Store.Organisation(ctx, a, id)
}

// Organisations lists an area's organisations, newest first.
func (s *Service) Organisations(ctx context.Context, a access.Actor, zoneID int64, f Filter) (paging.Page[Organisation], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[Organisation]{}, err
	}
	f.Limit = paging.Size(f.Limit)
	return s.Store.Organisations(ctx, a, zoneID, f, s.dueBy())
}

// Organisation returns one organisation the actor sees.
func (s *Service) Organisation(ctx context.Context, a access.Actor, id int64) (Organisation, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Organisation{}, err
	}
	return s.Store.Organisation(ctx, a, id)
}

// ElectionDue reports whether o's election is due as the service counts.
func (s *Service) ElectionDue(o Organisation) bool {
	return o.ElectionDue(s.today(), s.Settings.ElectionDueDays)
}

// ElectionOverdue reports whether o's next election date has passed.
func (s *Service) ElectionOverdue(o Organisation) bool {
	next := o.NextElection()
	return o.DissolvedOn.IsZero() && !next.IsZero() && next.Before(s.today())
}

// Patch changes an organisation; nil fields stay. Version is required.
type Patch struct {
	Version        int
	Name           *string
	Kind           *Kind
	Mode           *Mode
	Secretary      *string
	Instructor     *string
	TermYears      *int
	LastElectionOn *civil.Date // a later date records an election
	DissolvedOn    *civil.Date
	MemberCodes    []string    // nil: unchanged
	MembersOn      *civil.Date // when member changes take effect; default today
}

// UpdateOrganisation applies p if the organisation is still at p.Version.
func (s *Service) UpdateOrganisation(ctx context.Context, a access.Actor, id int64, p Patch) (Organisation, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Organisation{}, err
	}
	prev, err := s.Store.Organisation(ctx, a, id)
	if err != nil {
		return prev, err
	}
	if err := errs.Version(p.Version, prev.Version); err != nil {
		return prev, err
	}
	var f errs.Fields
	next := prev
	next.Elections = slices.Clone(prev.Elections)
	next.Members = slices.Clone(prev.Members)
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&next.Name, p.Name)
	set(&next.Secretary, p.Secretary)
	set(&next.Instructor, p.Instructor)
	if p.Kind != nil {
		next.Kind = *p.Kind
	}
	if p.Mode != nil {
		next.Mode = *p.Mode
	}
	if p.TermYears != nil {
		next.TermYears = *p.TermYears
	}
	if p.DissolvedOn != nil {
		next.DissolvedOn = *p.DissolvedOn
	}
	if e := p.LastElectionOn; e != nil && !e.IsZero() && e.After(prev.LastElection()) {
		next.Elections = append(next.Elections, *e)
	} else if e != nil && !e.IsZero() && e.Before(prev.FoundedOn) {
		f.Add("last_election_on", "org.err.election_before_founding", prev.FoundedOn.String())
	}
	on := s.today()
	if p.MembersOn != nil && !p.MembersOn.IsZero() {
		on = *p.MembersOn
	}
	if on.Before(prev.FoundedOn) {
		f.Add("members_on", "org.err.members_before_founding", prev.FoundedOn.String())
	}
	if p.MemberCodes != nil {
		members, err := s.members(ctx, prev.ZoneID, p.MemberCodes, &f)
		if err != nil {
			return prev, err
		}
		next.Members = members
		// Nobody joins or leaves a dissolved organisation: its members
		// ended with it. A list naming just the members it has (none once
		// dissolved; all of them in the patch that dissolves it) is no
		// change and passes.
		if !next.DissolvedOn.IsZero() && !sameMembers(prev.Members, members) {
			f.Add("members", "org.err.members_dissolved", next.DissolvedOn.String())
		}
	}
	if err := Validate(&next, s.Settings, s.today()); err != nil {
		f.Merge(err)
	}
	if next.DissolvedOn.IsZero() {
		if err := s.checkFree(ctx, prev.ID, next.Members, &f); err != nil {
			return prev, err
		}
	}
	if err := f.Err(); err != nil {
		return prev, err
	}
	if err := s.Store.UpdateOrganisation(ctx, a, prev, next, on, s.Settings); err != nil {
		return prev, err
	}
	return s.Store.Organisation(ctx, a, id)
}

// sameMembers reports whether a and b list the same enterprises, in any
// order.
func sameMembers(a, b []Member) bool {
	ids := func(ms []Member) []int64 {
		out := make([]int64, len(ms))
		for i, m := range ms {
			out[i] = m.EnterpriseID
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(ids(a), ids(b))
}

// AddHonour records an honour of an organisation of the actor's zone.
func (s *Service) AddHonour(ctx context.Context, a access.Actor, orgID int64, h Honour) (Honour, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return h, err
	}
	o, err := s.Store.Organisation(ctx, a, orgID)
	if err != nil {
		return h, err
	}
	h.OrgID = o.ID
	if err := ValidateHonour(&h, s.today()); err != nil {
		return h, err
	}
	h.ID, err = s.Store.AddHonour(ctx, a, h)
	return h, err
}

// Chains lists an area's chains with their members.
func (s *Service) Chains(ctx context.Context, a access.Actor, zoneID int64) ([]Chain, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Chains(ctx, a, zoneID)
}

// Chain returns one chain.
func (s *Service) Chain(ctx context.Context, a access.Actor, id int64) (Chain, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Chain{}, err
	}
	return s.Store.Chain(ctx, a, id)
}

// chainMembers resolves a chain's member codes and refuses enterprises of
// another chain (an enterprise belongs to one).
func (s *Service) chainMembers(ctx context.Context, self, zoneID int64, codes []string, f *errs.Fields) ([]Member, error) {
	members, err := s.members(ctx, zoneID, codes, f)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, m := range members {
		ids = append(ids, m.EnterpriseID)
	}
	of, err := s.Store.ChainOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	seen := map[int64]int{}
	for i, m := range members {
		if c, ok := of[m.EnterpriseID]; ok && c.ID != self && m.EnterpriseID != 0 {
			f.Add(MemberField(i), "org.err.other_chain", m.Name, c.Name)
		}
		if first, dup := seen[m.EnterpriseID]; dup && m.EnterpriseID != 0 {
			f.Add(MemberField(i), "org.err.member_twice", first+1)
		}
		seen[m.EnterpriseID] = i
	}
	return members, nil
}

func (s *Service) takenCodes(ctx context.Context, a access.Actor, zoneID, self int64) (map[string]bool, error) {
	list, err := s.Store.Chains(ctx, a, zoneID)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, c := range list {
		if c.ID != self {
			taken[c.Code] = true
		}
	}
	return taken, nil
}

// CreateChain records a chain of the actor's zone with its members.
func (s *Service) CreateChain(ctx context.Context, a access.Actor, c Chain, codes []string) (Chain, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return c, err
	}
	c.ZoneID = a.ZoneID
	var f errs.Fields
	members, err := s.chainMembers(ctx, 0, c.ZoneID, codes, &f)
	if err != nil {
		return c, err
	}
	c.Members = members
	taken, err := s.takenCodes(ctx, a, c.ZoneID, 0)
	if err != nil {
		return c, err
	}
	if err := ValidateChain(&c, taken, s.today()); err != nil {
		f.Merge(err)
	}
	if err := f.Err(); err != nil {
		return c, err
	}
	id, err := s.Store.CreateChain(ctx, a, c)
	if err != nil {
		return c, err
	}
	return s.Store.Chain(ctx, a, id)
}

// ChainPatch changes a chain; nil fields stay.
type ChainPatch struct {
	Version      int
	Name         *string
	Level        *Level
	Body         *BodyKind
	BodyName     *string
	BodyFormedOn *civil.Date
	MemberCodes  []string // nil: unchanged
}

// UpdateChain applies p if the chain is still at p.Version.
func (s *Service) UpdateChain(ctx context.Context, a access.Actor, id int64, p ChainPatch) (Chain, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return Chain{}, err
	}
	prev, err := s.Store.Chain(ctx, a, id)
	if err != nil {
		return prev, err
	}
	if err := errs.Version(p.Version, prev.Version); err != nil {
		return prev, err
	}
	var f errs.Fields
	next := prev
	if p.Name != nil {
		next.Name = *p.Name
	}
	if p.Level != nil {
		next.Level = *p.Level
	}
	if p.Body != nil {
		next.Body = *p.Body
	}
	if p.BodyName != nil {
		next.BodyName = *p.BodyName
	}
	if p.BodyFormedOn != nil {
		next.BodyFormedOn = *p.BodyFormedOn
	}
	if p.MemberCodes != nil {
		if next.Members, err = s.chainMembers(ctx, prev.ID, prev.ZoneID, p.MemberCodes, &f); err != nil {
			return prev, err
		}
	}
	taken, err := s.takenCodes(ctx, a, prev.ZoneID, prev.ID)
	if err != nil {
		return prev, err
	}
	if err := ValidateChain(&next, taken, s.today()); err != nil {
		f.Merge(err)
	}
	if err := f.Err(); err != nil {
		return prev, err
	}
	if err := s.Store.UpdateChain(ctx, a, prev, next); err != nil {
		return prev, err
	}
	return s.Store.Chain(ctx, a, id)
}

// OnlineBranches lists an area's online branches, newest first.
func (s *Service) OnlineBranches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[OnlineBranch], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[OnlineBranch]{}, err
	}
	p.Limit = p.Size()
	return s.Store.OnlineBranches(ctx, a, zoneID, p)
}

// CreateOnlineBranch records an online branch of one of the zone's
// organisations.
func (s *Service) CreateOnlineBranch(ctx context.Context, a access.Actor, b OnlineBranch) (OnlineBranch, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return b, err
	}
	b.ZoneID = a.ZoneID
	var f errs.Fields
	if err := ValidateOnlineBranch(&b, s.today()); err != nil {
		f.Merge(err)
	}
	if b.OrgID != 0 {
		o, err := s.Store.Organisation(ctx, a, b.OrgID)
		switch {
		case errs.Is(err, errs.NotFound) || (err == nil && o.ZoneID != b.ZoneID):
			f.Add("org_id", "org.err.branch_org")
		case err != nil:
			return b, err
		case !o.DissolvedOn.IsZero():
			f.Add("org_id", "org.err.branch_dissolved", o.Name)
		case !b.OpenedOn.IsZero() && b.OpenedOn.Before(o.FoundedOn):
			f.Add("opened_on", "org.err.branch_before_org", o.FoundedOn.String())
		default:
			b.OrgName = o.Name
		}
	}
	if err := f.Err(); err != nil {
		return b, err
	}
	var err error
	b.ID, err = s.Store.CreateOnlineBranch(ctx, a, b)
	return b, err
}

// Figures counts an area's coverage on day on (today when zero).
func (s *Service) Figures(ctx context.Context, a access.Actor, zoneID int64, on civil.Date) (Figures, error) {
	if err := s.Policy.Allow(a, ActionCoverage); err != nil {
		return Figures{}, err
	}
	if on.IsZero() {
		on = s.today()
	}
	return s.Store.Figures(ctx, a, zoneID, on, on.AddDays(s.Settings.ElectionDueDays))
}

// Gaps lists an area's 应建未建 enterprises.
func (s *Service) Gaps(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Gap], error) {
	if err := s.Policy.Allow(a, ActionCoverage); err != nil {
		return paging.Page[Gap]{}, err
	}
	p.Limit = p.Size()
	return s.Store.Gaps(ctx, a, zoneID, s.Settings, p)
}
