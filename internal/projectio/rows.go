package projectio

import (
	"context"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/xlsx"
)

type builderAnswer struct {
	b   project.Builder
	msg *errs.Msg // why the builder was not found
}

// projectRows is the imports.Module of a project list.
type projectRows struct {
	s        *Service
	a        access.Actor
	zoneID   int64
	today    civil.Date
	names    map[string]int // name → first row, within the file
	builders map[string]builderAnswer
	parks    map[string]int64 // 0: not the zone's
	kept     []project.Project
}

// Row reads and checks one project as the form would: the card's rules
// (finish before start, dates ahead of today, amounts), the builder among
// the zone's enterprises, the park, the name unique in the file and the
// zone.
func (m *projectRows) Row(ctx context.Context, row xlsx.Row) error {
	failed := readFailed{}
	p := project.Project{ZoneID: m.zoneID, Name: row.Text(colName), Responsible: row.Text(colResponsible), Summary: row.Text(colSummary)}
	var ok bool
	var code string
	code, ok = row.Code(colCategory)
	failed.note(row, colCategory, ok)
	p.Category = project.Category(code)
	code, ok = row.Code(colLevel)
	failed.note(row, colLevel, ok)
	p.Level = project.Level(code)
	code, ok = row.Code(colCadence)
	failed.note(row, colCadence, ok)
	p.Cadence = project.Cadence(code)
	p.TotalFen, ok = row.Money(colTotal)
	failed.note(row, colTotal, ok)
	for _, x := range []struct {
		key string
		dst *civil.Date
	}{{colPlannedStart, &p.Plan.StartOn}, {colPlannedFinish, &p.Plan.FinishOn}, {colStartedOn, &p.StartedOn}, {colFinishedOn, &p.FinishedOn}} {
		*x.dst, ok = row.Date(x.key)
		failed.note(row, x.key, ok)
	}
	if err := m.builder(ctx, row, &p, failed); err != nil {
		return err
	}
	if park := row.Text(colPark); park != "" {
		id, seen := m.parks[park]
		if !seen {
			var err error
			id, err = m.s.Store.ParkByName(ctx, m.zoneID, park)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return err
			}
			m.parks[park] = id
		}
		if id == 0 {
			row.Fail(colPark, "project.import.err.unknown_park", park)
			failed[colPark] = true
		}
		p.ParkID = id
	}
	p.Plan = project.Plan{Version: 1, StartOn: p.Plan.StartOn, FinishOn: p.Plan.FinishOn, SetOn: m.today, SetBy: m.a.Username}
	p.Plans = []project.Plan{p.Plan}
	p.Version = 1
	if err := project.Validate(&p, m.today); err != nil {
		if err := reject(row, err, failed, colName, colTotal, colPlannedStart, colPlannedFinish, colCategory, colLevel, colBuilder); err != nil {
			return err
		}
	}
	if p.Name != "" {
		if first, dup := m.names[p.Name]; dup {
			row.Fail(colName, "project.import.err.name_in_file", p.Name, first)
		} else {
			m.names[p.Name] = row.Num
			_, _, err := m.s.Store.ProjectByName(ctx, access.System, m.zoneID, p.Name)
			switch {
			case err == nil:
				row.Fail(colName, "project.err.name_taken", p.Name)
			case !errs.Is(err, errs.NotFound):
				return err
			}
		}
	}
	if !row.Bad() {
		m.kept = append(m.kept, p)
	}
	return nil
}

// builder resolves the row's builder: by credit code when given, else by
// name among the zone's enterprises.
func (m *projectRows) builder(ctx context.Context, row xlsx.Row, p *project.Project, failed readFailed) error {
	name := row.Text(colBuilder)
	uscc, ok := row.Ident(colBuilderUSCC)
	failed.note(row, colBuilderUSCC, ok)
	if failed[colBuilderUSCC] || (uscc == "" && name == "") {
		failed[colBuilder] = true
		return nil
	}
	key, col := "n:"+name, colBuilder
	if uscc != "" {
		key, col = "c:"+uscc, colBuilderUSCC
	}
	ans, seen := m.builders[key]
	if !seen {
		var b project.Builder
		var err error
		if uscc != "" {
			b, err = m.s.Store.BuilderByUSCC(ctx, uscc)
			if err == nil && b.ZoneID != m.zoneID {
				err = errs.NotFoundf("entity.enterprise")
			}
		} else {
			b, err = m.s.Store.BuilderByName(ctx, m.zoneID, name)
		}
		switch {
		case err == nil:
			ans.b = b
		case errs.Is(err, errs.NotFound):
			msg := errs.M("project.import.err.unknown_builder", name)
			if uscc != "" {
				msg = errs.M("project.err.unknown_builder", uscc)
			}
			ans.msg = &msg
		case errs.Is(err, errs.Conflict):
			msg := errs.M("project.import.err.builder_ambiguous", name)
			ans.msg = &msg
		default:
			return err
		}
		m.builders[key] = ans
	}
	if ans.msg != nil {
		row.Fail(col, ans.msg.Key, ans.msg.Args...)
		failed[colBuilder] = true
		return nil
	}
	p.BuilderID, p.BuilderName, p.BuilderUSCC = ans.b.ID, ans.b.Name, uscc
	return nil
}

// Commit stores the projects kept, in one transaction.
func (m *projectRows) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	if err := m.s.Store.ImportProjects(ctx, m.a, m.kept); err != nil {
		return 0, err
	}
	return len(m.kept), nil
}

// known is a project of the file with its reports: those stored and those
// of the rows kept so far, and the row each period came from.
type known struct {
	p       project.Project
	reports []project.Report
	rows    map[project.Period]int
	missing bool
}

// reportRows is the imports.Module of investment reports.
type reportRows struct {
	s        *Service
	a        access.Actor
	zoneID   int64
	today    civil.Date
	projects map[string]*known
	kept     []project.Report
}

// Row reads and checks one report as the form would: the project's
// cadence (a 旬 for a monthly project), its span, a period reported twice
// (stored or in the file), investment above the total without a note, and
// a stated cumulative figure against the reports.
func (m *reportRows) Row(ctx context.Context, row xlsx.Row) error {
	failed := readFailed{}
	name := row.Text(colName)
	xun, ok := row.Code(colXun)
	failed.note(row, colXun, ok)
	r := project.Report{ProgressText: row.Text(colProgressText), Note: row.Text(colNote)}
	raw := row.Text(colPeriod)
	if raw != "" && !failed[colXun] {
		p, ok := parsePeriod(raw, xun)
		if !ok {
			row.Fail(colPeriod, "project.import.err.period", raw)
		}
		r.Period = p
	}
	if r.Period.IsZero() {
		failed[colPeriod] = true
	}
	// A back-filled report keeps the day it was sent then, so its
	// lateness is judged by that day, not by the day of the import.
	reportedOn, hasReported := row.Date(colReportedOn)
	failed.note(row, colReportedOn, hasReported)
	var hasCompleted, hasCum bool
	r.PlannedFen, ok = row.Money(colPlanned)
	failed.note(row, colPlanned, ok)
	r.CompletedFen, hasCompleted = row.Money(colCompleted)
	failed.note(row, colCompleted, hasCompleted)
	cum, hasCum := row.Money(colCumulative)
	failed.note(row, colCumulative, hasCum)
	pct, ok := row.Int(colProgressPct)
	failed.note(row, colProgressPct, ok)
	r.ProgressPct = int(pct)
	if !hasCompleted && !hasCum && !failed[colCompleted] && !failed[colCumulative] {
		row.Fail(colCompleted, "project.import.err.no_amount")
		failed[colCompleted] = true
	}
	if name == "" {
		return nil
	}
	k, err := m.project(ctx, name)
	if err != nil {
		return err
	}
	if k.missing {
		row.Fail(colName, "project.import.err.unknown_project", name)
		return nil
	}
	if failed[colPeriod] {
		return nil
	}
	if first, dup := k.rows[r.Period]; dup {
		row.Fail(colPeriod, "project.import.err.period_in_file", r.Period.String(), first)
		return nil
	}
	var before int64 // completed before this period
	for _, o := range k.reports {
		if o.Period.Before(r.Period) {
			before += o.CompletedFen
		}
	}
	if !hasCompleted && hasCum {
		r.CompletedFen = cum - before
		if r.CompletedFen < 0 {
			row.Fail(colCumulative, "project.import.err.cumulative_below", fenWan(cum), fenWan(before))
			return nil
		}
	}
	r.ProjectID, r.ZoneID = k.p.ID, k.p.ZoneID
	if _, err := project.CheckReport(k.p, k.reports, &r, m.today); err != nil {
		if err := reject(row, err, failed, colCompleted); err != nil {
			return err
		}
	}
	if hasCompleted && hasCum && !failed[colCumulative] && cum != before+r.CompletedFen {
		row.Fail(colCumulative, "project.import.err.cumulative", fenWan(cum), fenWan(before+r.CompletedFen))
	}
	r.ReportedOn = m.today
	if hasReported {
		switch {
		case reportedOn.Before(r.Period.First()):
			row.Fail(colReportedOn, "project.import.err.reported_before", reportedOn.String(), r.Period.String())
		case reportedOn.After(m.today):
			row.Fail(colReportedOn, "project.import.err.reported_future", reportedOn.String())
		default:
			r.ReportedOn = reportedOn
		}
	}
	if row.Bad() {
		return nil
	}
	r.Reporter, r.Version = m.a.Username, 1
	k.reports = append(k.reports, r)
	k.rows[r.Period] = row.Num
	m.kept = append(m.kept, r)
	return nil
}

// project finds the project of the name, once per name.
func (m *reportRows) project(ctx context.Context, name string) (*known, error) {
	if k, ok := m.projects[name]; ok {
		return k, nil
	}
	k := &known{rows: map[project.Period]int{}}
	p, reports, err := m.s.Store.ProjectByName(ctx, m.a, m.zoneID, name)
	switch {
	case errs.Is(err, errs.NotFound):
		k.missing = true
	case err != nil:
		return nil, err
	}
	k.p, k.reports = p, reports
	m.projects[name] = k
	return k, nil
}

// Commit stores the reports kept, in one transaction, each checked again
// against what is stored by then.
func (m *reportRows) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	err := m.s.Store.ImportReports(ctx, m.a, m.kept, func(p project.Project, stored []project.Report, r *project.Report) error {
		r.Version = 0 // a first report
		_, err := project.CheckReport(p, stored, r, m.today)
		r.Version = 1
		return err
	})
	if err != nil {
		return 0, err
	}
	return len(m.kept), nil
}

// fenWan writes fen in 万元 for messages.
func fenWan(fen int64) string { return xlsx.FormatAmount(fen, xlsx.Wan) + "万元" }
