package apptest

import (
	"bytes"
	"io"
	"mime/multipart"
	"testing"
)

// Upload is a request body for Do sent as multipart/form-data: one file in
// field "file", plus form fields.
type Upload struct {
	Name   string
	Data   []byte
	Fields map[string]string
}

func (u Upload) encode(t testing.TB) (string, io.Reader) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range u.Fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", u.Name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(u.Data); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), &buf
}
