package projectio

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/xlsx"
)

// Store is what the imports need from storage. Reads of projects are
// scoped to the actor (a builder's user finds its own projects only).
type Store interface {
	BuilderByUSCC(ctx context.Context, uscc string) (project.Builder, error)
	// BuilderByName finds the enterprise of the zone with the name:
	// NotFound when none, Conflict when several.
	BuilderByName(ctx context.Context, zoneID int64, name string) (project.Builder, error)
	// ParkByName finds the zone's park with the name (NotFound).
	ParkByName(ctx context.Context, zoneID int64, name string) (int64, error)
	// ProjectByName finds the actor's project of the zone with the name,
	// with its reports in period order (NotFound).
	ProjectByName(ctx context.Context, a access.Actor, zoneID int64, name string) (project.Project, []project.Report, error)
	// ImportProjects stores new projects in one transaction.
	ImportProjects(ctx context.Context, a access.Actor, list []project.Project) error
	// ImportReports stores reports in one transaction, each after check
	// passes it against its project and the reports stored so far.
	ImportReports(ctx context.Context, a access.Actor, list []project.Report,
		check func(p project.Project, stored []project.Report, r *project.Report) error) error
}

// Service imports project lists and investment reports.
type Service struct {
	Store    Store
	Jobs     *jobs.Runner
	Policy   *access.Policy
	Catalog  *i18n.Catalog
	Settings project.Settings
	Now      func() time.Time
	Options  xlsx.Options // file limits
}

// Request is one import (see imports.Request).
type Request = imports.Request

// Kinds lists the job kinds of the imports.
func Kinds() []string { return []string{KindProjects, KindReports} }

// action is who may import a kind: the zone runs its project list; the
// zone and a builder's user report investment.
func action(kind string) access.Action {
	if kind == KindReports {
		return project.ActionReport
	}
	return project.ActionWrite
}

// Spec is the file of kind.
func (s *Service) Spec(kind string) (xlsx.Spec, error) {
	switch kind {
	case KindProjects:
		return ProjectSpec(s.Catalog), nil
	case KindReports:
		return ReportSpec(s.Catalog), nil
	}
	var f errs.Fields
	f.Add("kind", "project.import.err.kind")
	return xlsx.Spec{}, f.Err()
}

// Allow checks the actor may import files of kind.
func (s *Service) Allow(a access.Actor, kind string) error {
	if _, err := s.Spec(kind); err != nil {
		return err
	}
	return s.Policy.Allow(a, action(kind))
}

// Submit starts an import of kind into the actor's zone as a background
// job and returns its id. The job owns the file at req.Path.
func (s *Service) Submit(ctx context.Context, a access.Actor, kind string, req Request) (int64, error) {
	if err := s.Allow(a, kind); err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	req.ZoneID = a.ZoneID
	return imports.Submit(ctx, s.Jobs, a, kind, req, func(ctx context.Context, p *jobs.Progress) (any, error) {
		out, err := s.Import(ctx, a, kind, req, p)
		if out.FileName == "" {
			return nil, err
		}
		return out, err
	})
}

// Import reads the file of kind and stores its rows, all or nothing (or
// the good rows with SkipBad), in the actor's zone.
func (s *Service) Import(ctx context.Context, a access.Actor, kind string, req Request, p imports.Progress) (imports.Outcome, error) {
	if err := s.Allow(a, kind); err != nil {
		return imports.Outcome{}, err
	}
	spec, _ := s.Spec(kind)
	cfg := imports.Config{Catalog: s.Catalog, Options: s.Options}
	today := civil.Today(s.Now())
	var m imports.Module
	if kind == KindReports {
		m = &reportRows{s: s, a: a, zoneID: a.ZoneID, today: today, projects: map[string]*known{}}
	} else {
		m = &projectRows{s: s, a: a, zoneID: a.ZoneID, today: today, names: map[string]int{}, builders: map[string]builderAnswer{},
			parks: map[string]int64{}}
	}
	return imports.Run(ctx, cfg, spec, req, p, m)
}

// Template writes the empty file of kind to fill in: the header row, and
// as xlsx a sheet 说明 explaining each column and its codes.
func (s *Service) Template(a access.Actor, kind string, w io.Writer, format xlsx.Format, lang i18n.Lang) error {
	if err := s.Allow(a, kind); err != nil {
		return err
	}
	spec, _ := s.Spec(kind)
	return xlsx.WriteTemplate(w, format, spec.Written(), xlsx.In(s.Catalog, lang))
}

// TemplateName is the file name of the template of kind.
func TemplateName(kind string, f xlsx.Format) string {
	if kind == KindReports {
		return "重点项目投资进度导入模板" + f.Ext()
	}
	return "重点项目导入模板" + f.Ext()
}

// MaxFileSize is the largest file an import takes.
func (s *Service) MaxFileSize() int64 {
	if s.Options.MaxFileSize > 0 {
		return s.Options.MaxFileSize
	}
	return xlsx.DefaultMaxFileSize
}

// TooLarge is the message for a file over MaxFileSize.
func (s *Service) TooLarge() errs.Msg {
	return errs.M(xlsx.ErrTooLarge.Key(), (s.MaxFileSize()+1<<20-1)>>20)
}

// readFailed reports whether reading the cell of key failed (the getter
// returned !ok for a non-empty or required cell): validation then leaves
// the column alone, so a cell is reported once.
type readFailed map[string]bool

func (f readFailed) note(row xlsx.Row, key string, ok bool) {
	if !ok && (row.Get(key) != "" || row.Refused(key)) {
		f[key] = true
	}
}

// reject records err's fields against the row, leaving out columns whose
// reading already failed and required ones already reported empty.
func reject(row xlsx.Row, err error, failed readFailed, empty ...string) error {
	fe := fieldsOf(err)
	if fe == nil {
		return row.Reject(err)
	}
	for k := range failed {
		delete(fe, k)
	}
	for _, k := range empty {
		if row.Get(k) == "" {
			delete(fe, k)
		}
	}
	if len(fe) == 0 {
		return nil
	}
	return row.Reject(fe.Err())
}

func fieldsOf(err error) errs.Fields {
	var e *errs.Error
	if errors.As(err, &e) && e.Kind == errs.Invalid && len(e.Fields) > 0 {
		return e.Fields
	}
	return nil
}
