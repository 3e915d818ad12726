package imports_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/innopark/innopark/internal/imports"
	"github.com/innopark/innopark/internal/xlsx"
)

// listSpec is batchSpec with the contact columns the corpus's lists have.
func listSpec() xlsx.Spec {
	s := batchSpec()
	s.Columns = append(s.Columns,
		xlsx.Column{Key: "phone", Header: "联系电话", Kind: xlsx.Ident},
		xlsx.Column{Key: "legal_id", Header: "法定代表人身份证号", Kind: xlsx.Ident})
	return s
}

// TestCorpus imports each batch list of the corpus (made by LibreOffice,
// pandas, xlsxwriter, openpyxl and as GBK CSV; see testdata/corpus) through
// a module that is only a spec and a row function.
func TestCorpus(t *testing.T) {
	dir := "testdata/corpus/batch"
	for _, c := range []struct {
		file     string
		imported int
		awardFen int64    // sum of 奖补金额 stored
		notes    []string // note keys
		badRows  []int    // else: refused, each row's problem "format the column as text"
	}{
		// 18-digit ID numbers that LibreOffice turned into numbers.
		{file: "batch-libreoffice.xlsx", badRows: []int{3, 4}},
		{file: "batch-pandas.xlsx", imported: 3, awardFen: 62_800_000},
		{file: "batch-xlsxwriter-id-numbers.xlsx", badRows: []int{3, 4}},
		{file: "batch-gbk.csv", imported: 3, awardFen: 62_800_000, notes: []string{xlsx.NoteNoUnit, xlsx.NoteTotalsRow}},
		{file: "batch-openpyxl-sheets.xlsx", imported: 3, awardFen: 62_800_000, notes: []string{xlsx.NoteNoUnit}},
	} {
		t.Run(c.file, func(t *testing.T) {
			b := &batch{}
			out, err := imports.Run(context.Background(), cfg(), listSpec(), imports.Request{Path: filepath.Join(dir, c.file), FileName: c.file}, &progress{}, b)
			if c.badRows != nil {
				var rows []int
				for _, p := range out.List {
					if p.Message.Key != xlsx.KeyIdentNumber || p.Column != "法定代表人身份证号" {
						t.Errorf("row %d: %s %s", p.Row, p.Column, p.Message.Key)
					}
					rows = append(rows, p.Row)
				}
				if err == nil || !slices.Equal(rows, c.badRows) || len(b.stored) != 0 {
					t.Errorf("err %v, bad rows %v (want %v), stored %d", err, rows, c.badRows, len(b.stored))
				}
				return
			}
			if err != nil || out.Imported != c.imported {
				t.Fatalf("%v: imported %d, problems %+v", err, out.Imported, out.List)
			}
			var sum int64
			for _, e := range b.stored {
				sum += e.AwardFen
				if len(e.USCC) != 18 || e.Category == "" {
					t.Errorf("entry %+v", e)
				}
			}
			if sum != c.awardFen {
				t.Errorf("奖补金额 %d fen, want %d", sum, c.awardFen)
			}
			var keys []string
			for _, n := range out.Notes {
				keys = append(keys, n.Message.Key)
			}
			if !slices.Equal(keys, c.notes) {
				t.Errorf("notes %v, want %v", keys, c.notes)
			}
		})
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.*")); len(files) != 5 {
		t.Errorf("%d files in the corpus, 5 with expected results", len(files))
	}
}
