package cli

import (
	"os"
	"syscall"
)

// Windows has no exec(2): dos runs dos-pipes as a child on this process's
// own standard handles (so the console, a pipe or a file is the child's
// exactly), waits, and exits with its code. Ctrl-C and Ctrl-Break (both
// os.Interrupt in Go) and the close, logoff and shutdown events
// (syscall.SIGTERM) are sent by the console to every process attached to
// it, the child included, which shares dos's console and process group:
// dos only catches them so that it outlives the child and reports its
// code, and forwards nothing (Go cannot signal another process on Windows
// but to kill it).
func execPipes(path string, argv, env []string) error {
	return ChildHandoff(os.Stdin, os.Stdout, os.Stderr)(path, argv, env)
}

// exeSuffix ends an executable's file name.
const exeSuffix = ".exe"

// handoffSignals are the console's control events as Go names them.
var handoffSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// forwardSignal does nothing: the console has delivered the event to the
// child already.
func forwardSignal(*os.Process, os.Signal) error { return nil }

// exitCodeOf is the child's exit code (a process ended by Ctrl-C exits
// STATUS_CONTROL_C_EXIT, 0xC000013A, which is passed on as it is).
func exitCodeOf(ps *os.ProcessState) int { return ps.ExitCode() }
