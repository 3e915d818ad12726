package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/xlsx"
)

// orgImportEndpoints are the module's imports: an upload runs as a job.
func (a *API) orgImportEndpoints() []endpoint {
	xlsxCSV := []string{xlsx.XLSX.ContentType(), xlsx.CSV.ContentType()}
	upload := endpoint{Method: "POST", Pattern: "/api/v1/zones/{slug}/party-imports", Handler: a.partyImport,
		Op: Op{Summary: "Import organisations, chain members, online branches or a call's applicants from .xlsx or .csv into the caller's zone; all rows or none, every bad row reported. Runs as a job: poll the url (Location)",
			Tag: "organisations", Form: apitypes.PartyImportForm{}, OK: []Resp{{Status: http.StatusAccepted, Body: apitypes.JobAccepted{}, Location: true,
				Doc: "accepted: the import runs as a job"}}, Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}}}
	if a.Imports != nil {
		upload.MaxBody = a.Imports.MaxFileSize() + 1<<20
	}
	return []endpoint{upload,
		{Method: "GET", Pattern: "/api/v1/party-imports/template", Handler: a.partyImportTemplate,
			Op: Op{Summary: "The file to fill in for one of the module's imports (xlsx with a 说明 sheet, or csv)", Tag: "organisations",
				Query: apitypes.PartyImportTemplateQuery{}, OK: []Resp{file(xlsxCSV...)}, Errors: []int{http.StatusUnprocessableEntity}}},
	}
}

// PartyImportSpec is the file of one of the module's import kinds.
func PartyImportSpec(a *API, kind string) (xlsx.Spec, bool) {
	if kind == talent.ImportKind {
		return talent.ImportSpec(), true
	}
	return org.ImportSpec(a.Catalog, kind)
}

func (a *API) partyImport(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	if err := a.Policy.Allow(actor, org.ActionWrite); err != nil {
		return err
	}
	if _, err := a.ownZone(r, org.ActionWrite); err != nil {
		return err
	}
	name, path, err := httpx.SpoolUpload(r, "file", a.Imports.MaxFileSize(), a.Imports.Options.TmpDir, a.Imports.TooLarge())
	if err != nil {
		return err
	}
	id, err := a.SubmitPartyImport(r.Context(), actor, r.FormValue("kind"), r.FormValue("call"), partyImportRequest(r, name, path))
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/jobs/", id, ""))
	return httpx.JSON(w, http.StatusAccepted, apitypes.JobAccepted{JobID: id, Status: apitypes.JobStatus(jobs.Queued), URL: idPath("/api/v1/jobs/", id, "")})
}

// partyImportRequest reads an upload's import options (skip_bad, sheet).
func partyImportRequest(r *http.Request, name, path string) imports.Request {
	return imports.Request{Path: path, FileName: name, SkipBad: formBool(r.FormValue("skip_bad")), Sheet: strings.TrimSpace(r.FormValue("sheet")),
		Lang: httpx.GetInfo(r.Context()).Lang}
}

func (a *API) partyImportTemplate(w http.ResponseWriter, r *http.Request) error {
	format, err := exportFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	spec, ok := PartyImportSpec(a, kind)
	if !ok {
		var f errs.Fields
		f.Add("kind", "org.err.import_kind")
		return f.Err()
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTemplate(&buf, format, spec.Written(), xlsx.In(a.Catalog, httpx.GetInfo(r.Context()).Lang)); err != nil {
		return err
	}
	d := &httpx.Download{W: w, Name: spec.Sheet + "导入模板" + format.Ext(), ContentType: format.ContentType()}
	_, err = d.Write(buf.Bytes())
	return err
}
