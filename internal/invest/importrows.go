package invest

import (
	"context"

	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/xlsx"
)

// projectImport is the imports.Module of a pipeline file.
type projectImport struct {
	importRun
	names   map[string]int // normalised name → first row, within the file
	usccs   map[string]int // new company's code → first row, within the file
	pending []pendingProject
	kept    []Imported
}

type pendingProject struct {
	row xlsx.Row
	imp Imported
	reg Registration // USCC "" when the project has not registered
}

func newCells(row xlsx.Row, spec xlsx.Spec) *cells {
	c := &cells{row: row, bad: map[string]bool{}}
	for _, col := range spec.Columns {
		if col.Required && row.Get(col.Key) == "" {
			c.bad[col.Key] = true // reported as missing
		}
	}
	return c
}

func (r *projectImport) Row(_ context.Context, row xlsx.Row) error {
	c := newCells(row, r.m.Spec(ImportProjects))
	p := Project{ZoneID: r.req.ZoneID, Name: row.Text("name"), Investor: row.Text("investor"), InvestorHonours: row.Text("investor_honours"),
		Park: row.Text("park"), Owner: row.Text("owner"), Facts: row.Text("facts"), Version: 1}
	p.InvestorUSCC = c.ident("investor_uscc")
	p.Origin = Origin(c.code("origin"))
	p.InvestorListing = c.code("investor_listing")
	p.Industry = c.code("industry")
	p.Mode = Mode(c.code("mode"))
	p.PlannedFen = c.money("planned_fen")
	p.Agreement = Agreement(c.code("agreement"))
	rec := Record{Stage: Stage(c.code("stage")), LeadOn: c.date("lead_on"), StageOn: c.date("stage_on"), SignedOn: c.date("signed_on"),
		RegisteredOn: c.date("registered_on"), StartedOn: c.date("started_on"), ProductionOn: c.date("production_on"),
		Reason: row.Text("terminated_reason")}
	p.StartDue = c.date("start_due")
	reg := Registration{USCC: c.ident("uscc"), Name: row.Text("company"), Nature: c.code("nature"), Industry: c.code("ent_industry"),
		On: rec.RegisteredOn, RegisteredFen: c.money("registered_fen"), PaidInFen: c.money("paid_in_fen")}
	arr := Arrival{AmountFen: c.money("arrived_fen"), On: c.date("arrived_on"), Note: row.Text("arrival_note")}
	r.zoneCell(row)

	var f errs.Fields
	validateProject(&p, &f)
	var steps []Step
	if rec.Stage != "" {
		var err error
		steps, err = History(rec, r.today)
		f.Merge(err)
	}
	reached := map[Stage]bool{}
	for _, s := range steps {
		reached[s.To] = true
	}
	signed, registered := reached[StageSigned], reached[StageRegistered]
	if steps == nil && rec.Stage != "" && rec.Stage != StageTerminated {
		// The history is bad; judge the rest by the stage alone.
		signed, registered = rec.Stage.Reached(StageSigned), rec.Stage.Reached(StageRegistered)
	}
	amount(&f, "registered_fen", reg.RegisteredFen, MaxAmountFen)
	amount(&f, "paid_in_fen", reg.PaidInFen, MaxAmountFen)
	amount(&f, "arrived_fen", arr.AmountFen, MaxAmountFen)
	text(&f, "company", reg.Name, 200)
	text(&f, "arrival_note", arr.Note, 500)
	if registered {
		if reg.USCC == "" {
			f.Add("uscc", "invest.err.import_reg_required", errs.M(StageRegistered.Key()))
		} else if m := enterprise.USCCProblem(enterprise.NormalizeUSCC(reg.USCC)); m != nil {
			f.Add("uscc", m.Key, m.Args...)
		}
		if reg.RegisteredFen == 0 && !f.Has("registered_fen") {
			f.Add("registered_fen", "invest.err.import_reg_required", errs.M(StageRegistered.Key()))
		}
		if reg.PaidInFen > reg.RegisteredFen && !f.Has("paid_in_fen") && !f.Has("registered_fen") {
			f.Add("paid_in_fen", "invest.err.paid_above")
		}
	} else if rec.Stage != "" {
		for _, k := range []string{"uscc", "company", "nature", "ent_industry", "registered_fen", "paid_in_fen"} {
			if row.Get(k) != "" && !f.Has(k) {
				f.Add(k, "invest.err.import_not_reached", errs.M(StageRegistered.Key()), errs.M(rec.Stage.Key()))
			}
		}
	}
	if rec.Stage != "" && !signed {
		for _, k := range []string{"agreement", "start_due", "arrived_fen", "arrived_on"} {
			if row.Get(k) != "" && !f.Has(k) {
				f.Add(k, "invest.err.import_not_reached", errs.M(StageSigned.Key()), errs.M(rec.Stage.Key()))
			}
		}
	}
	if signed {
		if !p.StartDue.IsZero() && p.StartDue.Before(rec.SignedOn) {
			f.Add("start_due", "invest.err.import_order", rec.SignedOn.String())
		}
		switch {
		case arr.AmountFen == 0 && !arr.On.IsZero() && !f.Has("arrived_fen"):
			f.Add("arrived_fen", "error.required")
		case arr.AmountFen > 0 && arr.On.IsZero() && !c.bad["arrived_on"]:
			f.Add("arrived_on", "error.required")
		case arr.AmountFen > 0 && r.today.Before(arr.On):
			f.Add("arrived_on", "invest.err.future", r.today.String())
		case arr.AmountFen > 0 && arr.On.Before(rec.SignedOn):
			f.Add("arrived_on", "invest.err.import_order", rec.SignedOn.String())
		}
		if arr.AmountFen > p.PlannedFen && arr.Note == "" && !f.Has("arrived_fen") && !f.Has("planned_fen") {
			f.Add("arrival_note", "invest.err.above_planned")
		}
	}
	if err := reject(row, f.Err(), c.bad); err != nil {
		return err
	}
	if row.Bad() || len(steps) == 0 {
		return nil
	}
	key := p.Name
	if first, dup := r.names[key]; dup {
		row.Fail("name", "invest.err.import_duplicate_in_file", first)
		return nil
	}
	r.names[key] = row.Num
	imp := Imported{State: State{Project: p, Steps: steps}}
	last := steps[len(steps)-1]
	imp.Project.Stage, imp.Project.StageOn = last.To, last.On
	if last.To == StageTerminated {
		imp.Project.TerminatedReason = last.Note
	}
	if arr.AmountFen > 0 {
		imp.Arrivals = []Arrival{arr}
		imp.Project.ArrivedFen = arr.AmountFen
	}
	pp := pendingProject{row: row, imp: imp}
	if registered {
		pp.reg = reg
		pp.reg.USCC = enterprise.NormalizeUSCC(reg.USCC)
		imp := &pp.imp.Project
		imp.RegisteredOn, imp.RegisteredFen, imp.PaidInFen = reg.On, reg.RegisteredFen, reg.PaidInFen
	}
	r.pending = append(r.pending, pp)
	return nil
}

// Flush checks the kept rows against what is stored: a project of the same
// name in the zone, the registered company in the register (of this zone,
// or new and then valid for the register).
func (r *projectImport) Flush(ctx context.Context) error {
	names := make([]string, 0, len(r.pending))
	for _, p := range r.pending {
		names = append(names, p.imp.Project.Name)
	}
	byName := map[string][]ProjectRef{}
	for len(names) > 0 {
		n := min(len(names), 500)
		part, err := r.m.Store.ProjectsByName(ctx, names[:n])
		if err != nil {
			return err
		}
		for k, v := range part {
			byName[k] = v
		}
		names = names[n:]
	}
	for _, p := range r.pending {
		ok := true
		for _, ref := range byName[p.imp.Project.Name] {
			if ref.ZoneID == r.req.ZoneID {
				p.row.Fail("name", "invest.err.import_duplicate_stored", ref.ID)
				ok = false
				break
			}
		}
		if p.reg.USCC != "" {
			good, err := r.company(ctx, &p)
			if err != nil {
				return err
			}
			ok = ok && good
		}
		if ok {
			r.kept = append(r.kept, p.imp)
		}
	}
	r.pending = nil
	return nil
}

// company links a registering project to its company: one of the zone's in
// the register, or a new one (checked as the register checks it).
func (r *projectImport) company(ctx context.Context, p *pendingProject) (bool, error) {
	ref, found, err := r.m.Service.Store.EnterpriseByUSCC(ctx, p.reg.USCC)
	if err != nil {
		return false, err
	}
	switch {
	case found && ref.ZoneID != r.req.ZoneID:
		p.row.Fail("uscc", "invest.err.other_zone_company", p.reg.USCC)
		return false, nil
	case found:
		p.imp.Project.EnterpriseID, p.imp.Project.EnterpriseName = ref.ID, ref.Name
		return true, nil
	}
	if first, dup := r.usccs[p.reg.USCC]; dup {
		p.row.Fail("uscc", "invest.err.import_company_in_file", first)
		return false, nil
	}
	e := enterprise.Enterprise{USCC: p.reg.USCC, Name: p.reg.Name, ZoneID: r.req.ZoneID, Nature: p.reg.Nature, Industry: p.reg.Industry,
		RegCapitalFen: p.reg.RegisteredFen, PaidCapitalFen: p.reg.PaidInFen, FoundedOn: p.reg.On, SettledOn: p.reg.On}
	if err := enterprise.Validate(&e, r.today); err != nil {
		var fe errs.Fields
		fe.Merge(err)
		out := errs.Fields{}
		for k, m := range fe {
			switch k {
			case "name":
				m = errs.M("invest.err.import_company_required")
				k = "company"
			case "industry":
				k = "ent_industry"
			case "nature", "uscc":
			default:
				continue // the capital and dates were checked with the project
			}
			if p.row.Get(k) != "" && (k == "nature" || k == "ent_industry") {
				continue // a bad code, already reported
			}
			out[k] = m
		}
		if len(out) > 0 {
			return false, p.row.Reject(out.Err())
		}
	}
	r.usccs[p.reg.USCC] = p.row.Num
	p.imp.NewEnterprise = &e
	p.imp.Project.EnterpriseName = e.Name
	return true, nil
}

func (r *projectImport) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	if len(r.kept) == 0 {
		return 0, errs.E(errs.Invalid, "import.err.nothing_to_import")
	}
	return r.m.Store.ImportProjects(ctx, r.a, r.kept)
}

// activityImport is the imports.Module of a trips or visits file.
type activityImport struct {
	importRun
	pending []pendingLinks
	trips   []Trip
	visits  []Visit
}

func (r *activityImport) Row(_ context.Context, row xlsx.Row) error {
	c := newCells(row, r.m.Spec(r.req.Kind))
	start, end := c.date("start_on"), c.date("end_on")
	r.zoneCell(row)
	var err error
	var t Trip
	var v Visit
	if r.req.Kind == ImportTrips {
		t = Trip{ZoneID: r.req.ZoneID, StartOn: start, EndOn: end, Province: row.Text("province"), City: row.Text("city"),
			Leader: row.Text("leader"), People: int(c.int("people")), Firms: row.Text("firms"), Notes: row.Text("notes")}
		err = ValidateTrip(&t, r.today)
	} else {
		v = Visit{ZoneID: r.req.ZoneID, Firm: row.Text("firm"), StartOn: start, EndOn: end, Hosts: row.Text("hosts"), Notes: row.Text("notes")}
		err = ValidateVisit(&v, r.today)
	}
	if err := reject(row, err, c.bad); err != nil {
		return err
	}
	if row.Bad() {
		return nil
	}
	r.pending = append(r.pending, pendingLinks{row: row, names: splitNames(row.Text("projects"))})
	if r.req.Kind == ImportTrips {
		r.trips = append(r.trips, t)
	} else {
		r.visits = append(r.visits, v)
	}
	return nil
}

// Flush resolves the projects each trip or visit touched: projects of the
// zone, by name.
func (r *activityImport) Flush(ctx context.Context) error {
	ids, err := r.resolve(ctx, "projects", r.pending)
	if err != nil {
		return err
	}
	var trips []Trip
	var visits []Visit
	for i, p := range r.pending {
		if p.row.Bad() {
			continue
		}
		if r.req.Kind == ImportTrips {
			r.trips[i].ProjectIDs = ids[i]
			trips = append(trips, r.trips[i])
		} else {
			r.visits[i].ProjectIDs = ids[i]
			visits = append(visits, r.visits[i])
		}
	}
	r.trips, r.visits, r.pending = trips, visits, nil
	return nil
}

func (r *activityImport) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	if len(r.trips)+len(r.visits) == 0 {
		return 0, errs.E(errs.Invalid, "import.err.nothing_to_import")
	}
	return r.m.Store.ImportActivities(ctx, r.a, r.trips, r.visits)
}
