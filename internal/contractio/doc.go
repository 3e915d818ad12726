// Package contractio imports historical registrations into the registry and
// exports filtered lists of it, as .xlsx or .csv with the registration
// form's Chinese headings (Spec) and the national system's (合同编号, 登记号,
// 认定登记机构, amounts without their unit). The spreadsheet work — limits,
// zip bombs, formulas, sheets, encodings, headers and units, identifiers,
// totals rows, the error report — is internal/xlsx's, and running an import
// as a job is internal/imports'; this package is an imports.Module: it
// decides what a row means and whether the registry takes it.
//
// Every row goes through the rules of the form and the API
// (contract.Normalize and the registry's Checker, USCC check characters
// included) and those of a registration record (numbers in the layout of
// the rule set the acceptance date selects, dates in order, the facts each
// status needs). Sellers must be enterprises of the importing zone.
// Duplicates are found within the file and against stored contracts.
//
// Rows of contracts still in progress (drafts, pending ones: a full export
// has them) are passed over with a note, so an export imports again.
//
// An import runs as a background job (internal/jobs). It is all or nothing
// unless the caller asks to skip bad rows: good rows are staged batch by
// batch while the file is read, and moved into the registry in one
// transaction — rollups, serial counters and one audit record with them —
// only when the file is accepted. Every problem of every bad row is
// reported (row, column, message), and a copy of the file with an error
// column is kept with the job.
//
// An export streams every contract of a filtered list the actor may see,
// in the import's columns (plus three for reading, ignored on import), so
// an export imports again.
package contractio
