package honour

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
)

var (
	adv  = Programme{ID: 1, Code: "cnipa_ip_advantage", Name: "国家知识产权优势企业", Level: National, Kind: KindIP, TermYears: 3, Since: d("2013-01-01")}
	demo = Programme{ID: 2, Code: "cnipa_ip_demo", Name: "国家知识产权示范企业", Level: National, Kind: KindIP, TermYears: 3,
		Prior: "cnipa_ip_advantage", PriorYears: 3, PriorSince: d("2022-01-01"), Since: d("2013-01-01")}
	progs = map[int64]Programme{1: adv, 2: demo}
)

func d(s string) civil.Date { return civil.MustParse(s) }

func batch(on string, entries ...Entry) Batch {
	b := Batch{ID: 9, ZoneID: 3, Title: "通知", Issuer: "国家知识产权局", PublishedOn: d(on)}
	b.Entries = entries
	Normalize(&b)
	return b
}

func entry(ent, prog int64, r Result) Entry {
	return Entry{EnterpriseID: ent, ProgrammeID: prog, USCC: "X", Result: r}
}

// apply runs batches in order over an empty register, assigning ids like a
// store would, and returns the titles.
func apply(t *testing.T, batches ...Batch) []Title {
	t.Helper()
	var titles []Title
	for _, b := range batches {
		plan, err := Apply(b, progs, titles)
		if err != nil {
			t.Fatalf("batch of %s: %v", b.PublishedOn, err)
		}
		titles = persist(titles, plan)
	}
	return titles
}

func persist(titles []Title, plan Plan) []Title {
	for _, e := range plan.End {
		for i := range titles {
			if titles[i].ID == e.TitleID {
				titles[i].EndedOn, titles[i].EndReason = e.On, e.Reason
			}
		}
	}
	for _, s := range plan.Start {
		s.ID = int64(len(titles) + 1)
		titles = append(titles, s)
	}
	return titles
}

func fields(t *testing.T, err error) errs.Fields {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	return e.Fields
}

func TestTermAndHeld(t *testing.T) {
	ts := apply(t, batch("2023-12-01", entry(1, 1, New)))
	tt := ts[0]
	if got := tt.TermEnd; got != d("2026-12-01") {
		t.Errorf("term end %s", got)
	}
	for _, c := range []struct {
		on   string
		want bool
	}{{"2023-11-30", false}, {"2023-12-01", true}, {"2026-11-30", true}, {"2026-12-01", false}} {
		if got := tt.HeldOn(d(c.on)); got != c.want {
			t.Errorf("held on %s = %v", c.on, got)
		}
	}
}

func TestRecheckRenewsAndFailEnds(t *testing.T) {
	ts := apply(t,
		batch("2017-12-01", entry(1, 1, New), entry(2, 1, New)),
		batch("2020-11-20", entry(1, 1, RecheckPass), entry(2, 1, RecheckFail)),
	)
	if len(ts) != 3 {
		t.Fatalf("titles %+v", ts)
	}
	if ts[0].EndReason != EndRenewed || ts[0].EndedOn != d("2020-11-20") {
		t.Errorf("renewed title %+v", ts[0])
	}
	if ts[1].EndReason != EndFailed || ts[1].HeldOn(d("2020-11-20")) || !ts[1].HeldOn(d("2020-11-19")) {
		t.Errorf("failed title %+v", ts[1])
	}
	if got := Held(ts, d("2022-01-01")); got[1] != 1 {
		t.Errorf("held %v, want one advantage title", got)
	}
}

func TestUpgradeEndsPrior(t *testing.T) {
	ts := apply(t, batch("2020-12-01", entry(1, 1, New), entry(2, 1, New)))
	plan, err := Apply(batch("2023-11-20", entry(1, 2, New)), progs, ts)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.End) != 1 || plan.End[0] != (End{TitleID: 1, On: d("2023-11-20"), Reason: EndSuperseded}) {
		t.Errorf("ends %+v", plan.End)
	}
	ts = persist(ts, plan)
	if got := Held(ts, d("2023-11-20")); got[1] != 1 || got[2] != 1 {
		t.Errorf("held %v, want one of each", got)
	}
	// A programme whose holders keep the prior title ends nothing.
	keep := demo
	keep.KeepPrior = true
	plan, err = Apply(batch("2023-11-20", entry(2, 2, New)), map[int64]Programme{1: adv, 2: keep}, ts)
	if err != nil || len(plan.End) != 0 {
		t.Errorf("keep prior: plan %+v err %v", plan, err)
	}
}

func TestPriorRuleWarnsButStores(t *testing.T) {
	ts := apply(t, batch("2021-12-01", entry(1, 1, New)))
	// Two years as an advantage enterprise, then demonstration in 2023.
	plan, err := Apply(batch("2023-12-01", entry(1, 2, New)), progs, ts)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Start) != 1 || len(plan.Warnings) != 1 || plan.Warnings[0].Row != 1 {
		t.Fatalf("plan %+v", plan)
	}
	if plan.Warnings[0].Msg.Key != "honour.warn.prior" {
		t.Errorf("warning %+v", plan.Warnings[0])
	}
	// Held three years without a gap (renewed once): no warning.
	ts = apply(t, batch("2018-12-01", entry(1, 1, New)), batch("2021-11-20", entry(1, 1, RecheckPass)))
	plan, err = Apply(batch("2023-12-01", entry(1, 2, New)), progs, ts)
	if err != nil || len(plan.Warnings) != 0 || len(plan.End) != 1 {
		t.Errorf("plan %+v err %v", plan, err)
	}
	// Before 2022 the rule did not apply.
	ts = apply(t, batch("2020-12-01", entry(1, 1, New)))
	plan, err = Apply(batch("2021-06-01", entry(1, 2, New)), progs, ts)
	if err != nil || len(plan.Warnings) != 0 {
		t.Errorf("2021 plan %+v err %v", plan, err)
	}
}

func TestBadBatches(t *testing.T) {
	ts := apply(t, batch("2022-12-01", entry(1, 1, New)))
	cases := []struct {
		name  string
		b     Batch
		field string
		key   string
	}{
		{"overlap", batch("2023-12-01", entry(1, 1, New)), "entries.1.result", "honour.err.overlap"},
		{"recheck never held", batch("2023-12-01", entry(2, 1, RecheckPass)), "entries.1.result", "honour.err.never_held"},
		{"revoke not held", batch("2023-12-01", entry(2, 1, Revoked)), "entries.1.result", "honour.err.not_held"},
		{"duplicate", batch("2023-12-01", entry(3, 1, New), entry(3, 1, New)), "entries.2.uscc", "honour.err.duplicate"},
		{"unknown enterprise", batch("2023-12-01", Entry{USCC: "91370300MA3C5A1X2K", ProgrammeID: 1, Result: New}), "entries.1.uscc", "honour.err.unknown_enterprise"},
		{"unknown programme", batch("2023-12-01", entry(3, 7, New)), "entries.1.programme", "honour.err.programme"},
		{"bad result", batch("2023-12-01", entry(3, 1, "x")), "entries.1.result", "honour.err.result"},
		{"before programme", batch("2012-05-01", entry(3, 1, New)), "published_on", "honour.err.before_programme"},
		{"no entries", batch("2023-12-01"), "entries", "honour.err.no_entries"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Apply(c.b, progs, ts)
			f := fields(t, err)
			if got := f[c.field].Key; got != c.key {
				t.Errorf("fields %v, want %s: %s", f, c.field, c.key)
			}
		})
	}
	// Every bad row is reported at once.
	b := batch("2023-12-01", entry(1, 1, New), entry(2, 1, Revoked), Entry{ProgrammeID: 1, Result: New})
	if f := fields(t, mustErr(Apply(b, progs, ts))); len(f) != 3 {
		t.Errorf("fields %v, want three", f)
	}
}

func mustErr(_ Plan, err error) error { return err }

// TestHeldMatchesEvents drives random batches and checks Held against a
// direct replay of the events, day by day.
func TestHeldMatchesEvents(t *testing.T) {
	seed := uint64(20231218)
	r := rand.New(rand.NewPCG(seed, 1))
	var titles []Title
	type ev struct {
		on  civil.Date
		ent int64
		r   Result
	}
	var events []ev
	day := d("2014-01-01")
	for i := 0; i < 200; i++ {
		day = day.AddDays(1 + r.IntN(60))
		ent := int64(1 + r.IntN(8))
		res := Results()[r.IntN(4)]
		plan, err := Apply(batch(day.String(), entry(ent, 1, res)), progs, titles)
		if err != nil {
			continue // a refused entry changes nothing
		}
		titles = persist(titles, plan)
		events = append(events, ev{day, ent, res})
	}
	// Replay: per enterprise, the start of the current term or none.
	for probe := d("2014-01-01"); probe.Before(day.AddDays(1200)); probe = probe.AddDays(17) {
		want := 0
		for ent := int64(1); ent <= 8; ent++ {
			var start civil.Date
			held := false
			for _, e := range events {
				if e.ent != ent || probe.Before(e.on) {
					continue
				}
				if held && !e.on.Before(TermEnd(start, 3)) {
					held = false // lapsed before this event
				}
				switch e.r {
				case New, RecheckPass:
					held, start = true, e.on
				case RecheckFail, Revoked:
					held = false
				}
			}
			if held && probe.Before(TermEnd(start, 3)) {
				want++
			}
		}
		if got := Held(titles, probe)[1]; got != want {
			t.Fatalf("seed %d: held on %s = %d, replay says %d", seed, probe, got, want)
		}
	}
}

// TestSpansFollowHeld checks that the spans of random titles, as rows
// carried forward, count the titles held at every month's end.
func TestSpansFollowHeld(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	var titles []Title
	var spans []indicator.Span
	for i := 0; i < 300; i++ {
		start := d("2014-01-01").AddDays(r.IntN(3650))
		tt := Title{ZoneID: 1, ProgrammeID: 1, StartOn: start, TermEnd: TermEnd(start, r.IntN(4))}
		if r.IntN(3) == 0 {
			tt.EndedOn, tt.EndReason = start.AddDays(r.IntN(1500)), EndRevoked
		}
		titles = append(titles, tt)
		spans = append(spans, Spans(tt, Programme{Code: "adv", Kind: KindIP}, 1)...)
	}
	src := indicator.NewMemSource(indicator.SpanRows(spans)...)
	for m := indicator.MonthOf(2014, 1); m < indicator.MonthOf(2030, 1); m = m.Add(1) {
		want := int64(Held(titles, m.Last())[1])
		for _, dim := range []indicator.DimKey{indicator.Total, indicator.Dim(DimProgramme, "adv"), indicator.Dim(DimKind, KindIP)} {
			got, _, err := src.At(t.Context(), IndicatorHeld, dim, m)
			if err != nil || got != want {
				t.Fatalf("%s %s: rows say %d, titles %d (%v)", m, dim, got, want, err)
			}
		}
	}
}
