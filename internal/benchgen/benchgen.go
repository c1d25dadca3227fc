// Package benchgen generates the journal the views' and the exporters'
// benchmarks read: realistic kernel records, each detail built from the
// kernel's own detail struct (so its members are in struct order, with the
// nested objects and arrays the kernel writes), in the proportions a fleet
// of agents writes them.
//
// Runs of RunLen records, Concurrent interleaved at any time (10% with a
// parent), one record every Step: per run a run.start, an intent.declare, a
// lease.acquire (5% refused, naming the holder), a lease.release and a
// run.end, and between them 40% lease heartbeats, 20% verify (a fifth
// NOT_SHIPPED), 10% liveness, 5% intent.claim, 5% productivity, 5%
// efficiency, 3% breaker, 3% reward, 4% hook-exit, 3% exec-capability, 1%
// improve and 1% halt. The output is a pure function of n: the same bytes
// on every machine.
package benchgen

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
	"github.com/oklog/ulid/v2"
)

// End is the time of the last record Write appends.
var End = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// Step is the time between two records.
const Step = 2600 * time.Millisecond

// RunLen is how many records a run writes; Concurrent runs are interleaved
// at any time.
const RunLen, Concurrent = 200, 8

// Version names the generator's output; it changes whenever the records
// it writes do, so cached journals of an older generator are not reused.
const Version = "v5"

// Cached returns a journal of n generated records kept in the temp dir
// between runs (a million records take a while to write), writing it the
// first time. The views' and the exporters' benchmarks share it; a
// benchmark that writes cursors into it clears them itself.
func Cached(ctx context.Context, n int) (string, error) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("dos-views-bench-%d-%s", n, Version))
	if j, err := journal.Open(dir); err == nil {
		if last, err := j.LastSeq(); err == nil && last == uint64(n) {
			return dir, nil
		}
	}
	os.RemoveAll(dir)
	if err := Write(ctx, dir, n); err != nil {
		return "", err
	}
	return dir, nil
}

// Write creates a journal at dir holding n generated records, the last at
// End, with a fixed clock and fixed entropy.
func Write(ctx context.Context, dir string, n int) error {
	start := End.Add(-time.Duration(n) * Step)
	i := 0
	w := journal.NewWriter(dir, journal.Options{
		Now:     func() time.Time { i++; return start.Add(time.Duration(i) * Step) },
		Entropy: rand.New(rand.NewSource(1)),
	})
	g := New()
	batch := make([]journal.Record, 0, 10000)
	for k := 0; k < n; k++ {
		batch = append(batch, g.Next(start.Add(time.Duration(k+1)*Step)))
		if len(batch) == cap(batch) || k == n-1 {
			if _, err := w.AppendBatch(ctx, batch); err != nil {
				w.Close()
				return err
			}
			batch = batch[:0]
		}
	}
	return w.Close()
}

// run is one run being generated.
type run struct {
	id, parent string
	lane       string
	left       int
	step       int
}

// Gen emits records of Concurrent interleaved runs. The journal fills in
// v, seq, id, ts and hash when the records are appended.
type Gen struct {
	rnd  *rand.Rand
	runs []*run
	made int
	cur  int
	// lastID is the run started before this one, a parent for some runs
	lastID string
}

// New returns a generator at its first record.
func New() *Gen {
	return &Gen{rnd: rand.New(rand.NewSource(42)), runs: make([]*run, Concurrent)}
}

// RunID is the id of the k-th run the generator starts at ts: a ULID of its
// start time, as `dos run start` mints them.
func RunID(k int, ts time.Time) string {
	var entropy [10]byte
	binary.BigEndian.PutUint64(entropy[2:], uint64(k))
	return ulid.MustNew(ulid.Timestamp(ts), bytes.NewReader(entropy[:])).String()
}

// Lanes are the lanes runs hold, one per interleaved slot.
var Lanes = []string{"api", "web", "db", "docs", "infra", "auth", "billing", "search"}

// Next returns the next record, written at ts.
func (g *Gen) Next(ts time.Time) journal.Record {
	slot := g.cur % Concurrent
	g.cur++
	r := g.runs[slot]
	if r == nil || r.left == 0 {
		r = &run{id: RunID(g.made+1, ts), lane: Lanes[slot], left: RunLen}
		if g.made > 0 && g.rnd.Intn(10) == 0 {
			r.parent = g.lastID
		}
		g.lastID = r.id
		g.made++
		g.runs[slot] = r
	}
	defer func() { r.left-- }()
	rec := journal.Record{RunID: r.id, Host: fmt.Sprintf("build-%d", slot), Source: vocab.SourceCLI}
	holder := vocab.Holder{RunID: r.id, Host: rec.Host, PID: 1000 + slot}
	set := func(kind, sys, verdict string, d any) journal.Record {
		rec.Kind, rec.Syscall, rec.Verdict, rec.Detail = kind, sys, verdict, journal.MustDetail(d)
		return rec
	}
	switch {
	case r.left == RunLen:
		rec.ParentRunID, rec.Subject = r.parent, "run"
		return set(journal.KindRun, vocab.SysRunStart, "", vocab.RunStartDetail{PID: 1000 + slot})
	case r.left == RunLen-1:
		rec.Subject = "P"
		return set(journal.KindIntent, vocab.SysIntentDeclare, "", vocab.IntentDeclareDetail{Plan: "P", Steps: []string{"S1", "S2", "S3", "S4", "S5"}})
	case r.left == RunLen-2:
		rec.Lane = r.lane
		if g.rnd.Intn(20) == 0 {
			h := vocab.HeldLease{Lane: r.lane, Paths: []string{r.lane + "/"}, Holder: vocab.Holder{RunID: g.lastID, Host: "build-0", PID: 1000}, ExpiresAt: ts.Add(time.Hour)}
			return set(journal.KindLease, vocab.SysLeaseAcquire, vocab.VerdictRefused, vocab.LeaseAcquireDetail{Paths: []string{r.lane + "/"}, TTLSeconds: 3000, Holder: holder, Reason: vocab.ReasonHeld, Holding: &h})
		}
		return set(journal.KindLease, vocab.SysLeaseAcquire, vocab.VerdictGranted, vocab.LeaseAcquireDetail{Paths: []string{r.lane + "/"}, TTLSeconds: 3000, ExpiresAt: ts.Add(50 * time.Minute), Holder: holder, Reason: vocab.ReasonFree})
	case r.left == 2:
		rec.Lane = r.lane
		return set(journal.KindLease, vocab.SysLeaseRelease, vocab.VerdictReleased, vocab.LeaseReleaseDetail{Holder: holder, Reason: vocab.ReasonReleased})
	case r.left == 1:
		return set(journal.KindRun, vocab.SysRunEnd, "", vocab.RunEndDetail{Status: "done"})
	}
	step := fmt.Sprintf("S%d", 1+r.step%5)
	p := g.rnd.Intn(100)
	switch {
	case p < 40:
		rec.Lane = r.lane
		l := vocab.HeldLease{Lane: r.lane, Paths: []string{r.lane + "/"}, Holder: holder, AcquiredAt: ts.Add(-time.Hour), ExpiresAt: ts.Add(50 * time.Minute), TTLSeconds: 3000}
		return set(journal.KindLease, vocab.SysLeaseHeartbeat, vocab.VerdictRenewed, vocab.LeaseHeartbeatDetail{Holder: holder, Leases: []vocab.HeldLease{l}, Reason: vocab.ReasonRenewedSelf})
	case p < 60:
		rec.Subject = step
		r.step++
		if g.rnd.Intn(5) == 0 {
			return set(journal.KindVerdict, vocab.SysVerify, vocab.VerdictNotShipped, vocab.VerifyDetail{Plan: "P", Phase: step, Ref: "HEAD", Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070", Via: "none", Reason: vocab.ReasonNoStamp})
		}
		return set(journal.KindVerdict, vocab.SysVerify, vocab.VerdictShipped, vocab.VerifyDetail{Plan: "P", Phase: step, Ref: "HEAD", Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070", Via: "grep-subject", SHA: "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", FilesChanged: 3, Stamped: 1, Reason: vocab.ReasonShipped})
	case p < 65:
		rec.Subject = step
		if g.rnd.Intn(5) == 0 {
			return set(journal.KindIntent, vocab.SysIntentClaim, vocab.VerdictNotShipped, vocab.IntentClaimDetail{Plan: "P", Step: step, Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070", Via: "none", Reason: vocab.ReasonNoStamp})
		}
		return set(journal.KindIntent, vocab.SysIntentClaim, vocab.VerdictShipped, vocab.IntentClaimDetail{Plan: "P", Step: step, Head: "9f3c2a1b7e5d4c3b2a1908f7e6d5c4b3a2918070", Via: "grep-subject", SHA: "e62f74d0c1b2a39485766f5e4d3c2b1a09f8e7d6", FilesChanged: 3, Reason: vocab.ReasonShipped})
	case p < 75:
		v := vocab.VerdictAdvancing
		if q := g.rnd.Intn(100); q < 5 {
			v = vocab.VerdictSpinning
		} else if q < 7 {
			v = vocab.VerdictStalled
		}
		return set(journal.KindVerdict, vocab.SysLiveness, v, vocab.LivenessDetail{StartedAt: ts.Add(-time.Hour), CommitsSince: 3, Records: 40, Heartbeats: 12, QuietSeconds: 60, IdleSeconds: 300, SpinAfterSeconds: 1800, StallAfterSeconds: 900, Reason: vocab.ReasonCommitsLanded})
	case p < 80:
		return set(journal.KindVerdict, vocab.SysProductivity, vocab.VerdictProductive, vocab.ProductivityDetail{Deltas: []int64{800, 700, 650}, MinSteps: 3, Floor: 500, Reason: vocab.ReasonWorking})
	case p < 85:
		return set(journal.KindVerdict, vocab.SysEfficiency, vocab.VerdictEfficient, vocab.EfficiencyDetail{Work: 40, Tokens: 20000, MinTokens: 1000, Ratio: 0.002, Reason: vocab.ReasonEfficient})
	case p < 88:
		v, on := vocab.VerdictClosed, "none"
		if g.rnd.Intn(10) == 0 {
			v, on = vocab.VerdictOpen, []string{"judge", "human"}[g.rnd.Intn(2)]
		}
		return set(journal.KindVerdict, vocab.SysBreaker, v, vocab.BreakerDetail{Consecutive: 1, Total: 4, MaxConsecutive: 3, MaxTotal: 20, OnTrip: on, Reason: vocab.ReasonUnderLimits})
	case p < 91:
		v := vocab.VerdictAccept
		if g.rnd.Intn(20) == 0 {
			v = vocab.VerdictRejectPoison
		}
		return set(journal.KindVerdict, vocab.SysReward, v, vocab.RewardDetail{Claim: true, Confirm: v == vocab.VerdictAccept, Refute: v != vocab.VerdictAccept, Reason: vocab.ReasonWitnessed})
	case p < 95:
		return set(journal.KindVerdict, vocab.SysHookExit, vocab.VerdictPass, vocab.HookExitDetail{Code: 0, Reason: vocab.ReasonExitZero})
	case p < 98:
		return set(journal.KindVerdict, vocab.SysExecCapability, vocab.VerdictBounded, vocab.ExecCapabilityDetail{CommandSHA256: "3b1f0c9a0d3e7a55c1e0a0f9e2b46c2dc47f0f3c2a6f1f4e9d8c7b6a5f4e3d2c", Words: 3, Reason: vocab.ReasonBoundedP})
	case p < 99:
		v := vocab.VerdictKeep
		if g.rnd.Intn(20) == 0 {
			v = vocab.VerdictEscalate
		}
		return set(journal.KindVerdict, vocab.SysImprove, v, vocab.ImproveDetail{SuitePassed: true, TruthClean: true, Work: 110, BaselineWork: 100, MaxReverts: 3, Reason: vocab.ReasonImproved})
	}
	return set(journal.KindIntent, vocab.SysHalt, vocab.VerdictProposed, vocab.HaltDetail{Reason: "spinning"})
}
