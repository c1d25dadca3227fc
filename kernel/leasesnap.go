package kernel

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// The lease snapshot is a cache of the lease fold, never a second store:
// the leases the fold held after record Seq (whose id it names), so the
// next fold reads only the records after it. Every hook call folds the
// live leases and appends a record, so without it each call would read
// the whole last day of the journal. A snapshot whose record is gone or
// carries another id (a pruned or replaced journal) is ignored; two
// writers racing each write a correct state, and the rename keeps one.

// leaseSnapshotName is the snapshot's file in the journal directory.
const leaseSnapshotName = "LEASES.snapshot"

// leaseSnapshotEvery is how many records a fold reads past the snapshot
// (or the fold window's start) before it writes a new one.
const leaseSnapshotEvery = 256

type leaseSnapshot struct {
	Seq    uint64            `json:"seq"`
	ID     string            `json:"id"`
	Leases []vocab.HeldLease `json:"leases"`
}

// readLeaseSnapshot returns the snapshot when it still describes this
// journal: its record exists and carries its id.
func readLeaseSnapshot(ctx context.Context, j *journal.Journal, dir string) (leaseSnapshot, bool) {
	b, err := os.ReadFile(filepath.Join(dir, leaseSnapshotName))
	if err != nil {
		return leaseSnapshot{}, false
	}
	var s leaseSnapshot
	if json.Unmarshal(b, &s) != nil || s.Seq == 0 || s.ID == "" {
		return leaseSnapshot{}, false
	}
	for r, err := range j.Scan(ctx, journal.Query{From: s.Seq, Until: s.Seq}) {
		return s, err == nil && r.Seq == s.Seq && r.ID == s.ID
	}
	return leaseSnapshot{}, false
}

// writeLeaseSnapshot saves the fold's state after record seq, best effort
// (a journal directory this process may not write only costs the next
// fold its shortcut). Leases dead at record seq's time are left out: an
// expired lease never comes back.
func writeLeaseSnapshot(ctx context.Context, j *journal.Journal, dir string, seq uint64, set *lease.Set) {
	var id string
	var at time.Time
	for r, err := range j.Scan(ctx, journal.Query{From: seq, Until: seq}) {
		if err == nil {
			id, at = r.ID, r.TS
		}
		break
	}
	if id == "" {
		return
	}
	b, err := json.Marshal(leaseSnapshot{Seq: seq, ID: id, Leases: set.Live(at)})
	if err != nil {
		return
	}
	_ = journal.WriteFileAtomic(dir, leaseSnapshotName, b)
}
