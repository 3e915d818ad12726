package benchtool

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func ms(xs ...int) []time.Duration {
	out := make([]time.Duration, len(xs))
	for i, x := range xs {
		out[i] = time.Duration(x) * time.Millisecond
	}
	return out
}

func seq(n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * time.Millisecond
	}
	return out
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value is every percentile", ms(7), 99, 7 * time.Millisecond},
		{"median of 1..100", seq(100), 50, 50 * time.Millisecond},
		{"p95 of 1..100", seq(100), 95, 95 * time.Millisecond},
		{"p99 of 1..100", seq(100), 99, 99 * time.Millisecond},
		{"p100 is the maximum", seq(100), 100, 100 * time.Millisecond},
		{"median of 1..10 is the 5th", seq(10), 50, 5 * time.Millisecond},
		{"p95 of 1..10 rounds the rank up", seq(10), 95, 10 * time.Millisecond},
		{"p90 of 1..10 is exactly the 9th", seq(10), 90, 9 * time.Millisecond},
		{"median of an even count is the lower middle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"tiny p is the minimum", seq(1000), 0.01, 1 * time.Millisecond},
		{"p99 of 1..1000", seq(1000), 99, 990 * time.Millisecond},
		{"p99.9 of 1..1000", seq(1000), 99.9, 999 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("Percentile(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	// Unsorted on purpose: Summarize sorts.
	s := Summarize("x", ms(30, 10, 20, 40, 100), 2, time.Second)
	want := Summary{Name: "x", Count: 5, Errors: 2, P50: 30 * time.Millisecond, P95: 100 * time.Millisecond,
		P99: 100 * time.Millisecond, Mean: 40 * time.Millisecond, Max: 100 * time.Millisecond, Elapsed: time.Second}
	if s != want {
		t.Fatalf("Summarize = %+v, want %+v", s, want)
	}
	if got := s.RPS(); got != 5 {
		t.Errorf("RPS = %v, want 5", got)
	}
	if got, want := s.Line(), "x\t5\t2\t30.00\t100.00\t100.00\t40.00\t100.00\t5"; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
	if n := len(strings.Split(Header(), "\t")); n != len(strings.Split(s.Line(), "\t")) {
		t.Errorf("Header has %d columns, Line %d", n, len(strings.Split(s.Line(), "\t")))
	}
	if z := Summarize("none", nil, 0, 0); z.P50 != 0 || z.Count != 0 || z.RPS() != 0 {
		t.Errorf("empty summary = %+v", z)
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9000/", "http://127.0.0.2:80"} {
		if err := CheckLoopback(ok); err != nil {
			t.Errorf("CheckLoopback(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1:8080", "http://example.com", "https://127.0.0.1:8443", "127.0.0.1:8080", "http://0.0.0.0:80"} {
		if err := CheckLoopback(bad); err == nil {
			t.Errorf("CheckLoopback(%q) = nil, want refusal", bad)
		}
	}
}

// A list endpoint with three pages, and a login that checks the password.
func testServer(t *testing.T, hits *atomic.Int64) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/session", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ Username, Password string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b.Password != "pw" {
			http.Error(w, `{"error":{}}`, http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"token":"tok"}`))
	})
	mux.HandleFunc("GET /list", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		hits.Add(1)
		next := map[string]string{"": "p2", "p2": "p3", "p3": ""}[r.URL.Query().Get("cursor")]
		_ = json.NewEncoder(w).Encode(map[string]any{"items": []int{1}, "next": next})
	})
	mux.HandleFunc("GET /item/{id}", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.PathValue("id") == "13" {
			http.Error(w, "nope", http.StatusNotFound)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestLoad(t *testing.T) {
	var hits atomic.Int64
	srv := testServer(t, &hits)
	ctx := context.Background()
	if _, err := Login(ctx, srv.URL, "u", "wrong"); err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
	c, err := Login(ctx, srv.URL, "u", "pw")
	if err != nil {
		t.Fatal(err)
	}
	// Four units of first page + two more: 12 timed requests, plus the warm-up's 3.
	res, err := c.Load(ctx, Plan{Paths: []string{"/list"}, N: 4, Warmup: 1, FollowNext: 5, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Durations) != 12 || res.Errors != 0 {
		t.Errorf("timed %d requests with %d errors, want 12 and 0", len(res.Durations), res.Errors)
	}
	if hits.Load() != 15 {
		t.Errorf("server saw %d requests, want 15", hits.Load())
	}
	// Ids are drawn from the range: 13 fails, so a range of 13..13 is all errors.
	res, err = c.Load(ctx, Plan{Paths: []string{"/item/{id}"}, N: 3, IDs: [2]int64{13, 13}})
	if err == nil && (res.Errors != 3 || res.FirstErr == nil || len(res.Durations) != 0) {
		t.Errorf("errors = %d (%v), timed %d; want 3 errors", res.Errors, res.FirstErr, len(res.Durations))
	}
	res, _ = c.Load(ctx, Plan{Paths: []string{"/item/{id}"}, N: 5, IDs: [2]int64{1, 9}})
	if res.Errors != 0 || len(res.Durations) != 5 {
		t.Errorf("errors = %d, timed %d; want 0 and 5", res.Errors, len(res.Durations))
	}
	// A duration bound stops a run without a count.
	res, _ = c.Load(ctx, Plan{Paths: []string{"/item/1"}, Duration: 50 * time.Millisecond})
	if len(res.Durations) == 0 || res.Elapsed > 2*time.Second {
		t.Errorf("duration-bound run timed %d requests in %v", len(res.Durations), res.Elapsed)
	}
}

// A fake registry: a registrar signs in, makes a token, lists its zone's
// enterprises and registered contracts; the writes draft, attach, submit,
// register and amend with the token.
func TestWrites(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	count := func(k string) { mu.Lock(); seen[k]++; mu.Unlock() }
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/session", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ Username, Password string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b.Password != "pw" || (b.Username != "national" && b.Username != "a-registrar") {
			http.Error(w, `{}`, http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"token":"s-` + b.Username + `"}`))
	})
	mux.HandleFunc("GET /api/v1/zones", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"items":[{"slug":"a"},{"slug":"b"}]}`)) // b has no registrar
	})
	mux.HandleFunc("POST /api/v1/tokens", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ Areas []string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		if len(b.Areas) != 1 || b.Areas[0] != "contracts" {
			t.Errorf("token areas %v", b.Areas)
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":5,"token":"tok"}`))
	})
	mux.HandleFunc("DELETE /api/v1/tokens/5", func(w http.ResponseWriter, r *http.Request) { count("revoke") })
	mux.HandleFunc("GET /api/v1/enterprises", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"items":[{"id":7}]}`))
	})
	withToken := func(name string, status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer tok" {
				t.Errorf("%s without the API token", name)
			}
			count(name)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	mux.HandleFunc("GET /api/v1/contracts", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"items":[{"id":3}]}`))
	})
	mux.HandleFunc("POST /api/v1/contracts", func(w http.ResponseWriter, r *http.Request) {
		var b map[string]any
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b["seller_id"] != float64(7) {
			t.Errorf("seller_id = %v", b["seller_id"])
		}
		withToken("create", http.StatusCreated, `{"id":9}`)(w, r)
	})
	mux.HandleFunc("POST /api/v1/contracts/9/attachments", withToken("attach", http.StatusCreated, `{}`))
	mux.HandleFunc("POST /api/v1/contracts/9/submit", withToken("submit", 200, `{}`))
	mux.HandleFunc("POST /api/v1/contracts/9/register", withToken("register", 200, `{}`))
	mux.HandleFunc("GET /api/v1/contracts/3", withToken("read", 200, `{"version":2,"contract_amount_fen":100}`))
	mux.HandleFunc("POST /api/v1/contracts/3/amend", withToken("amend", 200, `{}`))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	reader, err := Login(ctx, srv.URL, "national", "pw")
	if err != nil {
		t.Fatal(err)
	}
	zones, err := PrepareWrites(ctx, reader, "pw", 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) != 1 || zones[0].Slug != "a" || len(zones[0].Sellers) != 1 || len(zones[0].Registered) != 1 {
		t.Fatalf("zones = %+v", zones)
	}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan WriteResult)
	go func() {
		res, err := RunWrites(wctx, WritePlan{Zones: zones, Rate: 200, AmendShare: 0.5, Seed: 1})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	// Run until both kinds of write have happened (bounded by the test's timeout).
	for {
		mu.Lock()
		n := min(seen["register"], seen["amend"])
		mu.Unlock()
		if n >= 3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	res := <-done
	zones[0].Close(ctx)
	if res.Errors != 0 || len(res.Registrations) < 3 || len(res.Amendments) < 3 {
		t.Errorf("writes: %d registrations, %d amendments, %d errors (%v)", len(res.Registrations), len(res.Amendments), res.Errors, res.FirstErr)
	}
	mu.Lock()
	defer mu.Unlock()
	// Every registration ran its four steps, every amendment read first.
	for _, k := range []string{"create", "attach", "submit"} {
		if seen[k] != seen["register"] {
			t.Errorf("%s %d times, register %d", k, seen[k], seen["register"])
		}
	}
	if seen["read"] != seen["amend"] || seen["revoke"] != 1 {
		t.Errorf("read %d, amend %d, revoke %d", seen["read"], seen["amend"], seen["revoke"])
	}
}
