// Package audit is the append-only, hash-chained change log. Every change
// writes a Record in the same transaction as the change; each record's hash
// covers its content and the previous record's hash, so editing or removing
// a record breaks the chain at a place Verify can name.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Record is one change.
type Record struct {
	Seq       int64           `json:"seq"`
	At        time.Time       `json:"at"`
	ActorID   int64           `json:"actor_id,omitempty"`
	ActorName string          `json:"actor"`
	Action    string          `json:"action"` // create, update, delete, or a workflow verb
	Entity    string          `json:"entity"` // enterprise, user, contract, …
	EntityID  int64           `json:"entity_id"`
	ZoneID    int64           `json:"zone_id,omitempty"`
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// Genesis is the previous hash of the first record.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the hash of r given r.PrevHash. The timestamp is
// hashed at microsecond precision in UTC, the precision both engines keep.
func ComputeHash(r Record) string {
	h := sha256.New()
	w := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	w(r.PrevHash)
	w(strconv.FormatInt(r.Seq, 10))
	w(r.At.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"))
	w(strconv.FormatInt(r.ActorID, 10))
	w(r.ActorName)
	w(r.Action)
	w(r.Entity)
	w(strconv.FormatInt(r.EntityID, 10))
	w(strconv.FormatInt(r.ZoneID, 10))
	w(string(r.Before))
	w(string(r.After))
	return hex.EncodeToString(h.Sum(nil))
}

// Problem is a break in the chain.
type Problem struct {
	Seq    int64
	Reason string // "missing", "hash", "link"
}

func (p Problem) String() string {
	switch p.Reason {
	case "missing":
		return fmt.Sprintf("record %d is missing (removed)", p.Seq)
	case "link":
		return fmt.Sprintf("record %d does not link to the record before it (a record before it was changed or removed)", p.Seq)
	default:
		return fmt.Sprintf("record %d was changed after it was written (hash mismatch)", p.Seq)
	}
}

// Verifier checks records fed to it in sequence order. It keeps O(1) state so
// a log of any length streams through it.
type Verifier struct {
	next     int64
	prevHash string
	Problems []Problem
	Count    int64
}

// NewVerifier starts at the first record.
func NewVerifier() *Verifier { return &Verifier{next: 1, prevHash: Genesis} }

// Add checks the next record.
func (v *Verifier) Add(r Record) {
	v.Count++
	for v.next < r.Seq {
		v.Problems = append(v.Problems, Problem{Seq: v.next, Reason: "missing"})
		v.next++
	}
	if r.PrevHash != v.prevHash {
		v.Problems = append(v.Problems, Problem{Seq: r.Seq, Reason: "link"})
	}
	if ComputeHash(r) != r.Hash {
		v.Problems = append(v.Problems, Problem{Seq: r.Seq, Reason: "hash"})
	}
	v.prevHash = r.Hash
	v.next = r.Seq + 1
}

// Finish checks the tail: the last sequence number the log says it has
// (from a separate counter) must be the last record seen.
func (v *Verifier) Finish(lastSeq int64) {
	for v.next <= lastSeq {
		v.Problems = append(v.Problems, Problem{Seq: v.next, Reason: "missing"})
		v.next++
	}
}

// Snapshot marshals a value for Before/After.
func Snapshot(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(fmt.Sprintf("%q", err.Error()))
	}
	return b
}
