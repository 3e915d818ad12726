package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// investRoutes are the investment module's pages.
func (w *Web) investRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/investment", w.investHome),
		r("GET", "/zones/{slug}/investment", w.investDashboard),
		r("GET", "/zones/{slug}/investment/board", w.investBoard),
		r("GET", "/zones/{slug}/investment/projects", w.investProjects),
		r("POST", "/zones/{slug}/investment/projects", w.investProjectCreate),
		r("GET", "/investment/projects/{id}", w.investProjectPage),
		r("POST", "/investment/projects/{id}", w.investProjectPost),
		r("GET", "/zones/{slug}/investment/activities", w.investActivities),
		r("POST", "/zones/{slug}/investment/activities", w.investActivityCreate),
		r("GET", "/zones/{slug}/investment/funds", w.investFunds),
		r("POST", "/zones/{slug}/investment/funds", w.investFundCreate),
	}
}

// InvestNav is the module's part of the top navigation.
func InvestNav() []NavItem {
	return []NavItem{{Key: "invest.nav", Href: "/investment", Action: invest.ActionRead}}
}

// investHome sends a zone's users to its dashboard; a city, province or
// national user reads the figures of the zones it sees (regionSummary).
func (w *Web) investHome(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, invest.ActionRead); err != nil {
		return err
	}
	if !a.Role.ZoneBound() {
		return w.regionSummary(rw, r, investRegion())
	}
	z, err := w.Zones.ByID(r.Context(), a, a.ZoneID)
	if err != nil {
		return err
	}
	http.Redirect(rw, r, "/zones/"+z.Slug+"/investment", http.StatusSeeOther)
	return nil
}

// option is a code and its name in a form's list.
type option struct{ Code, Name string }

func options[S ~string](w *Web, lang i18n.Lang, list []S, key func(S) string) []option {
	out := make([]option, 0, len(list))
	for _, x := range list {
		out = append(out, option{Code: string(x), Name: w.Catalog.T(lang, key(x))})
	}
	return out
}

// investLists are the code lists the module's forms and filters offer.
type investLists struct {
	Stages, Origins, Modes, Industries, Agreements, Kinds []option
}

func (w *Web) investLists(lang i18n.Lang) investLists {
	return investLists{
		Stages:     options(w, lang, invest.AllStages(), invest.Stage.Key),
		Origins:    options(w, lang, invest.Origins(), invest.Origin.Key),
		Modes:      options(w, lang, invest.Modes(), invest.Mode.Key),
		Industries: options(w, lang, invest.Industries(), invest.IndustryKey),
		Agreements: options(w, lang, append([]invest.Agreement{invest.AgreementNone}, invest.Agreements()...), invest.Agreement.Key),
		Kinds:      options(w, lang, invest.FundKinds(), invest.FundKind.Key),
	}
}

// investWrites reports whether the actor may write zone z's investment
// records (projects, activities, funds, imports): the rule every write
// handler applies (writeZone) and every page asks before it offers a
// write's form, button or tab.
func (w *Web) investWrites(a access.Actor, z zone.Area) bool {
	return a.ZoneID == z.ID && w.Policy.Can(a.Role, invest.ActionWrite)
}

// investTabs are the tabs of a zone's investment pages: the import tab only
// for those who may import.
type investTabs struct {
	Slug   string
	Import bool
}

func (w *Web) investTabs(a access.Actor, z zone.Area) investTabs {
	return investTabs{Slug: z.Slug, Import: w.investWrites(a, z)}
}

// investZone is the zone of the path with whether the actor writes its records.
func (w *Web) investZone(r *http.Request) (zone.Area, bool, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, invest.ActionRead); err != nil {
		return zone.Area{}, false, err
	}
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	return z, err == nil && w.investWrites(a, z), err
}

// writeZone is the zone of the path for a write: the actor's own.
func (w *Web) writeZone(r *http.Request) (zone.Area, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, invest.ActionWrite); err != nil {
		return zone.Area{}, err
	}
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err == nil && !w.investWrites(a, z) {
		err = errs.NotFoundf("entity.area")
	}
	return z, err
}

// postForm reads the named fields of a posted form, trimmed.
func postForm(r *http.Request, names ...string) map[string]string {
	form := map[string]string{}
	for _, k := range names {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	return form
}

// investWan reads an amount in 万元 (the unit a bureau's sheet uses) into fen.
func investWan(f *errs.Fields, form map[string]string, name string) int64 {
	v, ok := parseYuan(form[name])
	if !ok {
		f.Add(name, "invest.err.amount")
	}
	return v * 10_000
}

func formInt(f *errs.Fields, form map[string]string, name string) int {
	if form[name] == "" {
		return 0
	}
	n, err := strconv.Atoi(form[name])
	if err != nil {
		f.Add(name, "error.bad_number")
	}
	return n
}

// formIDs reads project ids ticked in a form.
func formIDs(r *http.Request) []int64 {
	var out []int64
	for _, s := range r.PostForm["project_ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// renderForm renders a form's page again with its errors (422), or returns
// err when it is not one a form shows.
func (w *Web) renderForm(rw http.ResponseWriter, r *http.Request, err error, name, title string, data func() (any, error)) error {
	fe, msg, ok := w.fieldErrors(r, err)
	if !ok {
		return err
	}
	d, derr := data()
	if derr != nil {
		return derr
	}
	return w.render(rw, r, http.StatusUnprocessableEntity, name, Page{Title: title, Data: d, Errors: fe, Message: msg})
}

// projectCard is a project as lists and the board show it.
type projectCard struct {
	invest.Project
	StageName, OriginName, ModeName, IndustryName string
	Late, Overdue                                 bool
}

func (w *Web) projectCard(lang i18n.Lang, p invest.Project, today civil.Date) projectCard {
	return projectCard{Project: p, StageName: w.Catalog.T(lang, p.Stage.Key()), OriginName: w.Catalog.T(lang, p.Origin.Key()),
		ModeName: w.Catalog.T(lang, p.Mode.Key()), IndustryName: w.Catalog.T(lang, invest.IndustryKey(p.Industry)),
		Late: invest.Late(p, today), Overdue: invest.Overdue(p, today)}
}

// figureRow is one indicator of the dashboard.
type figureRow struct {
	ID, Name, Value, Prev, YoY string
	Target, Completion         string
	Progress                   string
}

type investDashboardData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Period   string
	Figures  []figureRow
	Signed   figureRow
	Funnel   funnelChart
	Late     []projectCard
	Overdue  []projectCard
	// LateCount and OverdueCount are all of them (Late and Overdue list
	// the first dashboardFlags).
	LateCount, OverdueCount int
	Today                   civil.Date
	CanWrite                bool
	Bulletin                string
}

// dashboardFlags is how many late and how many overdue projects the
// dashboard lists (the board and the list have them all).
const dashboardFlags = 10

// funnelRow is one stage of the pipeline funnel.
type funnelRow struct {
	Stage   string
	Reached int    // projects that reached at least the stage
	Now     int    // projects at the stage now
	Rate    string // conversion from the stage above; "" for the first or after none
	Signed  bool   // 签约 or a stage after it
}

// investDashboardFigures are the indicators the dashboard shows, in order.
func investDashboardFigures() []string {
	return []string{indicator.InvestSigned, indicator.InvestSignedAmount, indicator.InvestTrips, indicator.InvestVisits,
		indicator.InvestRegCapital, indicator.InvestPaidInCapital, indicator.InvestFundsArrived, indicator.InvestFundTarget,
		indicator.InvestPerformance, indicator.InvestStartRate, indicator.InvestCompletionRate, indicator.InvestArrivalRate}
}

// figureText shows a figure's value in its unit, grouped in thousands as
// the other pages write figures: money in 万元, ratios in percent, counts
// with their measure word. A summed figure with no data is zero (nothing
// was signed this year); any other shows a dash (orDash's rule).
func (w *Web) figureText(lang i18n.Lang, def indicator.Definition, v indicator.Frac, has bool) string {
	if !has && def.Agg != indicator.AggSum {
		return "—"
	}
	switch def.Unit {
	case indicator.UnitFen:
		return groupDigits(formatWan(v.Round(1))) + " " + w.Catalog.T(lang, "invest.ui.wan")
	case indicator.UnitRatio:
		return percentText(v)
	}
	return w.fmtValue(lang, def, v)
}

// percentText shows a fraction in percent to one place (0.1234 is 12.3%).
func percentText(v indicator.Frac) string {
	return strconv.FormatFloat(float64(v.Round(1000))/10, 'f', 1, 64) + "%"
}

// investYoY is a figure's change on the year before: for a rate the
// difference in percentage points (百分点; a rate's growth in percent says
// little), for an amount or a count the growth in percent; 与上年持平 when
// equal (at the one decimal shown), 上年同期无数据 when there is no base, and
// "—" when the figure itself has no value (nothing to compare).
func (w *Web) investYoY(lang i18n.Lang, fig indicator.Figure) string {
	if !fig.Has && fig.Def.Agg != indicator.AggSum {
		return "—"
	}
	if fig.Def.Unit == indicator.UnitRatio {
		if !fig.HasPrev {
			return "—"
		}
		d := fig.Change.Delta.Round(1000)
		if d == 0 {
			return w.Catalog.T(lang, "indicator.ui.yoy_flat")
		}
		return w.Catalog.T(lang, "invest.ui.points", strconv.FormatFloat(float64(d)/10, 'f', 1, 64))
	}
	switch c := fig.Change.RoundedTo(1); c.Status {
	case indicator.Up, indicator.Down:
		return percentText(c.Rate)
	case indicator.NoBase:
		return w.Catalog.T(lang, "indicator.ui.yoy_no_base")
	}
	return w.Catalog.T(lang, "indicator.ui.yoy_flat")
}

func (w *Web) investDashboardData(r *http.Request) (investDashboardData, error) {
	ctx := r.Context()
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, invest.ActionRead); err != nil {
		return investDashboardData{}, err
	}
	today := civil.Today(w.Now())
	p := indicator.Must(indicator.YTD(today.Year, int(today.Month)))
	// The figures are one dashboard of the indicator machinery (the area,
	// its targets and one read of the rollups, cached as a whole while the
	// data stands); it finds and checks the area by itself, so it runs
	// beside the zone's lookup and pipeline read, not after them.
	type figures struct {
		dash indicator.Dashboard
		err  error
	}
	figc := make(chan figures, 1)
	go func() {
		dash, err := w.Indicators.Dashboard(ctx, a, r.PathValue("slug"), p, indicator.DashboardSpec{Headline: investDashboardFigures()})
		figc <- figures{dash, err}
	}()
	z, canWrite, err := w.investZone(r)
	var pl invest.Pipeline
	if err == nil {
		// The funnel and the flags: two statements side by side over the
		// board's indexes (a zone's whole pipeline is not read).
		pl, err = w.Invest.Pipeline(ctx, a, z.ID, dashboardFlags)
	}
	fig := <-figc
	if err != nil {
		return investDashboardData{}, err
	}
	if fig.err != nil {
		return investDashboardData{}, fig.err
	}
	d := investDashboardData{Area: z, AreaName: areaLabel(lang, z), Period: p.Label(lang), Today: today, CanWrite: canWrite, Tabs: w.investTabs(a, z),
		Bulletin: "/zones/" + z.Slug + "/bulletin?from=" + p.From.String() + "&to=" + p.To.String()}
	for _, f := range fig.dash.Figures {
		id := f.Def.ID
		row := figureRow{ID: strings.ReplaceAll(id, ".", "-"), Name: w.Catalog.T(lang, f.Def.NameKey),
			Value: w.figureText(lang, f.Def, f.Value, f.Has), Prev: w.figureText(lang, f.Def, f.Prev, f.HasPrev), YoY: w.investYoY(lang, f)}
		if f.Target != nil {
			row.Target = strconv.FormatInt(f.Target.Value, 10)
			if f.Completion != nil {
				row.Completion = percentText(*f.Completion)
			}
		}
		if id == indicator.InvestSigned {
			d.Signed = row
		}
		d.Figures = append(d.Figures, row)
	}
	d.Funnel = funnelChart{ID: "invest-funnel", Title: w.Catalog.T(lang, "invest.ui.funnel"), Desc: w.Catalog.T(lang, "invest.ui.funnel_desc", today.String())}
	for _, st := range pl.Funnel() {
		row := funnelRow{Stage: w.Catalog.T(lang, st.Stage.Key()), Reached: st.Reached, Now: pl.Counts[st.Stage],
			Signed: st.Stage.Reached(invest.StageSigned)}
		if st.HasRate {
			row.Rate = strconv.FormatFloat(st.Rate*100, 'f', 1, 64) + "%"
		}
		d.Funnel.Steps = append(d.Funnel.Steps, row)
	}
	d.LateCount, d.OverdueCount = pl.LateCount, pl.OverdueCount
	for _, x := range pl.Late {
		d.Late = append(d.Late, w.projectCard(lang, x, today))
	}
	for _, x := range pl.Overdue {
		d.Overdue = append(d.Overdue, w.projectCard(lang, x, today))
	}
	return d, nil
}

func (w *Web) investDashboard(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.investDashboardData(r)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		lang := w.lang(r)
		t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
		sheet := xlsx.Table{Title: t("invest.ui.dashboard_title"), Note: d.AreaName + " · " + d.Period,
			Columns: []string{t("invest.ui.col_indicator"), t("invest.ui.col_value"), t("invest.ui.col_prev"), t("invest.ui.col_yoy")}}
		for _, f := range d.Figures {
			sheet.Rows = append(sheet.Rows, []any{f.Name, f.Value, f.Prev, f.YoY})
		}
		funnel := xlsx.Table{Title: t("invest.ui.funnel"), Note: d.Funnel.Desc,
			Columns: []string{t("invest.ui.col_stage"), t("invest.ui.col_reached"), t("invest.ui.col_conversion"), t("invest.ui.col_at_stage")}}
		for _, s := range d.Funnel.Steps {
			funnel.Rows = append(funnel.Rows, []any{s.Stage, int64(s.Reached), s.Rate, int64(s.Now)})
		}
		return writeWorkbook(rw, d.AreaName+"-"+t("invest.ui.dashboard_title")+".xlsx", []xlsx.Table{sheet, funnel})
	}
	return w.render(rw, r, http.StatusOK, "invest_dashboard", Page{Title: "invest.ui.dashboard_title", Data: d})
}

type investBoardData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Columns  []boardColumn
	Late     int
	Overdue  int
	// Terminated is how many projects left the pipeline (终止): not a
	// column, a count linking to the list filtered by that stage, so the
	// board and the list add up to the same total.
	Terminated int
}

type boardColumn struct {
	Stage string
	Code  string
	Count int // projects at the stage
	More  int // of them not shown (the list filtered by the stage has them)
	Items []projectCard
}

func (w *Web) investBoard(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, _, err := w.investZone(r)
	if err != nil {
		return err
	}
	today := civil.Today(w.Now())
	d := investBoardData{Area: z, AreaName: areaLabel(lang, z), Tabs: w.investTabs(a, z)}
	if wantsXLSX(r) {
		// The export is the whole open pipeline.
		list, err := w.Invest.Board(r.Context(), a, z.ID)
		if err != nil {
			return err
		}
		cards := make([]projectCard, 0, len(list))
		for _, x := range list {
			cards = append(cards, w.projectCard(lang, x, today))
		}
		return w.investProjectsWorkbook(rw, lang, d.AreaName, w.Catalog.T(lang, "invest.ui.board_title"), cards)
	}
	cols, flags, err := w.Invest.Columns(r.Context(), a, z.ID, 0)
	if err != nil {
		return err
	}
	counts, err := w.Invest.StageCounts(r.Context(), a, z.ID)
	if err != nil {
		return err
	}
	d.Late, d.Overdue, d.Terminated = flags.LateCount, flags.OverdueCount, counts[invest.StageTerminated]
	for _, c := range cols {
		col := boardColumn{Stage: w.Catalog.T(lang, c.Stage.Key()), Code: string(c.Stage), Count: c.Count, More: c.Count - len(c.Items)}
		for _, x := range c.Items {
			col.Items = append(col.Items, w.projectCard(lang, x, today))
		}
		d.Columns = append(d.Columns, col)
	}
	return w.render(rw, r, http.StatusOK, "invest_board", Page{Title: "invest.ui.board_title", Data: d})
}

// investProjectsWorkbook is a list of projects as one sheet, in the columns of a
// bureau's sheet (amounts in 万元).
func (w *Web) investProjectsWorkbook(rw http.ResponseWriter, lang i18n.Lang, area, title string, list []projectCard) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	sheet := xlsx.Table{Title: title, Note: area,
		Columns: []string{t("invest.ui.col_name"), t("invest.ui.col_investor"), t("invest.ui.col_origin"), t("invest.ui.col_industry"),
			t("invest.ui.col_mode"), t("invest.ui.col_planned_wan"), t("invest.ui.col_stage"), t("invest.ui.col_stage_on"),
			t("invest.ui.col_owner"), t("invest.ui.col_company"), t("invest.ui.col_registered_wan"), t("invest.ui.col_paid_in_wan"),
			t("invest.ui.col_arrived_wan"), t("invest.ui.col_flags")}}
	for _, c := range list {
		var flags []string
		if c.Late {
			flags = append(flags, t("invest.ui.late"))
		}
		if c.Overdue {
			flags = append(flags, t("invest.ui.overdue"))
		}
		sheet.Rows = append(sheet.Rows, []any{c.Name, c.Investor, c.OriginName, c.IndustryName, c.ModeName, formatWan(c.PlannedFen),
			c.StageName, c.StageOn.String(), c.Owner, c.EnterpriseName, formatWan(c.RegisteredFen), formatWan(c.PaidInFen),
			formatWan(c.ArrivedFen), strings.Join(flags, "、")})
	}
	return writeWorkbook(rw, area+"-"+title+".xlsx", []xlsx.Table{sheet})
}

type investProjectsData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Items    []projectCard
	Nav      listNav // total, page numbers, order, xlsx export
	Filter   url.Values
	Lists    investLists
	CanWrite bool
	Form     map[string]string
	Today    civil.Date
}

var projectFields = []string{"name", "investor", "investor_uscc", "origin", "industry", "mode", "planned_wan", "park", "owner",
	"agreement", "start_due", "on", "investor_honours", "facts"}

func (w *Web) investProjectsData(r *http.Request, form map[string]string) (investProjectsData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, canWrite, err := w.investZone(r)
	if err != nil {
		return investProjectsData{}, err
	}
	q := r.URL.Query()
	f, err := listq.InvestProjects(r.Context(), w.Zones, a, url.Values{"stage": {q.Get("stage")}, "origin": {q.Get("origin")},
		"mode": {q.Get("mode")}, "industry": {q.Get("industry")}, "q": {q.Get("q")}, "cursor": {q.Get("cursor")}})
	if err != nil {
		return investProjectsData{}, err
	}
	f.ZoneID, f.Limit, f.Sort, f.Count = z.ID, pageSize, q.Get("sort"), true
	var page paging.Page[invest.Project]
	if wantsXLSX(r) {
		// The export: every page of the list as filtered, in its order.
		page.Items, err = exportAll(paging.Request{Sort: f.Sort}, func(p paging.Request) (paging.Page[invest.Project], error) {
			f.Cursor, f.Limit, f.Count = p.Cursor, p.Limit, false
			return w.Invest.Projects(r.Context(), a, f)
		})
	} else {
		page, err = w.Invest.Projects(r.Context(), a, f)
	}
	if err != nil {
		return investProjectsData{}, err
	}
	today := civil.Today(w.Now())
	d := investProjectsData{Area: z, AreaName: areaLabel(lang, z), Tabs: w.investTabs(a, z), Filter: q, Lists: w.investLists(lang), CanWrite: canWrite, Form: form, Today: today,
		Nav: newListNav(q, "/zones/"+z.Slug+"/investment/projects", page.Total, pageSize, page.Next, "name", "-planned", "-stage_on")}
	if d.Form == nil {
		d.Form = map[string]string{"on": today.String(), "origin": string(invest.OriginOutProvince), "mode": string(invest.ModeIndustry)}
	}
	for _, p := range page.Items {
		d.Items = append(d.Items, w.projectCard(lang, p, today))
	}
	return d, nil
}

func (w *Web) investProjects(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.investProjectsData(r, nil)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		return w.investProjectsWorkbook(rw, w.lang(r), d.AreaName, w.Catalog.T(w.lang(r), "invest.ui.projects_title"), d.Items)
	}
	return w.render(rw, r, http.StatusOK, "invest_projects", Page{Title: "invest.ui.projects_title", Data: d})
}

func (w *Web) investProjectCreate(rw http.ResponseWriter, r *http.Request) error {
	if _, err := w.writeZone(r); err != nil {
		return err
	}
	form := postForm(r, projectFields...)
	var f errs.Fields
	p := invest.Project{Name: form["name"], Investor: form["investor"], InvestorUSCC: form["investor_uscc"], Origin: invest.Origin(form["origin"]),
		Industry: form["industry"], Mode: invest.Mode(form["mode"]), Park: form["park"], Owner: form["owner"],
		Agreement: invest.Agreement(form["agreement"]), InvestorHonours: form["investor_honours"], Facts: form["facts"]}
	p.PlannedFen = investWan(&f, form, "planned_wan")
	p.StartDue = formDate(&f, form, "start_due")
	on := formDate(&f, form, "on")
	err := f.Err()
	if err == nil {
		p, err = w.Invest.CreateProject(r.Context(), httpx.Actor(r), p, on)
	}
	if err != nil {
		return w.renderForm(rw, r, renameField(err, "planned_fen", "planned_wan"), "invest_projects", "invest.ui.projects_title",
			func() (any, error) { return w.investProjectsData(r, form) })
	}
	http.Redirect(rw, r, "/investment/projects/"+itoa(p.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// renameField moves a field error to the form's name for the field (the
// form takes 万元 where the rules speak of fen).
func renameField(err error, from, to string) error {
	e, ok := err.(*errs.Error)
	if !ok || e.Fields == nil {
		return err
	}
	if m, ok := e.Fields[from]; ok {
		delete(e.Fields, from)
		e.Fields[to] = m
	}
	return e
}

type investProjectData struct {
	Tabs       investTabs
	Project    projectCard
	Detail     invest.Detail
	Steps      []stepRow
	AreaName   string
	Slug       string
	Lists      investLists
	Next       []option // the stages a step may go to
	CanWrite   bool
	CanAdvance bool
	Form       map[string]string
	Today      civil.Date
	Approval   string // the level the next stage's step needs
}

type stepRow struct {
	invest.Step
	ToName, FromName, Approval string
}

func (w *Web) investProjectData(r *http.Request, id int64, form map[string]string) (investProjectData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	det, err := w.Invest.Project(r.Context(), a, id)
	if err != nil {
		return investProjectData{}, err
	}
	z, err := w.Zones.ByID(r.Context(), a, det.Project.ZoneID)
	if err != nil {
		return investProjectData{}, err
	}
	today := civil.Today(w.Now())
	d := investProjectData{Project: w.projectCard(lang, det.Project, today), Detail: det, AreaName: areaLabel(lang, z), Slug: z.Slug,
		Lists: w.investLists(lang), CanWrite: w.investWrites(a, z), Form: form, Today: today, Tabs: w.investTabs(a, z),
		CanAdvance: w.Policy.Can(a.Role, invest.ActionAdvance) && (a.ZoneID == z.ID || a.Role == access.City)}
	for i := len(det.Steps) - 1; i >= 0; i-- {
		s := det.Steps[i]
		row := stepRow{Step: s, ToName: w.Catalog.T(lang, s.To.Key())}
		if s.From != "" {
			row.FromName = w.Catalog.T(lang, s.From.Key())
		}
		if s.Approval != invest.LevelNone {
			row.Approval = w.Catalog.T(lang, s.Approval.Key())
		}
		d.Steps = append(d.Steps, row)
	}
	for _, st := range invest.AllStages() {
		if st != det.Project.Stage {
			d.Next = append(d.Next, option{Code: string(st), Name: w.Catalog.T(lang, st.Key())})
		}
	}
	// The forms start from their defaults; what was typed into the one
	// posted stays.
	next := invest.StageTerminated
	if i := indexOf(invest.Stages(), det.Project.Stage); i >= 0 && i+1 < len(invest.Stages()) {
		next = invest.Stages()[i+1]
	}
	d.Form = map[string]string{"to": string(next), "on": today.String(), "reg_on": today.String(), "arr_on": today.String(),
		"fu_on": today.String(), "nature": "150", "ent_industry": "C"}
	for k, v := range form {
		if v != "" {
			d.Form[k] = v
		}
	}
	if l := w.Invest.Settings.Approval(invest.Stage(d.Form["to"])); l != invest.LevelNone {
		d.Approval = w.Catalog.T(lang, l.Key())
	}
	return d, nil
}

func indexOf[T comparable](list []T, v T) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

func (w *Web) investProjectPage(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := w.investProjectData(r, id, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "invest_project", Page{Title: d.Project.Name, Data: d})
}

// investProjectPost takes a step (action=advance), records the registered
// company (registration), funds arrived (arrival) or a follow-up (followup).
func (w *Web) investProjectPost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := postForm(r, "action", "to", "on", "note", "uscc", "company", "nature", "ent_industry", "reg_on", "registered_wan", "paid_in_wan",
		"arr_on", "amount_wan", "arr_note", "fu_on", "fu_notes", "next_on", "fu_owner")
	var f errs.Fields
	// Each form's fields have names of their own on the page; the rules'
	// field names are mapped back to them.
	rename := map[string]string{}
	switch form["action"] {
	case "advance":
		on := formDate(&f, form, "on")
		if err = f.Err(); err == nil {
			_, _, err = w.Invest.Advance(r.Context(), a, id, invest.Stage(form["to"]), on, form["note"])
		}
	case "registration":
		reg := invest.Registration{USCC: form["uscc"], Name: form["company"], Nature: form["nature"], Industry: form["ent_industry"]}
		reg.On = formDate(&f, form, "reg_on")
		reg.RegisteredFen, reg.PaidInFen = investWan(&f, form, "registered_wan"), investWan(&f, form, "paid_in_wan")
		rename = map[string]string{"on": "reg_on", "registered_fen": "registered_wan", "paid_in_fen": "paid_in_wan", "name": "company",
			"industry": "ent_industry", "reg_capital_fen": "registered_wan", "paid_capital_fen": "paid_in_wan"}
		if err = f.Err(); err == nil {
			_, err = w.Invest.Register(r.Context(), a, id, reg)
		}
	case "arrival":
		x := invest.Arrival{Note: form["arr_note"], On: formDate(&f, form, "arr_on"), AmountFen: investWan(&f, form, "amount_wan")}
		rename = map[string]string{"on": "arr_on", "amount_fen": "amount_wan", "note": "arr_note"}
		if err = f.Err(); err == nil {
			_, err = w.Invest.AddArrival(r.Context(), a, id, x)
		}
	default:
		x := invest.FollowUp{Notes: form["fu_notes"], Owner: form["fu_owner"], On: formDate(&f, form, "fu_on"), NextOn: formDate(&f, form, "next_on")}
		rename = map[string]string{"on": "fu_on", "notes": "fu_notes", "owner": "fu_owner"}
		if err = f.Err(); err == nil {
			_, err = w.Invest.AddFollowUp(r.Context(), a, id, x)
		}
	}
	if err != nil {
		for from, to := range rename {
			err = renameField(err, from, to)
		}
		if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Forbidden) {
			// A step the pipeline or the approvals refuse, a registration
			// before signing: said beside the form that asked.
			msg := w.Catalog.Msg(w.lang(r), errMsg(err))
			d, derr := w.investProjectData(r, id, form)
			if derr != nil {
				return derr
			}
			status := http.StatusConflict
			if errs.Is(err, errs.Forbidden) {
				status = http.StatusForbidden
			}
			return w.render(rw, r, status, "invest_project", Page{Title: d.Project.Name, Data: d, Errors: map[string]string{form["action"]: msg}, Message: msg})
		}
		return w.renderForm(rw, r, err, "invest_project", "invest.ui.project_title", func() (any, error) { return w.investProjectData(r, id, form) })
	}
	http.Redirect(rw, r, "/investment/projects/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// errMsg is the message an error of this package carries.
func errMsg(err error) errs.Msg {
	if e, ok := err.(*errs.Error); ok {
		return e.Msg
	}
	return errs.M("error.internal")
}

type investActivitiesData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Trips    []invest.Trip
	Visits   []invest.Visit
	TripNav  listNav // each list's total, page numbers and order
	VisitNav listNav
	Projects []option
	CanWrite bool
	Form     map[string]string
	Today    civil.Date
}

var activityFields = []string{"action", "start_on", "end_on", "province", "city", "leader", "people", "firms", "firm", "hosts", "notes"}

func (w *Web) investActivitiesData(r *http.Request, form map[string]string) (investActivitiesData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, canWrite, err := w.investZone(r)
	if err != nil {
		return investActivitiesData{}, err
	}
	q := r.URL.Query()
	tripsAt, visitsAt := namedList("trips"), namedList("visits")
	var trips paging.Page[invest.Trip]
	var visits paging.Page[invest.Visit]
	if wantsXLSX(r) {
		// The export: every trip and visit, each in its list's order.
		trips.Items, err = exportAll(listRequestAt(tripsAt, q), func(p paging.Request) (paging.Page[invest.Trip], error) {
			return w.Invest.Trips(r.Context(), a, z.ID, p)
		})
		if err == nil {
			visits.Items, err = exportAll(listRequestAt(visitsAt, q), func(p paging.Request) (paging.Page[invest.Visit], error) {
				return w.Invest.Visits(r.Context(), a, z.ID, p)
			})
		}
	} else {
		trips, err = w.Invest.Trips(r.Context(), a, z.ID, listRequestAt(tripsAt, q))
		if err == nil {
			visits, err = w.Invest.Visits(r.Context(), a, z.ID, listRequestAt(visitsAt, q))
		}
	}
	if err != nil {
		return investActivitiesData{}, err
	}
	today := civil.Today(w.Now())
	path := "/zones/" + z.Slug + "/investment/activities"
	d := investActivitiesData{Area: z, AreaName: areaLabel(lang, z), Tabs: w.investTabs(a, z), Trips: trips.Items, Visits: visits.Items, CanWrite: canWrite, Form: form, Today: today,
		TripNav:  newListNavAt(tripsAt, q, path, trips.Total, pageSize, trips.Next, "-start_on"),
		VisitNav: newListNavAt(visitsAt, q, path, visits.Total, pageSize, visits.Next, "-start_on")}
	if d.Form == nil {
		d.Form = map[string]string{"start_on": today.String(), "people": "3"}
	}
	if canWrite {
		d.Projects, err = w.projectOptions(r, z.ID)
	}
	return d, err
}

// projectOptions lists an area's open projects for the forms that link
// activities and funds to them.
func (w *Web) projectOptions(r *http.Request, zoneID int64) ([]option, error) {
	board, err := w.Invest.Board(r.Context(), httpx.Actor(r), zoneID)
	out := make([]option, 0, len(board))
	for _, p := range board {
		out = append(out, option{Code: itoa(p.ID), Name: p.Name})
	}
	return out, err
}

func (w *Web) investActivities(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.investActivitiesData(r, nil)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		lang := w.lang(r)
		t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
		trips := xlsx.Table{Title: t("invest.ui.trips"), Note: d.AreaName,
			Columns: []string{t("invest.ui.col_start"), t("invest.ui.col_end"), t("invest.ui.col_province"), t("invest.ui.col_city"),
				t("invest.ui.col_leader"), t("invest.ui.col_people"), t("invest.ui.col_firms"), t("invest.ui.col_projects")}}
		for _, x := range d.Trips {
			trips.Rows = append(trips.Rows, []any{x.StartOn.String(), x.EndOn.String(), x.Province, x.City, x.Leader, int64(x.People), x.Firms,
				strings.Join(x.ProjectNames, "、")})
		}
		visits := xlsx.Table{Title: t("invest.ui.visits"), Note: d.AreaName,
			Columns: []string{t("invest.ui.col_start"), t("invest.ui.col_end"), t("invest.ui.col_firm"), t("invest.ui.col_hosts"), t("invest.ui.col_projects")}}
		for _, x := range d.Visits {
			visits.Rows = append(visits.Rows, []any{x.StartOn.String(), x.EndOn.String(), x.Firm, x.Hosts, strings.Join(x.ProjectNames, "、")})
		}
		return writeWorkbook(rw, d.AreaName+"-"+t("invest.ui.activities_title")+".xlsx", []xlsx.Table{trips, visits})
	}
	return w.render(rw, r, http.StatusOK, "invest_activities", Page{Title: "invest.ui.activities_title", Data: d})
}

func (w *Web) investActivityCreate(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.writeZone(r)
	if err != nil {
		return err
	}
	form := postForm(r, activityFields...)
	var f errs.Fields
	start, end := formDate(&f, form, "start_on"), formDate(&f, form, "end_on")
	if form["action"] == "visit" {
		v := invest.Visit{Firm: form["firm"], Hosts: form["hosts"], Notes: form["notes"], StartOn: start, EndOn: end, ProjectIDs: formIDs(r)}
		if err = f.Err(); err == nil {
			_, err = w.Invest.CreateVisit(r.Context(), httpx.Actor(r), v)
		}
	} else {
		t := invest.Trip{Province: form["province"], City: form["city"], Leader: form["leader"], Firms: form["firms"], Notes: form["notes"],
			StartOn: start, EndOn: end, People: formInt(&f, form, "people"), ProjectIDs: formIDs(r)}
		if err = f.Err(); err == nil {
			_, err = w.Invest.CreateTrip(r.Context(), httpx.Actor(r), t)
		}
	}
	if err != nil {
		return w.renderForm(rw, r, err, "invest_activities", "invest.ui.activities_title", func() (any, error) { return w.investActivitiesData(r, form) })
	}
	http.Redirect(rw, r, "/zones/"+z.Slug+"/investment/activities?flash=saved", http.StatusSeeOther)
	return nil
}

type investFundsData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Items    []fundRow
	Nav      listNav // total, page numbers, order, xlsx export
	Lists    investLists
	Projects []option
	CanWrite bool
	Form     map[string]string
	Today    civil.Date
}

type fundRow struct {
	invest.Fund
	KindName string
}

func (w *Web) investFundsData(r *http.Request, form map[string]string) (investFundsData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, canWrite, err := w.investZone(r)
	if err != nil {
		return investFundsData{}, err
	}
	req := listRequest(r.URL.Query())
	var page paging.Page[invest.Fund]
	if wantsXLSX(r) {
		// The export: every fund of the list, in its order.
		page.Items, err = exportAll(req, func(p paging.Request) (paging.Page[invest.Fund], error) {
			return w.Invest.Funds(r.Context(), a, z.ID, p)
		})
	} else {
		page, err = w.Invest.Funds(r.Context(), a, z.ID, req)
	}
	if err != nil {
		return investFundsData{}, err
	}
	today := civil.Today(w.Now())
	d := investFundsData{Area: z, AreaName: areaLabel(lang, z), Tabs: w.investTabs(a, z), Lists: w.investLists(lang), CanWrite: canWrite, Form: form, Today: today,
		Nav: newListNav(r.URL.Query(), "/zones/"+z.Slug+"/investment/funds", page.Total, pageSize, page.Next, "name", "-set_up_on")}
	if d.Form == nil {
		d.Form = map[string]string{"set_up_on": today.String(), "kind": string(invest.FundGuiding)}
	}
	for _, x := range page.Items {
		d.Items = append(d.Items, fundRow{Fund: x, KindName: w.Catalog.T(lang, x.Kind.Key())})
	}
	if canWrite {
		d.Projects, err = w.projectOptions(r, z.ID)
	}
	return d, err
}

func (w *Web) investFunds(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.investFundsData(r, nil)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		lang := w.lang(r)
		t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
		sheet := xlsx.Table{Title: t("invest.ui.funds_title"), Note: d.AreaName,
			Columns: []string{t("invest.ui.col_fund"), t("invest.ui.col_manager"), t("invest.ui.col_kind"), t("invest.ui.col_target_wan"),
				t("invest.ui.col_committed_wan"), t("invest.ui.col_paid_in_wan"), t("invest.ui.col_set_up"), t("invest.ui.col_projects")}}
		for _, x := range d.Items {
			sheet.Rows = append(sheet.Rows, []any{x.Name, x.Manager, x.KindName, formatWan(x.TargetFen), formatWan(x.CommittedFen),
				formatWan(x.PaidInFen), x.SetUpOn.String(), strings.Join(x.ProjectNames, "、")})
		}
		return writeWorkbook(rw, d.AreaName+"-"+t("invest.ui.funds_title")+".xlsx", []xlsx.Table{sheet})
	}
	return w.render(rw, r, http.StatusOK, "invest_funds", Page{Title: "invest.ui.funds_title", Data: d})
}

func (w *Web) investFundCreate(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.writeZone(r)
	if err != nil {
		return err
	}
	form := postForm(r, "name", "manager", "manager_uscc", "kind", "target_wan", "committed_wan", "paid_in_wan", "set_up_on", "notes")
	var f errs.Fields
	x := invest.Fund{Name: form["name"], Manager: form["manager"], ManagerUSCC: form["manager_uscc"], Kind: invest.FundKind(form["kind"]),
		Notes: form["notes"], SetUpOn: formDate(&f, form, "set_up_on"), ProjectIDs: formIDs(r)}
	x.TargetFen, x.CommittedFen, x.PaidInFen = investWan(&f, form, "target_wan"), investWan(&f, form, "committed_wan"), investWan(&f, form, "paid_in_wan")
	if err = f.Err(); err == nil {
		_, err = w.Invest.CreateFund(r.Context(), httpx.Actor(r), x)
	}
	if err != nil {
		for from, to := range map[string]string{"target_fen": "target_wan", "committed_fen": "committed_wan", "paid_in_fen": "paid_in_wan"} {
			err = renameField(err, from, to)
		}
		return w.renderForm(rw, r, err, "invest_funds", "invest.ui.funds_title", func() (any, error) { return w.investFundsData(r, form) })
	}
	http.Redirect(rw, r, "/zones/"+z.Slug+"/investment/funds?flash=saved", http.StatusSeeOther)
	return nil
}
