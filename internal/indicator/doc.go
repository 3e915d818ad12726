// Package indicator is the arithmetic behind innopark's figures: which
// indicators exist (a catalog versioned by year), the periods they are reported
// for, year-on-year change, shares, averages, target completion, and rankings
// between areas.
//
// It is pure: it reads no database, no clock and no network. The store keeps
// rollup rows (zone × month × indicator × dimension key, see Row) and hands
// them in through a Source; callers pass "today" in where it matters.
//
// Service (service.go, dashboard.go, compare.go) is what the web pages and
// the API call: figures with YoY, targets, completion and ranks, rankings,
// dashboards, target setting and entered statistics. It reaches storage only
// through the Store interface it declares (package store implements it) and
// time only through its Now; its access rules are Policy's actions.
//
// Exactness: amounts are integer fen and counts are integers; every derived
// value (ratio, share, rate, completion) is an exact fraction (Frac). Rounding
// happens only when a value is presented, half away from zero (四舍五入, as
// Chinese statistical reports round), by Frac.Round.
package indicator
