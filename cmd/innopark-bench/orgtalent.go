package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/benchtool"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
)

// cmdOrgTalentGen adds organisations and talent applicants to a data set
// `innopark gen` made without them, record by record through the store's
// transactions (spans, rollups and audit as the service writes them; about
// 5 ms a record, so for small sizes). `innopark gen --org-talent` writes the
// same records in bulk into a new data set, which bench/orgtalent.sh uses;
// this is the path to compare it with:
//
//	innopark-bench orgtalent-gen --db URL [--enterprises N] [--applicants M] [--seed S]
func cmdOrgTalentGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("orgtalent-gen", flag.ContinueOnError)
	dbURL := fs.String("db", "", "database URL of a generated data set")
	ents := fs.Int("enterprises", 0, "enterprises surveyed and given organisations (0: all)")
	apps := fs.Int("applicants", 100_000, "talent applications")
	seed := fs.Uint64("seed", 1, "random seed (the data set's, for the records `innopark gen --org-talent --seed` would write)")
	quiet := fs.Bool("quiet", false, "no progress line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := gen.OrgTalentOptions{Enterprises: *ents, Applicants: *apps, Seed: *seed}
	if !*quiet {
		opt.Progress = stderr
	}
	res, err := gen.OrgTalent(ctx, db, opt)
	if err != nil {
		return err
	}
	records := res.Enterprises + res.Organisations + res.Branches + res.Chains + res.Programmes + res.Calls + res.Applicants
	fmt.Fprintf(stdout, "orgtalent: %d zones, %d enterprises surveyed, %d organisations, %d chains, %d online branches, %d applicants in %s (%.0f records/s, each a store write with its spans and audit)\n",
		res.Zones, res.Enterprises, res.Organisations, res.Chains, res.Branches, res.Applicants, res.Took.Round(time.Second),
		float64(records)/max(res.Took.Seconds(), 1e-9))
	return nil
}

// cmdOrgTalent times a zone's coverage for random zones and days:
//
//	figure    GET /api/v1/indicators/org.coverage_rate?zone={zone}&from=YYYY-01&to=MONTH (rollups)
//	coverage  GET /api/v1/zones/{zone}/coverage?on=DAY (counted from the records)
//
// Each question drawn is asked once untimed, then again timed.
func cmdOrgTalent(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("orgtalent", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user to sign in as")
	name := fs.String("name", "", "scenario label (default orgtalent-KIND)")
	kind := fs.String("kind", "figure", "figure or coverage")
	n := fs.Int("n", 300, "timed requests")
	dur := fs.Duration("duration", 120*time.Second, "stop after this long even if --n is not reached")
	seed := fs.Uint64("seed", 1, "random seed of the questions")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" {
		*name = "orgtalent-" + *kind
	}
	c, err := login(ctx, *base, *user)
	if err != nil {
		return err
	}
	var zones apitypes.List[apitypes.Zone]
	if err := getJSON(ctx, c, "/api/v1/zones", &zones); err != nil {
		return err
	}
	if len(zones.Items) == 0 {
		return errors.New("orgtalent: the server has no zones")
	}
	r := rand.New(rand.NewPCG(*seed, 11))
	until := gen.DefaultUntil()
	from := until.AddDays(-3 * 365)
	paths := make([]string, *n)
	for i := range paths {
		z := zones.Items[r.IntN(len(zones.Items))].Slug
		d := from.AddDays(r.IntN(from.DaysUntil(until) + 1))
		switch *kind {
		case "figure":
			m := indicator.MonthOfDate(d)
			paths[i] = "/api/v1/indicators/" + indicator.OrgCoverageRate + "?zone=" + z + "&from=" + fmt.Sprintf("%04d-01", m.Year()) + "&to=" + m.String()
		case "coverage":
			paths[i] = "/api/v1/zones/" + z + "/coverage?on=" + d.String()
		default:
			return fmt.Errorf("orgtalent: --kind must be figure or coverage (got %q)", *kind)
		}
	}
	return loadAndSummarize(ctx, c, benchtool.Plan{Paths: paths, N: *n, Warmup: *n, Duration: *dur, Seed: *seed}, *name, stdout, stderr)
}
