//go:build !unix

package diagnostic

func cpuSeconds() float64 { return 0 }
