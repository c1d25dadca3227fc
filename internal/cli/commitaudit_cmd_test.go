package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

// TestCommitAudit_RealGit audits an empty, a docs-only and a code commit in
// a real repository: golden text and JSON, exit codes, one record each.
func TestCommitAudit_RealGit(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("fix: resolve the race", map[string]string{"README.md": "notes\n"})
	w.repo.Git("commit", "-q", "--allow-empty", "-m", "add retries to the uploader")
	w.repo.Commit("fix: handle a nil lease", map[string]string{"lease/fold.go": "package lease\n", "lease/fold_test.go": "package lease\n"})
	w.repo.Commit("wip", map[string]string{"x.go": "package x\n"})

	cases := []struct {
		golden  string
		args    []string
		code    int
		verdict string
		warns   bool
	}{
		{"commit-audit-code", []string{"commit-audit", "HEAD~1"}, 0, vocab.VerdictWitnessed, false},
		{"commit-audit-empty", []string{"commit-audit", "HEAD~2"}, 1, vocab.VerdictUnwitnessed, true},
		{"commit-audit-docs-only", []string{"commit-audit", "HEAD~3"}, 1, vocab.VerdictUnwitnessed, true},
		{"commit-audit-docs-ok", []string{"commit-audit", "HEAD~3", "--docs-ok"}, 0, vocab.VerdictWitnessed, false},
		{"commit-audit-no-claims", []string{"commit-audit"}, 0, vocab.VerdictNoClaims, false},
		{"commit-audit-sweep", []string{"commit-audit", "HEAD~3..HEAD", "--sweep"}, 1, vocab.VerdictUnwitnessed, true},
		{"commit-audit-warn-only", []string{"commit-audit", "HEAD~3..HEAD", "--warn-only"}, 0, vocab.VerdictUnwitnessed, false},
		{"commit-audit-past-root", []string{"commit-audit", "HEAD~9..HEAD"}, 0, vocab.VerdictEmpty, false},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			res, rec := w.one(t, c.args...)
			if res.code != c.code || rec.Syscall != vocab.SysCommitAudit || rec.Verdict != c.verdict {
				t.Fatalf("exit %d record %s %s\n%s%s", res.code, rec.Syscall, rec.Verdict, res.stdout, res.stderr)
			}
			if warned := strings.Contains(res.stderr, "make a claim their diff does not witness"); warned != c.warns {
				t.Fatalf("stderr %q", res.stderr)
			}
			if strings.Contains(string(rec.Detail), "resolve the race") {
				t.Fatal("a commit subject reached the record")
			}
			golden(t, "truth/"+c.golden+".txt", res.stdout)
			jres, _ := w.one(t, append(c.args, "--json")...)
			var doc struct {
				Verdict string              `json:"verdict"`
				Commits []vocab.CommitAudit `json:"commits"`
			}
			if err := json.Unmarshal([]byte(jres.stdout), &doc); err != nil || doc.Verdict != c.verdict {
				t.Fatalf("--json %v: %s", err, jres.stdout)
			}
			golden(t, "truth/"+c.golden+".json", jres.stdout)
		})
	}
	res := dos(t, w.env, "commit-audit", "no-such-ref")
	if res.code != 2 || !strings.Contains(res.stderr, `cannot read "no-such-ref"`) {
		t.Fatalf("bad ref: exit %d %q", res.code, res.stderr)
	}
}
