package kernel

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/vocab"
)

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
	env := Env{Journal: w, JournalDir: jdir, Workspace: r.Dir, RunID: run, Host: "h", Source: vocab.SourceCLI}
	// Another run's records never count for this one.
	if _, err := RunStart(ctx, Env{Journal: w, Now: func() time.Time { return clock }}, RunStartRequest{}); err != nil {
		t.Fatal(err)
	}
	w.Append(ctx, journal.Record{Kind: journal.KindRun, Syscall: vocab.SysRunStart, RunID: run})
	for i := 0; i < 5; i++ { // heartbeats every 10 minutes, nothing lands
		clock = clock.Add(10 * time.Minute)
		w.Append(ctx, journal.Record{Kind: journal.KindLease, Syscall: vocab.SysLeaseHeartbeat, Verdict: vocab.VerdictRenewed, RunID: run})
	}
	// A watcher's liveness record about the run is not the run being heard.
	w.Append(ctx, journal.Record{Kind: journal.KindVerdict, Syscall: vocab.SysLiveness, Verdict: vocab.VerdictSpinning, RunID: run})

	judge := func(now time.Time, sha string) (Result, error) {
		e := env
		e.Now = func() time.Time { return now }
		return Liveness(ctx, e, LivenessRequest{StartSHA: sha, Policy: vocab.DefaultLiveness()})
	}
	res, err := judge(clock.Add(time.Minute), "")
	if err != nil || res.Verdict.Token != vocab.VerdictSpinning || res.Code != 3 {
		t.Fatalf("heartbeats only: %+v %v", res.Verdict, err)
	}
	var d vocab.LivenessDetail
	res.Record.Detail.Decode(&d)
	if d.Records != 6 || d.Heartbeats != 5 || d.CommitsSince != 0 || res.Record.RunID != run {
		t.Fatalf("detail %+v record %+v", d, res.Record)
	}
	if res, _ := judge(clock.Add(20*time.Minute), ""); res.Verdict.Token != vocab.VerdictStalled || res.Code != 4 {
		t.Fatalf("silence: %+v", res.Verdict)
	}
	r.CommitAt(clock.Add(2*time.Minute), "work", map[string]string{"b": "2"})
	res, err = judge(clock.Add(3*time.Minute), start)
	if err != nil || res.Verdict.Token != vocab.VerdictAdvancing || res.Code != 0 {
		t.Fatalf("after a commit: %+v %v", res.Verdict, err)
	}
	res.Record.Detail.Decode(&d)
	if d.StartSHA != start || d.CommitsSince != 1 {
		t.Fatalf("detail %+v", d)
	}
	if res, _ := judge(clock.Add(3*time.Minute), ""); res.Verdict.Token != vocab.VerdictAdvancing {
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
		p := vocab.DefaultLiveness()
		if name == "bad policy (stall0)" {
			p.StallAfter = 0
		}
		_, err := Liveness(ctx, c.env, LivenessRequest{StartSHA: c.sha, Policy: p})
		var ue *vocab.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: err %v, want a usage error", name, err)
		}
	}
	if _, err := journal.Open(jdir); !errors.Is(err, journal.ErrNoJournal) {
		t.Fatalf("a refused liveness wrote a record: %v", err)
	}
}
