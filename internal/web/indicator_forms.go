package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// inputUnit is the unit a form takes an indicator's figure in: amounts in
// 万元 (two decimals at most, so a whole number of yuan), scores in points
// with two decimals, counts whole.
type inputUnit struct {
	per      int64 // stored units per input unit
	decimals int
	key      string // catalog key of the unit's name
}

func inputUnitOf(d indicator.Definition) inputUnit {
	switch d.Unit {
	case indicator.UnitFen, indicator.UnitFenPerPerson:
		return inputUnit{per: 1_000_000, decimals: 2, key: "indicator.ui.unit_wan"}
	case indicator.UnitScore:
		return inputUnit{per: 100, decimals: 2, key: d.Unit.Key()}
	}
	return inputUnit{per: 1, key: d.Unit.Key()}
}

// parse reads a figure typed in the unit into stored units.
func (u inputUnit) parse(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > u.decimals || strings.HasPrefix(whole, "-") {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > (1<<62)/u.per {
		return 0, false
	}
	v := w * u.per
	if frac != "" {
		f, err := strconv.ParseInt(frac, 10, 64)
		if err != nil {
			return 0, false
		}
		for i := len(frac); i < u.decimals; i++ {
			f *= 10
		}
		v += f * (u.per / pow10(u.decimals))
	}
	return v, true
}

// format writes stored units in the input unit, for a form's value,
// without trailing zeros (36200, 3.5).
func (u inputUnit) format(v int64) string {
	if u.decimals == 0 {
		return strconv.FormatInt(v, 10)
	}
	step := u.per / pow10(u.decimals)
	s := decimalText(v/step, u.decimals)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// yearChoices are the years a page's picker offers: around this year and
// around the year shown.
func yearChoices(today, shown int) []int {
	var out []int
	for _, y := range []int{shown - 1, shown, shown + 1, today - 1, today, today + 1} {
		if !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	slices.Sort(out)
	return out
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// yearOf reads ?year=, defaulting to this year.
func (w *Web) yearOf(r *http.Request, field string) (int, error) {
	s := r.URL.Query().Get(field)
	if r.Method == http.MethodPost {
		s = r.PostFormValue(field)
	}
	if s == "" {
		return w.Indicators.Today().Year, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < indicator.MinYear || y > indicator.MaxYear {
		return 0, errs.Fields{field: errs.M("indicator.error.year_range", s, indicator.MinYear, indicator.MaxYear)}.Err()
	}
	return y, nil
}

type targetRow struct {
	ID         string
	DomID      string // ID with dots made dashes, for element ids and selectors
	Name       string
	Unit       string
	Target     string
	Input      string
	Value      string
	Months     string
	Completion string
	Elapsed    string
	Progress   template.HTML
	Ahead      bool
	HasTarget  bool
	Err        string // the refused value's error, shown beside its field
	// What the row's form posts with: the page's year, whether the reader
	// may set targets, the session's CSRF token.
	Year   int
	CanSet bool
	CSRF   string
}

type targetsData struct {
	Area      zone.Area
	AreaName  string
	Year      int
	Years     []int
	Rows      []targetRow
	CanSet    bool
	Done      string
	Dashboard string
	NoData    *noData    // the year has no data to measure targets against
	Confirm   *targetRow // the target about to be removed, asked first
}

// SetCount is the number of indicators with a target. The page lists them
// first; the others are folded away under 未下达目标的指标 (N).
func (d targetsData) SetCount() int {
	n := 0
	for _, r := range d.Rows {
		if r.HasTarget {
			n++
		}
	}
	return n
}

// UnsetCount is the number of indicators without a target.
func (d targetsData) UnsetCount() int { return len(d.Rows) - d.SetCount() }

// OpenUnset reports whether an indicator without a target holds a refused
// value, whose error must be seen.
func (d targetsData) OpenUnset() bool {
	for _, r := range d.Rows {
		if !r.HasTarget && r.Err != "" {
			return true
		}
	}
	return false
}

func (w *Web) targetsData(r *http.Request, slug string, year int) (targetsData, error) {
	lang := w.lang(r)
	a := httpx.Actor(r)
	area, lines, err := w.Indicators.TargetLines(r.Context(), a, slug, year)
	if err != nil {
		return targetsData{}, err
	}
	today := w.Indicators.Today()
	d := targetsData{Area: area, AreaName: areaLabel(lang, area), Year: year,
		Years:     yearChoices(today.Year, year),
		CanSet:    w.Policy.Can(a.Role, indicator.ActionTargetSet) && area.Kind == zone.KindZone,
		Dashboard: "/zones/" + area.Slug + "/dashboard"}
	for i, l := range lines {
		u := inputUnitOf(l.Def)
		row := targetRow{ID: l.Def.ID, DomID: strings.ReplaceAll(l.Def.ID, ".", "-"), Name: w.Catalog.T(lang, l.Def.NameKey), Unit: w.Catalog.T(lang, u.key),
			Value: w.orDash(lang, l.Def, l.Value, l.Has), Months: l.Period.Label(lang),
			Year: year, CanSet: d.CanSet, CSRF: httpx.GetInfo(r.Context()).CSRF}
		if l.AsOf != nil {
			row.Months = indicator.AsOfLabel(lang, *l.AsOf)
		}
		if !l.Has && !l.Period.From.First().After(today) {
			// Nothing recorded yet: not a 0.
			row.Value = w.Catalog.T(lang, "indicator.ui.no_data")
		}
		if l.Target != nil {
			row.HasTarget = true
			row.Target = w.fmtValue(lang, l.Def, indicator.Whole(l.Target.Value))
			row.Input = u.format(l.Target.Value)
		}
		if l.Progress != nil {
			row.Completion, row.Elapsed, row.Ahead = pctText(l.Progress.Completion), pctText(l.Progress.Elapsed), l.Progress.Ahead()
			row.Progress = progressBar("target-progress-"+strconv.Itoa(i),
				w.Catalog.T(lang, "indicator.ui.progress_title", row.Name, row.Completion, row.Elapsed),
				l.Progress.Completion.Float64(), l.Progress.Elapsed.Float64(), row.Ahead)
		}
		d.Rows = append(d.Rows, row)
	}
	if r.URL.Query().Get("done") != "" {
		d.Done = w.Catalog.T(lang, "indicator.ui.saved")
	}
	empty := year <= today.Year
	for _, l := range lines {
		if l.Has && l.AsOf == nil {
			empty = false
		}
	}
	if empty {
		var err error
		if d.NoData, err = w.noDataFor(r, []zone.Area{area}, indicator.Must(indicator.Year(year)), "/zones/"+area.Slug+"/targets", true); err != nil {
			return targetsData{}, err
		}
	}
	return d, nil
}

func (w *Web) targetsPage(rw http.ResponseWriter, r *http.Request) error {
	year, err := w.yearOf(r, "year")
	if err != nil {
		return err
	}
	d, err := w.targetsData(r, r.PathValue("slug"), year)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "indicator_targets", Page{Title: "indicator.ui.targets_title", Data: d})
}

// targetsPost sets or removes one target, then shows the page again with
// the new completion.
func (w *Web) targetsPost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	// Refuse first: a form error must not tell a reader more than "no".
	if err := w.Policy.Allow(a, indicator.ActionTargetSet); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	year, err := w.yearOf(r, "year")
	if err != nil {
		return err
	}
	id := r.PostFormValue("indicator")
	if r.PostFormValue("action") == "delete" && r.PostFormValue("confirm") != "1" {
		// Ask first, on a page of its own: removing works without script.
		d, err := w.targetsData(r, slug, year)
		if err != nil {
			return err
		}
		for i := range d.Rows {
			if d.Rows[i].ID == id && d.Rows[i].HasTarget {
				d.Confirm = &d.Rows[i]
			}
		}
		if d.Confirm == nil {
			return errs.NotFoundf("indicator.entity.target")
		}
		return w.render(rw, r, http.StatusOK, "indicator_targets", Page{Title: "indicator.ui.targets_title", Data: d})
	}
	if r.PostFormValue("action") == "delete" {
		err = w.Indicators.DeleteTarget(r.Context(), a, slug, id, year)
	} else {
		def, ok := w.Indicators.Catalog.Get(id, year)
		if !ok {
			return errs.NotFoundf("indicator.entity.indicator")
		}
		v, ok := inputUnitOf(def).parse(r.PostFormValue("value"))
		if !ok {
			err = errs.Fields{"value": errs.M("indicator.error.bad_number", r.PostFormValue("value"))}.Err()
		} else {
			_, err = w.Indicators.SetTarget(r.Context(), a, slug, id, year, v)
		}
	}
	if err != nil {
		fields, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.targetsData(r, slug, year)
		if derr != nil {
			return derr
		}
		// The error stands beside the field it is about, with what was typed.
		for i := range d.Rows {
			if d.Rows[i].ID == id {
				d.Rows[i].Input = r.PostFormValue("value")
				for _, m := range fields {
					d.Rows[i].Err = m
					break
				}
				if v, ok := fields["value"]; ok {
					d.Rows[i].Err = v
				}
				if d.Rows[i].Err != "" {
					fields = nil
				}
			}
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "indicator_targets", Page{Title: "indicator.ui.targets_title", Data: d,
			Errors: fields, Message: msg})
	}
	http.Redirect(rw, r, "/zones/"+slug+"/targets?"+url.Values{"year": {strconv.Itoa(year)}, "done": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}

type statOption struct {
	ID       string
	Name     string
	Unit     string
	Stock    bool
	Selected bool
}

type statRow struct {
	ID        int64
	Name      string
	Note      string
	Period    string
	Value     string
	EnteredBy string
	EnteredAt string
}

type statsData struct {
	Area      zone.Area
	AreaName  string
	Year      int
	Years     []int
	Rows      []statRow
	Pager     pager
	Options   []statOption
	CanEnter  bool
	Form      map[string]string
	Span      monthSpan // the months the entry's selects offer
	Done      string
	Dashboard string
	Confirm   *statRow // the statistic about to be removed, asked first
}

func (w *Web) statsData(r *http.Request, slug string, year int, form map[string]string) (statsData, error) {
	lang := w.lang(r)
	a := httpx.Actor(r)
	area, list, err := w.Indicators.Statistics(r.Context(), a, slug, year, pageOf(r, "cursor"))
	if err != nil {
		return statsData{}, err
	}
	today := w.Indicators.Today()
	d := statsData{Area: area, AreaName: areaLabel(lang, area), Year: year, Years: yearChoices(today.Year-1, year),
		CanEnter: w.Policy.Can(a.Role, indicator.ActionStatEnter), Form: form, Dashboard: "/zones/" + area.Slug + "/dashboard"}
	// Entry reaches back to last year, as the year choices do, whatever
	// the zone's first data: a base year's figures may come later.
	if d.Span, err = w.monthSpan(r); err != nil {
		return statsData{}, err
	}
	d.Span.First = min(d.Span.First, indicator.MonthOf(today.Year-1, 1))
	if d.Form == nil {
		m := today.Month
		d.Form = map[string]string{"from": indicator.MonthOf(today.Year, 1).String(), "to": indicator.MonthOf(today.Year, int(m)).String()}
	}
	for _, def := range w.Indicators.EnterableIDs(year) {
		d.Options = append(d.Options, statOption{ID: def.ID, Name: w.Catalog.T(lang, def.NameKey),
			Unit: w.Catalog.T(lang, inputUnitOf(def).key), Stock: def.Agg == indicator.AggHeldOn, Selected: d.Form["indicator"] == def.ID})
	}
	q := url.Values{"year": {strconv.Itoa(year)}, "cursor": {r.URL.Query().Get("cursor")}}
	d.Pager = pagerOf(q, "/zones/"+area.Slug+"/statistics", "cursor", list.Next, "#stat-list")
	who := make([]string, 0, len(list.Items))
	for _, s := range list.Items {
		who = append(who, s.EnteredByName)
	}
	people, err := w.Auth.DisplayNames(r.Context(), who)
	if err != nil {
		return d, err
	}
	for _, s := range list.Items {
		def, _ := w.Indicators.Catalog.Get(s.Indicator, s.Period.To.Year())
		d.Rows = append(d.Rows, statRow{ID: s.ID, Note: s.Note, Name: w.Catalog.T(lang, def.NameKey), Period: s.Period.Label(lang),
			Value: w.fmtValue(lang, def, indicator.Whole(s.Value)), EnteredBy: personText(people, s.EnteredByName), EnteredAt: s.EnteredAt.In(chinaTime()).Format("2006-01-02 15:04")})
	}
	if r.URL.Query().Get("done") != "" {
		d.Done = w.Catalog.T(lang, "indicator.ui.saved")
	}
	return d, nil
}

func (w *Web) statisticsPage(rw http.ResponseWriter, r *http.Request) error {
	year, err := w.yearOf(r, "year")
	if err != nil {
		return err
	}
	d, err := w.statsData(r, r.PathValue("slug"), year, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "indicator_statistics", Page{Title: "indicator.ui.stats_title", Data: d})
}

func (w *Web) statisticsPost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, indicator.ActionStatEnter); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	form := map[string]string{"indicator": r.PostFormValue("indicator"), "from": r.PostFormValue("from"),
		"to": r.PostFormValue("to"), "value": r.PostFormValue("value"), "note": r.PostFormValue("note")}
	var f errs.Fields
	from, err := indicator.ParseYM(form["from"])
	if err != nil {
		f.Add("from", "indicator.error.month_format", form["from"])
	}
	to, err := indicator.ParseYM(form["to"])
	if err != nil {
		f.Add("to", "indicator.error.month_format", form["to"])
	}
	var st indicator.Statistic
	def, ok := w.Indicators.Catalog.Latest(form["indicator"])
	if !ok {
		f.Add("indicator", "indicator.error.unknown_indicator", form["indicator"])
	}
	var v int64
	if ok {
		if v, ok = inputUnitOf(def).parse(form["value"]); !ok {
			f.Add("value", "indicator.error.bad_number", form["value"])
		}
	}
	err = f.Err()
	if err == nil {
		var p indicator.Period
		if p, err = indicator.Custom(from, to); err == nil {
			st, _, err = w.Indicators.EnterStatisticNoted(r.Context(), a, slug, form["indicator"], p, v, form["note"])
		}
	}
	if err != nil {
		fields, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		year := w.Indicators.Today().Year
		if to.Valid() {
			year = to.Year()
		}
		d, derr := w.statsData(r, slug, year, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "indicator_statistics", Page{Title: "indicator.ui.stats_title", Data: d,
			Errors: fields, Message: msg})
	}
	http.Redirect(rw, r, "/zones/"+slug+"/statistics?"+url.Values{"year": {strconv.Itoa(st.Period.To.Year())}, "done": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}

func (w *Web) statisticDelete(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	area, err := w.Indicators.Area(r.Context(), httpx.Actor(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "1" {
		// Ask first: the list's row, named, with a form that removes it.
		if err := w.Policy.Allow(httpx.Actor(r), indicator.ActionStatEnter); err != nil {
			return err
		}
		year, err := w.yearOf(r, "year")
		if err != nil {
			return err
		}
		d, err := w.statsData(r, area.Slug, year, nil)
		if err != nil {
			return err
		}
		for i := range d.Rows {
			if d.Rows[i].ID == id {
				d.Confirm = &d.Rows[i]
			}
		}
		if d.Confirm == nil {
			d.Confirm = &statRow{ID: id}
		}
		return w.render(rw, r, http.StatusOK, "indicator_statistics", Page{Title: "indicator.ui.stats_title", Data: d})
	}
	st, err := w.Indicators.DeleteStatistic(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	http.Redirect(rw, r, "/zones/"+area.Slug+"/statistics?"+url.Values{"year": {strconv.Itoa(st.Period.To.Year())}, "done": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}
