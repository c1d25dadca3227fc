package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dos-go/dos/internal/git/gittest"
	"github.com/dos-go/dos/journal"
	"github.com/dos-go/dos/kernel"
	"github.com/dos-go/dos/vocab"
)

func TestVerify_CLI(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("AUTH1: add the login endpoint", map[string]string{"login.go": "package auth\n"})
	w.repo.Commit("AUTH10: the tenth phase", map[string]string{"ten.go": "package auth\n"})
	w.repo.Commit("AUTH3: stamp without work", nil)
	cases := []struct {
		golden, phase string
		code          int
		verdict, line string
	}{
		{"verify-shipped", "AUTH1", 0, "SHIPPED", "SHIPPED AUTH AUTH1 "},
		{"verify-shipped-lowercase", "auth1", 0, "SHIPPED", "SHIPPED AUTH auth1 "},
		{"verify-not-shipped", "AUTH2", 1, "NOT_SHIPPED", "NOT_SHIPPED AUTH AUTH2 (via none)\n"},
		{"verify-empty-commit", "AUTH3", 1, "NOT_SHIPPED", "NOT_SHIPPED AUTH AUTH3 (via none): the only commit stamped AUTH3: changed no files"},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			res, rec := w.one(t, "verify", "AUTH", c.phase, "--lane", "api")
			if res.code != c.code || !strings.HasPrefix(res.stdout, c.line) || res.stderr != "" {
				t.Fatalf("exit %d stdout %q stderr %q", res.code, res.stdout, res.stderr)
			}
			if rec.Kind != journal.KindVerdict || rec.Syscall != "verify" || rec.Verdict != c.verdict || rec.RunID != kRunA ||
				rec.Subject != c.phase || rec.Lane != "api" || detailKeys(rec) != "empty_stamped,files_changed,head,phase,plan,reason,ref,rungs,sha,stamped,via" &&
				detailKeys(rec) != "empty_stamped,files_changed,head,phase,plan,reason,ref,rungs,stamped,via" {
				t.Fatalf("record %+v keys %s", rec, detailKeys(rec))
			}
			golden(t, "kernel/"+c.golden+".txt", res.stdout)
			jres, _ := w.one(t, "verify", "AUTH", c.phase, "--json")
			var doc kernel.VerifyJSON
			if err := json.Unmarshal([]byte(jres.stdout), &doc); err != nil || doc.Shipped != (c.code == 0) || doc.Phase != c.phase ||
				doc.Plan != "AUTH" || doc.Summary != strings.TrimSuffix(res.stdout, "\n") || doc.Source == "" {
				t.Fatalf("--json %v %+v", err, doc)
			}
			golden(t, "kernel/"+c.golden+".json", jres.stdout)
		})
	}
}

func TestVerify_NoEvidenceExits2NeverNotShipped(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("AUTH1: x", map[string]string{"a": "1"})
	cases := map[string][]string{
		"not a repository":  {"verify", "AUTH", "AUTH1", "--workspace", t.TempDir()},
		"missing workspace": {"verify", "AUTH", "AUTH1", "--workspace", filepath.Join(t.TempDir(), "gone")},
		"unknown ref":       {"verify", "AUTH", "AUTH1", "--ref", "nope"},
		"bad phase token":   {"verify", "AUTH", "AUTH1:"},
		"one argument":      {"verify", "AUTH"},
	}
	for name, args := range cases {
		r := dos(t, w.env, args...)
		if r.code != 2 || r.stdout != "" || strings.Contains(r.stderr, "NOT_SHIPPED") || r.stderr == "" {
			t.Errorf("%s: exit %d stdout %q stderr %q", name, r.code, r.stdout, r.stderr)
		}
	}
	if n := len(w.records(t)); n != 0 {
		t.Fatalf("appended %d records", n)
	}
}

func TestLiveness_CLI(t *testing.T) {
	w := newKWorld(t)
	start := w.repo.Commit("base", map[string]string{"a": "1"}) // 08:00
	w.repo.Commit("work", map[string]string{"b": "1"})          // 08:01
	at := func(d time.Duration) string { return gittest.Epoch.Add(d).Format(time.RFC3339) }
	cases := []struct {
		golden, now string
		code        int
		verdict     string
	}{
		{"liveness-advancing", at(10 * time.Minute), 0, "ADVANCING"},
		{"liveness-stalled", at(3 * time.Hour), 4, "STALLED"},
	}
	for _, c := range cases {
		res, rec := w.one(t, "liveness", "--start-sha", start, "--now", c.now)
		if res.code != c.code || rec.Verdict != c.verdict || rec.Syscall != "liveness" || rec.RunID != kRunA || rec.Kind != journal.KindVerdict {
			t.Fatalf("%s: exit %d %q record %+v", c.golden, res.code, res.stdout, rec)
		}
		golden(t, "kernel/"+c.golden+".txt", res.stdout)
	}
	jres, _ := w.one(t, "liveness", "--start-sha", start, "--now", at(10*time.Minute), "--json")
	golden(t, "kernel/liveness-advancing.json", jres.stdout)
	// The run is now heard from (its records above are observers' and do
	// not count); heartbeats without landings spin.
	for i := 0; i < 3; i++ {
		w.one(t, "lease", "heartbeat")
	}
	res, rec := w.one(t, "liveness", "--start-sha", "HEAD", "--spin-after", "1s", "--now", time.Now().Add(2*time.Second).UTC().Format(time.RFC3339Nano))
	var d vocab.LivenessDetail
	rec.Detail.Decode(&d)
	if res.code != 3 || rec.Verdict != "SPINNING" || d.Heartbeats != 3 || d.Records != 3 {
		t.Fatalf("heartbeats: exit %d %q detail %+v", res.code, res.stdout, d)
	}
}

func TestLiveness_CLIRefusals(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("base", map[string]string{"a": "1"})
	for name, args := range map[string][]string{
		"unknown start sha": {"liveness", "--start-sha", "0123456789abcdef0123456789abcdef01234567"},
		"no records no sha": {"liveness"},
		"bad duration":      {"liveness", "--start-sha", "HEAD", "--spin-after", "soon"},
		"bad now":           {"liveness", "--start-sha", "HEAD", "--now", "yesterday"},
		"malformed run":     {"liveness", "--start-sha", "HEAD", "--run-id", "R1"},
	} {
		r := dos(t, w.env, args...)
		if r.code != 2 || r.stdout != "" {
			t.Errorf("%s: exit %d stdout %q stderr %q", name, r.code, r.stdout, r.stderr)
		}
	}
	delete(w.env, "DOS_RUN_ID")
	if r := dos(t, w.env, "liveness", "--start-sha", "HEAD"); r.code != 2 || !strings.Contains(r.stderr, "needs a run") {
		t.Errorf("no run: exit %d stderr %q", r.code, r.stderr)
	}
	if n := len(w.records(t)); n != 0 {
		t.Fatalf("appended %d records", n)
	}
}
