package talent

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// ImportKind is the job kind of an import of a call's applicants.
const ImportKind = "talent_applicants"

// ImportStore is what the import stores and reads besides the service's
// store.
type ImportStore interface {
	PersonApplications(ctx context.Context, programmeID int64, idNumber string) ([]Applicant, error)
	ImportApplicants(ctx context.Context, a access.Actor, list []Applicant, keys []Keys, check func(x Applicant, others []Applicant) error) (int, error)
}

// Importer runs the module's imports.
type Importer struct {
	Jobs   *jobs.Runner
	Config imports.Config
	Store  ImportStore
}

// ImportSpec is the file of a call's applicants.
func ImportSpec() xlsx.Spec {
	return xlsx.Spec{Sheet: "申报人", Columns: []xlsx.Column{
		{Key: "name", Header: "姓名", Required: true},
		{Key: "id_number", Header: "身份证号码", Required: true, Kind: xlsx.Ident, Help: "18位，末位可为X；请把本列设为文本格式"},
		{Key: "tier", Header: "申报层次", Required: true, Help: "本工程的层次名称或代码，如“A类”"},
		{Key: "enterprise", Header: "用人单位统一社会信用代码", Required: true, Kind: xlsx.Ident},
		{Key: "applied_on", Header: "申报日期", Kind: xlsx.Date, Help: "在申报期内；空为今天"},
	}}
}

// applicantImport is the imports.Module of a call's applicants: each row
// checked as the form checks it, and a person in two tiers of the
// programme — in the file or already — refused.
type applicantImport struct {
	s     *Service
	a     access.Actor
	call  Call
	prog  Programme
	today civil.Date
	late  bool // the actor may extend the call's window, so apply after it closed
	store ImportStore
	// inFile: the rows of each person, with the tier applied.
	inFile map[string]fileRow
	list   []Applicant
	keys   []Keys
}

type fileRow struct {
	row  int
	tier int64
}

func (m *applicantImport) Row(ctx context.Context, row xlsx.Row) error {
	x := Applicant{CallID: m.call.ID, ProgrammeID: m.prog.ID, ZoneID: m.call.ZoneID, Name: row.Text("name")}
	x.IDNumber, _ = row.Ident("id_number")
	x.AppliedOn, _ = row.Date("applied_on")
	var f errs.Fields
	tierText := row.Text("tier")
	tier, ok := m.prog.TierByCode(tierText)
	for _, t := range m.prog.Tiers {
		if !ok && strings.TrimSpace(tierText) == t.Name {
			tier, ok = t, true
		}
	}
	if ok {
		x.TierID = tier.ID
	} else if tierText != "" {
		f.Add("tier", "talent.err.tier")
	}
	if code, has := row.Ident("enterprise"); has {
		emp, found, err := m.s.Store.EmployerByUSCC(ctx, strings.ToUpper(code))
		switch {
		case err != nil:
			return err
		case !found:
			f.Add("enterprise", "talent.err.unknown_enterprise", code)
		case emp.ZoneID != m.call.ZoneID:
			f.Add("enterprise", "talent.err.other_zone", code)
		default:
			x.EnterpriseID, x.EnterpriseName = emp.ID, emp.Name
			x.ChainID, x.ChainCode, x.ChainName = emp.ChainID, emp.ChainCode, emp.ChainName
		}
	}
	var v errs.Fields
	v.Merge(ValidateApplicant(&x, m.call, m.today, m.late))
	for k, msg := range v {
		if (k == "tier" && (tierText == "" || f["tier"].Key != "")) || (k == "enterprise" && (row.Get("enterprise") == "" || f["enterprise"].Key != "")) ||
			(k == "name" && x.Name == "") || (k == "id_number" && row.Get("id_number") == "") {
			continue
		}
		f.Add(k, msg.Key, msg.Args...)
	}
	if f["id_number"].Key == "" && x.IDNumber != "" && x.TierID != 0 {
		if prev, dup := m.inFile[x.IDNumber]; dup {
			if prev.tier != x.TierID {
				t, _ := m.prog.TierByID(prev.tier)
				f.Add("tier", "talent.err.import_other_tier", prev.row, t.Name)
			} else {
				f.Add("id_number", "talent.err.import_twice", prev.row)
			}
		}
		others, err := m.store.PersonApplications(ctx, m.prog.ID, x.IDNumber)
		if err != nil {
			return err
		}
		if err := Conflict(x, others, tierNames(m.prog)); err != nil {
			var e *errs.Error
			if !errors.As(err, &e) {
				return err
			}
			for k, msg := range e.Fields {
				f.Add(k, msg.Key, msg.Args...)
			}
		}
	}
	if len(f) > 0 {
		if err := row.Reject(f.Err()); err != nil {
			return err
		}
	}
	if row.Bad() {
		return nil
	}
	m.inFile[x.IDNumber] = fileRow{row: row.Num, tier: x.TierID}
	m.list = append(m.list, x)
	m.keys = append(m.keys, Keys{Programme: m.prog.Code, Tier: tier.Code, Chain: x.ChainCode})
	return nil
}

func (m *applicantImport) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	return m.store.ImportApplicants(ctx, m.a, m.list, m.keys, func(x Applicant, others []Applicant) error {
		return Conflict(x, others, tierNames(m.prog))
	})
}

// Import reads a file of applicants to a call of the actor's zone.
func (s *Service) Import(ctx context.Context, a access.Actor, callID int64, req imports.Request, p imports.Progress) (imports.Outcome, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		return imports.Outcome{}, err
	}
	c, err := s.Store.Call(ctx, a, callID)
	if err != nil {
		return imports.Outcome{}, err
	}
	if c.ZoneID != a.ZoneID {
		return imports.Outcome{}, errs.NotFoundf("talent.entity.call")
	}
	if err := s.importOpen(a, c); err != nil {
		return imports.Outcome{}, err
	}
	prog, err := s.Store.Programme(ctx, a, c.ProgrammeID)
	if err != nil {
		return imports.Outcome{}, err
	}
	m := &applicantImport{s: s, a: a, call: c, prog: prog, today: s.today(), late: s.Policy.Can(a.Role, ActionExtend),
		store: s.Importer.Store, inFile: map[string]fileRow{}}
	return imports.Run(ctx, s.Importer.Config, ImportSpec(), req, p, m)
}

// SubmitImport starts an import of a call's applicants as a background
// job; the job owns the file at req.Path.
func (s *Service) SubmitImport(ctx context.Context, a access.Actor, callID int64, req imports.Request) (int64, error) {
	if err := s.Policy.Allow(a, ActionWrite); err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	c, err := s.Store.Call(ctx, a, callID)
	if err == nil && c.ZoneID != a.ZoneID {
		err = errs.NotFoundf("talent.entity.call")
	}
	if err == nil {
		err = s.importOpen(a, c)
	}
	if err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	req.ZoneID = a.ZoneID
	return imports.Submit(ctx, s.Importer.Jobs, a, ImportKind, req, func(ctx context.Context, p *jobs.Progress) (any, error) {
		out, err := s.Import(ctx, a, callID, req, p)
		if out.FileName == "" {
			return nil, err
		}
		return out, err
	})
}

// importOpen refuses a file of applicants to a call whose window has
// closed, once for the whole file, unless the actor may extend the window:
// the rule each application follows (ValidateApplicant).
func (s *Service) importOpen(a access.Actor, c Call) error {
	if c.TakesApplications(s.today(), s.MayExtend(a)) {
		return nil
	}
	var f errs.Fields
	f.Add("call", "talent.err.import_closed", c.Title, c.ClosesOn.String())
	return f.Err()
}
