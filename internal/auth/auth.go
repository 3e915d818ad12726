// Package auth signs people in and says who they are: users and their roles
// and scopes, password hashing (argon2id), database-backed sessions with a
// CSRF token each, API bearer tokens, and login rate limits kept in the
// database so several app nodes share them.
package auth

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// User is an account.
type User struct {
	ID           int64       `json:"id"`
	Username     string      `json:"username"`
	DisplayName  string      `json:"display_name"`
	PasswordHash string      `json:"-"`
	Role         access.Role `json:"role"`
	RegionCode   string      `json:"region_code,omitempty"`
	ZoneID       int64       `json:"zone_id,omitempty"`
	ZoneSlug     string      `json:"zone,omitempty"`
	EnterpriseID int64       `json:"enterprise_id,omitempty"`
	Lang         string      `json:"lang"`
	Disabled     bool        `json:"disabled"`
	CreatedAt    time.Time   `json:"created_at"`
	// Where the user's scope lies, for checks by other users.
	CityCode     string `json:"-"`
	ProvinceCode string `json:"-"`
}

// Actor returns the user as the access layer sees them.
func (u User) Actor() access.Actor {
	return access.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, RegionCode: u.RegionCode,
		ZoneID: u.ZoneID, EnterpriseID: u.EnterpriseID}
}

// Token is an API bearer token's record (the secret itself is shown once).
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Session is a signed-in browser or API client.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Store is what auth needs from storage.
type Store interface {
	UserByUsername(ctx context.Context, username string) (User, error)
	CreateUser(ctx context.Context, a access.Actor, u User) (int64, error)
	// ListUsers lists a page of the users the actor manages, by username
	// then id; p.Limit is a page size.
	ListUsers(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[User], error)
	UserVisible(ctx context.Context, a access.Actor, id int64) (User, error)
	SetPassword(ctx context.Context, a access.Actor, id int64, hash string) error
	SetDisabled(ctx context.Context, a access.Actor, id int64, disabled bool) error
	CreateSession(ctx context.Context, s Session) error
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (User, string, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateToken(ctx context.Context, a access.Actor, name, tokenHash string) (int64, error)
	// ListTokens lists a page of the actor's tokens, newest first.
	ListTokens(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[Token], error)
	RevokeToken(ctx context.Context, a access.Actor, id int64) error
	TokenUser(ctx context.Context, tokenHash string, now time.Time) (User, error)
	// Hit counts one event for key in a fixed window and returns the count so far.
	Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, error)
	// Hits returns the count for key in its current window and when that
	// window began.
	Hits(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error)
	ResetHits(ctx context.Context, key string) error
	// ScopeValid checks that a user's scope names a real region, zone or enterprise.
	ScopeValid(ctx context.Context, u User) (User, error)
}

// Limits for failed logins within Window.
type Limits struct {
	PerUser int
	PerAddr int
	Window  time.Duration
}

// Service signs people in.
type Service struct {
	Store      Store
	Policy     *access.Policy
	Hasher     Argon2
	Limits     Limits
	SessionTTL time.Duration
	Now        func() time.Time
}

// DefaultLimits: 10 failures per user and 50 per address in 15 minutes.
func DefaultLimits() Limits { return Limits{PerUser: 10, PerAddr: 50, Window: 15 * time.Minute} }

// LoginResult is a new session.
type LoginResult struct {
	Token string
	CSRF  string
	User  User
}

// Login checks credentials and opens a session.
func (s *Service) Login(ctx context.Context, username, password, addr string) (LoginResult, error) {
	u, err := s.Verify(ctx, username, password, addr)
	if err != nil {
		return LoginResult{}, err
	}
	now := s.Now()
	tok, csrf := NewSecret(), NewSecret()
	if err := s.Store.CreateSession(ctx, Session{TokenHash: HashSecret(tok), UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(s.SessionTTL)}); err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: tok, CSRF: csrf, User: u}, nil
}

// Verify checks a username and password. Failures are counted per username
// and per address; past a limit the answer is RateLimited whatever the
// password, so guessing cannot go on.
func (s *Service) Verify(ctx context.Context, username, password, addr string) (User, error) {
	now := s.Now()
	username = strings.ToLower(strings.TrimSpace(username))
	userKey, addrKey := "login:u:"+username, "login:a:"+addr
	for _, l := range []struct {
		key   string
		limit int
	}{{userKey, s.Limits.PerUser}, {addrKey, s.Limits.PerAddr}} {
		n, start, err := s.Store.Hits(ctx, l.key, s.Limits.Window, now)
		if err != nil {
			return User{}, err
		}
		if n >= l.limit {
			wait := max(start.Add(s.Limits.Window).Sub(now), time.Second)
			minutes := int((wait + time.Minute - 1) / time.Minute)
			return User{}, errs.E(errs.RateLimited, "auth.err.rate_limited", minutes).Retry(wait)
		}
	}
	fail := func() (User, error) {
		for _, k := range []string{userKey, addrKey} {
			if _, err := s.Store.Hit(ctx, k, s.Limits.Window, now); err != nil {
				return User{}, err
			}
		}
		return User{}, errs.E(errs.Unauthenticated, "auth.err.bad_credentials")
	}
	u, err := s.Store.UserByUsername(ctx, username)
	if errs.Is(err, errs.NotFound) {
		// Spend the same time as a real check so timing does not reveal names.
		_, _ = s.Hasher.Hash(password)
		return fail()
	}
	if err != nil {
		return User{}, err
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return User{}, err
	}
	if !ok || u.Disabled {
		return fail()
	}
	if err := s.Store.ResetHits(ctx, userKey); err != nil {
		return User{}, err
	}
	return u, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashSecret(token))
}

// Session returns the user and CSRF token of a live session.
func (s *Service) Session(ctx context.Context, token string) (User, string, error) {
	if token == "" {
		return User{}, "", errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	return s.Store.SessionUser(ctx, HashSecret(token), s.Now())
}

// Bearer returns the user of an API token.
func (s *Service) Bearer(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	return s.Store.TokenUser(ctx, HashSecret(token), s.Now())
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,39}$`)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// NewUser holds what an administrator supplies for a new account.
type NewUser struct {
	Username     string      `json:"username"`
	DisplayName  string      `json:"display_name"`
	Password     string      `json:"password"`
	Role         access.Role `json:"role"`
	RegionCode   string      `json:"region_code"`
	ZoneID       int64       `json:"zone_id"`
	EnterpriseID int64       `json:"enterprise_id"`
}

// AddUser creates an account. A zone admin may only add users to its own zone.
func (s *Service) AddUser(ctx context.Context, a access.Actor, n NewUser) (int64, error) {
	if err := s.Policy.Allow(a, access.UserManage); err != nil {
		return 0, err
	}
	var f errs.Fields
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	if !usernameRe.MatchString(n.Username) {
		f.Add("username", "auth.err.username")
	}
	checkPassword(&f, n.Password, n.Username)
	if !n.Role.Valid() {
		f.Add("role", "error.not_in_list")
	}
	if utf8.RuneCountInString(n.DisplayName) > 60 {
		f.Add("display_name", "error.too_long", 60)
	}
	if a.Role == access.ZoneAdmin {
		if !n.Role.ZoneBound() {
			f.Add("role", "auth.err.role_outside_zone")
		}
		// A zone admin adds users to its own zone; naming another is a
		// mistake to report, not to correct silently.
		if n.ZoneID != 0 && n.ZoneID != a.ZoneID {
			f.Add("zone_id", "auth.err.zone_other")
		}
		n.ZoneID = a.ZoneID
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	u := User{Username: n.Username, DisplayName: strings.TrimSpace(n.DisplayName), Role: n.Role, Lang: "zh-CN"}
	switch {
	case n.Role.RegionBound():
		u.RegionCode = n.RegionCode
	case n.Role.ZoneBound():
		u.ZoneID = n.ZoneID
		if n.Role == access.Enterprise {
			u.EnterpriseID = n.EnterpriseID
		}
	}
	u, err := s.Store.ScopeValid(ctx, u)
	if err != nil {
		return 0, err
	}
	if !a.Sees(access.Place{ZoneID: u.ZoneID, CityCode: u.CityCode, ProvinceCode: u.ProvinceCode}) && a.Role != access.National {
		return 0, errs.E(errs.Forbidden, "error.forbidden")
	}
	hash, err := s.Hasher.Hash(n.Password)
	if err != nil {
		return 0, err
	}
	u.PasswordHash = hash
	return s.Store.CreateUser(ctx, a, u)
}

// checkPassword checks a new password: long enough, not too long, and not
// the username or a password containing it (the first guess of anyone).
func checkPassword(f *errs.Fields, pw, username string) {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		f.Add("password", "auth.err.password_short", MinPasswordLen)
	case len(pw) > 256:
		f.Add("password", "error.too_long", 256)
	case username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)):
		f.Add("password", "auth.err.password_username")
	}
}

// ListUsers lists a page of the accounts the actor manages, by username.
func (s *Service) ListUsers(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[User], error) {
	if err := s.Policy.Allow(a, access.UserManage); err != nil {
		return paging.Page[User]{}, err
	}
	p.Limit = p.Size()
	return s.Store.ListUsers(ctx, a, p)
}

// SetPassword changes a user's password (their own, or one the actor manages).
func (s *Service) SetPassword(ctx context.Context, a access.Actor, id int64, pw string) error {
	username := a.Username
	if id != a.UserID {
		if err := s.Policy.Allow(a, access.UserManage); err != nil {
			return err
		}
		u, err := s.Store.UserVisible(ctx, a, id)
		if err != nil {
			return err
		}
		username = u.Username
	}
	var f errs.Fields
	checkPassword(&f, pw, username)
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, a, id, hash)
}

// SetDisabled disables or re-enables an account; its sessions and tokens stop working.
func (s *Service) SetDisabled(ctx context.Context, a access.Actor, id int64, disabled bool) error {
	if err := s.Policy.Allow(a, access.UserManage); err != nil {
		return err
	}
	if id == a.UserID {
		return errs.E(errs.Conflict, "auth.err.disable_self")
	}
	if _, err := s.Store.UserVisible(ctx, a, id); err != nil {
		return err
	}
	return s.Store.SetDisabled(ctx, a, id, disabled)
}

// CreateToken makes an API token for the actor; the secret is returned once.
func (s *Service) CreateToken(ctx context.Context, a access.Actor, name string) (int64, string, error) {
	if err := s.Policy.Allow(a, access.TokenManage); err != nil {
		return 0, "", err
	}
	name = strings.TrimSpace(name)
	var f errs.Fields
	if name == "" {
		f.Add("name", "error.required")
	} else if utf8.RuneCountInString(name) > 60 {
		f.Add("name", "error.too_long", 60)
	}
	if err := f.Err(); err != nil {
		return 0, "", err
	}
	secret := "ipk_" + NewSecret()
	id, err := s.Store.CreateToken(ctx, a, name, HashSecret(secret))
	return id, secret, err
}

// ListTokens lists a page of the actor's own tokens, newest first.
func (s *Service) ListTokens(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[Token], error) {
	if err := s.Policy.Allow(a, access.TokenManage); err != nil {
		return paging.Page[Token]{}, err
	}
	p.Limit = p.Size()
	return s.Store.ListTokens(ctx, a, p)
}

// RevokeToken revokes one of the actor's tokens.
func (s *Service) RevokeToken(ctx context.Context, a access.Actor, id int64) error {
	if err := s.Policy.Allow(a, access.TokenManage); err != nil {
		return err
	}
	return s.Store.RevokeToken(ctx, a, id)
}
