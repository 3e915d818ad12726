// Package invest keeps a zone's investment attraction (招商引资) as its
// investment bureau (招商局) runs it: the pipeline of projects from a lead
// to production (线索 → 洽谈 → 考察 → 意向 → 签约 → 注册 → 开工 → 投产, or 终止
// from any stage), the steps that need the approval of the level above, the
// company a signed project registers with its capital and the funds that
// arrive, the outbound trips (外出招商) and inbound inspection visits
// (邀请考察) that feed it, follow-ups, and the guiding funds and venture
// firms the zone works with.
//
// Government investment funds follow 国办发〔2025〕1号: the package records
// what a fund is and holds; it keeps no re-investment (返投) quotas.
//
// Stage changes are worked out here (Transition) and the rollup rows and
// spans of a project are functions of its state (Rows, Spans), so the store
// persists the difference of the state before and after a change.
//
// It is pure domain code: no HTTP, no SQL. Money is fen, dates civil.Date;
// catalog keys are prefixed "invest.".
package invest
