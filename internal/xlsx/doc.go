// Package xlsx is the spreadsheet layer every import and export shares:
// .xlsx through excelize and .csv through encoding/csv, both streaming.
//
// Reading (Open, NewReader) checks the file before trusting it — size, real
// type by content, zip bomb, formulas, sheet, CSV encoding, header — then
// yields the data rows in constant memory, each mapped onto the Spec's
// columns whatever their order in the file. Problems with the file as a
// whole are *errs.Error values carrying a Problem (errors.Is works); problems
// with single rows go to a Collector so that every bad row can be reported
// at once, and WriteReport turns them into a copy of the upload with an
// error column (错误说明).
//
// Writing (NewWriter, WriteTemplate) streams rows to an io.Writer: .xlsx
// with a bold frozen header, widths and real numbers (money in yuan with two
// decimals), .csv as UTF-8 with BOM and CRLF so Excel opens Chinese text.
// WriteTables writes the figures behind a page's charts: a sheet per table,
// each with a bold title, an optional note and a bold header.
//
// A typical import (the Spec is contractio.Spec's, the registry's import
// file):
//
//	rd, err := xlsx.Open(path, contractio.Spec(cat), xlsx.Options{})
//	if err != nil {
//		return err // file-level: too large, formula, missing columns, …
//	}
//	defer rd.Close()
//	for rd.Next() {
//		row := rd.Row()
//		tm := contract.Terms{Name: row.Text("name")}
//		tm.ContractAmountFen, _ = row.Money("contract_amount_fen")
//		if err := validate(tm); err != nil {
//			if err := row.Reject(err); err != nil {
//				return err // not the user's fault (Internal): stop
//			}
//		}
//	}
//	if err := rd.Err(); err != nil {
//		return err
//	}
//	if err := rd.Problems().Err(); err != nil {
//		// nothing stored; offer xlsx.WriteReport(w, path, spec, opt, rd.Problems(), tr)
//	}
package xlsx
