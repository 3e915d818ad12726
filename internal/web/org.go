package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// orgRoutes are the organisation-coverage and talent modules' pages.
func (w *Web) orgRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return append([]httpx.Route{
		r("GET", "/party", w.orgHome),
		r("GET", "/zones/{slug}/party", w.orgDashboard),
		r("GET", "/zones/{slug}/party/coverage", w.orgCoverage),
		r("GET", "/zones/{slug}/party/organisations", w.orgList),
		r("POST", "/zones/{slug}/party/organisations", w.orgCreate),
		r("GET", "/party/organisations/{id}", w.orgPage),
		r("POST", "/party/organisations/{id}", w.orgPost),
		r("GET", "/zones/{slug}/party/chains", w.orgChains),
		r("POST", "/zones/{slug}/party/chains", w.orgChainCreate),
		r("GET", "/zones/{slug}/party/online-branches", w.orgBranches),
		r("POST", "/zones/{slug}/party/online-branches", w.orgBranchCreate),
		r("GET", "/zones/{slug}/talent", w.talentProgrammes),
		r("GET", "/talent/calls/{id}", w.talentCall),
		r("POST", "/talent/calls/{id}", w.talentApply),
	}, append(w.orgImportRoutes(), w.talentFormRoutes()...)...)
}

// OrgNav is the module's part of the top navigation.
func OrgNav() []NavItem {
	return []NavItem{{Key: "org.ui.nav", Href: "/party", Action: org.ActionRead}}
}

// orgHome sends a zone's users to its dashboard, an enterprise user to
// its zone's organisations; a city, province or national user reads the
// coverage and talent figures of the zones it sees (regionSummary).
func (w *Web) orgHome(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, org.ActionRead); err != nil {
		return err
	}
	if !a.Role.ZoneBound() {
		if err := w.Policy.Allow(a, org.ActionCoverage); err != nil {
			return err
		}
		return w.regionSummary(rw, r, orgRegion())
	}
	z, err := w.Zones.ByID(r.Context(), a, a.ZoneID)
	if err != nil {
		return err
	}
	target := "/zones/" + z.Slug + "/party"
	if !w.Policy.Can(a.Role, org.ActionCoverage) {
		target += "/organisations"
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
	return nil
}

// orgZone is the path's zone, whether the actor keeps its records and
// whether it sees its coverage figures.
type orgZone struct {
	Area     zone.Area
	AreaName string
	CanWrite bool
	Coverage bool // the actor reads the zone's figures (not an enterprise user)
	Persons  bool // the actor reads applicants (the zone's and employers' users)
}

func (w *Web) orgZoneOf(r *http.Request) (orgZone, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, org.ActionRead); err != nil {
		return orgZone{}, err
	}
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err != nil {
		return orgZone{}, err
	}
	return orgZone{Area: z, AreaName: areaLabel(w.lang(r), z), CanWrite: a.ZoneID == z.ID && w.Policy.Can(a.Role, org.ActionWrite),
		Coverage: w.Policy.Can(a.Role, org.ActionCoverage), Persons: w.Policy.Can(a.Role, talent.ActionPersons)}, nil
}

// orgWriteZone is the path's zone for a write: the actor's own.
func (w *Web) orgWriteZone(r *http.Request) (orgZone, error) {
	if err := w.Policy.Allow(httpx.Actor(r), org.ActionWrite); err != nil {
		return orgZone{}, err
	}
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return oz, err
	}
	if !oz.CanWrite {
		return oz, errs.NotFoundf("entity.area")
	}
	return oz, nil
}

// pct shows a share as a percentage with one decimal, "—" when none.
func pct(n, of int) string {
	rate, ok := org.Rate(n, of)
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(float64(rate.Round(1000))/10, 'f', 1, 64) + "%"
}

type countRow struct {
	Code, Name string
	N          int
}

type shareRow struct {
	org.Share
	Rate string
}

type talentCount struct {
	Name                string
	Applicants, Granted int64
	Support             string
}

type orgDashboardData struct {
	orgZone
	On         civil.Date
	Fig        org.Figures
	Rate       string
	Orgs       int
	Kinds      []countRow
	Modes      []countRow // enterprises covered by mode
	OrgModes   []countRow
	Platforms  []countRow
	Talent     []talentCount
	TalentYear int
	Bulletin   string
	DueLink    string
}

// orgDashboardData reads the zone's coverage on the day and its talent
// applications this year (indicator rollups: aggregates, no person).
func (w *Web) orgDashboardData(r *http.Request) (orgDashboardData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return orgDashboardData{}, err
	}
	on, err := w.dayOf(r)
	if err != nil {
		return orgDashboardData{}, err
	}
	fig, err := w.Orgs.Figures(r.Context(), a, oz.Area.ID, on)
	if err != nil {
		return orgDashboardData{}, err
	}
	d := orgDashboardData{orgZone: oz, On: on, Fig: fig, Rate: pct(fig.Covered, fig.ShouldCover), TalentYear: on.Year,
		Bulletin: "/zones/" + oz.Area.Slug + "/bulletin?from=" + strconv.Itoa(on.Year) + "-01&to=" + on.String()[:7],
		DueLink:  "/zones/" + oz.Area.Slug + "/party/organisations?due=1"}
	for _, k := range org.Kinds() {
		d.Orgs += fig.Orgs[k]
		d.Kinds = append(d.Kinds, countRow{Code: string(k), Name: w.Catalog.T(lang, k.Key()), N: fig.Orgs[k]})
	}
	for _, m := range org.Modes() {
		d.Modes = append(d.Modes, countRow{Code: string(m), Name: w.Catalog.T(lang, m.Key()), N: fig.ByMode[m]})
		d.OrgModes = append(d.OrgModes, countRow{Code: string(m), Name: w.Catalog.T(lang, m.Key()), N: fig.OrgsByMode[m]})
	}
	for _, p := range org.Platforms() {
		d.Platforms = append(d.Platforms, countRow{Code: string(p), Name: w.Catalog.T(lang, p.Key()), N: fig.Platforms[string(p)]})
	}
	progs, err := w.Talents.Programmes(r.Context(), a, oz.Area.ID)
	if err != nil {
		return d, err
	}
	period := indicator.Must(indicator.YTD(on.Year, int(on.Month)))
	for _, p := range progs {
		row := talentCount{Name: talentName(lang, p)}
		for _, id := range []string{indicator.TalentApplicants, indicator.TalentGranted, indicator.TalentSupport} {
			f, err := w.Indicators.FigureIn(r.Context(), a, oz.Area, indicator.Query{Indicator: id,
				Dim: indicator.Dim(indicator.DimTalentProgram, p.Code), Period: period})
			if err != nil {
				return d, err
			}
			switch id {
			case indicator.TalentApplicants:
				row.Applicants = f.Value.Round(1)
			case indicator.TalentGranted:
				row.Granted = f.Value.Round(1)
			default:
				row.Support = formatWan(f.Value.Round(1))
			}
		}
		d.Talent = append(d.Talent, row)
	}
	return d, nil
}

// talentName is a programme's name in the page's language.
func talentName(lang i18n.Lang, p talent.Programme) string {
	if lang == i18n.EN && p.NameEN != "" {
		return p.NameEN
	}
	return p.Name
}

func (w *Web) orgDashboard(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), org.ActionCoverage); err != nil {
		return err
	}
	d, err := w.orgDashboardData(r)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		lang := w.lang(r)
		t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
		figs := xlsx.Table{Title: t("org.ui.dashboard_title"), Note: d.AreaName + " · " + d.On.String(),
			Columns: []string{t("org.ui.col_item"), t("org.ui.col_value")}}
		add := func(k string, v any) { figs.Rows = append(figs.Rows, []any{t(k), v}) }
		add("org.ui.should_cover", int64(d.Fig.ShouldCover))
		add("org.ui.covered", int64(d.Fig.Covered))
		add("org.ui.rate", d.Rate)
		add("org.ui.orgs", int64(d.Orgs))
		add("org.ui.chains_covered", int64(d.Fig.ChainsCov))
		add("org.ui.online_open", int64(d.Fig.OnlineOpen))
		add("org.ui.elections_due", int64(d.Fig.ElectionDue))
		add("org.ui.pledged", int64(d.Fig.Pledged))
		tal := xlsx.Table{Title: t("org.ui.talent_title", d.TalentYear),
			Columns: []string{t("talent.ui.col_programme"), t("talent.ui.col_applicants"), t("talent.ui.col_granted"), t("talent.ui.col_support_wan")}}
		for _, x := range d.Talent {
			tal.Rows = append(tal.Rows, []any{x.Name, x.Applicants, x.Granted, x.Support})
		}
		return writeWorkbook(rw, d.AreaName+"-"+t("org.ui.dashboard_title")+".xlsx", []xlsx.Table{figs, tal})
	}
	return w.render(rw, r, http.StatusOK, "org_dashboard", Page{Title: "org.ui.dashboard_title", Data: d})
}

type gapRow struct {
	org.Gap
	NeedName, ReasonName, HasKindName, HasModeName string
}

type orgCoverageData struct {
	orgZone
	On     civil.Date
	Fig    org.Figures
	Rate   string
	Modes  []countRow
	Chains []shareRow
	Parks  []shareRow
	Gaps   []gapRow
	Pager  pager
	Export string
	Note   string // the thresholds the list applies (the operator's setting)
}

func (w *Web) orgCoverage(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, org.ActionCoverage); err != nil {
		return err
	}
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return err
	}
	on, err := w.dayOf(r)
	if err != nil {
		return err
	}
	fig, err := w.Orgs.Figures(r.Context(), a, oz.Area.ID, on)
	if err != nil {
		return err
	}
	d := orgCoverageData{orgZone: oz, On: on, Fig: fig, Rate: pct(fig.Covered, fig.ShouldCover),
		Export: "/zones/" + oz.Area.Slug + "/party/coverage?format=xlsx&on=" + on.String()}
	st := w.Orgs.Settings
	d.Note = w.Catalog.T(lang, "org.ui.gaps_note", st.OwnBranchMin, st.BranchCommitteeMin, st.GeneralBranchMin, st.CommitteeMin)
	for _, m := range org.Modes() {
		d.Modes = append(d.Modes, countRow{Code: string(m), Name: w.Catalog.T(lang, m.Key()), N: fig.ByMode[m]})
	}
	d.Modes = append(d.Modes, countRow{Code: "none", Name: w.Catalog.T(lang, "org.ui.uncovered"), N: fig.ShouldCover - fig.Covered})
	none := w.Catalog.T(lang, "org.ui.none")
	shares := func(list []org.Share) []shareRow {
		out := make([]shareRow, 0, len(list))
		for _, s := range list {
			if s.Name == "" {
				s.Name = none
			}
			out = append(out, shareRow{Share: s, Rate: pct(s.Covered, s.ShouldCover)})
		}
		return out
	}
	d.Chains, d.Parks = shares(fig.ByChain), shares(fig.ByPark)
	gapRows := func(list []org.Gap) []gapRow {
		out := make([]gapRow, 0, len(list))
		for _, g := range list {
			row := gapRow{Gap: g, NeedName: w.Catalog.T(lang, g.Need.Key()), ReasonName: w.Catalog.T(lang, g.Reason.Key())}
			if g.HasID != 0 {
				row.HasKindName, row.HasModeName = w.Catalog.T(lang, g.HasKind.Key()), w.Catalog.T(lang, g.HasMode.Key())
			}
			out = append(out, row)
		}
		return out
	}
	if wantsXLSX(r) {
		var all []org.Gap
		p := paging.Request{Limit: paging.MaxLimit}
		for {
			page, err := w.Orgs.Gaps(r.Context(), a, oz.Area.ID, p)
			if err != nil {
				return err
			}
			all = append(all, page.Items...)
			if page.Next == "" {
				break
			}
			p.Cursor = page.Next
		}
		d.Gaps = gapRows(all)
		return w.orgCoverageWorkbook(rw, lang, d)
	}
	page, err := w.Orgs.Gaps(r.Context(), a, oz.Area.ID, pageOf(r, "cursor"))
	if err != nil {
		return err
	}
	d.Gaps = gapRows(page.Items)
	d.Pager = pagerOf(r.URL.Query(), r.URL.Path, "cursor", page.Next, "#gaps")
	return w.render(rw, r, http.StatusOK, "org_coverage", Page{Title: "org.ui.coverage_title", Data: d})
}

func (w *Web) orgCoverageWorkbook(rw http.ResponseWriter, lang i18n.Lang, d orgCoverageData) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	modes := xlsx.Table{Title: t("org.ui.by_mode"), Note: d.AreaName + " · " + d.On.String(),
		Columns: []string{t("org.ui.col_mode"), t("org.ui.col_enterprises")}}
	for _, m := range d.Modes {
		modes.Rows = append(modes.Rows, []any{m.Name, int64(m.N)})
	}
	// Each column one quantity with its unit in the header: the rate a
	// number of per cent (one decimal), empty where none is to be covered.
	share := func(title string, list []shareRow) xlsx.Table {
		tb := xlsx.Table{Title: title, Note: d.AreaName + " · " + d.On.String(),
			Columns: []string{t("org.ui.col_name"), t("org.ui.should_cover"), t("org.ui.covered"), t("org.ui.col_rate_pct")}}
		for _, s := range list {
			var rate any
			if f, ok := org.Rate(s.Covered, s.ShouldCover); ok {
				rate = float64(f.Round(1000)) / 10
			}
			tb.Rows = append(tb.Rows, []any{s.Name, int64(s.ShouldCover), int64(s.Covered), rate})
		}
		return tb
	}
	gaps := xlsx.Table{Title: t("org.ui.gaps_title"), Note: d.AreaName,
		Columns: []string{t("org.ui.col_enterprise"), t("org.ui.col_employees_n"), t("org.ui.col_party_members"), t("org.ui.col_has"), t("org.ui.col_need"), t("org.ui.col_reason")}}
	for _, g := range d.Gaps {
		gaps.Rows = append(gaps.Rows, []any{g.EnterpriseName, int64(g.Employees), int64(g.Members), g.HasName, g.NeedName, g.ReasonName})
	}
	return writeWorkbook(rw, d.AreaName+"-"+t("org.ui.coverage_title")+".xlsx",
		[]xlsx.Table{modes, share(t("org.ui.by_chain"), d.Chains), share(t("org.ui.by_park"), d.Parks), gaps})
}

// orgLists are the code lists the module's forms and filters offer.
type orgLists struct {
	Kinds, Modes, Levels, ChainLevels, Bodies, Platforms []option
}

func (w *Web) orgLists(lang i18n.Lang) orgLists {
	bodies := []option{{Code: "", Name: w.Catalog.T(lang, "org.ui.body_none")}}
	for _, b := range org.BodyKinds() {
		bodies = append(bodies, option{Code: string(b), Name: w.Catalog.T(lang, bodyKey(b))})
	}
	return orgLists{
		Kinds:       options(w, lang, org.Kinds(), org.Kind.Key),
		Modes:       options(w, lang, org.Modes(), org.Mode.Key),
		Levels:      options(w, lang, org.Levels(), org.Level.Key),
		ChainLevels: options(w, lang, org.ChainLevels(), org.Level.Key),
		Bodies:      bodies,
		Platforms:   options(w, lang, org.Platforms(), org.Platform.Key),
	}
}

// orgRow is an organisation as the list shows it.
type orgRow struct {
	org.Organisation
	KindName, ModeName string
	Next               civil.Date
	Due                bool // the next election is within the settings' days, or past
	Overdue            bool // the next election's date has passed
	MemberNames        string
}

func (w *Web) orgRow(lang i18n.Lang, o org.Organisation) orgRow {
	names := make([]string, 0, len(o.Members))
	for _, m := range o.Members {
		names = append(names, m.Name)
	}
	return orgRow{Organisation: o, KindName: w.Catalog.T(lang, o.Kind.Key()), ModeName: w.Catalog.T(lang, o.Mode.Key()),
		Next: o.NextElection(), Due: w.Orgs.ElectionDue(o), Overdue: w.Orgs.ElectionOverdue(o), MemberNames: strings.Join(names, "、")}
}

type orgListData struct {
	orgZone
	Lists  orgLists
	Rows   []orgRow
	Nav    listNav // total, page numbers, order, xlsx export
	Due    bool
	Kind   string
	Mode   string
	Form   map[string]string
	Picker memberPicker // the form's member rows
}

func orgFilter(r *http.Request) (org.Filter, error) {
	q := r.URL.Query()
	f := org.Filter{Due: q.Get("due") == "1", Kind: org.Kind(q.Get("kind")), Mode: org.Mode(q.Get("mode"))}
	var fe errs.Fields
	if f.Kind != "" && !f.Kind.Valid() {
		fe.Add("kind", "org.err.kind")
	}
	if f.Mode != "" && !f.Mode.Valid() {
		fe.Add("mode", "org.err.mode")
	}
	return f, fe.Err()
}

func (w *Web) orgListData(r *http.Request, form map[string]string) (orgListData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return orgListData{}, err
	}
	f, err := orgFilter(r)
	if err != nil {
		return orgListData{}, err
	}
	p := listRequest(r.URL.Query())
	f.Cursor, f.Limit, f.Sort, f.Count = p.Cursor, p.Limit, p.Sort, true
	page, err := w.Orgs.Organisations(r.Context(), a, oz.Area.ID, f)
	if err != nil {
		return orgListData{}, err
	}
	if form == nil {
		form = map[string]string{"kind": string(org.KindBranch), "mode": string(org.ModeSingle), "term_years": "3"}
	}
	d := orgListData{orgZone: oz, Lists: w.orgLists(lang), Due: f.Due, Kind: string(f.Kind), Mode: string(f.Mode), Form: form,
		Nav: newListNav(r.URL.Query(), r.URL.Path, page.Total, p.Limit, page.Next, "name")}
	for _, o := range page.Items {
		d.Rows = append(d.Rows, w.orgRow(lang, o))
	}
	if d.CanWrite {
		if d.Picker, err = w.memberPicker(r, "org-members", "org-enterprises", "org.ui.members_pick", form); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (w *Web) orgList(rw http.ResponseWriter, r *http.Request) error {
	if wantsXLSX(r) {
		return w.orgListWorkbook(rw, r)
	}
	d, err := w.orgListData(r, nil)
	if err != nil {
		return err
	}
	title := "org.ui.orgs_title"
	if d.Due {
		title = "org.ui.due_title"
	}
	return w.render(rw, r, http.StatusOK, "org_list", Page{Title: title, Data: d})
}

// orgListWorkbook is every organisation the filter selects.
func (w *Web) orgListWorkbook(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return err
	}
	f, err := orgFilter(r)
	if err != nil {
		return err
	}
	tb := xlsx.Table{Title: t("org.ui.orgs_title"), Note: oz.AreaName,
		Columns: []string{t("org.ui.col_name"), t("org.ui.col_kind"), t("org.ui.col_mode"), t("org.ui.col_secretary"), t("org.ui.col_founded"),
			t("org.ui.col_last_election"), t("org.ui.col_next_election"), t("org.ui.col_due"), t("org.ui.col_members_list")}}
	f.Sort = r.URL.Query().Get("sort")
	list, err := exportAll(paging.Request{Sort: f.Sort}, func(p paging.Request) (paging.Page[org.Organisation], error) {
		f.Cursor, f.Limit = p.Cursor, p.Limit
		return w.Orgs.Organisations(r.Context(), a, oz.Area.ID, f)
	})
	if err != nil {
		return err
	}
	for _, o := range list {
		row := w.orgRow(lang, o)
		sec := o.Secretary
		if o.Mode == org.ModeSent {
			sec = o.Instructor
		}
		due := ""
		switch {
		case row.Overdue:
			due = t("org.ui.overdue")
		case row.Due:
			due = t("org.ui.due")
		}
		last := "" // no election since the founding: the founding date is not one
		if len(o.Elections) > 0 {
			last = o.LastElection().String()
		}
		tb.Rows = append(tb.Rows, []any{o.Name, row.KindName, row.ModeName, sec, o.FoundedOn.String(), last,
			row.Next.String(), due, row.MemberNames})
	}
	return writeWorkbook(rw, oz.AreaName+"-"+t("org.ui.orgs_title")+".xlsx", []xlsx.Table{tb})
}

var orgFormFields = []string{"name", "kind", "mode", "secretary", "instructor", "founded_on", "term_years", "last_election_on", "member_rows"}

func (w *Web) orgCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if _, err := w.orgWriteZone(r); err != nil {
		return err
	}
	form := postForm(r, orgFormFields...)
	typed := typedMembers(r)
	form["members"] = strings.Join(typed, "\n")
	if r.PostFormValue("more") != "" {
		moreMemberRows(r, form)
		d, err := w.orgListData(r, form)
		if err != nil {
			return err
		}
		return w.render(rw, r, http.StatusOK, "org_list", Page{Title: "org.ui.orgs_title", Data: d})
	}
	codes, f, err := w.resolveMembers(r, typed)
	if err != nil {
		return err
	}
	o := org.Organisation{Name: form["name"], Kind: org.Kind(form["kind"]), Mode: org.Mode(form["mode"]), Secretary: form["secretary"],
		Instructor: form["instructor"], FoundedOn: formDate(&f, form, "founded_on"), TermYears: formInt(&f, form, "term_years")}
	if e := formDate(&f, form, "last_election_on"); !e.IsZero() {
		o.Elections = []civil.Date{e}
	}
	var created org.Organisation
	err = f.Err()
	if err == nil {
		created, err = w.Orgs.CreateOrganisation(r.Context(), a, org.NewOrganisation{Organisation: o, MemberCodes: codes})
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.orgListData(r, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "org_list", Page{Title: "org.ui.orgs_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/party/organisations/"+itoa(created.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}

type orgPageData struct {
	orgRow
	Area     zone.Area
	AreaName string
	CanWrite bool
	Lists    orgLists
	Branches []branchRow
	Honours  []honourRow
	Form     map[string]string
	Codes    string
	Picker   memberPicker // the edit form's member rows
}

type honourRow struct {
	org.Honour
	LevelName string
}

type branchRow struct {
	org.OnlineBranch
	PlatformName string
}

func (w *Web) orgPageData(r *http.Request, form map[string]string) (orgPageData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	id, err := pathID(r)
	if err != nil {
		return orgPageData{}, err
	}
	o, err := w.Orgs.Organisation(r.Context(), a, id)
	if err != nil {
		return orgPageData{}, err
	}
	z, err := w.Zones.ByID(r.Context(), a, o.ZoneID)
	if err != nil {
		return orgPageData{}, err
	}
	d := orgPageData{orgRow: w.orgRow(lang, o), Area: z, AreaName: areaLabel(lang, z), Lists: w.orgLists(lang),
		CanWrite: a.ZoneID == o.ZoneID && w.Policy.Can(a.Role, org.ActionWrite)}
	for _, h := range o.Honours {
		d.Honours = append(d.Honours, honourRow{Honour: h, LevelName: w.Catalog.T(lang, h.Level.Key())})
	}
	codes := make([]string, 0, len(o.Members))
	for _, m := range o.Members {
		codes = append(codes, m.USCC)
	}
	d.Codes = strings.Join(codes, "\n")
	branches, err := w.orgBranchesOf(r, o)
	if err != nil {
		return d, err
	}
	for _, b := range branches {
		d.Branches = append(d.Branches, branchRow{OnlineBranch: b, PlatformName: w.Catalog.T(lang, b.Platform.Key())})
	}
	if form == nil {
		names := make([]string, 0, len(o.Members))
		for _, m := range o.Members {
			names = append(names, m.Name)
		}
		form = map[string]string{"name": o.Name, "secretary": o.Secretary, "instructor": o.Instructor,
			"term_years": strconv.Itoa(o.TermYears), "members": strings.Join(names, "\n"), "version": strconv.Itoa(o.Version)}
	}
	d.Form = form
	if d.CanWrite {
		if d.Picker, err = w.memberPicker(r, "edit-members", "edit-enterprises", "org.ui.members_pick", form); err != nil {
			return d, err
		}
	}
	return d, nil
}

// orgBranchesOf reads the online branches of o from its zone's list.
func (w *Web) orgBranchesOf(r *http.Request, o org.Organisation) ([]org.OnlineBranch, error) {
	var out []org.OnlineBranch
	p := paging.Request{Limit: paging.MaxLimit}
	for range 50 {
		page, err := w.Orgs.OnlineBranches(r.Context(), httpx.Actor(r), o.ZoneID, p)
		if err != nil {
			return nil, err
		}
		for _, b := range page.Items {
			if b.OrgID == o.ID {
				out = append(out, b)
			}
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
	}
	return out, nil
}

func (w *Web) orgPage(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.orgPageData(r, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "org_show", Page{Title: d.Name, Data: d})
}

// orgPost changes an organisation (action "edit") or records an honour
// ("honour") or an online branch ("branch").
func (w *Web) orgPost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fields := []string{"action", "version", "name", "secretary", "instructor", "term_years", "last_election_on", "dissolved_on", "members_on",
		"honour_name", "honour_level", "honour_issuer", "honour_year", "branch_name", "branch_platform", "branch_open", "branch_opened_on", "member_rows"}
	form := postForm(r, fields...)
	typed := typedMembers(r)
	form["members"] = strings.Join(typed, "\n")
	var f errs.Fields
	switch form["action"] {
	case "honour":
		h := org.Honour{Name: form["honour_name"], Level: org.Level(form["honour_level"]), Issuer: form["honour_issuer"], Year: formInt(&f, form, "honour_year")}
		if err = f.Err(); err == nil {
			_, err = w.Orgs.AddHonour(r.Context(), a, id, h)
		}
		err = prefixFields(err, "honour_", "name", "level", "issuer", "year")
	case "branch":
		b := org.OnlineBranch{OrgID: id, Name: form["branch_name"], Platform: org.Platform(form["branch_platform"]), Open: form["branch_open"] == "on",
			OpenedOn: formDate(&f, form, "branch_opened_on")}
		if err = f.Err(); err == nil {
			_, err = w.Orgs.CreateOnlineBranch(r.Context(), a, b)
		}
		err = prefixFields(err, "branch_", "name", "platform", "opened_on", "org_id")
	default:
		if r.PostFormValue("more") != "" {
			moreMemberRows(r, form)
			d, err := w.orgPageData(r, form)
			if err != nil {
				return err
			}
			return w.render(rw, r, http.StatusOK, "org_show", Page{Title: d.Name, Data: d})
		}
		codes, bad, rerr := w.resolveMembers(r, typed)
		if rerr != nil {
			return rerr
		}
		f = bad
		p := org.Patch{Version: formInt(&f, form, "version")}
		str := func(k string) *string { v := form[k]; return &v }
		p.Name, p.Secretary, p.Instructor = str("name"), str("secretary"), str("instructor")
		if form["term_years"] != "" {
			n := formInt(&f, form, "term_years")
			p.TermYears = &n
		}
		for k, dst := range map[string]**civil.Date{"last_election_on": &p.LastElectionOn, "dissolved_on": &p.DissolvedOn, "members_on": &p.MembersOn} {
			if d := formDate(&f, form, k); !d.IsZero() {
				*dst = &d
			}
		}
		p.MemberCodes = codes
		if err = f.Err(); err == nil {
			_, err = w.Orgs.UpdateOrganisation(r.Context(), a, id, p)
		}
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.orgPageData(r, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "org_show", Page{Title: d.Name, Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/party/organisations/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// prefixFields renames the named fields of a validation error with prefix,
// so that a page with several forms shows each error beside its own input.
func prefixFields(err error, prefix string, names ...string) error {
	var e *errs.Error
	if !asErrs(err, &e) || e.Fields == nil {
		return err
	}
	out := *e
	out.Fields = map[string]errs.Msg{}
	for k, m := range e.Fields {
		if slices.Contains(names, k) {
			k = prefix + k
		}
		out.Fields[k] = m
	}
	return &out
}

// bodyKey is the catalog key of what covers a chain.
func bodyKey(b org.BodyKind) string {
	if b == org.BodyAlliance {
		return "org.ui.body_alliance"
	}
	return "org.ui.body_committee"
}
