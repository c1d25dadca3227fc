package kernel

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel/git/gittest"
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

// journalAt makes a journal whose records are stamped by clock.
func journalAt(t *testing.T, clock *time.Time) (string, *journal.Writer) {
	dir := filepath.Join(t.TempDir(), "journal")
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { return *clock }})
	t.Cleanup(func() { w.Close() })
	return dir, w
}

func TestLiveness_FromJournalAndGit(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	start := r.Commit("base", map[string]string{"a": "1"}) // at Epoch
	clock := gittest.Epoch.Add(time.Minute)
	jdir, w := journalAt(t, &clock)
	run := "01JD6Z3Y8T0000000000000A01"
	env := Env{Journal: w, JournalDir: jdir, Workspace: r.Dir, RunID: run, Host: "h", Source: SourceCLI}
	// Another run's records never count for this one.
	if _, err := RunStart(ctx, Env{Journal: w, Now: func() time.Time { return clock }}, RunStartRequest{}); err != nil {
		t.Fatal(err)
	}
	w.Append(ctx, journal.Record{Kind: journal.KindRun, Syscall: SysRunStart, RunID: run})
	for i := 0; i < 5; i++ { // heartbeats every 10 minutes, nothing lands
		clock = clock.Add(10 * time.Minute)
		w.Append(ctx, journal.Record{Kind: journal.KindLease, Syscall: SysLeaseHeartbeat, Verdict: VerdictRenewed, RunID: run})
	}
	// A watcher's liveness record about the run is not the run being heard.
	w.Append(ctx, journal.Record{Kind: journal.KindVerdict, Syscall: SysLiveness, Verdict: VerdictSpinning, RunID: run})

	judge := func(now time.Time, sha string) (Result, error) {
		e := env
		e.Now = func() time.Time { return now }
		return Liveness(ctx, e, LivenessRequest{StartSHA: sha, Policy: DefaultLiveness()})
	}
	res, err := judge(clock.Add(time.Minute), "")
	if err != nil || res.Verdict.Token != VerdictSpinning || res.Code != 3 {
		t.Fatalf("heartbeats only: %+v %v", res.Verdict, err)
	}
	var d LivenessDetail
	res.Record.Detail.Decode(&d)
	if d.Records != 6 || d.Heartbeats != 5 || d.CommitsSince != 0 || res.Record.RunID != run {
		t.Fatalf("detail %+v record %+v", d, res.Record)
	}
	if res, _ := judge(clock.Add(20*time.Minute), ""); res.Verdict.Token != VerdictStalled || res.Code != 4 {
		t.Fatalf("silence: %+v", res.Verdict)
	}
	r.CommitAt(clock.Add(2*time.Minute), "work", map[string]string{"b": "2"})
	res, err = judge(clock.Add(3*time.Minute), start)
	if err != nil || res.Verdict.Token != VerdictAdvancing || res.Code != 0 {
		t.Fatalf("after a commit: %+v %v", res.Verdict, err)
	}
	res.Record.Detail.Decode(&d)
	if d.StartSHA != start || d.CommitsSince != 1 {
		t.Fatalf("detail %+v", d)
	}
	if res, _ := judge(clock.Add(3*time.Minute), ""); res.Verdict.Token != VerdictAdvancing {
		t.Fatalf("commits since the first record: %+v", res.Verdict)
	}
}

func TestLiveness_NoEvidenceIsAnError(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"a": "1"})
	clock := gittest.Epoch
	jdir, w := journalAt(t, &clock)
	env := Env{Journal: w, JournalDir: jdir, Workspace: r.Dir, RunID: "01JD6Z3Y8T0000000000000A01", Now: func() time.Time { return clock }}
	cases := map[string]struct {
		env Env
		sha string
	}{
		"unknown start sha":   {env, "0123456789abcdef0123456789abcdef01234567"},
		"no records, no sha":  {env, ""},
		"no run":              {func() Env { e := env; e.RunID = ""; return e }(), "HEAD"},
		"not a repository":    {func() Env { e := env; e.Workspace = t.TempDir(); return e }(), "HEAD"},
		"bad policy (stall0)": {env, "HEAD"},
	}
	for name, c := range cases {
		p := DefaultLiveness()
		if name == "bad policy (stall0)" {
			p.StallAfter = 0
		}
		_, err := Liveness(ctx, c.env, LivenessRequest{StartSHA: c.sha, Policy: p})
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: err %v, want a usage error", name, err)
		}
	}
	if _, err := journal.Open(jdir); !errors.Is(err, journal.ErrNoJournal) {
		t.Fatalf("a refused liveness wrote a record: %v", err)
	}
}
