package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/project"
)

// projectEndpoints are the construction projects module's: the card, its
// investment reports by month or 旬, milestones, problems, inspections,
// awards, photos and documents.
func (a *API) projectEndpoints() []endpoint {
	const conflict, notFound = http.StatusConflict, http.StatusNotFound
	const tag = "projects"
	return append([]endpoint{
		{Method: "GET", Pattern: "/api/v1/projects", Handler: a.listProjects,
			Op: Op{Summary: "Projects the caller sees, newest first, keyset-paginated (a builder: its own)", Tag: tag,
				Query: apitypes.ProjectQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Project](nil, ""))}, Errors: []int{notFound}}},
		{Method: "POST", Pattern: "/api/v1/projects", Handler: a.createProject,
			Op: Op{Summary: "Add a project of the caller's zone; every bad field is reported at once", Tag: tag,
				Body: apitypes.NewProject{}, OK: []Resp{created(apitypes.Project{})}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}", Handler: a.getProject,
			Op: Op{Summary: "A project's card with its plans, scope items, parties, methods and timing", Tag: tag, OK: []Resp{ok(apitypes.Project{})}}},
		{Method: "PATCH", Pattern: "/api/v1/projects/{id}", Handler: a.patchProject,
			Op: Op{Summary: "Change a project (version required); new planned dates make a new plan version", Tag: tag,
				Body: apitypes.ProjectPatch{}, OK: []Resp{ok(apitypes.Project{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/progress", Handler: a.listReports,
			Op: Op{Summary: "A project's investment reports in period order, with cumulative investment and lateness", Tag: tag,
				OK: []Resp{ok(apitypes.ListOf[apitypes.ProjectReport](nil))}}},
		{Method: "PUT", Pattern: "/api/v1/projects/{id}/progress/{period}", Handler: a.putReport,
			Op: Op{Summary: "Report a month (YYYY-MM) or 旬 (YYYY-MM-1|2|3); a stored one is corrected by naming its version", Tag: tag,
				Body: apitypes.ReportBody{}, OK: []Resp{ok(apitypes.ProjectReport{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/milestones", Handler: a.listMilestones,
			Op: Op{Summary: "A project's milestones by deadline, overdue flagged", Tag: tag, OK: []Resp{ok(apitypes.ListOf[apitypes.Milestone](nil))}}},
		{Method: "POST", Pattern: "/api/v1/projects/{id}/milestones", Handler: a.addMilestone,
			Op: Op{Summary: "Add a milestone", Tag: tag, Body: apitypes.NewMilestone{}, OK: []Resp{created(apitypes.Milestone{})}}},
		{Method: "PATCH", Pattern: "/api/v1/projects/{id}/milestones/{mid}", Handler: a.patchMilestone,
			Op: Op{Summary: "Change a milestone, e.g. record it done (version required)", Tag: tag, Body: apitypes.MilestonePatch{},
				OK: []Resp{ok(apitypes.Milestone{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/problems", Handler: a.listProblems,
			Op: Op{Summary: "A project's problem ledger, newest raised first, open and overdue flagged", Tag: tag, OK: []Resp{ok(apitypes.ListOf[apitypes.Problem](nil))}}},
		{Method: "POST", Pattern: "/api/v1/projects/{id}/problems", Handler: a.addProblem,
			Op: Op{Summary: "Add a problem to the ledger", Tag: tag, Body: apitypes.NewProblem{}, OK: []Resp{created(apitypes.Problem{})}}},
		{Method: "PATCH", Pattern: "/api/v1/projects/{id}/problems/{pid}", Handler: a.patchProblem,
			Op: Op{Summary: "Change a ledger entry, e.g. record its resolution (version required)", Tag: tag, Body: apitypes.ProblemPatch{},
				OK: []Resp{ok(apitypes.Problem{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/inspections", Handler: a.listInspections,
			Op: Op{Summary: "A project's inspections, newest first, with findings", Tag: tag, OK: []Resp{ok(apitypes.ListOf[apitypes.Inspection](nil))}}},
		{Method: "POST", Pattern: "/api/v1/projects/{id}/inspections", Handler: a.addInspection,
			Op: Op{Summary: "Record an inspection with its findings", Tag: tag, Body: apitypes.NewInspection{}, OK: []Resp{created(apitypes.Inspection{})}}},
		{Method: "PATCH", Pattern: "/api/v1/projects/{id}/inspections/{iid}/findings/{row}", Handler: a.closeFinding,
			Op: Op{Summary: "Record how a finding was put right", Tag: tag, Body: apitypes.FindingClosure{}, OK: []Resp{ok(apitypes.Inspection{})}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/awards", Handler: a.listAwards,
			Op: Op{Summary: "A project's awards, newest year first", Tag: tag, OK: []Resp{ok(apitypes.ListOf[apitypes.Award](nil))}}},
		{Method: "POST", Pattern: "/api/v1/projects/{id}/awards", Handler: a.addAward,
			Op: Op{Summary: "Record an award of a finished project", Tag: tag, Body: apitypes.NewAward{}, OK: []Resp{created(apitypes.Award{})}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/files", Handler: a.listProjectFiles,
			Op: Op{Summary: "A project's photos and documents", Tag: tag, OK: []Resp{ok(apitypes.ListOf[apitypes.ProjectFile](nil))}}},
		{Method: "POST", Pattern: "/api/v1/projects/{id}/files", Handler: a.uploadProjectFile,
			Op: Op{Summary: "Keep a photo (JPEG, PNG) or document (PDF) with a project", Tag: tag, Form: apitypes.AttachmentForm{},
				OK: []Resp{created(apitypes.ProjectFile{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/projects/{id}/files/{fid}", Handler: a.downloadProjectFile,
			Op: Op{Summary: "One file's bytes", Tag: tag, OK: []Resp{file("application/pdf", "image/jpeg", "image/png")}}},
		{Method: "DELETE", Pattern: "/api/v1/projects/{id}/files/{fid}", Handler: a.deleteProjectFile,
			Op: Op{Summary: "Remove a file", Tag: tag, OK: []Resp{noContent}}},
		a.projectDashboardEndpoint(),
	}, a.projectImportEndpoints()...)
}

func planOut(p project.Plan) apitypes.ProjectPlan {
	return apitypes.ProjectPlan{Version: p.Version, StartOn: p.StartOn, FinishOn: p.FinishOn, Reason: p.Reason, SetOn: p.SetOn, SetBy: p.SetBy}
}

func (a *API) projectOut(p project.Project) apitypes.Project {
	tm := project.TimingOf(p, civil.Today(a.Now()))
	out := apitypes.Project{ID: p.ID, ZoneID: p.ZoneID, ParkName: p.ParkName, BuilderID: p.BuilderID, BuilderName: p.BuilderName,
		BuilderUSCC: p.BuilderUSCC, Name: p.Name, Category: apitypes.ProjectCategory(p.Category), Level: apitypes.ProjectLevel(p.Level),
		Status: apitypes.ProjectStatus(p.Status), Cadence: apitypes.ProjectCadence(p.Cadence), TotalFen: p.TotalFen, Plan: planOut(p.Plan),
		StartedOn: apitypes.Date(p.StartedOn), FinishedOn: apitypes.Date(p.FinishedOn), OpenedOn: apitypes.Date(p.OpenedOn),
		SuspendedOn: apitypes.Date(p.SuspendedOn), RecordedOn: p.RecordedOn, Responsible: p.Responsible, Summary: p.Summary,
		CompletedFen: p.CompletedFen, ProgressPct: p.ProgressPct, Version: p.Version, CreatedAt: p.CreatedAt,
		Timing: apitypes.ProjectTiming{Class: apitypes.Timing(tm.Class()), Known: tm.Known, Days: tm.Days, Projected: tm.Projected,
			FinishOn: apitypes.Date(tm.FinishOn), PlanVersion: tm.PlanVersion, PlanFinish: tm.PlanFinish}}
	if p.ParkID != 0 {
		out.ParkID = &p.ParkID
	}
	if len(p.Plans) > 0 {
		out.Plans = apitypes.Map(p.Plans, planOut)
	}
	if len(p.Items) > 0 {
		out.Items = apitypes.Map(p.Items, func(x project.Item) apitypes.ProjectItem {
			return apitypes.ProjectItem{Name: x.Name, Kind: apitypes.ProjectItemKind(x.Kind), LengthM: x.LengthM, AreaM2: x.AreaM2,
				InvestmentFen: x.InvestmentFen, Note: x.Note}
		})
	}
	if len(p.Parties) > 0 {
		out.Parties = apitypes.Map(p.Parties, func(x project.Party) apitypes.ProjectParty {
			return apitypes.ProjectParty{Role: apitypes.ProjectPartyRole(x.Role), Name: x.Name}
		})
	}
	if len(p.Methods) > 0 {
		out.Methods = apitypes.Map(p.Methods, func(x project.Method) apitypes.ProjectMethod {
			return apitypes.ProjectMethod{Name: x.Name, Note: x.Note}
		})
	}
	return out
}

// linesIn converts a request's scope items, parties and methods.
func linesIn(items []apitypes.ProjectItem, parties []apitypes.ProjectParty, methods []apitypes.ProjectMethod) ([]project.Item, []project.Party, []project.Method) {
	return apitypes.Map(items, func(x apitypes.ProjectItem) project.Item {
			return project.Item{Name: x.Name, Kind: project.ItemKind(x.Kind), LengthM: x.LengthM, AreaM2: x.AreaM2, InvestmentFen: x.InvestmentFen, Note: x.Note}
		}), apitypes.Map(parties, func(x apitypes.ProjectParty) project.Party {
			return project.Party{Role: project.PartyRole(x.Role), Name: x.Name}
		}),
		apitypes.Map(methods, func(x apitypes.ProjectMethod) project.Method { return project.Method{Name: x.Name, Note: x.Note} })
}

func orZero(d *civil.Date) civil.Date {
	if d == nil {
		return civil.Date{}
	}
	return *d
}

func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	f, err := listq.Projects(r.Context(), a.Zones, httpx.Actor(r), r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Projects.List(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, a.projectOut), page.Next))
}

func (a *API) createProject(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewProject
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p := project.Project{Name: b.Name, BuilderUSCC: b.BuilderUSCC, ParkID: b.ParkID, Category: project.Category(b.Category),
		Level: project.Level(b.Level), Cadence: project.Cadence(b.Cadence), TotalFen: b.TotalFen,
		Plan:      project.Plan{StartOn: b.PlannedStart, FinishOn: b.PlannedFinish},
		StartedOn: orZero(b.StartedOn), FinishedOn: orZero(b.FinishedOn), OpenedOn: orZero(b.OpenedOn), RecordedOn: orZero(b.RecordedOn),
		Responsible: b.Responsible, Summary: b.Summary}
	p.Items, p.Parties, p.Methods = linesIn(b.Items, b.Parties, b.Methods)
	p, err := a.Projects.Create(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/projects/", p.ID, ""), a.projectOut(p))
}

func (a *API) getProject(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Projects.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.projectOut(p))
}

func (a *API) patchProject(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.ProjectPatch
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	pt := project.Patch{Version: b.Version, Name: b.Name, BuilderUSCC: b.BuilderUSCC, ParkID: b.ParkID, TotalFen: b.TotalFen,
		Responsible: b.Responsible, Summary: b.Summary, PlannedStart: b.PlannedStart, PlannedFinish: b.PlannedFinish, PlanReason: b.PlanReason,
		StartedOn: b.StartedOn, FinishedOn: b.FinishedOn, OpenedOn: b.OpenedOn, SuspendedOn: b.SuspendedOn, Resume: b.Resume, RecordedOn: b.RecordedOn,
		Category: convPtr[apitypes.ProjectCategory, project.Category](b.Category), Level: convPtr[apitypes.ProjectLevel, project.Level](b.Level),
		Cadence: convPtr[apitypes.ProjectCadence, project.Cadence](b.Cadence)}
	if b.Items != nil || b.Parties != nil || b.Methods != nil {
		var items []apitypes.ProjectItem
		var parties []apitypes.ProjectParty
		var methods []apitypes.ProjectMethod
		if b.Items != nil {
			items = *b.Items
		}
		if b.Parties != nil {
			parties = *b.Parties
		}
		if b.Methods != nil {
			methods = *b.Methods
		}
		it, pa, me := linesIn(items, parties, methods)
		if b.Items != nil {
			pt.Items = &it
		}
		if b.Parties != nil {
			pt.Parties = &pa
		}
		if b.Methods != nil {
			pt.Methods = &me
		}
	}
	p, err := a.Projects.Update(r.Context(), httpx.Actor(r), id, pt)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.projectOut(p))
}

// convPtr converts an optional enumeration value.
func convPtr[S ~string, T ~string](v *S) *T {
	if v == nil {
		return nil
	}
	t := T(*v)
	return &t
}

func reportOut(total int64) func(project.Report) apitypes.ProjectReport {
	return func(x project.Report) apitypes.ProjectReport {
		share := 0.0
		if total > 0 {
			share = float64(x.CumulativeFen*10000/total) / 100
		}
		return apitypes.ProjectReport{ID: x.ID, ProjectID: x.ProjectID, Period: x.Period.String(), PlannedFen: x.PlannedFen,
			CompletedFen: x.CompletedFen, CumulativeFen: x.CumulativeFen, SharePct: share, ProgressPct: x.ProgressPct,
			ProgressText: x.ProgressText, Note: x.Note, ReportedOn: x.ReportedOn, Reporter: x.Reporter, Late: x.Late, Version: x.Version}
	}
}

func (a *API) listReports(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Projects.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	list, err := a.Projects.Reports(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, reportOut(p.TotalFen))))
}

func (a *API) putReport(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.ReportBody
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	period, err := project.ParsePeriod(r.PathValue("period"))
	if err != nil {
		return errs.Fields{"period": errs.M("project.err.period")}.Err()
	}
	x, err := a.Projects.PutReport(r.Context(), httpx.Actor(r), id, project.Report{Period: period, PlannedFen: b.PlannedFen,
		CompletedFen: b.CompletedFen, ProgressPct: b.ProgressPct, ProgressText: b.ProgressText, Note: b.Note, Version: b.Version})
	if err != nil {
		return err
	}
	p, err := a.Projects.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, reportOut(p.TotalFen)(x))
}

func (a *API) milestoneOut(m project.Milestone) apitypes.Milestone {
	return apitypes.Milestone{ID: m.ID, Name: m.Name, DueOn: m.DueOn, Unit: m.Unit, DoneOn: apitypes.Date(m.DoneOn), Note: m.Note,
		Overdue: m.Overdue(civil.Today(a.Now())), Version: m.Version}
}

func (a *API) listMilestones(w http.ResponseWriter, r *http.Request) error {
	return listOf(w, r, a.Projects.Milestones, a.milestoneOut)
}

// listOf answers the list a project's child records read gives.
func listOf[T, O any](w http.ResponseWriter, r *http.Request, read func(ctx context.Context, a access.Actor, id int64) ([]T, error), out func(T) O) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	list, err := read(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, out)))
}

func (a *API) addMilestone(w http.ResponseWriter, r *http.Request) error {
	return addTo(w, r, "milestones", func(ctx context.Context, act access.Actor, id int64, b apitypes.NewMilestone) (project.Milestone, error) {
		return a.Projects.AddMilestone(ctx, act, id, project.Milestone{Name: b.Name, DueOn: b.DueOn, Unit: b.Unit, DoneOn: orZero(b.DoneOn), Note: b.Note})
	}, func(m project.Milestone) int64 { return m.ID }, a.milestoneOut)
}

// addTo answers a new record of a project's: the body decoded, the record
// made by add, 201 with its Location under the project's list.
func addTo[B, T, O any](w http.ResponseWriter, r *http.Request, list string, add func(context.Context, access.Actor, int64, B) (T, error),
	idOf func(T) int64, out func(T) O) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b B
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	x, err := add(r.Context(), httpx.Actor(r), id, b)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/projects/", id, "/"+list+"/")+strconv.FormatInt(idOf(x), 10), out(x))
}

// changeIn answers the change of a record of a project's, named in the path
// by child: the body decoded, the change made by change.
func changeIn[B, T, O any](w http.ResponseWriter, r *http.Request, child string, change func(context.Context, access.Actor, int64, int64, B) (T, error),
	out func(T) O) error {
	id, cid, err := twoIDs(r, child)
	if err != nil {
		return err
	}
	var b B
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	x, err := change(r.Context(), httpx.Actor(r), id, cid, b)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, out(x))
}
func (a *API) patchMilestone(w http.ResponseWriter, r *http.Request) error {
	return changeIn(w, r, "mid", func(ctx context.Context, act access.Actor, id, mid int64, b apitypes.MilestonePatch) (project.Milestone, error) {
		return a.Projects.UpdateMilestone(ctx, act, id, mid, project.MilestonePatch{Version: b.Version, Name: b.Name, DueOn: b.DueOn,
			Unit: b.Unit, DoneOn: b.DoneOn, Note: b.Note})
	}, a.milestoneOut)
}

// twoIDs reads the project id and a child's id from the path.
func twoIDs(r *http.Request, child string) (int64, int64, error) {
	id, err := PathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	cid, err := PathID(r, child)
	return id, cid, err
}

func (a *API) problemOut(x project.Problem) apitypes.Problem {
	return apitypes.Problem{ID: x.ID, Issue: x.Issue, RaisedOn: x.RaisedOn, Owner: x.Owner, DueOn: x.DueOn, Resolution: x.Resolution,
		ResolvedOn: apitypes.Date(x.ResolvedOn), Open: x.Open(), Overdue: x.Overdue(civil.Today(a.Now())), Version: x.Version}
}

func (a *API) listProblems(w http.ResponseWriter, r *http.Request) error {
	return listOf(w, r, a.Projects.Problems, a.problemOut)
}

func (a *API) addProblem(w http.ResponseWriter, r *http.Request) error {
	return addTo(w, r, "problems", func(ctx context.Context, act access.Actor, id int64, b apitypes.NewProblem) (project.Problem, error) {
		return a.Projects.AddProblem(ctx, act, id, project.Problem{Issue: b.Issue, RaisedOn: b.RaisedOn, Owner: b.Owner, DueOn: b.DueOn,
			Resolution: b.Resolution, ResolvedOn: orZero(b.ResolvedOn)})
	}, func(x project.Problem) int64 { return x.ID }, a.problemOut)
}
func (a *API) patchProblem(w http.ResponseWriter, r *http.Request) error {
	return changeIn(w, r, "pid", func(ctx context.Context, act access.Actor, id, pid int64, b apitypes.ProblemPatch) (project.Problem, error) {
		return a.Projects.UpdateProblem(ctx, act, id, pid, project.ProblemPatch{Version: b.Version, Issue: b.Issue, Owner: b.Owner,
			DueOn: b.DueOn, Resolution: b.Resolution, ResolvedOn: b.ResolvedOn})
	}, a.problemOut)
}
func (a *API) inspectionOut(x project.Inspection) apitypes.Inspection {
	today := civil.Today(a.Now())
	return apitypes.Inspection{ID: x.ID, Kind: apitypes.InspectionKind(x.Kind), On: x.On, Inspector: x.Inspector, Notes: x.Notes,
		Findings: apitypes.Map(x.Findings, func(f project.Finding) apitypes.Finding {
			return apitypes.Finding{Row: f.Row, Text: f.Text, DueOn: f.DueOn, ClosedOn: apitypes.Date(f.ClosedOn), Closure: f.Closure, Overdue: f.Overdue(today)}
		})}
}

func (a *API) listInspections(w http.ResponseWriter, r *http.Request) error {
	return listOf(w, r, a.Projects.Inspections, a.inspectionOut)
}

func (a *API) addInspection(w http.ResponseWriter, r *http.Request) error {
	return addTo(w, r, "inspections", func(ctx context.Context, act access.Actor, id int64, b apitypes.NewInspection) (project.Inspection, error) {
		return a.Projects.AddInspection(ctx, act, id, project.Inspection{Kind: project.InspectionKind(b.Kind), On: b.On, Inspector: b.Inspector,
			Notes: b.Notes, Findings: apitypes.Map(b.Findings, func(f apitypes.NewFinding) project.Finding {
				return project.Finding{Text: f.Text, DueOn: f.DueOn, ClosedOn: orZero(f.ClosedOn), Closure: f.Closure}
			})})
	}, func(x project.Inspection) int64 { return x.ID }, a.inspectionOut)
}
func (a *API) closeFinding(w http.ResponseWriter, r *http.Request) error {
	row, err := PathID(r, "row")
	if err != nil {
		return err
	}
	return changeIn(w, r, "iid", func(ctx context.Context, act access.Actor, id, iid int64, b apitypes.FindingClosure) (project.Inspection, error) {
		return a.Projects.CloseFinding(ctx, act, id, iid, int(row), b.ClosedOn, b.Closure)
	}, a.inspectionOut)
}

func awardOut(x project.Award) apitypes.Award {
	return apitypes.Award{ID: x.ID, Name: x.Name, Level: apitypes.AwardLevel(x.Level), Issuer: x.Issuer, Year: x.Year, AwardedOn: apitypes.Date(x.AwardedOn)}
}

func (a *API) listAwards(w http.ResponseWriter, r *http.Request) error {
	return listOf(w, r, a.Projects.Awards, awardOut)
}

func (a *API) addAward(w http.ResponseWriter, r *http.Request) error {
	return addTo(w, r, "awards", func(ctx context.Context, act access.Actor, id int64, b apitypes.NewAward) (project.Award, error) {
		return a.Projects.AddAward(ctx, act, id, project.Award{Name: b.Name, Level: project.AwardLevel(b.Level), Issuer: b.Issuer,
			Year: b.Year, AwardedOn: orZero(b.AwardedOn)})
	}, func(x project.Award) int64 { return x.ID }, awardOut)
}
func fileOut(f attach.File) apitypes.ProjectFile {
	return apitypes.ProjectFile{ID: f.ID, ProjectID: f.OwnerID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256,
		Uploader: f.Uploader, UploadedAt: f.UploadedAt}
}

func (a *API) listProjectFiles(w http.ResponseWriter, r *http.Request) error {
	return listOf(w, r, a.Projects.Files, fileOut)
}

func (a *API) uploadProjectFile(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	// Refuse a role that may never attach before reading its upload.
	if err := a.Policy.Allow(httpx.Actor(r), project.ActionReport); err != nil {
		return err
	}
	name, data, err := httpx.ReadUpload(w, r, "file", attach.MaxBytes)
	if err != nil {
		return err
	}
	f, err := a.Projects.Attach(r.Context(), httpx.Actor(r), id, name, data)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/projects/", id, "/files/")+strconv.FormatInt(f.ID, 10), fileOut(f))
}

func (a *API) downloadProjectFile(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := twoIDs(r, "fid")
	if err != nil {
		return err
	}
	f, data, err := a.Projects.File(r.Context(), httpx.Actor(r), id, fid)
	if err != nil {
		return err
	}
	httpx.ServeFile(w, f.Name, f.ContentType, f.SHA256, data)
	return nil
}

func (a *API) deleteProjectFile(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := twoIDs(r, "fid")
	if err != nil {
		return err
	}
	if err := a.Projects.Detach(r.Context(), httpx.Actor(r), id, fid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
