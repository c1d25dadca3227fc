package vocab

import (
	"strings"
	"testing"
	"time"
)

func TestClassifyStatus_Rules(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	p := DefaultLiveness()
	cases := []struct {
		name     string
		ev       StatusEvidence
		now      time.Time
		o        StatusOverride
		token    string
		stopped  bool
		resume   string
		residual string
		why      string
	}{
		{"a fresh run id that never beat", StatusEvidence{NeverHeard: true, Liveness: LivenessEvidence{StartedAt: t0}}, t0.Add(time.Second), StatusOverride{}, VerdictStalled, true, "", "", "never beat"},
		{"never heard but commits landed", StatusEvidence{NeverHeard: true, Liveness: LivenessEvidence{StartedAt: t0, CommitsSince: 1, LastCommitAt: t0}}, t0.Add(time.Minute), StatusOverride{}, VerdictAdvancing, false, "", "", "1 commit(s)"},
		{"heard, young", StatusEvidence{Liveness: LivenessEvidence{StartedAt: t0, Records: 1, LastHeardAt: t0}, Declared: []string{"A1", "A2"}, Verified: []string{"A1"}}, t0.Add(time.Minute), StatusOverride{}, VerdictAdvancing, false, "", "A2", "(live — a resume verdict is a stopped-run question)"},
		{"--stopped shows the resume plan", StatusEvidence{Liveness: LivenessEvidence{StartedAt: t0, Records: 1, LastHeardAt: t0}, Declared: []string{"A1", "A2"}, Verified: []string{"A1"}}, t0.Add(time.Minute), StatusOverride{Stopped: true}, VerdictAdvancing, true, VerdictResumable, "A2", "continue at A2"},
		{"--live wins over --stopped", StatusEvidence{Suspended: true, Liveness: LivenessEvidence{StartedAt: t0, Records: 1, LastHeardAt: t0}}, t0.Add(time.Minute), StatusOverride{Stopped: true, Live: true}, VerdictAdvancing, false, "", "", ""},
		{"ended with everything verified", StatusEvidence{Suspended: true, Liveness: LivenessEvidence{StartedAt: t0, Records: 2, LastHeardAt: t0}, Declared: []string{"A1"}, Verified: []string{"A1"}}, t0.Add(time.Minute), StatusOverride{}, VerdictAdvancing, true, VerdictComplete, "", "nothing to resume"},
		{"stalled without intent", StatusEvidence{Liveness: LivenessEvidence{StartedAt: t0, Records: 1, LastHeardAt: t0}}, t0.Add(time.Hour), StatusOverride{}, VerdictStalled, true, "", "", "no declared intent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, d := ClassifyStatus(c.ev, p, c.now, c.o)
			if v.Token != c.token || d.Stopped != c.stopped || d.Resume != c.resume || strings.Join(d.Residual, " ") != c.residual || !strings.Contains(v.Why, c.why) {
				t.Fatalf("got %s stopped=%v resume=%q residual=%v\n%s", v.Token, d.Stopped, d.Resume, d.Residual, v.Why)
			}
			if d.VerifiedCount != len(c.ev.Verified) || d.DeclaredCount != len(c.ev.Declared) {
				t.Fatalf("progress %d/%d", d.VerifiedCount, d.DeclaredCount)
			}
		})
	}
}
