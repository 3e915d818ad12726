package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// investImportEndpoints are the imports of a zone's pipeline, trips and
// visits (background jobs, see /api/v1/jobs) and their templates.
func (a *API) investImportEndpoints() []endpoint {
	xlsxCSV := []string{xlsx.XLSX.ContentType(), xlsx.CSV.ContentType()}
	upload := endpoint{Method: "POST", Pattern: "/api/v1/zones/{slug}/investment-imports", Handler: a.importInvest,
		Op: Op{Summary: "Import the caller's zone's pipeline, trips or visits from .xlsx or .csv (amounts in 万元 unless a heading says 元 or 亿元). Runs as a job: poll the url (Location); one bad row stores nothing unless skip_bad, and every problem is in the job's result and its error report", Tag: "investment",
			Form: apitypes.InvestImportForm{}, OK: []Resp{{Status: http.StatusAccepted, Body: apitypes.JobAccepted{}, Location: true,
				Doc: "accepted: the import runs as a job"}}, Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}}}
	if a.InvestIO != nil {
		upload.MaxBody = a.InvestIO.MaxFileSize() + 1<<20
	}
	return []endpoint{
		upload,
		{Method: "GET", Pattern: "/api/v1/investment-imports/template", Handler: a.investImportTemplate,
			Op: Op{Summary: "The investment import file to fill in (xlsx with a 说明 sheet, or csv)", Tag: "investment",
				Query: apitypes.InvestTemplateQuery{}, OK: []Resp{file(xlsxCSV...)}, Errors: []int{http.StatusUnprocessableEntity}}},
	}
}

func (a *API) importInvest(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	z, err := a.writableZone(r)
	if err != nil {
		return err
	}
	// Refuse a caller that may not import before reading the upload.
	if err := a.InvestIO.Authorize(actor, z.ID); err != nil {
		return err
	}
	name, path, err := httpx.SpoolUpload(r, "file", a.InvestIO.MaxFileSize(), a.InvestIO.Options.TmpDir, a.InvestIO.TooLarge())
	if err != nil {
		return err
	}
	req := invest.ImportRequest{Request: imports.Request{ZoneID: z.ID, Path: path, FileName: name, SkipBad: formBool(r.FormValue("skip_bad")),
		Sheet: strings.TrimSpace(r.FormValue("sheet")), Lang: httpx.GetInfo(r.Context()).Lang},
		Kind: invest.ImportKind(r.FormValue("kind")), ZoneName: z.Name}
	id, err := a.InvestIO.Submit(r.Context(), actor, req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/jobs/", id, ""))
	return httpx.JSON(w, http.StatusAccepted, apitypes.JobAccepted{JobID: id, Status: apitypes.JobStatus(jobs.Queued), URL: idPath("/api/v1/jobs/", id, "")})
}

func (a *API) investImportTemplate(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format, err := exportFormat(q.Get("format"))
	if err != nil {
		return err
	}
	kind := invest.ImportKind(q.Get("kind"))
	if kind == "" {
		kind = invest.ImportProjects
	}
	if !kind.Valid() {
		var f errs.Fields
		f.Add("kind", "invest.err.import_kind")
		return f.Err()
	}
	var buf bytes.Buffer
	if err := a.InvestIO.Template(httpx.Actor(r), &buf, kind, format, httpx.GetInfo(r.Context()).Lang); err != nil {
		return err
	}
	d := &httpx.Download{W: w, Name: InvestTemplateName(kind, format), ContentType: format.ContentType()}
	_, err = d.Write(buf.Bytes())
	return err
}

// InvestTemplateName is the file name of an investment import template.
func InvestTemplateName(k invest.ImportKind, f xlsx.Format) string {
	return k.Sheet() + "导入模板" + f.Ext()
}
