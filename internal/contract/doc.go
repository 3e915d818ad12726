// Package contract holds the rules of the technology-contract registry
// (技术合同认定登记): the registration record, its enumerations as stable
// codes, the rule sets that apply by acceptance date, data checks, the
// review workflow and the tax-benefit estimates a registered contract drives.
//
// It is pure domain code: no HTTP, no SQL. The store persists what this
// package decides (and allocates registration serials, which must be
// gapless across app nodes); handlers translate the catalog keys it returns
// (all prefixed "contract.", in internal/i18n/locales/contract.*.json).
//
// Dates are civil.Date in China Standard Time; money is integer fen (分).
package contract
