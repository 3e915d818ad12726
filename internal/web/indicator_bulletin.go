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

// factRow is one fact an item was written from, as the page lists it:
// its name and its value with its unit.
type factRow struct {
	Key   string
	Value string
}

type itemView struct {
	Module       string
	ModuleID     string
	Headline     string
	Paras        []string
	Version      int
	Facts        []factRow
	Flags        []string
	TemplateHref string
	Work         string
	WorkBy       string
	Sample       bool // written with the newspaper page's sample facts, not the zone's
}

// factRows names an item's facts for the reader, with their units.
func (w *Web) factRows(lang i18n.Lang, module string, f bulletin.Facts) []factRow {
	var out []factRow
	for _, r := range bulletin.FactRows(module, f, lang) {
		out = append(out, factRow{Key: w.Catalog.T(lang, r.NameKey), Value: r.Value})
	}
	return out
}

// flagTexts words the reasons an item reads badly.
func (w *Web) flagTexts(lang i18n.Lang, it bulletin.Item) []string {
	var out []string
	for _, f := range it.Flags {
		name := w.Catalog.T(lang, bulletin.FactKey(it.Module, f.Fact))
		out = append(out, w.Catalog.Msg(lang, errs.M(f.Key, append([]any{name}, f.Words(lang)...)...)))
	}
	return out
}

func (w *Web) itemView(lang i18n.Lang, slug string, p indicator.Period, it bulletin.Item) itemView {
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	return itemView{Module: w.Catalog.T(lang, bulletin.ModuleKey(it.Module)), ModuleID: it.Module, Headline: it.Headline, Paras: it.Paragraphs(),
		Version: it.Version, Facts: w.factRows(lang, it.Module, it.Facts), Flags: w.flagTexts(lang, it), Sample: it.Sample,
		TemplateHref: "/zones/" + slug + "/bulletin-templates/" + url.PathEscape(it.Module) + "/" + url.PathEscape(it.Key) + "?" + q.Encode()}
}

// revisionView is a published item whose figures moved since.
type revisionView struct {
	Headline string
	Href     string
	Module   string
	Period   string
	SavedBy  string
	SavedAt  string
	Changes  []changeView
	Edits    []editView
}

type changeView struct{ Name, Old, New string }

type editView struct {
	At, By, What string
	Count        int
}

func (w *Web) revisionViews(r *http.Request, revs []bulletin.Revision) []revisionView {
	lang := w.lang(r)
	var who []string
	for _, rv := range revs {
		who = append(who, rv.Saved.SavedByName)
		for _, e := range rv.Edits {
			who = append(who, e.By)
		}
	}
	people, _ := w.Auth.DisplayNames(r.Context(), who) // a missing name shows the username
	var out []revisionView
	text := func(module, fact string, v int64, has bool) string {
		if !has {
			return w.Catalog.T(lang, "bulletin.ui.absent")
		}
		return bulletin.FactValue(module, fact, v, lang)
	}
	for _, rv := range revs {
		m := rv.Saved.Item.Module
		v := revisionView{Headline: rv.Saved.Item.Headline, Href: "/bulletins/" + strconv.FormatInt(rv.Saved.ID, 10),
			Module: w.Catalog.T(lang, bulletin.ModuleKey(m)), Period: rv.Saved.Period.Label(lang), SavedBy: personText(people, rv.Saved.SavedByName),
			SavedAt: rv.Saved.SavedAt.In(chinaTime()).Format("2006-01-02 15:04")}
		for _, c := range rv.Changes {
			v.Changes = append(v.Changes, changeView{Name: w.Catalog.T(lang, bulletin.FactKey(m, c.Fact)),
				Old: text(m, c.Fact, c.Old, c.Had), New: text(m, c.Fact, c.New, c.Has)})
		}
		for _, e := range rv.Edits {
			what := "bulletin.ui.edit." + e.Entity
			if !w.Catalog.Has(lang, what) {
				what = "bulletin.ui.edit.other"
			}
			v.Edits = append(v.Edits, editView{At: e.At.In(chinaTime()).Format("2006-01-02 15:04"), By: personText(people, e.By),
				What: w.Catalog.T(lang, what), Count: e.Count})
		}
		out = append(out, v)
	}
	return out
}

// Revisions returns, for the dashboard, the zone's published items of p
// whose figures moved since; nothing for readers who cannot see them.
func (w *Web) Revisions(r *http.Request, slug string, p indicator.Period) []revisionView {
	_, revs, err := w.Bulletins.Revisions(r.Context(), httpx.Actor(r), slug, p)
	if err != nil {
		return nil
	}
	return w.revisionViews(r, revs)
}

type savedRow struct {
	ID       int64
	Headline string
	Period   string
	SavedBy  string
	SavedAt  string
}

type bulletinData struct {
	// Partial says the period runs into a month not over yet: its items
	// are to date, without year-on-year change, and flagged.
	Partial    *partialNote
	Area       zone.Area
	AreaName   string
	Period     indicator.Period
	Picker     periodPicker
	Items      []itemView
	Flagged    bool // some item is held back for its figures
	Saved      []savedRow
	SavedPager pager
	Templates  []templateLink
	Revisions  []revisionView
	CanWrite   bool
	PageHref   string
	DocxHref   string
	PDFHref    string
	WorkAction string
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
	p, err := w.newsPeriodOf(r)
	if err != nil {
		return err
	}
	area, items, err := w.Bulletins.Items(r.Context(), a, r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	picker, err := w.picker(r, "/zones/"+area.Slug+"/bulletin", p)
	if err != nil {
		return err
	}
	d := bulletinData{Area: area, AreaName: areaLabel(lang, area), Period: p, Picker: picker,
		CanWrite: w.Policy.Can(a.Role, indicator.ActionBulletinWrite), PageHref: "/bulletins/page?" + q.Encode(),
		DocxHref: downloadHref("/zones/"+area.Slug+"/bulletin/download", "docx", p), PDFHref: downloadHref("/zones/"+area.Slug+"/bulletin/download", "pdf", p),
		WorkAction: "/zones/" + area.Slug + "/bulletin/work", Partial: w.partialOf(lang, "/zones/"+area.Slug+"/bulletin", p, w.Indicators.Today())}
	_, notes, err := w.Bulletins.WorkNotes(r.Context(), a, area.Slug, p)
	if err != nil {
		return err
	}
	who := make([]string, 0, len(notes))
	for _, n := range notes {
		who = append(who, n.SavedByName)
	}
	_, saved, err := w.Bulletins.SavedList(r.Context(), a, area.Slug, pageOf(r, "cursor"))
	if err != nil {
		return err
	}
	for _, sv := range saved.Items {
		who = append(who, sv.SavedByName)
	}
	people, err := w.Auth.DisplayNames(r.Context(), who)
	if err != nil {
		return err
	}
	for _, it := range items {
		v := w.itemView(lang, area.Slug, p, it)
		for _, n := range notes {
			if n.Module == it.Module {
				v.Work = n.Text
				v.WorkBy = w.Catalog.T(lang, "bulletin.ui.work_by", personText(people, n.SavedByName), n.SavedAt.In(chinaTime()).Format("2006-01-02 15:04"))
			}
		}
		d.Flagged = d.Flagged || len(v.Flags) > 0
		d.Items = append(d.Items, v)
	}
	_, revs, err := w.Bulletins.Revisions(r.Context(), a, area.Slug, p)
	if err != nil {
		return err
	}
	d.Revisions = w.revisionViews(r, revs)
	_, tpls, err := w.Bulletins.Templates(r.Context(), a, area.Slug)
	if err != nil {
		return err
	}
	for _, t := range tpls {
		d.Templates = append(d.Templates, templateLink{Module: w.Catalog.T(lang, bulletin.ModuleKey(t.Module)), Custom: t.Custom,
			Href: "/zones/" + area.Slug + "/bulletin-templates/" + url.PathEscape(t.Module) + "/" + url.PathEscape(t.Key) + "?" + q.Encode()})
	}
	d.SavedPager = pagerOf(r.URL.Query(), "/zones/"+area.Slug+"/bulletin", "cursor", saved.Next, "#saved-list")
	for _, sv := range saved.Items {
		d.Saved = append(d.Saved, savedRow{ID: sv.ID, Headline: sv.Item.Headline, Period: sv.Period.Label(lang), SavedBy: personText(people, sv.SavedByName),
			SavedAt: sv.SavedAt.In(chinaTime()).Format("2006-01-02 15:04")})
	}
	switch r.URL.Query().Get("done") {
	case "":
	case "work":
		d.Done = w.Catalog.T(lang, "bulletin.ui.work_saved")
	default:
		d.Done = w.Catalog.T(lang, "bulletin.ui.saved")
	}
	if len(d.Items) == 0 {
		if d.NoData, err = w.newsNoDataFor(r, []zone.Area{area}, p, "/zones/"+area.Slug+"/bulletin"); err != nil {
			return err
		}
	}
	return w.render(rw, r, http.StatusOK, "bulletin", Page{Title: "bulletin.ui.title", Data: d})
}

// postedPeriod reads the period a form posts as from and to.
func postedPeriod(r *http.Request) (indicator.Period, error) {
	from, to := r.PostFormValue("from"), r.PostFormValue("to")
	fm, err1 := indicator.ParseYM(from)
	tm, err2 := indicator.ParseYM(to)
	if err1 != nil || err2 != nil {
		return indicator.Period{}, errs.Fields{"from": errs.M("indicator.error.month_format", from+".."+to)}.Err()
	}
	return indicator.Custom(fm, tm)
}

// bulletinWork stores the zone's work note of a module for the period and
// returns to the bulletin, which now prints it.
func (w *Web) bulletinWork(rw http.ResponseWriter, r *http.Request) error {
	p, err := postedPeriod(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if _, err := w.Bulletins.PutWork(r.Context(), httpx.Actor(r), slug, r.PostFormValue("module"), p, r.PostFormValue("text")); err != nil {
		return err
	}
	http.Redirect(rw, r, "/zones/"+slug+"/bulletin?"+url.Values{"from": {p.From.String()}, "to": {p.To.String()}, "done": {"work"}}.Encode()+"#items", http.StatusSeeOther)
	return nil
}

func (w *Web) bulletinSave(rw http.ResponseWriter, r *http.Request) error {
	p, err := postedPeriod(r)
	if err != nil {
		return err
	}
	from, to := p.From.String(), p.To.String()
	slug := r.PathValue("slug")
	if _, err := w.Bulletins.Save(r.Context(), httpx.Actor(r), slug, p); err != nil {
		return err
	}
	http.Redirect(rw, r, "/zones/"+slug+"/bulletin?"+url.Values{"from": {from}, "to": {to}, "done": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}

type templateData struct {
	Area      zone.Area
	AreaName  string
	Module    string
	Action    string
	Headline  string
	Body      string
	Version   int
	Custom    bool
	From      string
	To        string
	Span      monthSpan // the months the period selects offer
	Preview   *itemView
	Problems  []string
	CanWrite  bool
	CanCode   bool // administrators see and edit the code
	Form      *formView
	CodeOnly  bool // written as code: clerks cannot edit it as sentences
	NoForm    bool // the module has no sentence form yet
	ResetHref string
	Back      string
	Done      string
	Helpers   []string
}

// formView is the sentence form as the editor shows it.
type formView struct {
	Headlines []string // three inputs, the unused ones empty
	Body      string   // one sentence a line
	Words     bulletin.Words
	Ups       []string
	Downs     []string
	Flats     []string
	Overs     []string
	Chips     []chipView
}

type chipView struct{ Name, Hint string }

func newFormView(module string, fm bulletin.Form) *formView {
	v := &formView{Headlines: append([]string(nil), fm.Headlines...), Body: strings.Join(fm.Body, "\n"), Words: fm.Words,
		Ups: bulletin.UpWords, Downs: bulletin.DownWords, Flats: bulletin.FlatWords, Overs: bulletin.OverWords}
	for len(v.Headlines) < 3 {
		v.Headlines = append(v.Headlines, "")
	}
	for _, c := range bulletin.Chips(module) {
		v.Chips = append(v.Chips, chipView{Name: c.Name, Hint: c.Hint})
	}
	return v
}

// postedForm reads the sentence form from the editor's fields.
func postedForm(r *http.Request) bulletin.Form {
	fm := bulletin.Form{Body: bulletin.FormLines(r.PostFormValue("body")),
		Words: bulletin.Words{Up: r.PostFormValue("up"), Down: r.PostFormValue("down"), Flat: r.PostFormValue("flat"),
			Over: r.PostFormValue("over"), NoBase: strings.TrimSpace(r.PostFormValue("no_base"))}}
	for _, h := range r.PostForm["headline_alt"] {
		if strings.TrimSpace(h) != "" {
			fm.Headlines = append(fm.Headlines, strings.TrimSpace(h))
		}
	}
	return fm
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

func (w *Web) templateData(r *http.Request, area zone.Area, st bulletin.TemplateState, p indicator.Period) (templateData, error) {
	lang := w.lang(r)
	span, err := w.monthSpan(r)
	if err != nil {
		return templateData{}, err
	}
	role := httpx.Actor(r).Role
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	d := templateData{Area: area, AreaName: areaLabel(lang, area), Module: w.Catalog.T(lang, bulletin.ModuleKey(st.Module)),
		Action:   "/zones/" + area.Slug + "/bulletin-templates/" + url.PathEscape(st.Module) + "/" + url.PathEscape(st.Key),
		Headline: st.Headline, Body: st.Body, Version: st.Version, Custom: st.Custom, From: p.From.String(), To: p.To.String(),
		CanWrite: w.Policy.Can(role, indicator.ActionBulletinWrite), CanCode: w.Policy.Can(role, indicator.ActionBulletinCode),
		Back: "/zones/" + area.Slug + "/bulletin?" + q.Encode(), Helpers: templateHelpers(), Span: span}
	q.Set("reset", "1")
	d.ResetHref = d.Action + "?" + q.Encode()
	if fm, ok := st.FormOf(); ok {
		d.Form = newFormView(st.Module, fm)
	} else if _, ok := bulletin.DefaultForm(st.Module, st.Key); ok {
		d.CodeOnly = true
	} else {
		d.NoForm = true
	}
	return d, nil
}

// problemLines words a preview's or a save's problems, naming the
// sentence at fault ("正文第3行：…").
func (w *Web) problemLines(lang i18n.Lang, err error) []string {
	var e *errs.Error
	if !asErrs(err, &e) {
		return []string{w.Catalog.T(lang, "error.invalid")}
	}
	if len(e.Fields) == 0 {
		return []string{w.Catalog.Msg(lang, e.Msg)}
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		at := k
		if part, n, ok := strings.Cut(k, "."); ok {
			switch part {
			case "headline":
				at = w.Catalog.T(lang, "bulletin.ui.at_headline", n)
			case "body":
				at = w.Catalog.T(lang, "bulletin.ui.at_body", n)
			case "words":
				at = w.Catalog.T(lang, "bulletin.ui.at_words")
			}
		} else if k == "headline" || k == "body" {
			at = w.Catalog.T(lang, "bulletin.ui."+k)
		}
		out = append(out, at+"："+w.Catalog.Msg(lang, e.Fields[k]))
	}
	return out
}

// preview renders the editor's text (the form when fm is given, else the
// code) and collects its problems as lines.
func (w *Web) preview(r *http.Request, d *templateData, module, key string, p indicator.Period, fm *bulletin.Form) error {
	lang := w.lang(r)
	var it bulletin.Item
	var err error
	if fm != nil {
		it, err = w.Bulletins.PreviewForm(r.Context(), httpx.Actor(r), d.Area.Slug, module, key, *fm, p)
	} else {
		it, err = w.Bulletins.Preview(r.Context(), httpx.Actor(r), d.Area.Slug, module, key, d.Headline, d.Body, p)
	}
	if err != nil && !errs.Is(err, errs.Invalid) {
		return err
	}
	v := w.itemView(lang, d.Area.Slug, p, it)
	d.Preview = &v
	if err != nil {
		d.Problems = append(d.Problems, w.problemLines(lang, err)...)
	}
	return nil
}

func (w *Web) templatePage(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.newsPeriodOf(r)
	if err != nil {
		return err
	}
	module, key := r.PathValue("module"), r.PathValue("key")
	area, st, err := w.Bulletins.Template(r.Context(), httpx.Actor(r), r.PathValue("slug"), module, key)
	if err != nil {
		return err
	}
	d, err := w.templateData(r, area, st, p)
	if err != nil {
		return err
	}
	var fm *bulletin.Form
	if f, ok := bulletin.DefaultForm(module, key); ok && r.URL.Query().Get("reset") != "" {
		d.Form, d.CodeOnly, fm = newFormView(module, f), false, &f
	}
	if err := w.preview(r, &d, module, key, p, fm); err != nil {
		return err
	}
	if r.URL.Query().Get("done") != "" {
		d.Done = w.Catalog.T(w.lang(r), "bulletin.ui.template_saved", st.Version)
	}
	return w.render(rw, r, http.StatusOK, "bulletin_template", Page{Title: "bulletin.ui.template_title", Data: d})
}

// templatePost previews or saves the sentence form (action form_preview,
// form_save: the writers' tool) or the code (action preview, save: the
// administrators').
func (w *Web) templatePost(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	action := r.PostFormValue("action")
	onForm := strings.HasPrefix(action, "form_")
	need := indicator.ActionBulletinCode
	if onForm {
		need = indicator.ActionBulletinWrite
	}
	if err := w.Policy.Allow(a, need); err != nil {
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
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	var form *bulletin.Form
	if onForm {
		f := postedForm(r)
		form = &f
	} else {
		st.Headline, st.Body = r.PostFormValue("headline"), r.PostFormValue("body")
	}
	d, err := w.templateData(r, area, st, p)
	if err != nil {
		return err
	}
	d.Version = base
	if form != nil {
		d.Form, d.CodeOnly = newFormView(module, *form), false
		// The fields as typed, not as tidied.
		d.Form.Body = strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	}
	status := http.StatusOK
	if action == "save" || action == "form_save" {
		if form != nil {
			_, err = w.Bulletins.SaveForm(r.Context(), a, slug, module, key, *form, base)
		} else {
			_, err = w.Bulletins.SaveTemplate(r.Context(), a, slug, module, key, st.Headline, st.Body, base)
		}
		if err == nil {
			q := url.Values{"from": {d.From}, "to": {d.To}, "done": {"1"}}
			http.Redirect(rw, r, d.Action+"?"+q.Encode(), http.StatusSeeOther)
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
	if err := w.preview(r, &d, module, key, p, form); err != nil {
		return err
	}
	return w.render(rw, r, status, "bulletin_template", Page{Title: "bulletin.ui.template_title", Data: d})
}

type pageData struct {
	Partial   *partialNote // the period runs into a month not over yet
	Title     string
	Date      string
	Period    indicator.Period
	Picker    periodPicker
	Lead      *itemView
	Items     []itemView
	Headlines []string
	Held      []itemView // not printed: figures to check
	DocxHref  string
	PDFHref   string
	NoData    *noData // no item for the period: 暂无数据 and the latest period with data
	// Zones link to the zones' 本报讯稿件 for the period, where the items
	// are written and edited (Write: the reader may): those with an item
	// on the page or held, and a zone user's own zone.
	Zones []zoneLink
	Write bool
}

// zoneLink is a link to one zone's page.
type zoneLink struct{ Name, Href string }

// newspaperPage lays the items of every zone the reader sees for a period
// out as a printable page: masthead, the lead item across the top with the
// largest headline, the others in columns, like the seed's page 5.
func (w *Web) newspaperPage(rw http.ResponseWriter, r *http.Request) error {
	lang := w.lang(r)
	p, err := w.newsPeriodOf(r)
	if err != nil {
		return err
	}
	page, err := w.Bulletins.Page(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	picker, err := w.picker(r, "/bulletins/page", p)
	if err != nil {
		return err
	}
	d := pageData{Title: page.Title, Date: page.Date.String(), Period: p, Picker: picker, Headlines: page.Headlines(),
		DocxHref: downloadHref("/bulletins/page/download", "docx", p), PDFHref: downloadHref("/bulletins/page/download", "pdf", p),
		Partial: w.partialOf(lang, "/bulletins/page", p, w.Indicators.Today())}
	for _, it := range page.Held {
		d.Held = append(d.Held, w.itemView(lang, "", p, it))
	}
	for i, pl := range page.Items {
		v := w.itemView(lang, "", p, pl.Item)
		if i == 0 {
			d.Lead = &v
			continue
		}
		d.Items = append(d.Items, v)
	}
	a := httpx.Actor(r)
	zones, err := w.Indicators.Zones(r.Context(), a)
	if err != nil {
		return err
	}
	onPage := map[string]bool{}
	for _, it := range page.Held {
		onPage[it.Zone] = true
	}
	for _, pl := range page.Items {
		onPage[pl.Zone] = true
	}
	q := url.Values{"from": {p.From.String()}, "to": {p.To.String()}}
	for _, z := range zones {
		if onPage[z.Name] || z.ID == a.ZoneID {
			d.Zones = append(d.Zones, zoneLink{Name: areaLabel(lang, z), Href: "/zones/" + z.Slug + "/bulletin?" + q.Encode()})
		}
	}
	d.Write = w.Policy.Can(a.Role, indicator.ActionBulletinWrite)
	// A partial period's items are held, not missing: its note points to
	// the whole months instead of 暂无数据.
	if d.Lead == nil && d.Partial == nil {
		if d.NoData, err = w.newsNoDataFor(r, zones, p, "/bulletins/page"); err != nil {
			return err
		}
	}
	return w.render(rw, r, http.StatusOK, "bulletin_page", Page{Title: "bulletin.ui.page_title", Data: d})
}

type savedData struct {
	Saved     bulletin.Saved
	Item      itemView
	Period    string
	SavedAt   string
	Template  string
	Revisions []revisionView
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
	rev, ok, err := w.Bulletins.Revision(r.Context(), httpx.Actor(r), sv)
	if err != nil {
		return err
	}
	if ok {
		d.Revisions = w.revisionViews(r, []bulletin.Revision{rev})
	}
	people, err := w.Auth.DisplayNames(r.Context(), []string{sv.SavedByName})
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "bulletin_saved", Page{Title: sv.Item.Headline, Data: d, People: people})
}
