package cli

import (
	"io"
	"strings"
	"testing"
)

func testApp() *App {
	return New(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" }, Options{})
}

// TestCommands_EachNameIsItsCommand: the table's word builds the command
// of that name, and the whole tree holds every one of them once.
func TestCommands_EachNameIsItsCommand(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands() {
		if got := c.build(testApp()).Name(); got != c.name {
			t.Errorf("commands() names %q, but its command is %q", c.name, got)
		}
		if seen[c.name] {
			t.Errorf("%q listed twice", c.name)
		}
		seen[c.name] = true
	}
	for _, c := range newRoot(testApp(), "").Commands() {
		if !seen[c.Name()] && !strings.Contains("export notify mcp help completion", c.Name()) {
			t.Errorf("the tree has %q, which commands() does not list: a line running it would build the whole tree", c.Name())
		}
	}
}

// TestNewRoot_BuildsOnlyTheCommandTheLineRuns: `dos hook pretool` builds
// the hook command (and the pipes' three forwarders), not ninety others;
// an unknown word or none builds them all.
func TestNewRoot_BuildsOnlyTheCommandTheLineRuns(t *testing.T) {
	full := len(newRoot(testApp(), "").Commands())
	for args, want := range map[string]string{
		"hook pretool --dialect codex":         "hook",
		"--workspace /w --json verify AUTH A1": "verify",
		"--journal=/j observe":                 "observe",
		"--output json trace R":                "trace",
	} {
		word := commandWord(strings.Fields(args))
		root := newRoot(testApp(), word)
		if word != want || len(root.Commands()) > 4 {
			t.Errorf("%q: word %q, %d commands built", args, word, len(root.Commands()))
		}
	}
	for _, args := range []string{"", "--help", "help verify", "verfy AUTH", "-- verify"} {
		if n := len(newRoot(testApp(), commandWord(strings.Fields(args))).Commands()); n != full {
			t.Errorf("%q built %d of %d commands", args, n, full)
		}
	}
}
