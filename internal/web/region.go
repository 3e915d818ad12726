package web

import (
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// A city, province or national user has no zone of its own: a module's
// entry in the navigation shows them the zones their scope covers side by
// side on the module's indicators (aggregates only, never a person), each
// zone linking to its own page of the module, then the main figures ranked
// — the city view's machinery (indicator.Service.Ranking, figTable panels,
// the period picker, the workbook).

// regionSpec is one module's summary.
type regionSpec struct {
	Action   string // the page's own path (the picker's form action)
	TitleKey string // "{0}" the region's name
	File     string // the workbook's name
	ZonePage func(slug string) string
	Columns  []string // indicator ids side by side
	Ranked   []string // indicator ids ranked with a chart each
}

func orgRegion() regionSpec {
	return regionSpec{Action: "/party", TitleKey: "org.ui.region_title", File: "party-talent",
		ZonePage: func(slug string) string { return "/zones/" + slug + "/party" },
		Columns: []string{indicator.OrgCoverageRate, indicator.OrgCovered, indicator.OrgShouldCover, indicator.OrgOrganisations,
			indicator.OrgOnlineBranch, indicator.OrgElectionsDue, indicator.TalentApplicants, indicator.TalentGranted, indicator.TalentSupport},
		Ranked: []string{indicator.OrgCoverageRate, indicator.TalentGranted}}
}

func investRegion() regionSpec {
	return regionSpec{Action: "/investment", TitleKey: "invest.region_title", File: "investment",
		ZonePage: func(slug string) string { return "/zones/" + slug + "/investment" },
		Columns: []string{indicator.InvestSigned, indicator.InvestSignedAmount, indicator.InvestStarted, indicator.InvestCompleted,
			indicator.InvestFundsArrived, indicator.InvestTrips, indicator.InvestVisits},
		Ranked: []string{indicator.InvestSignedAmount, indicator.InvestSigned}}
}

// rankScope is the ranking scope a region user's zones are set in.
func rankScope(r access.Role) indicator.Scope {
	switch r {
	case access.City:
		return indicator.ScopeCity
	case access.Province:
		return indicator.ScopeProvince
	}
	return indicator.ScopeNational
}

// regionName names the actor's region from one of its zones.
func regionName(lang i18n.Lang, a access.Actor, z zone.Area) string {
	en := lang == i18n.EN
	switch {
	case a.Role == access.City && en && z.CityNameEN != "":
		return z.CityNameEN
	case a.Role == access.City:
		return z.CityName
	case a.Role == access.Province && en && z.ProvinceEN != "":
		return z.ProvinceEN
	case a.Role == access.Province:
		return z.ProvinceName
	case en:
		return "China"
	}
	return "全国"
}

func (w *Web) regionSummary(rw http.ResponseWriter, r *http.Request, spec regionSpec) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	p, err := w.periodOf(r)
	if err != nil {
		return err
	}
	// The zones the actor's scope covers (access.Scope, through the store).
	zones, err := w.Indicators.Zones(r.Context(), a)
	if err != nil {
		return err
	}
	region := regionName(lang, a, zone.Area{})
	if len(zones) > 0 {
		region = regionName(lang, a, zones[0])
	}
	picker, err := w.picker(r, spec.Action, p)
	if err != nil {
		return err
	}
	v := comparisonData{Region: region, Period: p, XLSX: xlsxURL(r), Picker: picker,
		Title: w.Catalog.T(lang, spec.TitleKey, region)}
	scope, slug := rankScope(a.Role), ""
	if scope != indicator.ScopeNational && len(zones) > 0 {
		slug = zones[0].Slug
	}
	results := map[string]indicator.RankingResult{}
	for _, id := range append(append([]string{}, spec.Columns...), spec.Ranked...) {
		if _, done := results[id]; done || len(zones) == 0 {
			continue
		}
		res, err := w.Indicators.Ranking(r.Context(), a, id, indicator.Total, scope, slug, p)
		if err != nil {
			return err
		}
		results[id] = res
	}
	// Only the actor's zones, each value only where the scope shows it.
	mine := map[int64]bool{}
	for _, z := range zones {
		mine[z.ID] = true
	}
	entry := func(id string, areaID int64) (indicator.RankEntry, bool) {
		for _, e := range results[id].Entries {
			if e.Area.ID == areaID {
				return e, e.Visible
			}
		}
		return indicator.RankEntry{}, false
	}
	side := figTable{ID: "zones", Wide: true, Title: w.Catalog.T(lang, "indicator.ui.side_by_side"), Note: p.Label(lang),
		Columns: []string{w.Catalog.T(lang, "field.name")}}
	for _, id := range spec.Columns {
		if def, ok := w.Indicators.Catalog.Get(id, p.To.Year()); ok {
			side.Columns = append(side.Columns, w.Catalog.T(lang, def.NameKey))
		}
	}
	for _, z := range zones {
		row := []figCell{{Text: areaLabel(lang, z), Href: spec.ZonePage(z.Slug)}}
		for _, id := range spec.Columns {
			def, ok := w.Indicators.Catalog.Get(id, p.To.Year())
			if !ok {
				continue
			}
			text := "—"
			if e, visible := entry(id, z.ID); visible {
				text = w.sideValue(lang, def, e.Value, e.Has)
			}
			row = append(row, figCell{Text: text, Num: true})
		}
		side.Rows = append(side.Rows, row)
	}
	tables := []figTable{side}
	for _, id := range spec.Ranked {
		res, ok := results[id]
		if !ok {
			continue
		}
		var entries []indicator.RankEntry
		for _, e := range res.Entries {
			if mine[e.Area.ID] {
				entries = append(entries, e)
			}
		}
		tables = append(tables, w.rankingTable(lang, res.Def, "rank-"+strings.ReplaceAll(id, ".", "-"), w.Catalog.T(lang, res.Def.NameKey),
			p, entries, 0, 0))
	}
	if wantsXLSX(r) {
		return writeFigXLSX(rw, spec.File+"-"+p.String()+".xlsx", r.URL.Query().Get("chart"), tables)
	}
	for _, t := range tables {
		v.Panels = append(v.Panels, w.panel(lang, t, v.XLSX))
	}
	return w.render(rw, r, http.StatusOK, "indicator_city", Page{Title: v.Title, Data: v})
}
