package api

import (
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
)

// bulletinEndpoints are the bulletins' work notes and revisions (the items,
// templates and saved items are listed with the indicators).
func (a *API) bulletinEndpoints() []endpoint {
	const invalid = http.StatusUnprocessableEntity
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/work-notes", Handler: a.listWorkNotes,
			Op: Op{Summary: "The zone's work notes for a period: a paragraph per module the bulletin prints after the figures", Tag: "bulletins",
				Query: apitypes.PeriodQuery{}, OK: []Resp{ok(apitypes.ListOf[apitypes.WorkNote](nil))}, Errors: []int{invalid}}},
		{Method: "PUT", Pattern: "/api/v1/zones/{slug}/work-notes/{module}", Handler: a.putWorkNote,
			Op: Op{Summary: "Set the zone's work note of a module for a period (empty text removes it); audited", Tag: "bulletins",
				Body: apitypes.WorkNoteBody{}, OK: []Resp{ok(apitypes.WorkNote{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/bulletin-revisions", Handler: a.listRevisions,
			Op: Op{Summary: "Items saved for a period whose figures have changed since: old and new figures and who changed the records when; the saved text stays as published", Tag: "bulletins",
				Query: apitypes.PeriodQuery{}, OK: []Resp{ok(apitypes.ListOf[apitypes.BulletinRevision](nil))}, Errors: []int{invalid}}},
	}
}

func workOut(n bulletin.WorkNote) apitypes.WorkNote {
	return apitypes.WorkNote{ID: n.ID, Module: n.Module, Period: n.Period.String(), Text: n.Text, SavedBy: n.SavedByName, SavedAt: n.SavedAt}
}

func (a *API) listWorkNotes(w http.ResponseWriter, r *http.Request) error {
	p, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	_, notes, err := a.Bulletins.WorkNotes(r.Context(), httpx.Actor(r), r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(notes, workOut)))
}

func (a *API) putWorkNote(w http.ResponseWriter, r *http.Request) error {
	var body apitypes.WorkNoteBody
	if err := httpx.DecodeJSON(w, r, 4*bulletin.MaxWorkRunes+4096, &body); err != nil {
		return err
	}
	p, err := readPeriod(a.Indicators.Today(), body.From, body.To)
	if err != nil {
		return err
	}
	n, err := a.Bulletins.PutWork(r.Context(), httpx.Actor(r), r.PathValue("slug"), r.PathValue("module"), p, body.Text)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, workOut(n))
}

func (a *API) listRevisions(w http.ResponseWriter, r *http.Request) error {
	p, err := a.queryPeriod(r)
	if err != nil {
		return err
	}
	_, revs, err := a.Bulletins.Revisions(r.Context(), httpx.Actor(r), r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	lang := a.lang(r)
	out := make([]apitypes.BulletinRevision, 0, len(revs))
	for _, rv := range revs {
		x := apitypes.BulletinRevision{Saved: savedOut(rv.Saved), Changes: []apitypes.FigureChange{}, Edits: []apitypes.BulletinEdit{}}
		for _, c := range rv.Changes {
			x.Changes = append(x.Changes, apitypes.FigureChange{Fact: c.Fact, Name: a.Catalog.T(lang, bulletin.FactKey(rv.Saved.Item.Module, c.Fact)),
				Old: c.Old, New: c.New, Had: c.Had, Has: c.Has,
				OldText: figureText(rv.Saved.Item.Module, c.Fact, c.Old, c.Had, lang), NewText: figureText(rv.Saved.Item.Module, c.Fact, c.New, c.Has, lang)})
		}
		for _, e := range rv.Edits {
			x.Edits = append(x.Edits, apitypes.BulletinEdit{At: e.At, By: e.By, Action: e.Action, Entity: e.Entity, Count: e.Count})
		}
		out = append(out, x)
	}
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(out))
}

func figureText(module, fact string, v int64, has bool, lang i18n.Lang) string {
	if !has {
		return "—"
	}
	return bulletin.FactValue(module, fact, v, lang)
}

func formIn(f *apitypes.BulletinForm) bulletin.Form {
	return bulletin.Form{Headlines: f.Headlines, Body: f.Body, Words: bulletin.Words{Up: f.Words.Up, Down: f.Words.Down,
		Flat: f.Words.Flat, Over: f.Words.Over, NoBase: f.Words.NoBase}}
}

func formOut(f bulletin.Form) *apitypes.BulletinForm {
	return &apitypes.BulletinForm{Headlines: nonNil(f.Headlines), Body: nonNil(f.Body), Words: apitypes.BulletinWords{Up: f.Words.Up,
		Down: f.Words.Down, Flat: f.Words.Flat, Over: f.Words.Over, NoBase: f.Words.NoBase}}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (a *API) flagsOut(lang i18n.Lang, it bulletin.Item) []apitypes.BulletinFlag {
	var out []apitypes.BulletinFlag
	for _, f := range it.Flags {
		name := a.Catalog.T(lang, bulletin.FactKey(it.Module, f.Fact))
		out = append(out, apitypes.BulletinFlag{Key: strings.TrimPrefix(f.Key, "bulletin.flag."), Fact: f.Fact,
			Message: a.Catalog.Msg(lang, errs.M(f.Key, append([]any{name}, f.Words(lang)...)...))})
	}
	return out
}
