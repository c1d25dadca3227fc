// Package gittest builds real git repositories for tests: fixed identity
// and dates (so shas are reproducible), no user or system config, no hooks,
// no signing. Big histories are written with one `git fast-import`.
package gittest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Epoch is the author and committer time of the first commit; each next
// commit is one minute later.
var Epoch = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

// Repo is a repository under a test's temp dir.
type Repo struct {
	t   testing.TB
	Dir string
	n   int
}

// Env is the environment every test git command runs with.
func Env() []string {
	return append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C",
		"GIT_AUTHOR_NAME=dos test", "GIT_AUTHOR_EMAIL=test@dos.invalid",
		"GIT_COMMITTER_NAME=dos test", "GIT_COMMITTER_EMAIL=test@dos.invalid")
}

// New makes an empty repository (branch main) in a fresh temp dir.
func New(t testing.TB) *Repo {
	t.Helper()
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	return r
}

// Git runs git in the repository and returns its trimmed stdout.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.gitAt(r.Epoch(), args...)
}

func (r *Repo) gitAt(at time.Time, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.Dir
	date := at.Format(time.RFC3339)
	cmd.Env = append(Env(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		r.t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, errb.String())
	}
	return strings.TrimSpace(out.String())
}

// Epoch is the time the next commit will carry.
func (r *Repo) Epoch() time.Time { return Epoch.Add(time.Duration(r.n) * time.Minute) }

// Commit writes files (path → content) and commits them with message at
// the next commit time; it returns the full sha.
func (r *Repo) Commit(message string, files map[string]string) string {
	r.t.Helper()
	return r.CommitAt(r.Epoch(), message, files)
}

// CommitAt is Commit at an explicit time.
func (r *Repo) CommitAt(at time.Time, message string, files map[string]string) string {
	r.t.Helper()
	for p, c := range files {
		full := filepath.Join(r.Dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			r.t.Fatal(err)
		}
		r.gitAt(at, "add", "--", p)
	}
	args := []string{"commit", "-q", "-m", message}
	if len(files) == 0 {
		args = append(args, "--allow-empty")
	}
	r.gitAt(at, args...)
	r.n++
	return r.gitAt(at, "rev-parse", "HEAD")
}

// FastImport writes n commits on branch main with one `git fast-import`:
// commit i (from 0) has subject subject(i) and changes file f<i%100>.
func FastImport(t testing.TB, dir string, n int, subject func(i int) string) {
	t.Helper()
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		msg := subject(i)
		data := fmt.Sprintf("line %d\n", i)
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\ncommitter dos test <test@dos.invalid> %d +0000\ndata %d\n%s\n",
			i+1, Epoch.Unix()+int64(i)*60, len(msg), msg)
		if i > 0 {
			fmt.Fprintf(&b, "from :%d\n", i)
		}
		fmt.Fprintf(&b, "M 644 inline f%d\ndata %d\n%s\n", i%100, len(data), data)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Env = Env()
	cmd.Stdin = &b
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v: %s", err, out)
	}
}
