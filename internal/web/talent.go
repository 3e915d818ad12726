package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// talentProgrammeRow is a programme with its tiers and calls.
type talentProgrammeRow struct {
	talent.Programme
	Title    string
	Category string
	Calls    []talent.Call
}

type talentProgrammesData struct {
	orgZone
	Rows []talentProgrammeRow
}

func (w *Web) talentProgrammesData(r *http.Request) (talentProgrammesData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, talent.ActionRead); err != nil {
		return talentProgrammesData{}, err
	}
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err != nil {
		return talentProgrammesData{}, err
	}
	oz := orgZone{Area: z, AreaName: areaLabel(lang, z), CanWrite: a.ZoneID == z.ID && w.Policy.Can(a.Role, talent.ActionWrite),
		Persons: w.Policy.Can(a.Role, talent.ActionPersons)}
	list, err := w.Talents.Programmes(r.Context(), a, z.ID)
	if err != nil {
		return talentProgrammesData{}, err
	}
	d := talentProgrammesData{orgZone: oz}
	for _, p := range list {
		calls, err := w.Talents.Calls(r.Context(), a, p.ID)
		if err != nil {
			return d, err
		}
		cat := p.Category
		if lang == i18n.EN && p.CategoryEN != "" {
			cat = p.CategoryEN
		}
		d.Rows = append(d.Rows, talentProgrammeRow{Programme: p, Title: talentName(lang, p), Category: cat, Calls: calls})
	}
	return d, nil
}

func (w *Web) talentProgrammes(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.talentProgrammesData(r)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		t := func(key string, args ...any) string { return w.Catalog.T(w.lang(r), key, args...) }
		tiers := xlsx.Table{Title: t("talent.ui.programmes_title"), Note: d.AreaName,
			Columns: []string{t("talent.ui.col_programme"), t("talent.ui.col_category"), t("talent.ui.col_tier"), t("talent.ui.col_max_wan"), t("talent.ui.col_period")}}
		calls := xlsx.Table{Title: t("talent.ui.calls"), Note: d.AreaName,
			Columns: []string{t("talent.ui.col_programme"), t("talent.ui.col_year"), t("talent.ui.col_call"), t("talent.ui.col_window")}}
		for _, p := range d.Rows {
			for _, tr := range p.Tiers {
				tiers.Rows = append(tiers.Rows, []any{p.Title, p.Category, tr.Name, formatWan(tr.MaxSupportFen), int64(tr.PeriodYears)})
			}
			for _, c := range p.Calls {
				calls.Rows = append(calls.Rows, []any{p.Title, int64(c.Year), c.Title, c.OpensOn.String() + " – " + c.ClosesOn.String()})
			}
		}
		return writeWorkbook(rw, d.AreaName+"-"+t("talent.ui.programmes_title")+".xlsx", []xlsx.Table{tiers, calls})
	}
	return w.render(rw, r, http.StatusOK, "talent_programmes", Page{Title: "talent.ui.programmes_title", Data: d})
}

// applicantRow is an application as the call's page shows it (the
// identity number as the service gives it: masked unless the reader may
// see it).
type applicantRow struct {
	talent.Applicant
	TierName, StatusName, Support string
}

type talentCallData struct {
	Area      zone.Area
	AreaName  string
	Programme talent.Programme
	Title     string
	Call      talent.Call
	Rows      []applicantRow
	Nav       listNav // total, page numbers, order, xlsx export
	CanWrite  bool
	Tiers     []option
	Form      map[string]string
	// Closed: the window has passed; Late: the reader may still record
	// applications to it (talent.extend). Choices feed the employer field.
	Closed, Late bool
	Choices      []enterprise.Enterprise
}

func (w *Web) applicantRow(lang i18n.Lang, p talent.Programme, x talent.Applicant) applicantRow {
	tier, _ := p.TierByID(x.TierID)
	row := applicantRow{Applicant: x, TierName: tier.Name, StatusName: w.Catalog.T(lang, x.Status.Key())}
	if x.Status == talent.Granted {
		row.Support = formatWan(x.SupportFen) + " " + w.Catalog.T(lang, "invest.ui.wan")
		if !x.SupportUntil.IsZero() {
			row.Support += "（" + x.SupportFrom.String() + " – " + x.SupportUntil.String() + "）"
		}
	}
	return row
}

// talentCallOf reads a call with its programme and zone, as the reader
// sees them.
func (w *Web) talentCallOf(ctx context.Context, a access.Actor, id int64) (talent.Call, talent.Programme, zone.Area, error) {
	c, err := w.Talents.Call(ctx, a, id)
	if err != nil {
		return talent.Call{}, talent.Programme{}, zone.Area{}, err
	}
	p, err := w.Talents.Programme(ctx, a, c.ProgrammeID)
	if err != nil {
		return c, talent.Programme{}, zone.Area{}, err
	}
	z, err := w.Zones.ByID(ctx, a, c.ZoneID)
	return c, p, z, err
}

// talentCallData reads a call with a page of its applicants; applicants are
// people, so readers above the zone are refused here (talent.persons).
func (w *Web) talentCallData(r *http.Request, form map[string]string) (talentCallData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, talent.ActionPersons); err != nil {
		return talentCallData{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return talentCallData{}, err
	}
	c, p, z, err := w.talentCallOf(r.Context(), a, id)
	if err != nil {
		return talentCallData{}, err
	}
	page, err := w.Talents.Applicants(r.Context(), a, c.ID, listRequest(r.URL.Query()))
	if err != nil {
		return talentCallData{}, err
	}
	if form == nil {
		form = map[string]string{"applied_on": civil.Today(w.Now()).String()}
		if len(p.Tiers) > 0 {
			form["tier"] = p.Tiers[0].Code
		}
	}
	d := talentCallData{Area: z, AreaName: areaLabel(lang, z), Programme: p, Title: talentName(lang, p), Call: c, Form: form,
		CanWrite: a.ZoneID == c.ZoneID && w.Policy.Can(a.Role, talent.ActionWrite),
		Nav:      newListNav(r.URL.Query(), r.URL.Path, page.Total, pageSize, page.Next, "name", "-applied_on"),
		Closed:   c.Closed(civil.Today(w.Now())), Late: w.Talents.MayExtend(a)}
	if d.CanWrite && (!d.Closed || d.Late) {
		if d.Choices, err = w.enterpriseChoices(r); err != nil {
			return d, err
		}
	}
	for _, t := range p.Tiers {
		d.Tiers = append(d.Tiers, option{Code: t.Code, Name: t.Name})
	}
	for _, x := range page.Items {
		d.Rows = append(d.Rows, w.applicantRow(lang, p, x))
	}
	return d, nil
}

func (w *Web) talentCall(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.talentCallData(r, nil)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		return w.talentCallWorkbook(rw, r, d)
	}
	return w.render(rw, r, http.StatusOK, "talent_call", Page{Title: d.Call.Title, Data: d})
}

// talentCallWorkbook is every applicant of the call the reader sees, the
// identity numbers masked as on the page.
func (w *Web) talentCallWorkbook(rw http.ResponseWriter, r *http.Request, d talentCallData) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	tb := xlsx.Table{Title: d.Call.Title, Note: d.AreaName + " · " + d.Title,
		Columns: []string{t("talent.ui.col_name"), t("talent.ui.col_id"), t("talent.ui.col_tier"), t("talent.ui.col_employer"), t("talent.ui.col_chain"),
			t("talent.ui.col_applied"), t("talent.ui.col_status"), t("talent.ui.col_result"), t("talent.ui.col_support_wan"), t("talent.ui.col_support_until")}}
	list, err := exportAll(listRequest(r.URL.Query()), func(p paging.Request) (paging.Page[talent.Applicant], error) {
		return w.Talents.Applicants(r.Context(), a, d.Call.ID, p)
	})
	if err != nil {
		return err
	}
	for _, x := range list {
		row := w.applicantRow(lang, d.Programme, x)
		until := ""
		if !x.SupportUntil.IsZero() {
			until = x.SupportUntil.String()
		}
		support := ""
		if x.Status == talent.Granted {
			support = formatWan(x.SupportFen)
		}
		tb.Rows = append(tb.Rows, []any{x.Name, x.IDNumber, row.TierName, x.EnterpriseName, x.ChainName, x.AppliedOn.String(),
			row.StatusName, x.Result, support, until})
	}
	return writeWorkbook(rw, d.AreaName+"-"+d.Call.Title+".xlsx", []xlsx.Table{tb})
}

func (w *Web) talentApply(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, talent.ActionWrite); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := postForm(r, "name", "id_number", "tier", "enterprise", "applied_on")
	var f errs.Fields
	n := talent.NewApplicant{Name: form["name"], IDNumber: form["id_number"], TierCode: form["tier"], EmployerUSCC: form["enterprise"],
		AppliedOn: formDate(&f, form, "applied_on")}
	// The employer is typed by name or credit code (the datalist offers
	// the zone's); the service takes the code.
	// An employer no enterprise (or several) answers goes to the service
	// as none, so that every other field is checked too; the reason is
	// then said beside the field.
	var pick *errs.Msg
	if form["enterprise"] != "" {
		e, bad, err := w.matchEnterprise(r, form["enterprise"])
		if err != nil {
			return err
		}
		if pick = bad; bad == nil {
			n.EmployerUSCC = e.USCC
		}
	}
	err = f.Err()
	if err == nil {
		_, err = w.Talents.Apply(r.Context(), a, id, n)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		if pick != nil {
			fe["enterprise"] = w.Catalog.Msg(w.lang(r), *pick)
		}
		d, derr := w.talentCallData(r, form)
		if derr != nil {
			return derr
		}
		if d.Closed && !d.Late && fe["applied_on"] != "" {
			msg = fe["applied_on"] // the form is gone: say why at the top
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "talent_call", Page{Title: d.Call.Title, Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/talent/calls/"+strconv.FormatInt(id, 10)+"?flash=saved", http.StatusSeeOther)
	return nil
}
