package app_test

// contractCases are the registry's rows of the route × role matrix.
func contractCases(f *fixture) []routeCase { return nil }
