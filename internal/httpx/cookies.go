package httpx

import (
	"net/http"
	"time"

	"github.com/innopark/innopark/internal/i18n"
)

// Cookie names.
const (
	SessionCookie = "innopark_session"
	LangCookie    = "innopark_lang"
	PreCSRFCookie = "innopark_csrf" // double-submit token for forms before sign-in
)

// Cookies sets and clears innopark's cookies. Secure is set when served over
// TLS (or told so); session cookies are HttpOnly and SameSite=Lax.
type Cookies struct{ Secure bool }

// SetSession sets the session cookie.
func (c Cookies) SetSession(w http.ResponseWriter, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Secure, MaxAge: int(ttl.Seconds())})
}

// ClearSession removes the session cookie.
func (c Cookies) ClearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Secure, MaxAge: -1})
}

// SetLang remembers a language choice for a year.
func (c Cookies) SetLang(w http.ResponseWriter, l i18n.Lang) {
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: string(l), Path: "/", SameSite: http.SameSiteLaxMode,
		Secure: c.Secure, MaxAge: 365 * 24 * 3600})
}
