package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestBoundHeap: a harvest or an import bounds the Go heap, unless
// GOMEMLIMIT sets the limit.
func TestBoundHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	for _, tt := range []struct {
		name string
		env  map[string]string
		want int64
	}{
		{"default", nil, bulkHeapLimit},
		{"GOMEMLIMIT", map[string]string{"GOMEMLIMIT": "2GiB"}, math.MaxInt64},
	} {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(math.MaxInt64)
			boundHeap(&env{getenv: func(k string) string { return tt.env[k] }})
			if got := debug.SetMemoryLimit(-1); got != tt.want {
				t.Errorf("heap limit %d, want %d", got, tt.want)
			}
		})
	}
}
