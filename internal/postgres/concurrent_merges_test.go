package postgres

import (
	"testing"

	"maillage/internal/store/storetest"
)

// Two merge runs at once, in two processes on one database.
func TestConcurrentMerges(t *testing.T) {
	storetest.RunConcurrentMerges(t, openTwo)
}
