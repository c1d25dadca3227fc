package kernel

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dos-go/dos/internal/flock"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/lease"
	"github.com/dos-go/dos/vocab"
)

// The arbiter's edge: fold the live leases from the journal and append the
// decision, both under one lock, so two processes never both win a lane.

// leaseLockName is the lock serialising lease decisions, beside the
// journal's own LOCK (which only covers one append).
const leaseLockName = "LEASES.lock"

// ErrLeaseNotRecorded is returned when a lease decision could not be
// appended: a lease that is not in the journal does not exist, so this is
// always an error, --strict-journal or not.
var ErrLeaseNotRecorded = errors.New("lease decision not recorded in the journal")

// LeaseAcquireRequest asks for a lane: the Env's lane (or, with none,
// the first free autopick lane) under the workspace's lane taxonomy.
type LeaseAcquireRequest struct {
	// Paths, when given, is the tree explicitly (each P covers P/**),
	// overriding the lane's dos.toml tree.
	Paths []string
	TTL   time.Duration
	// AutoPick walks the autopick list when the lane asked for is busy,
	// collides or is undeclared.
	AutoPick bool
	// Lanes is the taxonomy (config.Load's; vocab.DefaultLanes when no
	// dos.toml declares one).
	Lanes vocab.Lanes
}

// LeaseAcquire decides whether the Env's run may take the Env's lane (or,
// with no lane, which lane it gets) and appends the decision: GRANTED
// (exit 0) naming the lane granted and why, or REFUSED with the lease in
// the way (exit 1).
func LeaseAcquire(ctx context.Context, env Env, req LeaseAcquireRequest) (Result, error) {
	if err := env.needRun("lease acquire"); err != nil {
		return Result{}, err
	}
	if req.TTL <= 0 || req.TTL > vocab.MaxLeaseTTL {
		return Result{}, vocab.Usagef("--ttl %s: must be positive and at most %s (heartbeat to keep a lease longer)", req.TTL, vocab.MaxLeaseTTL)
	}
	paths, err := cleanPaths(req.Paths)
	if err != nil {
		return Result{}, err
	}
	if env.Lane == "" && len(paths) > 0 {
		return Result{}, vocab.Usagef("lease acquire --paths needs --lane (the lane the paths are for); without --lane the autopick lane's own tree is taken")
	}
	var tree []string
	if len(paths) > 0 {
		tree = lease.PathsTree(paths)
	}
	return underLeaseLock(ctx, env, func(live []vocab.HeldLease, now time.Time) Result {
		h := env.holder()
		dec := lease.Arbitrate(lease.Request{Lane: env.Lane, Tree: tree, AutoPick: req.AutoPick, Holder: h}, req.Lanes, live)
		d := acquireDetail(dec, paths, h)
		d.TTLSeconds = int64(req.TTL / time.Second)
		token := vocab.VerdictRefused
		if dec.Granted {
			d.ExpiresAt = now.Add(req.TTL)
			token = vocab.VerdictGranted
		}
		why := dec.Explain()
		if dec.Granted {
			why = fmt.Sprintf("lane %s to %s until %s: %s", dec.Lane, h, d.ExpiresAt.Format(time.RFC3339), why)
		}
		return env.emit(ctx, vocab.SysLeaseAcquire, vocab.Verdict{Token: token, Reason: dec.Reason, Why: why}, journal.Record{Lane: dec.Lane}, d)
	})
}

// acquireDetail is the record's account of a decision.
func acquireDetail(dec lease.Decision, paths []string, h vocab.Holder) vocab.LeaseAcquireDetail {
	tree := dec.Tree
	if tree == nil {
		tree = []string{}
	}
	return vocab.LeaseAcquireDetail{Paths: paths, Tree: tree, LaneKind: dec.LaneKind, Holder: h, Reason: dec.Reason, Holding: dec.Holding,
		Requested: dec.Requested, AutoPicked: dec.AutoPicked, PickedBecause: dec.PickedBecause, FreeLanes: refusedFree(dec)}
}

func refusedFree(dec lease.Decision) []string {
	if dec.Granted {
		return nil
	}
	return dec.FreeLanes
}

// LeaseRelease gives the Env's lane back: RELEASED (exit 0) when the
// run held it (from any of its processes on this host), NOT_HELD (exit 1)
// otherwise.
func LeaseRelease(ctx context.Context, env Env) (Result, error) {
	if err := leaseArgs(env, "lease release"); err != nil {
		return Result{}, err
	}
	return underLeaseLock(ctx, env, func(live []vocab.HeldLease, _ time.Time) Result {
		h := env.holder()
		d := vocab.LeaseReleaseDetail{Holder: h, Reason: vocab.ReasonNotHeld}
		v := vocab.Verdictf(vocab.VerdictNotHeld, vocab.ReasonNotHeld, "no live lease on lane %s", env.Lane)
		for _, l := range live {
			if l.Lane != env.Lane {
				continue
			}
			if l.Holder.Same(h) {
				d.Reason = vocab.ReasonReleased
				v = vocab.Verdictf(vocab.VerdictReleased, vocab.ReasonReleased, "lane %s is free", env.Lane)
			} else {
				d.Reason, d.Holding = vocab.ReasonOtherHolder, &l
				v = vocab.Verdictf(vocab.VerdictNotHeld, vocab.ReasonOtherHolder, "lane %s is held by %s, not %s", env.Lane, l.Holder, h)
			}
		}
		return env.emit(ctx, vocab.SysLeaseRelease, v, journal.Record{}, d)
	})
}

// LeaseHeartbeat renews the run's lease on the Env's lane, or every live
// lease the run holds on this host when no lane is set, each by its own
// TTL, from whichever of its processes asks.
func LeaseHeartbeat(ctx context.Context, env Env) (Result, error) {
	if err := env.needRun("lease heartbeat"); err != nil {
		return Result{}, err
	}
	return underLeaseLock(ctx, env, func(live []vocab.HeldLease, now time.Time) Result {
		h := env.holder()
		d := vocab.LeaseHeartbeatDetail{Holder: h, Leases: []vocab.HeldLease{}, Reason: vocab.ReasonNotHeld}
		var lanes []string
		for _, l := range live {
			if l.Holder.Same(h) && (env.Lane == "" || l.Lane == env.Lane) {
				l.ExpiresAt = now.Add(time.Duration(l.TTLSeconds) * time.Second)
				l.Holder.PID = h.PID // the run's process that beat last
				d.Leases = append(d.Leases, l)
				lanes = append(lanes, l.Lane)
			}
		}
		v := vocab.Verdictf(vocab.VerdictNotHeld, vocab.ReasonNotHeld, "%s holds no live lease to renew", h)
		if env.Lane != "" {
			v.Why = fmt.Sprintf("%s holds no live lease on lane %s", h, env.Lane)
		}
		if len(lanes) > 0 {
			d.Reason = vocab.ReasonRenewedSelf
			v = vocab.Verdictf(vocab.VerdictRenewed, vocab.ReasonRenewedSelf, "renewed %s until %s", strings.Join(lanes, ","), d.Leases[0].ExpiresAt.Format(time.RFC3339))
		}
		return env.emit(ctx, vocab.SysLeaseHeartbeat, v, journal.Record{}, d)
	})
}

// LiveLeases folds the leases live at now from the journal at dir.
func LiveLeases(ctx context.Context, dir string, now time.Time) ([]vocab.HeldLease, error) {
	j, err := journal.Open(dir)
	if errors.Is(err, journal.ErrNoJournal) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	segs, err := j.Segments()
	if err != nil {
		return nil, err
	}
	last, err := j.LastSeq()
	if err != nil {
		return nil, err
	}
	set, from := lease.NewSet(), foldFrom(segs, now.Add(-vocab.MaxLeaseTTL-time.Hour))
	if snap, ok := readLeaseSnapshot(ctx, j, dir); ok && snap.Seq+1 > from && snap.Seq <= last {
		set, from = lease.NewSetFrom(snap.Leases), snap.Seq+1
	}
	applied := 0
	if from <= last {
		for r, err := range j.Scan(ctx, journal.Query{From: from, Until: last, Kinds: []string{journal.KindLease}}) {
			if err != nil {
				if journal.Skippable(err) {
					continue
				}
				return nil, err
			}
			set.Apply(r)
			applied++
		}
	}
	if last >= from+leaseSnapshotEvery || applied >= leaseSnapshotLeases {
		writeLeaseSnapshot(ctx, j, dir, last, set)
	}
	return set.Live(now), nil
}

// foldFrom is the first seq of the oldest segment holding a record at or
// after cutoff: earlier segments cannot hold a live lease.
func foldFrom(segs []journal.SegmentInfo, cutoff time.Time) uint64 {
	for _, s := range segs {
		if s.LastSeq == 0 || !s.LastTS.Before(cutoff) {
			return s.FirstSeq
		}
	}
	if len(segs) > 0 {
		return segs[len(segs)-1].FirstSeq
	}
	return 0
}

func (e Env) holder() vocab.Holder { return vocab.Holder{RunID: e.RunID, Host: e.Host, PID: e.PID} }

// releaseRun appends a lease.release (reason run-ended) for every live
// lease of the Env's run, under the lease lock: `dos run end` frees the
// run's lanes. It returns the lanes released.
func releaseRun(ctx context.Context, env Env) ([]string, error) {
	var lanes []string
	var failed error
	_, err := underLeaseLock(ctx, env, func(live []vocab.HeldLease, _ time.Time) Result {
		for _, l := range live {
			if l.Holder.RunID != env.RunID {
				continue
			}
			d := vocab.LeaseReleaseDetail{Holder: l.Holder, Reason: vocab.ReasonRunEnded}
			v := vocab.Verdictf(vocab.VerdictReleased, vocab.ReasonRunEnded, "lane %s is free: run %s ended", l.Lane, env.RunID)
			res := env.emit(ctx, vocab.SysLeaseRelease, v, journal.Record{Lane: l.Lane}, d)
			if res.JournalErr != nil {
				failed = res.JournalErr
				return res
			}
			lanes = append(lanes, l.Lane)
		}
		return Result{}
	})
	if err == nil && failed != nil {
		err = fmt.Errorf("%w: %v", ErrLeaseNotRecorded, failed)
	}
	return lanes, err
}

func leaseArgs(env Env, verb string) error {
	if err := env.needRun(verb); err != nil {
		return err
	}
	if env.Lane == "" {
		return vocab.Usagef("%s needs --lane", verb)
	}
	return nil
}

func cleanPaths(in []string) ([]string, error) {
	out := []string{}
	for _, p := range in {
		c, err := vocab.CleanLeasePath(p)
		if err != nil {
			return nil, &vocab.UsageError{Msg: err.Error()}
		}
		out = append(out, c)
	}
	return out, nil
}

// underLeaseLock runs decide with the live leases under the lease lock and
// appends its record before unlocking. A failed append is an error.
func underLeaseLock(ctx context.Context, env Env, decide func([]vocab.HeldLease, time.Time) Result) (Result, error) {
	if err := os.MkdirAll(env.JournalDir, 0o755); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrLeaseNotRecorded, err)
	}
	lk, err := flock.Take(ctx, filepath.Join(env.JournalDir, leaseLockName), -1)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrLeaseNotRecorded, err)
	}
	defer lk.Close()
	now := env.now()
	live, err := LiveLeases(ctx, env.JournalDir, now)
	if err != nil {
		return Result{}, fmt.Errorf("read live leases: %w", err)
	}
	res := decide(live, now)
	if res.JournalErr != nil {
		return res, fmt.Errorf("%w: %v", ErrLeaseNotRecorded, res.JournalErr)
	}
	return res, nil
}
