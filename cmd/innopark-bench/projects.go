package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/benchtool"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
)

// cmdProjects times one of the construction projects' questions for random
// zones, months and projects of the data set (bench/projects.sh):
//
//	dashboard       GET /api/v1/zones/{zone}/projects/dashboard?from=YYYY-01&to=MONTH (rollups)
//	dashboard-page  GET /zones/{zone}/projects?from=YYYY-01&to=MONTH (the page)
//	page            GET /projects/{id} (the project page: card, reports, ledgers)
//
// It draws --n questions, asks each once untimed (so a server with the
// figure cache has them all), then asks them again, timed. Before timing it
// checks, for a few zones and months, that a dashboard's months add up to
// its period's investment.
func cmdProjects(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("projects", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user to sign in as")
	name := fs.String("name", "", "scenario label (default projects-KIND)")
	kind := fs.String("kind", "dashboard", "dashboard, dashboard-page or page")
	n := fs.Int("n", 300, "timed requests (each question drawn is asked once before, untimed)")
	dur := fs.Duration("duration", 120*time.Second, "stop after this long even if --n is not reached")
	fromS := fs.String("from", "2022-01-01", "first day dashboard months are drawn from")
	untilS := fs.String("until", "2026-10-31", "last day dashboard months are drawn from")
	seed := fs.Uint64("seed", 1, "random seed of the questions")
	checks := fs.Int("check", 3, "dashboards cross-checked before timing (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	from, err1 := civil.Parse(*fromS)
	until, err2 := civil.Parse(*untilS)
	if err1 != nil || err2 != nil || until.Before(from) {
		return errors.New("projects: --from and --until must be YYYY-MM-DD, in order")
	}
	if *name == "" {
		*name = "projects-" + *kind
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
		return errors.New("projects: the server has no zones")
	}
	// The newest project's id: the generator numbers them from 1.
	var newest apitypes.Page[apitypes.Project]
	if err := getJSON(ctx, c, "/api/v1/projects?limit=1", &newest); err != nil {
		return err
	}
	if len(newest.Items) == 0 {
		return errors.New("projects: the server has no projects (generate with --projects)")
	}
	maxID := newest.Items[0].ID
	r := rand.New(rand.NewPCG(*seed, 12))
	zone := func() string { return zones.Items[r.IntN(len(zones.Items))].Slug }
	period := func() string {
		m := indicator.MonthOfDate(from.AddDays(r.IntN(from.DaysUntil(until) + 1)))
		return "from=" + fmt.Sprintf("%04d-01", m.Year()) + "&to=" + m.String()
	}
	for range *checks {
		if err := checkProjectDashboard(ctx, c, "/api/v1/zones/"+zone()+"/projects/dashboard?"+period(), stderr); err != nil {
			return err
		}
	}
	paths := make([]string, *n)
	for i := range paths {
		switch *kind {
		case "dashboard":
			paths[i] = "/api/v1/zones/" + zone() + "/projects/dashboard?" + period()
		case "dashboard-page":
			paths[i] = "/zones/" + zone() + "/projects?" + period()
		case "page":
			paths[i] = "/projects/" + strconv.FormatInt(1+r.Int64N(maxID), 10)
		default:
			return fmt.Errorf("projects: --kind must be dashboard, dashboard-page or page (got %q)", *kind)
		}
	}
	return loadAndSummarize(ctx, c, benchtool.Plan{Paths: paths, N: *n, Warmup: *n, Duration: *dur, Seed: *seed}, *name, stdout, stderr)
}

// checkProjectDashboard checks that a dashboard's months add up to the
// investment of its period.
func checkProjectDashboard(ctx context.Context, c *benchtool.Client, path string, stderr io.Writer) error {
	var d apitypes.ProjectDashboard
	if err := getJSON(ctx, c, path, &d); err != nil {
		return err
	}
	var sum int64
	for _, m := range d.Months {
		if m.CompletedFen != nil {
			sum += *m.CompletedFen
		}
	}
	var inv int64
	for _, f := range d.Figures {
		if f.Indicator == "project.investment" && f.Value != nil {
			inv, _ = strconv.ParseInt(f.Value.String(), 10, 64)
		}
	}
	if sum != inv {
		return fmt.Errorf("projects check %s: months add up to %d fen, the period's investment is %d", path, sum, inv)
	}
	fmt.Fprintf(stderr, "projects check %s: %d months, investment %d fen, months agree\n", path, len(d.Months), inv)
	return nil
}
