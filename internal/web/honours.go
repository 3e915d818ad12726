package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// honourRoutes are the honours module's pages.
func (w *Web) honourRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/honours", w.honourHome),
		r("GET", "/honours/programmes", w.programmesPage),
		r("POST", "/honours/programmes", w.programmeCreate),
		r("GET", "/zones/{slug}/honours", w.zoneHonours),
		r("GET", "/zones/{slug}/honours/batches", w.batchesPage),
		r("POST", "/zones/{slug}/honours/batches", w.batchCreate),
		w.batchImportRoute(),
		r("GET", "/honours/batches/{id}", w.batchPage),
		r("GET", "/honours/batches/{id}/withdraw", w.withdrawPage),
		r("POST", "/honours/batches/{id}/withdraw", w.withdrawPost),
		r("GET", "/zones/{slug}/cultivation", w.cultivationPage),
		r("POST", "/zones/{slug}/cultivation", w.candidateCreate),
		r("GET", "/cultivation/{id}", w.candidatePage),
		r("POST", "/cultivation/{id}", w.candidatePost),
		r("GET", "/cities/{code}/honours", w.cityHonours),
	}
}

// HonourNav is the module's part of the top navigation.
func HonourNav() []NavItem {
	return []NavItem{{Key: "honour.nav", Href: "/honours", Action: honour.ActionRead}}
}

// honourHome sends each reader to the honours of its scope.
func (w *Web) honourHome(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionRead); err != nil {
		return err
	}
	target := "/honours/programmes"
	switch {
	case a.Role == access.Enterprise:
		target = "/enterprises/" + itoa(a.EnterpriseID) + "#honours"
	case a.Role.ZoneBound():
		z, err := w.Zones.ByID(r.Context(), a, a.ZoneID)
		if err != nil {
			return err
		}
		target = "/zones/" + z.Slug + "/honours"
	case a.Role == access.City:
		target = "/cities/" + a.RegionCode + "/honours"
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
	return nil
}

// programmeName is a programme's name in the page's language.
func programmeName(lang i18n.Lang, p honour.Programme) string {
	if lang == i18n.EN && p.NameEN != "" {
		return p.NameEN
	}
	return p.Name
}

// programmes reads the programmes once per request, by id and in order.
type programmes struct {
	list []honour.Programme
	byID map[int64]honour.Programme
}

func (w *Web) programmes(r *http.Request) (programmes, error) {
	list, err := w.Honours.Programmes(r.Context(), httpx.Actor(r))
	if err != nil {
		return programmes{}, err
	}
	ps := programmes{list: list, byID: map[int64]honour.Programme{}}
	for _, p := range list {
		ps.byID[p.ID] = p
	}
	return ps, nil
}

func (ps programmes) code(code string) (honour.Programme, bool) {
	for _, p := range ps.list {
		if p.Code == code {
			return p, true
		}
	}
	return honour.Programme{}, false
}

// dayOf reads an optional day (?on=); absent is today.
func (w *Web) dayOf(r *http.Request) (civil.Date, error) {
	s := strings.TrimSpace(r.URL.Query().Get("on"))
	if s == "" {
		return civil.Today(w.Now()), nil
	}
	d, err := civil.Parse(s)
	if err != nil {
		return d, errs.Fields{"on": errs.M("error.bad_date")}.Err()
	}
	return d, nil
}

type holdingRow struct {
	Name string
	Code string
	Held int
}

type titleRow struct {
	honour.TitleView
	Programme string
	Until     string // the last day held, or "—"
	Status    string
}

type honourZoneData struct {
	Area      zone.Area
	AreaName  string
	On        civil.Date
	Holdings  []holdingRow
	IPTotal   int
	Trend     trendChart
	HasTrend  bool
	City      barChart
	CityRows  []cityHonourRow
	CityName  string
	Placing   string
	Titles    []titleRow
	CanWrite  bool
	CityLink  string
	Batches   string
	Cultivate string
	Export    string // the holdings and titles as .xlsx
}

// honoursWorkbook is the zone's holdings on the day and its titles.
func (w *Web) honoursWorkbook(rw http.ResponseWriter, lang i18n.Lang, d honourZoneData) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	held := xlsx.Table{Title: t("honour.ui.held_on", d.On.String()), Note: d.AreaName + " · " + t("honour.ui.held_note"),
		Columns: []string{t("honour.ui.col_programme"), t("honour.ui.col_held")}}
	for _, h := range d.Holdings {
		held.Rows = append(held.Rows, []any{h.Name, int64(h.Held)})
	}
	titles := xlsx.Table{Title: t("honour.ui.titles"), Note: d.AreaName,
		Columns: []string{t("honour.ui.col_enterprise"), t("honour.ui.col_programme"), t("honour.ui.col_effective"), t("honour.ui.col_until"),
			t("honour.ui.col_status"), t("honour.ui.col_notice")}}
	for _, r := range d.Titles {
		titles.Rows = append(titles.Rows, []any{r.EnterpriseName, r.Programme, r.StartOn.String(), r.Until, r.Status, r.BatchTitle})
	}
	name := d.AreaName + "-" + t("honour.ui.zone_title") + "-" + strings.ReplaceAll(d.On.String(), "-", "") + ".xlsx"
	return writeWorkbook(rw, name, []xlsx.Table{held, titles})
}

type cityHonourRow struct {
	Name    string
	Slug    string
	Held    string
	Rank    string // "" when not ranked
	NoData  bool   // no titles on record: listed, not ranked
	Current bool
}

// zoneHonours is a zone's holdings on a day, over time and beside the other
// areas of its city, and its titles.
func (w *Web) zoneHonours(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err != nil {
		return err
	}
	on, err := w.dayOf(r)
	if err != nil {
		return err
	}
	ps, err := w.programmes(r)
	if err != nil {
		return err
	}
	held, err := w.Honours.Holdings(r.Context(), a, z.ID, on)
	if err != nil {
		return err
	}
	d := honourZoneData{Area: z, AreaName: areaLabel(lang, z), On: on, CanWrite: w.Policy.Can(a.Role, honour.ActionWrite) && a.ZoneID == z.ID,
		Batches: "/zones/" + z.Slug + "/honours/batches", Cultivate: "/zones/" + z.Slug + "/cultivation",
		CityLink: "/cities/" + z.CityCode + "/honours?on=" + on.String()}
	for _, h := range held {
		p := ps.byID[h.ProgrammeID]
		d.Holdings = append(d.Holdings, holdingRow{Name: programmeName(lang, p), Code: p.Code, Held: h.Held})
		if p.Kind == honour.KindIP {
			d.IPTotal += h.Held
		}
	}
	// The IP titles held at each year's end, ten years to the month asked.
	m := indicator.MonthOfDate(on)
	dim := indicator.Dim(indicator.DimHonourKind, honour.KindIP)
	for y := m.Year() - 9; y <= m.Year(); y++ {
		end := indicator.MonthOf(y, 12)
		if y == m.Year() {
			end = m
		}
		fig, err := w.Indicators.FigureIn(r.Context(), a, z, indicator.Query{Indicator: indicator.HonourHeld, Dim: dim, Period: indicator.Must(indicator.Custom(end, end))})
		if err != nil {
			return err
		}
		d.Trend.Labels = append(d.Trend.Labels, strconv.Itoa(y))
		v := float64(fig.Value.Round(1))
		d.Trend.Cur, d.Trend.HasCur = append(d.Trend.Cur, v), append(d.Trend.HasCur, fig.Has)
		d.Trend.Prev, d.Trend.HasPrev = append(d.Trend.Prev, 0), append(d.Trend.HasPrev, false)
		d.HasTrend = d.HasTrend || fig.Has
	}
	d.Trend.ID, d.Trend.Unit = "honour-trend", w.Catalog.T(lang, "honour.ui.unit")
	d.Trend.Title = w.Catalog.T(lang, "honour.ui.trend_title")
	d.Trend.Desc = w.Catalog.T(lang, "honour.ui.trend_desc")
	d.Trend.CurName = w.Catalog.T(lang, "honour.ui.ip_held")
	// The city's areas by IP titles held at the end of the month asked.
	cr, err := w.cityHonourRanking(r, z, m, lang)
	if err != nil {
		return err
	}
	d.CityRows, d.City, d.CityName, d.Placing = cr.Rows, cr.Chart, cr.Region, cr.Placing
	titles, err := w.Honours.Titles(r.Context(), a, z.ID, 0, on)
	if err != nil {
		return err
	}
	// As of the day asked: titles that start later are not shown.
	titles = slices.DeleteFunc(titles, func(t honour.TitleView) bool { return on.Before(t.StartOn) })
	d.Titles = w.titleRows(lang, ps, titles)
	if wantsXLSX(r) {
		return w.honoursWorkbook(rw, lang, d)
	}
	d.Export = r.URL.Path + "?" + url.Values{"on": {on.String()}, "format": {"xlsx"}}.Encode()
	return w.render(rw, r, http.StatusOK, "honour_zone", Page{Title: "honour.ui.zone_title", Data: d})
}

func (w *Web) titleRows(lang i18n.Lang, ps programmes, titles []honour.TitleView) []titleRow {
	out := make([]titleRow, 0, len(titles))
	for _, t := range titles {
		row := titleRow{TitleView: t, Programme: programmeName(lang, ps.byID[t.ProgrammeID]), Until: "—"}
		if u := t.Until(); !u.IsZero() {
			row.Until = u.AddDays(-1).String()
		}
		switch {
		case t.Held:
			row.Status = w.Catalog.T(lang, "honour.ui.status_held")
		case t.EndReason != "":
			row.Status = w.Catalog.T(lang, "honour.end."+string(t.EndReason))
		default:
			row.Status = w.Catalog.T(lang, "honour.ui.status_lapsed")
		}
		out = append(out, row)
	}
	return out
}

// cityRanking is the areas of a city by IP titles held, as a reader may
// see them.
type cityRanking struct {
	Rows    []cityHonourRow
	Chart   barChart
	Region  string
	Placing string // the zone's own: 第N位 / 共M个
}

// cityHonourRanking ranks the areas of z's city by IP titles held at the end
// of month m. Only areas with titles on record are ranked, and "of M"
// counts them; an area without any is listed as 暂无数据. An area whose
// figures the reader may not see shows neither its value nor its place
// (listed after the ranked ones, by name, so the list does not tell its
// place either); the reader's own place counts it.
func (w *Web) cityHonourRanking(r *http.Request, z zone.Area, m indicator.YM, lang i18n.Lang) (cityRanking, error) {
	res, err := w.Indicators.Ranking(r.Context(), httpx.Actor(r), indicator.HonourHeld, indicator.Dim(indicator.DimHonourKind, honour.KindIP),
		indicator.ScopeCity, z.Slug, indicator.Must(indicator.Custom(m, m)))
	if err != nil {
		return cityRanking{}, err
	}
	out := cityRanking{Region: res.Region,
		Chart: barChart{ID: "honour-city", Title: w.Catalog.T(lang, "honour.ui.city_title", res.Region), Desc: w.Catalog.T(lang, "honour.ui.city_desc")}}
	ranked := 0
	for _, e := range res.Entries {
		if e.Has {
			ranked++
		}
	}
	var hidden, empty []cityHonourRow
	for _, e := range res.Entries {
		row := cityHonourRow{Name: areaLabel(lang, e.Area), Slug: e.Area.Slug, Current: e.Area.ID == z.ID, Held: "—"}
		if row.Current && e.Has {
			out.Placing = w.Catalog.T(lang, "honour.ui.rank_of", e.Rank.Position, ranked)
		}
		switch {
		case !e.Visible:
			hidden = append(hidden, row)
		case !e.Has:
			row.NoData = true
			empty = append(empty, row)
		default:
			v := float64(e.Value.Round(1))
			row.Held, row.Rank = strconv.FormatFloat(v, 'f', -1, 64), strconv.Itoa(e.Rank.Position)
			out.Chart.Items = append(out.Chart.Items, barItem{Label: row.Name, Value: v, Text: row.Held, Highlight: row.Current})
			out.Rows = append(out.Rows, row)
		}
	}
	// Hidden areas by name, not in the ranking's order.
	slices.SortStableFunc(hidden, func(a, b cityHonourRow) int { return strings.Compare(a.Name, b.Name) })
	out.Rows = append(append(out.Rows, hidden...), empty...)
	return out, nil
}

type cityHonoursData struct {
	City   string
	Code   string
	On     civil.Date
	Rows   []cityHonourRow
	Chart  barChart
	NoData bool
}

// cityHonours compares the areas of a city by IP titles held.
func (w *Web) cityHonours(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	if err := w.Policy.Allow(a, honour.ActionRead); err != nil {
		return err
	}
	on, err := w.dayOf(r)
	if err != nil {
		return err
	}
	areas, err := w.Zones.Areas(r.Context(), a, "")
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	i := slices.IndexFunc(areas, func(ar zone.Area) bool { return ar.CityCode == code })
	if i < 0 {
		return errs.NotFoundf("entity.region")
	}
	cr, err := w.cityHonourRanking(r, areas[i], indicator.MonthOfDate(on), lang)
	if err != nil {
		return err
	}
	d := cityHonoursData{City: cr.Region, Code: code, On: on, Rows: cr.Rows, Chart: cr.Chart, NoData: len(cr.Chart.Items) == 0}
	return w.render(rw, r, http.StatusOK, "honour_city", Page{Title: "honour.ui.city_page", Data: d})
}

type programmesData struct {
	Zones   []cityHonourRow // a national or provincial reader's zones, each linking to its holdings
	Rows    []programmeRow
	CanAdd  bool
	Kinds   []string
	Form    map[string]string
	Created string
}

// zonesHeld lists, for a national or provincial reader, the zones of its
// scope by IP titles held at the end of this month, ranked like the city
// view (only zones with titles are ranked), each linking to its holdings.
func (w *Web) zonesHeld(r *http.Request) ([]cityHonourRow, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	scope, slug := indicator.ScopeNational, ""
	switch a.Role {
	case access.National:
	case access.Province:
		areas, err := w.Zones.Areas(r.Context(), a, zone.KindZone)
		if err != nil || len(areas) == 0 {
			return nil, err
		}
		scope, slug = indicator.ScopeProvince, areas[0].Slug
	default:
		return nil, nil
	}
	m := indicator.MonthOfDate(civil.Today(w.Now()))
	res, err := w.Indicators.Ranking(r.Context(), a, indicator.HonourHeld, indicator.Dim(indicator.DimHonourKind, honour.KindIP),
		scope, slug, indicator.Must(indicator.Custom(m, m)))
	if err != nil {
		return nil, err
	}
	var rows, empty []cityHonourRow
	for _, e := range res.Entries {
		if !e.Visible || e.Area.Kind != zone.KindZone {
			continue
		}
		row := cityHonourRow{Name: areaLabel(lang, e.Area), Slug: e.Area.Slug, Held: "—"}
		if !e.Has {
			row.NoData = true
			empty = append(empty, row)
			continue
		}
		row.Held, row.Rank = strconv.FormatFloat(float64(e.Value.Round(1)), 'f', -1, 64), strconv.Itoa(e.Rank.Position)
		rows = append(rows, row)
	}
	return append(rows, empty...), nil
}

type programmeRow struct {
	honour.Programme
	Name  string
	Level string
	Kind  string
	Term  string
	Prior string
}

func (w *Web) programmesData(r *http.Request, form map[string]string) (programmesData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	ps, err := w.programmes(r)
	if err != nil {
		return programmesData{}, err
	}
	d := programmesData{CanAdd: w.Policy.Can(a.Role, honour.ActionProgramme), Kinds: honour.Kinds(), Form: form}
	if d.Form == nil {
		d.Form = map[string]string{"term_years": "3", "kind": honour.KindQualification}
	}
	for _, p := range ps.list {
		row := programmeRow{Programme: p, Name: programmeName(lang, p), Level: w.Catalog.T(lang, "honour.level."+string(p.Level)),
			Kind: w.Catalog.T(lang, "honour.kind."+p.Kind), Term: w.Catalog.T(lang, "honour.ui.term_none")}
		if p.TermYears > 0 {
			row.Term = w.Catalog.T(lang, "honour.ui.term_years", p.TermYears)
		}
		if pr, ok := ps.code(p.Prior); ok && p.PriorYears > 0 {
			row.Prior = w.Catalog.T(lang, "honour.ui.prior_rule", programmeName(lang, pr), p.PriorYears)
		} else if ok {
			row.Prior = w.Catalog.T(lang, "honour.ui.prior_rule_any", programmeName(lang, pr))
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

func (w *Web) programmesPage(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), honour.ActionRead); err != nil {
		return err
	}
	d, err := w.programmesData(r, nil)
	if err != nil {
		return err
	}
	if d.Zones, err = w.zonesHeld(r); err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "honour_programmes", Page{Title: "honour.ui.programmes_title", Data: d})
}

func (w *Web) programmeCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionProgramme); err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"code", "name", "name_en", "issuer", "kind", "term_years", "since"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var f errs.Fields
	p := honour.Programme{Code: form["code"], Name: form["name"], NameEN: form["name_en"], Issuer: form["issuer"], Kind: form["kind"], Level: honour.National}
	if n, err := strconv.Atoi(form["term_years"]); err == nil {
		p.TermYears = n
	} else {
		f.Add("term_years", "error.bad_number")
	}
	p.Since = formDate(&f, form, "since")
	err := f.Err()
	if err == nil {
		_, err = w.Honours.CreateProgramme(r.Context(), a, p)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.programmesData(r, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "honour_programmes", Page{Title: "honour.ui.programmes_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/honours/programmes?flash=saved", http.StatusSeeOther)
	return nil
}

// formDate reads an optional date field of a posted form; a bad one is a
// field error.
func formDate(f *errs.Fields, form map[string]string, name string) civil.Date {
	if form[name] == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(form[name])
	if err != nil {
		f.Add(name, "error.bad_date")
	}
	return d
}

// batchFormRows is how many entry rows the batch form offers.
const batchFormRows = 12

type batchesData struct {
	Area       zone.Area
	AreaName   string
	Items      []honour.Batch
	Nav        listNav // total, page numbers, order, xlsx export
	CanWrite   bool
	Programmes []programmeOption
	Results    []resultOption
	Form       map[string]string
	Rows       []batchFormRow
	Warnings   []string
	Holdings   string
	Import     string // where the list upload goes
	MaxMiB     int64
}

type programmeOption struct {
	Code, Name string
}

type resultOption struct {
	Code, Name string
}

type batchFormRow struct {
	N                                  int
	USCC, Programme, Result, Name, Err string
}

func (w *Web) batchesData(r *http.Request, slug string, form map[string]string, rows []batchFormRow) (batchesData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, err := w.Zones.BySlug(r.Context(), a, slug)
	if err != nil {
		return batchesData{}, err
	}
	page, err := w.Honours.Batches(r.Context(), a, z.ID, listRequest(r.URL.Query()))
	if err != nil {
		return batchesData{}, err
	}
	ps, err := w.programmes(r)
	if err != nil {
		return batchesData{}, err
	}
	d := batchesData{Area: z, AreaName: areaLabel(lang, z), Items: page.Items, CanWrite: w.Policy.Can(a.Role, honour.ActionWrite) && a.ZoneID == z.ID,
		Form: form, Rows: rows, Holdings: "/zones/" + z.Slug + "/honours", Import: "/zones/" + z.Slug + "/honours/batches/import"}
	if w.HonourImports != nil {
		d.MaxMiB = w.HonourImports.MaxFileSize() >> 20
	}
	d.Nav = newListNav(r.URL.Query(), "/zones/"+z.Slug+"/honours/batches", page.Total, pageSize, page.Next, "title", "-published_on")
	for _, p := range ps.list {
		d.Programmes = append(d.Programmes, programmeOption{Code: p.Code, Name: programmeName(lang, p)})
	}
	for _, res := range honour.Results() {
		d.Results = append(d.Results, resultOption{Code: string(res), Name: w.Catalog.T(lang, res.Key())})
	}
	if d.Form == nil {
		d.Form = map[string]string{"issuer": "国家知识产权局"}
	}
	if d.Rows == nil {
		for i := 1; i <= batchFormRows; i++ {
			d.Rows = append(d.Rows, batchFormRow{N: i, Programme: honour.CodeIPAdvantage, Result: string(honour.New)})
		}
	}
	return d, nil
}

func (w *Web) batchesPage(rw http.ResponseWriter, r *http.Request) error {
	if wantsXLSX(r) {
		return w.batchesWorkbook(rw, r)
	}
	d, err := w.batchesData(r, r.PathValue("slug"), nil, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "honour_batches", Page{Title: "honour.ui.batches_title", Data: d})
}

// batchesWorkbook is every notice of the zone's list, in its order.
func (w *Web) batchesWorkbook(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
	if err != nil {
		return err
	}
	list, err := exportAll(listRequest(r.URL.Query()), func(p paging.Request) (paging.Page[honour.Batch], error) {
		return w.Honours.Batches(r.Context(), a, z.ID, p)
	})
	if err != nil {
		return err
	}
	area := areaLabel(lang, z)
	sheet := xlsx.Table{Title: t("honour.ui.batches_title"), Note: area, Columns: []string{t("honour.ui.col_notice"), t("honour.ui.number"),
		t("honour.ui.col_issuer"), t("honour.ui.col_published"), t("honour.ui.col_effective")}}
	for _, b := range list {
		sheet.Rows = append(sheet.Rows, []any{b.Title, b.Number, b.Issuer, b.PublishedOn.String(), b.EffectiveOn.String()})
	}
	return writeWorkbook(rw, area+"-"+t("honour.ui.batches_title")+".xlsx", []xlsx.Table{sheet})
}

// batchCreate records a notice from the form: its head and the rows that
// have a credit code. Every bad row is shown beside it; nothing is stored
// unless all pass.
func (w *Web) batchCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionWrite); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	z, err := w.Zones.BySlug(r.Context(), a, slug)
	if err != nil {
		return err
	}
	if z.ID != a.ZoneID {
		return errs.NotFoundf("entity.area")
	}
	form, rows, b, f := readBatchForm(r)
	err = f.Err()
	var plan honour.Plan
	if err == nil {
		b, plan, err = w.Honours.RecordBatch(r.Context(), a, b)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		for i := range rows {
			var msgs []string
			for _, k := range []string{"uscc", "programme", "result"} {
				if m := fe[honour.EntryField(rows[i].N, k)]; m != "" {
					msgs = append(msgs, m)
				}
			}
			rows[i].Err = strings.Join(msgs, "；")
		}
		d, derr := w.batchesData(r, slug, form, rows)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "honour_batches", Page{Title: "honour.ui.batches_title", Data: d, Errors: fe, Message: msg})
	}
	q := url.Values{"flash": {"saved"}}
	if len(plan.Warnings) > 0 {
		q.Set("warnings", strconv.Itoa(len(plan.Warnings)))
	}
	http.Redirect(rw, r, "/honours/batches/"+itoa(b.ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// readBatchForm reads the batch form: the notice's head and the rows that
// have a credit code.
func readBatchForm(r *http.Request) (map[string]string, []batchFormRow, honour.Batch, errs.Fields) {
	form := map[string]string{}
	for _, k := range []string{"title", "number", "issuer", "published_on", "effective_on", "list_programme", "list_result", "skip_bad"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var f errs.Fields
	b := honour.Batch{Title: form["title"], Number: form["number"], Issuer: form["issuer"]}
	b.PublishedOn = formDate(&f, form, "published_on")
	b.EffectiveOn = formDate(&f, form, "effective_on")
	var rows []batchFormRow
	for i := 1; i <= batchFormRows; i++ {
		n := strconv.Itoa(i)
		row := batchFormRow{N: i, USCC: strings.TrimSpace(r.PostFormValue("uscc" + n)), Programme: r.PostFormValue("programme" + n),
			Result: r.PostFormValue("result" + n), Name: strings.TrimSpace(r.PostFormValue("name" + n))}
		if row.Programme == "" {
			row.Programme = honour.CodeIPAdvantage
		}
		if row.Result == "" {
			row.Result = string(honour.New)
		}
		rows = append(rows, row)
		if row.USCC == "" {
			continue
		}
		b.Entries = append(b.Entries, honour.Entry{Row: i, USCC: row.USCC, ProgrammeCode: row.Programme,
			Result: honour.Result(row.Result), EnterpriseName: row.Name})
	}
	return form, rows, b, f
}

// batchImportRoute uploads a notice's list with the head of the batch form.
func (w *Web) batchImportRoute() httpx.Route {
	rt := httpx.Route{Method: "POST", Pattern: "/zones/{slug}/honours/batches/import", Kind: httpx.Web, Handler: w.batchImport}
	if w.HonourImports != nil {
		rt.MaxBody = w.HonourImports.MaxFileSize() + 1<<20
	}
	return rt
}

// batchImport starts the import of a notice's list as a job, with the
// notice's head from the form, and shows the job.
func (w *Web) batchImport(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionWrite); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	z, err := w.Zones.BySlug(r.Context(), a, slug)
	if err != nil {
		return err
	}
	if z.ID != a.ZoneID {
		return errs.NotFoundf("entity.area")
	}
	im := w.HonourImports
	name, path, err := httpx.SpoolUpload(r, "file", im.MaxFileSize(), im.Options.TmpDir, im.TooLarge())
	form, rows, b, f := readBatchForm(r)
	b.Entries = nil
	req := honour.ImportRequest{Request: imports.Request{Path: path, FileName: contract.CleanFileName(name), SkipBad: r.FormValue("skip_bad") == "on",
		Lang: httpx.GetInfo(r.Context()).Lang},
		Batch: b, Programme: form["list_programme"], Result: honour.Result(form["list_result"])}
	var id int64
	switch {
	case err != nil && errs.KindOf(err) == errs.Invalid:
		// No file: the head's problems too, in the same answer.
		f.Merge(err)
		err = im.Check(r.Context(), a, req, f.Err())
	case err != nil:
	case len(f) > 0:
		_ = os.Remove(path)
		err = im.Check(r.Context(), a, req, f.Err())
	default:
		id, err = im.Submit(r.Context(), a, req)
	}
	if err == nil {
		http.Redirect(rw, r, "/jobs/"+itoa(id), http.StatusSeeOther)
		return nil
	}
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.TooLarge && k != errs.BadRequest {
		return err
	}
	lang := httpx.GetInfo(r.Context()).Lang
	fe, msg := map[string]string{}, ""
	var e *errs.Error
	if asErrs(err, &e) {
		msg = w.Catalog.Msg(lang, e.Msg)
		for fld, m := range e.Fields {
			fe[fld] = w.Catalog.Msg(lang, m)
		}
	}
	d, derr := w.batchesData(r, slug, form, rows)
	if derr != nil {
		return derr
	}
	return w.render(rw, r, httpx.Status(err), "honour_batches", Page{Title: "honour.ui.batches_title", Data: d, Errors: fe, Message: msg})
}

type withdrawData struct {
	Batch    honour.Batch
	AreaName string
	Back     string
	Entries  int
}

// withdrawPage asks to confirm the withdrawal of a batch.
func (w *Web) withdrawPage(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.withdrawData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "honour_withdraw", Page{Title: "honour.ui.withdraw_title", Data: d})
}

func (w *Web) withdrawData(r *http.Request) (withdrawData, error) {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionWrite); err != nil {
		return withdrawData{}, err
	}
	id, err := pathID(r)
	if err != nil {
		return withdrawData{}, err
	}
	b, err := w.Honours.Batch(r.Context(), a, id)
	if err != nil {
		return withdrawData{}, err
	}
	if b.ZoneID != a.ZoneID {
		return withdrawData{}, errs.NotFoundf("honour.entity.batch")
	}
	z, err := w.Zones.ByID(r.Context(), a, b.ZoneID)
	if err != nil {
		return withdrawData{}, err
	}
	return withdrawData{Batch: b, AreaName: areaLabel(w.lang(r), z), Back: "/honours/batches/" + itoa(b.ID), Entries: len(b.Entries)}, nil
}

// withdrawPost withdraws a batch once confirmed; a batch a later one
// builds on is refused on the confirmation page, saying which.
func (w *Web) withdrawPost(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.withdrawData(r)
	if err != nil {
		return err
	}
	z, err := w.Zones.ByID(r.Context(), httpx.Actor(r), d.Batch.ZoneID)
	if err != nil {
		return err
	}
	if _, err := w.Honours.WithdrawBatch(r.Context(), httpx.Actor(r), d.Batch.ID); err != nil {
		_, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.render(rw, r, httpx.Status(err), "honour_withdraw", Page{Title: "honour.ui.withdraw_title", Data: d, Message: msg})
	}
	http.Redirect(rw, r, "/zones/"+z.Slug+"/honours/batches?flash=withdrawn", http.StatusSeeOther)
	return nil
}

type batchData struct {
	honour.Batch
	AreaName string
	Back     string
	Withdraw string // the confirmation page, for the zone's clerks
	Entries  []batchEntryRow
	Warnings string
}

type batchEntryRow struct {
	honour.Entry
	Programme string
	Result    string
}

func (w *Web) batchPage(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := w.Honours.Batch(r.Context(), a, id)
	if err != nil {
		return err
	}
	z, err := w.Zones.ByID(r.Context(), a, b.ZoneID)
	if err != nil {
		return err
	}
	ps, err := w.programmes(r)
	if err != nil {
		return err
	}
	d := batchData{Batch: b, AreaName: areaLabel(lang, z), Back: "/zones/" + z.Slug + "/honours"}
	if w.Policy.Can(a.Role, honour.ActionWrite) && a.ZoneID == b.ZoneID {
		d.Withdraw = "/honours/batches/" + itoa(b.ID) + "/withdraw"
	}
	for _, e := range b.Entries {
		d.Entries = append(d.Entries, batchEntryRow{Entry: e, Programme: programmeName(lang, ps.byID[e.ProgrammeID]), Result: w.Catalog.T(lang, e.Result.Key())})
	}
	if n := r.URL.Query().Get("warnings"); n != "" {
		d.Warnings = w.Catalog.T(lang, "honour.ui.warnings", n)
	}
	return w.render(rw, r, http.StatusOK, "honour_batch", Page{Title: b.Title, Data: d})
}

type cultivationData struct {
	Area       zone.Area
	AreaName   string
	Columns    []stageColumn
	Overdue    int
	CanWrite   bool
	Programmes []programmeOption
	Stages     []resultOption
	Form       map[string]string
	Today      civil.Date
}

type stageColumn struct {
	Stage string
	Items []candidateCard
}

type candidateCard struct {
	honour.Candidate
	Programme string
	Overdue   bool
}

func (w *Web) cultivationData(r *http.Request, slug string, form map[string]string) (cultivationData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	z, err := w.Zones.BySlug(r.Context(), a, slug)
	if err != nil {
		return cultivationData{}, err
	}
	list, err := w.Honours.Candidates(r.Context(), a, z.ID)
	if err != nil {
		return cultivationData{}, err
	}
	ps, err := w.programmes(r)
	if err != nil {
		return cultivationData{}, err
	}
	today := civil.Today(w.Now())
	d := cultivationData{Area: z, AreaName: areaLabel(lang, z), CanWrite: w.Policy.Can(a.Role, honour.ActionWrite) && a.ZoneID == z.ID,
		Form: form, Today: today}
	if d.Form == nil {
		d.Form = map[string]string{"target_year": strconv.Itoa(today.Year + 1)}
	}
	for _, st := range honour.Stages() {
		col := stageColumn{Stage: w.Catalog.T(lang, st.Key())}
		for _, c := range list {
			if c.Stage != st {
				continue
			}
			card := candidateCard{Candidate: c, Programme: programmeName(lang, ps.byID[c.ProgrammeID]), Overdue: honour.Overdue(c, today)}
			if card.Overdue {
				d.Overdue++
			}
			col.Items = append(col.Items, card)
		}
		d.Columns = append(d.Columns, col)
		d.Stages = append(d.Stages, resultOption{Code: string(st), Name: col.Stage})
	}
	for _, p := range ps.list {
		d.Programmes = append(d.Programmes, programmeOption{Code: p.Code, Name: programmeName(lang, p)})
	}
	return d, nil
}

func (w *Web) cultivationPage(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.cultivationData(r, r.PathValue("slug"), nil)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		return w.cultivationWorkbook(rw, w.lang(r), d)
	}
	return w.render(rw, r, http.StatusOK, "honour_cultivation", Page{Title: "honour.ui.cultivation_title", Data: d})
}

// cultivationWorkbook is the board as one sheet, stage by stage.
func (w *Web) cultivationWorkbook(rw http.ResponseWriter, lang i18n.Lang, d cultivationData) error {
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	sheet := xlsx.Table{Title: t("honour.ui.cultivation_title"), Note: d.AreaName + " · " + d.Today.String(),
		Columns: []string{t("honour.ui.col_enterprise"), t("honour.ui.col_programme"), t("honour.ui.target_year"), t("honour.ui.stage"),
			t("honour.ui.owner"), t("honour.ui.next"), t("honour.ui.next_on"), t("honour.ui.overdue")}}
	for _, col := range d.Columns {
		for _, c := range col.Items {
			next, overdue := "", ""
			if !c.NextOn.IsZero() {
				next = c.NextOn.String()
			}
			if c.Overdue {
				overdue = t("honour.ui.overdue")
			}
			sheet.Rows = append(sheet.Rows, []any{c.EnterpriseName, c.Programme, int64(c.TargetYear), col.Stage, c.Owner, c.NextStep, next, overdue})
		}
	}
	return writeWorkbook(rw, d.AreaName+"-"+t("honour.ui.cultivation_title")+".xlsx", []xlsx.Table{sheet})
}

func (w *Web) candidateCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionWrite); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	z, err := w.Zones.BySlug(r.Context(), a, slug)
	if err != nil {
		return err
	}
	if z.ID != a.ZoneID {
		return errs.NotFoundf("entity.area")
	}
	form := map[string]string{}
	for _, k := range []string{"uscc", "programme", "target_year", "stage", "owner"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	ps, err := w.programmes(r)
	if err != nil {
		return err
	}
	var f errs.Fields
	c := honour.Candidate{Stage: honour.Stage(form["stage"]), Owner: form["owner"]}
	if p, ok := ps.code(form["programme"]); ok {
		c.ProgrammeID = p.ID
	}
	if y, err := strconv.Atoi(form["target_year"]); err == nil {
		c.TargetYear = y
	} else {
		f.Add("target_year", "error.bad_number")
	}
	c.EnterpriseID, err = w.enterpriseByCode(r, z.ID, form["uscc"])
	if err != nil {
		f.Add("uscc", "honour.err.unknown_enterprise", form["uscc"])
	}
	err = f.Err()
	if err == nil {
		c, err = w.Honours.CreateCandidate(r.Context(), a, c)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		if m := fe["enterprise_id"]; m != "" && fe["uscc"] == "" {
			fe["uscc"] = m
		}
		d, derr := w.cultivationData(r, slug, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "honour_cultivation", Page{Title: "honour.ui.cultivation_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/cultivation/"+itoa(c.ID)+"?flash=saved", http.StatusSeeOther)
	return nil
}

func enterpriseFilter(zoneID int64, code string) enterprise.Filter {
	return enterprise.Filter{ZoneID: zoneID, Q: code, Limit: 5}
}

// enterpriseByCode finds an enterprise of the zone by its credit code.
func (w *Web) enterpriseByCode(r *http.Request, zoneID int64, code string) (int64, error) {
	if code == "" {
		return 0, errs.NotFoundf("entity.enterprise")
	}
	page, err := w.Enterprises.List(r.Context(), httpx.Actor(r), enterpriseFilter(zoneID, code))
	if err != nil {
		return 0, err
	}
	for _, e := range page.Items {
		if strings.EqualFold(e.USCC, code) {
			return e.ID, nil
		}
	}
	return 0, errs.NotFoundf("entity.enterprise")
}

type candidateData struct {
	Candidate  candidateCard
	AreaName   string
	Board      string
	Activities []activityRow
	CanWrite   bool
	Kinds      []resultOption
	Stages     []resultOption
	Form       map[string]string
	Today      civil.Date
}

type activityRow struct {
	honour.Activity
	Kind string
}

func (w *Web) candidateData(r *http.Request, id int64, form map[string]string) (candidateData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	c, err := w.Honours.Candidate(r.Context(), a, id)
	if err != nil {
		return candidateData{}, err
	}
	z, err := w.Zones.ByID(r.Context(), a, c.ZoneID)
	if err != nil {
		return candidateData{}, err
	}
	ps, err := w.programmes(r)
	if err != nil {
		return candidateData{}, err
	}
	list, err := w.Honours.Activities(r.Context(), a, id)
	if err != nil {
		return candidateData{}, err
	}
	today := civil.Today(w.Now())
	d := candidateData{Candidate: candidateCard{Candidate: c, Programme: programmeName(lang, ps.byID[c.ProgrammeID]), Overdue: honour.Overdue(c, today)},
		AreaName: areaLabel(lang, z), Board: "/zones/" + z.Slug + "/cultivation", Today: today,
		CanWrite: w.Policy.Can(a.Role, honour.ActionWrite) && a.ZoneID == c.ZoneID, Form: form}
	if d.Form == nil {
		d.Form = map[string]string{"on": today.String(), "kind": string(honour.ActCoaching)}
	}
	for _, x := range list {
		d.Activities = append(d.Activities, activityRow{Activity: x, Kind: w.Catalog.T(lang, x.Kind.Key())})
	}
	for _, k := range honour.ActivityKinds() {
		d.Kinds = append(d.Kinds, resultOption{Code: string(k), Name: w.Catalog.T(lang, k.Key())})
	}
	for _, st := range honour.Stages() {
		d.Stages = append(d.Stages, resultOption{Code: string(st), Name: w.Catalog.T(lang, st.Key())})
	}
	return d, nil
}

func (w *Web) candidatePage(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := w.candidateData(r, id, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "honour_candidate", Page{Title: "honour.ui.candidate_title", Data: d})
}

// candidatePost records an activity (action=activity) or moves the
// candidate to another stage (action=stage).
func (w *Web) candidatePost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, honour.ActionWrite); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"action", "kind", "on", "people", "attendees", "notes", "next_step", "next_on", "stage", "version"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var f errs.Fields
	switch form["action"] {
	case "stage":
		v, _ := strconv.Atoi(form["version"])
		st := honour.Stage(form["stage"])
		_, err = w.Honours.UpdateCandidate(r.Context(), a, id, honour.CandidatePatch{Version: v, Stage: &st})
	default:
		x := honour.Activity{Kind: honour.ActivityKind(form["kind"]), People: form["people"], Notes: form["notes"], NextStep: form["next_step"]}
		x.On, x.NextOn = formDate(&f, form, "on"), formDate(&f, form, "next_on")
		if form["attendees"] != "" {
			n, perr := strconv.Atoi(form["attendees"])
			if perr != nil {
				f.Add("attendees", "error.bad_number")
			}
			x.Attendees = n
		}
		err = f.Err()
		if err == nil {
			_, err = w.Honours.AddActivity(r.Context(), a, id, x)
		}
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.candidateData(r, id, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "honour_candidate", Page{Title: "honour.ui.candidate_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/cultivation/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
	return nil
}

// honourJob adds to a notice's list import's job page the links to the
// zone's batches and to the batch recorded.
func (w *Web) honourJob(r *http.Request, j jobs.Job, d *jobPageData) error {
	if j.ZoneID != 0 {
		z, err := w.Zones.ByID(r.Context(), httpx.Actor(r), j.ZoneID)
		if err != nil {
			return err
		}
		d.Batches = "/zones/" + z.Slug + "/honours/batches"
	}
	var out honour.ImportOutcome
	if len(j.Result) > 0 && json.Unmarshal(j.Result, &out) == nil && out.BatchID != 0 {
		d.Batch = "/honours/batches/" + itoa(out.BatchID)
		d.Done = w.Catalog.T(w.lang(r), "honour.ui.import_done", out.Imported, out.Rows, out.PassedOver)
	}
	return nil
}

// overdueCandidates counts the zone's cultivation candidates whose next
// step is overdue, as the reader may see them (0 for a reader of no
// honours).
func (w *Web) overdueCandidates(r *http.Request, z zone.Area) (int, error) {
	a := httpx.Actor(r)
	if w.Honours == nil || !w.Policy.Can(a.Role, honour.ActionRead) || z.Kind != zone.KindZone {
		return 0, nil
	}
	list, err := w.Honours.Candidates(r.Context(), a, z.ID)
	if err != nil {
		return 0, err
	}
	today, n := civil.Today(w.Now()), 0
	for _, c := range list {
		if honour.Overdue(c, today) {
			n++
		}
	}
	return n, nil
}
