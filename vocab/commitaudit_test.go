package vocab

import (
	"strings"
	"testing"
)

func TestClaimKind_FirstMatchWins(t *testing.T) {
	cases := map[string]string{
		"fix: resolve the race":          ClaimCode,
		"Add retries to the uploader":    ClaimCode,
		"feat(auth)!: implement refresh": ClaimCode, // feat is no code verb, but implement leads the rest
		"chore: fix lint":                ClaimNone, // a no-claim word anywhere
		"wip":                            ClaimNone,
		"address review feedback":        ClaimNone,
		"docs: explain the lease fold":   ClaimDoc,
		"typo in the guide":              ClaimDoc,
		"README.md: add install":         ClaimDoc, // the scope is a doc file
		"fix(docs): broken link":         ClaimDoc, // conventional scope
		"tests pass after the refactor":  ClaimTest,
		"test: cover the torn tail":      ClaimTest,
		"add tests for the fold":         ClaimTest, // a test noun among the first 3 after the lead
		"add test results to the report": ClaimCode, // … unless results follows
		"fix the install guide":          ClaimDoc,  // a doc noun in the first 8 words
		"update the table of contents":   ClaimDoc,
		"src/AUTH: AUTH6 done":           ClaimNone,
		"Initial commit":                 ClaimNone,
	}
	for s, want := range cases {
		if got := ClaimKind(s); got != want {
			t.Errorf("ClaimKind(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestFileClass(t *testing.T) {
	cases := map[string]string{
		"api/auth.go": FileSource, "Makefile": FileSource, "bin/run": FileSource, ".bashrc": FileSource, "Dockerfile.dev": FileSource,
		"skill.md": FileSource, ".github/workflows/ci.yml": FileCI, ".gitlab-ci.yml": FileCI, "README.md": FileDoc, "docs/x.txt": FileDoc,
		"logo.png": FileDoc, "requirements-dev.txt": FileData, "go.sum": FileData, "config/app.yaml": FileData, "data.json": FileData,
	}
	for p, want := range cases {
		if got := FileClass(p); got != want {
			t.Errorf("FileClass(%q) = %s, want %s", p, got, want)
		}
	}
	for p, want := range map[string]bool{"tests/x.py": true, "a/test/b.go": true, "test_x.py": true, "x_test.go": true, "x.test.ts": true, "x.spec.js": true, "__tests__/a.js": true, "latest.go": false, "contest/a.go": false} {
		if IsTestPath(p) != want {
			t.Errorf("IsTestPath(%q) != %v", p, want)
		}
	}
}

func TestAuditOne_Rules(t *testing.T) {
	f := func(p string, a, d int) CommitFile { return CommitFile{Path: p, Added: a, Deleted: d} }
	cases := []struct {
		name, subject string
		files         []CommitFile
		docsOK        bool
		verdict       string
		witness       string
		reason        string
	}{
		{"code on source", "fix: resolve the race", []CommitFile{f("a.go", 3, 1)}, false, AuditOK, "diff-witnessed", "1 source file"},
		{"code on docs only", "fix: resolve the race", []CommitFile{f("README.md", 1, 0)}, false, AuditUnwitnessed, "subject-only", "(only: README.md)"},
		{"code on docs only, docs-ok", "fix: resolve the race", []CommitFile{f("README.md", 1, 0)}, true, AuditOK, "docs-ok", ""},
		{"code on an empty commit", "fix: resolve the race", nil, true, AuditUnwitnessed, "subject-only", "EMPTY"},
		{"code on data", "add the schema", []CommitFile{f("schema.json", 9, 0)}, false, AuditOK, "data-witnessed", ""},
		{"ci claim on a workflow", "ci: fix the cache key", []CommitFile{f(".github/workflows/ci.yml", 1, 1)}, false, AuditOK, "ci-witnessed", ""},
		{"code on a workflow without a ci type", "fix the cache key", []CommitFile{f(".github/workflows/ci.yml", 1, 1)}, false, AuditUnwitnessed, "subject-only", ""},
		{"only four files named", "fix: x", []CommitFile{f("a.md", 1, 0), f("b.md", 1, 0), f("c.md", 1, 0), f("d.md", 1, 0), f("e.md", 1, 0)}, false, AuditUnwitnessed, "subject-only", "(only: a.md, b.md, c.md, d.md, …)"},
		{"doc claim with a change", "docs: explain", []CommitFile{f("a.go", 1, 0)}, false, AuditOK, "diff-witnessed", ""},
		{"doc claim, empty", "docs: explain", nil, false, AuditUnwitnessed, "subject-only", "EMPTY"},
		{"test claim without tests", "test: cover the fold", []CommitFile{f("fold.go", 4, 0)}, false, AuditUnwitnessed, "subject-only", "no test file"},
		{"tests pass by deleting tests", "all tests pass now", []CommitFile{f("fold_test.go", 1, 40)}, false, AuditUnwitnessed, "subject-only", "net-DELETES test lines (+1/-40)"},
		{"tests pass after moving tests", "move tests, all tests pass", []CommitFile{f("fold_test.go", 1, 40)}, false, AuditOK, "test-witnessed", ""},
		{"no claim", "wip", []CommitFile{f("a.go", 1, 0)}, false, AuditAbstain, "none", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := AuditOne(AuditCommit{SHA: "4d22f2a0000000000000000000000000000000ab", Subject: c.subject, Files: c.files}, c.docsOK)
			if a.Verdict != c.verdict || a.Witness != c.witness || !strings.Contains(a.Reason, c.reason) || a.SHA != "4d22f2a" {
				t.Fatalf("got %+v", a)
			}
		})
	}
}

func TestClassifyCommitAudit_Sweep(t *testing.T) {
	cs := []AuditCommit{
		{SHA: "a1", Subject: "fix: x", Files: []CommitFile{{Path: "README.md"}}},
		{SHA: "b2", Subject: "fix: y", Files: []CommitFile{{Path: "y.go"}}},
		{SHA: "c3", Subject: "wip"},
	}
	v, d, _ := ClassifyCommitAudit("HEAD~3..HEAD", cs, false)
	if v.Token != VerdictUnwitnessed || d.Checkable != 2 || d.Abstained != 1 || d.DriftRate != 0.5 || strings.Join(d.UnwitnessedSHAs, ",") != "a1" {
		t.Fatalf("%s %+v", v.Token, d)
	}
	if !strings.Contains(d.SweepText(), "DRIFT RATE (unwitnessed/checkable): 50.0%") {
		t.Fatal(d.SweepText())
	}
	for _, c := range []struct {
		cs   []AuditCommit
		want string
	}{{nil, VerdictEmpty}, {cs[2:], VerdictNoClaims}, {cs[1:], VerdictWitnessed}} {
		if v, _, _ := ClassifyCommitAudit("HEAD", c.cs, false); v.Token != c.want {
			t.Errorf("%d commits: %s, want %s", len(c.cs), v.Token, c.want)
		}
	}
}
