package cli

import (
	"context"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/schemas"
	"github.com/dos-go/dos/vocab"
)

// gitStory is a repository and a journal about it, both deterministic:
// run A declares AUTH1..AUTH3, ships AUTH1 (verified), claims AUTH1 and
// AUTH2 (whose only stamp is an empty commit), and starts child run B.
type gitStory struct {
	repo              *gittest.Repo
	env               map[string]string
	auth1, auth2Empty string
}

func newGitStory(t *testing.T) *gitStory {
	t.Helper()
	r := gittest.New(t)
	r.CommitAt(fixtures.Epoch.Add(-time.Hour), "chore: before the run", map[string]string{"README": "hi"})
	s := &gitStory{repo: r}
	s.auth1 = r.CommitAt(fixtures.At(3).Add(30*time.Second), "AUTH1: login", map[string]string{"api/login.go": "package api"})
	s.auth2Empty = r.CommitAt(fixtures.At(6).Add(30*time.Second), "AUTH2: sessions (says the agent)", nil)

	dir := filepath.Join(t.TempDir(), "journal")
	n := 0
	w := journal.NewWriter(dir, journal.Options{Now: func() time.Time { n++; return fixtures.At(n) }, Entropy: rand.New(rand.NewSource(7))})
	defer w.Close()
	A, B := fixtures.RunA, fixtures.RunB
	recs := []struct {
		r journal.Record
		d any
	}{
		{journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: A, Subject: "auth"}, vocab.RunStartDetail{PID: 42}},
		{journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentDeclare, RunID: A, Subject: "AUTH"}, vocab.IntentDeclareDetail{Plan: "AUTH", Steps: []string{"AUTH1", "AUTH2", "AUTH3"}}},
		{journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseAcquire, Verdict: vocab.VerdictGranted, RunID: A, Lane: "api"},
			vocab.LeaseAcquireDetail{Paths: []string{"api/"}, TTLSeconds: 3000, ExpiresAt: fixtures.At(3).Add(50 * time.Minute), Holder: vocab.Holder{RunID: A, Host: "h", PID: 42}, Reason: vocab.ReasonFree}},
		{journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysVerify, Verdict: vocab.VerdictShipped, RunID: A, Subject: "AUTH1"},
			vocab.VerifyDetail{Plan: "AUTH", Phase: "AUTH1", Ref: "HEAD", Head: s.auth1, Via: vocab.ViaGrepSubject, SHA: s.auth1, FilesChanged: 1, Stamped: 1, Reason: vocab.ReasonShipped}},
		{journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentClaim, Verdict: vocab.VerdictShipped, RunID: A, Subject: "AUTH1"},
			vocab.IntentClaimDetail{Plan: "AUTH", Step: "AUTH1", Head: s.auth2Empty, Via: vocab.ViaGrepSubject, SHA: s.auth1, FilesChanged: 1, Reason: vocab.ReasonShipped}},
		{journal.Record{Kind: journal.KindIntent, Syscall: vocab.SysIntentClaim, Verdict: vocab.VerdictNotShipped, RunID: A, Subject: "AUTH2"},
			vocab.IntentClaimDetail{Plan: "AUTH", Step: "AUTH2", Head: s.auth2Empty, Via: vocab.ViaNone, Reason: vocab.ReasonEmptyCommit}},
		{journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: B, ParentRunID: A, Subject: "docs"}, vocab.RunStartDetail{PID: 43}},
	}
	for _, x := range recs {
		x.r.Host, x.r.Source, x.r.Detail = "h", vocab.SourceCLI, journal.MustDetail(x.d)
		if _, err := w.Append(context.Background(), x.r); err != nil {
			t.Fatal(err)
		}
	}
	s.env = map[string]string{"DOS_JOURNAL": dir, "DOS_WORKSPACE": r.Dir, "NO_COLOR": "1"}
	return s
}

func TestTrace_GitBackedGolden(t *testing.T) {
	s := newGitStory(t)
	r := dos(t, s.env, "trace", fixtures.RunA, "--now", fixtureNow)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "views/trace-git.txt", r.stdout)
	checkJSON(t, schemas.Trace, dos(t, s.env, "trace", fixtures.RunA, "--json"))
	child := dos(t, s.env, "trace", fixtures.RunB)
	if child.code != 0 || !strings.Contains(child.stdout, "parent    "+fixtures.RunA+" auth") {
		t.Fatalf("child trace lacks its parent:\n%s", child.stdout)
	}
}

func TestTrace_UnknownAndMalformedRuns(t *testing.T) {
	s := newGitStory(t)
	r := dos(t, s.env, "trace", fixtures.RunC)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "no record of this run") {
		t.Fatalf("unknown run: exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, bad := range []string{"nope", strings.ToLower(fixtures.RunA) + "x", ""} {
		if r := dos(t, s.env, "trace", bad); r.code != 2 {
			t.Fatalf("%q: exit %d", bad, r.code)
		}
	}
	if r := dos(t, s.env, "trace"); r.code != 2 {
		t.Fatalf("no argument: exit %d", r.code)
	}
}

func TestTrace_OutsideAGitRepositoryShowsClaimsUnchecked(t *testing.T) {
	s := newGitStory(t)
	s.env["DOS_WORKSPACE"] = t.TempDir()
	r := dos(t, s.env, "trace", fixtures.RunA)
	if r.code != 0 || strings.Contains(r.stdout, "VERIFIED") || !strings.Contains(r.stdout, "UNCHECKED") {
		t.Fatalf("exit %d:\n%s", r.code, r.stdout)
	}
}

func TestResume_GitBackedVerdictsAndExitCodes(t *testing.T) {
	s := newGitStory(t)
	r := dos(t, s.env, "resume", "--run-id", fixtures.RunA)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "views/resume-resumable.txt", r.stdout)
	c := dos(t, s.env, "complete", "--run-id", fixtures.RunA)
	if c.code != 3 {
		t.Fatalf("complete: exit %d", c.code)
	}
	golden(t, "views/complete-incomplete.txt", c.stdout)
	for _, verb := range []string{"resume", "complete"} {
		checkJSON(t, schemas.Resume, dos(t, s.env, verb, "--run-id", fixtures.RunA, "--json"))
	}
	// DOS_RUN_ID stands in for --run-id.
	s.env["DOS_RUN_ID"] = fixtures.RunA
	if r := dos(t, s.env, "resume"); r.code != 0 || !strings.HasPrefix(r.stdout, "RESUMABLE") {
		t.Fatalf("from $DOS_RUN_ID: exit %d %s", r.code, r.stdout)
	}
	// AUTH1's commit reset away from HEAD: the run diverged.
	s.repo.Git("reset", "-q", "--hard", "HEAD~2")
	r = dos(t, s.env, "resume")
	if r.code != 4 {
		t.Fatalf("after the reset: exit %d\n%s", r.code, r.stdout)
	}
	golden(t, "views/resume-diverged.txt", r.stdout)
}

func TestResume_UsageErrorsExitTwo(t *testing.T) {
	s := newGitStory(t)
	for name, args := range map[string][]string{
		"no run":          {"resume"},
		"malformed run":   {"resume", "--run-id", "R1"},
		"complete no run": {"complete"},
	} {
		if r := dos(t, s.env, args...); r.code != 2 || r.stdout != "" {
			t.Errorf("%s: exit %d stdout %q", name, r.code, r.stdout)
		}
	}
	s.env["DOS_WORKSPACE"] = t.TempDir()
	if r := dos(t, s.env, "resume", "--run-id", fixtures.RunA); r.code != 2 || !strings.Contains(r.stderr, "not a git repository") {
		t.Fatalf("no repository: exit %d stderr %q", r.code, r.stderr)
	}
}

// TestTrace_CorruptLineIsReportedAndExitsOne: trace reads one run through
// the journal's run filter, and used to pass over a corrupt line of
// another record with exit 0 and no word; its help promises exit 1, as
// every other view does.
func TestTrace_CorruptLineIsReportedAndExitsOne(t *testing.T) {
	env := viewEnv(t, "views-damaged")
	r := dos(t, env, "trace", fixtures.RunA)
	if r.code != 1 || !strings.Contains(r.stdout, "1 bad line in the journal") || !strings.Contains(r.stdout, "(after seq 14)") ||
		!strings.Contains(r.stderr, "1 bad line in the journal") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	j := dos(t, env, "trace", fixtures.RunA, "--json")
	if j.code != 1 || !strings.Contains(j.stdout, `"corrupt": 1`) {
		t.Fatalf("--json: exit %d\n%s", j.code, j.stdout)
	}
}
