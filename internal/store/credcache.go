package store

import (
	"sync"
	"time"

	"github.com/innopark/innopark/internal/auth"
)

// credTTL is how long a node answers a session's or a token's sign-in
// from memory before reading its row again. A change made on this node
// (sign-out, revocation, a new password, a disabled account, a changed
// name or role) empties the cache at once; one made on another node
// sharing the database reaches this node within credTTL.
const credTTL = time.Second

// credCache keeps recently read sign-ins (SessionUser, TokenUser) by the
// hash of their secret, so that a busy API client or page costs a database
// read once a second instead of once a request. It is off while the DB
// has read replicas: there the row carries the session's read position
// (read_lsn), which another node may raise at any moment.
type credCache struct {
	mu  sync.Mutex
	gen uint64 // raised by every change to users, sessions or tokens
	m   map[string]credEntry
}

type credEntry struct {
	user    auth.User
	token   auth.Token // tokens: the token; sessions: zero
	csrf    string     // sessions
	expires time.Time  // the session's or token's own end
	until   time.Time  // when the entry must be read again
}

// maxCredEntries bounds the cache: past it, the next insert starts afresh.
const maxCredEntries = 10_000

// get returns the entry for key if it is still good at now, with the
// generation to hand to put after a miss.
func (c *credCache) get(key string, now time.Time) (credEntry, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if ok && now.Before(e.until) && now.Before(e.expires) {
		return e, c.gen, true
	}
	if ok {
		delete(c.m, key)
	}
	return credEntry{}, c.gen, false
}

// put keeps e unless a change happened since gen was read (the row read
// may predate it).
func (c *credCache) put(key string, gen uint64, e credEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= maxCredEntries {
		c.m = make(map[string]credEntry)
	}
	c.m[key] = e
}

// touch records a token's last use in its entry (TokenUser writes it to
// the row at most once a minute).
func (c *credCache) touch(key string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		t := at
		e.token.LastUsedAt = &t
		c.m[key] = e
	}
}

// changed forgets every entry: a user, session or token changed.
func (c *credCache) changed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}

// credsOn reports whether sign-ins may be answered from the cache.
func (db *DB) credsOn() bool { return db.reps == nil }

// credChanged is called after a committed change to users, sessions or
// tokens (and also after a failed one: it may have committed).
func (db *DB) credChanged() { db.creds.changed() }
