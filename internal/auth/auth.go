// Package auth signs people in and says who they are: users and their roles
// and scopes, password hashing (argon2id), database-backed sessions with a
// CSRF token each, API bearer tokens, and login rate limits kept in the
// database so several app nodes share them.
package auth

import (
	"context"
	"regexp"
	"slices"
	"strconv"
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
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	TokenScope
}

// TokenScope is what a token may do beyond what its user may: every token
// is refused the pages and the routes that manage credentials (minting
// tokens, adding users, setting passwords); a read-only token reads only;
// a token naming areas (the API's tags: "contracts", "indicators", …)
// reaches only those.
type TokenScope struct {
	ReadOnly bool     `json:"read_only"`
	Areas    []string `json:"areas,omitempty"`
}

// Token lifetimes, in days: the default and the longest.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 366
)

// NewToken is what a user asks for in a token.
type NewToken struct {
	Name  string
	Days  int // lifetime; 0 is DefaultTokenDays
	Scope TokenScope
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
	// SetPassword stores a new hash and ends the user's sessions, and
	// revokes their API tokens when endTokens is set.
	SetPassword(ctx context.Context, a access.Actor, id int64, hash string, endTokens bool) error
	SetDisabled(ctx context.Context, a access.Actor, id int64, disabled bool) error
	// SetDisplayName changes an account's display name, audited.
	SetDisplayName(ctx context.Context, a access.Actor, id int64, name string) error
	// DisplayNames maps those of usernames that have a display name to it.
	DisplayNames(ctx context.Context, usernames []string) (map[string]string, error)
	CreateSession(ctx context.Context, s Session) error
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (User, string, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateToken(ctx context.Context, a access.Actor, t Token, tokenHash string) (int64, error)
	// ListTokens lists a page of the actor's tokens, newest first.
	ListTokens(ctx context.Context, a access.Actor, p paging.Request) (paging.Page[Token], error)
	RevokeToken(ctx context.Context, a access.Actor, id int64) error
	// TokenUser returns the user of a live (unrevoked, unexpired) token and
	// the token.
	TokenUser(ctx context.Context, tokenHash string, now time.Time) (User, Token, error)
	// Attempt counts one attempt for key, atomically (so parallel attempts
	// of every node add up), before the attempt is judged: past limit
	// attempts within l.Window the key is locked, each lock twice as long
	// as the one before (up to l.MaxLock). It returns how long the key
	// stays locked: 0 when this attempt may go on.
	Attempt(ctx context.Context, key string, limit int, l Limits, now time.Time) (time.Duration, error)
	// Refund takes back one attempt of key (one that succeeded).
	Refund(ctx context.Context, key string) error
	ResetHits(ctx context.Context, key string) error
	// KnownSource reports whether the user has signed in from source;
	// RememberSource records that they did.
	KnownSource(ctx context.Context, userID int64, source string) (bool, error)
	RememberSource(ctx context.Context, userID int64, source string, now time.Time) error
	// ScopeValid checks that a user's scope names a real region, zone or enterprise.
	ScopeValid(ctx context.Context, u User) (User, error)
}

// Limits bound sign-in attempts within Window. A source is the client's
// address (see httpx.ClientAddr for proxies).
type Limits struct {
	// PerUser: attempts for one user from one source. Past it only that
	// source is locked for that user, so a stranger cannot lock a user
	// out of the places they work from.
	PerUser int
	// PerAddr: attempts from one source across users (spraying).
	PerAddr int
	// PerUserAnySource: attempts for one user from sources they have never
	// signed in from (a guess spread over many addresses). Past it new
	// sources are locked for the user; known ones keep working.
	PerUserAnySource int
	Window           time.Duration
	// MaxLock bounds the back-off: the first lock lasts Window, each next
	// one twice as long, up to MaxLock; a key quiet for MaxLock starts over.
	MaxLock time.Duration
}

// DefaultLimits: 10 attempts per user and source, 50 per source, 30 per
// user from unknown sources, in 15 minutes; locks of 15 minutes doubling up
// to a day.
func DefaultLimits() Limits {
	return Limits{PerUser: 10, PerAddr: 50, PerUserAnySource: 30, Window: 15 * time.Minute, MaxLock: 24 * time.Hour}
}

// Service signs people in.
type Service struct {
	Store      Store
	Policy     *access.Policy
	Hasher     Argon2
	Limits     Limits
	SessionTTL time.Duration
	Now        func() time.Time
	// TokenAreas are the areas of the API a token's scope may name (the
	// API's tags; app.Open sets them).
	TokenAreas []string
}

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

// Verify checks a username and password from source. Every attempt is
// counted before the password is checked, atomically in the database, so
// parallel guesses on any number of nodes cannot pass a limit: per user and
// source, per source, and per user from sources they never signed in from.
// Past a limit the answer is RateLimited whatever the password. A success
// clears the user's count for the source and takes back its attempt from
// the others, so only failures add up.
func (s *Service) Verify(ctx context.Context, username, password, source string) (User, error) {
	now := s.Now()
	username = strings.ToLower(strings.TrimSpace(username))
	u, err := s.Store.UserByUsername(ctx, username)
	found := err == nil
	if err != nil && !errs.Is(err, errs.NotFound) {
		return User{}, err
	}
	known := false
	if found {
		if known, err = s.Store.KnownSource(ctx, u.ID, source); err != nil {
			return User{}, err
		}
	}
	type limit struct {
		key string
		n   int
	}
	userSource := limit{"login:us:" + username + "|" + source, s.Limits.PerUser}
	counted := []limit{{"login:a:" + source, s.Limits.PerAddr}, userSource}
	if !known {
		counted = append(counted, limit{"login:u:" + username, s.Limits.PerUserAnySource})
	}
	for _, l := range counted {
		wait, err := s.Store.Attempt(ctx, l.key, l.n, s.Limits, now)
		if err != nil {
			return User{}, err
		}
		if wait > 0 {
			minutes := int((wait + time.Minute - 1) / time.Minute)
			return User{}, errs.E(errs.RateLimited, "auth.err.rate_limited", minutes).Retry(wait)
		}
	}
	if !found {
		// Spend the same time as a real check so timing does not reveal names.
		_, _ = s.Hasher.Hash(password)
		return User{}, errs.E(errs.Unauthenticated, "auth.err.bad_credentials")
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return User{}, err
	}
	if !ok || u.Disabled {
		return User{}, errs.E(errs.Unauthenticated, "auth.err.bad_credentials")
	}
	for _, l := range counted {
		if l == userSource {
			err = s.Store.ResetHits(ctx, l.key)
		} else {
			err = s.Store.Refund(ctx, l.key)
		}
		if err != nil {
			return User{}, err
		}
	}
	if err := s.Store.RememberSource(ctx, u.ID, source, now); err != nil {
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

// Bearer returns the user of an API token and the token (its scope).
func (s *Service) Bearer(ctx context.Context, token string) (User, Token, error) {
	if token == "" {
		return User{}, Token{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
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

// SetPassword changes a user's password (their own, or one the actor
// manages). It ends the user's sessions and revokes their API tokens: a
// token must not outlive the password it was made under. A user changing
// their own password may keep their tokens (keepTokens); a reset by
// someone else always ends them.
func (s *Service) SetPassword(ctx context.Context, a access.Actor, id int64, pw string, keepTokens bool) error {
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
	return s.Store.SetPassword(ctx, a, id, hash, !keepTokens || id != a.UserID)
}

// GetUser reads one account the actor manages.
func (s *Service) GetUser(ctx context.Context, a access.Actor, id int64) (User, error) {
	if err := s.Policy.Allow(a, access.UserManage); err != nil {
		return User{}, err
	}
	return s.Store.UserVisible(ctx, a, id)
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

// SetDisplayName changes a user's display name (the name pages, records and
// certificates show): their own, or that of an account the actor manages.
func (s *Service) SetDisplayName(ctx context.Context, a access.Actor, id int64, name string) error {
	if a.Anonymous() {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	if id != a.UserID {
		if err := s.Policy.Allow(a, access.UserManage); err != nil {
			return err
		}
		if _, err := s.Store.UserVisible(ctx, a, id); err != nil {
			return err
		}
	}
	name = strings.TrimSpace(name)
	var f errs.Fields
	switch {
	case name == "":
		f.Add("display_name", "error.required")
	case utf8.RuneCountInString(name) > 60:
		f.Add("display_name", "error.too_long", 60)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.Store.SetDisplayName(ctx, a, id, name)
}

// DisplayNames maps usernames a page shows (of those who made a record) to
// their display names; a username without one is left out.
func (s *Service) DisplayNames(ctx context.Context, usernames []string) (map[string]string, error) {
	if len(usernames) == 0 {
		return map[string]string{}, nil
	}
	return s.Store.DisplayNames(ctx, usernames)
}

// CreateToken makes an API token for the actor; the secret is returned
// once. Its areas must be among s.TokenAreas.
func (s *Service) CreateToken(ctx context.Context, a access.Actor, n NewToken) (int64, string, error) {
	if err := s.Policy.Allow(a, access.TokenManage); err != nil {
		return 0, "", err
	}
	name := strings.TrimSpace(n.Name)
	var f errs.Fields
	if name == "" {
		f.Add("name", "error.required")
	} else if utf8.RuneCountInString(name) > 60 {
		f.Add("name", "error.too_long", 60)
	}
	if n.Days == 0 {
		n.Days = DefaultTokenDays
	}
	if n.Days < 1 || n.Days > MaxTokenDays {
		f.Add("days", "auth.err.token_days", MaxTokenDays)
	}
	seen := map[string]bool{}
	for i, ar := range n.Scope.Areas {
		if !slices.Contains(s.TokenAreas, ar) || seen[ar] {
			f.Add("areas."+strconv.Itoa(i), "auth.err.token_area", strings.Join(s.TokenAreas, ", "))
		}
		seen[ar] = true
	}
	if err := f.Err(); err != nil {
		return 0, "", err
	}
	slices.Sort(n.Scope.Areas)
	now := s.Now()
	t := Token{UserID: a.UserID, Name: name, CreatedAt: now, ExpiresAt: now.AddDate(0, 0, n.Days), TokenScope: n.Scope}
	secret := "ipk_" + NewSecret()
	id, err := s.Store.CreateToken(ctx, a, t, HashSecret(secret))
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
