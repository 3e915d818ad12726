package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// investImportRoutes are the pages of a zone's investment imports.
func (w *Web) investImportRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	upload := r("POST", "/zones/{slug}/investment/import", w.investImportUpload)
	if w.InvestIO != nil {
		upload.MaxBody = w.InvestIO.MaxFileSize() + 1<<20
	}
	return []httpx.Route{
		r("GET", "/zones/{slug}/investment/import", w.investImportPage),
		upload,
		r("GET", "/investment/import/template", w.investImportTemplate),
	}
}

// investImportKinds are the kinds of file offered, with their columns for
// the help tables.
type investImportKind struct {
	Code    string
	Name    string
	Columns []xlsx.Column
}

type investImportData struct {
	Tabs     investTabs
	Area     zone.Area
	AreaName string
	Kinds    []investImportKind
	Jobs     []jobs.Job
	MaxMiB   int64
	V        map[string]string
}

// isInvestImport reports whether a job kind is one of the investment imports.
func isInvestImport(kind string) bool {
	for _, k := range invest.ImportKinds() {
		if k.Job() == kind {
			return true
		}
	}
	return false
}

func (w *Web) investImportData(r *http.Request, z zone.Area, v map[string]string) (investImportData, error) {
	lang := w.lang(r)
	d := investImportData{Area: z, AreaName: areaLabel(lang, z), Tabs: w.investTabs(httpx.Actor(r), z), MaxMiB: w.InvestIO.MaxFileSize() >> 20, V: v}
	for _, k := range invest.ImportKinds() {
		d.Kinds = append(d.Kinds, investImportKind{Code: string(k), Name: w.Catalog.T(lang, k.Key()), Columns: w.InvestIO.Spec(k).Columns})
	}
	for _, k := range invest.ImportKinds() {
		list, err := w.Jobs.List(r.Context(), httpx.Actor(r), jobs.Filter{Kind: k.Job(), Limit: 5})
		if err != nil {
			return d, err
		}
		d.Jobs = append(d.Jobs, list.Items...)
	}
	return d, nil
}

func (w *Web) investImportPage(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.writeZone(r)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	if kind == "" {
		kind = string(invest.ImportProjects)
	}
	d, err := w.investImportData(r, z, map[string]string{"kind": kind})
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "invest_import", Page{Title: "invest.ui.import_title", Data: d})
}

func (w *Web) investImportUpload(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.writeZone(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	id, err := func() (int64, error) {
		name, path, err := httpx.SpoolUpload(r, "file", w.InvestIO.MaxFileSize(), w.InvestIO.Options.TmpDir, w.InvestIO.TooLarge())
		if err != nil {
			return 0, err
		}
		req := invest.ImportRequest{Request: imports.Request{ZoneID: z.ID, Path: path, FileName: contract.CleanFileName(name),
			SkipBad: r.FormValue("skip_bad") == "on", Sheet: strings.TrimSpace(r.FormValue("sheet")), Lang: httpx.GetInfo(r.Context()).Lang},
			Kind: invest.ImportKind(r.FormValue("kind")), ZoneName: z.Name}
		return w.InvestIO.Submit(r.Context(), a, req)
	}()
	if err == nil {
		http.Redirect(rw, r, "/jobs/"+itoa(id), http.StatusSeeOther)
		return nil
	}
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.TooLarge && k != errs.BadRequest {
		return err
	}
	d, derr := w.investImportData(r, z, map[string]string{"kind": r.FormValue("kind"), "skip_bad": r.FormValue("skip_bad"), "sheet": r.FormValue("sheet")})
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
	return w.render(rw, r, httpx.Status(err), "invest_import", Page{Title: "invest.ui.import_title", Data: d, Errors: fe, Message: msg})
}

func (w *Web) investImportTemplate(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format := xlsx.ParseFormat(q.Get("format"))
	if format == 0 {
		format = xlsx.XLSX
	}
	kind := invest.ImportKind(q.Get("kind"))
	if kind == "" {
		kind = invest.ImportProjects
	}
	var buf bytes.Buffer
	if err := w.InvestIO.Template(httpx.Actor(r), &buf, kind, format, httpx.GetInfo(r.Context()).Lang); err != nil {
		return err
	}
	d := &httpx.Download{W: rw, Name: kind.Sheet() + "导入模板" + format.Ext(), ContentType: format.ContentType()}
	_, err := d.Write(buf.Bytes())
	return err
}
