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
	Module   string `json:"module"`
	Key      string `json:"key"`
	Version  int    `json:"version" doc:"the template version used"`
	Headline string `json:"headline"`
	Text     string `json:"text" doc:"paragraphs separated by newlines"`
	Facts    Facts  `json:"facts"`
}

// BulletinTemplate is a zone's template (its own edit or the default).
type BulletinTemplate struct {
	Module   string `json:"module"`
	Key      string `json:"key"`
	Version  int    `json:"version"`
	Headline string `json:"headline"`
	Body     string `json:"body"`
	Custom   bool   `json:"custom" doc:"the zone has edited it"`
}

// TemplateBody is the body saving an edit of a template.
type TemplateBody struct {
	Headline string `json:"headline" text:"multiline"`
	Body     string `json:"body" text:"multiline"`
	Version  int    `json:"version" doc:"the version edited; a version saved since is a conflict (409)"`
}

// PreviewBody is the body previewing an edit.
type PreviewBody struct {
	Headline string `json:"headline" text:"multiline"`
	Body     string `json:"body" text:"multiline"`
	From     string `json:"from,omitempty" pattern:"month" doc:"with to: the zone's figures for the period; without: sample figures"`
	To       string `json:"to,omitempty" pattern:"month"`
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
