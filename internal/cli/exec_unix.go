//go:build unix

package cli

import (
	"os"
	"syscall"
)

// execPipes replaces this process with dos-pipes, so its flags, signals,
// output and exit code are the sibling's own.
func execPipes(path string, argv, env []string) error { return syscall.Exec(path, argv, env) }

// exeSuffix ends an executable's file name.
const exeSuffix = ""

// handoffSignals are what a child hand-off (tests, embedders) passes on:
// a terminal's ^C reaches the whole foreground group, but a kill(1) of
// this process reaches only it.
var handoffSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// forwardSignal sends sig to the child.
func forwardSignal(child *os.Process, sig os.Signal) error { return child.Signal(sig) }

// exitCodeOf is the child's exit code, or 128+n when signal n killed it.
func exitCodeOf(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}
