package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/store"
)

// templateFormat is part of every template's name: change it when what a
// migrated database holds changes other than through the schema steps (say,
// the bookkeeping Migrate itself adds), so no test copies an old template.
const templateFormat = "1"

// templateLockKey serialises building the PostgreSQL template among test
// processes (go test runs packages side by side).
const templateLockKey = 7_106_201_099

// schemaDigest names the schema every step of both engines makes: the
// templates are kept under it, so a changed or added step makes a new one.
func schemaDigest() (string, error) {
	h := sha256.New()
	io.WriteString(h, templateFormat)
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		steps, err := store.Migrations(e)
		if err != nil {
			return "", err
		}
		for _, m := range steps {
			fmt.Fprintf(h, "\x00%s\x00%d\x00%s\x00%d\x00%s", e, m.Version, m.Name, len(m.SQL), m.SQL)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// copySQLiteTemplate writes a migrated SQLite database at dst, copied from
// the template in the temporary directory (built first if missing).
func copySQLiteTemplate(dst string) error {
	digest, err := schemaDigest()
	if err != nil {
		return err
	}
	// Per user: another user's template in a shared TMPDIR is not ours to read.
	tpl := filepath.Join(os.TempDir(), fmt.Sprintf("innopark-test-template-%d-%s.db", os.Getuid(), digest))
	for attempt := 0; ; attempt++ {
		err := copyFile(tpl, dst)
		if err == nil || !errors.Is(err, fs.ErrNotExist) || attempt > 0 {
			return err
		}
		if err := buildSQLiteTemplate(tpl); err != nil {
			return err
		}
	}
}

// buildSQLiteTemplate migrates a new database and moves it to path in one
// rename, so a process copying the template never sees half of one. Two
// processes building at once each rename a whole one.
func buildSQLiteTemplate(path string) error {
	ctx := context.Background()
	f, err := os.CreateTemp(filepath.Dir(path), "innopark-test-template-*.building")
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
	}()
	db, err := store.Open(ctx, "sqlite:"+tmp)
	if err != nil {
		return err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	// One file, no write-ahead log beside it: a copy of it is the whole
	// database. Each copy is opened in WAL mode again by store.Open.
	raw, err := sql.Open("sqlite", "file:"+tmp)
	if err != nil {
		return err
	}
	if _, err := raw.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		raw.Close()
		return fmt.Errorf("leave WAL mode: %w", err)
	}
	if err := raw.Close(); err != nil {
		return err
	}
	if _, err := os.Stat(tmp + "-wal"); err == nil {
		return errors.New("a write-ahead log remains beside the template")
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// Templates of other schemas are left by earlier versions of the code.
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), fmt.Sprintf("innopark-test-template-%d-*.db", os.Getuid())))
	for _, p := range old {
		if p != path {
			os.Remove(p)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// pgTemplate returns the name of the migrated PostgreSQL template on the
// server admin connects to, building it first if missing: under a lock held
// by one process at a time, as "<name>_building", migrated, then renamed and
// marked a template that accepts no connections (a database being copied
// must have none).
func pgTemplate(ctx context.Context, conn *sql.DB, admin string) (string, error) {
	digest, err := schemaDigest()
	if err != nil {
		return "", err
	}
	name := "innopark_tpl_" + digest
	exists := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (bool, error) {
		var n int
		err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_database WHERE datname = $1", name).Scan(&n)
		return n > 0, err
	}
	if ok, err := exists(conn); err != nil || ok {
		return name, err
	}
	c, err := conn.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLockKey); err != nil {
		return "", fmt.Errorf("lock: %w", err)
	}
	defer c.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", templateLockKey)
	if ok, err := exists(c); err != nil || ok {
		return name, err
	}
	building := name + "_building"
	if _, err := c.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := c.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
		return "", err
	}
	u, err := pgURL(admin, building)
	if err != nil {
		return "", err
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		return "", err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return "", err
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	// The server ends a closed connection's backend a moment after the
	// client has gone; until then the database counts as in use.
	for i := 0; ; i++ {
		_, err = c.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name)
		if err == nil || i == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return "", err
	}
	if _, err := c.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"); err != nil {
		return "", err
	}
	// Templates of other schemas are left by earlier versions of the code;
	// one a test process is still copying stays (its DROP fails).
	rows, err := c.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'innopark\_tpl\_%' AND datname NOT LIKE $1`, name+"%")
	if err != nil {
		return "", err
	}
	var stale []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return "", err
		}
		stale = append(stale, s)
	}
	rows.Close()
	for _, s := range stale {
		q := strconv.Quote(s) // datnames here are [a-z0-9_]; quoted all the same
		if _, err := c.ExecContext(ctx, "ALTER DATABASE "+q+" WITH IS_TEMPLATE false"); err == nil {
			c.ExecContext(ctx, "DROP DATABASE "+q)
		}
	}
	return name, nil
}
