// Package lease is the arbiter's pure core: the live-lease fold (lease
// records in, live leases at a given now out) and the admission decision
// (a request against the live leases). No I/O: the kernel's edge feeds it
// journal records under a lock, and `dos top` feeds it the same records to
// show who holds what. Live leases are a fold of the journal; there is no
// second store.
package lease

import (
	"sort"
	"strings"
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
		if prev, ok := s.byLane[r.Lane]; ok && prev.Holder == d.Holder && prev.LiveAt(r.TS) {
			acquired = prev.AcquiredAt
		}
		s.byLane[r.Lane] = vocab.HeldLease{Lane: r.Lane, Paths: d.Paths, Holder: d.Holder, AcquiredAt: acquired, ExpiresAt: d.ExpiresAt, TTLSeconds: d.TTLSeconds}
	case r.Syscall == vocab.SysLeaseRelease && r.Verdict == vocab.VerdictReleased:
		var d vocab.LeaseReleaseDetail
		if r.Detail.Decode(&d) != nil {
			return
		}
		if prev, ok := s.byLane[r.Lane]; ok && prev.Holder == d.Holder {
			delete(s.byLane, r.Lane)
		}
	case r.Syscall == vocab.SysLeaseHeartbeat && r.Verdict == vocab.VerdictRenewed:
		var d vocab.LeaseHeartbeatDetail
		if r.Detail.Decode(&d) != nil {
			return
		}
		for _, l := range d.Leases {
			if l.Lane != "" {
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

// Request asks for a lane.
type Request struct {
	Lane   string
	Paths  []string
	Holder vocab.Holder
}

// Decision is the arbiter's answer.
type Decision struct {
	Granted bool
	Reason  string           // free | renewed | held | path-overlap
	Holding *vocab.HeldLease // the lease in the way (refusals) or being renewed
}

// Arbitrate admits req against the live leases: the lane held by another
// holder → REFUSED held; held by the same holder → GRANTED renewed; paths
// overlapping (by path prefix) a lease another holder has on another lane
// → REFUSED path-overlap; else GRANTED free.
func Arbitrate(req Request, live []vocab.HeldLease) Decision {
	var mine *vocab.HeldLease
	for i := range live {
		if l := live[i]; l.Lane == req.Lane {
			if l.Holder != req.Holder {
				return Decision{Reason: vocab.ReasonHeld, Holding: &l}
			}
			mine = &l
		}
	}
	for _, l := range live {
		if l.Lane != req.Lane && l.Holder != req.Holder && Overlap(req.Paths, l.Paths) {
			return Decision{Reason: vocab.ReasonPathOverlap, Holding: &l}
		}
	}
	if mine != nil {
		return Decision{Granted: true, Reason: vocab.ReasonRenewedSelf, Holding: mine}
	}
	return Decision{Granted: true, Reason: vocab.ReasonFree}
}

// Overlap reports whether any path of a collides with any of b: equal, or
// one a directory prefix of the other ("api/" and "api/v2/x.go"; not "api"
// and "api2"). "." is the whole tree. A lane-only lease (no paths)
// overlaps nothing.
func Overlap(a, b []string) bool {
	for _, p := range a {
		for _, q := range b {
			if pathsCollide(p, q) {
				return true
			}
		}
	}
	return false
}

func pathsCollide(p, q string) bool {
	p, q = strings.TrimSuffix(p, "/"), strings.TrimSuffix(q, "/")
	if p == "." || q == "." || p == "" || q == "" {
		return true
	}
	return p == q || strings.HasPrefix(q, p+"/") || strings.HasPrefix(p, q+"/")
}
