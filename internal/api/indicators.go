package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/zone"
)

// indicatorRoutes lists the indicator, target, ranking and bulletin endpoints.
func (a *API) indicatorRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.API, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/api/v1/indicators", a.listIndicators),
		r("GET", "/api/v1/indicators/{id}", a.getFigure),
		r("GET", "/api/v1/indicators/{id}/ranking", a.getRanking),
		r("GET", "/api/v1/zones/{slug}/dashboard", a.getDashboard),
		r("GET", "/api/v1/zones/{slug}/targets", a.listTargets),
		r("PUT", "/api/v1/targets/{zone}/{indicator}/{year}", a.putTarget),
		r("DELETE", "/api/v1/targets/{zone}/{indicator}/{year}", a.deleteTarget),
		r("GET", "/api/v1/zones/{slug}/statistics", a.listStatistics),
		r("POST", "/api/v1/zones/{slug}/statistics", a.enterStatistic),
		r("DELETE", "/api/v1/statistics/{id}", a.deleteStatistic),
		r("GET", "/api/v1/zones/{slug}/bulletin", a.getBulletin),
		r("GET", "/api/v1/zones/{slug}/bulletin-templates", a.listTemplates),
		r("PUT", "/api/v1/zones/{slug}/bulletin-templates/{module}/{key}", a.putTemplate),
		r("POST", "/api/v1/zones/{slug}/bulletin-templates/{module}/{key}/preview", a.previewTemplate),
		r("GET", "/api/v1/zones/{slug}/bulletins", a.listSaved),
		r("POST", "/api/v1/zones/{slug}/bulletins", a.saveBulletin),
		r("GET", "/api/v1/bulletins/{id}", a.getSaved),
	}
}

// indicatorDocs documents them.
func indicatorDocs() Docs {
	period := []string{"from", "to"}
	s := indicatorSchemas()
	return Docs{
		"GET /api/v1/indicators":                                              {Summary: "The indicator catalog, every version of every definition", Tag: "indicators", Response: "IndicatorList", Schemas: s},
		"GET /api/v1/indicators/{id}":                                         {Summary: "One indicator of one zone over a period (from, to as YYYY-MM; default this year to date), with the same months a year earlier, YoY, the annual target, completion and rank (scope city, province or national; default city)", Tag: "indicators", Response: "Figure", Query: []string{"zone", "from", "to", "scope", "dim"}},
		"GET /api/v1/indicators/{id}/ranking":                                 {Summary: "Rank every area of a scope by an indicator; values of areas outside the caller's scope are null, positions are shown", Tag: "indicators", Response: "Ranking", Query: []string{"scope", "area", "from", "to", "dim"}},
		"GET /api/v1/zones/{slug}/dashboard":                                  {Summary: "A zone's dashboard: headline figures, monthly trends, breakdowns and ranks, all from rollups", Tag: "indicators", Response: "Dashboard", Query: period},
		"GET /api/v1/zones/{slug}/targets":                                    {Summary: "A zone's targetable indicators for a year with targets and completion to date", Tag: "targets", Response: "TargetList", Query: []string{"year"}},
		"PUT /api/v1/targets/{zone}/{indicator}/{year}":                       {Summary: "Set a zone's annual target (city and province users, zones of their region)", Tag: "targets", Request: "TargetValue", Response: "Target"},
		"DELETE /api/v1/targets/{zone}/{indicator}/{year}":                    {Summary: "Remove a zone's annual target (city and province users)", Tag: "targets", Status: 204},
		"GET /api/v1/zones/{slug}/statistics":                                 {Summary: "Statistics entered for an area, by the year their period ends in, by indicator and period, keyset-paginated", Tag: "statistics", Response: "StatisticList", Query: append([]string{"year"}, listq.PageParams...)},
		"POST /api/v1/zones/{slug}/statistics":                                {Summary: "Enter a statistic for an area and period (201; 200 when it replaces the entry for the same period)", Tag: "statistics", Request: "NewStatistic", Response: "Statistic", Status: 201},
		"DELETE /api/v1/statistics/{id}":                                      {Summary: "Remove an entered statistic", Tag: "statistics", Status: 204},
		"GET /api/v1/zones/{slug}/bulletin":                                   {Summary: "News items (本报讯) written from the zone's figures for a period", Tag: "bulletins", Response: "BulletinItems", Query: period},
		"GET /api/v1/zones/{slug}/bulletin-templates":                         {Summary: "The zone's bulletin templates (its own edits or the defaults)", Tag: "bulletins", Response: "TemplateList"},
		"PUT /api/v1/zones/{slug}/bulletin-templates/{module}/{key}":          {Summary: "Save an edit of a template as its next version (send the version edited; 409 if someone saved since)", Tag: "bulletins", Request: "TemplateBody", Response: "BulletinTemplate"},
		"POST /api/v1/zones/{slug}/bulletin-templates/{module}/{key}/preview": {Summary: "Render an edited template against the zone's figures for a period (or sample figures), with every problem found", Tag: "bulletins", Request: "PreviewBody", Response: "Preview"},
		"GET /api/v1/zones/{slug}/bulletins":                                  {Summary: "Saved bulletin items of a zone, newest first, keyset-paginated", Tag: "bulletins", Response: "SavedPage", Query: listq.PageParams},
		"POST /api/v1/zones/{slug}/bulletins":                                 {Summary: "Write and save the zone's items for a period, with the figures they state", Tag: "bulletins", Request: "PeriodBody", Response: "SavedList", Status: 201},
		"GET /api/v1/bulletins/{id}":                                          {Summary: "One saved bulletin item with its facts", Tag: "bulletins", Response: "SavedBulletin"},
	}
}

func indicatorSchemas() map[string]any {
	tNum := map[string]any{"type": []string{"number", "null"}}
	tPct := map[string]any{"type": []string{"number", "null"}, "description": "percent, one decimal"}
	arr := func(item any) map[string]any { return map[string]any{"type": "array", "items": item} }
	rank := obj(map[string]any{"scope": tStr, "region": tStr, "position": tInt, "of": tInt, "tied": tBool, "with_data": tInt})
	figure := obj(map[string]any{"indicator": tStr, "name": tStr, "unit": tStr, "zone": tStr, "zone_name": tStr, "from": tStr, "to": tStr,
		"value": tNum, "previous": tNum, "yoy_pct": tPct, "change": tStr, "target": tNum, "completion_pct": tPct,
		"elapsed_pct": tPct, "ahead": tBool, "rank": rank}, "indicator", "zone", "from", "to", "value")
	saved := obj(map[string]any{"id": tInt, "zone": tStr, "period": tStr, "module": tStr, "key": tStr, "version": tInt, "date": tDate,
		"headline": tStr, "text": tStr, "facts": map[string]any{"type": "object"}, "saved_by": tStr, "saved_at": tStr})
	template := obj(map[string]any{"module": tStr, "key": tStr, "version": tInt, "headline": tStr, "body": tStr, "custom": tBool})
	target := obj(map[string]any{"zone": tStr, "indicator": tStr, "year": tInt, "value": tInt, "set_by": tStr, "set_at": tStr})
	stat := obj(map[string]any{"id": tInt, "zone": tStr, "indicator": tStr, "period": tStr, "from": tStr, "to": tStr, "value": tInt, "entered_by": tStr, "entered_at": tStr})
	return map[string]any{
		"Indicator": obj(map[string]any{"id": tStr, "name": tStr, "unit": tStr, "agg": tStr, "source": tStr, "numerator": tStr,
			"denominator": tStr, "dimensions": arr(tStr), "version": tInt, "valid_from": tInt}),
		"IndicatorList": obj(map[string]any{"items": arr(ref("Indicator"))}, "items"),
		"Figure":        figure,
		"Ranking": obj(map[string]any{"indicator": tStr, "scope": tStr, "region": tStr, "area": tStr, "from": tStr, "to": tStr, "of": tInt, "rank": rank,
			"items": arr(obj(map[string]any{"area": tStr, "name": tStr, "kind": tStr, "position": tInt, "tied": tBool, "value": tNum, "has_data": tBool}))}),
		"Dashboard": obj(map[string]any{"zone": tStr, "from": tStr, "to": tStr, "figures": arr(ref("Figure")),
			"trends":     arr(obj(map[string]any{"indicator": tStr, "months": arr(tStr), "values": arr(tNum), "previous": arr(tNum)})),
			"breakdowns": arr(obj(map[string]any{"indicator": tStr, "dimension": tStr, "total": tInt, "items": arr(obj(map[string]any{"code": tStr, "label": tStr, "value": tInt, "share_pct": tPct}))})),
			"ranks":      arr(obj(map[string]any{"indicator": tStr, "placings": arr(rank)}))}),
		"TargetList": obj(map[string]any{"items": arr(obj(map[string]any{"indicator": tStr, "name": tStr, "unit": tStr, "year": tInt,
			"target": tNum, "value": tNum, "from": tStr, "to": tStr, "completion_pct": tPct, "elapsed_pct": tPct}))}, "items"),
		"TargetValue":      obj(map[string]any{"value": tInt}, "value"),
		"Target":           target,
		"Statistic":        stat,
		"StatisticList":    pageOf("Statistic"),
		"NewStatistic":     obj(map[string]any{"indicator": tStr, "from": tStr, "to": tStr, "value": tInt}, "indicator", "from", "to", "value"),
		"BulletinItems":    obj(map[string]any{"items": arr(obj(map[string]any{"module": tStr, "key": tStr, "version": tInt, "headline": tStr, "text": tStr, "facts": map[string]any{"type": "object"}}))}, "items"),
		"BulletinTemplate": template,
		"TemplateList":     obj(map[string]any{"items": arr(ref("BulletinTemplate"))}, "items"),
		"TemplateBody":     obj(map[string]any{"headline": tStr, "body": tStr, "version": tInt}, "headline", "body"),
		"PreviewBody":      obj(map[string]any{"headline": tStr, "body": tStr, "from": tStr, "to": tStr}, "headline", "body"),
		"Preview":          obj(map[string]any{"headline": tStr, "text": tStr, "errors": map[string]any{"type": "object", "additionalProperties": tStr}}),
		"PeriodBody":       obj(map[string]any{"from": tStr, "to": tStr}, "from", "to"),
		"SavedBulletin":    saved,
		"SavedList":        obj(map[string]any{"items": arr(ref("SavedBulletin"))}, "items"),
		"SavedPage":        pageOf("SavedBulletin"),
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
func valueOrNull(def indicator.Definition, v indicator.Frac, has bool) any {
	if !has && def.Agg != indicator.AggSum {
		return nil
	}
	return number(v)
}

func rankJSON(p *indicator.Placing) any {
	if p == nil {
		return nil
	}
	return map[string]any{"scope": p.Scope, "region": p.Region, "position": p.Rank.Position, "of": p.Rank.Of,
		"tied": p.Rank.Tied, "with_data": p.WithData}
}

func (a *API) figureJSON(lang i18n.Lang, f indicator.Figure) map[string]any {
	out := map[string]any{
		"indicator": f.Def.ID, "name": a.Catalog.T(lang, f.Def.NameKey), "unit": f.Def.Unit,
		"zone": f.Area.Slug, "zone_name": areaName(lang, f.Area),
		"from": f.Period.From.String(), "to": f.Period.To.String(),
		"value": valueOrNull(f.Def, f.Value, f.Has), "previous": valueOrNull(f.Def, f.Prev, f.HasPrev),
		"yoy_pct": nil, "change": f.Change.Status.String(), "target": nil, "completion_pct": nil, "rank": rankJSON(f.Rank),
	}
	switch {
	case !f.Has && f.Def.Agg != indicator.AggSum:
		out["change"] = nil
	case f.Change.Up(), f.Change.Down():
		out["yoy_pct"] = pct(f.Change.Rate)
	case f.Change.Flat():
		out["yoy_pct"] = json.Number("0.0")
	}
	if f.Target != nil {
		out["target"] = f.Target.Value
	}
	if f.Progress != nil {
		out["completion_pct"] = pct(f.Progress.Completion)
		out["elapsed_pct"] = pct(f.Progress.Elapsed)
		out["ahead"] = f.Progress.Ahead()
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
	var out []map[string]any
	for _, d := range a.Indicators.Catalog.Definitions() {
		m := map[string]any{"id": d.ID, "name": a.Catalog.T(lang, d.NameKey), "unit": d.Unit, "agg": d.Agg, "source": d.Source,
			"dimensions": d.Dimensions, "version": d.Version, "valid_from": d.ValidFrom}
		if d.Dimensions == nil {
			m["dimensions"] = []string{}
		}
		if d.Agg == indicator.AggRatio {
			m["numerator"], m["denominator"] = d.Numerator, d.Denominator
		}
		out = append(out, m)
	}
	return httpx.JSON(w, http.StatusOK, map[string]any{"items": out})
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
	return httpx.JSON(w, http.StatusOK, a.figureJSON(a.lang(r), f))
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
	items := make([]map[string]any, 0, len(res.Entries))
	for _, e := range res.Entries {
		it := map[string]any{"area": e.Area.Slug, "name": areaName(lang, e.Area), "kind": e.Area.Kind,
			"position": e.Rank.Position, "tied": e.Rank.Tied, "value": nil, "has_data": nil}
		if e.Visible {
			it["value"], it["has_data"] = number(e.Value), e.Has
		}
		items = append(items, it)
	}
	return httpx.JSON(w, http.StatusOK, map[string]any{"indicator": res.Def.ID, "scope": res.Scope, "region": res.Region,
		"area": res.Of.Slug, "from": p.From.String(), "to": p.To.String(), "of": len(res.Entries), "rank": rankJSON(res.Placing), "items": items})
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
	figures := make([]map[string]any, 0, len(d.Figures))
	for _, f := range d.Figures {
		figures = append(figures, a.figureJSON(lang, f))
	}
	trends := make([]map[string]any, 0, len(d.Trends))
	for _, t := range d.Trends {
		months := make([]string, len(t.Months))
		cur, prev := make([]any, len(t.Months)), make([]any, len(t.Months))
		for i, m := range t.Months {
			months[i] = m.String()
			if t.HasCur[i] {
				cur[i] = t.Cur[i]
			}
			if t.HasPrev[i] {
				prev[i] = t.Prev[i]
			}
		}
		trends = append(trends, map[string]any{"indicator": t.Def.ID, "months": months, "values": cur, "previous": prev})
	}
	breakdowns := make([]map[string]any, 0, len(d.Breakdowns))
	for _, b := range d.Breakdowns {
		items := make([]map[string]any, 0, len(b.Items))
		for _, it := range b.Items {
			label := it.Code
			if k := indicator.DimValueKey(b.Dim, it.Code); k != "" {
				label = a.Catalog.T(lang, k)
			}
			items = append(items, map[string]any{"code": it.Code, "label": label, "value": it.Value, "share_pct": pct(it.Share)})
		}
		breakdowns = append(breakdowns, map[string]any{"indicator": b.Def.ID, "dimension": b.Dim, "total": b.Total, "items": items})
	}
	ranks := make([]map[string]any, 0, len(d.Ranks))
	for _, rl := range d.Ranks {
		var pl []any
		for i := range rl.Placings {
			pl = append(pl, rankJSON(&rl.Placings[i]))
		}
		ranks = append(ranks, map[string]any{"indicator": rl.Def.ID, "placings": pl})
	}
	return httpx.JSON(w, http.StatusOK, map[string]any{"zone": d.Area.Slug, "from": p.From.String(), "to": p.To.String(),
		"figures": figures, "trends": trends, "breakdowns": breakdowns, "ranks": ranks})
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
	items := make([]map[string]any, 0, len(lines))
	for _, l := range lines {
		it := map[string]any{"indicator": l.Def.ID, "name": a.Catalog.T(lang, l.Def.NameKey), "unit": l.Def.Unit, "year": year,
			"target": nil, "value": valueOrNull(l.Def, l.Value, l.Has), "from": l.Period.From.String(), "to": l.Period.To.String(),
			"completion_pct": nil, "elapsed_pct": nil}
		if l.Target != nil {
			it["target"] = l.Target.Value
		}
		if l.Progress != nil {
			it["completion_pct"], it["elapsed_pct"] = pct(l.Progress.Completion), pct(l.Progress.Elapsed)
		}
		items = append(items, it)
	}
	return httpx.JSON(w, http.StatusOK, map[string]any{"items": items})
}

func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return 0, errs.NotFoundf("indicator.entity.target")
	}
	return y, nil
}

func targetJSON(slug string, t indicator.Target) map[string]any {
	return map[string]any{"zone": slug, "indicator": t.Indicator, "year": t.Year, "value": t.Value, "set_by": t.SetByName, "set_at": t.SetAt}
}

func (a *API) putTarget(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var body struct {
		Value *int64 `json:"value"`
	}
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
	return httpx.JSON(w, http.StatusOK, targetJSON(r.PathValue("zone"), t))
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

func statJSON(slug string, s indicator.Statistic) map[string]any {
	return map[string]any{"id": s.ID, "zone": slug, "indicator": s.Indicator, "period": s.Period.String(),
		"from": s.Period.From.String(), "to": s.Period.To.String(), "value": s.Value, "entered_by": s.EnteredByName, "entered_at": s.EnteredAt}
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
	out := make([]map[string]any, 0, len(page.Items))
	for _, s := range page.Items {
		out = append(out, statJSON(area.Slug, s))
	}
	return httpx.JSON(w, http.StatusOK, items[map[string]any]{Items: out, Next: page.Next})
}

func (a *API) enterStatistic(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Indicator string `json:"indicator"`
		From      string `json:"from"`
		To        string `json:"to"`
		Value     *int64 `json:"value"`
	}
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
	st, replaced, err := a.Indicators.EnterStatistic(r.Context(), httpx.Actor(r), r.PathValue("slug"), body.Indicator, p, *body.Value)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if replaced {
		status = http.StatusOK
	}
	return httpx.JSON(w, status, statJSON(r.PathValue("slug"), st))
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

func itemJSON(it bulletin.Item) map[string]any {
	return map[string]any{"module": it.Module, "key": it.Key, "version": it.Version, "headline": it.Headline, "text": it.Body, "facts": it.Facts}
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
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		out = append(out, itemJSON(it))
	}
	return httpx.JSON(w, http.StatusOK, map[string]any{"items": out})
}

func templateJSON(t bulletin.TemplateState) map[string]any {
	return map[string]any{"module": t.Module, "key": t.Key, "version": t.Version, "headline": t.Headline, "body": t.Body, "custom": t.Custom}
}

func (a *API) listTemplates(w http.ResponseWriter, r *http.Request) error {
	_, list, err := a.Bulletins.Templates(r.Context(), httpx.Actor(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	items := make([]map[string]any, 0, len(list))
	for _, t := range list {
		items = append(items, templateJSON(t))
	}
	return httpx.JSON(w, http.StatusOK, map[string]any{"items": items})
}

func (a *API) putTemplate(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Headline string `json:"headline"`
		Body     string `json:"body"`
		Version  int    `json:"version"`
	}
	if err := httpx.DecodeJSON(w, r, 2*bulletin.MaxSourceBytes+4096, &body); err != nil {
		return err
	}
	t, err := a.Bulletins.SaveTemplate(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), r.PathValue("key"),
		body.Headline, body.Body, body.Version)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, templateJSON(t))
}

func (a *API) previewTemplate(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Headline string `json:"headline"`
		Body     string `json:"body"`
		From     string `json:"from"`
		To       string `json:"to"`
	}
	if err := httpx.DecodeJSON(w, r, 2*bulletin.MaxSourceBytes+4096, &body); err != nil {
		return err
	}
	var p indicator.Period
	if body.From != "" || body.To != "" {
		var err error
		if p, err = readPeriod(a.Indicators.Today(), body.From, body.To); err != nil {
			return err
		}
	}
	it, err := a.Bulletins.Preview(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), r.PathValue("key"), body.Headline, body.Body, p)
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
	return httpx.JSON(w, http.StatusOK, map[string]any{"headline": it.Headline, "text": it.Body, "errors": problems})
}

// asInvalid reports whether err is a validation error (the preview's
// problems), as opposed to a refusal or a failure.
func asInvalid(err error, e **errs.Error) bool {
	return errs.KindOf(err) == errs.Invalid && errors.As(err, e)
}

func savedJSON(sv bulletin.Saved) map[string]any {
	return map[string]any{"id": sv.ID, "zone": sv.Item.Zone, "period": sv.Period.String(), "module": sv.Item.Module, "key": sv.Item.Key,
		"version": sv.Item.Version, "date": sv.Item.Date, "headline": sv.Item.Headline, "text": sv.Item.Body, "facts": sv.Item.Facts,
		"saved_by": sv.SavedByName, "saved_at": sv.SavedAt}
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
	out := make([]map[string]any, 0, len(page.Items))
	for _, sv := range page.Items {
		out = append(out, savedJSON(sv))
	}
	return httpx.JSON(w, http.StatusOK, items[map[string]any]{Items: out, Next: page.Next})
}

func (a *API) saveBulletin(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	p, err := readPeriod(a.Indicators.Today(), body.From, body.To)
	if err != nil {
		return err
	}
	list, err := a.Bulletins.Save(r.Context(), httpx.Actor(r), r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	items := make([]map[string]any, 0, len(list))
	for _, sv := range list {
		items = append(items, savedJSON(sv))
	}
	return httpx.JSON(w, http.StatusCreated, map[string]any{"items": items})
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
	return httpx.JSON(w, http.StatusOK, savedJSON(sv))
}
