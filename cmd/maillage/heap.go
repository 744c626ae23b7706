package main

import "runtime/debug"

// bulkHeapLimit is the Go heap's soft limit for a process that writes
// much at once: the merge run of a harvest of 100 000 records holds them
// as read and as prepared and scores pairs on every core, and its peak
// RSS went from 600 MB to 900 MB on a loaded machine, where the
// collector lags behind two allocating cores. Past the limit the
// collector runs more often instead of the heap growing: the harvest
// stays well under its 1 GB target.
const bulkHeapLimit = 640 << 20

// boundHeap sets bulkHeapLimit, unless GOMEMLIMIT sets the limit.
func boundHeap(e *env) {
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(bulkHeapLimit)
	}
}
