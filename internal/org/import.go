package org

import (
	"context"
	"os"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/xlsx"
)

// Import kinds: the job kinds of the module's imports.
const (
	ImportOrganisations = "org_organisations"
	ImportChainMembers  = "org_chain_members"
	ImportBranches      = "org_online_branches"
)

// ImportKinds lists the module's imports in the page's order.
func ImportKinds() []string { return []string{ImportOrganisations, ImportChainMembers, ImportBranches} }

// Importer is what the module's imports need besides the service: the job
// runner and the file limits.
type Importer struct {
	Jobs   *jobs.Runner
	Config imports.Config
	Store  ImportStore
}

// ImportStore is what an import stores, all of it in one transaction.
type ImportStore interface {
	ImportOrganisations(ctx context.Context, a access.Actor, list []Organisation, s Settings) (int, error)
	ImportChainMembers(ctx context.Context, a access.Actor, prev, next []Chain) error
	ImportOnlineBranches(ctx context.Context, a access.Actor, list []OnlineBranch) (int, error)
}

func codesOf[S ~string](cat *i18n.Catalog, list []S, key func(S) string) []xlsx.CodeName {
	out := make([]xlsx.CodeName, 0, len(list))
	for _, x := range list {
		out = append(out, xlsx.CodeName{Code: string(x), Name: cat.T(i18n.ZH, key(x))})
	}
	return out
}

// ImportSpec is the file of an import kind (false: no such kind).
func ImportSpec(cat *i18n.Catalog, kind string) (xlsx.Spec, bool) {
	switch kind {
	case ImportOrganisations:
		return xlsx.Spec{Sheet: "党组织", Columns: []xlsx.Column{
			{Key: "name", Header: "党组织名称", Required: true},
			{Key: "kind", Header: "组织类型", Required: true, Kind: xlsx.Code, Codes: codesOf(cat, Kinds(), Kind.Key)},
			{Key: "mode", Header: "组建方式", Required: true, Kind: xlsx.Code, Codes: codesOf(cat, Modes(), Mode.Key)},
			{Key: "members", Header: "覆盖企业统一社会信用代码", Required: true, Help: "单建填一家；联建填两家及以上，用顿号、逗号或换行分隔"},
			{Key: "secretary", Header: "书记", Help: "单建、联建必填"},
			{Key: "instructor", Header: "选派书记或党建指导员", Help: "派建必填"},
			{Key: "founded_on", Header: "成立日期", Required: true, Kind: xlsx.Date},
			{Key: "term_years", Header: "任期（年）", Kind: xlsx.Int, Help: "2或3，空为3"},
			{Key: "last_election_on", Header: "上次换届日期", Kind: xlsx.Date, Help: "成立以来未换届的留空；不能早于成立日期"},
		}}, true
	case ImportChainMembers:
		return xlsx.Spec{Sheet: "产业链成员", Columns: []xlsx.Column{
			{Key: "chain", Header: "产业链", Required: true, Help: "产业链名称或代码，须已在系统中建立"},
			{Key: "uscc", Header: "企业统一社会信用代码", Required: true, Kind: xlsx.Ident},
		}}, true
	case ImportBranches:
		return xlsx.Spec{Sheet: "网上党支部", Columns: []xlsx.Column{
			{Key: "organisation", Header: "所属党组织", Required: true, Help: "本园区已建立的党组织名称"},
			{Key: "name", Header: "网上党支部名称", Required: true},
			{Key: "platform", Header: "平台", Required: true, Kind: xlsx.Code, Codes: codesOf(cat, Platforms(), Platform.Key)},
			{Key: "open", Header: "是否开放式", Kind: xlsx.Code, Codes: []xlsx.CodeName{{Code: "yes", Name: "是"}, {Code: "no", Name: "否"}}},
			{Key: "opened_on", Header: "开通日期", Required: true, Kind: xlsx.Date},
		}}, true
	}
	return xlsx.Spec{}, false
}

// splitCodes splits credit codes listed in one cell.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\t' || r == '/'
	})
}

// reject records f against the row: a member's problem under the members
// column, an election's under the last election's, the rest by field.
func reject(row xlsx.Row, f errs.Fields, rename map[string]string) error {
	rest := errs.Fields{}
	for k, m := range f {
		switch {
		case strings.HasPrefix(k, "members."):
			row.Fail("members", m.Key, m.Args...)
		case strings.HasPrefix(k, "elections."):
			row.Fail("last_election_on", m.Key, m.Args...)
		case rename[k] != "":
			row.Fail(rename[k], m.Key, m.Args...)
		default:
			rest[k] = m
		}
	}
	if len(rest) == 0 {
		return nil
	}
	return row.Reject(rest.Err())
}

// orgImport is the imports.Module of a file of organisations: every row
// checked as the form checks it, plus an enterprise listed in two rows.
type orgImport struct {
	s      *Service
	store  ImportStore
	a      access.Actor
	zoneID int64
	today  civil.Date
	seen   map[int64]int // enterprise → the row covering it
	list   []Organisation
}

func (m *orgImport) Row(ctx context.Context, row xlsx.Row) error {
	o := Organisation{ZoneID: m.zoneID, Name: row.Text("name"), Secretary: row.Text("secretary"), Instructor: row.Text("instructor")}
	kind, kindOK := row.Code("kind")
	mode, modeOK := row.Code("mode")
	o.Kind, o.Mode = Kind(kind), Mode(mode)
	o.FoundedOn, _ = row.Date("founded_on")
	if n, ok := row.Int("term_years"); ok {
		o.TermYears = int(n)
	}
	if e, ok := row.Date("last_election_on"); ok && !e.IsZero() {
		o.Elections = []civil.Date{e}
	}
	var f errs.Fields
	codes := splitCodes(row.Text("members"))
	members, err := m.s.members(ctx, m.zoneID, codes, &f)
	if err != nil {
		return err
	}
	o.Members = members
	var v errs.Fields
	v.Merge(Validate(&o, m.s.Settings, m.today))
	for k, msg := range v {
		// A code the reader refused is reported once, by the reader.
		if (k == "kind" && !kindOK) || (k == "mode" && !modeOK) || (k == "founded_on" && o.FoundedOn.IsZero()) || (k == "members" && len(codes) == 0) {
			continue
		}
		f.Add(k, msg.Key, msg.Args...)
	}
	if err := m.s.checkFree(ctx, 0, o.Members, &f); err != nil {
		return err
	}
	for i, mem := range o.Members {
		if first, dup := m.seen[mem.EnterpriseID]; dup && mem.EnterpriseID != 0 {
			f.Add(MemberField(i), "org.err.import_twice", mem.Name, first)
		}
	}
	if err := reject(row, f, nil); err != nil {
		return err
	}
	if row.Bad() {
		return nil
	}
	for i := range o.Members {
		o.Members[i].From = o.FoundedOn
		m.seen[o.Members[i].EnterpriseID] = row.Num
	}
	m.list = append(m.list, o)
	return nil
}

func (m *orgImport) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	return m.store.ImportOrganisations(ctx, m.a, m.list, m.s.Settings)
}

// chainImport adds enterprises to the zone's chains.
type chainImport struct {
	s      *Service
	store  ImportStore
	a      access.Actor
	zoneID int64
	chains map[string]*Chain // by code and by name
	prev   map[int64]Chain
	seen   map[int64]int // enterprise → the row naming it
	order  []int64
}

func (m *chainImport) Row(ctx context.Context, row xlsx.Row) error {
	name := row.Text("chain")
	code, _ := row.Ident("uscc")
	c, ok := m.chains[name]
	if name != "" && !ok {
		row.Fail("chain", "org.err.import_chain", name)
	}
	if code == "" {
		return nil
	}
	var f errs.Fields
	members, err := m.s.members(ctx, m.zoneID, []string{code}, &f)
	if err != nil {
		return err
	}
	mem := members[0]
	if mem.EnterpriseID != 0 {
		of, err := m.s.Store.ChainOf(ctx, []int64{mem.EnterpriseID})
		if err != nil {
			return err
		}
		if other, in := of[mem.EnterpriseID]; in && (!ok || other.ID != c.ID) {
			f.Add("uscc", "org.err.other_chain", mem.Name, other.Name)
		}
		if first, dup := m.seen[mem.EnterpriseID]; dup {
			f.Add("uscc", "org.err.import_twice", mem.Name, first)
		}
	}
	if err := reject(row, f, map[string]string{}); err != nil {
		return err
	}
	if row.Bad() || !ok {
		return nil
	}
	m.seen[mem.EnterpriseID] = row.Num
	for _, x := range c.Members {
		if x.EnterpriseID == mem.EnterpriseID {
			return nil // a member already
		}
	}
	if _, kept := m.prev[c.ID]; !kept {
		p := *c
		p.Members = append([]Member(nil), c.Members...)
		m.prev[c.ID] = p
		m.order = append(m.order, c.ID)
	}
	c.Members = append(c.Members, mem)
	return nil
}

func (m *chainImport) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	var prev, next []Chain
	added := 0
	for _, id := range m.order {
		p := m.prev[id]
		for _, c := range m.chains {
			if c.ID == id {
				added += len(c.Members) - len(p.Members)
				prev, next = append(prev, p), append(next, *c)
				break
			}
		}
	}
	return added, m.store.ImportChainMembers(ctx, m.a, prev, next)
}

// branchImport records online branches of the zone's organisations.
type branchImport struct {
	s     *Service
	store ImportStore
	a     access.Actor
	today civil.Date
	orgs  map[string]Organisation // by name
	zone  int64
	list  []OnlineBranch
}

func (m *branchImport) Row(_ context.Context, row xlsx.Row) error {
	b := OnlineBranch{ZoneID: m.zone, Name: row.Text("name")}
	platform, platformOK := row.Code("platform")
	b.Platform = Platform(platform)
	open, _ := row.Code("open")
	b.Open = open != "no"
	b.OpenedOn, _ = row.Date("opened_on")
	name := row.Text("organisation")
	var f errs.Fields
	o, found := m.orgs[name]
	switch {
	case name == "":
	case !found:
		f.Add("organisation", "org.err.import_branch_org", name)
	case !o.DissolvedOn.IsZero():
		f.Add("organisation", "org.err.branch_dissolved", o.Name)
	default:
		b.OrgID, b.OrgName = o.ID, o.Name
		if !b.OpenedOn.IsZero() && b.OpenedOn.Before(o.FoundedOn) {
			f.Add("opened_on", "org.err.branch_before_org", o.FoundedOn.String())
		}
	}
	var v errs.Fields
	v.Merge(ValidateOnlineBranch(&b, m.today))
	for k, msg := range v {
		if k == "org_id" || (k == "platform" && !platformOK) || (k == "opened_on" && b.OpenedOn.IsZero()) || (k == "name" && b.Name == "") {
			continue
		}
		f.Add(k, msg.Key, msg.Args...)
	}
	if err := reject(row, f, nil); err != nil {
		return err
	}
	if !row.Bad() {
		m.list = append(m.list, b)
	}
	return nil
}

func (m *branchImport) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	return m.store.ImportOnlineBranches(ctx, m.a, m.list)
}

// module makes the imports.Module of kind for the actor's zone.
func (s *Service) module(ctx context.Context, a access.Actor, kind string, st ImportStore) (imports.Module, error) {
	today := s.today()
	switch kind {
	case ImportOrganisations:
		return &orgImport{s: s, store: st, a: a, zoneID: a.ZoneID, today: today, seen: map[int64]int{}}, nil
	case ImportChainMembers:
		list, err := s.Store.Chains(ctx, a, a.ZoneID)
		if err != nil {
			return nil, err
		}
		m := &chainImport{s: s, store: st, a: a, zoneID: a.ZoneID, chains: map[string]*Chain{}, prev: map[int64]Chain{}, seen: map[int64]int{}}
		for i := range list {
			c := &list[i]
			m.chains[c.Code], m.chains[c.Name] = c, c
		}
		return m, nil
	case ImportBranches:
		m := &branchImport{s: s, store: st, a: a, today: today, orgs: map[string]Organisation{}, zone: a.ZoneID}
		f := Filter{Limit: paging.MaxLimit}
		for {
			page, err := s.Store.Organisations(ctx, a, a.ZoneID, f, today)
			if err != nil {
				return nil, err
			}
			for _, o := range page.Items {
				if cur, ok := m.orgs[o.Name]; !ok || !cur.DissolvedOn.IsZero() {
					m.orgs[o.Name] = o
				}
			}
			if page.Next == "" {
				break
			}
			f.Cursor = page.Next
		}
		return m, nil
	}
	var f errs.Fields
	f.Add("kind", "org.err.import_kind")
	return nil, f.Err()
}

// Import reads a file of kind into the actor's zone: every row checked,
// every bad row reported at once (and in an error report attached to the
// job), nothing stored unless all pass (or SkipBad leaves the bad ones out).
func (s *Service) Import(ctx context.Context, a access.Actor, kind string, req imports.Request, p imports.Progress) (imports.Outcome, error) {
	im := s.Importer
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return imports.Outcome{}, err
	}
	spec, _ := ImportSpec(im.Config.Catalog, kind)
	m, err := s.module(ctx, a, kind, im.Store)
	if err != nil {
		return imports.Outcome{}, err
	}
	return imports.Run(ctx, im.Config, spec, req, p, m)
}

// SubmitImport starts an import of the actor's zone as a background job;
// the job owns the file at req.Path.
func (s *Service) SubmitImport(ctx context.Context, a access.Actor, kind string, req imports.Request) (int64, error) {
	im := s.Importer
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	if _, ok := ImportSpec(im.Config.Catalog, kind); !ok {
		_ = os.Remove(req.Path)
		var f errs.Fields
		f.Add("kind", "org.err.import_kind")
		return 0, f.Err()
	}
	req.ZoneID = a.ZoneID
	return imports.Submit(ctx, im.Jobs, a, kind, req, func(ctx context.Context, p *jobs.Progress) (any, error) {
		out, err := s.Import(ctx, a, kind, req, p)
		if out.FileName == "" {
			return nil, err
		}
		return out, err
	})
}
