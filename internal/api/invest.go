package api

import (
	"net/http"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/zone"
)

// investEndpoints are the investment module's: the pipeline, a project's
// steps, registration, funds arrived and follow-ups, a zone's trips and
// visits, and funds.
func (a *API) investEndpoints() []endpoint {
	const conflict, invalid, notFound = http.StatusConflict, http.StatusUnprocessableEntity, http.StatusNotFound
	project := ok(apitypes.InvestProject{})
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/investment-projects", Handler: a.listInvestProjects,
			Op: Op{Summary: "Investment projects the caller's zones run, newest first, keyset-paginated", Tag: "investment",
				Query: apitypes.InvestProjectQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.InvestProject](nil, ""))}, Errors: []int{notFound, invalid}}},
		{Method: "POST", Pattern: "/api/v1/investment-projects", Handler: a.createInvestProject,
			Op: Op{Summary: "Add a lead (线索) to the caller's zone's pipeline", Tag: "investment",
				Body: apitypes.NewInvestProject{}, OK: []Resp{created(apitypes.InvestProject{})}}},
		{Method: "GET", Pattern: "/api/v1/investment-projects/{id}", Handler: a.getInvestProject,
			Op: Op{Summary: "A project with its stage history and approvals, funds arrived, follow-ups, the trips and visits that touched it and the funds holding it", Tag: "investment",
				OK: []Resp{ok(apitypes.InvestProjectDetail{})}}},
		{Method: "PATCH", Pattern: "/api/v1/investment-projects/{id}", Handler: a.patchInvestProject,
			Op: Op{Summary: "Change what a clerk enters of a project (version required); stages, registration and funds have their own operations", Tag: "investment",
				Body: apitypes.InvestProjectPatch{}, OK: []Resp{project}, Errors: []int{conflict}}},
		{Method: "POST", Pattern: "/api/v1/investment-projects/{id}/advance", Handler: a.advanceInvestProject,
			Op: Op{Summary: "Move a project to another stage: 409 for a step the settings do not allow (a skip, a step back, after 投产 or 终止), 403 where the step needs an approval the caller may not give", Tag: "investment",
				Body: apitypes.Advance{}, OK: []Resp{ok(apitypes.AdvanceResult{})}, Errors: []int{conflict}}},
		{Method: "POST", Pattern: "/api/v1/investment-projects/{id}/registration", Handler: a.registerInvestProject,
			Op: Op{Summary: "Record the company a signed project registered and its capital; a company not in the register is created in the zone", Tag: "investment",
				Body: apitypes.NewRegistration{}, OK: []Resp{project}, Errors: []int{conflict}}},
		{Method: "POST", Pattern: "/api/v1/investment-projects/{id}/arrivals", Handler: a.addInvestArrival,
			Op: Op{Summary: "Record funds arrived (到位资金) for a signed project", Tag: "investment",
				Body: apitypes.NewArrival{}, OK: []Resp{created(apitypes.InvestArrival{})}, Errors: []int{conflict}}},
		{Method: "POST", Pattern: "/api/v1/investment-projects/{id}/follow-ups", Handler: a.addInvestFollowUp,
			Op: Op{Summary: "Record a contact with the investor; its next date becomes the project's next contact", Tag: "investment",
				Body: apitypes.NewFollowUp{}, OK: []Resp{created(apitypes.InvestFollowUp{})}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/trips", Handler: a.listTrips,
			Op: Op{Summary: "An area's outbound investment trips, newest first", Tag: "investment",
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Trip](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/trips", Handler: a.createTrip,
			Op: Op{Summary: "Record an outbound trip of the caller's zone", Tag: "investment", Body: apitypes.NewTrip{},
				OK: []Resp{created(apitypes.Trip{})}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/visits", Handler: a.listVisits,
			Op: Op{Summary: "An area's inspection visits, newest first", Tag: "investment",
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Visit](nil, ""))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/visits", Handler: a.createVisit,
			Op: Op{Summary: "Record an inspection visit the caller's zone invited", Tag: "investment", Body: apitypes.NewVisit{},
				OK: []Resp{created(apitypes.Visit{})}}},
		{Method: "GET", Pattern: "/api/v1/funds", Handler: a.listFunds,
			Op: Op{Summary: "Guiding funds and venture firms the caller's zones work with, newest first", Tag: "investment",
				Query: apitypes.FundQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Fund](nil, ""))}, Errors: []int{notFound}}},
		{Method: "POST", Pattern: "/api/v1/funds", Handler: a.createFund,
			Op: Op{Summary: "Record a fund the caller's zone works with and its portfolio projects", Tag: "investment",
				Body: apitypes.NewFund{}, OK: []Resp{created(apitypes.Fund{})}}},
	}
}

func (a *API) investProjectOut(p invest.Project) apitypes.InvestProject {
	today := civil.Today(a.Now())
	out := apitypes.InvestProject{ID: p.ID, ZoneID: p.ZoneID, Name: p.Name, Investor: p.Investor, InvestorUSCC: p.InvestorUSCC,
		Origin: apitypes.InvestOrigin(p.Origin), InvestorListing: apitypes.InvestListing(p.InvestorListing), InvestorHonours: p.InvestorHonours,
		Industry: apitypes.InvestIndustry(p.Industry), Mode: apitypes.InvestMode(p.Mode), PlannedFen: p.PlannedFen, Park: p.Park, Owner: p.Owner,
		Agreement: apitypes.InvestAgreement(p.Agreement), Facts: p.Facts, Stage: apitypes.InvestStage(p.Stage), StageOn: p.StageOn,
		StartDue: apitypes.Date(p.StartDue), TerminatedReason: p.TerminatedReason, EnterpriseName: p.EnterpriseName,
		RegisteredOn: apitypes.Date(p.RegisteredOn), RegisteredFen: p.RegisteredFen, PaidInFen: p.PaidInFen, ArrivedFen: p.ArrivedFen,
		NextContactOn: apitypes.Date(p.NextContactOn), NextContactOwner: p.NextContactOwner,
		Late: invest.Late(p, today), Overdue: invest.Overdue(p, today), Version: p.Version}
	if p.EnterpriseID != 0 {
		out.EnterpriseID = &p.EnterpriseID
	}
	return out
}

func investStepOut(s invest.Step) apitypes.InvestStep {
	return apitypes.InvestStep{ID: s.ID, From: string(s.From), To: apitypes.InvestStage(s.To), On: s.On, Note: s.Note,
		Approval: apitypes.ApprovalLevel(s.Approval), ByName: s.ByName, At: s.At}
}

func arrivalOut(x invest.Arrival) apitypes.InvestArrival {
	return apitypes.InvestArrival{ID: x.ID, On: x.On, AmountFen: x.AmountFen, Note: x.Note}
}

func followUpOut(x invest.FollowUp) apitypes.InvestFollowUp {
	return apitypes.InvestFollowUp{ID: x.ID, On: x.On, Notes: x.Notes, NextOn: apitypes.Date(x.NextOn), Owner: x.Owner, ByName: x.ByName}
}

func ids(list []int64) []int64 {
	if list == nil {
		return []int64{}
	}
	return list
}

func names(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func fundOut(x invest.Fund) apitypes.Fund {
	return apitypes.Fund{ID: x.ID, ZoneID: x.ZoneID, Name: x.Name, Manager: x.Manager, ManagerUSCC: x.ManagerUSCC, Kind: apitypes.FundKind(x.Kind),
		TargetFen: x.TargetFen, CommittedFen: x.CommittedFen, PaidInFen: x.PaidInFen, SetUpOn: x.SetUpOn, Notes: x.Notes,
		ProjectIDs: ids(x.ProjectIDs), ProjectNames: names(x.ProjectNames)}
}

func tripOut(t invest.Trip) apitypes.Trip {
	return apitypes.Trip{ID: t.ID, ZoneID: t.ZoneID, StartOn: t.StartOn, EndOn: t.EndOn, Province: t.Province, City: t.City, Leader: t.Leader,
		People: t.People, Firms: t.Firms, Notes: t.Notes, ProjectIDs: ids(t.ProjectIDs), ProjectNames: names(t.ProjectNames)}
}

func visitOut(v invest.Visit) apitypes.Visit {
	return apitypes.Visit{ID: v.ID, ZoneID: v.ZoneID, Firm: v.Firm, StartOn: v.StartOn, EndOn: v.EndOn, Hosts: v.Hosts, Notes: v.Notes,
		ProjectIDs: ids(v.ProjectIDs), ProjectNames: names(v.ProjectNames)}
}

func (a *API) listInvestProjects(w http.ResponseWriter, r *http.Request) error {
	f, err := listq.InvestProjects(r.Context(), a.Zones, httpx.Actor(r), r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Invest.Projects(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, a.investProjectOut), page.Next))
}

func (a *API) createInvestProject(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewInvestProject
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p := invest.Project{Name: b.Name, Investor: b.Investor, InvestorUSCC: b.InvestorUSCC, Origin: invest.Origin(b.Origin),
		InvestorListing: string(b.InvestorListing), InvestorHonours: b.InvestorHonours, Industry: string(b.Industry), Mode: invest.Mode(b.Mode),
		PlannedFen: b.PlannedFen, Park: b.Park, Owner: b.Owner, Agreement: invest.Agreement(b.Agreement), Facts: b.Facts}
	var on civil.Date
	if b.StartDue != nil {
		p.StartDue = *b.StartDue
	}
	if b.On != nil {
		on = *b.On
	}
	p, err := a.Invest.CreateProject(r.Context(), httpx.Actor(r), p, on)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/investment-projects/", p.ID, ""), a.investProjectOut(p))
}

func (a *API) getInvestProject(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.Invest.Project(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	out := apitypes.InvestProjectDetail{InvestProject: a.investProjectOut(d.Project),
		Steps: apitypes.Map(d.Steps, investStepOut), Arrivals: apitypes.Map(d.Arrivals, arrivalOut), FollowUps: apitypes.Map(d.FollowUps, followUpOut),
		Activities: apitypes.Map(d.Activities, func(x invest.Activity) apitypes.InvestActivity {
			return apitypes.InvestActivity{Kind: x.Kind, ID: x.ID, StartOn: x.StartOn, EndOn: x.EndOn, Title: x.Title}
		}),
		Funds: apitypes.Map(d.Funds, fundOut)}
	return httpx.JSON(w, http.StatusOK, out)
}

func (a *API) patchInvestProject(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.InvestProjectPatch
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	pt := invest.Patch{Version: b.Version, Name: b.Name, Investor: b.Investor, InvestorUSCC: b.InvestorUSCC, InvestorHonours: b.InvestorHonours,
		PlannedFen: b.PlannedFen, Park: b.Park, Owner: b.Owner, Facts: b.Facts, StartDue: b.StartDue,
		Origin: conv[apitypes.InvestOrigin, invest.Origin](b.Origin), InvestorListing: conv[apitypes.InvestListing, string](b.InvestorListing),
		Industry: conv[apitypes.InvestIndustry, string](b.Industry), Mode: conv[apitypes.InvestMode, invest.Mode](b.Mode),
		Agreement: conv[apitypes.InvestAgreement, invest.Agreement](b.Agreement)}
	p, err := a.Invest.UpdateProject(r.Context(), httpx.Actor(r), id, pt)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.investProjectOut(p))
}

// conv converts an optional string enumeration of the API to the domain's.
func conv[A, D ~string](v *A) *D {
	if v == nil {
		return nil
	}
	d := D(*v)
	return &d
}

func (a *API) advanceInvestProject(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.Advance
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, step, err := a.Invest.Advance(r.Context(), httpx.Actor(r), id, invest.Stage(b.To), b.On, b.Note)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.AdvanceResult{Project: a.investProjectOut(p), Step: investStepOut(step)})
}

func (a *API) registerInvestProject(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.NewRegistration
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, err := a.Invest.Register(r.Context(), httpx.Actor(r), id, invest.Registration{USCC: b.USCC, Name: b.Name, Nature: string(b.Nature),
		Industry: string(b.Industry), On: b.On, RegisteredFen: b.RegisteredFen, PaidInFen: b.PaidInFen})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.investProjectOut(p))
}

func (a *API) addInvestArrival(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.NewArrival
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	x, err := a.Invest.AddArrival(r.Context(), httpx.Actor(r), id, invest.Arrival{On: b.On, AmountFen: b.AmountFen, Note: b.Note})
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/investment-projects/", id, ""), arrivalOut(x))
}

func (a *API) addInvestFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.NewFollowUp
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	x := invest.FollowUp{On: b.On, Notes: b.Notes, Owner: b.Owner}
	if b.NextOn != nil {
		x.NextOn = *b.NextOn
	}
	x, err = a.Invest.AddFollowUp(r.Context(), httpx.Actor(r), id, x)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/investment-projects/", id, ""), followUpOut(x))
}

// writableZone is the zone of the path, which a writer must be of: another
// zone reads as not found.
func (a *API) writableZone(r *http.Request) (zone.Area, error) {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return z, err
	}
	if actor := httpx.Actor(r); actor.ZoneID != z.ID && a.Policy.Can(actor.Role, invest.ActionWrite) {
		return z, errs.NotFoundf("entity.area")
	}
	return z, nil
}

func (a *API) listTrips(w http.ResponseWriter, r *http.Request) error {
	return zonePage(w, r, a, a.Invest.Trips, tripOut)
}

func endOr(end *civil.Date) civil.Date {
	if end == nil {
		return civil.Date{}
	}
	return *end
}

func (a *API) createTrip(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewTrip
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if _, err := a.writableZone(r); err != nil {
		return err
	}
	t, err := a.Invest.CreateTrip(r.Context(), httpx.Actor(r), invest.Trip{StartOn: b.StartOn, EndOn: endOr(b.EndOn), Province: b.Province,
		City: b.City, Leader: b.Leader, People: b.People, Firms: b.Firms, Notes: b.Notes, ProjectIDs: b.ProjectIDs})
	if err != nil {
		return err
	}
	return located(w, "/api/v1/zones/"+r.PathValue("slug")+"/trips", tripOut(t))
}

func (a *API) listVisits(w http.ResponseWriter, r *http.Request) error {
	return zonePage(w, r, a, a.Invest.Visits, visitOut)
}

func (a *API) createVisit(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewVisit
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if _, err := a.writableZone(r); err != nil {
		return err
	}
	v, err := a.Invest.CreateVisit(r.Context(), httpx.Actor(r), invest.Visit{Firm: b.Firm, StartOn: b.StartOn, EndOn: endOr(b.EndOn),
		Hosts: b.Hosts, Notes: b.Notes, ProjectIDs: b.ProjectIDs})
	if err != nil {
		return err
	}
	return located(w, "/api/v1/zones/"+r.PathValue("slug")+"/visits", visitOut(v))
}

func (a *API) listFunds(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	zoneID, err := a.Zones.IDOf(r.Context(), httpx.Actor(r), q.Get("zone"))
	if err != nil {
		return err
	}
	p, err := listq.Page(q)
	if err != nil {
		return err
	}
	page, err := a.Invest.Funds(r.Context(), httpx.Actor(r), zoneID, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, fundOut), page.Next))
}

func (a *API) createFund(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewFund
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	x, err := a.Invest.CreateFund(r.Context(), httpx.Actor(r), invest.Fund{Name: b.Name, Manager: b.Manager, ManagerUSCC: b.ManagerUSCC,
		Kind: invest.FundKind(b.Kind), TargetFen: b.TargetFen, CommittedFen: b.CommittedFen, PaidInFen: b.PaidInFen, SetUpOn: b.SetUpOn,
		Notes: b.Notes, ProjectIDs: b.ProjectIDs})
	if err != nil {
		return err
	}
	return located(w, "/api/v1/funds", fundOut(x))
}
