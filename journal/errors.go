package journal

import (
	"errors"
	"fmt"
)

// ErrNoJournal means the journal directory does not exist or holds no segment yet.
var ErrNoJournal = errors.New("no journal yet")

// CorruptError reports a complete line that is not a record. Readers yield it
// and go on; they never drop such a line silently.
type CorruptError struct {
	Segment  string // segment file name
	Offset   int64  // byte offset of the line in the segment
	AfterSeq uint64 // seq of the last good record before it, 0 if none
	Reason   string
	// Break marks a break in the seqs themselves (records missing,
	// overlapping or out of order) rather than a line that does not
	// decode: an export stops there, so its cursor never passes records
	// that may yet be restored.
	Break bool
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("corrupt line in %s at byte %d (after seq %d): %s", e.Segment, e.Offset, e.AfterSeq, e.Reason)
}

// UnsupportedError reports a record written by a newer schema version. It is
// not corruption: a newer dos can read it.
type UnsupportedError struct {
	Segment string
	Offset  int64
	Seq     uint64
	Version int
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("record at seq %d (%s byte %d) has schema version %d; this build reads up to %d: upgrade dos",
		e.Seq, e.Segment, e.Offset, e.Version, Version)
}

// Skippable reports whether err describes one bad line (corrupt or of an
// unsupported version) after which reading goes on.
func Skippable(err error) bool {
	var ce *CorruptError
	var ue *UnsupportedError
	return errors.As(err, &ce) || errors.As(err, &ue)
}

func isNoJournal(err error) bool { return errors.Is(err, ErrNoJournal) }
