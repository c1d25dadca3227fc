package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/flock"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// idAllocWait bounds how long an allocation waits for another process
// allocating in the same scope.
const idAllocWait = 30 * time.Second

// idCounter is <journal>/id-alloc/KEY.json: a scope's high-water mark and
// the seq of the id.alloc record that set it.
type idCounter struct {
	V     int    `json:"v"`
	Scope string `json:"scope"`
	ID    int64  `json:"id"`
	Seq   uint64 `json:"seq"`
}

// IDAllocJSON is id-alloc's --json: the Report plus the reference's keys.
type IDAllocJSON struct {
	Report
	ID    *int64 `json:"id"`
	Scope string `json:"scope"`
}

func (x IDAllocJSON) withReport(r Report) any { x.Report = r; return x }

func checkScope(scope string) error {
	if scope == "" || strings.ContainsAny(scope, "\x00\n\r") {
		return vocab.Usagef("id-alloc: SCOPE must be a non-empty single line")
	}
	return nil
}

// IDAllocate hands out the scope's next id: its high-water mark + 1, or
// start on a new scope. Allocations of one scope are serialised by
// flock(2) on id-alloc/KEY.lock in the journal directory (the discipline
// of the journal's LOCK and LEASES.lock); the id exists only once its
// id.alloc record is durable, and the counter file is written after it, so
// a crash between the two is caught up from the journal by the next call:
// an id is never handed out twice, and none is skipped.
func IDAllocate(ctx context.Context, env Env, scope string, start int64) (Result, error) {
	if err := checkScope(scope); err != nil {
		return Result{}, err
	}
	key := vocab.IDAllocKey(scope)
	dir := journal.IDAllocDir(env.JournalDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("id-alloc: %w", err)
	}
	lk, err := flock.Take(ctx, filepath.Join(dir, key+".lock"), idAllocWait)
	if errors.Is(err, flock.ErrHeld) {
		return Result{}, vocab.Usagef("id-alloc: scope %q stayed locked by another allocation for %s", scope, idAllocWait)
	}
	if err != nil {
		return Result{}, fmt.Errorf("id-alloc: lock %s: %w", key, err)
	}
	defer lk.Close()
	prev, seq, err := highWater(ctx, env.JournalDir, scope)
	if err != nil {
		return Result{}, err
	}
	v, d := vocab.ClassifyIDAlloc(scope, prev, start)
	res := env.emit(ctx, vocab.SysIDAlloc, v, journal.Record{Subject: subjectOf(scope)}, d)
	if res.JournalErr != nil {
		return Result{}, fmt.Errorf("id-alloc: no id allocated, the record could not be journaled: %v", res.JournalErr)
	}
	seq = max(seq, res.Record.Seq)
	b, _ := json.Marshal(idCounter{V: 1, Scope: scope, ID: d.ID, Seq: seq})
	if err := journal.WriteFileAtomic(dir, key+".json", append(b, '\n')); err != nil {
		// The record is durable: the next allocation catches up from it.
		return res, fmt.Errorf("id-alloc: id %d is allocated and journaled, but its counter could not be written: %v", d.ID, err)
	}
	id := d.ID
	res.Line = fmt.Sprintf("%s  %s", v.Token, v.Why)
	res.Extra = IDAllocJSON{ID: &id, Scope: scope}
	return res, nil
}

// IDPeek returns the scope's high-water mark (nil: nothing allocated yet).
// It reads without locking and records nothing.
func IDPeek(ctx context.Context, journalDir, scope string) (*int64, error) {
	if err := checkScope(scope); err != nil {
		return nil, err
	}
	id, _, err := highWater(ctx, journalDir, scope)
	return id, err
}

// highWater is the scope's last id: the counter file's, caught up with any
// id.alloc record of the scope the journal holds after the counter's seq
// (a crash between record and counter). Without a counter file the whole
// journal is read once.
func highWater(ctx context.Context, journalDir, scope string) (*int64, uint64, error) {
	key := vocab.IDAllocKey(scope)
	var id *int64
	var seq uint64
	b, err := os.ReadFile(filepath.Join(journal.IDAllocDir(journalDir), key+".json"))
	switch {
	case err == nil:
		var c idCounter
		if jerr := json.Unmarshal(b, &c); jerr != nil || c.V != 1 {
			return nil, 0, fmt.Errorf("id-alloc: counter %s is not a counter file (%v); move it aside to rebuild it from the journal", key, jerr)
		}
		if c.Scope != scope {
			return nil, 0, fmt.Errorf("id-alloc: counter %s belongs to scope %q, not %q", key, c.Scope, scope)
		}
		id, seq = &c.ID, c.Seq
	case !errors.Is(err, fs.ErrNotExist):
		return nil, 0, fmt.Errorf("id-alloc: %w", err)
	}
	j, err := journal.Open(journalDir)
	if errors.Is(err, journal.ErrNoJournal) {
		return id, seq, nil
	}
	if err != nil {
		return nil, 0, err
	}
	for r, err := range j.Records(ctx, seq+1) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, 0, err
		}
		if r.Syscall != vocab.SysIDAlloc || r.Seq <= seq {
			continue
		}
		var d vocab.IDAllocDetail
		if r.Detail.Decode(&d) != nil || d.Scope != scope {
			continue
		}
		if id == nil || d.ID > *id {
			v := d.ID
			id = &v
		}
		seq = r.Seq
	}
	return id, seq, nil
}
