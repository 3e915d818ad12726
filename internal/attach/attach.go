// Package attach holds what every module's files share: the metadata of a
// file kept with a record (a contract's signed scan, a project's photos and
// documents), the checks a file passes before it is kept (accepted types by
// content, size limit, a clean name) and its SHA-256. The bytes and their
// metadata live in one pair of tables (attachments, attachment_data), keyed
// by the owning record's kind and id; each module decides who may attach
// what to its records.
//
// It is pure domain code: no HTTP, no SQL.
package attach

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
)

// Owners: the kinds of record files are kept with.
const (
	OwnerContract = "contract"
	OwnerProject  = "project"
)

// File is a file kept with a record.
type File struct {
	ID          int64     `json:"id"`
	Owner       string    `json:"owner"`    // OwnerContract, OwnerProject
	OwnerID     int64     `json:"owner_id"` // the record's id
	ZoneID      int64     `json:"zone_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  int64     `json:"uploaded_by,omitempty"`
	Uploader    string    `json:"uploader"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// IsImage reports whether the file is a photo (JPEG or PNG).
func (f File) IsImage() bool { return strings.HasPrefix(f.ContentType, "image/") }

// MaxBytes is the largest file kept: a scanned contract or a site photo
// fits comfortably.
const MaxBytes = 10 << 20

const maxNameRunes = 120

// Sniff tells an acceptable file's content type by its first bytes, never
// by its name or the client's word: PDF, JPEG or PNG.
func Sniff(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	}
	return "", false
}

// CleanName keeps the base name of what a browser sent, without control
// characters, shortened; "" becomes "file".
func CleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "" {
		name = "file"
	}
	if utf8.RuneCountInString(name) > maxNameRunes {
		r := []rune(name)
		name = string(r[len(r)-maxNameRunes:])
	}
	return name
}

// New checks data and returns the metadata of the file to keep, uploaded
// by a at now: too large is TooLarge, empty or of another type than PDF,
// JPEG or PNG is Invalid on field "file". Owner, OwnerID and ZoneID are the
// caller's to set.
func New(a access.Actor, name string, data []byte, now time.Time) (File, error) {
	if len(data) > MaxBytes {
		return File{}, errs.E(errs.TooLarge, "attach.err.too_large", MaxBytes>>20)
	}
	var f errs.Fields
	ctype, ok := Sniff(data)
	switch {
	case len(data) == 0:
		f.Add("file", "attach.err.empty")
	case !ok:
		f.Add("file", "attach.err.type")
	}
	if err := f.Err(); err != nil {
		return File{}, err
	}
	sum := sha256.Sum256(data)
	return File{Name: CleanName(name), ContentType: ctype, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
		UploadedBy: a.UserID, Uploader: a.Username, UploadedAt: now.UTC()}, nil
}
