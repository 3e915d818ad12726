package app_test

import (
	"flag"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/api/schema"
	"github.com/innopark/innopark/internal/apptest"
)

// checkAPIAnswers checks every /api/v1 answer the tests of this binary
// received against the OpenAPI document the server serves: the status is
// one the operation documents, a JSON body matches the schema of that
// status, a file has a documented media type, a documented Location is
// there. After a full run (no -run) every operation must have been called.
// It returns what is wrong, one line each, and a summary.
func checkAPIAnswers(exchanges []apptest.Exchange) (problems []string, summary string) {
	var doc map[string]any
	for _, ex := range exchanges {
		if ex.Method == "GET" && ex.Path == "/api/v1/openapi.json" && ex.Status == 200 {
			v, err := schema.Decode(ex.Body)
			if err != nil {
				return []string{"openapi.json: " + err.Error()}, ""
			}
			doc, _ = v.(map[string]any)
			break
		}
	}
	if doc == nil {
		return nil, "API answers not checked: no test fetched the OpenAPI document"
	}
	val := schema.NewValidator(doc)
	paths, _ := doc["paths"].(map[string]any)
	mux := http.NewServeMux()
	for p, ops := range paths {
		for m := range ops.(map[string]any) {
			mux.HandleFunc(strings.ToUpper(m)+" "+p, func(http.ResponseWriter, *http.Request) {})
		}
	}
	called := map[string]bool{}
	pairs := map[string]bool{}
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			problems = append(problems, s)
		}
	}
	checked := 0
	for _, ex := range exchanges {
		_, pattern := mux.Handler(httptest.NewRequest(ex.Method, ex.Path, nil))
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || method != ex.Method {
			continue // not an API route: the server's own 404 or 405
		}
		op := paths[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
		name := method + " " + path
		called[name] = true
		pairs[name+" "+strconv.Itoa(ex.Status)] = true
		checked++
		resps := op["responses"].(map[string]any)
		resp, ok := resps[strconv.Itoa(ex.Status)].(map[string]any)
		if !ok && ex.Status == http.StatusInternalServerError {
			resp, ok = resps["default"].(map[string]any)
		}
		if !ok {
			add(fmt.Sprintf("%s: status %d is not documented (%s %s: %.200s)", name, ex.Status, ex.Method, ex.Path, ex.Body))
			continue
		}
		if hs, _ := resp["headers"].(map[string]any); hs["Location"] != nil && ex.Location == "" {
			add(fmt.Sprintf("%s %d: no Location header", name, ex.Status))
		}
		content, _ := resp["content"].(map[string]any)
		media, _, _ := mime.ParseMediaType(ex.ContentType)
		if len(content) == 0 {
			if len(ex.Body) > 0 {
				add(fmt.Sprintf("%s %d: a body where none is documented", name, ex.Status))
			}
			continue
		}
		mt, ok := content[media].(map[string]any)
		if !ok {
			add(fmt.Sprintf("%s %d: media type %q is not documented", name, ex.Status, ex.ContentType))
			continue
		}
		if media != "application/json" {
			continue
		}
		v, err := schema.Decode(ex.Body)
		if err == nil {
			err = val.Validate(mt["schema"], v)
		}
		if err != nil {
			add(fmt.Sprintf("%s %d: %v", name, ex.Status, err))
		}
	}
	var ops []string
	for p, m := range paths {
		for meth := range m.(map[string]any) {
			ops = append(ops, strings.ToUpper(meth)+" "+p)
		}
	}
	sort.Strings(ops)
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() == "" {
		for _, o := range ops {
			if !called[o] {
				add(o + ": no test calls this operation")
			}
		}
	}
	sort.Strings(problems)
	return problems, fmt.Sprintf("API answers checked against the OpenAPI document: %d answers, %d of %d operations, %d operation × status pairs",
		checked, len(called), len(ops), len(pairs))
}
