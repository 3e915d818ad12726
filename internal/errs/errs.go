// Package errs defines the few kinds of error innopark distinguishes and the
// user-facing message (a catalog key plus arguments) each one carries. The
// mapping of kinds to HTTP status lives in one place: internal/httpx.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Kind classifies an error for the edge (HTTP status, CLI exit code).
type Kind int

const (
	Internal         Kind = iota // unknown: 500, detail only in the log
	BadRequest                   // malformed request (not JSON, wrong shape): 400
	Unauthenticated              // no or bad credentials: 401
	Forbidden                    // known user, not allowed: 403
	NotFound                     // absent or not visible to the caller: 404
	Conflict                     // duplicate, or illegal state transition: 409
	Invalid                      // well-formed but fails validation, per field: 422
	RateLimited                  // too many attempts: 429
	TooLarge                     // body or upload over its limit: 413
	MethodNotAllowed             // a known path asked with a method it does not take: 405
)

// Kinds lists every kind.
func Kinds() []Kind {
	return []Kind{Internal, BadRequest, Unauthenticated, Forbidden, NotFound, Conflict, Invalid, RateLimited, TooLarge}
}

func (k Kind) String() string {
	switch k {
	case BadRequest:
		return "bad_request"
	case Unauthenticated:
		return "unauthenticated"
	case Forbidden:
		return "forbidden"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Invalid:
		return "invalid"
	case RateLimited:
		return "rate_limited"
	case TooLarge:
		return "too_large"
	case MethodNotAllowed:
		return "method_not_allowed"
	default:
		return "internal"
	}
}

// Msg is a message to show a user: a catalog key and its arguments,
// translated at the edge (internal/i18n).
type Msg struct {
	Key  string
	Args []any
}

// M builds a Msg.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// Error is the error type the domain returns to the edge.
type Error struct {
	Kind   Kind
	Msg    Msg
	Fields map[string]Msg // per-field problems, for Invalid
	Err    error          // the cause, for logs; never shown to users
	// RetryAfter is how long a RateLimited caller should wait before trying
	// again (the edge sends it as Retry-After); 0 when unknown.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	s := e.Kind.String() + ": " + e.Msg.Key
	if len(e.Msg.Args) > 0 {
		s += fmt.Sprint(e.Msg.Args)
	}
	if len(e.Fields) > 0 {
		names := make([]string, 0, len(e.Fields))
		for f := range e.Fields {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, f := range names {
			s += " " + f + "=" + e.Fields[f].Key
		}
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error of the given kind with a user message.
func E(kind Kind, key string, args ...any) *Error {
	return &Error{Kind: kind, Msg: M(key, args...)}
}

// Wrap attaches a cause to a user-facing error.
func (e *Error) Wrap(err error) *Error { e.Err = err; return e }

// Retry says how long to wait before trying again (for RateLimited).
func (e *Error) Retry(d time.Duration) *Error { e.RetryAfter = d; return e }

// RetryAfter reports the wait err asks for, 0 when it names none.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// NotFoundf is the usual "no such X" error. entity is a catalog key such as "entity.enterprise".
func NotFoundf(entity string) *Error { return E(NotFound, "error.not_found", M(entity)) }

// KindOf reports the kind of err; errors not built here are Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Fields collects per-field validation problems. The zero value is ready to use.
type Fields map[string]Msg

// Add records a problem with field unless one is already recorded for it.
func (f *Fields) Add(field, key string, args ...any) {
	if *f == nil {
		*f = Fields{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = M(key, args...)
	}
}

// Version checks the version a change was made against (sent) with the
// one stored: sent 0 is a missing field (Invalid, "version"), another
// version a Conflict (someone changed the record meanwhile).
func Version(sent, stored int) error {
	if sent == 0 {
		return Fields{"version": M("error.required")}.Err()
	}
	if sent != stored {
		return E(Conflict, "error.stale")
	}
	return nil
}

// Merge adds the field problems of err (an Invalid *Error) to f, keeping
// those f already has; any other error adds nothing.
func (f *Fields) Merge(err error) {
	var e *Error
	if !errors.As(err, &e) {
		return
	}
	for k, v := range e.Fields {
		if !f.Has(k) {
			f.Add(k, v.Key, v.Args...)
		}
	}
}

// Has reports whether field already has a problem.
func (f Fields) Has(field string) bool { _, ok := f[field]; return ok }

// Err returns nil when no problem was recorded, else an Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Msg: M("error.invalid"), Fields: f}
}
