package projections

import (
	"context"
	"encoding/json"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

// randomStory writes n records drawn from every kind a decision opens or
// closes on, over few runs, lanes and steps so that they collide often.
func randomStory(rnd *rand.Rand, n int) *story {
	runs := []string{runA, runB, runC}
	lanes := []string{"api", "web"}
	steps := []string{"S1", "S2"}
	s := &story{}
	refused := vocab.LeaseAcquireDetail{Reason: vocab.ReasonHeld, Holding: &vocab.HeldLease{Lane: "api", Holder: vocab.Holder{RunID: runA}}}
	for len(s.recs) < n {
		run, lane, step := runs[rnd.Intn(3)], lanes[rnd.Intn(2)], steps[rnd.Intn(2)]
		switch rnd.Intn(14) {
		case 13:
			s.judged(run, step, rnd.Intn(3) == 0)
		case 0:
			s.lease(run, lane, vocab.VerdictRefused, refused)
		case 1:
			s.lease(run, lane, vocab.VerdictGranted, vocab.LeaseAcquireDetail{})
		case 2:
			s.verdict(run, vocab.SysLiveness, []string{vocab.VerdictAdvancing, vocab.VerdictSpinning, vocab.VerdictStalled}[rnd.Intn(3)], vocab.LivenessDetail{})
		case 3, 4:
			s.claim(run, step)
		case 5, 6:
			s.verify(run, step, rnd.Intn(3) == 0)
		case 7:
			s.verdict(run, vocab.SysBreaker, vocab.VerdictOpen, vocab.BreakerDetail{OnTrip: []string{"none", "judge", "human"}[rnd.Intn(3)]})
		case 8:
			s.verdict(run, vocab.SysBreaker, vocab.VerdictClosed, vocab.BreakerDetail{})
		case 9:
			s.verdict(run, vocab.SysImprove, []string{vocab.VerdictKeep, vocab.VerdictEscalate}[rnd.Intn(2)], vocab.ImproveDetail{})
		case 10:
			s.verdict(run, vocab.SysReward, vocab.VerdictRejectPoison, vocab.RewardDetail{})
		case 11:
			s.halt(run)
		case 12:
			if rnd.Intn(3) == 0 {
				s.end(run)
			}
		}
	}
	return s
}

// finished renders a queue's decisions, sorted, as JSON for comparison.
func finished(t *testing.T, q *queue) string {
	var ds []Decision
	for _, o := range q.open {
		d := o.d
		describe(&d, o.first, o.last)
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b Decision) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	b, err := json.MarshalIndent(ds, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func foldQueue(recs []journal.Record) *queue {
	q := newQueue()
	for i := range recs {
		q.add(&recs[i])
	}
	return q
}

// TestDecisionsMerge_AnySplitEqualsOneScan folds random stories in two and
// three contiguous parts at every boundary and checks the merged queue is
// the one a single scan builds: same rows, ids, revisions, records behind
// them and words.
func TestDecisionsMerge_AnySplitEqualsOneScan(t *testing.T) {
	for seed := int64(1); seed <= 40; seed++ {
		s := randomStory(rand.New(rand.NewSource(seed)), 60)
		want := finished(t, foldQueue(s.recs))
		for k := 0; k <= len(s.recs); k++ {
			q := foldQueue(s.recs[:k])
			q.merge(foldQueue(s.recs[k:]))
			if got := finished(t, q); got != want {
				t.Fatalf("seed %d split at %d:\n%s\none scan:\n%s", seed, k, got, want)
			}
		}
		for k1 := 0; k1 < len(s.recs); k1 += 7 {
			for k2 := k1; k2 <= len(s.recs); k2 += 5 {
				q := foldQueue(s.recs[:k1])
				q.merge(foldQueue(s.recs[k1:k2]))
				q.merge(foldQueue(s.recs[k2:]))
				if got := finished(t, q); got != want {
					t.Fatalf("seed %d split at %d and %d:\n%s\none scan:\n%s", seed, k1, k2, got, want)
				}
			}
		}
	}
}

func TestDecisions_SplitFoldOfTheSegmentedFixtureMatches(t *testing.T) {
	j := openFixture(t, "views-segmented")
	now := t0.Add(365 * 24 * time.Hour)
	one, err := Decisions(context.Background(), j, DecisionOptions{Now: now, All: true, parts: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 3, 7} {
		got, err := Decisions(context.Background(), j, DecisionOptions{Now: now, All: true, parts: n, minPartBytes: 1})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := string(validate(t, schemas.Decisions, got)), string(validate(t, schemas.Decisions, one)); a != b {
			t.Fatalf("%d parts:\n%s\none scan:\n%s", n, a, b)
		}
	}
}

// TestHelpedMerge_AnySplitEqualsOneScan does for helped what the test
// above does for decisions: claims pending at a boundary, runs flagged on
// both sides and examples kept across parts all fold as in one scan.
func TestHelpedMerge_AnySplitEqualsOneScan(t *testing.T) {
	fold := func(recs []journal.Record) *helpedFold {
		h := newHelpedFold()
		for i := range recs {
			h.add(&recs[i])
		}
		return h
	}
	doc := func(h *helpedFold) string {
		d := &Helped{V: 1}
		h.finish(d)
		b, _ := json.Marshal(d)
		return string(b)
	}
	for seed := int64(1); seed <= 40; seed++ {
		s := randomStory(rand.New(rand.NewSource(seed)), 60)
		want := doc(fold(s.recs))
		for k := 0; k <= len(s.recs); k++ {
			h := fold(s.recs[:k])
			h.merge(fold(s.recs[k:]))
			if got := doc(h); got != want {
				t.Fatalf("seed %d split at %d:\n%s\none scan:\n%s", seed, k, got, want)
			}
		}
	}
}
