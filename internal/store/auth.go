package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Auth is the auth.Store.
type Auth struct{ DB *DB }

const userSelect = `SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.region_code,
	COALESCE(u.zone_id, 0), COALESCE(a.slug, ''), COALESCE(u.enterprise_id, 0), u.lang, u.disabled, u.created_at
	FROM users u LEFT JOIN areas a ON a.id = u.zone_id`

func scanUser(sc interface{ Scan(...any) error }) (auth.User, error) {
	var u auth.User
	var role string
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &role, &u.RegionCode, &u.ZoneID, &u.ZoneSlug,
		&u.EnterpriseID, &u.Lang, &u.Disabled, scanTime{&u.CreatedAt})
	u.Role = access.Role(role)
	return u, err
}

func notFoundUser(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf("entity.user")
	}
	return err
}

// UserByUsername finds an account for sign-in (unscoped).
func (s Auth) UserByUsername(ctx context.Context, username string) (auth.User, error) {
	u, err := scanUser(s.DB.Read().QueryRow(ctx, userSelect+" WHERE u.username = ?", username))
	return u, notFoundUser(err)
}

// userScope: national manages everyone; a zone admin the users of its zone.
func userScope(a access.Actor) (string, []any) {
	switch a.Role {
	case access.National:
		return "1=1", nil
	case access.ZoneAdmin:
		return "u.zone_id = ?", []any{a.ZoneID}
	}
	return "1=0", nil
}

// userSorts are the columns a list of users sorts by (indexes users_name
// and users_zone_name, migration 0009).
var userSorts = map[string]sortCol{"username": {Col: "u.username", Kind: keyText}}

// ListUsers lists a page of the users the actor manages, the newest first
// or in the order p.Sort names (userSorts), with their total if asked.
func (s Auth) ListUsers(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[auth.User], error) {
	cond, args := userScope(a)
	o := orderOf(p.Sort, userSorts)
	total, err := countIf(ctx, s.DB.Read(), p.Count, "users", "SELECT COUNT(*) FROM users u WHERE "+cond, args...)
	if err != nil {
		return paging.Page[auth.User]{}, err
	}
	if err := o.after(&cond, &args, "u", p.Cursor, "u.id"); err != nil {
		return paging.Page[auth.User]{}, err
	}
	out, err := queryAll(ctx, s.DB.Read(), scanUser, userSelect+" WHERE "+cond+o.by("u.id")+" LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[auth.User]{}, fmt.Errorf("list users: %w", err)
	}
	page := pageIn(out, p.Limit, "u", o, func(u auth.User, _ string) (string, int64) { return u.Username, u.ID })
	page.Total = total
	return page, nil
}

// UserVisible returns a user the actor manages.
func (s Auth) UserVisible(ctx context.Context, a access.Actor, id int64) (auth.User, error) {
	cond, args := userScope(a)
	u, err := scanUser(s.DB.Read().QueryRow(ctx, userSelect+" WHERE u.id = ? AND "+cond, append([]any{id}, args...)...))
	return u, notFoundUser(err)
}

// ScopeValid fills in where a new user's scope lies, or says what is wrong.
func (s Auth) ScopeValid(ctx context.Context, u auth.User) (auth.User, error) {
	var f errs.Fields
	q := s.DB.Read()
	switch {
	case u.Role.RegionBound():
		var level string
		var parent sql.NullString
		err := q.QueryRow(ctx, "SELECT level, parent_code FROM regions WHERE code = ?", u.RegionCode).Scan(&level, &parent)
		want := map[access.Role]string{access.Province: "province", access.City: "city"}[u.Role]
		if err != nil || level != want {
			f.Add("region_code", "auth.err.region")
		}
		if u.Role == access.City {
			u.CityCode, u.ProvinceCode = u.RegionCode, parent.String
		} else {
			u.ProvinceCode = u.RegionCode
		}
	case u.Role.ZoneBound():
		err := q.QueryRow(ctx, "SELECT city_code, province_code FROM areas WHERE id = ? AND kind = 'zone'", u.ZoneID).Scan(&u.CityCode, &u.ProvinceCode)
		if err != nil {
			f.Add("zone_id", "auth.err.zone")
		}
		if u.Role == access.Enterprise {
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM enterprises WHERE id = ? AND zone_id = ?", u.EnterpriseID, u.ZoneID).Scan(&n); err != nil || n != 1 {
				f.Add("enterprise_id", "auth.err.enterprise")
			}
		}
	}
	return u, f.Err()
}

// CreateUser inserts an account and audits it (without the hash).
func (s Auth) CreateUser(ctx context.Context, a access.Actor, u auth.User) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertUser(ctx, a, u)
		return err
	})
	return id, err
}

// InsertUser inserts an account within tx.
func (tx *Tx) InsertUser(ctx context.Context, a access.Actor, u auth.User) (int64, error) {
	t := tx.now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO users (username, display_name, password_hash, role, region_code, zone_id, enterprise_id, lang, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Username, u.DisplayName, u.PasswordHash, string(u.Role), u.RegionCode, nullID(u.ZoneID), nullID(u.EnterpriseID),
		u.Lang, false, ts(t), ts(t)).Scan(&id)
	if isUnique(err) {
		var f errs.Fields
		f.Add("username", "auth.err.username_taken", u.Username)
		return 0, &errs.Error{Kind: errs.Conflict, Msg: errs.M("auth.err.username_taken", u.Username), Fields: f}
	}
	if err != nil {
		return 0, fmt.Errorf("insert user: %w", err)
	}
	u.ID = id
	return id, tx.Audit(ctx, a, Change{Action: "create", Entity: "user", EntityID: id, ZoneID: u.ZoneID, After: u})
}

func (s Auth) updateUser(ctx context.Context, a access.Actor, id int64, action, set string, arg any, endTokens bool) error {
	defer s.DB.credChanged()
	return s.DB.Transact(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET "+set+" = ?, updated_at = ? WHERE id = ?", arg, ts(tx.now()), id)
		if err != nil {
			return fmt.Errorf("update user %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.NotFoundf("entity.user")
		}
		if set == "disabled" && arg == true {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		if set == "password_hash" {
			// A new password ends every other sign-in of the account.
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
		}
		if endTokens {
			if _, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", ts(tx.now()), id); err != nil {
				return fmt.Errorf("revoke tokens of user %d: %w", id, err)
			}
		}
		var zoneID int64
		_ = tx.QueryRow(ctx, "SELECT COALESCE(zone_id, 0) FROM users WHERE id = ?", id).Scan(&zoneID)
		after := map[string]any{"id": id}
		if set == "disabled" {
			after["disabled"] = arg
		}
		if endTokens {
			after["tokens_revoked"] = true
		}
		return tx.Audit(ctx, a, Change{Action: action, Entity: "user", EntityID: id, ZoneID: zoneID, After: after})
	})
}

// SetPassword stores a new hash, ending the user's sessions and, with
// endTokens, their API tokens.
func (s Auth) SetPassword(ctx context.Context, a access.Actor, id int64, hash string, endTokens bool) error {
	return s.updateUser(ctx, a, id, "password", "password_hash", hash, endTokens)
}

// SetDisabled disables or enables an account.
func (s Auth) SetDisabled(ctx context.Context, a access.Actor, id int64, disabled bool) error {
	action := "enable"
	if disabled {
		action = "disable"
	}
	return s.updateUser(ctx, a, id, action, "disabled", disabled, false)
}

// SetDisplayName changes an account's display name, audited with the
// name before and after.
func (s Auth) SetDisplayName(ctx context.Context, a access.Actor, id int64, name string) error {
	defer s.DB.credChanged()
	return s.DB.Transact(ctx, func(tx *Tx) error {
		var before string
		var zoneID int64
		err := tx.QueryRow(ctx, "SELECT display_name, COALESCE(zone_id, 0) FROM users WHERE id = ?", id).Scan(&before, &zoneID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("entity.user")
		}
		if err != nil {
			return fmt.Errorf("user %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?", name, ts(tx.now()), id); err != nil {
			return fmt.Errorf("user %d display name: %w", id, err)
		}
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "user", EntityID: id, ZoneID: zoneID,
			Before: map[string]any{"id": id, "display_name": before}, After: map[string]any{"id": id, "display_name": name}})
	})
}

// DisplayNames maps those of usernames that have a display name to it.
func (s Auth) DisplayNames(ctx context.Context, usernames []string) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(usernames); start += 500 {
		part := usernames[start:min(start+500, len(usernames))]
		args := make([]any, len(part))
		for i, u := range part {
			args[i] = u
		}
		err := queryEach(ctx, s.DB.Read(), func(r scanner) error {
			var u, n string
			if err := r.Scan(&u, &n); err != nil {
				return err
			}
			out[u] = n
			return nil
		}, "SELECT username, display_name FROM users WHERE display_name <> '' AND username IN "+placeholders(len(part)), args...)
		if err != nil {
			return nil, fmt.Errorf("display names: %w", err)
		}
	}
	return out, nil
}

// CreateSession stores a session.
func (s Auth) CreateSession(ctx context.Context, se auth.Session) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		// Sweep a few expired sessions on the way, so the table stays small without a cron.
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at < ? LIMIT 100)", ts(se.CreatedAt)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			se.TokenHash, se.UserID, se.CSRF, ts(se.CreatedAt), ts(se.ExpiresAt))
		return err
	})
}

// SessionUser returns a live session's user and CSRF token.
// With read replicas, the session's write position goes to ctx's reader
// (replica.go).
func (s Auth) SessionUser(ctx context.Context, tokenHash string, now time.Time) (auth.User, string, error) {
	key := "s" + tokenHash
	gen := uint64(0)
	if s.DB.credsOn() {
		var e credEntry
		var ok bool
		if e, gen, ok = s.DB.creds.get(key, now); ok {
			return e.user, e.csrf, nil
		}
	}
	var csrf string
	var lsn int64
	var expires time.Time
	row := s.DB.Read().QueryRow(ctx, `SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.region_code,
		COALESCE(u.zone_id, 0), COALESCE(a.slug, ''), COALESCE(u.enterprise_id, 0), u.lang, u.disabled, u.created_at, s.csrf,
		COALESCE(s.read_lsn, 0), s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN areas a ON a.id = u.zone_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = ?`, tokenHash, ts(now), false)
	var u auth.User
	var role string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &role, &u.RegionCode, &u.ZoneID, &u.ZoneSlug,
		&u.EnterpriseID, &u.Lang, &u.Disabled, scanTime{&u.CreatedAt}, &csrf, &lsn, scanTime{&expires})
	u.Role = access.Role(role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", errs.E(errs.Unauthenticated, "error.session_expired")
	}
	if err != nil {
		return u, "", fmt.Errorf("session: %w", err)
	}
	readFrom(ctx, "sessions", tokenHash, lsn)
	if s.DB.credsOn() {
		s.DB.creds.put(key, gen, credEntry{user: u, csrf: csrf, expires: expires, until: now.Add(credTTL)})
	}
	return u, csrf, nil
}

// DeleteSession ends a session.
func (s Auth) DeleteSession(ctx context.Context, tokenHash string) error {
	defer s.DB.credChanged()
	return s.DB.Transact(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
		return err
	})
}

// CreateToken stores an API token of the actor.
func (s Auth) CreateToken(ctx context.Context, a access.Actor, t auth.Token, tokenHash string) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, mode, areas)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.UserID, t.Name, tokenHash, ts(tx.now()), ts(t.ExpiresAt), tokenMode(t.ReadOnly), strings.Join(t.Areas, ",")).Scan(&id)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return tx.Audit(ctx, a, Change{Action: "create", Entity: "api_token", EntityID: id, ZoneID: a.ZoneID,
			After: map[string]any{"name": t.Name, "user_id": a.UserID, "expires_at": t.ExpiresAt, "read_only": t.ReadOnly, "areas": t.Areas}})
	})
	return id, err
}

// tokenMode is how a token's scope is stored: "read" or "write".
func tokenMode(readOnly bool) string {
	if readOnly {
		return "read"
	}
	return "write"
}

const tokenCols = "t.id, t.user_id, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, t.mode, t.areas"

func scanToken(r scanner, more ...any) (auth.Token, error) {
	var t auth.Token
	var used, revoked time.Time
	var mode, areas string
	dst := append([]any{&t.ID, &t.UserID, &t.Name, scanTime{&t.CreatedAt}, scanTime{&t.ExpiresAt}, scanTime{&used}, scanTime{&revoked}, &mode, &areas}, more...)
	if err := r.Scan(dst...); err != nil {
		return t, err
	}
	if !used.IsZero() {
		t.LastUsedAt = &used
	}
	if !revoked.IsZero() {
		t.RevokedAt = &revoked
	}
	t.ReadOnly = mode == "read"
	if areas != "" {
		t.Areas = strings.Split(areas, ",")
	}
	return t, nil
}

// ListTokens lists a page of the actor's tokens, newest first (index
// api_tokens_user_id, migration 0009).
func (s Auth) ListTokens(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[auth.Token], error) {
	cond, args := "user_id = ?", []any{a.UserID}
	total, err := countIf(ctx, s.DB.Read(), p.Count, "tokens", "SELECT COUNT(*) FROM api_tokens t WHERE "+cond, args...)
	if err != nil {
		return paging.Page[auth.Token]{}, err
	}
	if err := olderThan(&cond, &args, "t", p.Cursor, "id"); err != nil {
		return paging.Page[auth.Token]{}, err
	}
	out, err := queryAll(ctx, s.DB.Read(), func(r scanner) (auth.Token, error) { return scanToken(r) },
		"SELECT "+tokenCols+" FROM api_tokens t WHERE "+cond+" ORDER BY id DESC LIMIT ?", append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[auth.Token]{}, fmt.Errorf("list tokens: %w", err)
	}
	page := pageOf(out, p.Limit, "t", func(t auth.Token) (string, int64) { return "", t.ID })
	page.Total = total
	return page, nil
}

// RevokeToken revokes one of the actor's tokens.
func (s Auth) RevokeToken(ctx context.Context, a access.Actor, id int64) error {
	defer s.DB.credChanged()
	return s.DB.Transact(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", ts(tx.now()), id, a.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.NotFoundf("entity.api_token")
		}
		return tx.Audit(ctx, a, Change{Action: "revoke", Entity: "api_token", EntityID: id, ZoneID: a.ZoneID})
	})
}

// TokenUser returns the user of a live token (not revoked, not expired)
// and the token.
func (s Auth) TokenUser(ctx context.Context, tokenHash string, now time.Time) (auth.User, auth.Token, error) {
	key := "t" + tokenHash
	gen := uint64(0)
	var u auth.User
	var t auth.Token
	cached := false
	if s.DB.credsOn() {
		var e credEntry
		if e, gen, cached = s.DB.creds.get(key, now); cached {
			u, t = e.user, e.token
		}
	}
	if !cached {
		var lsn int64
		row := s.DB.Read().QueryRow(ctx, `SELECT `+tokenCols+`, u.id, u.username, u.display_name, u.password_hash, u.role, u.region_code,
			COALESCE(u.zone_id, 0), COALESCE(a.slug, ''), COALESCE(u.enterprise_id, 0), u.lang, u.disabled, u.created_at,
			COALESCE(t.read_lsn, 0)
			FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN areas a ON a.id = u.zone_id
			WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.disabled = ?`, tokenHash, ts(now), false)
		var role string
		var err error
		t, err = scanToken(row, &u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &role, &u.RegionCode, &u.ZoneID, &u.ZoneSlug,
			&u.EnterpriseID, &u.Lang, &u.Disabled, scanTime{&u.CreatedAt}, &lsn)
		u.Role = access.Role(role)
		if errors.Is(err, sql.ErrNoRows) {
			return u, t, errs.E(errs.Unauthenticated, "error.bad_token")
		}
		if err != nil {
			return u, t, fmt.Errorf("token: %w", err)
		}
		readFrom(ctx, "api_tokens", tokenHash, lsn)
		if s.DB.credsOn() {
			s.DB.creds.put(key, gen, credEntry{user: u, token: t, expires: t.ExpiresAt, until: now.Add(credTTL)})
		}
	}
	// Record use at most once a minute: a busy script must not turn every read into a write.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		// Bookkeeping: it does not make the caller a writer (replica.go).
		ctx := withoutReader(ctx)
		err := s.DB.Transact(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ts(now), t.ID)
			return err
		})
		if err == nil && s.DB.credsOn() {
			s.DB.creds.touch(key, now)
		}
	}
	return u, t, nil
}

// Attempt counts one attempt for key within one transaction: the upsert
// takes the row's lock on PostgreSQL (SQLite has one writer), so attempts
// of every node are counted one after another, before any is judged.
func (s Auth) Attempt(ctx context.Context, key string, limit int, l auth.Limits, now time.Time) (wait time.Duration, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 0)
			ON CONFLICT (key) DO UPDATE SET count = rate_limits.count`, key, ts(now)); err != nil {
			return fmt.Errorf("rate limit %s: %w", key, err)
		}
		var start, until time.Time
		var n, strikes int
		if err := tx.QueryRow(ctx, "SELECT window_start, count, strikes, locked_until FROM rate_limits WHERE key = ?", key).
			Scan(scanTime{&start}, &n, &strikes, scanTime{&until}); err != nil {
			return fmt.Errorf("rate limit %s: %w", key, err)
		}
		if until.After(now) {
			wait = until.Sub(now)
			return nil
		}
		if strikes > 0 && !until.After(now.Add(-l.MaxLock)) {
			strikes = 0 // quiet for a whole MaxLock: forgiven
		}
		if !start.After(now.Add(-l.Window)) {
			start, n = now, 0
		}
		n++
		if n > limit {
			strikes++
			wait = min(l.Window<<min(strikes-1, 20), l.MaxLock)
			until, start, n = now.Add(wait), now, 0
		}
		// locked_until stays after the lock ends: the back-off counts from it.
		_, err := tx.Exec(ctx, "UPDATE rate_limits SET window_start = ?, count = ?, strikes = ?, locked_until = ? WHERE key = ?",
			ts(start), n, strikes, ts(until), key)
		return err
	})
	return wait, err
}

// Refund takes back one attempt of key.
func (s Auth) Refund(ctx context.Context, key string) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, "UPDATE rate_limits SET count = count - 1 WHERE key = ? AND count > 0", key)
		return err
	})
}

// KnownSource reports whether the user has signed in from source.
func (s Auth) KnownSource(ctx context.Context, userID int64, source string) (bool, error) {
	var n int
	err := s.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM login_sources WHERE user_id = ? AND source = ?", userID, source).Scan(&n)
	return n > 0, err
}

// RememberSource records a successful sign-in of the user from source.
func (s Auth) RememberSource(ctx context.Context, userID int64, source string, now time.Time) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO login_sources (user_id, source, last_seen) VALUES (?, ?, ?)
			ON CONFLICT (user_id, source) DO UPDATE SET last_seen = excluded.last_seen`, userID, source, ts(now))
		return err
	})
}

// ResetHits clears key.
func (s Auth) ResetHits(ctx context.Context, key string) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM rate_limits WHERE key = ?", key)
		return err
	})
}
