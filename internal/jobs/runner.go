package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Defaults of a Runner.
const (
	DefaultSlots          = 2                // jobs running at once on one node
	DefaultMaxOpen        = 32               // jobs queued or running on one node
	DefaultMaxOpenPerZone = 8                // of those, one zone's
	DefaultRetryAfter     = 30 * time.Second // what a refused submitter is told to wait
	DefaultBeat           = 10 * time.Second // heartbeat of open jobs
	DefaultStale          = 2 * time.Minute  // a heartbeat older than this is a dead node's
	DefaultWatchdog       = time.Minute      // how often a node looks for dead nodes' jobs
	progressInterval      = 500 * time.Millisecond
	finishTimeout         = 30 * time.Second
)

// errShutdown is the cause a job's context is cancelled with by Shutdown.
var errShutdown = errors.New("jobs: shutting down")

// Task is the work of a job. It reports progress through p and returns a
// result to store as JSON (also on failure, to say what was found). It must
// give up promptly when ctx is cancelled, leaving nothing half done.
type Task func(ctx context.Context, p *Progress) (result any, err error)

// Watch sees every progress update of a job run in the foreground (Run),
// unthrottled: the CLI prints from it.
type Watch func(done, total int64, stage string)

// Runner starts jobs on this node and records them in the Store.
type Runner struct {
	Store  Store
	Now    func() time.Time
	Logger *slog.Logger
	Node   string // names this node in the jobs it runs
	Slots  int    // jobs running at once; more wait queued
	// MaxOpen bounds the jobs queued or running on this node, and
	// MaxOpenPerZone one zone's share of them: each holds an upload on
	// disk and, once running, up to an upload's memory budget
	// (internal/xlsx), so past them a submission is refused with
	// RateLimited and a wait rather than queued without end. 0: no bound.
	MaxOpen        int
	MaxOpenPerZone int
	Beat           time.Duration // heartbeat interval

	mu      sync.Mutex
	live    map[int64]context.CancelCauseFunc
	zoneOf  map[int64]int64 // open submitted job (or a submission, < 0) → its zone
	pending int64           // the last submission's key in zoneOf
	closing bool
	wg      sync.WaitGroup
	sem     chan struct{}
	beating bool
	stopped bool
	stop    chan struct{}
}

// New returns a Runner with the default limits.
func New(store Store, now func() time.Time, logger *slog.Logger) *Runner {
	host, _ := os.Hostname()
	return &Runner{Store: store, Now: now, Logger: logger, Node: host + ":" + strconv.Itoa(os.Getpid()),
		Slots: DefaultSlots, Beat: DefaultBeat, MaxOpen: DefaultMaxOpen, MaxOpenPerZone: DefaultMaxOpenPerZone}
}

func (r *Runner) init() {
	if r.live == nil {
		r.live = map[int64]context.CancelCauseFunc{}
		r.zoneOf = map[int64]int64{}
		r.sem = make(chan struct{}, max(1, r.Slots))
		r.stop = make(chan struct{})
	}
}

// newJob fills what every job starts with.
func (r *Runner) newJob(a access.Actor, j Job) Job {
	now := r.Now()
	j.ID, j.Status, j.Done, j.Result, j.Error, j.Report = 0, Queued, 0, nil, nil, nil
	j.CreatedBy, j.CreatedByName = a.UserID, a.Username
	j.CreatedAt, j.HeartbeatAt, j.Node = now, now, r.Node
	if len(j.Params) == 0 {
		j.Params = json.RawMessage("{}")
	}
	return j
}

// Submit records j as queued and runs task in the background, at most Slots
// at a time on this node. The job outlives the request that submitted it:
// its context is the Runner's, cancelled only by Shutdown.
func (r *Runner) Submit(ctx context.Context, a access.Actor, j Job, task Task) (int64, error) {
	r.mu.Lock()
	r.init()
	closing := r.closing
	if err := r.admit(j.ZoneID); err != nil {
		r.mu.Unlock()
		return 0, err
	}
	// Held for this submission until the job is recorded as live, so
	// that parallel submissions cannot all pass the bound.
	r.pending--
	pending := r.pending
	r.zoneOf[pending] = j.ZoneID
	r.mu.Unlock()
	release := func() {
		r.mu.Lock()
		delete(r.zoneOf, pending)
		r.mu.Unlock()
	}
	if closing {
		release()
		return 0, errs.E(errs.Conflict, "job.err.shutting_down")
	}
	id, err := r.Store.Create(ctx, r.newJob(a, j))
	if err != nil {
		release()
		return 0, fmt.Errorf("jobs: create: %w", err)
	}
	jctx, cancel := context.WithCancelCause(context.Background())
	r.mu.Lock()
	delete(r.zoneOf, pending)
	if r.closing {
		r.mu.Unlock()
		cancel(errShutdown)
		r.finish(jctx, id, nil, context.Canceled)
		return id, nil
	}
	r.live[id] = cancel
	r.zoneOf[id] = j.ZoneID
	r.wg.Add(1)
	r.startBeat()
	r.mu.Unlock()
	go func() {
		defer r.wg.Done()
		defer r.forget(id, cancel)
		select {
		case r.sem <- struct{}{}:
		case <-jctx.Done():
			r.finish(jctx, id, nil, context.Cause(jctx))
			return
		}
		defer func() { <-r.sem }()
		r.execute(jctx, id, task, nil)
	}()
	return id, nil
}

// Run records j and runs task in the caller's goroutine (the CLI), calling
// watch on every progress update, and returns the job as it ended. ctx
// cancelled (Ctrl+C) fails the job as interrupted.
func (r *Runner) Run(ctx context.Context, a access.Actor, j Job, task Task, watch Watch) (Job, error) {
	id, err := r.Store.Create(ctx, r.newJob(a, j))
	if err != nil {
		return Job{}, fmt.Errorf("jobs: create: %w", err)
	}
	jctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.execute(jctx, id, task, watch)
	return r.Store.Get(context.WithoutCancel(ctx), a, id)
}

// admit refuses a submission past MaxOpen or MaxOpenPerZone; r.mu is held.
func (r *Runner) admit(zone int64) error {
	inZone := 0
	for _, z := range r.zoneOf {
		if z == zone {
			inZone++
		}
	}
	if r.MaxOpenPerZone > 0 && inZone >= r.MaxOpenPerZone {
		return errs.E(errs.RateLimited, "job.err.busy_zone", inZone).Retry(DefaultRetryAfter)
	}
	if r.MaxOpen > 0 && len(r.zoneOf) >= r.MaxOpen {
		return errs.E(errs.RateLimited, "job.err.busy", len(r.zoneOf)).Retry(DefaultRetryAfter)
	}
	return nil
}

func (r *Runner) forget(id int64, cancel context.CancelCauseFunc) {
	cancel(nil)
	r.mu.Lock()
	delete(r.live, id)
	delete(r.zoneOf, id)
	r.mu.Unlock()
}

func (r *Runner) execute(ctx context.Context, id int64, task Task, watch Watch) {
	if err := r.Store.Start(ctx, id, r.Node, r.Now()); err != nil {
		r.finish(ctx, id, nil, err)
		return
	}
	p := &Progress{r: r, id: id, watch: watch}
	result, err := r.safely(ctx, task, p)
	// The last update may have fallen within the throttle's interval.
	p.write(context.WithoutCancel(ctx))
	if err == nil && ctx.Err() != nil {
		// Cancelled after the work's last check: what it did stands, as
		// the task reported no failure.
		r.Logger.Info("job finished as it was cancelled", "job", id)
	}
	r.finish(ctx, id, result, err)
}

// safely runs task, turning a panic into an internal error so one bad job
// cannot take the node down.
func (r *Runner) safely(ctx context.Context, task Task, p *Progress) (result any, err error) {
	defer func() {
		if v := recover(); v != nil {
			r.Logger.Error("job panicked", "job", p.id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			result, err = nil, fmt.Errorf("jobs: panic: %v", v)
		}
	}()
	return task(ctx, p)
}

// finish records the end. It uses a context of its own: the job's may be
// the cancelled one whose failure this records.
func (r *Runner) finish(ctx context.Context, id int64, result any, err error) {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	status := Done
	var errJSON, resJSON []byte
	if err != nil {
		status = Failed
		errJSON = encodeMsg(r.failure(ctx, id, err))
	}
	if result != nil {
		b, jerr := json.Marshal(result)
		if jerr != nil {
			r.Logger.Error("job result not storable", "job", id, "err", jerr)
		} else {
			resJSON = b
		}
	}
	if ferr := r.Store.Finish(fctx, id, status, resJSON, errJSON, r.Now()); ferr != nil {
		r.Logger.Error("job end not recorded", "job", id, "status", status, "err", ferr)
	}
}

// failure is the message a failed job shows: the user-facing error of the
// work, or that it was interrupted, or — for anything else, logged — that it
// failed inside.
func (r *Runner) failure(ctx context.Context, id int64, err error) errs.Msg {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		if errors.Is(context.Cause(ctx), errShutdown) {
			return errs.M("job.err.shutdown")
		}
		return errs.M("job.err.cancelled")
	}
	var e *errs.Error
	if errors.As(err, &e) && e.Kind != errs.Internal {
		return e.Msg
	}
	r.Logger.Error("job failed", "job", id, "err", err)
	return errs.M("job.err.internal")
}

// Shutdown stops accepting jobs, cancels the running ones and waits until
// each has recorded its end (failed: interrupted by a shutdown) or ctx ends.
// Work is not waited for: a long import would outlast any sensible stop
// timeout, and an all-or-nothing job loses nothing by being redone.
func (r *Runner) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	r.init()
	r.closing = true
	for _, cancel := range r.live {
		cancel(errShutdown)
	}
	if !r.stopped {
		// Ends the heartbeat and the watchdog.
		close(r.stop)
		r.stopped = true
	}
	r.beating = false
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: shutdown: %w", ctx.Err())
	}
}

// Recover fails the open jobs whose node stopped sending heartbeats more
// than stale ago: a node that crashed or was killed. Call it at start.
func (r *Runner) Recover(ctx context.Context, stale time.Duration) ([]int64, error) {
	now := r.Now()
	ids, err := r.Store.Abandon(ctx, now.Add(-stale), encodeMsg(errs.M("job.err.abandoned")), now)
	if err != nil {
		return nil, fmt.Errorf("jobs: recover: %w", err)
	}
	return ids, nil
}

// Watchdog runs Recover every interval until Shutdown, so the jobs of a
// node that died are failed even when no node starts after it.
func (r *Runner) Watchdog(interval, stale time.Duration) {
	r.mu.Lock()
	r.init()
	if r.closing {
		r.mu.Unlock()
		return
	}
	stop := r.stop
	r.mu.Unlock()
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), interval)
			ids, err := r.Recover(ctx, stale)
			switch {
			case errors.Is(err, context.DeadlineExceeded):
				// SQLite's one writer was busy the whole interval (a
				// large import's commit): look again next time.
				r.Logger.Info("job watchdog skipped: database busy")
			case err != nil:
				r.Logger.Warn("job watchdog", "err", err)
			case len(ids) > 0:
				r.Logger.Warn("failed jobs of a stopped node", "jobs", ids)
			}
			cancel()
		}
	}()
}

// startBeat starts the heartbeat of this node's open jobs; r.mu is held.
func (r *Runner) startBeat() {
	if r.beating || r.stopped {
		return
	}
	r.beating = true
	beat := r.Beat
	if beat <= 0 {
		beat = DefaultBeat
	}
	stop := r.stop
	go func() {
		t := time.NewTicker(beat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			r.mu.Lock()
			ids := make([]int64, 0, len(r.live))
			for id := range r.live {
				ids = append(ids, id)
			}
			r.mu.Unlock()
			if len(ids) == 0 {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), beat)
			if err := r.Store.Heartbeat(ctx, ids, r.Now()); err != nil {
				r.Logger.Warn("job heartbeat", "err", err)
			}
			cancel()
		}
	}()
}

// Get returns a job the actor may see.
func (r *Runner) Get(ctx context.Context, a access.Actor, id int64) (Job, error) {
	if a.Anonymous() {
		return Job{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	return r.Store.Get(ctx, a, id)
}

// List returns a page of the jobs the actor may see, newest first.
func (r *Runner) List(ctx context.Context, a access.Actor, f Filter) (paging.Page[Job], error) {
	if a.Anonymous() {
		return paging.Page[Job]{}, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	f.Limit = paging.Size(f.Limit)
	return r.Store.List(ctx, a, f)
}

// WriteReport copies a visible job's file to w; NotFound when it has none.
func (r *Runner) WriteReport(ctx context.Context, a access.Actor, id int64, w func(File) io.Writer) error {
	j, err := r.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if j.Report == nil {
		return errs.NotFoundf("job.entity_report")
	}
	return r.Store.WriteReport(ctx, id, w(*j.Report))
}

// Progress is how a running task reports.
type Progress struct {
	r     *Runner
	id    int64
	watch Watch

	mu    sync.Mutex
	done  int64
	total int64
	stage string
	last  time.Time
}

// JobID is the job's id.
func (p *Progress) JobID() int64 { return p.id }

// Set records units done of total (0 when not known yet). It writes to the
// store at most twice a second.
func (p *Progress) Set(ctx context.Context, done, total int64) {
	p.mu.Lock()
	p.done, p.total = done, total
	due := time.Since(p.last) >= progressInterval
	if due {
		p.last = time.Now()
	}
	stage := p.stage
	p.mu.Unlock()
	if p.watch != nil {
		p.watch(done, total, stage)
	}
	if due {
		p.write(ctx)
	}
}

// Stage records the current step (a catalog key) and writes at once.
func (p *Progress) Stage(ctx context.Context, key string) {
	p.mu.Lock()
	p.stage = key
	done, total := p.done, p.total
	p.mu.Unlock()
	if p.watch != nil {
		p.watch(done, total, key)
	}
	p.write(ctx)
}

func (p *Progress) write(ctx context.Context) {
	p.mu.Lock()
	done, total, stage := p.done, p.total, p.stage
	p.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	// Progress is advisory: a failed write is logged, not fatal.
	if err := p.r.Store.Progress(ctx, p.id, done, total, stage, p.r.Now()); err != nil && ctx.Err() == nil {
		p.r.Logger.Warn("job progress", "job", p.id, "err", err)
	}
}

// Attach stores a file with the job (an error report), read from rd.
func (p *Progress) Attach(ctx context.Context, name, contentType string, rd io.Reader) error {
	if err := p.r.Store.PutReport(ctx, p.id, File{Name: name, ContentType: contentType}, rd); err != nil {
		return fmt.Errorf("jobs: report of job %d: %w", p.id, err)
	}
	return nil
}
