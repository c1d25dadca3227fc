package vocab

import "time"

// liveness: is a run ADVANCING, SPINNING or STALLED? From its commits,
// its own records and the clock — never from what it says.

// LivenessEvidence is what git and the journal say about one run.
type LivenessEvidence struct {
	StartSHA     string
	StartedAt    time.Time // the run's first record, else the start commit's time
	CommitsSince int       // commits reachable from HEAD since the start
	LastCommitAt time.Time // the newest of them
	Records      int       // the run's own records (observers' excluded)
	Heartbeats   int       // of those, lease.heartbeat
	LastHeardAt  time.Time // the newest of them
	LastWorkAt   time.Time // the newest SHIPPED verify of the run
}

// LivenessPolicy holds liveness's thresholds.
type LivenessPolicy struct {
	SpinAfter  time.Duration // nothing landed this long, though heard: SPINNING
	StallAfter time.Duration // nothing heard this long: STALLED
}

// DefaultLiveness returns the reference's policy.
func DefaultLiveness() LivenessPolicy {
	return LivenessPolicy{SpinAfter: 30 * time.Minute, StallAfter: 15 * time.Minute}
}

// Check rejects thresholds that are not positive.
func (p LivenessPolicy) Check() error {
	if p.SpinAfter <= 0 || p.StallAfter <= 0 {
		return Usagef("--spin-after and --stall-after must be positive durations")
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func since(now, t time.Time) time.Duration {
	if d := now.Sub(t); d > 0 {
		return d
	}
	return 0
}

// ClassifyLiveness judges a run at now. Heard = its newest record or
// commit (its start when neither exists); landed = its newest commit or
// SHIPPED verify. Nothing heard for StallAfter → STALLED; something landed
// within SpinAfter → ADVANCING; nothing landed yet and the run younger than
// SpinAfter → ADVANCING (warming up); else → SPINNING.
func ClassifyLiveness(ev LivenessEvidence, p LivenessPolicy, now time.Time) (Verdict, LivenessDetail) {
	heard := later(ev.LastHeardAt, ev.LastCommitAt)
	if heard.IsZero() {
		heard = ev.StartedAt
	}
	landed := later(ev.LastCommitAt, ev.LastWorkAt)
	idleFrom := landed
	if idleFrom.IsZero() {
		idleFrom = ev.StartedAt
	}
	quiet, idle := since(now, heard), since(now, idleFrom)
	d := LivenessDetail{
		StartSHA: ev.StartSHA, StartedAt: ev.StartedAt, CommitsSince: ev.CommitsSince,
		LastCommitAt: ev.LastCommitAt, Records: ev.Records, Heartbeats: ev.Heartbeats,
		LastHeardAt: later(ev.LastHeardAt, ev.LastCommitAt), LastWorkAt: ev.LastWorkAt,
		QuietSeconds: int64(quiet / time.Second), IdleSeconds: int64(idle / time.Second),
		SpinAfterSeconds: int64(p.SpinAfter / time.Second), StallAfterSeconds: int64(p.StallAfter / time.Second),
	}
	var v Verdict
	switch {
	case quiet >= p.StallAfter:
		v = Verdictf(VerdictStalled, ReasonSilent, "nothing heard from the run for %s (stall-after %s)", round(quiet), p.StallAfter)
	case !landed.IsZero() && idle < p.SpinAfter && !ev.LastCommitAt.Before(ev.LastWorkAt):
		v = Verdictf(VerdictAdvancing, ReasonCommitsLanded, "%d commit(s) since the start, the newest %s ago", ev.CommitsSince, round(idle))
	case !landed.IsZero() && idle < p.SpinAfter:
		v = Verdictf(VerdictAdvancing, ReasonWorkRecorded, "a SHIPPED verify %s ago", round(idle))
	case landed.IsZero() && idle < p.SpinAfter:
		v = Verdictf(VerdictAdvancing, ReasonWarmingUp, "started %s ago, under spin-after %s; nothing landed yet", round(idle), p.SpinAfter)
	default:
		v = Verdictf(VerdictSpinning, ReasonNoLanding, "heard %s ago (%d heartbeat(s)) but nothing landed for %s (spin-after %s)", round(quiet), ev.Heartbeats, round(idle), p.SpinAfter)
	}
	d.Reason = v.Reason
	return v, d
}

func round(d time.Duration) time.Duration { return d.Round(time.Second) }
