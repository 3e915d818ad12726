package contractio_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/xlsx"
)

var engines = []string{"sqlite", "postgres"}

// state is what an import may change, to prove a refused one changed nothing.
type state struct {
	counts  map[string]int
	rollups int64
}

func (f *fixture) state() state {
	f.t.Helper()
	s := state{counts: map[string]int{}}
	for _, t := range []string{"contracts", "contract_deductions", "contract_payments", "contract_events", "contract_serials", "audit_log",
		"rollups"} {
		s.counts[t] = f.count(t)
	}
	if err := f.env.DB.Read().QueryRow(context.Background(), "SELECT COALESCE(SUM(value), 0) FROM rollups").Scan(&s.rollups); err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fixture) unchanged(before state) {
	f.t.Helper()
	after := f.state()
	if !maps.Equal(before.counts, after.counts) || before.rollups != after.rollups {
		f.t.Errorf("a refused import changed the database:\nbefore %v rollups %d\nafter  %v rollups %d", before.counts, before.rollups, after.counts, after.rollups)
	}
}

// msgKey is the catalog key of a job's failure.
func msgKey(j jobs.Job) string {
	if j.Error == nil {
		return ""
	}
	return j.Error.Key
}

// problems groups an outcome's problems by row: column → message key.
func problems(out contractio.Outcome) map[int]map[string]string {
	m := map[int]map[string]string{}
	for _, p := range out.List {
		if m[p.Row] == nil {
			m[p.Row] = map[string]string{}
		}
		m[p.Row][p.Column] = p.Message.Key
	}
	return m
}

// TestImportFileProblems: every file-level problem the spreadsheet layer
// finds fails the job with its message, and stores nothing.
func TestImportFileProblems(t *testing.T) {
	t.Parallel()
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			good := f.write("good.xlsx", xlsx.XLSX, []row{f.good(1)})
			cases := []struct {
				name string
				path string
				max  int64 // MaxFileSize for this case; 0: the default
				want xlsx.Problem
				arg  string // what the message must name
			}{
				{name: "oversize", path: good, max: 1 << 10, want: xlsx.ErrTooLarge},
				{name: "zip bomb", path: f.file("bomb.xlsx", zipBomb(t)), want: xlsx.ErrZipBomb},
				{name: "formula", path: f.file("formula.xlsx", book(t, f.headers(), contractio.Sheet, true)), want: xlsx.ErrFormula, arg: "B2"},
				{name: "several sheets, none expected", path: f.file("sheet.xlsx", book(t, f.headers(), "Sheet1", false, "Sheet2")), want: xlsx.ErrNoSheet, arg: contractio.Sheet},
				{name: "utf-16", path: f.file("utf16.csv", utf16CSV(strings.Join(f.headers(), ",")+"\r\n")), want: xlsx.ErrEncoding},
				{name: "not a spreadsheet", path: f.file("scan.xlsx", []byte("%PDF-1.7 not a table")), want: xlsx.ErrNotSpreadsheet},
				{name: "missing columns", path: f.file("cols.csv", []byte("合同类型,有效期起\r\n委托开发,2023-01-01\r\n")), want: xlsx.ErrMissingColumns, arg: "合同名称"},
				{name: "header only", path: f.write("empty.xlsx", xlsx.XLSX, nil), want: xlsx.ErrNoRows},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					before := f.state()
					svc := *f.env.App.Imports
					if c.max > 0 {
						svc.Options.MaxFileSize = c.max
					}
					_, _, err := svc.Run(context.Background(), f.actor, contractio.Request{ZoneID: f.zoneID, Path: c.path, FileName: c.name}, nil)
					if err != nil {
						t.Fatal(err)
					}
					jobsList, err := f.env.App.Jobs.List(context.Background(), f.actor, jobs.Filter{Kind: contractio.Kind, Limit: 1})
					if err != nil || len(jobsList.Items) == 0 {
						t.Fatalf("no job: %v", err)
					}
					j := jobsList.Items[0]
					if j.Status != jobs.Failed {
						t.Fatalf("status %s, want failed", j.Status)
					}
					keys := []string{c.want.Key()}
					if c.want == xlsx.ErrNoSheet {
						keys = append(keys, "xlsx.err.choose_sheet")
					}
					if c.want == xlsx.ErrZipBomb {
						// The layer words each limit of an archive its own way.
						keys = append(keys, "xlsx.err.zip_ratio", "xlsx.err.zip_entries", "xlsx.err.zip_part")
					}
					if !slices.Contains(keys, msgKey(j)) {
						t.Errorf("error %v, want one of %v", j.Error, keys)
					}
					text := f.env.App.Catalog.Msg("zh-CN", j.Error.Msg)
					if c.arg != "" && !strings.Contains(text, c.arg) {
						t.Errorf("message %q does not name %q", text, c.arg)
					}
					f.unchanged(before)
				})
			}
		})
	}
}

// defect is one way a row can be wrong and the problem it must produce.
type defect struct {
	name   string
	change func(row)
	column string // the column that must name the problem
	key    string // its message key ("" to check only the column)
}

// TestImportRowProblems: every bad row is reported at once, each problem
// in its column; one bad row stores nothing; the error report is the file
// with an error column; --skip-bad stores exactly the good rows.
func TestImportRowProblems(t *testing.T) {
	t.Parallel()
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			stored, storedNo := f.storedContract()
			zibo := f.enterpriseUSCC("山东亚华电子股份有限公司")
			defects := []defect{
				{"name missing", func(r row) { r["合同名称"] = nil }, "合同名称", xlsx.KeyRequired},
				{"unknown type", func(r row) { r["合同类型"] = "技术合作" }, "合同类型", xlsx.KeyBadCode},
				{"impossible date", func(r row) { r["签订日期"] = "2023-02-30" }, "签订日期", xlsx.KeyBadDate},
				{"signed in the future", func(r row) { r["签订日期"] = "2024-01-05"; r["有效期起"] = "2024-01-05" }, "签订日期", "contract.err.future_date"},
				{"validity reversed", func(r row) { r["有效期止"] = "2022-12-31" }, "有效期止", "contract.err.valid_to_before_from"},
				{"unknown field", func(r row) { r["技术领域"] = "12" }, "技术领域", xlsx.KeyBadCode},
				{"buyer code check character", func(r row) { r["买方统一社会信用代码"] = "91610100MA3C00001X" }, "买方统一社会信用代码", ""},
				{"buyer region", func(r row) { r["买方所在地区代码"] = "990000" }, "买方所在地区代码", "contract.err.region_invalid"},
				{"amount with three decimals", func(r row) { r["成交额（元）"] = "12.345" }, "成交额（元）", xlsx.KeyBadMoney},
				{"technology amount over the contract", func(r row) { r["技术交易额（元）"] = 5_000_000 }, "技术交易额（元）", "contract.err.tech_exceeds_contract"},
				{"deductions over the contract", func(r row) { r["非技术性支出-设备（元）"] = 9_000_000 }, "非技术性支出-设备（元）", "contract.err.deductions_exceed"},
				{"buyer is the seller", func(r row) {
					r["卖方统一社会信用代码"] = f.sellers[1]
					r["买方统一社会信用代码"] = f.sellers[1]
				}, "买方统一社会信用代码", "contract.err.buyer_is_seller"},
				{"licence without its kind", func(r row) { r["合同类型"] = "专利实施许可"; r["知识产权类型"] = "专利" }, "许可方式", "contract.err.required"},
				{"unknown buyer nature", func(r row) { r["买方性质"] = "999" }, "买方性质", xlsx.KeyBadCode},
				{"seller code missing", func(r row) { r["卖方统一社会信用代码"] = nil }, "卖方统一社会信用代码", xlsx.KeyRequired},
				{"unknown seller", func(r row) { r["卖方统一社会信用代码"] = zibo }, "卖方统一社会信用代码", "import.err.seller_unknown"},
				{"registration number of the wrong layout", func(r row) { r["登记编号"] = "2023610801000001" }, "登记编号", "import.err.reg_no_layout"},
				{"registration number of another year", func(r row) { r["登记编号"] = "22610801900777" }, "登记编号", "import.err.reg_no_year"},
				{"registered without a date", func(r row) { r["登记日期"] = nil }, "登记日期", "import.err.required_for"},
				{"registered before signing", func(r row) { r["登记日期"] = "2023-02-01" }, "登记日期", "import.err.before_signed"},
				{"refused without a reason", func(r row) { r["登记状态"] = "未予登记"; r["未予登记日期"] = "2023-05-01" }, "未予登记原因", "import.err.required_for"},
				{"refused with a number", func(r row) {
					r["登记状态"] = "未予登记"
					r["未予登记日期"] = "2023-05-01"
					r["未予登记原因"] = "不属于技术合同"
				}, "登记编号", "import.err.not_for_status"},
				{"cancelled without a reason", func(r row) { r["登记状态"] = "已撤销"; r["撤销日期"] = "2023-06-01" }, "撤销原因", "import.err.required_for"},
				{"unknown status", func(r row) { r["登记状态"] = "作废" }, "登记状态", xlsx.KeyBadCode},
				{"duplicate of a stored contract", func(r row) { maps.Copy(r, stored) }, "合同名称", "import.err.duplicate_stored"},
				{"registration number taken", func(r row) { r["登记编号"] = storedNo }, "登记编号", "import.err.reg_no_taken"},
			}
			for _, format := range []xlsx.Format{xlsx.XLSX, xlsx.CSV} {
				t.Run(format.String(), func(t *testing.T) {
					base := 1000 * int(format)
					var rows []row
					want := map[int]defect{} // by spreadsheet row (header is row 1)
					goodRows := []int{}
					for i, d := range defects {
						if i%3 == 0 {
							rows = append(rows, f.good(base+100+i))
							goodRows = append(goodRows, len(rows)+1)
						}
						r := f.good(base + 200 + i)
						d.change(r)
						rows = append(rows, r)
						want[len(rows)+1] = d
					}
					// Duplicates within the file: the same contract twice, and one
					// number on two contracts.
					dupOf := f.good(base + 90)
					rows = append(rows, dupOf)
					goodRows = append(goodRows, len(rows)+1)
					twice := f.good(base + 90)
					twice["登记编号"] = fmt.Sprintf("2361080198%04d", base)
					rows = append(rows, twice)
					want[len(rows)+1] = defect{"duplicate within the file", nil, "合同名称", "import.err.duplicate_in_file"}
					sameNo := f.good(base + 91)
					sameNo["登记编号"] = dupOf["登记编号"]
					rows = append(rows, sameNo)
					want[len(rows)+1] = defect{"number twice within the file", nil, "登记编号", "import.err.reg_no_in_file"}
					// A contract still in progress (a full export has them) is
					// no problem: passed over with a note.
					draft := f.good(base + 92)
					draft["登记状态"], draft["登记日期"] = "草稿", "没有"
					rows = append(rows, draft)
					draftRow := len(rows) + 1

					path := f.write("rows"+format.Ext(), format, rows)
					before := f.state()
					job, out, err := f.run(path, false)
					if err != nil {
						t.Fatal(err)
					}
					if job.Status != jobs.Failed || msgKey(job) != "import.err.rejected" {
						t.Fatalf("job %s %v, want failed import.err.rejected", job.Status, job.Error)
					}
					f.unchanged(before)
					got := problems(out)
					if out.BadRows != len(want) || out.Imported != 0 {
						t.Errorf("bad rows %d imported %d, want %d and 0", out.BadRows, out.Imported, len(want))
					}
					for n, d := range want {
						cols, ok := got[n]
						if !ok {
							t.Errorf("row %d (%s) not reported", n, d.name)
							continue
						}
						key, ok := cols[d.column]
						if !ok {
							t.Errorf("row %d (%s): no problem in column %s; got %v", n, d.name, d.column, cols)
						} else if d.key != "" && key != d.key {
							t.Errorf("row %d (%s): column %s says %s, want %s", n, d.name, d.column, key, d.key)
						}
					}
					for _, n := range append(goodRows, draftRow) {
						if cols, bad := got[n]; bad {
							t.Errorf("good row %d reported: %v", n, cols)
						}
					}
					if out.PassedOver != 1 || len(out.Notes) != 1 || out.Notes[0].Row != draftRow || out.Notes[0].Message.Key != "import.note.in_progress" {
						t.Errorf("passed over %d, notes %+v; want the draft of row %d", out.PassedOver, out.Notes, draftRow)
					}
					f.checkReport(job, format, want, append(goodRows, draftRow))

					// --skip-bad: the good rows, and nothing else.
					before = f.state()
					job, out, err = f.run(path, true)
					if err != nil {
						t.Fatal(err)
					}
					if job.Status != jobs.Done {
						t.Fatalf("skip-bad job %s %v", job.Status, job.Error)
					}
					if out.Imported != len(goodRows) || out.Skipped != len(want) || out.PassedOver != 1 || out.Rows != out.Imported+out.Skipped+out.PassedOver {
						t.Errorf("skip-bad read %d, imported %d, skipped %d, passed over %d; want %d, %d and 1", out.Rows, out.Imported, out.Skipped, out.PassedOver, len(goodRows), len(want))
					}
					after := f.state()
					if d := after.counts["contracts"] - before.counts["contracts"]; d != len(goodRows) {
						t.Errorf("%d contracts stored, want %d", d, len(goodRows))
					}
					if d := after.counts["audit_log"] - before.counts["audit_log"]; d != 1 {
						t.Errorf("%d audit records for one import, want 1", d)
					}
					if job.Report == nil {
						t.Error("skip-bad import without an error report for its skipped rows")
					}
					f.rollupsMatch()
				})
			}
		})
	}
}

// checkReport reads the job's error report: the file's rows with the error
// column first, the bad rows' problems named with their column.
func (f *fixture) checkReport(job jobs.Job, format xlsx.Format, bad map[int]defect, good []int) {
	f.t.Helper()
	if job.Report == nil {
		f.t.Fatal("refused import without an error report")
	}
	var buf bytes.Buffer
	err := f.env.App.Jobs.WriteReport(context.Background(), f.actor, job.ID, func(jobs.File) io.Writer { return &buf })
	if err != nil {
		f.t.Fatal(err)
	}
	if int64(buf.Len()) != job.Report.Size {
		f.t.Errorf("report is %d bytes, recorded %d", buf.Len(), job.Report.Size)
	}
	var cells [][]string
	if format == xlsx.XLSX {
		book, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			f.t.Fatal(err)
		}
		defer book.Close()
		if cells, err = book.GetRows(contractio.Sheet); err != nil {
			f.t.Fatal(err)
		}
	} else {
		rd := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
		rd.FieldsPerRecord = -1
		if cells, err = rd.ReadAll(); err != nil {
			f.t.Fatal(err)
		}
	}
	if len(cells) == 0 || cells[0][0] != xlsx.ErrorColumn {
		f.t.Fatalf("report header %v, want %s first", cells[:1], xlsx.ErrorColumn)
	}
	for n, d := range bad {
		if n > len(cells) || len(cells[n-1]) == 0 || !strings.Contains(cells[n-1][0], d.column) {
			f.t.Errorf("report row %d does not name column %s: %v", n, d.column, cells[min(n, len(cells))-1])
		}
	}
	for _, n := range good {
		if n <= len(cells) && len(cells[n-1]) > 0 && cells[n-1][0] != "" {
			f.t.Errorf("report row %d is good but says %q", n, cells[n-1][0])
		}
	}
}

// storedContract is a row that is, by the duplicate rule (seller, buyer,
// name, signing date, amount), a registered demo contract of Yulin, and that
// contract's registration number; both from 2023, so the row is otherwise good.
func (f *fixture) storedContract() (row, string) {
	f.t.Helper()
	var name, seller, buyer, buyerUSCC, regNo string
	var signed civil.Date
	var amount int64
	err := f.env.DB.Read().QueryRow(context.Background(), `SELECT name, seller_uscc, buyer_name, buyer_uscc, signed_on, contract_amount_fen, reg_no
		FROM contracts WHERE zone_id = ? AND status = 'registered' AND signed_on >= ? AND signed_on <= ? AND certified_on >= ?
		ORDER BY id LIMIT 1`, f.zoneID, civil.Date{Year: 2023, Month: 1, Day: 1}, civil.Date{Year: 2023, Month: 11, Day: 30},
		civil.Date{Year: 2023, Month: 1, Day: 1}).Scan(&name, &seller, &buyer, &buyerUSCC, &signed, &amount, &regNo)
	if err != nil {
		f.t.Fatal(err)
	}
	r := row{"合同名称": name, "卖方统一社会信用代码": seller, "买方名称": buyer, "买方统一社会信用代码": buyerUSCC,
		"签订日期": signed, "有效期起": signed, "成交额（元）": xlsx.FormatYuan(amount), "非技术性支出-设备（元）": nil, "登记日期": "2023-12-15"}
	if buyerUSCC == "" {
		r["买方统一社会信用代码"] = nil
	}
	return r, regNo
}

func (f *fixture) enterpriseUSCC(name string) string {
	f.t.Helper()
	var uscc string
	if err := f.env.DB.Read().QueryRow(context.Background(), "SELECT uscc FROM enterprises WHERE id = ?", f.env.IDs.Enterprises[name]).Scan(&uscc); err != nil {
		f.t.Fatal(err)
	}
	return uscc
}

// rollupsMatch recomputes the rollups from the records and requires them
// equal to what the imports maintained.
func (f *fixture) rollupsMatch() {
	f.t.Helper()
	rep, err := f.env.DB.RebuildRollups(context.Background(), indicator.DefaultCatalog(), store.DefaultRollupSources(), store.RebuildOptions{DryRun: true})
	if err != nil {
		f.t.Fatal(err)
	}
	if rep.DiffCount != 0 {
		f.t.Errorf("rollups differ from a recomputation in %d rows: %+v", rep.DiffCount, rep.Diffs[:min(5, len(rep.Diffs))])
	}
}

// zipBomb is an xlsx whose sheet inflates a thousandfold.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="技术合同" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	put("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		strings.Repeat(" ", 32<<20)+`</sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// book is a workbook with the import's headers on sheet and one row, whose
// second cell is a formula without a saved value (as openpyxl writes one)
// when formula is set, and more empty sheets.
func book(t *testing.T, headers []string, sheet string, formula bool, more ...string) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	if sheet != "Sheet1" {
		if err := x.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range more {
		if _, err := x.NewSheet(s); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		_ = x.SetCellValue(sheet, cell, h)
		cell, _ = excelize.CoordinatesToCellName(i+1, 2)
		if i != 1 || !formula {
			_ = x.SetCellValue(sheet, cell, "x")
		}
	}
	if formula {
		if err := x.SetCellFormula(sheet, "B2", `CONCAT("委托","开发")`); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// utf16CSV is s as Windows' "Unicode text" saves it: UTF-16LE with a BOM.
func utf16CSV(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}
