package web

import (
	"net/http"
	"strconv"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/zone"
)

// talentFormRoutes are the talent office's forms: a call opened or
// changed, an application's review. Each calls the talent service's method
// the API calls.
func (w *Web) talentFormRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/talent/programmes/{id}/calls/new", w.talentCallNew),
		r("POST", "/talent/programmes/{id}/calls", w.talentCallCreate),
		r("GET", "/talent/calls/{id}/edit", w.talentCallEdit),
		r("POST", "/talent/calls/{id}/edit", w.talentCallUpdate),
		r("GET", "/talent/applicants/{id}", w.talentApplicant),
		r("POST", "/talent/applicants/{id}", w.talentReview),
	}
}

// callFormData is the form of a call: new (Call.ID 0) or a change.
type callFormData struct {
	Area      zone.Area
	AreaName  string
	Programme talent.Programme
	Title     string
	Call      talent.Call
	Action    string
	Back      string
	Form      map[string]string
	Closed    bool // the call's window has passed
	MayExtend bool
	// Confirm asks before a change closes an open call's window now.
	Confirm string
}

var callFormFields = []string{"title", "year", "opens_on", "closes_on", "quota", "version"}

// talentWriteProgramme is the programme of the path for a writer of its zone.
func (w *Web) talentWriteProgramme(r *http.Request, id int64) (talent.Programme, zone.Area, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, talent.ActionWrite); err != nil {
		return talent.Programme{}, zone.Area{}, err
	}
	p, err := w.Talents.Programme(r.Context(), a, id)
	if err != nil {
		return p, zone.Area{}, err
	}
	if p.ZoneID != a.ZoneID {
		return p, zone.Area{}, errs.NotFoundf("talent.entity.programme")
	}
	z, err := w.Zones.ByID(r.Context(), a, p.ZoneID)
	return p, z, err
}

func (w *Web) callForm(rw http.ResponseWriter, r *http.Request, status int, d callFormData, fe map[string]string, msg string) error {
	lang := w.lang(r)
	d.AreaName, d.Title = areaLabel(lang, d.Area), talentName(lang, d.Programme)
	d.MayExtend = w.Talents.MayExtend(httpx.Actor(r))
	if d.Call.ID != 0 {
		d.Closed = d.Call.Closed(civil.Today(w.Now()))
		d.Action, d.Back = "/talent/calls/"+itoa(d.Call.ID)+"/edit", "/talent/calls/"+itoa(d.Call.ID)
	} else {
		d.Action, d.Back = "/talent/programmes/"+itoa(d.Programme.ID)+"/calls", "/zones/"+d.Area.Slug+"/talent"
	}
	title := "talent.ui.call_new"
	if d.Call.ID != 0 {
		title = "talent.ui.call_edit"
	}
	return w.render(rw, r, status, "talent_call_form", Page{Title: title, Data: d, Errors: fe, Message: msg})
}

func (w *Web) talentCallNew(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, z, err := w.talentWriteProgramme(r, id)
	if err != nil {
		return err
	}
	today := civil.Today(w.Now())
	form := map[string]string{"year": strconv.Itoa(today.Year), "opens_on": today.String(),
		"title": w.Catalog.T(w.lang(r), "talent.ui.call_title_default", today.Year, p.Name)}
	return w.callForm(rw, r, http.StatusOK, callFormData{Area: z, Programme: p, Form: form}, nil, "")
}

// readCallForm reads a call's form; bad numbers and dates are field errors.
func readCallForm(r *http.Request) (map[string]string, talent.Call, errs.Fields) {
	form := postForm(r, callFormFields...)
	var f errs.Fields
	c := talent.Call{Title: form["title"], Year: formInt(&f, form, "year"), OpensOn: formDate(&f, form, "opens_on"),
		ClosesOn: formDate(&f, form, "closes_on"), Quota: formInt(&f, form, "quota")}
	if len(f) > 0 {
		// Say at once what else the service would refuse.
		check := c
		var e *errs.Error
		if asErrs(talent.ValidateCall(&check), &e) {
			for k, m := range e.Fields {
				if _, has := f[k]; !has {
					f.Add(k, m.Key, m.Args...)
				}
			}
		}
	}
	return form, c, f
}

func (w *Web) talentCallCreate(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, z, err := w.talentWriteProgramme(r, id)
	if err != nil {
		return err
	}
	form, c, f := readCallForm(r)
	c.ProgrammeID = p.ID
	err = f.Err()
	if err == nil {
		c, err = w.Talents.CreateCall(r.Context(), httpx.Actor(r), c)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.callForm(rw, r, http.StatusUnprocessableEntity, callFormData{Area: z, Programme: p, Form: form}, fe, msg)
	}
	http.Redirect(rw, r, "/talent/calls/"+itoa(c.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// talentWriteCall is the call of the path, its programme and zone, for a
// writer of its zone.
func (w *Web) talentWriteCall(r *http.Request) (talent.Call, talent.Programme, zone.Area, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, talent.ActionWrite); err != nil {
		return talent.Call{}, talent.Programme{}, zone.Area{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return talent.Call{}, talent.Programme{}, zone.Area{}, err
	}
	c, err := w.Talents.Call(r.Context(), a, id)
	if err != nil {
		return c, talent.Programme{}, zone.Area{}, err
	}
	if c.ZoneID != a.ZoneID {
		return c, talent.Programme{}, zone.Area{}, errs.NotFoundf("talent.entity.call")
	}
	p, z, err := w.talentWriteProgramme(r, c.ProgrammeID)
	return c, p, z, err
}

func (w *Web) talentCallEdit(rw http.ResponseWriter, r *http.Request) error {
	c, p, z, err := w.talentWriteCall(r)
	if err != nil {
		return err
	}
	form := map[string]string{"title": c.Title, "year": strconv.Itoa(c.Year), "opens_on": c.OpensOn.String(),
		"closes_on": c.ClosesOn.String(), "quota": strconv.Itoa(c.Quota), "version": strconv.Itoa(c.Version)}
	return w.callForm(rw, r, http.StatusOK, callFormData{Area: z, Programme: p, Call: c, Form: form}, nil, "")
}

func (w *Web) talentCallUpdate(rw http.ResponseWriter, r *http.Request) error {
	c, p, z, err := w.talentWriteCall(r)
	if err != nil {
		return err
	}
	form, next, f := readCallForm(r)
	d := callFormData{Area: z, Programme: p, Call: c, Form: form}
	today := civil.Today(w.Now())
	version, _ := strconv.Atoi(form["version"])
	patch := talent.CallPatch{Version: version, Year: &next.Year, Title: &next.Title, OpensOn: &next.OpensOn, ClosesOn: &next.ClosesOn, Quota: &next.Quota}
	err = f.Err()
	// Closing an open call today or earlier turns applicants away: ask
	// first, with the values typed carried in the question's form — once
	// the change is known to be taken (its dates in order, the right to
	// move a closed window), so a confirmed change is never then refused.
	if err == nil && !c.Closed(today) && next.Closed(today) && r.PostFormValue("confirm") != "1" {
		if _, err = w.Talents.CheckCallUpdate(r.Context(), httpx.Actor(r), c.ID, patch); err == nil {
			d.Confirm = w.Catalog.T(w.lang(r), "talent.ui.confirm_close", c.Title, next.ClosesOn.String())
			return w.callForm(rw, r, http.StatusOK, d, nil, "")
		}
	}
	if err == nil {
		_, err = w.Talents.UpdateCall(r.Context(), httpx.Actor(r), c.ID, patch)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.callForm(rw, r, http.StatusUnprocessableEntity, d, fe, msg)
	}
	http.Redirect(rw, r, "/talent/calls/"+itoa(c.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// applicantData is an application's page: its facts and, for the zone's
// talent office, the review form.
type applicantData struct {
	applicantRow
	Area      zone.Area
	AreaName  string
	Programme talent.Programme
	Title     string
	Call      talent.Call
	CanWrite  bool
	Statuses  []option
	Form      map[string]string
	Confirm   string // the question before a decision is recorded or undone
	TierMax   string // the tier's bound on support, 万元
}

var reviewFields = []string{"status", "result", "decided_on", "support_wan", "support_from", "support_until", "version"}

func (w *Web) applicantData(r *http.Request, form map[string]string) (applicantData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, talent.ActionPersons); err != nil {
		return applicantData{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return applicantData{}, err
	}
	x, err := w.Talents.Applicant(r.Context(), a, id)
	if err != nil {
		return applicantData{}, err
	}
	c, p, z, err := w.talentCallOf(r.Context(), a, x.CallID)
	if err != nil {
		return applicantData{}, err
	}
	d := applicantData{applicantRow: w.applicantRow(lang, p, x), Area: z, AreaName: areaLabel(lang, z), Programme: p,
		Title: talentName(lang, p), Call: c, CanWrite: a.ZoneID == x.ZoneID && w.Policy.Can(a.Role, talent.ActionWrite)}
	if t, ok := p.TierByID(x.TierID); ok && t.MaxSupportFen > 0 {
		d.TierMax = formatWan(t.MaxSupportFen)
	}
	for _, s := range talent.Statuses() {
		d.Statuses = append(d.Statuses, option{Code: string(s), Name: w.Catalog.T(lang, s.Key())})
	}
	if form == nil {
		form = map[string]string{"status": string(x.Status), "result": x.Result, "version": strconv.Itoa(x.Version)}
		if !x.DecidedOn.IsZero() {
			form["decided_on"] = x.DecidedOn.String()
		}
		if x.Status == talent.Granted {
			form["support_wan"] = formatWanInput(x.SupportFen)
			form["support_from"], form["support_until"] = dateOrEmpty(x.SupportFrom), dateOrEmpty(x.SupportUntil)
		}
	}
	d.Form = form
	return d, nil
}

func dateOrEmpty(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (w *Web) talentApplicant(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.applicantData(r, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "talent_applicant", Page{Title: d.Name, Data: d})
}

// talentReview records an application's review. A review that turns the
// applicant down or withdraws the application, or that changes a decision
// already recorded, is asked about first (a second form, no script).
func (w *Web) talentReview(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, talent.ActionWrite); err != nil {
		return err
	}
	form := postForm(r, reviewFields...)
	d, err := w.applicantData(r, form)
	if err != nil {
		return err
	}
	if !d.CanWrite {
		return errs.NotFoundf("talent.entity.applicant")
	}
	var f errs.Fields
	rv := talent.Review{Status: talent.Status(form["status"]), Result: form["result"], DecidedOn: formDate(&f, form, "decided_on"),
		SupportFen: formWan(&f, form, "support_wan", false), SupportFrom: formDate(&f, form, "support_from"),
		SupportUntil: formDate(&f, form, "support_until")}
	version, _ := strconv.Atoi(form["version"])
	prev := d.Applicant
	undo := prev.Status.Decided() && prev.Status != rv.Status
	if f.Err() == nil && rv.Status.Valid() && (rv.Status == talent.Rejected || rv.Status == talent.Withdrawn || undo) &&
		r.PostFormValue("confirm") != "1" {
		key := "talent.ui.confirm_review"
		if undo {
			key = "talent.ui.confirm_undo"
		}
		d.Confirm = w.Catalog.T(lang, key, prev.Name, w.Catalog.T(lang, prev.Status.Key()), w.Catalog.T(lang, rv.Status.Key()))
		return w.render(rw, r, http.StatusOK, "talent_applicant", Page{Title: d.Name, Data: d})
	}
	err = f.Err()
	if err == nil {
		_, err = w.Talents.Review(r.Context(), a, prev.ID, talent.ReviewPatch{Version: version, Review: rv})
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		if m, has := fe["support_fen"]; has {
			fe["support_wan"] = m
			delete(fe, "support_fen")
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "talent_applicant", Page{Title: d.Name, Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/talent/calls/"+itoa(prev.CallID)+"?flash=saved#applicants", http.StatusSeeOther)
	return nil
}

// enterpriseChoices are the enterprises a form's datalist offers (the
// zone's, as the user form offers them); the field takes a name or a
// credit code, matched by matchEnterprise.
func (w *Web) enterpriseChoices(r *http.Request) ([]enterprise.Enterprise, error) {
	ents, err := w.Enterprises.List(r.Context(), httpx.Actor(r), enterprise.Filter{Limit: 200})
	if err != nil {
		return nil, err
	}
	return ents.Items, nil
}
