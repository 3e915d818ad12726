package invest

// DefaultSettings are the settings a new installation starts with: signing
// (签约) needs the approval of the zone's leadership; a step may neither
// skip a stage nor go back.
func DefaultSettings() Settings {
	return Settings{Approvals: map[Stage]Level{StageSigned: LevelZone}}
}
