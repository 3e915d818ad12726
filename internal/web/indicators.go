package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// indicatorRoutes lists the dashboards', targets' and bulletins' pages.
func (w *Web) indicatorRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/dashboard", w.dashboardHome),
		r("GET", "/zones/{slug}/dashboard", w.zoneDashboard),
		r("GET", "/zones/{slug}/screen", w.zoneScreen),
		r("GET", "/cities/{code}/dashboard", w.cityDashboard),
		r("GET", "/dashboard/national", w.nationalDashboard),
		r("GET", "/zones/{slug}/targets", w.targetsPage),
		r("POST", "/zones/{slug}/targets", w.targetsPost),
		r("GET", "/zones/{slug}/statistics", w.statisticsPage),
		r("POST", "/zones/{slug}/statistics", w.statisticsPost),
		r("POST", "/zones/{slug}/statistics/{id}/delete", w.statisticDelete),
		r("GET", "/zones/{slug}/bulletin", w.bulletinPage),
		r("POST", "/zones/{slug}/bulletin", w.bulletinSave),
		r("POST", "/zones/{slug}/bulletin/work", w.bulletinWork),
		r("GET", "/zones/{slug}/bulletin/download", w.bulletinDownload),
		r("GET", "/bulletins/page/download", w.pageDownload),
		r("GET", "/zones/{slug}/bulletin-templates/{module}/{key}", w.templatePage),
		r("POST", "/zones/{slug}/bulletin-templates/{module}/{key}", w.templatePost),
		r("GET", "/bulletins/page", w.newspaperPage),
		r("GET", "/bulletins/{id}", w.savedPage),
	}
}

// IndicatorNav is the module's part of the top navigation.
func IndicatorNav() []NavItem {
	return []NavItem{
		{Key: "indicator.nav.dashboard", Href: "/dashboard", Action: indicator.ActionRead},
		{Key: "bulletin.nav.page", Href: "/bulletins/page", Action: indicator.ActionRead},
	}
}

func (w *Web) lang(r *http.Request) i18n.Lang { return httpx.GetInfo(r.Context()).Lang }

// areaLabel is an area's name in the page's language.
func areaLabel(lang i18n.Lang, z zone.Area) string {
	if lang == i18n.EN && z.NameEN != "" {
		return z.NameEN
	}
	return z.Name
}

// periodOf reads ?from=&to= (YYYY-MM); both absent is this year to date.
// A bad value is a field error the page shows beside the period picker.
func (w *Web) periodOf(r *http.Request) (indicator.Period, error) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	today := w.Indicators.Today()
	if from == "" && to == "" {
		return indicator.YTD(today.Year, int(today.Month))
	}
	var f errs.Fields
	fm, err := indicator.ParseYM(from)
	if err != nil {
		f.Add("from", "indicator.error.month_format", from)
	}
	tm, err := indicator.ParseYM(to)
	if err != nil {
		f.Add("to", "indicator.error.month_format", to)
	}
	if err := f.Err(); err != nil {
		return indicator.Period{}, err
	}
	return indicator.Custom(fm, tm)
}

// newsPeriodOf is periodOf for the pages that write news (the bulletin, the
// 稿件版面, their downloads and template previews): without a period asked
// for, the year up to the last whole month, since a period running into
// the current month has no year-on-year change (indicator.PartialOn). In
// January that is last year.
func (w *Web) newsPeriodOf(r *http.Request) (indicator.Period, error) {
	q := r.URL.Query()
	if q.Get("from") != "" || q.Get("to") != "" {
		return w.periodOf(r)
	}
	last := indicator.MonthOfDate(w.Indicators.Today()).Add(-1)
	return indicator.YTD(last.Year(), last.Month())
}

// periodLinks are the quick choices beside the period picker.
type periodLink struct {
	Label string
	Href  string
	On    bool
}

type periodPicker struct {
	Action string
	From   string
	To     string
	Label  string
	Links  []periodLink
	Error  string
	Span   monthSpan // the months the selects offer
}

func (w *Web) picker(r *http.Request, action string, p indicator.Period) (periodPicker, error) {
	lang := w.lang(r)
	today := w.Indicators.Today()
	y, m := today.Year, int(today.Month)
	link := func(label string, q indicator.Period) periodLink {
		v := url.Values{"from": {q.From.String()}, "to": {q.To.String()}}
		return periodLink{Label: label, Href: action + "?" + v.Encode(), On: q.From == p.From && q.To == p.To}
	}
	var links []periodLink
	links = append(links, link(w.Catalog.T(lang, "indicator.ui.this_month"), indicator.Must(indicator.Month(y, m))))
	if m > 1 {
		links = append(links, link(w.Catalog.T(lang, "indicator.ui.ytd_last"), indicator.Must(indicator.YTD(y, m-1))))
	}
	links = append(links, link(w.Catalog.T(lang, "indicator.ui.ytd"), indicator.Must(indicator.YTD(y, m))))
	links = append(links, link(w.Catalog.T(lang, "indicator.ui.last_year"), indicator.Must(indicator.Year(y-1))))
	span, err := w.monthSpan(r)
	return periodPicker{Action: action, From: p.From.String(), To: p.To.String(), Label: p.Label(lang), Links: links, Span: span}, err
}

// fmtValue writes a value in its unit for the page's language.
func (w *Web) fmtValue(lang i18n.Lang, d indicator.Definition, v indicator.Frac) string {
	en := lang == i18n.EN
	switch d.Unit {
	case indicator.UnitFen:
		if en {
			return bulletin.FormatMoneyENFrac(v)
		}
		return groupDigits(bulletin.FormatMoneyFrac(v, bulletin.MoneyFormat{Decimals: 2}))
	case indicator.UnitFenPerPerson:
		if en {
			return bulletin.FormatMoneyENFrac(v) + " / person"
		}
		return groupDigits(bulletin.FormatMoneyFrac(v, bulletin.MoneyFormat{Decimals: 2})) + "/人"
	case indicator.UnitRatio:
		return bulletin.FormatPercent(v, 2)
	case indicator.UnitScore:
		pts, _ := v.Quo(indicator.Whole(100))
		s := decimalText(pts.Round(100), 2)
		if en {
			return s + " pts"
		}
		return s + "分"
	}
	n := v.Round(1)
	if en {
		return bulletin.FormatCountEN(n, d.Unit.MeasureWord())
	}
	return groupDigits(bulletin.FormatCount(n, d.Unit.MeasureWord()))
}

// orDash is the value, or a dash where there is none.
func (w *Web) orDash(lang i18n.Lang, d indicator.Definition, v indicator.Frac, has bool) string {
	if !has && d.Agg != indicator.AggSum {
		return "—"
	}
	return w.fmtValue(lang, d, v)
}

// sideValue is an area's figure in a table of areas side by side (the
// city, province and national overviews): its value where it has data for
// the period, a real zero included, and "—" where it has none — a summed
// figure too, which orDash shows as zero on a zone's own page: beside other
// areas a zero would read as a result, where the rank beside it says
// 暂无数据.
func (w *Web) sideValue(lang i18n.Lang, d indicator.Definition, v indicator.Frac, has bool) string {
	if !has {
		return "—"
	}
	return w.fmtValue(lang, d, v)
}

// decimalText writes n ÷ 10^places with exactly places decimals.
func decimalText(n int64, places int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	for len(s) <= places {
		s = "0" + s
	}
	if places > 0 {
		s = s[:len(s)-places] + "." + s[len(s)-places:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// pctText is a fraction as a percentage with one decimal.
func pctText(f indicator.Frac) string { return decimalText(f.Round(1000), 1) + "%" }

// tableScale is how a table or chart shows an indicator's numbers: amounts
// in 万元 (亿元 when large), other units as they are; the unit goes in the
// column header, the cells are plain numbers.
type tableScale struct {
	Unit string
	div  float64
	dp   int
}

func (w *Web) scaleFor(lang i18n.Lang, d indicator.Definition, maxAbs float64) tableScale {
	switch d.Unit {
	case indicator.UnitFenPerPerson:
		return tableScale{Unit: w.Catalog.T(lang, "indicator.ui.unit_yuan_person"), div: 100, dp: 0}
	case indicator.UnitFen:
		key := "indicator.ui.unit_wan"
		div := 1e6
		if maxAbs >= 1e10 {
			key, div = "indicator.ui.unit_yi", 1e10
		}
		return tableScale{Unit: w.Catalog.T(lang, key), div: div, dp: 2}
	case indicator.UnitRatio:
		return tableScale{Unit: "%", div: 0.01, dp: 2}
	case indicator.UnitScore:
		return tableScale{Unit: w.Catalog.T(lang, d.Unit.Key()), div: 100, dp: 2}
	}
	return tableScale{Unit: w.Catalog.T(lang, d.Unit.Key()), div: 1, dp: 0}
}

// of converts a value to the scale's unit.
func (s tableScale) of(v float64) float64 {
	x := v / s.div
	p := 1.0
	for range s.dp {
		p *= 10
	}
	return float64(int64(x*p+copysign(0.5, x))) / p
}

func copysign(a, b float64) float64 {
	if b < 0 {
		return -a
	}
	return a
}

// cellOf is a numeric cell in the scale.
func (s tableScale) cellOf(v float64, em bool) figCell {
	x := s.of(v)
	txt := groupDigits(strconv.FormatFloat(x, 'f', s.dp, 64))
	if s.dp == 0 {
		return figCell{Text: txt, Value: int64(x), Num: true, Em: em}
	}
	return figCell{Text: txt, Value: x, Num: true, Em: em}
}

// panel writes a chart with its table and its download link as HTML. It is
// built here rather than in each page's template so that every chart on
// every page carries the same table and link.
func (w *Web) panel(lang i18n.Lang, t figTable, xlsxURL string) template.HTML {
	var b strings.Builder
	cls := "panel"
	if t.Wide {
		cls += " wide"
	}
	fmt.Fprintf(&b, `<section class="%s" id="%s"><h3>%s</h3>`, cls, svgText(t.ID), svgText(t.Title))
	if t.Note != "" {
		fmt.Fprintf(&b, `<p class="note muted">%s</p>`, svgText(t.Note))
	}
	if t.Chart != "" {
		fmt.Fprintf(&b, `<div class="chart-wrap">%s</div>`, t.Chart)
	}
	b.WriteString(`<div class="table-wrap"><table class="list compact numbers"><thead><tr>`)
	for i, c := range t.Columns {
		cls := ""
		if i > 0 && len(t.Rows) > 0 && i < len(t.Rows[0]) && t.Rows[0][i].Num {
			cls = ` class="num"`
		}
		fmt.Fprintf(&b, `<th%s>%s</th>`, cls, svgText(c))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, row := range t.Rows {
		em := len(row) > 0 && row[0].Em
		if em {
			b.WriteString(`<tr class="own">`)
		} else {
			b.WriteString(`<tr>`)
		}
		for i, c := range row {
			label := ""
			if i < len(t.Columns) {
				label = t.Columns[i]
			}
			cls := ""
			if c.Num {
				cls = ` class="num"`
			}
			if c.Href != "" {
				fmt.Fprintf(&b, `<td data-label="%s"%s><a href="%s">%s</a></td>`, svgText(label), cls, svgText(c.Href), svgText(c.Text))
				continue
			}
			fmt.Fprintf(&b, `<td data-label="%s"%s>%s</td>`, svgText(label), cls, svgText(c.Text))
		}
		b.WriteString(`</tr>`)
	}
	if len(t.Rows) == 0 {
		fmt.Fprintf(&b, `<tr><td colspan="%d" class="muted">%s</td></tr>`, max(1, len(t.Columns)), svgText(w.Catalog.T(lang, "ui.empty")))
	}
	b.WriteString(`</tbody></table></div>`)
	if xlsxURL != "" {
		sep := "?"
		if strings.Contains(xlsxURL, "?") {
			sep = "&"
		}
		fmt.Fprintf(&b, `<p class="dl"><a class="xlsx" href="%s%schart=%s">%s</a></p>`, svgText(xlsxURL), sep, url.QueryEscape(t.ID), svgText(w.Catalog.T(lang, "indicator.ui.download_xlsx")))
	}
	b.WriteString(`</section>`)
	return template.HTML(b.String())
}

// xlsxURL is the page's own URL asking for the workbook.
func xlsxURL(r *http.Request) string {
	q := r.URL.Query()
	q.Del("chart")
	q.Set("format", "xlsx")
	return r.URL.Path + "?" + q.Encode()
}

func wantsXLSX(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }

// dashboardHome sends each reader to the dashboard of its scope.
func (w *Web) dashboardHome(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, indicator.ActionRead); err != nil {
		return err
	}
	target := "/dashboard/national"
	switch {
	case a.Role.ZoneBound():
		z, err := w.Zones.ByID(r.Context(), a, a.ZoneID)
		if err != nil {
			return err
		}
		target = "/zones/" + z.Slug + "/dashboard"
	case a.Role == access.City:
		target = "/cities/" + a.RegionCode + "/dashboard"
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
	return nil
}

// tile is one headline figure on the zone dashboard.
type tile struct {
	ID         string
	Name       string
	Value      string
	Prev       string
	YoY        string
	YoYClass   string // up, down, flat, none
	Target     string
	Completion string
	Elapsed    string
	Progress   template.HTML
	Ahead      bool
	Problem    string // why the value is missing (a sum out of range)
	AsOf       string // "截至2023年": an entered stock held on from before the period
}

type rankTile struct {
	Name  string
	Lines []string
}

type dashData struct {
	Area     zone.Area
	AreaName string
	Period   indicator.Period
	Picker   periodPicker
	Tiles    []tile
	Panels   []template.HTML
	Ranks    []rankTile
	XLSX     string
	CityHref string
	CanStats bool
	Screen   bool
	Updated  string
	// Partial says the period runs into a month not over yet: its figures
	// are to date and carry no year-on-year change (indicator.PartialOn).
	Partial *partialNote
	// Revisions are the zone's published bulletin items of the period
	// whose figures moved since they were saved.
	Revisions []revisionView
	// NoData replaces the tiles, ranks and charts when no figure has data
	// for the period (never a row of zeros).
	NoData *noData
	empty  bool
}

// partialNote explains a period that runs into the current month: its date,
// why there is no year-on-year change, and the whole months that have one.
type partialNote struct {
	Text  string
	Href  string // the same period ending last month; "" when none
	Label string
}

// partialOf is the note for period p read on day today, nil for a period of
// whole months.
func (w *Web) partialOf(lang i18n.Lang, action string, p indicator.Period, today civil.Date) *partialNote {
	if !indicator.PartialOn(p, today) {
		return nil
	}
	n := &partialNote{Text: w.Catalog.T(lang, "indicator.ui.partial_note", dayText(lang, today))}
	if last := indicator.MonthOfDate(today).Add(-1); last >= p.From {
		q := indicator.Period{From: p.From, To: last, Kind: indicator.KindCustom}
		if p.From.Month() == 1 && p.From.Year() == last.Year() {
			q.Kind = indicator.KindYTD
		}
		n.Href = action + "?" + url.Values{"from": {q.From.String()}, "to": {q.To.String()}}.Encode()
		n.Label = q.Label(lang)
	}
	return n
}

// dayText is a date as the page writes it: 2026年12月5日, Dec 5, 2026.
func dayText(lang i18n.Lang, d civil.Date) string {
	if lang == i18n.EN {
		return d.Time().Format("Jan 2, 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

func (w *Web) yoyText(lang i18n.Lang, f indicator.Figure) (string, string) {
	f.Change = f.Change.RoundedTo(1) // the page shows one decimal: −0.04% is 持平
	switch {
	case !f.Has && f.Def.Agg != indicator.AggSum, f.AsOf != nil:
		return "", "none"
	case f.Change.Up():
		return w.Catalog.T(lang, "indicator.ui.yoy_up", pctText(f.Change.Rate)), "up"
	case f.Change.Down():
		return w.Catalog.T(lang, "indicator.ui.yoy_down", pctText(f.Change.Rate.Neg())), "down"
	case f.Change.NoBase():
		return w.Catalog.T(lang, "indicator.ui.yoy_no_base"), "none"
	}
	return w.Catalog.T(lang, "indicator.ui.yoy_flat"), "flat"
}

func (w *Web) placingText(lang i18n.Lang, p indicator.Placing) string {
	scope := w.Catalog.T(lang, p.Scope.Key())
	if p.Region != "" {
		scope = p.Region
		if lang == i18n.EN && p.RegionEN != "" {
			scope = p.RegionEN
		}
	}
	if !p.Rank.Valid() {
		return scope + " " + w.Catalog.T(lang, "indicator.ui.no_data")
	}
	if !p.Meaningful() {
		// First of one is no rank: say that no other area has data.
		return scope + " " + w.Catalog.T(lang, "indicator.ui.only_one")
	}
	return scope + " " + w.Catalog.Msg(lang, p.Rank.Msg())
}

// dashboard builds the zone dashboard's view and its tables.
func (w *Web) dashboard(r *http.Request, slug string, p indicator.Period) (dashData, []figTable, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	d, err := w.Indicators.Dashboard(r.Context(), a, slug, p, indicator.DefaultDashboard())
	if err != nil {
		return dashData{}, nil, err
	}
	picker, err := w.picker(r, "/zones/"+d.Area.Slug+"/dashboard", p)
	if err != nil {
		return dashData{}, nil, err
	}
	v := dashData{Area: d.Area, AreaName: areaLabel(lang, d.Area), Period: p,
		Picker:   picker,
		XLSX:     xlsxURL(r),
		CityHref: "/cities/" + d.Area.CityCode + "/dashboard?" + url.Values{"from": {p.From.String()}, "to": {p.To.String()}}.Encode(),
		CanStats: w.Policy.Can(a.Role, indicator.ActionStatEnter),
	}
	today := w.Indicators.Today()
	v.Partial = w.partialOf(lang, "/zones/"+d.Area.Slug+"/dashboard", p, today)
	var tables []figTable
	head := figTable{ID: "headline", Title: w.Catalog.T(lang, "indicator.ui.headline"),
		Note: p.Label(lang),
		Columns: []string{w.Catalog.T(lang, "indicator.ui.col_indicator"), w.Catalog.T(lang, "indicator.ui.col_value"),
			w.Catalog.T(lang, "indicator.ui.col_prev"), w.Catalog.T(lang, "indicator.ui.col_yoy"),
			w.Catalog.T(lang, "indicator.ui.col_target"), w.Catalog.T(lang, "indicator.ui.col_completion")}}
	v.empty = true
	for i, f := range d.Figures {
		if f.Has && f.AsOf == nil {
			v.empty = false
		}
		name := w.Catalog.T(lang, f.Def.NameKey)
		t := tile{ID: "tile-" + strings.ReplaceAll(f.Def.ID, ".", "-"), Name: name,
			Value: w.orDash(lang, f.Def, f.Value, f.Has), Prev: w.orDash(lang, f.Def, f.Prev, f.HasPrev)}
		t.YoY, t.YoYClass = w.yoyText(lang, f)
		if v.Partial != nil && f.AsOf == nil && (f.Has || f.HasPrev) {
			// Part of a month against a whole one is no comparison.
			t.YoY, t.YoYClass = w.Catalog.T(lang, "indicator.ui.yoy_partial"), "none"
		}
		if f.AsOf != nil {
			// A stock last entered before the period: its date, not a
			// comparison of two copies of one entry.
			t.AsOf, t.Prev = indicator.AsOfLabel(lang, *f.AsOf), "—"
		}
		if f.Problem != nil {
			t.Problem, t.Value, t.YoY, t.YoYClass = w.Catalog.Msg(lang, *f.Problem), "—", "", "none"
		}
		value := t.Value
		if t.AsOf != "" {
			value += "（" + t.AsOf + "）"
			if lang == i18n.EN {
				value = t.Value + " (" + t.AsOf + ")"
			}
		}
		row := []figCell{txtCell(name), txtCell(value), txtCell(t.Prev), txtCell(t.YoY), txtCell("—"), txtCell("—")}
		if f.Target != nil {
			t.Target = w.fmtValue(lang, f.Def, indicator.Whole(f.Target.Value))
			row[4] = txtCell(t.Target)
		}
		if f.Progress != nil {
			t.Completion, t.Elapsed, t.Ahead = pctText(f.Progress.Completion), pctText(f.Progress.Elapsed), f.Progress.Ahead()
			t.Progress = progressBar(fmt.Sprintf("progress-%d", i), w.Catalog.T(lang, "indicator.ui.progress_title", name, t.Completion, t.Elapsed),
				f.Progress.Completion.Float64(), f.Progress.Elapsed.Float64(), t.Ahead)
			row[5] = figCell{Text: t.Completion, Value: float64(f.Progress.Completion.Round(1000)) / 10, Num: true}
		}
		v.Tiles = append(v.Tiles, t)
		head.Rows = append(head.Rows, row)
	}
	tables = append(tables, head)
	for _, tr := range d.Trends {
		tables = append(tables, w.trendTable(lang, tr, today))
	}
	for _, b := range d.Breakdowns {
		tables = append(tables, w.breakdownTable(lang, b))
	}
	ranks := figTable{ID: "ranks", Title: w.Catalog.T(lang, "indicator.ui.ranks"), Note: p.Label(lang),
		Columns: []string{w.Catalog.T(lang, "indicator.ui.col_indicator"), w.Catalog.T(lang, "indicator.ui.col_scope"),
			w.Catalog.T(lang, "indicator.ui.col_position"), w.Catalog.T(lang, "indicator.ui.col_of")}}
	for _, rl := range d.Ranks {
		rt := rankTile{Name: w.Catalog.T(lang, rl.Def.NameKey)}
		for _, pl := range rl.Placings {
			rt.Lines = append(rt.Lines, w.placingText(lang, pl))
			scope := pl.Region
			if lang == i18n.EN && pl.RegionEN != "" {
				scope = pl.RegionEN
			}
			if scope == "" {
				scope = w.Catalog.T(lang, pl.Scope.Key())
			}
			pos := figCell{Text: w.Catalog.T(lang, "indicator.ui.no_data"), Num: true}
			if pl.Rank.Valid() {
				pos = figCell{Text: strconv.Itoa(pl.Rank.Position), Value: int64(pl.Rank.Position), Num: true}
				if pl.Rank.Tied {
					pos.Text = w.Catalog.T(lang, "indicator.ui.tied", pl.Rank.Position)
				}
			}
			ranks.Rows = append(ranks.Rows, []figCell{txtCell(rt.Name), txtCell(scope), pos,
				{Text: strconv.Itoa(pl.WithData), Value: int64(pl.WithData), Num: true}})
		}
		v.Ranks = append(v.Ranks, rt)
	}
	tables = append(tables, ranks)
	for _, t := range tables[1:] {
		v.Panels = append(v.Panels, w.panel(lang, t, v.XLSX))
	}
	return v, tables, nil
}

// trendTable is a stored indicator month by month; the month of today, not
// over yet, is marked 截至 today and has no year-on-year change.
func (w *Web) trendTable(lang i18n.Lang, tr indicator.Trend, today civil.Date) figTable {
	maxAbs := 0.0
	for i := range tr.Months {
		maxAbs = max(maxAbs, float64(tr.Cur[i]), float64(tr.Prev[i]))
	}
	sc := w.scaleFor(lang, tr.Def, maxAbs)
	name := w.Catalog.T(lang, tr.Def.NameKey)
	t := figTable{ID: "trend-" + strings.ReplaceAll(tr.Def.ID, ".", "-"),
		Title: w.Catalog.T(lang, "indicator.ui.trend_title", name), Note: tr.Period.Label(lang) + " · " + sc.Unit,
		Columns: []string{w.Catalog.T(lang, "indicator.ui.col_month"), w.Catalog.T(lang, "indicator.ui.col_value"),
			w.Catalog.T(lang, "indicator.ui.col_prev"), w.Catalog.T(lang, "indicator.ui.col_yoy")}}
	ch := trendChart{ID: "svg-" + t.ID, Title: t.Title, Unit: sc.Unit,
		CurName: w.Catalog.T(lang, "indicator.ui.this_period"), PrevName: w.Catalog.T(lang, "indicator.ui.year_before")}
	var desc []string
	for i, m := range tr.Months {
		label := strconv.Itoa(m.Month())
		if lang != i18n.EN {
			label += "月"
		}
		if tr.Period.From.Year() != tr.Period.To.Year() {
			label = fmt.Sprintf("%02d/%02d", m.Year()%100, m.Month())
		}
		ch.Labels = append(ch.Labels, label)
		ch.Cur = append(ch.Cur, sc.of(float64(tr.Cur[i])))
		ch.Prev = append(ch.Prev, sc.of(float64(tr.Prev[i])))
		ch.HasCur = append(ch.HasCur, tr.HasCur[i])
		ch.HasPrev = append(ch.HasPrev, tr.HasPrev[i])
		cur, prev := figCell{Text: "—", Num: true}, figCell{Text: "—", Num: true}
		if tr.HasCur[i] {
			cur = sc.cellOf(float64(tr.Cur[i]), false)
		}
		if tr.HasPrev[i] {
			prev = sc.cellOf(float64(tr.Prev[i]), false)
		}
		yoy, month := "—", m.String()
		partial := indicator.PartialOn(indicator.Period{From: m, To: m}, today)
		if partial {
			month = w.Catalog.T(lang, "indicator.ui.month_to_date", m.String(), today.Day)
			t.Note += w.Catalog.T(lang, "indicator.ui.trend_partial", m.Month(), today.Day)
		}
		if (tr.HasCur[i] || tr.HasPrev[i]) && !partial {
			c := indicator.YoY(tr.Cur[i], tr.Prev[i]).RoundedTo(1)
			switch {
			case c.Up(), c.Down():
				yoy = pctText(c.Rate)
			case c.Flat():
				yoy = "0.0%"
			}
		}
		t.Rows = append(t.Rows, []figCell{txtCell(month), cur, prev, {Text: yoy, Num: true}})
		desc = append(desc, m.String()+": "+cur.Text)
	}
	ch.Desc = strings.Join(desc, "; ")
	t.Chart = ch.SVG()
	return t
}

func (w *Web) breakdownTable(lang i18n.Lang, b indicator.Breakdown) figTable {
	sc := w.scaleFor(lang, b.Def, float64(b.Total))
	name := w.Catalog.T(lang, b.Def.NameKey)
	dim := w.Catalog.T(lang, indicator.DimNameKey(b.Dim))
	t := figTable{ID: "by-" + strings.ReplaceAll(b.Dim, "_", "-"), Title: w.Catalog.T(lang, "indicator.ui.breakdown_title", name, dim),
		Note:    sc.Unit,
		Columns: []string{dim, w.Catalog.T(lang, "indicator.ui.col_value"), w.Catalog.T(lang, "indicator.ui.col_share")}}
	ch := barChart{ID: "svg-" + t.ID, Title: t.Title}
	var desc []string
	for _, it := range b.Items {
		label := it.Code
		if k := indicator.DimValueKey(b.Dim, it.Code); k != "" {
			label = w.Catalog.T(lang, k)
		}
		c := sc.cellOf(float64(it.Value), false)
		share := pctText(it.Share)
		t.Rows = append(t.Rows, []figCell{txtCell(label), c, {Text: share, Value: float64(it.Share.Round(1000)) / 10, Num: true}})
		ch.Items = append(ch.Items, barItem{Label: label, Value: float64(it.Value), Text: c.Text + " (" + share + ")"})
		desc = append(desc, label+" "+share)
	}
	ch.Desc = strings.Join(desc, "; ")
	t.Chart = ch.SVG()
	return t
}

func (w *Web) zoneDashboard(rw http.ResponseWriter, r *http.Request) error {
	return w.zoneDashboardAs(rw, r, false)
}

// zoneScreen is the dashboard for a wall display (大屏): the same figures,
// large, on a dark ground, scaled to the screen by the stylesheet, and
// reloaded every five minutes by the Refresh header (no script needed).
func (w *Web) zoneScreen(rw http.ResponseWriter, r *http.Request) error {
	return w.zoneDashboardAs(rw, r, true)
}

func (w *Web) zoneDashboardAs(rw http.ResponseWriter, r *http.Request, screen bool) error {
	p, perr := w.periodOf(r)
	if perr != nil {
		today := w.Indicators.Today()
		p = indicator.Must(indicator.YTD(today.Year, int(today.Month)))
	}
	v, tables, err := w.dashboard(r, r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		return writeFigXLSX(rw, v.Area.Slug+"-"+p.String()+".xlsx", r.URL.Query().Get("chart"), tables)
	}
	if perr != nil {
		v.Picker.Error = w.errText(r, perr)
	}
	v.Screen = screen
	v.Updated = w.Now().In(chinaTime()).Format("2006-01-02 15:04")
	if !screen {
		v.Revisions = w.Revisions(r, v.Area.Slug, p)
	}
	name := "indicator_dashboard"
	if screen {
		name = "indicator_screen"
	}
	if v.empty {
		if v.NoData, err = w.noDataFor(r, []zone.Area{v.Area}, p, "/zones/"+v.Area.Slug+"/"+strings.TrimPrefix(name, "indicator_"), false); err != nil {
			return err
		}
	}
	if screen {
		rw.Header().Set("Refresh", "300")
	}
	return w.render(rw, r, http.StatusOK, name, Page{Title: v.AreaName, Data: v})
}

// errText is a validation error as one line for a page.
func (w *Web) errText(r *http.Request, err error) string {
	lang := w.lang(r)
	var e *errs.Error
	if !asErrs(err, &e) {
		return w.Catalog.T(lang, "error.invalid")
	}
	var parts []string
	for _, m := range e.Fields {
		parts = append(parts, w.Catalog.Msg(lang, m))
	}
	if len(parts) == 0 {
		return w.Catalog.Msg(lang, e.Msg)
	}
	return strings.Join(parts, "；")
}

type comparisonData struct {
	Title  string
	Region string
	Period indicator.Period
	Picker periodPicker
	Panels []template.HTML
	Hidden bool // some values are outside the reader's scope
	XLSX   string
	Note   string // what the heading leaves out (the evaluation's year)
}

// cityIndicators are the figures the city view sets side by side.
func cityIndicators() []string {
	return []string{indicator.TechContractAmount, indicator.TechContractCount, indicator.StatGrossOutput,
		indicator.StatHightechRevenue, indicator.StatRDIntensity}
}

// cityDashboard sets the areas of a city side by side: zones and counties,
// each indicator ranked.
func (w *Web) cityDashboard(rw http.ResponseWriter, r *http.Request) error {
	lang := w.lang(r)
	p, err := w.periodOf(r)
	if err != nil {
		return err
	}
	c, err := w.Indicators.CompareCity(r.Context(), httpx.Actor(r), r.PathValue("code"), cityIndicators(), p)
	if err != nil {
		return err
	}
	picker, err := w.picker(r, "/cities/"+r.PathValue("code")+"/dashboard", p)
	if err != nil {
		return err
	}
	v := comparisonData{Region: c.Region, Period: p, XLSX: xlsxURL(r),
		Picker: picker}
	region := c.Region
	if lang == i18n.EN && c.RegionEN != "" {
		region = c.RegionEN
	}
	v.Title = w.Catalog.T(lang, "indicator.ui.city_title", region)
	own := httpx.Actor(r).ZoneID
	side := figTable{ID: "side-by-side", Wide: true, Title: w.Catalog.T(lang, "indicator.ui.side_by_side"), Note: p.Label(lang),
		Columns: []string{w.Catalog.T(lang, "field.name")}}
	for _, d := range c.Columns {
		side.Columns = append(side.Columns, w.Catalog.T(lang, d.NameKey), w.Catalog.T(lang, "indicator.ui.col_position"))
	}
	for _, row := range c.Rows {
		cells := []figCell{{Text: areaLabel(lang, row.Area), Em: row.Area.ID == own}}
		for i, e := range row.Cells {
			val := "—"
			if e.Visible {
				val = w.sideValue(lang, c.Columns[i], e.Value, e.Has)
			} else {
				v.Hidden = true
			}
			cells = append(cells, figCell{Text: val, Num: true}, w.positionCell(lang, e.Rank, false))
		}
		side.Rows = append(side.Rows, cells)
	}
	tables := []figTable{side}
	for i, d := range c.Columns {
		tables = append(tables, w.rankingTable(lang, d, "rank-"+strings.ReplaceAll(d.ID, ".", "-"), w.Catalog.T(lang, d.NameKey),
			p, columnEntries(c, i), own, 0))
	}
	if wantsXLSX(r) {
		return writeFigXLSX(rw, "city-"+r.PathValue("code")+"-"+p.String()+".xlsx", r.URL.Query().Get("chart"), tables)
	}
	for _, t := range tables {
		v.Panels = append(v.Panels, w.panel(lang, t, v.XLSX))
	}
	return w.render(rw, r, http.StatusOK, "indicator_city", Page{Title: v.Title, Data: v})
}

func columnEntries(c indicator.Comparison, col int) []indicator.RankEntry {
	out := make([]indicator.RankEntry, 0, len(c.Rows))
	for _, row := range c.Rows {
		if col < len(row.Cells) {
			out = append(out, row.Cells[col])
		}
	}
	// Rows follow the first indicator's order; a ranking table follows its own.
	// Unranked areas (no data) keep their place after the ranked ones.
	before := func(x, y indicator.RankEntry) bool {
		return x.Rank.Valid() && (!y.Rank.Valid() || x.Rank.Position < y.Rank.Position)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && before(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// rankingTable is one ranked list with a bar chart of its first limit
// entries (all when limit is 0). Values the reader may not see show as a
// dash and draw no bar; positions are shown for all.
func (w *Web) rankingTable(lang i18n.Lang, d indicator.Definition, id, title string, p indicator.Period, entries []indicator.RankEntry, own int64, limit int) figTable {
	maxAbs := 0.0
	for _, e := range entries {
		if e.Visible {
			maxAbs = max(maxAbs, e.Value.Float64())
		}
	}
	sc := w.scaleFor(lang, d, maxAbs)
	t := figTable{ID: id, Title: title, Note: p.Label(lang) + " · " + sc.Unit,
		Columns: []string{w.Catalog.T(lang, "indicator.ui.col_position"), w.Catalog.T(lang, "field.name"), w.Catalog.T(lang, "indicator.ui.col_value")}}
	ch := barChart{ID: "svg-" + id, Title: title}
	var desc []string
	for i, e := range entries {
		em := e.Area.ID == own
		posCell := w.positionCell(lang, e.Rank, em)
		pos := posCell.Text
		val := figCell{Text: "—", Num: true, Em: em}
		if e.Visible && e.Has {
			val = sc.cellOf(e.Value.Float64(), em)
		}
		name := areaLabel(lang, e.Area)
		t.Rows = append(t.Rows, []figCell{posCell, {Text: name, Em: em}, val})
		if !e.Rank.Valid() {
			continue // no bar for an area without data
		}
		if limit == 0 || i < limit {
			ch.Items = append(ch.Items, barItem{Label: name, Value: sc.of(e.Value.Float64()), Text: val.Text, Highlight: em, Hidden: !e.Visible})
			desc = append(desc, pos+" "+name+" "+val.Text)
		}
	}
	ch.Desc = strings.Join(desc, "; ")
	t.Chart = ch.SVG()
	return t
}

// positionCell is a rank as a table cell: "3", "并列3", or 暂无数据 for an
// area without data (which has no rank).
func (w *Web) positionCell(lang i18n.Lang, r indicator.Rank, em bool) figCell {
	if !r.Valid() {
		return figCell{Text: w.Catalog.T(lang, "indicator.ui.no_data"), Num: true, Em: em}
	}
	c := figCell{Text: strconv.Itoa(r.Position), Value: int64(r.Position), Num: true, Em: em}
	if r.Tied {
		c.Text = w.Catalog.T(lang, "indicator.ui.tied", r.Position)
	}
	return c
}

// nationalDashboard shows the national evaluation's single lists and the
// composite ranking for the evaluation of ?year= (default: next year's,
// which ranks this year's figures), over its data period unless the
// period is given.
func (w *Web) nationalDashboard(rw http.ResponseWriter, r *http.Request) error {
	lang := w.lang(r)
	a := httpx.Actor(r)
	today := w.Indicators.Today()
	year := today.Year + 1
	if s := r.URL.Query().Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			return errs.Fields{"year": errs.M("indicator.error.year_range", s, indicator.MinYear, indicator.MaxYear)}.Err()
		}
		year = y
	}
	specs := indicator.DefaultEvaluations()
	e, ok := indicator.EvaluationFor(specs, year)
	if !ok {
		e = specs[len(specs)-1]
	}
	p := e.Data
	if r.URL.Query().Get("from") != "" || r.URL.Query().Get("to") != "" {
		var err error
		if p, err = w.periodOf(r); err != nil {
			return err
		}
	}
	nv, err := w.Indicators.National(r.Context(), a, e, p)
	if err != nil {
		return err
	}
	// The heading says the data's period once; the evaluation's year is
	// said in the note beneath it.
	picker, err := w.picker(r, "/dashboard/national", p)
	if err != nil {
		return err
	}
	v := comparisonData{Title: w.Catalog.T(lang, e.NameKey), Period: p, XLSX: xlsxURL(r),
		Picker: picker, Note: w.Catalog.T(lang, "ui.national.evaluation_of", e.Year, p.Label(lang))}
	// A ranked area's name links to its page where the reader may open it.
	areaHref := func(ar zone.Area) string {
		if !a.Sees(access.Place{ZoneID: ar.ID, CityCode: ar.CityCode, ProvinceCode: ar.ProvinceCode}) {
			return ""
		}
		return "/zones/" + url.PathEscape(ar.Slug)
	}
	own := a.ZoneID
	comp := figTable{ID: "composite", Title: w.Catalog.T(lang, "indicator.ui.composite"), Note: w.Catalog.T(lang, "indicator.ui.composite_note"),
		Columns: []string{w.Catalog.T(lang, "indicator.ui.col_position"), w.Catalog.T(lang, "field.name"), w.Catalog.T(lang, "indicator.ui.col_score")}}
	ch := barChart{ID: "svg-composite", Title: comp.Title}
	listNames := map[string]string{}
	for _, l := range e.Lists {
		listNames[l.Key] = w.Catalog.T(lang, l.NameKey)
	}
	for i, en := range nv.Composite {
		em := en.Area.ID == own
		if !en.Rank.Valid() {
			// Not ranked: its inputs are incomplete; say which.
			var miss []string
			for _, k := range en.Missing {
				miss = append(miss, listNames[k])
			}
			comp.Rows = append(comp.Rows, []figCell{w.positionCell(lang, en.Rank, em), {Text: areaLabel(lang, en.Area), Em: em, Href: areaHref(en.Area)},
				{Text: w.Catalog.T(lang, "indicator.ui.composite_missing", strings.Join(miss, "、")), Em: em}})
			continue
		}
		posCell := w.positionCell(lang, en.Rank, em)
		score := figCell{Text: "—", Num: true, Em: em}
		if en.Visible {
			x := float64(en.Value.Round(10000)) / 100
			score = figCell{Text: strconv.FormatFloat(x, 'f', 2, 64), Value: x, Num: true, Em: em}
		} else {
			v.Hidden = true
		}
		comp.Rows = append(comp.Rows, []figCell{posCell, {Text: areaLabel(lang, en.Area), Em: em, Href: areaHref(en.Area)}, score})
		if i < 50 {
			ch.Items = append(ch.Items, barItem{Label: areaLabel(lang, en.Area), Value: en.Value.Float64(), Text: score.Text, Highlight: em, Hidden: !en.Visible})
		}
	}
	if len(nv.Composite) == 0 || !nv.Composite[0].Rank.Valid() {
		comp.Note = w.Catalog.T(lang, "indicator.ui.composite_none")
	}
	comp.Chart = ch.SVG()
	tables := []figTable{comp}
	for i, l := range nv.Lists {
		key := e.Lists[i].Key
		for _, en := range l.Entries {
			if !en.Visible {
				v.Hidden = true
			}
		}
		t := w.rankingTable(lang, l.Def, "list-"+strings.ReplaceAll(key, "_", "-"),
			w.Catalog.T(lang, e.Lists[i].NameKey), p, l.Entries, own, 15)
		for j := range min(len(t.Rows), len(l.Entries)) {
			if len(t.Rows[j]) > 1 {
				t.Rows[j][1].Href = areaHref(l.Entries[j].Area)
			}
		}
		tables = append(tables, t)
	}
	if wantsXLSX(r) {
		return writeFigXLSX(rw, "national-"+strconv.Itoa(e.Year)+"-"+p.String()+".xlsx", r.URL.Query().Get("chart"), tables)
	}
	for _, t := range tables {
		v.Panels = append(v.Panels, w.panel(lang, t, v.XLSX))
	}
	return w.render(rw, r, http.StatusOK, "indicator_national", Page{Title: v.Title, Data: v})
}
