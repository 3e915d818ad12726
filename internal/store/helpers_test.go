package store_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/store"
)

func errsAs(err error, e **errs.Error) bool { return errors.As(err, e) }

// seedFrom is a property test's seed: env's value to replay a failure
// (ENV=<the logged seed>), else the clock's; it is logged.
func seedFrom(t *testing.T, env string) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv(env), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d", seed)
	return seed
}

// triggersInForce counts the enabled triggers on table.
func triggersInForce(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"
	if db.Engine() == store.Postgres {
		q = "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O' AND tgrelid = ?::regclass"
	}
	var n int
	if err := db.Read().QueryRow(context.Background(), q, table).Scan(&n); err != nil {
		t.Fatalf("triggers on %s: %v", table, err)
	}
	return n
}

// runGen loads a generated data set with opt through the bulk loader, as
// `innopark gen` does; the users' password hash is benchHash.
func runGen(t *testing.T, db *store.DB, opt gen.Options) {
	t.Helper()
	opt.PasswordHash = benchHash
	if _, err := gen.Run(context.Background(), db, opt); err != nil {
		t.Fatalf("gen: %v", err)
	}
}
