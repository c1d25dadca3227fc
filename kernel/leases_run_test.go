package kernel

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// A lease belongs to the run on its host: any of its processes may renew,
// release and re-acquire it; another run may not; run end frees it.
func TestLease_BelongsToTheRunNotTheProcess(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	req := LeaseAcquireRequest{Paths: []string{"api/"}, TTL: 10 * time.Minute, Lanes: vocab.DefaultLanes()}
	step := func(name string, res Result, err error, token, reason string) {
		t.Helper()
		if err != nil || res.Verdict.Token != token || res.Verdict.Reason != reason {
			t.Fatalf("%s: %s/%s (%s) %v, want %s/%s", name, res.Verdict.Token, res.Verdict.Reason, res.Line, err, token, reason)
		}
	}
	res, err := LeaseAcquire(ctx, w.env(t, runA, "api", 100), req)
	step("process 100 acquires", res, err, vocab.VerdictGranted, vocab.ReasonFree)
	res, err = LeaseAcquire(ctx, w.env(t, runA, "api", 101), req)
	step("process 101 of the same run re-acquires", res, err, vocab.VerdictGranted, vocab.ReasonRenewedSelf)
	w.advance(8 * time.Minute)
	res, err = LeaseHeartbeat(ctx, w.env(t, runA, "", 102))
	step("process 102 heartbeats", res, err, vocab.VerdictRenewed, vocab.ReasonRenewedSelf)
	w.advance(8 * time.Minute) // 16 min: alive only thanks to 102's beat
	res, err = LeaseAcquire(ctx, w.env(t, runB, "api", 200), req)
	step("another run is refused", res, err, vocab.VerdictRefused, vocab.ReasonHeld)
	other := w.env(t, runA, "api", 100)
	other.Host = "build-8"
	res, err = LeaseRelease(ctx, other)
	step("the same run on another host is not the holder", res, err, vocab.VerdictNotHeld, vocab.ReasonOtherHolder)
	res, err = LeaseRelease(ctx, w.env(t, runA, "api", 103))
	step("process 103 releases", res, err, vocab.VerdictReleased, vocab.ReasonReleased)
	res, err = LeaseAcquire(ctx, w.env(t, runA, "api", 104), req)
	step("process 104 takes it back", res, err, vocab.VerdictGranted, vocab.ReasonFree)
	live, _ := LiveLeases(ctx, w.dir, w.now())
	if len(live) != 1 || live[0].Holder.PID != 104 {
		t.Fatalf("live %+v", live)
	}
}

func TestRunEnd_ReleasesTheRunsLeases(t *testing.T) {
	ctx := context.Background()
	w := newLeaseWorld(t)
	lanes := vocab.Lanes{Concurrent: []string{"docs", "src"}, Autopick: []string{"src", "docs"}, Declared: true,
		Trees: map[string][]string{"src": {"src/**"}, "docs": {"docs/**"}}}
	for _, lane := range []string{"src", "docs"} {
		if res, err := LeaseAcquire(ctx, w.env(t, runA, lane, 100), LeaseAcquireRequest{TTL: time.Hour, Lanes: lanes}); err != nil || res.Code != 0 {
			t.Fatalf("acquire %s: %v %s", lane, err, res.Line)
		}
	}
	if res, _ := LeaseAcquire(ctx, w.env(t, runB, "src", 200), LeaseAcquireRequest{TTL: time.Hour, Lanes: lanes}); res.Code != 1 {
		t.Fatalf("B got src while A holds it: %s", res.Line)
	}
	res, err := RunEnd(ctx, w.env(t, runA, "", 300), "done")
	if err != nil || res.Record.Syscall != vocab.SysRunEnd || !strings.Contains(res.Line, "released docs, src") {
		t.Fatalf("run end: %v %q", err, res.Line)
	}
	j, _ := journal.Open(w.dir)
	var releases []string
	for r, err := range j.Scan(ctx, journal.Query{}) {
		if err == nil && r.Syscall == vocab.SysLeaseRelease {
			var d vocab.LeaseReleaseDetail
			r.Detail.Decode(&d)
			if r.Verdict != vocab.VerdictReleased || d.Reason != vocab.ReasonRunEnded || r.RunID != runA {
				t.Errorf("release record %+v", r)
			}
			releases = append(releases, r.Lane)
		}
	}
	if strings.Join(releases, ",") != "docs,src" {
		t.Fatalf("release records for %v", releases)
	}
	if res, _ := LeaseAcquire(ctx, w.env(t, runB, "src", 200), LeaseAcquireRequest{TTL: time.Hour, Lanes: lanes}); res.Code != 0 {
		t.Fatalf("src still held after run end: %s", res.Line)
	}
}
