package kernel

import (
	"context"
	"errors"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// StatusRequest asks for the Env's run's folded fact.
type StatusRequest struct {
	StartSHA       string
	HeartbeatAgeMS *int64 // the reference's --last-heartbeat-age-ms: the last beat was now − this
	Override       vocab.StatusOverride
	Policy         vocab.LivenessPolicy
}

// StatusJSON is status's --json: the Report plus the reference's sections.
type StatusJSON struct {
	Report
	Schema   int            `json:"schema"`
	Progress StatusProgress `json:"progress"`
	Region   []string       `json:"region"`
	Stopped  bool           `json:"stopped"`
	Resume   *StatusResume  `json:"resume"`
}

// StatusProgress counts what git verifies, never what was claimed.
type StatusProgress struct {
	DeclaredCount int      `json:"declared_count"`
	VerifiedCount int      `json:"verified_count"`
	VerifiedSteps []string `json:"verified_steps"`
}

// StatusResume is where a stopped run would continue.
type StatusResume struct {
	Verdict  string   `json:"verdict"`
	NextStep string   `json:"next_step,omitempty"`
	Residual []string `json:"residual"`
}

func (x StatusJSON) withReport(r Report) any { x.Report = r; return x }

// Status folds the run's liveness (its records, commits since it started,
// the clock), the declared steps git backs now and the lease it holds,
// and appends one status record whose verdict is the liveness.
func Status(ctx context.Context, env Env, req StatusRequest) (Result, error) {
	if env.RunID == "" {
		return Result{}, vocab.Usagef("a run id is required: dos status RUN_ID (a ULID or RID-…), or --run-id / $DOS_RUN_ID")
	}
	if err := req.Policy.Check(); err != nil {
		return Result{}, err
	}
	now := env.now()
	lev, err := runRecords(ctx, env.JournalDir, env.RunID)
	if err != nil {
		return Result{}, err
	}
	ev := vocab.StatusEvidence{NeverHeard: lev.Records == 0}
	if lev.StartedAt.IsZero() {
		lev.StartedAt, _ = journal.RunIDTime(env.RunID)
	}
	if req.HeartbeatAgeMS != nil {
		lev.LastHeardAt, ev.NeverHeard = now.Add(-time.Duration(*req.HeartbeatAgeMS)*time.Millisecond), false
	}
	repo, err := git.Open(env.Workspace)
	if err != nil {
		return Result{}, gitUsage(err, env.Workspace)
	}
	var commits []git.Commit
	if req.StartSHA != "" {
		sha, err := repo.Resolve(ctx, req.StartSHA)
		if err != nil {
			return Result{}, gitUsage(err, env.Workspace)
		}
		lev.StartSHA = sha
		if commits, err = repo.CommitsBetween(ctx, sha, "HEAD"); err != nil {
			return Result{}, gitUsage(err, env.Workspace)
		}
	} else if commits, err = repo.CommitsSince(ctx, lev.StartedAt, "HEAD"); err != nil {
		if unborn, _ := repo.Unborn(ctx); !errors.Is(err, git.ErrUnknownRevision) || !unborn {
			return Result{}, gitUsage(err, env.Workspace)
		}
	}
	lev.CommitsSince = len(commits)
	if len(commits) > 0 {
		lev.LastCommitAt = commits[0].CommitTime
	}
	ev.Liveness = lev
	plan, steps, suspended, err := runIntent(ctx, env.JournalDir, env.RunID)
	if err != nil {
		return Result{}, err
	}
	ev.Declared, ev.Suspended = steps, suspended
	for _, s := range steps {
		vev, err := gatherVerify(ctx, env, VerifyRequest{Plan: plan, Phase: s, Ref: "HEAD"})
		if err != nil {
			return Result{}, err
		}
		if v, _ := vocab.ClassifyVerify(plan, s, vev); v.Token == vocab.VerdictShipped {
			ev.Verified = append(ev.Verified, s)
		}
	}
	live, err := LiveLeases(ctx, env.JournalDir, now)
	if err != nil {
		return Result{}, err
	}
	for _, l := range live {
		if l.Holder.RunID == env.RunID {
			ev.Region = append(ev.Region, l.Paths...)
		}
	}
	v, d := vocab.ClassifyStatus(ev, req.Policy, now, req.Override)
	res := env.emit(ctx, vocab.SysStatus, v, journal.Record{}, d)
	x := StatusJSON{Schema: 1, Progress: StatusProgress{d.DeclaredCount, d.VerifiedCount, d.VerifiedSteps}, Region: d.Region, Stopped: d.Stopped}
	if d.Resume != "" {
		x.Resume = &StatusResume{Verdict: d.Resume, NextStep: d.NextStep, Residual: d.Residual}
	}
	res.Extra = x
	return res, nil
}

// runIntent folds the run's declared steps (its last intent.declare wins,
// with its plan) and whether it ended or was proposed for a halt.
func runIntent(ctx context.Context, dir, run string) (plan string, steps []string, suspended bool, err error) {
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, err
	}
	for r, err := range j.Scan(ctx, journal.Query{RunIDs: []string{run}}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return "", nil, false, err
		}
		if r.RunID != run {
			continue
		}
		switch r.Syscall {
		case vocab.SysIntentDeclare:
			var d vocab.IntentDeclareDetail
			if r.Detail.Decode(&d) == nil {
				plan, steps = d.Plan, d.Steps
			}
		case vocab.SysRunEnd, vocab.SysHalt:
			suspended = true
		}
	}
	return plan, steps, suspended, nil
}
