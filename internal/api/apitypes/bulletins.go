package apitypes

import (
	"time"

	"github.com/innopark/innopark/internal/civil"
)

// Facts are the figures a bulletin item was written from.
type Facts struct {
	Zone   string              `json:"zone"`
	City   string              `json:"city,omitempty"`
	Period string              `json:"period" pattern:"period"`
	Date   *civil.Date         `json:"date" doc:"publication date"`
	N      map[string]int64    `json:"n,omitempty" doc:"counts and amounts (fen)"`
	S      map[string]string   `json:"s,omitempty" doc:"words: programme names, notice titles, free text"`
	L      map[string][]string `json:"l,omitempty" doc:"lists of names"`
	Rank   map[string]FactRank `json:"rank,omitempty" doc:"ranks by what is ranked"`
}

// FactRank is a rank stated in a bulletin item.
type FactRank struct {
	Position int  `json:"position"`
	Of       int  `json:"of"`
	Tied     bool `json:"tied"`
}

// BulletinItem is a news item written from a zone's figures.
type BulletinItem struct {
	Module   string         `json:"module"`
	Key      string         `json:"key"`
	Version  int            `json:"version" doc:"the template version used"`
	Headline string         `json:"headline"`
	Text     string         `json:"text" doc:"paragraphs separated by newlines"`
	Facts    Facts          `json:"facts"`
	Flags    []BulletinFlag `json:"flags,omitempty" doc:"why its figures would read badly as news; such an item is neither saved nor printed on the page"`
}

// BulletinFlag is one reason an item's figures read badly.
type BulletinFlag struct {
	Key     string `json:"key" doc:"low_completion, huge_growth or zero_base (bulletin.flag.*)"`
	Fact    string `json:"fact" doc:"the figure it is about"`
	Message string `json:"message" doc:"the reason, in the request's language"`
}

// BulletinForm is a template as sentences: figures as 「名称」 chips, a
// sentence printed only when its figures are there, "" between paragraphs.
type BulletinForm struct {
	Headlines []string      `json:"headlines" doc:"alternatives; the first whose figures are all there is used"`
	Body      []string      `json:"body" doc:"sentences; an empty string starts a new paragraph"`
	Words     BulletinWords `json:"words"`
}

// BulletinWords are a form's wording choices.
type BulletinWords struct {
	Up     string `json:"up" doc:"增长, 增加 or 上升"`
	Down   string `json:"down" doc:"下降, 减少 or 回落"`
	Flat   string `json:"flat" doc:"持平 or 相当"`
	Over   string `json:"over" doc:"完成 or 超额完成, for a target passed"`
	NoBase string `json:"no_base" doc:"said without a base year; empty leaves the sentence out"`
}

// BulletinTemplate is a zone's template (its own edit or the default).
type BulletinTemplate struct {
	Module   string        `json:"module"`
	Key      string        `json:"key"`
	Version  int           `json:"version"`
	Headline string        `json:"headline"`
	Body     string        `json:"body"`
	Custom   bool          `json:"custom" doc:"the zone has edited it"`
	Form     *BulletinForm `json:"form,omitempty" doc:"the sentence form clerks edit; absent when an administrator wrote the code"`
}

// TemplateBody is the body saving an edit of a template.
type TemplateBody struct {
	Form     *BulletinForm `json:"form,omitempty" doc:"save the sentence form (zone staff); without it headline and body are code (zone administrators only)"`
	Headline string        `json:"headline,omitempty" text:"multiline"`
	Body     string        `json:"body,omitempty" text:"multiline"`
	Version  int           `json:"version" doc:"the version edited; a version saved since is a conflict (409)"`
}

// PreviewBody is the body previewing an edit.
type PreviewBody struct {
	Form     *BulletinForm `json:"form,omitempty" doc:"preview the sentence form instead of code"`
	Headline string        `json:"headline,omitempty" text:"multiline"`
	Body     string        `json:"body,omitempty" text:"multiline"`
	From     string        `json:"from,omitempty" pattern:"month" doc:"with to: the zone's figures for the period; without: sample figures"`
	To       string        `json:"to,omitempty" pattern:"month"`
}

// Preview is an edit rendered, with every problem of its template.
type Preview struct {
	Headline string            `json:"headline"`
	Text     string            `json:"text"`
	Errors   map[string]string `json:"errors" doc:"the problem of each part (headline, body, facts)"`
}

// PeriodBody is a body naming a period.
type PeriodBody struct {
	From string `json:"from" pattern:"month"`
	To   string `json:"to" pattern:"month"`
}

// SavedBulletin is a saved item with the facts it states.
type SavedBulletin struct {
	ID       int64       `json:"id"`
	Zone     string      `json:"zone"`
	Period   string      `json:"period" pattern:"period"`
	Module   string      `json:"module"`
	Key      string      `json:"key"`
	Version  int         `json:"version"`
	Date     *civil.Date `json:"date"`
	Headline string      `json:"headline"`
	Text     string      `json:"text"`
	Facts    Facts       `json:"facts"`
	SavedBy  string      `json:"saved_by"`
	SavedAt  time.Time   `json:"saved_at"`
}

// WorkNote is a zone's paragraph on its work for a module's item in a period.
type WorkNote struct {
	ID      int64     `json:"id"`
	Module  string    `json:"module"`
	Period  string    `json:"period" pattern:"period"`
	Text    string    `json:"text"`
	SavedBy string    `json:"saved_by"`
	SavedAt time.Time `json:"saved_at"`
}

// WorkNoteBody sets (or, with empty text, removes) a work note.
type WorkNoteBody struct {
	From string `json:"from" pattern:"month"`
	To   string `json:"to" pattern:"month"`
	Text string `json:"text" text:"multiline" doc:"one paragraph; line breaks are joined; empty removes the note"`
}

// BulletinRevision is a saved item whose figures have moved since.
type BulletinRevision struct {
	Saved   SavedBulletin  `json:"saved" doc:"as published; its text does not change"`
	Changes []FigureChange `json:"changes"`
	Edits   []BulletinEdit `json:"edits" doc:"audited changes to the zone's records since it was saved"`
}

// FigureChange is a figure as published and as the records give it now.
type FigureChange struct {
	Fact    string `json:"fact"`
	Name    string `json:"name" doc:"the figure's name in the request's language"`
	Old     int64  `json:"old"`
	New     int64  `json:"new"`
	Had     bool   `json:"had" doc:"the published item had the figure"`
	Has     bool   `json:"has" doc:"the records have it now"`
	OldText string `json:"old_text" doc:"with its unit: 3.8亿元"`
	NewText string `json:"new_text"`
}

// BulletinEdit is who changed which records, when and how often.
type BulletinEdit struct {
	At     time.Time `json:"at" doc:"the latest of the changes"`
	By     string    `json:"by"`
	Action string    `json:"action"`
	Entity string    `json:"entity"`
	Count  int       `json:"count"`
}
