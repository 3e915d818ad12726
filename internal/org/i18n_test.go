package org

import (
	"testing"

	"github.com/innopark/innopark/internal/i18n"
)

// Every computed key (kinds, modes, levels, platforms, what each member
// count needs, gaps) is in
// both catalogs.
func TestKeysInCatalog(t *testing.T) {
	c := i18n.MustLoad()
	var keys []string
	for _, k := range Kinds() {
		keys = append(keys, k.Key())
	}
	for _, n := range []int{0, 1, 3, 7, 50, 100} {
		keys = append(keys, DefaultSettings().Fit(n).Key())
	}
	for _, m := range Modes() {
		keys = append(keys, m.Key())
	}
	for _, l := range Levels() {
		keys = append(keys, l.Key())
	}
	for _, p := range Platforms() {
		keys = append(keys, p.Key())
	}
	for _, g := range []GapReason{GapUncovered, GapOwnNeeded, GapUpgrade} {
		keys = append(keys, g.Key())
	}
	for _, k := range keys {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !c.Has(l, k) {
				t.Errorf("%s missing in %s", k, l)
			}
		}
	}
}
