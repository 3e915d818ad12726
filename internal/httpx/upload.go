package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// ReadUpload reads one file of a multipart/form-data request: the first
// part named field, at most max bytes. The whole body is capped a little
// above max so a huge request fails early, and kept in memory (no temp
// files). A form the middleware already parsed (a web form's CSRF field)
// is used as it is.
func ReadUpload(w http.ResponseWriter, r *http.Request, field string, max int64) (name string, data []byte, err error) {
	if r.MultipartForm == nil {
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			return "", nil, errs.E(errs.BadRequest, "error.multipart")
		}
		const overhead = 1 << 20 // other fields and part headers
		r.Body = http.MaxBytesReader(w, r.Body, max+overhead)
		if err := r.ParseMultipartForm(max + overhead); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, errs.E(errs.TooLarge, "error.too_large")
			}
			return "", nil, errs.E(errs.BadRequest, "error.multipart").Wrap(err)
		}
	}
	files := r.MultipartForm.File[field]
	if len(files) == 0 {
		var f errs.Fields
		f.Add(field, "error.required")
		return "", nil, f.Err()
	}
	fh := files[0]
	if fh.Size > max {
		return "", nil, errs.E(errs.TooLarge, "error.too_large")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, errs.E(errs.BadRequest, "error.multipart").Wrap(err)
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return "", nil, errs.E(errs.BadRequest, "error.multipart").Wrap(err)
	}
	if int64(len(data)) > max {
		return "", nil, errs.E(errs.TooLarge, "error.too_large")
	}
	return fh.Filename, data, nil
}

// ServeFile writes stored bytes as a download, named, with their SHA-256
// (as ETag and X-Checksum-Sha256) so a copy can be checked.
func ServeFile(w http.ResponseWriter, name, contentType, sha256 string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("ETag", `"`+sha256+`"`)
	h.Set("X-Checksum-Sha256", sha256)
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}
