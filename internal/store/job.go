package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/paging"
)

// Jobs is the jobs.Store.
type Jobs struct{ DB *DB }

var _ jobs.Store = Jobs{}

// jobChunk is the size of one stored piece of a job's file: large enough
// that a 100 MB report is a few dozen rows, small enough to stream.
const jobChunk = 4 << 20

const jobCols = `j.id, j.kind, COALESCE(j.zone_id, 0), COALESCE(a.name, ''), COALESCE(j.created_by, 0), j.created_by_name,
	j.status, j.done, j.total, j.stage, j.file_name, j.file_sha256, j.params_json, COALESCE(j.result_json, ''),
	COALESCE(j.error_json, ''), j.report_name, j.report_type, j.report_size, j.node,
	j.created_at, j.started_at, j.finished_at, j.heartbeat_at`

const jobFrom = ` FROM jobs j LEFT JOIN areas a ON a.id = j.zone_id`

func scanJob(sc interface{ Scan(...any) error }) (jobs.Job, error) {
	var j jobs.Job
	var params, result, errJSON, rname, rtype string
	var rsize int64
	err := sc.Scan(&j.ID, &j.Kind, &j.ZoneID, &j.ZoneName, &j.CreatedBy, &j.CreatedByName,
		&j.Status, &j.Done, &j.Total, &j.Stage, &j.FileName, &j.FileSHA256, &params, &result,
		&errJSON, &rname, &rtype, &rsize, &j.Node,
		scanTime{&j.CreatedAt}, scanTime{&j.StartedAt}, scanTime{&j.FinishedAt}, scanTime{&j.HeartbeatAt})
	if err != nil {
		return j, err
	}
	if params != "" {
		j.Params = []byte(params)
	}
	if result != "" {
		j.Result = []byte(result)
	}
	if j.Error, err = jobs.DecodeMessage([]byte(errJSON)); err != nil {
		return j, err
	}
	if rname != "" {
		j.Report = &jobs.File{Name: rname, ContentType: rtype, Size: rsize}
	}
	return j, nil
}

// jobScope: a user always sees the jobs it started; beyond those, the jobs of
// the zones its role oversees (an enterprise user none).
func jobScope(a access.Actor) (string, []any) {
	cond, args := scope(a, "j.zone_id", "")
	return "(j.created_by = ? OR " + cond + ")", append([]any{a.UserID}, args...)
}

// Create stores a new job.
func (s Jobs) Create(ctx context.Context, j jobs.Job) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO jobs (kind, zone_id, created_by, created_by_name, status, done, total, stage,
			file_name, file_sha256, params_json, node, created_at, heartbeat_at)
			VALUES (?, ?, ?, ?, ?, 0, 0, '', ?, ?, ?, ?, ?, ?) RETURNING id`,
			j.Kind, nullID(j.ZoneID), nullID(j.CreatedBy), j.CreatedByName, string(j.Status),
			j.FileName, j.FileSHA256, string(j.Params), j.Node, ts(j.CreatedAt), ts(j.HeartbeatAt)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("create job: %w", err)
	}
	return id, nil
}

func (s Jobs) exec(ctx context.Context, what string, query string, args ...any) error {
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, query, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("job %s: %w", what, err)
	}
	return nil
}

// Start marks a job running.
func (s Jobs) Start(ctx context.Context, id int64, node string, at time.Time) error {
	return s.exec(ctx, "start", "UPDATE jobs SET status = ?, node = ?, started_at = ?, heartbeat_at = ? WHERE id = ?",
		string(jobs.Running), node, ts(at), ts(at), id)
}

// Progress records progress and the heartbeat.
func (s Jobs) Progress(ctx context.Context, id int64, done, total int64, stage string, at time.Time) error {
	return s.exec(ctx, "progress", "UPDATE jobs SET done = ?, total = ?, stage = ?, heartbeat_at = ? WHERE id = ? AND status = ?",
		done, total, stage, ts(at), id, string(jobs.Running))
}

// Heartbeat refreshes open jobs' heartbeats.
func (s Jobs) Heartbeat(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{ts(at)}
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, string(jobs.Queued), string(jobs.Running))
	return s.exec(ctx, "heartbeat", "UPDATE jobs SET heartbeat_at = ? WHERE id IN "+placeholders(len(ids))+" AND status IN (?, ?)", args...)
}

// Finish records a job's end. It overrides a failure Abandon recorded
// meanwhile: the node was alive after all, and its word is the last.
func (s Jobs) Finish(ctx context.Context, id int64, status jobs.Status, result, errJSON []byte, at time.Time) error {
	return s.exec(ctx, "finish", `UPDATE jobs SET status = ?, result_json = ?, error_json = ?, finished_at = ?, heartbeat_at = ?,
		done = CASE WHEN ? = 'done' THEN total ELSE done END WHERE id = ?`,
		string(status), nullBytes(result), nullBytes(errJSON), ts(at), ts(at), string(status), id)
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// Abandon fails the open jobs of dead nodes.
func (s Jobs) Abandon(ctx context.Context, before time.Time, errJSON []byte, at time.Time) ([]int64, error) {
	var ids []int64
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		var err error
		ids, err = queryAll(ctx, tx.Q, scanInt64, "SELECT id FROM jobs WHERE status IN (?, ?) AND heartbeat_at < ?",
			string(jobs.Queued), string(jobs.Running), ts(before))
		if err != nil {
			return fmt.Errorf("stale jobs: %w", err)
		}
		for _, id := range ids {
			if _, err := tx.Exec(ctx, "UPDATE jobs SET status = ?, error_json = ?, finished_at = ? WHERE id = ?",
				string(jobs.Failed), string(errJSON), ts(at), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("abandon jobs: %w", err)
	}
	removeSideFiles(s.DB, ids)
	return ids, nil
}

// Get returns a visible job.
func (s Jobs) Get(ctx context.Context, a access.Actor, id int64) (jobs.Job, error) {
	cond, args := jobScope(a)
	j, err := scanJob(s.DB.Read().QueryRow(ctx, "SELECT "+jobCols+jobFrom+" WHERE j.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return j, errs.NotFoundf("job.entity")
	}
	if err != nil {
		return j, fmt.Errorf("get job %d: %w", id, err)
	}
	return j, nil
}

// List returns a page of the visible jobs, newest first (by id, the
// primary key).
func (s Jobs) List(ctx context.Context, a access.Actor, f jobs.Filter) (paging.Page[jobs.Job], error) {
	cond, args := jobScope(a)
	where := []string{cond}
	if f.Kind != "" {
		where = append(where, "j.kind = ?")
		args = append(args, f.Kind)
	}
	if f.ZoneID != 0 {
		where = append(where, "j.zone_id = ?")
		args = append(args, f.ZoneID)
	}
	cond = strings.Join(where, " AND ")
	if err := olderThan(&cond, &args, "j", f.Cursor, "j.id"); err != nil {
		return paging.Page[jobs.Job]{}, err
	}
	out, err := queryAll(ctx, s.DB.Read(), scanJob, "SELECT "+jobCols+jobFrom+" WHERE "+cond+" ORDER BY j.id DESC LIMIT ?",
		append(args, f.Limit+1)...)
	if err != nil {
		return paging.Page[jobs.Job]{}, fmt.Errorf("list jobs: %w", err)
	}
	return pageOf(out, f.Limit, "j", func(j jobs.Job) (string, int64) { return "", j.ID }), nil
}

// PutReport stores a job's file in chunks, each in its own short
// transaction so a large report never holds the writer long; the file's
// name and size are recorded last, so a half-written file is never offered.
func (s Jobs) PutReport(ctx context.Context, id int64, f jobs.File, r io.Reader) error {
	if err := s.exec(ctx, "report", "UPDATE jobs SET report_name = '', report_type = '', report_size = 0 WHERE id = ?", id); err != nil {
		return err
	}
	if err := s.exec(ctx, "report", "DELETE FROM job_files WHERE job_id = ?", id); err != nil {
		return err
	}
	buf := make([]byte, jobChunk)
	var size int64
	for part := 0; ; part++ {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			size += int64(n)
			if err := s.exec(ctx, "report", "INSERT INTO job_files (job_id, part, data) VALUES (?, ?, ?)", id, part, buf[:n]); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("job %d report: %w", id, err)
		}
	}
	return s.exec(ctx, "report", "UPDATE jobs SET report_name = ?, report_type = ?, report_size = ? WHERE id = ?",
		f.Name, f.ContentType, size, id)
}

// WriteReport streams a job's file to w, one chunk per query.
func (s Jobs) WriteReport(ctx context.Context, id int64, w io.Writer) error {
	for part := 0; ; part++ {
		var data []byte
		err := s.DB.Read().QueryRow(ctx, "SELECT data FROM job_files WHERE job_id = ? AND part = ?", id, part).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("job %d report: %w", id, err)
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("job %d report: %w", id, err)
		}
	}
}
