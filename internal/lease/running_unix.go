//go:build unix

package lease

import (
	"errors"
	"syscall"
)

// running tells whether a process of that id runs (in this pid
// namespace); when it cannot tell, it says yes.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return !errors.Is(err, syscall.ESRCH)
}
