package store

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// tsLayout is how SQLite stores instants (TEXT, sortable, UTC).
const tsLayout = "2006-01-02T15:04:05.000000Z"

// ts wraps an instant for writing: TEXT on SQLite, TIMESTAMPTZ on PostgreSQL
// (which parses the same text).
type ts time.Time

func (t ts) Value() (driver.Value, error) {
	if time.Time(t).IsZero() {
		return nil, nil
	}
	return time.Time(t).UTC().Format(tsLayout), nil
}

// Instant is t as the store writes instants, for values given to a
// RowWriter.
func Instant(t time.Time) driver.Valuer { return ts(t) }

// scanTime reads an instant from either engine; NULL gives the zero time.
type scanTime struct{ T *time.Time }

func (s scanTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.T = time.Time{}
	case time.Time:
		*s.T = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("store: cannot scan %T into time", src)
	}
	return nil
}

func (s scanTime) parse(v string) error {
	for _, layout := range []string{tsLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			*s.T = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("store: bad time %q", v)
}

// nullID writes 0 as NULL, for optional foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// scanID reads an optional foreign key; NULL gives 0.
type scanID struct{ P *int64 }

func (s scanID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.P = 0
	case int64:
		*s.P = v
	case int32:
		*s.P = int64(v)
	default:
		return fmt.Errorf("store: cannot scan %T into id", src)
	}
	return nil
}
