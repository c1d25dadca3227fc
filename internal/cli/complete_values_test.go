package cli

import (
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/fixtures"
)

// complete asks dos what the shell should offer, as the completion
// scripts do (cobra's hidden __complete command).
func complete(t *testing.T, env map[string]string, words ...string) []string {
	t.Helper()
	r := dos(t, env, append([]string{"__complete"}, words...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: exit %d %s", words, r.code, r.stderr)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.HasPrefix(l, ":") {
			out = append(out, l)
		}
	}
	return out
}

// TestCompletion_FlagValuesAndRunIDs is issue 16's eighth point: the closed
// sets and the journal's run ids complete in the shell.
func TestCompletion_FlagValuesAndRunIDs(t *testing.T) {
	env := viewEnv(t, "views")
	for words, want := range map[string]string{
		"observe --by ":                  "verdict",
		"observe --verdict NOT_":         "NOT_SHIPPED",
		"observe --syscall lease.a":      "lease.acquire",
		"halt --reason ":                 "false-claim",
		"run end --status ":              "aborted",
		"decisions --resolver ":          "HUMAN",
		"trace ":                         fixtures.RunA + "\tauth-refactor ended",
		"trace 01JD6Z3Y8T0000000000000E": fixtures.RunD,
		"resume --run-id ":               fixtures.RunB,
		"observe --run ":                 fixtures.RunA,
		"verify A A1 --run-id ":          fixtures.RunA,
		"run start --parent ":            fixtures.RunA,
	} {
		args := strings.Split(words, " ")
		got := complete(t, env, args...)
		if !contains(got, want) {
			t.Errorf("%q offers %q, want %q among them", words, got, want)
		}
	}
	if got := complete(t, env, "trace", fixtures.RunA, ""); len(got) != 0 {
		t.Errorf("a second run id offered: %v", got)
	}
}

func contains(xs []string, want string) bool {
	for _, x := range xs {
		if x == want || strings.HasPrefix(x, want+"\t") {
			return true
		}
	}
	return false
}
