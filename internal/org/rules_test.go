package org

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

func d(s string) civil.Date { return civil.MustParse(s) }

func fields(t *testing.T, err error) errs.Fields {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	return e.Fields
}

func TestFit(t *testing.T) {
	s := DefaultSettings()
	for _, c := range []struct {
		members int
		want    Need
	}{
		{0, Need{Mode: ModeSent}},
		{1, Need{Kind: KindJointBranch, Mode: ModeJoint}},
		{2, Need{Kind: KindJointBranch, Mode: ModeJoint}},
		{3, Need{Kind: KindBranch, Mode: ModeSingle}},
		{6, Need{Kind: KindBranch, Mode: ModeSingle}},
		{7, Need{Kind: KindBranch, Mode: ModeSingle, Committee: true}},
		{49, Need{Kind: KindBranch, Mode: ModeSingle, Committee: true}},
		{50, Need{Kind: KindGeneralBranch, Mode: ModeSingle}},
		{99, Need{Kind: KindGeneralBranch, Mode: ModeSingle}},
		{100, Need{Kind: KindCommittee, Mode: ModeSingle}},
		{5000, Need{Kind: KindCommittee, Mode: ModeSingle}},
	} {
		if got := s.Fit(c.members); got != c.want {
			t.Errorf("Fit(%d) = %+v, want %+v", c.members, got, c.want)
		}
	}
	// Thresholds are settings.
	s.OwnBranchMin = 5
	if got := s.Fit(4); got.Mode != ModeJoint {
		t.Errorf("with own branch from 5, 4 members: %+v", got)
	}
}

func TestGapOf(t *testing.T) {
	s := DefaultSettings()
	own := &Organisation{ID: 1, Name: "甲公司党支部", Kind: KindBranch, Mode: ModeSingle}
	joint := &Organisation{ID: 2, Name: "联合党支部", Kind: KindJointBranch, Mode: ModeJoint}
	sent := &Organisation{ID: 3, Name: "指导员", Kind: KindBranch, Mode: ModeSent}
	for _, c := range []struct {
		name    string
		members int
		has     *Organisation
		want    GapReason // "" for none
	}{
		{"nothing, no members", 0, nil, GapUncovered},
		{"instructor, no members", 0, sent, ""},
		{"nothing, two members", 2, nil, GapUncovered},
		{"joint, two members", 2, joint, ""},
		{"joint, five members", 5, joint, GapOwnNeeded},
		{"own branch, five members", 5, own, ""},
		{"sent, twelve members", 12, sent, GapOwnNeeded},
		{"own branch, sixty members", 60, own, GapUpgrade},
		{"own branch, 120 members", 120, own, GapUpgrade},
		{"committee, 120 members", 120, &Organisation{Kind: KindCommittee, Mode: ModeSingle}, ""},
	} {
		g, ok := s.GapOf(Profile{Members: c.members}, c.has)
		if ok != (c.want != "") || (ok && g.Reason != c.want) {
			t.Errorf("%s: gap %v %q, want %q", c.name, ok, g.Reason, c.want)
		}
	}
}

func validOrg() Organisation {
	return Organisation{Name: "示例党支部", Kind: KindBranch, Mode: ModeSingle, Secretary: "张三", FoundedOn: d("2020-05-01"),
		TermYears: 3, Members: []Member{{EnterpriseID: 1}}}
}

func TestValidate(t *testing.T) {
	today := d("2023-12-18")
	s := DefaultSettings()
	for _, c := range []struct {
		name   string
		change func(o *Organisation)
		want   []string // fields refused
	}{
		{"valid", func(*Organisation) {}, nil},
		{"单建 with several enterprises", func(o *Organisation) { o.Members = append(o.Members, Member{EnterpriseID: 2}) }, []string{"members"}},
		{"联建 with one", func(o *Organisation) { o.Mode, o.Kind = ModeJoint, KindJointBranch }, []string{"members"}},
		{"联合党支部 not joint", func(o *Organisation) { o.Kind = KindJointBranch }, []string{"kind"}},
		{"派建 without instructor", func(o *Organisation) { o.Mode, o.Secretary = ModeSent, "" }, []string{"instructor"}},
		{"term of 5 years", func(o *Organisation) { o.TermYears = 5 }, []string{"term_years"}},
		{"election before founding", func(o *Organisation) { o.Elections = []civil.Date{d("2019-01-01")} }, []string{"last_election_on"}},
		{"elections out of order", func(o *Organisation) { o.Elections = []civil.Date{d("2023-05-01"), d("2022-05-01")} }, []string{"last_election_on"}},
		{"founded in the future", func(o *Organisation) { o.FoundedOn = d("2024-01-01") }, []string{"founded_on"}},
		{"an enterprise twice", func(o *Organisation) {
			o.Mode, o.Kind = ModeJoint, KindJointBranch
			o.Members = []Member{{EnterpriseID: 1}, {EnterpriseID: 1}}
		}, []string{"members.2"}},
		{"a stored one dissolved, covering nobody now", func(o *Organisation) {
			o.ID, o.DissolvedOn, o.Members = 7, d("2023-06-30"), nil
		}, nil},
		{"a new one dissolved, naming nobody", func(o *Organisation) { o.DissolvedOn, o.Members = d("2023-06-30"), nil }, []string{"members"}},
		{"everything at once", func(o *Organisation) {
			o.Name, o.Kind, o.Mode, o.Members, o.FoundedOn = "", "x", "y", nil, civil.Date{}
		}, []string{"name", "kind", "mode", "members", "founded_on"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := validOrg()
			c.change(&o)
			err := Validate(&o, s, today)
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			f := fields(t, err)
			for _, k := range c.want {
				if !f.Has(k) {
					t.Errorf("%s not refused: %v", k, f)
				}
			}
		})
	}
}

func TestElectionDue(t *testing.T) {
	o := validOrg() // founded 2020-05-01, 3 years
	if got := o.NextElection(); got != d("2023-05-01") {
		t.Fatalf("next election %s", got)
	}
	if !o.ElectionDue(d("2023-02-01"), 90) || o.ElectionDue(d("2023-01-30"), 90) {
		t.Error("due 90 days before the term's end")
	}
	o.Elections = []civil.Date{d("2023-04-20")}
	if o.ElectionDue(d("2023-12-18"), 90) {
		t.Error("an election renews the term")
	}
}

// The span rollups of random enterprises and organisations, rebuilt as
// rows, give at every month's end the counts the records give on that day,
// an enterprise whose stays overlap counting once (under its least mode).
func TestSpansMatchRecords(t *testing.T) {
	s := DefaultSettings()
	r := rand.New(rand.NewPCG(13, 2023))
	day := func() civil.Date { return d("2018-01-01").AddDays(r.IntN(6 * 365)) }
	chains := []string{"", "power", "it"}
	for round := 0; round < 30; round++ {
		var covs []Coverage
		var orgs []Organisation
		var spans []indicator.Span
		for i := 0; i < 15; i++ {
			c := Coverage{ZoneID: 1, Chain: chains[r.IntN(3)], Park: int64(r.IntN(2))}
			if r.IntN(3) > 0 {
				c.SurveyedOn = day()
			}
			from := day()
			for k := r.IntN(3); k > 0; k-- {
				st := Stay{From: from, Mode: Modes()[r.IntN(3)]}
				if r.IntN(2) == 0 {
					st.Until = from.AddDays(1 + r.IntN(700))
					// The next stay may begin before this one ends: an
					// organisation recorded with an earlier founding day.
					from = st.Until.AddDays(r.IntN(150) - 60)
				} else {
					k = 1
				}
				c.Stays = append(c.Stays, st)
				if st.Until.IsZero() {
					break
				}
			}
			// A change: written as new +1, old −1, as the store does.
			old := c
			old.Chain = chains[r.IntN(3)]
			spans = append(spans, Spans(old, 1)...)
			spans = append(spans, Spans(c, 1)...)
			spans = append(spans, Spans(old, -1)...)
			covs = append(covs, c)
		}
		for i := 0; i < 6; i++ {
			o := Organisation{ZoneID: 1, Kind: Kinds()[r.IntN(5)], Mode: Modes()[r.IntN(3)], FoundedOn: day(), TermYears: 2 + r.IntN(2)}
			if r.IntN(2) == 0 {
				o.Elections = []civil.Date{o.NextElection().AddDays(r.IntN(200) - 100)}
			}
			if r.IntN(4) == 0 {
				o.DissolvedOn = o.FoundedOn.AddDays(30 + r.IntN(2000))
			}
			spans = append(spans, OrgSpans(o, s, 1)...)
			orgs = append(orgs, o)
		}
		src := indicator.NewMemSource(indicator.SpanRows(spans)...)
		for m := indicator.YM(201801); m <= 202412; m = m.Add(1) {
			end := m.Last()
			var should, covered, covIT, orgN, due int64
			byMode := map[Mode]int64{}
			for _, c := range covs {
				if since := c.Since(); !since.IsZero() && !end.Before(since) {
					should++
				}
				if m := c.CoveredOn(end); m != "" {
					covered++
					byMode[m]++
					if c.Chain == "it" {
						covIT++
					}
				}
			}
			for _, o := range orgs {
				if o.Active(end) {
					orgN++
				}
				// Due at the month's end, by the term that runs then.
				if !o.Active(end) {
					continue
				}
				cur := o
				cur.Elections = nil
				for _, e := range o.Elections {
					if !end.Before(e) {
						cur.Elections = append(cur.Elections, e)
					}
				}
				if cur.ElectionDue(end, s.ElectionDueDays) {
					due++
				}
			}
			type check struct {
				id   string
				dim  indicator.DimKey
				want int64
			}
			checks := []check{
				{indicator.OrgShouldCover, indicator.Total, should},
				{indicator.OrgCovered, indicator.Total, covered},
				{indicator.OrgCovered, indicator.Dim(indicator.DimChain, "it"), covIT},
				{indicator.OrgOrganisations, indicator.Total, orgN},
				{indicator.OrgElectionsDue, indicator.Total, due},
			}
			for _, m := range Modes() {
				checks = append(checks, check{indicator.OrgCovered, indicator.Dim(indicator.DimOrgMode, string(m)), byMode[m]})
			}
			for _, c := range checks {
				got, _, _ := src.At(t.Context(), c.id, c.dim, m)
				if got != c.want {
					t.Fatalf("round %d, %s %s at %s: rollups %d, records %d", round, c.id, c.dim, m, got, c.want)
				}
			}
		}
	}
}
