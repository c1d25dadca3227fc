package cli

import (
	"strings"
	"testing"
	"time"
)

// TestTextOutput_OutsideStringsCannotDriveTheTerminal: a lease path and a
// commit subject carrying ESC sequences (clear screen, colour, an OSC 8
// link) reach lease live, top, trace, observe and journal cat as visible
// \x1b escapes, never as raw bytes; --json keeps them JSON-escaped. On
// main every one of these printed the raw sequence.
func TestTextOutput_OutsideStringsCannotDriveTheTerminal(t *testing.T) {
	w := newKWorld(t)
	evilPath := "api/\x1b[2J\x1b]8;;http://evil.example\x07x/"
	if r := dos(t, w.env, "lease", "acquire", "--lane", "api", "--paths", evilPath, "--pid", "11"); r.code != 0 {
		t.Fatalf("acquire: exit %d %s", r.code, r.stderr)
	}
	w.repo.CommitAt(time.Now().Add(time.Second), "AUTH1: \x1b[31mred\x1b[0m \u009b2J done", map[string]string{"a.go": "package a\n"})
	dos(t, w.env, "verify", "AUTH", "AUTH1")
	for _, args := range [][]string{
		{"lease", "live"},
		{"top", "--once"},
		{"trace", kRunA},
		{"observe", "--run", kRunA},
		{"journal", "cat"},
	} {
		r := dos(t, w.env, args...)
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\u009b") {
			t.Errorf("dos %s printed a raw control sequence:\n%q", strings.Join(args, " "), r.stdout)
		}
		if (args[0] == "lease" || args[0] == "top" || args[0] == "trace") && !strings.Contains(r.stdout, `\x1b[2J`) {
			t.Errorf("dos %s does not show the escaped path:\n%s", strings.Join(args, " "), r.stdout)
		}
		if (args[0] == "top" || args[0] == "trace") && !strings.Contains(r.stdout, `\x1b[31mred`) {
			t.Errorf("dos %s does not show the escaped commit subject:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
	j := dos(t, w.env, "lease", "live", "--json")
	if strings.Contains(j.stdout, "\x1b") || !strings.Contains(j.stdout, `\u001b[2J`) {
		t.Errorf("--json does not JSON-escape the path: %q", j.stdout)
	}
}
