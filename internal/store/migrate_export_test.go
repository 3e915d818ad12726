package store

import "context"

// MigrateUpTo applies the pending schema steps up to version last, as a
// binary that knows no later step would: for tests of what a step does to
// rows written before it.
func (db *DB) MigrateUpTo(ctx context.Context, last int) ([]Migration, error) {
	all, err := Migrations(db.engine)
	if err != nil {
		return nil, err
	}
	return db.migrateUpTo(ctx, all, last)
}
