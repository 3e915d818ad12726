// Package org keeps a zone's party-organisation coverage of private
// enterprises (非公企业党建): each enterprise's survey (employees and full
// members), the organisations that cover enterprises by one of three modes
// — their own (单建), joint with others (联建) or a secretary or instructor
// sent in (派建) — with their terms and elections, the industry chains with
// the chain committee (产业链党委) or alliance (党建联盟) that covers each, the
// online branches (网上党支部) run on enterprises' OA and WeChat, and the
// organisations' honours.
//
// Which organisation an enterprise's member count calls for (≥3 its own
// branch, ≥50 a general branch, ≥100 a committee, fewer than 3 a joint
// branch, none an instructor) are Settings; the gap between what an
// enterprise has and what its count calls for is the 应建未建 list (Gaps).
//
// Coverage on a day is computed from memberships, never stored; the
// indicator rollups are spans (indicator.Span) of the stocks — enterprises
// that should be covered, covered, organisations, chains with a committee,
// online branches, elections due — written with the records that change
// them, so targets, rankings and dashboards read them unchanged.
//
// It is pure domain code: no HTTP, no SQL. Catalog keys are prefixed "org.".
package org
