package indicator

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/zone"
)

func entries(vals ...int64) []Entry[string] {
	out := make([]Entry[string], len(vals))
	for i, v := range vals {
		out[i] = Entry[string]{Area: string(rune('a' + i)), Value: Whole(v)}
	}
	return out
}

type placed struct {
	Area string
	Rank Rank
}

func places(rs []Ranked[string]) []placed {
	out := make([]placed, len(rs))
	for i, r := range rs {
		out[i] = placed{r.Area, r.Rank}
	}
	return out
}

func TestRanking(t *testing.T) {
	tests := []struct {
		name  string
		in    []Entry[string]
		order Order
		want  []placed
	}{
		{"1224", entries(5, 9, 7, 7), Desc, []placed{
			{"b", Rank{1, 4, false}}, {"c", Rank{2, 4, true}}, {"d", Rank{2, 4, true}}, {"a", Rank{4, 4, false}},
		}},
		{"tied first", entries(12, 12, 3), Desc, []placed{
			{"a", Rank{1, 3, true}}, {"b", Rank{1, 3, true}}, {"c", Rank{3, 3, false}},
		}},
		{"all equal", entries(1, 1, 1), Desc, []placed{
			{"a", Rank{1, 3, true}}, {"b", Rank{1, 3, true}}, {"c", Rank{1, 3, true}},
		}},
		{"ascending", entries(5, 9, 7), Asc, []placed{
			{"a", Rank{1, 3, false}}, {"c", Rank{2, 3, false}}, {"b", Rank{3, 3, false}},
		}},
		{"single", entries(0), Desc, []placed{{"a", Rank{1, 1, false}}}},
		{"empty", nil, Desc, []placed{}},
		{"negative and fractions", []Entry[string]{
			{"x", Frac{1, 3}}, {"y", Whole(-1)}, {"z", Frac{2, 6}.reduced()},
		}, Desc, []placed{{"x", Rank{1, 3, true}}, {"z", Rank{1, 3, true}}, {"y", Rank{3, 3, false}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Ranking(tt.in, tt.order)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, places(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRankingDuplicateArea(t *testing.T) {
	_, err := Ranking([]Entry[int64]{{1, Whole(1)}, {1, Whole(2)}}, Desc)
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("err = %v, want Invalid", err)
	}
}

func TestRankOfAndLabel(t *testing.T) {
	rs, _ := Ranking(entries(5, 9, 7, 7, 1, 0), Desc)
	r, ok := RankOf(rs, "b")
	if !ok || !r.First() || r.Label(i18n.ZH) != "第1位 / 共6个" || r.Label(i18n.EN) != "No. 1 of 6" {
		t.Errorf("b: %+v %q", r, r.Label(i18n.ZH))
	}
	r, _ = RankOf(rs, "d")
	if r.First() || r.Label(i18n.ZH) != "并列第2位 / 共6个" || r.Label(i18n.EN) != "tied No. 2 of 6" {
		t.Errorf("d: %+v %q", r, r.Label(i18n.ZH))
	}
	if m := r.Msg(); m.Key != "indicator.rank.tied" || !cmp.Equal(m.Args, []any{2, 6}) {
		t.Errorf("msg %+v", m)
	}
	if _, ok := RankOf(rs, "zz"); ok {
		t.Error("unknown area found")
	}
	if (Rank{}).Label(i18n.ZH) != "" || (Rank{}).Valid() {
		t.Error("zero rank should be invalid and unlabelled")
	}
}

// TestRankAll: areas without data are listed after the ranked ones with
// the zero rank; Of counts the ranked areas only, and nothing ties at 0.
func TestRankAll(t *testing.T) {
	in := entries(0, 9, 0, 0, 4)
	has := func(a string) bool { return a != "c" && a != "d" } // c and d have no rows; a has a real 0
	got, err := RankAll(in, Desc, has)
	if err != nil {
		t.Fatal(err)
	}
	want := []placed{{"b", Rank{1, 3, false}}, {"e", Rank{2, 3, false}}, {"a", Rank{3, 3, false}}, {"c", Rank{}}, {"d", Rank{}}}
	if diff := cmp.Diff(want, places(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got[3].Rank.Valid() || got[3].Rank.Label(i18n.ZH) != "" {
		t.Errorf("an area without data has a rank: %+v", got[3].Rank)
	}
	none, err := RankAll(entries(0, 0), Desc, func(string) bool { return false })
	if err != nil || len(none) != 2 || none[0].Rank.Valid() || none[1].Rank.Valid() {
		t.Errorf("no data at all = %v, %v", none, err)
	}
	if _, err := RankAll(append(entries(1), Entry[string]{Area: "a"}), Desc, has); !errs.Is(err, errs.Invalid) {
		t.Errorf("duplicate area: %v", err)
	}
}

// TestPlaceAmongMatchesRankAmong: the one-pass placing a dashboard uses is
// the placing of the full ranking, for every area of random scopes with
// ties, areas without data, fractions, and an area outside the scope.
func TestPlaceAmongMatchesRankAmong(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 17))
	for round := range 2000 {
		n := rng.IntN(12)
		peers := make([]Peer, n)
		vals := map[int64]Frac{}
		for i := range peers {
			id := int64(i + 1)
			peers[i] = Peer{Area: zone.Area{ID: id, CityName: "榆林市", ProvinceName: "陕西省"}, Visible: rng.IntN(2) == 0}
			switch rng.IntN(4) {
			case 0: // no data
			case 1:
				f, _ := NewFrac(int64(rng.IntN(7)), int64(1+rng.IntN(3)))
				vals[id] = f
			default:
				vals[id] = Whole(int64(rng.IntN(5)) - 1)
			}
		}
		scope := Scopes()[rng.IntN(len(Scopes()))]
		for id := int64(1); id <= int64(n)+1; id++ { // n+1: not among the peers
			area := zone.Area{ID: id, CityName: "榆林市", ProvinceName: "陕西省"}
			if id == int64(n)+1 && rng.IntN(2) == 0 {
				vals[id] = Whole(3) // a value, but outside the scope
			}
			want, err := rankAmong(peers, vals, area, scope)
			if err != nil {
				t.Fatal(err)
			}
			if got := placeAmong(peers, vals, area, scope); got != want.placing {
				t.Fatalf("round %d, area %d of %v: placeAmong %+v, rankAmong %+v", round, id, vals, got, want.placing)
			}
		}
	}
}
