package projections

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"github.com/dos-go/dos/lease"
	"strconv"
	"time"
)

// Resolver is who can settle a decision.
type Resolver string

// The three rungs of resolution, cheapest first.
const (
	// ResolverOracle: a deterministic re-check (git, the clock) settles it;
	// the row's command is that re-check.
	ResolverOracle Resolver = "ORACLE"
	// ResolverJudge: a model-backed judge could rule before a person spends
	// attention.
	ResolverJudge Resolver = "JUDGE"
	// ResolverHuman: an operator's call.
	ResolverHuman Resolver = "HUMAN"
)

// Resolvers returns every resolver in rung order.
func Resolvers() []Resolver { return []Resolver{ResolverOracle, ResolverJudge, ResolverHuman} }

// Urgency orders the queue: high first.
type Urgency string

// Urgency levels.
const (
	UrgencyHigh   Urgency = "high"   // work is blocked or being corrupted now
	UrgencyMedium Urgency = "medium" // work is wasting time or waits on someone
	UrgencyLow    Urgency = "low"    // worth a look when convenient
)

// Rank is 0 for the most urgent level; unknown levels sort last.
func (u Urgency) Rank() int {
	switch u {
	case UrgencyHigh:
		return 0
	case UrgencyMedium:
		return 1
	case UrgencyLow:
		return 2
	}
	return 3
}

// Decision kinds: what put a row in the queue.
const (
	DecisionLaneRefused     = "lane-refused"     // a lease refusal no later grant superseded
	DecisionRunSpinning     = "run-spinning"     // liveness said SPINNING and the run has not advanced or halted since
	DecisionRunStalled      = "run-stalled"      // liveness said STALLED and the run has not advanced or halted since
	DecisionBreakerOpen     = "breaker-open"     // a breaker tripped with a judge or human escalation
	DecisionImproveEscalate = "improve-escalate" // the keep-gate ran out of reverts
	DecisionRewardPoison    = "reward-poison"    // a reward label was refuted by its witness
	DecisionOverClaim       = "over-claim"       // a claimed step that git does not back
	DecisionHaltProposed    = "halt-proposed"    // a halt proposal for a run that has not ended
)

// Decision is one row of the operator queue (`dos decisions`, and what
// `dos notify decisions` posts). Every field is derived from journal
// records; none is text an agent wrote.
type Decision struct {
	// ID is stable for the life of the decision: derived from Kind and the
	// id of the record that opened it, so later records about the same
	// matter (another SPINNING verdict) do not make it a new decision.
	ID string `json:"id"`
	// Revision changes whenever the set of records behind the decision
	// changes; a notifier re-announces a decision when it does.
	Revision string `json:"revision"`
	// Kind is one of the Decision* constants.
	Kind     string   `json:"kind"`
	Resolver Resolver `json:"resolver"`
	Urgency  Urgency  `json:"urgency"`
	// Title is what needs deciding, one line.
	Title string `json:"title"`
	// Reason is why, from the evidence counts in the records.
	Reason string `json:"reason"`
	RunID  string `json:"run_id"`
	Lane   string `json:"lane,omitempty"`
	// Created is the time of the record that opened the decision; Updated
	// the time of the newest record behind it.
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// AgeSeconds is now − Created, whole seconds, for the now the fold was
	// given.
	AgeSeconds int64 `json:"age_seconds"`
	// Command is the one shell command that resolves or inspects it.
	Command string `json:"command"`
	// Seqs and RecordIDs name the records behind the decision, oldest
	// first: the opening one and at most MaxDecisionRecords−1 of the most
	// recent others; Records counts them all.
	Seqs      []uint64 `json:"seqs"`
	RecordIDs []string `json:"record_ids"`
	Records   int      `json:"records"`
}

// Age is now − Created, never negative.
func (d Decision) Age(now time.Time) time.Duration {
	if a := now.Sub(d.Created); a > 0 {
		return a
	}
	return 0
}

// DecisionID derives a decision's stable id from its kind and the id of the
// record that opened it: "d-" and 12 hex digits.
func DecisionID(kind, openingRecordID string) string {
	h := sha256.Sum256([]byte(kind + "\x00" + openingRecordID))
	return "d-" + hex.EncodeToString(h[:6])
}

// DecisionRevision hashes the ids of every record behind a decision into
// 16 hex digits: the sum of each id's hash, so it changes with the set of
// records and a fold can extend (NextRevision) or combine
// (CombineRevisions) it without keeping every id.
func DecisionRevision(recordIDs []string) string {
	rev := ""
	for _, id := range recordIDs {
		rev = NextRevision(rev, id)
	}
	return rev
}

// NextRevision extends a revision by one more record id.
func NextRevision(rev, recordID string) string {
	h := sha256.Sum256([]byte(recordID))
	return fmt.Sprintf("%016x", revisionValue(rev)+binary.BigEndian.Uint64(h[:8]))
}

// CombineRevisions is the revision of the union of two disjoint record sets.
func CombineRevisions(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return fmt.Sprintf("%016x", revisionValue(a)+revisionValue(b))
}

func revisionValue(rev string) uint64 {
	v, _ := strconv.ParseUint(rev, 16, 64)
	return v
}

// MaxDecisionRecords bounds Seqs and RecordIDs: the opening record and the
// most recent others. Revision still covers every record.
const MaxDecisionRecords = 10

// Less orders the queue: urgency, then oldest first, then id.
func (d Decision) Less(o Decision) bool {
	if d.Urgency.Rank() != o.Urgency.Rank() {
		return d.Urgency.Rank() < o.Urgency.Rank()
	}
	if !d.Created.Equal(o.Created) {
		return d.Created.Before(o.Created)
	}
	return d.ID < o.ID
}

// DecisionQueue is the `dos decisions` document.
type DecisionQueue struct {
	V           int       `json:"v"`
	GeneratedAt time.Time `json:"generated_at"`
	// WindowSeconds is how far back rows are kept; 0 with All.
	WindowSeconds int64 `json:"window_seconds"`
	All           bool  `json:"all"`
	// Resolver is the filter asked for, "" for every resolver.
	Resolver  Resolver   `json:"resolver,omitempty"`
	Decisions []Decision `json:"decisions"`
	// Open counts the rows by resolver (after the window, before the
	// resolver filter), so a filtered view still says what else waits.
	Open    map[Resolver]int `json:"open"`
	Scanned ScanStats        `json:"scanned"`
	// LaneBoard is every declared lane FREE or HELD (set by the caller
	// from the taxonomy and the live leases; absent when not given).
	LaneBoard []lease.LaneState `json:"lane_board,omitempty"`
}
