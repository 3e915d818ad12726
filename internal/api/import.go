package api

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/xlsx"
)

// importRoutes lists the registry's import and export endpoints and the
// background jobs imports run as.
func (a *API) importRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.API, Handler: h}
	}
	upload := r("POST", "/api/v1/contracts/import", a.importContracts)
	if a.Imports != nil {
		// The file's own limit plus the form around it; beyond that the
		// request is cut off rather than read to its end.
		upload.MaxBody = a.Imports.MaxFileSize() + 1<<20
	}
	return []httpx.Route{
		upload,
		r("GET", "/api/v1/contracts/import/template", a.importTemplate),
		r("GET", "/api/v1/contracts/export", a.exportContracts),
		r("GET", "/api/v1/jobs", a.listJobs),
		r("GET", "/api/v1/jobs/{id}", a.getJob),
		r("GET", "/api/v1/jobs/{id}/report", a.jobReport),
	}
}

// formBool reads a checkbox-like form or query value.
func formBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

func (a *API) importContracts(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r)
	// Refuse a role that may never import before reading its upload.
	if err := a.Imports.Policy.Allow(actor, contractio.ActionImport); err != nil {
		return err
	}
	name, path, err := httpx.SpoolUpload(r, "file", a.Imports.MaxFileSize(), a.Imports.Options.TmpDir, a.Imports.TooLarge())
	if err != nil {
		return err
	}
	req := contractio.Request{Path: path, FileName: name, SkipBad: formBool(r.FormValue("skip_bad")), Lang: httpx.GetInfo(r.Context()).Lang}
	if slug := r.FormValue("zone"); slug != "" {
		z, err := a.Zones.BySlug(r.Context(), actor, slug)
		if err != nil {
			_ = os.Remove(path)
			return err
		}
		req.ZoneID = z.ID
	}
	id, err := a.Imports.Submit(r.Context(), actor, req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/jobs/"+strconv.FormatInt(id, 10))
	return httpx.JSON(w, http.StatusAccepted, map[string]any{"job_id": id, "status": jobs.Queued, "url": "/api/v1/jobs/" + strconv.FormatInt(id, 10)})
}

// exportFormat reads ?format=, xlsx by default.
func exportFormat(s string) (xlsx.Format, error) {
	if s == "" {
		return xlsx.XLSX, nil
	}
	f := xlsx.ParseFormat(s)
	if f == 0 {
		var fe errs.Fields
		fe.Add("format", "import.err.format")
		return 0, fe.Err()
	}
	return f, nil
}

func (a *API) importTemplate(w http.ResponseWriter, r *http.Request) error {
	format, err := exportFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := a.Imports.Template(r.Context(), httpx.Actor(r), &buf, format, httpx.GetInfo(r.Context()).Lang); err != nil {
		return err
	}
	d := &httpx.Download{W: w, Name: "技术合同登记导入模板" + format.Ext(), ContentType: format.ContentType()}
	_, err = d.Write(buf.Bytes())
	return err
}

func (a *API) exportContracts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	format, err := exportFormat(q.Get("format"))
	if err != nil {
		return err
	}
	actor := httpx.Actor(r)
	f, err := listq.Contracts(r.Context(), a.Zones, actor, q)
	if err != nil {
		return err
	}
	if err := a.Imports.CheckExport(actor, f); err != nil {
		return err
	}
	name := ExportName(civil.Today(a.Auth.Now()), format)
	d := &httpx.Download{W: w, Name: name, ContentType: format.ContentType()}
	if _, err := a.Imports.Export(r.Context(), actor, f, format, d); err != nil {
		if !d.Started() {
			return err
		}
		// Too late for a status: the client gets a cut-off file.
		httpx.LogError(r, err)
	}
	return nil
}

// ExportName is the file name of an export made on day.
func ExportName(day civil.Date, f xlsx.Format) string {
	return "技术合同-" + strings.ReplaceAll(day.String(), "-", "") + f.Ext()
}

// jobView is a job as the API returns it: with its failure in the caller's
// language, the share done, and where its report is.
type jobView struct {
	jobs.Job
	Percent   int    `json:"percent"`
	Message   string `json:"message,omitempty"`
	ReportURL string `json:"report_url,omitempty"`
}

func (a *API) jobView(r *http.Request, j jobs.Job) jobView {
	v := jobView{Job: j, Percent: j.Percent()}
	if j.Error != nil {
		v.Message = a.Catalog.Msg(httpx.GetInfo(r.Context()).Lang, j.Error.Msg)
	}
	if j.Report != nil {
		v.ReportURL = "/api/v1/jobs/" + strconv.FormatInt(j.ID, 10) + "/report"
	}
	return v
}

func (a *API) listJobs(w http.ResponseWriter, r *http.Request) error {
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Jobs.List(r.Context(), httpx.Actor(r), jobs.Filter{Kind: r.URL.Query().Get("kind"), Cursor: p.Cursor, Limit: p.Limit})
	if err != nil {
		return err
	}
	out := make([]jobView, 0, len(page.Items))
	for _, j := range page.Items {
		out = append(out, a.jobView(r, j))
	}
	return httpx.JSON(w, http.StatusOK, items[jobView]{Items: out, Next: page.Next})
}

func (a *API) getJob(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	j, err := a.Jobs.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, a.jobView(r, j))
}

func (a *API) jobReport(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var d *httpx.Download
	err = a.Jobs.WriteReport(r.Context(), httpx.Actor(r), id, func(f jobs.File) io.Writer {
		d = &httpx.Download{W: w, Name: f.Name, ContentType: f.ContentType}
		return d
	})
	if err != nil && d != nil && d.Started() {
		httpx.LogError(r, err)
		return nil
	}
	return err
}

// importDocs documents the import, export and job endpoints.
func importDocs() Docs {
	const tag = "contracts"
	filters := []string{"format", "zone", "seller", "status", "type", "field", "from", "to", "q"}
	msg := obj(map[string]any{"key": tStr, "args": map[string]any{"type": "array", "items": map[string]any{}}}, "key")
	job := obj(map[string]any{"id": tInt, "kind": tStr, "zone_id": tInt, "zone_name": tStr, "created_by": tInt, "created_by_name": tStr,
		"status": map[string]any{"type": "string", "enum": []string{"queued", "running", "done", "failed"}},
		"done":   tInt, "total": tInt, "percent": tInt, "stage": tStr, "file_name": tStr, "file_sha256": tStr,
		"params": map[string]any{"type": "object"}, "error": msg, "message": tStr,
		"result": obj(map[string]any{"file_name": tStr, "sha256": tStr, "format": tStr, "sheet": tStr, "skip_bad": tBool,
			"rows": tInt, "imported": tInt, "skipped": tInt, "bad_rows": tInt, "problems": tInt,
			"problem_list":    map[string]any{"type": "array", "items": obj(map[string]any{"row": tInt, "column": tStr, "message": msg})},
			"ignored_columns": map[string]any{"type": "array", "items": tStr}, "first_id": tInt, "last_id": tInt}),
		"report": obj(map[string]any{"name": tStr, "content_type": tStr, "size": tInt}), "report_url": tStr,
		"node": tStr, "created_at": tStr, "started_at": tStr, "finished_at": tStr, "heartbeat_at": tStr})
	schemas := map[string]any{
		"Job":         job,
		"JobList":     pageOf("Job"),
		"JobAccepted": obj(map[string]any{"job_id": tInt, "status": tStr, "url": tStr}, "job_id", "status"),
	}
	return Docs{
		"POST /api/v1/contracts/import": {Summary: "Import historical registrations from .xlsx or .csv (multipart field \"file\"; \"zone\" slug for national users; " +
			"\"skip_bad\"=true stores the good rows and leaves the bad ones out, otherwise one bad row stores nothing). Runs as a job: poll its url", Tag: tag,
			Response: "JobAccepted", Status: 202, Schemas: schemas},
		"GET /api/v1/contracts/import/template": {Summary: "The import file to fill in (xlsx with a 说明 sheet, or csv)", Tag: tag, Query: []string{"format"}},
		"GET /api/v1/contracts/export":          {Summary: "Every contract of a filtered list, scoped like the list, as .xlsx (default) or .csv, streamed; importable again", Tag: tag, Query: filters},
		"GET /api/v1/jobs":                      {Summary: "Background jobs the caller started or oversees, newest first", Tag: "jobs", Response: "JobList", Query: append([]string{"kind"}, listq.PageParams...)},
		"GET /api/v1/jobs/{id}":                 {Summary: "A job: status, progress, result (an import's counts and its problems), failure message", Tag: "jobs", Response: "Job"},
		"GET /api/v1/jobs/{id}/report":          {Summary: "A job's file: an import's error report (a copy of the file with an error column)", Tag: "jobs"},
	}
}
