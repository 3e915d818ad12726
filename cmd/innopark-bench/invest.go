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
)

// cmdInvest times a zone's investment pages for random zones of the data
// set (bench/invest.sh):
//
//	dashboard  GET /zones/{zone}/investment        (figures and funnel from the rollups, late and overdue flags)
//	board      GET /zones/{zone}/investment/board  (the open pipeline by stage)
//
// It draws --n zones, asks each page once untimed (so a server with the
// figure cache has them all), then again, timed.
func cmdInvest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("invest", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user to sign in as")
	name := fs.String("name", "", "scenario label (default invest-KIND)")
	kind := fs.String("kind", "dashboard", "dashboard or board")
	n := fs.Int("n", 300, "timed requests (each page drawn is asked once before, untimed)")
	dur := fs.Duration("duration", 120*time.Second, "stop after this long even if --n is not reached")
	seed := fs.Uint64("seed", 1, "random seed of the zones")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" {
		*name = "invest-" + *kind
	}
	suffix := ""
	switch *kind {
	case "dashboard":
	case "board":
		suffix = "/board"
	default:
		return fmt.Errorf("invest: --kind must be dashboard or board (got %q)", *kind)
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
		return errors.New("invest: the server has no zones")
	}
	r := rand.New(rand.NewPCG(*seed, 11))
	paths := make([]string, *n)
	for i := range paths {
		paths[i] = "/zones/" + zones.Items[r.IntN(len(zones.Items))].Slug + "/investment" + suffix
	}
	return loadAndSummarize(ctx, c, benchtool.Plan{Paths: paths, N: *n, Warmup: *n, Duration: *dur, Seed: *seed}, *name, stdout, stderr)
}
