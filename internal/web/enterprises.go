package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

type listData struct {
	Filter    url.Values
	Zones     []zone.Area
	Page      enterprise.Page
	CanAdd    bool
	Natures   []string
	Industry  []string
	Listings  []string
	Nav       listNav // total, page numbers, order, xlsx export
	ExportCSV string
}

// maxExportRows bounds a list's export; a longer list is narrowed first.
const maxExportRows = 100_000

func (w *Web) enterpriseList(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if a.Role == access.Enterprise {
		http.Redirect(rw, r, "/enterprises/"+itoa(a.EnterpriseID), http.StatusSeeOther)
		return nil
	}
	q := r.URL.Query()
	f, err := listq.Enterprises(r.Context(), w.Zones, a, q)
	if err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = pageSize
	}
	zones, err := w.Zones.Areas(r.Context(), a, zone.KindZone)
	if err != nil {
		return err
	}
	// The page lists the newest first unless asked by a column.
	f.Sort = q.Get("sort")
	if f.Sort == "" {
		f.Sort = enterprise.SortNewest
	}
	if format := q.Get("format"); format == "xlsx" || format == "csv" {
		return w.enterpriseExport(rw, r, f, format)
	}
	page, err := w.Enterprises.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	total, err := w.Enterprises.Count(r.Context(), a, f)
	if err != nil {
		return err
	}
	d := listData{Filter: q, Zones: zones, Page: page, CanAdd: w.Policy.Can(a.Role, access.EnterpriseCreate),
		Natures: enterprise.Natures, Industry: enterprise.Industries, Listings: enterprise.Listings,
		Nav: newListNav(q, "/enterprises", total, f.Limit, page.Next, "name", "-reg_capital")}
	d.ExportCSV = strings.Replace(d.Nav.ExportXLSX, "format=xlsx", "format=csv", 1)
	return w.render(rw, r, http.StatusOK, "enterprises", Page{Title: "ui.enterprises.title", Data: d})
}

type showData struct {
	E       enterprise.Enterprise
	CanEdit bool
	Titles  []titleRow // its honours, newest first
	// Its technology contracts as seller, newest first, where the reader
	// may read contracts; AllContracts lists the rest.
	CanContracts bool
	Contracts    []contract.Summary
	AllContracts string
	// Its construction projects as builder, newest first, and its party
	// organisation, where the reader may see those modules.
	CanProjects bool
	Projects    []projectRow
	AllProjects string
	CanParty    bool
	Party       org.Profile
	Org         org.OrgRef
	HasOrg      bool
}

// enterpriseContracts is how many contracts an enterprise's page lists.
const enterpriseContracts = 10

func (w *Web) enterpriseShow(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	e, err := w.Enterprises.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	ps, err := w.programmes(r)
	if err != nil {
		return err
	}
	titles, err := w.Honours.Titles(r.Context(), a, e.ZoneID, e.ID, civil.Date{})
	if err != nil {
		return err
	}
	d := showData{E: e, CanEdit: w.Policy.Can(a.Role, access.EnterpriseUpdate), Titles: w.titleRows(w.lang(r), ps, titles),
		CanContracts: w.Policy.Can(a.Role, contract.ActionRead)}
	if d.CanContracts {
		list, err := w.Contracts.List(r.Context(), a, contract.Filter{SellerID: e.ID, Limit: enterpriseContracts, Sort: contract.SortNewest})
		if err != nil {
			return err
		}
		d.Contracts = list.Items
		if list.Next != "" {
			d.AllContracts = "/contracts?" + url.Values{"q": {e.Name}}.Encode()
		}
	}
	if d.CanProjects = w.Policy.Can(a.Role, project.ActionRead); d.CanProjects {
		list, err := w.Projects.List(r.Context(), a, project.Filter{BuilderID: e.ID, Request: paging.Request{Limit: enterpriseContracts}})
		if err != nil {
			return err
		}
		today := civil.Today(w.Now())
		for _, p := range list.Items {
			d.Projects = append(d.Projects, w.projectRowOf(w.lang(r), p, today))
		}
		if list.Next != "" {
			d.AllProjects = "/projects?zone=" + url.QueryEscape(e.ZoneSlug)
		}
	}
	if d.CanParty = w.Policy.Can(a.Role, org.ActionRead); d.CanParty {
		if d.Party, d.Org, d.HasOrg, err = w.Orgs.PartyOf(r.Context(), a, e.ID); err != nil {
			return err
		}
	}
	return w.render(rw, r, http.StatusOK, "enterprise", Page{Title: e.Name, Data: d})
}

type formData struct {
	E           enterprise.Enterprise
	New         bool
	Parks       []zone.Park
	ContactOnly bool
	Natures     []string
	Industry    []string
	Listings    []string
	Zones       []zone.Area
}

func (w *Web) form(r *http.Request, e enterprise.Enterprise, isNew bool) (formData, error) {
	a := httpx.Actor(r)
	d := formData{E: e, New: isNew, ContactOnly: a.Role == access.Enterprise,
		Natures: enterprise.Natures, Industry: enterprise.Industries, Listings: enterprise.Listings}
	zoneID := e.ZoneID
	if zoneID == 0 {
		zoneID = a.ZoneID
	}
	if zoneID != 0 {
		parks, err := w.Zones.Parks(r.Context(), a, zoneID)
		if err != nil {
			return d, err
		}
		d.Parks = parks
	}
	return d, nil
}

func (w *Web) enterpriseNew(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, access.EnterpriseCreate); err != nil {
		return err
	}
	d, err := w.form(r, enterprise.Enterprise{Listing: "none", ZoneID: a.ZoneID}, true)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "enterprise_form", Page{Title: "ui.enterprise.new", Data: d})
}

// readForm reads the enterprise form into a patch; bad numbers and dates
// become field errors beside the ones the domain finds.
func readForm(r *http.Request, contactOnly bool) (enterprise.Patch, errs.Fields) {
	var f errs.Fields
	str := func(name string) *string { v := r.PostFormValue(name); return &v }
	p := enterprise.Patch{ContactName: str("contact_name"), ContactPhone: str("contact_phone"), ContactEmail: str("contact_email")}
	if v := r.PostFormValue("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			p.Version = &n
		}
	}
	if contactOnly {
		return p, f
	}
	p.Name, p.USCC, p.Nature, p.Industry, p.Listing = str("name"), str("uscc"), str("nature"), str("industry"), str("listing")
	money := func(name string) *int64 {
		v, ok := parseWan(r.PostFormValue(name))
		if !ok {
			f.Add(name, "error.bad_money_wan")
			return nil
		}
		return &v
	}
	p.RegCapitalFen, p.PaidCapitalFen = money("reg_capital_fen"), money("paid_capital_fen")
	date := func(name string) *civil.Date {
		s := strings.TrimSpace(r.PostFormValue(name))
		if s == "" {
			return &civil.Date{}
		}
		d, err := civil.Parse(s)
		if err != nil {
			f.Add(name, "error.bad_date")
			return nil
		}
		return &d
	}
	p.FoundedOn, p.SettledOn, p.PledgeOn = date("founded_on"), date("settled_on"), date("pledge_on")
	var park int64
	if v := r.PostFormValue("park_id"); v != "" {
		park, _ = strconv.ParseInt(v, 10, 64)
	}
	p.ParkID = &park
	signed := r.PostFormValue("pledge_signed") == "on"
	p.PledgeSigned = &signed
	return p, f
}

// merge adds form-parsing problems to a domain error's fields.
func (w *Web) formErrors(r *http.Request, parse errs.Fields, err error) (map[string]string, string, bool) {
	out, msg, ok := w.fieldErrors(r, err)
	if !ok && err != nil {
		return nil, "", false
	}
	if out == nil {
		out = map[string]string{}
	}
	lang := httpx.GetInfo(r.Context()).Lang
	for k, m := range parse {
		out[k] = w.Catalog.Msg(lang, m)
	}
	if msg == "" {
		msg = w.Catalog.T(lang, "error.invalid")
	}
	return out, msg, true
}

func (w *Web) enterpriseCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, access.EnterpriseCreate); err != nil {
		return err
	}
	p, parseErrs := readForm(r, false)
	e := enterprise.Enterprise{ZoneID: a.ZoneID}
	p.Apply(&e)
	var err error
	var id int64
	if len(parseErrs) == 0 {
		id, err = w.Enterprises.Create(r.Context(), a, e)
		if err == nil {
			http.Redirect(rw, r, "/enterprises/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
			return nil
		}
	} else {
		// Report every problem at once, not only the unparsable fields.
		check := e
		err = enterprise.Validate(&check, civil.Today(w.Now()))
	}
	fe, msg, ok := w.formErrors(r, parseErrs, err)
	if !ok {
		return err
	}
	d, ferr := w.form(r, e, true)
	if ferr != nil {
		return ferr
	}
	return w.render(rw, r, http.StatusUnprocessableEntity, "enterprise_form", Page{Title: "ui.enterprise.new", Data: d, Errors: fe, Message: msg})
}

func (w *Web) enterpriseEdit(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, access.EnterpriseUpdate); err != nil {
		return err
	}
	e, err := w.Enterprises.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	d, err := w.form(r, e, false)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "enterprise_form", Page{Title: e.Name, Data: d})
}

func (w *Web) enterpriseUpdate(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, access.EnterpriseUpdate); err != nil {
		return err
	}
	current, err := w.Enterprises.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	p, parseErrs := readForm(r, a.Role == access.Enterprise)
	if len(parseErrs) == 0 {
		_, err = w.Enterprises.Update(r.Context(), a, id, p)
		if err == nil {
			http.Redirect(rw, r, "/enterprises/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
			return nil
		}
	} else {
		check := current
		p.Apply(&check)
		err = enterprise.Validate(&check, civil.Today(w.Now()))
	}
	fe, msg, ok := w.formErrors(r, parseErrs, err)
	if !ok {
		return err
	}
	shown := current
	p.Apply(&shown)
	d, ferr := w.form(r, shown, false)
	if ferr != nil {
		return ferr
	}
	return w.render(rw, r, http.StatusUnprocessableEntity, "enterprise_form", Page{Title: current.Name, Data: d, Errors: fe, Message: msg})
}

type historyData struct {
	E       enterprise.Enterprise
	Records []historyRow
	Pager   pager
}

type historyRow struct {
	audit.Record
	Changes []fieldChange
}

type fieldChange struct{ Field, Before, After string }

func (w *Web) enterpriseHistory(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	e, err := w.Enterprises.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	recs, err := w.Enterprises.History(r.Context(), a, id, pageOf(r, "cursor"))
	if err != nil {
		return err
	}
	lang := httpx.GetInfo(r.Context()).Lang
	show := func(field, v string) string {
		switch {
		case v == "":
			return ""
		case field == "nature" || field == "industry" || field == "listing":
			return w.Catalog.T(lang, "enterprise."+field+"."+v)
		case v == "true":
			return w.Catalog.T(lang, "ui.yes")
		case v == "false":
			return w.Catalog.T(lang, "ui.no")
		case strings.HasSuffix(field, "_fen"):
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return formatYuan(n)
			}
		}
		return v
	}
	rows := make([]historyRow, 0, len(recs.Items))
	for _, rec := range recs.Items {
		rows = append(rows, historyRow{Record: rec, Changes: diff(rec.Before, rec.After, show)})
	}
	pg := pagerOf(r.URL.Query(), "/enterprises/"+itoa(id)+"/history", "cursor", recs.Next, "")
	who := make([]string, 0, len(rows))
	for _, rec := range recs.Items {
		who = append(who, rec.ActorName)
	}
	people, err := w.Auth.DisplayNames(r.Context(), who)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "history", Page{Title: e.Name, Data: historyData{E: e, Records: rows, Pager: pg}, People: people})
}

// enterpriseExport writes every enterprise the list's filter finds, in its
// order, as a workbook or CSV, reading page by page along the keyset.
func (w *Web) enterpriseExport(rw http.ResponseWriter, r *http.Request, f enterprise.Filter, format string) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	cols := []string{"field.name", "field.uscc", "field.zone", "field.park", "field.nature", "field.industry",
		"field.reg_capital_wan", "field.paid_capital_wan", "field.founded_on", "field.settled_on", "field.listing"}
	t := xlsx.Table{Title: w.Catalog.T(lang, "ui.enterprises.title")}
	for _, c := range cols {
		t.Columns = append(t.Columns, w.Catalog.T(lang, c))
	}
	f.Cursor, f.Limit = "", 200
	for {
		page, err := w.Enterprises.List(r.Context(), a, f)
		if err != nil {
			return err
		}
		for _, e := range page.Items {
			t.Rows = append(t.Rows, []any{e.Name, e.USCC, e.ZoneName, e.ParkName, w.Catalog.T(lang, "enterprise.nature."+e.Nature),
				e.Industry + " " + w.Catalog.T(lang, "enterprise.industry."+e.Industry), formatWan(e.RegCapitalFen), formatWan(e.PaidCapitalFen),
				dateText(e.FoundedOn), dateText(e.SettledOn), w.Catalog.T(lang, "enterprise.listing."+e.Listing)})
		}
		if page.Next == "" || len(t.Rows) >= maxExportRows {
			break
		}
		f.Cursor = page.Next
	}
	name := "enterprises-" + w.Now().In(chinaTime()).Format("20060102")
	if format == "xlsx" {
		return writeWorkbook(rw, name+".xlsx", []xlsx.Table{t})
	}
	rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rw.Header().Set("Content-Disposition", "attachment; filename="+name+".csv")
	rw.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(rw)
	// A byte-order mark, so that spreadsheet programs read the file as UTF-8.
	if _, err := rw.Write([]byte("\ufeff")); err != nil {
		return err
	}
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = csvSafe(fmt.Sprint(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a cell from being read as a formula by a spreadsheet.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func dateText(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
