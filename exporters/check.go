package exporters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dos-go/dos/journal"
)

// checkCursor verifies that the journal still holds what c points at: the
// record at c.Seq carries c.ID or, when that record was pruned, the prune
// anchor carries c.Hash. Anything else is a *MismatchError.
func checkCursor(ctx context.Context, j *journal.Journal, st journal.Stats, c Cursor) error {
	mismatch := func(format string, args ...any) error {
		return &MismatchError{Cursor: c.Name, Seq: c.Seq, Reason: fmt.Sprintf(format, args...)}
	}
	if st.LastSeq < c.Seq {
		return mismatch("the journal ends at seq %d, before the cursor (was it replaced or truncated?)", st.LastSeq)
	}
	if c.Seq <= st.AnchorSeq {
		if c.Seq < st.AnchorSeq {
			return mismatch("records %d..%d were pruned before this cursor delivered them", c.Seq+1, st.AnchorSeq)
		}
		a, err := readAnchor(j.Dir())
		if err != nil {
			return err
		}
		if a.Hash != c.Hash {
			return mismatch("the prune anchor at seq %d has another hash (was the journal replaced?)", a.Seq)
		}
		return nil
	}
	for r, err := range j.Scan(ctx, journal.Query{From: c.Seq, Until: c.Seq}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return err
		}
		if r.ID != c.ID {
			return mismatch("the record at seq %d has id %s, the cursor expects %s (was the journal replaced?)", r.Seq, r.ID, c.ID)
		}
		return nil
	}
	return mismatch("there is no readable record at seq %d", c.Seq)
}

// readAnchor reads the journal's prune anchor (the genesis anchor when the
// journal was never pruned).
func readAnchor(dir string) (journal.Anchor, error) {
	b, err := os.ReadFile(filepath.Join(dir, "ANCHOR.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return journal.Anchor{V: 1, Hash: journal.GenesisHash}, nil
	}
	if err != nil {
		return journal.Anchor{}, fmt.Errorf("read prune anchor: %w", err)
	}
	var a journal.Anchor
	if err := json.Unmarshal(b, &a); err != nil {
		return journal.Anchor{}, fmt.Errorf("read prune anchor: %w", err)
	}
	return a, nil
}
