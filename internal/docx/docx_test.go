package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	d := Document{Title: "创新园区", Blocks: []Block{
		{Style: Title, Text: "创新园区"},
		{Style: Heading1, Text: "榆林高新区技术合同登记额同比增长15%"},
		{Text: "本报讯 今年1-11月，<榆林> & “高新区”"},
	}}
	if err := Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		parts[f.Name] = string(b)
		// Every part is well-formed XML.
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, s := range []string{`<w:pStyle w:val="Heading1"/>`, "榆林高新区技术合同登记额同比增长15%", "&lt;榆林&gt; &amp; “高新区”", `<w:pStyle w:val="Normal"/>`} {
		if !strings.Contains(doc, s) {
			t.Errorf("document lacks %q", s)
		}
	}
	if !strings.Contains(parts["word/styles.xml"], `w:eastAsia="宋体"`) {
		t.Error("no Chinese font")
	}
}
