package vocab

import (
	"fmt"
	"strings"
	"time"
)

// status: the one folded fact about a run — its liveness, the declared
// steps git backs now, the region it holds, and (when stopped) where it
// would resume. Progress counts only what git verifies: never a claim.

// StatusEvidence is what the journal, git and the leases say about a run.
type StatusEvidence struct {
	Liveness   LivenessEvidence
	NeverHeard bool     // no record of the run and no heartbeat age handed in
	Declared   []string // the run's declared steps, in order
	Verified   []string // of those, the ones git backs now
	Region     []string // paths of the live lease the run holds
	Suspended  bool     // the run ended or a halt was proposed for it
}

// StatusOverride forces the stopped question: Live wins over Stopped.
type StatusOverride struct{ Stopped, Live bool }

// StatusDetail is status's detail.
type StatusDetail struct {
	Liveness       string   `json:"liveness"`
	LivenessReason string   `json:"liveness_reason"`
	StartedAt      string   `json:"started_at,omitempty"`
	CommitsSince   int      `json:"commits_since_start"`
	Records        int      `json:"records"`
	Heartbeats     int      `json:"heartbeats"`
	DeclaredCount  int      `json:"declared_count"`
	VerifiedCount  int      `json:"verified_count"`
	VerifiedSteps  []string `json:"verified_steps"`
	Residual       []string `json:"residual"`
	Region         []string `json:"region"`
	Stopped        bool     `json:"stopped"`
	Resume         string   `json:"resume,omitempty"` // COMPLETE | RESUMABLE, when stopped with declared steps
	NextStep       string   `json:"next_step,omitempty"`
	Reason         string   `json:"reason"` // the liveness reason code, or never-beat
}

// ReasonNeverBeat: the run wrote nothing, beat never and landed nothing.
const ReasonNeverBeat = "never-beat"

// ClassifyStatus folds the run's facts at now. Liveness is liveness's
// verdict, except that a run never heard from (no record, no beat, no
// commit) is STALLED at once: a run id alone is not a sign of life.
func ClassifyStatus(ev StatusEvidence, p LivenessPolicy, now time.Time, o StatusOverride) (Verdict, StatusDetail) {
	v, ld := ClassifyLiveness(ev.Liveness, p, now)
	if ev.NeverHeard && ev.Liveness.CommitsSince == 0 {
		v = Verdictf(VerdictStalled, ReasonNeverBeat, "no heartbeat and 0 commits since start — run is dead or hung (never beat)")
	}
	d := StatusDetail{Liveness: v.Token, LivenessReason: v.Reason, CommitsSince: ld.CommitsSince, Records: ld.Records, Heartbeats: ld.Heartbeats,
		DeclaredCount: len(ev.Declared), VerifiedCount: len(ev.Verified), VerifiedSteps: append([]string{}, ev.Verified...),
		Residual: []string{}, Region: append([]string{}, ev.Region...), Reason: v.Reason}
	if !ev.Liveness.StartedAt.IsZero() {
		d.StartedAt = ev.Liveness.StartedAt.UTC().Format(time.RFC3339)
	}
	done := map[string]bool{}
	for _, s := range ev.Verified {
		done[strings.ToLower(s)] = true
	}
	for _, s := range ev.Declared {
		if !done[strings.ToLower(s)] {
			d.Residual = append(d.Residual, s)
		}
	}
	d.Stopped = (ev.Suspended || v.Token == VerdictStalled || o.Stopped) && !o.Live
	resume := "(live — a resume verdict is a stopped-run question)"
	switch {
	case d.Stopped && len(ev.Declared) == 0:
		resume = "(stopped, but no declared intent to resume)"
	case d.Stopped && len(d.Residual) == 0:
		d.Resume, resume = VerdictComplete, VerdictComplete+"  every declared step is verified on HEAD: nothing to resume"
	case d.Stopped:
		d.Resume, d.NextStep = VerdictResumable, d.Residual[0]
		resume = fmt.Sprintf("%s  continue at %s (%d of %d declared steps verified)", VerdictResumable, d.NextStep, len(ev.Verified), len(ev.Declared))
	}
	progress := fmt.Sprintf("%d/%d verified", len(ev.Verified), len(ev.Declared))
	if len(ev.Verified) > 0 {
		progress += " (" + strings.Join(ev.Verified, " ") + ")"
	}
	region := "(no lease)"
	if len(ev.Region) > 0 {
		region = strings.Join(ev.Region, " ")
	}
	residual := "(none)"
	if len(d.Residual) > 0 {
		residual = strings.Join(d.Residual, " ")
	}
	v.Why = fmt.Sprintf("%s\n  progress     : %s\n  region       : %s\n  resume       : %s\n  residual     : %s", v.Why, progress, region, resume, residual)
	return v, d
}
