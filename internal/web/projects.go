package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// projectRoutes are the construction projects module's pages.
func (w *Web) projectRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return append([]httpx.Route{
		r("GET", "/projects", w.projectList),
		r("GET", "/projects/new", w.projectNew),
		r("POST", "/projects/new", w.projectCreate),
		r("GET", "/projects/{id}", w.projectShow),
		r("POST", "/projects/{id}", w.projectPost),
		r("GET", "/projects/{id}/progress", w.progressForm),
		r("POST", "/projects/{id}/progress", w.progressSave),
		r("POST", "/projects/{id}/files", w.projectUpload),
		r("GET", "/projects/{id}/files/{fid}", w.projectDownload),
		r("GET", "/zones/{slug}/projects", w.projectDashboard),
	}, w.projectImportRoutes()...)
}

// ProjectNav is the module's part of the top navigation.
func ProjectNav() []NavItem {
	return []NavItem{{Key: "project.nav", Href: "/projects", Action: project.ActionRead}}
}

// wan is an amount in 万元 as typed in a form (two decimals at most).
var wan = inputUnit{per: 1_000_000, decimals: 2, key: "indicator.ui.unit_wan"}

// formWan reads an amount in 万元 from a form; "" is 0 when optional.
func formWan(f *errs.Fields, form map[string]string, name string, required bool) int64 {
	s := form[name]
	if s == "" {
		if required {
			f.Add(name, "error.required")
		}
		return 0
	}
	v, ok := wan.parse(s)
	if !ok {
		f.Add(name, "project.ui.err_wan")
	}
	return v
}

// timingText is a project's timing as a page says it: 提前101天, 滞后25天
// (预计), 按期, or a dash.
func (w *Web) timingText(lang i18n.Lang, tm project.Timing) string {
	if !tm.Known {
		return "—"
	}
	key := "project.ui.days_ahead"
	days := tm.Days
	switch {
	case days < 0 && tm.Overdue:
		// Due and not finished: late by today's count at least.
		key, days = "project.ui.days_behind_at_least", -days
	case days < 0:
		key, days = "project.ui.days_behind", -days
	case days == 0:
		key = "project.ui.on_time"
	}
	s := w.Catalog.T(lang, key, days)
	if tm.Projected && !tm.Overdue {
		s += w.Catalog.T(lang, "project.ui.projected")
	}
	return s
}

// timingHelp says what a timing figure compares: the planned finish with
// the actual one, or with the finish projected from the progress reported
// (its share, as of when, at the pace since the start).
func (w *Web) timingHelp(lang i18n.Lang, p project.Project, tm project.Timing) string {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	switch {
	case !tm.Known:
		return t("project.ui.timing_help_unknown")
	case !tm.Projected:
		return t("project.ui.timing_help_finished", tm.FinishOn.String(), tm.PlanFinish.String())
	case tm.Overdue:
		return t("project.ui.timing_help_overdue", p.StartedOn.String(), tm.AsOf.String(), tm.Share, tm.Forecast.String(), tm.PlanFinish.String(), tm.FinishOn.String())
	}
	return t("project.ui.timing_help_projected", p.StartedOn.String(), tm.AsOf.String(), tm.Share, tm.FinishOn.String(), tm.PlanFinish.String())
}

// optionsOf lists an enumeration's codes with their names.
func optionsOf[T ~string](w *Web, lang i18n.Lang, list []T, key func(T) string) []option {
	out := make([]option, 0, len(list))
	for _, v := range list {
		out = append(out, option{Code: string(v), Name: w.Catalog.T(lang, key(v))})
	}
	return out
}

type projectRow struct {
	project.Project
	Status string
	Level  string
	Total  string
	Share  string
	Finish string // actual, else projected, else planned
	// FinishKind says which of the three Finish is: 实际, 预计 or 计划.
	FinishKind string
	Timing     string
	// TimingHelp says what Timing compares (a tooltip).
	TimingHelp string
	Class      string // ahead, on_time, behind
	Category   string
}

func (w *Web) projectRowOf(lang i18n.Lang, p project.Project, today civil.Date) projectRow {
	tm := project.TimingOf(p, today)
	row := projectRow{Project: p, Status: w.Catalog.T(lang, p.Status.Key()), Level: w.Catalog.T(lang, p.Level.Key()),
		Category: w.Catalog.T(lang, p.Category.Key()), Total: formatWan(p.TotalFen), Timing: w.timingText(lang, tm), TimingHelp: w.timingHelp(lang, p, tm), Class: tm.Class(),
		Finish: p.Plan.FinishOn.String(), FinishKind: w.Catalog.T(lang, "project.ui.finish_planned")}
	if p.TotalFen > 0 {
		row.Share = strconv.FormatFloat(float64(p.CompletedFen*1000/p.TotalFen)/10, 'f', 1, 64) + "%"
	}
	if !tm.FinishOn.IsZero() && !tm.Overdue { // an overdue one has no finish but the plan's
		row.Finish, row.FinishKind = tm.FinishOn.String(), w.Catalog.T(lang, "project.ui.finish_actual")
		if tm.Projected {
			row.FinishKind = w.Catalog.T(lang, "project.ui.finish_projected")
		}
	}
	return row
}

type projectListData struct {
	Rows      []projectRow
	Nav       listNav // total, page numbers, order, xlsx export
	Form      map[string]string
	Statuses  []option
	Levels    []option
	Timings   []option
	Parks     []zone.Park
	Zones     []zone.Area
	CanAdd    bool
	CanImport bool // the list or reports
	// Dashboards link the projects dashboard of the zone listed, or of
	// each zone the reader sees.
	Dashboards []option
}

// projectList lists the projects the reader sees, filtered; ?format=xlsx
// downloads every project the filter keeps.
func (w *Web) projectList(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, project.ActionRead); err != nil {
		return err
	}
	q := r.URL.Query()
	f, err := listq.Projects(r.Context(), w.Zones, a, q)
	if err != nil {
		return err
	}
	if f.ZoneID == 0 && a.Role.ZoneBound() && a.Role != access.Enterprise {
		f.ZoneID = a.ZoneID
	}
	f.Sort = q.Get("sort")
	today := civil.Today(w.Now())
	if wantsXLSX(r) {
		return w.projectsWorkbook(rw, r, lang, f, today)
	}
	if f.Limit == 0 {
		f.Limit = pageSize
	}
	f.Count = true
	page, err := w.Projects.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	d := projectListData{CanAdd: w.Policy.Can(a.Role, project.ActionWrite), CanImport: w.Policy.Can(a.Role, project.ActionReport), Form: map[string]string{},
		Statuses: optionsOf(w, lang, project.Statuses(), project.Status.Key),
		Levels:   optionsOf(w, lang, project.Levels(), project.Level.Key),
		Timings:  optionsOf(w, lang, project.TimingClasses(), func(s string) string { return "project.timing." + s })}
	for _, k := range []string{"zone", "status", "level", "park", "timing"} {
		d.Form[k] = q.Get(k)
	}
	for _, p := range page.Items {
		d.Rows = append(d.Rows, w.projectRowOf(lang, p, today))
	}
	if f.ZoneID != 0 {
		if d.Parks, err = w.Zones.Parks(r.Context(), a, f.ZoneID); err != nil {
			return err
		}
	}
	if !a.Role.ZoneBound() {
		if d.Zones, err = w.Zones.Areas(r.Context(), a, zone.KindZone); err != nil {
			return err
		}
	}
	d.Nav = newListNav(q, "/projects", page.Total, f.Limit, page.Next, "name", "-total")
	if a.Role != access.Enterprise {
		switch {
		case f.ZoneID != 0:
			z, err := w.Zones.ByID(r.Context(), a, f.ZoneID)
			if err != nil {
				return err
			}
			d.Dashboards = []option{{Code: "/zones/" + z.Slug + "/projects", Name: areaLabel(lang, z)}}
		default:
			for _, z := range d.Zones {
				d.Dashboards = append(d.Dashboards, option{Code: "/zones/" + z.Slug + "/projects", Name: areaLabel(lang, z)})
			}
		}
	}
	return w.render(rw, r, http.StatusOK, "project_list", Page{Title: "project.ui.list_title", Data: d})
}

// projectsWorkbook writes every project f keeps, page by page, in the
// list's order (bounded as every list's export).
func (w *Web) projectsWorkbook(rw http.ResponseWriter, r *http.Request, lang i18n.Lang, f project.Filter, today civil.Date) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	tbl := xlsx.Table{Title: t("project.ui.list_title"), Columns: []string{t("project.ui.col_name"), t("project.ui.col_builder"),
		t("project.ui.col_category"), t("project.ui.col_level"), t("project.ui.col_status"), t("project.ui.col_total_wan"),
		t("project.ui.col_completed_wan"), t("project.ui.col_planned_start"), t("project.ui.col_planned_finish"),
		t("project.ui.col_started"), t("project.ui.col_finished"), t("project.ui.col_timing")}}
	list, err := exportAll(f.Request, func(p paging.Request) (paging.Page[project.Project], error) {
		f.Request = p
		return w.Projects.List(r.Context(), httpx.Actor(r), f)
	})
	if err != nil {
		return err
	}
	for _, p := range list {
		row := w.projectRowOf(lang, p, today)
		tbl.Rows = append(tbl.Rows, []any{p.Name, p.BuilderName, row.Category, row.Level, row.Status, row.Total, formatWan(p.CompletedFen),
			p.Plan.StartOn.String(), p.Plan.FinishOn.String(), p.StartedOn.String(), p.FinishedOn.String(), row.Timing})
	}
	return writeWorkbook(rw, t("project.ui.list_title")+"-"+strings.ReplaceAll(today.String(), "-", "")+".xlsx", []xlsx.Table{tbl})
}

// Rows the new-project form offers for scope items and parties.
const (
	projectItemRows  = 4
	projectPartyRows = 3
)

type itemFormRow struct {
	N                        int
	Name, Kind, Length, Area string
	Err                      string
}

type partyFormRow struct {
	N          int
	Role, Name string
	Err        string
}

type projectFormData struct {
	Form       map[string]string
	Items      []itemFormRow
	Parties    []partyFormRow
	Parks      []zone.Park
	Categories []option
	Levels     []option
	Cadences   []option
	ItemKinds  []option
	Roles      []option
}

func (w *Web) projectFormData(r *http.Request, form map[string]string, items []itemFormRow, parties []partyFormRow) (projectFormData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	d := projectFormData{Form: form, Items: items, Parties: parties,
		Categories: optionsOf(w, lang, project.Categories(), project.Category.Key),
		Levels:     optionsOf(w, lang, project.Levels(), project.Level.Key),
		Cadences:   optionsOf(w, lang, project.Cadences(), project.Cadence.Key),
		ItemKinds:  optionsOf(w, lang, project.ItemKinds(), project.ItemKind.Key),
		Roles:      optionsOf(w, lang, project.PartyRoles(), project.PartyRole.Key)}
	if d.Items == nil {
		for i := 1; i <= projectItemRows; i++ {
			d.Items = append(d.Items, itemFormRow{N: i, Kind: string(project.ItemRoad)})
		}
	}
	if d.Parties == nil {
		for i := 1; i <= projectPartyRows; i++ {
			d.Parties = append(d.Parties, partyFormRow{N: i, Role: string(project.PartyRoles()[min(i-1, 2)])})
		}
	}
	var err error
	d.Parks, err = w.Zones.Parks(r.Context(), a, a.ZoneID)
	return d, err
}

func (w *Web) projectNew(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), project.ActionWrite); err != nil {
		return err
	}
	d, err := w.projectFormData(r, map[string]string{"cadence": string(project.Monthly), "category": string(project.CategoryMunicipal),
		"level": string(project.LevelDistrict)}, nil, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "project_new", Page{Title: "project.ui.new_title", Data: d})
}

// projectCreate adds a project from the form; every bad field and row is
// shown beside it, with what was typed kept.
func (w *Web) projectCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, project.ActionWrite); err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"name", "builder", "park_id", "category", "level", "cadence", "total", "planned_start", "planned_finish",
		"started_on", "recorded_on", "responsible", "summary", "methods"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var f errs.Fields
	p := project.Project{Name: form["name"], BuilderUSCC: strings.ToUpper(form["builder"]), Category: project.Category(form["category"]),
		Level: project.Level(form["level"]), Cadence: project.Cadence(form["cadence"]), Responsible: form["responsible"], Summary: form["summary"]}
	p.TotalFen = formWan(&f, form, "total", true)
	if p.TotalFen == 0 && !f.Has("total") {
		f.Add("total", "project.err.total")
	}
	p.Plan.StartOn = formDate(&f, form, "planned_start")
	p.Plan.FinishOn = formDate(&f, form, "planned_finish")
	p.StartedOn = formDate(&f, form, "started_on")
	p.RecordedOn = formDate(&f, form, "recorded_on")
	if form["park_id"] != "" {
		p.ParkID, _ = strconv.ParseInt(form["park_id"], 10, 64)
	}
	var items []itemFormRow
	for i := 1; i <= projectItemRows; i++ {
		n := strconv.Itoa(i)
		row := itemFormRow{N: i, Name: strings.TrimSpace(r.PostFormValue("item_name" + n)), Kind: r.PostFormValue("item_kind" + n),
			Length: strings.TrimSpace(r.PostFormValue("item_length" + n)), Area: strings.TrimSpace(r.PostFormValue("item_area" + n))}
		items = append(items, row)
		if row.Name == "" {
			continue
		}
		it := project.Item{Name: row.Name, Kind: project.ItemKind(row.Kind)}
		it.LengthM, _ = strconv.Atoi(row.Length)
		it.AreaM2, _ = strconv.Atoi(row.Area)
		p.Items = append(p.Items, it)
	}
	var parties []partyFormRow
	for i := 1; i <= projectPartyRows; i++ {
		n := strconv.Itoa(i)
		row := partyFormRow{N: i, Role: r.PostFormValue("party_role" + n), Name: strings.TrimSpace(r.PostFormValue("party_name" + n))}
		parties = append(parties, row)
		if row.Name != "" {
			p.Parties = append(p.Parties, project.Party{Role: project.PartyRole(row.Role), Name: row.Name})
		}
	}
	for _, line := range strings.Split(form["methods"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			p.Methods = append(p.Methods, project.Method{Name: line})
		}
	}
	err := f.Err()
	if err == nil {
		p, err = w.Projects.Create(r.Context(), a, p)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		if v, ok := fe["total_fen"]; ok {
			fe["total"] = v
		}
		// Item and party rows carry their errors; the numbering of rows
		// typed skips empty form rows, so map back by position.
		k := 0
		for i := range items {
			if items[i].Name == "" {
				continue
			}
			k++
			items[i].Err = rowErrors(fe, "items", k, "name", "kind", "investment_fen", "note")
		}
		k = 0
		for i := range parties {
			if parties[i].Name == "" {
				continue
			}
			k++
			parties[i].Err = rowErrors(fe, "parties", k, "name", "role")
		}
		d, derr := w.projectFormData(r, form, items, parties)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "project_new", Page{Title: "project.ui.new_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/projects/"+itoa(p.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// rowErrors joins the messages of a list row's fields ("items.2.name").
func rowErrors(fe map[string]string, list string, row int, names ...string) string {
	var msgs []string
	for _, n := range names {
		if m := fe[list+"."+strconv.Itoa(row)+"."+n]; m != "" {
			msgs = append(msgs, m)
		}
	}
	return strings.Join(msgs, "；")
}

type reportRow struct {
	project.Report
	Planned, Completed, Cumulative, Share string
}

type milestoneRow struct {
	project.Milestone
	Overdue bool
}

type problemRow struct {
	project.Problem
	Overdue bool
}

type findingRow struct {
	project.Finding
	Overdue bool
}

type inspectionRow struct {
	project.Inspection
	KindName string
	Findings []findingRow
}

type awardRow struct {
	project.Award
	LevelName string
}

type projectPageData struct {
	P           project.Project
	Row         projectRow
	Timing      project.Timing
	TimingText  string
	Original    string // days against the first plan, when the plan changed
	Items       []project.Item
	ItemKinds   map[string]string
	Roles       map[string]string
	Reports     []reportRow
	Chart       trendChart
	Milestones  []milestoneRow
	Problems    []problemRow
	Open        int
	OverdueN    int
	Inspections []inspectionRow
	Awards      []awardRow
	Photos      []attach.File
	Documents   []attach.File
	CanWrite    bool
	CanReport   bool
	Form        map[string]string
	Kinds       []option
	AwardLevels []option
	Export      string
	Dashboard   string
}

func (w *Web) projectPageData(r *http.Request, id int64, form map[string]string) (projectPageData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	ctx := r.Context()
	today := civil.Today(w.Now())
	p, err := w.Projects.Get(ctx, a, id)
	if err != nil {
		return projectPageData{}, err
	}
	d := projectPageData{P: p, Row: w.projectRowOf(lang, p, today), Timing: project.TimingOf(p, today), Form: form,
		CanWrite:    w.Policy.Can(a.Role, project.ActionWrite),
		CanReport:   w.Policy.Can(a.Role, project.ActionReport),
		Kinds:       optionsOf(w, lang, project.InspectionKinds(), project.InspectionKind.Key),
		AwardLevels: optionsOf(w, lang, project.AwardLevels(), project.AwardLevel.Key),
		ItemKinds:   map[string]string{}, Roles: map[string]string{}, Export: fmt.Sprintf("/projects/%d?format=xlsx", id)}
	d.TimingText = w.timingText(lang, d.Timing)
	if len(p.Plans) > 1 {
		first := p
		first.Plan = p.Plans[0]
		d.Original = w.timingText(lang, project.TimingOf(first, today))
	}
	// The zone and the project's records are independent reads: side by
	// side (on PostgreSQL each is a round trip; the SQLite reader pool
	// serves several at once).
	var (
		z       zone.Area
		zerr    error
		reports []project.Report
		ms      []project.Milestone
		ps      []project.Problem
		ins     []project.Inspection
		aw      []project.Award
		files   []attach.File
		failed  [6]error
		wg      sync.WaitGroup
	)
	for _, read := range []func(){
		func() { z, zerr = w.Zones.ByID(ctx, a, p.ZoneID) },
		func() { reports, failed[0] = w.Projects.Reports(ctx, a, id) },
		func() { ms, failed[1] = w.Projects.Milestones(ctx, a, id) },
		func() { ps, failed[2] = w.Projects.Problems(ctx, a, id) },
		func() { ins, failed[3] = w.Projects.Inspections(ctx, a, id) },
		func() { aw, failed[4] = w.Projects.Awards(ctx, a, id) },
		func() { files, failed[5] = w.Projects.Files(ctx, a, id) },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			read()
		}()
	}
	wg.Wait()
	for _, err := range failed {
		if err != nil {
			return d, err
		}
	}
	if zerr == nil {
		d.Dashboard = "/zones/" + z.Slug + "/projects"
	}
	for _, k := range project.ItemKinds() {
		d.ItemKinds[string(k)] = w.Catalog.T(lang, k.Key())
	}
	for _, k := range project.PartyRoles() {
		d.Roles[string(k)] = w.Catalog.T(lang, k.Key())
	}
	d.Chart = trendChart{ID: "project-plan", Title: w.Catalog.T(lang, "project.ui.chart_title"), Desc: w.Catalog.T(lang, "project.ui.chart_desc"),
		Unit: w.Catalog.T(lang, "indicator.ui.unit_wan"), CurName: w.Catalog.T(lang, "project.ui.completed"), PrevName: w.Catalog.T(lang, "project.ui.planned")}
	// Past a year of periods, every k-th is labelled so labels never overlap.
	every := (len(reports) + 11) / 12
	for i, x := range reports {
		row := reportRow{Report: x, Planned: formatWan(x.PlannedFen), Completed: formatWan(x.CompletedFen), Cumulative: formatWan(x.CumulativeFen)}
		if p.TotalFen > 0 {
			row.Share = strconv.FormatFloat(float64(x.CumulativeFen*1000/p.TotalFen)/10, 'f', 1, 64) + "%"
		}
		d.Reports = append(d.Reports, row)
		label := ""
		if i%every == 0 {
			label = x.Period.String()
		}
		d.Chart.Labels = append(d.Chart.Labels, label)
		d.Chart.Cur, d.Chart.HasCur = append(d.Chart.Cur, float64(x.CompletedFen)/1e6), append(d.Chart.HasCur, true)
		d.Chart.Prev, d.Chart.HasPrev = append(d.Chart.Prev, float64(x.PlannedFen)/1e6), append(d.Chart.HasPrev, x.PlannedFen > 0)
	}
	for _, m := range ms {
		d.Milestones = append(d.Milestones, milestoneRow{Milestone: m, Overdue: m.Overdue(today)})
	}
	for _, x := range ps {
		row := problemRow{Problem: x, Overdue: x.Overdue(today)}
		if x.Open() {
			d.Open++
		}
		if row.Overdue {
			d.OverdueN++
		}
		d.Problems = append(d.Problems, row)
	}
	for _, x := range ins {
		row := inspectionRow{Inspection: x, KindName: w.Catalog.T(lang, x.Kind.Key())}
		for _, fd := range x.Findings {
			row.Findings = append(row.Findings, findingRow{Finding: fd, Overdue: fd.Overdue(today)})
		}
		d.Inspections = append(d.Inspections, row)
	}
	for _, x := range aw {
		d.Awards = append(d.Awards, awardRow{Award: x, LevelName: w.Catalog.T(lang, x.Level.Key())})
	}
	for _, f := range files {
		if f.IsImage() {
			d.Photos = append(d.Photos, f)
		} else {
			d.Documents = append(d.Documents, f)
		}
	}
	return d, nil
}

// projectShow is a project's page: card, timing, plan against actual,
// milestones, problems, inspections, awards, photos and documents;
// ?format=xlsx downloads its reports and ledgers.
func (w *Web) projectShow(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := w.projectPageData(r, id, map[string]string{})
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		return w.projectWorkbook(rw, w.lang(r), d)
	}
	return w.render(rw, r, http.StatusOK, "project_show", Page{Title: d.P.Name, Data: d})
}

func (w *Web) projectWorkbook(rw http.ResponseWriter, lang i18n.Lang, d projectPageData) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	reports := xlsx.Table{Title: t("project.ui.reports"), Note: d.P.Name, Columns: []string{t("project.ui.col_period"), t("project.ui.col_planned_wan"),
		t("project.ui.col_completed_wan"), t("project.ui.col_cumulative_wan"), t("project.ui.col_share"), t("project.ui.col_progress"),
		t("project.ui.col_reported"), t("project.ui.col_late")}}
	for _, x := range d.Reports {
		late := ""
		if x.Late {
			late = t("project.ui.late")
		}
		reports.Rows = append(reports.Rows, []any{x.Period.String(), x.Planned, x.Completed, x.Cumulative, x.Share, x.ProgressText, x.ReportedOn.String(), late})
	}
	ms := xlsx.Table{Title: t("project.ui.milestones"), Note: d.P.Name, Columns: []string{t("project.ui.col_milestone"), t("project.ui.col_due"),
		t("project.ui.col_unit"), t("project.ui.col_done")}}
	for _, m := range d.Milestones {
		ms.Rows = append(ms.Rows, []any{m.Name, m.DueOn.String(), m.Unit, m.DoneOn.String()})
	}
	ps := xlsx.Table{Title: t("project.ui.problems"), Note: d.P.Name, Columns: []string{t("project.ui.col_issue"), t("project.ui.col_raised"),
		t("project.ui.col_owner"), t("project.ui.col_due"), t("project.ui.col_resolution"), t("project.ui.col_resolved")}}
	for _, x := range d.Problems {
		ps.Rows = append(ps.Rows, []any{x.Issue, x.RaisedOn.String(), x.Owner, x.DueOn.String(), x.Resolution, x.ResolvedOn.String()})
	}
	return writeWorkbook(rw, d.P.Name+".xlsx", []xlsx.Table{reports, ms, ps})
}

// projectPost takes the project page's forms, named by action: the dates
// (start, finish, opening, suspension), a milestone and its completion, a
// problem and its resolution, an inspection and a finding's closure, an
// award. A refused form comes back with its errors and what was typed.
func (w *Web) projectPost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, project.ActionWrite); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.BadRequest, "error.bad_form")
	}
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	ctx := r.Context()
	var f errs.Fields
	date := func(name string) civil.Date { return formDate(&f, form, name) }
	optDate := func(name string) *civil.Date {
		if form[name] == "" {
			return nil
		}
		d := date(name)
		return &d
	}
	num := func(name string) int64 {
		n, _ := strconv.ParseInt(form[name], 10, 64)
		return n
	}
	anchor := "#" + form["action"]
	switch form["action"] {
	case "dates":
		pt := project.Patch{Version: int(num("version")), StartedOn: optDate("started_on"), FinishedOn: optDate("finished_on"),
			OpenedOn: optDate("opened_on"), SuspendedOn: optDate("suspended_on"), Resume: form["resume"] == "on",
			PlannedFinish: optDate("planned_finish"), PlanReason: form["plan_reason"]}
		if err = f.Err(); err == nil {
			_, err = w.Projects.Update(ctx, a, id, pt)
		}
	case "milestone":
		m := project.Milestone{Name: form["m_name"], Unit: form["m_unit"], DueOn: date("m_due")}
		if err = f.Err(); err == nil {
			_, err = w.Projects.AddMilestone(ctx, a, id, m)
		}
		err = renamed(err, map[string]string{"name": "m_name", "due_on": "m_due", "unit": "m_unit"})
	case "milestone_done":
		done := date("done_on")
		if err = f.Err(); err == nil {
			_, err = w.Projects.UpdateMilestone(ctx, a, id, num("milestone"), project.MilestonePatch{Version: int(num("version")), DoneOn: &done})
		}
		anchor = "#milestones"
	case "problem":
		x := project.Problem{Issue: form["issue"], Owner: form["owner"], RaisedOn: date("raised_on"), DueOn: date("due_on")}
		if err = f.Err(); err == nil {
			_, err = w.Projects.AddProblem(ctx, a, id, x)
		}
	case "resolve":
		on, res := date("resolved_on"), form["resolution"]
		if err = f.Err(); err == nil {
			_, err = w.Projects.UpdateProblem(ctx, a, id, num("problem"), project.ProblemPatch{Version: int(num("version")), Resolution: &res, ResolvedOn: &on})
		}
		anchor = "#problems"
	case "inspection":
		x := project.Inspection{Kind: project.InspectionKind(form["kind"]), On: date("on"), Inspector: form["inspector"], Notes: form["notes"]}
		if form["finding"] != "" {
			x.Findings = []project.Finding{{Text: form["finding"], DueOn: date("finding_due")}}
		}
		if err = f.Err(); err == nil {
			_, err = w.Projects.AddInspection(ctx, a, id, x)
		}
		err = renamed(err, map[string]string{"findings.1.text": "finding", "findings.1.due_on": "finding_due"})
	case "close":
		on := date("closed_on")
		if err = f.Err(); err == nil {
			_, err = w.Projects.CloseFinding(ctx, a, id, num("inspection"), int(num("row")), on, form["closure"])
		}
		anchor = "#inspections"
	case "award":
		x := project.Award{Name: form["a_name"], Level: project.AwardLevel(form["a_level"]), Issuer: form["a_issuer"], Year: int(num("a_year"))}
		if err = f.Err(); err == nil {
			_, err = w.Projects.AddAward(ctx, a, id, x)
		}
		err = renamed(err, map[string]string{"name": "a_name", "level": "a_level", "issuer": "a_issuer", "year": "a_year"})
	default:
		return errs.E(errs.BadRequest, "error.bad_form")
	}
	if err != nil {
		return w.projectPageAgain(rw, r, id, form, err)
	}
	http.Redirect(rw, r, "/projects/"+itoa(id)+"?flash=saved"+anchor, http.StatusSeeOther)
	return nil
}

// renamed moves the fields of an Invalid error to the names a form uses.
func renamed(err error, names map[string]string) error {
	var e *errs.Error
	if err == nil || !asErrs(err, &e) || e.Kind != errs.Invalid {
		return err
	}
	out := errs.Fields{}
	for k, v := range e.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return out.Err()
}

// projectPageAgain shows the project page with a refused form's errors.
func (w *Web) projectPageAgain(rw http.ResponseWriter, r *http.Request, id int64, form map[string]string, err error) error {
	fe, msg, ok := w.fieldErrors(r, err)
	if !ok {
		return err
	}
	d, derr := w.projectPageData(r, id, form)
	if derr != nil {
		return derr
	}
	return w.render(rw, r, http.StatusUnprocessableEntity, "project_show", Page{Title: d.P.Name, Data: d, Errors: fe, Message: msg})
}

// projectUpload keeps a photo or document with a project.
func (w *Web) projectUpload(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, project.ActionReport); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	name, data, err := httpx.ReadUpload(rw, r, "file", attach.MaxBytes)
	if err == nil {
		_, err = w.Projects.Attach(r.Context(), a, id, name, data)
	}
	if err != nil {
		return w.projectPageAgain(rw, r, id, map[string]string{}, err)
	}
	http.Redirect(rw, r, "/projects/"+itoa(id)+"?flash=saved#files", http.StatusSeeOther)
	return nil
}

func (w *Web) projectDownload(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fid, err := strconv.ParseInt(r.PathValue("fid"), 10, 64)
	if err != nil {
		return errs.NotFoundf("project.entity.file")
	}
	f, data, err := w.Projects.File(r.Context(), httpx.Actor(r), id, fid)
	if err != nil {
		return err
	}
	httpx.ServeFile(rw, f.Name, f.ContentType, f.SHA256, data)
	return nil
}

type progressData struct {
	P       project.Project
	Form    map[string]string
	Reports []reportRow
	Hint    string
}

func (w *Web) progressData(r *http.Request, id int64, form map[string]string) (progressData, error) {
	a := httpx.Actor(r)
	p, err := w.Projects.Get(r.Context(), a, id)
	if err != nil {
		return progressData{}, err
	}
	reports, err := w.Projects.Reports(r.Context(), a, id)
	if err != nil {
		return progressData{}, err
	}
	d := progressData{P: p, Form: form}
	for i := len(reports) - 1; i >= 0 && len(d.Reports) < 6; i-- {
		x := reports[i]
		d.Reports = append(d.Reports, reportRow{Report: x, Planned: formatWan(x.PlannedFen), Completed: formatWan(x.CompletedFen),
			Cumulative: formatWan(x.CumulativeFen)})
	}
	if form["period"] == "" {
		today := civil.Today(w.Now())
		// The period due now: last month's (or the last 旬's) report.
		form["period"] = project.PeriodOf(today.AddDays(-10), p.Cadence).String()
	}
	d.Hint = "project.ui.period_hint_" + string(p.Cadence)
	return d, nil
}

// progressForm is the monthly (or 旬) report entry form.
func (w *Web) progressForm(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), project.ActionReport); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := w.progressData(r, id, map[string]string{"period": r.URL.Query().Get("period")})
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "project_progress", Page{Title: "project.ui.progress_title", Data: d})
}

func (w *Web) progressSave(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, project.ActionReport); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"period", "planned", "completed", "progress_pct", "progress_text", "note", "version"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var f errs.Fields
	x := project.Report{PlannedFen: formWan(&f, form, "planned", false), CompletedFen: formWan(&f, form, "completed", true),
		ProgressText: form["progress_text"], Note: form["note"]}
	if form["progress_pct"] != "" {
		n, err := strconv.Atoi(form["progress_pct"])
		if err != nil {
			f.Add("progress_pct", "error.out_of_range")
		}
		x.ProgressPct = n
	}
	x.Version, _ = strconv.Atoi(form["version"])
	if x.Period, err = project.ParsePeriod(form["period"]); err != nil {
		f.Add("period", "project.err.period")
	}
	err = f.Err()
	if err == nil {
		_, err = w.Projects.PutReport(r.Context(), a, id, x)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, renamed(err, map[string]string{"planned_fen": "planned", "completed_fen": "completed"}))
		if !ok {
			return err
		}
		d, derr := w.progressData(r, id, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "project_progress", Page{Title: "project.ui.progress_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/projects/"+itoa(id)+"?flash=saved#reports", http.StatusSeeOther)
	return nil
}

type dashTile struct {
	Name   string
	Value  string
	Note   string
	Target string
	Class  string
}

type projectDashData struct {
	Area     zone.Area
	AreaName string
	Picker   periodPicker
	Tiles    []dashTile
	Monthly  trendChart
	HasMonth bool
	OnTime   barChart
	Status   barChart
	Rows     []projectRow
	List     string
	Export   string
	// Behind is how many of the zone's projects are behind schedule today
	// (the list's 滞后, project.TimingOf), whenever they started; BehindList
	// is the list filtered to them.
	Behind     int
	BehindList string
}

// projectDashboard is a zone's projects at a glance, from the rollups:
// counts by status, investment against plan and target, starts and
// finishes on time, days ahead, open problems, overdue milestones, awards;
// investment by month against plan; then the projects themselves.
func (w *Web) projectDashboard(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, project.ActionRead); err != nil {
		return err
	}
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err != nil {
		return err
	}
	per, err := w.periodOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	dash, err := w.Projects.Dashboard(ctx, a, w.Indicators, z, per)
	if err != nil {
		return err
	}
	picker, err := w.picker(r, r.URL.Path, per)
	if err != nil {
		return err
	}
	d := projectDashData{Area: z, AreaName: areaLabel(lang, z), Picker: picker,
		List: "/projects?zone=" + url.QueryEscape(z.Slug), Export: "/projects?format=xlsx&zone=" + url.QueryEscape(z.Slug)}
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	d.Status = barChart{ID: "project-status", Title: t("project.ui.by_status"), Desc: t("project.ui.by_status_desc")}
	for _, x := range dash.ByStatus {
		d.Status.Items = append(d.Status.Items, barItem{Label: t(x.Status.Key()), Value: float64(x.Count), Text: strconv.FormatInt(x.Count, 10)})
	}
	d.Tiles = append(d.Tiles, dashTile{Name: t("indicator.name.project.count"), Value: w.fmtValue(lang, dash.Count.Def, dash.Count.Value)})
	inv, plan := dash.Investment, dash.Planned
	tile := dashTile{Name: t("indicator.name.project.investment"), Value: w.fmtValue(lang, inv.Def, inv.Value),
		Note: t("project.ui.against_plan", w.fmtValue(lang, plan.Def, plan.Value))}
	if inv.Target != nil && inv.Completion != nil {
		tile.Target = t("project.ui.against_target", w.fmtValue(lang, inv.Def, indicator.Whole(inv.Target.Value)), bulletin.FormatPercent(*inv.Completion, 1))
	}
	d.Tiles = append(d.Tiles, tile)
	for _, f := range dash.Figures {
		tl := dashTile{Name: t(f.Def.NameKey), Value: w.orDash(lang, f.Def, f.Value, f.Has)}
		if id := f.Def.ID; id == project.IndicatorStarted || id == project.IndicatorCompleted {
			tl.Note = t("project.ui.on_time_or_ahead", dash.OnTime(id))
		}
		d.Tiles = append(d.Tiles, tl)
	}
	// Starts and finishes by timing, for the on-time chart.
	d.OnTime = barChart{ID: "project-timing", Title: t("project.ui.timing_title"), Desc: t("project.ui.timing_desc")}
	for _, x := range dash.Timing {
		d.OnTime.Items = append(d.OnTime.Items, barItem{Label: t("indicator.name."+x.Indicator) + " · " + t("project.timing."+x.Class),
			Value: float64(x.Count), Text: strconv.FormatInt(x.Count, 10), Highlight: x.Class == project.Behind})
	}
	// Investment by month against plan.
	d.Monthly = trendChart{ID: "project-monthly", Title: t("project.ui.monthly_title"), Desc: t("project.ui.chart_desc"),
		Unit: t("indicator.ui.unit_wan"), CurName: t("project.ui.completed"), PrevName: t("project.ui.planned")}
	for _, m := range dash.Months {
		d.Monthly.Labels = append(d.Monthly.Labels, m.Month.String())
		d.Monthly.Cur, d.Monthly.HasCur = append(d.Monthly.Cur, float64(m.Completed)/1e6), append(d.Monthly.HasCur, m.HasCompleted)
		d.Monthly.Prev, d.Monthly.HasPrev = append(d.Monthly.Prev, float64(m.Planned)/1e6), append(d.Monthly.HasPrev, m.HasPlanned)
		d.HasMonth = d.HasMonth || m.HasCompleted || m.HasPlanned
	}
	if wantsXLSX(r) {
		return w.projectDashWorkbook(rw, lang, d)
	}
	// The figures above count the projects that started or finished in the
	// period; the list's timing filter counts every project as of today.
	// The timing is worked out per project (the store cannot count it), so
	// the count reads the filtered list page by page.
	f := project.Filter{ZoneID: z.ID, Timing: project.Behind, Request: paging.Request{Limit: paging.MaxLimit}}
	for {
		page, err := w.Projects.List(ctx, a, f)
		if err != nil {
			return fmt.Errorf("count projects behind schedule: %w", err)
		}
		d.Behind += len(page.Items)
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	d.BehindList = "/projects?" + url.Values{"zone": {z.Slug}, "timing": {project.Behind}}.Encode()
	return w.render(rw, r, http.StatusOK, "project_dashboard", Page{Title: "project.ui.dashboard_title", Data: d})
}

func (w *Web) projectDashWorkbook(rw http.ResponseWriter, lang i18n.Lang, d projectDashData) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	tiles := xlsx.Table{Title: t("project.ui.dashboard_title"), Note: d.AreaName + " · " + d.Picker.Label, Columns: []string{t("project.ui.col_indicator"), t("project.ui.col_value"), t("project.ui.col_note")}}
	for _, x := range d.Tiles {
		tiles.Rows = append(tiles.Rows, []any{x.Name, x.Value, strings.TrimSpace(x.Note + " " + x.Target)})
	}
	months := xlsx.Table{Title: t("project.ui.monthly_title"), Note: d.AreaName, Columns: []string{t("project.ui.col_period"), t("project.ui.col_planned_wan"), t("project.ui.col_completed_wan")}}
	for i, l := range d.Monthly.Labels {
		months.Rows = append(months.Rows, []any{l, d.Monthly.Prev[i], d.Monthly.Cur[i]})
	}
	return writeWorkbook(rw, d.AreaName+"-"+t("project.ui.dashboard_title")+".xlsx", []xlsx.Table{tiles, months})
}
