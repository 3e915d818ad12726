package bulletin

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/zone"
)

// The service is the part of the package that reaches outside it: figures
// come from package indicator's service and templates and saved items from
// the store, both through the interfaces below, so the package still knows
// nothing of SQL or HTTP.

// Figures is what writing items needs of the indicator service.
type Figures interface {
	Area(ctx context.Context, a access.Actor, slug string) (zone.Area, error)
	Zones(ctx context.Context, a access.Actor) ([]zone.Area, error)
	FigureIn(ctx context.Context, a access.Actor, area zone.Area, q indicator.Query) (indicator.Figure, error)
	Today() civil.Date
}

// Saved is a written item as stored, with the facts it was written from.
type Saved struct {
	ID          int64            `json:"id"`
	ZoneID      int64            `json:"zone_id"`
	Period      indicator.Period `json:"period"`
	Item        Item             `json:"item"`
	SavedBy     int64            `json:"saved_by,omitempty"`
	SavedByName string           `json:"saved_by_name"`
	SavedAt     time.Time        `json:"saved_at"`
}

// Store keeps zones' templates and saved items. Reads are narrowed to the
// actor's scope.
type Store interface {
	// Templates returns the latest version of each template the zone edited.
	Templates(ctx context.Context, a access.Actor, zoneID int64) ([]Template, error)
	// TemplatesIn is Templates of several zones in one read, by zone.
	TemplatesIn(ctx context.Context, a access.Actor, zoneIDs []int64) (map[int64][]Template, error)
	// PutTemplate stores t as a new version; a version already stored (an
	// edit raced another) is a Conflict.
	PutTemplate(ctx context.Context, a access.Actor, zoneID int64, t Template) (Template, error)
	SaveItems(ctx context.Context, a access.Actor, zoneID int64, p indicator.Period, items []Item) ([]Saved, error)
	// SavedList lists a page of the zone's saved items, newest first;
	// p.Limit is a page size.
	SavedList(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[Saved], error)
	SavedItem(ctx context.Context, a access.Actor, id int64) (Saved, error)
	// SavedFor returns the latest saved item of each module and key for
	// exactly period p (the published items of the period).
	SavedFor(ctx context.Context, a access.Actor, zoneID int64, p indicator.Period) ([]Saved, error)
	// EditsSince summarises the audited changes to the zone's records of
	// the given entities since saved item savedID was saved, newest first,
	// at most limit.
	EditsSince(ctx context.Context, a access.Actor, zoneID int64, entities []string, savedID int64, limit int) ([]Edit, error)
	// WorkNotes returns the zone's work notes for exactly period p.
	WorkNotes(ctx context.Context, a access.Actor, zoneID int64, p indicator.Period) ([]WorkNote, error)
	// WorkNotesIn is WorkNotes of several zones in one read, by zone.
	WorkNotesIn(ctx context.Context, a access.Actor, zoneIDs []int64, p indicator.Period) (map[int64][]WorkNote, error)
	// PutWork stores a note (replacing the period's note of the module),
	// or removes it when its text is "", audited.
	PutWork(ctx context.Context, a access.Actor, n WorkNote) (WorkNote, error)
}

// Contributor is one module's item: which template words it and how its
// facts are read for a zone and period. ok is false when the module has
// nothing to report for the zone and period.
//
// The newspaper page keeps a zone's facts until the zone's data changes
// (Service.Versions): Facts — or, when set, Own — must read only the
// zone's own records and figures (through the module's service, whose
// writes the store marks with their zone), never other zones'. A rank
// among other areas is a RankAsk of Own, read afresh every time; Facts is
// then Own with its ranks (see ranked).
type Contributor struct {
	Module string
	Key    string
	Facts  func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (facts Facts, ok bool, err error)
	Own    func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (facts Facts, ranks []RankAsk, ok bool, err error)
}

// DefaultContributors are the modules that write items today.
func DefaultContributors() []Contributor { return []Contributor{TechContractContributor()} }

// Service writes, previews and saves items, and keeps zones' templates.
type Service struct {
	Figures      Figures
	Store        Store
	Policy       *access.Policy
	Contributors []Contributor

	// Versions, when set, tells when a zone's data changed (store.DB):
	// the zones' own facts are kept until then (itemCache).
	Versions indicator.ZoneVersioned

	// compiled keeps parsed templates: the newspaper page renders the same
	// few templates for every zone.
	compiled compiledCache
	// itemCache keeps the zones' own facts (Versions).
	itemCache itemCache
}

// TemplateState is a zone's template for one module and key: its own latest
// edit, or the default.
type TemplateState struct {
	Template
	Custom bool `json:"custom"` // the zone has edited it
}

// FormOf returns the sentence form a template is edited with: the one it
// was saved from, the default template's, or none (code written by an
// administrator, or a module without a form yet).
func (st TemplateState) FormOf() (Form, bool) {
	if st.Form != nil {
		return *st.Form, true
	}
	if st.Custom {
		return Form{}, false
	}
	return DefaultForm(st.Module, st.Key)
}

// Templates lists the zone's template for every contributing module.
func (s *Service) Templates(ctx context.Context, a access.Actor, slug string) (zone.Area, []TemplateState, error) {
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, nil, err
	}
	list, err := s.templates(ctx, a, area)
	return area, list, err
}

func (s *Service) templates(ctx context.Context, a access.Actor, area zone.Area) ([]TemplateState, error) {
	own, err := s.Store.Templates(ctx, a, area.ID)
	if err != nil {
		return nil, err
	}
	var out []TemplateState
	for _, c := range s.Contributors {
		st, ok := pick(own, c.Module, c.Key)
		if ok {
			out = append(out, st)
		}
	}
	return out, nil
}

// pick returns the zone's own template of module and key, else the default.
func pick(own []Template, module, key string) (TemplateState, bool) {
	for _, t := range own {
		if t.Module == module && t.Key == key && (t.Lang == "" || t.Lang == i18n.ZH) {
			return TemplateState{Template: t, Custom: true}, true
		}
	}
	t, ok := DefaultTemplate(module, key)
	return TemplateState{Template: t}, ok
}

// Template returns the zone's template of module and key.
func (s *Service) Template(ctx context.Context, a access.Actor, slug, module, key string) (zone.Area, TemplateState, error) {
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, TemplateState{}, err
	}
	st, err := s.template(ctx, a, area, module, key)
	return area, st, err
}

func (s *Service) template(ctx context.Context, a access.Actor, area zone.Area, module, key string) (TemplateState, error) {
	if _, ok := s.contributor(module, key); !ok {
		return TemplateState{}, errs.NotFoundf("bulletin.entity.template")
	}
	own, err := s.Store.Templates(ctx, a, area.ID)
	if err != nil {
		return TemplateState{}, err
	}
	st, ok := pick(own, module, key)
	if !ok {
		return TemplateState{}, errs.NotFoundf("bulletin.entity.template")
	}
	return st, nil
}

func (s *Service) contributor(module, key string) (Contributor, bool) {
	for _, c := range s.Contributors {
		if c.Module == module && c.Key == key {
			return c, true
		}
	}
	return Contributor{}, false
}

// SaveTemplate stores the zone's edit of a template as its next version.
// base is the version the editor started from: if someone saved since, the
// edit is a Conflict rather than silently overwriting theirs.
//
// Writing code is an administrator's (ActionBulletinCode); clerks save the
// sentence form (SaveForm).
func (s *Service) SaveTemplate(ctx context.Context, a access.Actor, slug, module, key, headline, body string, base int) (TemplateState, error) {
	if err := s.Policy.Allow(a, indicator.ActionBulletinCode); err != nil {
		return TemplateState{}, err
	}
	return s.saveTemplate(ctx, a, slug, module, key, headline, body, nil, base)
}

// SaveForm stores the zone's edit of a template's sentence form as its next
// version, with the code it compiles to.
func (s *Service) SaveForm(ctx context.Context, a access.Actor, slug, module, key string, fm Form, base int) (TemplateState, error) {
	if err := s.Policy.Allow(a, indicator.ActionBulletinWrite); err != nil {
		return TemplateState{}, err
	}
	headline, body, err := fm.Compile(module)
	if err != nil {
		return TemplateState{}, err
	}
	return s.saveTemplate(ctx, a, slug, module, key, headline, body, &fm, base)
}

// PreviewForm renders an edited form like Preview renders code.
func (s *Service) PreviewForm(ctx context.Context, a access.Actor, slug, module, key string, fm Form, p indicator.Period) (Item, error) {
	headline, body, err := fm.Compile(module)
	if err != nil {
		return Item{}, err
	}
	return s.Preview(ctx, a, slug, module, key, headline, body, p)
}

func (s *Service) saveTemplate(ctx context.Context, a access.Actor, slug, module, key, headline, body string, fm *Form, base int) (TemplateState, error) {
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return TemplateState{}, err
	}
	cur, err := s.template(ctx, a, area, module, key)
	if err != nil {
		return TemplateState{}, err
	}
	if base != 0 && base != cur.Version {
		return TemplateState{}, errs.E(errs.Conflict, "bulletin.error.template_changed", cur.Version)
	}
	t := Template{Module: module, Key: key, Lang: i18n.ZH, Headline: headline, Body: body, Version: cur.Version + 1, Form: fm}
	if _, err := Compile(t); err != nil {
		return TemplateState{}, err
	}
	saved, err := s.Store.PutTemplate(ctx, a, area.ID, t)
	if err != nil {
		return TemplateState{}, err
	}
	return TemplateState{Template: saved, Custom: true}, nil
}

// Preview renders an edited template against the zone's figures for p, or
// against the module's sample facts when the zone has nothing to report for
// p. Like bulletin.Preview it returns what could be rendered together with
// every problem found.
func (s *Service) Preview(ctx context.Context, a access.Actor, slug, module, key, headline, body string, p indicator.Period) (Item, error) {
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return Item{}, err
	}
	c, ok := s.contributor(module, key)
	if !ok {
		return Item{}, errs.NotFoundf("bulletin.entity.template")
	}
	var facts Facts
	if p.Valid() {
		f, ok, err := c.Facts(ctx, s.Figures, a, area, p)
		if err != nil {
			return Item{}, err
		}
		if ok {
			facts = f
			if err := s.addWork(ctx, a, area, p, module, &facts); err != nil {
				return Item{}, err
			}
		}
	}
	cur, err := s.template(ctx, a, area, module, key)
	if err != nil {
		return Item{}, err
	}
	return Preview(Template{Module: module, Key: key, Lang: i18n.ZH, Headline: headline, Body: body, Version: cur.Version + 1}, facts)
}

// Items writes every contributing module's item for the zone and period
// with the zone's templates. A module with nothing to report writes none.
func (s *Service) Items(ctx context.Context, a access.Actor, slug string, p indicator.Period) (zone.Area, []Item, error) {
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, nil, err
	}
	items, err := s.items(ctx, a, area, p)
	return area, items, err
}

func (s *Service) items(ctx context.Context, a access.Actor, area zone.Area, p indicator.Period) ([]Item, error) {
	if !p.Valid() {
		return nil, errs.Fields{"from": errs.M("indicator.error.period_format", p.String())}.Err()
	}
	own, err := s.Store.Templates(ctx, a, area.ID)
	if err != nil {
		return nil, err
	}
	notes, err := s.Store.WorkNotes(ctx, a, area.ID, p)
	if err != nil {
		return nil, err
	}
	return s.itemsWith(ctx, a, area, p, own, notes)
}

// itemsWith writes the zone's items with its own templates and work notes
// for p, read by the caller.
func (s *Service) itemsWith(ctx context.Context, a access.Actor, area zone.Area, p indicator.Period, own []Template, notes []WorkNote) ([]Item, error) {
	var out []Item
	for _, c := range s.Contributors {
		facts, asks, ok, err := s.ownFacts(ctx, c, a, area, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if facts, err = withRanks(ctx, s.Figures, a, area, facts, asks); err != nil {
			return nil, err
		}
		note := noteOf(notes, c.Module)
		if note != "" {
			// facts' maps may be the cache's: the note goes into a copy.
			facts.S = maps.Clone(facts.S)
			if facts.S == nil {
				facts.S = map[string]string{}
			}
			facts.S["work"] = note
		}
		st, ok := pick(own, c.Module, c.Key)
		if !ok {
			continue
		}
		it, err := s.render(st.Template, facts)
		if err != nil {
			// A zone's edited template that fails on these facts (a fact
			// it names is missing this period) is the zone's to fix; the
			// default wording still reports the figures.
			def, ok := DefaultTemplate(c.Module, c.Key)
			if !st.Custom || !ok {
				return nil, err
			}
			if it, err = s.render(def, facts); err != nil {
				return nil, err
			}
		}
		it = withWork(it, note)
		it.Flags = Check(it.Facts)
		out = append(out, it)
	}
	return out, nil
}

// render is Render with the template parsed once for all the items it
// writes.
func (s *Service) render(tpl Template, f Facts) (Item, error) {
	c, err := s.compiled.get(tpl)
	if err != nil {
		return Item{}, err
	}
	return c.Render(f)
}

// Save writes the zone's items for p and stores them with their facts.
func (s *Service) Save(ctx context.Context, a access.Actor, slug string, p indicator.Period) ([]Saved, error) {
	if err := s.Policy.Allow(a, indicator.ActionBulletinWrite); err != nil {
		return nil, err
	}
	area, items, err := s.Items(ctx, a, slug, p)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, errs.Fields{"period": errs.M("bulletin.error.nothing_to_report", p.String())}.Err()
	}
	// An item whose figures read badly is the writer's to check, not news:
	// it is not saved (the page shows it with its reasons).
	var news []Item
	for _, it := range items {
		if len(it.Flags) == 0 {
			news = append(news, it)
		}
	}
	if len(news) == 0 {
		return nil, errs.Fields{"period": errs.M("bulletin.error.all_flagged", p.String())}.Err()
	}
	return s.Store.SaveItems(ctx, a, area.ID, p, news)
}

// SavedList lists a page of a zone's saved items, newest first.
func (s *Service) SavedList(ctx context.Context, a access.Actor, slug string, p paging.Request) (zone.Area, paging.Page[Saved], error) {
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, paging.Page[Saved]{}, err
	}
	p.Limit = p.Size()
	list, err := s.Store.SavedList(ctx, a, area.ID, p)
	return area, list, err
}

// SavedItem returns one saved item the actor may see.
func (s *Service) SavedItem(ctx context.Context, a access.Actor, id int64) (Saved, error) {
	if err := s.Policy.Allow(a, indicator.ActionRead); err != nil {
		return Saved{}, err
	}
	return s.Store.SavedItem(ctx, a, id)
}

// Page lays out the items of every zone the actor sees for p as one
// printable page, like the newspaper's 创新园区 page. The zones' templates
// and work notes are read at once; the zones' items are written a few
// zones at a time (pageWorkers), each from its own figures.
func (s *Service) Page(ctx context.Context, a access.Actor, p indicator.Period) (Page, error) {
	zones, err := s.Figures.Zones(ctx, a)
	if err != nil {
		return Page{}, err
	}
	page := Page{Title: "创新园区", Date: s.Figures.Today()}
	if len(zones) == 0 {
		return page, nil
	}
	if !p.Valid() {
		return Page{}, errs.Fields{"from": errs.M("indicator.error.period_format", p.String())}.Err()
	}
	ids := make([]int64, len(zones))
	for i, z := range zones {
		ids[i] = z.ID
	}
	own, err := s.Store.TemplatesIn(ctx, a, ids)
	if err != nil {
		return Page{}, err
	}
	notes, err := s.Store.WorkNotesIn(ctx, a, ids, p)
	if err != nil {
		return Page{}, err
	}
	byZone, err := eachZone(ctx, zones, pageWorkers, func(ctx context.Context, z zone.Area) ([]Item, error) {
		return s.itemsWith(ctx, a, z, p, own[z.ID], notes[z.ID])
	})
	if err != nil {
		return Page{}, err
	}
	var news []Item
	for _, items := range byZone {
		for _, it := range items {
			if len(it.Flags) > 0 {
				page.Held = append(page.Held, it)
				continue
			}
			news = append(news, it)
		}
	}
	page.AddAll(news)
	return page, nil
}

// pageWorkers is how many zones' items a page writes at a time: enough to
// keep the database busy while Go renders, few enough to leave connections
// to other requests.
const pageWorkers = 4

// eachZone runs fn for every zone, at most workers at a time, and returns
// the answers in the zones' order. The first failure stops the zones not
// yet started and is the error returned.
func eachZone[T any](ctx context.Context, zones []zone.Area, workers int, fn func(context.Context, zone.Area) (T, error)) ([]T, error) {
	out := make([]T, len(zones))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range min(workers, len(zones)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(zones) {
					return
				}
				x, err := fn(ctx, zones[i])
				if err != nil {
					cancel(err)
					return
				}
				out[i] = x
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// TechContractContributor writes the technology-contract item (the Yulin
// item of the page): count, amount and its change on the same months a year
// earlier, the completion of the annual target set on the amount, and the
// rank in the city when other areas of the city have registrations too.
func TechContractContributor() Contributor {
	return ranked(ModuleTechContract, "yoy", techContractFacts)
}

// techContractFacts reads the zone's own figures; the rank in the city is
// a RankAsk.
func techContractFacts(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, []RankAsk, bool, error) {
	count, err := f.FigureIn(ctx, a, area, indicator.Query{Indicator: indicator.TechContractCount, Period: p})
	if err != nil {
		return Facts{}, nil, false, err
	}
	amount, err := f.FigureIn(ctx, a, area, indicator.Query{Indicator: indicator.TechContractAmount, Period: p})
	if err != nil {
		return Facts{}, nil, false, err
	}
	if count.Value.Sign() == 0 && !amount.HasPrev {
		return Facts{}, nil, false, nil
	}
	facts := Facts{Zone: area.Name, City: area.CityName, Period: p, Date: f.Today(),
		N: map[string]int64{"count": count.Value.Num, "amount": amount.Value.Num}}
	if indicator.PartialOn(p, facts.Date) {
		// Part of a month against a whole one is no change: no prev_amount,
		// the item says 截至 the day and is flagged for the writer.
		facts.AsOf = facts.Date
	} else if amount.HasPrev {
		facts.N["prev_amount"] = amount.Prev.Num
	}
	if amount.Target != nil {
		facts.N["target"] = amount.Target.Value
	}
	ranks := []RankAsk{{Fact: "amount", Query: indicator.Query{Indicator: indicator.TechContractAmount, Period: p, Scope: indicator.ScopeCity}}}
	return facts, ranks, true, nil
}

func noteOf(notes []WorkNote, module string) string {
	for _, n := range notes {
		if n.Module == module {
			return n.Text
		}
	}
	return ""
}

// addWork adds the zone's work note of module for p to facts.
func (s *Service) addWork(ctx context.Context, a access.Actor, area zone.Area, p indicator.Period, module string, facts *Facts) error {
	notes, err := s.Store.WorkNotes(ctx, a, area.ID, p)
	if err != nil {
		return err
	}
	if note := noteOf(notes, module); note != "" {
		if facts.S == nil {
			facts.S = map[string]string{}
		}
		facts.S["work"] = note
	}
	return nil
}

// WorkNotes returns the zone's work notes for p.
func (s *Service) WorkNotes(ctx context.Context, a access.Actor, slug string, p indicator.Period) (zone.Area, []WorkNote, error) {
	if !p.Valid() {
		return zone.Area{}, nil, errs.Fields{"from": errs.M("indicator.error.period_format", p.String())}.Err()
	}
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, nil, err
	}
	notes, err := s.Store.WorkNotes(ctx, a, area.ID, p)
	return area, notes, err
}

// PutWork stores the zone's work note of module for p; empty text removes it.
func (s *Service) PutWork(ctx context.Context, a access.Actor, slug, module string, p indicator.Period, text string) (WorkNote, error) {
	if err := s.Policy.Allow(a, indicator.ActionBulletinWrite); err != nil {
		return WorkNote{}, err
	}
	var f errs.Fields
	if !p.Valid() {
		f.Add("from", "indicator.error.period_format", p.String())
	}
	known := false
	for _, c := range s.Contributors {
		known = known || c.Module == module
	}
	if !known {
		f.Add("module", "bulletin.error.module_unknown", module)
	}
	text, err := CheckWork(text)
	if err != nil {
		f.Merge(err)
	}
	if err := f.Err(); err != nil {
		return WorkNote{}, err
	}
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return WorkNote{}, err
	}
	return s.Store.PutWork(ctx, a, WorkNote{ZoneID: area.ID, Module: module, Period: p, Text: text})
}

// Revisions lists the zone's items saved for p whose figures have moved
// since (a back-dated import, a corrected target): what changed, old and
// new, and who changed the records when. The saved text stays as published.
func (s *Service) Revisions(ctx context.Context, a access.Actor, slug string, p indicator.Period) (zone.Area, []Revision, error) {
	if !p.Valid() {
		return zone.Area{}, nil, errs.Fields{"from": errs.M("indicator.error.period_format", p.String())}.Err()
	}
	area, err := s.Figures.Area(ctx, a, slug)
	if err != nil {
		return zone.Area{}, nil, err
	}
	saved, err := s.Store.SavedFor(ctx, a, area.ID, p)
	if err != nil {
		return area, nil, err
	}
	var out []Revision
	for _, sv := range saved {
		r, ok, err := s.revision(ctx, a, area, sv)
		if err != nil {
			return area, nil, err
		}
		if ok {
			out = append(out, r)
		}
	}
	return area, out, nil
}

// Revision returns how a saved item's figures have moved since it was
// saved; ok is false when they have not.
func (s *Service) Revision(ctx context.Context, a access.Actor, sv Saved) (Revision, bool, error) {
	area, err := s.areaByID(ctx, a, sv.ZoneID)
	if err != nil {
		return Revision{}, false, err
	}
	return s.revision(ctx, a, area, sv)
}

func (s *Service) areaByID(ctx context.Context, a access.Actor, id int64) (zone.Area, error) {
	zones, err := s.Figures.Zones(ctx, a)
	if err != nil {
		return zone.Area{}, err
	}
	for _, z := range zones {
		if z.ID == id {
			return z, nil
		}
	}
	return zone.Area{}, errs.NotFoundf("bulletin.entity.bulletin")
}

func (s *Service) revision(ctx context.Context, a access.Actor, area zone.Area, sv Saved) (Revision, bool, error) {
	var c Contributor
	found := false
	for _, x := range s.Contributors {
		if x.Module == sv.Item.Module && x.Key == sv.Item.Key {
			c, found = x, true
		}
	}
	if !found {
		return Revision{}, false, nil
	}
	now, ok, err := c.Facts(ctx, s.Figures, a, area, sv.Period)
	if err != nil {
		return Revision{}, false, err
	}
	if !ok {
		now = Facts{}
	}
	// Ranks and publication dates move with other zones and the calendar;
	// a revision is about this zone's own figures.
	changes := Compare(sv.Item.Facts, now)
	if len(changes) == 0 {
		return Revision{}, false, nil
	}
	edits, err := s.Store.EditsSince(ctx, a, area.ID, EditedEntities(sv.Item.Module), sv.ID, 10)
	if err != nil {
		return Revision{}, false, err
	}
	return Revision{Saved: sv, Changes: changes, Edits: edits}, true, nil
}
