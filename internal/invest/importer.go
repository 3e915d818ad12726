package invest

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// ImportKind is what a file imports: the pipeline, trips or visits.
type ImportKind string

const (
	ImportProjects ImportKind = "projects" // 招商项目
	ImportTrips    ImportKind = "trips"    // 外出招商
	ImportVisits   ImportKind = "visits"   // 邀请考察
)

// ImportKinds lists the kinds in the order pages offer them.
func ImportKinds() []ImportKind { return []ImportKind{ImportProjects, ImportTrips, ImportVisits} }

// Valid reports whether k is a known kind.
func (k ImportKind) Valid() bool { return k == ImportProjects || k == ImportTrips || k == ImportVisits }

// Job is the job kind of an import of k.
func (k ImportKind) Job() string { return "invest_" + strings.TrimSuffix(string(k), "s") + "_import" }

// Key is the catalog key of the kind's name.
func (k ImportKind) Key() string { return "invest.import.kind." + string(k) }

// Sheet is the worksheet a file of k is read from (any single sheet will do).
func (k ImportKind) Sheet() string {
	switch k {
	case ImportTrips:
		return "外出招商"
	case ImportVisits:
		return "邀请考察"
	}
	return "招商项目"
}

// ProjectRef is a project found by its name.
type ProjectRef struct {
	ID     int64
	ZoneID int64
	Name   string
}

// Imported is a project as an import stores it: its state (steps and funds
// arrived) and the company it registered when that is new to the register.
type Imported struct {
	State
	NewEnterprise *enterprise.Enterprise
}

// ImportStore is what imports need from storage besides Store.
type ImportStore interface {
	// ProjectsByName finds projects of any zone by their exact names (the
	// importer only says whether a name is its zone's).
	ProjectsByName(ctx context.Context, names []string) (map[string][]ProjectRef, error)
	// ImportProjects stores projects with their steps, arrivals, new
	// companies, rollups and audit records in one transaction.
	ImportProjects(ctx context.Context, a access.Actor, list []Imported) (int, error)
	// ImportActivities stores trips and visits with their rollups in one
	// transaction.
	ImportActivities(ctx context.Context, a access.Actor, trips []Trip, visits []Visit) (int, error)
}

// Importer imports a zone's pipeline, trips and visits from spreadsheets
// through internal/imports (jobs, progress, all-or-nothing, error report).
type Importer struct {
	Service *Service
	Store   ImportStore
	Jobs    *jobs.Runner
	Catalog *i18n.Catalog
	Options xlsx.Options
}

// ImportRequest is one file to import into a zone.
type ImportRequest struct {
	imports.Request
	Kind     ImportKind
	ZoneName string // the zone's name, as a 所属园区 column may give it
}

// Authorize checks the actor may import into the zone: its own, as it runs
// the zone's pipeline.
func (m *Importer) Authorize(a access.Actor, zoneID int64) error {
	if err := m.Service.Policy.Allow(a, ActionWrite); err != nil {
		return err
	}
	if zoneID != a.ZoneID {
		return errs.NotFoundf("entity.area")
	}
	return nil
}

// Submit starts an import as a background job and returns its id. The job
// owns the file at req.Path and removes it when done.
func (m *Importer) Submit(ctx context.Context, a access.Actor, req ImportRequest) (int64, error) {
	if err := m.Authorize(a, req.ZoneID); err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	if !req.Kind.Valid() {
		_ = os.Remove(req.Path)
		var f errs.Fields
		f.Add("kind", "invest.err.import_kind")
		return 0, f.Err()
	}
	return imports.Submit(ctx, m.Jobs, a, req.Kind.Job(), req.Request, func(ctx context.Context, p *jobs.Progress) (any, error) {
		out, err := m.Import(ctx, a, req, p)
		if out.FileName == "" {
			return nil, err
		}
		return out, err
	})
}

// Import reads the file and, when every row is good (or SkipBad), stores
// its records in one transaction.
func (m *Importer) Import(ctx context.Context, a access.Actor, req ImportRequest, p imports.Progress) (imports.Outcome, error) {
	if err := m.Authorize(a, req.ZoneID); err != nil {
		return imports.Outcome{}, err
	}
	cfg := imports.Config{Catalog: m.Catalog, Options: m.Options}
	today := civil.Today(m.Service.Now())
	base := importRun{m: m, a: a, req: req, today: today}
	switch req.Kind {
	case ImportTrips, ImportVisits:
		return imports.Run(ctx, cfg, m.Spec(req.Kind), req.Request, p, &activityImport{importRun: base})
	case ImportProjects:
		return imports.Run(ctx, cfg, m.Spec(req.Kind), req.Request, p, &projectImport{importRun: base, names: map[string]int{}, usccs: map[string]int{}})
	}
	var f errs.Fields
	f.Add("kind", "invest.err.import_kind")
	return imports.Outcome{}, f.Err()
}

// MaxFileSize is the largest file an import takes.
func (m *Importer) MaxFileSize() int64 {
	if m.Options.MaxFileSize > 0 {
		return m.Options.MaxFileSize
	}
	return xlsx.DefaultMaxFileSize
}

// TooLarge is the message for a file over MaxFileSize.
func (m *Importer) TooLarge() errs.Msg {
	return errs.M(xlsx.ErrTooLarge.Key(), (m.MaxFileSize()+1<<20-1)>>20)
}

// Template writes the empty file of kind to fill in: the header row, and
// as xlsx a sheet 说明 explaining each column and its codes.
func (m *Importer) Template(a access.Actor, w io.Writer, kind ImportKind, format xlsx.Format, lang i18n.Lang) error {
	if err := m.Service.Policy.Allow(a, ActionWrite); err != nil {
		return err
	}
	if !kind.Valid() {
		var f errs.Fields
		f.Add("kind", "invest.err.import_kind")
		return f.Err()
	}
	return xlsx.WriteTemplate(w, format, m.Spec(kind), xlsx.In(m.Catalog, lang))
}

// importRun is what every kind's run shares.
type importRun struct {
	m     *Importer
	a     access.Actor
	req   ImportRequest
	today civil.Date
}

// pendingLinks is a row waiting for its linked projects' names to be
// looked up (at Flush).
type pendingLinks struct {
	row   xlsx.Row
	names []string
}

// resolve looks up the names of every pending row's projects: each must be
// a project of the importing zone. It returns the ids of each row's
// projects, and records a problem on rows naming one that is not.
func (r *importRun) resolve(ctx context.Context, col string, pending []pendingLinks) ([][]int64, error) {
	var all []string
	for _, p := range pending {
		all = append(all, p.names...)
	}
	found := map[string][]ProjectRef{}
	for len(all) > 0 {
		n := min(len(all), 500)
		part, err := r.m.Store.ProjectsByName(ctx, all[:n])
		if err != nil {
			return nil, err
		}
		for k, v := range part {
			found[k] = v
		}
		all = all[n:]
	}
	out := make([][]int64, len(pending))
	for i, p := range pending {
		for _, name := range p.names {
			id := int64(0)
			for _, ref := range found[name] {
				if ref.ZoneID == r.req.ZoneID {
					id = ref.ID
				}
			}
			switch {
			case id != 0:
				out[i] = append(out[i], id)
			case len(found[name]) > 0:
				p.row.Fail(col, "invest.err.import_project_other_zone", name, r.req.ZoneName)
			default:
				p.row.Fail(col, "invest.err.import_project_unknown", name, r.req.ZoneName)
			}
		}
	}
	return out, nil
}

// splitNames splits a cell listing project names (、，,；; or new lines).
func splitNames(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,；;\n\r", r) })
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// zoneCell checks an optional 所属园区 cell names the importing zone.
func (r *importRun) zoneCell(row xlsx.Row) {
	if z := row.Text("zone"); z != "" && !xlsx.SameName(z, r.req.ZoneName) {
		row.Fail("zone", "invest.err.import_other_zone", z, r.req.ZoneName)
	}
}

// reject records a validation error against the row, except for fields
// whose cells were already found bad (so a cell is not reported twice).
func reject(row xlsx.Row, err error, bad map[string]bool) error {
	if e, ok := err.(*errs.Error); ok && len(e.Fields) > 0 && len(bad) > 0 {
		fields := errs.Fields{}
		for k, v := range e.Fields {
			if !bad[k] {
				fields[k] = v
			}
		}
		if len(fields) == 0 {
			return nil
		}
		err = fields.Err()
	}
	return row.Reject(err)
}

// cells reads a row's typed cells, noting which were bad.
type cells struct {
	row xlsx.Row
	bad map[string]bool
}

func (c *cells) mark(key string, ok bool) {
	if !ok && c.row.Get(key) != "" {
		c.bad[key] = true
	}
}

func (c *cells) date(key string) civil.Date {
	d, ok := c.row.Date(key)
	c.mark(key, ok)
	return d
}

func (c *cells) money(key string) int64 {
	v, ok := c.row.Money(key)
	c.mark(key, ok)
	return v
}

func (c *cells) code(key string) string {
	v, ok := c.row.Code(key)
	c.mark(key, ok)
	return v
}

func (c *cells) ident(key string) string {
	v, _ := c.row.Ident(key)
	if c.row.Refused(key) {
		c.bad[key] = true
	}
	return v
}

func (c *cells) int(key string) int64 {
	v, ok := c.row.Int(key)
	c.mark(key, ok)
	return v
}
