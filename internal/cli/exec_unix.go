//go:build unix

package cli

import "syscall"

// execPipes replaces this process with dos-pipes, so its flags, signals,
// output and exit code are the sibling's own.
func execPipes(path string, argv, env []string) error { return syscall.Exec(path, argv, env) }
