package indicator

import (
	"math/big"
	"slices"
	"strconv"

	"github.com/innopark/innopark/internal/errs"
)

// List is one single list (单项榜单) of an evaluation: zones ranked by one
// indicator, and that list's weight in the overall composite.
type List struct {
	Key       string `json:"key"`       // "gross_output"
	NameKey   string `json:"name_key"`  // i18n key of the list's name
	Indicator string `json:"indicator"` // the Definition ID ranked
	Order     Order  `json:"order"`     // Desc: more is better
	Weight    int    `json:"weight"`    // percent of the composite; a spec's weights sum to 100
}

// Evaluation is one year's specification of the national evaluation of zones:
// which single lists it publishes and how they weigh in the overall ranking.
// Specs are data, versioned by the year the results are published, because
// the weights change from year to year.
type Evaluation struct {
	Year    int    `json:"year"`     // year the results are published (2024)
	Version int    `json:"version"`  // revision of that year's spec
	NameKey string `json:"name_key"` // i18n key of the evaluation's name
	Data    Period `json:"data"`     // period the figures are taken from (the year before)
	Lists   []List `json:"lists"`
}

// DefaultEvaluations returns the built-in specs. The six lists are those the
// 2024 results publish; the weights are placeholders (the published method
// does not state them) to be replaced by the Torch Center's figures as data.
func DefaultEvaluations() []Evaluation {
	list := func(key, ind string, w int) List {
		return List{Key: key, NameKey: "indicator.list." + key, Indicator: ind, Order: Desc, Weight: w}
	}
	return []Evaluation{{
		Year: 2024, Version: 1, NameKey: "indicator.evaluation.national",
		Data: Must(Year(2023)),
		Lists: []List{
			list("gross_output", StatGrossOutput, 20),
			list("hightech_revenue", StatHightechRevenue, 20),
			list("rd_intensity", StatRDIntensity, 15),
			list("tech_contract_per_person", TechContractAmountPerPerson, 15),
			list("high_quality_enterprises", HonourHeld, 15),
			list("business_env", StatBusinessEnv, 15),
		},
	}}
}

// EvaluationFor returns the spec that applies to results published in year:
// the latest Year not after it, and of that year the highest Version.
func EvaluationFor(specs []Evaluation, year int) (Evaluation, bool) {
	var best Evaluation
	found := false
	for _, e := range specs {
		if e.Year > year {
			continue
		}
		if !found || e.Year > best.Year || (e.Year == best.Year && e.Version > best.Version) {
			best, found = e, true
		}
	}
	return best, found
}

// Validate checks the spec against the catalog: each list's indicator exists
// in the data year, keys are unique, weights are positive and sum to 100.
func (e Evaluation) Validate(c *Catalog) error {
	var f errs.Fields
	if e.Year < MinYear || e.Year > MaxYear {
		f.Add("year", "indicator.error.year_range", e.Year, MinYear, MaxYear)
	}
	if !e.Data.Valid() {
		f.Add("data", "indicator.error.period_format", e.Data.String())
	}
	if e.NameKey == "" || len(e.Lists) == 0 {
		f.Add("lists", "indicator.error.evaluation_empty", e.Year)
	}
	total := 0
	seen := map[string]bool{}
	for i, l := range e.Lists {
		field := "lists[" + strconv.Itoa(i) + "]"
		switch {
		case l.Key == "" || seen[l.Key]:
			f.Add(field, "indicator.error.duplicate_id", l.Key)
		case l.NameKey == "":
			f.Add(field, "indicator.error.name_missing", l.Key)
		case l.Weight <= 0:
			f.Add(field, "indicator.error.weight_positive", l.Key)
		}
		if _, ok := c.Get(l.Indicator, e.Data.To.Year()); !ok {
			f.Add(field, "indicator.error.unknown_indicator", l.Indicator)
		}
		seen[l.Key] = true
		total += l.Weight
	}
	if total != 100 {
		f.Add("weights", "indicator.error.weights_sum", total)
	}
	return f.Err()
}

// Incomplete is an area left out of a composite ranking: the keys of the
// lists it has no value on, in the evaluation's order.
type Incomplete[K comparable] struct {
	Area    K        `json:"area"`
	Missing []string `json:"missing"`
}

// Composite ranks areas by the weighted overall score of an evaluation.
// values holds, per list key, the values of the areas that have data on that
// list (an area without data must be left out, never entered as 0). Only an
// area with a value on every list is ranked: the others come back as
// Incomplete, naming the lists they lack, because a score built from part of
// the inputs is not comparable with a full one. Each list is scaled to its
// best value — value ÷ max for Desc lists, min ÷ value for Asc — so lists in
// fen and lists in points weigh only by their weights; the score is Σ weight
// × scaled ÷ 100, a fraction of 1, computed exactly.
func Composite[K comparable](e Evaluation, values map[string][]Entry[K]) ([]Ranked[K], []Incomplete[K], error) {
	var areas []K
	score := map[K]*big.Rat{}
	lists := map[K]int{} // how many lists each area has a value on
	for _, l := range e.Lists {
		entries := values[l.Key]
		if err := checkAreas(entries); err != nil {
			return nil, nil, err
		}
		best, ok := bestValue(entries, l.Order)
		for _, en := range entries {
			if _, seen := score[en.Area]; !seen {
				score[en.Area] = new(big.Rat)
				areas = append(areas, en.Area)
			}
			lists[en.Area]++
			if !ok {
				continue
			}
			var scaled *big.Rat
			switch {
			case l.Order == Desc && en.Value.Sign() > 0:
				scaled = new(big.Rat).Quo(en.Value.rat(), best.rat())
			case l.Order == Asc && en.Value.Sign() > 0:
				scaled = new(big.Rat).Quo(best.rat(), en.Value.rat())
			default:
				continue // zero or negative: nothing to scale, scores 0
			}
			scaled.Mul(scaled, big.NewRat(int64(l.Weight), 100))
			score[en.Area].Add(score[en.Area], scaled)
		}
	}
	entries := make([]Entry[K], 0, len(areas))
	var incomplete []Incomplete[K]
	for _, a := range areas {
		if lists[a] == len(e.Lists) {
			entries = append(entries, Entry[K]{Area: a, Value: fromRat(score[a])})
			continue
		}
		in := Incomplete[K]{Area: a}
		for _, l := range e.Lists {
			if !slices.ContainsFunc(values[l.Key], func(en Entry[K]) bool { return en.Area == a }) {
				in.Missing = append(in.Missing, l.Key)
			}
		}
		incomplete = append(incomplete, in)
	}
	ranked, err := Ranking(entries, Desc)
	return ranked, incomplete, err
}

// bestValue is the maximum (Desc) or the smallest positive value (Asc) of a
// list; ok is false when no value is positive.
func bestValue[K comparable](entries []Entry[K], o Order) (Frac, bool) {
	var pos []Frac
	for _, en := range entries {
		if en.Value.Sign() > 0 {
			pos = append(pos, en.Value)
		}
	}
	if len(pos) == 0 {
		return Frac{}, false
	}
	if o == Asc {
		return slices.MinFunc(pos, Frac.Cmp), true
	}
	return slices.MaxFunc(pos, Frac.Cmp), true
}
