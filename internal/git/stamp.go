package git

import (
	"context"
	"strings"
)

// StampedBy returns the commits reachable from sha whose subject match
// accepts, newest first, with FilesChanged filled. git prefilters with
// --fixed-strings --regexp-ignore-case on needles (a commit is read when
// its message holds any of them: every stamping subject holds one), and
// match then judges the subject line itself. With untilShipped the walk
// stops at the first matching commit that changed a file outside r.Own.
// One git process.
func (r Repo) StampedBy(ctx context.Context, sha string, needles []string, match func(subject string) bool, untilShipped bool) ([]Commit, error) {
	args := []string{"log", logFmt, "--numstat", "--shortstat", "--no-renames", "--no-ext-diff", "--no-textconv",
		"--no-color", "--diff-merges=first-parent", "--fixed-strings", "--regexp-ignore-case"}
	for _, n := range needles {
		if n = strings.TrimSpace(n); n != "" && !strings.ContainsAny(n, "\n\x00") {
			args = append(args, "--grep="+n)
		}
	}
	args = append(args, "--end-of-options", sha, "--")
	return r.walkStamped(ctx, args, match, untilShipped)
}

// HasCommit reports whether sha names a commit object in the repository
// (git cat-file -e SHA^{commit}); a made-up sha does not.
func (r Repo) HasCommit(ctx context.Context, sha string) bool {
	if sha == "" || strings.HasPrefix(sha, "-") {
		return false
	}
	_, err := r.run(ctx, "cat-file", "-e", sha+"^{commit}")
	return err == nil
}

// Touch is one commit and which of the asked paths it changed.
type Touch struct {
	SHA   string
	Paths []string
}

// CommitsTouching returns the non-merge commits reachable from ref that
// changed any of paths, newest first, each with the paths it changed.
func (r Repo) CommitsTouching(ctx context.Context, ref string, paths []string) ([]Touch, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	args := append([]string{"log", "--no-merges", "--format=" + recSep + "%H", "--name-only", "--no-renames", "--no-color", "--end-of-options", ref, "--"}, paths...)
	out, err := r.run(ctx, args...)
	if err != nil {
		return nil, err
	}
	var ts []Touch
	for _, rec := range strings.Split(string(out), recSep) {
		lines := strings.Split(strings.TrimSpace(rec), "\n")
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		t := Touch{SHA: lines[0]}
		for _, p := range lines[1:] {
			if p = unquote(strings.TrimSpace(p)); p != "" {
				t.Paths = append(t.Paths, p)
			}
		}
		ts = append(ts, t)
	}
	return ts, nil
}
