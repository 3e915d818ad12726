package apptest

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
)

// Exchange is one API request and its answer, as the server sent it.
type Exchange struct {
	Method, Path string
	Status       int
	ContentType  string
	Location     string
	Body         []byte // JSON bodies only
}

// Recorder keeps every /api/v1 exchange of the envs started while it is
// installed (see Record), so a test binary can check all its answers
// against the OpenAPI document at the end.
type Recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
}

// recorder is the recorder of this test binary, installed by TestMain
// before any test runs and read after all have finished.
var recorder *Recorder

// Record installs a recorder for the envs Start builds from now on.
func Record() *Recorder {
	recorder = &Recorder{}
	return recorder
}

// Exchanges returns what was recorded.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.exchanges...)
}

// wrap records h's answers to API requests.
func (r *Recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
			h.ServeHTTP(w, req)
			return
		}
		rw := &recordWriter{ResponseWriter: w}
		h.ServeHTTP(rw, req)
		ex := Exchange{Method: req.Method, Path: req.URL.Path, Status: rw.status, ContentType: w.Header().Get("Content-Type"),
			Location: w.Header().Get("Location")}
		if ex.Status == 0 {
			ex.Status = http.StatusOK
		}
		if strings.HasPrefix(ex.ContentType, "application/json") {
			ex.Body = rw.body.Bytes()
		}
		r.mu.Lock()
		r.exchanges = append(r.exchanges, ex)
		r.mu.Unlock()
	})
}

type recordWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recordWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
