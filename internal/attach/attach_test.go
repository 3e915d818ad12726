package attach

import (
	"bytes"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
)

func TestNew(t *testing.T) {
	a := access.Actor{UserID: 3, Username: "foshan-staff"}
	now := time.Date(2023, 12, 18, 2, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		data  []byte
		kind  errs.Kind
		ctype string
	}{
		{"site.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2}, 0, "image/jpeg"},
		{"plan.pdf", []byte("%PDF-1.7 ..."), 0, "application/pdf"},
		{"a.png", []byte("\x89PNG\r\n\x1a\nxx"), 0, "image/png"},
		{"x.exe", []byte("MZ\x90\x00"), errs.Invalid, ""},
		{"empty.pdf", nil, errs.Invalid, ""},
		{"big.pdf", append([]byte("%PDF-"), bytes.Repeat([]byte{0}, MaxBytes)...), errs.TooLarge, ""},
	} {
		f, err := New(a, `C:\photos\`+c.name, c.data, now)
		if c.kind != 0 {
			if !errs.Is(err, c.kind) {
				t.Errorf("%s: err %v, want %v", c.name, err, c.kind)
			}
			continue
		}
		if err != nil || f.ContentType != c.ctype || f.Name != c.name || f.Size != int64(len(c.data)) || len(f.SHA256) != 64 || f.Uploader != "foshan-staff" {
			t.Errorf("%s: %+v, %v", c.name, f, err)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{"": "file", "../../etc/passwd": "passwd", "a\x00b\".pdf": "ab.pdf", " 照片.jpg ": "照片.jpg"} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
