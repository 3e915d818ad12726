package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
)

// cmdRollup is "innopark rollup rebuild [--check]": recompute the indicator
// rollups from the raw records (registered contracts, entered statistics)
// and correct the rows that differ, reporting each difference. --check
// only compares and fails when anything differs, for monitoring.
func cmdRollup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return usageError{"rollup: rebuild"}
	}
	fs := flag.NewFlagSet("rollup rebuild", flag.ContinueOnError)
	dbURL := dbFlag(fs)
	check := fs.Bool("check", false, "compare only: change nothing, fail when rollups differ from the records")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := store.RebuildOptions{DryRun: *check, Progress: func(done, total int) {
		fmt.Fprintf(stderr, "\rareas %d/%d", done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	}}
	rep, err := db.RebuildRollups(ctx, indicator.DefaultCatalog(), store.DefaultRollupSources(), opts)
	if err != nil {
		return err
	}
	for _, d := range rep.Diffs {
		r := d.Row
		switch {
		case !d.Had:
			fmt.Fprintf(stdout, "missing  zone %d %s %q %s: want %d\n", r.ZoneID, r.Indicator, r.Dim, r.Month, r.Value)
		case !d.Want:
			fmt.Fprintf(stdout, "extra    zone %d %s %q %s: stored %d, no record behind it\n", r.ZoneID, r.Indicator, r.Dim, r.Month, d.Stored)
		default:
			fmt.Fprintf(stdout, "differs  zone %d %s %q %s: stored %d, want %d\n", r.ZoneID, r.Indicator, r.Dim, r.Month, d.Stored, r.Value)
		}
	}
	if rep.DiffCount > len(rep.Diffs) {
		fmt.Fprintf(stdout, "… and %d more\n", rep.DiffCount-len(rep.Diffs))
	}
	fmt.Fprintf(stdout, "%d areas, %d rows compared: %d differences, %d empty rows, %d rows of other modules kept; %d rows written\n",
		rep.Areas, rep.Checked, rep.DiffCount, rep.Empty, rep.Kept, rep.Written)
	if rep.YearDiffs > 0 {
		verb := "made again"
		if *check {
			verb = "to make again"
		}
		fmt.Fprintf(stdout, "%d year sums (rollups_year) differed from the rollups: %s\n", rep.YearDiffs, verb)
	}
	if *check && rep.DiffCount > 0 {
		return fmt.Errorf("rollups differ from the records in %d rows; run innopark rollup rebuild", rep.DiffCount)
	}
	if *check && rep.YearDiffs > 0 {
		return fmt.Errorf("year sums differ from the rollups in %d rows; run innopark rollup rebuild", rep.YearDiffs)
	}
	return nil
}
