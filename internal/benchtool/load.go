package benchtool

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// CheckLoopback refuses a base URL that is not http on this machine.
func CheckLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("bench: base URL: %w", err)
	}
	if u.Scheme != "http" {
		return fmt.Errorf("bench: base URL must be http://127.0.0.1:PORT (got %q)", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("bench: refusing %q: the load tool only talks to this machine (127.0.0.1, ::1, localhost)", host)
}

// Client is a signed-in session against one server.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// Login signs in with POST /api/v1/session and keeps the bearer token.
func Login(ctx context.Context, base, user, password string) (*Client, error) {
	if err := CheckLoopback(base); err != nil {
		return nil, err
	}
	c := &Client{base: strings.TrimSuffix(base, "/"), http: &http.Client{Timeout: 60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}}
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/session", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bench: sign in: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return nil, fmt.Errorf("bench: sign in as %s: %s: %s", user, resp.Status, strings.TrimSpace(string(b)))
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Token == "" {
		return nil, fmt.Errorf("bench: sign in: no token in %s", b)
	}
	c.token = out.Token
	return c, nil
}

// Token is the session's bearer token (for wrk).
func (c *Client) Token() string { return c.token }

// Get requests path (starting with /) and returns the status and body.
func (c *Client) Get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// Plan bounds a load run: it stops after N timed requests or after
// Duration, whichever comes first.
type Plan struct {
	Paths       []string      // request paths, used in turn; see Expand
	N           int           // timed requests (at least one bound must be set)
	Duration    time.Duration // wall time
	Warmup      int           // untimed requests first
	Concurrency int           // parallel clients; default 1 (latency, not throughput)
	FollowNext  int           // JSON lists: follow "next" this many pages after the first
	IDs         [2]int64      // {id} is drawn from [IDs[0], IDs[1]]
	Zones       []string      // {zone} is drawn from these
	Seed        uint64
}

// Expand fills a path template: {id} with a random id, {zone} with a random
// zone slug.
func (p Plan) Expand(r *rand.Rand, path string) string {
	if strings.Contains(path, "{id}") && p.IDs[1] >= p.IDs[0] && p.IDs[1] > 0 {
		id := p.IDs[0] + r.Int64N(p.IDs[1]-p.IDs[0]+1)
		path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(id, 10))
	}
	if strings.Contains(path, "{zone}") && len(p.Zones) > 0 {
		path = strings.ReplaceAll(path, "{zone}", p.Zones[r.IntN(len(p.Zones))])
	}
	return path
}

// withCursor adds the cursor parameter to path.
func withCursor(path, cursor string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "cursor=" + url.QueryEscape(cursor)
}

// Result is what Load measured.
type Result struct {
	Durations []time.Duration
	Errors    int
	FirstErr  error
	Elapsed   time.Duration
}

// Load runs the plan and returns the latency of every timed request.
func (c *Client) Load(ctx context.Context, p Plan) (Result, error) {
	if len(p.Paths) == 0 {
		return Result{}, errors.New("bench: no paths")
	}
	if p.N <= 0 && p.Duration <= 0 {
		return Result{}, errors.New("bench: set a request count or a duration")
	}
	if p.Concurrency < 1 {
		p.Concurrency = 1
	}
	var (
		mu       sync.Mutex
		res      Result
		issued   atomic.Int64
		deadline time.Time
	)
	fail := func(err error) {
		mu.Lock()
		res.Errors++
		if res.FirstErr == nil {
			res.FirstErr = err
		}
		mu.Unlock()
	}
	// one makes one request; it reports the next cursor of a JSON list.
	one := func(path string, timed bool) (string, bool) {
		t0 := time.Now()
		status, body, err := c.Get(ctx, path)
		d := time.Since(t0)
		if err == nil && status/100 != 2 {
			err = fmt.Errorf("GET %s: %d %s", path, status, strings.TrimSpace(string(body[:min(len(body), 200)])))
		}
		if err != nil {
			if timed {
				fail(err)
			}
			return "", false
		}
		if timed {
			mu.Lock()
			res.Durations = append(res.Durations, d)
			mu.Unlock()
		}
		var page struct {
			Next string `json:"next"`
		}
		if p.FollowNext > 0 && len(body) > 0 && body[0] == '{' && json.Unmarshal(body, &page) == nil {
			return page.Next, true
		}
		return "", true
	}
	unit := func(r *rand.Rand, k int, timed bool) {
		path := p.Expand(r, p.Paths[k%len(p.Paths)])
		next, ok := one(path, timed)
		for i := 0; ok && next != "" && i < p.FollowNext; i++ {
			next, ok = one(withCursor(path, next), timed)
		}
	}
	// The warm-up is bounded too: a fifth of the time limit.
	warm := rand.New(rand.NewPCG(p.Seed, 0))
	warmEnd := time.Now().Add(p.Duration / 5)
	for k := 0; k < p.Warmup && ctx.Err() == nil && (p.Duration <= 0 || time.Now().Before(warmEnd)); k++ {
		unit(warm, k, false)
	}
	start := time.Now()
	if p.Duration > 0 {
		deadline = start.Add(p.Duration)
	}
	var wg sync.WaitGroup
	for w := 0; w < p.Concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(p.Seed, uint64(w)+1))
			for ctx.Err() == nil {
				k := issued.Add(1) - 1
				if p.N > 0 && k >= int64(p.N) {
					return
				}
				if !deadline.IsZero() && time.Now().After(deadline) {
					return
				}
				unit(r, int(k), true)
			}
		}(w)
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res, ctx.Err()
}
