// Package schema writes JSON Schemas (the OpenAPI 3.1 dialect) for Go types
// by reflection, so the API document describes the very structs the handlers
// encode and decode, and checks JSON values against such schemas in tests.
//
// A field's json tag names it; without omitempty it is required. A pointer
// may be null: its type becomes [T, "null"] (anyOf with null for a
// referenced struct). time.Time is a string of format date-time, civil.Date
// one of format date, json.Number a number, json.RawMessage anything. Named
// structs go to the components and are referenced. Further tags on a field:
//
//	doc:"…"        description
//	enum:"a,b"     allowed values (a type may instead have Enum() []string)
//	pattern:"…"    regular expression a string matches; month (YYYY-MM)
//	               and period (indicator periods) name the usual ones
//	null:"false"   a pointer that is never null (a required body field)
//	format:"…"     format, e.g. binary for an uploaded file
//	minimum:"1" maximum:"200" default:"50"   bounds and default of a number
//
// Fields named *_fen are documented as amounts in fen.
package schema

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/civil"
)

// Enum is a string type with a fixed set of values.
type Enum interface{ Enum() []string }

// Generator writes schemas, collecting named structs in Schemas.
type Generator struct {
	Schemas map[string]any
	names   map[reflect.Type]string
}

// New returns an empty generator.
func New() *Generator {
	return &Generator{Schemas: map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType   = reflect.TypeOf(time.Time{})
	dateType   = reflect.TypeOf(civil.Date{})
	numberType = reflect.TypeOf(json.Number(""))
	rawType    = reflect.TypeOf(json.RawMessage(nil))
	enumType   = reflect.TypeOf((*Enum)(nil)).Elem()
)

// Of is the schema of v's type: a reference for a named struct.
func (g *Generator) Of(v any) map[string]any { return g.typ(reflect.TypeOf(v)) }

// Ref is the reference to a struct's component schema.
func Ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func (g *Generator) typ(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return nullable(g.typ(t.Elem()))
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date"}
	case numberType:
		return map[string]any{"type": "number"}
	case rawType:
		return map[string]any{}
	}
	if t.Implements(enumType) && t.Kind() == reflect.String {
		vals := reflect.Zero(t).Interface().(Enum).Enum()
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Int64, reflect.Uint, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.typ(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.typ(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name := g.name(t)
		if _, ok := g.Schemas[name]; !ok {
			g.Schemas[name] = map[string]any{} // placeholder: a type may refer to itself
			g.Schemas[name] = g.object(t)
		}
		return Ref(name)
	}
	return map[string]any{}
}

// name is a struct's component name; an instance of a generic type is named
// by its argument and the type: Page[Contract] is ContractPage.
func (g *Generator) name(t reflect.Type) string {
	if n, ok := g.names[t]; ok {
		return n
	}
	n := t.Name()
	if base, arg, ok := strings.Cut(n, "["); ok {
		arg = strings.TrimSuffix(arg, "]")
		if i := strings.LastIndexByte(arg, '.'); i >= 0 {
			arg = arg[i+1:]
		}
		n = arg + base
	}
	g.names[t] = n
	return n
}

// nullable lets s be null as well.
func nullable(s map[string]any) map[string]any {
	if _, ok := s["$ref"]; ok {
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	if ty, ok := s["type"].(string); ok {
		out["type"] = []string{ty, "null"}
	}
	if e, ok := s["enum"].([]string); ok {
		out["enum"] = append(append([]any{}, toAny(e)...), nil)
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Field is one struct field as JSON sees it.
type Field struct {
	Name      string
	OmitEmpty bool
	Type      reflect.Type
	Tag       reflect.StructTag
}

// Fields lists t's JSON fields, embedded structs flattened, in order.
func Fields(t reflect.Type) []Field {
	var out []Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" || (!sf.IsExported() && !sf.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				out = append(out, Fields(et)...)
				continue
			}
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, Field{Name: name, OmitEmpty: strings.Contains(","+opts+",", ",omitempty,"), Type: sf.Type, Tag: sf.Tag})
	}
	return out
}

func (g *Generator) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range Fields(t) {
		props[f.Name] = g.field(f)
		if !f.OmitEmpty {
			required = append(required, f.Name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// field is the schema of a field with its tags applied.
func (g *Generator) field(f Field) map[string]any {
	t := f.Type
	if t.Kind() == reflect.Pointer && f.Tag.Get("null") == "false" {
		t = t.Elem()
	}
	s := g.typ(t)
	if len(f.Tag) == 0 && !strings.HasSuffix(f.Name, "_fen") {
		return s
	}
	if _, ok := s["$ref"]; ok {
		if d := f.Tag.Get("doc"); d != "" {
			return map[string]any{"allOf": []any{s}, "description": d}
		}
		return s
	}
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	target := out
	if items, ok := out["items"].(map[string]any); ok && f.Type.Kind() == reflect.Slice {
		// Value tags of a list describe its items.
		c := map[string]any{}
		for k, v := range items {
			c[k] = v
		}
		out["items"] = c
		target = c
	}
	if e := f.Tag.Get("enum"); e != "" {
		vals := toAny(strings.Split(e, ","))
		if isNullable(target) {
			vals = append(vals, nil)
		}
		target["enum"] = vals
	}
	if v := f.Tag.Get("pattern"); v != "" {
		target["pattern"] = pattern(v)
	}
	if v := f.Tag.Get("format"); v != "" {
		target["format"] = v
	}
	for _, k := range []string{"minimum", "maximum", "default"} {
		if v := f.Tag.Get(k); v != "" {
			target[k] = literal(v, target)
		}
	}
	d := f.Tag.Get("doc")
	if strings.HasSuffix(f.Name, "_fen") {
		d = strings.TrimSpace("amount in fen (分, 1/100 yuan). " + d)
	}
	if d != "" {
		out["description"] = d
	}
	return out
}

// Named patterns.
const (
	// Month is a year and month, YYYY-MM.
	Month = `^[0-9]{4}-(0[1-9]|1[0-2])$`
	// Period is an indicator period as indicator.Period.String writes it: a
	// month, a quarter, a year, or a range of months.
	Period = `^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$|^[0-9]{4}-(0[1-9]|1[0-2])\.\.[0-9]{4}-(0[1-9]|1[0-2])$`
)

// pattern resolves a pattern tag: month, period, or a regular expression.
func pattern(tag string) string {
	switch tag {
	case "month":
		return Month
	case "period":
		return Period
	}
	return tag
}

func isNullable(s map[string]any) bool {
	ts, ok := s["type"].([]string)
	return ok && len(ts) == 2 && ts[1] == "null"
}

// literal reads a tag's value as the schema's type.
func literal(v string, s map[string]any) any {
	ty, _ := s["type"].(string)
	if ts, ok := s["type"].([]string); ok {
		ty = ts[0]
	}
	switch ty {
	case "integer":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case "number":
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
	case "boolean":
		return v == "true"
	}
	return v
}

// Param is an operation's parameter (OpenAPI "parameter object").
type Param struct {
	Name     string
	In       string // query or path
	Required bool
	Schema   map[string]any
	Doc      string
}

// Query lists the parameters of a query struct: each field tagged
// query:"name", embedded structs flattened (the other tags as for JSON
// fields; required:"true" makes it required).
func (g *Generator) Query(v any) []Param {
	var out []Param
	for _, sf := range queryFields(v) {
		name := sf.Tag.Get("query")
		s := g.field(Field{Name: name, Type: sf.Type, Tag: sf.Tag})
		doc, _ := s["description"].(string)
		delete(s, "description")
		out = append(out, Param{Name: name, In: "query", Required: sf.Tag.Get("required") == "true", Schema: s, Doc: doc})
	}
	return out
}

// QueryNames lists the names of a query struct's parameters.
func QueryNames(v any) []string {
	var out []string
	for _, sf := range queryFields(v) {
		out = append(out, sf.Tag.Get("query"))
	}
	return out
}

func queryFields(v any) []reflect.StructField {
	if v == nil {
		return nil
	}
	var out []reflect.StructField
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			switch {
			case sf.Anonymous && sf.Type.Kind() == reflect.Struct:
				walk(sf.Type)
			case sf.Tag.Get("query") != "":
				out = append(out, sf)
			}
		}
	}
	walk(reflect.TypeOf(v))
	return out
}
