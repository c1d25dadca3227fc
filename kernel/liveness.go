package kernel

import (
	"context"
	"errors"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel/git"
)

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
		return usagef("--spin-after and --stall-after must be positive durations")
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
		v = verdict(VerdictStalled, ReasonSilent, "nothing heard from the run for %s (stall-after %s)", round(quiet), p.StallAfter)
	case !landed.IsZero() && idle < p.SpinAfter && !ev.LastCommitAt.Before(ev.LastWorkAt):
		v = verdict(VerdictAdvancing, ReasonCommitsLanded, "%d commit(s) since the start, the newest %s ago", ev.CommitsSince, round(idle))
	case !landed.IsZero() && idle < p.SpinAfter:
		v = verdict(VerdictAdvancing, ReasonWorkRecorded, "a SHIPPED verify %s ago", round(idle))
	case landed.IsZero() && idle < p.SpinAfter:
		v = verdict(VerdictAdvancing, ReasonWarmingUp, "started %s ago, under spin-after %s; nothing landed yet", round(idle), p.SpinAfter)
	default:
		v = verdict(VerdictSpinning, ReasonNoLanding, "heard %s ago (%d heartbeat(s)) but nothing landed for %s (spin-after %s)", round(quiet), ev.Heartbeats, round(idle), p.SpinAfter)
	}
	d.Reason = v.Reason
	return v, d
}

func round(d time.Duration) time.Duration { return d.Round(time.Second) }

// LivenessRequest judges the Env's run; StartSHA is optional.
type LivenessRequest struct {
	StartSHA string
	Policy   LivenessPolicy
}

// Liveness gathers the run's records and commits, classifies them at the
// Env's clock and appends one liveness record for the run. An unknown
// start sha, a run with no records and no start sha, or a workspace that is
// not a repository is an error (exit 2).
func Liveness(ctx context.Context, env Env, req LivenessRequest) (Result, error) {
	if err := env.needRun("liveness"); err != nil {
		return Result{}, err
	}
	if err := req.Policy.Check(); err != nil {
		return Result{}, err
	}
	ev, err := runRecords(ctx, env.JournalDir, env.RunID)
	if err != nil {
		return Result{}, err
	}
	repo, err := git.Open(env.Workspace)
	if err != nil {
		return Result{}, gitUsage(err, env.Workspace)
	}
	var commits []git.Commit
	switch {
	case req.StartSHA != "":
		sha, err := repo.Resolve(ctx, req.StartSHA)
		if err != nil {
			return Result{}, gitUsage(err, env.Workspace)
		}
		ev.StartSHA = sha
		if ev.StartedAt.IsZero() {
			c, err := repo.Show(ctx, sha)
			if err != nil {
				return Result{}, gitUsage(err, env.Workspace)
			}
			ev.StartedAt = c.CommitTime
		}
		if commits, err = repo.CommitsBetween(ctx, sha, "HEAD"); err != nil {
			return Result{}, gitUsage(err, env.Workspace)
		}
	case ev.StartedAt.IsZero():
		return Result{}, usagef("run %s has no records in %s: pass --start-sha to judge it from git alone", env.RunID, env.JournalDir)
	default:
		commits, err = repo.CommitsSince(ctx, ev.StartedAt, "HEAD")
		if errors.Is(err, git.ErrUnknownRevision) {
			if unborn, _ := repo.Unborn(ctx); unborn {
				commits, err = nil, nil
			}
		}
		if err != nil {
			return Result{}, gitUsage(err, env.Workspace)
		}
	}
	ev.CommitsSince = len(commits)
	if len(commits) > 0 {
		ev.LastCommitAt = commits[0].CommitTime
	}
	v, d := ClassifyLiveness(ev, req.Policy, env.now())
	return env.emit(ctx, SysLiveness, v, journal.Record{}, d), nil
}

// runRecords folds the run's own records from the journal (none when
// there is no journal yet).
func runRecords(ctx context.Context, dir, run string) (LivenessEvidence, error) {
	var ev LivenessEvidence
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return ev, nil
	}
	if err != nil {
		return ev, err
	}
	for r, err := range j.Scan(ctx, journal.Query{RunIDs: []string{run}}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return ev, err
		}
		if r.RunID != run || ObserverSyscall(r.Syscall) {
			continue
		}
		if ev.StartedAt.IsZero() {
			ev.StartedAt = r.TS
		}
		ev.Records++
		ev.LastHeardAt = later(ev.LastHeardAt, r.TS)
		switch {
		case r.Syscall == SysLeaseHeartbeat:
			ev.Heartbeats++
		case r.Syscall == SysVerify && r.Verdict == VerdictShipped:
			ev.LastWorkAt = later(ev.LastWorkAt, r.TS)
		}
	}
	return ev, nil
}
