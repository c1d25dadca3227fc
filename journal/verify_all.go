package journal

import (
	"context"
	"errors"
	"io"
)

// VerifyOptions add the checks beyond the chain that `dos journal verify`
// runs: the export cursors always, a copy and the keyed checkpoints when
// given.
type VerifyOptions struct {
	// Against is an exported copy of the journal to compare (Compare).
	Against io.Reader
	// Key checks the HMAC checkpoints (keyed mode); nil skips them.
	Key []byte
}

// CursorFinding is a cursor the journal does not back.
type CursorFinding struct {
	Cursor  string `json:"cursor"`
	Seq     uint64 `json:"seq"`
	Kind    string `json:"kind"` // past-end | pruned | replaced | rewritten | unreadable
	Message string `json:"message"`
}

// VerifyAll walks the chain (Verify), then checks every export cursor the
// way an export would (CheckCursor: a record rewritten under a cursor is
// named even when the chain was recomputed), the checkpoints with o.Key,
// and o.Against. The report's Intact covers all of them.
func VerifyAll(ctx context.Context, dir string, o VerifyOptions) (*VerifyReport, error) {
	rep, err := Verify(ctx, dir)
	if err != nil {
		return nil, err
	}
	ps, err := ReadCursorPositions(dir)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		var ce *CursorError
		if err := CheckCursor(ctx, dir, p); errors.As(err, &ce) {
			rep.Cursors = append(rep.Cursors, CursorFinding{Cursor: p.Name, Seq: p.Seq, Kind: ce.Kind, Message: ce.Error()})
		} else if err != nil {
			return nil, err
		}
	}
	if o.Key != nil {
		if rep.Checkpoints, err = VerifyCheckpoints(ctx, dir, o.Key); err != nil {
			return nil, err
		}
	}
	if o.Against != nil {
		if rep.Against, err = Compare(ctx, dir, o.Against); err != nil {
			return nil, err
		}
	}
	return rep, nil
}
