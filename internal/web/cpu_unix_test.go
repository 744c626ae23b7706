//go:build unix

package web

import "syscall"

// diagCPUSeconds is the user + system CPU time of the process: on the
// shared machine it says more than the wall time.
func diagCPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
