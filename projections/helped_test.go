package projections

import (
	"context"
	"strings"
	"testing"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

func catchOf(t *testing.T, h *Helped, key string) Catch {
	t.Helper()
	for _, c := range h.Catches {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no catch %s", key)
	return Catch{}
}

func TestHelped_OverClaimIsAClaimTheNextVerifyRefutes(t *testing.T) {
	cases := []struct {
		name            string
		build           func(s *story)
		caught, checked int64
		unverified      int64
	}{
		{"claim then NOT_SHIPPED", func(s *story) { s.claim(runA, "AUTH2"); s.verify(runA, "AUTH2", false) }, 1, 1, 0},
		{"claim then SHIPPED", func(s *story) { s.claim(runA, "AUTH2"); s.verify(runA, "AUTH2", true) }, 0, 1, 0},
		{"SHIPPED then claim: backed", func(s *story) { s.verify(runA, "AUTH1", true); s.claim(runA, "AUTH1") }, 0, 1, 0},
		{"NOT_SHIPPED then claim: unverified", func(s *story) { s.verify(runA, "AUTH1", false); s.claim(runA, "AUTH1") }, 0, 0, 1},
		{"claim never verified", func(s *story) { s.claim(runA, "AUTH9") }, 0, 0, 1},
		{"two claims, one refuting verify", func(s *story) {
			s.claim(runA, "X1")
			s.claim(runB, "x1")
			s.verify("", "X1", false)
		}, 2, 2, 0},
		{"only the next verify counts", func(s *story) {
			s.claim(runA, "X1")
			s.verify(runA, "X1", false)
			s.verify(runA, "X1", true)
		}, 1, 1, 0},
		{"verify of another step settles nothing", func(s *story) { s.claim(runA, "X1"); s.verify(runA, "X10", false) }, 0, 0, 1},
		{"a claim git judged NOT_SHIPPED when made", func(s *story) { s.judged(runA, "AUTH2", false) }, 1, 1, 0},
		{"a claim git judged SHIPPED when made", func(s *story) { s.judged(runA, "AUTH1", true) }, 0, 1, 0},
		{"a judged claim settles an earlier unjudged one", func(s *story) { s.claim(runB, "AUTH2"); s.judged(runA, "AUTH2", false) }, 2, 2, 0},
		{"a judged over-claim later shipped was still caught", func(s *story) { s.judged(runA, "S1", false); s.verify(runA, "S1", true) }, 1, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s story
			c.build(&s)
			h, err := Help(context.Background(), sliceReader(s.recs), HelpedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := catchOf(t, h, CatchOverClaims)
			if got.Count != c.caught || got.Of != c.checked || h.ClaimsUnverified != c.unverified {
				t.Fatalf("caught %d of %d, unverified %d; want %d of %d, %d", got.Count, got.Of, h.ClaimsUnverified, c.caught, c.checked, c.unverified)
			}
		})
	}
}

func TestHelped_CountsEachCategoryBesideTheVerdictsIssued(t *testing.T) {
	var s story
	s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: runA}, vocab.RunStartDetail{PID: 1})
	s.add(journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictGranted, RunID: runA, Lane: "api"}, nil)
	s.add(journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictRefused, RunID: runB, Lane: "api"},
		vocab.LeaseAcquireDetail{Reason: vocab.ReasonHeld, Holding: &vocab.HeldLease{Lane: "api", Holder: vocab.Holder{RunID: runA}}})
	s.verdict(runB, vocab.SysLiveness, vocab.VerdictSpinning, vocab.LivenessDetail{})
	s.verdict(runB, vocab.SysLiveness, vocab.VerdictStalled, vocab.LivenessDetail{}) // same run: flagged once
	s.verdict(runC, vocab.SysLiveness, vocab.VerdictAdvancing, vocab.LivenessDetail{})
	s.verdict("", vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{OnTrip: "judge"})
	s.verdict("", vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{OnTrip: "human"})
	s.verdict("", vocab.SysBreaker, vocab.VerdictClosed, vocab.BreakerDetail{})
	s.verdict(runA, vocab.SysReward, vocab.VerdictRejectPoison, vocab.RewardDetail{Claim: true, Refute: true})
	s.verdict(runA, vocab.SysReward, vocab.VerdictAccept, vocab.RewardDetail{Claim: true, Confirm: true})
	s.verdict(runA, vocab.SysImprove, vocab.VerdictEscalate, vocab.ImproveDetail{RevertStreak: 3, MaxReverts: 3})
	s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysHalt, Verdict: vocab.VerdictProposed, RunID: runB}, vocab.HaltDetail{Reason: "spinning"})
	h, err := Help(context.Background(), sliceReader(s.recs), HelpedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Verdicts != 12 {
		t.Fatalf("verdicts %d, want 12 (records carrying a verdict token)", h.Verdicts)
	}
	want := map[string][2]int64{
		CatchOverClaims: {0, 0}, CatchLanes: {1, 2}, CatchRunsFlagged: {1, 2}, CatchBreakers: {2, 3},
		CatchPoison: {1, 2}, CatchEscalations: {3, 12},
	}
	for k, w := range want {
		c := catchOf(t, h, k)
		if c.Count != w[0] || c.Of != w[1] {
			t.Errorf("%s: %d of %d, want %d of %d", k, c.Count, c.Of, w[0], w[1])
		}
		if want := float64(w[0]) / 12; c.Rate != want {
			t.Errorf("%s: rate %v, want %v", k, c.Rate, want)
		}
	}
	if h.Caught != 8 || !strings.Contains(h.Summary, "caught 8 things across 12 verdicts") {
		t.Fatalf("caught %d, summary %q", h.Caught, h.Summary)
	}
	validate(t, schemas.Helped, h)
}

func TestHelped_NothingCaughtSaysSoHonestly(t *testing.T) {
	var s story
	s.verify(runA, "AUTH1", true)
	s.verdict(runA, vocab.SysLiveness, vocab.VerdictAdvancing, vocab.LivenessDetail{})
	h, _ := Help(context.Background(), sliceReader(s.recs), HelpedOptions{})
	if h.Caught != 0 || !strings.HasPrefix(h.Summary, "Nothing caught yet: all 2 verdicts") {
		t.Fatalf("%d %q", h.Caught, h.Summary)
	}
	h, _ = Help(context.Background(), nil, HelpedOptions{})
	if h.Verdicts != 0 || !strings.HasPrefix(h.Summary, "Nothing to report yet") {
		t.Fatalf("empty journal: %q", h.Summary)
	}
	validate(t, schemas.Helped, h)
}

func TestHelped_ExamplesKeepTheMostRecentThree(t *testing.T) {
	var s story
	for i := 0; i < 5; i++ {
		s.verdict("", vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{Consecutive: i})
	}
	h, _ := Help(context.Background(), sliceReader(s.recs), HelpedOptions{})
	ex := catchOf(t, h, CatchBreakers).Examples
	if len(ex) != 3 || ex[0].Seq != 3 || ex[2].Seq != 5 {
		t.Fatalf("examples %+v", ex)
	}
}

// TestHelped_SplitFoldMatchesOneScan folds the segmented fixture in parts
// (claims in one part settled by verifies in the next) and compares with
// a single scan.
func TestHelped_SplitFoldMatchesOneScan(t *testing.T) {
	ctx := context.Background()
	j := openFixture(t, "views-segmented")
	want, err := help(ctx, j, HelpedOptions{}, 1, minPartBytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 3, 4, 7} {
		got, err := help(ctx, j, HelpedOptions{}, n, 1)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := string(validate(t, schemas.Helped, got)), string(validate(t, schemas.Helped, want)); a != b {
			t.Fatalf("%d parts:\n%s\none scan:\n%s", n, a, b)
		}
	}
}
