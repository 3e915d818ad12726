// Package project keeps a zone's construction projects (重点项目 / 市政配套
// 工程): the card (builder, park, category, level, total investment, scope
// items, parties, construction methods), its plans — a re-baselined plan is
// a new version and the old ones stay —, investment reported by month or by
// 旬 (ten-day period), milestones, the problem ledger, inspections with their
// findings, and awards. Photos and documents are files of package attach.
//
// Nothing derived is typed: the status follows the dated facts (started,
// finished, opened, suspended), the days ahead or behind are the plan in
// force's finish less the actual finish (or the finish projected from
// progress while under way), cumulative investment is the sum of the
// reports. The indicator rollups are the changes these records make
// (CardRows, ReportRows, CountSpans, …), so dashboards read them without
// scanning projects.
//
// It is pure domain code: no HTTP, no SQL. Dates are civil.Date (China
// Standard Time); money is integer fen; catalog keys are prefixed
// "project.".
package project
