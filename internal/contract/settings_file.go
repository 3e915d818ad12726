package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// ReadSettings reads an operator's 2026 rule settings as JSON over base:
// the fields the file names replace base's, the rest stay. Unknown fields
// are refused (a misspelt name must not pass silently), and the result is
// validated, each bad value named.
//
//	{"deadline_workdays": 20, "expert_threshold_fen": 1000000000,
//	 "reg_no_layout": "year:4,province:2,prefecture:2,point:2,serial:6",
//	 "holidays": ["2026-10-01", "2026-10-02"], "makeup_workdays": ["2026-09-27"]}
func ReadSettings(r io.Reader, base Settings) (Settings, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return base, fmt.Errorf("read rule settings: %w", err)
	}
	s := base
	// Lists the file names replace the base's; decoding must not write
	// into the base's arrays.
	s.Holidays, s.MakeupWorkdays = slices.Clone(base.Holidays), slices.Clone(base.MakeupWorkdays)
	s.RegNoLayout = slices.Clone(base.RegNoLayout)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return base, fmt.Errorf("rule settings: JSON syntax error at byte %d: %w", se.Offset, err)
		}
		return base, fmt.Errorf("rule settings: %w", err)
	}
	if dec.More() {
		return base, errors.New("rule settings: more than one JSON object")
	}
	if err := s.Validate(); err != nil {
		return base, err
	}
	return s, nil
}
