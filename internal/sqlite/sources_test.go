package sqlite

import (
	"testing"

	"maillage/internal/store/storetest"
)

// Two processes on one database file contend for a lease.
func TestLeaseInstances(t *testing.T) {
	storetest.RunLeaseInstances(t, openTwo)
}
