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

// leaseSnapshotLeases is how many lease records a fold decodes past the
// snapshot before it writes a new one: each costs a JSON decode (a few
// microseconds in a fresh process), the snapshot's own leases far less.
const leaseSnapshotLeases = 16

type leaseSnapshot = lease.Snapshot

// readLeaseSnapshot returns the snapshot when it still describes this
// journal: its record exists and carries its id.
func readLeaseSnapshot(ctx context.Context, j *journal.Journal, dir string) (leaseSnapshot, bool) {
	b, err := os.ReadFile(filepath.Join(dir, leaseSnapshotName))
	if err != nil {
		return leaseSnapshot{}, false
	}
	s, err := lease.ParseSnapshot(b)
	if err != nil || s.Seq == 0 || s.ID == "" {
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
	b := lease.AppendSnapshot(nil, leaseSnapshot{Seq: seq, ID: id, Leases: set.Live(at)})
	_ = journal.WriteFileAtomic(dir, leaseSnapshotName, b)
}

// CheckLeaseSnapshot audits the lease snapshot against the records: the
// leases it holds must be what folding the journal up to its record gives.
// Readers trust a snapshot that names a record the journal still has, so
// one an agent edited (to hide another run's lease from the hooks) would
// otherwise leave no trace; `dos journal verify` reports it. nil when
// there is no snapshot, or one no reader would trust.
func CheckLeaseSnapshot(ctx context.Context, dir string) (*journal.DerivedFinding, error) {
	j, err := journal.Open(dir)
	if err != nil {
		return nil, nil
	}
	snap, ok := readLeaseSnapshot(ctx, j, dir)
	if !ok {
		return nil, nil
	}
	var at time.Time
	for r, err := range j.Scan(ctx, journal.Query{From: snap.Seq, Until: snap.Seq}) {
		if err == nil {
			at = r.TS
		}
		break
	}
	segs, err := j.Segments()
	if err != nil {
		return nil, err
	}
	set := lease.NewSet()
	from := foldFrom(segs, at.Add(-vocab.MaxLeaseTTL-time.Hour))
	for r, err := range j.Scan(ctx, journal.Query{From: from, Until: snap.Seq, Kinds: []string{journal.KindLease}}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, err
		}
		set.Apply(r)
	}
	want, err := json.Marshal(set.Live(at))
	if err != nil {
		return nil, err
	}
	got, err := json.Marshal(snap.Leases)
	if err != nil {
		return nil, err
	}
	if string(got) == string(want) || len(snap.Leases) == 0 && string(want) == "null" {
		return nil, nil
	}
	return &journal.DerivedFinding{File: leaseSnapshotName, Seq: snap.Seq,
		Message: "its leases are not what the records up to that seq hold (edited, or written by a bug); delete it and the next fold writes it afresh"}, nil
}
