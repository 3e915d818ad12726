package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/paging"
)

// auditLockKey serialises appends to the chain across app nodes on PostgreSQL
// (SQLite has one writer already).
const auditLockKey = 7_106_201_002

// Change describes one change for the audit log.
type Change struct {
	Action   string
	Entity   string
	EntityID int64
	ZoneID   int64
	Before   any
	After    any
}

// Audit appends a record for change within tx. Call it in the same
// transaction as the change it describes.
func (tx *Tx) Audit(ctx context.Context, a access.Actor, c Change) error {
	if tx.Engine() == Postgres {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(?)", auditLockKey); err != nil {
			return fmt.Errorf("audit lock: %w", err)
		}
	}
	var last sql.NullInt64
	var prev sql.NullString
	err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit: read chain head: %w", err)
	}
	r := audit.Record{
		Seq:       last.Int64 + 1,
		At:        tx.now(),
		ActorID:   a.UserID,
		ActorName: a.Username,
		Action:    c.Action,
		Entity:    c.Entity,
		EntityID:  c.EntityID,
		ZoneID:    c.ZoneID,
		Before:    audit.Snapshot(c.Before),
		After:     audit.Snapshot(c.After),
		PrevHash:  audit.Genesis,
	}
	if prev.Valid {
		r.PrevHash = prev.String
	}
	if key := tx.db.auditKey(); key != nil {
		r.Hash = audit.ComputeKeyedHash(r, key)
	} else {
		r.Hash = audit.ComputeHash(r)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, zone_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, ts(r.At), nullID(r.ActorID), r.ActorName, r.Action, r.Entity, r.EntityID, nullID(r.ZoneID),
		string(r.Before), string(r.After), r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	tx.markAudited(c)
	return tx.setMeta(ctx, "audit_last_seq", strconv.FormatInt(r.Seq, 10))
}

func (tx *Tx) setMeta(ctx context.Context, key, value string) error {
	_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("store: set meta %s: %w", key, err)
	}
	return nil
}

// auditKey is the key new audit records are keyed with, nil for none.
func (db *DB) auditKey() []byte {
	if len(db.AuditKeys) == 0 {
		return nil
	}
	return db.AuditKeys[0]
}

// Meta reads a meta value; "" when unset.
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.Read().QueryRow(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

const auditCols = `seq, at, actor_id, actor_name, action, entity, entity_id, zone_id, before_json, after_json, prev_hash, hash`

func scanAudit(sc scanner) (audit.Record, error) {
	var r audit.Record
	var before, after string
	err := sc.Scan(&r.Seq, scanTime{&r.At}, scanID{&r.ActorID}, &r.ActorName, &r.Action, &r.Entity, &r.EntityID,
		scanID{&r.ZoneID}, &before, &after, &r.PrevHash, &r.Hash)
	if before != "" {
		r.Before = json.RawMessage(before)
	}
	if after != "" {
		r.After = json.RawMessage(after)
	}
	return r, err
}

// AuditHead returns the chain's last record (zero when the log is empty).
func (db *DB) AuditHead(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := db.Read().QueryRow(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return audit.Head{}, nil
	}
	return h, err
}

// VerifyAudit walks the whole chain and reports every break; with anchors
// (heads kept outside the database), a chain that no longer holds one of
// them is reported too, however consistent its hashes.
func (db *DB) VerifyAudit(ctx context.Context, anchors ...audit.Head) (*audit.Verifier, error) {
	return db.VerifyAuditFrom(ctx, 0, anchors...)
}

// VerifyAuditFrom is VerifyAudit that also requires every record from
// keyedFrom on (when > 0) to be keyed with one of AuditKeys.
func (db *DB) VerifyAuditFrom(ctx context.Context, keyedFrom int64, anchors ...audit.Head) (*audit.Verifier, error) {
	// Streamed into the verifier: the whole log is never held at once.
	v := audit.NewVerifier(db.AuditKeys...)
	if keyedFrom > 0 {
		v.RequireKeyedFrom(keyedFrom)
	}
	for _, h := range anchors {
		v.Anchor(h)
	}
	err := queryEach(ctx, db.Read(), func(sc scanner) error {
		r, err := scanAudit(sc)
		if err != nil {
			return err
		}
		v.Add(r)
		return nil
	}, "SELECT "+auditCols+" FROM audit_log ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("audit verify: %w", err)
	}
	lastS, err := db.Meta(ctx, "audit_last_seq")
	if err != nil {
		return nil, err
	}
	if lastS != "" {
		last, _ := strconv.ParseInt(lastS, 10, 64)
		v.Finish(last)
	}
	return v, nil
}

// history returns a page of an entity's records, newest first (index
// audit_entity). The caller has already checked the actor may see the
// entity.
func (db *DB) history(ctx context.Context, entity string, id int64, p paging.Request) (paging.Page[audit.Record], error) {
	cond, args := "entity = ? AND entity_id = ?", []any{entity, id}
	if err := olderThan(&cond, &args, "h", p.Cursor, "seq"); err != nil {
		return paging.Page[audit.Record]{}, err
	}
	out, err := queryAll(ctx, db.Read(), scanAudit, "SELECT "+auditCols+" FROM audit_log WHERE "+cond+" ORDER BY seq DESC LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[audit.Record]{}, fmt.Errorf("audit history: %w", err)
	}
	return pageOf(out, p.Limit, "h", func(r audit.Record) (string, int64) { return "", r.Seq }), nil
}

// SetMeta sets a meta value within tx.
func (tx *Tx) SetMeta(ctx context.Context, key, value string) error {
	return tx.setMeta(ctx, key, value)
}

// Empty reports whether the database holds no areas and no users.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.Read().QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM areas) + (SELECT COUNT(*) FROM users)").Scan(&n)
	return n == 0, err
}
