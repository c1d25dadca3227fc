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

// MaxLeaseTTL is the longest a lease lives without a heartbeat. Because every
// GRANTED acquire and RENEWED heartbeat carries the lease's full state, a
// fold that starts at any record older than now − MaxLeaseTTL sees every live
// lease.
const MaxLeaseTTL = 24 * time.Hour

// Holder is who holds a lease: run, host and process, so two processes of
// one run never both hold a lane.
type Holder struct {
	RunID string `json:"run_id"`
	Host  string `json:"host"`
	PID   int    `json:"pid"`
}

// String renders the holder as run@host:pid.
func (h Holder) String() string { return fmt.Sprintf("%s@%s:%d", h.RunID, h.Host, h.PID) }

// HeldLease is one lane held: as refusals and heartbeats record it, and as the
// fold returns it.
type HeldLease struct {
	Lane       string    `json:"lane"`
	Paths      []string  `json:"paths"`
	Holder     Holder    `json:"holder"`
	AcquiredAt time.Time `json:"acquired_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	TTLSeconds int64     `json:"ttl_seconds"`
}

// LiveAt reports whether the lease is still held at now.
func (l HeldLease) LiveAt(now time.Time) bool { return now.Before(l.ExpiresAt) }

// LeaseAcquireDetail is lease.acquire's detail. GRANTED fills ExpiresAt;
// REFUSED fills Holding with the lease in the way.
type LeaseAcquireDetail struct {
	Paths      []string   `json:"paths"`
	TTLSeconds int64      `json:"ttl_seconds"`
	ExpiresAt  time.Time  `json:"expires_at,omitzero"`
	Holder     Holder     `json:"holder"`
	Reason     string     `json:"reason"` // free | renewed | held | path-overlap
	Holding    *HeldLease `json:"holding,omitempty"`
}

// LeaseReleaseDetail is lease.release's detail.
type LeaseReleaseDetail struct {
	Holder  Holder     `json:"holder"`
	Reason  string     `json:"reason"` // released | not-held | other-holder
	Holding *HeldLease `json:"holding,omitempty"`
}

// LeaseHeartbeatDetail is lease.heartbeat's detail: the full state of every
// lease renewed.
type LeaseHeartbeatDetail struct {
	Holder Holder      `json:"holder"`
	Leases []HeldLease `json:"leases"`
	Reason string      `json:"reason"` // renewed | not-held
}
