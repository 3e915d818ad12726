package apitypes

import "github.com/innopark/innopark/internal/errs"

// Error is the body of every error answer (httpx.Describe writes it).
type Error struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, in the caller's language.
type ErrorDetail struct {
	Code      ErrorCode         `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty" doc:"the problem with each named field (body field or query parameter)"`
	RequestID string            `json:"request_id,omitempty" doc:"for an internal error: the id to quote"`
}

// ErrorCode is the kind of an error.
type ErrorCode string

// Enum lists the kinds of internal/errs.
func (ErrorCode) Enum() []string {
	var out []string
	for _, k := range errs.Kinds() {
		out = append(out, k.String())
	}
	return out
}
