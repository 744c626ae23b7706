package harvest

import "maillage/internal/lease"

// Holder names this process in leases (see package lease).
func Holder() string { return lease.Holder() }

// The lease of a source's harvest or removal, and of the merge run the
// schedule resumes, are taken over from a killed process of this machine
// (lease.Acquire); each operation is its own holder (lease.Operation).
var (
	acquireLease    = lease.Acquire
	deadHere        = lease.DeadHere
	operationHolder = lease.Operation
)
