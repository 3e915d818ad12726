package invest

import "fmt"

// DefaultSettings are the settings a new installation starts with: signing
// (签约) needs the approval of the zone's leadership; a step may neither
// skip a stage nor go back.
func DefaultSettings() Settings {
	return Settings{Approvals: map[Stage]Level{StageSigned: LevelZone}}
}

// Validate reports the first problem with s: an unknown stage or level.
func (s Settings) Validate() error {
	for st, l := range s.Approvals {
		if !st.Valid() || st == StageLead {
			return fmt.Errorf("approval for stage %q: not a stage a step goes to", st)
		}
		if l != LevelNone && l != LevelZone && l != LevelCity {
			return fmt.Errorf("approval for stage %s: unknown level %q (zone or city)", st, l)
		}
	}
	return nil
}
