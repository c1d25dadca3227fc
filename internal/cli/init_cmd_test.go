package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dos-go/dos/internal/setup"
)

// usersClaudeSettings is a .claude/settings.json with the user's own
// hooks, written by hand in their own layout.
const usersClaudeSettings = `{
  "permissions": { "allow": ["Bash(go test:*)"], "deny": [] },
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh" } ] }
    ],
    "PostToolUse": [
      { "matcher": "Edit|Write", "hooks": [ { "type": "command", "command": "gofmt -l ." } ] }
    ]
  },
  "env": { "FOO": "1" }
}
`

// The test: `dos init --hooks claude-code` twice over a
// settings.json holding the user's own hooks keeps their entries byte for
// byte, and the second run changes nothing (spec §12 case 25).
func TestInitHooks_TwiceOverTheUsersSettings(t *testing.T) {
	w := newHookWorld(t)
	path := filepath.Join(w.ws, ".claude", "settings.json")
	writeFile(t, path, usersClaudeSettings)
	r := w.dos("", nil, "--workspace", w.ws, "init", "--hooks", "claude-code")
	if r.code != 0 || !strings.Contains(r.stdout, "wrote "+path+"  (3 DOS hook(s): PreToolUse, PostToolUse, Stop)") {
		t.Fatalf("first run: %d %q %q", r.code, r.stdout, r.stderr)
	}
	first, _ := os.ReadFile(path)
	for _, theirs := range []string{
		`{ "matcher": "Bash", "hooks": [ { "type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh" } ] }`,
		`{ "matcher": "Edit|Write", "hooks": [ { "type": "command", "command": "gofmt -l ." } ] }`,
		`  "permissions": { "allow": ["Bash(go test:*)"], "deny": [] },`, `  "env": { "FOO": "1" }`,
	} {
		if !bytes.Contains(first, []byte(theirs)) {
			t.Errorf("the user's entry is not byte for byte:\n%s\nin\n%s", theirs, first)
		}
	}
	if strings.Count(string(first), `dos hook`) != 3 {
		t.Fatalf("want 3 dos entries:\n%s", first)
	}
	r = w.dos("", nil, "--workspace", w.ws, "init", "--hooks", "claude-code")
	second, _ := os.ReadFile(path)
	if r.code != 0 || !bytes.Equal(first, second) || !strings.Contains(r.stdout, "exists "+path+"  (dos's hooks are already wired)") ||
		!strings.Contains(r.stdout, "left 3 existing DOS hook(s) untouched") {
		t.Fatalf("second run: %d %q\n%s", r.code, r.stdout, second)
	}
	if b, err := os.ReadFile(filepath.Join(w.ws, ".dos", ".gitignore")); err != nil || string(b) != setup.GitignoreBody {
		t.Fatalf(".dos/.gitignore %q %v", b, err)
	}
}

// An invalid settings file is exit 1 and left untouched; --dry-run writes
// nothing and prints the diff; an unknown host is a usage error.
func TestInitHooks_InvalidFileDryRunAndUsage(t *testing.T) {
	w := newHookWorld(t)
	path := filepath.Join(w.ws, ".claude", "settings.json")
	writeFile(t, path, "{ not json")
	r := w.dos("", nil, "--workspace", w.ws, "init", "--hooks", "claude-code")
	if b, _ := os.ReadFile(path); r.code != 1 || string(b) != "{ not json" || !strings.Contains(r.stderr, "not valid JSON") {
		t.Fatalf("invalid: %d %q %q", r.code, r.stderr, b)
	}
	r = w.dos("", nil, "--workspace", w.ws, "init", "--hooks", "gemini", "--dry-run")
	if _, err := os.Stat(filepath.Join(w.ws, ".gemini")); r.code != 0 || !os.IsNotExist(err) || !strings.Contains(r.stdout, `+ {`) || !strings.Contains(r.stdout, "would "+filepath.Join(w.ws, ".gemini", "settings.json")+"  (3 DOS hook(s)") {
		t.Fatalf("dry-run: %d %q %v", r.code, r.stdout, err)
	}
	for _, args := range [][]string{{"init", "--hooks", "trae"}, {"init", "--hooks", "claude-code", "extra", "args"}} {
		if r := w.dos("", nil, append([]string{"--workspace", w.ws}, args...)...); r.code != 2 {
			t.Errorf("%v: %d %q", args, r.code, r.stderr)
		}
	}
	w = newHookWorld(t)
	if r := w.dos("", nil, "--workspace", w.ws, "init", "--hooks", "auto"); r.code != 1 || !strings.Contains(r.stderr, "no agent host detected") {
		t.Errorf("auto with nothing: %d %q", r.code, r.stderr)
	}
	os.MkdirAll(filepath.Join(w.ws, ".cursor"), 0o755)
	if r := w.dos("", nil, "--workspace", w.ws, "init", "--hooks", "auto"); r.code != 0 || !strings.Contains(r.stdout, "detected cursor") {
		t.Errorf("auto with .cursor: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
