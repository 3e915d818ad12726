package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/projectio"
	"github.com/innopark/innopark/internal/xlsx"
)

// projectImportEndpoints are the imports of a project list and of
// investment reports, and their templates.
func (a *API) projectImportEndpoints() []endpoint {
	const tag = "projects"
	xlsxCSV := []string{xlsx.XLSX.ContentType(), xlsx.CSV.ContentType()}
	accepted := []Resp{{Status: http.StatusAccepted, Body: apitypes.JobAccepted{}, Location: true, Doc: "accepted: the import runs as a job"}}
	var max int64
	if a.ProjectIO != nil {
		max = a.ProjectIO.MaxFileSize() + 1<<20
	}
	return []endpoint{
		{Method: "POST", Pattern: "/api/v1/projects/import", Handler: a.importProjectsHandler(projectio.KindProjects), MaxBody: max,
			Op: Op{Summary: "Import a project list (重点项目台账) into the caller's zone from .xlsx or .csv; all or nothing unless skip_bad. Runs as a job: poll the url (Location)",
				Tag: tag, Form: apitypes.ProjectImportForm{}, OK: accepted}},
		{Method: "POST", Pattern: "/api/v1/projects/progress/import", Handler: a.importProjectsHandler(projectio.KindReports), MaxBody: max,
			Op: Op{Summary: "Import monthly or 旬 investment reports of the caller's projects from .xlsx or .csv; all or nothing unless skip_bad. Runs as a job: poll the url (Location)",
				Tag: tag, Form: apitypes.ProjectImportForm{}, OK: accepted}},
		{Method: "GET", Pattern: "/api/v1/projects/import/template", Handler: a.projectTemplateHandler(projectio.KindProjects),
			Op: Op{Summary: "The project list to fill in (xlsx with a 说明 sheet, or csv)", Tag: tag, Query: apitypes.FormatQuery{},
				OK: []Resp{file(xlsxCSV...)}, Errors: []int{http.StatusUnprocessableEntity}}},
		{Method: "GET", Pattern: "/api/v1/projects/progress/import/template", Handler: a.projectTemplateHandler(projectio.KindReports),
			Op: Op{Summary: "The investment reports file to fill in (xlsx with a 说明 sheet, or csv)", Tag: tag, Query: apitypes.FormatQuery{},
				OK: []Resp{file(xlsxCSV...)}, Errors: []int{http.StatusUnprocessableEntity}}},
	}
}

func (a *API) importProjectsHandler(kind string) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		actor := httpx.Actor(r)
		// Refuse a role that may never import before reading its upload.
		if err := a.ProjectIO.Allow(actor, kind); err != nil {
			return err
		}
		name, path, err := httpx.SpoolUpload(r, "file", a.ProjectIO.MaxFileSize(), a.ProjectIO.Options.TmpDir, a.ProjectIO.TooLarge())
		if err != nil {
			return err
		}
		req := projectio.Request{Path: path, FileName: attach.CleanName(name), SkipBad: formBool(r.FormValue("skip_bad")),
			Sheet: strings.TrimSpace(r.FormValue("sheet")), Lang: httpx.GetInfo(r.Context()).Lang}
		id, err := a.ProjectIO.Submit(r.Context(), actor, kind, req)
		if err != nil {
			return err
		}
		w.Header().Set("Location", idPath("/api/v1/jobs/", id, ""))
		return httpx.JSON(w, http.StatusAccepted, apitypes.JobAccepted{JobID: id, Status: apitypes.JobStatus(jobs.Queued), URL: idPath("/api/v1/jobs/", id, "")})
	}
}

func (a *API) projectTemplateHandler(kind string) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		format, err := exportFormat(r.URL.Query().Get("format"))
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := a.ProjectIO.Template(httpx.Actor(r), kind, &buf, format, httpx.GetInfo(r.Context()).Lang); err != nil {
			return err
		}
		d := &httpx.Download{W: w, Name: projectio.TemplateName(kind, format), ContentType: format.ContentType()}
		_, err = d.Write(buf.Bytes())
		return err
	}
}
