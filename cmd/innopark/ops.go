package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/innopark/innopark/internal/store"
)

// minAuditKey is the shortest audit key accepted, in bytes.
const minAuditKey = 32

// keyFiles collects repeated --audit-key-file flags; INNOPARK_AUDIT_KEY_FILE
// (comma-separated) gives the default.
type keyFiles []string

func (k *keyFiles) String() string { return strings.Join(*k, ",") }
func (k *keyFiles) Set(s string) error {
	*k = append(*k, s)
	return nil
}

// auditKeyFlag declares --audit-key-file on fs.
func auditKeyFlag(fs *flag.FlagSet) *keyFiles {
	var k keyFiles
	fs.Var(&k, "audit-key-file", "file holding the audit key (≥ 32 bytes, kept outside the database): the first keys new audit records (HMAC), every one given verifies the chain (repeat for earlier keys after a rotation); default INNOPARK_AUDIT_KEY_FILE")
	return &k
}

// readAuditKeys reads the key files (or INNOPARK_AUDIT_KEY_FILE's).
func readAuditKeys(files keyFiles) ([][]byte, error) {
	if len(files) == 0 {
		if env := os.Getenv("INNOPARK_AUDIT_KEY_FILE"); env != "" {
			files = strings.Split(env, ",")
		}
	}
	var keys [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("audit key: %w", err)
		}
		b = bytes.TrimSpace(b)
		if len(b) < minAuditKey {
			return nil, fmt.Errorf("audit key %s: %d bytes, want at least %d (e.g. head -c 48 /dev/urandom | base64 > %s)", f, len(b), minAuditKey, f)
		}
		keys = append(keys, b)
	}
	return keys, nil
}

// auditCheck is the check a restore or a data move runs: the audit chain
// verifies (with the keys the database was given).
func auditCheck(ctx context.Context, db *store.DB) error {
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if len(v.Problems) > 0 {
		return fmt.Errorf("audit chain broken: %d problem(s), the first: %s", len(v.Problems), v.Problems[0])
	}
	return nil
}

func printCounts(w io.Writer, counts []store.TableCount) {
	var rows int64
	for _, c := range counts {
		rows += c.Rows
	}
	fmt.Fprintf(w, "%d tables, %d rows\n", len(counts), rows)
	for _, c := range counts {
		if c.Rows > 0 {
			fmt.Fprintf(w, "  %-28s %10d  %s\n", c.Table, c.Rows, c.Digest[:16])
		}
	}
}

func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbURL := dbFlag(fs)
	out := fs.String("out", "", "the backup file to write (a SQLite database; must not exist)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *out == "" {
		return usageError{"backup: --out FILE is required"}
	}
	db, err := store.Open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.Backup(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s: ", db.Engine(), *out)
	printCounts(stdout, counts)
	return nil
}

func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dbURL := dbFlag(fs)
	from := fs.String("from", "", "the backup file (written by innopark backup)")
	keys := auditKeyFlag(fs)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *from == "" {
		return usageError{"restore: --from FILE is required"}
	}
	k, err := readAuditKeys(*keys)
	if err != nil {
		return err
	}
	check := func(ctx context.Context, db *store.DB) error {
		db.AuditKeys = k
		return auditCheck(ctx, db)
	}
	counts, err := store.Restore(ctx, *from, *dbURL, check)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s (schema steps applied, audit chain verified, sign-ins ended): ", *dbURL, *from)
	printCounts(stdout, counts)
	return nil
}

func cmdMigrateData(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate-data", flag.ContinueOnError)
	from := fs.String("from", "", "the database to copy from (sqlite:PATH or postgres://…)")
	to := fs.String("to", "", "the empty database to copy into (postgres://… or sqlite:PATH)")
	keys := auditKeyFlag(fs)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *from == "" || *to == "" {
		return usageError{"migrate-data: --from URL and --to URL are required"}
	}
	k, err := readAuditKeys(*keys)
	if err != nil {
		return err
	}
	src, err := openDB(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openDB(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	src.AuditKeys, dst.AuditKeys = k, k
	if empty, err := dst.Empty(ctx); err != nil {
		return err
	} else if !empty {
		return fmt.Errorf("migrate-data: %s already holds areas or users; copy into an empty database", *to)
	}
	if err := auditCheck(ctx, src); err != nil {
		return fmt.Errorf("migrate-data: the source: %w", err)
	}
	counts, err := store.CopyAll(ctx, src, dst)
	if err != nil {
		return err
	}
	if err := auditCheck(ctx, dst); err != nil {
		return fmt.Errorf("migrate-data: after the copy: %w", err)
	}
	fmt.Fprintf(stdout, "copied %s to %s in one transaction; both sides' digests agree, audit chain verified, sign-ins ended: ", src.Engine(), dst.Engine())
	printCounts(stdout, counts)
	return nil
}

// urlList collects a repeated URL flag.
type urlList []string

func (u *urlList) String() string { return strings.Join(*u, ",") }
func (u *urlList) Set(s string) error {
	*u = append(*u, s)
	return nil
}
