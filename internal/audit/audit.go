// Package audit is the append-only, hash-chained change log. Every change
// writes a Record in the same transaction as the change; each record's hash
// covers its content and the previous record's hash, so editing or removing
// a record breaks the chain at a place Verify can name.
package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"
	"strings"
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
func ComputeHash(r Record) string { return hashWith(sha256.New(), r) }

// ComputeKeyedHash is ComputeHash keyed with a secret kept outside the
// database (HMAC-SHA256): someone who can write the database but has not
// the key cannot recompute a keyed record's hash, so a rewritten chain no
// longer verifies. The hash has the same form as an unkeyed one.
func ComputeKeyedHash(r Record, key []byte) string { return hashWith(hmac.New(sha256.New, key), r) }

func hashWith(h hash.Hash, r Record) string {
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
	case "unkeyed":
		return fmt.Sprintf("record %d is not keyed though a record before it is: written or rewritten without the audit key", p.Seq)
	case "anchor":
		return fmt.Sprintf("the chain no longer holds the head kept elsewhere (record %d): records up to it were rewritten, their hashes recomputed, or removed", p.Seq)
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
	// Keyed counts the records whose hash is keyed with one of keys; once
	// one is, every later record must be (a node or a hand without the
	// key cannot append or rewrite past it unseen).
	Keyed     int64
	keys      [][]byte
	keyedFrom int64
	// The anchor: a chain head kept outside the database (logged by the
	// server, see Head). Anyone who can write the database can rewrite
	// records and recompute every hash after them, which the chain alone
	// cannot show; the head they had before cannot be recomputed.
	anchors  []Head
	anchored []bool
}

// Head is the last record's sequence number and hash: what the server
// writes to its log, for an operator to keep elsewhere.
type Head struct {
	Seq  int64
	Hash string
}

func (h Head) String() string { return strconv.FormatInt(h.Seq, 10) + ":" + h.Hash }

// ParseHead reads "SEQ:HASH" (as Head.String writes it) or a bare HASH.
func ParseHead(s string) (Head, error) {
	var h Head
	if seq, hash, ok := strings.Cut(s, ":"); ok {
		n, err := strconv.ParseInt(seq, 10, 64)
		if err != nil || n < 1 {
			return Head{}, fmt.Errorf("audit head %q: the sequence number is not a positive number", s)
		}
		h.Seq, s = n, hash
	}
	if len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		return Head{}, fmt.Errorf("audit head %q: want SEQ:HASH or HASH, HASH 64 hex digits", s)
	}
	h.Hash = s
	return h, nil
}

// Anchor makes the verifier require a record with h's hash (at h.Seq when
// it names one) whose content still hashes to it.
func (v *Verifier) Anchor(h Head) {
	v.anchors = append(v.anchors, h)
	v.anchored = append(v.anchored, false)
}

// NewVerifier starts at the first record. keys are the audit keys records
// may be keyed with (ComputeKeyedHash): the current one and any earlier.
// Without them an unkeyed chain verifies and a keyed record reads as
// changed.
func NewVerifier(keys ...[]byte) *Verifier { return &Verifier{next: 1, prevHash: Genesis, keys: keys} }

// RequireKeyedFrom makes every record from seq on need a keyed hash: the
// sequence number the operator noted when the key was first given (1 for
// a key from the start), which catches a chain rewritten wholly unkeyed.
func (v *Verifier) RequireKeyedFrom(seq int64) { v.keyedFrom = seq }

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
	intact, keyed := ComputeHash(r) == r.Hash, false
	for _, k := range v.keys {
		if intact {
			break
		}
		intact = ComputeKeyedHash(r, k) == r.Hash
		keyed = intact
	}
	switch {
	case !intact:
		v.Problems = append(v.Problems, Problem{Seq: r.Seq, Reason: "hash"})
	case keyed:
		v.Keyed++
	case v.Keyed > 0 || v.keyedFrom > 0 && r.Seq >= v.keyedFrom:
		v.Problems = append(v.Problems, Problem{Seq: r.Seq, Reason: "unkeyed"})
	}
	for i, h := range v.anchors {
		if intact && r.Hash == h.Hash && (h.Seq == 0 || h.Seq == r.Seq) {
			v.anchored[i] = true
		}
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
	for i, h := range v.anchors {
		if !v.anchored[i] {
			v.Problems = append(v.Problems, Problem{Seq: h.Seq, Reason: "anchor"})
		}
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
