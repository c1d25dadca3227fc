package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/vocab"
)

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerify_RegistryRungIsAncestryChecked: a done row of dos.state.yaml
// ships only when the commit it names exists, is reachable from the ref
// and changed files. A made-up sha, a commit on another branch and an
// empty commit all fall through to the next rung.
func TestVerify_RegistryRungIsAncestryChecked(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("init", map[string]string{"go.mod": "module x\n"})
	real := w.repo.Commit("register the job", map[string]string{"reg/job.go": "package reg\n"})
	w.repo.Git("checkout", "-q", "-b", "side")
	side := w.repo.Commit("side work", map[string]string{"side.go": "package side\n"})
	w.repo.Git("checkout", "-q", "main")
	w.repo.Git("commit", "-q", "--allow-empty", "-m", "nothing")
	empty := w.repo.Git("rev-parse", "HEAD")
	state := func(sha, status string) {
		writeFile(t, filepath.Join(w.repo.Dir, "dos.state.yaml"), "recently_completed:\n  - plan: REG\n    phase: \" reg1 \"\n    status: "+status+"\n    commit_sha: "+sha+"\n")
	}
	cases := []struct {
		name, sha, status string
		code              int
		line              string
		why               string
	}{
		{"a done row on a reachable commit", real, "Done", 0, "SHIPPED REG REG1 " + real[:7] + " (via registry)", "done row names"},
		{"a made-up sha", "0123456789abcdef0123456789abcdef01234567", "done", 1, "NOT_SHIPPED REG REG1 (via none)", "not a commit in this repository — refused (a made-up sha never ships)"},
		{"a commit on another branch", side, "done", 1, "NOT_SHIPPED REG REG1 (via none)", "not reachable from HEAD — refused"},
		{"an empty commit", empty, "done", 1, "NOT_SHIPPED REG REG1 (via none)", "changed no files — refused"},
		{"a failed row", real, "failed", 1, "NOT_SHIPPED REG REG1 (via none)", "no done row for REG REG1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			state(c.sha, c.status)
			res, rec := w.one(t, "verify", "REG", "REG1", "--explain")
			if res.code != c.code || !strings.HasPrefix(res.stdout, c.line+"\n") || !strings.Contains(res.stdout, c.why) {
				t.Fatalf("exit %d:\n%s", res.code, res.stdout)
			}
			var d vocab.VerifyRungsDetail
			rec.Detail.Decode(&d)
			if len(d.Rungs) != 3 || (c.code == 0) != (d.Via == vocab.ViaRegistry) {
				t.Fatalf("detail %+v", d)
			}
		})
	}
	state(real, "done")
	res, _ := w.one(t, "verify", "REG", "REG1", "--explain")
	golden(t, "truth/verify-registry-explain.txt", res.stdout)
	jres, _ := w.one(t, "verify", "REG", "REG1", "--output", "json", "--explain")
	var doc struct {
		Source, Interpretation, SHA string
		Rungs                       []vocab.RungTrace
	}
	if err := json.Unmarshal([]byte(jres.stdout), &doc); err != nil || doc.Source != "registry" || doc.SHA != real || !strings.HasPrefix(doc.Interpretation, "SHIPPED — confirmed by a run-registry row") || len(doc.Rungs) != 3 {
		t.Fatalf("--output json --explain: %v %s", err, jres.stdout)
	}
	writeFile(t, filepath.Join(w.repo.Dir, "dos.state.yaml"), "recently_completed: [unclosed\n")
	if res, _ := w.one(t, "verify", "REG", "REG1", "--explain"); res.code != 1 || !strings.Contains(res.stdout, "unreadable, counted as empty") {
		t.Fatalf("bad yaml: %d %s", res.code, res.stdout)
	}
}

// TestVerify_PrefixedStampAndNumericShorthand: "src/AUTH: AUTH6" ships
// AUTH6; verify AUTH 1 matches "AUTH1: …" but not "AUTH10: …".
func TestVerify_PrefixedStampAndNumericShorthand(t *testing.T) {
	w := newKWorld(t)
	sha := w.repo.Commit("src/AUTH: AUTH6 done", map[string]string{"src/auth.go": "package src\n"})
	w.repo.Commit("AUTH10: not one", map[string]string{"b.go": "package b\n"})
	res, rec := w.one(t, "verify", "AUTH", "AUTH6")
	if res.code != 0 || res.stdout != "SHIPPED AUTH AUTH6 "+sha[:7]+" (via grep-subject)\n" || rec.Verdict != vocab.VerdictShipped {
		t.Fatalf("prefixed stamp: %d %q", res.code, res.stdout)
	}
	if res, _ := w.one(t, "verify", "AUTH", "1"); res.code != 1 {
		t.Fatalf("AUTH10 shipped verify AUTH 1: %q", res.stdout)
	}
	w.repo.Commit("AUTH: 1 the first", map[string]string{"c.go": "package c\n"})
	if res, _ := w.one(t, "verify", "AUTH", "1"); res.code != 0 {
		t.Fatalf("AUTH: 1: %d %q", res.code, res.stdout)
	}
	if res, _ := w.one(t, "intent", "claim", "--plan", "AUTH", "AUTH6"); res.code != 0 {
		t.Fatalf("intent claim over the prefixed stamp: %d %q", res.code, res.stdout)
	}
	if res := dos(t, w.env, "verify", "AUTH", "$(x)"); res.code != 2 {
		t.Fatalf("a bad phase: %d", res.code)
	}
	if res := dos(t, w.env, "verify", "AUTH", "AUTH6", "--output", "yaml"); res.code != 2 || !strings.Contains(res.stderr, "unknown renderer") {
		t.Fatalf("--output yaml: %d %q", res.code, res.stderr)
	}
}

// TestVerify_GrepArtifactRung: a phase with no stamp ships when one
// non-merge commit touched two of the paths its plan section names, one of
// them not shared infra.
func TestVerify_GrepArtifactRung(t *testing.T) {
	w := newKWorld(t)
	writeFile(t, filepath.Join(w.repo.Dir, "docs", "auth-plan.md"), "---\nid: AUTH\n---\n## AUTH3 sessions\nTouches `api/session.go`, `api/store.go` and `go.mod`.\n## AUTH4 other\n`api/x.go`\n")
	w.repo.Commit("plan", map[string]string{"README.md": "x\n"})
	w.repo.Commit("only infra and one path", map[string]string{"go.mod": "module x\n", "api/x.go": "package api\n"})
	if res, _ := w.one(t, "verify", "AUTH", "AUTH3", "--explain"); res.code != 1 || !strings.Contains(res.stdout, "no single non-merge commit touched 2 of") {
		t.Fatalf("before: %d %s", res.code, res.stdout)
	}
	sha := w.repo.Commit("sessions and their store", map[string]string{"api/session.go": "package api\n", "api/store.go": "package api\n"})
	res, rec := w.one(t, "verify", "AUTH", "AUTH3", "--explain")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "SHIPPED AUTH AUTH3 "+sha[:7]+" (via grep-artifact)\n") || rec.Detail.Map()["via"] != "grep-artifact" {
		t.Fatalf("after: %d %s", res.code, res.stdout)
	}
	golden(t, "truth/verify-artifact-explain.txt", res.stdout)
}

// TestReconcile_VerifyIsTheOracle: with --plan --phase, git decides.
func TestReconcile_VerifyIsTheOracle(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("init", map[string]string{"go.mod": "module x\n"})
	if res, rec := w.one(t, "reconcile", "AUTH2", "--claimed-done", "--plan", "AUTH", "--phase", "AUTH2"); res.code != 3 || rec.Verdict != vocab.VerdictQuietIncomplete || rec.Detail.Map()["oracle"] != "verify" {
		t.Fatalf("unshipped: %d %s", res.code, rec.Detail)
	}
	if res, _ := w.one(t, "reconcile", "AUTH2", "--plan", "AUTH", "--phase", "AUTH2"); res.code != 4 {
		t.Fatalf("unclaimed, unshipped: %d", res.code)
	}
	sha := w.repo.Commit("AUTH2: refresh", map[string]string{"r.go": "package r\n"})
	res, rec := w.one(t, "reconcile", "AUTH2", "--claimed-done", "--plan", "AUTH", "--phase", "AUTH2")
	if res.code != 0 || rec.Verdict != vocab.VerdictVerified || rec.Detail.Map()["sha"] != sha {
		t.Fatalf("shipped: %d %s", res.code, rec.Detail)
	}
	w.repo.Dir = t.TempDir() // not a repository: no oracle, exit 2
	w.env["DOS_WORKSPACE"] = w.repo.Dir
	if res := dos(t, w.env, "reconcile", "AUTH2", "--plan", "AUTH", "--phase", "AUTH2"); res.code != 2 {
		t.Fatalf("no git: %d", res.code)
	}
}

// TestVerify_TheWorkspaceStampGrammar: dos.toml's [stamp] reaches verify.
func TestVerify_TheWorkspaceStampGrammar(t *testing.T) {
	w := newKWorld(t)
	w.repo.Commit("src/AUTH: AUTH6 done", map[string]string{"src/a.go": "package src\n"})
	if res, _ := w.one(t, "verify", "AUTH", "AUTH6"); res.code != 0 {
		t.Fatalf("generic grammar: %d %q", res.code, res.stdout)
	}
	writeFile(t, filepath.Join(w.repo.Dir, "dos.toml"), "[stamp]\nsubject_dirs = [\"svc\"]\n")
	if res, _ := w.one(t, "verify", "AUTH", "AUTH6"); res.code != 1 {
		t.Fatalf("subject_dirs = [svc] must require svc/: %d %q", res.code, res.stdout)
	}
	writeFile(t, filepath.Join(w.repo.Dir, "dos.toml"), "[stamp]\nsubject_dirs = 3\n")
	if res := dos(t, w.env, "verify", "AUTH", "AUTH6", "--strict-config"); res.code != 2 || !strings.Contains(res.stderr, "[stamp]") {
		t.Fatalf("a malformed [stamp] under --strict-config: %d %q", res.code, res.stderr)
	}
}
