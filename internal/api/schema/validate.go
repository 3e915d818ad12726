package schema

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Validator checks JSON values against the schemas of a document, in the
// subset of JSON Schema that Generator writes: $ref, type (one or a list),
// properties, required, additionalProperties, items, enum, anyOf, allOf,
// pattern, minimum, maximum and the formats date and date-time. Schema and
// value are as encoding/json decodes them with UseNumber.
type Validator struct {
	Components map[string]any // the document's components.schemas
	patterns   map[string]*regexp.Regexp
}

// NewValidator reads the component schemas of an OpenAPI document.
func NewValidator(doc map[string]any) *Validator {
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	return &Validator{Components: schemas, patterns: map[string]*regexp.Regexp{}}
}

// Decode reads JSON for Validate.
func Decode(b []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Validate checks v against s; the error names the path of the first
// mismatch ($.items[3].accepted_on).
func (val *Validator) Validate(s any, v any) error { return val.check(s, v, "$") }

func (val *Validator) check(sv any, v any, path string) error {
	s, ok := sv.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: schema is %T", path, sv)
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		target, ok := val.Components[name]
		if !ok {
			return fmt.Errorf("%s: unknown schema %s", path, ref)
		}
		return val.check(target, v, path)
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			if err := val.check(sub, v, path); err != nil {
				return err
			}
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		var first error
		for _, sub := range anyOf {
			err := val.check(sub, v, path)
			if err == nil {
				first = nil
				break
			}
			if first == nil {
				first = err
			}
		}
		if first != nil {
			return first
		}
	}
	if t, ok := s["type"]; ok {
		if err := checkType(t, v, path); err != nil {
			return err
		}
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, x := range e {
			if fmt.Sprint(x) == fmt.Sprint(v) && (x == nil) == (v == nil) {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("%s: %v is not one of %v", path, v, e)
		}
	}
	switch x := v.(type) {
	case string:
		return val.checkString(s, x, path)
	case json.Number:
		return checkBounds(s, x, path)
	case []any:
		if items, ok := s["items"]; ok {
			for i, it := range x {
				if err := val.check(items, it, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		return val.checkObject(s, x, path)
	}
	return nil
}

func checkType(t any, v any, path string) error {
	var types []string
	switch x := t.(type) {
	case string:
		types = []string{x}
	case []any:
		for _, y := range x {
			types = append(types, fmt.Sprint(y))
		}
	}
	got := typeOf(v)
	for _, ty := range types {
		if ty == got || (ty == "number" && got == "integer") {
			return nil
		}
	}
	return fmt.Errorf("%s: %s, want %s", path, got, strings.Join(types, " or "))
}

func typeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func (val *Validator) checkString(s map[string]any, x string, path string) error {
	switch s["format"] {
	case "date":
		if _, err := time.Parse("2006-01-02", x); err != nil {
			return fmt.Errorf("%s: %q is not a date (YYYY-MM-DD)", path, x)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
			return fmt.Errorf("%s: %q is not a date-time (RFC 3339)", path, x)
		}
	}
	if p, ok := s["pattern"].(string); ok {
		re, ok := val.patterns[p]
		if !ok {
			var err error
			if re, err = regexp.Compile(p); err != nil {
				return fmt.Errorf("%s: bad pattern %q: %v", path, p, err)
			}
			val.patterns[p] = re
		}
		if !re.MatchString(x) {
			return fmt.Errorf("%s: %q does not match %s", path, x, p)
		}
	}
	return nil
}

func checkBounds(s map[string]any, x json.Number, path string) error {
	f, err := x.Float64()
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if m, ok := s["minimum"].(json.Number); ok {
		if lo, _ := m.Float64(); f < lo {
			return fmt.Errorf("%s: %s below minimum %s", path, x, m)
		}
	}
	if m, ok := s["maximum"].(json.Number); ok {
		if hi, _ := m.Float64(); f > hi {
			return fmt.Errorf("%s: %s above maximum %s", path, x, m)
		}
	}
	return nil
}

func (val *Validator) checkObject(s map[string]any, x map[string]any, path string) error {
	props, _ := s["properties"].(map[string]any)
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			if _, ok := x[fmt.Sprint(r)]; !ok {
				return fmt.Errorf("%s: required property %q is missing", path, r)
			}
		}
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := path + "." + k
		if ps, ok := props[k]; ok {
			if err := val.check(ps, x[k], p); err != nil {
				return err
			}
			continue
		}
		switch ap := s["additionalProperties"].(type) {
		case bool:
			if !ap {
				return fmt.Errorf("%s: property not in the schema", p)
			}
		case map[string]any:
			if err := val.check(ap, x[k], p); err != nil {
				return err
			}
		}
	}
	return nil
}
