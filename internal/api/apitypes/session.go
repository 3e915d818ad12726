package apitypes

import (
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/i18n"
)

// Login is the sign-in body.
type Login struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// Session is a new session: its bearer token and CSRF token.
type Session struct {
	Token     string    `json:"token"`
	CSRFToken string    `json:"csrf_token" doc:"send as X-CSRF-Token with unsafe requests authenticated by the session cookie"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Me is the signed-in caller.
type Me struct {
	User      User   `json:"user"`
	Lang      Lang   `json:"lang"`
	CSRFToken string `json:"csrf_token,omitempty" doc:"present when signed in by the session cookie"`
}

// Lang is a language of the interface.
type Lang string

// Enum lists the languages.
func (Lang) Enum() []string { return strs(i18n.Langs) }

// Role is a user's role.
type Role string

// Enum lists the roles.
func (Role) Enum() []string { return strs(access.Roles) }

// User is an account.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	DisplayName  string    `json:"display_name"`
	Role         Role      `json:"role"`
	RegionCode   string    `json:"region_code,omitempty" doc:"GB/T 2260 code of a city or province user's region"`
	ZoneID       int64     `json:"zone_id,omitempty"`
	Zone         string    `json:"zone,omitempty" doc:"slug of the user's zone"`
	EnterpriseID int64     `json:"enterprise_id,omitempty"`
	Lang         string    `json:"lang"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// UserPatch changes a user's display name.
type UserPatch struct {
	DisplayName string `json:"display_name" doc:"what pages and certificates show; required, at most 60 characters"`
}

// NewUser is the body adding a user.
type NewUser struct {
	Username     string `json:"username"`
	DisplayName  string `json:"display_name,omitempty"`
	Password     string `json:"password"`
	Role         Role   `json:"role"`
	RegionCode   string `json:"region_code,omitempty" doc:"city and province users: GB/T 2260 six digits"`
	ZoneID       int64  `json:"zone_id,omitempty" doc:"zone users: their zone"`
	EnterpriseID int64  `json:"enterprise_id,omitempty" doc:"enterprise users: their enterprise"`
}

// Password is the body setting a password.
type Password struct {
	Password   string `json:"password"`
	KeepTokens bool   `json:"keep_tokens,omitempty" doc:"one's own password only: keep one's API tokens (by default a new password revokes them; a reset by an administrator always does)"`
}

// Token is an API token, without its secret.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	ReadOnly   bool       `json:"read_only" doc:"reads (GET) only"`
	Areas      []string   `json:"areas" doc:"the API areas (tags) it may use; empty: every area"`
}

// NewToken is the body creating an API token. Whatever its scope, a token
// never opens pages, creates tokens or users, or sets passwords.
type NewToken struct {
	Name     string   `json:"name"`
	Days     int      `json:"days,omitempty" minimum:"1" maximum:"366" doc:"lifetime in days; default 90"`
	ReadOnly bool     `json:"read_only,omitempty" doc:"reads (GET) only"`
	Areas    []string `json:"areas,omitempty" doc:"limit it to these API areas (the document's tags); absent: every area"`
}

// TokenSecret is a new token with its secret, shown this once.
type TokenSecret struct {
	ID    int64  `json:"id"`
	Token string `json:"token" doc:"the bearer token (ipk_…); not retrievable later"`
}
