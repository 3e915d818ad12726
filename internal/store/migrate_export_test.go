package store

import (
	"context"
	"fmt"
)

// MigrateThrough applies the steps up to and including version, as a node
// on the binary of that step would, to test what a later step does to the
// rows it wrote.
func MigrateThrough(ctx context.Context, db *DB, version int) error {
	all, err := Migrations(db.engine)
	if err != nil {
		return err
	}
	if version < 1 || version > len(all) {
		return fmt.Errorf("store: no step %d", version)
	}
	_, err = db.apply(ctx, all[:version])
	return err
}
