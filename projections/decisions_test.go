package projections

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

func (s *story) lease(run, lane, verdict string, d any) {
	s.add(journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: verdict, RunID: run, Lane: lane}, d)
}

func (s *story) end(run string) {
	s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunEnd, RunID: run}, vocab.RunEndDetail{Status: "done"})
}

func (s *story) halt(run string) {
	s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysHalt, Verdict: vocab.VerdictProposed, RunID: run}, vocab.HaltDetail{Reason: "spinning"})
}

func queueOf(t *testing.T, s *story, o DecisionOptions) *DecisionQueue {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = t0.Add(time.Hour)
	}
	q, err := Decisions(context.Background(), sliceReader(s.recs), o)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, schemas.Decisions, q)
	return q
}

func kinds(q *DecisionQueue) []string {
	var out []string
	for _, d := range q.Decisions {
		out = append(out, d.Kind+":"+d.RunID)
	}
	return out
}

func TestDecisions_OpenUntilResolved(t *testing.T) {
	refused := vocab.LeaseAcquireDetail{Reason: vocab.ReasonHeld, Holding: &vocab.HeldLease{Lane: "api", Holder: vocab.Holder{RunID: runA}}}
	cases := []struct {
		name  string
		build func(s *story)
		want  []string
	}{
		{"refusal stays open", func(s *story) { s.lease(runB, "api", vocab.VerdictRefused, refused) }, []string{"lane-refused:" + runB}},
		{"refusal superseded by a later grant to the same run", func(s *story) {
			s.lease(runB, "api", vocab.VerdictRefused, refused)
			s.lease(runB, "api", vocab.VerdictGranted, vocab.LeaseAcquireDetail{})
		}, nil},
		{"a grant to another run does not supersede", func(s *story) {
			s.lease(runB, "api", vocab.VerdictRefused, refused)
			s.lease(runA, "api", vocab.VerdictGranted, vocab.LeaseAcquireDetail{})
		}, []string{"lane-refused:" + runB}},
		{"an earlier grant does not supersede", func(s *story) {
			s.lease(runB, "api", vocab.VerdictGranted, vocab.LeaseAcquireDetail{})
			s.lease(runB, "api", vocab.VerdictRefused, refused)
		}, []string{"lane-refused:" + runB}},
		{"refusal moot once the run ends", func(s *story) { s.lease(runB, "api", vocab.VerdictRefused, refused); s.end(runB) }, nil},
		{"spinning until advancing", func(s *story) {
			s.verdict(runB, vocab.SysLiveness, vocab.VerdictSpinning, vocab.LivenessDetail{})
			s.verdict(runB, vocab.SysLiveness, vocab.VerdictAdvancing, vocab.LivenessDetail{})
		}, nil},
		{"stalled until it ships", func(s *story) {
			s.verdict(runC, vocab.SysLiveness, vocab.VerdictStalled, vocab.LivenessDetail{})
			s.verify(runC, "X1", true)
		}, nil},
		{"spinning then stalled is one stalled row", func(s *story) {
			s.verdict(runC, vocab.SysLiveness, vocab.VerdictSpinning, vocab.LivenessDetail{})
			s.verdict(runC, vocab.SysLiveness, vocab.VerdictStalled, vocab.LivenessDetail{})
		}, []string{"run-stalled:" + runC}},
		{"another run shipping does not clear a wedge", func(s *story) {
			s.verdict(runC, vocab.SysLiveness, vocab.VerdictStalled, vocab.LivenessDetail{})
			s.verify(runA, "X1", true)
		}, []string{"run-stalled:" + runC}},
		{"breaker with no escalation is not a decision", func(s *story) {
			s.verdict(runA, vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{OnTrip: "none"})
		}, nil},
		{"breaker open until closed", func(s *story) {
			s.verdict(runA, vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{OnTrip: "judge"})
			s.verdict(runA, vocab.SysBreaker, vocab.VerdictClosed, vocab.BreakerDetail{})
		}, nil},
		{"improve escalation until a keep", func(s *story) {
			s.verdict(runA, vocab.SysImprove, vocab.VerdictEscalate, vocab.ImproveDetail{})
			s.verdict(runA, vocab.SysImprove, vocab.VerdictKeep, vocab.ImproveDetail{})
		}, nil},
		{"poison stays, even after the run ends", func(s *story) {
			s.verdict(runA, vocab.SysReward, vocab.VerdictRejectPoison, vocab.RewardDetail{})
			s.end(runA)
		}, []string{"reward-poison:" + runA}},
		{"over-claim until the step ships", func(s *story) {
			s.claim(runA, "AUTH2")
			s.verify(runA, "AUTH2", false)
			s.verify(runB, "auth2", true)
		}, nil},
		{"over-claim outlives its run", func(s *story) {
			s.claim(runA, "AUTH2")
			s.verify("", "AUTH2", false)
			s.end(runA)
		}, []string{"over-claim:" + runA}},
		{"halt proposed until the run ends", func(s *story) { s.halt(runB); s.halt(runB); s.end(runB) }, nil},
		{"a claim git judged NOT_SHIPPED is an over-claim", func(s *story) { s.judged(runA, "S1", false) }, []string{"over-claim:" + runA}},
		{"a claim git judged SHIPPED is not", func(s *story) { s.judged(runA, "S1", true) }, nil},
		{"a judged over-claim until the step ships", func(s *story) { s.judged(runA, "S1", false); s.verify(runB, "S1", true) }, nil},
		{"a judged over-claim until a later claim ships it", func(s *story) { s.judged(runA, "S1", false); s.judged(runA, "S1", true) }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s story
			c.build(&s)
			got := kinds(queueOf(t, &s, DecisionOptions{}))
			if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
				t.Fatalf("open %v, want %v", got, c.want)
			}
		})
	}
}

func TestDecisions_RepeatsCollapseIntoOneStableRow(t *testing.T) {
	var s story
	s.halt(runB)
	first := queueOf(t, &s, DecisionOptions{}).Decisions[0]
	s.halt(runB)
	s.halt(runB)
	d := queueOf(t, &s, DecisionOptions{}).Decisions
	if len(d) != 1 || d[0].ID != first.ID || d[0].Revision == first.Revision || d[0].Records != 3 {
		t.Fatalf("first %+v\nnow %+v", first, d)
	}
	if d[0].Seqs[0] != 1 || d[0].Seqs[2] != 3 || !d[0].Updated.Equal(t0.Add(3*time.Second)) {
		t.Fatalf("records behind it: %+v", d[0])
	}
	if d[0].Resolver != ResolverHuman || d[0].Command != "dos run end --run-id "+runB+" --status halted" {
		t.Fatalf("%+v", d[0])
	}
}

func TestDecisions_SeqsAreBoundedRevisionIsNot(t *testing.T) {
	var s story
	for i := 0; i < 25; i++ {
		s.halt(runB)
	}
	d := queueOf(t, &s, DecisionOptions{}).Decisions[0]
	ids := make([]string, 0, 25)
	for _, r := range s.recs {
		ids = append(ids, r.ID)
	}
	if len(d.Seqs) != MaxDecisionRecords || d.Seqs[0] != 1 || d.Seqs[9] != 25 || d.Seqs[1] != 17 || d.Records != 25 {
		t.Fatalf("seqs %v records %d", d.Seqs, d.Records)
	}
	if d.Revision != DecisionRevision(ids) {
		t.Fatalf("revision %s, want %s", d.Revision, DecisionRevision(ids))
	}
}

func TestDecisions_SortedByUrgencyThenAge(t *testing.T) {
	var s story
	s.verdict(runC, vocab.SysLiveness, vocab.VerdictSpinning, vocab.LivenessDetail{}) // medium, oldest
	s.halt(runB)                                                                      // high
	s.claim(runA, "X1")
	s.verify(runA, "X1", false) // high, newer
	q := queueOf(t, &s, DecisionOptions{})
	got := kinds(q)
	want := []string{"halt-proposed:" + runB, "over-claim:" + runA, "run-spinning:" + runC}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
	if q.Decisions[2].AgeSeconds != 3599 {
		t.Fatalf("age %d", q.Decisions[2].AgeSeconds)
	}
}

func TestDecisions_WindowAndResolverFilters(t *testing.T) {
	var s story
	s.halt(runB) // at t0+1s
	s.verdict(runC, vocab.SysLiveness, vocab.VerdictSpinning, vocab.LivenessDetail{})
	now := t0.Add(8 * 24 * time.Hour)
	if q := queueOf(t, &s, DecisionOptions{Now: now}); len(q.Decisions) != 0 || q.WindowSeconds != 7*86400 {
		t.Fatalf("rows older than the default 7d window shown: %v", kinds(q))
	}
	if q := queueOf(t, &s, DecisionOptions{Now: now, All: true}); len(q.Decisions) != 2 || q.WindowSeconds != 0 {
		t.Fatalf("--all: %v", kinds(q))
	}
	if q := queueOf(t, &s, DecisionOptions{Now: now, Window: 9 * 24 * time.Hour}); len(q.Decisions) != 2 {
		t.Fatalf("--window 9d: %v", kinds(q))
	}
	q := queueOf(t, &s, DecisionOptions{Resolver: ResolverJudge})
	if got := kinds(q); len(got) != 1 || got[0] != "run-spinning:"+runC || q.Open[ResolverHuman] != 1 || q.Open[ResolverJudge] != 1 {
		t.Fatalf("--resolver JUDGE: %v open %v", got, q.Open)
	}
}

// TestDecisions_LaneRefusedByALeaseWithoutPaths: a holder that took its
// lane without paths read as "(paths )"; it says the lane alone is held.
func TestDecisions_LaneRefusedByALeaseWithoutPaths(t *testing.T) {
	var s story
	s.lease(runB, "api", vocab.VerdictRefused, vocab.LeaseAcquireDetail{Reason: vocab.ReasonHeld,
		Holding: &vocab.HeldLease{Lane: "api", Holder: vocab.Holder{RunID: runA}}})
	s.lease(runC, "web", vocab.VerdictRefused, vocab.LeaseAcquireDetail{Reason: vocab.ReasonHeld,
		Holding: &vocab.HeldLease{Lane: "web", Paths: []string{"web/", "ui/"}, Holder: vocab.Holder{RunID: runA}}})
	q := queueOf(t, &s, DecisionOptions{})
	var reasons []string
	for _, d := range q.Decisions {
		reasons = append(reasons, d.Reason)
	}
	got := strings.Join(reasons, "\n")
	if strings.Contains(got, "(paths )") || !strings.Contains(got, "holds lane api (the lane alone, no paths)") || !strings.Contains(got, "holds lane web (paths web/,ui/)") {
		t.Fatalf("reasons:\n%s", got)
	}
}
