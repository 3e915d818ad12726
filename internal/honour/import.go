package honour

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

// ImportKind is the job kind of a batch list import.
const ImportKind = "honour_batch_import"

// Columns of a notice's annex list (公示/认定名单).
const (
	colSeq      = "seq"
	colName     = "name"
	colUSCC     = "uscc"
	colRegion   = "region"
	colCategory = "category"
	colResult   = "result"
)

// ImportSpec is a notice's annex list as notices print it: 序号, 企业名称,
// 统一社会信用代码, 所在地区, 类别 (the programme, by its name, its code or
// the short name a notice prints: 示范, 优势), and optionally 结果 (新认定,
// 复核通过, …). The first sheet is read, whatever its name.
func ImportSpec(cat *i18n.Catalog, progs []Programme) xlsx.Spec {
	var categories []xlsx.CodeName
	for _, p := range progs {
		categories = append(categories, xlsx.CodeName{Code: p.Code, Name: p.Name})
	}
	// Short names after every full one: "示范企业", "示范" for
	// 国家知识产权示范企业, as a CNIPA notice's 类别 column prints them.
	for _, p := range progs {
		for _, n := range shortNames(p.Name) {
			categories = append(categories, xlsx.CodeName{Code: p.Code, Name: n})
		}
	}
	var results []xlsx.CodeName
	for _, r := range Results() {
		results = append(results, xlsx.CodeName{Code: string(r), Name: cat.T(i18n.ZH, r.Key())})
	}
	results = append(results, xlsx.CodeName{Code: string(New), Name: "认定"}, xlsx.CodeName{Code: string(RecheckPass), Name: "通过复核"},
		xlsx.CodeName{Code: string(RecheckFail), Name: "未通过复核"})
	return xlsx.Spec{Columns: []xlsx.Column{
		{Key: colSeq, Header: "序号", Aliases: []string{"编号"}, Kind: xlsx.Int, Help: "名单上的序号；空则按行的先后"},
		{Key: colName, Header: "企业名称", Aliases: []string{"单位名称", "企业"}, Required: true},
		{Key: colUSCC, Header: "统一社会信用代码", Aliases: []string{"社会信用代码", "信用代码"}, Required: true, Kind: xlsx.Ident,
			Help: "须是本园区企业名录中的企业；其他园区、地区的企业不导入（列在结果的说明中）"},
		{Key: colRegion, Header: "所在地区", Aliases: []string{"地区", "所在地", "省份", "所属地区"},
			Help: "写明其他地区（如“临淄区”“北京市”）的行不导入，列在结果的说明中"},
		{Key: colCategory, Header: "类别", Aliases: []string{"荣誉类别", "认定类别", "企业类别"}, Kind: xlsx.Code, Codes: categories,
			Help: "荣誉资质名称或简称（示范、优势）；空则用上传时选的荣誉资质"},
		{Key: colResult, Header: "结果", Aliases: []string{"认定结果", "复核结果"}, Kind: xlsx.Code, Codes: results,
			Help: "新认定、复核通过、复核未通过、撤销；空则用上传时选的结果"},
	}}
}

// shortNames are the names a notice's 类别 column may print for a
// programme: its name without the issuer's prefix, with and without 企业.
func shortNames(name string) []string {
	var out []string
	for _, prefix := range []string{"国家知识产权"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" {
			out = append(out, rest)
			if s := strings.TrimSuffix(rest, "企业"); s != rest && s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// ImportRequest is the upload of a notice's list: the file, the notice's
// head as the form gives it, and the programme and result of rows whose
// 类别 and 结果 are empty. It is all or nothing: a batch is one notice.
type ImportRequest struct {
	imports.Request
	Batch     Batch  // the head: title, number, issuer, dates (Entries from the file)
	Programme string // code; "" when every row names its 类别
	Result    Result // "" is New
}

// ImportOutcome is what a batch list import did: the counts, problems and
// notes every import reports, and the batch recorded.
type ImportOutcome struct {
	imports.Outcome
	BatchID int64 `json:"batch_id,omitempty"`
	Started int   `json:"started,omitempty"`
	Ended   int   `json:"ended,omitempty"`
}

// Importer runs batch list imports as jobs, through the same RecordBatch
// as the form: the result is the batch entered row by row.
type Importer struct {
	Service *Service
	Jobs    *jobs.Runner
	Catalog *i18n.Catalog
	Options xlsx.Options
	// Areas lists every area, to tell another area's rows by their 所在地区.
	Areas func(ctx context.Context) ([]zone.Area, error)
}

// MaxFileSize is the largest file an import takes.
func (im *Importer) MaxFileSize() int64 {
	if im.Options.MaxFileSize > 0 {
		return im.Options.MaxFileSize
	}
	return xlsx.DefaultMaxFileSize
}

// TooLarge is the message for a file over MaxFileSize.
func (im *Importer) TooLarge() errs.Msg {
	return errs.M(xlsx.ErrTooLarge.Key(), (im.MaxFileSize()+1<<20-1)>>20)
}

// Check refuses what an upload's form gets wrong, before a job starts: the
// head's required fields and the default programme and result, with the
// problems the edge found already (found: the file missing, a date that
// does not read), all in one answer.
func (im *Importer) Check(ctx context.Context, a access.Actor, req ImportRequest, found error) error {
	err := im.check(ctx, a, &req)
	var f errs.Fields
	f.Merge(found)
	f.Merge(err)
	if len(f) > 0 {
		return f.Err()
	}
	if err != nil {
		return err
	}
	return found
}

// check refuses what the form gets wrong before a job starts: the head's
// required fields and the default programme and result.
func (im *Importer) check(ctx context.Context, a access.Actor, req *ImportRequest) error {
	if err := im.Service.Policy.Allow(a, ActionWrite); err != nil {
		return err
	}
	req.ZoneID = a.ZoneID
	Normalize(&req.Batch)
	var f errs.Fields
	if req.Batch.Title == "" {
		f.Add("title", "error.required")
	}
	if req.Batch.Issuer == "" {
		f.Add("issuer", "error.required")
	}
	if req.Batch.PublishedOn.IsZero() {
		f.Add("published_on", "error.required")
	}
	if req.Result == "" {
		req.Result = New
	}
	if !req.Result.Valid() {
		f.Add("result", "honour.err.result")
	}
	if req.Programme != "" {
		list, err := im.Service.Store.Programmes(ctx)
		if err != nil {
			return err
		}
		known := false
		for _, p := range list {
			known = known || p.Code == req.Programme
		}
		if !known {
			f.Add("programme", "honour.err.programme")
		}
	}
	return f.Err()
}

// Submit starts an import as a background job and returns its id. The job
// owns the file at req.Path and removes it when done (or at once, when the
// form is refused).
func (im *Importer) Submit(ctx context.Context, a access.Actor, req ImportRequest) (int64, error) {
	if err := im.check(ctx, a, &req); err != nil {
		_ = os.Remove(req.Path)
		return 0, err
	}
	return imports.Submit(ctx, im.Jobs, a, ImportKind, req.Request, func(ctx context.Context, p *jobs.Progress) (any, error) {
		out, err := im.Import(ctx, a, req, p)
		if out.FileName == "" {
			return nil, err
		}
		return out, err
	})
}

// Import reads the list, keeps the rows of the actor's zone, checks them
// as the form's batch would be checked (every problem of every row at
// once) and records the batch through Service.RecordBatch.
func (im *Importer) Import(ctx context.Context, a access.Actor, req ImportRequest, p imports.Progress) (ImportOutcome, error) {
	var out ImportOutcome
	if err := im.check(ctx, a, &req); err != nil {
		return out, err
	}
	progs, err := im.Service.Store.Programmes(ctx)
	if err != nil {
		return out, err
	}
	areas, err := im.Areas(ctx)
	if err != nil {
		return out, err
	}
	r := &listRun{im: im, a: a, req: req, seqs: map[int]int{}}
	for _, ar := range areas {
		if ar.ID == a.ZoneID {
			r.zone = ar
		}
	}
	for _, ar := range areas {
		if ar.ID != a.ZoneID && ar.Name != "" && !strings.Contains(r.zone.Name, ar.Name) {
			r.others = append(r.others, ar.Name)
		}
	}
	out.Outcome, err = imports.Run(ctx, imports.Config{Catalog: im.Catalog, Options: im.Options}, ImportSpec(im.Catalog, progs), req.Request, p, r)
	out.BatchID, out.Started, out.Ended = r.batch.ID, len(r.plan.Start), len(r.plan.End)
	return out, err
}

// pendingEntry is a row read on its own, waiting for the lookups of all.
type pendingEntry struct {
	row   xlsx.Row
	entry Entry
}

// listRun is one import: the imports.Module of a notice's list.
type listRun struct {
	im      *Importer
	a       access.Actor
	req     ImportRequest
	zone    zone.Area
	others  []string // names of the other areas
	n       int
	seqs    map[int]int // 序号 → the file's row
	pending []pendingEntry
	batch   Batch // checked, to record
	coll    *xlsx.Collector
	plan    Plan
}

// otherArea reports whether a 所在地区 names a place that is not the zone:
// another area by name, or a place outside the zone's city. A region that
// names the zone, or only its city or province, is the zone's.
func (r *listRun) otherArea(region string) bool {
	region = strings.ReplaceAll(region, " ", "")
	z := r.zone
	if region == "" || strings.Contains(region, z.Name) || strings.Contains(z.Name, region) {
		return false
	}
	for _, n := range r.others {
		if strings.Contains(region, n) {
			return true
		}
	}
	for _, n := range []string{z.CityName, z.ProvinceName} {
		stem := strings.TrimRight(n, "市省")
		if stem != "" && strings.Contains(region, stem) {
			return false
		}
	}
	return true
}

// Row reads one row: a row of another area is passed over with a note; a
// malformed credit code is the row's problem.
func (r *listRun) Row(_ context.Context, row xlsx.Row) error {
	r.n++
	r.coll = row.Problems()
	region := row.Text(colRegion)
	if r.otherArea(region) {
		row.Skip("honour.import.note.other_area", region)
		return nil
	}
	e := Entry{Row: r.n, EnterpriseName: row.Text(colName), ProgrammeCode: r.req.Programme, Result: r.req.Result}
	if seq, ok := row.Int(colSeq); ok && seq > 0 && seq < 1_000_000 {
		e.Row = int(seq)
	}
	if first, dup := r.seqs[e.Row]; dup {
		row.Fail(colSeq, "honour.import.err.seq_taken", e.Row, first)
	} else {
		r.seqs[e.Row] = row.Num
	}
	e.USCC, _ = row.Ident(colUSCC)
	e.USCC = strings.ToUpper(e.USCC)
	if e.USCC != "" && r.im.Service.USCCProblem != nil {
		if m := r.im.Service.USCCProblem(e.USCC); m != nil {
			row.Fail(colUSCC, m.Key, m.Args...)
		}
	}
	if row.Get(colCategory) != "" {
		e.ProgrammeCode, _ = row.Code(colCategory)
	} else if e.ProgrammeCode == "" {
		row.Fail(colCategory, "honour.import.err.category")
	}
	if row.Get(colResult) != "" {
		res, _ := row.Code(colResult)
		e.Result = Result(res)
	}
	if !row.Bad() {
		r.pending = append(r.pending, pendingEntry{row: row, entry: e})
	}
	return nil
}

// Flush finds the rows' enterprises — another zone's are passed over with
// a note, an unknown one is the row's problem — then checks the batch the
// kept rows make as the form's would be, naming each problem's row.
func (r *listRun) Flush(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	codes := make([]string, 0, len(r.pending))
	for _, p := range r.pending {
		codes = append(codes, p.entry.USCC)
	}
	ents, err := r.im.Service.Store.EnterprisesByUSCC(ctx, codes)
	if err != nil {
		return err
	}
	b := r.req.Batch
	b.Entries = nil
	byRow := map[int]xlsx.Row{}
	for _, p := range r.pending {
		ref, found := ents[p.entry.USCC]
		switch {
		case !found:
			p.row.Fail(colUSCC, "honour.err.unknown_enterprise", p.entry.USCC)
		case ref.ZoneID != r.a.ZoneID:
			p.row.Skip("honour.import.note.other_zone", p.entry.USCC)
		default:
			b.Entries = append(b.Entries, p.entry)
			byRow[p.entry.Row] = p.row
		}
	}
	r.pending = nil
	// With SkipBad, the entries the batch's checks refuse are left out with
	// their rows' problems and the rest checked again, until what is left
	// passes (each round removes at least one entry) or is empty.
	for len(b.Entries) > 0 {
		checked, plan, err := r.im.Service.CheckBatch(ctx, r.a, b)
		var e *errs.Error
		switch {
		case err == nil:
			r.batch, r.plan = checked, plan
			return nil
		case !errors.As(err, &e) || e.Kind != errs.Invalid:
			return err
		}
		bad := map[int]bool{}
		for field, m := range e.Fields {
			row, col, ok := entryOf(field, byRow)
			if !ok {
				// The notice's head (a date before the programme existed):
				// the file as a whole.
				r.coll.Add(xlsx.RowError{Row: 0, Column: field, Key: m.Key, Args: m.Args})
				return nil
			}
			row.Fail(col, m.Key, m.Args...)
			bad[row.Num] = true
		}
		if !r.req.SkipBad || len(bad) == 0 {
			return nil
		}
		kept := b.Entries[:0]
		for _, en := range b.Entries {
			if !bad[byRow[en.Row].Num] {
				kept = append(kept, en)
			}
		}
		b.Entries = kept
	}
	return nil
}

// entryOf maps a field of a batch's error ("entries.12.uscc") to the row
// of the file and the column.
func entryOf(field string, rows map[int]xlsx.Row) (xlsx.Row, string, bool) {
	parts := strings.Split(field, ".")
	if len(parts) != 3 || parts[0] != "entries" {
		return xlsx.Row{}, "", false
	}
	n, err := strconv.Atoi(parts[1])
	row, ok := rows[n]
	if err != nil || !ok {
		return xlsx.Row{}, "", false
	}
	col := map[string]string{"uscc": colUSCC, "programme": colCategory, "result": colResult}[parts[2]]
	if col == "" {
		col = colName
	}
	return row, col, true
}

// Commit records the batch as the form does.
func (r *listRun) Commit(ctx context.Context, _ imports.Outcome) (int, error) {
	if len(r.batch.Entries) == 0 {
		return 0, errs.E(errs.Invalid, "import.err.nothing_to_import")
	}
	b := r.batch
	b.ID, b.ZoneID = 0, 0
	for i := range b.Entries {
		b.Entries[i].EnterpriseID = 0
	}
	var err error
	r.batch, r.plan, err = r.im.Service.RecordBatch(ctx, r.a, b)
	if err != nil {
		return 0, err
	}
	return len(r.batch.Entries), nil
}
