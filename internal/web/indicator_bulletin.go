package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/zone"
)

// factRow is one fact an item was written from, as the page lists it.
type factRow struct {
	Key   string
	Value string
}

type itemView struct {
	Module       string
	Headline     string
	Paras        []string
	Version      int
	Facts        []factRow
	TemplateHref string
}

// facts lists an item's facts in a stable order, amounts also in 亿元/万元.
func factRows(f bulletin.Facts) []factRow {
	var out []factRow
	for _, k := range slices.Sorted(maps.Keys(f.N)) {
		v := strconv.FormatInt(f.N[k], 10)
		if strings.Contains(k, "amount") || strings.Contains(k, "target") {
			v += " (" + bulletin.Money(f.N[k]) + ")"
		}
		out = append(out, factRow{Key: k, Value: v})
	}
	for _, k := range slices.Sorted(maps.Keys(f.S)) {
		out = append(out, factRow{Key: k, Value: f.S[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(f.L)) {
		out = append(out, factRow{Key: k, Value: strings.Join(f.L[k], "、")})
	}
	for _, k := range slices.Sorted(maps.Keys(f.Rank)) {
		out = append(out, factRow{Key: "rank." + k, Value: f.Rank[k].Label(i18n.ZH)})
	}
	return out
}

func (w *Web) itemView(lang i18n.Lang, slug string, p indicator.Period, it bulletin.Item) itemView {
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	return itemView{Module: w.Catalog.T(lang, bulletin.ModuleKey(it.Module)), Headline: it.Headline, Paras: it.Paragraphs(),
		Version: it.Version, Facts: factRows(it.Facts),
		TemplateHref: "/zones/" + slug + "/bulletin-templates/" + url.PathEscape(it.Module) + "/" + url.PathEscape(it.Key) + "?" + q.Encode()}
}

type savedRow struct {
	ID       int64
	Headline string
	Period   string
	SavedBy  string
	SavedAt  string
}

type bulletinData struct {
	Area       zone.Area
	AreaName   string
	Period     indicator.Period
	Picker     periodPicker
	Items      []itemView
	Saved      []savedRow
	SavedPager pager
	Templates  []templateLink
	CanWrite   bool
	PageHref   string
	Done       string
	NoData     *noData // no item for the period: 暂无数据 and the latest period with data
}

type templateLink struct {
	Module string
	Href   string
	Custom bool
}

// chinaTime is the zone instants are shown in.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*3600) }

func (w *Web) bulletinPage(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	p, err := w.periodOf(r)
	if err != nil {
		return err
	}
	area, items, err := w.Bulletins.Items(r.Context(), a, r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	d := bulletinData{Area: area, AreaName: areaLabel(lang, area), Period: p, Picker: w.picker(r, "/zones/"+area.Slug+"/bulletin", p),
		CanWrite: w.Policy.Can(a.Role, indicator.ActionBulletinWrite), PageHref: "/bulletins/page?" + q.Encode()}
	for _, it := range items {
		d.Items = append(d.Items, w.itemView(lang, area.Slug, p, it))
	}
	_, tpls, err := w.Bulletins.Templates(r.Context(), a, area.Slug)
	if err != nil {
		return err
	}
	for _, t := range tpls {
		d.Templates = append(d.Templates, templateLink{Module: w.Catalog.T(lang, bulletin.ModuleKey(t.Module)), Custom: t.Custom,
			Href: "/zones/" + area.Slug + "/bulletin-templates/" + url.PathEscape(t.Module) + "/" + url.PathEscape(t.Key) + "?" + q.Encode()})
	}
	_, saved, err := w.Bulletins.SavedList(r.Context(), a, area.Slug, pageOf(r, "cursor"))
	if err != nil {
		return err
	}
	d.SavedPager = pagerOf(r.URL.Query(), "/zones/"+area.Slug+"/bulletin", "cursor", saved.Next, "#saved-list")
	for _, sv := range saved.Items {
		d.Saved = append(d.Saved, savedRow{ID: sv.ID, Headline: sv.Item.Headline, Period: sv.Period.Label(lang), SavedBy: sv.SavedByName,
			SavedAt: sv.SavedAt.In(chinaTime()).Format("2006-01-02 15:04")})
	}
	if r.URL.Query().Get("done") != "" {
		d.Done = w.Catalog.T(lang, "bulletin.ui.saved")
	}
	if len(d.Items) == 0 {
		if d.NoData, err = w.noDataFor(r, []zone.Area{area}, p, "/zones/"+area.Slug+"/bulletin", false); err != nil {
			return err
		}
	}
	return w.render(rw, r, http.StatusOK, "bulletin", Page{Title: "bulletin.ui.title", Data: d})
}

func (w *Web) bulletinSave(rw http.ResponseWriter, r *http.Request) error {
	from, to := r.PostFormValue("from"), r.PostFormValue("to")
	fm, err1 := indicator.ParseYM(from)
	tm, err2 := indicator.ParseYM(to)
	if err1 != nil || err2 != nil {
		return errs.Fields{"from": errs.M("indicator.error.month_format", from+".."+to)}.Err()
	}
	p, err := indicator.Custom(fm, tm)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if _, err := w.Bulletins.Save(r.Context(), httpx.Actor(r), slug, p); err != nil {
		return err
	}
	http.Redirect(rw, r, "/zones/"+slug+"/bulletin?"+url.Values{"from": {from}, "to": {to}, "done": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}

type templateData struct {
	Area     zone.Area
	AreaName string
	Module   string
	Action   string
	Headline string
	Body     string
	Version  int
	Custom   bool
	From     string
	To       string
	Preview  *itemView
	Problems []string
	CanWrite bool
	Back     string
	Done     string
	Helpers  []string
}

// templateHelpers lists what a template may call, for the editor's help.
func templateHelpers() []string {
	return []string{
		`{{.Zone}} {{.City}} {{.Period}} {{.Date}}`,
		`{{count .N.count "项"}}`, `{{money .N.amount}}`, `{{moneyIn .N.amount "万元" 1}}`,
		`{{yoy (change .N.amount (opt .N "prev_amount")) 0 "上年同期无登记"}}`,
		`{{target .City .N.amount (opt .N "target")}}`, `{{with completion .N.amount (opt .N "target")}}…{{end}}`,
		`{{if has .Rank "amount"}}{{rank .Rank.amount .City}}{{end}}`,
		`{{months .Period}} {{period .Period}} {{when .Period .Date}}`, `{{pct (share .N.a .N.b) 1}}`, `{{join .L.names "、" "和"}}`,
	}
}

func (w *Web) templateData(r *http.Request, area zone.Area, st bulletin.TemplateState, p indicator.Period) templateData {
	lang := w.lang(r)
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	return templateData{Area: area, AreaName: areaLabel(lang, area), Module: w.Catalog.T(lang, bulletin.ModuleKey(st.Module)),
		Action:   "/zones/" + area.Slug + "/bulletin-templates/" + url.PathEscape(st.Module) + "/" + url.PathEscape(st.Key),
		Headline: st.Headline, Body: st.Body, Version: st.Version, Custom: st.Custom, From: p.From.String(), To: p.To.String(),
		CanWrite: w.Policy.Can(httpx.Actor(r).Role, indicator.ActionBulletinWrite),
		Back:     "/zones/" + area.Slug + "/bulletin?" + q.Encode(), Helpers: templateHelpers()}
}

// preview renders the editor's text and collects its problems as lines.
func (w *Web) preview(r *http.Request, d *templateData, module, key string, p indicator.Period) error {
	lang := w.lang(r)
	it, err := w.Bulletins.Preview(r.Context(), httpx.Actor(r), d.Area.Slug, module, key, d.Headline, d.Body, p)
	if err != nil && !errs.Is(err, errs.Invalid) {
		return err
	}
	v := w.itemView(lang, d.Area.Slug, p, it)
	d.Preview = &v
	if err != nil {
		var e *errs.Error
		asErrs(err, &e)
		for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
			d.Problems = append(d.Problems, k+": "+w.Catalog.Msg(lang, e.Fields[k]))
		}
	}
	return nil
}

func (w *Web) templatePage(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.periodOf(r)
	if err != nil {
		return err
	}
	module, key := r.PathValue("module"), r.PathValue("key")
	area, st, err := w.Bulletins.Template(r.Context(), httpx.Actor(r), r.PathValue("slug"), module, key)
	if err != nil {
		return err
	}
	d := w.templateData(r, area, st, p)
	if err := w.preview(r, &d, module, key, p); err != nil {
		return err
	}
	if r.URL.Query().Get("done") != "" {
		d.Done = w.Catalog.T(w.lang(r), "bulletin.ui.template_saved", st.Version)
	}
	return w.render(rw, r, http.StatusOK, "bulletin_template", Page{Title: "bulletin.ui.template_title", Data: d})
}

// templatePost previews the edited text (action=preview) or saves it as the
// zone's next version (action=save). Both need the right to write bulletins:
// the editor is the writers' tool.
func (w *Web) templatePost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, indicator.ActionBulletinWrite); err != nil {
		return err
	}
	module, key, slug := r.PathValue("module"), r.PathValue("key"), r.PathValue("slug")
	area, st, err := w.Bulletins.Template(r.Context(), a, slug, module, key)
	if err != nil {
		return err
	}
	var p indicator.Period
	if fm, err := indicator.ParseYM(r.PostFormValue("from")); err == nil {
		if tm, err := indicator.ParseYM(r.PostFormValue("to")); err == nil {
			p, _ = indicator.Custom(fm, tm)
		}
	}
	st.Headline, st.Body = r.PostFormValue("headline"), r.PostFormValue("body")
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	d := w.templateData(r, area, st, p)
	d.Version = base
	status := http.StatusOK
	if r.PostFormValue("action") == "save" {
		saved, err := w.Bulletins.SaveTemplate(r.Context(), a, slug, module, key, st.Headline, st.Body, base)
		if err == nil {
			q := url.Values{"from": {d.From}, "to": {d.To}, "done": {"1"}}
			http.Redirect(rw, r, d.Action+"?"+q.Encode(), http.StatusSeeOther)
			_ = saved
			return nil
		}
		if k := errs.KindOf(err); k != errs.Invalid && k != errs.Conflict {
			return err
		}
		status = http.StatusUnprocessableEntity
		if errs.Is(err, errs.Conflict) {
			status = http.StatusConflict
			d.Problems = append(d.Problems, w.errText(r, err))
		}
	}
	if err := w.preview(r, &d, module, key, p); err != nil {
		return err
	}
	return w.render(rw, r, status, "bulletin_template", Page{Title: "bulletin.ui.template_title", Data: d})
}

type pageData struct {
	Title     string
	Date      string
	Period    indicator.Period
	Picker    periodPicker
	Lead      *itemView
	Items     []itemView
	Headlines []string
	NoData    *noData // no item for the period: 暂无数据 and the latest period with data
}

// newspaperPage lays the items of every zone the reader sees for a period
// out as a printable page: masthead, the lead item across the top with the
// largest headline, the others in columns, like the seed's page 5.
func (w *Web) newspaperPage(rw http.ResponseWriter, r *http.Request) error {
	lang := w.lang(r)
	p, err := w.periodOf(r)
	if err != nil {
		return err
	}
	page, err := w.Bulletins.Page(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	d := pageData{Title: page.Title, Date: page.Date.String(), Period: p, Picker: w.picker(r, "/bulletins/page", p), Headlines: page.Headlines()}
	for i, pl := range page.Items {
		v := w.itemView(lang, "", p, pl.Item)
		if i == 0 {
			d.Lead = &v
			continue
		}
		d.Items = append(d.Items, v)
	}
	if d.Lead == nil {
		zones, err := w.Indicators.Zones(r.Context(), httpx.Actor(r))
		if err != nil {
			return err
		}
		if d.NoData, err = w.noDataFor(r, zones, p, "/bulletins/page", false); err != nil {
			return err
		}
	}
	return w.render(rw, r, http.StatusOK, "bulletin_page", Page{Title: "bulletin.ui.page_title", Data: d})
}

type savedData struct {
	Saved    bulletin.Saved
	Item     itemView
	Period   string
	SavedAt  string
	Template string
}

func (w *Web) savedPage(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sv, err := w.Bulletins.SavedItem(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	lang := w.lang(r)
	d := savedData{Saved: sv, Item: w.itemView(lang, "", sv.Period, sv.Item), Period: sv.Period.Label(lang),
		SavedAt: sv.SavedAt.In(chinaTime()).Format("2006-01-02 15:04")}
	return w.render(rw, r, http.StatusOK, "bulletin_saved", Page{Title: sv.Item.Headline, Data: d})
}
