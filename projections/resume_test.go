package projections

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git"
	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

// runStory is one run's records: start, declare, then what each test adds.
func runStory(steps ...string) *story {
	s := &story{}
	s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: runA, Subject: "auth"}, vocab.RunStartDetail{PID: 7})
	if len(steps) > 0 {
		s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentDeclare, RunID: runA, Subject: "P"},
			vocab.IntentDeclareDetail{Plan: "P", Steps: steps})
	}
	return s
}

// shipped records a SHIPPED verify naming sha, as `dos verify` would.
func (s *story) shipped(step, sha string) {
	s.add(journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysVerify, Verdict: vocab.VerdictShipped, RunID: runA, Subject: step},
		vocab.VerifyDetail{Plan: "P", Phase: step, Via: vocab.ViaGrepSubject, SHA: sha, FilesChanged: 1, Stamped: 1, Reason: vocab.ReasonShipped})
}

func resume(t *testing.T, s *story, dir, verb string) *ResumeDoc {
	t.Helper()
	repo, err := git.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Resume(context.Background(), sliceReader(s.recs), FromRepo(repo), runA, verb, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	validate(t, schemas.Resume, d)
	return d
}

func statuses(steps []Step) map[string]string {
	m := map[string]string{}
	for _, s := range steps {
		m[s.Step] = s.Status
	}
	return m
}

func TestResume_ClaimedStepWithNoCommitIsOverClaimed(t *testing.T) {
	r := gittest.New(t)
	s1 := r.Commit("S1: first step", map[string]string{"a.go": "package a"})
	s := runStory("S1", "S2", "S3")
	s.shipped("S1", s1)
	s.claim(runA, "S1")
	s.claim(runA, "S2") // nothing stamped S2: the agent's word only
	d := resume(t, s, r.Dir, "resume")
	if got := statuses(d.Steps); got["S1"] != vocab.StepVerified || got["S2"] != vocab.StepOverClaimed || got["S3"] != vocab.StepPending {
		t.Fatalf("steps %v", got)
	}
	if d.Verdict != vocab.VerdictResumable || d.ExitCode != 0 || d.NextStep != "S2" || d.ResumeFromSHA != s1 {
		t.Fatalf("%s %d next %s from %s: %s", d.Verdict, d.ExitCode, d.NextStep, d.ResumeFromSHA, d.Reason)
	}
	if d.Command != `eval "$(dos run start --parent `+runA+` --name auth-resume-S2)"` {
		t.Fatalf("command %q", d.Command)
	}
	c := resume(t, s, r.Dir, "complete")
	if c.Verdict != vocab.VerdictIncomplete || c.ExitCode != 3 || len(c.Residual) != 2 || c.Residual[0] != "S2" || c.Residual[1] != "S3" || c.Command != "" {
		t.Fatalf("complete: %s %d residual %v", c.Verdict, c.ExitCode, c.Residual)
	}
}

func TestResume_EmptyCommitIsNotShipped(t *testing.T) {
	r := gittest.New(t)
	r.Commit("S1: first", map[string]string{"a.go": "package a"})
	r.Git("commit", "-q", "--allow-empty", "-m", "S2: done, honest")
	s := runStory("S1", "S2")
	s.claim(runA, "S2")
	d := resume(t, s, r.Dir, "resume")
	st := d.Steps[1]
	if st.Step != "S2" || st.Status != vocab.StepOverClaimed || st.Git != vocab.VerdictNotShipped || st.GitReason != vocab.ReasonEmptyCommit {
		t.Fatalf("S2: %+v", st)
	}
	if d.Verdict != vocab.VerdictResumable || d.NextStep != "S2" {
		t.Fatalf("%s next %s", d.Verdict, d.NextStep)
	}
}

func TestResume_VerifiedStepResetAwayIsDiverged(t *testing.T) {
	r := gittest.New(t)
	s1 := r.Commit("S1: first", map[string]string{"a.go": "package a"})
	s2 := r.Commit("S2: second", map[string]string{"b.go": "package b"})
	s := runStory("S1", "S2", "S3")
	s.shipped("S1", s1)
	s.shipped("S2", s2)
	if d := resume(t, s, r.Dir, "resume"); d.Verdict != vocab.VerdictResumable || d.NextStep != "S3" || d.ResumeFromSHA != s2 {
		t.Fatalf("before the reset: %s next %s", d.Verdict, d.NextStep)
	}
	r.Git("reset", "-q", "--hard", s1)
	d := resume(t, s, r.Dir, "resume")
	if d.Verdict != vocab.VerdictDiverged || d.ExitCode != 4 || statuses(d.Steps)["S2"] != vocab.StepDiverged {
		t.Fatalf("%s %d %v: %s", d.Verdict, d.ExitCode, statuses(d.Steps), d.Reason)
	}
	if r := *d.Steps[1].JournalSHAReachable; r {
		t.Fatal("S2's sha reported reachable")
	}
	if c := resume(t, s, r.Dir, "complete"); c.Verdict != vocab.VerdictIncomplete || len(c.Residual) != 2 {
		t.Fatalf("complete after the reset: %s residual %v", c.Verdict, c.Residual)
	}
}

func TestResume_OutOfOrderIsDiverged(t *testing.T) {
	t.Run("a later step verified, an earlier not", func(t *testing.T) {
		r := gittest.New(t)
		r.Commit("S2: second first", map[string]string{"b.go": "package b"})
		d := resume(t, runStory("S1", "S2"), r.Dir, "resume")
		if d.Verdict != vocab.VerdictDiverged || d.ExitCode != 4 {
			t.Fatalf("%s: %s", d.Verdict, d.Reason)
		}
	})
	t.Run("commits landed in the reverse order", func(t *testing.T) {
		r := gittest.New(t)
		r.Commit("S2: second", map[string]string{"b.go": "package b"})
		r.Commit("S1: first", map[string]string{"a.go": "package a"})
		d := resume(t, runStory("S1", "S2", "S3"), r.Dir, "resume")
		if d.Verdict != vocab.VerdictDiverged {
			t.Fatalf("%s: %s", d.Verdict, d.Reason)
		}
	})
}

func TestResume_CompleteAndUnresumable(t *testing.T) {
	r := gittest.New(t)
	r.Commit("S1: first", map[string]string{"a.go": "package a"})
	r.Commit("s2: second, lower case stamp", map[string]string{"b.go": "package b"})
	if d := resume(t, runStory("S1", "S2"), r.Dir, "resume"); d.Verdict != vocab.VerdictComplete || d.ExitCode != 3 {
		t.Fatalf("%s %d", d.Verdict, d.ExitCode)
	}
	if d := resume(t, runStory("S1", "S2"), r.Dir, "complete"); d.Verdict != vocab.VerdictComplete || d.ExitCode != 0 || len(d.Residual) != 0 {
		t.Fatalf("complete: %s %d", d.Verdict, d.ExitCode)
	}
	nothing := runStory()
	nothing.claim(runA, "S1") // a claim is not a declaration
	if d := resume(t, nothing, r.Dir, "resume"); d.Verdict != vocab.VerdictUnresumable || d.ExitCode != 5 {
		t.Fatalf("%s %d", d.Verdict, d.ExitCode)
	}
	if d := resume(t, nothing, r.Dir, "complete"); d.Verdict != vocab.VerdictIncomplete || d.ExitCode != 3 {
		t.Fatalf("complete with nothing declared: %s", d.Verdict)
	}
	if d := resume(t, &story{}, r.Dir, "resume"); d.Verdict != vocab.VerdictUnresumable || d.Reason != "the journal holds no record of this run" {
		t.Fatalf("unknown run: %s %q", d.Verdict, d.Reason)
	}
}

func TestResume_UnbornRepositoryResumesAtTheFirstStep(t *testing.T) {
	r := gittest.New(t)
	d := resume(t, runStory("S1", "S2"), r.Dir, "resume")
	if d.Verdict != vocab.VerdictResumable || d.NextStep != "S1" || d.ResumeFromSHA != "" || d.Head != "" {
		t.Fatalf("%+v", d)
	}
}

func TestResume_NoRepositoryIsNoEvidence(t *testing.T) {
	repo, _ := git.Open(t.TempDir())
	_, err := Resume(context.Background(), sliceReader(runStory("S1").recs), FromRepo(repo), runA, "resume", t0)
	if !errors.Is(err, ErrNoGit) {
		t.Fatalf("err %v, want ErrNoGit", err)
	}
	if _, err := Resume(context.Background(), nil, nil, "nope", "resume", t0); err == nil {
		t.Fatal("a malformed run id was accepted")
	}
}

func TestTrace_ClaimsBesideGitNeverVerifiedWithoutIt(t *testing.T) {
	r := gittest.New(t)
	s1 := r.CommitAt(t0.Add(30*time.Second), "S1: first", map[string]string{"a.go": "package a"})
	r.CommitAt(t0.Add(40*time.Second), "S2: empty", nil)
	s := runStory("S1", "S2")
	s.claim(runA, "S1")
	s.claim(runA, "S2")
	s.claim(runA, "S9") // claimed, never declared
	s.add(journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: runB, ParentRunID: runA, Subject: "child"}, nil)
	repo, _ := git.Open(r.Dir)
	tr, err := Trace(context.Background(), sliceReader(s.recs), FromRepo(repo), runA, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	validate(t, schemas.Trace, tr)
	got := statuses(tr.Steps)
	if got["S1"] != vocab.StepVerified || got["S2"] != vocab.StepOverClaimed || got["S9"] != vocab.StepOverClaimed || tr.Steps[2].Declared {
		t.Fatalf("steps %v", got)
	}
	if tr.Steps[0].SHA != s1 || len(tr.Children) != 1 || tr.Children[0].RunID != runB || len(tr.Records) != 5 {
		t.Fatalf("trace %+v", tr)
	}
	if tr.CommitsTotal != 2 || tr.Commits[1].SHA != s1 {
		t.Fatalf("commits since the start: %+v", tr.Commits)
	}
	// Without a repository nothing is VERIFIED, whatever the journal says.
	s.shipped("S1", s1)
	tr, err = Trace(context.Background(), sliceReader(s.recs), nil, runA, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range tr.Steps {
		if st.Status != vocab.StepUnchecked {
			t.Fatalf("without git: %s is %s", st.Step, st.Status)
		}
	}
	validate(t, schemas.Trace, tr)
}

func TestTrace_UnknownRun(t *testing.T) {
	_, err := Trace(context.Background(), sliceReader(runStory("S1").recs), nil, runC, t0)
	if !errors.Is(err, ErrUnknownRun) {
		t.Fatalf("err %v", err)
	}
}

// TestResume_JudgedClaimResetAwayIsDiverged: a claim git judged SHIPPED
// when it was made names its commit; if that commit later leaves HEAD the
// run has diverged, whatever the claim said then.
func TestResume_JudgedClaimResetAwayIsDiverged(t *testing.T) {
	r := gittest.New(t)
	base := r.Commit("chore: base", map[string]string{"README": "x"})
	s1 := r.Commit("S1: first", map[string]string{"a.go": "package a"})
	s := runStory("S1", "S2")
	s.add(journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentClaim, Verdict: vocab.VerdictShipped, RunID: runA, Subject: "S1"},
		vocab.IntentClaimDetail{Plan: "P", Step: "S1", Head: s1, Via: vocab.ViaGrepSubject, SHA: s1, FilesChanged: 1, Reason: vocab.ReasonShipped})
	if d := resume(t, s, r.Dir, "resume"); d.Verdict != vocab.VerdictResumable || d.NextStep != "S2" {
		t.Fatalf("before the reset: %s %s", d.Verdict, d.Reason)
	}
	r.Git("reset", "-q", "--hard", base)
	d := resume(t, s, r.Dir, "resume")
	if d.Verdict != vocab.VerdictDiverged || d.Steps[0].Status != vocab.StepDiverged || d.Steps[0].JournalVerdict != vocab.VerdictShipped {
		t.Fatalf("after the reset: %s %+v", d.Verdict, d.Steps[0])
	}
}
