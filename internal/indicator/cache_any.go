package indicator

import "github.com/innopark/innopark/internal/access"

// Cached answers a module's own composition of figures (a module's
// dashboard) from s.Cache as the service's own answers are: kept until any
// data changes, keyed by kind and question and the reader's scope. fn's
// answer must not be modified by callers.
func Cached[T any](s *Service, a access.Actor, kind, question string, fn func() (T, error)) (T, error) {
	return cached(s, a, kind, question, depOnAll(), fn)
}

// CachedZone is Cached for an answer that reads only one zone's data
// (zone, an area id) up to the end of year: a change elsewhere leaves it
// cached.
func CachedZone[T any](s *Service, a access.Actor, kind, question string, zone int64, year int, fn func() (T, error)) (T, error) {
	return cached(s, a, kind, question, depOnZone(zone, year), fn)
}
