package postgres

import (
	"testing"

	"maillage/internal/store/storetest"
)

// Two processes on one database contend for a lease.
func TestLeaseInstances(t *testing.T) {
	storetest.RunLeaseInstances(t, openTwo)
}
