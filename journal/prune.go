package journal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// PruneOptions say which sealed segments Prune may delete. At least one of
// MaxAge and KeepSegments must be set.
type PruneOptions struct {
	// MaxAge deletes sealed segments whose last record is older than this.
	MaxAge time.Duration
	// KeepSegments deletes the oldest sealed segments beyond this many
	// segments in all (the active one counts).
	KeepSegments int
	// Force deletes even segments holding records a cursor has not passed.
	Force bool
	// DryRun reports what would be deleted and deletes nothing.
	DryRun bool
	// Now is the clock for MaxAge. Default time.Now.
	Now func() time.Time
}

// PruneResult says what Prune deleted (or would delete, on a dry run).
type PruneResult struct {
	Deleted []SegmentInfo `json:"deleted"`
	Records uint64        `json:"records"`
	Bytes   int64         `json:"bytes"`
	Anchor  Anchor        `json:"anchor"`
	// HeldBy names the cursor that stopped the prune, if one did.
	HeldBy    string `json:"held_by,omitempty"`
	HeldAtSeq uint64 `json:"held_at_seq,omitempty"`
	DryRun    bool   `json:"dry_run"`
}

// ErrPruneRule means neither MaxAge nor KeepSegments was given.
var ErrPruneRule = errors.New("prune needs an age (--older-than) or a segment count (--keep-segments)")

// Prune deletes whole sealed segments from the oldest on, never the active
// one and never one holding a record some cursor under cursors/ has not yet
// passed (unless Force). It first records the last pruned record's seq and
// hash in ANCHOR.json, so Verify checks the chain from the new first record.
func Prune(ctx context.Context, dir string, o PruneOptions) (PruneResult, error) {
	if o.MaxAge <= 0 && o.KeepSegments <= 0 {
		return PruneResult{}, ErrPruneRule
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if _, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return PruneResult{}, fmt.Errorf("%s: %w", dir, ErrNoJournal)
		}
		return PruneResult{}, err
	}
	lk, err := openLock(dir)
	if err != nil {
		return PruneResult{}, fmt.Errorf("open journal lock: %w", err)
	}
	defer lk.close()
	if err := lk.lock(ctx); err != nil {
		return PruneResult{}, err
	}
	defer lk.unlock()

	infos, err := segmentInfos(dir)
	if err != nil {
		return PruneResult{}, err
	}
	res := PruneResult{DryRun: o.DryRun}
	var cursors map[string]uint64
	if !o.Force {
		if cursors, err = validCursorSeqs(ctx, dir); err != nil {
			return PruneResult{}, err
		}
	}
	cutoff := o.Now().Add(-o.MaxAge)
	for i, in := range infos[:max(len(infos)-1, 0)] { // never the active segment
		old := o.MaxAge > 0 && !in.LastTS.IsZero() && in.LastTS.Before(cutoff)
		excess := o.KeepSegments > 0 && len(infos)-i > o.KeepSegments
		if !old && !excess {
			break
		}
		if name, seq, held := heldBy(cursors, in.LastSeq); held {
			res.HeldBy, res.HeldAtSeq = name, seq
			break
		}
		res.Deleted = append(res.Deleted, in)
		if in.LastSeq >= in.FirstSeq {
			res.Records += in.LastSeq - in.FirstSeq + 1
		}
		res.Bytes += in.Bytes
	}
	if len(res.Deleted) == 0 || o.DryRun {
		if len(res.Deleted) > 0 {
			last := res.Deleted[len(res.Deleted)-1]
			res.Anchor = Anchor{V: 1, Seq: last.LastSeq, Hash: last.LastHash}
		}
		return res, nil
	}
	last := res.Deleted[len(res.Deleted)-1]
	res.Anchor = Anchor{V: 1, Seq: last.LastSeq, Hash: last.LastHash, PrunedAt: o.Now().UTC()}
	if err := writeAnchor(dir, res.Anchor); err != nil {
		return PruneResult{}, fmt.Errorf("write anchor: %w", err)
	}
	for _, in := range res.Deleted {
		if err := os.Remove(filepath.Join(dir, in.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, fmt.Errorf("delete %s: %w", in.Name, err)
		}
		os.Remove(filepath.Join(dir, indexName(in.Name)))
	}
	return res, syncDir(dir)
}

// heldBy returns the slowest cursor that has not passed seq.
func heldBy(cursors map[string]uint64, seq uint64) (string, uint64, bool) {
	names := make([]string, 0, len(cursors))
	for n := range cursors {
		names = append(names, n)
	}
	sort.Strings(names)
	slowest, found := "", false
	for _, n := range names {
		if cursors[n] < seq && (!found || cursors[n] < cursors[slowest]) {
			slowest, found = n, true
		}
	}
	return slowest, cursors[slowest], found
}

// validCursorSeqs reads every cursor's seq after checking it against the
// journal: a cursor past the journal's end, or whose id or hash is not the
// record's at its seq, was edited or belongs to another journal, and
// trusting it could delete records no export ever delivered.
func validCursorSeqs(ctx context.Context, dir string) (map[string]uint64, error) {
	ps, err := ReadCursorPositions(dir)
	if err != nil {
		return nil, fmt.Errorf("%w (prune with --force to ignore the cursors)", err)
	}
	out := map[string]uint64{}
	for _, p := range ps {
		var ce *CursorError
		if err := CheckCursor(ctx, dir, p); errors.As(err, &ce) && ce.Kind != CursorPruned {
			return nil, &InvalidCursorError{Err: ce}
		} else if err != nil && ce == nil {
			return nil, err
		}
		out[p.Name] = p.Seq
	}
	return out, nil
}

// InvalidCursorError is a prune refused because a cursor does not match
// the journal (exit 2 in the CLI, naming the cursor).
type InvalidCursorError struct{ Err *CursorError }

func (e *InvalidCursorError) Error() string {
	return fmt.Sprintf("refusing to prune: %v; fix or delete cursors/%s.json, or prune with --force", e.Err, e.Err.Cursor)
}

func (e *InvalidCursorError) Unwrap() error { return e.Err }

// ReadCursorSeqs reads the acknowledged seq of every cursor under
// <dir>/cursors/. Only the "seq" member matters here; exporters own the rest
// of the format. An unreadable cursor is an error: pruning past it could
// lose records it never delivered.
func ReadCursorSeqs(dir string) (map[string]uint64, error) {
	names, err := CursorNames(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]uint64{}
	for _, name := range names {
		path := CursorFile(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read cursor %s: %w", name, err)
		}
		var c struct {
			Seq *uint64 `json:"seq"`
		}
		if json.Unmarshal(b, &c) != nil || c.Seq == nil {
			return nil, fmt.Errorf("cursor %s is not valid JSON with a seq; fix or delete it, or prune with --force", path)
		}
		out[name] = *c.Seq
	}
	return out, nil
}
