package indicator

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
)

type fakeVersion struct {
	v     atomic.Uint64
	known atomic.Bool
}

func (f *fakeVersion) DataVersion() (uint64, bool) { return f.v.Load(), f.known.Load() }

func cacheService(src Versioned, max int) *Service {
	return &Service{Cache: NewCache(src, max), Now: func() time.Time { return time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC) }}
}

func TestCacheHitsMissesAndKeys(t *testing.T) {
	src := &fakeVersion{}
	src.known.Store(true)
	s := cacheService(src, 2)
	calls := 0
	compute := func() (int, error) { calls++; return calls, nil }
	zoneA := access.Actor{UserID: 1, Role: access.ZoneAdmin, ZoneID: 7}
	zoneA2 := access.Actor{UserID: 2, Role: access.ZoneAdmin, ZoneID: 7} // same scope, another user
	zoneB := access.Actor{UserID: 3, Role: access.ZoneAdmin, ZoneID: 8}

	get := func(a access.Actor, q string) int {
		t.Helper()
		v, err := cached(s, a, "k", q, compute)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get(zoneA, "q1") != 1 || get(zoneA, "q1") != 1 || get(zoneA2, "q1") != 1 {
		t.Error("one scope, one question: computed more than once")
	}
	if get(zoneB, "q1") != 2 {
		t.Error("another scope shared an answer")
	}
	if get(zoneA, "q2") != 3 {
		t.Error("another question shared an answer")
	}
	// A moved version: computed again.
	src.v.Add(1)
	if get(zoneA, "q1") != 4 || get(zoneA, "q1") != 4 {
		t.Error("not recomputed once after a change")
	}
	// Unknown version: never cached.
	src.known.Store(false)
	if get(zoneA, "q1") != 5 || get(zoneA, "q1") != 6 {
		t.Error("answered from the cache while the version was unknown")
	}
	src.known.Store(true)
	// Errors are not kept.
	n := 0
	for i := 0; i < 2; i++ {
		_, err := cached(s, zoneA, "k", "bad", func() (int, error) { n++; return 0, errors.New("boom") })
		if err == nil {
			t.Fatal("error lost")
		}
	}
	if n != 2 {
		t.Errorf("a failed computation was cached (%d calls)", n)
	}
	// Full: emptied rather than grown past the bound.
	for i := 0; i < 10; i++ {
		get(zoneA, "fill"+string(rune('a'+i)))
	}
	if len(s.Cache.entries) > 2 {
		t.Errorf("%d entries, bound 2", len(s.Cache.entries))
	}
	if h, m := s.Cache.Stats(); h == 0 || m == 0 {
		t.Errorf("stats %d hits %d misses", h, m)
	}
}

// Under concurrent reads and changes, an answer is never older than the
// data version its caller saw before asking.
func TestCacheNeverServesOlderThanSeen(t *testing.T) {
	src := &fakeVersion{}
	src.known.Store(true)
	s := cacheService(src, 64)
	a := access.Actor{Role: access.National}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				src.v.Add(1)
				time.Sleep(50 * time.Microsecond)
			}
		}
	}()
	var bad atomic.Int64
	var readers sync.WaitGroup
	for g := 0; g < 8; g++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := 0; i < 2000; i++ {
				seen := src.v.Load()
				got, _ := cached(s, a, "k", "q", func() (uint64, error) { return src.v.Load(), nil })
				if got < seen {
					bad.Add(1)
				}
			}
		}()
	}
	readers.Wait()
	close(stop)
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d answers older than the version seen before asking", bad.Load())
	}
}
