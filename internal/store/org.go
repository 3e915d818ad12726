package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
)

// Orgs implements org.Store.
type Orgs struct{ DB *DB }

// orgScope narrows organisations o to the actor's: a zone's for zone,
// city, province and national scopes; for an enterprise user, those that
// cover (or covered) its enterprise — rendered by scope on the memberships.
func orgScope(a access.Actor) (string, []any) {
	if a.Scope().Kind == access.ScopeEnterprise {
		cond, args := scope(a, "sm.zone_id", "sm.enterprise_id")
		return "o.id IN (SELECT sm.org_id FROM org_members sm WHERE " + cond + ")", args
	}
	return scope(a, "o.zone_id", "")
}

// EnterprisesByUSCC finds enterprises by credit code in every zone.
func (s Orgs) EnterprisesByUSCC(ctx context.Context, codes []string) (map[string]org.EnterpriseRef, error) {
	return enterprisesByUSCC(ctx, s.DB.Read(), codes, func(id, zone int64, name string) org.EnterpriseRef {
		return org.EnterpriseRef{ID: id, ZoneID: zone, Name: name}
	})
}

// Covering returns the organisation covering each enterprise now.
func (s Orgs) Covering(ctx context.Context, ids []int64) (map[int64]org.OrgRef, error) {
	out := map[int64]org.OrgRef{}
	err := idChunks(ids, func(args []any) error {
		return queryEach(ctx, s.DB.Read(), func(r scanner) error {
			var ent int64
			var o org.OrgRef
			if err := r.Scan(&ent, &o.ID, &o.Name); err != nil {
				return err
			}
			out[ent] = o
			return nil
		}, `SELECT m.enterprise_id, o.id, o.name FROM org_members m JOIN org_organisations o ON o.id = m.org_id AND o.zone_id = m.zone_id
			WHERE m.until_on IS NULL AND m.enterprise_id IN `+placeholders(len(args)), args...)
	})
	if err != nil {
		return nil, fmt.Errorf("covering organisations: %w", err)
	}
	return out, nil
}

// coverageOf reads what the rollups know of each enterprise: zone, park,
// chain, survey and stays.
func coverageOf(ctx context.Context, q Q, ids []int64) (map[int64]org.Coverage, error) {
	out := map[int64]org.Coverage{}
	err := idChunks(ids, func(args []any) error {
		err := queryEach(ctx, q, func(r scanner) error {
			var id int64
			var c org.Coverage
			if err := r.Scan(&id, &c.ZoneID, &c.Park, &c.Chain, &c.SurveyedOn); err != nil {
				return err
			}
			out[id] = c
			return nil
		}, `SELECT e.id, e.zone_id, COALESCE(e.park_id, 0), COALESCE(c.code, ''), p.surveyed_on FROM enterprises e
			LEFT JOIN org_chain_members cm ON cm.enterprise_id = e.id AND cm.zone_id = e.zone_id LEFT JOIN org_chains c ON c.id = cm.chain_id AND c.zone_id = cm.zone_id
			LEFT JOIN org_profiles p ON p.enterprise_id = e.id AND p.zone_id = e.zone_id WHERE e.id IN `+placeholders(len(args)), args...)
		if err != nil {
			return err
		}
		return queryEach(ctx, q, func(r scanner) error {
			var id int64
			var st org.Stay
			if err := r.Scan(&id, &st.From, &st.Until, &st.Mode); err != nil {
				return err
			}
			c := out[id]
			c.Stays = append(c.Stays, st)
			out[id] = c
			return nil
		}, "SELECT enterprise_id, from_on, until_on, mode FROM org_members WHERE enterprise_id IN "+placeholders(len(args))+
			" ORDER BY enterprise_id, from_on, id", args...)
	})
	if err != nil {
		return nil, fmt.Errorf("coverage of enterprises: %w", err)
	}
	return out, nil
}

// withCoverage runs change within tx and adds the spans by which it moved
// the coverage of the enterprises ids: each one's Spans after (+1) and
// before (−1), so the rollups stay what a rebuild would write.
func (tx *Tx) withCoverage(ctx context.Context, ids []int64, change func() error) error {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	before, err := coverageOf(ctx, tx.Q, ids)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, err := coverageOf(ctx, tx.Q, ids)
	if err != nil {
		return err
	}
	var spans []indicator.Span
	for _, id := range ids {
		spans = append(spans, org.Spans(after[id], 1)...)
		spans = append(spans, org.Spans(before[id], -1)...)
	}
	return tx.AddSpans(ctx, spans)
}

// Profile returns an enterprise's survey; Version 0 when none is stored.
func (s Orgs) Profile(ctx context.Context, a access.Actor, enterpriseID int64) (org.Profile, error) {
	return profileOf(ctx, s.DB.Read(), a, enterpriseID)
}

func profileOf(ctx context.Context, q Q, a access.Actor, id int64) (org.Profile, error) {
	cond, args := scope(a, "e.zone_id", "e.id")
	var p org.Profile
	err := q.QueryRow(ctx, `SELECT e.id, e.zone_id, e.name, COALESCE(p.employees, 0), COALESCE(p.members, 0), p.surveyed_on, COALESCE(p.version, 0)
		FROM enterprises e LEFT JOIN org_profiles p ON p.enterprise_id = e.id AND p.zone_id = e.zone_id WHERE e.id = ? AND `+cond, append([]any{id}, args...)...).
		Scan(&p.EnterpriseID, &p.ZoneID, &p.EnterpriseName, &p.Employees, &p.Members, &p.SurveyedOn, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("entity.enterprise")
	}
	if err != nil {
		return p, fmt.Errorf("party profile %d: %w", id, err)
	}
	return p, nil
}

// SaveProfile writes p if its stored version is still p.Version.
func (s Orgs) SaveProfile(ctx context.Context, a access.Actor, p org.Profile) (out org.Profile, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		out, err = tx.SaveProfile(ctx, a, p)
		return err
	})
	return out, err
}

// SaveProfile writes p within tx (Version 0: the first survey), its
// coverage spans and an audit record.
func (tx *Tx) SaveProfile(ctx context.Context, a access.Actor, p org.Profile) (org.Profile, error) {
	before, err := profileOf(ctx, tx.Q, access.System, p.EnterpriseID)
	if err != nil {
		return p, err
	}
	err = tx.withCoverage(ctx, []int64{p.EnterpriseID}, func() error {
		var res sql.Result
		var err error
		if p.Version == 0 {
			// A survey saved meanwhile conflicts on whichever key the
			// schema has: (enterprise_id, zone_id), or enterprise_id alone
			// on SQLite (its rowid) and, for one release, on PostgreSQL.
			res, err = tx.Exec(ctx, `INSERT INTO org_profiles (enterprise_id, zone_id, employees, members, surveyed_on, version, updated_at)
				VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING`, p.EnterpriseID, p.ZoneID, p.Employees, p.Members, p.SurveyedOn, ts(tx.now()))
		} else {
			res, err = tx.Exec(ctx, `UPDATE org_profiles SET employees = ?, members = ?, surveyed_on = ?, version = version + 1, updated_at = ?
				WHERE enterprise_id = ? AND version = ?`, p.Employees, p.Members, p.SurveyedOn, ts(tx.now()), p.EnterpriseID, p.Version)
		}
		if err != nil {
			return fmt.Errorf("save party profile: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "error.stale")
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	p.Version++
	return p, tx.Audit(ctx, a, Change{Action: "update", Entity: "org_profile", EntityID: p.EnterpriseID, ZoneID: p.ZoneID, Before: before, After: p})
}

const orgCols = `o.id, o.zone_id, o.name, o.kind, o.mode, o.secretary, o.instructor, o.founded_on, o.term_years, o.dissolved_on, o.version`

func scanOrg(r scanner) (org.Organisation, error) {
	var o org.Organisation
	err := r.Scan(&o.ID, &o.ZoneID, &o.Name, &o.Kind, &o.Mode, &o.Secretary, &o.Instructor, &o.FoundedOn, &o.TermYears, &o.DissolvedOn, &o.Version)
	return o, err
}

// fillOrgs reads the members (current and past), elections and honours of
// list's organisations.
func fillOrgs(ctx context.Context, q Q, list []org.Organisation) error {
	at := map[int64]int{}
	ids := make([]int64, len(list))
	for i, o := range list {
		at[o.ID], ids[i] = i, o.ID
	}
	return idChunks(ids, func(args []any) error {
		in := placeholders(len(args))
		err := queryEach(ctx, q, func(r scanner) error {
			var oid int64
			var m org.Member
			if err := r.Scan(&oid, &m.EnterpriseID, &m.USCC, &m.Name, &m.From, &m.Until); err != nil {
				return err
			}
			o := &list[at[oid]]
			if m.Until.IsZero() {
				o.Members = append(o.Members, m)
			} else {
				o.History = append(o.History, m)
			}
			return nil
		}, `SELECT m.org_id, m.enterprise_id, e.uscc, e.name, m.from_on, m.until_on FROM org_members m JOIN enterprises e ON e.id = m.enterprise_id
			WHERE m.org_id IN `+in+" ORDER BY m.org_id, m.from_on, m.id", args...)
		if err != nil {
			return fmt.Errorf("organisation members: %w", err)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			var oid int64
			var d civil.Date
			if err := r.Scan(&oid, &d); err != nil {
				return err
			}
			list[at[oid]].Elections = append(list[at[oid]].Elections, d)
			return nil
		}, "SELECT org_id, held_on FROM org_elections WHERE org_id IN "+in+" ORDER BY org_id, held_on", args...)
		if err != nil {
			return fmt.Errorf("organisation elections: %w", err)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			var h org.Honour
			if err := r.Scan(&h.ID, &h.OrgID, &h.Name, &h.Level, &h.Issuer, &h.Year); err != nil {
				return err
			}
			list[at[h.OrgID]].Honours = append(list[at[h.OrgID]].Honours, h)
			return nil
		}, "SELECT id, org_id, name, level, issuer, year FROM org_honours WHERE org_id IN "+in+" ORDER BY org_id, year DESC, id", args...)
		if err != nil {
			return fmt.Errorf("organisation honours: %w", err)
		}
		return nil
	})
}

// Organisations lists an area's organisations the actor sees, the newest
// first or in the order f.Sort names (orgSorts).
func (s Orgs) Organisations(ctx context.Context, a access.Actor, zoneID int64, f org.Filter, dueBy civil.Date) (paging.Page[org.Organisation], error) {
	cond, args := orgScope(a)
	cond += " AND o.zone_id = ?"
	args = append(args, zoneID)
	if f.Due {
		cond += " AND o.dissolved_on IS NULL AND o.next_election_on <= ?"
		args = append(args, dueBy)
	}
	if f.Kind != "" {
		cond += " AND o.kind = ?"
		args = append(args, string(f.Kind))
	}
	if f.Mode != "" {
		cond += " AND o.mode = ?"
		args = append(args, string(f.Mode))
	}
	q := s.DB.Read()
	total, err := countIf(ctx, q, f.Count, "organisations", "SELECT COUNT(*) FROM org_organisations o WHERE "+cond, args...)
	if err != nil {
		return paging.Page[org.Organisation]{}, err
	}
	o := orderOf(f.Sort, orgSorts)
	if err := o.after(&cond, &args, "org", f.Cursor, "o.id"); err != nil {
		return paging.Page[org.Organisation]{}, err
	}
	list, err := queryAll(ctx, q, scanOrg, "SELECT "+orgCols+" FROM org_organisations o WHERE "+cond+o.by("o.id")+" LIMIT ?", append(args, f.Limit+1)...)
	if err != nil {
		return paging.Page[org.Organisation]{}, fmt.Errorf("list organisations: %w", err)
	}
	page := pageIn(list, f.Limit, "org", o, func(x org.Organisation, _ string) (string, int64) { return x.Name, x.ID })
	page.Total = total
	return page, fillOrgs(ctx, q, page.Items)
}

// orgSorts are the columns a zone's organisations sort by, with an index on
// (zone_id, column, id) (0023).
var orgSorts = map[string]sortCol{
	"name": {Col: "o.name", Kind: keyText},
}

// Organisation returns one organisation the actor sees.
func (s Orgs) Organisation(ctx context.Context, a access.Actor, id int64) (org.Organisation, error) {
	return orgByID(ctx, s.DB.Read(), a, id)
}

func orgByID(ctx context.Context, q Q, a access.Actor, id int64) (org.Organisation, error) {
	cond, args := orgScope(a)
	o, err := scanOrg(q.QueryRow(ctx, "SELECT "+orgCols+" FROM org_organisations o WHERE o.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.NotFoundf("org.entity.organisation")
	}
	if err != nil {
		return o, fmt.Errorf("organisation %d: %w", id, err)
	}
	list := []org.Organisation{o}
	err = fillOrgs(ctx, q, list)
	return list[0], err
}

func memberIDs(ms []org.Member) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.EnterpriseID
	}
	return out
}

// insertStays starts the stays of members in organisation o from a day.
func (tx *Tx) insertStays(ctx context.Context, o org.Organisation, members []org.Member, from civil.Date) error {
	for _, m := range members {
		_, err := tx.Exec(ctx, "INSERT INTO org_members (org_id, zone_id, enterprise_id, mode, from_on) VALUES (?, ?, ?, ?, ?)",
			o.ID, o.ZoneID, m.EnterpriseID, string(o.Mode), from)
		if isUnique(err) {
			return errs.E(errs.Conflict, "org.err.covered_meanwhile", m.Name)
		}
		if err != nil {
			return fmt.Errorf("organisation member: %w", err)
		}
	}
	return nil
}

// endStays ends, on a day, the current stays in organisation orgID of the
// enterprises ids; a stay that would end before it began is removed.
func (tx *Tx) endStays(ctx context.Context, orgID int64, ids []int64, on civil.Date) error {
	return idChunks(ids, func(args []any) error {
		in := placeholders(len(args))
		if _, err := tx.Exec(ctx, "DELETE FROM org_members WHERE org_id = ? AND until_on IS NULL AND from_on >= ? AND enterprise_id IN "+in,
			append([]any{orgID, on}, args...)...); err != nil {
			return fmt.Errorf("end stays: %w", err)
		}
		if _, err := tx.Exec(ctx, "UPDATE org_members SET until_on = ? WHERE org_id = ? AND until_on IS NULL AND enterprise_id IN "+in,
			append([]any{on, orgID}, args...)...); err != nil {
			return fmt.Errorf("end stays: %w", err)
		}
		return nil
	})
}

// CreateOrganisation stores a new organisation (org.Store).
func (s Orgs) CreateOrganisation(ctx context.Context, a access.Actor, o org.Organisation, st org.Settings) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.CreateOrganisation(ctx, a, o, st)
		return err
	})
	return id, err
}

// CreateOrganisation stores o within tx: the row, its elections, its
// members from its founding day, the coverage and organisation spans and an
// audit record.
func (tx *Tx) CreateOrganisation(ctx context.Context, a access.Actor, o org.Organisation, st org.Settings) (int64, error) {
	t := tx.now()
	err := tx.QueryRow(ctx, `INSERT INTO org_organisations (zone_id, name, kind, mode, secretary, instructor, founded_on, term_years,
		next_election_on, dissolved_on, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		o.ZoneID, o.Name, string(o.Kind), string(o.Mode), o.Secretary, o.Instructor, o.FoundedOn, o.TermYears, o.NextElection(),
		o.DissolvedOn, ts(t), ts(t)).Scan(&o.ID)
	if err != nil {
		return 0, fmt.Errorf("create organisation: %w", err)
	}
	if err := tx.insertElections(ctx, o.ID, o.ZoneID, o.Elections); err != nil {
		return 0, err
	}
	err = tx.withCoverage(ctx, memberIDs(o.Members), func() error {
		if err := tx.insertStays(ctx, o, o.Members, o.FoundedOn); err != nil {
			return err
		}
		if !o.DissolvedOn.IsZero() {
			return tx.endStays(ctx, o.ID, memberIDs(o.Members), o.DissolvedOn)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := tx.AddSpans(ctx, org.OrgSpans(o, st, 1)); err != nil {
		return 0, err
	}
	o.Version = 1
	return o.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "org_organisation", EntityID: o.ID, ZoneID: o.ZoneID, After: o})
}

func (tx *Tx) insertElections(ctx context.Context, orgID, zoneID int64, list []civil.Date) error {
	for _, d := range list {
		if _, err := tx.Exec(ctx, "INSERT INTO org_elections (org_id, zone_id, held_on) VALUES (?, ?, ?)", orgID, zoneID, d); err != nil {
			return fmt.Errorf("organisation election: %w", err)
		}
	}
	return nil
}

// UpdateOrganisation writes next over prev (org.Store).
func (s Orgs) UpdateOrganisation(ctx context.Context, a access.Actor, prev, next org.Organisation, on civil.Date, st org.Settings) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE org_organisations SET name = ?, kind = ?, mode = ?, secretary = ?, instructor = ?, term_years = ?,
			next_election_on = ?, dissolved_on = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Name, string(next.Kind), string(next.Mode), next.Secretary, next.Instructor, next.TermYears, next.NextElection(),
			next.DissolvedOn, ts(tx.now()), prev.ID, prev.Version)
		if err != nil {
			return fmt.Errorf("update organisation: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "error.stale")
		}
		if err := tx.insertElections(ctx, prev.ID, prev.ZoneID, next.Elections[len(prev.Elections):]); err != nil {
			return err
		}
		// Who leaves and who joins: everyone, when the mode changes (their
		// stays carry it) or the organisation is dissolved.
		was, is := memberIDs(prev.Members), memberIDs(next.Members)
		leaving, joining := minus(was, is), minus(is, was)
		var joiners []org.Member
		for _, m := range next.Members {
			if slices.Contains(joining, m.EnterpriseID) {
				joiners = append(joiners, m)
			}
		}
		end := on
		switch {
		case !next.DissolvedOn.IsZero():
			// The stays end with the organisation; a change of members
			// cannot be kept, so it is refused rather than dropped.
			if len(leaving) > 0 || len(joining) > 0 {
				var f errs.Fields
				f.Add("members", "org.err.members_dissolved", next.DissolvedOn.String())
				return f.Err()
			}
			leaving, joiners, end = was, nil, next.DissolvedOn
		case next.Mode != prev.Mode:
			leaving, joiners = was, next.Members
		}
		err = tx.withCoverage(ctx, append(was, is...), func() error {
			if err := tx.endStays(ctx, prev.ID, leaving, end); err != nil {
				return err
			}
			return tx.insertStays(ctx, next, joiners, on)
		})
		if err != nil {
			return err
		}
		spans := append(org.OrgSpans(next, st, 1), org.OrgSpans(prev, st, -1)...)
		if err := tx.AddSpans(ctx, spans); err != nil {
			return err
		}
		next.Version = prev.Version + 1
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "org_organisation", EntityID: prev.ID, ZoneID: prev.ZoneID, Before: prev, After: next})
	})
}

// minus returns the ids of a not in b.
func minus(a, b []int64) []int64 {
	var out []int64
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// AddHonour stores an organisation's honour.
func (s Orgs) AddHonour(ctx context.Context, a access.Actor, h org.Honour) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.AddOrgHonour(ctx, a, h)
		return err
	})
	return id, err
}

// AddOrgHonour stores an organisation's honour within tx, audited.
func (tx *Tx) AddOrgHonour(ctx context.Context, a access.Actor, h org.Honour) (int64, error) {
	var zone int64
	if err := tx.QueryRow(ctx, "SELECT zone_id FROM org_organisations WHERE id = ?", h.OrgID).Scan(&zone); err != nil {
		return 0, fmt.Errorf("organisation honour: %w", err)
	}
	err := tx.QueryRow(ctx, "INSERT INTO org_honours (org_id, zone_id, name, level, issuer, year) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		h.OrgID, zone, h.Name, string(h.Level), h.Issuer, h.Year).Scan(&h.ID)
	if err != nil {
		return 0, fmt.Errorf("organisation honour: %w", err)
	}
	return h.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "org_honour", EntityID: h.ID, ZoneID: zone, After: h})
}

const chainCols = "c.id, c.zone_id, c.code, c.name, c.level, c.body, c.body_name, c.body_formed_on, c.version"

func scanChain(r scanner) (org.Chain, error) {
	var c org.Chain
	err := r.Scan(&c.ID, &c.ZoneID, &c.Code, &c.Name, &c.Level, &c.Body, &c.BodyName, &c.BodyFormedOn, &c.Version)
	return c, err
}

// Chains lists an area's chains with their members, by id.
func (s Orgs) Chains(ctx context.Context, a access.Actor, zoneID int64) ([]org.Chain, error) {
	return chainsWhere(ctx, s.DB.Read(), a, "c.zone_id = ?", zoneID)
}

// Chain returns one chain the actor sees.
func (s Orgs) Chain(ctx context.Context, a access.Actor, id int64) (org.Chain, error) {
	list, err := chainsWhere(ctx, s.DB.Read(), a, "c.id = ?", id)
	if err != nil {
		return org.Chain{}, err
	}
	if len(list) == 0 {
		return org.Chain{}, errs.NotFoundf("org.entity.chain")
	}
	return list[0], nil
}

// chainsWhere reads the chains matching cond (one argument) in the actor's
// scope, a chain being its zone's (an enterprise user sees none).
func chainsWhere(ctx context.Context, q Q, a access.Actor, cond string, arg any) ([]org.Chain, error) {
	sc, args := scope(a, "c.zone_id", "")
	list, err := queryAll(ctx, q, scanChain, "SELECT "+chainCols+" FROM org_chains c WHERE "+cond+" AND "+sc+" ORDER BY c.id",
		append([]any{arg}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("chains: %w", err)
	}
	at := map[int64]int{}
	ids := make([]int64, len(list))
	for i, c := range list {
		at[c.ID], ids[i] = i, c.ID
	}
	err = idChunks(ids, func(args []any) error {
		return queryEach(ctx, q, func(r scanner) error {
			var cid int64
			var m org.Member
			if err := r.Scan(&cid, &m.EnterpriseID, &m.USCC, &m.Name); err != nil {
				return err
			}
			list[at[cid]].Members = append(list[at[cid]].Members, m)
			return nil
		}, `SELECT cm.chain_id, e.id, e.uscc, e.name FROM org_chain_members cm JOIN enterprises e ON e.id = cm.enterprise_id
			WHERE cm.chain_id IN `+placeholders(len(args))+" ORDER BY cm.chain_id, e.name, e.id", args...)
	})
	if err != nil {
		return nil, fmt.Errorf("chain members: %w", err)
	}
	return list, nil
}

// ChainOf returns the chain each enterprise belongs to.
func (s Orgs) ChainOf(ctx context.Context, ids []int64) (map[int64]org.Chain, error) {
	out := map[int64]org.Chain{}
	err := idChunks(ids, func(args []any) error {
		return queryEach(ctx, s.DB.Read(), func(r scanner) error {
			var ent int64
			var c org.Chain
			if err := r.Scan(&ent, &c.ID, &c.Code, &c.Name); err != nil {
				return err
			}
			out[ent] = c
			return nil
		}, `SELECT cm.enterprise_id, c.id, c.code, c.name FROM org_chain_members cm JOIN org_chains c ON c.id = cm.chain_id AND c.zone_id = cm.zone_id
			WHERE cm.enterprise_id IN `+placeholders(len(args)), args...)
	})
	if err != nil {
		return nil, fmt.Errorf("chains of enterprises: %w", err)
	}
	return out, nil
}

// CreateChain stores a chain (org.Store).
func (s Orgs) CreateChain(ctx context.Context, a access.Actor, c org.Chain) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.CreateChain(ctx, a, c)
		return err
	})
	return id, err
}

// CreateChain stores c within tx with its members, the spans of the
// members' coverage (now under the chain) and of the chain, audited.
func (tx *Tx) CreateChain(ctx context.Context, a access.Actor, c org.Chain) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO org_chains (zone_id, code, name, level, body, body_name, body_formed_on, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`, c.ZoneID, c.Code, c.Name, string(c.Level), string(c.Body), c.BodyName,
		c.BodyFormedOn, ts(tx.now())).Scan(&c.ID)
	if isUnique(err) {
		var f errs.Fields
		f.Add("code", "org.err.code_taken", c.Code)
		return 0, f.Err()
	}
	if err != nil {
		return 0, fmt.Errorf("create chain: %w", err)
	}
	err = tx.withCoverage(ctx, memberIDs(c.Members), func() error { return tx.insertChainMembers(ctx, c, c.Members) })
	if err != nil {
		return 0, err
	}
	if err := tx.AddSpans(ctx, org.ChainSpans(c, 1)); err != nil {
		return 0, err
	}
	c.Version = 1
	return c.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "org_chain", EntityID: c.ID, ZoneID: c.ZoneID, After: c})
}

func (tx *Tx) insertChainMembers(ctx context.Context, c org.Chain, ms []org.Member) error {
	for _, m := range ms {
		_, err := tx.Exec(ctx, "INSERT INTO org_chain_members (enterprise_id, chain_id, zone_id) VALUES (?, ?, ?)", m.EnterpriseID, c.ID, c.ZoneID)
		if isUnique(err) {
			return errs.E(errs.Conflict, "org.err.chain_meanwhile", m.Name)
		}
		if err != nil {
			return fmt.Errorf("chain member: %w", err)
		}
	}
	return nil
}

// UpdateChain writes next over prev (org.Store).
func (s Orgs) UpdateChain(ctx context.Context, a access.Actor, prev, next org.Chain) error {
	return s.DB.Transact(ctx, func(tx *Tx) error { return tx.UpdateChain(ctx, a, prev, next) })
}

// UpdateChain writes next over prev within tx if prev.Version is still
// stored: members, spans and an audit record.
func (tx *Tx) UpdateChain(ctx context.Context, a access.Actor, prev, next org.Chain) error {
	{
		res, err := tx.Exec(ctx, `UPDATE org_chains SET name = ?, level = ?, body = ?, body_name = ?, body_formed_on = ?, version = version + 1
			WHERE id = ? AND version = ?`, next.Name, string(next.Level), string(next.Body), next.BodyName, next.BodyFormedOn, prev.ID, prev.Version)
		if err != nil {
			return fmt.Errorf("update chain: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "error.stale")
		}
		was, is := memberIDs(prev.Members), memberIDs(next.Members)
		leaving := minus(was, is)
		var joiners []org.Member
		for _, m := range next.Members {
			if !slices.Contains(was, m.EnterpriseID) {
				joiners = append(joiners, m)
			}
		}
		err = tx.withCoverage(ctx, append(was, is...), func() error {
			err := idChunks(leaving, func(args []any) error {
				_, err := tx.Exec(ctx, "DELETE FROM org_chain_members WHERE chain_id = ? AND enterprise_id IN "+placeholders(len(args)),
					append([]any{prev.ID}, args...)...)
				return err
			})
			if err != nil {
				return fmt.Errorf("chain members: %w", err)
			}
			return tx.insertChainMembers(ctx, next, joiners)
		})
		if err != nil {
			return err
		}
		if err := tx.AddSpans(ctx, append(org.ChainSpans(next, 1), org.ChainSpans(prev, -1)...)); err != nil {
			return err
		}
		next.Version = prev.Version + 1
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "org_chain", EntityID: prev.ID, ZoneID: prev.ZoneID, Before: prev, After: next})
	}
}

// OnlineBranches lists an area's online branches, newest first.
func (s Orgs) OnlineBranches(ctx context.Context, a access.Actor, zoneID int64, p paging.Request) (paging.Page[org.OnlineBranch], error) {
	cond, args := scope(a, "b.zone_id", "")
	cond += " AND b.zone_id = ?"
	args = append(args, zoneID)
	if err := olderThan(&cond, &args, "ob", p.Cursor, "b.id"); err != nil {
		return paging.Page[org.OnlineBranch]{}, err
	}
	list, err := queryAll(ctx, s.DB.Read(), func(r scanner) (org.OnlineBranch, error) {
		var b org.OnlineBranch
		err := r.Scan(&b.ID, &b.ZoneID, &b.OrgID, &b.OrgName, &b.Name, &b.Platform, &b.Open, &b.OpenedOn)
		return b, err
	}, `SELECT b.id, b.zone_id, b.org_id, o.name, b.name, b.platform, b.open, b.opened_on FROM org_online_branches b
		JOIN org_organisations o ON o.id = b.org_id AND o.zone_id = b.zone_id WHERE `+cond+" ORDER BY b.id DESC LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[org.OnlineBranch]{}, fmt.Errorf("online branches: %w", err)
	}
	return pageOf(list, p.Limit, "ob", func(b org.OnlineBranch) (string, int64) { return "", b.ID }), nil
}

// CreateOnlineBranch stores an online branch (org.Store).
func (s Orgs) CreateOnlineBranch(ctx context.Context, a access.Actor, b org.OnlineBranch) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.CreateOnlineBranch(ctx, a, b)
		return err
	})
	return id, err
}

// CreateOnlineBranch stores b within tx with its span, audited.
func (tx *Tx) CreateOnlineBranch(ctx context.Context, a access.Actor, b org.OnlineBranch) (int64, error) {
	err := tx.QueryRow(ctx, `INSERT INTO org_online_branches (zone_id, org_id, name, platform, open, opened_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, b.ZoneID, b.OrgID, b.Name, string(b.Platform), b.Open, b.OpenedOn, ts(tx.now())).Scan(&b.ID)
	if err != nil {
		return 0, fmt.Errorf("create online branch: %w", err)
	}
	if err := tx.AddSpans(ctx, org.BranchSpans(b, 1)); err != nil {
		return 0, err
	}
	return b.ID, tx.Audit(ctx, a, Change{Action: "create", Entity: "org_online_branch", EntityID: b.ID, ZoneID: b.ZoneID, After: b})
}

// Figures counts an area's coverage on a day from its records. Elections
// due are counted by the organisations' current terms.
func (s Orgs) Figures(ctx context.Context, a access.Actor, zoneID int64, on, dueBy civil.Date) (org.Figures, error) {
	q := s.DB.Read()
	f := org.Figures{On: on, ByMode: map[org.Mode]int{}, Orgs: map[org.Kind]int{}, OrgsByMode: map[org.Mode]int{}, Platforms: map[string]int{}}
	cond, sargs := scope(a, "e.zone_id", "")
	if err := coverageCounts(ctx, q, a, zoneID, on, &f); err != nil {
		return f, err
	}
	zcond, zargs := scope(a, "o.zone_id", "")
	err := queryEach(ctx, q, func(r scanner) error {
		var kind org.Kind
		var mode org.Mode
		var n, due int
		if err := r.Scan(&kind, &mode, &n, &due); err != nil {
			return err
		}
		f.Orgs[kind] += n
		f.OrgsByMode[mode] += n
		f.ElectionDue += due
		return nil
	}, `SELECT o.kind, o.mode, COUNT(*), SUM(CASE WHEN o.next_election_on <= ? THEN 1 ELSE 0 END) FROM org_organisations o
		WHERE o.zone_id = ? AND o.founded_on <= ? AND (o.dissolved_on IS NULL OR o.dissolved_on > ?) AND `+zcond+" GROUP BY o.kind, o.mode",
		append([]any{dueBy, zoneID, on, on}, zargs...)...)
	if err != nil {
		return f, fmt.Errorf("coverage: organisations: %w", err)
	}
	ccond, cargs := scope(a, "c.zone_id", "")
	err = queryEach(ctx, q, func(r scanner) error {
		c, err := scanChain(r)
		if err != nil {
			return err
		}
		f.Chains++
		if c.Covered(on) {
			f.ChainsCov++
			if c.Level.ProvinceOrAbove() {
				f.ChainsProv++
			}
		}
		return nil
	}, "SELECT "+chainCols+" FROM org_chains c WHERE c.zone_id = ? AND "+ccond, append([]any{zoneID}, cargs...)...)
	if err != nil {
		return f, fmt.Errorf("coverage: chains: %w", err)
	}
	bcond, bargs := scope(a, "b.zone_id", "")
	err = queryEach(ctx, q, func(r scanner) error {
		var platform string
		var open bool
		var n int
		if err := r.Scan(&platform, &open, &n); err != nil {
			return err
		}
		f.Online += n
		f.Platforms[platform] += n
		if open {
			f.OnlineOpen += n
		}
		return nil
	}, "SELECT b.platform, b.open, COUNT(*) FROM org_online_branches b WHERE b.zone_id = ? AND b.opened_on <= ? AND "+bcond+
		" GROUP BY b.platform, b.open", append([]any{zoneID, on}, bargs...)...)
	if err != nil {
		return f, fmt.Errorf("coverage: online branches: %w", err)
	}
	err = q.QueryRow(ctx, "SELECT COUNT(*) FROM enterprises e WHERE e.zone_id = ? AND e.pledge_on IS NOT NULL AND e.pledge_on <= ? AND "+cond,
		append([]any{zoneID, on}, sargs...)...).Scan(&f.Pledged)
	if err != nil {
		return f, fmt.Errorf("coverage: pledges: %w", err)
	}
	return f, nil
}

// sharesOf lists the shares of m in order.
func sharesOf(m map[string]*org.Share) []org.Share {
	list := make([]org.Share, 0, len(m))
	for _, s := range m {
		list = append(list, *s)
	}
	org.SortShares(list)
	return list
}

// coverageCounts fills f's enterprise counts on a day — should cover,
// covered (by mode), by chain and by park — as SQL aggregates, so that a
// zone of ten thousand enterprises sends tens of rows, not one a firm:
//
//   - by chain: the enterprises to cover (surveyed by the day, or in an
//     organisation since before it) and, apart, the enterprises with a stay
//     covering the day (by the least mode, should a backdated organisation
//     make two stays overlap), each grouped by its chain, read off
//     covering indexes (migration 0019) with one lookup of the chain
//     membership (the zone's: an enterprise is in a chain of its zone) a row;
//   - by park: only the enterprises of the zone that are in a park, the
//     rest making the share without a park (total less the parks').
func coverageCounts(ctx context.Context, q Q, a access.Actor, zoneID int64, on civil.Date, f *org.Figures) error {
	zc, zargs := scope(a, "b.zone_id", "")
	chains := map[int64]*org.Share{}
	chainShare := func(id int64) *org.Share {
		if chains[id] == nil {
			chains[id] = &org.Share{}
		}
		return chains[id]
	}
	err := queryEach(ctx, q, func(r scanner) error {
		var chain int64
		var n int
		if err := r.Scan(&chain, &n); err != nil {
			return err
		}
		f.ShouldCover += n
		chainShare(chain).ShouldCover += n
		return nil
	}, `SELECT COALESCE(cm.chain_id, 0), COUNT(*) FROM (
			SELECT enterprise_id, zone_id FROM org_profiles WHERE zone_id = ? AND surveyed_on <= ?
			UNION SELECT enterprise_id, zone_id FROM org_members WHERE zone_id = ? AND from_on <= ?) b
		LEFT JOIN org_chain_members cm ON cm.zone_id = ? AND cm.enterprise_id = b.enterprise_id
		WHERE `+zc+` GROUP BY COALESCE(cm.chain_id, 0)`, append([]any{zoneID, on, zoneID, on, zoneID}, zargs...)...)
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	mc, margs := scope(a, "b.zone_id", "")
	err = queryEach(ctx, q, func(r scanner) error {
		var chain int64
		var mode org.Mode
		var n int
		if err := r.Scan(&chain, &mode, &n); err != nil {
			return err
		}
		f.Covered += n
		f.ByMode[mode] += n
		chainShare(chain).Covered += n
		return nil
	}, `SELECT COALESCE(cm.chain_id, 0), s.mode, COUNT(*) FROM (
			SELECT b.enterprise_id, MIN(b.mode) AS mode FROM org_members b
			WHERE b.zone_id = ? AND b.from_on <= ? AND (b.until_on IS NULL OR b.until_on > ?) AND `+mc+`
			GROUP BY b.enterprise_id) s
		LEFT JOIN org_chain_members cm ON cm.zone_id = ? AND cm.enterprise_id = s.enterprise_id
		GROUP BY COALESCE(cm.chain_id, 0), s.mode`, append(append([]any{zoneID, on, on}, margs...), zoneID)...)
	if err != nil {
		return fmt.Errorf("coverage: covered: %w", err)
	}
	// The chains' codes and names.
	var ids []int64
	for id := range chains {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	err = idChunks(ids, func(args []any) error {
		return queryEach(ctx, q, func(r scanner) error {
			var id int64
			var code, name string
			if err := r.Scan(&id, &code, &name); err != nil {
				return err
			}
			chains[id].Key, chains[id].Name = code, name
			return nil
		}, "SELECT id, code, name FROM org_chains WHERE id IN "+placeholders(len(args)), args...)
	})
	if err != nil {
		return fmt.Errorf("coverage: chains: %w", err)
	}
	byChain := map[string]*org.Share{}
	for _, sh := range chains {
		if byChain[sh.Key] == nil {
			byChain[sh.Key] = &org.Share{Key: sh.Key, Name: sh.Name}
		}
		byChain[sh.Key].ShouldCover += sh.ShouldCover
		byChain[sh.Key].Covered += sh.Covered
	}
	pc, pargs := scope(a, "e.zone_id", "")
	parks := map[string]*org.Share{}
	none := org.Share{ShouldCover: f.ShouldCover, Covered: f.Covered}
	err = queryEach(ctx, q, func(r scanner) error {
		var sh org.Share
		if err := r.Scan(&sh.Key, &sh.Name, &sh.ShouldCover, &sh.Covered); err != nil {
			return err
		}
		parks[sh.Key] = &sh
		none.ShouldCover -= sh.ShouldCover
		none.Covered -= sh.Covered
		return nil
	}, `SELECT CAST(e.park_id AS TEXT), COALESCE(pk.name, ''), COUNT(*),
			SUM(CASE WHEN EXISTS (SELECT 1 FROM org_members m WHERE m.zone_id = e.zone_id AND m.enterprise_id = e.id AND m.from_on <= ?
				AND (m.until_on IS NULL OR m.until_on > ?)) THEN 1 ELSE 0 END)
		FROM enterprises e LEFT JOIN parks pk ON pk.id = e.park_id
		WHERE e.zone_id = ? AND e.park_id IS NOT NULL AND `+pc+`
			AND (EXISTS (SELECT 1 FROM org_profiles p WHERE p.enterprise_id = e.id AND p.zone_id = e.zone_id AND p.surveyed_on <= ?)
				OR EXISTS (SELECT 1 FROM org_members m WHERE m.zone_id = e.zone_id AND m.enterprise_id = e.id AND m.from_on <= ?))
		GROUP BY e.park_id, pk.name`, append(append([]any{on, on, zoneID}, pargs...), on, on)...)
	if err != nil {
		return fmt.Errorf("coverage: parks: %w", err)
	}
	if none.ShouldCover > 0 {
		parks[""] = &none
	}
	f.ByChain, f.ByPark = sharesOf(byChain), sharesOf(parks)
	return nil
}

// Gaps lists the surveyed enterprises of an area whose cover falls short
// of what their members call for, newest survey record first (by id).
func (s Orgs) Gaps(ctx context.Context, a access.Actor, zoneID int64, st org.Settings, p paging.Request) (paging.Page[org.Gap], error) {
	cond, args := scope(a, "p.zone_id", "")
	cond += ` AND p.zone_id = ? AND (o.id IS NULL OR (p.members >= ? AND o.mode <> 'single')
		OR (p.members >= ? AND o.kind <> 'committee') OR (p.members >= ? AND o.kind NOT IN ('committee', 'general_branch')))`
	args = append(args, zoneID, st.OwnBranchMin, st.CommitteeMin, st.GeneralBranchMin)
	if err := olderThan(&cond, &args, "gap", p.Cursor, "p.enterprise_id"); err != nil {
		return paging.Page[org.Gap]{}, err
	}
	rows, err := queryAll(ctx, s.DB.Read(), func(r scanner) (org.Gap, error) {
		var pr org.Profile
		var o org.Organisation
		if err := r.Scan(&pr.EnterpriseID, &pr.ZoneID, &pr.EnterpriseName, &pr.Employees, &pr.Members, &pr.SurveyedOn, &pr.Version,
			&o.ID, &o.Name, &o.Kind, &o.Mode); err != nil {
			return org.Gap{}, err
		}
		var has *org.Organisation
		if o.ID != 0 {
			has = &o
		}
		g, _ := st.GapOf(pr, has)
		return g, nil
	}, `SELECT p.enterprise_id, p.zone_id, e.name, p.employees, p.members, p.surveyed_on, p.version,
			COALESCE(o.id, 0), COALESCE(o.name, ''), COALESCE(o.kind, ''), COALESCE(o.mode, '')
		FROM org_profiles p JOIN enterprises e ON e.id = p.enterprise_id
		LEFT JOIN org_members m ON m.enterprise_id = p.enterprise_id AND m.zone_id = p.zone_id AND m.until_on IS NULL
		LEFT JOIN org_organisations o ON o.id = m.org_id AND o.zone_id = m.zone_id
		WHERE `+cond+" ORDER BY p.enterprise_id DESC LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[org.Gap]{}, fmt.Errorf("coverage gaps: %w", err)
	}
	return pageOf(rows, p.Limit, "gap", func(g org.Gap) (string, int64) { return "", g.EnterpriseID }), nil
}

// OrgRollups recomputes the org rows of an area: the coverage of every
// enterprise surveyed or ever covered, the organisations (with the default
// settings' election window), the chains and the online branches, as spans
// turned into rows the way the writes leave them.
func OrgRollups() RollupSource {
	return RollupSource{Source: "org", Each: func(ctx context.Context, q Q, zoneID int64, add func(indicator.Row)) error {
		ids, err := queryAll(ctx, q, scanInt64, `SELECT enterprise_id FROM org_profiles WHERE zone_id = ?
			UNION SELECT enterprise_id FROM org_members WHERE zone_id = ?`, zoneID, zoneID)
		if err != nil {
			return fmt.Errorf("org rollups: %w", err)
		}
		cov, err := coverageOf(ctx, q, ids)
		if err != nil {
			return err
		}
		var spans []indicator.Span
		for _, id := range ids {
			spans = append(spans, org.Spans(cov[id], 1)...)
		}
		orgs, err := queryAll(ctx, q, scanOrg, "SELECT "+orgCols+" FROM org_organisations o WHERE o.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("org rollups: organisations: %w", err)
		}
		if err := fillOrgs(ctx, q, orgs); err != nil {
			return err
		}
		st := org.DefaultSettings()
		for _, o := range orgs {
			spans = append(spans, org.OrgSpans(o, st, 1)...)
		}
		chains, err := queryAll(ctx, q, scanChain, "SELECT "+chainCols+" FROM org_chains c WHERE c.zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("org rollups: chains: %w", err)
		}
		for _, c := range chains {
			spans = append(spans, org.ChainSpans(c, 1)...)
		}
		err = queryEach(ctx, q, func(r scanner) error {
			b := org.OnlineBranch{ZoneID: zoneID}
			if err := r.Scan(&b.Platform, &b.Open, &b.OpenedOn); err != nil {
				return err
			}
			spans = append(spans, org.BranchSpans(b, 1)...)
			return nil
		}, "SELECT platform, open, opened_on FROM org_online_branches WHERE zone_id = ?", zoneID)
		if err != nil {
			return fmt.Errorf("org rollups: online branches: %w", err)
		}
		for _, r := range indicator.SpanRows(spans) {
			add(r)
		}
		return nil
	}}
}
