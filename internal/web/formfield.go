package web

// formField is one input of a form as the shared field templates draw it
// (partials): its name, label, the value typed and the error beside it.
type formField struct {
	Name, Label, Value, Err string
	Options                 []option
}

// newFormField is the template function "field": errs and form are the
// page's field errors and typed values.
func newFormField(errs, form map[string]string, name, label string) formField {
	return formField{Name: name, Label: label, Value: form[name], Err: errs[name]}
}

// newFormChoice is "choice": a field with a list to choose from.
func newFormChoice(errs, form map[string]string, name, label string, opts []option) formField {
	f := newFormField(errs, form, name, label)
	f.Options = opts
	return f
}
