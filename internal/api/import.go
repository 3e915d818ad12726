package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/xlsx"
)

// importEndpoints lists the registry's import and export endpoints and the
// background jobs imports run as.
func (a *API) importEndpoints() []endpoint {
	const tag = "contracts"
	xlsxCSV := []string{xlsx.XLSX.ContentType(), xlsx.CSV.ContentType()}
	upload := endpoint{Method: "POST", Pattern: "/api/v1/contracts/import", Handler: a.importContracts,
		Op: Op{Summary: "Import historical registrations from .xlsx or .csv. Runs as a job: poll the url (Location)", Tag: tag,
			Form: apitypes.ImportForm{}, OK: []Resp{{Status: http.StatusAccepted, Body: apitypes.JobAccepted{}, Location: true,
				Doc: "accepted: the import runs as a job"}}, Errors: []int{http.StatusNotFound, http.StatusTooManyRequests}}}
	if a.Imports != nil {
		// The file's own limit plus the form around it; beyond that the
		// request is cut off rather than read to its end.
		upload.MaxBody = a.Imports.MaxFileSize() + 1<<20
	}
	return []endpoint{
		upload,
		{Method: "GET", Pattern: "/api/v1/contracts/import/template", Handler: a.importTemplate,
			Op: Op{Summary: "The import file to fill in (xlsx with a 说明 sheet, or csv)", Tag: tag, Query: apitypes.FormatQuery{},
				OK: []Resp{file(xlsxCSV...)}, Errors: []int{http.StatusUnprocessableEntity}}},
		{Method: "GET", Pattern: "/api/v1/contracts/export", Handler: a.exportContracts,
			Op: Op{Summary: "Every contract of a filtered list, scoped like the list and in its order, as .xlsx (default) or .csv, streamed; importable again", Tag: tag,
				Query: apitypes.ExportQuery{}, OK: []Resp{file(xlsxCSV...)}, Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity}}},
		{Method: "GET", Pattern: "/api/v1/jobs", Handler: a.listJobs,
			Op: Op{Summary: "Background jobs the caller started or oversees, newest first, keyset-paginated", Tag: "jobs", Query: apitypes.JobQuery{},
				OK: []Resp{ok(apitypes.PageOf[apitypes.Job](nil, ""))}}},
		{Method: "GET", Pattern: "/api/v1/jobs/{id}", Handler: a.getJob,
			Op: Op{Summary: "A job: status, progress, result (an import's counts and its problems), failure message", Tag: "jobs",
				OK: []Resp{ok(apitypes.Job{})}}},
		{Method: "GET", Pattern: "/api/v1/jobs/{id}/report", Handler: a.jobReport,
			Op: Op{Summary: "A job's file: an import's error report (a copy of the file with an error column)", Tag: "jobs",
				OK: []Resp{file(xlsxCSV...)}}},
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
	req := contractio.Request{Path: path, FileName: name, SkipBad: formBool(r.FormValue("skip_bad")), Sheet: strings.TrimSpace(r.FormValue("sheet")),
		Lang: httpx.GetInfo(r.Context()).Lang}
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
	w.Header().Set("Location", idPath("/api/v1/jobs/", id, ""))
	return httpx.JSON(w, http.StatusAccepted, apitypes.JobAccepted{JobID: id, Status: apitypes.JobStatus(jobs.Queued), URL: idPath("/api/v1/jobs/", id, "")})
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

// jobOut is a job as the API returns it: with its failure in the caller's
// language, the share done, and where its report is.
func (a *API) jobOut(r *http.Request, j jobs.Job) apitypes.Job {
	v := apitypes.Job{ID: j.ID, Kind: j.Kind, ZoneID: j.ZoneID, ZoneName: j.ZoneName, CreatedBy: j.CreatedBy,
		CreatedByName: j.CreatedByName, Status: apitypes.JobStatus(j.Status), Done: j.Done, Total: j.Total, Percent: j.Percent(),
		Stage: j.Stage, FileName: j.FileName, FileSHA256: j.FileSHA256, Node: j.Node, CreatedAt: j.CreatedAt,
		StartedAt: instant(j.StartedAt), FinishedAt: instant(j.FinishedAt), HeartbeatAt: instant(j.HeartbeatAt)}
	if len(j.Params) > 0 {
		var p apitypes.JobParams
		if json.Unmarshal(j.Params, &p) == nil {
			v.Params = &p
		}
	}
	if len(j.Result) > 0 {
		var res apitypes.ImportResult
		if json.Unmarshal(j.Result, &res) == nil {
			v.Result = &res
		}
	}
	if j.Error != nil {
		v.Message = a.Catalog.Msg(httpx.GetInfo(r.Context()).Lang, j.Error.Msg)
		var m apitypes.Message
		if b, err := json.Marshal(j.Error); err == nil && json.Unmarshal(b, &m) == nil {
			v.Error = &m
		}
	}
	if j.Report != nil {
		v.Report = &apitypes.JobFile{Name: j.Report.Name, ContentType: j.Report.ContentType, Size: j.Report.Size}
		v.ReportURL = idPath("/api/v1/jobs/", j.ID, "/report")
	}
	return v
}

// instant is t, or nil (null) when unset.
func instant(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
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
	out := apitypes.Map(page.Items, func(j jobs.Job) apitypes.Job { return a.jobOut(r, j) })
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(out, page.Next))
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
	return httpx.JSON(w, http.StatusOK, a.jobOut(r, j))
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
