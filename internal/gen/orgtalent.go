package gen

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/bulk"
	"github.com/innopark/innopark/internal/talent"
)

// streamOrgTalent is the random stream of the organisations and talent
// programmes (apart from the iota list of the other parts).
const streamOrgTalent = 113

// OrgTalentOptions say what OrgTalent adds to a generated data set.
type OrgTalentOptions struct {
	// Enterprises is how many of the data set's enterprises (the first,
	// zone by zone) are surveyed and given organisations; 0: all.
	Enterprises int
	// Applicants is how many talent applications are spread over the
	// zones' calls; default 100,000.
	Applicants int
	Seed       uint64     // default 1
	Until      civil.Date // the data set's last day; default DefaultUntil
	Progress   io.Writer  // a line per zone; nil for none
}

// OrgTalentResult counts the organisations and talent programmes of a data
// set.
type OrgTalentResult struct {
	Zones         int           `json:"zones"`
	Enterprises   int           `json:"enterprises"` // surveyed
	Organisations int           `json:"organisations"`
	Members       int           `json:"members"` // enterprises covered
	Elections     int           `json:"elections"`
	Chains        int           `json:"chains"`
	Branches      int           `json:"online_branches"`
	Programmes    int           `json:"programmes"`
	Calls         int           `json:"calls"`
	Applicants    int           `json:"applicants"`
	Rollups       int           `json:"rollups"` // written by the bulk path (org.* and talent.* rows)
	Rows          int64         `json:"rows"`    // every record written (bulk path)
	Took          time.Duration `json:"-"`
}

type genEnterprise struct {
	id   int64
	uscc string
}

// otZone is a zone's enterprises in id order, as the plan takes them.
type otZone struct {
	id   int64
	ents []genEnterprise
}

// orgTalentPlan is every organisation and talent record of a data set,
// drawn before anything is written, so that the bulk loader and the
// store's transactions write the same records. Ids are what an empty
// database gives records written in order: 1…n per table.
type orgTalentPlan struct {
	zones      int
	profiles   []org.Profile
	orgs       []org.Organisation // Members and Elections filled
	branches   []org.OnlineBranch // OrgID: the plan's organisation id
	chains     []org.Chain        // Members filled
	programmes []talent.Programme // with their tiers
	calls      []talent.Call
	applicants []talent.Applicant // ChainID set from the employer's chain
	keys       []talent.Keys      // the rollup keys of each applicant
	coverage   []org.Coverage     // of each surveyed enterprise, for the rollups
}

// planOrgTalent draws, for each zone, a survey of its enterprises
// (employees, full members), organisations of the three modes covering
// most of them (own branches and committees by members, joint branches of
// two or three, a sent-in instructor for some; about one in ten left
// uncovered), six chains of which four with a committee or alliance, an
// online branch for one organisation in five, and five programmes with a
// call a year for three years; then the applicants, spread evenly over the
// zones, each to a random call of its zone.
func planOrgTalent(zones []otZone, applicants int, seed uint64, until civil.Date) *orgTalentPlan {
	r := stream(seed, streamOrgTalent)
	p := &orgTalentPlan{}
	st := org.DefaultSettings()
	day := func(from civil.Date, span int) civil.Date { return from.AddDays(r.IntN(max(span, 1))) }
	type zoneAt struct{ chain0, prog0, call0 int }
	at := make([]zoneAt, len(zones))
	for zi, z := range zones {
		ents := z.ents
		if len(ents) == 0 {
			continue
		}
		p.zones++
		members := make([]int, len(ents))
		cov := make([]org.Coverage, len(ents))
		for i := range ents {
			m := 0
			switch x := r.Float64(); {
			case x < 0.15:
			case x < 0.55:
				m = 1 + r.IntN(2)
			case x < 0.95:
				m = 3 + r.IntN(40)
			default:
				m = 50 + r.IntN(150)
			}
			members[i] = m
			pr := org.Profile{EnterpriseID: ents[i].id, ZoneID: z.id, Employees: m*8 + 5 + r.IntN(200), Members: m,
				SurveyedOn: day(until.AddDays(-900), 300)}
			p.profiles = append(p.profiles, pr)
			cov[i] = org.Coverage{ZoneID: z.id, Chain: fmt.Sprintf("chain_%d", i%6+1), SurveyedOn: pr.SurveyedOn}
		}
		// Organisations: enterprises in order, each taking its own or
		// joining the next one or two in a joint branch.
		zoneOrgs := 0
		for i := 0; i < len(ents); {
			o := org.Organisation{ID: int64(len(p.orgs) + 1), ZoneID: z.id, Secretary: "书记", TermYears: 2 + r.IntN(2),
				FoundedOn: day(until.AddDays(-3650), 3000)}
			n := 1
			switch need := st.Fit(members[i]); {
			case r.Float64() < 0.1: // not covered yet
				i++
				continue
			case need.Mode == org.ModeSingle:
				o.Kind, o.Mode = need.Kind, org.ModeSingle
			case need.Mode == org.ModeJoint && i+1 < len(ents):
				o.Kind, o.Mode = org.KindJointBranch, org.ModeJoint
				n = min(2+r.IntN(2), len(ents)-i)
			default:
				o.Kind, o.Mode, o.Secretary, o.Instructor = org.KindBranch, org.ModeSent, "", "党建指导员"
			}
			zoneOrgs++
			o.Name = fmt.Sprintf("第%d党组织（生成）", len(p.orgs)+1)
			for k, e := range ents[i : i+n] {
				o.Members = append(o.Members, org.Member{EnterpriseID: e.id, USCC: e.uscc, From: o.FoundedOn})
				cov[i+k].Stays = []org.Stay{{From: o.FoundedOn, Mode: o.Mode}}
			}
			if e := civil.Of(o.FoundedOn.Time().AddDate(o.TermYears, 0, 0)); e.Before(until) {
				o.Elections = []civil.Date{e}
			}
			if r.IntN(5) == 0 {
				p.branches = append(p.branches, org.OnlineBranch{ID: int64(len(p.branches) + 1), ZoneID: z.id, OrgID: o.ID,
					Name: fmt.Sprintf("网上党支部%d", len(p.orgs)+1), Platform: org.Platforms()[r.IntN(3)], Open: r.IntN(4) != 0,
					OpenedOn: day(o.FoundedOn, max(o.FoundedOn.DaysUntil(until), 1))})
			}
			p.orgs = append(p.orgs, o)
			i += n
		}
		p.coverage = append(p.coverage, cov...)
		// Six chains splitting the zone's enterprises; four covered.
		at[zi].chain0 = len(p.chains)
		for c := 0; c < 6; c++ {
			ch := org.Chain{ID: int64(len(p.chains) + 1), ZoneID: z.id, Code: fmt.Sprintf("chain_%d", c+1),
				Name: fmt.Sprintf("产业链%d（生成）", c+1), Level: org.ChainLevels()[c%3]}
			if c < 4 {
				ch.Body, ch.BodyName, ch.BodyFormedOn = org.BodyCommittee, ch.Name+"党委", day(until.AddDays(-1200), 900)
			}
			for i := c; i < len(ents); i += 6 {
				ch.Members = append(ch.Members, org.Member{EnterpriseID: ents[i].id})
			}
			p.chains = append(p.chains, ch)
		}
		// Five programmes, a call a year for three years.
		at[zi].prog0, at[zi].call0 = len(p.programmes), len(p.calls)
		for k := 0; k < 5; k++ {
			prog := talent.Programme{ID: int64(len(p.programmes) + 1), ZoneID: z.id, Code: fmt.Sprintf("prog_%d", k+1),
				Name: fmt.Sprintf("人才工程%d（生成）", k+1), Category: "人才", Position: k + 1,
				Tiers: []talent.Tier{{Code: "a", Name: "A类", MaxSupportFen: 5_000_000_00, PeriodYears: 3},
					{Code: "b", Name: "B类", MaxSupportFen: 1_000_000_00, PeriodYears: 3}}}
			for t := range prog.Tiers {
				prog.Tiers[t].ID, prog.Tiers[t].ProgrammeID = int64(2*len(p.programmes)+t+1), prog.ID
			}
			p.programmes = append(p.programmes, prog)
			for y := until.Year - 2; y <= until.Year; y++ {
				p.calls = append(p.calls, talent.Call{ID: int64(len(p.calls) + 1), ProgrammeID: prog.ID, ZoneID: z.id, Year: y,
					Title: fmt.Sprintf("%d年%s申报", y, prog.Name), OpensOn: civil.Date{Year: y, Month: 3, Day: 1},
					ClosesOn: civil.Date{Year: y, Month: 5, Day: 31}})
			}
		}
	}
	// Applicants: spread evenly over the zones.
	perZone := applicants / max(p.zones, 1)
	done := 0
	for zi, z := range zones {
		ents := z.ents
		if len(ents) == 0 {
			continue
		}
		n := perZone
		if done == p.zones-1 {
			n = applicants - perZone*(p.zones-1)
		}
		done++
		for i := 0; i < n; i++ {
			c := p.calls[at[zi].call0+r.IntN(15)]
			prog := p.programmes[c.ProgrammeID-1]
			tier := prog.Tiers[r.IntN(2)]
			ei := r.IntN(len(ents))
			ch := p.chains[at[zi].chain0+ei%6]
			// A person number unique in the programme: zone, then a serial.
			first17 := fmt.Sprintf("3701%02d1980%07d", zi%100, i)
			x := talent.Applicant{ID: int64(len(p.applicants) + 1), CallID: c.ID, ProgrammeID: prog.ID, ZoneID: z.id, TierID: tier.ID,
				Name: fmt.Sprintf("申报人%d", i+1), IDNumber: talent.MakeID(first17), EnterpriseID: ents[ei].id, ChainID: ch.ID,
				ChainCode: ch.Code, ChainName: ch.Name, AppliedOn: c.OpensOn.AddDays(r.IntN(90)), Status: talent.Applied}
			if r.IntN(3) == 0 {
				x.Status, x.DecidedOn, x.SupportFen = talent.Granted, c.ClosesOn.AddDays(30), tier.MaxSupportFen/2
				x.SupportFrom, x.SupportUntil = x.DecidedOn, civil.Of(x.DecidedOn.Time().AddDate(3, 0, 0)).AddDays(-1)
			}
			p.applicants = append(p.applicants, x)
			p.keys = append(p.keys, talent.Keys{Programme: prog.Code, Tier: tier.Code, Chain: ch.Code})
		}
	}
	return p
}

// result counts the plan's records.
func (p *orgTalentPlan) result() OrgTalentResult {
	res := OrgTalentResult{Zones: p.zones, Enterprises: len(p.profiles), Organisations: len(p.orgs), Chains: len(p.chains),
		Branches: len(p.branches), Programmes: len(p.programmes), Calls: len(p.calls), Applicants: len(p.applicants)}
	for _, o := range p.orgs {
		res.Members += len(o.Members)
		res.Elections += len(o.Elections)
	}
	return res
}

// rollups are the plan's org.* and talent.* rollup rows, one per key, as
// a rebuild computes them (and as the store's writes, record by record,
// leave them): the coverage, organisation, chain and branch spans of each
// zone turned into rows, and the applicants' rows summed.
func (p *orgTalentPlan) rollups() []indicator.Row {
	st := org.DefaultSettings()
	byZone := map[int64][]indicator.Span{}
	for _, c := range p.coverage {
		byZone[c.ZoneID] = append(byZone[c.ZoneID], org.Spans(c, 1)...)
	}
	for _, o := range p.orgs {
		byZone[o.ZoneID] = append(byZone[o.ZoneID], org.OrgSpans(o, st, 1)...)
	}
	for _, c := range p.chains {
		byZone[c.ZoneID] = append(byZone[c.ZoneID], org.ChainSpans(c, 1)...)
	}
	for _, b := range p.branches {
		byZone[b.ZoneID] = append(byZone[b.ZoneID], org.BranchSpans(b, 1)...)
	}
	var out []indicator.Row
	for _, spans := range byZone {
		out = append(out, indicator.SpanRows(spans)...)
	}
	type key struct {
		zone  int64
		id    string
		dim   indicator.DimKey
		month indicator.YM
	}
	sum := map[key]int64{}
	for i, x := range p.applicants {
		for _, r := range talent.Rows(x, p.keys[i], 1) {
			sum[key{r.ZoneID, r.Indicator, r.Dim, r.Month}] += r.Value
		}
	}
	for k, v := range sum {
		if v != 0 {
			out = append(out, indicator.Row{ZoneID: k.zone, Indicator: k.id, Dim: k.dim, Month: k.month, Value: v})
		}
	}
	slices.SortFunc(out, func(x, y indicator.Row) int {
		return cmp.Or(cmp.Compare(x.ZoneID, y.ZoneID), cmp.Compare(x.Indicator, y.Indicator), cmp.Compare(x.Dim, y.Dim), cmp.Compare(x.Month, y.Month))
	})
	return out
}

// writeOrgTalent draws the organisations and talent programmes of every
// enterprise of the world and writes them, with their rollups, through the
// loader: one multi-row INSERT (SQLite) or COPY (PostgreSQL) per table and
// batch instead of a transaction, spans and an audit record per record.
func writeOrgTalent(ctx context.Context, w *world, ld *bulk.Loader, applicants int, at time.Time) (OrgTalentResult, error) {
	t0 := time.Now()
	rows0 := ld.Rows()
	zones := make([]otZone, len(w.zones))
	for zi, z := range w.zones {
		zones[zi].id = z.area.ID
		for _, e := range w.ents[z.firstEnt : z.firstEnt+z.ents] {
			zones[zi].ents = append(zones[zi].ents, genEnterprise{e.ID, e.USCC})
		}
	}
	slices.SortFunc(zones, func(a, b otZone) int { return cmp.Compare(a.id, b.id) })
	p := planOrgTalent(zones, applicants, w.opt.Seed, w.opt.Until)
	res := p.result()
	rows := p.rollups()
	w.dig.rows(rows)
	res.Rollups = len(rows)
	set := bulk.OrgTalent{Profiles: p.profiles, Organisations: p.orgs, Branches: p.branches, Chains: p.chains,
		Programmes: p.programmes, Calls: p.calls, Applicants: p.applicants, At: at}
	if err := ld.OrgTalent(ctx, set); err != nil {
		return res, err
	}
	if err := ld.Rollups(ctx, rows); err != nil {
		return res, err
	}
	res.Rows, res.Took = ld.Rows()-rows0, time.Since(t0)
	return res, nil
}

// OrgTalent adds the organisations and talent programmes planOrgTalent
// draws to a data set Run made without them, through the store's
// transactions (spans, rollups and an audit record per record, as the
// service writes them), a few hundred records a transaction: about 5 ms a
// record, so for small data sets — the test that the bulk path (Run with
// Options.OrgTalent) writes what this path would.
func OrgTalent(ctx context.Context, db *store.DB, opt OrgTalentOptions) (OrgTalentResult, error) {
	start := time.Now()
	if opt.Applicants == 0 {
		opt.Applicants = 100_000
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Until.IsZero() {
		opt.Until = DefaultUntil()
	}
	ids, err := genZones(ctx, db)
	if err != nil {
		return OrgTalentResult{}, err
	}
	zones := make([]otZone, len(ids))
	left := opt.Enterprises
	for i, z := range ids {
		list, err := genEnterprisesOf(ctx, db, z)
		if err != nil {
			return OrgTalentResult{}, err
		}
		if opt.Enterprises > 0 {
			list = list[:min(len(list), left)]
			left -= len(list)
		}
		zones[i] = otZone{id: z, ents: list}
	}
	p := planOrgTalent(zones, opt.Applicants, opt.Seed, opt.Until)
	res := p.result()
	a := access.System
	st := org.DefaultSettings()
	// in runs fn over items lo…hi in transactions of per records.
	in := func(what string, n, per int, fn func(tx *store.Tx, i int) error) error {
		for lo := 0; lo < n; lo += per {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				for i := lo; i < min(lo+per, n); i++ {
					if err := fn(tx, i); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("gen: %s: %w", what, err)
			}
		}
		return nil
	}
	err = in("surveys", len(p.profiles), 500, func(tx *store.Tx, i int) error {
		_, err := tx.SaveProfile(ctx, a, p.profiles[i])
		return err
	})
	if err != nil {
		return res, err
	}
	// The ids the database gives; an empty table gives the plan's.
	orgID, chainID := map[int64]int64{}, map[int64]int64{}
	err = in("organisations", len(p.orgs), 300, func(tx *store.Tx, i int) error {
		id, err := tx.CreateOrganisation(ctx, a, p.orgs[i], st)
		orgID[p.orgs[i].ID] = id
		return err
	})
	if err != nil {
		return res, err
	}
	err = in("online branches", len(p.branches), 300, func(tx *store.Tx, i int) error {
		b := p.branches[i]
		b.OrgID = orgID[b.OrgID]
		_, err := tx.CreateOnlineBranch(ctx, a, b)
		return err
	})
	if err != nil {
		return res, err
	}
	err = in("chains", len(p.chains), 6, func(tx *store.Tx, i int) error {
		id, err := tx.CreateChain(ctx, a, p.chains[i])
		chainID[p.chains[i].ID] = id
		return err
	})
	if err != nil {
		return res, err
	}
	progs := map[int64]talent.Programme{}
	err = in("programmes", len(p.programmes), 50, func(tx *store.Tx, i int) error {
		prog, err := tx.CreateTalentProgramme(ctx, a, p.programmes[i])
		progs[p.programmes[i].ID] = prog
		return err
	})
	if err != nil {
		return res, err
	}
	callID := map[int64]int64{}
	err = in("calls", len(p.calls), 300, func(tx *store.Tx, i int) error {
		c := p.calls[i]
		c.ProgrammeID = progs[c.ProgrammeID].ID
		id, err := tx.CreateTalentCall(ctx, a, c)
		callID[p.calls[i].ID] = id
		return err
	})
	if err != nil {
		return res, err
	}
	err = in("applicants", len(p.applicants), 500, func(tx *store.Tx, i int) error {
		x := p.applicants[i]
		prog := progs[x.ProgrammeID]
		x.CallID, x.ProgrammeID, x.ChainID = callID[x.CallID], prog.ID, chainID[x.ChainID]
		x.TierID = prog.Tiers[(x.TierID-1)%2].ID
		_, err := tx.CreateApplicant(ctx, a, x, p.keys[i], func([]talent.Applicant) error { return nil })
		return err
	})
	if err != nil {
		return res, err
	}
	if opt.Progress != nil {
		fmt.Fprintf(opt.Progress, "%d zones: %d enterprises, %d organisations, %d applicants\n", res.Zones, res.Enterprises, res.Organisations, res.Applicants)
	}
	res.Took = time.Since(start)
	return res, nil
}

func genZones(ctx context.Context, db *store.DB) ([]int64, error) {
	rows, err := db.Read().Query(ctx, "SELECT id FROM areas WHERE kind = 'zone' ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("gen: zones: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("gen: zones: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func genEnterprisesOf(ctx context.Context, db *store.DB, zoneID int64) ([]genEnterprise, error) {
	rows, err := db.Read().Query(ctx, "SELECT id, uscc FROM enterprises WHERE zone_id = ? ORDER BY id", zoneID)
	if err != nil {
		return nil, fmt.Errorf("gen: enterprises: %w", err)
	}
	defer rows.Close()
	var out []genEnterprise
	for rows.Next() {
		var e genEnterprise
		if err := rows.Scan(&e.id, &e.uscc); err != nil {
			return nil, fmt.Errorf("gen: enterprises: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
