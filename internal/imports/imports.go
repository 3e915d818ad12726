// Package imports runs the import of a spreadsheet for any module, as a
// background job (internal/jobs): a module gives the file's xlsx.Spec and
// a Module that reads, checks and keeps each row and stores what it kept;
// everything else is here and in internal/xlsx, the same for every module —
// the file checks, header matching with units, identifiers, totals rows,
// formulas, notes, every problem of every row, all-or-nothing or SkipBad,
// the error report kept with the job, progress, and the job's result
// (Outcome). See internal/xlsx's package documentation for an example.
package imports

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// MaxShown is how many problems, and how many notes, a job's result lists
// (all problems are in the error report).
const MaxShown = 1000

// progressEvery is how many rows go by between progress updates.
const progressEvery = 500

// Request is one file to import.
type Request struct {
	ZoneID   int64
	Path     string // the file, on this node's disk
	FileName string // as the user named it
	Sheet    string // the worksheet the user chose; "" for the Spec's, or the only one
	SkipBad  bool   // store the good rows and leave the bad ones out
	Lang     i18n.Lang
}

// Progress is how an import reports; *jobs.Progress is one.
type Progress interface {
	JobID() int64
	Set(ctx context.Context, done, total int64)
	Stage(ctx context.Context, key string)
	Attach(ctx context.Context, name, contentType string, r io.Reader) error
}

// Problem is one problem (or note) of one row, as a job's result lists it;
// Row 0 is the file as a whole.
type Problem struct {
	Row     int          `json:"row"`
	Column  string       `json:"column,omitempty"`
	Message jobs.Message `json:"message"`
}

// Outcome is what an import did, the result of its job. Rows = Imported +
// Skipped + PassedOver for an accepted file.
type Outcome struct {
	FileName   string           `json:"file_name"`
	SHA256     string           `json:"sha256"`
	Format     string           `json:"format,omitempty"`
	Sheet      string           `json:"sheet,omitempty"`
	SkipBad    bool             `json:"skip_bad"`
	Rows       int              `json:"rows"`        // data rows read
	Imported   int              `json:"imported"`    // records stored
	Skipped    int              `json:"skipped"`     // bad rows left out (SkipBad)
	PassedOver int              `json:"passed_over"` // rows left out with a note: totals rows, records not to import
	BadRows    int              `json:"bad_rows"`
	Problems   int              `json:"problems"`
	List       []Problem        `json:"problem_list,omitempty"` // the first MaxShown
	Notes      []Problem        `json:"notes,omitempty"`        // the first MaxShown
	Columns    []xlsx.ColumnUse `json:"columns,omitempty"`      // how each column of the file was read
	Ignored    []string         `json:"ignored_columns,omitempty"`
}

// Module is one import of one kind of file: make one for each file.
type Module interface {
	// Row reads, checks and keeps one data row. Its problems go to the
	// row (the typed getters, Fail, Reject), every problem of the row
	// at once; a row the module leaves out without fault goes to
	// row.Skip. A returned error stops the import: it is not the user's
	// fault (the database is down).
	Row(ctx context.Context, row xlsx.Row) error
	// Commit stores every row kept and not bad, in one transaction, and
	// returns how many. It is called only for an accepted file: one
	// without problems, or any file when SkipBad. out is the result so
	// far, for the audit record.
	Commit(ctx context.Context, out Outcome) (stored int, err error)
}

// Flusher is a Module that checks rows in batches (against the database,
// say): Flush is called after the last row, before the file is judged, so
// the batch's problems count.
type Flusher interface {
	Flush(ctx context.Context) error
}

// Config is what every import of a product shares.
type Config struct {
	Catalog *i18n.Catalog
	Options xlsx.Options // file limits
}

// Run imports the file of req: it opens it with spec (file-level problems
// come back as the xlsx package words them), gives every data row to m,
// reports progress, and judges the file — a bad row refuses it unless
// SkipBad, and then every problem is in the result and in an error report
// attached to the job (a copy of the file with an error column) — then
// has m commit. A result is returned also on failure, once the file has a
// name and a checksum, so the job shows what was found.
func Run(ctx context.Context, cfg Config, spec xlsx.Spec, req Request, p Progress, m Module) (out Outcome, err error) {
	out.FileName, out.SkipBad = req.FileName, req.SkipBad
	if out.SHA256, err = FileSHA256(req.Path); err != nil {
		return out, err
	}
	opt := cfg.Options
	opt.Sheet = req.Sheet
	p.Stage(ctx, "import.stage.checking")
	rd, err := xlsx.Open(req.Path, spec, opt)
	if err != nil {
		return out, err
	}
	defer rd.Close()
	out.Format, out.Sheet, out.Columns = rd.Format().String(), rd.Sheet(), rd.Columns()

	p.Stage(ctx, "import.stage.reading")
	for rd.Next() {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if err := m.Row(ctx, rd.Row()); err != nil {
			return out, err
		}
		if n := rd.Rows(); n%progressEvery == 0 {
			p.Set(ctx, int64(n), estimate(rd))
		}
	}
	if err := rd.Err(); err != nil {
		return out, err
	}
	if f, ok := m.(Flusher); ok {
		if err := f.Flush(ctx); err != nil {
			return out, err
		}
	}
	problems := rd.Problems()
	out.Rows, out.BadRows, out.Problems, out.PassedOver = rd.Rows(), problems.BadRows(), problems.Len(), rd.PassedOver()
	out.Ignored = rd.Extra()
	p.Set(ctx, int64(out.Rows), int64(out.Rows))
	out.List = listed(problems.Errors())
	out.Notes = listed(rd.Notes())
	if out.Problems > 0 {
		if err := attachReport(ctx, cfg, req, spec, opt, problems, p); err != nil {
			return out, err
		}
		if !req.SkipBad {
			return out, errs.E(errs.Invalid, "import.err.rejected", out.BadRows, out.Problems)
		}
		out.Skipped = out.BadRows
	}
	if out.Rows-out.PassedOver-out.BadRows <= 0 {
		return out, errs.E(errs.Invalid, "import.err.nothing_to_import")
	}
	p.Stage(ctx, "import.stage.saving")
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if out.Imported, err = m.Commit(ctx, out); err != nil {
		return out, err
	}
	return out, nil
}

// listed is the first MaxShown of list as a job's result shows them.
func listed(list []xlsx.RowError) []Problem {
	var out []Problem
	for _, e := range list[:min(len(list), MaxShown)] {
		out = append(out, Problem{Row: e.Row, Column: e.Column, Message: jobs.Message{Msg: e.Msg()}})
	}
	return out
}

// estimate is the total row count the reader's position suggests.
func estimate(rd *xlsx.Reader) int64 {
	f := rd.Progress()
	if f <= 0 {
		return 0
	}
	return int64(float64(rd.Rows())/f + 0.5)
}

// attachReport writes the copy of the file with its error column and keeps
// it with the job.
func attachReport(ctx context.Context, cfg Config, req Request, spec xlsx.Spec, opt xlsx.Options, problems *xlsx.Collector, p Progress) error {
	p.Stage(ctx, "import.stage.report")
	tmp, err := os.CreateTemp(opt.TmpDir, "innopark-report-*")
	if err != nil {
		return fmt.Errorf("import report: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	lang := req.Lang
	if lang == "" {
		lang = i18n.ZH
	}
	format, err := xlsx.WriteReport(tmp, req.Path, spec, opt, problems, xlsx.In(cfg.Catalog, lang))
	if err != nil {
		return fmt.Errorf("import report: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("import report: %w", err)
	}
	return p.Attach(ctx, ReportName(req.FileName, format), format.ContentType(), tmp)
}

// ReportName names the error report of a file: its name with 错误说明
// before the extension of the report's format.
func ReportName(name string, f xlsx.Format) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	if base == "" || base == "." {
		base = "import"
	}
	return base + "-" + xlsx.ErrorColumn + f.Ext()
}

// FileSHA256 is the hex SHA-256 of a file, as jobs and audit records name
// an upload.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Params are an import job's parameters as stored.
type Params struct {
	SkipBad bool      `json:"skip_bad"`
	Lang    i18n.Lang `json:"lang"`
	Sheet   string    `json:"sheet,omitempty"`
}

// Job is the job record of an import of kind.
func Job(kind string, req Request) (jobs.Job, error) {
	sum, err := FileSHA256(req.Path)
	if err != nil {
		return jobs.Job{}, err
	}
	p, _ := json.Marshal(Params{SkipBad: req.SkipBad, Lang: req.Lang, Sheet: req.Sheet})
	return jobs.Job{Kind: kind, ZoneID: req.ZoneID, FileName: req.FileName, FileSHA256: sum, Params: p}, nil
}

// Work is an import as a job's task: it returns the module's result, also
// on failure.
type Work func(ctx context.Context, p *jobs.Progress) (result any, err error)

// Submit starts an import of kind as a background job and returns its id.
// The job owns the file at req.Path and removes it when done (or at once,
// if it cannot start).
func Submit(ctx context.Context, runner *jobs.Runner, a access.Actor, kind string, req Request, work Work) (int64, error) {
	j, err := Job(kind, req)
	if err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	id, err := runner.Submit(ctx, a, j, func(ctx context.Context, p *jobs.Progress) (any, error) {
		defer os.Remove(req.Path)
		return work(ctx, p)
	})
	if err != nil {
		_ = os.Remove(req.Path)
	}
	return id, err
}

// RunNow imports in the foreground (the CLI), calling watch with progress,
// and returns the finished job. The file stays where it is.
func RunNow(ctx context.Context, runner *jobs.Runner, a access.Actor, kind string, req Request, work Work, watch jobs.Watch) (jobs.Job, error) {
	j, err := Job(kind, req)
	if err != nil {
		return jobs.Job{}, err
	}
	return runner.Run(ctx, a, j, jobs.Task(work), watch)
}
