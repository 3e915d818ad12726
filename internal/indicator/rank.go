package indicator

import (
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// Order is the direction of a ranking.
type Order int

const (
	Desc Order = iota // larger values rank first (the default: amounts, counts)
	Asc               // smaller values rank first (e.g. days behind schedule)
)

// Entry is one area's value to rank. Area is whatever identifies the areas
// compared: a zone ID, or a region code when a zone is set against the
// counties and districts of its city.
type Entry[K comparable] struct {
	Area  K    `json:"area"`
	Value Frac `json:"value"`
}

// Rank is an area's place in a ranking.
type Rank struct {
	Position int  `json:"position"` // 1-based; equal values share it
	Of       int  `json:"of"`       // how many areas were ranked
	Tied     bool `json:"tied"`     // another area has the same value
}

// Ranked is an entry with its rank.
type Ranked[K comparable] struct {
	Entry[K]
	Rank Rank `json:"rank"`
}

// Ranking orders entries and gives each its competition rank ("1224"): equal
// values share the better position and the next position skips as many places
// as were shared. Equal values keep their input order, so output is
// deterministic for a deterministic input. Each area may appear once; areas
// without a value must be left out rather than ranked as 0 (RankAll lists
// them after the ranked ones, unranked).
func Ranking[K comparable](entries []Entry[K], o Order) ([]Ranked[K], error) {
	if err := checkAreas(entries); err != nil {
		return nil, err
	}
	out := make([]Ranked[K], len(entries))
	for i, e := range entries {
		out[i] = Ranked[K]{Entry: e}
	}
	slices.SortStableFunc(out, func(a, b Ranked[K]) int {
		if o == Asc {
			return a.Value.Cmp(b.Value)
		}
		return b.Value.Cmp(a.Value)
	})
	for i := range out {
		pos := i + 1
		if i > 0 && out[i].Value.Cmp(out[i-1].Value) == 0 {
			pos = out[i-1].Rank.Position
			out[i].Rank.Tied, out[i-1].Rank.Tied = true, true
		}
		out[i].Rank.Position, out[i].Rank.Of = pos, len(out)
	}
	return out, nil
}

// RankAll ranks the entries whose area has data (has reports it) and lists
// the others after them, in input order, with the zero Rank: no data is
// never a rank, and Of counts only the ranked areas, so an area without data
// neither takes a place nor ties at 0 with another.
func RankAll[K comparable](entries []Entry[K], o Order, has func(K) bool) ([]Ranked[K], error) {
	if err := checkAreas(entries); err != nil {
		return nil, err
	}
	var with, without []Entry[K]
	for _, e := range entries {
		if has(e.Area) {
			with = append(with, e)
		} else {
			without = append(without, e)
		}
	}
	out, err := Ranking(with, o)
	if err != nil {
		return nil, err
	}
	for _, e := range without {
		out = append(out, Ranked[K]{Entry: Entry[K]{Area: e.Area}})
	}
	return out, nil
}

func checkAreas[K comparable](entries []Entry[K]) error {
	seen := make(map[K]bool, len(entries))
	for _, e := range entries {
		if seen[e.Area] {
			return errs.E(errs.Invalid, "indicator.error.duplicate_area", fmt.Sprint(e.Area))
		}
		seen[e.Area] = true
	}
	return nil
}

// RankOf returns the rank of area in a ranking.
func RankOf[K comparable](ranked []Ranked[K], area K) (Rank, bool) {
	for _, r := range ranked {
		if r.Area == area {
			return r.Rank, true
		}
	}
	return Rank{}, false
}

// First reports whether the area ranks first, alone or tied: the test behind
// "居…首位" (or "并列…首位" when Tied).
func (r Rank) First() bool { return r.Position == 1 }

// Valid reports whether r is a rank at all (the zero Rank is not).
func (r Rank) Valid() bool { return r.Position >= 1 && r.Position <= r.Of }

// Msg is the rank for the UI: "第1位 / 共6个", "No. 1 of 6".
func (r Rank) Msg() errs.Msg {
	if r.Tied {
		return errs.M("indicator.rank.tied", r.Position, r.Of)
	}
	return errs.M("indicator.rank.position", r.Position, r.Of)
}

// Label is Msg written out without a catalog, for text built in code (exports,
// logs); it matches the catalog's wording.
func (r Rank) Label(lang i18n.Lang) string {
	switch {
	case !r.Valid():
		return ""
	case lang == i18n.EN && r.Tied:
		return fmt.Sprintf("tied No. %d of %d", r.Position, r.Of)
	case lang == i18n.EN:
		return fmt.Sprintf("No. %d of %d", r.Position, r.Of)
	case r.Tied:
		return fmt.Sprintf("并列第%d位 / 共%d个", r.Position, r.Of)
	}
	return fmt.Sprintf("第%d位 / 共%d个", r.Position, r.Of)
}
