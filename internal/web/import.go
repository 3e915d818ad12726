package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/projectio"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// importRoutes lists the pages of the registry's import and export and of
// the background jobs imports run as.
func (w *Web) importRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	upload := r("POST", "/contracts/import", w.importUpload)
	if w.Imports != nil {
		upload.MaxBody = w.Imports.MaxFileSize() + 1<<20
	}
	return []httpx.Route{
		r("GET", "/contracts/import", w.importPage),
		upload,
		r("GET", "/contracts/import/template", w.importTemplate),
		r("GET", "/contracts/export", w.contractExport),
		r("GET", "/jobs/{id}", w.jobPage),
		r("GET", "/jobs/{id}/report", w.jobReport),
	}
}

// exportURLs are the list's download links: the same filters, every page.
func exportURLs(q url.Values) (xlsxURL, csvURL string) {
	e := cloneValues(q)
	e.Del("cursor")
	e.Set("format", "xlsx")
	xlsxURL = "/contracts/export?" + e.Encode()
	e.Set("format", "csv")
	return xlsxURL, "/contracts/export?" + e.Encode()
}

type importPageData struct {
	Zones   []zone.Area // offered when the user may import into several
	Jobs    []jobs.Job  // recent imports the user may see
	Pager   pager       // to older imports
	MaxMiB  int64
	V       map[string]string // the form as posted
	Columns []xlsx.Column     // the file's columns, for the help table
}

func (w *Web) importData(r *http.Request, a access.Actor, v map[string]string) (importPageData, error) {
	d := importPageData{MaxMiB: w.Imports.MaxFileSize() >> 20, V: v, Columns: contractio.Spec(w.Catalog).Columns}
	if !a.Role.ZoneBound() {
		zones, err := w.Zones.Areas(r.Context(), a, zone.KindZone)
		if err != nil {
			return d, err
		}
		d.Zones = zones
	}
	list, err := w.Jobs.List(r.Context(), a, jobs.Filter{Kind: contractio.Kind, Cursor: r.URL.Query().Get("cursor"), Limit: 10})
	if err != nil {
		return d, err
	}
	d.Jobs, d.Pager = list.Items, pagerOf(r.URL.Query(), "/contracts/import", "cursor", list.Next, "#import-jobs")
	return d, nil
}

func (w *Web) importPage(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, contractio.ActionImport); err != nil {
		return err
	}
	d, err := w.importData(r, a, map[string]string{})
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "import", Page{Title: "import.ui.title", Data: d})
}

func (w *Web) importUpload(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, contractio.ActionImport); err != nil {
		return err
	}
	id, err := w.startImport(r, a)
	if err == nil {
		http.Redirect(rw, r, "/jobs/"+itoa(id), http.StatusSeeOther)
		return nil
	}
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.TooLarge && k != errs.BadRequest {
		return err
	}
	v := map[string]string{"zone": r.FormValue("zone"), "skip_bad": r.FormValue("skip_bad"), "sheet": r.FormValue("sheet")}
	d, derr := w.importData(r, a, v)
	if derr != nil {
		return derr
	}
	lang := httpx.GetInfo(r.Context()).Lang
	fe := map[string]string{}
	msg := ""
	var e *errs.Error
	if asErrs(err, &e) {
		msg = w.Catalog.Msg(lang, e.Msg)
		for f, m := range e.Fields {
			fe[f] = w.Catalog.Msg(lang, m)
		}
	}
	return w.render(rw, r, httpx.Status(err), "import", Page{Title: "import.ui.title", Data: d, Errors: fe, Message: msg})
}

// startImport spools the upload and submits the job.
func (w *Web) startImport(r *http.Request, a access.Actor) (int64, error) {
	name, path, err := httpx.SpoolUpload(r, "file", w.Imports.MaxFileSize(), w.Imports.Options.TmpDir, w.Imports.TooLarge())
	if err != nil {
		return 0, err
	}
	req := contractio.Request{Path: path, FileName: contract.CleanFileName(name), SkipBad: r.FormValue("skip_bad") == "on",
		Sheet: strings.TrimSpace(r.FormValue("sheet")), Lang: httpx.GetInfo(r.Context()).Lang}
	if slug := r.FormValue("zone"); slug != "" {
		z, err := w.Zones.BySlug(r.Context(), a, slug)
		if err != nil {
			_ = os.Remove(path)
			if errs.Is(err, errs.NotFound) {
				var f errs.Fields
				f.Add("zone", "import.err.zone_required")
				return 0, f.Err()
			}
			return 0, err
		}
		req.ZoneID = z.ID
	}
	return w.Imports.Submit(r.Context(), a, req)
}

func (w *Web) importTemplate(rw http.ResponseWriter, r *http.Request) error {
	format := xlsx.ParseFormat(r.URL.Query().Get("format"))
	if format == 0 {
		format = xlsx.XLSX
	}
	var buf bytes.Buffer
	if err := w.Imports.Template(r.Context(), httpx.Actor(r), &buf, format, httpx.GetInfo(r.Context()).Lang); err != nil {
		return err
	}
	d := &httpx.Download{W: rw, Name: "技术合同登记导入模板" + format.Ext(), ContentType: format.ContentType()}
	_, err := d.Write(buf.Bytes())
	return err
}

// contractExport downloads the list as it is filtered, all pages.
func (w *Web) contractExport(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	q := r.URL.Query()
	format := xlsx.ParseFormat(q.Get("format"))
	if format == 0 {
		format = xlsx.XLSX
	}
	f, err := listq.Contracts(r.Context(), w.Zones, a, q)
	if err != nil {
		return err
	}
	if err := w.Imports.CheckExport(a, f); err != nil {
		return err
	}
	name := "技术合同-" + strings.ReplaceAll(civil.Today(w.Now()).String(), "-", "") + format.Ext()
	d := &httpx.Download{W: rw, Name: name, ContentType: format.ContentType()}
	if _, err := w.Imports.Export(r.Context(), a, f, format, d); err != nil {
		if !d.Started() {
			return err
		}
		httpx.LogError(r, err)
	}
	return nil
}

// problemView is one listed problem of an import, translated.
type problemView struct {
	Row    int
	Column string
	Text   string
}

type jobPageData struct {
	Job       jobs.Job
	Percent   int
	Open      bool // queued or running: the page refreshes itself
	Error     string
	Outcome   *contractio.Outcome
	Problems  []problemView
	Notes     []problemView // what was passed over or read in a way to know of
	More      int           // problems not listed here (they are in the report)
	CanImport bool
	// A notice's list import: the zone's batches and the batch recorded.
	Batches, Batch string
	Done           string // its result in its own words
	// Where the page leads back to: the import and the list of the job's
	// module (contracts unless the job is another module's).
	ImportHref, ImportTitle, ListHref, ListTitle string
	Invest                                       bool // an investment import: its pages are the zone's investment pages
}

func (w *Web) jobPage(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	j, err := w.Jobs.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	lang := httpx.GetInfo(r.Context()).Lang
	d := jobPageData{Job: j, Percent: j.Percent(), Open: !j.Status.Final(), CanImport: w.Policy.Can(a.Role, contractio.ActionImport),
		ImportHref: "/contracts/import", ImportTitle: "import.ui.title", ListHref: "/contracts", ListTitle: "contract.ui.list.title"}
	w.projectJobLinks(a, &d)
	if j.Error != nil {
		d.Error = w.Catalog.Msg(lang, j.Error.Msg)
	}
	if j.Kind == honour.ImportKind {
		if err := w.honourJob(r, j, &d); err != nil {
			return err
		}
	}
	d.Invest = isInvestImport(j.Kind)
	if (j.Kind == contractio.Kind || d.Invest || j.Kind == honour.ImportKind || slices.Contains(projectio.Kinds(), j.Kind) || partyImportKind(j.Kind)) && len(j.Result) > 0 {
		var out contractio.Outcome
		if err := json.Unmarshal(j.Result, &out); err == nil {
			d.Outcome = &out
			for _, p := range out.List {
				d.Problems = append(d.Problems, problemView{Row: p.Row, Column: p.Column, Text: w.Catalog.Msg(lang, p.Message.Msg)})
			}
			for _, p := range out.Notes {
				d.Notes = append(d.Notes, problemView{Row: p.Row, Column: p.Column, Text: w.Catalog.Msg(lang, p.Message.Msg)})
			}
			d.More = out.Problems - len(out.List)
		}
	}
	return w.render(rw, r, http.StatusOK, "job", Page{Title: "import.ui.job.title", Data: d})
}

func (w *Web) jobReport(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var d *httpx.Download
	err = w.Jobs.WriteReport(r.Context(), httpx.Actor(r), id, func(f jobs.File) io.Writer {
		d = &httpx.Download{W: rw, Name: f.Name, ContentType: f.ContentType}
		return d
	})
	if err != nil && d != nil && d.Started() {
		httpx.LogError(r, err)
		return nil
	}
	return err
}
