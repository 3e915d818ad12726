package web

import (
	"bytes"
	"net/http"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/projectio"
	"github.com/innopark/innopark/internal/xlsx"
)

// projectImportRoutes are the pages of the project list and investment
// report imports.
func (w *Web) projectImportRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	upload := r("POST", "/projects/import", w.projectImportUpload)
	if w.ProjectIO != nil {
		upload.MaxBody = w.ProjectIO.MaxFileSize() + 1<<20
	}
	return []httpx.Route{
		r("GET", "/projects/import", w.projectImportPage),
		upload,
		r("GET", "/projects/import/template", w.projectImportTemplate),
	}
}

// projectImportForm is one of the page's two uploads.
type projectImportForm struct {
	Kind    string
	Title   string
	Hint    string
	Columns []xlsx.Column
	Jobs    []jobs.Job // recent imports of the kind the user may see
}

type projectImportData struct {
	Forms  []projectImportForm
	MaxMiB int64
	Kind   string // the form posted
}

// projectImportKinds are the kinds the actor may import, list first.
func (w *Web) projectImportKinds(a access.Actor) []string {
	var out []string
	for _, k := range projectio.Kinds() {
		if w.ProjectIO.Allow(a, k) == nil {
			out = append(out, k)
		}
	}
	return out
}

func (w *Web) projectImportData(r *http.Request, a access.Actor, kind string) (projectImportData, error) {
	d := projectImportData{MaxMiB: w.ProjectIO.MaxFileSize() >> 20, Kind: kind}
	kinds := w.projectImportKinds(a)
	if len(kinds) == 0 {
		return d, w.Policy.Allow(a, project.ActionReport)
	}
	for _, k := range kinds {
		spec, _ := w.ProjectIO.Spec(k)
		f := projectImportForm{Kind: k, Title: "project.import.ui.projects", Hint: "project.import.ui.projects_hint", Columns: spec.Written().Columns}
		if k == projectio.KindReports {
			f.Title, f.Hint = "project.import.ui.reports", "project.import.ui.reports_hint"
		}
		list, err := w.Jobs.List(r.Context(), a, jobs.Filter{Kind: k, Limit: 5})
		if err != nil {
			return d, err
		}
		f.Jobs = list.Items
		d.Forms = append(d.Forms, f)
	}
	return d, nil
}

func (w *Web) projectImportPage(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	d, err := w.projectImportData(r, a, "")
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "project_import", Page{Title: "project.import.ui.title", Data: d})
}

func (w *Web) projectImportUpload(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	kind := r.URL.Query().Get("kind")
	// Refuse a role that may never import before reading its upload.
	if err := w.ProjectIO.Allow(a, kind); err != nil {
		return err
	}
	name, path, err := httpx.SpoolUpload(r, "file", w.ProjectIO.MaxFileSize(), w.ProjectIO.Options.TmpDir, w.ProjectIO.TooLarge())
	var id int64
	if err == nil {
		req := projectio.Request{Path: path, FileName: attach.CleanName(name), SkipBad: r.FormValue("skip_bad") == "on",
			Sheet: strings.TrimSpace(r.FormValue("sheet")), Lang: httpx.GetInfo(r.Context()).Lang}
		id, err = w.ProjectIO.Submit(r.Context(), a, kind, req)
	}
	if err == nil {
		http.Redirect(rw, r, "/jobs/"+itoa(id), http.StatusSeeOther)
		return nil
	}
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.TooLarge && k != errs.BadRequest {
		return err
	}
	d, derr := w.projectImportData(r, a, kind)
	if derr != nil {
		return derr
	}
	lang := httpx.GetInfo(r.Context()).Lang
	msg := ""
	var e *errs.Error
	if asErrs(err, &e) {
		msg = w.Catalog.Msg(lang, e.Msg)
		for _, m := range e.Fields {
			msg = w.Catalog.Msg(lang, m)
		}
	}
	return w.render(rw, r, httpx.Status(err), "project_import", Page{Title: "project.import.ui.title", Data: d, Message: msg})
}

func (w *Web) projectImportTemplate(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format := xlsx.ParseFormat(q.Get("format"))
	if format == 0 {
		format = xlsx.XLSX
	}
	kind := q.Get("kind")
	var buf bytes.Buffer
	if err := w.ProjectIO.Template(httpx.Actor(r), kind, &buf, format, httpx.GetInfo(r.Context()).Lang); err != nil {
		return err
	}
	d := &httpx.Download{W: rw, Name: projectio.TemplateName(kind, format), ContentType: format.ContentType()}
	_, err := d.Write(buf.Bytes())
	return err
}

// projectJobLinks points a project import's job page back to the project
// import and list.
func (w *Web) projectJobLinks(a access.Actor, d *jobPageData) {
	if !slices.Contains(projectio.Kinds(), d.Job.Kind) {
		return
	}
	d.CanImport = w.ProjectIO != nil && w.ProjectIO.Allow(a, d.Job.Kind) == nil
	d.ImportHref, d.ImportTitle, d.ListHref, d.ListTitle = "/projects/import", "project.import.ui.title", "/projects", "project.ui.list_title"
}
