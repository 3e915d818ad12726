package contractio_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// corpusDir holds files made by other programs (LibreOffice, openpyxl,
// pandas, xlsxwriter, Excel-style GBK CSV); its README says how.
const corpusDir = "../imports/testdata/corpus/contracts"

// corpusCase is one file of the corpus and what importing it must give:
// accepted with exact totals, or refused with a named message.
type corpusCase struct {
	file   string
	prefix string // names of its contracts begin with this
	// accepted
	imported    int
	contractFen int64 // sum of 成交额 over the stored contracts
	techFen     int64 // sum of 技术交易额
	fixed       int   // contracts whose 技术交易额 is the registrar's figure
	contractNos []string
	notes       []string // note keys, each at least once
	ignored     []string
	// refused
	fileKey string // the job's error key for a file-level refusal
	fileArg string // …a text its message must contain
	rowKey  string // else: every problem has this key…
	column  string // …in this column…
	badRows []int  // …on these rows
}

// TestCorpus imports each file of the corpus into the demo's Yulin zone.
func TestCorpus(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	for _, c := range []corpusCase{
		{file: "libreoffice-csv.xlsx", prefix: "LO转存", imported: 3, contractFen: 144_345_677, techFen: 138_000_000, fixed: 1,
			contractNos: []string{"", "HT-2023-07", "HT-2023-09"}, ignored: []string{"认定登记机构"},
			notes: []string{xlsx.NoteSheet, xlsx.NoteNoUnit, xlsx.NoteIgnored}},
		{file: "libreoffice-long-numbers.xlsx", rowKey: xlsx.KeyIdentNumber, column: "合同编号", badRows: []int{2, 3, 4}},
		{file: "libreoffice-formulas.xlsx", prefix: "LO公式", imported: 3, contractFen: 144_345_677, techFen: 138_000_000, fixed: 1,
			ignored: []string{"认定登记机构"}, notes: []string{xlsx.NoteFormulas, xlsx.NoteNoUnit, xlsx.NoteIgnored, xlsx.NoteTotalsRow}},
		{file: "libreoffice-wrong-charset.xlsx", fileKey: "xlsx.err.mojibake", fileArg: "ç"},
		{file: "libreoffice.ods", fileKey: "xlsx.err.not_spreadsheet", fileArg: ".xlsx"},
		{file: "openpyxl-formula.xlsx", fileKey: "xlsx.err.formula", fileArg: "L2"},
		{file: "openpyxl-wan.xlsx", prefix: "万元台账", imported: 3, contractFen: 24_738_888, techFen: 23_850_000, fixed: 1,
			notes: []string{xlsx.NoteSheet, xlsx.NoteUnit}},
		{file: "pandas.xlsx", prefix: "pandas技术", imported: 3, contractFen: 18_000_057, techFen: 18_000_057,
			notes: []string{xlsx.NoteSheet}},
		{file: "pandas-long-numbers.xlsx", rowKey: xlsx.KeyIdentNumber, column: "合同编号", badRows: []int{2, 3}},
		{file: "xlsxwriter.xlsx", prefix: "xlsxwriter", imported: 3, contractFen: 60_300_003, techFen: 57_300_003,
			contractNos: []string{"2023061500001587", "2023061500001588", "2023061500001589"}, notes: []string{xlsx.NoteFormulas}},
		{file: "gbk.csv", prefix: "国标编码", imported: 2, contractFen: 24_350_000, techFen: 24_350_000,
			notes: []string{xlsx.NoteNoUnit, xlsx.NoteTotalsRow}},
		{file: "gbk-scientific.csv", rowKey: xlsx.KeyIdentNumber, column: "合同编号", badRows: []int{2}},
		{file: "mojibake.csv", fileKey: "xlsx.err.mojibake", fileArg: "å"},
		{file: "thousand-yuan.csv", fileKey: "xlsx.err.column_unit", fileArg: "千元"},
	} {
		t.Run(c.file, func(t *testing.T) {
			before := f.state()
			job, out, err := f.run(filepath.Join(corpusDir, c.file), false)
			if err != nil {
				t.Fatal(err)
			}
			if c.fileKey != "" || c.rowKey != "" {
				f.unchanged(before)
				if job.Status != jobs.Failed {
					t.Fatalf("status %s, want failed", job.Status)
				}
			}
			switch {
			case c.fileKey != "":
				text := f.env.App.Catalog.Msg("zh-CN", job.Error.Msg)
				if msgKey(job) != c.fileKey || !strings.Contains(text, c.fileArg) {
					t.Errorf("error %s %q, want %s naming %q", msgKey(job), text, c.fileKey, c.fileArg)
				}
			case c.rowKey != "":
				var rows []int
				for _, p := range out.List {
					if p.Message.Key != c.rowKey || p.Column != c.column {
						t.Errorf("row %d: %s %s, want %s in %s", p.Row, p.Column, p.Message.Key, c.rowKey, c.column)
					}
					rows = append(rows, p.Row)
				}
				if !slices.Equal(rows, c.badRows) || msgKey(job) != "import.err.rejected" {
					t.Errorf("bad rows %v (%s), want %v", rows, msgKey(job), c.badRows)
				}
			default:
				if job.Status != jobs.Done || out.Imported != c.imported || out.Rows != out.Imported+out.PassedOver {
					t.Fatalf("%s %v: read %d, imported %d, passed over %d, problems %+v", job.Status, job.Error, out.Rows, out.Imported, out.PassedOver, out.List)
				}
				var sum, tech int64
				fixed := 0
				var nos []string
				for _, r := range f.stored(f.actor, c.prefix) {
					sum += r.ContractAmountFen
					tech += r.TechAmountFen
					if r.TechAmountFixed {
						fixed++
					}
					nos = append(nos, r.ContractNo)
				}
				if sum != c.contractFen || tech != c.techFen || fixed != c.fixed {
					t.Errorf("成交额 %d, 技术交易额 %d (%d fixed); want %d, %d (%d)", sum, tech, fixed, c.contractFen, c.techFen, c.fixed)
				}
				slices.Sort(nos)
				if c.contractNos != nil && !slices.Equal(nos, c.contractNos) {
					t.Errorf("contract numbers %q, want %q", nos, c.contractNos)
				}
				if !slices.Equal(out.Ignored, c.ignored) {
					t.Errorf("ignored %q, want %q", out.Ignored, c.ignored)
				}
				var keys []string
				for _, n := range out.Notes {
					keys = append(keys, n.Message.Key)
				}
				for _, k := range c.notes {
					if !slices.Contains(keys, k) {
						t.Errorf("notes %v lack %s", keys, k)
					}
				}
				for _, k := range keys {
					if !slices.Contains(c.notes, k) {
						t.Errorf("unexpected note %s: %+v", k, out.Notes)
					}
				}
			}
		})
	}
	// Every file of the corpus has its expected result.
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.*"))
	if len(files) != 14 {
		t.Errorf("%d files in the corpus, 14 with expected results", len(files))
	}
	_ = context.Background()
}
