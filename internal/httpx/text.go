package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// Text arriving at the edge — JSON string values, form fields, query
// parameters — may not hold control characters: a NUL is refused by
// PostgreSQL and stored silently by SQLite, and the others have no place in
// a name or a code. Tab, line feed and carriage return are allowed only in a
// multi-line text: a JSON field tagged `text:"multiline"`, or a form field
// (a browser's textarea; a single-line input cannot hold them). Every edge
// reads its text through DecodeJSON, CheckForm and CheckQuery, so a new
// module inherits the rule.

// controlIn reports whether s holds a character the rule refuses.
func controlIn(s string, multiline bool) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				return true
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return true
		}
	}
	return false
}

// controlField is the 422 naming a field that holds a control character.
func controlField(name string) error {
	var f errs.Fields
	f.Add(name, "error.control_char")
	return f.Err()
}

// CheckValues refuses a form's or a query's value holding a control
// character (tab and newlines allowed when multiline), naming the field.
func CheckValues(v url.Values, multiline bool) error {
	var f errs.Fields
	for name, vals := range v {
		if controlIn(name, false) {
			return controlField("?")
		}
		for _, s := range vals {
			if controlIn(s, multiline) {
				f.Add(name, "error.control_char")
			}
		}
	}
	return f.Err()
}

// checkStrings walks a decoded body and refuses a string holding a
// control character, naming it by its JSON path ("entries.2.name").
func checkStrings(v reflect.Value, path string, multiline bool, f *errs.Fields) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkStrings(v.Elem(), path, multiline, f)
		}
	case reflect.String:
		if controlIn(v.String(), multiline) {
			f.Add(path, "error.control_char")
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes (json.RawMessage): not text
		}
		for i := range v.Len() {
			checkStrings(v.Index(i), join(path, strconv.Itoa(i)), multiline, f)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			k := it.Key()
			name := k.String()
			if k.Kind() == reflect.String && controlIn(name, false) {
				f.Add(join(path, strconv.QuoteToASCII(name)), "error.control_char")
				continue
			}
			checkStrings(it.Value(), join(path, name), multiline, f)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			ml := sf.Tag.Get("text") == "multiline"
			if sf.Anonymous && name == "" {
				checkStrings(v.Field(i), path, ml, f)
				continue
			}
			if name == "" {
				name = sf.Name
			}
			checkStrings(v.Field(i), join(path, name), ml, f)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkDuplicates refuses an object naming a key twice: encoding/json keeps
// the last, so what a client meant is unknowable. A body that is not valid
// JSON passes, for the decoder to describe.
func checkDuplicates(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token is a key
		name   string
		index  int
	}
	var stack []*frame
	path := func(last string) string {
		var parts []string
		for _, fr := range stack[:len(stack)-1] {
			if fr.object {
				parts = append(parts, fr.name)
			} else {
				parts = append(parts, strconv.Itoa(fr.index))
			}
		}
		return strings.Join(append(parts, last), ".")
	}
	// value marks the end of a value in the enclosing frame.
	value := func() {
		if len(stack) == 0 {
			return
		}
		top := stack[len(stack)-1]
		if top.object {
			top.key = true
		} else {
			top.index++
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) || err != nil {
			return nil
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, &frame{object: t == '{', keys: map[string]bool{}, key: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				value()
				if len(stack) == 0 {
					return nil
				}
			}
		case string:
			if top != nil && top.object && top.key {
				if top.keys[t] {
					msg := errs.M("error.json_duplicate", path(t))
					return &errs.Error{Kind: errs.BadRequest, Msg: msg, Fields: errs.Fields{path(t): msg}}
				}
				top.keys[t], top.key, top.name = true, false, t
				continue
			}
			value()
		default:
			value()
		}
		if len(stack) == 0 {
			return nil
		}
	}
}
