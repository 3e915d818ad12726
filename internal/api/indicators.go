package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/zone"
)

// indicatorEndpoints lists the indicator, target, ranking and bulletin endpoints.
func (a *API) indicatorEndpoints() []endpoint {
	const conflict, invalid, notFound = http.StatusConflict, http.StatusUnprocessableEntity, http.StatusNotFound
	saved := ok(apitypes.PageOf[apitypes.SavedBulletin](nil, ""))
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/indicators", Handler: a.listIndicators,
			Op: Op{Summary: "The indicator catalog, every version of every definition", Tag: "indicators",
				OK: []Resp{ok(apitypes.ListOf[apitypes.Indicator](nil))}}},
		{Method: "GET", Pattern: "/api/v1/indicators/{id}", Handler: a.getFigure,
			Op: Op{Summary: "One indicator of one zone over a period (default this year to date), with the same months a year earlier, YoY, the annual target, completion and rank", Tag: "indicators",
				Query: apitypes.FigureQuery{}, OK: []Resp{ok(apitypes.Figure{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/indicators/{id}/ranking", Handler: a.getRanking,
			Op: Op{Summary: "Rank every area of a scope by an indicator, by position; values of areas outside the caller's scope are null, positions are shown", Tag: "indicators",
				Query: apitypes.RankingQuery{}, OK: []Resp{ok(apitypes.Ranking{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/dashboard", Handler: a.getDashboard,
			Op: Op{Summary: "A zone's dashboard: headline figures, monthly trends, breakdowns and ranks, all from rollups", Tag: "indicators",
				Query: apitypes.PeriodQuery{}, OK: []Resp{ok(apitypes.Dashboard{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/targets", Handler: a.listTargets,
			Op: Op{Summary: "A zone's targetable indicators for a year, by indicator, with targets and completion to date", Tag: "targets",
				Query: apitypes.YearQuery{}, OK: []Resp{ok(apitypes.ListOf[apitypes.TargetLine](nil))}, Errors: []int{invalid}}},
		{Method: "PUT", Pattern: "/api/v1/targets/{zone}/{indicator}/{year}", Handler: a.putTarget,
			Op: Op{Summary: "Set a zone's annual target (city and province users, zones of their region)", Tag: "targets",
				Body: apitypes.TargetValue{}, OK: []Resp{ok(apitypes.Target{})}}},
		{Method: "DELETE", Pattern: "/api/v1/targets/{zone}/{indicator}/{year}", Handler: a.deleteTarget,
			Op: Op{Summary: "Remove a zone's annual target (city and province users)", Tag: "targets", OK: []Resp{noContent}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/statistics", Handler: a.listStatistics,
			Op: Op{Summary: "Statistics entered for an area, by the year their period ends in, by indicator then period, keyset-paginated", Tag: "statistics",
				Query: apitypes.StatisticsQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.Statistic](nil, ""))}, Errors: []int{invalid}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/statistics", Handler: a.enterStatistic,
			Op: Op{Summary: "Enter a statistic for an area and period", Tag: "statistics", Body: apitypes.NewStatistic{},
				OK: []Resp{created(apitypes.Statistic{}), {Status: http.StatusOK, Body: apitypes.Statistic{},
					Doc: "the entry for the same indicator and period was replaced"}}, Errors: []int{conflict}}},
		{Method: "DELETE", Pattern: "/api/v1/statistics/{id}", Handler: a.deleteStatistic,
			Op: Op{Summary: "Remove an entered statistic", Tag: "statistics", OK: []Resp{noContent}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/bulletin", Handler: a.getBulletin,
			Op: Op{Summary: "News items (本报讯) written from the zone's figures for a period", Tag: "bulletins",
				Query: apitypes.PeriodQuery{}, OK: []Resp{ok(apitypes.ListOf[apitypes.BulletinItem](nil))}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/bulletin-templates", Handler: a.listTemplates,
			Op: Op{Summary: "The zone's bulletin templates (its own edits or the defaults), by module and key", Tag: "bulletins",
				OK: []Resp{ok(apitypes.ListOf[apitypes.BulletinTemplate](nil))}}},
		{Method: "PUT", Pattern: "/api/v1/zones/{slug}/bulletin-templates/{module}/{key}", Handler: a.putTemplate,
			Op: Op{Summary: "Save an edit of a template as its next version (send the version edited; 409 if someone saved since)", Tag: "bulletins",
				Body: apitypes.TemplateBody{}, OK: []Resp{ok(apitypes.BulletinTemplate{})}, Errors: []int{conflict}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/bulletin-templates/{module}/{key}/preview", Handler: a.previewTemplate,
			Op: Op{Summary: "Render an edited template against the zone's figures for a period (or sample figures), with every problem of the template found; a missing headline or body is refused (422)", Tag: "bulletins",
				Body: apitypes.PreviewBody{}, OK: []Resp{ok(apitypes.Preview{})}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/bulletins", Handler: a.listSaved,
			Op: Op{Summary: "Saved bulletin items of a zone, newest first, keyset-paginated", Tag: "bulletins", Query: apitypes.PageQuery{}, OK: []Resp{saved}}},
		{Method: "POST", Pattern: "/api/v1/zones/{slug}/bulletins", Handler: a.saveBulletin,
			Op: Op{Summary: "Write and save the zone's items for a period, with the figures they state; Location names the zone's saved items", Tag: "bulletins",
				Body: apitypes.PeriodBody{}, OK: []Resp{created(apitypes.ListOf[apitypes.SavedBulletin](nil))}, Errors: []int{notFound}}},
		{Method: "GET", Pattern: "/api/v1/bulletins/{id}", Handler: a.getSaved,
			Op: Op{Summary: "One saved bulletin item with its facts", Tag: "bulletins", OK: []Resp{ok(apitypes.SavedBulletin{})}}},
	}
}

func (a *API) lang(r *http.Request) i18n.Lang { return httpx.GetInfo(r.Context()).Lang }

// readPeriod reads from and to (YYYY-MM). Both absent is this year to date;
// one without the other is an error.
func readPeriod(today civil.Date, from, to string) (indicator.Period, error) {
	var f errs.Fields
	if from == "" && to == "" {
		return indicator.YTD(today.Year, int(today.Month))
	}
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

func (a *API) queryPeriod(r *http.Request) (indicator.Period, error) {
	q := r.URL.Query()
	return readPeriod(a.Indicators.Today(), q.Get("from"), q.Get("to"))
}

// number writes an exact value as JSON: whole values as integers, fractions
// (ratios, amounts per person) to six decimals.
func number(f indicator.Frac) json.Number {
	if f.IsWhole() {
		return json.Number(strconv.FormatInt(f.Num, 10))
	}
	return json.Number(decimal(f.Round(1_000_000), 6))
}

// pct is a fraction as a percentage with one decimal: 1.05 → 105.0.
func pct(f indicator.Frac) json.Number { return json.Number(decimal(f.Round(1000), 1)) }

// decimal writes n ÷ 10^places exactly, without trailing zeros beyond one.
func decimal(n int64, places int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	for len(s) <= places {
		s = "0" + s
	}
	s = s[:len(s)-places] + "." + s[len(s)-places:]
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	if neg {
		s = "-" + s
	}
	return s
}

// valueOrNull: a sum with no rows is 0 (nothing registered); a stock or a
// ratio with no data has no value.
func valueOrNull(def indicator.Definition, v indicator.Frac, has bool) *json.Number {
	if !has && def.Agg != indicator.AggSum {
		return nil
	}
	n := number(v)
	return &n
}

func numberPtr(n json.Number) *json.Number { return &n }

func rankOut(p *indicator.Placing) *apitypes.Rank {
	if p == nil || !p.Rank.Valid() {
		return nil // no data for the period is no rank
	}
	return &apitypes.Rank{Scope: apitypes.Scope(p.Scope), Region: p.Region, Position: p.Rank.Position, Of: p.Rank.Of,
		Tied: p.Rank.Tied, WithData: p.WithData}
}

func (a *API) figureOut(lang i18n.Lang, f indicator.Figure) apitypes.Figure {
	change := apitypes.Change(f.Change.Status.String())
	out := apitypes.Figure{
		Indicator: f.Def.ID, Name: a.Catalog.T(lang, f.Def.NameKey), Unit: string(f.Def.Unit),
		Zone: f.Area.Slug, ZoneName: areaName(lang, f.Area),
		From: f.Period.From.String(), To: f.Period.To.String(),
		Value: valueOrNull(f.Def, f.Value, f.Has), Previous: valueOrNull(f.Def, f.Prev, f.HasPrev),
		Change: &change, Rank: rankOut(f.Rank),
	}
	switch {
	case !f.Has && f.Def.Agg != indicator.AggSum:
		out.Change = nil
	case f.Change.Up(), f.Change.Down():
		out.YoYPct = numberPtr(pct(f.Change.Rate))
	case f.Change.Flat():
		out.YoYPct = numberPtr("0.0")
	}
	if f.Target != nil {
		out.Target = &f.Target.Value
	}
	if f.Problem != nil {
		out.Problem = a.Catalog.Msg(lang, *f.Problem)
		out.Value, out.Change, out.YoYPct = nil, nil, nil
	}
	if f.Progress != nil {
		ahead := f.Progress.Ahead()
		out.CompletionPct = numberPtr(pct(f.Progress.Completion))
		out.ElapsedPct = numberPtr(pct(f.Progress.Elapsed))
		out.Ahead = &ahead
	}
	return out
}

func areaName(lang i18n.Lang, z zone.Area) string {
	if lang == i18n.EN && z.NameEN != "" {
		return z.NameEN
	}
	return z.Name
}

func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) error {
	if err := a.Indicators.Policy.Allow(httpx.Actor(r), indicator.ActionRead); err != nil {
		return err
	}
	lang := a.lang(r)
	out := apitypes.Map(a.Indicators.Catalog.Definitions(), func(d indicator.Definition) apitypes.Indicator {
		return apitypes.Indicator{ID: d.ID, Name: a.Catalog.T(lang, d.NameKey), Unit: string(d.Unit), Agg: apitypes.Agg(d.Agg),
			Source: d.Source, Numerator: d.Numerator, Denominator: d.Denominator,
			Dimensions: append([]string{}, d.Dimensions...), Version: d.Version, ValidFrom: d.ValidFrom}
	})
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(out))
}

// dimQuery reads an optional dim=name=value split.
func dimQuery(r *http.Request) indicator.DimKey { return indicator.DimKey(r.URL.Query().Get("dim")) }

func (a *API) getFigure(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	sc, err := indicator.ParseScope(q.Get("scope"))
	if err != nil {
		return err
	}
	if q.Get("zone") == "" {
		return errs.Fields{"zone": errs.M("error.required")}.Err()
	}
	f, err := a.Indicators.Figure(r.Context(), httpx.Actor(r), q.Get("zone"),
		indicator.Query{Indicator: r.PathValue("id"), Dim: dimQuery(r), Period: p, Scope: sc})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.figureOut(a.lang(r), f))
}

func (a *API) getRanking(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	sc, err := indicator.ParseScope(q.Get("scope"))
	if err != nil {
		return err
	}
	res, err := a.Indicators.Ranking(r.Context(), httpx.Actor(r), r.PathValue("id"), dimQuery(r), sc, q.Get("area"), p)
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := apitypes.Ranking{Indicator: res.Def.ID, Scope: apitypes.Scope(res.Scope), Region: res.Region, Area: res.Of.Slug,
		From: p.From.String(), To: p.To.String(), Rank: rankOut(res.Placing), Items: []apitypes.RankingItem{}}
	for _, e := range res.Entries {
		if e.Rank.Valid() {
			out.Of++
		}
		it := apitypes.RankingItem{Area: e.Area.Slug, Name: areaName(lang, e.Area), Kind: apitypes.AreaKind(e.Area.Kind),
			Position: e.Rank.Position, Tied: e.Rank.Tied}
		if e.Visible {
			has := e.Has
			it.Value, it.HasData = numberPtr(number(e.Value)), &has
		}
		out.Items = append(out.Items, it)
	}
	return httpx.JSON(w, http.StatusOK, out)
}

// monthValues are a trend's values, null for a month without data.
func monthValues(vals []int64, has []bool) []*json.Number {
	out := make([]*json.Number, len(vals))
	for i, v := range vals {
		if has[i] {
			out[i] = numberPtr(json.Number(strconv.FormatInt(v, 10)))
		}
	}
	return out
}

func (a *API) getDashboard(w http.ResponseWriter, r *http.Request) error {
	p, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	d, err := a.Indicators.Dashboard(r.Context(), httpx.Actor(r), r.PathValue("slug"), p, indicator.DefaultDashboard())
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := apitypes.Dashboard{Zone: d.Area.Slug, From: p.From.String(), To: p.To.String(),
		Figures: apitypes.Map(d.Figures, func(f indicator.Figure) apitypes.Figure { return a.figureOut(lang, f) })}
	out.Trends = apitypes.Map(d.Trends, func(t indicator.Trend) apitypes.Trend {
		months := make([]string, len(t.Months))
		for i, m := range t.Months {
			months[i] = m.String()
		}
		return apitypes.Trend{Indicator: t.Def.ID, Months: months, Values: monthValues(t.Cur, t.HasCur), Previous: monthValues(t.Prev, t.HasPrev)}
	})
	out.Breakdowns = apitypes.Map(d.Breakdowns, func(b indicator.Breakdown) apitypes.Breakdown {
		items := apitypes.Map(b.Items, func(it indicator.BreakdownItem) apitypes.BreakdownItem {
			label := it.Code
			if k := indicator.DimValueKey(b.Dim, it.Code); k != "" {
				label = a.Catalog.T(lang, k)
			}
			return apitypes.BreakdownItem{Code: it.Code, Label: label, Value: it.Value, SharePct: pct(it.Share)}
		})
		return apitypes.Breakdown{Indicator: b.Def.ID, Dimension: b.Dim, Total: b.Total, Items: items}
	})
	out.Ranks = apitypes.Map(d.Ranks, func(rl indicator.RankLine) apitypes.RankLine {
		pl := make([]apitypes.Rank, 0, len(rl.Placings))
		for i := range rl.Placings {
			// A scope the area has no rank in (no data, or not one of
			// its areas: a county or provincial zone nationally) is left out.
			if r := rankOut(&rl.Placings[i]); r != nil {
				pl = append(pl, *r)
			}
		}
		return apitypes.RankLine{Indicator: rl.Def.ID, Placings: pl}
	})
	return httpx.JSON(w, http.StatusOK, out)
}

// yearQuery reads ?year=, defaulting to this year.
func (a *API) yearQuery(r *http.Request) (int, error) {
	s := r.URL.Query().Get("year")
	if s == "" {
		return a.Indicators.Today().Year, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		return 0, errs.Fields{"year": errs.M("indicator.error.year_range", s, indicator.MinYear, indicator.MaxYear)}.Err()
	}
	return y, nil
}

func (a *API) listTargets(w http.ResponseWriter, r *http.Request) error {
	year, err := a.yearQuery(r)
	if err != nil {
		return err
	}
	_, lines, err := a.Indicators.TargetLines(r.Context(), httpx.Actor(r), r.PathValue("slug"), year)
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := apitypes.Map(lines, func(l indicator.TargetLine) apitypes.TargetLine {
		it := apitypes.TargetLine{Indicator: l.Def.ID, Name: a.Catalog.T(lang, l.Def.NameKey), Unit: string(l.Def.Unit), Year: year,
			Value: valueOrNull(l.Def, l.Value, l.Has), From: l.Period.From.String(), To: l.Period.To.String()}
		if l.Target != nil {
			it.Target = &l.Target.Value
		}
		if l.Progress != nil {
			it.CompletionPct, it.ElapsedPct = numberPtr(pct(l.Progress.Completion)), numberPtr(pct(l.Progress.Elapsed))
		}
		return it
	})
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(out))
}

func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return 0, errs.NotFoundf("indicator.entity.target")
	}
	return y, nil
}

func targetOut(slug string, t indicator.Target) apitypes.Target {
	return apitypes.Target{Zone: slug, Indicator: t.Indicator, Year: t.Year, Value: t.Value, SetBy: t.SetByName, SetAt: t.SetAt}
}

func (a *API) putTarget(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var body apitypes.TargetValue
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	if body.Value == nil {
		return errs.Fields{"value": errs.M("error.required")}.Err()
	}
	t, err := a.Indicators.SetTarget(r.Context(), httpx.Actor(r), r.PathValue("zone"), r.PathValue("indicator"), year, *body.Value)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, targetOut(r.PathValue("zone"), t))
}

func (a *API) deleteTarget(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	if err := a.Indicators.DeleteTarget(r.Context(), httpx.Actor(r), r.PathValue("zone"), r.PathValue("indicator"), year); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func statOut(slug string, s indicator.Statistic) apitypes.Statistic {
	return apitypes.Statistic{ID: s.ID, Zone: slug, Indicator: s.Indicator, Period: s.Period.String(),
		From: s.Period.From.String(), To: s.Period.To.String(), Value: s.Value, Note: s.Note, EnteredBy: s.EnteredByName, EnteredAt: s.EnteredAt}
}

func (a *API) listStatistics(w http.ResponseWriter, r *http.Request) error {
	year, err := a.yearQuery(r)
	if err != nil {
		return err
	}
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	area, page, err := a.Indicators.Statistics(r.Context(), httpx.Actor(r), r.PathValue("slug"), year, p)
	if err != nil {
		return err
	}
	out := apitypes.Map(page.Items, func(s indicator.Statistic) apitypes.Statistic { return statOut(area.Slug, s) })
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(out, page.Next))
}

func (a *API) enterStatistic(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.NewStatistic
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	var f errs.Fields
	if body.From == "" {
		f.Add("from", "error.required")
	}
	if body.To == "" {
		f.Add("to", "error.required")
	}
	if body.Value == nil {
		f.Add("value", "error.required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	p, err := readPeriod(a.Indicators.Today(), body.From, body.To)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	st, replaced, err := a.Indicators.EnterStatisticNoted(r.Context(), httpx.Actor(r), slug, body.Indicator, p, *body.Value, body.Note)
	if err != nil {
		return err
	}
	if replaced {
		return httpx.JSON(w, http.StatusOK, statOut(slug, st))
	}
	return located(w, idPath("/api/v1/statistics/", st.ID, ""), statOut(slug, st))
}

func (a *API) deleteStatistic(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Indicators.DeleteStatistic(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func factsOut(f bulletin.Facts) apitypes.Facts {
	out := apitypes.Facts{Zone: f.Zone, City: f.City, Period: f.Period.String(), Date: apitypes.Date(f.Date), N: f.N, S: f.S, L: f.L}
	if len(f.Rank) > 0 {
		out.Rank = map[string]apitypes.FactRank{}
		for k, r := range f.Rank {
			out.Rank[k] = apitypes.FactRank{Position: r.Position, Of: r.Of, Tied: r.Tied}
		}
	}
	return out
}

func itemOut(it bulletin.Item) apitypes.BulletinItem {
	return apitypes.BulletinItem{Module: it.Module, Key: it.Key, Version: it.Version, Headline: it.Headline, Text: it.Body, Facts: factsOut(it.Facts)}
}

func (a *API) getBulletin(w http.ResponseWriter, r *http.Request) error {
	p, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	_, items, err := a.Bulletins.Items(r.Context(), httpx.Actor(r), r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := make([]apitypes.BulletinItem, 0, len(items))
	for _, it := range items {
		x := itemOut(it)
		x.Flags = a.flagsOut(lang, it)
		out = append(out, x)
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(out))
}

func templateOut(t bulletin.TemplateState) apitypes.BulletinTemplate {
	out := apitypes.BulletinTemplate{Module: t.Module, Key: t.Key, Version: t.Version, Headline: t.Headline, Body: t.Body, Custom: t.Custom}
	if fm, ok := t.FormOf(); ok {
		out.Form = formOut(fm)
	}
	return out
}

func (a *API) listTemplates(w http.ResponseWriter, r *http.Request) error {
	_, list, err := a.Bulletins.Templates(r.Context(), httpx.Actor(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, templateOut)))
}

func (a *API) putTemplate(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.TemplateBody
	if err := httpx.DecodeJSON(w, r, 2*bulletin.MaxSourceBytes+4096, &body); err != nil {
		return err
	}
	var t bulletin.TemplateState
	var err error
	if body.Form != nil {
		t, err = a.Bulletins.SaveForm(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), r.PathValue("key"),
			formIn(body.Form), body.Version)
	} else {
		t, err = a.Bulletins.SaveTemplate(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), r.PathValue("key"),
			body.Headline, body.Body, body.Version)
	}
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, templateOut(t))
}

// previewTemplate renders an edit. A missing headline or body is a request
// that cannot be previewed (422); problems of the template itself are what
// the preview is for, and come back with it.
func (a *API) previewTemplate(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.PreviewBody
	if err := httpx.DecodeJSON(w, r, 2*bulletin.MaxSourceBytes+4096, &body); err != nil {
		return err
	}
	var f errs.Fields
	for name, src := range map[string]string{"headline": body.Headline, "body": body.Body} {
		if strings.TrimSpace(src) == "" && body.Form == nil {
			f.Add(name, "bulletin.error.source_required")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	var p indicator.Period
	if body.From != "" || body.To != "" {
		var err error
		if p, err = readPeriod(a.Indicators.Today(), body.From, body.To); err != nil {
			return err
		}
	}
	var it bulletin.Item
	var err error
	if body.Form != nil {
		it, err = a.Bulletins.PreviewForm(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), r.PathValue("key"), formIn(body.Form), p)
	} else {
		it, err = a.Bulletins.Preview(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), r.PathValue("key"), body.Headline, body.Body, p)
	}
	problems := map[string]string{}
	if err != nil {
		var e *errs.Error
		if !asInvalid(err, &e) {
			return err
		}
		for f, m := range e.Fields {
			problems[f] = a.Catalog.Msg(a.lang(r), m)
		}
	}
	return httpx.JSON(w, http.StatusOK, apitypes.Preview{Headline: it.Headline, Text: it.Body, Errors: problems})
}

// asInvalid reports whether err is a validation error (the preview's
// problems), as opposed to a refusal or a failure.
func asInvalid(err error, e **errs.Error) bool {
	return errs.KindOf(err) == errs.Invalid && errors.As(err, e)
}

func savedOut(sv bulletin.Saved) apitypes.SavedBulletin {
	return apitypes.SavedBulletin{ID: sv.ID, Zone: sv.Item.Zone, Period: sv.Period.String(), Module: sv.Item.Module, Key: sv.Item.Key,
		Version: sv.Item.Version, Date: apitypes.Date(sv.Item.Date), Headline: sv.Item.Headline, Text: sv.Item.Body,
		Facts: factsOut(sv.Item.Facts), SavedBy: sv.SavedByName, SavedAt: sv.SavedAt}
}

func (a *API) listSaved(w http.ResponseWriter, r *http.Request) error {
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	_, page, err := a.Bulletins.SavedList(r.Context(), httpx.Actor(r), r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, savedOut), page.Next))
}

func (a *API) saveBulletin(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.PeriodBody
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	p, err := readPeriod(a.Indicators.Today(), body.From, body.To)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	list, err := a.Bulletins.Save(r.Context(), httpx.Actor(r), slug, p)
	if err != nil {
		return err
	}
	// Several items are saved at once: the zone's list holds them.
	return located(w, "/api/v1/zones/"+url.PathEscape(slug)+"/bulletins", apitypes.ListOf(apitypes.Map(list, savedOut)))
}

func (a *API) getSaved(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	sv, err := a.Bulletins.SavedItem(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, savedOut(sv))
}
