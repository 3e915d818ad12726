package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// SpoolUpload saves one file of a multipart/form-data request — the first
// part named field — to a new file in dir ("" for the system's temporary
// folder) and returns the name the browser gave and the path; the caller
// owns the file. Unlike ReadUpload the file is never held in memory: parts
// over a megabyte are streamed to disk by the multipart parser and copied
// from there. A file over max is TooLarge with tooLarge's message (the
// route's body limit should sit a little above max, so the request is cut
// there rather than read to its end).
func SpoolUpload(r *http.Request, field string, max int64, dir string, tooLarge errs.Msg) (name, path string, err error) {
	big := &errs.Error{Kind: errs.TooLarge, Msg: tooLarge, Fields: map[string]errs.Msg{field: tooLarge}}
	if r.MultipartForm == nil {
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			return "", "", errs.E(errs.BadRequest, "error.multipart")
		}
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", "", big
			}
			return "", "", errs.E(errs.BadRequest, "error.multipart").Wrap(err)
		}
	}
	files := r.MultipartForm.File[field]
	if len(files) == 0 {
		var f errs.Fields
		f.Add(field, "error.required")
		return "", "", f.Err()
	}
	fh := files[0]
	if fh.Size > max {
		return "", "", big
	}
	src, err := fh.Open()
	if err != nil {
		return "", "", errs.E(errs.BadRequest, "error.multipart").Wrap(err)
	}
	defer src.Close()
	dst, err := os.CreateTemp(dir, "innopark-upload-*"+strings.ToLower(filepath.Ext(fh.Filename)))
	if err != nil {
		return "", "", err
	}
	n, err := io.Copy(dst, io.LimitReader(src, max+1))
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > max {
		err = big
	}
	if err != nil {
		_ = os.Remove(dst.Name())
		return "", "", err
	}
	return fh.Filename, dst.Name(), nil
}

// Download is a response body sent as a named file. Its headers are set on
// the first write, not before, so an error found before any byte is ready
// (an xlsx is assembled at the end) can still be answered with a proper
// error status.
type Download struct {
	W           http.ResponseWriter
	Name        string
	ContentType string
	started     bool
}

// Started reports whether any of the body has been written.
func (d *Download) Started() bool { return d.started }

func (d *Download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.W.Header()
		h.Set("Content-Type", d.ContentType)
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(d.Name))
		h.Set("Cache-Control", "private, no-store")
		d.W.WriteHeader(http.StatusOK)
	}
	return d.W.Write(p)
}
