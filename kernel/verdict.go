// Package kernel holds dos's syscalls. Each is a pure classifier
// (evidence and policy in, Verdict out, no I/O) plus a thin edge that
// gathers the evidence (git, the journal, the clock), appends exactly one
// journal record and returns a Result the CLI renders. records.go is the
// vocabulary every record uses; verbs.go the exit code of every verdict.
package kernel

import (
	"fmt"
	"strings"
)

// Verdict is what a classifier returns: the token, a reason code from the
// syscall's closed set, and one line dos wrote from the evidence.
type Verdict struct {
	Token  string
	Reason string
	Why    string
}

func verdict(token, reason, format string, args ...any) Verdict {
	return Verdict{Token: token, Reason: reason, Why: fmt.Sprintf(format, args...)}
}

// UsageError is bad input or missing evidence: the CLI exits 2 with its
// message, and no record is written.
type UsageError struct{ Msg string }

// Error returns the one line the CLI prints.
func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

func joinInts(xs []int64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ",")
}
