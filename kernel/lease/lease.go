// Package lease is the arbiter's pure core: the live-lease fold (lease
// records in, live leases at a given now out) and the admission decision
// (a request against the live leases). No I/O: the kernel's edge feeds it
// journal records under a lock, and `dos top` feeds it the same records to
// show who holds what. Live leases are a fold of the journal; there is no
// second store.
package lease

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dos-go/dos/journal"
)

// Syscalls and verdicts of lease records (kernel re-exports them).
const (
	SysAcquire   = "lease.acquire"
	SysRelease   = "lease.release"
	SysHeartbeat = "lease.heartbeat"

	Granted  = "GRANTED"
	Refused  = "REFUSED"
	Released = "RELEASED"
	NotHeld  = "NOT_HELD"
	Renewed  = "RENEWED"
)

// Reason codes of lease records.
const (
	ReasonFree        = "free"         // GRANTED: nothing held the lane
	ReasonRenewedSelf = "renewed"      // GRANTED: the same holder again; heartbeat RENEWED
	ReasonHeld        = "held"         // REFUSED: another holder has the lane
	ReasonPathOverlap = "path-overlap" // REFUSED: paths collide with another live lease
	ReasonReleased    = "released"
	ReasonNotHeld     = "not-held"     // no live lease on the lane
	ReasonOtherHolder = "other-holder" // the live lease belongs to someone else
)

// MaxTTL is the longest a lease lives without a heartbeat. Because every
// GRANTED acquire and RENEWED heartbeat carries the lease's full state, a
// fold that starts at any record older than now − MaxTTL sees every live
// lease.
const MaxTTL = 24 * time.Hour

// Holder is who holds a lease: run, host and process, so two processes of
// one run never both hold a lane.
type Holder struct {
	RunID string `json:"run_id"`
	Host  string `json:"host"`
	PID   int    `json:"pid"`
}

// String renders the holder as run@host:pid.
func (h Holder) String() string { return fmt.Sprintf("%s@%s:%d", h.RunID, h.Host, h.PID) }

// Lease is one lane held: as refusals and heartbeats record it, and as the
// fold returns it.
type Lease struct {
	Lane       string    `json:"lane"`
	Paths      []string  `json:"paths"`
	Holder     Holder    `json:"holder"`
	AcquiredAt time.Time `json:"acquired_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	TTLSeconds int64     `json:"ttl_seconds"`
}

// LiveAt reports whether the lease is still held at now.
func (l Lease) LiveAt(now time.Time) bool { return now.Before(l.ExpiresAt) }

// AcquireDetail is lease.acquire's detail. GRANTED fills ExpiresAt;
// REFUSED fills Holding with the lease in the way.
type AcquireDetail struct {
	Paths      []string  `json:"paths"`
	TTLSeconds int64     `json:"ttl_seconds"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	Holder     Holder    `json:"holder"`
	Reason     string    `json:"reason"` // free | renewed | held | path-overlap
	Holding    *Lease    `json:"holding,omitempty"`
}

// ReleaseDetail is lease.release's detail.
type ReleaseDetail struct {
	Holder  Holder `json:"holder"`
	Reason  string `json:"reason"` // released | not-held | other-holder
	Holding *Lease `json:"holding,omitempty"`
}

// HeartbeatDetail is lease.heartbeat's detail: the full state of every
// lease renewed.
type HeartbeatDetail struct {
	Holder Holder  `json:"holder"`
	Leases []Lease `json:"leases"`
	Reason string  `json:"reason"` // renewed | not-held
}

// Set is the fold's state: the newest known lease of every lane.
type Set struct {
	byLane map[string]Lease
}

// NewSet returns an empty fold.
func NewSet() *Set { return &Set{byLane: map[string]Lease{}} }

// Apply folds one record; records of other syscalls, refusals and
// malformed details change nothing.
func (s *Set) Apply(r *journal.Record) {
	switch {
	case r.Syscall == SysAcquire && r.Verdict == Granted:
		var d AcquireDetail
		if r.Lane == "" || r.Detail.Decode(&d) != nil {
			return
		}
		acquired := r.TS
		if prev, ok := s.byLane[r.Lane]; ok && prev.Holder == d.Holder && prev.LiveAt(r.TS) {
			acquired = prev.AcquiredAt
		}
		s.byLane[r.Lane] = Lease{Lane: r.Lane, Paths: d.Paths, Holder: d.Holder, AcquiredAt: acquired, ExpiresAt: d.ExpiresAt, TTLSeconds: d.TTLSeconds}
	case r.Syscall == SysRelease && r.Verdict == Released:
		var d ReleaseDetail
		if r.Detail.Decode(&d) != nil {
			return
		}
		if prev, ok := s.byLane[r.Lane]; ok && prev.Holder == d.Holder {
			delete(s.byLane, r.Lane)
		}
	case r.Syscall == SysHeartbeat && r.Verdict == Renewed:
		var d HeartbeatDetail
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
func (s *Set) Live(now time.Time) []Lease {
	var out []Lease
	for _, l := range s.byLane {
		if l.LiveAt(now) {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lane < out[j].Lane })
	return out
}

// Fold returns the leases live at now after records, in order.
func Fold(records []*journal.Record, now time.Time) []Lease {
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
	Holder Holder
}

// Decision is the arbiter's answer.
type Decision struct {
	Granted bool
	Reason  string // free | renewed | held | path-overlap
	Holding *Lease // the lease in the way (refusals) or being renewed
}

// Arbitrate admits req against the live leases: the lane held by another
// holder → REFUSED held; held by the same holder → GRANTED renewed; paths
// overlapping (by path prefix) a lease another holder has on another lane
// → REFUSED path-overlap; else GRANTED free.
func Arbitrate(req Request, live []Lease) Decision {
	var mine *Lease
	for i := range live {
		if l := live[i]; l.Lane == req.Lane {
			if l.Holder != req.Holder {
				return Decision{Reason: ReasonHeld, Holding: &l}
			}
			mine = &l
		}
	}
	for _, l := range live {
		if l.Lane != req.Lane && l.Holder != req.Holder && Overlap(req.Paths, l.Paths) {
			return Decision{Reason: ReasonPathOverlap, Holding: &l}
		}
	}
	if mine != nil {
		return Decision{Granted: true, Reason: ReasonRenewedSelf, Holding: mine}
	}
	return Decision{Granted: true, Reason: ReasonFree}
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
