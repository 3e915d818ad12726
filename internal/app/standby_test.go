package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/store"
)

// replicaEnv names a physical standby of the test PostgreSQL server
// (.ci/standby.sh starts one and prints its URL; .ci/run sets it).
const replicaEnv = "INNOPARK_TEST_PG_REPLICA"

// TestStandbyReplica runs two app nodes on one PostgreSQL primary with a
// real streaming standby (pg_basebackup -R) as their read replica, and
// stops the standby's replay to make its lag visible:
//   - writes go to the primary (the standby refuses them);
//   - lists and dashboards go to the standby: another user does not see a
//     write the standby has not replayed;
//   - a user reads their own write at once, on the other node too (the
//     position travels in the session row);
//   - the figure cache stays right across nodes: a node that hears of a
//     change before its standby has replayed it does not keep the stale
//     figure it computed meanwhile.
func TestStandbyReplica(t *testing.T) {
	standby := os.Getenv(replicaEnv)
	if standby == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs a standby: set %s (.ci/standby.sh)", replicaEnv)
		}
		t.Skipf("no standby: set %s (.ci/standby.sh starts one)", replicaEnv)
	}
	ctx := context.Background()
	env := apptest.Start(t, "postgres")
	primaryURL := env.URL()

	// The standby holds every database of the cluster: the test's is the
	// same name on the standby's address.
	pu, err := url.Parse(primaryURL)
	if err != nil {
		t.Fatal(err)
	}
	su, err := url.Parse(standby)
	if err != nil {
		t.Fatal(err)
	}
	ru := *pu
	ru.Host = su.Host
	replicaURL := ru.String()
	rep, err := sql.Open("pgx", replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rep.Close() })
	var inRecovery bool
	if err := waitFor(t, func() error { return rep.QueryRowContext(ctx, "SELECT pg_is_in_recovery()").Scan(&inRecovery) }); err != nil {
		t.Fatalf("the standby has not got the test's database: %v", err)
	}
	if !inRecovery {
		t.Fatalf("%s is not a standby", standby)
	}
	if _, err := rep.ExecContext(ctx, "CREATE TABLE nope (x int)"); err == nil {
		t.Fatal("the standby took a write")
	}

	// Two nodes, each its own pool on the primary and on the standby.
	node := func() string {
		db, err := store.Open(ctx, primaryURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		cfg := apptest.Config(env.Now)
		cfg.DB, cfg.Replicas = primaryURL, []string{replicaURL}
		a, err := app.Open(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = a.Shutdown(context.Background()) })
		if db.Replicas() != 1 {
			t.Fatalf("node has %d replicas", db.Replicas())
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(srv.Close)
		return srv.URL
	}
	nodeA, nodeB := node(), node()

	caughtUp := func(what string) {
		t.Helper()
		began := time.Now()
		defer func() { t.Logf("the standby replayed %s in %s", what, time.Since(began).Round(time.Millisecond)) }()
		var lsn string
		if err := env.DB.Read().QueryRow(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&lsn); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(t, func() error {
			var ok bool
			if err := rep.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", lsn).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return errBehind
			}
			return nil
		}); err != nil {
			t.Fatalf("the standby did not replay %s: %v", lsn, err)
		}
	}
	pause := func() {
		t.Helper()
		if _, err := rep.ExecContext(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
			t.Fatal(err)
		}
	}
	resume := func() {
		if _, err := rep.ExecContext(context.Background(), "SELECT pg_wal_replay_resume()"); err != nil {
			t.Error(err)
		}
	}
	t.Cleanup(resume) // before the database is dropped

	writer := loginAt(t, nodeA, "zibo-admin")
	other := loginAt(t, nodeB, "zibo-city")
	national := loginAt(t, nodeB, "national")
	const figure = "/api/v1/indicators/stat.employees?zone=zibo&from=2023-12&to=2023-12"
	const stats = "/api/v1/zones/zibo/statistics?year=2023&limit=200"
	const marker = 424242
	caughtUp("the demo and the sign-ins")
	before := figureValue(t, nodeB, national, figure) // cached on node B
	if v := figureValue(t, nodeB, national, figure); v != before {
		t.Fatalf("figure moved by itself: %v then %v", before, v)
	}

	pause()
	status, body := call(t, nodeA, writer, "POST", "/api/v1/zones/zibo/statistics",
		map[string]any{"indicator": "stat.employees", "from": "2023-12", "to": "2023-12", "value": marker})
	if status != http.StatusCreated {
		t.Fatalf("enter a statistic: %d %s", status, body)
	}
	// The writer, on the other node, reads the write (primary, pinned by
	// the session's position).
	if _, b := call(t, nodeB, writer, "GET", stats, nil); !bytes.Contains(b, []byte("424242")) {
		t.Errorf("the writer does not read their own write on the other node: %s", b)
	}
	if _, b := call(t, nodeA, writer, "GET", stats, nil); !bytes.Contains(b, []byte("424242")) {
		t.Errorf("the writer does not read their own write on their node: %s", b)
	}
	if v := figureValue(t, nodeB, writer, figure); v != marker {
		t.Errorf("the writer's figure on the other node = %v, want %d", v, marker)
	}
	// Anyone else reads the standby, which has not replayed it.
	if _, b := call(t, nodeB, other, "GET", stats, nil); bytes.Contains(b, []byte("424242")) {
		t.Errorf("another user's list saw a write the standby has not replayed: not read from the standby")
	}
	if v := figureValue(t, nodeB, national, figure); v != before {
		t.Errorf("the national figure while the standby lags = %v, want the standby's %v", v, before)
	}

	resume()
	caughtUp("the paused write")
	if v := figureValue(t, nodeB, national, figure); v != marker {
		t.Errorf("after the standby caught up, node B's figure = %v, want %d (a stale figure was cached)", v, marker)
	}
	if v := figureValue(t, nodeA, national, figure); v != marker {
		t.Errorf("after the standby caught up, node A's figure = %v, want %d", v, marker)
	}
	if _, b := call(t, nodeB, other, "GET", stats, nil); !bytes.Contains(b, []byte("424242")) {
		t.Errorf("after the standby caught up, another user's list lacks the write")
	}
}

var errBehind = &behindError{}

type behindError struct{}

func (*behindError) Error() string { return "behind" }

// waitFor retries f for up to 30 s (the standby replays on its own time;
// the wait bounds a failure, it does not measure anything).
func waitFor(t *testing.T, f func() error) error {
	t.Helper()
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = f(); err == nil {
			return nil
		}
	}
	return err
}

// call sends a request with a session token to a node.
func call(t *testing.T, base, token, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// figureValue is a figure's value (0 when it has none).
func figureValue(t *testing.T, base, token, path string) float64 {
	t.Helper()
	status, b := call(t, base, token, "GET", path, nil)
	var fig struct {
		Value *float64 `json:"value"`
	}
	if status != http.StatusOK || json.Unmarshal(b, &fig) != nil {
		t.Fatalf("%s: %d %s", path, status, strings.TrimSpace(string(b)))
	}
	if fig.Value == nil {
		return 0
	}
	return *fig.Value
}
