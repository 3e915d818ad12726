// Package bulletin writes news items (本报讯) from figures, the way the
// newspaper page in shared/seed does: "本报讯 今年1-11月，榆林高新区共认定登记
// 技术合同385项，登记金额3.8亿元，同比增长15%，…".
//
// Wording is data: a Template holds text/template sources that zone staff may
// edit, executed with the helpers of Funcs (number formatting, year-on-year,
// target and rank phrases) against Facts, the figures an item is written from.
// A rendered Item keeps its Facts, so a saved bulletin can show what it said
// and why. Templates run under limits (no loops, no recursion, bounded
// output, missing facts are errors) because their authors are not programmers.
//
// The package is pure: figures come in computed (package indicator does the
// arithmetic), text goes out; HTML rendering and storage are elsewhere. The
// text is not HTML-escaped: the web layer must escape it when it inserts it.
// Service (service.go) is the one part that reaches out, through interfaces
// it declares: figures from the indicator service, zones' edited templates
// and saved items from the store; each module contributes its item's facts
// as a Contributor.
package bulletin
