package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/store"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, io.Discard)
	return out.String(), err
}

// serve starts "innopark serve" and returns its address and a stop function
// that waits for the graceful shutdown.
func serve(t *testing.T, args ...string) (string, string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var banner strings.Builder
	addrRe := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)`)
	addr := ""
	deadline := time.After(20 * time.Second)
	lines := make(chan string)
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for addr == "" || !strings.Contains(banner.String(), "Press Ctrl+C to stop.") {
		select {
		case l, ok := <-lines:
			if !ok {
				cancel()
				t.Fatalf("serve exited: %v; output %s", <-done, banner.String())
			}
			banner.WriteString(l + "\n")
			if m := addrRe.FindStringSubmatch(l); m != nil {
				addr = m[1]
			}
		case <-deadline:
			cancel()
			t.Fatalf("serve did not start; output %s", banner.String())
		}
	}
	go func() {
		for range lines {
		}
	}()
	return addr, banner.String(), func() error { cancel(); return <-done }
}

func TestServeDemoAndRestart(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "sub", "innopark.db")
	t.Setenv("INNOPARK_DEMO_PASSWORD", "demo-password-42")
	addr, banner, stop := serve(t, "--db", db, "--demo")
	for _, want := range []string{"demo-password-42", "yulin-registrar", "zibo-ent", "national"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	resp, err := http.Post("http://"+addr+"/api/v1/session", "application/json", strings.NewReader(`{"username":"yulin-admin","password":"demo-password-42"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("demo sign-in = %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
	// Again on the same database: starts, keeps the data.
	_, banner, stop = serve(t, "--db", db, "--demo")
	if !strings.Contains(banner, "serving on") {
		t.Errorf("restart banner: %s", banner)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "audit", "verify", "--db", db)
	if err != nil || !strings.Contains(out, "intact") {
		t.Errorf("audit verify = %q %v", out, err)
	}
}

func TestDemoRefusesOtherData(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "x.db")
	if _, err := runCmd(t, "", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "national-password\n", "user", "add", "--username", "root1", "--role", "national", "--db", db); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "other data") {
		t.Fatalf("demo on a used database = %v, want refusal", err)
	}
}

func TestAdminCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db := "sqlite:" + path
	out, err := runCmd(t, "", "migrate", "up", "--db", db)
	if err != nil || !strings.Contains(out, "applied 0001_foundation") {
		t.Fatalf("migrate = %q %v", out, err)
	}
	out, _ = runCmd(t, "", "migrate", "status", "--db", db)
	if !strings.Contains(out, "0001_foundation") || strings.Contains(out, "pending") {
		t.Errorf("status = %q", out)
	}
	if _, err := runCmd(t, "short\n", "user", "add", "--username", "boss", "--role", "national", "--db", db); err == nil || !strings.Contains(err.Error(), "密码至少10位") {
		t.Errorf("short password = %v, want the field message", err)
	}
	if _, err := runCmd(t, "long-enough-password\n", "user", "add", "--username", "boss", "--role", "national", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _ = runCmd(t, "", "user", "list", "--db", db)
	if !strings.Contains(out, "boss") || !strings.Contains(out, "active") {
		t.Errorf("list = %q", out)
	}
	if _, err := runCmd(t, "another-long-password\n", "user", "passwd", "--username", "boss", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", "user", "disable", "--username", "boss", "--db", db); err != nil {
		t.Errorf("disable: %v", err)
	}
	if out, _ := runCmd(t, "", "user", "list", "--db", db); !strings.Contains(out, "disabled") {
		t.Errorf("after disable, list = %q", out)
	}
	out, err = runCmd(t, "", "audit", "verify", "--db", db)
	if err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("verify = %q %v", out, err)
	}
	// Tamper with the log behind the application's back.
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Transact(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE audit_log SET actor_name = 'someone' WHERE seq = 1")
		return err
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "audit", "verify", "--db", db)
	if err == nil || !strings.Contains(out, "record 1 was changed") {
		t.Errorf("verify after tampering = %q %v", out, err)
	}
	if _, err := runCmd(t, "", "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
	out, _ = runCmd(t, "", "version")
	if !strings.HasPrefix(out, "innopark ") {
		t.Errorf("version = %q", out)
	}
	_ = os.Remove(path)
}

// serve reads the operator's 2026 rule settings and refuses a bad file
// before opening anything, naming the field.
func TestContractRulesFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "rules.json")
	if err := os.WriteFile(good, []byte(`{"deadline_workdays": 20, "expert_deadline_workdays": 35}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := app.Defaults()
	if err := loadContractRules(&cfg, good); err != nil {
		t.Fatal(err)
	}
	if cfg.Contracts.DeadlineWorkdays != 20 || cfg.Contracts.ExpertDeadlineWorkdays != 35 ||
		cfg.Contracts.ExpertThresholdFen != app.Defaults().Contracts.ExpertThresholdFen {
		t.Errorf("settings %+v", cfg.Contracts)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"deadline_workdays": 0}`), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "never.db")
	_, err := runCmd(t, "", "serve", "--db", "sqlite:"+db, "--contract-rules", bad)
	if err == nil || !strings.Contains(err.Error(), "deadline_workdays") {
		t.Errorf("bad rules: err %v, want deadline_workdays named", err)
	}
	if _, statErr := os.Stat(db); !os.IsNotExist(statErr) {
		t.Errorf("a database was created despite bad rules: %v", statErr)
	}
	if _, err := runCmd(t, "", "serve", "--db", "sqlite:"+db, "--contract-rules", filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing rules file was accepted")
	}
	// import and export judge contracts by the same file, from the
	// environment, as every node must.
	t.Setenv("INNOPARK_CONTRACT_RULES", bad)
	_, err = runCmd(t, "", "export", "contracts", "--db", "sqlite:"+db, "--out", filepath.Join(dir, "x.csv"))
	if err == nil || !strings.Contains(err.Error(), "deadline_workdays") {
		t.Errorf("export with bad rules: err %v, want deadline_workdays named", err)
	}
}

// --metrics-addr serves the metrics on a listener of their own, without a
// token, and takes them off the main one.
func TestMetricsAddr(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	_, banner, stop := serve(t, "--db", db, "--metrics-addr", "127.0.0.1:0")
	defer stop()
	m := regexp.MustCompile(`metrics on (http://\S+/metrics)`).FindStringSubmatch(banner)
	main := regexp.MustCompile(`serving on (http://\S+)`).FindStringSubmatch(banner)
	if m == nil || main == nil {
		t.Fatalf("banner names no addresses:\n%s", banner)
	}
	for url, want := range map[string]int{m[1]: 200, main[1] + "/metrics": 404} {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s = %d, want %d", url, resp.StatusCode, want)
		}
	}
}

// Someone with write access can change a record and recompute every hash
// after it: the chain alone then verifies. A head kept elsewhere (the
// server logs it) catches that.
func TestAuditHeadCatchesRecomputedChain(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "a.db")
	for _, u := range []string{"boss", "clerk"} {
		if _, err := runCmd(t, "long-enough-secret\n", "user", "add", "--username", u, "--role", "national", "--db", db); err != nil {
			t.Fatal(err)
		}
	}
	head, err := runCmd(t, "", "audit", "head", "--db", db)
	head = strings.TrimSpace(head)
	if err != nil || !strings.HasPrefix(head, "2:") {
		t.Fatalf("audit head = %q %v", head, err)
	}
	if out, err := runCmd(t, "", "audit", "verify", "--db", db, "--head", head); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("verify with the head = %q %v", out, err)
	}
	// Rewrite record 1 and recompute the chain from it.
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = s.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1"); err != nil {
			return err
		}
		prev := audit.Genesis
		for seq := int64(1); seq <= 2; seq++ {
			var r audit.Record
			var at string
			var actor sql.NullInt64
			var zone sql.NullInt64
			var before, after string
			if err := tx.QueryRow(ctx, "SELECT seq, at, actor_id, actor_name, action, entity, entity_id, zone_id, before_json, after_json FROM audit_log WHERE seq = ?", seq).
				Scan(&r.Seq, &at, &actor, &r.ActorName, &r.Action, &r.Entity, &r.EntityID, &zone, &before, &after); err != nil {
				return err
			}
			r.At, _ = time.Parse("2006-01-02T15:04:05.000000Z", at)
			r.ActorID, r.ZoneID, r.PrevHash = actor.Int64, zone.Int64, prev
			if before != "" {
				r.Before = json.RawMessage(before)
			}
			if after != "" {
				r.After = json.RawMessage(after)
			}
			r.Hash = audit.ComputeHash(r)
			if _, err := tx.Exec(ctx, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", r.PrevHash, r.Hash, seq); err != nil {
				return err
			}
			prev = r.Hash
		}
		return nil
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, "", "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("the recomputed chain alone = %q %v; the test's rewrite is wrong", out, err)
	}
	out, err := runCmd(t, "", "audit", "verify", "--db", db, "--head", head)
	if err == nil || !strings.Contains(out, "no longer holds the head") {
		t.Errorf("verify --head after a recomputed chain = %q %v, want the head missing", out, err)
	}
	if _, err := runCmd(t, "", "audit", "verify", "--db", db, "--head", "nonsense"); err == nil {
		t.Error("a malformed head accepted")
	}
}

// TestBackupRestoreCommands: backup of a served database, a change, restore
// from the backup: the change is gone, the chain verifies with its key, and
// a keyed chain does not verify without the key.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "audit.key")
	if err := os.WriteFile(key, []byte("k2VJ1m0pQ3xYz8aW4rT6uI9oP2sD5fG7hJ0lK3zX\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("INNOPARK_AUDIT_KEY_FILE", key)
	db := "sqlite:" + filepath.Join(dir, "a.db")
	if _, err := runCmd(t, "long-enough-secret\n", "user", "add", "--username", "boss", "--role", "national", "--db", db); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "b", "backup.db")
	out, err := runCmd(t, "", "backup", "--db", db, "--out", backup)
	if err != nil || !strings.Contains(out, "users") {
		t.Fatalf("backup = %q %v", out, err)
	}
	if _, err := runCmd(t, "long-enough-secret\n", "user", "add", "--username", "later", "--role", "national", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "restore", "--db", db, "--from", backup)
	if err != nil || !strings.Contains(out, "audit chain verified") {
		t.Fatalf("restore = %q %v", out, err)
	}
	out, err = runCmd(t, "", "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "boss") || strings.Contains(out, "later") {
		t.Errorf("users after restore = %q %v", out, err)
	}
	out, err = runCmd(t, "", "audit", "verify", "--db", db, "--keyed-from", "1")
	if err != nil || !strings.Contains(out, "1 keyed") {
		t.Errorf("verify with the key = %q %v", out, err)
	}
	t.Setenv("INNOPARK_AUDIT_KEY_FILE", "")
	out, err = runCmd(t, "", "audit", "verify", "--db", db)
	if err == nil || !strings.Contains(out, "--audit-key-file") {
		t.Errorf("verify without the key = %q %v", out, err)
	}
	if _, err := runCmd(t, "", "restore", "--db", db, "--from", backup); err == nil {
		t.Error("restore of a keyed backup without the key")
	}
	if _, err := runCmd(t, "", "restore", "--db", db); err == nil {
		t.Error("restore without --from")
	}
}
