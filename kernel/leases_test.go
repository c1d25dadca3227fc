package kernel

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

const (
	runA = "01JD6Z3Y8T0000000000000A01"
	runB = "01JD6Z3Y8T0000000000000B01"
)

// leaseWorld is a journal whose writer and verdicts share one clock.
type leaseWorld struct {
	dir   string
	mu    sync.Mutex
	clock time.Time
}

func newLeaseWorld(t *testing.T) *leaseWorld {
	return &leaseWorld{dir: filepath.Join(t.TempDir(), "journal"), clock: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
}

func (w *leaseWorld) now() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.clock }

func (w *leaseWorld) advance(d time.Duration) { w.mu.Lock(); w.clock = w.clock.Add(d); w.mu.Unlock() }

// env is one process: its own Writer, as a separate dos invocation has.
func (w *leaseWorld) env(t *testing.T, run, lane string, pid int) Env {
	jw := journal.NewWriter(w.dir, journal.Options{Now: w.now})
	t.Cleanup(func() { jw.Close() })
	return Env{Journal: jw, JournalDir: w.dir, Now: w.now, Host: "build-7", PID: pid, Source: vocab.SourceCLI, RunID: run, Lane: lane}
}

// runN is the i-th of several distinct runs.
func runN(i int) string { return fmt.Sprintf("01JD6Z3Y8T00000000000%05d", i) }

func TestLeaseAcquire_OneWinnerAmongConcurrentRuns(t *testing.T) {
	w := newLeaseWorld(t)
	const n = 8
	results := make([]Result, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		env := w.env(t, runN(i), "api", 1000+i) // eight runs, one process each
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res, err := LeaseAcquire(context.Background(), env, LeaseAcquireRequest{Paths: []string{"api/"}, TTL: 50 * time.Minute})
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}(i)
	}
	wg.Wait()
	granted := 0
	for _, r := range results {
		switch r.Verdict.Token {
		case vocab.VerdictGranted:
			granted++
		case vocab.VerdictRefused:
			var d vocab.LeaseAcquireDetail
			r.Record.Detail.Decode(&d)
			if d.Reason != vocab.ReasonHeld || d.Holding == nil || r.Code != 1 {
				t.Errorf("refusal %+v", d)
			}
		}
	}
	if granted != 1 {
		t.Fatalf("%d processes were granted the lane, want exactly 1", granted)
	}
	live, _ := LiveLeases(context.Background(), w.dir, w.now())
	if len(live) != 1 || live[0].Lane != "api" {
		t.Fatalf("live %+v", live)
	}
}

func TestLease_ReleaseHeartbeatExpiry(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	a, b := w.env(t, runA, "api", 10), w.env(t, runB, "api", 20)
	bWeb := w.env(t, runB, "web", 20)
	req := LeaseAcquireRequest{Paths: []string{"api/"}, TTL: 10 * time.Minute}
	step := func(name string, res Result, err error, token, reason string) {
		t.Helper()
		if err != nil || res.Verdict.Token != token || res.Verdict.Reason != reason {
			t.Fatalf("%s: %s/%s (%s) %v, want %s/%s", name, res.Verdict.Token, res.Verdict.Reason, res.Line, err, token, reason)
		}
	}
	res, err := LeaseAcquire(ctx, a, req)
	step("A acquires", res, err, vocab.VerdictGranted, vocab.ReasonFree)
	res, err = LeaseAcquire(ctx, bWeb, LeaseAcquireRequest{Paths: []string{"api/v2"}, TTL: time.Minute})
	step("B overlaps", res, err, vocab.VerdictRefused, vocab.ReasonPathOverlap)
	res, err = LeaseRelease(ctx, b)
	step("B cannot release A's lane", res, err, vocab.VerdictNotHeld, vocab.ReasonOtherHolder)
	w.advance(9 * time.Minute)
	res, err = LeaseHeartbeat(ctx, w.env(t, runA, "", 10))
	step("A heartbeats every lease", res, err, vocab.VerdictRenewed, vocab.ReasonRenewedSelf)
	w.advance(9 * time.Minute) // 18 min: alive only thanks to the heartbeat
	res, err = LeaseAcquire(ctx, b, req)
	step("B still refused", res, err, vocab.VerdictRefused, vocab.ReasonHeld)
	w.advance(2 * time.Minute) // 20 min: expired (heartbeat at 9 + 10)
	res, err = LeaseHeartbeat(ctx, a)
	step("A's heartbeat after expiry", res, err, vocab.VerdictNotHeld, vocab.ReasonNotHeld)
	res, err = LeaseAcquire(ctx, b, req)
	step("B takes the expired lane", res, err, vocab.VerdictGranted, vocab.ReasonFree)
	res, err = LeaseAcquire(ctx, b, req)
	step("B again renews", res, err, vocab.VerdictGranted, vocab.ReasonRenewedSelf)
	res, err = LeaseRelease(ctx, b)
	step("B releases", res, err, vocab.VerdictReleased, vocab.ReasonReleased)
	res, err = LeaseRelease(ctx, b)
	step("B releases twice", res, err, vocab.VerdictNotHeld, vocab.ReasonNotHeld)
	res, err = LeaseAcquire(ctx, a, req)
	step("A takes it back", res, err, vocab.VerdictGranted, vocab.ReasonFree)
}

func TestLease_BadRequestsWriteNothing(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	ok := LeaseAcquireRequest{TTL: time.Minute}
	cases := map[string]func() error{
		"no run": func() error { _, err := LeaseAcquire(ctx, w.env(t, "", "api", 1), ok); return err },
		"ttl too big": func() error {
			_, err := LeaseAcquire(ctx, w.env(t, runA, "api", 1), LeaseAcquireRequest{TTL: 25 * time.Hour})
			return err
		},
		"ttl zero": func() error { _, err := LeaseAcquire(ctx, w.env(t, runA, "api", 1), LeaseAcquireRequest{}); return err },
		"abs path": func() error {
			_, err := LeaseAcquire(ctx, w.env(t, runA, "api", 1), LeaseAcquireRequest{TTL: time.Minute, Paths: []string{"/etc"}})
			return err
		},
		"escape": func() error {
			_, err := LeaseAcquire(ctx, w.env(t, runA, "api", 1), LeaseAcquireRequest{TTL: time.Minute, Paths: []string{"a/../../b"}})
			return err
		},
		"release lane": func() error { _, err := LeaseRelease(ctx, w.env(t, runA, "", 1)); return err },
	}
	for name, f := range cases {
		var ue *vocab.UsageError
		if err := f(); !errors.As(err, &ue) {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
	if _, err := journal.Open(w.dir); !errors.Is(err, journal.ErrNoJournal) {
		t.Fatalf("refused requests wrote records: %v", err)
	}
}

func TestLease_UnrecordedDecisionIsAnError(t *testing.T) {
	w := newLeaseWorld(t)
	env := w.env(t, runA, "api", 1)
	env.Journal = &memJournal{fail: errors.New("disk full")}
	_, err := LeaseAcquire(context.Background(), env, LeaseAcquireRequest{TTL: time.Minute})
	if !errors.Is(err, ErrLeaseNotRecorded) {
		t.Fatalf("err %v, want ErrLeaseNotRecorded", err)
	}
}

func TestFoldFrom_SkipsSegmentsOlderThanAnyLiveLease(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	segs := []journal.SegmentInfo{
		{FirstSeq: 1, LastSeq: 100, LastTS: t0},
		{FirstSeq: 101, LastSeq: 200, LastTS: t0.Add(10 * time.Hour)},
		{FirstSeq: 201, LastSeq: 0},
	}
	cases := []struct {
		cutoff time.Time
		want   uint64
	}{
		{t0.Add(-time.Hour), 1},
		{t0, 1},
		{t0.Add(time.Hour), 101},
		{t0.Add(11 * time.Hour), 201},
	}
	for _, c := range cases {
		if got := foldFrom(segs, c.cutoff); got != c.want {
			t.Errorf("cutoff %s: from %d, want %d", c.cutoff, got, c.want)
		}
	}
	if foldFrom(nil, t0) != 0 {
		t.Error("empty journal")
	}
}
