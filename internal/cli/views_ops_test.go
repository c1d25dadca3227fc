package cli

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/fixtures"
	"github.com/dos-go/dos/schemas"
)

func TestDecisions_Golden(t *testing.T) {
	cases := []struct {
		name, journal string
		args          []string
		code          int
	}{
		{"decisions.txt", "views", nil, 0},
		{"decisions-human.txt", "views", []string{"--resolver", "human"}, 0},
		{"decisions-oracle-only.txt", "views", []string{"--resolver", "ORACLE"}, 0},
		{"decisions-window-passed.txt", "views", []string{"--now", "2026-11-28T09:00:00Z"}, 0},
		{"decisions-all.txt", "views", []string{"--now", "2026-11-28T09:00:00Z", "--all"}, 0},
		{"decisions-damaged.txt", "views-damaged", nil, 1},
		{"decisions-segmented.txt", "views-segmented", nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := viewEnv(t, c.journal)
			args := append([]string{"decisions", "--now", fixtureNow}, c.args...)
			r := dos(t, env, args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, c.code, r.stderr)
			}
			golden(t, "views/"+c.name, r.stdout)
			checkJSON(t, schemas.Decisions, dos(t, env, append(args, "--json")...))
		})
	}
}

func TestViews_BadFlagsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"helped", "--run", "nope"},
		{"helped", "--since", "soon"},
		{"decisions", "--resolver", "robot"},
		{"decisions", "--window", "0"},
		{"decisions", "--window", "a week"},
		{"decisions", "--now", "today"},
	} {
		r := dos(t, viewEnv(t, "views"), args...)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestTop_OnceGolden(t *testing.T) {
	cases := []struct {
		name, journal, now string
		code               int
	}{
		{"top-once.txt", "views", "2026-11-20T09:10:00Z", 0},
		{"top-once-later.txt", "views", "2026-11-20T10:00:00Z", 0},
		{"top-damaged.txt", "views-damaged", "2026-11-20T09:10:00Z", 1},
		{"top-empty.txt", "none", "2026-11-20T09:10:00Z", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"DOS_JOURNAL": t.TempDir(), "NO_COLOR": "1"} // an empty journal
			if c.journal != "none" {
				env = viewEnv(t, c.journal)
			}
			env["DOS_WORKSPACE"] = "/nonexistent-workspace" // no git: no commits, a note, chips from the journal
			r := dos(t, env, "top", "--once", "--now", c.now)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d: %s", r.code, c.code, r.stderr)
			}
			golden(t, "views/"+c.name, r.stdout)
			checkJSON(t, schemas.Top, dos(t, env, "top", "--json", "--now", c.now))
		})
	}
}

func TestTop_NotATerminalPrintsOneFrame(t *testing.T) {
	env := viewEnv(t, "views")
	once := dos(t, env, "top", "--once", "--now", fixtureNow)
	plain := dos(t, env, "top", "--now", fixtureNow)
	if plain.code != 0 || plain.stdout != once.stdout {
		t.Fatalf("exit %d:\n%s", plain.code, plain.stdout)
	}
	for _, args := range [][]string{{"top", "--interval", "1ms"}, {"top", "--spin-after", "0s"}} {
		if r := dos(t, env, args...); r.code != 2 {
			t.Errorf("%v: exit %d", args, r.code)
		}
	}
}

// TestViews_NeverWriteTheJournal runs every view over a fixture journal and
// checks not one byte of it changed and no file (not even a lock) appeared.
func TestViews_NeverWriteTheJournal(t *testing.T) {
	env := viewEnv(t, "views-damaged")
	before := snapshot(t, env["DOS_JOURNAL"])
	for _, args := range [][]string{
		{"observe"}, {"observe", "--tail", "3"}, {"observe", "--run", fixtures.RunA}, {"helped", "--explain"},
		{"trace", fixtures.RunA}, {"resume", "--run-id", fixtures.RunA}, {"complete", "--run-id", fixtures.RunA},
		{"decisions", "--all"}, {"top", "--once"}, {"top", "--json"},
	} {
		dos(t, env, args...)
		dos(t, env, append(args, "--json")...)
	}
	if after := snapshot(t, env["DOS_JOURNAL"]); after != before {
		t.Fatalf("the journal changed:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot names every file under dir with a hash of its bytes.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "%s:%x ", strings.TrimPrefix(p, dir), sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
