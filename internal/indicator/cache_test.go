package indicator

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/zone"
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
		v, err := cached(s, a, "k", q, depOnAll(), compute)
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
		_, err := cached(s, zoneA, "k", "bad", depOnAll(), func() (int, error) { n++; return 0, errors.New("boom") })
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
				got, _ := cached(s, a, "k", "q", depOnAll(), func() (uint64, error) { return src.v.Load(), nil })
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

// fakeZones is a ZoneVersioned in memory: a base version and changes per
// zone and year, as store.DB keeps them.
type fakeZones struct {
	mu    sync.Mutex
	base  uint64
	zones map[int64]map[int]uint64
}

func newFakeZones() *fakeZones { return &fakeZones{zones: map[int64]map[int]uint64{}} }

func (f *fakeZones) change(zone int64, year int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if zone == 0 {
		f.base++
		return
	}
	if f.zones[zone] == nil {
		f.zones[zone] = map[int]uint64{}
	}
	f.zones[zone][year]++
}

func (f *fakeZones) DataVersion() (uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := f.base
	for _, ys := range f.zones {
		for _, n := range ys {
			v += n
		}
	}
	return v, true
}

func (f *fakeZones) BaseVersion() (uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.base, true
}

func (f *fakeZones) ZoneVersion(zone int64, year int) (uint64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := f.base
	for y, n := range f.zones[zone] {
		if y <= year {
			v += n
		}
	}
	return v, true
}

// A change in one zone recomputes that zone's answers (for its year and
// later ones) and those over every zone, and leaves the other zones'
// answers, earlier years' and the areas' cached; a change to areas
// recomputes everything.
func TestCachePerZone(t *testing.T) {
	src := newFakeZones()
	s := cacheService(src, 100)
	a := access.Actor{Role: access.National}
	calls := map[string]int{}
	get := func(q string, d dep) int {
		t.Helper()
		v, err := cached(s, a, "k", q, d, func() (int, error) { calls[q]++; return calls[q], nil })
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	all := func() map[string]int {
		return map[string]int{
			"z1-2023":  get("z1-2023", depOnZone(1, 2023)),
			"z1-2024":  get("z1-2024", depOnZone(1, 2024)),
			"z2-2024":  get("z2-2024", depOnZone(2, 2024)),
			"national": get("national", depOnAll()),
			"area":     get("area", depOnBase()),
		}
	}
	first := all()
	if again := all(); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("unchanged data recomputed: %v then %v", first, again)
	}
	src.change(1, 2024)
	got := all()
	want := map[string]int{"z1-2023": 1, "z1-2024": 2, "z2-2024": 1, "national": 2, "area": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after a change in zone 1, 2024: %v, want %v", got, want)
	}
	src.change(1, 2022) // an earlier year: every later view of the zone
	got = all()
	want = map[string]int{"z1-2023": 2, "z1-2024": 3, "z2-2024": 1, "national": 3, "area": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after a change in zone 1, 2022: %v, want %v", got, want)
	}
	src.change(0, 0) // areas
	got = all()
	want = map[string]int{"z1-2023": 3, "z1-2024": 4, "z2-2024": 2, "national": 4, "area": 2}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after a change to areas: %v, want %v", got, want)
	}
}

// Under concurrent reads and changes to random zones (and now and then to
// everything), an answer about a zone is never older than the zone's
// version its caller saw before asking, nor an answer over every zone
// older than the data version seen.
func TestCacheNeverServesOlderThanSeenPerZone(t *testing.T) {
	src := newFakeZones()
	s := cacheService(src, 64)
	a := access.Actor{Role: access.National}
	const zones = 4
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				z := int64(i % (zones + 1)) // 0: everything
				src.change(z, 2020+i%6)
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
				z, y := int64(1+(g+i)%zones), 2020+i%6
				seen, _ := src.ZoneVersion(z, y)
				q := fmt.Sprint(z, y)
				got, _ := cached(s, a, "k", q, depOnZone(z, y), func() (uint64, error) {
					v, _ := src.ZoneVersion(z, y)
					return v, nil
				})
				if got < seen {
					bad.Add(1)
				}
				seenAll, _ := src.DataVersion()
				gotAll, _ := cached(s, a, "k", "all", depOnAll(), func() (uint64, error) {
					v, _ := src.DataVersion()
					return v, nil
				})
				if gotAll < seenAll {
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

// areaStore counts the areas read from it; the rest of Store is not used.
type areaStore struct {
	Store
	reads atomic.Int64
}

func (s *areaStore) AreaBySlug(_ context.Context, _ access.Actor, slug string) (zone.Area, error) {
	s.reads.Add(1)
	if slug == "nowhere" {
		return zone.Area{}, errs.NotFoundf("zone.entity.area")
	}
	return zone.Area{ID: 7, Slug: slug}, nil
}

// Without a figure cache an area is still read once per reader until areas
// change (the rankings' materialisations keep it); a refusal is not kept,
// and each reader's scope is its own entry.
func TestAreaKeptWithoutFigureCache(t *testing.T) {
	src := newFakeZones()
	st := &areaStore{}
	s := &Service{Store: st, Rankings: NewRankings(src), Policy: access.DefaultPolicy(Policy())}
	ctx := context.Background()
	national := access.Actor{Role: access.National, UserID: 1}
	read := func(a access.Actor, slug string, want int64) {
		t.Helper()
		if _, err := s.cachedArea(ctx, a, slug); err != nil && slug != "nowhere" {
			t.Fatal(err)
		}
		if got := st.reads.Load(); got != want {
			t.Fatalf("%s: %d reads of the store, want %d", slug, got, want)
		}
	}
	read(national, "beijing", 1)
	read(national, "beijing", 1)
	read(access.Actor{Role: access.ZoneAdmin, UserID: 2, ZoneID: 7}, "beijing", 2)
	src.change(7, 2026) // a zone's data: the area stays
	read(national, "beijing", 2)
	src.change(0, 0) // areas changed
	read(national, "beijing", 3)
	read(national, "nowhere", 4)
	read(national, "nowhere", 5)
}
