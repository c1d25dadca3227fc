// Package lease is the arbiter's pure core: the live-lease fold (lease
// records in, live leases at a given now out), the tree algebra of lane
// globs, the admission decision (a request against the lane taxonomy and
// the live leases, with the autopick walk) and the scope gate. No I/O: the kernel's edge feeds it
// journal records under a lock, and `dos top` feeds it the same records to
// show who holds what. Live leases are a fold of the journal; there is no
// second store.
package lease

import (
	"sort"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// Set is the fold's state: the newest known lease of every lane.
type Set struct {
	byLane map[string]vocab.HeldLease
}

// NewSet returns an empty fold.
func NewSet() *Set { return &Set{byLane: map[string]vocab.HeldLease{}} }

// NewSetFrom returns a fold seeded with a saved state (a snapshot's
// leases), to be carried on with the records after it.
func NewSetFrom(leases []vocab.HeldLease) *Set {
	s := NewSet()
	for _, l := range leases {
		s.byLane[l.Lane] = l
	}
	return s
}

// Apply folds one record; records of other syscalls, refusals and
// malformed details change nothing.
func (s *Set) Apply(r *journal.Record) {
	switch {
	case r.Syscall == vocab.SysLeaseAcquire && r.Verdict == vocab.VerdictGranted:
		var d vocab.LeaseAcquireDetail
		if r.Lane == "" || r.Detail.Decode(&d) != nil {
			return
		}
		acquired := r.TS
		if prev, ok := s.byLane[r.Lane]; ok && prev.Holder.Same(d.Holder) && prev.LiveAt(r.TS) {
			acquired = prev.AcquiredAt
		}
		s.byLane[r.Lane] = vocab.HeldLease{Lane: r.Lane, Paths: d.Paths, Tree: TreeOf(d.Tree, d.Paths), LaneKind: d.LaneKind,
			Holder: d.Holder, AcquiredAt: acquired, ExpiresAt: d.ExpiresAt, TTLSeconds: d.TTLSeconds}
	case r.Syscall == vocab.SysLeaseRelease && r.Verdict == vocab.VerdictReleased:
		var d vocab.LeaseReleaseDetail
		if r.Detail.Decode(&d) != nil {
			return
		}
		if prev, ok := s.byLane[r.Lane]; ok && prev.Holder.Same(d.Holder) {
			delete(s.byLane, r.Lane)
		}
	case r.Syscall == vocab.SysLeaseHeartbeat && r.Verdict == vocab.VerdictRenewed:
		var d vocab.LeaseHeartbeatDetail
		if r.Detail.Decode(&d) != nil {
			return
		}
		for _, l := range d.Leases {
			if l.Lane != "" {
				l.Tree = TreeOf(l.Tree, l.Paths)
				s.byLane[l.Lane] = l
			}
		}
	}
}

// Live returns the leases held at now, by lane.
func (s *Set) Live(now time.Time) []vocab.HeldLease {
	var out []vocab.HeldLease
	for _, l := range s.byLane {
		if l.LiveAt(now) {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lane < out[j].Lane })
	return out
}

// Fold returns the leases live at now after records, in order.
func Fold(records []*journal.Record, now time.Time) []vocab.HeldLease {
	s := NewSet()
	for _, r := range records {
		s.Apply(r)
	}
	return s.Live(now)
}
