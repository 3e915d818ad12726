package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/gen"
)

// cmdGen is "innopark gen --contracts N …": a deterministic national-scale
// data set written into an empty database, for benchmarks. The generated
// users' password comes from INNOPARK_PASSWORD (else one is made and
// printed).
func cmdGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbURL := dbFlag(fs)
	var opt gen.Options
	fs.IntVar(&opt.Contracts, "contracts", 0, "technology contracts to generate (required)")
	fs.IntVar(&opt.Enterprises, "enterprises", 200_000, "enterprises")
	fs.IntVar(&opt.Areas, "areas", 300, "areas: high-tech zones and counties")
	fs.IntVar(&opt.Years, "years", 5, "years of registrations, ending on --until")
	honours := fs.Bool("honours", true, "enterprise honours: 10 programmes' notices, each area's batches and titles (false: none, as before they existed)")
	honourYears := fs.Int("honour-years", 10, "years of honour batches, ending on --until")
	fs.IntVar(&opt.Projects, "projects", 20_000, "key construction projects with their monthly investment reports (0: none)")
	investN := fs.Int("invest-projects", 0, "investment projects over the period, with their steps, follow-ups, trips and visits (0: none)")
	fs.BoolVar(&opt.OrgTalent, "org-talent", false, "organisation coverage for every enterprise (surveys, organisations, chains, online branches) and five talent programmes a zone")
	fs.IntVar(&opt.Applicants, "applicants", 100_000, "talent applicants over the zones' calls (with --org-talent)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and sizes give the same data")
	until := fs.String("until", gen.DefaultUntil().String(), "last day of the period (YYYY-MM-DD)")
	keep := fs.Bool("keep-indexes", false, "load with every index in place (slower; for comparison)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (for tuning)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *dbURL == "" || opt.Contracts < 0 {
		return usageError{"gen: --contracts N and --db URL"}
	}
	u, err := civil.Parse(*until)
	if err != nil {
		return usageError{"gen: --until must be YYYY-MM-DD"}
	}
	opt.Seed, opt.Until, opt.KeepIndexes, opt.Actor = *seed, u, *keep, operator()
	if *honours {
		opt.HonourYears = *honourYears
	}
	opt.InvestProjects = *investN
	if !*quiet {
		opt.Progress = stderr
	}
	password := os.Getenv("INNOPARK_PASSWORD")
	printed := false
	if password == "" {
		password, printed = auth.NewSecret()[:16], true
	}
	cfg := app.Defaults()
	if opt.PasswordHash, err = cfg.Argon2.Hash(password); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	// The generator allocates millions of short-lived values; collecting
	// less often trades memory (plenty here) for the CPU both cores need.
	debug.SetGCPercent(400)
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cpu0 := cpuTime()
	res, err := gen.Run(ctx, db, opt)
	cpu := cpuTime() - cpu0
	if err != nil {
		return fmt.Errorf("%w (start again on a new, empty database)", err)
	}
	fmt.Fprintf(stdout, "generated %s %s…%s: %d areas (%d zones), %d enterprises, %d contracts (%d registered), %d lines, %d events, %d rollup rows\n",
		db.Engine(), res.From, res.Until, res.Areas, res.Zones, res.Enterprises, res.Contracts, res.Registered, res.Lines, res.Events, res.Rollups)
	if res.HonourTitles > 0 {
		fmt.Fprintf(stdout, "honours: %d programmes, %d batches, %d entries, %d titles (%d held on %s), %d rollup rows\n",
			res.HonourProgrammes, res.HonourBatches, res.HonourEntries, res.HonourTitles, res.HonourHeld, res.Until, res.HonourRollups)
	}
	if res.Projects > 0 {
		fmt.Fprintf(stdout, "projects: %d projects (%d finished), %d monthly reports, %d rollup rows in %s\n",
			res.Projects, res.ProjectsFinished, res.ProjectReports, res.ProjectRollups, res.ProjectsTime.Round(time.Millisecond))
	}
	if iv := res.Invest; iv.Projects > 0 {
		fmt.Fprintf(stdout, "invest: %d projects, %d steps, %d arrivals, %d follow-ups, %d trips, %d visits, %d rollup rows\n",
			iv.Projects, iv.Steps, iv.Arrivals, iv.FollowUps, iv.Trips, iv.Visits, iv.Rollups)
	}
	if ot := res.OrgTalent; ot.Enterprises > 0 {
		fmt.Fprintf(stdout, "orgtalent: %d enterprises surveyed, %d organisations (%d members, %d elections), %d chains, %d online branches, %d programmes, %d calls, %d applicants, %d rollup rows: %d rows in %s (%.0f rows/s)\n",
			ot.Enterprises, ot.Organisations, ot.Members, ot.Elections, ot.Chains, ot.Branches, ot.Programmes, ot.Calls, ot.Applicants, ot.Rollups,
			ot.Rows, ot.Took.Round(time.Millisecond), float64(ot.Rows)/max(ot.Took.Seconds(), 1e-9))
	}
	rate := func(d time.Duration) float64 { return float64(res.Contracts) / max(d.Seconds(), 1e-9) }
	fmt.Fprintf(stdout, "time: total %s (setup %s, contracts %s, honours %s, indexes %s, analyze %s)\n", res.Total.Round(time.Millisecond),
		res.Setup.Round(time.Millisecond), res.Load.Round(time.Millisecond), res.Honours.Round(time.Millisecond),
		res.Indexes.Round(time.Millisecond), res.Analyze.Round(time.Millisecond))
	// The ingest rate counts every row written, in all tables (a contract
	// comes with its lines, about three history events and its share of
	// the rollups), over the whole run: setup, load, index builds and
	// statistics. Contracts alone are given beside it.
	fmt.Fprintf(stdout, "ingest: %.0f rows/s (%d rows in all tables in %s)\n", float64(res.Rows)/max(res.Total.Seconds(), 1e-9),
		res.Rows, res.Total.Round(time.Millisecond))
	fmt.Fprintf(stdout, "ingest: %.0f contracts/s overall, %.0f contracts/s while loading\n", rate(res.Total), rate(res.Load))
	if cpu > 0 && res.Contracts > 0 {
		fmt.Fprintf(stdout, "cpu: %s user+system in this process, %.0f µs per contract (the database server's own work not included)\n",
			cpu.Round(time.Second), float64(cpu.Microseconds())/float64(res.Contracts))
	}
	fmt.Fprintf(stdout, "digest: %s\n", res.Digest)
	if printed {
		fmt.Fprintf(stdout, "password for every generated user: %s\n", password)
	}
	fmt.Fprintln(stdout, "users:")
	for _, u := range res.Users {
		if u.Role == "registrar" {
			continue
		}
		fmt.Fprintf(stdout, "  %-22s %-11s %s\n", u.Username, u.Role, u.Scope)
	}
	fmt.Fprintln(stdout, "  <zone>-registrar       registrar   one per zone")
	return nil
}
