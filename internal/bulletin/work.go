package bulletin

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

// MaxWorkRunes bounds a work note: a paragraph, not a report.
const MaxWorkRunes = 2000

// WorkNote is a zone's own account of its work for a module's item in a
// period (policies issued, briefings held, one-to-one guidance …), the
// paragraph the page prints after the figures. The item includes it as
// fact S.work.
type WorkNote struct {
	ID          int64            `json:"id"`
	ZoneID      int64            `json:"zone_id"`
	Module      string           `json:"module"`
	Period      indicator.Period `json:"period"`
	Text        string           `json:"text"`
	SavedBy     int64            `json:"saved_by,omitempty"`
	SavedByName string           `json:"saved_by_name"`
	SavedAt     time.Time        `json:"saved_at"`
}

// CheckWork tidies a note's text (one paragraph: line breaks become
// nothing, spaces trimmed) and checks it; "" removes the note.
func CheckWork(text string) (string, error) {
	var b strings.Builder
	for line := range strings.Lines(text) {
		b.WriteString(strings.TrimSpace(line))
	}
	s := b.String()
	if utf8.RuneCountInString(s) > MaxWorkRunes {
		return "", errs.Fields{"text": errs.M("bulletin.error.work_too_long", MaxWorkRunes)}.Err()
	}
	return s, nil
}

// withWork adds the zone's note to an item written without it: templates
// that print S.work place it themselves; for the others it is the last
// paragraph.
func withWork(it Item, note string) Item {
	if note == "" || strings.Contains(it.Body, note) {
		return it
	}
	if it.Body == "" {
		it.Body = note
	} else {
		it.Body += "\n" + note
	}
	return it
}
