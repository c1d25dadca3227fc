package vocab

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

// Verdictf builds a Verdict whose Why is formatted from the evidence.
func Verdictf(token, reason, format string, args ...any) Verdict {
	return Verdict{Token: token, Reason: reason, Why: fmt.Sprintf(format, args...)}
}

// UsageError is bad input or missing evidence: the CLI exits 2 with its
// message, and no record is written.
type UsageError struct{ Msg string }

// Error returns the one line the CLI prints.
func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// JoinInts renders deltas as "800,300,120", as --deltas takes them.
func JoinInts(xs []int64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ",")
}
