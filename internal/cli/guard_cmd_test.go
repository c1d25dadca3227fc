package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dos-go/dos/hooks"
)

// dos guard hands the process to the host with dos's MCP config and hook
// settings appended after the host's own arguments; the host's exit code
// passes through (spec §8: exit 7 comes back as 7).
func TestGuard_AppendsDosAndPassesTheExitCodeThrough(t *testing.T) {
	w := newHookWorld(t)
	r := w.dos("", nil, "guard", "--verify-on-stop", "--", "sh", "-c", `for a in "$@"; do echo "[$a]"; done; exit 7`, "host", "own-arg")
	if r.code != 7 {
		t.Fatalf("exit %d, want the host's 7: %q", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 5 || lines[0] != "[own-arg]" || lines[1] != "[--mcp-config]" || lines[3] != "[--settings]" {
		t.Fatalf("argv seen by the host: %q", lines)
	}
	var settings struct {
		Hooks map[string][]struct {
			Hooks []struct{ Command string } `json:"hooks"`
		} `json:"hooks"`
	}
	if err := json.Unmarshal([]byte(strings.Trim(lines[4], "[]")), &settings); err != nil || len(settings.Hooks) != 3 ||
		settings.Hooks["Stop"][0].Hooks[0].Command != `dos hook stop --workspace "$CLAUDE_PROJECT_DIR"` {
		t.Fatalf("settings %q: %v %+v", lines[4], err, settings)
	}
}

func TestGuard_PrintConfigAndUsage(t *testing.T) {
	w := newHookWorld(t)
	r := w.dos("", nil, "--json", "guard", "--no-mcp", "--claim-prompt", "--print-config", "--", "claude", "-p", "hi")
	var p hooks.GuardPlan
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || r.code != 0 {
		t.Fatalf("%d %q %v", r.code, r.stdout, err)
	}
	if p.MCPConfig != "" || strings.Join(p.HostCommand, " ") != "claude -p hi" || p.Argv[len(p.Argv)-2] != "--append-system-prompt" || len(p.Notes) != 0 {
		t.Fatalf("%+v", p)
	}
	if r := w.dos("", nil, "guard"); r.code != 2 || !strings.Contains(r.stderr, "after `--`") {
		t.Fatalf("no command: %d %q", r.code, r.stderr)
	}
	if r := w.dos("", nil, "guard", "--", "dos-no-such-host"); r.code != 127 || !strings.Contains(r.stderr, "not found on PATH") {
		t.Fatalf("missing host: %d %q", r.code, r.stderr)
	}
}
