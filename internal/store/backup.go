package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to the file out, which
// must not exist, while the database stays in use. The copy is always a
// SQLite database file of this binary's schema, whatever the engine:
//
//   - SQLite: VACUUM INTO on a connection of its own, one read
//     transaction, so writers go on meanwhile (WAL) and the copy is the
//     database as of one commit;
//   - PostgreSQL: every table read in one REPEATABLE READ snapshot and
//     written into a new SQLite file (CopyAll), so the copy is one
//     transaction's view; the digests of both sides are compared.
//
// Open the file with `--db sqlite:FILE` to look into it (`audit verify`).
func (db *DB) Backup(ctx context.Context, out string) ([]TableCount, error) {
	if _, err := os.Stat(out); err == nil {
		return nil, fmt.Errorf("store: backup: %s exists; name a new file", out)
	}
	if dir := filepath.Dir(out); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: backup: %w", err)
		}
	}
	if db.engine == SQLite {
		path := db.SQLiteFile()
		if path == "" {
			return nil, errors.New("store: backup: the database is not a file")
		}
		c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return nil, fmt.Errorf("store: backup: %w", err)
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
			_ = os.Remove(out)
			return nil, fmt.Errorf("store: backup: %w", err)
		}
		if err := os.Chmod(out, 0o600); err != nil { // password hashes, tokens
			return nil, fmt.Errorf("store: backup: %w", err)
		}
		b, err := Open(ctx, "sqlite:"+out)
		if err != nil {
			return nil, err
		}
		defer b.Close()
		return b.Digest(ctx)
	}
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // password hashes, tokens
	if err != nil {
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	f.Close()
	b, err := Open(ctx, "sqlite:"+out)
	if err != nil {
		return nil, err
	}
	counts, err := func() ([]TableCount, error) {
		defer b.Close()
		if _, err := b.Migrate(ctx); err != nil {
			return nil, err
		}
		return CopyAll(ctx, db, b)
	}()
	if err != nil {
		removeSQLite(out)
		return nil, fmt.Errorf("store: backup: %w", err)
	}
	return counts, nil
}

// Restore replaces the database at targetURL with the backup file from
// (Backup's). The backup is first copied aside and brought to this
// binary's schema steps (a backup from a newer binary is refused), and
// check (the audit chain's verification) must pass on it before anything
// of the target is touched; check runs again on the target after.
//
// The servers using the target must be stopped: a SQLite target's file is
// replaced (its -wal and -shm removed), a PostgreSQL target's tables are
// emptied and filled in one transaction (CopyAll).
func Restore(ctx context.Context, from, targetURL string, check func(context.Context, *DB) error) ([]TableCount, error) {
	if _, err := os.Stat(from); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	target, err := Open(ctx, targetURL)
	if err != nil {
		return nil, err
	}
	engine, targetFile := target.engine, target.SQLiteFile()
	target.Close()
	if engine == SQLite && targetFile == "" {
		return nil, errors.New("store: restore: the target database is not a file")
	}
	dir := os.TempDir()
	if targetFile != "" {
		dir = filepath.Dir(targetFile)
	}
	tmp, err := os.CreateTemp(dir, ".innopark-restore-*.db")
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	tmpPath := tmp.Name()
	defer removeSQLite(tmpPath)
	if err := copyFile(tmp, from); err != nil {
		return nil, err
	}
	b, err := Open(ctx, "sqlite:"+tmpPath)
	if err != nil {
		return nil, err
	}
	prepared := func() error {
		all, err := Migrations(SQLite)
		if err != nil {
			return err
		}
		v, err := b.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		if v == 0 {
			return fmt.Errorf("store: restore: %s holds no innopark schema", from)
		}
		if v > len(all) {
			return fmt.Errorf("store: restore: the backup has schema step %04d, newer than this binary (steps up to %04d): restore it with a newer binary", v, len(all))
		}
		if _, err := b.Migrate(ctx); err != nil {
			return fmt.Errorf("store: restore: bring the backup to this binary's schema: %w", err)
		}
		// Sign-ins do not come back with a backup (nor with a copy).
		if _, err := b.w.ExecContext(ctx, "DELETE FROM sessions"); err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		if err := check(ctx, b); err != nil {
			return fmt.Errorf("store: restore: the backup fails its check, nothing was replaced: %w", err)
		}
		return nil
	}()
	if prepared != nil {
		b.Close()
		return nil, prepared
	}
	if engine == Postgres {
		defer b.Close()
		t, err := Open(ctx, targetURL)
		if err != nil {
			return nil, err
		}
		defer t.Close()
		if _, err := t.Migrate(ctx); err != nil {
			return nil, err
		}
		if _, err := CopyAll(ctx, b, t); err != nil {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
		if err := check(ctx, t); err != nil {
			return nil, fmt.Errorf("store: restore: after the copy: %w", err)
		}
		return t.Digest(ctx)
	}
	// The backup's WAL is folded in and removed by closing it.
	if err := b.Close(); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.Remove(targetFile + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := os.Rename(tmpPath, targetFile); err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	t, err := Open(ctx, targetURL)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if err := check(ctx, t); err != nil {
		return nil, fmt.Errorf("store: restore: after the replacement: %w", err)
	}
	return t.Digest(ctx)
}

// copyFile copies the file from into dst, syncs and closes dst.
func copyFile(dst *os.File, from string) error {
	src, err := os.Open(from)
	if err != nil {
		dst.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	defer src.Close()
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("store: restore: copy the backup: %w", err)
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	return dst.Close()
}

// removeSQLite removes a SQLite file and its side files.
func removeSQLite(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Remove(p)
	}
}
