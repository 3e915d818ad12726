package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/benchtool"
)

// cmdMixed measures reads with and without a steady write load: for each
// scenario NAME=PATH, the reads alone for --duration, then the same reads
// while registrations and amendments arrive at --writes a second in random
// zones (through the API, as each zone's registrar with an API token).
// Three lines per scenario: NAME (reads alone), NAME+writes (reads under
// the writes) and NAME:writes (the write operations themselves; req_s is
// the rate achieved).
func cmdMixed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mixed", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user the reads sign in as")
	var p benchtool.Plan
	fs.DurationVar(&p.Duration, "duration", 30*time.Second, "how long each measurement runs")
	fs.IntVar(&p.Warmup, "warmup", 20, "untimed reads first")
	fs.IntVar(&p.Concurrency, "concurrency", 4, "parallel readers")
	zones := fs.String("zones", "", "comma-separated slugs that {zone} in a path is drawn from")
	seed := fs.Uint64("seed", 1, "random seed")
	rate := fs.Float64("writes", 20, "write operations a second (registrations and amendments); 0: reads alone only")
	nZones := fs.Int("write-zones", 30, "zones the writes are spread over (picked at random; each zone's SLUG-registrar signs in)")
	amend := fs.Float64("amend-share", 0.25, "share of the write operations that are amendments")
	settle := fs.Duration("settle", 2*time.Second, "writes run this long before the reads under them are timed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("mixed: give scenarios as NAME=PATH")
	}
	type scenario struct{ name, path string }
	var scenarios []scenario
	for _, a := range fs.Args() {
		name, path, ok := strings.Cut(a, "=")
		if !ok || name == "" || !strings.HasPrefix(path, "/") {
			return fmt.Errorf("mixed: scenario %q is not NAME=/PATH", a)
		}
		scenarios = append(scenarios, scenario{name, path})
	}
	if *zones != "" {
		p.Zones = strings.Split(*zones, ",")
	}
	p.Seed = *seed
	if *amend < 0 || *amend > 1 {
		return errors.New("mixed: --amend-share must be 0..1")
	}
	c, err := login(ctx, *base, *user)
	if err != nil {
		return err
	}
	var wzs []*benchtool.WriteZone
	if *rate > 0 {
		if wzs, err = benchtool.PrepareWrites(ctx, c, os.Getenv("INNOPARK_PASSWORD"), *nZones, *seed); err != nil {
			return err
		}
		defer func() {
			for _, z := range wzs {
				z.Close(context.WithoutCancel(ctx))
			}
		}()
		slugs := make([]string, len(wzs))
		for i, z := range wzs {
			slugs[i] = z.Slug
		}
		slices.Sort(slugs)
		fmt.Fprintf(stderr, "writes: %.0f/s over %d zones (%s)\n", *rate, len(wzs), strings.Join(slugs, ","))
	}
	reads := func(name string, sc scenario) error {
		q := p
		q.Paths = []string{sc.path}
		res, err := c.Load(ctx, q)
		if err != nil {
			return err
		}
		if res.FirstErr != nil {
			fmt.Fprintf(stderr, "%s: %d errors, first: %v\n", name, res.Errors, res.FirstErr)
		}
		fmt.Fprintln(stdout, benchtool.Summarize(name, res.Durations, res.Errors, res.Elapsed).Line())
		return nil
	}
	for _, sc := range scenarios {
		if err := reads(sc.name, sc); err != nil {
			return err
		}
		if *rate <= 0 {
			continue
		}
		wctx, stop := context.WithCancel(ctx)
		done := make(chan benchtool.WriteResult, 1)
		go func() {
			res, _ := benchtool.RunWrites(wctx, benchtool.WritePlan{Zones: wzs, Rate: *rate, AmendShare: *amend, Seed: *seed})
			done <- res
		}()
		select {
		case <-time.After(*settle):
		case <-ctx.Done():
		}
		err := reads(sc.name+"+writes", sc)
		stop()
		w := <-done
		if err != nil {
			return err
		}
		if w.FirstErr != nil {
			fmt.Fprintf(stderr, "%s:writes: %d errors, first: %v\n", sc.name, w.Errors, w.FirstErr)
		}
		fmt.Fprintf(stderr, "%s:writes: %d registrations, %d amendments, %d skipped (all in flight) in %.1fs\n",
			sc.name, len(w.Registrations), len(w.Amendments), w.Skipped, w.Elapsed.Seconds())
		all := slices.Concat(w.Registrations, w.Amendments)
		fmt.Fprintln(stdout, benchtool.Summarize(sc.name+":writes", all, w.Errors, w.Elapsed).Line())
	}
	return nil
}
