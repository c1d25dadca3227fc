package kernel

import (
	"context"
	"errors"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// LivenessRequest judges the Env's run; StartSHA is optional.
type LivenessRequest struct {
	StartSHA string
	Policy   vocab.LivenessPolicy
	// The reference's evidence (vocab.ApplyProcRung): the last heartbeat
	// was HeartbeatAgeMS ago; the run's process is ProcAlive (nil: the
	// rung is off) as pid ProcPID; Tokens were spent.
	HeartbeatAgeMS *int64
	ProcAlive      *bool
	ProcPID        int
	Tokens         int64
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
	case ev.StartedAt.IsZero() && !ridStart(&ev, env.RunID):
		return Result{}, vocab.Usagef("run %s has no records in %s: pass --start-sha to judge it from git alone", env.RunID, env.JournalDir)
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
	if req.HeartbeatAgeMS != nil {
		ev.LastHeardAt = env.now().Add(-time.Duration(*req.HeartbeatAgeMS) * time.Millisecond)
	}
	v, d := vocab.ClassifyLiveness(ev, req.Policy, env.now())
	v, d = vocab.ApplyProcRung(v, d, req.ProcAlive, req.ProcPID, req.Tokens)
	return env.emit(ctx, vocab.SysLiveness, v, journal.Record{}, d), nil
}

// runRecords folds the run's own records from the journal (none when
// there is no journal yet).
func runRecords(ctx context.Context, dir, run string) (vocab.LivenessEvidence, error) {
	var ev vocab.LivenessEvidence
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
		if r.RunID != run || vocab.ObserverSyscall(r.Syscall) {
			continue
		}
		if ev.StartedAt.IsZero() {
			ev.StartedAt = r.TS
		}
		ev.Records++
		if r.TS.After(ev.LastHeardAt) {
			ev.LastHeardAt = r.TS
		}
		switch {
		case r.Syscall == vocab.SysLeaseHeartbeat:
			ev.Heartbeats++
		case r.Syscall == vocab.SysVerify && r.Verdict == vocab.VerdictShipped:
			if r.TS.After(ev.LastWorkAt) {
				ev.LastWorkAt = r.TS
			}
		}
	}
	return ev, nil
}

// ridStart starts a run that has no records at the time its RID-… id
// was minted (the reference's run ids carry it); a ULID does not count
// here, so a dos run with no records still needs --start-sha.
func ridStart(ev *vocab.LivenessEvidence, run string) bool {
	if !journal.ValidRID(run) {
		return false
	}
	ev.StartedAt, _ = journal.RunIDTime(run)
	return true
}
