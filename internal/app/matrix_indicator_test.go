package app_test

// indicatorCases are the indicators', targets' and bulletins' rows of the matrix.
func indicatorCases(f *fixture) []routeCase { return nil }
