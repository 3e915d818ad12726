// Package httpx is what the web pages and the JSON API share at the HTTP
// edge: the request's actor, language and id in its context, the one table
// mapping error kinds to status codes, and JSON error bodies.
package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
)

// Handler is an HTTP handler that returns its error for one adapter to render.
type Handler func(w http.ResponseWriter, r *http.Request) error

type ctxKey int

const (
	keyInfo ctxKey = iota
)

// Info is what middleware learns about a request.
type Info struct {
	RequestID string
	Lang      i18n.Lang
	User      auth.User   // zero when anonymous
	CSRF      string      // the session's CSRF token; "" for bearer or anonymous
	ViaCookie bool        // authenticated by session cookie (so CSRF applies)
	Token     *auth.Token // the API token the request came with; nil otherwise
	Client    string      // the client's address (ClientAddr)
	Logger    *slog.Logger
	Route     string
}

// WithInfo stores info in ctx.
func WithInfo(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, keyInfo, info)
}

// GetInfo returns the request's info (never nil).
func GetInfo(ctx context.Context) *Info {
	if i, ok := ctx.Value(keyInfo).(*Info); ok {
		return i
	}
	return &Info{Lang: i18n.ZH, Logger: slog.Default()}
}

// Actor returns who is asking.
func Actor(r *http.Request) access.Actor {
	u := GetInfo(r.Context()).User
	if u.ID == 0 {
		return access.Actor{}
	}
	return u.Actor()
}

// Status maps an error kind to its HTTP status: the one place this is decided.
func Status(err error) int {
	switch errs.KindOf(err) {
	case errs.BadRequest:
		return http.StatusBadRequest
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.RateLimited:
		return http.StatusTooManyRequests
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// ErrorHeaders sets the headers that go with err's answer: Retry-After, in
// whole seconds rounded up, when the error says how long to wait.
func ErrorHeaders(w http.ResponseWriter, err error) {
	if d := errs.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	}
}

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Fields    map[string]string `json:"fields,omitempty"`
		RequestID string            `json:"request_id,omitempty"`
	} `json:"error"`
}

// Describe turns err into what a user may see, in lang. Unknown errors say
// only that something failed, with the request id; the detail is logged.
func Describe(cat *i18n.Catalog, info *Info, err error) ErrorBody {
	var b ErrorBody
	var e *errs.Error
	if errors.As(err, &e) && e.Kind != errs.Internal {
		b.Error.Code = e.Kind.String()
		b.Error.Message = cat.Msg(info.Lang, e.Msg)
		if len(e.Fields) > 0 {
			b.Error.Fields = map[string]string{}
			for f, m := range e.Fields {
				b.Error.Fields[f] = cat.Msg(info.Lang, m)
			}
		}
		return b
	}
	b.Error.Code = "internal"
	b.Error.Message = cat.T(info.Lang, "error.internal", info.RequestID)
	b.Error.RequestID = info.RequestID
	return b
}

// StatusClientGone is the status recorded for a request whose client went
// away before its answer (the proxies' 499).
const StatusClientGone = 499

// ClientGone reports whether err only says that the client went away (it
// closed the connection or cancelled the request) before the answer was
// written: nothing failed on the server's side.
func ClientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && errors.Is(err, context.Canceled)
}

// LogError logs err at the level its kind deserves: a client that went
// away mid-request is an info line, not a server error.
func LogError(r *http.Request, err error) {
	info := GetInfo(r.Context())
	if ClientGone(r, err) {
		info.Logger.InfoContext(r.Context(), "client went away", "err", err.Error())
		return
	}
	if Status(err) >= 500 {
		info.Logger.ErrorContext(r.Context(), "request failed", "err", err.Error())
	} else {
		info.Logger.InfoContext(r.Context(), "request refused", "kind", errs.KindOf(err).String(), "err", err.Error())
	}
}

// JSON writes v with status.
func JSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// DecodeJSON reads a JSON body of at most maxBytes into v, rejecting
// unknown fields so a typo is an error rather than silently ignored: the
// error names the field. Anything after the one JSON value is refused too,
// and so is an object naming a key twice (400), and a string holding a
// control character (422 naming the field; see text.go).
func DecodeJSON(w http.ResponseWriter, r *http.Request, maxBytes int64, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		return decodeError(err)
	}
	if err := checkDuplicates(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errs.E(errs.BadRequest, "error.json_trailing")
	}
	var f errs.Fields
	checkStrings(reflect.ValueOf(v), "", false, &f)
	return f.Err()
}

// decodeError turns a decoding failure into what the client should fix.
func decodeError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errs.E(errs.TooLarge, "error.too_large")
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) && ute.Field != "" {
		var f errs.Fields
		f.Add(ute.Field, "error.wrong_type")
		return f.Err()
	}
	// encoding/json reports an unknown field only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if field, uerr := strconv.Unquote(name); uerr == nil {
			return &errs.Error{Kind: errs.BadRequest, Msg: errs.M("error.unknown_field", field),
				Fields: errs.Fields{field: errs.M("error.unknown_field", field)}, Err: err}
		}
	}
	return errs.E(errs.BadRequest, "error.bad_json").Wrap(err)
}

// Kind says how a route renders its errors.
type Kind int

const (
	API Kind = iota + 1 // JSON errors
	Web                 // HTML pages, redirects to sign-in
)

// Route is one endpoint. Every route the server serves is listed in a Route
// table, so the role matrix and the OpenAPI test can walk them all.
type Route struct {
	Method  string
	Pattern string // net/http pattern path, e.g. /api/v1/enterprises/{id}
	Kind    Kind
	Public  bool // reachable without signing in
	// MaxBody caps the request body; 0 means the server's default (2 MiB,
	// 16 MiB for multipart uploads). Routes taking big files set their own.
	MaxBody int64
	// Area is the part of the API the route belongs to (its OpenAPI tag),
	// which a token's scope may name.
	Area string
	// NoToken: an API token may not call the route (minting tokens, adding
	// users, setting passwords): a leaked token must not grow into more.
	NoToken bool
	Handler Handler
}
