package git

import (
	"context"
	"strings"
)

// StagedFiles are the paths staged in the index (git diff --cached
// --name-only), repo-relative; on an unborn HEAD, every staged path.
func (r Repo) StagedFiles(ctx context.Context) ([]string, error) {
	if _, err := r.TopLevel(ctx); err != nil { // outside a repository diff would compare files
		return nil, err
	}
	out, err := r.run(ctx, "diff", "--cached", "--name-only", "-z", "--no-renames")
	if err != nil {
		return nil, err
	}
	return splitZ(out), nil
}

// ChangedFiles are the paths that differ between base and head (git diff
// --name-only base head), after resolving both to commits.
func (r Repo) ChangedFiles(ctx context.Context, base, head string) ([]string, error) {
	b, err := r.Resolve(ctx, base)
	if err != nil {
		return nil, err
	}
	h, err := r.Resolve(ctx, head)
	if err != nil {
		return nil, err
	}
	out, err := r.run(ctx, "diff", "--name-only", "-z", "--no-renames", b, h, "--")
	if err != nil {
		return nil, err
	}
	return splitZ(out), nil
}

// TopLevel is the work tree's top directory (git rev-parse --show-toplevel).
func (r Repo) TopLevel(ctx context.Context) (string, error) {
	out, err := r.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// IsIgnored reports whether path (relative to the work tree) is ignored
// by the repository's ignore rules (git check-ignore -q).
func (r Repo) IsIgnored(ctx context.Context, path string) (bool, error) {
	cmd := r.command(ctx, []string{"check-ignore", "-q", "--", path})
	err := cmd.Run()
	if err == nil {
		return true, nil
	}
	if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 1 {
		return false, nil
	}
	return false, r.classify(ctx, []string{"check-ignore"}, err, "")
}

func splitZ(out []byte) []string {
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files
}
