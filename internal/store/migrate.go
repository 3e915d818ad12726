package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// Migration is one numbered step of the schema.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// MigrationState is a step and whether it has been applied.
type MigrationState struct {
	Migration
	Applied bool
}

// Migrations returns the embedded steps for an engine, in order.
func Migrations(e Engine) ([]Migration, error) {
	dir := "migrations/" + e.String()
	files, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, f := range files {
		base := path.Base(f)
		num, name, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
		if !ok {
			return nil, fmt.Errorf("store: migration %s: name must be NNNN_name.sql", f)
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", f, err)
		}
		b, err := fs.ReadFile(migrationFS, f)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("store: %s migrations: expected version %d, found %d", e, i+1, m.Version)
		}
	}
	return out, nil
}

const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`

// migrateLock serialises migrations of several app nodes on PostgreSQL.
const migrateLockKey = 7_106_201_001

// Migrate applies every pending step, each in its own transaction.
func (db *DB) Migrate(ctx context.Context) (applied []Migration, err error) {
	all, err := Migrations(db.engine)
	if err != nil {
		return nil, err
	}
	if applied, err = db.apply(ctx, all); err != nil {
		return applied, err
	}
	// A step this binary does not know was applied by a newer one: its
	// queries may no longer fit the schema, so it refuses to start rather
	// than fail mid-request.
	if err := db.checkNotNewer(ctx, len(all)); err != nil {
		return applied, fmt.Errorf("%w: upgrade this node's binary before starting it", err)
	}
	return applied, nil
}

// apply applies the steps of steps not yet applied, in order, each in its
// own transaction.
func (db *DB) apply(ctx context.Context, steps []Migration) (applied []Migration, err error) {
	if _, err := db.w.ExecContext(ctx, migrationsTable); err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	for _, m := range steps {
		done := false
		err := db.Transact(ctx, func(tx *Tx) error {
			if db.engine == Postgres {
				if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(?)", migrateLockKey); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("store: migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.Version, m.Name, db.now().Format("2006-01-02T15:04:05Z")); err != nil {
				return err
			}
			done = true
			return nil
		})
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m)
		}
	}
	return applied, nil
}

// checkNotNewer fails when the database holds a schema step past known.
func (db *DB) checkNotNewer(ctx context.Context, known int) error {
	var newer int
	var name string
	err := db.Read().QueryRow(ctx, "SELECT version, name FROM schema_migrations WHERE version > ? ORDER BY version DESC LIMIT 1",
		known).Scan(&newer, &name)
	if err == nil {
		return fmt.Errorf("store: the database has schema step %04d_%s, newer than this binary (steps up to %04d)", newer, name, known)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: read schema steps: %w", err)
	}
	return nil
}

// Ready reports whether this node can serve: the database answers, and no
// node has applied a schema step this binary does not know (a node left on
// the old binary during a rolling upgrade then reads as not ready, so the
// load balancer drains it, instead of failing requests if a later step
// changed something it uses). For /readyz.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return err
	}
	all, err := Migrations(db.engine)
	if err != nil {
		return err
	}
	return db.checkNotNewer(ctx, len(all))
}

// MigrationStatus lists every step and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	all, err := Migrations(db.engine)
	if err != nil {
		return nil, err
	}
	if _, err := db.w.ExecContext(ctx, migrationsTable); err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	have := map[int]bool{}
	err = queryEach(ctx, db.Read(), func(r scanner) error {
		var v int
		if err := r.Scan(&v); err != nil {
			return err
		}
		have[v] = true
		return nil
	}, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("store: applied migrations: %w", err)
	}
	out := make([]MigrationState, len(all))
	for i, m := range all {
		out[i] = MigrationState{Migration: m, Applied: have[m.Version]}
	}
	return out, nil
}
