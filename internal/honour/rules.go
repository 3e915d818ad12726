package honour

import (
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

// Plan is what a batch changes: the titles it starts and the titles already
// stored that it ends. The store persists it as it is.
type Plan struct {
	Start    []Title   // new titles (ID 0), in entry order
	End      []End     // stored titles ended before their term
	Warnings []Warning // stored with the batch and shown; not refusals
}

// End ends a stored title on a day (the first day it is no longer held).
type End struct {
	TitleID int64      `json:"title_id"`
	On      civil.Date `json:"on"`
	Reason  EndReason  `json:"reason"`
}

// Warning is a finding about one entry that does not refuse it.
type Warning struct {
	Row   int      `json:"row"`
	Field string   `json:"field"`
	Msg   errs.Msg `json:"msg"`
}

// EntryField names a field of entry row for error and warning messages:
// "entries.3.uscc".
func EntryField(row int, name string) string {
	return "entries." + strconv.Itoa(row) + "." + name
}

// Normalize trims a batch's text, defaults the effective date to the
// published one and numbers the entries that have no row number.
func Normalize(b *Batch) {
	b.Title = strings.TrimSpace(strings.Trim(strings.TrimSpace(b.Title), "《》"))
	b.Number = strings.TrimSpace(b.Number)
	b.Issuer = strings.TrimSpace(b.Issuer)
	if b.EffectiveOn.IsZero() {
		b.EffectiveOn = b.PublishedOn
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.Row == 0 {
			e.Row = i + 1
		}
		e.USCC = strings.ToUpper(strings.TrimSpace(e.USCC))
		e.EnterpriseName = strings.TrimSpace(e.EnterpriseName)
		e.ProgrammeCode = strings.TrimSpace(e.ProgrammeCode)
	}
}

// Apply checks a batch against its programmes (by id) and the titles its
// enterprises hold now (of any programme), and returns what the batch
// changes. Entries must have their EnterpriseID resolved by the caller (0
// is reported as an unknown enterprise) and their ProgrammeID set. Every
// problem is reported at once, per field: "entries.N.field" for an entry.
func Apply(b Batch, programmes map[int64]Programme, held []Title) (Plan, error) {
	var f errs.Fields
	if b.Title == "" {
		f.Add("title", "error.required")
	}
	if b.Issuer == "" {
		f.Add("issuer", "error.required")
	}
	if b.PublishedOn.IsZero() {
		f.Add("published_on", "error.required")
	}
	if b.EffectiveOn.IsZero() {
		f.Add("effective_on", "error.required")
	}
	if len(b.Entries) == 0 {
		f.Add("entries", "honour.err.no_entries")
	}
	byCode := make(map[string]Programme, len(programmes))
	for _, p := range programmes {
		byCode[p.Code] = p
	}
	st := newState(held)
	var plan Plan
	type pair struct{ ent, prog int64 }
	seen := map[pair]int{}
	eff := b.EffectiveOn
	for _, e := range b.Entries {
		fld := func(name string) string { return EntryField(e.Row, name) }
		p, ok := programmes[e.ProgrammeID]
		if !ok {
			f.Add(fld("programme"), "honour.err.programme")
		}
		if !e.Result.Valid() {
			f.Add(fld("result"), "honour.err.result")
		}
		if e.EnterpriseID == 0 {
			if e.USCC == "" {
				f.Add(fld("uscc"), "error.required")
			} else {
				f.Add(fld("uscc"), "honour.err.unknown_enterprise", e.USCC)
			}
		}
		if !ok || !e.Result.Valid() || e.EnterpriseID == 0 || eff.IsZero() {
			continue
		}
		if !p.Since.IsZero() && b.PublishedOn.Before(p.Since) {
			f.Add("published_on", "honour.err.before_programme", p.Name, p.Since.String())
			continue
		}
		k := pair{e.EnterpriseID, e.ProgrammeID}
		if first, dup := seen[k]; dup {
			f.Add(fld("uscc"), "honour.err.duplicate", first)
			continue
		}
		seen[k] = e.Row
		cur := st.heldOn(e.EnterpriseID, e.ProgrammeID, eff)
		switch e.Result {
		case New:
			if cur != nil {
				f.Add(fld("result"), "honour.err.overlap", p.Name, cur.StartOn.String(), untilText(*cur))
				continue
			}
			if later := st.startsAfter(e.EnterpriseID, e.ProgrammeID, eff); later != nil {
				f.Add(fld("result"), "honour.err.overlap", p.Name, later.StartOn.String(), untilText(*later))
				continue
			}
		case RecheckPass, RecheckFail:
			if !st.everHeld(e.EnterpriseID, e.ProgrammeID, eff) {
				f.Add(fld("result"), "honour.err.never_held", p.Name)
				continue
			}
		case Revoked:
			if cur == nil {
				f.Add(fld("result"), "honour.err.not_held", p.Name, eff.String())
				continue
			}
		}
		if len(f) > 0 {
			continue // the batch is refused: plan nothing more, keep checking
		}
		switch e.Result {
		case RecheckPass:
			if cur != nil {
				st.end(&plan, cur, eff, EndRenewed)
			}
		case RecheckFail:
			if cur != nil {
				st.end(&plan, cur, eff, EndFailed)
			}
		case Revoked:
			st.end(&plan, cur, eff, EndRevoked)
		}
		if !e.Result.Passes() {
			continue
		}
		if p.Prior != "" {
			prior, known := byCode[p.Prior]
			if known && !p.KeepPrior {
				if pt := st.heldOn(e.EnterpriseID, prior.ID, eff); pt != nil {
					st.end(&plan, pt, eff, EndSuperseded)
				}
			}
			if e.Result == New && !p.PriorSince.IsZero() && !eff.Before(p.PriorSince) &&
				(!known || !st.heldSince(e.EnterpriseID, prior.ID, eff, p.PriorYears)) {
				plan.Warnings = append(plan.Warnings, Warning{Row: e.Row, Field: fld("result"),
					Msg: errs.M("honour.warn.prior", p.Name, priorName(prior, p.Prior), p.PriorYears)})
			}
		}
		t := Title{ZoneID: b.ZoneID, EnterpriseID: e.EnterpriseID, ProgrammeID: p.ID, BatchID: b.ID,
			StartOn: eff, TermEnd: TermEnd(eff, p.TermYears)}
		st.start(&plan, t)
	}
	if err := f.Err(); err != nil {
		return Plan{}, err
	}
	return plan, nil
}

func priorName(p Programme, code string) string {
	if p.Name != "" {
		return p.Name
	}
	return code
}

func untilText(t Title) string {
	if u := t.Until(); !u.IsZero() {
		return u.AddDays(-1).String()
	}
	return "—"
}

// state is the titles of the batch's enterprises as the batch changes them.
type state struct {
	titles []*Title // stored titles, then those the batch starts
	index  map[*Title]int
}

func newState(held []Title) *state {
	s := &state{index: map[*Title]int{}}
	for i := range held {
		t := held[i]
		s.titles = append(s.titles, &t)
	}
	return s
}

func (s *state) heldOn(ent, prog int64, d civil.Date) *Title {
	for _, t := range s.titles {
		if t.EnterpriseID == ent && t.ProgrammeID == prog && t.HeldOn(d) {
			return t
		}
	}
	return nil
}

// startsAfter returns a title of the pair starting after d (a later term
// already recorded, which a new title on d would overlap).
func (s *state) startsAfter(ent, prog int64, d civil.Date) *Title {
	for _, t := range s.titles {
		if t.EnterpriseID == ent && t.ProgrammeID == prog && d.Before(t.StartOn) {
			return t
		}
	}
	return nil
}

func (s *state) everHeld(ent, prog int64, d civil.Date) bool {
	for _, t := range s.titles {
		if t.EnterpriseID == ent && t.ProgrammeID == prog && !d.Before(t.StartOn) {
			return true
		}
	}
	return false
}

// heldSince reports whether titles of the pair covered, in all, at least
// years before d (IP demonstration asks for three years as an advantage
// enterprise; the terms need not run up to the application).
func (s *state) heldSince(ent, prog int64, d civil.Date, years int) bool {
	need := civil.Of(d.Time().AddDate(-years, 0, 0)).DaysUntil(d)
	covered := 0
	for _, t := range s.titles {
		if t.EnterpriseID != ent || t.ProgrammeID != prog || !t.StartOn.Before(d) {
			continue
		}
		end := t.Until()
		if end.IsZero() || d.Before(end) {
			end = d
		}
		covered += t.StartOn.DaysUntil(end)
	}
	return covered >= need
}

func (s *state) start(plan *Plan, t Title) {
	plan.Start = append(plan.Start, t)
	nt := t
	s.titles = append(s.titles, &nt)
	s.index[&nt] = len(plan.Start) - 1
}

// end ends t on d: a stored title through an End, one the batch started by
// shortening it in the plan.
func (s *state) end(plan *Plan, t *Title, d civil.Date, why EndReason) {
	t.EndedOn, t.EndReason = d, why
	if i, ok := s.index[t]; ok {
		plan.Start[i].EndedOn, plan.Start[i].EndReason = d, why
		return
	}
	plan.End = append(plan.End, End{TitleID: t.ID, On: d, Reason: why})
}

// Held counts the titles of each programme (by id) held on day d.
func Held(titles []Title, d civil.Date) map[int64]int {
	out := map[int64]int{}
	for _, t := range titles {
		if t.HeldOn(d) {
			out[t.ProgrammeID]++
		}
	}
	return out
}

// Indicators the honour records write and their dimension.
const (
	IndicatorHeld       = indicator.HonourHeld       // titles held at a month's end (stock)
	IndicatorAwarded    = indicator.HonourAwarded    // entries that started a term in a month
	IndicatorActivities = indicator.HonourActivities // cultivation activities in a month
	DimProgramme        = indicator.DimProgramme
	DimResult           = indicator.DimResult
	DimActivityKind     = indicator.DimActivityKind
	DimKind             = indicator.DimHonourKind
)

// Spans returns what a title adds to (sign +1) or removes from (sign −1)
// the zone's honour.held stock, in total, under its programme (p, by code)
// and under the programme's kind (so IP titles rank together):
// one over its term and, when it ended early, the negative remainder from
// the end to the term's end. A change of a stored title is
// Spans(new, +1) followed by Spans(old, −1), so the edges written are the
// same as when the rollups are rebuilt from titles.
func Spans(t Title, p Programme, sign int64) []indicator.Span {
	from := indicator.MonthOfDate(t.StartOn)
	var until indicator.YM
	if !t.TermEnd.IsZero() {
		until = indicator.MonthOfDate(t.TermEnd)
	}
	var out []indicator.Span
	for _, dim := range []indicator.DimKey{indicator.Total, indicator.Dim(DimProgramme, p.Code), indicator.Dim(DimKind, p.Kind)} {
		out = append(out, indicator.Span{ZoneID: t.ZoneID, Indicator: IndicatorHeld, Dim: dim, From: from, Until: until, Delta: sign})
		if !t.EndedOn.IsZero() && (t.TermEnd.IsZero() || t.EndedOn.Before(t.TermEnd)) {
			out = append(out, indicator.Span{ZoneID: t.ZoneID, Indicator: IndicatorHeld, Dim: dim,
				From: indicator.MonthOfDate(t.EndedOn), Until: until, Delta: -sign})
		}
	}
	return out
}

// AwardRows returns the honour.awarded rows of a batch's passing entries:
// one per entry in the month of the batch's effective date, in total, by
// programme (code) and by result.
func AwardRows(b Batch, codes map[int64]string, sign int64) []indicator.Row {
	m := indicator.MonthOfDate(b.EffectiveOn)
	var out []indicator.Row
	for _, e := range b.Entries {
		if !e.Result.Passes() {
			continue
		}
		for _, dim := range []indicator.DimKey{indicator.Total, indicator.Dim(DimProgramme, codes[e.ProgrammeID]), indicator.Dim(DimResult, string(e.Result))} {
			out = append(out, indicator.Row{ZoneID: b.ZoneID, Month: m, Indicator: IndicatorAwarded, Dim: dim, Value: sign})
		}
	}
	return out
}

// ActivityRows returns the cultivation.activities rows of one activity.
func ActivityRows(a Activity, sign int64) []indicator.Row {
	m := indicator.MonthOfDate(a.On)
	return []indicator.Row{
		{ZoneID: a.ZoneID, Month: m, Indicator: IndicatorActivities, Dim: indicator.Total, Value: sign},
		{ZoneID: a.ZoneID, Month: m, Indicator: IndicatorActivities, Dim: indicator.Dim(DimActivityKind, string(a.Kind)), Value: sign},
	}
}
