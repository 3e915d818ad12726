package org

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ReadSettings reads an operator's organisation thresholds as JSON over
// base: the fields the file names replace base's, the rest stay. Unknown
// fields are refused (a misspelt name must not pass silently), and the
// result is checked, each bad value named.
//
//	{"own_branch_min": 3, "branch_committee_min": 7, "general_branch_min": 50,
//	 "committee_min": 100, "term_min_years": 2, "term_max_years": 3, "election_due_days": 90}
func ReadSettings(r io.Reader, base Settings) (Settings, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return base, fmt.Errorf("read organisation settings: %w", err)
	}
	s := base
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return base, fmt.Errorf("organisation settings: JSON syntax error at byte %d: %w", se.Offset, err)
		}
		return base, fmt.Errorf("organisation settings: %w", err)
	}
	if dec.More() {
		return base, errors.New("organisation settings: more than one JSON object")
	}
	if err := s.Check(); err != nil {
		return base, err
	}
	return s, nil
}
