// Package storetest opens throwaway databases for tests on both engines.
// PostgreSQL comes from INNOPARK_TEST_PG (default: the local server, user
// postgres, database test); each test gets a database of its own, dropped
// afterwards. When PostgreSQL cannot be reached the test skips — except
// under CI=true, where it fails: CI must never pass by skipping.
//
// A migrated database is a copy of a template migrated once (see
// template.go), not migrated anew for every test: under the race detector
// migrating takes about 2 s on SQLite and 1 s on PostgreSQL, a copy a few
// milliseconds.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/innopark/innopark/internal/store"
)

// PGAdminURL is the server tests create their databases on.
func PGAdminURL() string {
	if u := os.Getenv("INNOPARK_TEST_PG"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// Engines lists the engines a store test runs on.
var engines = []string{"sqlite", "postgres"}

// Each runs fn once per engine, on a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range engines {
		t.Run(e, func(t *testing.T) {
			db := Open(t, e)
			fn(t, db)
		})
	}
}

// Open returns a fresh, migrated database of the engine ("sqlite" or "postgres").
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	u := MigratedURL(t, engine)
	ctx := context.Background()
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	// A copy of the template has every step; Migrate then only checks so,
	// and fails if the template were behind this binary's steps.
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	if len(applied) > 0 {
		t.Fatalf("migrate %s: the template lacked %d steps", engine, len(applied))
	}
	return db
}

// URL returns the URL of a fresh, empty database of the engine; the
// database is dropped when the test ends.
func URL(t testing.TB, engine string) string {
	t.Helper()
	if engine == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	return pgDatabase(t, false)
}

// MigratedURL returns the URL of a fresh database of the engine with every
// schema step applied (a copy of the template); dropped when the test ends.
func MigratedURL(t testing.TB, engine string) string {
	t.Helper()
	if engine == "sqlite" {
		path := filepath.Join(t.TempDir(), "test.db")
		if err := copySQLiteTemplate(path); err != nil {
			t.Fatalf("sqlite template: %v", err)
		}
		return "sqlite:" + path
	}
	return pgDatabase(t, true)
}

// pgDatabase creates a database, dropped when the test ends, and returns its
// URL: a copy of the migrated template, or empty.
func pgDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	admin := PGAdminURL()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := sql.Open("pgx", admin)
	if err == nil {
		err = conn.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true but unreachable at %s: %v", admin, err)
		}
		t.Skipf("PostgreSQL unreachable at %s (set INNOPARK_TEST_PG): %v", admin, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "innopark_t_" + hex.EncodeToString(b)
	create := "CREATE DATABASE " + name
	if migrated {
		tctx, tcancel := context.WithTimeout(context.Background(), 2*time.Minute)
		tpl, err := pgTemplate(tctx, conn, admin)
		tcancel()
		if err != nil {
			conn.Close()
			t.Fatalf("postgres template: %v", err)
		}
		create += " TEMPLATE " + tpl
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		conn.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		conn.Close()
	})
	u, err := pgURL(admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// pgURL is admin's URL for the database name.
func pgURL(admin, name string) (string, error) {
	pu, err := url.Parse(admin)
	if err != nil {
		return "", fmt.Errorf("bad INNOPARK_TEST_PG: %w", err)
	}
	pu.Path = "/" + name
	// Throwaway databases need no durability: without waiting for the WAL
	// flush on every commit the suite runs several times faster.
	q := pu.Query()
	q.Set("synchronous_commit", "off")
	pu.RawQuery = q.Encode()
	return pu.String(), nil
}
