package journal

import (
	"context"
	"encoding/json"
	"fmt"
)

// CursorPosition is what every cursor under cursors/ says about where it
// stands: the seq, id and hash of the last record it delivered. Exporters
// own the rest of the cursor's format; prune, verify and the readers need
// only this to tell a cursor the journal still backs from one it does not.
type CursorPosition struct {
	Name string `json:"-"`
	Seq  uint64 `json:"seq"`
	ID   string `json:"id"`
	Hash string `json:"hash"` // "" in cursors written before dos recorded it
}

// Ways a cursor can disagree with the journal (CursorError.Kind).
const (
	CursorPastEnd   = "past-end"  // the journal ends before the cursor's seq
	CursorPruned    = "pruned"    // records the cursor never delivered were pruned
	CursorReplaced  = "replaced"  // another record (another id) stands at the cursor's seq
	CursorRewritten = "rewritten" // the same record, another hash: the chain was recomputed through it
	CursorUnread    = "unreadable"
)

// CursorError says how a cursor and the journal disagree.
type CursorError struct {
	Cursor string
	Seq    uint64
	Kind   string
	Reason string
}

func (e *CursorError) Error() string {
	if e.Kind == CursorRewritten {
		return fmt.Sprintf("the journal was rewritten after seq %d was exported to %s: %s", e.Seq, e.Cursor, e.Reason)
	}
	return fmt.Sprintf("cursor %s (seq %d) does not match the journal: %s", e.Cursor, e.Seq, e.Reason)
}

// ReadCursorPositions reads the position of every cursor of the journal
// at dir, sorted by name. An unreadable cursor is an error naming it.
func ReadCursorPositions(dir string) ([]CursorPosition, error) {
	names, err := CursorNames(dir)
	if err != nil {
		return nil, err
	}
	out := make([]CursorPosition, 0, len(names))
	for _, name := range names {
		b, err := ReadCursorFile(dir, name)
		if err != nil {
			return nil, fmt.Errorf("read cursor %s: %w", name, err)
		}
		// seq 0 is a cursor recorded before its first delivery: it holds
		// every record; a cursor without a seq is not one
		var p struct {
			Seq *uint64 `json:"seq"`
			CursorPosition
		}
		if json.Unmarshal(b, &p) != nil || p.Seq == nil {
			return nil, fmt.Errorf("cursor %s is not valid JSON with a seq; fix or delete it", CursorFile(dir, name))
		}
		p.CursorPosition.Name, p.CursorPosition.Seq = name, *p.Seq
		out = append(out, p.CursorPosition)
	}
	return out, nil
}

// CheckCursor reports whether the journal at dir still holds what p
// stands on: a record at p.Seq with p's id and (when p has one) p's hash,
// or, when p.Seq was pruned away, the prune anchor at exactly p.Seq with
// p's hash. Any disagreement is a *CursorError; other errors are I/O.
func CheckCursor(ctx context.Context, dir string, p CursorPosition) error {
	bad := func(kind, format string, args ...any) error {
		return &CursorError{Cursor: p.Name, Seq: p.Seq, Kind: kind, Reason: fmt.Sprintf(format, args...)}
	}
	j := At(dir)
	last, err := j.LastGoodSeq()
	if err != nil && !isNoJournal(err) {
		return err
	}
	a, err := readAnchor(dir)
	if err != nil {
		return err
	}
	last = max(last, a.Seq)
	switch {
	case p.Seq > last:
		return bad(CursorPastEnd, "the journal ends at seq %d, before the cursor's seq %d (records were removed, or the cursor was edited)", last, p.Seq)
	case p.Seq < a.Seq:
		return bad(CursorPruned, "records %d..%d were pruned before this cursor delivered them", p.Seq+1, a.Seq)
	case p.Seq == a.Seq:
		if p.Hash != "" && p.Hash != a.Hash {
			return bad(CursorReplaced, "the prune anchor at seq %d has hash %.12s…, the cursor saved %.12s… (was the journal replaced?)", a.Seq, a.Hash, p.Hash)
		}
		return nil
	}
	for r, err := range j.Scan(ctx, Query{From: p.Seq, Until: p.Seq}) {
		if err != nil {
			if Skippable(err) {
				continue
			}
			return err
		}
		if r.Seq != p.Seq {
			break
		}
		if r.ID != p.ID {
			return bad(CursorReplaced, "the record at seq %d has id %s, the cursor expects %s (was the journal replaced?)", r.Seq, r.ID, p.ID)
		}
		if p.Hash != "" && r.Hash != p.Hash {
			return bad(CursorRewritten, "the record at seq %d has hash %.12s…, the cursor saved %.12s… when it was delivered", r.Seq, r.Hash, p.Hash)
		}
		return nil
	}
	return bad(CursorUnread, "there is no readable record at seq %d", p.Seq)
}
