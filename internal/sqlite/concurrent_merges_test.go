package sqlite

import (
	"testing"

	"maillage/internal/store/storetest"
)

// Two merge runs at once, in two processes on one database file.
func TestConcurrentMerges(t *testing.T) {
	storetest.RunConcurrentMerges(t, openTwo)
}
