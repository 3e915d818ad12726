package project

// Settings are the rules a zone may set differently.
type Settings struct {
	// MonthGraceDays and TenDayGraceDays are how many days after a period
	// ends its report is due; a report stored later is flagged late.
	MonthGraceDays  int
	TenDayGraceDays int
	// MaxFiles is how many photos and documents a project keeps.
	MaxFiles int
}

// DefaultSettings are the usual reporting deadlines of a key-project office:
// a monthly report by the 5th of the next month, a 旬 report within two days.
func DefaultSettings() Settings {
	return Settings{MonthGraceDays: 5, TenDayGraceDays: 2, MaxFiles: 200}
}
