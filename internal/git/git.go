// Package git is the kernel's git edge: the evidence verify, liveness and
// the projections (trace, resume) read from a repository, gathered by
// running the git binary. Each call is one git process (a rev-parse first
// where a ref must be resolved), so verifying a phase costs the same two
// processes on a ten-commit repository and a ten-thousand-commit one.
//
// Output is parsed with LC_ALL=C and with every option that user config
// could otherwise change (regex flavour, root diffs, signatures, colour)
// pinned on the command line.
package git

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/dos-go/dos/vocab"
)

// Errors a caller maps to "no evidence" (exit 2), never to a negative verdict.
var (
	ErrNoWorkspace     = errors.New("workspace does not exist")
	ErrNotRepository   = errors.New("not a git repository")
	ErrUnknownRevision = errors.New("unknown revision")
	ErrGitMissing      = errors.New("git is not installed (no git on PATH)")
)

// Repo is a git work tree (or bare repository) at Dir.
type Repo struct {
	Dir string
	// Bin is the git binary; "git" (looked up on PATH) when empty.
	Bin string
	// Own are top-level-relative directory prefixes ("…/", see OwnDirs)
	// whose files StampedCommits counts apart in Commit.DosFiles: dos's
	// own state, never work.
	Own []string
}

// Commit is one commit (the vocabulary's type, so pure classifiers take
// what this edge returns). Subject is text an author wrote: show it, never
// store it in a record.
type Commit = vocab.Commit

// Short abbreviates a full sha to 7 characters.
func Short(sha string) string { return vocab.ShortSHA(sha) }

// Open checks that dir exists; whether it is a repository is found out by
// the first command, which reports ErrNotRepository.
func Open(dir string) (Repo, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Repo{}, fmt.Errorf("%s: %w", dir, ErrNoWorkspace)
	}
	if err != nil {
		return Repo{}, fmt.Errorf("workspace %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return Repo{}, fmt.Errorf("%s is not a directory: %w", dir, ErrNoWorkspace)
	}
	return Repo{Dir: dir}, nil
}

func (r Repo) command(ctx context.Context, args []string) *exec.Cmd {
	bin := r.Bin
	if bin == "" {
		bin = "git"
	}
	full := append([]string{"-c", "log.showRoot=true", "-c", "log.showSignature=false", "-c", "core.quotePath=true", "--no-pager"}, args...)
	cmd := exec.CommandContext(ctx, bin, full...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	return cmd
}

// run executes git with args in the repository and returns stdout.
func (r Repo) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := r.command(ctx, args)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, r.classify(ctx, args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// stream executes git and hands each stdout line (without its newline) to
// fn; when fn returns true git is stopped and stream returns nil. git
// flushes log output per commit, so a search can end long before the walk.
func (r Repo) stream(ctx context.Context, args []string, fn func(line string) bool) error {
	cmd := r.command(ctx, args)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return r.classify(ctx, args, err, "")
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	stopped := false
	for sc.Scan() {
		if fn(sc.Text()) {
			stopped = true
			cmd.Process.Kill()
			break
		}
	}
	io.Copy(io.Discard, out)
	err = cmd.Wait()
	if stopped {
		return nil
	}
	if err != nil {
		return r.classify(ctx, args, err, stderr.String())
	}
	return sc.Err()
}

// classify maps a failed git command to one of the package's errors.
func (r Repo) classify(ctx context.Context, args []string, err error, stderr string) error {
	if errors.Is(err, exec.ErrNotFound) {
		return ErrGitMissing
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	msg := strings.TrimSpace(stderr)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "not a git repository"):
		return fmt.Errorf("%s: %w", r.Dir, ErrNotRepository)
	case strings.Contains(low, "unknown revision"), strings.Contains(low, "bad revision"),
		strings.Contains(low, "needed a single revision"), strings.Contains(low, "bad object"),
		strings.Contains(low, "not a valid object name"), strings.Contains(low, "not a valid commit name"),
		strings.Contains(low, "ambiguous argument"):
		return fmt.Errorf("%s: %w", msg, ErrUnknownRevision)
	}
	return fmt.Errorf("git %s: %s (%w)", args[0], msg, err)
}

// Resolve returns the full sha of the commit ref names.
func (r Repo) Resolve(ctx context.Context, ref string) (string, error) {
	out, err := r.run(ctx, "rev-parse", "--verify", "--end-of-options", ref+"^{commit}")
	if err != nil {
		if errors.Is(err, ErrUnknownRevision) {
			return "", fmt.Errorf("%q does not name a commit: %w", ref, ErrUnknownRevision)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Unborn reports whether the repository has no commit yet (HEAD points at
// a branch with no commits).
func (r Repo) Unborn(ctx context.Context) (bool, error) {
	if _, err := r.run(ctx, "rev-parse", "--git-dir"); err != nil {
		return false, err
	}
	_, err := r.run(ctx, "rev-parse", "--verify", "--quiet", "HEAD")
	return err != nil, nil
}

// IsAncestor reports whether commit a is reachable from commit b.
func (r Repo) IsAncestor(ctx context.Context, a, b string) (bool, error) {
	_, err := r.run(ctx, "merge-base", "--is-ancestor", "--end-of-options", a, b)
	if err == nil {
		return true, nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 {
		return false, nil
	}
	return false, err
}

const (
	recSep   = "\x1e"
	fieldSep = "\x1f"
	logFmt   = "--format=" + recSep + "%H" + fieldSep + "%ct" + fieldSep + "%s"
)

// StampedCommits returns the commits reachable from sha whose subject
// carries phase's stamp (see Stamps), newest first, with FilesChanged and
// DosFiles filled. One git process: git prefilters with a case-insensitive
// anchored --grep, lists each commit's files with --numstat (to count
// those under r.Own) and totals them with --shortstat; Stamps then checks
// the subject line itself, so a body line or a longer token never
// matches. With untilShipped the walk stops at the first stamped commit
// that changed a file outside r.Own (the newest shipping commit), so a
// recent stamp is found without reading the whole history.
func (r Repo) StampedCommits(ctx context.Context, phase, sha string, untilShipped bool) ([]Commit, error) {
	pat := "^[[:space:]]*" + strings.ReplaceAll(phase, ".", `\.`) + ":"
	args := []string{"log", logFmt, "--numstat", "--shortstat", "--no-renames", "--no-ext-diff", "--no-textconv",
		"--no-color", "--diff-merges=first-parent", "--basic-regexp", "--regexp-ignore-case",
		"--grep=" + pat, "--end-of-options", sha, "--"}
	return r.walkStamped(ctx, args, func(subject string) bool { return Stamps(subject, phase) }, untilShipped)
}

// walkStamped runs a `git log --numstat --shortstat` walk and keeps the
// commits whose subject match accepts, newest first, with FilesChanged and
// DosFiles filled; with untilShipped it stops at the first one that changed
// a file outside r.Own.
func (r Repo) walkStamped(ctx context.Context, args []string, match func(subject string) bool, untilShipped bool) ([]Commit, error) {
	var stamped []Commit
	cur := -1 // index in stamped of the commit whose stat may follow
	err := r.stream(ctx, args, func(line string) bool {
		if strings.HasPrefix(line, recSep) {
			cur = -1
			if c, ok := parseHeader(line[len(recSep):]); ok && match(c.Subject) {
				stamped = append(stamped, c)
				cur = len(stamped) - 1
			}
			return false
		}
		if cur < 0 {
			return false
		}
		if p, ok := numstatPath(line); ok {
			if r.owns(p) {
				stamped[cur].DosFiles++
			}
			return false
		}
		if n := filesChanged(line); n > 0 {
			stamped[cur].FilesChanged = n
			return untilShipped && n > stamped[cur].DosFiles
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	return stamped, nil
}

// Stamps reports whether subject stamps phase: after leading blanks it
// starts with the phase token, in any case, immediately followed by ':'.
// "AUTH1: …" stamps AUTH1; "AUTH10: …" and "AUTH1 …" do not.
func Stamps(subject, phase string) bool {
	s := strings.TrimLeft(subject, " \t")
	if phase == "" || len(s) <= len(phase) || s[len(phase)] != ':' {
		return false
	}
	return strings.EqualFold(s[:len(phase)], phase)
}

// CommitsBetween returns the commits reachable from to but not from from
// (from..to), newest first.
func (r Repo) CommitsBetween(ctx context.Context, from, to string) ([]Commit, error) {
	out, err := r.run(ctx, "log", logFmt, "--no-color", "--end-of-options", from+".."+to, "--")
	if err != nil {
		return nil, err
	}
	return parseLog(out, false), nil
}

// CommitsSince returns the commits reachable from to whose committer time
// is at or after t, newest first (every one, not just a contiguous run).
func (r Repo) CommitsSince(ctx context.Context, t time.Time, to string) ([]Commit, error) {
	out, err := r.run(ctx, "log", logFmt, "--no-color", "--since-as-filter="+strconv.FormatInt(t.Unix(), 10), "--end-of-options", to, "--")
	if err != nil {
		return nil, err
	}
	var cs []Commit
	for _, c := range parseLog(out, false) {
		if !c.CommitTime.Before(t.Truncate(time.Second)) {
			cs = append(cs, c)
		}
	}
	return cs, nil
}

// Show returns one commit (files changed filled).
func (r Repo) Show(ctx context.Context, sha string) (Commit, error) {
	out, err := r.run(ctx, "log", "-1", logFmt, "--shortstat", "--no-renames", "--no-ext-diff", "--no-textconv",
		"--no-color", "--diff-merges=first-parent", "--end-of-options", sha, "--")
	if err != nil {
		return Commit{}, err
	}
	cs := parseLog(out, true)
	if len(cs) != 1 {
		return Commit{}, fmt.Errorf("%q: %w", sha, ErrUnknownRevision)
	}
	return cs[0], nil
}

// parseLog reads records of logFmt, each optionally followed by a
// --shortstat line ("N files changed, …"; none for an empty commit).
func parseLog(out []byte, stat bool) []Commit {
	var cs []Commit
	for _, rec := range strings.Split(string(out), recSep) {
		head, rest, _ := strings.Cut(rec, "\n")
		c, ok := parseHeader(head)
		if !ok {
			continue
		}
		if stat {
			c.FilesChanged = filesChanged(rest)
		}
		cs = append(cs, c)
	}
	return cs
}

// parseHeader reads "SHA<US>CTIME<US>SUBJECT".
func parseHeader(head string) (Commit, bool) {
	f := strings.SplitN(head, fieldSep, 3)
	if len(f) != 3 || f[0] == "" {
		return Commit{}, false
	}
	secs, _ := strconv.ParseInt(f[1], 10, 64)
	return Commit{SHA: f[0], CommitTime: time.Unix(secs, 0).UTC(), Subject: f[2]}, true
}

// numstatPath reads a --numstat line ("ADDED<TAB>DELETED<TAB>PATH", "-"
// counts for a binary file); a path git quoted keeps its escapes but loses
// the opening quote, so a prefix test still holds.
func numstatPath(line string) (string, bool) {
	a, rest, ok := strings.Cut(line, "\t")
	if !ok {
		return "", false
	}
	d, p, ok := strings.Cut(rest, "\t")
	if !ok || !isCount(a) || !isCount(d) || p == "" {
		return "", false
	}
	return strings.TrimPrefix(p, `"`), true
}

func isCount(s string) bool {
	if s == "-" {
		return true
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

// owns reports whether path lies under one of r.Own.
func (r Repo) owns(path string) bool {
	for _, o := range r.Own {
		if strings.HasPrefix(path, o) {
			return true
		}
	}
	return false
}

// filesChanged reads a --shortstat line (" 2 files changed, …"); 0 for
// any other text.
func filesChanged(s string) int {
	for _, line := range strings.Split(s, "\n") {
		n, rest, ok := strings.Cut(strings.TrimSpace(line), " file")
		if !ok || !(strings.HasPrefix(rest, " changed") || strings.HasPrefix(rest, "s changed")) {
			continue
		}
		if v, err := strconv.Atoi(n); err == nil {
			return v
		}
	}
	return 0
}
