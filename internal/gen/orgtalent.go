package gen

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/talent"
)

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

// OrgTalentResult counts what OrgTalent wrote.
type OrgTalentResult struct {
	Zones, Enterprises, Organisations, Chains, Branches, Applicants int
	Took                                                            time.Duration
}

type genEnterprise struct {
	id   int64
	uscc string
}

// OrgTalent adds party organisations and talent programmes to a data set
// Run made: for each zone, a survey of its enterprises (employees, full
// members), organisations of the three modes covering most of them (own
// branches and committees by members, joint branches of two or three, a
// sent-in instructor for some; about one in ten left uncovered), six
// chains of which four with a committee or alliance, an online branch for
// one organisation in five, and five programmes with a call a year and
// applicants. It writes through the store's transactions (spans, rollups
// and audit as the service writes them), a few hundred records a
// transaction, so the figures and the rollups agree as in production.
func OrgTalent(ctx context.Context, db *store.DB, opt OrgTalentOptions) (OrgTalentResult, error) {
	start := time.Now()
	var res OrgTalentResult
	if opt.Applicants == 0 {
		opt.Applicants = 100_000
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Until.IsZero() {
		opt.Until = DefaultUntil()
	}
	r := rand.New(rand.NewPCG(opt.Seed, 13))
	zones, err := genZones(ctx, db)
	if err != nil {
		return res, err
	}
	byZone := map[int64][]genEnterprise{}
	left := opt.Enterprises
	for _, z := range zones {
		list, err := genEnterprisesOf(ctx, db, z)
		if err != nil {
			return res, err
		}
		if opt.Enterprises > 0 {
			list = list[:min(len(list), left)]
			left -= len(list)
		}
		byZone[z] = list
		res.Enterprises += len(list)
	}
	a := access.System
	st := org.DefaultSettings()
	day := func(from civil.Date, span int) civil.Date { return from.AddDays(r.IntN(max(span, 1))) }
	for _, z := range zones {
		ents := byZone[z]
		if len(ents) == 0 {
			continue
		}
		res.Zones++
		members := make([]int, len(ents))
		// Surveys, a few hundred a transaction.
		for lo := 0; lo < len(ents); lo += 500 {
			hi := min(lo+500, len(ents))
			err := db.Transact(ctx, func(tx *store.Tx) error {
				for i := lo; i < hi; i++ {
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
					_, err := tx.SaveProfile(ctx, a, org.Profile{EnterpriseID: ents[i].id, ZoneID: z, Employees: m*8 + 5 + r.IntN(200), Members: m,
						SurveyedOn: day(opt.Until.AddDays(-900), 300)})
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return res, fmt.Errorf("gen: surveys: %w", err)
			}
		}
		// Organisations: enterprises in order, each taking its own or
		// joining the next one or two in a joint branch.
		var orgs []org.Organisation
		for i := 0; i < len(ents); {
			o := org.Organisation{ZoneID: z, Secretary: "书记", TermYears: 2 + r.IntN(2), FoundedOn: day(opt.Until.AddDays(-3650), 3000)}
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
			o.Name = fmt.Sprintf("第%d党组织（生成）", len(orgs)+1)
			for _, e := range ents[i : i+n] {
				o.Members = append(o.Members, org.Member{EnterpriseID: e.id, USCC: e.uscc, From: o.FoundedOn})
			}
			if e := civil.Of(o.FoundedOn.Time().AddDate(o.TermYears, 0, 0)); e.Before(opt.Until) {
				o.Elections = []civil.Date{e}
			}
			orgs = append(orgs, o)
			i += n
		}
		for lo := 0; lo < len(orgs); lo += 300 {
			hi := min(lo+300, len(orgs))
			err := db.Transact(ctx, func(tx *store.Tx) error {
				for i := lo; i < hi; i++ {
					id, err := tx.CreateOrganisation(ctx, a, orgs[i], st)
					if err != nil {
						return err
					}
					orgs[i].ID = id
					if r.IntN(5) == 0 {
						b := org.OnlineBranch{ZoneID: z, OrgID: id, Name: fmt.Sprintf("网上党支部%d", i+1), Platform: org.Platforms()[r.IntN(3)],
							Open: r.IntN(4) != 0, OpenedOn: day(orgs[i].FoundedOn, max(orgs[i].FoundedOn.DaysUntil(opt.Until), 1))}
						if _, err := tx.CreateOnlineBranch(ctx, a, b); err != nil {
							return err
						}
						res.Branches++
					}
				}
				return nil
			})
			if err != nil {
				return res, fmt.Errorf("gen: organisations: %w", err)
			}
		}
		res.Organisations += len(orgs)
		// Six chains splitting the zone's enterprises; four covered.
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for c := 0; c < 6; c++ {
				ch := org.Chain{ZoneID: z, Code: fmt.Sprintf("chain_%d", c+1), Name: fmt.Sprintf("产业链%d（生成）", c+1), Level: org.ChainLevels()[c%3]}
				if c < 4 {
					ch.Body, ch.BodyName, ch.BodyFormedOn = org.BodyCommittee, ch.Name+"党委", day(opt.Until.AddDays(-1200), 900)
				}
				for i := c; i < len(ents); i += 6 {
					ch.Members = append(ch.Members, org.Member{EnterpriseID: ents[i].id})
				}
				if _, err := tx.CreateChain(ctx, a, ch); err != nil {
					return err
				}
				res.Chains++
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("gen: chains: %w", err)
		}
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "zone %d: %d enterprises, %d organisations\n", z, len(ents), len(orgs))
		}
	}
	// Talent: five programmes a zone, a call a year for three years, the
	// applicants spread over the zones by their enterprises.
	perZone := opt.Applicants / max(res.Zones, 1)
	for zi, z := range zones {
		ents := byZone[z]
		if len(ents) == 0 {
			continue
		}
		n := perZone
		if zi == len(zones)-1 {
			n = opt.Applicants - perZone*(res.Zones-1)
		}
		var progs []talent.Programme
		var calls []talent.Call
		err := db.Transact(ctx, func(tx *store.Tx) error {
			for p := 0; p < 5; p++ {
				prog := talent.Programme{ZoneID: z, Code: fmt.Sprintf("prog_%d", p+1), Name: fmt.Sprintf("人才工程%d（生成）", p+1), Category: "人才", Position: p + 1,
					Tiers: []talent.Tier{{Code: "a", Name: "A类", MaxSupportFen: 5_000_000_00, PeriodYears: 3}, {Code: "b", Name: "B类", MaxSupportFen: 1_000_000_00, PeriodYears: 3}}}
				prog, err := tx.CreateTalentProgramme(ctx, a, prog)
				if err != nil {
					return err
				}
				progs = append(progs, prog)
				for y := opt.Until.Year - 2; y <= opt.Until.Year; y++ {
					c := talent.Call{ProgrammeID: prog.ID, ZoneID: z, Year: y, Title: fmt.Sprintf("%d年%s申报", y, prog.Name),
						OpensOn: civil.Date{Year: y, Month: 3, Day: 1}, ClosesOn: civil.Date{Year: y, Month: 5, Day: 31}}
					if c.ID, err = tx.CreateTalentCall(ctx, a, c); err != nil {
						return err
					}
					calls = append(calls, c)
				}
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("gen: programmes: %w", err)
		}
		for lo := 0; lo < n; lo += 500 {
			hi := min(lo+500, n)
			err := db.Transact(ctx, func(tx *store.Tx) error {
				for i := lo; i < hi; i++ {
					c := calls[r.IntN(len(calls))]
					prog := progs[slicesIndex(progs, c.ProgrammeID)]
					tier := prog.Tiers[r.IntN(2)]
					e := ents[r.IntN(len(ents))]
					// A person number unique in the data set: zone, then
					// a serial.
					first17 := fmt.Sprintf("3701%02d1980%07d", zi%100, i)
					x := talent.Applicant{CallID: c.ID, ProgrammeID: prog.ID, ZoneID: z, TierID: tier.ID, Name: fmt.Sprintf("申报人%d", i+1),
						IDNumber: talent.MakeID(first17), EnterpriseID: e.id, AppliedOn: c.OpensOn.AddDays(r.IntN(90)), Status: talent.Applied}
					if r.IntN(3) == 0 {
						x.Status, x.DecidedOn, x.SupportFen = talent.Granted, c.ClosesOn.AddDays(30), tier.MaxSupportFen/2
						x.SupportFrom, x.SupportUntil = x.DecidedOn, civil.Of(x.DecidedOn.Time().AddDate(3, 0, 0)).AddDays(-1)
					}
					if _, err := tx.CreateApplicant(ctx, a, x, talent.Keys{Programme: prog.Code, Tier: tier.Code},
						func([]talent.Applicant) error { return nil }); err != nil {
						return err
					}
					res.Applicants++
				}
				return nil
			})
			if err != nil {
				return res, fmt.Errorf("gen: applicants: %w", err)
			}
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

func slicesIndex(progs []talent.Programme, id int64) int {
	for i, p := range progs {
		if p.ID == id {
			return i
		}
	}
	return 0
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
