package exporters

import (
	"context"
	"errors"
	"fmt"

	"github.com/dos-go/dos/journal"
)

// checkCursor verifies that the journal still holds what c points at
// (journal.CheckCursor: the record at c.Seq carries c.ID and c.Hash or,
// when that record was pruned, the prune anchor carries c.Hash). A record
// whose hash changed under the cursor is a *RewrittenError; anything else
// is a *MismatchError.
func checkCursor(ctx context.Context, j *journal.Journal, c Cursor) error {
	err := journal.CheckCursor(ctx, j.Dir(), journal.CursorPosition{Name: c.Name, Seq: c.Seq, ID: c.ID, Hash: c.Hash})
	var ce *journal.CursorError
	if !errors.As(err, &ce) {
		return err
	}
	if ce.Kind == journal.CursorRewritten {
		return &RewrittenError{Cursor: c.Name, Seq: c.Seq, Reason: ce.Reason}
	}
	return &MismatchError{Cursor: c.Name, Seq: c.Seq, Reason: ce.Reason}
}

// RewrittenError means the record a cursor stands on is still there but
// its hash changed: the journal was edited and re-chained after the
// record was exported. The export is refused (exit 2).
type RewrittenError struct {
	Cursor string
	Seq    uint64
	Reason string
}

func (e *RewrittenError) Error() string {
	return fmt.Sprintf("the journal was rewritten after seq %d was exported to %s (%s); compare it with what was exported (`dos journal verify --against FILE`), then rerun with --reset", e.Seq, e.Cursor, e.Reason)
}
