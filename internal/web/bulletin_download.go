package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/docx"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/indicator"
)

// Downloads of bulletins and the newspaper page, as Word (.docx, written
// here: see package docx) and PDF.
//
// PDF needs CJK fonts laid out properly, which a hand-written PDF writer
// would only fake (or embed megabytes of fonts into the binary). The server
// prints the same document with a headless Chromium when the machine has
// one (chromium, chromium-browser or google-chrome on PATH) and the system's
// CJK fonts; without it the request fails with a 503 that says so and
// points to the browser's print (另存为 PDF) and the Word file, which
// always work.

// chromiumNames are the executables tried, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// pdfTimeout bounds one print.
const pdfTimeout = 60 * time.Second

// errNoChromium: no browser to print with.
var errNoChromium = errors.New("no chromium on PATH")

// htmlToPDF prints a standalone HTML document to PDF with headless Chromium.
func htmlToPDF(ctx context.Context, doc []byte) ([]byte, error) {
	var bin string
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return nil, errNoChromium
	}
	dir, err := os.MkdirTemp("", "innopark-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "page.html"), filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(in, doc, 0o600); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
		"--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+out, (&url.URL{Scheme: "file", Path: in}).String())
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdf: %s: %w: %.300s", filepath.Base(bin), err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		return nil, fmt.Errorf("pdf: %s wrote no PDF: %v", filepath.Base(bin), err)
	}
	return b, nil
}

// printPage is the document Chromium prints: its own styles inline (it is
// a file, not a page served under the CSP) and the CJK fonts Linux servers
// carry.
var printPage = template.Must(template.New("print").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "WenQuanYi Zen Hei", serif; font-size: 12pt; line-height: 1.8; color: #111; }
h1, h2, h3 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "WenQuanYi Zen Hei", sans-serif; text-align: center; break-after: avoid; }
.Title { font-size: 24pt; border-bottom: 3px double #111; padding-bottom: 4mm; margin: 0 0 4mm; }
.Heading1 { font-size: 18pt; margin: 8mm 0 3mm; }
.Heading2 { font-size: 15pt; margin: 7mm 0 3mm; }
.Note { text-align: center; color: #555; font-size: 10pt; margin: 0 0 2mm; }
p.Normal { text-indent: 2em; margin: 0 0 2mm; text-align: justify; }
</style></head><body>
{{range .Blocks}}{{if eq (print .Style) "Title"}}<h1 class="Title">{{.Text}}</h1>{{else if eq (print .Style) "Heading1"}}<h2 class="Heading1">{{.Text}}</h2>{{else if eq (print .Style) "Heading2"}}<h3 class="Heading2">{{.Text}}</h3>{{else if eq (print .Style) "Note"}}<p class="Note">{{.Text}}</p>{{else}}<p class="Normal">{{.Text}}</p>{{end}}
{{end}}</body></html>`))

// itemBlocks lays one item out: headline, then its paragraphs.
func itemBlocks(it bulletin.Item, head docx.Style) []docx.Block {
	out := []docx.Block{{Style: head, Text: it.Headline}}
	for _, p := range it.Paragraphs() {
		out = append(out, docx.Block{Style: docx.Normal, Text: p})
	}
	return out
}

// download sends d as .docx or .pdf, as format asks.
func (w *Web) download(rw http.ResponseWriter, r *http.Request, format, name string, d docx.Document) error {
	lang := w.lang(r)
	switch format {
	case "docx":
		var buf bytes.Buffer
		if err := docx.Write(&buf, d); err != nil {
			return err
		}
		return sendFile(rw, name+".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	case "pdf":
		var html bytes.Buffer
		if err := printPage.Execute(&html, d); err != nil {
			return fmt.Errorf("pdf page: %w", err)
		}
		b, err := htmlToPDF(r.Context(), html.Bytes())
		if errors.Is(err, errNoChromium) {
			var body httpx.ErrorBody
			body.Error.Code = "unavailable"
			body.Error.Message = w.Catalog.T(lang, "bulletin.error.pdf_unavailable")
			w.ErrorPage(rw, r, http.StatusServiceUnavailable, body)
			return nil
		}
		if err != nil {
			return err // logged with the request id; the reader is told it failed
		}
		return sendFile(rw, name+".pdf", "application/pdf", b)
	}
	return errs.Fields{"format": errs.M("bulletin.error.format_unknown", format)}.Err()
}

func sendFile(rw http.ResponseWriter, name, ctype string, b []byte) error {
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	rw.Header().Set("Cache-Control", "no-store")
	_, err := rw.Write(b)
	return err
}

// bulletinDownload sends a zone's items for a period (those fit to print)
// as one document.
func (w *Web) bulletinDownload(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.newsPeriodOf(r)
	if err != nil {
		return err
	}
	lang := w.lang(r)
	area, items, err := w.Bulletins.Items(r.Context(), httpx.Actor(r), r.PathValue("slug"), p)
	if err != nil {
		return err
	}
	d := docx.Document{Title: area.Name + " " + w.Catalog.T(lang, "bulletin.ui.title")}
	d.Blocks = append(d.Blocks, docx.Block{Style: docx.Title, Text: area.Name + " · " + w.Catalog.T(lang, "bulletin.ui.title")},
		docx.Block{Style: docx.Note, Text: p.Label(lang)})
	for _, it := range items {
		if len(it.Flags) > 0 {
			continue
		}
		d.Blocks = append(d.Blocks, itemBlocks(it, docx.Heading2)...)
	}
	return w.download(rw, r, r.URL.Query().Get("format"), area.Slug+"-"+p.String(), d)
}

// pageDownload sends the newspaper page (稿件版面) as one document: the
// masthead, the lead item, then the others in reading order.
func (w *Web) pageDownload(rw http.ResponseWriter, r *http.Request) error {
	p, err := w.newsPeriodOf(r)
	if err != nil {
		return err
	}
	lang := w.lang(r)
	page, err := w.Bulletins.Page(r.Context(), httpx.Actor(r), p)
	if err != nil {
		return err
	}
	d := docx.Document{Title: page.Title, Blocks: []docx.Block{{Style: docx.Title, Text: page.Title},
		{Style: docx.Note, Text: page.Date.String() + " · " + p.Label(lang)}}}
	if hs := page.Headlines(); len(hs) > 0 {
		d.Blocks = append(d.Blocks, docx.Block{Style: docx.Note, Text: strings.Join(hs, " · ")})
	}
	for i, pl := range page.Items {
		head := docx.Heading2
		if i == 0 {
			head = docx.Heading1
		}
		d.Blocks = append(d.Blocks, itemBlocks(pl.Item, head)...)
	}
	return w.download(rw, r, r.URL.Query().Get("format"), "page-"+p.String(), d)
}

// downloadHref is the link to a download of path for period p.
func downloadHref(path, format string, p indicator.Period) string {
	return path + "?" + url.Values{"format": {format}, "from": {p.From.String()}, "to": {p.To.String()}}.Encode()
}
