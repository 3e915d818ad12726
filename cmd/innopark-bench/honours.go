package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/benchtool"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/indicator"
)

// cmdHonours times one of the honours questions for random zones, cities
// and days of the data set (bench/honours.sh):
//
//	holdings  GET /api/v1/zones/{zone}/honours?on=DAY (counted from titles)
//	figure    GET /api/v1/indicators/honour.held?zone={zone}&from=…&to=MONTH (rollups; rank in the city)
//	ranking   GET /api/v1/indicators/honour.held/ranking?scope=city&area={zone}&dim=honour_kind=ip&from=…&to=MONTH
//
// It draws --n questions, asks each once untimed (so a server with the
// figure cache has them all; without it the warm-up only warms the
// database), then asks them again, timed. Before timing it checks, for a
// few random zones and months, that the three agree: the titles held on a
// month's last day add up to the honour.held figure, and their IP titles to
// the zone's value in the city's IP ranking.
func cmdHonours(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("honours", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user to sign in as")
	name := fs.String("name", "", "scenario label (default honours-KIND)")
	kind := fs.String("kind", "holdings", "holdings, figure or ranking")
	n := fs.Int("n", 300, "timed requests (each question drawn is asked once before, untimed)")
	dur := fs.Duration("duration", 120*time.Second, "stop after this long even if --n is not reached")
	fromS := fs.String("from", "2017-01-01", "first day questions are drawn from")
	untilS := fs.String("until", "2026-10-31", "last day questions are drawn from")
	seed := fs.Uint64("seed", 1, "random seed of the questions")
	checks := fs.Int("check", 5, "zones and months cross-checked before timing (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	from, err1 := civil.Parse(*fromS)
	until, err2 := civil.Parse(*untilS)
	if err1 != nil || err2 != nil || until.Before(from) {
		return errors.New("honours: --from and --until must be YYYY-MM-DD, in order")
	}
	if *name == "" {
		*name = "honours-" + *kind
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
		return errors.New("honours: the server has no zones")
	}
	// Cities (by name) with their zones, for the city rankings.
	byCity := map[string][]string{}
	var cities []string
	for _, z := range zones.Items {
		if _, ok := byCity[z.City]; !ok {
			cities = append(cities, z.City)
		}
		byCity[z.City] = append(byCity[z.City], z.Slug)
	}
	r := rand.New(rand.NewPCG(*seed, 7))
	day := func() civil.Date { return from.AddDays(r.IntN(from.DaysUntil(until) + 1)) }
	zone := func() string { return zones.Items[r.IntN(len(zones.Items))].Slug }
	period := func(d civil.Date) string {
		m := indicator.MonthOfDate(d)
		return "from=" + fmt.Sprintf("%04d-01", m.Year()) + "&to=" + m.String()
	}
	if *checks > 0 {
		if err := checkHonours(ctx, c, zone, day, *checks, stderr); err != nil {
			return err
		}
	}
	paths := make([]string, *n)
	for i := range paths {
		switch *kind {
		case "holdings":
			paths[i] = "/api/v1/zones/" + zone() + "/honours?on=" + day().String()
		case "figure":
			paths[i] = "/api/v1/indicators/" + honour.IndicatorHeld + "?zone=" + zone() + "&" + period(day())
		case "ranking":
			list := byCity[cities[r.IntN(len(cities))]]
			paths[i] = "/api/v1/indicators/" + honour.IndicatorHeld + "/ranking?scope=city&area=" + list[r.IntN(len(list))] +
				"&dim=" + url.QueryEscape(string(indicator.Dim(honour.DimKind, honour.KindIP))) + "&" + period(day())
		default:
			return fmt.Errorf("honours: --kind must be holdings, figure or ranking (got %q)", *kind)
		}
	}
	return loadAndSummarize(ctx, c, benchtool.Plan{Paths: paths, N: *n, Warmup: *n, Duration: *dur, Seed: *seed}, *name, stdout, stderr)
}

func getJSON(ctx context.Context, c *benchtool.Client, path string, v any) error {
	status, body, err := c.Get(ctx, path)
	if err == nil && status != 200 {
		err = fmt.Errorf("%d %s", status, body[:min(len(body), 200)])
	}
	if err == nil {
		err = json.Unmarshal(body, v)
	}
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// checkHonours compares, for k random zones and months, the titles held on
// the month's last day (counted from titles) with the honour.held figure
// and the zone's value in its city's IP ranking (both from rollups).
func checkHonours(ctx context.Context, c *benchtool.Client, zone func() string, day func() civil.Date, k int, stderr io.Writer) error {
	var progs apitypes.List[apitypes.HonourProgramme]
	if err := getJSON(ctx, c, "/api/v1/honour-programmes", &progs); err != nil {
		return err
	}
	ip := map[string]bool{}
	for _, p := range progs.Items {
		ip[p.Code] = string(p.Kind) == honour.KindIP
	}
	value := func(v *json.Number) int64 {
		if v == nil {
			return 0
		}
		n, _ := strconv.ParseInt(v.String(), 10, 64)
		return n
	}
	for range k {
		slug := zone()
		m := indicator.MonthOfDate(day())
		var h apitypes.Holdings
		if err := getJSON(ctx, c, "/api/v1/zones/"+slug+"/honours?on="+m.Last().String(), &h); err != nil {
			return err
		}
		var all, ips int64
		for _, it := range h.Items {
			all += int64(it.Held)
			if ip[it.Programme] {
				ips += int64(it.Held)
			}
		}
		p := "from=" + m.String() + "&to=" + m.String()
		var f apitypes.Figure
		if err := getJSON(ctx, c, "/api/v1/indicators/"+honour.IndicatorHeld+"?zone="+slug+"&"+p, &f); err != nil {
			return err
		}
		var rk apitypes.Ranking
		dim := url.QueryEscape(string(indicator.Dim(honour.DimKind, honour.KindIP)))
		if err := getJSON(ctx, c, "/api/v1/indicators/"+honour.IndicatorHeld+"/ranking?scope=city&area="+slug+"&dim="+dim+"&"+p, &rk); err != nil {
			return err
		}
		i := slices.IndexFunc(rk.Items, func(it apitypes.RankingItem) bool { return it.Area == slug })
		if i < 0 {
			return fmt.Errorf("honours check: %s is not in its city's ranking", slug)
		}
		if got := value(f.Value); got != all {
			return fmt.Errorf("honours check: %s at the end of %s: honour.held figure %d, titles held %d", slug, m, got, all)
		}
		if got := value(rk.Items[i].Value); got != ips {
			return fmt.Errorf("honours check: %s at the end of %s: IP ranking value %d, IP titles held %d", slug, m, got, ips)
		}
		fmt.Fprintf(stderr, "honours check %s %s: %d titles held (%d IP), rollups agree\n", slug, m, all, ips)
	}
	return nil
}
