package store

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/access"
)

// ScopedIDs returns, in id order, the ids of table's rows that the actor's
// scope condition keeps: scope(a, zoneCol, entCol), or areaScope(a,
// zoneCol) when areas is set. For tests of the scope SQL itself.
func ScopedIDs(ctx context.Context, db *DB, a access.Actor, table, zoneCol, entCol string, areas bool) ([]int64, error) {
	cond, args := scope(a, zoneCol, entCol)
	if areas {
		cond, args = areaScope(a, zoneCol)
	}
	rows, err := db.Read().Query(ctx, "SELECT id FROM "+table+" WHERE "+cond+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("scoped %s: %w", table, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scoped %s: %w", table, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
