package jobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

func newRunner(t *testing.T, db *store.DB) *jobs.Runner {
	t.Helper()
	r := jobs.New(store.Jobs{DB: db}, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() { _ = r.Shutdown(context.Background()) })
	return r
}

var op = access.Actor{Username: "operator", Role: access.National}

// wait polls a job until it ends.
func wait(t *testing.T, r *jobs.Runner, id int64) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := r.Get(context.Background(), op, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status.Final() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d still %s", id, j.Status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestJobsLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRunner(t, db)
		ctx := context.Background()

		t.Run("done with result and report", func(t *testing.T) {
			report := bytes.Repeat([]byte("报告"), (4<<20)/6+100) // more than one stored chunk
			id, err := r.Submit(ctx, op, jobs.Job{Kind: "test", FileName: "a.csv"}, func(ctx context.Context, p *jobs.Progress) (any, error) {
				p.Stage(ctx, "import.stage.reading")
				for i := int64(1); i <= 10; i++ {
					p.Set(ctx, i, 10)
				}
				if err := p.Attach(ctx, "报告.csv", "text/csv", bytes.NewReader(report)); err != nil {
					return nil, err
				}
				return map[string]int{"rows": 10}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			j := wait(t, r, id)
			if j.Status != jobs.Done || j.Done != 10 || j.Total != 10 || j.Percent() != 100 || j.Error != nil || j.StartedAt.IsZero() || j.FinishedAt.IsZero() {
				t.Errorf("job %+v", j)
			}
			if string(j.Result) != `{"rows":10}` || j.CreatedByName != "operator" || j.FileName != "a.csv" {
				t.Errorf("result %s by %s file %s", j.Result, j.CreatedByName, j.FileName)
			}
			if j.Report == nil || j.Report.Size != int64(len(report)) || j.Report.Name != "报告.csv" {
				t.Fatalf("report %+v", j.Report)
			}
			var buf bytes.Buffer
			if err := r.WriteReport(ctx, op, id, func(jobs.File) io.Writer { return &buf }); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), report) {
				t.Errorf("report read back: %d bytes, want %d", buf.Len(), len(report))
			}
		})

		t.Run("failures say why", func(t *testing.T) {
			cases := []struct {
				name string
				task jobs.Task
				key  string
			}{
				{"user-facing", func(context.Context, *jobs.Progress) (any, error) {
					return map[string]int{"bad_rows": 2}, errs.E(errs.Invalid, "import.err.rejected", 2, errs.M("xlsx.enc.utf16"))
				}, "import.err.rejected"},
				{"internal", func(context.Context, *jobs.Progress) (any, error) { return nil, errors.New("disk on fire") }, "job.err.internal"},
				{"panic", func(context.Context, *jobs.Progress) (any, error) { panic("boom") }, "job.err.internal"},
			}
			for _, c := range cases {
				id, err := r.Submit(ctx, op, jobs.Job{Kind: "test"}, c.task)
				if err != nil {
					t.Fatal(err)
				}
				j := wait(t, r, id)
				if j.Status != jobs.Failed || j.Error == nil || j.Error.Key != c.key {
					t.Errorf("%s: %s %+v", c.name, j.Status, j.Error)
				}
				if c.name == "user-facing" {
					want := errs.M("import.err.rejected", int64(2), errs.M("xlsx.enc.utf16"))
					if diff := cmp.Diff(want, j.Error.Msg); diff != "" || string(j.Result) != `{"bad_rows":2}` {
						t.Errorf("message (-want +got):\n%s result %s", diff, j.Result)
					}
				}
			}
		})

		t.Run("shutdown interrupts and refuses", func(t *testing.T) {
			r := newRunner(t, db)
			started := make(chan struct{})
			id, err := r.Submit(ctx, op, jobs.Job{Kind: "test"}, func(ctx context.Context, p *jobs.Progress) (any, error) {
				close(started)
				<-ctx.Done()
				return nil, ctx.Err()
			})
			if err != nil {
				t.Fatal(err)
			}
			<-started
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			if err := r.Shutdown(sctx); err != nil {
				t.Fatal(err)
			}
			j, err := r.Get(ctx, op, id)
			if err != nil || j.Status != jobs.Failed || j.Error == nil || j.Error.Key != "job.err.shutdown" {
				t.Errorf("after shutdown: %+v %v", j, err)
			}
			if _, err := r.Submit(ctx, op, jobs.Job{Kind: "test"}, nil); !errs.Is(err, errs.Conflict) {
				t.Errorf("submit after shutdown: %v", err)
			}
		})

		t.Run("a dead node's jobs are failed", func(t *testing.T) {
			st := store.Jobs{DB: db}
			old := time.Now().Add(-time.Hour)
			dead, err := st.Create(ctx, jobs.Job{Kind: "test", Status: jobs.Running, CreatedByName: "x", Params: []byte("{}"), CreatedAt: old, HeartbeatAt: old})
			if err != nil {
				t.Fatal(err)
			}
			alive, err := st.Create(ctx, jobs.Job{Kind: "test", Status: jobs.Running, CreatedByName: "x", Params: []byte("{}"), CreatedAt: old, HeartbeatAt: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			ids, err := r.Recover(ctx, jobs.DefaultStale)
			if err != nil || len(ids) != 1 || ids[0] != dead {
				t.Fatalf("recovered %v %v, want [%d]", ids, err, dead)
			}
			if j, _ := r.Get(ctx, op, dead); j.Status != jobs.Failed || j.Error == nil || j.Error.Key != "job.err.abandoned" {
				t.Errorf("dead job %+v", j)
			}
			if j, _ := r.Get(ctx, op, alive); j.Status != jobs.Running {
				t.Errorf("live job %s", j.Status)
			}
		})

		t.Run("foreground run with watch", func(t *testing.T) {
			var seen []int64
			j, err := r.Run(ctx, op, jobs.Job{Kind: "test"}, func(ctx context.Context, p *jobs.Progress) (any, error) {
				for i := int64(1); i <= 3; i++ {
					p.Set(ctx, i, 3)
				}
				return nil, nil
			}, func(done, total int64, stage string) { seen = append(seen, done) })
			if err != nil || j.Status != jobs.Done {
				t.Fatalf("%+v %v", j, err)
			}
			if len(seen) != 3 {
				t.Errorf("watch saw %v", seen)
			}
		})

		t.Run("scope", func(t *testing.T) {
			id, err := r.Submit(ctx, op, jobs.Job{Kind: "test"}, func(context.Context, *jobs.Progress) (any, error) { return nil, nil })
			if err != nil {
				t.Fatal(err)
			}
			wait(t, r, id)
			ent := access.Actor{UserID: 999, Username: "ent", Role: access.Enterprise, EnterpriseID: 1, ZoneID: 1}
			if _, err := r.Get(ctx, ent, id); !errs.Is(err, errs.NotFound) {
				t.Errorf("an enterprise user sees another's job: %v", err)
			}
			if _, err := r.Get(ctx, access.Actor{}, id); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("nobody: %v", err)
			}
			list, err := r.List(ctx, ent, jobs.Filter{})
			if err != nil || len(list.Items) != 0 {
				t.Errorf("enterprise list %d %v", len(list.Items), err)
			}
		})
	})
}

func TestMessageJSON(t *testing.T) {
	m := jobs.NewMessage(errs.M("xlsx.err.encoding", errs.M("xlsx.enc.unknown"), "第 3 行", 12, 2.5, true))
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `{"key":"xlsx.enc.unknown"}`) {
		t.Errorf("nested message written as %s", b)
	}
	var back jobs.Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want := errs.M("xlsx.err.encoding", errs.M("xlsx.enc.unknown"), "第 3 行", int64(12), 2.5, true)
	if diff := cmp.Diff(want, back.Msg); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		j    jobs.Job
		want int
	}{
		{jobs.Job{Status: jobs.Running}, -1},
		{jobs.Job{Status: jobs.Running, Done: 1, Total: 3}, 33},
		{jobs.Job{Status: jobs.Running, Done: 5, Total: 3}, 100},
		{jobs.Job{Status: jobs.Done}, 100},
	} {
		if got := c.j.Percent(); got != c.want {
			t.Errorf("%+v: %d, want %d", c.j, got, c.want)
		}
	}
}

// TestSubmitBounded: past MaxOpenPerZone a zone's submission, and past
// MaxOpen any, is refused with RateLimited and a wait (429 with
// Retry-After at the edge), before anything is recorded; once a job ends
// the next is taken again.
func TestSubmitBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRunner(t, db)
		r.Store = zoneless{r.Store}
		r.MaxOpen, r.MaxOpenPerZone = 3, 2
		ctx := context.Background()
		release := make(chan struct{})
		block := func(ctx context.Context, p *jobs.Progress) (any, error) {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil, nil
		}
		submit := func(zone int64) (int64, error) {
			return r.Submit(ctx, op, jobs.Job{Kind: "test", ZoneID: zone, FileName: "a.xlsx"}, block)
		}
		var ids []int64
		for _, z := range []int64{1, 1, 2} {
			id, err := submit(z)
			if err != nil {
				t.Fatalf("zone %d: %v", z, err)
			}
			ids = append(ids, id)
		}
		_, err := submit(1)
		if errs.KindOf(err) != errs.RateLimited || errs.RetryAfter(err) != jobs.DefaultRetryAfter {
			t.Fatalf("third of zone 1: %v", err)
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Msg.Key != "job.err.busy_zone" {
			t.Errorf("message %v", err)
		}
		_, err = submit(3)
		if !errors.As(err, &e) || e.Msg.Key != "job.err.busy" || errs.KindOf(err) != errs.RateLimited {
			t.Errorf("fourth in all: %v", err)
		}
		close(release)
		for _, id := range ids {
			wait(t, r, id)
		}
		// The ended jobs' places are free (forget runs just after the end
		// is recorded).
		deadline := time.Now().Add(5 * time.Second)
		for {
			id, err := submit(1)
			if err == nil {
				wait(t, r, id)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after the jobs ended: %v", err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// zoneless stores jobs without their zone: the bound counts the zones the
// runner was given, and these tests have no zones in the database.
type zoneless struct{ jobs.Store }

func (z zoneless) Create(ctx context.Context, j jobs.Job) (int64, error) {
	j.ZoneID = 0
	return z.Store.Create(ctx, j)
}
