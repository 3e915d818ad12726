package bulletin

import (
	"maps"
	"slices"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

// Facts are the figures an item is written from, saved with the item. The
// common parts are fields; what differs by module lives in maps keyed by
// names the module's templates use ({{.N.count}}, {{.S.notice}}). Only exact
// types are used (integers, fen, text, ranks), so Facts survive a JSON round
// trip unchanged and a saved item can be rendered again.
type Facts struct {
	Zone   string           `json:"zone"`           // "榆林高新区"
	City   string           `json:"city,omitempty"` // the city that sets targets and ranks: "榆林市"
	Period indicator.Period `json:"period"`         // the period the figures cover
	Date   civil.Date       `json:"date"`           // publication date; "今年" is relative to it
	// AsOf is set when the period runs into a month not over on Date
	// (indicator.PartialOn): its figures are to that day, and there is no
	// year-on-year change to print (rollups keep whole months).
	AsOf civil.Date `json:"as_of,omitzero"`

	N    map[string]int64          `json:"n,omitempty"`    // counts and fen: "count", "amount", "prev_amount", "target"
	S    map[string]string         `json:"s,omitempty"`    // words: programme names, notice titles, free text
	L    map[string][]string       `json:"l,omitempty"`    // lists of names: enterprises selected
	Rank map[string]indicator.Rank `json:"rank,omitempty"` // ranks by what is ranked: "amount", "held"
}

// Clone returns a deep copy, so an item keeps the facts as they were when it
// was written even if the caller reuses its maps.
func (f Facts) Clone() Facts {
	f.N, f.S, f.Rank = maps.Clone(f.N), maps.Clone(f.S), maps.Clone(f.Rank)
	if f.L != nil {
		l := make(map[string][]string, len(f.L))
		for k, v := range f.L {
			l[k] = slices.Clone(v)
		}
		f.L = l
	}
	return f
}

// IsZero reports whether no facts were given (Preview then uses samples).
func (f Facts) IsZero() bool {
	return f.Zone == "" && f.City == "" && f.Period == (indicator.Period{}) && f.Date.IsZero() &&
		len(f.N) == 0 && len(f.S) == 0 && len(f.L) == 0 && len(f.Rank) == 0
}
