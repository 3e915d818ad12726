package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// parseInterleaved parses flags that may come before or after positional
// arguments ("import contracts FILE --zone x") and returns the positionals.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// cliLang is the language of the CLI's messages: --lang, else from LANG
// (en_US.UTF-8 gives English), else Chinese.
func cliLang(fs *flag.FlagSet) *string {
	return fs.String("lang", string(i18n.Parse(os.Getenv("LANG"))), "language of messages: zh-CN or en")
}

// openApp wires the whole product on the database, for commands that use
// its services; its log goes to stderr, warnings only.
func openApp(ctx context.Context, dbURL string, stderr io.Writer) (*app.App, func(), error) {
	db, err := openDB(ctx, dbURL)
	if err != nil {
		return nil, nil, err
	}
	cfg := app.Defaults()
	cfg.DB = dbURL
	// The operator's 2026 rule values, read as serve reads them.
	if err := loadContractRules(&cfg, os.Getenv("INNOPARK_CONTRACT_RULES")); err != nil {
		db.Close()
		return nil, nil, err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, db, logger)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, func() {
		_ = a.Shutdown(context.Background())
		db.Close()
	}, nil
}

// userError is a domain error worded for the console.
func userError(cat *i18n.Catalog, lang i18n.Lang, err error) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Kind != errs.Internal {
		return errors.New(cat.Msg(lang, e.Msg))
	}
	return err
}

// cmdImport is "innopark import contracts FILE --zone SLUG [--sheet NAME]
// [--skip-bad] [--report PATH]": the import as the upload page runs it — a
// job, visible in the UI — in the foreground, with progress and notes on
// stderr (a line every 10%), the problems of a refused file on stdout, and
// a non-zero exit when anything was refused.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "contracts" {
		return usageError{"import: contracts FILE --zone SLUG"}
	}
	fs := flag.NewFlagSet("import contracts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbURL := dbFlag(fs)
	slug := fs.String("zone", "", "slug of the zone whose registrations these are (required)")
	skipBad := fs.Bool("skip-bad", false, "store the good rows and leave the bad ones out (default: one bad row stores nothing)")
	report := fs.String("report", "", "write the error report (the file with an error column) here when there are problems")
	sheet := fs.String("sheet", "", "the worksheet to read, when the workbook has several and none is named 技术合同")
	lang := cliLang(fs)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file (for tuning)")
	memProfile := fs.String("memprofile", "", "write a heap profile (in-use and allocations) at the end to this file (for tuning)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return usageError{err.Error()}
	}
	// A sheet with millions of distinct shared strings makes excelize's
	// string index large; a soft limit has the collector run earlier so the
	// import stays near 300 MB instead of doubling it (GOMEMLIMIT wins).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
	if len(pos) != 1 {
		return usageError{"import contracts: give exactly one FILE"}
	}
	if *slug == "" {
		return usageError{"import contracts: --zone is required"}
	}
	path := pos[0]
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	a, closeApp, err := openApp(ctx, *dbURL, stderr)
	if err != nil {
		return err
	}
	defer closeApp()
	l := i18n.Parse(*lang)
	actor := operator()
	z, err := a.Zones.BySlug(ctx, actor, *slug)
	if err != nil {
		return userError(a.Catalog, l, err)
	}
	stop, err := profile(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	defer stop()
	req := contractio.Request{ZoneID: z.ID, Path: path, FileName: filepath.Base(path), Sheet: *sheet, SkipBad: *skipBad, Lang: l}
	job, out, err := a.Imports.Run(ctx, actor, req, progressPrinter(a.Catalog, l, stderr))
	if err != nil && job.ID == 0 {
		return userError(a.Catalog, l, err)
	}
	for _, p := range out.Notes {
		fmt.Fprintf(stderr, "%s\n", problemLine(a.Catalog, l, p))
	}
	for _, p := range out.List {
		fmt.Fprintf(stdout, "%s\n", problemLine(a.Catalog, l, p))
	}
	if out.Problems > len(out.List) {
		fmt.Fprintln(stdout, a.Catalog.T(l, "import.ui.more", out.Problems-len(out.List)))
	}
	if job.Report != nil && *report != "" {
		if err := saveReport(ctx, a, job.ID, *report); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: %s\n", a.Catalog.T(l, "import.ui.report"), *report)
	}
	if job.Status != jobs.Done {
		msg := "import failed"
		if job.Error != nil {
			msg = a.Catalog.Msg(l, job.Error.Msg)
		}
		return fmt.Errorf("job %d: %s", job.ID, msg)
	}
	fmt.Fprintf(stdout, "job %d: %s", job.ID, a.Catalog.T(l, "import.ui.done", out.Imported, out.Rows))
	if out.Skipped > 0 {
		fmt.Fprintf(stdout, " %s", a.Catalog.T(l, "import.ui.skipped", out.Skipped))
	}
	if out.PassedOver > 0 {
		fmt.Fprintf(stdout, " %s", a.Catalog.T(l, "import.ui.passed_over", out.PassedOver))
	}
	fmt.Fprintln(stdout)
	return nil
}

// profile starts a CPU profile into cpuPath and returns the function that
// stops it and writes a heap profile into memPath (either may be "").
func profile(cpuPath, memPath string) (stop func(), err error) {
	var cpu *os.File
	if cpuPath != "" {
		if cpu, err = os.Create(cpuPath); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memPath == "" {
			return
		}
		if f, err := os.Create(memPath); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}, nil
}

// problemLine is a problem or note of a row (or, row 0, of the file) for
// the terminal.
func problemLine(cat *i18n.Catalog, l i18n.Lang, p contractio.Problem) string {
	row := cat.T(l, "import.ui.row")
	if p.Row == 0 {
		return cat.Msg(l, p.Message.Msg)
	}
	if p.Column == "" {
		return fmt.Sprintf("%s %d: %s", row, p.Row, cat.Msg(l, p.Message.Msg))
	}
	return fmt.Sprintf("%s %d, %s: %s", row, p.Row, p.Column, cat.Msg(l, p.Message.Msg))
}

// progressPrinter writes a line to w at each step and every 10%.
func progressPrinter(cat *i18n.Catalog, l i18n.Lang, w io.Writer) jobs.Watch {
	stage, next := "", 10
	return func(done, total int64, st string) {
		if st != stage {
			stage = st
			fmt.Fprintln(w, cat.T(l, st))
		}
		if total <= 0 {
			return
		}
		pct := int(done * 100 / total)
		if pct >= next && pct <= 100 {
			fmt.Fprintf(w, "%3d%%  %s\n", pct, cat.T(l, "import.ui.rows_read", done, total))
			next = pct/10*10 + 10
		}
	}
}

func saveReport(ctx context.Context, a *app.App, jobID int64, path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("report: %w", cerr)
		}
	}()
	return a.Jobs.WriteReport(ctx, access.System, jobID, func(jobs.File) io.Writer { return f })
}

// cmdExport is "innopark export contracts --format xlsx|csv [filters] >
// FILE": every contract the filters select, streamed to stdout (or --out).
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	if len(args) == 0 || args[0] != "contracts" {
		return usageError{"export: contracts --format xlsx|csv"}
	}
	fs := flag.NewFlagSet("export contracts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbURL := dbFlag(fs)
	format := fs.String("format", "xlsx", "xlsx or csv")
	slug := fs.String("zone", "", "only this zone's contracts (slug)")
	status := fs.String("status", "", "only contracts in this status (registered, cancelled, …)")
	typ := fs.String("type", "", "only this contract type (DEV_ENTRUSTED, …)")
	field := fs.String("field", "", "only this technical field (01–11)")
	from := fs.String("from", "", "certificates dated from (YYYY-MM-DD)")
	to := fs.String("to", "", "certificates dated up to (YYYY-MM-DD)")
	q := fs.String("q", "", "name, party or registration-number prefix")
	outPath := fs.String("out", "", "write here instead of standard output")
	lang := cliLang(fs)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return usageError{err.Error()}
	}
	if len(pos) > 0 {
		return usageError{"export contracts: unexpected " + strings.Join(pos, " ")}
	}
	fmtV := xlsx.ParseFormat(*format)
	if fmtV == 0 {
		return usageError{"export contracts: --format must be xlsx or csv"}
	}
	f := contract.Filter{Status: contract.Status(*status), Type: contract.Type(*typ), Field: contract.Field(*field), Q: *q}
	for _, d := range []struct {
		s   string
		dst *civil.Date
	}{{*from, &f.From}, {*to, &f.To}} {
		if d.s == "" {
			continue
		}
		v, err := civil.Parse(d.s)
		if err != nil {
			return usageError{fmt.Sprintf("export contracts: bad date %q", d.s)}
		}
		*d.dst = v
	}
	a, closeApp, err := openApp(ctx, *dbURL, stderr)
	if err != nil {
		return err
	}
	defer closeApp()
	l := i18n.Parse(*lang)
	actor := operator()
	if *slug != "" {
		z, err := a.Zones.BySlug(ctx, actor, *slug)
		if err != nil {
			return userError(a.Catalog, l, err)
		}
		f.ZoneID = z.ID
	}
	if err := a.Imports.CheckExport(actor, f); err != nil {
		return userError(a.Catalog, l, err)
	}
	w := stdout
	if *outPath != "" {
		file, err := os.Create(*outPath)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer func() {
			if cerr := file.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("export: %w", cerr)
			}
		}()
		w = file
	}
	n, err := a.Imports.Export(ctx, actor, f, fmtV, w)
	if err != nil {
		return userError(a.Catalog, l, err)
	}
	fmt.Fprintf(stderr, "exported %d contracts\n", n)
	return nil
}
