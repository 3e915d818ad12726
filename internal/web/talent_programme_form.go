package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/zone"
)

// A zone's talent office (talent.ActionWrite: the zone's admin and staff)
// sets up its programmes here: a new one with its tiers, or an existing
// one's names, category, order and tiers (their codes stay: the rollups and
// the applicants use them; a tier is added, never removed).

func (w *Web) talentProgrammeRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/zones/{slug}/talent/programmes/new", w.talentProgrammeNew),
		r("POST", "/zones/{slug}/talent/programmes", w.talentProgrammeCreate),
		r("GET", "/talent/programmes/{id}/edit", w.talentProgrammeEdit),
		r("POST", "/talent/programmes/{id}/edit", w.talentProgrammeUpdate),
	}
}

// programmeBlankTiers is how many empty tier rows the form adds, up to
// programmeMaxTiers rows in all.
const (
	programmeBlankTiers = 3
	programmeMaxTiers   = 20
)

type programmeFormData struct {
	Area      zone.Area
	AreaName  string
	Programme talent.Programme // the one edited; ID 0 for a new one
	Form      map[string]string
	Tiers     []tierRow
	Stamp     string
	Action    string
	Back      string
}

// tierRow is one row of the tier table: its fields' names (tiers.N.…, as
// the service names its errors) and whether its code is fixed.
type tierRow struct {
	N     int
	Fixed bool
}

func (r tierRow) Key(field string) string { return "tiers." + strconv.Itoa(r.N) + "." + field }

var programmeFields = []string{"code", "name", "name_en", "category", "category_en", "position", "stamp"}

// programmeFormOf fills a form from a stored programme.
func programmeFormOf(p talent.Programme) map[string]string {
	form := map[string]string{"code": p.Code, "name": p.Name, "name_en": p.NameEN, "category": p.Category, "category_en": p.CategoryEN,
		"position": strconv.Itoa(p.Position)}
	for i, t := range p.Tiers {
		row := tierRow{N: i + 1}
		form[row.Key("code")], form[row.Key("name")] = t.Code, t.Name
		if t.MaxSupportFen > 0 {
			form[row.Key("max_wan")] = formatWanInput(t.MaxSupportFen)
		}
		if t.PeriodYears > 0 {
			form[row.Key("period_years")] = strconv.Itoa(t.PeriodYears)
		}
	}
	return form
}

// readProgrammeForm reads the posted programme; rows without a code nor a
// name are left out.
func readProgrammeForm(r *http.Request) (map[string]string, talent.Programme, errs.Fields) {
	form := postForm(r, programmeFields...)
	var f errs.Fields
	p := talent.Programme{Code: form["code"], Name: form["name"], NameEN: form["name_en"], Category: form["category"],
		CategoryEN: form["category_en"], Position: formInt(&f, form, "position")}
	for n := 1; n <= programmeMaxTiers; n++ {
		row := tierRow{N: n}
		keys := []string{row.Key("code"), row.Key("name"), row.Key("max_wan"), row.Key("period_years")}
		empty := true
		for _, k := range keys {
			form[k] = strings.TrimSpace(r.PostFormValue(k))
			empty = empty && form[k] == ""
		}
		if empty {
			continue
		}
		p.Tiers = append(p.Tiers, talent.Tier{Code: form[row.Key("code")], Name: form[row.Key("name")],
			MaxSupportFen: formWan(&f, form, row.Key("max_wan"), false), PeriodYears: formInt(&f, form, row.Key("period_years"))})
	}
	return form, p, f
}

func (w *Web) programmeForm(rw http.ResponseWriter, r *http.Request, status int, d programmeFormData, fe map[string]string, msg string) error {
	d.AreaName = areaLabel(w.lang(r), d.Area)
	d.Back = "/zones/" + d.Area.Slug + "/talent"
	d.Action = "/zones/" + d.Area.Slug + "/talent/programmes"
	if d.Programme.ID != 0 {
		d.Action = "/talent/programmes/" + itoa(d.Programme.ID) + "/edit"
		if d.Stamp == "" {
			d.Stamp = talent.ProgrammeStamp(d.Programme)
		}
	}
	rows := 0
	for n := 1; n <= programmeMaxTiers; n++ {
		if d.Form[tierRow{N: n}.Key("code")] != "" || d.Form[tierRow{N: n}.Key("name")] != "" {
			rows = n
		}
	}
	rows = min(max(rows, len(d.Programme.Tiers))+programmeBlankTiers, programmeMaxTiers)
	for n := 1; n <= rows; n++ {
		d.Tiers = append(d.Tiers, tierRow{N: n, Fixed: n <= len(d.Programme.Tiers)})
	}
	// The service names a tier's amount in fen; the form's field is in 万元.
	for k, v := range fe {
		if base, ok := strings.CutSuffix(k, ".max_support_fen"); ok {
			fe[base+".max_wan"] = v
		}
	}
	title := "talent.ui.programme_new"
	if d.Programme.ID != 0 {
		title = "talent.ui.programme_edit"
	}
	return w.render(rw, r, status, "talent_programme_form", Page{Title: title, Data: d, Errors: fe, Message: msg})
}

// talentWriteZone is the zone of the path for a writer of it.
func (w *Web) talentWriteZone(r *http.Request) (zone.Area, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, talent.ActionWrite); err != nil {
		return zone.Area{}, err
	}
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err == nil && z.ID != a.ZoneID {
		err = errs.NotFoundf("entity.area")
	}
	return z, err
}

func (w *Web) talentProgrammeNew(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.talentWriteZone(r)
	if err != nil {
		return err
	}
	return w.programmeForm(rw, r, http.StatusOK, programmeFormData{Area: z, Form: map[string]string{}}, nil, "")
}

func (w *Web) talentProgrammeCreate(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.talentWriteZone(r)
	if err != nil {
		return err
	}
	form, p, f := readProgrammeForm(r)
	err = f.Err()
	if err == nil {
		p, err = w.Talents.CreateProgramme(r.Context(), httpx.Actor(r), p)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.programmeForm(rw, r, http.StatusUnprocessableEntity, programmeFormData{Area: z, Form: form}, fe, msg)
	}
	http.Redirect(rw, r, "/zones/"+z.Slug+"/talent?flash=saved#programme-"+p.Code, http.StatusSeeOther)
	return nil
}

func (w *Web) talentProgrammeEdit(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, z, err := w.talentWriteProgramme(r, id)
	if err != nil {
		return err
	}
	return w.programmeForm(rw, r, http.StatusOK, programmeFormData{Area: z, Programme: p, Form: programmeFormOf(p)}, nil, "")
}

func (w *Web) talentProgrammeUpdate(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	prev, z, err := w.talentWriteProgramme(r, id)
	if err != nil {
		return err
	}
	form, p, f := readProgrammeForm(r)
	err = f.Err()
	if err == nil {
		p, err = w.Talents.UpdateProgramme(r.Context(), httpx.Actor(r), id, form["stamp"], p)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d := programmeFormData{Area: z, Programme: prev, Form: form, Stamp: form["stamp"]}
		if errs.Is(err, errs.Conflict) {
			// Changed meanwhile: the form shows the programme as it now is.
			d.Form, d.Stamp = programmeFormOf(prev), ""
		}
		return w.programmeForm(rw, r, http.StatusUnprocessableEntity, d, fe, msg)
	}
	http.Redirect(rw, r, "/zones/"+z.Slug+"/talent?flash=saved#programme-"+p.Code, http.StatusSeeOther)
	return nil
}
