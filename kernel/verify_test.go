package kernel

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

// memJournal collects appended records in memory; fail makes appends fail.
type memJournal struct {
	recs []journal.Record
	fail error
}

func (m *memJournal) Append(_ context.Context, r journal.Record) (journal.Record, error) {
	if m.fail != nil {
		return journal.Record{}, m.fail
	}
	r.Seq = uint64(len(m.recs) + 1)
	m.recs = append(m.recs, r)
	return r, nil
}

func testEnv(dir string) (Env, *memJournal) {
	m := &memJournal{}
	return Env{Journal: m, Workspace: dir, JournalDir: filepath.Join(dir, ".dos", "journal"), Host: "h", PID: 7, Source: vocab.SourceCLI}, m
}

func TestVerify_GitEvidence(t *testing.T) {
	r := gittest.New(t)
	r.Commit("AUTH1: add login", map[string]string{"login.go": "x"})
	r.Commit("AUTH10: later", map[string]string{"ten.go": "x"})
	r.Commit("AUTH3: stamp only", nil)
	r.Commit("docs\n\nAUTH5: mentioned in the body", map[string]string{"doc.md": "x"})
	ctx := context.Background()
	cases := []struct {
		phase, ref, token, reason string
	}{
		{"AUTH1", "", vocab.VerdictShipped, vocab.ReasonShipped},
		{"auth1", "", vocab.VerdictShipped, vocab.ReasonShipped},
		{"AUTH10", "", vocab.VerdictShipped, vocab.ReasonShipped},
		{"AUTH2", "", vocab.VerdictNotShipped, vocab.ReasonNoStamp},
		{"AUTH3", "", vocab.VerdictNotShipped, vocab.ReasonEmptyCommit},
		{"AUTH5", "", vocab.VerdictNotShipped, vocab.ReasonNoStamp},
		{"AUTH10", "HEAD~3", vocab.VerdictNotShipped, vocab.ReasonNoStamp},
		{"AUTH1", "HEAD~3", vocab.VerdictShipped, vocab.ReasonShipped},
	}
	for _, c := range cases {
		env, m := testEnv(r.Dir)
		res, err := Verify(ctx, env, VerifyRequest{Plan: "AUTH", Phase: c.phase, Ref: c.ref})
		if err != nil {
			t.Fatalf("%s@%s: %v", c.phase, c.ref, err)
		}
		if res.Verdict.Token != c.token || res.Verdict.Reason != c.reason {
			t.Errorf("%s@%q → %s/%s (%s), want %s/%s", c.phase, c.ref, res.Verdict.Token, res.Verdict.Reason, res.Line, c.token, c.reason)
		}
		if len(m.recs) != 1 || m.recs[0].Subject != c.phase || m.recs[0].Syscall != vocab.SysVerify {
			t.Errorf("%s: records %+v", c.phase, m.recs)
		}
	}
}

func TestVerify_NoEvidenceIsAnErrorNeverNotShipped(t *testing.T) {
	ctx := context.Background()
	r := gittest.New(t)
	r.Commit("AUTH1: x", map[string]string{"a": "1"})
	cases := map[string]struct {
		dir, ref string
		want     string
	}{
		"missing workspace": {filepath.Join(t.TempDir(), "gone"), "", "does not exist"},
		"not a repository":  {t.TempDir(), "", "is not a git repository"},
		"unknown ref":       {r.Dir, "no-such-branch", "does not name a commit"},
	}
	for name, c := range cases {
		env, m := testEnv(c.dir)
		_, err := Verify(ctx, env, VerifyRequest{Plan: "AUTH", Phase: "AUTH1", Ref: c.ref})
		var ue *vocab.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want a usage error containing %q", name, err, c.want)
		}
		if len(m.recs) != 0 {
			t.Errorf("%s: appended %d records", name, len(m.recs))
		}
	}
	env, _ := testEnv(r.Dir)
	for _, bad := range []VerifyRequest{{Plan: "AUTH", Phase: "AUTH1:"}, {Plan: "1AUTH", Phase: "AUTH1"}, {Plan: "AUTH", Phase: ""}} {
		if _, err := Verify(ctx, env, bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestVerify_UnbornHeadHasShippedNothing(t *testing.T) {
	r := gittest.New(t)
	env, m := testEnv(r.Dir)
	res, err := Verify(context.Background(), env, VerifyRequest{Plan: "AUTH", Phase: "AUTH1"})
	if err != nil || res.Verdict.Token != vocab.VerdictNotShipped || len(m.recs) != 1 {
		t.Fatalf("%+v %v", res.Verdict, err)
	}
}

func TestVerify_JournalFailureKeepsTheVerdict(t *testing.T) {
	r := gittest.New(t)
	r.Commit("AUTH1: x", map[string]string{"a": "1"})
	env, m := testEnv(r.Dir)
	m.fail = errors.New("disk full")
	res, err := Verify(context.Background(), env, VerifyRequest{Plan: "AUTH", Phase: "AUTH1"})
	if err != nil || res.Verdict.Token != vocab.VerdictShipped || res.Code != 0 || res.JournalErr == nil {
		t.Fatalf("%+v %v", res, err)
	}
}
