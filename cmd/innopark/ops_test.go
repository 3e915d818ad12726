package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// figures are a few sums a move must keep: contracts and their money,
// rollups, the audit chain's length and head, serials, statistics.
func figures(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, q := range map[string]string{
		"contracts":        "SELECT COUNT(*) || '/' || COALESCE(SUM(contract_amount_fen), 0) || '/' || COALESCE(SUM(tech_amount_fen), 0) FROM contracts",
		"disputed":         "SELECT COUNT(*) FROM contracts WHERE disputed",
		"rollups":          "SELECT COUNT(*) FROM rollups",
		"audit":            "SELECT COUNT(*) || '/' || MAX(seq) FROM audit_log",
		"audit head":       "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
		"serials":          "SELECT COALESCE(SUM(last_serial), 0) FROM contract_serials",
		"statistics":       "SELECT COUNT(*) FROM stat_entries",
		"first contract":   "SELECT MIN(created_at) FROM contracts",
		"enterprise dates": "SELECT COUNT(*) FROM enterprises WHERE pledge_signed",
	} {
		var s string
		if err := db.Read().QueryRow(context.Background(), q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "first contract" && len(s) > 19 {
			s = strings.ReplaceAll(s, "T", " ")[:19] // the instant, whatever each engine's text
		}
		out[name] = s
	}
	return out
}

// TestMigrateDataSQLiteToPostgres moves the demo from SQLite to an empty
// PostgreSQL database: every table's rows and digest agree, figures agree,
// the audit chain verifies there, sign-ins are ended, and the new database
// takes writes (its sequences are past the copied ids).
func TestMigrateDataSQLiteToPostgres(t *testing.T) {
	ctx := context.Background()
	src := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	sdb, err := openDB(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, sdb, "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", app.DemoSeeders()...); err != nil {
		t.Fatal(err)
	}
	want := figures(t, sdb)
	sdb.Close()
	dst := storetest.URL(t, "postgres")

	out, err := runCmd(t, "", "migrate-data", "--from", src, "--to", dst)
	if err != nil {
		t.Fatalf("migrate-data = %q %v", out, err)
	}
	for _, w := range []string{"digests agree", "audit chain verified", "contracts", "audit_log"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	t.Log(strings.SplitN(out, "\n", 3)[0])
	pdb, err := store.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer pdb.Close()
	got := figures(t, pdb)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: sqlite %q, postgres %q", k, v, got[k])
		}
	}
	a, err := pdb.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sdb, _ = store.Open(ctx, src)
	b, err := sdb.Digest(ctx)
	sdb.Close()
	if err != nil || len(a) != len(b) || len(a) < 60 {
		t.Fatalf("digests: %d and %d tables (%v)", len(a), len(b), err)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("table %s: %+v vs %+v", a[i].Table, a[i], b[i])
		}
	}
	// Writes go on: a user added after the move gets a fresh id.
	if out, err := runCmd(t, "long-enough-secret\n", "user", "add", "--username", "after-move", "--role", "national", "--db", dst); err != nil {
		t.Fatalf("user add on the moved database = %q %v", out, err)
	}
	if out, err := runCmd(t, "", "audit", "verify", "--db", dst); err != nil || !strings.Contains(out, "intact") {
		t.Errorf("audit verify after a write = %q %v", out, err)
	}
	// A second move into the now used database is refused.
	if _, err := runCmd(t, "", "migrate-data", "--from", src, "--to", dst); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("move into a used database: %v", err)
	}
}

// TestServeWithReplica: serve --db-replica signs a user in on the primary
// (the replica has no such user) and answers lists from the replica. The
// replica is a second database on the test server, which makes the routing
// visible (see store.TestReadReplicaRouting).
func TestServeWithReplica(t *testing.T) {
	primary, replica := storetest.URL(t, "postgres"), storetest.URL(t, "postgres")
	if _, err := runCmd(t, "", "migrate", "--db", replica); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "long-enough-secret\n", "user", "add", "--username", "boss", "--role", "national", "--db", primary); err != nil {
		t.Fatal(err)
	}
	addr, banner, stop := serve(t, "--db", primary, "--db-replica", replica)
	defer stop()
	if !strings.Contains(banner, "reading from 1 replica") {
		t.Errorf("banner: %s", banner)
	}
	resp, err := http.Post("http://"+addr+"/api/v1/session", "application/json", strings.NewReader(`{"username":"boss","password":"long-enough-secret"}`))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Token string `json:"token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&s)
	resp.Body.Close()
	if resp.StatusCode != 201 || s.Token == "" {
		t.Fatalf("sign-in = %d", resp.StatusCode)
	}
	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		req.Header.Set("Authorization", "Bearer "+s.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/api/v1/me"); code != 200 || !strings.Contains(body, "boss") {
		t.Errorf("me = %d %s", code, body)
	}
	// The user list comes from the replica, which has no users.
	if code, body := get("/api/v1/users"); code != 200 || strings.Contains(body, "boss") {
		t.Errorf("users = %d %s (want the replica's empty list)", code, body)
	}
	if err := runServeRefusal(t, "sqlite:"+filepath.Join(t.TempDir(), "x.db"), replica); err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Errorf("replica of SQLite: %v", err)
	}
}

func runServeRefusal(t *testing.T, db, replica string) error {
	t.Helper()
	return run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--db-replica", replica}, strings.NewReader(""), io.Discard, io.Discard)
}
