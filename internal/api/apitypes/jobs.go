package apitypes

import (
	"encoding/json"
	"time"

	"github.com/innopark/innopark/internal/jobs"
)

// JobStatus is where a job stands.
type JobStatus string

// Enum lists the statuses.
func (JobStatus) Enum() []string { return strs(jobs.Statuses()) }

// Message is a message as a catalog key and its arguments.
type Message struct {
	Key  string            `json:"key"`
	Args []json.RawMessage `json:"args,omitempty"`
}

// JobFile is a file kept with a job.
type JobFile struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// JobParams are what a job was started with.
type JobParams struct {
	SkipBad bool   `json:"skip_bad"`
	Lang    string `json:"lang"`
	Sheet   string `json:"sheet,omitempty" doc:"the worksheet chosen"`
}

// ImportProblem is a bad cell or row of an imported file.
type ImportProblem struct {
	Row     int     `json:"row"`
	Column  string  `json:"column,omitempty"`
	Message Message `json:"message"`
}

// ImportColumn says how one column of an imported file was read.
type ImportColumn struct {
	Column string `json:"column" doc:"the heading as written in the file"`
	Key    string `json:"key" doc:"the field it fills"`
	Field  string `json:"field" doc:"the field's heading on the form"`
	Unit   string `json:"unit,omitempty" doc:"amounts: the unit plain numbers are read in (元, 万元, 亿元)"`
}

// ImportResult is what an import did.
type ImportResult struct {
	FileName   string          `json:"file_name"`
	SHA256     string          `json:"sha256"`
	Format     string          `json:"format,omitempty"`
	Sheet      string          `json:"sheet,omitempty"`
	SkipBad    bool            `json:"skip_bad"`
	Rows       int             `json:"rows" doc:"data rows read"`
	Imported   int             `json:"imported" doc:"records stored"`
	Skipped    int             `json:"skipped" doc:"bad rows left out (skip_bad)"`
	PassedOver int             `json:"passed_over" doc:"rows left out with a note: totals rows, records in progress"`
	BadRows    int             `json:"bad_rows"`
	Problems   int             `json:"problems"`
	List       []ImportProblem `json:"problem_list,omitempty" doc:"the first problems"`
	Notes      []ImportProblem `json:"notes,omitempty" doc:"what was passed over or read in a way worth knowing (row 0: the file)"`
	Columns    []ImportColumn  `json:"columns,omitempty" doc:"how each column of the file was read"`
	Ignored    []string        `json:"ignored_columns,omitempty" doc:"columns not imported"`
	FirstID    int64           `json:"first_id,omitempty"`
	LastID     int64           `json:"last_id,omitempty"`
	BatchID    int64           `json:"batch_id,omitempty" doc:"a notice's list import: the batch recorded"`
}

// Job is a background job with its progress and outcome.
type Job struct {
	ID            int64         `json:"id"`
	Kind          string        `json:"kind"`
	ZoneID        int64         `json:"zone_id,omitempty"`
	ZoneName      string        `json:"zone_name,omitempty"`
	CreatedBy     int64         `json:"created_by,omitempty"`
	CreatedByName string        `json:"created_by_name"`
	Status        JobStatus     `json:"status"`
	Done          int64         `json:"done"`
	Total         int64         `json:"total"`
	Percent       int           `json:"percent" minimum:"-1" maximum:"100" doc:"share done; -1 while the total is unknown"`
	Stage         string        `json:"stage,omitempty" doc:"catalog key of the current step"`
	FileName      string        `json:"file_name,omitempty"`
	FileSHA256    string        `json:"file_sha256,omitempty"`
	Params        *JobParams    `json:"params,omitempty"`
	Result        *ImportResult `json:"result,omitempty"`
	Error         *Message      `json:"error,omitempty"`
	Message       string        `json:"message,omitempty" doc:"the failure in the caller's language"`
	Report        *JobFile      `json:"report,omitempty"`
	ReportURL     string        `json:"report_url,omitempty"`
	Node          string        `json:"node,omitempty"`
	CreatedAt     time.Time     `json:"created_at"`
	StartedAt     *time.Time    `json:"started_at"`
	FinishedAt    *time.Time    `json:"finished_at"`
	HeartbeatAt   *time.Time    `json:"heartbeat_at"`
}

// JobAccepted is a job started: poll its url.
type JobAccepted struct {
	JobID  int64     `json:"job_id"`
	Status JobStatus `json:"status"`
	URL    string    `json:"url"`
}

// ImportForm is the multipart body of an import.
type ImportForm struct {
	File    string `json:"file" format:"binary" doc:".xlsx or .csv with the registration form's headers"`
	Zone    string `json:"zone,omitempty" doc:"slug of the zone; national users name it"`
	SkipBad bool   `json:"skip_bad,omitempty" doc:"store the good rows and leave the bad ones out; otherwise one bad row stores nothing"`
	Sheet   string `json:"sheet,omitempty" doc:"the worksheet to read when the workbook has several and none is named 技术合同"`
}
