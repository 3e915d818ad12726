// Package honour keeps enterprise honours and qualifications (荣誉资质): the
// programmes that confer them (e.g. 国家知识产权示范企业 / 优势企业, 高新技术企业),
// the batches a programme publishes by notice, the titles those batches
// start and end, and the cultivation (培育) of candidates a zone runs before
// an application.
//
// A title is never typed: each passing entry of a batch starts a term
// (effective date + the programme's term), and a failed recheck, a
// revocation, an upgrade to a higher programme or the end of the term ends
// it. "Held on date D" is computed from titles (Held), and the indicator
// rollups are the changes of that count (RollupRows), so a dashboard reads
// the stock without scanning titles.
//
// It is pure domain code: no HTTP, no SQL. Dates are civil.Date (China
// Standard Time); catalog keys are prefixed "honour.".
package honour
