package git

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// TopLevel returns the top level of the work tree holding dir — what
// `git rev-parse --show-toplevel` prints — by walking up from dir to the
// first directory with a .git entry: a directory (an ordinary clone) or a
// gitfile starting "gitdir:" (a linked worktree or a submodule). It runs
// no git: hooks ask on every agent tool call, and a few lstat calls cost
// microseconds where a git process costs milliseconds (BenchmarkTopLevel).
// ok is false when no directory above dir is a work tree, or when
// GIT_DIR or GIT_WORK_TREE moves the repository somewhere a walk cannot
// see (getenv reads the environment; TopLevelGit answers then).
func TopLevel(dir string, getenv func(string) string) (top string, ok bool) {
	if getenv != nil && (getenv("GIT_DIR") != "" || getenv("GIT_WORK_TREE") != "") {
		return "", false
	}
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if isGitEntry(filepath.Join(d, ".git")) {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

func isGitEntry(p string) bool {
	fi, err := os.Lstat(p)
	switch {
	case err != nil:
		return false
	case fi.IsDir():
		return true
	case fi.Mode().IsRegular() && fi.Size() < 4096:
		b, err := os.ReadFile(p)
		return err == nil && bytes.HasPrefix(b, []byte("gitdir:"))
	}
	return false
}

// TopLevelGit asks git itself (`git rev-parse --show-toplevel`), for the
// cases TopLevel declines.
func TopLevelGit(ctx context.Context, dir string) (string, bool) {
	out, err := Repo{Dir: dir}.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}

// OwnDirs returns, relative to the work tree top and ending in "/", each
// of dirs that lies inside it: the directories whose files are dos's own
// state, never work (verify does not count a commit that changed only
// them). Symbolic links are resolved first, so a journal named through a
// link still matches the paths git prints.
func OwnDirs(top string, dirs ...string) []string {
	t := realPath(top)
	var out []string
	for _, d := range dirs {
		rel, err := filepath.Rel(t, realPath(d))
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, "../") {
			continue
		}
		p := filepath.ToSlash(rel) + "/"
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// realPath resolves symbolic links in p; for a path not created yet, in
// its deepest existing parent.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if parent := filepath.Dir(p); parent != p {
		return filepath.Join(realPath(parent), filepath.Base(p))
	}
	return p
}

// WorkTreeTop is TopLevel, asking git when the walk declines.
func WorkTreeTop(ctx context.Context, dir string, getenv func(string) string) (string, bool) {
	if top, ok := TopLevel(dir, getenv); ok {
		return top, true
	}
	return TopLevelGit(ctx, dir)
}

// DosDirs are OwnDirs for dos's layout: .dos/ at the work tree's top and
// in the workspace, and the journal directory when it lies inside.
func DosDirs(top, workspace, journal string) []string {
	return OwnDirs(top, filepath.Join(top, ".dos"), filepath.Join(workspace, ".dos"), journal)
}
