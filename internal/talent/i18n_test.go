package talent

import (
	"testing"

	"github.com/innopark/innopark/internal/i18n"
)

// Every status's name is in both catalogs.
func TestKeysInCatalog(t *testing.T) {
	c := i18n.MustLoad()
	for _, s := range Statuses() {
		for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
			if !c.Has(l, s.Key()) {
				t.Errorf("%s missing in %s", s.Key(), l)
			}
		}
	}
}
