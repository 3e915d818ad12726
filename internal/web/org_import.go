package web

import (
	"bytes"
	"net/http"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/xlsx"
)

// orgImportRoutes are the module's import pages.
func (w *Web) orgImportRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	upload := r("POST", "/zones/{slug}/party/import", w.orgImportUpload)
	if w.Imports != nil {
		upload.MaxBody = w.Imports.MaxFileSize() + 1<<20
	}
	return []httpx.Route{
		r("GET", "/zones/{slug}/party/import", w.orgImportPage),
		upload,
		r("GET", "/party/import/template", w.orgImportTemplate),
	}
}

type orgImportData struct {
	orgZone
	Kinds []option
	Calls []option
	Jobs  []jobs.Job
	Form  map[string]string
}

func (w *Web) orgImportData(r *http.Request, form map[string]string) (orgImportData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	oz, err := w.orgWriteZone(r)
	if err != nil {
		return orgImportData{}, err
	}
	d := orgImportData{orgZone: oz, Form: form}
	for _, k := range append(org.ImportKinds(), talent.ImportKind) {
		d.Kinds = append(d.Kinds, option{Code: k, Name: w.Catalog.T(lang, importKindKeys()[k])})
	}
	progs, err := w.Talents.Programmes(r.Context(), a, oz.Area.ID)
	if err != nil {
		return d, err
	}
	d.Calls = append(d.Calls, option{Code: "", Name: w.Catalog.T(lang, "org.ui.import_no_call")})
	for _, p := range progs {
		calls, err := w.Talents.Calls(r.Context(), a, p.ID)
		if err != nil {
			return d, err
		}
		for _, c := range calls {
			d.Calls = append(d.Calls, option{Code: itoa(c.ID), Name: c.Title})
		}
	}
	for _, k := range append(org.ImportKinds(), talent.ImportKind) {
		list, err := w.Jobs.List(r.Context(), a, jobs.Filter{Kind: k, Limit: 5})
		if err != nil {
			return d, err
		}
		d.Jobs = append(d.Jobs, list.Items...)
	}
	return d, nil
}

func (w *Web) orgImportPage(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.orgImportData(r, map[string]string{"kind": org.ImportOrganisations})
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "org_import", Page{Title: "org.ui.import_title", Data: d})
}

func (w *Web) orgImportUpload(rw http.ResponseWriter, r *http.Request) error {
	if _, err := w.orgWriteZone(r); err != nil {
		return err
	}
	id, err := w.startOrgImport(r)
	if err == nil {
		http.Redirect(rw, r, "/jobs/"+itoa(id), http.StatusSeeOther)
		return nil
	}
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.TooLarge && k != errs.BadRequest && k != errs.NotFound {
		return err
	}
	form := map[string]string{"kind": r.FormValue("kind"), "call": r.FormValue("call"), "skip_bad": r.FormValue("skip_bad")}
	d, derr := w.orgImportData(r, form)
	if derr != nil {
		return derr
	}
	fe, msg, _ := w.fieldErrors(r, err)
	if msg == "" {
		var e *errs.Error
		if asErrs(err, &e) {
			msg = w.Catalog.Msg(w.lang(r), e.Msg)
		}
	}
	return w.render(rw, r, httpx.Status(err), "org_import", Page{Title: "org.ui.import_title", Data: d, Errors: fe, Message: msg})
}

func (w *Web) startOrgImport(r *http.Request) (int64, error) {
	name, path, err := httpx.SpoolUpload(r, "file", w.Imports.MaxFileSize(), w.Imports.Options.TmpDir, w.Imports.TooLarge())
	if err != nil {
		return 0, err
	}
	req := imports.Request{Path: path, FileName: name, SkipBad: r.FormValue("skip_bad") == "on", Sheet: strings.TrimSpace(r.FormValue("sheet")),
		Lang: httpx.GetInfo(r.Context()).Lang}
	return w.SubmitPartyImport(r.Context(), httpx.Actor(r), r.FormValue("kind"), r.FormValue("call"), req)
}

func (w *Web) orgImportTemplate(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), org.ActionWrite); err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	var spec xlsx.Spec
	ok := true
	if kind == talent.ImportKind {
		spec = talent.ImportSpec()
	} else {
		spec, ok = org.ImportSpec(w.Catalog, kind)
	}
	if !ok {
		return errs.NotFoundf("entity.page")
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTemplate(&buf, xlsx.XLSX, spec.Written(), xlsx.In(w.Catalog, w.lang(r))); err != nil {
		return err
	}
	d := &httpx.Download{W: rw, Name: spec.Sheet + "导入模板.xlsx", ContentType: xlsx.XLSX.ContentType()}
	_, err := d.Write(buf.Bytes())
	return err
}

// partyImportKind reports whether a job is one of the module's imports (the
// job page lists its outcome and problems as a contract import's).
func partyImportKind(kind string) bool {
	return kind == talent.ImportKind || slices.Contains(org.ImportKinds(), kind)
}

// importKindKeys are the catalog keys of the import kinds' names.
func importKindKeys() map[string]string {
	return map[string]string{org.ImportOrganisations: "org.ui.import_org_organisations", org.ImportChainMembers: "org.ui.import_org_chain_members",
		org.ImportBranches: "org.ui.import_org_online_branches", talent.ImportKind: "org.ui.import_talent_applicants"}
}
