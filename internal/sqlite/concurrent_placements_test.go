package sqlite

import (
	"testing"

	"maillage/internal/store/storetest"
)

// Merge runs placing records at once, racing imports and people's
// decisions, in two processes on one database file.
func TestConcurrentPlacements(t *testing.T) {
	storetest.RunConcurrentPlacements(t, openTwo)
}
