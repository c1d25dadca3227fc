// Package config resolves where dos works: the workspace (the git repository
// it judges) and the journal directory, from flags, the environment and the
// current directory, in that order of precedence.
package config

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Env reads an environment variable; os.Getenv in production, a map in tests.
type Env func(string) string

// Paths is where a command works.
type Paths struct {
	Workspace string // absolute
	Journal   string // absolute
}

// Resolve applies --workspace › $DOS_WORKSPACE › cwd, and --journal ›
// $DOS_JOURNAL › <workspace>/.dos/journal. Relative paths are taken from cwd.
func Resolve(workspaceFlag, journalFlag string, env Env, cwd string) Paths {
	return ResolveAt(workspaceFlag, journalFlag, env, cwd, func() string { return cwd })
}

// ResolveAt is Resolve whose default workspace is top(): the edge passes
// the top level of the git work tree holding cwd (cwd outside one), so a
// verb run from repo/api uses repo/.dos/journal. top is called only when
// neither --workspace nor $DOS_WORKSPACE names the workspace.
func ResolveAt(workspaceFlag, journalFlag string, env Env, cwd string, top func() string) Paths {
	ws := first(workspaceFlag, env("DOS_WORKSPACE"))
	if ws == "" {
		ws = top()
	}
	ws = abs(ws, cwd)
	j := first(journalFlag, env("DOS_JOURNAL"))
	if j == "" {
		j = filepath.Join(ws, ".dos", "journal")
	}
	return Paths{Workspace: ws, Journal: abs(j, cwd)}
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func abs(p, cwd string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cwd, p)
}

// ParseDuration accepts Go durations plus whole days ("7d", "1d12h").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'd'); i > 0 {
		days, err := strconv.Atoi(s[:i])
		if err != nil || days < 0 {
			return 0, fmt.Errorf("invalid duration %q: use forms like 90m, 36h or 7d", s)
		}
		rest := time.Duration(0)
		if tail := s[i+1:]; tail != "" {
			if rest, err = time.ParseDuration(tail); err != nil {
				return 0, fmt.Errorf("invalid duration %q: use forms like 90m, 36h or 7d", s)
			}
		}
		return time.Duration(days)*24*time.Hour + rest, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: use forms like 90m, 36h or 7d", s)
	}
	return d, nil
}

// Truthy reports whether an environment value means "on" (1, true, yes, on).
func Truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
