package web

import (
	"net/http"
	"slices"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/zone"
)

// A trip's page: what the list shows and its notes, the projects it
// touched linked, and for the zone's investment office the form that
// corrects it (opened from the list's 编辑).

func (w *Web) investTripRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/investment/trips/{id}", w.investTripPage),
		r("POST", "/investment/trips/{id}", w.investTripUpdate),
	}
}

type investTripData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Trip     invest.Trip
	CanWrite bool
	Form     map[string]string
	Stamp    string          // invest.TripStamp of the trip shown
	Projects []option        // the zone's open projects and those the trip touched
	Checked  map[string]bool // the projects ticked
	Back     string          // the zone's trips
}

// tripFields are the trip form's fields.
var tripFields = []string{"start_on", "end_on", "province", "city", "leader", "people", "firms", "notes", "stamp"}

func (w *Web) investTripData(r *http.Request, form map[string]string, checked []int64) (investTripData, error) {
	a := httpx.Actor(r)
	id, err := pathID(r)
	if err != nil {
		return investTripData{}, err
	}
	t, err := w.Invest.Trip(r.Context(), a, id)
	if err != nil {
		return investTripData{}, err
	}
	z, err := w.Zones.ByID(r.Context(), a, t.ZoneID)
	if err != nil {
		return investTripData{}, err
	}
	d := investTripData{Tabs: w.investTabs(a, z), Area: z, AreaName: areaLabel(w.lang(r), z), Trip: t, CanWrite: w.investWrites(a, z),
		Form: form, Stamp: invest.TripStamp(t), Checked: map[string]bool{}, Back: "/zones/" + z.Slug + "/investment/activities#trips"}
	if d.Form == nil {
		d.Form = map[string]string{"start_on": t.StartOn.String(), "end_on": t.EndOn.String(), "province": t.Province, "city": t.City,
			"leader": t.Leader, "people": itoa(int64(t.People)), "firms": t.Firms, "notes": t.Notes}
		checked = t.ProjectIDs
	}
	if s := d.Form["stamp"]; s != "" {
		d.Stamp = s // a refused form keeps the state it was opened on
	}
	for _, id := range checked {
		d.Checked[itoa(id)] = true
	}
	if d.CanWrite {
		if d.Projects, err = w.projectOptions(r, z.ID); err != nil {
			return d, err
		}
		// A touched project no longer open stays offered, ticked.
		for i, id := range t.ProjectIDs {
			if !slices.ContainsFunc(d.Projects, func(o option) bool { return o.Code == itoa(id) }) {
				d.Projects = append(d.Projects, option{Code: itoa(id), Name: t.ProjectNames[i]})
			}
		}
	}
	return d, nil
}

func (w *Web) investTripPage(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.investTripData(r, nil, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "invest_trip", Page{Title: "invest.ui.trip", Data: d})
}

func (w *Web) investTripUpdate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, invest.ActionWrite); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := postForm(r, tripFields...)
	var f errs.Fields
	ids := formIDs(r)
	t := invest.Trip{Province: form["province"], City: form["city"], Leader: form["leader"], Firms: form["firms"], Notes: form["notes"],
		StartOn: formDate(&f, form, "start_on"), EndOn: formDate(&f, form, "end_on"), People: formInt(&f, form, "people"), ProjectIDs: ids}
	if err = f.Err(); err == nil {
		t, err = w.Invest.UpdateTrip(r.Context(), a, id, form["stamp"], t)
	}
	if err != nil {
		if errs.Is(err, errs.Conflict) {
			// Changed meanwhile: the form shows the trip as it now is.
			form, ids = nil, nil
		}
		return w.renderForm(rw, r, err, "invest_trip", "invest.ui.trip", func() (any, error) { return w.investTripData(r, form, ids) })
	}
	http.Redirect(rw, r, "/investment/trips/"+itoa(t.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}
