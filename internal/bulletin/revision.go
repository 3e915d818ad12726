package bulletin

import (
	"maps"
	"slices"
	"time"
)

// FigureChange is one figure of a saved item that reads differently now:
// Old is what the item was written from, New what the records give today.
// A figure that appeared or went away has Had or Has false.
type FigureChange struct {
	Fact string `json:"fact"`
	Old  int64  `json:"old"`
	New  int64  `json:"new"`
	Had  bool   `json:"had"`
	Has  bool   `json:"has"`
}

// Edit is a change to a zone's records after an item was saved, as the
// audit log has it: who, when, what kind of record and how many.
type Edit struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Action string    `json:"action"`
	Entity string    `json:"entity"`
	Count  int       `json:"count"`
}

// Revision is a saved (published) item whose figures have moved since it
// was saved: the saved text stays as published; this says what changed and
// who changed the records since.
type Revision struct {
	Saved   Saved          `json:"saved"`
	Changes []FigureChange `json:"changes"`
	Edits   []Edit         `json:"edits"`
}

// Compare lists the figures that differ between the facts an item was saved
// with and the facts written now, in key order. Words and lists (a
// notice's title, the enterprises named) are not figures and are not
// compared; a zone's work note is its own text.
func Compare(saved, now Facts) []FigureChange {
	keys := slices.Sorted(maps.Keys(saved.N))
	for k := range now.N {
		if _, ok := saved.N[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []FigureChange
	for _, k := range keys {
		o, had := saved.N[k]
		n, has := now.N[k]
		if had == has && o == n {
			continue
		}
		out = append(out, FigureChange{Fact: k, Old: o, New: n, Had: had, Has: has})
	}
	return out
}

// EditedEntities are the audit entities whose changes move a module's
// figures, for listing who changed them.
func EditedEntities(module string) []string {
	switch module {
	case ModuleTechContract:
		return []string{"contract", "contract_batch", "contract_import", "target"}
	case ModuleHonour:
		return []string{"honour_batch", "honour_candidate", "honour_activity"}
	case ModuleOrgTalent:
		return []string{"org_chain", "org_honour", "org_online_branch", "org_organisation", "org_profile", "talent_applicant", "talent_call", "talent_programme"}
	case ModuleInvest:
		return []string{"invest_trip", "invest_visit", "invest_project", "invest_fund", "enterprise"}
	case ModuleProject:
		return []string{"project", "project_award"}
	}
	return nil
}
