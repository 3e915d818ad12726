// Command innopark-bench is the load and measuring tool behind
// bench/contracts.sh, bench/indicators.sh and bench/honours.sh. It talks
// only to a server on this machine (127.0.0.1, ::1, localhost) and always
// stops: after a number of requests or a time limit.
//
//	innopark-bench token --base URL --user NAME
//	innopark-bench http  --base URL --user NAME --name LABEL [--n 300] [--duration 60s] [--warmup 20]
//	                     [--concurrency 1] [--follow-next K] [--ids LO-HI] [--zones a,b] PATH…
//	innopark-bench raw   --db URL --zones a,b --from YYYY-MM --to YYYY-MM [--n 5] [--name LABEL]
//	                     [--base URL --user NAME]   (cross-check against the API)
//	innopark-bench honours --base URL --user NAME --kind holdings|figure|ranking [--n 300] [--seed 1]
//	                     [--from YYYY-MM-DD --until YYYY-MM-DD] [--check 5]
//	innopark-bench projects --base URL --user NAME --kind dashboard|dashboard-page|page [--n 300] [--seed 1] [--check 3]
//	innopark-bench xlsxread FILE [--sheet NAME]
//	innopark-bench invest --base URL --user NAME --kind dashboard|board [--n 300] [--seed 1]
//	innopark-bench soak --base URL --metrics URL [--duration 60s] [--concurrency 4] [--max-rss-mb 512]
//	innopark-bench orgtalent-gen --db URL [--enterprises N] [--applicants M]
//	innopark-bench orgtalent --base URL --user NAME --kind figure|coverage [--n 300]
//	innopark-bench mixed --base URL --user NAME [--duration 30s] [--concurrency 4] [--zones a,b]
//	                     [--writes 20] [--write-zones 30] [--amend-share 0.25] NAME=PATH…
//
// Passwords come from INNOPARK_PASSWORD. Results are one tab-separated line
// per scenario (see -header): latencies in milliseconds.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/benchtool"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/bulk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "innopark-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: innopark-bench token|http|raw|honours|xlsxread|soak|mixed|header …")
	}
	switch args[0] {
	case "header":
		fmt.Fprintln(stdout, benchtool.Header())
		return nil
	case "token":
		return cmdToken(ctx, args[1:], stdout)
	case "http":
		return cmdHTTP(ctx, args[1:], stdout, stderr)
	case "raw":
		return cmdRaw(ctx, args[1:], stdout, stderr)
	case "honours":
		return cmdHonours(ctx, args[1:], stdout, stderr)
	case "projects":
		return cmdProjects(ctx, args[1:], stdout, stderr)
	case "xlsxread":
		return cmdXLSXRead(args[1:], stdout)
	case "invest":
		return cmdInvest(ctx, args[1:], stdout, stderr)
	case "soak":
		return cmdSoak(ctx, args[1:], stdout, stderr)
	case "orgtalent-gen":
		return cmdOrgTalentGen(ctx, args[1:], stdout, stderr)
	case "orgtalent":
		return cmdOrgTalent(ctx, args[1:], stdout, stderr)
	case "mixed":
		return cmdMixed(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func login(ctx context.Context, base, user string) (*benchtool.Client, error) {
	pw := os.Getenv("INNOPARK_PASSWORD")
	if pw == "" {
		return nil, errors.New("set INNOPARK_PASSWORD to the generated users' password")
	}
	return benchtool.Login(ctx, base, user, pw)
}

func cmdToken(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user to sign in as")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := login(ctx, *base, *user)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, c.Token())
	return nil
}

func cmdHTTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("http", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	user := fs.String("user", "national", "user to sign in as")
	name := fs.String("name", "http", "scenario label")
	var p benchtool.Plan
	fs.IntVar(&p.N, "n", 300, "timed requests (with --follow-next: first pages)")
	fs.DurationVar(&p.Duration, "duration", 60*time.Second, "stop after this long even if --n is not reached")
	fs.IntVar(&p.Warmup, "warmup", 20, "untimed requests first")
	fs.IntVar(&p.Concurrency, "concurrency", 1, "parallel clients")
	fs.IntVar(&p.FollowNext, "follow-next", 0, "JSON lists: follow the keyset cursor this many pages")
	ids := fs.String("ids", "", "range LO-HI that {id} in a path is drawn from")
	zones := fs.String("zones", "", "comma-separated slugs that {zone} in a path is drawn from")
	seed := fs.Uint64("seed", 1, "random seed for {id} and {zone}")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p.Paths, p.Seed = fs.Args(), *seed
	if *zones != "" {
		p.Zones = strings.Split(*zones, ",")
	}
	if *ids != "" {
		lo, hi, ok := strings.Cut(*ids, "-")
		a, e1 := strconv.ParseInt(lo, 10, 64)
		b, e2 := strconv.ParseInt(hi, 10, 64)
		if !ok || e1 != nil || e2 != nil || a > b {
			return fmt.Errorf("--ids must be LO-HI (got %q)", *ids)
		}
		p.IDs = [2]int64{a, b}
	}
	c, err := login(ctx, *base, *user)
	if err != nil {
		return err
	}
	return loadAndSummarize(ctx, c, p, *name, stdout, stderr)
}

// loadAndSummarize runs the plan and prints its summary line (and the
// first error, if any, on stderr).
func loadAndSummarize(ctx context.Context, c *benchtool.Client, p benchtool.Plan, name string, stdout, stderr io.Writer) error {
	res, err := c.Load(ctx, p)
	if err != nil {
		return err
	}
	if res.FirstErr != nil {
		fmt.Fprintf(stderr, "%s: %d errors, first: %v\n", name, res.Errors, res.FirstErr)
	}
	fmt.Fprintln(stdout, benchtool.Summarize(name, res.Durations, res.Errors, res.Elapsed).Line())
	return nil
}

// cmdRaw times the zone dashboard's contract figures computed by GROUP BY
// over the raw records, zone after zone, and (with --base) checks them
// against what the API serves from the rollups.
func cmdRaw(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("raw", flag.ContinueOnError)
	dbURL := fs.String("db", os.Getenv("INNOPARK_DB"), "database URL")
	zones := fs.String("zones", "", "comma-separated zone slugs, taken in turn")
	fromS := fs.String("from", "", "first month YYYY-MM")
	toS := fs.String("to", "", "last month YYYY-MM")
	n := fs.Int("n", 5, "timed computations")
	warmup := fs.Int("warmup", 1, "untimed computations first")
	name := fs.String("name", "raw", "scenario label")
	base := fs.String("base", "", "server to cross-check the figures against (optional)")
	user := fs.String("user", "national", "user for the cross-check")
	if err := fs.Parse(args); err != nil {
		return err
	}
	from, err1 := indicator.ParseYM(*fromS)
	to, err2 := indicator.ParseYM(*toS)
	if err1 != nil || err2 != nil || *zones == "" || *dbURL == "" {
		return errors.New("raw: --db, --zones, --from YYYY-MM and --to YYYY-MM are required")
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var ids []int64
	slugs := strings.Split(*zones, ",")
	for _, s := range slugs {
		a, err := (store.Zones{DB: db}).AreaBySlug(ctx, access.System, s)
		if err != nil {
			return fmt.Errorf("zone %s: %w", s, err)
		}
		ids = append(ids, a.ID)
	}
	pf, pt := from.Add(-12), to.Add(-12)
	compute := func(i int) (bulk.RawFigures, error) {
		return bulk.RawContractFigures(ctx, db, ids[i%len(ids)], from.First(), to.Last(), pf.First(), pt.Last())
	}
	for i := 0; i < *warmup; i++ {
		if _, err := compute(i); err != nil {
			return err
		}
	}
	var ds []time.Duration
	start := time.Now()
	for i := 0; i < *n; i++ {
		t0 := time.Now()
		if _, err := compute(i); err != nil {
			return err
		}
		ds = append(ds, time.Since(t0))
	}
	elapsed := time.Since(start)
	if *base != "" {
		if err := crossCheck(ctx, *base, *user, slugs[0], *fromS, *toS, compute, stderr); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, benchtool.Summarize(*name, ds, 0, elapsed).Line())
	return nil
}

// crossCheck compares the raw figures of the first zone with the API's
// (served from rollups): they must agree to the fen.
func crossCheck(ctx context.Context, base, user, slug, from, to string, compute func(int) (bulk.RawFigures, error), stderr io.Writer) error {
	c, err := login(ctx, base, user)
	if err != nil {
		return err
	}
	raw, err := compute(0)
	if err != nil {
		return err
	}
	for _, x := range []struct {
		id   string
		want int64
	}{{indicator.TechContractCount, raw.Count}, {indicator.TechContractAmount, raw.AmountFen}, {indicator.TechContractTechAmount, raw.TechFen}} {
		status, body, err := c.Get(ctx, "/api/v1/indicators/"+x.id+"?zone="+slug+"&from="+from+"&to="+to)
		if err != nil || status != 200 {
			return fmt.Errorf("cross-check %s: %d %v %s", x.id, status, err, body)
		}
		var fig struct {
			Value    *float64 `json:"value"`
			Previous *float64 `json:"previous"`
		}
		if err := json.Unmarshal(body, &fig); err != nil {
			return fmt.Errorf("cross-check %s: %w", x.id, err)
		}
		got := int64(-1)
		if fig.Value != nil {
			got = int64(*fig.Value)
		}
		if got != x.want {
			return fmt.Errorf("cross-check %s of %s: rollups give %d, the records %d", x.id, slug, got, x.want)
		}
	}
	fmt.Fprintf(stderr, "cross-check %s %s..%s: rollups and records agree (%d contracts, %d fen)\n", slug, from, to, raw.Count, raw.AmountFen)
	return nil
}

// cmdXLSXRead is excelize's bare streaming read of a sheet — open, iterate
// rows, read each row's cells, nothing else — the yardstick the import's
// speed is compared with.
func cmdXLSXRead(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("xlsxread", flag.ContinueOnError)
	sheet := fs.String("sheet", "", "sheet (default: the first)")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("xlsxread FILE [--sheet NAME]")
	}
	start := time.Now()
	f, err := excelize.OpenFile(fs.Arg(0), excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	defer f.Close()
	name := *sheet
	if name == "" {
		name = f.GetSheetName(0)
	}
	rows, err := f.Rows(name)
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		if _, err := rows.Columns(); err != nil {
			return err
		}
		n++
	}
	if err := rows.Close(); err != nil {
		return err
	}
	d := time.Since(start)
	n-- // the header row
	fmt.Fprintf(stdout, "%d rows in %.2fs: %.0f rows/s\n", n, d.Seconds(), float64(n)/d.Seconds())
	return nil
}

// reorder puts flags before positional arguments, so "FILE --sheet X" works.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			flags = append(flags, args[i])
			if !strings.Contains(args[i], "=") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, args[i])
	}
	return append(flags, pos...)
}
