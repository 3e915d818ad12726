package imports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/xlsx"
)

// batchSpec is an honours batch list (名单), the shape of the next modules'
// imports.
func batchSpec() xlsx.Spec {
	return xlsx.Spec{Sheet: "名单", Columns: []xlsx.Column{
		{Key: "seq", Header: "序号", Kind: xlsx.Int},
		{Key: "name", Header: "企业名称", Required: true},
		{Key: "uscc", Header: "统一社会信用代码", Required: true, Kind: xlsx.Ident},
		{Key: "region", Header: "所在地区"},
		{Key: "category", Header: "类别", Required: true, Kind: xlsx.Code,
			Codes: []xlsx.CodeName{{Code: "N", Name: "国家级"}, {Code: "P", Name: "省级"}, {Code: "C", Name: "市级"}}},
		{Key: "award", Header: "奖补金额（万元）", Kind: xlsx.Money, Unit: xlsx.Wan},
	}}
}

type entry struct {
	Name, USCC, Category string
	AwardFen             int64
}

// batch is a Module: the whole of a new module's import code.
type batch struct {
	kept, stored []entry
}

func (b *batch) Row(_ context.Context, row xlsx.Row) error {
	e := entry{Name: row.Text("name")}
	e.USCC, _ = row.Ident("uscc")
	e.Category, _ = row.Code("category")
	e.AwardFen, _ = row.Money("award")
	if len(e.USCC) > 0 && len(e.USCC) != 18 {
		var f errs.Fields
		f.Add("uscc", "enterprise.err.uscc_length", len(e.USCC))
		return row.Reject(f.Err())
	}
	if !row.Bad() {
		b.kept = append(b.kept, e)
	}
	return nil
}

func (b *batch) Commit(context.Context, imports.Outcome) (int, error) {
	b.stored = b.kept
	return len(b.stored), nil
}

// progress records what a job would.
type progress struct {
	stages []string
	report []byte
	name   string
}

func (p *progress) JobID() int64                        { return 1 }
func (p *progress) Set(context.Context, int64, int64)   {}
func (p *progress) Stage(_ context.Context, key string) { p.stages = append(p.stages, key) }
func (p *progress) Attach(_ context.Context, name, _ string, r io.Reader) error {
	p.name = name
	p.report, _ = io.ReadAll(r)
	return nil
}

func cfg() imports.Config { return imports.Config{Catalog: i18n.MustLoad()} }

func file(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A module that is a spec and a row function gets the whole import: units,
// identifiers, totals rows, notes, the verdict, the report, SkipBad.
func TestRunModule(t *testing.T) {
	ctx := context.Background()
	text := "2023年第一批名单\n序号,企业名称,统一社会信用代码,类别,奖补金额,备注\n" +
		"1,榆林兰炭新材料有限公司,９１６１０８００ＭＡ７０Ａ０Ｂ０１Ｕ,国家级,12.5\n" +
		"2,陕西榆林数字矿山科技有限公司,91610800MA70A0B02,省级,300元\n" +
		"3,榆林能源化工技术研究院有限公司,91610800MA70A0B03U,省级,0.5\n" +
		"合计,,,,13.0\n"
	path := file(t, "名单.csv", text)

	b, p := &batch{}, &progress{}
	out, err := imports.Run(ctx, cfg(), batchSpec(), imports.Request{Path: path, FileName: "名单.csv"}, p, b)
	if errs.KindOf(err) != errs.Invalid {
		t.Fatalf("err = %v, want the file refused", err)
	}
	if out.Rows != 4 || out.BadRows != 1 || out.PassedOver != 1 || out.Imported != 0 || len(b.stored) != 0 {
		t.Errorf("outcome %+v, stored %d", out, len(b.stored))
	}
	if len(out.List) != 1 || out.List[0].Row != 4 || out.List[0].Column != "统一社会信用代码" {
		t.Errorf("problems %+v", out.List)
	}
	var notes []string
	for _, n := range out.Notes {
		notes = append(notes, n.Message.Key)
	}
	if diff := cmp.Diff([]string{xlsx.NoteNoUnit, xlsx.NoteTotalsRow}, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if !cmp.Equal(out.Ignored, []string{"备注"}) || out.Sheet != "" || out.Format != "csv" || len(out.Columns) != 5 {
		t.Errorf("ignored %v, sheet %q, format %q, columns %v", out.Ignored, out.Sheet, out.Format, out.Columns)
	}
	if p.name != "名单-错误说明.csv" || !bytes.Contains(p.report, []byte("统一社会信用代码")) {
		t.Errorf("report %q: %s", p.name, p.report)
	}

	// SkipBad stores the good rows, exactly, the full-width code folded.
	b, p = &batch{}, &progress{}
	out, err = imports.Run(ctx, cfg(), batchSpec(), imports.Request{Path: path, FileName: "名单.csv", SkipBad: true}, p, b)
	if err != nil {
		t.Fatal(err)
	}
	want := []entry{{"榆林兰炭新材料有限公司", "91610800MA70A0B01U", "N", 12_500_000}, {"榆林能源化工技术研究院有限公司", "91610800MA70A0B03U", "P", 500_000}}
	if diff := cmp.Diff(want, b.stored); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
	if out.Imported != 2 || out.Skipped != 1 || out.Rows != out.Imported+out.Skipped+out.PassedOver {
		t.Errorf("outcome %+v", out)
	}
	if diff := cmp.Diff([]string{"import.stage.checking", "import.stage.reading", "import.stage.report", "import.stage.saving"}, p.stages); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	// The result reads back as a job keeps it.
	raw, _ := json.Marshal(out)
	var back imports.Outcome
	if err := json.Unmarshal(raw, &back); err != nil || back.Columns[4].Unit != "万元" || back.Notes[1].Row != 6 {
		t.Errorf("result JSON %s: %v", raw, err)
	}

	// A file of nothing but totals rows has nothing to import.
	_, err = imports.Run(ctx, cfg(), batchSpec(), imports.Request{Path: file(t, "t.csv", "企业名称,统一社会信用代码,类别\n合计,,\n"), FileName: "t.csv"}, &progress{}, &batch{})
	var e *errs.Error
	if !errors.As(err, &e) || e.Msg.Key != "import.err.nothing_to_import" {
		t.Errorf("err = %v", err)
	}
	if !strings.HasSuffix(imports.ReportName("a/b.xlsx", xlsx.CSV), "b-错误说明.csv") {
		t.Error("ReportName")
	}
}
