// Package xlsx is the spreadsheet layer every import and export shares:
// .xlsx through excelize and .csv through encoding/csv, both streaming.
//
// Reading (Open, NewReader) checks the file before trusting it — size, real
// type by content (an .ods or .xls is told to be saved as .xlsx), zip bomb,
// formulas without a saved value, sheet, CSV encoding, mis-decoded
// headings — then yields the data rows in constant memory, each mapped onto
// the Spec's columns whatever their order in the file. Problems with the
// file as a whole are *errs.Error values carrying a Problem (errors.Is
// works); problems with single rows go to a Collector so that every bad row
// can be reported at once, and WriteReport turns them into a copy of the
// upload with an error column (错误说明).
//
// Nothing is changed silently. Every column of the file is either read
// (Reader.Columns says as what, and in which unit) or listed as ignored
// (Reader.Extra); everything read in a way the user should know of is a
// note (Reader.Notes): formulas read as their saved values, a unit assumed
// or converted, a sheet read under another name, totals rows (合计, 总计,
// 小计) and rows the module passed over (Row.Skip).
//
// What clerks' files hold is read as they meant it, whoever wrote them
// (Excel, WPS, LibreOffice, openpyxl, pandas; UTF-8 or GBK CSV):
//   - headings in any order below title rows, retyped in any width, with
//     aliases; an amount heading without its unit (成交金额) or in 万元 or
//     亿元 is matched and read in the unit it states; one in another unit
//     (千元) refuses the file, naming it.
//   - Money: 1,234.50, ¥1234, 12.35万元, 1.2亿 — exactly, to the fen.
//   - Date: 2023-12-18, 2023/12/18, 2023年12月18日, 20231218, date cells
//     (1900 and 1904 systems).
//   - Ident (registration numbers, USCCs, ID and phone numbers): full
//     width folded, spaces dropped; a number cell of 16 or more digits has
//     lost digits in the spreadsheet and is refused ("this column must be
//     formatted as text"); templates and exports format these columns as
//     text.
//   - Code (an enumeration): the code, its name, or both, in any width;
//     a number that lost its leading zeros.
//   - Text: as typed, trimmed (names beginning with = + - @ included:
//     exports neutralise them).
//
// Writing (NewWriter, WriteTemplate) streams rows to an io.Writer: .xlsx
// with a bold frozen header, widths, its real range and real numbers (money
// in its unit, yuan with two decimals by default), .csv as UTF-8 with BOM
// and CRLF so Excel opens Chinese text. WriteTables writes the figures
// behind a page's charts: a sheet per table, each with a bold title, an
// optional note and a bold header.
//
// # A module's import
//
// A module's import is a Spec and a row function; internal/imports runs
// it as a background job with progress, the all-or-nothing rule (or
// SkipBad), the error report and the job's result. For an honours batch
// list (名单):
//
//	spec := xlsx.Spec{Sheet: "名单", Columns: []xlsx.Column{
//		{Key: "seq", Header: "序号", Kind: xlsx.Int},
//		{Key: "name", Header: "企业名称", Required: true},
//		{Key: "uscc", Header: "统一社会信用代码", Required: true, Kind: xlsx.Ident},
//		{Key: "region", Header: "所在地区"},
//		{Key: "category", Header: "类别", Required: true, Kind: xlsx.Code, Codes: categories},
//		{Key: "award", Header: "奖补金额（万元）", Kind: xlsx.Money, Unit: xlsx.Wan},
//	}}
//
//	type batch struct{ entries []Entry } // an imports.Module
//
//	func (b *batch) Row(ctx context.Context, row xlsx.Row) error {
//		e := Entry{Name: row.Text("name"), Region: row.Text("region")}
//		e.USCC, _ = row.Ident("uscc")
//		e.Category, _ = row.Code("category")
//		e.AwardFen, _ = row.Money("award")
//		if err := validate(e); err != nil {
//			return row.Reject(err) // errs.Fields named by column key; nil unless internal
//		}
//		if !row.Bad() {
//			b.entries = append(b.entries, e)
//		}
//		return nil
//	}
//
//	func (b *batch) Commit(ctx context.Context, out imports.Outcome) (int, error) {
//		return store.SaveBatch(ctx, b.entries) // one transaction; called only for an accepted file
//	}
//
//	// as a job: imports.Submit(ctx, runner, actor, "honour_batch_import", req,
//	//	func(ctx context.Context, p *jobs.Progress) (any, error) {
//	//		return imports.Run(ctx, cfg, spec, req, p, &batch{})
//	//	})
//
// Used on its own, the Reader is the loop inside imports.Run:
//
//	rd, err := xlsx.Open(path, spec, xlsx.Options{})
//	if err != nil {
//		return err // file-level: too large, formula without a value, missing columns, …
//	}
//	defer rd.Close()
//	for rd.Next() {
//		if err := m.Row(ctx, rd.Row()); err != nil {
//			return err // not the user's fault (Internal): stop
//		}
//	}
//	if err := rd.Err(); err != nil {
//		return err
//	}
//	if err := rd.Problems().Err(); err != nil {
//		// nothing stored; offer xlsx.WriteReport(w, path, spec, opt, rd.Problems(), tr)
//	}
package xlsx
