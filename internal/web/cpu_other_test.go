//go:build !unix

package web

// diagCPUSeconds is not measured here.
func diagCPUSeconds() float64 { return 0 }
