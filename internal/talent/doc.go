// Package talent keeps a zone's talent programmes (人才工程): the
// programmes and their tiers, which are data (Weifang's 金鸢领航, 银鸢跃腾,
// 青鸢初飞, 归鸢合鸣 and 蓝鸢匠心 are the demo zone's), their calls for
// applications, the applicants with their employer and chain, the review
// result and the support granted.
//
// Applicants are people: their records are the zone's and their
// employer's, never a city's, province's or the nation's, which read
// aggregates only (the talent.* indicators). Identity numbers are checked
// with their GB 11643 check digit, stored whole and shown masked to anyone
// but the zone's administrator.
//
// A person holds one tier of a programme at a time: an application for
// another tier while one is pending or its support runs is refused.
//
// It is pure domain code: no HTTP, no SQL. Catalog keys are prefixed
// "talent.".
package talent
