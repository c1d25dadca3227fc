package vocab

import (
	"fmt"
	"time"
)

// Syscalls and verdicts of lease records .
const (
	SysLeaseAcquire   = "lease.acquire"
	SysLeaseRelease   = "lease.release"
	SysLeaseHeartbeat = "lease.heartbeat"

	VerdictGranted  = "GRANTED"
	VerdictRefused  = "REFUSED"
	VerdictReleased = "RELEASED"
	VerdictNotHeld  = "NOT_HELD"
	VerdictRenewed  = "RENEWED"
)

// Reason codes of lease records (and of arbitrate's decisions).
const (
	ReasonFree        = "free"         // GRANTED: nothing held the lane and no live tree collides
	ReasonSoftOverlap = "soft-overlap" // GRANTED: some of the tree is shared, at most a third of it
	ReasonAutoPicked  = "auto-picked"  // GRANTED: the first free lane of the autopick walk
	ReasonRenewedSelf = "renewed"      // GRANTED: the same run again; heartbeat RENEWED
	ReasonHeld        = "held"         // REFUSED: another run has the lane
	ReasonPathOverlap = "path-overlap" // REFUSED: the tree collides with another run's live lease
	ReasonExactGlob   = "exact-glob"   // REFUSED: the same glob is claimed by a live lease
	ReasonUnknownTree = "unknown-tree" // REFUSED: no tree (unknown blast radius) beside a live lease that has one
	ReasonExclusive   = "exclusive"    // REFUSED: an exclusive lane is live, or an exclusive lane was asked for while others are
	ReasonUnknownLane = "unknown-lane" // REFUSED: dos.toml declares no such lane and no --paths were given
	ReasonNoFreeLane  = "no-free-lane" // REFUSED: the autopick walk found no admissible lane
	ReasonReleased    = "released"
	ReasonRunEnded    = "run-ended"    // RELEASED by `dos run end`
	ReasonNotHeld     = "not-held"     // no live lease on the lane
	ReasonOtherHolder = "other-holder" // the live lease belongs to someone else
)

// MaxLeaseTTL is the longest a lease lives without a heartbeat. Because every
// GRANTED acquire and RENEWED heartbeat carries the lease's full state, a
// fold that starts at any record older than now − MaxLeaseTTL sees every live
// lease.
const MaxLeaseTTL = 24 * time.Hour

// Holder is who holds a lease. A lease belongs to the run on its host:
// any process of that run may heartbeat, release or re-acquire it (PID
// records the last process that did), and every other run is refused.
type Holder struct {
	RunID string `json:"run_id"`
	Host  string `json:"host"`
	PID   int    `json:"pid"`
}

// String renders the holder as run@host:pid.
func (h Holder) String() string { return fmt.Sprintf("%s@%s:%d", h.RunID, h.Host, h.PID) }

// Same reports whether h and o are the same holder: the same run on the
// same host, whichever process asked.
func (h Holder) Same(o Holder) bool { return h.RunID == o.RunID && h.Host == o.Host }

// HeldLease is one lane held: as refusals and heartbeats record it, and as the
// fold returns it.
type HeldLease struct {
	Lane  string   `json:"lane"`
	Paths []string `json:"paths"`
	// Tree is the globs the lease covers: the lane's dos.toml tree, or
	// P/** for each --paths P (older records carry only Paths).
	Tree []string `json:"tree,omitempty"`
	// LaneKind is concurrent, exclusive or named.
	LaneKind   string    `json:"lane_kind,omitempty"`
	Holder     Holder    `json:"holder"`
	AcquiredAt time.Time `json:"acquired_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	TTLSeconds int64     `json:"ttl_seconds"`
}

// LiveAt reports whether the lease is still held at now.
func (l HeldLease) LiveAt(now time.Time) bool { return now.Before(l.ExpiresAt) }

// LeaseAcquireDetail is lease.acquire's detail. GRANTED fills ExpiresAt;
// REFUSED fills Holding with the lease in the way. The record's lane is
// the lane granted (or, refused, the one asked for).
type LeaseAcquireDetail struct {
	Paths      []string   `json:"paths"`
	Tree       []string   `json:"tree,omitempty"`
	LaneKind   string     `json:"lane_kind,omitempty"`
	TTLSeconds int64      `json:"ttl_seconds"`
	ExpiresAt  time.Time  `json:"expires_at,omitzero"`
	Holder     Holder     `json:"holder"`
	Reason     string     `json:"reason"` // free | soft-overlap | auto-picked | renewed | held | path-overlap | exact-glob | unknown-tree | exclusive | unknown-lane | no-free-lane
	Holding    *HeldLease `json:"holding,omitempty"`
	// Requested is the lane asked for ("" for a bare request); AutoPicked
	// says the lane granted came from the autopick walk, and PickedBecause
	// why the walk ran: bare | busy | refused | unknown.
	Requested     string `json:"requested,omitempty"`
	AutoPicked    bool   `json:"auto_picked,omitempty"`
	PickedBecause string `json:"picked_because,omitempty"`
	// FreeLanes are the declared lanes no live lease holds, on a refusal.
	FreeLanes []string `json:"free_lanes,omitempty"`
}

// Why the autopick walk ran (LeaseAcquireDetail.PickedBecause).
const (
	PickBare    = "bare"    // no lane was asked for
	PickBusy    = "busy"    // the lane asked for is held by another run
	PickRefused = "refused" // the lane asked for collides with a live lease
	PickUnknown = "unknown" // the lane asked for is not declared
)

// LeaseReleaseDetail is lease.release's detail.
type LeaseReleaseDetail struct {
	Holder  Holder     `json:"holder"`
	Reason  string     `json:"reason"` // released | run-ended | not-held | other-holder
	Holding *HeldLease `json:"holding,omitempty"`
}

// LeaseHeartbeatDetail is lease.heartbeat's detail: the full state of every
// lease renewed.
type LeaseHeartbeatDetail struct {
	Holder Holder      `json:"holder"`
	Leases []HeldLease `json:"leases"`
	Reason string      `json:"reason"` // renewed | not-held
}
