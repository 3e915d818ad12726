package contractio

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// Kind is the job kind of a contract import.
const Kind = "contract_import"

// ActionImport is importing a zone's historical registrations: the
// registration point, the zone's administration, and nationally.
const ActionImport access.Action = "contract.import"

// Policy is the import's part of the access policy (access.DefaultPolicy).
// Exporting is reading (contract.ActionRead), scoped like the list.
func Policy() map[access.Action][]access.Role {
	return map[access.Action][]access.Role{ActionImport: {access.National, access.ZoneAdmin, access.Registrar}}
}

// DefaultBatch is how many rows are checked against the store and staged
// at once.
const DefaultBatch = 500

// StoredRef names a stored contract a row collides with.
type StoredRef struct {
	ID     int64
	ZoneID int64
	RegNo  string
	Name   string
}

// Staged is a checked row as the store stages it.
type Staged struct {
	Seq      int64
	Row      int
	Contract contract.Contract
	DupKey   string // contract.DuplicateKey(Contract), computed once
	History  []contract.Step
}

// Commit is what the store needs to move a job's staged rows into the
// registry in one transaction.
type Commit struct {
	JobID     int64
	ZoneID    int64
	Rows      int             // staged rows the commit must find, or it refuses
	Rollups   []indicator.Row // summed over the staged rows
	Serials   map[string]int  // highest imported serial per counter scope
	ActorName string          // for the history steps
	Audit     map[string]any  // the one audit record's facts
	Settings  contract.Settings
}

// Store is what imports and exports need from storage.
type Store interface {
	// Point is the zone's registration point; ok false when it has none.
	Point(ctx context.Context, zoneID int64) (p contract.Point, ok bool, err error)
	// Seller finds the enterprise of the zone with the code.
	Seller(ctx context.Context, zoneID int64, uscc string) (s Seller, ok bool, err error)
	// Stored finds stored contracts holding any of the duplicate keys (see
	// contract.HoldsDuplicateKey) and any of the registration numbers.
	Stored(ctx context.Context, dupKeys, regNos []string) (byKey, byRegNo map[string]StoredRef, err error)
	// Begin starts the staging of a job's checked rows, by the actor.
	Begin(ctx context.Context, jobID int64, actor access.Actor) (Staging, error)
	// Export calls fn with every contract of the filtered list the actor
	// may see, in the list's order, lines loaded (Cursor and Limit unused).
	Export(ctx context.Context, a access.Actor, f contract.Filter, fn func(contract.Record) error) error
}

// Staging holds one import's checked rows, seen by no one else, until they
// are committed or dropped; where it keeps them is the store's choice (see
// store.ContractImports.Begin). Its methods are called from one goroutine
// at a time.
type Staging interface {
	// Stage writes a batch of checked rows, without making others wait
	// for the import while the file is read.
	Stage(ctx context.Context, rows []Staged) error
	// Commit moves the staged rows into the registry with their lines,
	// history, rollups, serial counters and one audit record, in one
	// transaction, and returns the first and last contract id.
	Commit(ctx context.Context, c Commit) (first, last int64, err error)
	// Drop removes what was staged and releases the staging; after a
	// successful Commit it only releases.
	Drop(ctx context.Context) error
}

// Zones resolves the zone of an import.
type Zones interface {
	AreaByID(ctx context.Context, a access.Actor, id int64) (zone.Area, error)
}

// Request is one import (see imports.Request).
type Request = imports.Request

// Progress is how an import reports; *jobs.Progress is one.
type Progress = imports.Progress

// Problem is one problem of one row, as a job's result lists it.
type Problem = imports.Problem

// Service imports and exports registry records.
type Service struct {
	Store    Store
	Zones    Zones
	Jobs     *jobs.Runner
	Policy   *access.Policy
	Catalog  *i18n.Catalog
	Checker  contract.Checker  // the one the registry's forms and API use
	Settings contract.Settings // rule sets: registration-number layouts
	Now      func() time.Time
	Options  xlsx.Options // file limits
	Batch    int
}

// Outcome is what an import did, the result of its job: the counts, problems
// and notes every import reports, and the ids of the contracts stored.
type Outcome struct {
	imports.Outcome
	FirstID int64 `json:"first_id,omitempty"`
	LastID  int64 `json:"last_id,omitempty"`
}

// Authorize checks the actor may import into the zone (0: the actor's own)
// and returns it.
func (s *Service) Authorize(ctx context.Context, a access.Actor, zoneID int64) (zone.Area, error) {
	if err := s.Policy.Allow(a, ActionImport); err != nil {
		return zone.Area{}, err
	}
	if a.Role.ZoneBound() {
		if zoneID != 0 && zoneID != a.ZoneID {
			return zone.Area{}, errs.NotFoundf("entity.area")
		}
		zoneID = a.ZoneID
	}
	if zoneID == 0 {
		var f errs.Fields
		f.Add("zone", "import.err.zone_required")
		return zone.Area{}, f.Err()
	}
	return s.Zones.AreaByID(ctx, a, zoneID)
}

// Submit starts an import as a background job and returns the job's id. The
// job owns the file at req.Path and removes it when done.
func (s *Service) Submit(ctx context.Context, a access.Actor, req Request) (int64, error) {
	z, err := s.Authorize(ctx, a, req.ZoneID)
	if err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	req.ZoneID = z.ID
	return imports.Submit(ctx, s.Jobs, a, Kind, req, func(ctx context.Context, p *jobs.Progress) (any, error) {
		out, err := s.Import(ctx, a, req, p)
		if out.FileName == "" {
			return nil, err
		}
		return out, err
	})
}

// Run imports in the foreground (the CLI), calling watch with progress, and
// returns the finished job and the outcome. The file stays where it is.
func (s *Service) Run(ctx context.Context, a access.Actor, req Request, watch jobs.Watch) (jobs.Job, Outcome, error) {
	z, err := s.Authorize(ctx, a, req.ZoneID)
	if err != nil {
		return jobs.Job{}, Outcome{}, err
	}
	req.ZoneID = z.ID
	var out Outcome
	job, err := imports.RunNow(ctx, s.Jobs, a, Kind, req, func(ctx context.Context, p *jobs.Progress) (any, error) {
		var err error
		out, err = s.Import(ctx, a, req, p)
		return out, err
	}, watch)
	return job, out, err
}

// Import reads the file, checks every row as the form and the API would
// (plus the rules of a registration record), stages the good rows batch by
// batch, and — unless a row is bad and SkipBad is off — moves them into the
// registry in one transaction with their rollups, serial counters and one
// audit record. A refused file stores nothing; every bad row is reported,
// in the result and in an error report attached to the job (a copy of the
// file with an error column). Rows of contracts still in progress (an
// export's drafts and pending ones) are passed over with a note. File-level
// problems (size, zip bomb, formulas without a value, sheet, encoding,
// columns) are returned as the xlsx package words them.
func (s *Service) Import(ctx context.Context, a access.Actor, req Request, p Progress) (out Outcome, err error) {
	z, err := s.Authorize(ctx, a, req.ZoneID)
	if err != nil {
		return out, err
	}
	point, hasPoint, err := s.Store.Point(ctx, z.ID)
	if err != nil {
		return out, err
	}
	r := &run{s: s, ctx: ctx, a: a, req: req, jobID: p.JobID(), zone: z, parser: NewParser(s.Catalog),
		sellers: map[string]*Seller{}, inFile: map[[16]byte]int32{}, regNos: map[uint64]int32{},
		rollups: map[rollupKey]int64{}, serials: map[string]int{}, batch: s.Batch}
	if r.batch <= 0 {
		r.batch = DefaultBatch
	}
	r.b = builder{checker: s.Checker, settings: s.Settings, today: civil.Today(s.Now()), zoneID: z.ID, actor: a,
		note: "批量导入：" + req.FileName}
	if hasPoint {
		r.b.pointID = point.ID
	}
	// Whatever happens below, a failed import leaves nothing staged; the
	// stager ends before the staging is dropped.
	defer func() {
		if werr := r.stop(); werr != nil && err == nil {
			err = werr
		}
	}()
	out.Outcome, err = imports.Run(ctx, imports.Config{Catalog: s.Catalog, Options: s.Options}, Spec(s.Catalog), req, p, r)
	out.FirstID, out.LastID = r.first, r.last
	return out, err
}

type rollupKey struct {
	zone      int64
	indicator string
	dim       indicator.DimKey
	month     indicator.YM
}

// pendingRow is a row checked on its own, waiting for the batch's lookups.
type pendingRow struct {
	row   xlsx.Row // kept to record problems found by the batch's lookups
	built Built
	key   string // duplicate key, "" when the status does not hold one
	// dupKey is the duplicate key whatever the status (the stored column).
	dupKey string
}

// run is the state of one import: the imports.Module of a contract file.
type run struct {
	s       *Service
	ctx     context.Context
	a       access.Actor
	req     Request
	jobID   int64
	zone    zone.Area
	b       builder
	parser  *Parser
	batch   int
	sellers map[string]*Seller // by code; nil: not an enterprise of the zone
	// Rows seen so far by fingerprint, to find duplicates within the file
	// in constant time: 16 bytes of the duplicate key's SHA-256, and the
	// registration number's digits with its length, each with its row.
	// These grow by about 45 bytes a good row (≈ 45 MB at the 1,000,000-row
	// limit); everything else an import holds is bounded by the batch.
	inFile  map[[16]byte]int32
	regNos  map[uint64]int32
	pending []pendingRow
	staging Staging // begun with the first batch to stage
	stage   *stager
	seq     int64
	rollups map[rollupKey]int64
	serials map[string]int
	// problems is where every row's problems go.
	problems    *xlsx.Collector
	first, last int64
}

// Row checks one row on its own: reading, seller, rules, duplicates within
// the file. Lookups against stored contracts wait for the batch.
func (r *run) Row(_ context.Context, row xlsx.Row) error {
	r.problems = row.Problems()
	in := r.parser.Parse(row)
	if in.skip {
		return nil
	}
	seller, err := r.seller(row, in)
	if err != nil {
		return err
	}
	built, err := r.b.build(in, seller)
	if err != nil {
		if err := row.Reject(err); err != nil {
			return err
		}
	}
	if row.Bad() {
		return nil
	}
	c := &built.Contract
	dupKey := contract.DuplicateKey(*c) // stored with every contract
	key := ""
	if contract.HoldsDuplicateKey(c.Status) {
		key = dupKey
		fp := fingerprint(key)
		if first, dup := r.inFile[fp]; dup {
			row.Fail(colName, "import.err.duplicate_in_file", first)
			return nil
		}
		r.inFile[fp] = int32(row.Num)
	}
	if c.RegNo != "" {
		rk := regNoKey(c.RegNo)
		if first, dup := r.regNos[rk]; dup {
			row.Fail(colRegNo, "import.err.reg_no_in_file", c.RegNo, first)
			return nil
		}
		r.regNos[rk] = int32(row.Num)
	}
	r.pending = append(r.pending, pendingRow{row: row, built: built, key: key, dupKey: dupKey})
	if len(r.pending) >= r.batch {
		return r.flush()
	}
	return nil
}

// Flush checks and stages the last batch.
func (r *run) Flush(context.Context) error {
	if err := r.flush(); err != nil {
		return err
	}
	if r.stage != nil {
		return r.stage.wait()
	}
	return nil
}

// Commit moves the staged rows into the registry with the rollups summed
// while reading, the serial counters and one audit record.
func (r *run) Commit(ctx context.Context, out imports.Outcome) (int, error) {
	// The file is read: what found duplicates within it (tens of MB for a
	// big file) and the reading's garbage go back to the system before the
	// commit, whose database page cache (outside Go's heap) is the next to
	// grow.
	r.inFile, r.regNos = nil, nil
	debug.FreeOSMemory()
	rows := make([]indicator.Row, 0, len(r.rollups))
	for k, v := range r.rollups {
		if v != 0 {
			rows = append(rows, indicator.Row{ZoneID: k.zone, Indicator: k.indicator, Dim: k.dim, Month: k.month, Value: v})
		}
	}
	if r.staging == nil {
		return 0, errs.E(errs.Invalid, "import.err.nothing_to_import")
	}
	first, last, err := r.staging.Commit(ctx, Commit{JobID: r.jobID, ZoneID: r.zone.ID, Rows: int(r.seq), Rollups: rows,
		Serials: r.serials,
		Audit: map[string]any{"job_id": r.jobID, "file_name": r.req.FileName, "sha256": out.SHA256, "rows": out.Rows,
			"imported": int(r.seq), "skipped": out.Skipped, "passed_over": out.PassedOver, "skip_bad": r.req.SkipBad}})
	if err != nil {
		return 0, err
	}
	r.first, r.last = first, last
	return int(r.seq), nil
}

// stop ends the stager and drops what is staged (after a commit, only
// releases the staging).
func (r *run) stop() error {
	var err error
	if r.stage != nil {
		_ = r.stage.wait()
	}
	if r.staging != nil {
		err = r.staging.Drop(context.WithoutCancel(r.ctx))
	}
	return err
}

// seller finds the row's seller among the zone's enterprises, remembering
// each code's answer. An unknown seller is refused naming its code; the
// row is still checked in full against a stand-in so all its problems show.
func (r *run) seller(row xlsx.Row, in Input) (Seller, error) {
	code := in.SellerUSCC
	stand := Seller{ID: -1, Party: contract.Party{Name: in.SellerName, USCC: code, Nature: contract.NatLLC,
		Region: zoneRegion(r.zone), Country: "CN"}}
	if stand.Party.Name == "" {
		stand.Party.Name = code
	}
	if code == "" {
		return stand, nil
	}
	if r.s.Checker.USCC != nil && r.s.Checker.USCC(code) != nil {
		// The check character is wrong: validation names the problem.
		return stand, nil
	}
	s, seen := r.sellers[code]
	if !seen {
		found, ok, err := r.s.Store.Seller(r.ctx, r.zone.ID, code)
		if err != nil {
			return stand, err
		}
		if ok {
			s = &found
		}
		r.sellers[code] = s
	}
	if s == nil {
		row.Fail(colSellerUSCC, "import.err.seller_unknown", code, r.zone.Name)
		return stand, nil
	}
	return *s, nil
}

func zoneRegion(z zone.Area) string {
	if z.GBCode != "" {
		return z.GBCode
	}
	return z.CityCode
}

// flush checks the pending rows against the stored contracts and stages
// the good ones. Once the file has a bad row and bad rows are not to be
// skipped nothing more is staged (it would be dropped), but checking goes
// on so that every bad row is reported.
func (r *run) flush() error {
	if len(r.pending) == 0 {
		return nil
	}
	var keys, nos []string
	for _, p := range r.pending {
		if p.key != "" {
			keys = append(keys, p.key)
		}
		if p.built.Contract.RegNo != "" {
			nos = append(nos, p.built.Contract.RegNo)
		}
	}
	byKey, byNo, err := r.s.Store.Stored(r.ctx, keys, nos)
	if err != nil {
		return err
	}
	problems := r.problems
	var staged []Staged
	for _, p := range r.pending {
		c := p.built.Contract
		ok := true
		if ref, dup := byKey[p.key]; p.key != "" && dup {
			p.row.Fail(colName, "import.err.duplicate_stored", r.ref(ref))
			ok = false
		}
		if ref, dup := byNo[c.RegNo]; c.RegNo != "" && dup {
			p.row.Fail(colRegNo, "import.err.reg_no_taken", c.RegNo, r.ref(ref))
			ok = false
		}
		if !ok || (problems.Len() > 0 && !r.req.SkipBad) {
			continue
		}
		r.seq++
		staged = append(staged, Staged{Seq: r.seq, Row: p.row.Num, Contract: c, DupKey: p.dupKey, History: p.built.History})
		for _, x := range contract.RollupRows(c, +1) {
			r.rollups[rollupKey{x.ZoneID, x.Indicator, x.Dim, x.Month}] += x.Value
		}
		if p.built.Serial != "" {
			r.serials[p.built.Serial] = max(r.serials[p.built.Serial], p.built.SerialN)
		}
	}
	r.pending = r.pending[:0]
	if len(staged) == 0 {
		return nil
	}
	if r.staging == nil {
		if r.staging, err = r.s.Store.Begin(r.ctx, r.jobID, r.a); err != nil {
			return err
		}
		r.startStager(r.staging)
	}
	return r.stage.send(staged)
}

// stager writes staged batches in a goroutine of its own, so that the
// database's work on one batch overlaps reading and checking the next (on
// SQLite both are CPU work in this process, on two cores about halving an
// import's time). At most two batches wait, so memory stays bounded.
type stager struct {
	ch   chan []Staged
	done chan struct{}
	mu   sync.Mutex
	err  error
}

func (r *run) startStager(staging Staging) {
	st := &stager{ch: make(chan []Staged, 2), done: make(chan struct{})}
	go func() {
		defer close(st.done)
		for batch := range st.ch {
			if st.failed() != nil {
				continue // drain: the reader stops at its next batch
			}
			if err := staging.Stage(r.ctx, batch); err != nil {
				st.mu.Lock()
				st.err = err
				st.mu.Unlock()
			}
		}
	}()
	r.stage = st
}

func (st *stager) failed() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

// send queues a batch, or returns the error an earlier batch failed with.
func (st *stager) send(batch []Staged) error {
	if err := st.failed(); err != nil {
		return err
	}
	st.ch <- batch
	return nil
}

// wait ends the stager once every batch sent is written; safe to repeat.
func (st *stager) wait() error {
	select {
	case <-st.done:
	default:
		close(st.ch)
		<-st.done
	}
	return st.failed()
}

// ref names a stored contract in a message: by number and name when it is
// the importing zone's, else only that it exists (another zone's records
// are not the importer's to see).
func (r *run) ref(s StoredRef) errs.Msg {
	if s.ZoneID != r.zone.ID {
		return errs.M("import.ref.elsewhere")
	}
	id := s.RegNo
	if id == "" {
		id = "#" + strconv.FormatInt(s.ID, 10)
	}
	return errs.M("import.ref.stored", id, s.Name)
}

func fingerprint(hexKey string) [16]byte {
	var fp [16]byte
	b, err := hex.DecodeString(hexKey)
	if err != nil || len(b) < 16 {
		sum := sha256.Sum256([]byte(hexKey))
		copy(fp[:], sum[:])
		return fp
	}
	copy(fp[:], b)
	return fp
}

// regNoKey packs a registration number (digits, at most 16) and its length
// into one integer, exactly: numbers that differ give different keys.
func regNoKey(s string) uint64 {
	if len(s) > 17 {
		sum := sha256.Sum256([]byte(s))
		return 1<<63 | uint64(sum[0])<<48 | uint64(sum[1])<<40 | uint64(sum[2])<<32 | uint64(sum[3])<<24 | uint64(sum[4])<<16 | uint64(sum[5])<<8 | uint64(sum[6])
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		v = v*10 + uint64(s[i]-'0')
	}
	return uint64(len(s))<<58 | v
}

// MaxFileSize is the largest file an import takes.
func (s *Service) MaxFileSize() int64 {
	if s.Options.MaxFileSize > 0 {
		return s.Options.MaxFileSize
	}
	return xlsx.DefaultMaxFileSize
}

// TooLarge is the message for a file over MaxFileSize, as the spreadsheet
// layer words it.
func (s *Service) TooLarge() errs.Msg {
	return errs.M(xlsx.ErrTooLarge.Key(), (s.MaxFileSize()+1<<20-1)>>20)
}

// Template writes the empty import file to fill in: the header row, and as
// xlsx a sheet 说明 explaining each column and its codes.
func (s *Service) Template(ctx context.Context, a access.Actor, w io.Writer, format xlsx.Format, lang i18n.Lang) error {
	if err := s.Policy.Allow(a, ActionImport); err != nil {
		return err
	}
	return xlsx.WriteTemplate(w, format, Spec(s.Catalog), xlsx.In(s.Catalog, lang))
}
