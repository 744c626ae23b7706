//go:build unix

package tempfile

import (
	"errors"
	"syscall"
)

// processAlive tells whether a process with this pid exists (EPERM: it
// does, owned by someone else).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
