package vocab

import (
	"testing"
	"time"
)

func TestClassifyLiveness_EveryRuleAndBoundary(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	p := DefaultLiveness() // spin 30m, stall 15m
	cases := []struct {
		name          string
		ev            LivenessEvidence
		now           time.Time
		token, reason string
	}{
		{"fresh commit advances", LivenessEvidence{StartedAt: at(0), CommitsSince: 2, LastCommitAt: at(50), LastHeardAt: at(10)}, at(55), VerdictAdvancing, ReasonCommitsLanded},
		{"recent SHIPPED verify advances", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(50), LastWorkAt: at(50), Records: 3}, at(55), VerdictAdvancing, ReasonWorkRecorded},
		{"young run, nothing landed, heard: warming up", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(10), Records: 1}, at(20), VerdictAdvancing, ReasonWarmingUp},
		{"heartbeats but nothing landed for spin-after: spinning", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(59), Records: 9, Heartbeats: 8}, at(60), VerdictSpinning, ReasonNoLanding},
		{"old commit, fresh heartbeats: spinning", LivenessEvidence{StartedAt: at(0), CommitsSince: 1, LastCommitAt: at(5), LastHeardAt: at(70), Heartbeats: 4}, at(71), VerdictSpinning, ReasonNoLanding},
		{"silent for stall-after: stalled", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(10), Records: 1}, at(25), VerdictStalled, ReasonSilent},
		{"stalled wins over a commit older than stall-after", LivenessEvidence{StartedAt: at(0), CommitsSince: 1, LastCommitAt: at(2), LastHeardAt: at(1)}, at(17), VerdictStalled, ReasonSilent},
		{"a commit counts as heard", LivenessEvidence{StartedAt: at(0), CommitsSince: 1, LastCommitAt: at(20), LastHeardAt: at(1)}, at(25), VerdictAdvancing, ReasonCommitsLanded},
		{"quiet just under stall-after is not stalled", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(10), Records: 1}, at(25).Add(-time.Second), VerdictAdvancing, ReasonWarmingUp},
		{"quiet exactly stall-after is stalled", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(10), Records: 1}, at(25), VerdictStalled, ReasonSilent},
		{"idle exactly spin-after spins", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(29), Records: 2}, at(30), VerdictSpinning, ReasonNoLanding},
		{"idle just under spin-after warms up", LivenessEvidence{StartedAt: at(0), LastHeardAt: at(29), Records: 2}, at(30).Add(-time.Second), VerdictAdvancing, ReasonWarmingUp},
		{"no records, start sha only, long ago: stalled", LivenessEvidence{StartedAt: at(0)}, at(100), VerdictStalled, ReasonSilent},
		{"a clock behind the records is not negative", LivenessEvidence{StartedAt: at(10), LastHeardAt: at(10), Records: 1}, at(5), VerdictAdvancing, ReasonWarmingUp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d := ClassifyLiveness(c.ev, p, c.now)
			if v.Token != c.token || v.Reason != c.reason || d.Reason != c.reason {
				t.Fatalf("→ %s/%s (%s), want %s/%s", v.Token, v.Reason, v.Why, c.token, c.reason)
			}
			if d.QuietSeconds < 0 || d.IdleSeconds < 0 || d.SpinAfterSeconds != 1800 || d.StallAfterSeconds != 900 {
				t.Fatalf("detail %+v", d)
			}
		})
	}
}
