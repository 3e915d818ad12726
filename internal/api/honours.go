package api

import (
	"net/http"
	"os"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/listq"
)

// honourEndpoints are the honours module's: programmes, batches, holdings,
// an enterprise's titles and the cultivation board.
func (a *API) honourEndpoints() []endpoint {
	const conflict, invalid, notFound = http.StatusConflict, http.StatusUnprocessableEntity, http.StatusNotFound
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/honour-programmes", Handler: a.listProgrammes,
			Op: Op{Summary: "Honour programmes, national first, then by id", Tag: "honours", OK: []Resp{ok(apitypes.ListOf[apitypes.HonourProgramme](nil))}}},
		{Method: "POST", Pattern: "/api/v1/honour-programmes", Handler: a.createProgramme,
			Op: Op{Summary: "Add a programme of the caller's level (national; a province's or city's own)", Tag: "honours",
				Body: apitypes.NewHonourProgramme{}, OK: []Resp{created(apitypes.HonourProgramme{})}}},
		{Method: "GET", Pattern: "/api/v1/honour-batches", Handler: a.listBatches,
			Op: Op{Summary: "Batches (notices) the caller's zones recorded, newest first, keyset-paginated", Tag: "honours",
				Query: apitypes.HonourBatchQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.HonourBatchSummary](nil, ""))}, Errors: []int{notFound}}},
		{Method: "POST", Pattern: "/api/v1/honour-batches", Handler: a.createBatch,
			Op: Op{Summary: "Record a notice with the caller's zone's enterprises on it; every bad entry is reported at once and nothing is stored unless all pass", Tag: "honours",
				Body: apitypes.NewHonourBatch{}, OK: []Resp{created(apitypes.HonourBatchResult{})}}},
		a.honourImportEndpoint(),
		{Method: "DELETE", Pattern: "/api/v1/honour-batches/{id}", Handler: a.withdrawBatch,
			Op: Op{Summary: "Withdraw a batch recorded in error: its titles, the titles it ended and the rollups return to before it; refused while a later batch names one of its enterprises", Tag: "honours",
				OK: []Resp{noContent}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/honour-batches/{id}", Handler: a.getBatch,
			Op: Op{Summary: "One batch with its entries in the notice's order", Tag: "honours", OK: []Resp{ok(apitypes.HonourBatch{})}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/honours", Handler: a.zoneHoldings,
			Op: Op{Summary: "Titles an area holds on a day, per programme, computed from titles", Tag: "honours",
				Query: apitypes.OnQuery{}, OK: []Resp{ok(apitypes.Holdings{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}/honours", Handler: a.enterpriseHonours,
			Op: Op{Summary: "An enterprise's titles, newest first, each marked held or not today", Tag: "honours",
				OK: []Resp{ok(apitypes.ListOf[apitypes.HonourTitle](nil))}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/cultivation", Handler: a.listCandidates,
			Op: Op{Summary: "An area's cultivation candidates by target year, with overdue next steps flagged (an enterprise user: its own)", Tag: "cultivation",
				OK: []Resp{ok(apitypes.ListOf[apitypes.Candidate](nil))}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/cultivation", Handler: a.createCandidate,
			Op: Op{Summary: "Add a candidate of the caller's zone", Tag: "cultivation", Body: apitypes.NewCandidate{},
				OK: []Resp{created(apitypes.Candidate{})}, Errors: []int{conflict}}},
		{Method: "PATCH", Pattern: "/api/v1/cultivation/{id}", Handler: a.patchCandidate,
			Op: Op{Summary: "Change a candidate's stage, target year, owner or notes (version required)", Tag: "cultivation",
				Body: apitypes.CandidatePatch{}, OK: []Resp{ok(apitypes.Candidate{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/cultivation/{id}/activities", Handler: a.listActivities,
			Op: Op{Summary: "A candidate's activities, newest first", Tag: "cultivation", OK: []Resp{ok(apitypes.ListOf[apitypes.Activity](nil))}}},
		{Method: "POST", Pattern: "/api/v1/cultivation/{id}/activities", Handler: a.addActivity,
			Op: Op{Summary: "Record a done activity; its next step becomes the candidate's", Tag: "cultivation",
				Body: apitypes.NewActivity{}, OK: []Resp{created(apitypes.Activity{})}}},
	}
}

func programmeOut(p honour.Programme) apitypes.HonourProgramme {
	return apitypes.HonourProgramme{ID: p.ID, Code: p.Code, Name: p.Name, NameEN: p.NameEN, Issuer: p.Issuer,
		Level: apitypes.HonourLevel(p.Level), RegionCode: p.RegionCode, Kind: apitypes.HonourKind(p.Kind), TermYears: p.TermYears,
		Prior: p.Prior, PriorYears: p.PriorYears, PriorSince: apitypes.Date(p.PriorSince), KeepPrior: p.KeepPrior, Quota: p.Quota, Since: p.Since}
}

func (a *API) listProgrammes(w http.ResponseWriter, r *http.Request) error {
	list, err := a.Honours.Programmes(r.Context(), httpx.Actor(r))
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, programmeOut)))
}

func (a *API) createProgramme(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewHonourProgramme
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p := honour.Programme{Code: b.Code, Name: b.Name, NameEN: b.NameEN, Issuer: b.Issuer, Level: honour.Level(b.Level),
		Kind: string(b.Kind), TermYears: b.TermYears, Prior: b.Prior, PriorYears: b.PriorYears, KeepPrior: b.KeepPrior, Quota: b.Quota, Since: b.Since}
	if b.PriorSince != nil {
		p.PriorSince = *b.PriorSince
	}
	p, err := a.Honours.CreateProgramme(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	return located(w, "/api/v1/honour-programmes", programmeOut(p))
}

func batchOut(b honour.Batch) apitypes.HonourBatch {
	out := apitypes.HonourBatch{ID: b.ID, ZoneID: b.ZoneID, Title: b.Title, Number: b.Number, Issuer: b.Issuer,
		PublishedOn: b.PublishedOn, EffectiveOn: b.EffectiveOn}
	out.Entries = apitypes.Map(b.Entries, func(e honour.Entry) apitypes.HonourEntry {
		return apitypes.HonourEntry{ID: e.ID, Row: e.Row, Programme: e.ProgrammeCode, EnterpriseID: e.EnterpriseID, USCC: e.USCC,
			EnterpriseName: e.EnterpriseName, Result: apitypes.HonourResult(e.Result)}
	})
	return out
}

func (a *API) listBatches(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	zoneID, err := a.Zones.IDOf(r.Context(), httpx.Actor(r), q.Get("zone"))
	if err != nil {
		return err
	}
	p, err := listq.Page(q)
	if err != nil {
		return err
	}
	page, err := a.Honours.Batches(r.Context(), httpx.Actor(r), zoneID, p)
	if err != nil {
		return err
	}
	out := apitypes.Map(page.Items, func(b honour.Batch) apitypes.HonourBatchSummary {
		return apitypes.HonourBatchSummary{ID: b.ID, ZoneID: b.ZoneID, Title: b.Title, Number: b.Number, Issuer: b.Issuer,
			PublishedOn: b.PublishedOn, EffectiveOn: b.EffectiveOn}
	})
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(out, page.Next))
}

func (a *API) createBatch(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.NewHonourBatch
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	b := honour.Batch{Title: body.Title, Number: body.Number, Issuer: body.Issuer, PublishedOn: body.PublishedOn}
	if body.EffectiveOn != nil {
		b.EffectiveOn = *body.EffectiveOn
	}
	for _, e := range body.Entries {
		b.Entries = append(b.Entries, honour.Entry{Row: e.Row, ProgrammeCode: e.Programme, USCC: e.USCC,
			EnterpriseName: e.EnterpriseName, Result: honour.Result(e.Result)})
	}
	b, plan, err := a.Honours.RecordBatch(r.Context(), httpx.Actor(r), b)
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := apitypes.HonourBatchResult{Batch: batchOut(b), Started: len(plan.Start), Ended: len(plan.End), Warnings: []apitypes.HonourWarning{}}
	for _, wn := range plan.Warnings {
		out.Warnings = append(out.Warnings, apitypes.HonourWarning{Row: wn.Row, Field: wn.Field, Message: a.Catalog.Msg(lang, wn.Msg)})
	}
	return located(w, idPath("/api/v1/honour-batches/", b.ID, ""), out)
}

// honourImportEndpoint is the upload of a notice's list, run as a job.
func (a *API) honourImportEndpoint() endpoint {
	e := endpoint{Method: "POST", Pattern: "/api/v1/honour-batches/import", Handler: a.importBatch,
		Op: Op{Summary: "Record a notice from its annex list (.xlsx or .csv): the zone's rows become the batch's entries, as if entered one by one; all or nothing, every bad row reported. Runs as a job: poll the url (Location)", Tag: "honours",
			Form: apitypes.HonourImportForm{}, OK: []Resp{{Status: http.StatusAccepted, Body: apitypes.JobAccepted{}, Location: true,
				Doc: "accepted: the import runs as a job"}}, Errors: []int{http.StatusUnprocessableEntity}}}
	if a.HonourImports != nil {
		e.MaxBody = a.HonourImports.MaxFileSize() + 1<<20
	}
	return e
}

func (a *API) importBatch(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	// Refuse a role that may never record a batch before reading its upload.
	if err := a.Policy.Allow(actor, honour.ActionWrite); err != nil {
		return err
	}
	name, path, err := httpx.SpoolUpload(r, "file", a.HonourImports.MaxFileSize(), a.HonourImports.Options.TmpDir, a.HonourImports.TooLarge())
	if err != nil && errs.KindOf(err) != errs.Invalid {
		return err
	}
	req, ferr := honourImportRequest(r, name, path)
	if err == nil {
		err = ferr
	} else {
		var f errs.Fields
		f.Merge(err)
		f.Merge(ferr)
		err = f.Err()
	}
	if err != nil {
		// Every problem of the form at once: the file, the dates, the head.
		if path != "" {
			_ = os.Remove(path)
		}
		return a.HonourImports.Check(r.Context(), actor, req, err)
	}
	id, err := a.HonourImports.Submit(r.Context(), actor, req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/jobs/", id, ""))
	return httpx.JSON(w, http.StatusAccepted, apitypes.JobAccepted{JobID: id, Status: apitypes.JobStatus(jobs.Queued), URL: idPath("/api/v1/jobs/", id, "")})
}

// honourImportRequest reads the notice's head of a list upload.
func honourImportRequest(r *http.Request, name, path string) (honour.ImportRequest, error) {
	req := honour.ImportRequest{Request: imports.Request{Path: path, FileName: name, Sheet: strings.TrimSpace(r.FormValue("sheet")),
		SkipBad: formBool(r.FormValue("skip_bad")), Lang: httpx.GetInfo(r.Context()).Lang},
		Batch:     honour.Batch{Title: r.FormValue("title"), Number: r.FormValue("number"), Issuer: r.FormValue("issuer")},
		Programme: strings.TrimSpace(r.FormValue("programme")), Result: honour.Result(strings.TrimSpace(r.FormValue("result")))}
	var f errs.Fields
	for _, d := range []struct {
		name string
		to   *civil.Date
	}{{"published_on", &req.Batch.PublishedOn}, {"effective_on", &req.Batch.EffectiveOn}} {
		s := strings.TrimSpace(r.FormValue(d.name))
		if s == "" {
			continue
		}
		v, err := civil.Parse(s)
		if err != nil {
			f.Add(d.name, "error.bad_date")
		}
		*d.to = v
	}
	return req, f.Err()
}

func (a *API) withdrawBatch(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Honours.WithdrawBatch(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getBatch(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.Honours.Batch(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, batchOut(b))
}

func (a *API) zoneHoldings(w http.ResponseWriter, r *http.Request) error {
	on, err := onQuery(r)
	if err != nil {
		return err
	}
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	if on.IsZero() {
		on = civil.Today(a.Now())
	}
	list, err := a.Honours.Holdings(r.Context(), httpx.Actor(r), z.ID, on)
	if err != nil {
		return err
	}
	items := apitypes.Map(list, func(h honour.Holding) apitypes.Holding {
		return apitypes.Holding{Programme: h.Programme, Name: h.Name, Held: h.Held}
	})
	return httpx.JSON(w, http.StatusOK, apitypes.Holdings{Zone: z.Slug, On: on, Items: items})
}

func titleOut(t honour.TitleView) apitypes.HonourTitle {
	return apitypes.HonourTitle{ID: t.ID, ZoneID: t.ZoneID, EnterpriseID: t.EnterpriseID, EnterpriseName: t.EnterpriseName,
		Programme: t.Programme, ProgrammeName: t.ProgrammeName, BatchID: t.BatchID, BatchTitle: t.BatchTitle, StartOn: t.StartOn,
		TermEnd: apitypes.Date(t.TermEnd), EndedOn: apitypes.Date(t.EndedOn), EndReason: apitypes.HonourEndReason(t.EndReason), Held: t.Held}
}

func (a *API) enterpriseHonours(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	e, err := a.Enterprises.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	list, err := a.Honours.Titles(r.Context(), httpx.Actor(r), e.ZoneID, e.ID, civil.Date{})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, titleOut)))
}

func (a *API) candidateOut(c honour.Candidate, codes map[int64]string) apitypes.Candidate {
	return apitypes.Candidate{ID: c.ID, ZoneID: c.ZoneID, EnterpriseID: c.EnterpriseID, EnterpriseName: c.EnterpriseName,
		Programme: codes[c.ProgrammeID], TargetYear: c.TargetYear, Stage: apitypes.CultivationStage(c.Stage), Owner: c.Owner,
		Notes: c.Notes, NextStep: c.NextStep, NextOn: apitypes.Date(c.NextOn), Overdue: honour.Overdue(c, civil.Today(a.Now())), Version: c.Version}
}

// programmeCodes maps programme ids to codes and back.
func (a *API) programmeCodes(r *http.Request) (map[int64]string, map[string]int64, error) {
	list, err := a.Honours.Programmes(r.Context(), httpx.Actor(r))
	if err != nil {
		return nil, nil, err
	}
	byID, byCode := map[int64]string{}, map[string]int64{}
	for _, p := range list {
		byID[p.ID], byCode[p.Code] = p.Code, p.ID
	}
	return byID, byCode, nil
}

func (a *API) listCandidates(w http.ResponseWriter, r *http.Request) error {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	codes, _, err := a.programmeCodes(r)
	if err != nil {
		return err
	}
	list, err := a.Honours.Candidates(r.Context(), httpx.Actor(r), z.ID)
	if err != nil {
		return err
	}
	out := apitypes.Map(list, func(c honour.Candidate) apitypes.Candidate { return a.candidateOut(c, codes) })
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(out))
}

func (a *API) createCandidate(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.NewCandidate
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	if actor := httpx.Actor(r); actor.ZoneID != z.ID && a.Policy.Can(actor.Role, honour.ActionWrite) {
		return errs.NotFoundf("entity.area")
	}
	codes, byCode, err := a.programmeCodes(r)
	if err != nil {
		return err
	}
	c := honour.Candidate{EnterpriseID: body.EnterpriseID, ProgrammeID: byCode[body.Programme], TargetYear: body.TargetYear,
		Stage: honour.Stage(body.Stage), Owner: body.Owner, Notes: body.Notes}
	c, err = a.Honours.CreateCandidate(r.Context(), httpx.Actor(r), c)
	if err != nil {
		return err
	}
	if c, err = a.Honours.Candidate(r.Context(), httpx.Actor(r), c.ID); err != nil {
		return err
	}
	return located(w, idPath("/api/v1/cultivation/", c.ID, ""), a.candidateOut(c, codes))
}

func (a *API) patchCandidate(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var body apitypes.CandidatePatch
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	p := honour.CandidatePatch{Version: body.Version, TargetYear: body.TargetYear, Owner: body.Owner, Notes: body.Notes}
	if body.Stage != nil {
		st := honour.Stage(*body.Stage)
		p.Stage = &st
	}
	c, err := a.Honours.UpdateCandidate(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	codes, _, err := a.programmeCodes(r)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.candidateOut(c, codes))
}

func activityOut(x honour.Activity) apitypes.Activity {
	return apitypes.Activity{ID: x.ID, CandidateID: x.CandidateID, Kind: apitypes.ActivityKind(x.Kind), On: x.On, People: x.People,
		Attendees: x.Attendees, Notes: x.Notes, NextStep: x.NextStep, NextOn: apitypes.Date(x.NextOn)}
}

func (a *API) listActivities(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	list, err := a.Honours.Activities(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, activityOut)))
}

func (a *API) addActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var body apitypes.NewActivity
	if err := httpx.DecodeJSON(w, r, maxBody, &body); err != nil {
		return err
	}
	x := honour.Activity{Kind: honour.ActivityKind(body.Kind), On: body.On, People: body.People, Attendees: body.Attendees,
		Notes: body.Notes, NextStep: body.NextStep}
	if body.NextOn != nil {
		x.NextOn = *body.NextOn
	}
	x, err = a.Honours.AddActivity(r.Context(), httpx.Actor(r), id, x)
	if err != nil {
		return err
	}
	return located(w, idPath("/api/v1/cultivation/", id, "/activities"), activityOut(x))
}
