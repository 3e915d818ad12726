// Package apitypes holds what the JSON API under /api/v1 returns and
// accepts, apart from the domain types, as gitea's modules/structs does: a
// domain change does not change the API unnoticed, and the OpenAPI schemas
// are generated from these structs (internal/api/schema), so the document
// and the answers cannot drift. One file per area; handlers in internal/api
// convert domain values to these types.
//
// Conventions: an optional date or instant is a pointer, null when absent
// (never ""); amounts are integer fen in fields named *_fen; lists that will
// page are Page values ({items, next}), the others List values ({items}).
package apitypes

import (
	"encoding/json"

	"github.com/innopark/innopark/internal/civil"
)

// Page is one page of a list; Next, when present, is the cursor of the next.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty" doc:"cursor of the next page; absent on the last"`
}

// List is a whole list.
type List[T any] struct {
	Items []T `json:"items"`
}

// PageOf returns a page, its items never null.
func PageOf[T any](items []T, next string) Page[T] {
	if items == nil {
		items = []T{}
	}
	return Page[T]{Items: items, Next: next}
}

// ListOf returns a list, its items never null.
func ListOf[T any](items []T) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items}
}

// Map converts each element of a list.
func Map[S, T any](list []S, f func(S) T) []T {
	out := make([]T, 0, len(list))
	for _, x := range list {
		out = append(out, f(x))
	}
	return out
}

// Created is what a create answers: the new record's id.
type Created struct {
	ID int64 `json:"id"`
}

// strs lists the values of a string enumeration, for Enum methods.
func strs[S ~string](list []S) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

// Date is d, or nil (null) when unset.
func Date(d civil.Date) *civil.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

// OpenAPIDocument is the API's OpenAPI 3.1 document.
type OpenAPIDocument struct {
	OpenAPI    string          `json:"openapi" enum:"3.1.0"`
	Info       json.RawMessage `json:"info"`
	Paths      json.RawMessage `json:"paths"`
	Components json.RawMessage `json:"components"`
	Security   json.RawMessage `json:"security"`
}
