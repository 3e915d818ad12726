package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// noData is what a page shows instead of a row of zeros when its period
// has no data: 暂无数据, and a link to the latest period that has some.
type noData struct {
	Text  string
	Href  string // "" when nothing has data at all
	Label string
}

// dataIndicators are the figures whose presence makes a period worth
// showing on the zone pages and the bulletin: the dashboard's headline
// figures and the other modules' main flows and stocks.
func dataIndicators() []string {
	return append(indicator.DefaultDashboard().Headline, indicator.HonourAwarded, indicator.HonourHeld,
		indicator.InvestSigned, indicator.ProjectInvestment, indicator.TalentGranted)
}

// noDataFor says that p has no data for areas and offers the latest period
// with data up to this month, as base?from=…&to=… (or base?year=… when
// byYear). The offered period is never p itself.
func (w *Web) noDataFor(r *http.Request, areas []zone.Area, p indicator.Period, base string, byYear bool) (*noData, error) {
	return w.noDataUpTo(r, areas, p, base, byYear, indicator.MonthOfDate(w.Indicators.Today()))
}

// newsNoDataFor is noDataFor for the pages that write news: the period
// offered ends with the last whole month, so it has a year-on-year change
// (indicator.PartialOn).
func (w *Web) newsNoDataFor(r *http.Request, areas []zone.Area, p indicator.Period, base string) (*noData, error) {
	return w.noDataUpTo(r, areas, p, base, false, indicator.MonthOfDate(w.Indicators.Today()).Add(-1))
}

// noDataUpTo is noDataFor offering periods that end by month upTo.
func (w *Web) noDataUpTo(r *http.Request, areas []zone.Area, p indicator.Period, base string, byYear bool, upTo indicator.YM) (*noData, error) {
	lang := w.lang(r)
	nd := &noData{Text: w.Catalog.T(lang, "indicator.ui.period_empty", p.Label(lang))}
	if byYear {
		nd.Text = w.Catalog.T(lang, "indicator.ui.period_empty", indicator.Must(indicator.Year(p.To.Year())).Label(lang))
	}
	m, ok, err := w.Indicators.LatestWithData(r.Context(), httpx.Actor(r), areas, dataIndicators(), upTo)
	if err != nil {
		return nil, err
	}
	if !ok {
		nd.Text += w.Catalog.T(lang, "indicator.ui.no_data_at_all")
		return nd, nil
	}
	latest := indicator.LatestPeriod(m)
	q := url.Values{"from": {latest.From.String()}, "to": {latest.To.String()}}
	label := latest.Label(lang)
	if byYear {
		q = url.Values{"year": {strconv.Itoa(m.Year())}}
		label = indicator.Must(indicator.Year(m.Year())).Label(lang)
		if m.Year() == p.To.Year() {
			return nd, nil
		}
	} else if latest == p {
		return nd, nil
	}
	nd.Href, nd.Label = base+"?"+q.Encode(), w.Catalog.T(lang, "indicator.ui.latest_with_data", label)
	return nd, nil
}
