package store

import (
	"context"
	"fmt"
)

// MigrateThrough applies the steps up to and including version, as a node
// on the binary of that step would, to test what a later step does to the
// rows it wrote.
func MigrateThrough(ctx context.Context, db *DB, version int) error {
	_, err := db.MigrateUpTo(ctx, version)
	return err
}

// MigrateUpTo applies the pending schema steps up to version last, as a
// binary that knows no later step would: for tests of what a step does to
// rows written before it.
func (db *DB) MigrateUpTo(ctx context.Context, last int) ([]Migration, error) {
	all, err := Migrations(db.engine)
	if err != nil {
		return nil, err
	}
	if last < 1 || last > len(all) {
		return nil, fmt.Errorf("store: no step %d", last)
	}
	return db.apply(ctx, all[:last])
}
