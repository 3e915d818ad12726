package bulk

import (
	"context"
	"fmt"
	"time"

	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/talent"
)

// OrgTalent is a data set's organisation coverage and talent programmes as
// the loader stores them, every record with its id (unique; ascending for
// the fastest load): the surveys; the organisations with their elections
// and members (each member's stay from its From, ending at its Until or
// the organisation's dissolution); the online branches; the chains with
// their members; the programmes with their tiers, their calls and the
// applicants. At is when they were recorded.
type OrgTalent struct {
	Profiles      []org.Profile
	Organisations []org.Organisation
	Branches      []org.OnlineBranch
	Chains        []org.Chain
	Programmes    []talent.Programme
	Calls         []talent.Call
	Applicants    []talent.Applicant
	At            time.Time
}

// check refuses a record without an id.
func (s *OrgTalent) check() error {
	for i, o := range s.Organisations {
		if o.ID == 0 {
			return fmt.Errorf("bulk: organisation %d has no id", i)
		}
	}
	for i, c := range s.Chains {
		if c.ID == 0 {
			return fmt.Errorf("bulk: chain %d has no id", i)
		}
	}
	for i, b := range s.Branches {
		if b.ID == 0 || b.OrgID == 0 {
			return fmt.Errorf("bulk: online branch %d has no id or organisation", i)
		}
	}
	for i, p := range s.Programmes {
		if p.ID == 0 {
			return fmt.Errorf("bulk: talent programme %d has no id", i)
		}
		for k, t := range p.Tiers {
			if t.ID == 0 {
				return fmt.Errorf("bulk: tier %d of talent programme %d has no id", k, p.ID)
			}
		}
	}
	for i, c := range s.Calls {
		if c.ID == 0 {
			return fmt.Errorf("bulk: talent call %d has no id", i)
		}
	}
	for i, x := range s.Applicants {
		if x.ID == 0 {
			return fmt.Errorf("bulk: talent applicant %d has no id", i)
		}
	}
	return nil
}

// OrgTalent stores s as store.Tx.SaveProfile, CreateOrganisation,
// CreateOnlineBranch, CreateChain, CreateTalentProgramme, CreateTalentCall
// and CreateApplicant would have, record by record; the rollups and the
// audit are the caller's (one audit record for the load). Elections and
// memberships get ids 1…n in the order of their organisations.
func (l *Loader) OrgTalent(ctx context.Context, s OrgTalent) error {
	if err := s.check(); err != nil {
		return err
	}
	type at struct{ o, k int }
	var elections, members []at
	for i := range s.Organisations {
		for k := range s.Organisations[i].Elections {
			elections = append(elections, at{i, k})
		}
		for k := range s.Organisations[i].Members {
			members = append(members, at{i, k})
		}
	}
	var chainMembers, tiers []at
	for i := range s.Chains {
		for k := range s.Chains[i].Members {
			chainMembers = append(chainMembers, at{i, k})
		}
	}
	for i := range s.Programmes {
		for k := range s.Programmes[i].Tiers {
			tiers = append(tiers, at{i, k})
		}
	}
	t := store.Instant(s.At)
	return l.batch(ctx, func() error {
		err := l.write(ctx, "org_profiles", []string{"enterprise_id", "zone_id", "employees", "members", "surveyed_on", "version", "updated_at"},
			len(s.Profiles), func(i int, d []any) []any {
				p := &s.Profiles[i]
				return append(d, p.EnterpriseID, p.ZoneID, p.Employees, p.Members, p.SurveyedOn, max(p.Version, 1), t)
			})
		if err != nil {
			return err
		}
		err = l.write(ctx, "org_organisations", []string{"id", "zone_id", "name", "kind", "mode", "secretary", "instructor", "founded_on",
			"term_years", "next_election_on", "dissolved_on", "version", "created_at", "updated_at"}, len(s.Organisations),
			func(i int, d []any) []any {
				o := &s.Organisations[i]
				return append(d, o.ID, o.ZoneID, o.Name, string(o.Kind), string(o.Mode), o.Secretary, o.Instructor, o.FoundedOn,
					o.TermYears, o.NextElection(), o.DissolvedOn, max(o.Version, 1), t, t)
			})
		if err != nil {
			return err
		}
		err = l.write(ctx, "org_elections", []string{"id", "org_id", "zone_id", "held_on"}, len(elections), func(i int, d []any) []any {
			o := &s.Organisations[elections[i].o]
			return append(d, i+1, o.ID, o.ZoneID, o.Elections[elections[i].k])
		})
		if err != nil {
			return err
		}
		err = l.write(ctx, "org_members", []string{"id", "org_id", "zone_id", "enterprise_id", "mode", "from_on", "until_on"}, len(members),
			func(i int, d []any) []any {
				o := &s.Organisations[members[i].o]
				m := &o.Members[members[i].k]
				until := m.Until
				if until.IsZero() {
					until = o.DissolvedOn
				}
				return append(d, i+1, o.ID, o.ZoneID, m.EnterpriseID, string(o.Mode), m.From, until)
			})
		if err != nil {
			return err
		}
		err = l.write(ctx, "org_online_branches", []string{"id", "zone_id", "org_id", "name", "platform", "open", "opened_on", "created_at"},
			len(s.Branches), func(i int, d []any) []any {
				b := &s.Branches[i]
				return append(d, b.ID, b.ZoneID, b.OrgID, b.Name, string(b.Platform), b.Open, b.OpenedOn, t)
			})
		if err != nil {
			return err
		}
		err = l.write(ctx, "org_chains", []string{"id", "zone_id", "code", "name", "level", "body", "body_name", "body_formed_on", "version",
			"created_at"}, len(s.Chains), func(i int, d []any) []any {
			c := &s.Chains[i]
			return append(d, c.ID, c.ZoneID, c.Code, c.Name, string(c.Level), string(c.Body), c.BodyName, c.BodyFormedOn, max(c.Version, 1), t)
		})
		if err != nil {
			return err
		}
		err = l.write(ctx, "org_chain_members", []string{"enterprise_id", "chain_id", "zone_id"}, len(chainMembers), func(i int, d []any) []any {
			c := &s.Chains[chainMembers[i].o]
			return append(d, c.Members[chainMembers[i].k].EnterpriseID, c.ID, c.ZoneID)
		})
		if err != nil {
			return err
		}
		err = l.write(ctx, "talent_programmes", []string{"id", "zone_id", "code", "name", "name_en", "category", "category_en", "position",
			"created_at"}, len(s.Programmes), func(i int, d []any) []any {
			p := &s.Programmes[i]
			return append(d, p.ID, p.ZoneID, p.Code, p.Name, p.NameEN, p.Category, p.CategoryEN, p.Position, t)
		})
		if err != nil {
			return err
		}
		err = l.write(ctx, "talent_tiers", []string{"id", "programme_id", "zone_id", "code", "name", "max_support_fen", "period_years"}, len(tiers),
			func(i int, d []any) []any {
				p := &s.Programmes[tiers[i].o]
				x := &p.Tiers[tiers[i].k]
				return append(d, x.ID, p.ID, p.ZoneID, x.Code, x.Name, x.MaxSupportFen, x.PeriodYears)
			})
		if err != nil {
			return err
		}
		err = l.write(ctx, "talent_calls", []string{"id", "programme_id", "zone_id", "year", "title", "opens_on", "closes_on", "created_at"},
			len(s.Calls), func(i int, d []any) []any {
				c := &s.Calls[i]
				return append(d, c.ID, c.ProgrammeID, c.ZoneID, c.Year, c.Title, c.OpensOn, c.ClosesOn, t)
			})
		if err != nil {
			return err
		}
		return l.write(ctx, "talent_applicants", []string{"id", "call_id", "programme_id", "zone_id", "tier_id", "name", "id_number",
			"enterprise_id", "chain_id", "applied_on", "status", "result", "decided_on", "support_fen", "support_from", "support_until",
			"version", "created_at", "updated_at"}, len(s.Applicants), func(i int, d []any) []any {
			x := &s.Applicants[i]
			return append(d, x.ID, x.CallID, x.ProgrammeID, x.ZoneID, x.TierID, x.Name, x.IDNumber, x.EnterpriseID, nullID(x.ChainID),
				x.AppliedOn, string(x.Status), x.Result, x.DecidedOn, x.SupportFen, x.SupportFrom, x.SupportUntil, max(x.Version, 1), t, t)
		})
	})
}
