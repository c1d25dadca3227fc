package lease

import (
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

var (
	t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	hA = vocab.Holder{RunID: "01JD6Z3Y8T0000000000000A01", Host: "build-7", PID: 100}
	hB = vocab.Holder{RunID: "01JD6Z3Y8T0000000000000B01", Host: "build-7", PID: 200}
)

func at(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

func rec(ts time.Time, sys, verdict, lane string, detail any) *journal.Record {
	return &journal.Record{TS: ts, Kind: journal.KindLease, Syscall: sys, Verdict: verdict, Lane: lane, Detail: journal.MustDetail(detail)}
}

func acquire(m int, lane string, h vocab.Holder, ttl int, paths ...string) *journal.Record {
	return rec(at(m), vocab.SysLeaseAcquire, vocab.VerdictGranted, lane, vocab.LeaseAcquireDetail{Paths: paths, TTLSeconds: int64(ttl * 60), ExpiresAt: at(m + ttl), Holder: h, Reason: vocab.ReasonFree})
}

func TestFold_AcquireReleaseHeartbeatExpiry(t *testing.T) {
	recs := []*journal.Record{
		acquire(0, "api", hA, 50, "api/"),
		acquire(1, "docs", hB, 10, "docs/"),
		rec(at(2), vocab.SysLeaseAcquire, vocab.VerdictRefused, "web", vocab.LeaseAcquireDetail{Holder: hB, Reason: vocab.ReasonHeld}),
		rec(at(5), vocab.SysLeaseHeartbeat, vocab.VerdictRenewed, "", vocab.LeaseHeartbeatDetail{Holder: hB, Reason: vocab.ReasonRenewedSelf, Leases: []vocab.HeldLease{
			{Lane: "docs", Paths: []string{"docs/"}, Holder: hB, AcquiredAt: at(1), ExpiresAt: at(15), TTLSeconds: 600},
		}}),
		rec(at(6), vocab.SysLeaseRelease, vocab.VerdictReleased, "api", vocab.LeaseReleaseDetail{Holder: hB, Reason: vocab.ReasonReleased}), // not the holder: ignored
		rec(at(7), vocab.SysLeaseRelease, vocab.VerdictNotHeld, "docs", vocab.LeaseReleaseDetail{Holder: hA, Reason: vocab.ReasonOtherHolder}),
		{TS: at(8), Kind: journal.KindVerdict, Syscall: "verify", Verdict: "SHIPPED", Lane: "api"},
		rec(at(9), vocab.SysLeaseAcquire, vocab.VerdictGranted, "bad", map[string]any{"holder": "not an object"}),
	}
	cases := []struct {
		now   time.Time
		lanes []string
	}{
		{at(3), []string{"api", "docs"}},
		{at(12), []string{"api", "docs"}}, // the heartbeat moved docs' expiry from 11 to 15
		{at(15), []string{"api"}},         // expiry is exclusive: dead at expires_at
		{at(50), nil},
	}
	for _, c := range cases {
		live := Fold(recs, c.now)
		var got []string
		for _, l := range live {
			got = append(got, l.Lane)
		}
		if len(got) != len(c.lanes) || (len(got) > 0 && got[0] != c.lanes[0]) || (len(got) > 1 && got[1] != c.lanes[1]) {
			t.Errorf("at %s: live %v, want %v", c.now.Format("15:04"), got, c.lanes)
		}
	}
	rel := append(recs, rec(at(10), vocab.SysLeaseRelease, vocab.VerdictReleased, "api", vocab.LeaseReleaseDetail{Holder: hA, Reason: vocab.ReasonReleased}))
	if live := Fold(rel, at(11)); len(live) != 1 || live[0].Lane != "docs" {
		t.Fatalf("after release: %+v", live)
	}
}

func TestFold_RenewalKeepsAcquiredAt(t *testing.T) {
	live := Fold([]*journal.Record{acquire(0, "api", hA, 50), acquire(20, "api", hA, 50)}, at(30))
	if len(live) != 1 || !live[0].AcquiredAt.Equal(at(0)) || !live[0].ExpiresAt.Equal(at(70)) {
		t.Fatalf("%+v", live)
	}
	// After expiry, a new grant starts a new lease.
	live = Fold([]*journal.Record{acquire(0, "api", hA, 10), acquire(20, "api", hA, 50)}, at(30))
	if !live[0].AcquiredAt.Equal(at(20)) {
		t.Fatalf("%+v", live)
	}
}
