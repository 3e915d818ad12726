package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/zone"
)

// orgTalentEndpoints are the organisation-coverage and talent modules':
// organisations, chains, online branches, coverage and gaps, an
// enterprise's survey; talent programmes, calls and applicants.
func (a *API) orgTalentEndpoints() []endpoint {
	const conflict, invalid = http.StatusConflict, http.StatusUnprocessableEntity
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/organisations", Handler: a.listOrganisations,
			Op: Op{Summary: "An area's party organisations, newest first, keyset-paginated (an enterprise user: the one covering it)", Tag: "organisations",
				Query: apitypes.OrgQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Organisation](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/organisations", Handler: a.createOrganisation,
			Op: Op{Summary: "Record an organisation of the caller's zone and the enterprises it covers; every bad field and member is reported at once", Tag: "organisations",
				Body: apitypes.NewOrganisation{}, OK: []Resp{created(apitypes.Organisation{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/organisations/{id}", Handler: a.getOrganisation,
			Op: Op{Summary: "One organisation with its members, past members, elections and honours", Tag: "organisations", OK: []Resp{ok(apitypes.Organisation{})}}},
		{Method: "PATCH", Pattern: "/api/v1/organisations/{id}", Handler: a.patchOrganisation,
			Op: Op{Summary: "Change an organisation: fields, members (from members_on), an election, dissolution (version required)", Tag: "organisations",
				Body: apitypes.OrganisationPatch{}, OK: []Resp{ok(apitypes.Organisation{})}, Errors: []int{conflict}}},
		{Method: "POST", Pattern: "/api/v1/organisations/{id}/honours", Handler: a.addOrgHonour,
			Op: Op{Summary: "Record an organisation's honour", Tag: "organisations", Body: apitypes.NewOrgHonour{}, OK: []Resp{created(apitypes.OrgHonour{})}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/chains", Handler: a.listChains,
			Op: Op{Summary: "An area's industry chains with their members and the committee or alliance covering each", Tag: "organisations",
				OK: []Resp{ok(apitypes.ListOf[apitypes.Chain](nil))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/chains", Handler: a.createChain,
			Op: Op{Summary: "Record a chain of the caller's zone; an enterprise belongs to one chain", Tag: "organisations",
				Body: apitypes.NewChain{}, OK: []Resp{created(apitypes.Chain{})}, Errors: []int{conflict}}},
		{Method: "PATCH", Pattern: "/api/v1/chains/{id}", Handler: a.patchChain,
			Op: Op{Summary: "Change a chain: its members, its committee or alliance (version required)", Tag: "organisations",
				Body: apitypes.ChainPatch{}, OK: []Resp{ok(apitypes.Chain{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/online-branches", Handler: a.listOnlineBranches,
			Op: Op{Summary: "An area's online party branches, newest first, keyset-paginated", Tag: "organisations",
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.OnlineBranch](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/online-branches", Handler: a.createOnlineBranch,
			Op: Op{Summary: "Record an online branch of one of the zone's organisations", Tag: "organisations",
				Body: apitypes.NewOnlineBranch{}, OK: []Resp{created(apitypes.OnlineBranch{})}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/coverage", Handler: a.coverage,
			Op: Op{Summary: "An area's organisation coverage on a day, computed from records, by mode, chain and park", Tag: "organisations",
				Query: apitypes.OnQuery{}, OK: []Resp{ok(apitypes.Coverage{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/coverage/gaps", Handler: a.coverageGaps,
			Op: Op{Summary: "Surveyed enterprises whose cover falls short of what their members call for (应建未建), keyset-paginated", Tag: "organisations",
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.CoverageGap](nil, ""))}}},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}/party", Handler: a.getPartyProfile,
			Op: Op{Summary: "An enterprise's survey: employees and full party members", Tag: "organisations", OK: []Resp{ok(apitypes.PartyProfile{})}}},
		{Method: "PUT", Pattern: "/api/v1/enterprises/{id}/party", Handler: a.putPartyProfile,
			Op: Op{Summary: "Record an enterprise's survey (version 0 for the first)", Tag: "organisations",
				Body: apitypes.PartyProfileIn{}, OK: []Resp{ok(apitypes.PartyProfile{})}, Errors: []int{conflict}}},

		{Method: "GET", Pattern: "/api/v1/zones/{slug}/talent-programmes", Handler: a.listTalentProgrammes,
			Op: Op{Summary: "An area's talent programmes in the zone's order, with their tiers", Tag: "talent",
				OK: []Resp{ok(apitypes.ListOf[apitypes.TalentProgramme](nil))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/talent-programmes", Handler: a.createTalentProgramme,
			Op: Op{Summary: "Add a talent programme of the caller's zone with its tiers", Tag: "talent",
				Body: apitypes.NewTalentProgramme{}, OK: []Resp{created(apitypes.TalentProgramme{})}}},
		{Method: "GET", Pattern: "/api/v1/talent-programmes/{id}/calls", Handler: a.listTalentCalls,
			Op: Op{Summary: "A programme's calls for applications, newest first", Tag: "talent", OK: []Resp{ok(apitypes.ListOf[apitypes.TalentCall](nil))}}},
		{Method: "POST", Pattern: "/api/v1/talent-programmes/{id}/calls", Handler: a.createTalentCall,
			Op: Op{Summary: "Open a call of a programme of the caller's zone", Tag: "talent", Body: apitypes.NewTalentCall{},
				OK: []Resp{created(apitypes.TalentCall{})}}},
		{Method: "PATCH", Pattern: "/api/v1/talent-calls/{id}", Handler: a.patchTalentCall,
			Op: Op{Summary: "Change a call: title, year, window, quota (version required); a closed call's closing day moves only for a zone administrator", Tag: "talent",
				Body: apitypes.TalentCallPatch{}, OK: []Resp{ok(apitypes.TalentCall{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/talent-calls/{id}/applicants", Handler: a.listApplicants,
			Op: Op{Summary: "A call's applicants, newest first, keyset-paginated: the zone's staff, or the employer's own; never above the zone", Tag: "talent",
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.TalentApplicant](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/talent-calls/{id}/applicants", Handler: a.createApplicant,
			Op: Op{Summary: "Record an application; a person holds one tier of a programme at a time; none once the call has closed (but a zone administrator's)", Tag: "talent",
				Body: apitypes.NewTalentApplicant{}, OK: []Resp{created(apitypes.TalentApplicant{})}}},
		{Method: "PATCH", Pattern: "/api/v1/talent-applicants/{id}", Handler: a.reviewApplicant,
			Op: Op{Summary: "Record the review of an application: status, result, support granted (version required)", Tag: "talent",
				Body: apitypes.TalentReview{}, OK: []Resp{ok(apitypes.TalentApplicant{})}, Errors: []int{conflict}}},
	}
}

// ownZone is the path's zone, which a writer must be of: another zone is
// hidden (404), as a write of the caller's own zone is the only one there is.
func (a *API) ownZone(r *http.Request, write access.Action) (zone.Area, error) {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return z, err
	}
	if actor := httpx.Actor(r); actor.ZoneID != z.ID && a.Policy.Can(actor.Role, write) {
		return z, errs.NotFoundf("entity.area")
	}
	return z, nil
}

// zoneList answers the list fetch gives for the path's zone, each item
// made into the API's type by out.
func zoneList[T, O any](w http.ResponseWriter, r *http.Request, a *API, fetch func(context.Context, access.Actor, int64) ([]T, error), out func(T) O) error {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	list, err := fetch(r.Context(), httpx.Actor(r), z.ID)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, out)))
}

// zonePage answers the page fetch gives for the path's zone and the
// query's cursor and limit.
func zonePage[T, O any](w http.ResponseWriter, r *http.Request, a *API,
	fetch func(context.Context, access.Actor, int64, paging.Request) (paging.Page[T], error), out func(T) O) error {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := fetch(r.Context(), httpx.Actor(r), z.ID, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, out), page.Next))
}

func memberOut(m org.Member) apitypes.OrgMember {
	return apitypes.OrgMember{EnterpriseID: m.EnterpriseID, USCC: m.USCC, Name: m.Name, From: apitypes.Date(m.From), Until: apitypes.Date(m.Until)}
}

func (a *API) organisationOut(o org.Organisation) apitypes.Organisation {
	return apitypes.Organisation{ID: o.ID, ZoneID: o.ZoneID, Name: o.Name, Kind: apitypes.OrgKind(o.Kind), Mode: apitypes.OrgMode(o.Mode),
		Secretary: o.Secretary, Instructor: o.Instructor, FoundedOn: o.FoundedOn, TermYears: o.TermYears,
		Elections: append([]civil.Date{}, o.Elections...), LastElection: o.LastElection(), NextElection: o.NextElection(),
		ElectionDue: a.Orgs.ElectionDue(o), DissolvedOn: apitypes.Date(o.DissolvedOn),
		Members: apitypes.Map(o.Members, memberOut), History: apitypes.Map(o.History, memberOut),
		Honours: apitypes.Map(o.Honours, func(h org.Honour) apitypes.OrgHonour {
			return apitypes.OrgHonour{ID: h.ID, Name: h.Name, Level: apitypes.OrgLevel(h.Level), Issuer: h.Issuer, Year: h.Year}
		}), Version: o.Version}
}

func (a *API) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := listq.Page(q)
	if err != nil {
		return err
	}
	f := org.Filter{Due: q.Get("due") == "true", Kind: org.Kind(q.Get("kind")), Mode: org.Mode(q.Get("mode")), Cursor: p.Cursor, Limit: p.Limit}
	page, err := a.Orgs.Organisations(r.Context(), httpx.Actor(r), z.ID, f)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, a.organisationOut), page.Next))
}

func (a *API) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewOrganisation
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if _, err := a.ownZone(r, org.ActionWrite); err != nil {
		return err
	}
	o := org.Organisation{Name: b.Name, Kind: org.Kind(b.Kind), Mode: org.Mode(b.Mode), Secretary: b.Secretary, Instructor: b.Instructor,
		FoundedOn: b.FoundedOn, TermYears: b.TermYears, Elections: b.Elections}
	if b.LastElectionOn != nil {
		o.Elections = append(o.Elections, *b.LastElectionOn)
	}
	o, err := a.Orgs.CreateOrganisation(r.Context(), httpx.Actor(r), org.NewOrganisation{Organisation: o, MemberCodes: b.Members})
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/organisations/", o.ID, ""), a.organisationOut(o))
}

func (a *API) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.Orgs.Organisation(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.organisationOut(o))
}

func (a *API) patchOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.OrganisationPatch
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p := org.Patch{Version: b.Version, Name: b.Name, Secretary: b.Secretary, Instructor: b.Instructor, TermYears: b.TermYears,
		LastElectionOn: b.LastElectionOn, DissolvedOn: b.DissolvedOn, MemberCodes: b.Members, MembersOn: b.MembersOn}
	if b.Kind != nil {
		k := org.Kind(*b.Kind)
		p.Kind = &k
	}
	if b.Mode != nil {
		m := org.Mode(*b.Mode)
		p.Mode = &m
	}
	o, err := a.Orgs.UpdateOrganisation(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.organisationOut(o))
}

func (a *API) addOrgHonour(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.NewOrgHonour
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	h, err := a.Orgs.AddHonour(r.Context(), httpx.Actor(r), id, org.Honour{Name: b.Name, Level: org.Level(b.Level), Issuer: b.Issuer, Year: b.Year})
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/organisations/", id, ""),
		apitypes.OrgHonour{ID: h.ID, Name: h.Name, Level: apitypes.OrgLevel(h.Level), Issuer: h.Issuer, Year: h.Year})
}

func chainOut(c org.Chain) apitypes.Chain {
	return apitypes.Chain{ID: c.ID, ZoneID: c.ZoneID, Code: c.Code, Name: c.Name, Level: apitypes.ChainLevel(c.Level), Body: apitypes.ChainBody(c.Body),
		BodyName: c.BodyName, BodyFormedOn: apitypes.Date(c.BodyFormedOn), Members: apitypes.Map(c.Members, memberOut), Version: c.Version}
}

func (a *API) listChains(w http.ResponseWriter, r *http.Request) error {
	return zoneList(w, r, a, a.Orgs.Chains, chainOut)
}

func (a *API) createChain(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewChain
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	z, err := a.ownZone(r, org.ActionWrite)
	if err != nil {
		return err
	}
	c := org.Chain{Code: b.Code, Name: b.Name, Level: org.Level(b.Level), Body: org.BodyKind(b.Body), BodyName: b.BodyName}
	if b.BodyFormedOn != nil {
		c.BodyFormedOn = *b.BodyFormedOn
	}
	c, err = a.Orgs.CreateChain(r.Context(), httpx.Actor(r), c, b.Members)
	if err != nil {
		return err
	}
	return located(w, "/api/v1/zones/"+url.PathEscape(z.Slug)+"/chains", chainOut(c))
}

func (a *API) patchChain(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.ChainPatch
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p := org.ChainPatch{Version: b.Version, Name: b.Name, BodyName: b.BodyName, BodyFormedOn: b.BodyFormedOn, MemberCodes: b.Members}
	if b.Level != nil {
		l := org.Level(*b.Level)
		p.Level = &l
	}
	if b.Body != nil {
		k := org.BodyKind(*b.Body)
		p.Body = &k
	}
	c, err := a.Orgs.UpdateChain(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, chainOut(c))
}

func branchOut(b org.OnlineBranch) apitypes.OnlineBranch {
	return apitypes.OnlineBranch{ID: b.ID, OrgID: b.OrgID, OrgName: b.OrgName, Name: b.Name, Platform: apitypes.Platform(b.Platform),
		Open: b.Open, OpenedOn: b.OpenedOn}
}

func (a *API) listOnlineBranches(w http.ResponseWriter, r *http.Request) error {
	return zonePage(w, r, a, a.Orgs.OnlineBranches, branchOut)
}

func (a *API) createOnlineBranch(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewOnlineBranch
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	z, err := a.ownZone(r, org.ActionWrite)
	if err != nil {
		return err
	}
	ob, err := a.Orgs.CreateOnlineBranch(r.Context(), httpx.Actor(r), org.OnlineBranch{OrgID: b.OrgID, Name: b.Name,
		Platform: org.Platform(b.Platform), Open: b.Open, OpenedOn: b.OpenedOn})
	if err != nil {
		return err
	}
	return located(w, "/api/v1/zones/"+url.PathEscape(z.Slug)+"/online-branches", branchOut(ob))
}

// rate is covered ÷ should as a number, nil when none should be covered.
func rate(covered, should int) *float64 {
	f, ok := org.Rate(covered, should)
	if !ok {
		return nil
	}
	v := float64(f.Round(10000)) / 10000 // four places: 0.8765
	return &v
}

func sharesOut(list []org.Share) []apitypes.CoverageShare {
	return apitypes.Map(list, func(s org.Share) apitypes.CoverageShare {
		return apitypes.CoverageShare{Key: s.Key, Name: s.Name, ShouldCover: s.ShouldCover, Covered: s.Covered, Rate: rate(s.Covered, s.ShouldCover)}
	})
}

func (a *API) coverage(w http.ResponseWriter, r *http.Request) error {
	on, err := onQuery(r)
	if err != nil {
		return err
	}
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	f, err := a.Orgs.Figures(r.Context(), httpx.Actor(r), z.ID, on)
	if err != nil {
		return err
	}
	out := apitypes.Coverage{Zone: z.Slug, On: f.On, ShouldCover: f.ShouldCover, Covered: f.Covered, Rate: rate(f.Covered, f.ShouldCover),
		CoveredByMode: map[string]int{}, OrgsByKind: map[string]int{}, OrgsByMode: map[string]int{},
		Chains: f.Chains, ChainsCovered: f.ChainsCov, ChainsProvince: f.ChainsProv, OnlineBranches: f.Online, OnlineOpen: f.OnlineOpen,
		ElectionsDue: f.ElectionDue, Pledged: f.Pledged, ByChain: sharesOut(f.ByChain), ByPark: sharesOut(f.ByPark)}
	for m, n := range f.ByMode {
		out.CoveredByMode[string(m)] = n
	}
	for k, n := range f.Orgs {
		out.OrgsByKind[string(k)] = n
	}
	for m, n := range f.OrgsByMode {
		out.OrgsByMode[string(m)] = n
	}
	return httpx.JSON(w, http.StatusOK, out)
}

// onQuery reads an optional ?on= day (zero when absent).
func onQuery(r *http.Request) (civil.Date, error) {
	s := r.URL.Query().Get("on")
	if s == "" {
		return civil.Date{}, nil
	}
	d, err := civil.Parse(s)
	if err != nil {
		return d, errs.Fields{"on": errs.M("error.bad_date")}.Err()
	}
	return d, nil
}

func (a *API) coverageGaps(w http.ResponseWriter, r *http.Request) error {
	return zonePage(w, r, a, a.Orgs.Gaps, func(g org.Gap) apitypes.CoverageGap {
		return apitypes.CoverageGap{EnterpriseID: g.EnterpriseID, EnterpriseName: g.EnterpriseName, Employees: g.Employees, Members: g.Members,
			NeedKind: apitypes.NeedKind(g.Need.Kind), NeedMode: apitypes.OrgMode(g.Need.Mode), Reason: apitypes.GapReason(g.Reason),
			HasID: g.HasID, HasName: g.HasName}
	})
}

func profileOut(p org.Profile) apitypes.PartyProfile {
	return apitypes.PartyProfile{EnterpriseID: p.EnterpriseID, EnterpriseName: p.EnterpriseName, Employees: p.Employees, Members: p.Members,
		SurveyedOn: apitypes.Date(p.SurveyedOn), Version: p.Version}
}

func (a *API) getPartyProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Orgs.Profile(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, profileOut(p))
}

func (a *API) putPartyProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.PartyProfileIn
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p := org.Profile{EnterpriseID: id, Employees: b.Employees, Members: b.Members, Version: b.Version}
	if b.SurveyedOn != nil {
		p.SurveyedOn = *b.SurveyedOn
	}
	p, err = a.Orgs.SaveProfile(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, profileOut(p))
}

func talentProgrammeOut(p talent.Programme) apitypes.TalentProgramme {
	return apitypes.TalentProgramme{ID: p.ID, ZoneID: p.ZoneID, Code: p.Code, Name: p.Name, NameEN: p.NameEN, Category: p.Category,
		CategoryEN: p.CategoryEN, Position: p.Position, Tiers: apitypes.Map(p.Tiers, func(t talent.Tier) apitypes.TalentTier {
			return apitypes.TalentTier{ID: t.ID, Code: t.Code, Name: t.Name, MaxSupportFen: t.MaxSupportFen, PeriodYears: t.PeriodYears}
		})}
}

func (a *API) listTalentProgrammes(w http.ResponseWriter, r *http.Request) error {
	return zoneList(w, r, a, a.Talents.Programmes, talentProgrammeOut)
}

func (a *API) createTalentProgramme(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewTalentProgramme
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	z, err := a.ownZone(r, talent.ActionWrite)
	if err != nil {
		return err
	}
	p := talent.Programme{Code: b.Code, Name: b.Name, NameEN: b.NameEN, Category: b.Category, CategoryEN: b.CategoryEN, Position: b.Position}
	for _, t := range b.Tiers {
		p.Tiers = append(p.Tiers, talent.Tier{Code: t.Code, Name: t.Name, MaxSupportFen: t.MaxSupportFen, PeriodYears: t.PeriodYears})
	}
	p, err = a.Talents.CreateProgramme(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return located(w, "/api/v1/zones/"+url.PathEscape(z.Slug)+"/talent-programmes", talentProgrammeOut(p))
}

func callOut(c talent.Call) apitypes.TalentCall {
	return apitypes.TalentCall{ID: c.ID, ProgrammeID: c.ProgrammeID, Year: c.Year, Title: c.Title, OpensOn: c.OpensOn, ClosesOn: c.ClosesOn,
		Quota: c.Quota, Version: c.Version}
}

func (a *API) patchTalentCall(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.TalentCallPatch
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	c, err := a.Talents.UpdateCall(r.Context(), httpx.Actor(r), id, talent.CallPatch{Version: b.Version, Year: b.Year, Title: b.Title,
		OpensOn: b.OpensOn, ClosesOn: b.ClosesOn, Quota: b.Quota})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, callOut(c))
}

func (a *API) listTalentCalls(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Talents.Programme(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	list, err := a.Talents.Calls(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, callOut)))
}

func (a *API) createTalentCall(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.NewTalentCall
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	c, err := a.Talents.CreateCall(r.Context(), httpx.Actor(r), talent.Call{ProgrammeID: id, Year: b.Year, Title: b.Title, OpensOn: b.OpensOn, ClosesOn: b.ClosesOn,
		Quota: b.Quota})
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/talent-programmes/", id, "/calls"), callOut(c))
}

// applicantOut needs the programme for the tier's code and name.
func applicantOut(p talent.Programme) func(talent.Applicant) apitypes.TalentApplicant {
	return func(x talent.Applicant) apitypes.TalentApplicant {
		t, _ := p.TierByID(x.TierID)
		return apitypes.TalentApplicant{ID: x.ID, CallID: x.CallID, Tier: t.Code, TierName: t.Name, Name: x.Name, IDNumber: x.IDNumber,
			EnterpriseID: x.EnterpriseID, EnterpriseName: x.EnterpriseName, Chain: x.ChainCode, AppliedOn: x.AppliedOn,
			Status: apitypes.TalentStatus(x.Status), Result: x.Result, DecidedOn: apitypes.Date(x.DecidedOn), SupportFen: x.SupportFen,
			SupportFrom: apitypes.Date(x.SupportFrom), SupportUntil: apitypes.Date(x.SupportUntil), Version: x.Version}
	}
}

// callProgramme reads the call of the path and its programme.
func (a *API) callProgramme(r *http.Request) (talent.Call, talent.Programme, error) {
	id, err := PathID(r, "id")
	if err != nil {
		return talent.Call{}, talent.Programme{}, err
	}
	c, err := a.Talents.Call(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return c, talent.Programme{}, err
	}
	p, err := a.Talents.Programme(r.Context(), httpx.Actor(r), c.ProgrammeID)
	return c, p, err
}

func (a *API) listApplicants(w http.ResponseWriter, r *http.Request) error {
	if err := a.Policy.Allow(httpx.Actor(r), talent.ActionPersons); err != nil {
		return err
	}
	c, p, err := a.callProgramme(r)
	if err != nil {
		return err
	}
	pr, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Talents.Applicants(r.Context(), httpx.Actor(r), c.ID, pr)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, applicantOut(p)), page.Next))
}

func (a *API) createApplicant(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewTalentApplicant
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if err := a.Policy.Allow(httpx.Actor(r), talent.ActionWrite); err != nil {
		return err
	}
	c, p, err := a.callProgramme(r)
	if err != nil {
		return err
	}
	n := talent.NewApplicant{Name: b.Name, IDNumber: b.IDNumber, TierCode: b.Tier, EmployerUSCC: b.Enterprise}
	if b.AppliedOn != nil {
		n.AppliedOn = *b.AppliedOn
	}
	x, err := a.Talents.Apply(r.Context(), httpx.Actor(r), c.ID, n)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/talent-calls/", c.ID, "/applicants"), applicantOut(p)(x))
}

func (a *API) reviewApplicant(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.TalentReview
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	rv := talent.Review{Status: talent.Status(b.Status), Result: b.Result, SupportFen: b.SupportFen}
	for _, d := range []struct {
		dst *civil.Date
		src *civil.Date
	}{{&rv.DecidedOn, b.DecidedOn}, {&rv.SupportFrom, b.SupportFrom}, {&rv.SupportUntil, b.SupportUntil}} {
		if d.src != nil {
			*d.dst = *d.src
		}
	}
	x, err := a.Talents.Review(r.Context(), httpx.Actor(r), id, talent.ReviewPatch{Version: b.Version, Review: rv})
	if err != nil {
		return err
	}
	p, err := a.Talents.Programme(r.Context(), httpx.Actor(r), x.ProgrammeID)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, applicantOut(p)(x))
}
