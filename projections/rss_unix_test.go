//go:build unix

package projections

import (
	"os"
	"syscall"
)

// peakRSSKiB is the exited child's peak resident set (KiB on Linux, bytes
// on macOS; the benchmarks' targets are read on Linux).
func peakRSSKiB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
