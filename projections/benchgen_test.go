package projections

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
	"github.com/oklog/ulid/v2"
)

// The benchmark journal: realistic kernel records from many interleaved
// runs, one record every 2.6 s over about 30 days, ending at benchEnd.
var benchEnd = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

const benchStep = 2600 * time.Millisecond

// benchRunLen is how many records a run writes; benchConcurrent runs are
// interleaved at any time.
const benchRunLen, benchConcurrent = 200, 8

var benchJournals sync.Map

// benchJournal builds (once per machine: it is kept in the temp dir, keyed
// by its size and generator version) a journal of n records.
func benchJournal(tb testing.TB, n int) string {
	tb.Helper()
	if v, ok := benchJournals.Load(n); ok {
		return v.(string)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("dos-views-bench-%d-v5", n))
	if j, err := journal.Open(dir); err == nil {
		if last, err := j.LastSeq(); err == nil && last == uint64(n) {
			benchJournals.Store(n, dir)
			return dir
		}
	}
	os.RemoveAll(dir)
	start := benchEnd.Add(-time.Duration(n) * benchStep)
	i := 0
	w := journal.NewWriter(dir, journal.Options{
		Now:     func() time.Time { i++; return start.Add(time.Duration(i) * benchStep) },
		Entropy: rand.New(rand.NewSource(1)),
	})
	g := newBenchGen(n)
	batch := make([]journal.Record, 0, 10000)
	for k := 0; k < n; k++ {
		batch = append(batch, g.next(start.Add(time.Duration(k+1)*benchStep)))
		if len(batch) == cap(batch) || k == n-1 {
			if _, err := w.AppendBatch(context.Background(), batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	benchJournals.Store(n, dir)
	return dir
}

// benchRun is one run being generated.
type benchRun struct {
	id, parent string
	lane       string
	left       int
	step       int
}

// benchGen emits records of benchConcurrent interleaved runs.
type benchGen struct {
	rnd  *rand.Rand
	runs []*benchRun
	made int
	cur  int
	// lastID is the run started before this one, a parent for some runs
	lastID string
}

func newBenchGen(n int) *benchGen {
	return &benchGen{rnd: rand.New(rand.NewSource(42)), runs: make([]*benchRun, benchConcurrent)}
}

// benchRunID is the id of the k-th run the generator starts at ts: a ULID
// of its start time, as `dos run start` mints them.
func benchRunID(k int, ts time.Time) string {
	var entropy [10]byte
	binary.BigEndian.PutUint64(entropy[2:], uint64(k))
	return ulid.MustNew(ulid.Timestamp(ts), bytes.NewReader(entropy[:])).String()
}

var benchLanes = []string{"api", "web", "db", "docs", "infra", "auth", "billing", "search"}

func (g *benchGen) next(ts time.Time) journal.Record {
	slot := g.cur % benchConcurrent
	g.cur++
	r := g.runs[slot]
	if r == nil || r.left == 0 {
		r = &benchRun{id: benchRunID(g.made+1, ts), lane: benchLanes[slot], left: benchRunLen}
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
	case r.left == benchRunLen:
		rec.ParentRunID, rec.Subject = r.parent, "run"
		return set(journal.KindRun, vocab.SysRunStart, "", vocab.RunStartDetail{PID: 1000 + slot})
	case r.left == benchRunLen-1:
		rec.Subject = "P"
		return set(journal.KindIntent, vocab.SysIntentDeclare, "", vocab.IntentDeclareDetail{Plan: "P", Steps: []string{"S1", "S2", "S3", "S4", "S5"}})
	case r.left == benchRunLen-2:
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
