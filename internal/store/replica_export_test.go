package store

import "context"

// SetReplicaPosition replaces how the replicas' replayed WAL position is
// read, to play a lagging standby in tests.
func SetReplicaPosition(db *DB, f func() uint64) {
	db.reps.position = func(context.Context, *replica) (uint64, error) { return f(), nil }
}

// MarkFigures marks tx as changing figure data (changes.go).
func MarkFigures(tx *Tx) { tx.markFigures() }
