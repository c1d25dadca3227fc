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

// LeaseAcquireRequest asks for a lane.
type LeaseAcquireRequest struct {
	Paths []string
	TTL   time.Duration
}

// LeaseAcquire decides whether the Env's holder may take the Env's lane and
// appends the decision: GRANTED (exit 0) or REFUSED with the lease in the
// way (exit 1).
func LeaseAcquire(ctx context.Context, env Env, req LeaseAcquireRequest) (Result, error) {
	if err := leaseArgs(env, "lease acquire"); err != nil {
		return Result{}, err
	}
	if req.TTL <= 0 || req.TTL > vocab.MaxLeaseTTL {
		return Result{}, vocab.Usagef("--ttl %s: must be positive and at most %s (heartbeat to keep a lease longer)", req.TTL, vocab.MaxLeaseTTL)
	}
	paths, err := cleanPaths(req.Paths)
	if err != nil {
		return Result{}, err
	}
	return underLeaseLock(ctx, env, func(live []vocab.HeldLease, now time.Time) Result {
		h := env.holder()
		dec := lease.Arbitrate(lease.Request{Lane: env.Lane, Paths: paths, Holder: h}, live)
		d := vocab.LeaseAcquireDetail{Paths: paths, TTLSeconds: int64(req.TTL / time.Second), Holder: h, Reason: dec.Reason}
		var v vocab.Verdict
		switch {
		case dec.Granted:
			d.ExpiresAt = now.Add(req.TTL)
			v = vocab.Verdictf(vocab.VerdictGranted, dec.Reason, "lane %s to %s until %s", env.Lane, h, d.ExpiresAt.Format(time.RFC3339))
		case dec.Reason == vocab.ReasonHeld:
			d.Holding = dec.Holding
			v = vocab.Verdictf(vocab.VerdictRefused, dec.Reason, "lane %s is held by %s until %s", env.Lane, dec.Holding.Holder, dec.Holding.ExpiresAt.Format(time.RFC3339))
		default:
			d.Holding = dec.Holding
			v = vocab.Verdictf(vocab.VerdictRefused, dec.Reason, "paths %s overlap lane %s (%s) held by %s until %s", strings.Join(paths, ","),
				dec.Holding.Lane, strings.Join(dec.Holding.Paths, ","), dec.Holding.Holder, dec.Holding.ExpiresAt.Format(time.RFC3339))
		}
		return env.emit(ctx, vocab.SysLeaseAcquire, v, journal.Record{}, d)
	})
}

// LeaseRelease gives the Env's lane back: RELEASED (exit 0) when the
// holder had it, NOT_HELD (exit 1) otherwise.
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
			if l.Holder == h {
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

// LeaseHeartbeat renews the holder's lease on the Env's lane, or every
// live lease it holds when no lane is set, each by its own TTL.
func LeaseHeartbeat(ctx context.Context, env Env) (Result, error) {
	if err := env.needRun("lease heartbeat"); err != nil {
		return Result{}, err
	}
	return underLeaseLock(ctx, env, func(live []vocab.HeldLease, now time.Time) Result {
		h := env.holder()
		d := vocab.LeaseHeartbeatDetail{Holder: h, Leases: []vocab.HeldLease{}, Reason: vocab.ReasonNotHeld}
		var lanes []string
		for _, l := range live {
			if l.Holder == h && (env.Lane == "" || l.Lane == env.Lane) {
				l.ExpiresAt = now.Add(time.Duration(l.TTLSeconds) * time.Second)
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
	set := lease.NewSet()
	for r, err := range j.Scan(ctx, journal.Query{From: foldFrom(segs, now.Add(-vocab.MaxLeaseTTL-time.Hour)), Kinds: []string{journal.KindLease}}) {
		if err != nil {
			if journal.Skippable(err) {
				continue
			}
			return nil, err
		}
		if r.Kind == journal.KindLease {
			set.Apply(r)
		}
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
