package gen

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store/bulk"
)

// Codes of the two provincial programmes a generated data set adds to the
// defaults.
const (
	codeProvIPDemo     = "prov_ip_demo"     // 省知识产权示范企业
	codeProvTechCentre = "prov_tech_centre" // 省级企业技术中心
)

// honourProgrammes are the programmes of a generated data set: the eight
// every installation starts with and two provincial ones, ids 1–10.
func honourProgrammes() ([]honour.Programme, error) {
	d := civil.MustParse
	list := append(honour.DefaultProgrammes(),
		honour.Programme{Code: codeProvIPDemo, Name: "省知识产权示范企业", NameEN: "Provincial IP Demonstration Enterprise",
			Issuer: "省知识产权局", Level: honour.Province, Kind: honour.KindIP, TermYears: 3, Since: d("2010-01-01")},
		honour.Programme{Code: codeProvTechCentre, Name: "省级企业技术中心", NameEN: "Provincial Enterprise Technology Centre",
			Issuer: "省工业和信息化厅", Level: honour.Province, Kind: honour.KindRDInstitution, TermYears: 2, Since: d("2005-01-01")})
	for i := range list {
		// Checked against every other code (a prior may come later).
		known := map[string]bool{}
		for j := range list {
			known[list[j].Code] = j != i
		}
		if err := honour.ValidateProgramme(&list[i], known); err != nil {
			return nil, fmt.Errorf("gen: programme %s: %w", list[i].Code, err)
		}
		list[i].ID = int64(i + 1)
	}
	return list, nil
}

// honourRates say how often a programme's notices name an enterprise: the
// yearly chance that an enterprise of average standing that holds no title
// of it is named new; at the end of a term, the chance it passes its
// recheck or fails it (else the title lapses); and the yearly chance a
// held title is revoked.
type honourRates struct {
	newPerYear, pass, fail, revokePerYear float64
}

func honourRatesOf() map[string]honourRates {
	return map[string]honourRates{
		honour.CodeHighTech:    {0.05, 0.82, 0.08, 0.003},
		honour.CodeTechSME:     {0.07, 0.78, 0.04, 0.002},
		honour.CodeLittleGiant: {0.04, 0.85, 0.05, 0.002}, // of the holders of 专精特新中小企业
		honour.CodeSRDI:        {0.025, 0.80, 0.08, 0.002},
		honour.CodeIPAdvantage: {0.004, 0.80, 0.10, 0.002},
		honour.CodeIPDemo:      {0.30, 0.85, 0.08, 0.002}, // of the advantage enterprises of three years (see draw)
		honour.CodeGazelle:     {0.01, 0.55, 0.30, 0.003},
		honour.CodeRDInstitute: {0.006, 0, 0, 0.02},
		codeProvIPDemo:         {0.005, 0.75, 0.12, 0.002},
		codeProvTechCentre:     {0.006, 0.80, 0.15, 0.002},
	}
}

// noticeSpec is a notice an issuer publishes every year (or twice a year)
// naming enterprises of one or more programmes; each area records its own
// enterprises on it as a batch.
type noticeSpec struct {
	codes      []string // programmes named, in the notice's order
	issuer     string
	title      string // fmt: year, batch number in the year
	number     string // fmt: year, serial
	month, day int    // when in the year (give or take ten days)
	perYear    int    // notices of these programmes a year
	nth        int    // which of them this is (1-based)
}

func noticeSpecs() []noticeSpec {
	return []noticeSpec{
		{codes: []string{honour.CodeTechSME}, issuer: "科技部火炬中心", title: "关于公布%d年第%d批入库科技型中小企业名单的公告",
			number: "国科火字〔%d〕%d号", month: 5, day: 15, perYear: 2, nth: 1},
		{codes: []string{honour.CodeSRDI}, issuer: "省工业和信息化厅", title: "关于公布%d年度第%d批专精特新中小企业名单的通知",
			number: "工信厅企业〔%d〕%d号", month: 6, day: 10, perYear: 1, nth: 1},
		{codes: []string{honour.CodeLittleGiant}, issuer: "工业和信息化部", title: "关于公布%d年第%d批专精特新\"小巨人\"企业和通过复核企业名单的通知",
			number: "工信厅企业函〔%d〕%d号", month: 7, day: 20, perYear: 1, nth: 1},
		{codes: []string{honour.CodeGazelle}, issuer: "省科学技术厅", title: "关于公布%d年度第%d批瞪羚企业名单的通知",
			number: "科技厅函〔%d〕%d号", month: 8, day: 25, perYear: 1, nth: 1},
		{codes: []string{honour.CodeTechSME}, issuer: "科技部火炬中心", title: "关于公布%d年第%d批入库科技型中小企业名单的公告",
			number: "国科火字〔%d〕%d号", month: 9, day: 10, perYear: 2, nth: 2},
		{codes: []string{codeProvIPDemo}, issuer: "省知识产权局", title: "关于公布%d年度第%d批省知识产权示范企业名单的通知",
			number: "知局字〔%d〕%d号", month: 9, day: 25, perYear: 1, nth: 1},
		{codes: []string{honour.CodeHighTech}, issuer: "全国高新技术企业认定管理工作领导小组办公室", title: "关于公布%d年第%d批高新技术企业名单的通知",
			number: "国科火字〔%d〕%d号", month: 10, day: 20, perYear: 2, nth: 1},
		{codes: []string{honour.CodeIPDemo, honour.CodeIPAdvantage}, issuer: "国家知识产权局",
			title:  "关于确定%d年第%d批新一批及通过复核的国家知识产权示范企业和优势企业的通知",
			number: "国知办函运字〔%d〕%d号", month: 11, day: 24, perYear: 1, nth: 1},
		{codes: []string{honour.CodeRDInstitute}, issuer: "省科学技术厅", title: "关于公布%d年度第%d批省级研发机构名单的通知",
			number: "科技厅字〔%d〕%d号", month: 12, day: 5, perYear: 1, nth: 1},
		{codes: []string{honour.CodeHighTech}, issuer: "全国高新技术企业认定管理工作领导小组办公室", title: "关于公布%d年第%d批高新技术企业名单的通知",
			number: "国科火字〔%d〕%d号", month: 12, day: 15, perYear: 2, nth: 2},
		{codes: []string{codeProvTechCentre}, issuer: "省工业和信息化厅", title: "关于公布%d年第%d批省级企业技术中心名单及评价结果的通知",
			number: "工信厅技〔%d〕%d号", month: 12, day: 20, perYear: 1, nth: 1},
	}
}

// notice is one published notice.
type notice struct {
	spec   noticeSpec
	on     civil.Date
	number string
}

// applyChunk is how many enterprises of a batch honour.Apply plans at a
// time. Apply relates an entry only to its own enterprise's titles, so a
// batch planned in chunks of whole enterprises gives the plan of one call;
// one call for a batch of thousands compares every entry with every title
// of the batch's enterprises.
const applyChunk = 16

// honourGen draws the honours of every zone's enterprises notice by
// notice, in date order, plans each area's batch with honour.Apply against
// the titles its enterprises hold, and keeps the titles as the batches
// leave them.
type honourGen struct {
	w       *world
	r       *rand.Rand
	progs   []honour.Programme
	byID    map[int64]honour.Programme
	byCode  map[string]honour.Programme
	rates   map[string]honourRates
	quality []float64 // per enterprise: its standing, 3q² for q uniform (mean 1)
	settled []int32   // per enterprise: the day number it settled in its zone
	titles  []honour.Title
	decided []bool    // per title: its end of term was dealt with (recheck drawn)
	latest  []int32   // [enterprise*len(progs)+programme index]: index+1 of its latest title of the programme
	entT    [][]int32 // per enterprise: indexes of its titles
	batches []bulk.HonourBatch
	entries int
	held    []honour.Title // plan's buffer
	first   int            // the first year of batches
}

func dayNum(d civil.Date) int32 { return int32(d.Time().Unix() / 86400) }

func newHonourGen(w *world) (*honourGen, error) {
	progs, err := honourProgrammes()
	if err != nil {
		return nil, err
	}
	g := &honourGen{w: w, r: stream(w.opt.Seed, streamHonours), progs: progs, byID: map[int64]honour.Programme{},
		byCode: map[string]honour.Programme{}, rates: honourRatesOf(), first: w.opt.Until.Year - w.opt.HonourYears + 1}
	for _, p := range progs {
		g.byID[p.ID], g.byCode[p.Code] = p, p
	}
	n := len(w.ents)
	g.quality, g.settled = make([]float64, n), make([]int32, n)
	for i := range w.ents {
		q := g.r.Float64()
		g.quality[i] = 3 * q * q
		g.settled[i] = dayNum(w.ents[i].SettledOn)
	}
	g.latest = make([]int32, n*len(progs))
	g.entT = make([][]int32, n)
	return g, nil
}

// notices returns every notice of the period, in date order.
func (g *honourGen) notices() []notice {
	var out []notice
	serial := map[string]int{}
	for year := g.first; year <= g.w.opt.Until.Year; year++ {
		for _, s := range noticeSpecs() {
			on := civil.Date{Year: year, Month: time.Month(s.month), Day: s.day}.AddDays(g.r.IntN(21) - 10)
			key := fmt.Sprintf(s.number, year, 0) // an issuer's numbers of a year
			serial[key] += 1 + g.r.IntN(40)
			if on.After(g.w.opt.Until) {
				continue
			}
			out = append(out, notice{spec: s, on: on, number: fmt.Sprintf(s.number, year, serial[key])})
		}
	}
	slices.SortStableFunc(out, func(a, b notice) int { return cmp.Compare(dayNum(a.on), dayNum(b.on)) })
	return out
}

// run draws every notice's batches.
func (g *honourGen) run() error {
	for _, n := range g.notices() {
		for zi := range g.w.zones {
			if err := g.batch(n, zi); err != nil {
				return err
			}
		}
	}
	return nil
}

// pidx is the index of a programme in progs (ids are 1-based positions).
func pidx(id int64) int { return int(id - 1) }

// latestOf returns enterprise e's latest title of programme p (nil: none).
func (g *honourGen) latestOf(e int, p honour.Programme) *honour.Title {
	if k := g.latest[e*len(g.progs)+pidx(p.ID)]; k > 0 {
		return &g.titles[k-1]
	}
	return nil
}

// daysHeld is how many days before d enterprise e held titles of p, in all.
func (g *honourGen) daysHeld(e int, p honour.Programme, d civil.Date) int {
	n := 0
	for _, k := range g.entT[e] {
		t := &g.titles[k]
		if t.ProgrammeID != p.ID || !t.StartOn.Before(d) {
			continue
		}
		end := t.Until()
		if end.IsZero() || d.Before(end) {
			end = d
		}
		n += t.StartOn.DaysUntil(end)
	}
	return n
}

// batch draws what notice n says of zone zi's enterprises and, when it
// names any, plans and keeps the batch.
func (g *honourGen) batch(n notice, zi int) error {
	z := &g.w.zones[zi]
	d := n.on
	dn := dayNum(d)
	r := g.r
	var entries []honour.Entry
	upgraded := map[int]bool{} // enterprises a demonstration title upgrades in this notice
	add := func(e int, p honour.Programme, res honour.Result) {
		ent := &g.w.ents[e]
		entries = append(entries, honour.Entry{ProgrammeID: p.ID, ProgrammeCode: p.Code, EnterpriseID: ent.ID, USCC: ent.USCC,
			EnterpriseName: ent.Name, Result: res})
	}
	for _, code := range n.spec.codes {
		p := g.byCode[code]
		if d.Before(p.Since) {
			continue
		}
		rate := g.rates[code]
		per := float64(n.spec.perYear)
		boost := 1.0
		if d.Year == g.first {
			boost = 2 // titles held from before the period
		}
		mark := len(entries)
		for e := z.firstEnt; e < z.firstEnt+z.ents; e++ {
			if len(upgraded) > 0 && upgraded[e] {
				continue // its advantage title ends with the upgrade
			}
			if t := g.latestOf(e, p); t != nil {
				if !t.TermEnd.IsZero() && t.EndedOn.IsZero() && !g.decided[t.ID-1] && !d.Before(t.TermEnd.AddDays(-120)) {
					// The end of its term: a recheck, or the title lapses.
					g.decided[t.ID-1] = true
					switch x := r.Float64(); {
					case x < rate.pass:
						add(e, p, honour.RecheckPass)
					case x < rate.pass+rate.fail:
						add(e, p, honour.RecheckFail)
					}
					continue
				}
				if t.HeldOn(d) {
					if r.Float64() < rate.revokePerYear/per {
						add(e, p, honour.Revoked)
					}
					continue
				}
			}
			// Holds none: may be named new, once settled a year.
			if dn-g.settled[e] < 365 {
				continue
			}
			chance := rate.newPerYear / per * g.quality[e] * boost
			switch code {
			case honour.CodeLittleGiant: // among the holders of 专精特新中小企业
				if s := g.latestOf(e, g.byCode[honour.CodeSRDI]); s == nil || !s.HeldOn(d) {
					continue
				}
				chance = rate.newPerYear / per * boost
			case honour.CodeIPDemo: // mostly advantage enterprises of three years: an upgrade
				adv := g.byCode[honour.CodeIPAdvantage]
				if a := g.latestOf(e, adv); a != nil && a.HeldOn(d) {
					chance = 0.05
					if g.daysHeld(e, adv, d) >= 3*365 {
						chance = rate.newPerYear
					}
				} else {
					chance = 0.0003 * g.quality[e]
				}
			case honour.CodeIPAdvantage: // not asked of demonstration enterprises
				if x := g.latestOf(e, g.byCode[honour.CodeIPDemo]); x != nil && x.HeldOn(d) {
					continue
				}
			}
			if r.Float64() < chance {
				add(e, p, honour.New)
				if code == honour.CodeIPDemo {
					upgraded[e] = true
				}
			}
		}
		// New entries first, then rechecks passed and failed, revocations.
		slices.SortStableFunc(entries[mark:], func(a, b honour.Entry) int { return cmp.Compare(resultOrder(a.Result), resultOrder(b.Result)) })
	}
	if len(entries) == 0 {
		return nil
	}
	// Already in honour.Normalize's form: trimmed, rows numbered.
	b := honour.Batch{ID: int64(len(g.batches) + 1), ZoneID: z.area.ID, Title: fmt.Sprintf(n.spec.title, d.Year, n.spec.nth),
		Number: n.number, Issuer: n.spec.issuer, PublishedOn: d, EffectiveOn: d, Entries: entries}
	for i := range b.Entries {
		g.entries++
		b.Entries[i].ID, b.Entries[i].Row = int64(g.entries), i+1
	}
	warnings, err := g.plan(b)
	if err != nil {
		return err
	}
	created := d.AddDays(1 + r.IntN(5))
	if created.After(g.w.opt.Until) {
		created = g.w.opt.Until
	}
	g.batches = append(g.batches, bulk.HonourBatch{Batch: b, Warnings: warnings, CreatedByName: g.w.opt.Actor.Username,
		CreatedAt: time.Date(created.Year, created.Month, created.Day, 2, 30, 0, 0, time.UTC)})
	return nil
}

// resultOrder is a result's place in a notice's list: new, recheck passed,
// recheck failed, revoked.
func resultOrder(r honour.Result) int {
	switch r {
	case honour.New:
		return 0
	case honour.RecheckPass:
		return 1
	case honour.RecheckFail:
		return 2
	}
	return 3
}

// plan runs honour.Apply over b's entries, a few enterprises at a time,
// with the titles those enterprises hold, and keeps what the plans change.
func (g *honourGen) plan(b honour.Batch) ([]honour.Warning, error) {
	ids := map[int64]int{} // enterprise id → chunk
	var chunks [][]honour.Entry
	var ents [][]int64
	for _, e := range b.Entries {
		c, ok := ids[e.EnterpriseID]
		if !ok {
			c = len(chunks) - 1
			if c < 0 || len(ents[c]) == applyChunk {
				chunks, ents = append(chunks, nil), append(ents, nil)
				c++
			}
			ids[e.EnterpriseID] = c
			ents[c] = append(ents[c], e.EnterpriseID)
		}
		chunks[c] = append(chunks[c], e)
	}
	var warnings []honour.Warning
	held := g.held[:0]
	for c, list := range chunks {
		held = held[:0]
		for _, id := range ents[c] {
			for _, k := range g.entT[id-1] {
				held = append(held, g.titles[k])
			}
		}
		part := b
		part.Entries = list
		plan, err := honour.Apply(part, g.byID, held)
		if err != nil {
			return nil, fmt.Errorf("gen: honour batch %d (%s, %s) refused: %w", b.ID, b.Title, b.PublishedOn, err)
		}
		for _, e := range plan.End {
			t := &g.titles[e.TitleID-1]
			t.EndedOn, t.EndReason, t.EndBatch = e.On, e.Reason, b.ID
		}
		for _, t := range plan.Start {
			t.ID = int64(len(g.titles) + 1)
			if !t.EndedOn.IsZero() {
				t.EndBatch = b.ID
			}
			e := int(t.EnterpriseID - 1)
			g.titles = append(g.titles, t)
			g.decided = append(g.decided, false)
			g.entT[e] = append(g.entT[e], int32(t.ID-1))
			g.latest[e*len(g.progs)+pidx(t.ProgrammeID)] = int32(t.ID)
		}
		warnings = append(warnings, plan.Warnings...)
	}
	g.held = held
	slices.SortStableFunc(warnings, func(a, b honour.Warning) int { return cmp.Compare(a.Row, b.Row) })
	return warnings, nil
}

// rollups are the honour.held rows of every zone (indicator.SpanRows over
// each title's honour.Spans, as the rebuild computes them) and the
// honour.awarded rows of every batch, in primary-key order.
func (g *honourGen) rollups() []indicator.Row {
	byZone := map[int64][]int{}
	for i := range g.titles {
		byZone[g.titles[i].ZoneID] = append(byZone[g.titles[i].ZoneID], i)
	}
	var out []indicator.Row
	var spans []indicator.Span
	for _, z := range g.w.zones {
		spans = spans[:0]
		for _, i := range byZone[z.area.ID] {
			t := g.titles[i]
			spans = append(spans, honour.Spans(t, g.byID[t.ProgrammeID], 1)...)
		}
		out = append(out, indicator.SpanRows(spans)...)
	}
	codes := make(map[int64]string, len(g.progs))
	for _, p := range g.progs {
		codes[p.ID] = p.Code
	}
	type key struct {
		zone  int64
		month indicator.YM
		dim   indicator.DimKey
	}
	awarded := map[key]int64{}
	for i := range g.batches {
		for _, r := range honour.AwardRows(g.batches[i].Batch, codes, 1) {
			awarded[key{r.ZoneID, r.Month, r.Dim}] += r.Value
		}
	}
	for k, v := range awarded {
		out = append(out, indicator.Row{ZoneID: k.zone, Month: k.month, Indicator: honour.IndicatorAwarded, Dim: k.dim, Value: v})
	}
	slices.SortFunc(out, func(x, y indicator.Row) int {
		return cmp.Or(cmp.Compare(x.ZoneID, y.ZoneID), cmp.Compare(x.Indicator, y.Indicator),
			cmp.Compare(x.Dim, y.Dim), cmp.Compare(x.Month, y.Month))
	})
	return out
}

// honourResult is what the honours part of a data set holds.
type honourResult struct {
	programmes, batches, entries, titles, rollups int
	heldAtEnd                                     int // titles held on the last day
}

// writeHonours draws the honours and writes them, with their rollups,
// through the loader; everything written goes into the digest.
func writeHonours(ctx context.Context, w *world, ld *bulk.Loader, at time.Time) (honourResult, error) {
	var res honourResult
	g, err := newHonourGen(w)
	if err != nil {
		return res, err
	}
	if err := g.run(); err != nil {
		return res, err
	}
	rows := g.rollups()
	for _, p := range g.progs {
		w.dig.programme(p)
	}
	for i := range g.batches {
		w.dig.batch(&g.batches[i])
	}
	for i := range g.titles {
		w.dig.title(&g.titles[i])
		if g.titles[i].HeldOn(w.opt.Until) {
			res.heldAtEnd++
		}
	}
	w.dig.rows(rows)
	if err := ld.HonourProgrammes(ctx, g.progs, at); err != nil {
		return res, err
	}
	if err := ld.HonourBatches(ctx, g.batches); err != nil {
		return res, err
	}
	if err := ld.HonourTitles(ctx, g.titles); err != nil {
		return res, err
	}
	if err := ld.Rollups(ctx, rows); err != nil {
		return res, err
	}
	res.programmes, res.batches, res.entries, res.titles, res.rollups = len(g.progs), len(g.batches), g.entries, len(g.titles), len(rows)
	return res, nil
}
