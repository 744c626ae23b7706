package postgres

import (
	"testing"

	"maillage/internal/store/storetest"
)

// People's edits and a source's priority change racing a merge run, in
// two processes on one database.
func TestConcurrentHandEdits(t *testing.T) {
	storetest.RunConcurrentHandEdits(t, openTwo)
}
