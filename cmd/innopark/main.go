// Command innopark is the operating platform for high-tech zones and
// innovation parks: one binary that serves the web UI and the JSON API and
// carries the operator's commands. main only parses flags and wires.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `innopark — operating platform for high-tech zones

Usage:
  innopark serve [--addr 127.0.0.1:8080] [--db URL] [--db-replica URL]… [--audit-key-file FILE] [--demo]
  innopark migrate [up|status] [--db URL]
  innopark user add --username NAME --role ROLE [--zone SLUG] [--region CODE] [--enterprise ID] [--db URL]
  innopark user list [--db URL]
  innopark user passwd --username NAME [--db URL]
  innopark user disable --username NAME [--db URL]
  innopark audit verify [--head SEQ:HASH]… [--audit-key-file FILE]… [--keyed-from SEQ] [--db URL]
  innopark backup --out FILE [--db URL]
  innopark restore --from FILE [--audit-key-file FILE]… [--db URL]
  innopark migrate-data --from sqlite:PATH --to postgres://… [--audit-key-file FILE]…
  innopark rollup rebuild [--check] [--db URL]
  innopark gen --contracts N [--enterprises 200000] [--areas 300] [--years 5] [--seed 1] [--db URL]
  innopark import contracts FILE --zone SLUG [--sheet NAME] [--skip-bad] [--report PATH] [--db URL]
  innopark export contracts --format xlsx|csv [--zone SLUG] [--status S] [--type T] [--field F]
                            [--from DATE] [--to DATE] [--q TEXT] [--out FILE] [--db URL] > FILE
  innopark version

The database URL is sqlite:PATH (default sqlite:./data/innopark.db) or
postgres://…; INNOPARK_DB and INNOPARK_ADDR set the defaults. See
docs/operations.md for backups, moving to PostgreSQL, upgrades and replicas. Passwords for
"user add" and "user passwd" are read from INNOPARK_PASSWORD or standard input.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "innopark: %v\n\n%s", err, usage)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "innopark: %v\n", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"no command"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout)
	case "user":
		return cmdUser(ctx, rest, stdin, stdout)
	case "audit":
		return cmdAudit(ctx, rest, stdout)
	case "backup":
		return cmdBackup(ctx, rest, stdout)
	case "restore":
		return cmdRestore(ctx, rest, stdout)
	case "migrate-data":
		return cmdMigrateData(ctx, rest, stdout)
	case "rollup":
		return cmdRollup(ctx, rest, stdout, stderr)
	case "gen":
		return cmdGen(ctx, rest, stdout, stderr)
	case "import":
		return cmdImport(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "innopark", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}
