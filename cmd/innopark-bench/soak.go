package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/innopark/innopark/internal/benchtool"
	"github.com/innopark/innopark/internal/enterprise"
)

// soakReads are the pages of reads a soak worker goes round; {id} is an
// enterprise the soak created.
var soakReads = []string{
	"/api/v1/me",
	"/api/v1/zones",
	"/api/v1/enterprises?limit=50",
	"/api/v1/enterprises/{id}",
	"/api/v1/contracts?limit=20",
	"/api/v1/enterprises?q=浸泡&limit=20",
}

// processFigures are what /metrics says of the server process.
type processFigures struct {
	goroutines, fds, rss float64
}

func readFigures(ctx context.Context, metrics string) (processFigures, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metrics, nil)
	if err != nil {
		return processFigures{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return processFigures{}, fmt.Errorf("metrics: %w", err)
	}
	defer resp.Body.Close()
	var f processFigures
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_goroutines":
			f.goroutines = v
		case "process_open_fds":
			f.fds = v
		case "process_resident_memory_bytes":
			f.rss = v
		}
	}
	return f, sc.Err()
}

// cmdSoak runs a bounded soak: writers add enterprises, readers go round
// lists and the added enterprises, for --duration; then every answer must
// have been a success, every enterprise added must be there, and the
// server's goroutines and open files must not have grown past a margin
// from the first sample after the warm-up, nor its memory past --max-rss-mb.
func cmdSoak(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "server")
	metrics := fs.String("metrics", "", "the server's /metrics URL (serve --metrics-addr)")
	user := fs.String("user", "zibo-admin", "demo user who adds enterprises")
	division := fs.String("division", "370300", "the user's zone's division code, for the added enterprises' credit codes")
	duration := fs.Duration("duration", 60*time.Second, "how long")
	workers := fs.Int("concurrency", 4, "parallel clients; one in four writes")
	maxRSS := fs.Int("max-rss-mb", 512, "the server's resident memory may not pass this")
	margin := fs.Int("margin", 25, "goroutines and open files may not grow past the warm-up's by more than this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *metrics == "" {
		return errors.New("soak: --metrics URL is required")
	}
	pw := os.Getenv("INNOPARK_PASSWORD")
	c, err := benchtool.Login(ctx, *base, *user, pw)
	if err != nil {
		return err
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	do := func(ctx context.Context, method, path string, body any) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(*base, "/")+path, rd)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Authorization", "Bearer "+c.Token())
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}

	var (
		mu       sync.Mutex
		created  []int64
		failures []string
		reads    atomic.Int64
		writes   atomic.Int64
		serial   atomic.Int64
	)
	fail := func(s string) {
		mu.Lock()
		if len(failures) < 20 {
			failures = append(failures, s)
		}
		mu.Unlock()
	}
	sctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range *workers {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// Requests run to their end (ctx, not sctx): a request cut
			// off by the soak's end would read as a server error.
			for i := 0; sctx.Err() == nil; i++ {
				if w%4 == 0 {
					n := serial.Add(1)
					code, body, err := do(ctx, "POST", "/api/v1/enterprises", map[string]any{
						"uscc": enterprise.MakeUSCC(fmt.Sprintf("91%sMB%07d", *division, n)), "name": fmt.Sprintf("浸泡测试企业%d", n), "nature": "150", "industry": "C"})
					if err != nil || code != http.StatusCreated {
						fail(fmt.Sprintf("POST enterprise: %d %v %.200s", code, err, body))
						continue
					}
					var out struct {
						ID int64 `json:"id"`
					}
					_ = json.Unmarshal(body, &out)
					mu.Lock()
					created = append(created, out.ID)
					mu.Unlock()
					writes.Add(1)
					continue
				}
				path := soakReads[(w+i)%len(soakReads)]
				if strings.Contains(path, "{id}") {
					mu.Lock()
					if len(created) == 0 {
						mu.Unlock()
						continue
					}
					id := created[(w*7+i)%len(created)]
					mu.Unlock()
					path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(id, 10))
				}
				code, body, err := do(ctx, "GET", path, nil)
				if err != nil || code != http.StatusOK {
					fail(fmt.Sprintf("GET %s: %d %v %.200s", path, code, err, body))
					continue
				}
				reads.Add(1)
			}
		}(w)
	}

	// Samples of the server process: the first after a fifth of the run
	// (the warm-up: caches, pools and connections settle), then every few
	// seconds.
	var samples []processFigures
	var base0 processFigures
	tick := time.NewTicker(max(*duration/12, time.Second))
	defer tick.Stop()
	warm := time.After(*duration / 5)
	warmed := false
	for done := false; !done; {
		select {
		case <-sctx.Done():
			done = true
		case <-warm:
			f, err := readFigures(ctx, *metrics)
			if err != nil {
				return err
			}
			base0, warmed = f, true
			samples = append(samples, f)
		case <-tick.C:
			if !warmed {
				continue
			}
			f, err := readFigures(ctx, *metrics)
			if err != nil {
				return err
			}
			samples = append(samples, f)
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	// Idle connections of this client are closed, so that the server's
	// count is its own.
	hc.CloseIdleConnections()
	time.Sleep(500 * time.Millisecond)
	end, err := readFigures(ctx, *metrics)
	if err != nil {
		return err
	}
	samples = append(samples, end)

	// Every enterprise added is there.
	missing := 0
	for _, id := range created {
		code, _, err := do(ctx, "GET", "/api/v1/enterprises/"+strconv.FormatInt(id, 10), nil)
		if err != nil || code != http.StatusOK {
			missing++
		}
	}
	var peakRSS float64
	for _, s := range samples {
		peakRSS = max(peakRSS, s.rss)
	}
	fmt.Fprintf(stdout, "soak %s: %d reads, %d writes (%.0f req/s), %d failures, %d of %d added missing; goroutines %.0f→%.0f, open files %.0f→%.0f, RSS %.0f→%.0f MB (peak %.0f)\n",
		elapsed.Round(time.Second), reads.Load(), writes.Load(), float64(reads.Load()+writes.Load())/elapsed.Seconds(),
		len(failures), missing, len(created), base0.goroutines, end.goroutines, base0.fds, end.fds, base0.rss/(1<<20), end.rss/(1<<20), peakRSS/(1<<20))
	var problems []string
	problems = append(problems, failures...)
	if missing > 0 {
		problems = append(problems, fmt.Sprintf("%d added enterprises are not there", missing))
	}
	if writes.Load() == 0 || reads.Load() == 0 {
		problems = append(problems, "no reads or no writes went through")
	}
	if g := end.goroutines - base0.goroutines; g > float64(*margin) {
		problems = append(problems, fmt.Sprintf("goroutines grew by %.0f", g))
	}
	if f := end.fds - base0.fds; f > float64(*margin) {
		problems = append(problems, fmt.Sprintf("open files grew by %.0f", f))
	}
	if peakRSS > float64(*maxRSS)*(1<<20) {
		problems = append(problems, fmt.Sprintf("RSS reached %.0f MB, over %d", peakRSS/(1<<20), *maxRSS))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "  ", p)
		}
		return fmt.Errorf("soak failed: %d problem(s)", len(problems))
	}
	return nil
}
