// Package jobs runs long work — an import of a million contracts — in the
// background and keeps its state in the database, so that any app node can
// show a job's progress and result, not only the node running it.
//
// A job is queued, runs, and ends done or failed. While it runs its node
// writes progress (units done of a total, and the current step as a catalog
// key) at most twice a second, and a heartbeat every few seconds; at the end
// it stores the result (JSON), the failure (a catalog message, translated when
// shown) and, if the work left one, a file such as an import's error report,
// in chunks so it is never held in memory whole.
//
// Shutdown does not wait for a long job to finish: it cancels the running
// jobs, whose work must give up at its next step and leave nothing behind,
// and records them as failed ("interrupted by a shutdown; nothing was
// stored"). A node that dies without shutting down leaves its jobs running
// with a stale heartbeat; Recover, called when a node starts, fails those
// with a message saying so. The heartbeat keeps a job that is alive on
// another node from being taken for dead.
package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Status is where a job is.
type Status string

const (
	Queued  Status = "queued"  // accepted, waiting for a free slot on its node
	Running Status = "running" // being worked on
	Done    Status = "done"    // finished; Result says what it did
	Failed  Status = "failed"  // gave up; Error says why, Result may say more
)

// Statuses lists every status.
func Statuses() []Status { return []Status{Queued, Running, Done, Failed} }

// Final reports whether nothing will happen to the job any more.
func (s Status) Final() bool { return s == Done || s == Failed }

// Key is the catalog key of the status's name.
func (s Status) Key() string { return "job.status." + string(s) }

// File is a file a job left, such as an error report.
type File struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Job is one piece of background work.
type Job struct {
	ID            int64           `json:"id"`
	Kind          string          `json:"kind"`
	ZoneID        int64           `json:"zone_id,omitempty"`
	ZoneName      string          `json:"zone_name,omitempty"`
	CreatedBy     int64           `json:"created_by,omitempty"`
	CreatedByName string          `json:"created_by_name"`
	Status        Status          `json:"status"`
	Done          int64           `json:"done"`
	Total         int64           `json:"total"`
	Stage         string          `json:"stage,omitempty"` // catalog key of the current step
	FileName      string          `json:"file_name,omitempty"`
	FileSHA256    string          `json:"file_sha256,omitempty"`
	Params        json.RawMessage `json:"params,omitempty"`
	Result        json.RawMessage `json:"result,omitempty"`
	Error         *Message        `json:"error,omitempty"`
	Report        *File           `json:"report,omitempty"`
	Node          string          `json:"node,omitempty"`
	CreatedAt     time.Time       `json:"created_at"`
	StartedAt     time.Time       `json:"started_at"`
	FinishedAt    time.Time       `json:"finished_at"`
	HeartbeatAt   time.Time       `json:"heartbeat_at"`
}

// Percent is the share done, 0–100; -1 while the total is unknown.
func (j Job) Percent() int {
	switch {
	case j.Status == Done:
		return 100
	case j.Total <= 0:
		return -1
	}
	return int(math.Min(100, math.Floor(float64(j.Done)*100/float64(j.Total))))
}

// Filter narrows a list of jobs, newest first. Cursor is opaque, from a
// Page; Limit is a page size (paging.Size).
type Filter struct {
	Kind   string
	ZoneID int64
	Cursor string
	Limit  int
}

// Store keeps jobs. Get, List and the report are narrowed to what the actor
// may see: its own jobs, and its scope's jobs for roles that oversee a zone.
type Store interface {
	// Create stores a new job as j states it and returns its id.
	Create(ctx context.Context, j Job) (int64, error)
	// Start marks a queued job running on node.
	Start(ctx context.Context, id int64, node string, at time.Time) error
	// Progress records progress and refreshes the heartbeat.
	Progress(ctx context.Context, id int64, done, total int64, stage string, at time.Time) error
	// Heartbeat refreshes the heartbeat of jobs still open.
	Heartbeat(ctx context.Context, ids []int64, at time.Time) error
	// Finish records the end of a job: status, result and error as JSON.
	Finish(ctx context.Context, id int64, status Status, result, errJSON []byte, at time.Time) error
	// Abandon fails the open jobs whose heartbeat is older than before,
	// with errJSON as their error, and returns their ids.
	Abandon(ctx context.Context, before time.Time, errJSON []byte, at time.Time) ([]int64, error)
	Get(ctx context.Context, a access.Actor, id int64) (Job, error)
	List(ctx context.Context, a access.Actor, f Filter) (paging.Page[Job], error)
	// PutReport stores a job's file from r, replacing any earlier one.
	PutReport(ctx context.Context, id int64, f File, r io.Reader) error
	// WriteReport copies the file of a job (already found visible with
	// Get) to w.
	WriteReport(ctx context.Context, id int64, w io.Writer) error
}

// Message is an errs.Msg that survives a trip through JSON: an argument that
// is itself a message stays one, so it is translated when shown. Numbers
// come back as int64 when whole.
type Message struct{ errs.Msg }

// NewMessage wraps m.
func NewMessage(m errs.Msg) *Message { return &Message{m} }

type wireMsg struct {
	Key  string            `json:"key"`
	Args []json.RawMessage `json:"args,omitempty"`
}

// MarshalJSON writes {"key": …, "args": […]}.
func (m Message) MarshalJSON() ([]byte, error) {
	w := wireMsg{Key: m.Key}
	for _, a := range m.Args {
		var b []byte
		var err error
		switch v := a.(type) {
		case errs.Msg:
			b, err = Message{v}.MarshalJSON()
		case *errs.Msg:
			b, err = Message{*v}.MarshalJSON()
		case error:
			// Never an internal detail: messages carry user-facing values.
			b, err = json.Marshal(fmt.Sprint(v))
		default:
			b, err = json.Marshal(v)
		}
		if err != nil {
			return nil, fmt.Errorf("jobs: message %s: %w", m.Key, err)
		}
		w.Args = append(w.Args, b)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (m *Message) UnmarshalJSON(b []byte) error {
	var w wireMsg
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	m.Key, m.Args = w.Key, nil
	for _, raw := range w.Args {
		raw = bytes.TrimSpace(raw)
		if len(raw) > 0 && raw[0] == '{' {
			var sub Message
			if err := sub.UnmarshalJSON(raw); err != nil {
				return err
			}
			m.Args = append(m.Args, sub.Msg)
			continue
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			v = int64(f)
		}
		m.Args = append(m.Args, v)
	}
	return nil
}

func encodeMsg(m errs.Msg) []byte {
	b, err := Message{m}.MarshalJSON()
	if err != nil {
		// A message whose arguments cannot be written still says what
		// happened by its key.
		b, _ = Message{errs.M(m.Key)}.MarshalJSON()
	}
	return b
}

// DecodeMessage reads a stored message; nil for none.
func DecodeMessage(b []byte) (*Message, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("jobs: stored message: %w", err)
	}
	return &m, nil
}
