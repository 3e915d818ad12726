package indicator

import "github.com/innopark/innopark/internal/access"

// Cached answers a module's own composition of figures (a module's
// dashboard) from s.Cache as the service's own answers are: kept until the
// data version moves, keyed by kind and question and the reader's scope.
// fn's answer must not be modified by callers.
func Cached[T any](s *Service, a access.Actor, kind, question string, fn func() (T, error)) (T, error) {
	return cached(s, a, kind, question, fn)
}
