//go:build !unix

package access

func cpuSeconds() float64 { return 0 }
