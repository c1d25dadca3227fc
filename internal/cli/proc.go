package cli

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether pid is a live process on this host: signal
// 0 delivered, or refused for permission (it exists). Where signals cannot
// be sent (Windows) nil is returned: unknown, so the proc rung stays off.
func processAlive(pid int) *bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		dead := false
		return &dead
	}
	err = p.Signal(syscall.Signal(0))
	alive := err == nil || errors.Is(err, syscall.EPERM)
	switch {
	case alive, errors.Is(err, os.ErrProcessDone), errors.Is(err, syscall.ESRCH):
		return &alive
	}
	return nil
}
